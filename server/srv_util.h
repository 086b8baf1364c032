/* Small helpers for the server: allocation that aborts on failure, a growable
 * buffer and logging to stderr (stdout belongs to the protocol). */
#ifndef SRV_UTIL_H
#define SRV_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__MINGW32__)
/* mingw's C99 printf (__USE_MINGW_ANSI_STDIO), not msvcrt's. */
#define SRV_PRINTF(a, b) __attribute__((format(gnu_printf, a, b)))
#elif defined(__GNUC__)
#define SRV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SRV_PRINTF(a, b)
#endif

/* Each aborts the process with a message on allocation failure. */
void *srv_xmalloc(size_t size);
void *srv_xcalloc(size_t count, size_t size);
void *srv_xrealloc(void *ptr, size_t size);
/* Caller must free the result with free(). */
char *srv_xstrdup(const char *s);
char *srv_xstrndup(const char *s, size_t len);
/* Caller must free the result with free(). */
char *srv_xasprintf(const char *fmt, ...) SRV_PRINTF(1, 2);

/* A growable byte buffer; zero-initialise it. data is always NUL-terminated
 * once anything was appended. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} srv_buf;

void srv_buf_append(srv_buf *buf, const void *data, size_t len);
void srv_buf_append_str(srv_buf *buf, const char *s);
void srv_buf_printf(srv_buf *buf, const char *fmt, ...) SRV_PRINTF(2, 3);
/* Removes the first n bytes. */
void srv_buf_consume(srv_buf *buf, size_t n);
/* Returns the contents (never NULL); the caller must free() them and the
 * buffer is left empty. */
char *srv_buf_take(srv_buf *buf);
void srv_buf_free(srv_buf *buf);

/* Logging goes to stderr only. */
void srv_log(const char *fmt, ...) SRV_PRINTF(1, 2);

/* Reads a whole file; caller must free() the result. Returns NULL and sets
 * errno on failure. */
char *srv_file_read(const char *path, size_t *len);

#endif
