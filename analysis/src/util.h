/* Small helpers shared by the analysis library. Out-of-memory aborts, so no
 * caller ever checks an allocation. */
#ifndef INFA_UTIL_H
#define INFA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each aborts the process with a message on allocation failure. */
void *infa_xmalloc(size_t size);
void *infa_xcalloc(size_t count, size_t size);
void *infa_xrealloc(void *ptr, size_t size);
/* Caller must free the result with free(). */
char *infa_xstrdup(const char *s);
char *infa_xstrndup(const char *s, size_t len);
#include <stdarg.h>

/* printf into a new string; caller must free with free(). */
char *infa_xvasprintf(const char *fmt, va_list ap);
char *infa_xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ASCII case-insensitive comparison: INF names are case-insensitive and
 * locale must never change the answer. */
int infa_strncasecmp(const char *a, size_t alen, const char *b, size_t blen);
bool infa_streq_nocase(const char *a, size_t alen, const char *b);
uint32_t infa_hash_nocase(const char *s, size_t len);

/* A growable byte buffer. Zero-initialise, append, then take or free. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} infa_buf;

void infa_buf_append(infa_buf *buf, const char *s, size_t len);
/* Makes room for `extra` more bytes. */
void infa_buf_reserve(infa_buf *buf, size_t extra);
void infa_buf_append_str(infa_buf *buf, const char *s);
void infa_buf_printf(infa_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Returns the NUL-terminated contents; the caller owns them (free()) and the
 * buffer is left empty. Never returns NULL. */
char *infa_buf_take(infa_buf *buf);
void infa_buf_free(infa_buf *buf);

/* A growable array of fixed-size elements. */
#define INFA_VEC(T)                                                                                \
    struct {                                                                                       \
        T *items;                                                                                  \
        size_t len;                                                                                \
        size_t cap;                                                                                \
    }
#define INFA_VEC_PUSH(v, value)                                                                    \
    do {                                                                                           \
        if ((v)->len == (v)->cap) {                                                                \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                                                \
            (v)->items = infa_xrealloc((v)->items, (v)->cap * sizeof(*(v)->items));                \
        }                                                                                          \
        (v)->items[(v)->len++] = (value);                                                          \
    } while (0)
/* Makes room for n items in all, so that pushes up to n do not grow it. */
#define INFA_VEC_RESERVE(v, n)                                                                     \
    do {                                                                                           \
        if ((v)->cap < (n)) {                                                                      \
            (v)->cap = (n);                                                                        \
            (v)->items = infa_xrealloc((v)->items, (v)->cap * sizeof(*(v)->items));                \
        }                                                                                          \
    } while (0)
#define INFA_VEC_FREE(v)                                                                           \
    do {                                                                                           \
        free((v)->items);                                                                          \
        (v)->items = NULL;                                                                         \
        (v)->len = (v)->cap = 0;                                                                   \
    } while (0)

#endif
