#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void infa_util__oom(size_t size)
{
    fprintf(stderr, "inf-ls: out of memory allocating %zu bytes\n", size);
    abort();
}

void *infa_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        infa_util__oom(size);
    return p;
}

void *infa_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        infa_util__oom(count * size);
    return p;
}

void *infa_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        infa_util__oom(size);
    return p;
}

char *infa_xstrndup(const char *s, size_t len)
{
    char *p = infa_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *infa_xstrdup(const char *s)
{
    return infa_xstrndup(s, strlen(s));
}

char *infa_xvasprintf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    char *p = infa_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *infa_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = infa_xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

static int infa_util__lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int infa_strncasecmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        int ca = infa_util__lower((unsigned char)a[i]);
        int cb = infa_util__lower((unsigned char)b[i]);
        if (ca != cb)
            return ca - cb;
    }
    return (alen > blen) - (alen < blen);
}

bool infa_streq_nocase(const char *a, size_t alen, const char *b)
{
    return infa_strncasecmp(a, alen, b, strlen(b)) == 0;
}

uint32_t infa_hash_nocase(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (uint32_t)infa_util__lower((unsigned char)s[i]);
        h *= 16777619u;
    }
    return h;
}

void infa_buf_reserve(infa_buf *buf, size_t extra)
{
    if (buf->len + extra + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 64;
        while (cap < buf->len + extra + 1)
            cap *= 2;
        buf->data = infa_xrealloc(buf->data, cap);
        buf->cap = cap;
    }
}

void infa_buf_append(infa_buf *buf, const char *s, size_t len)
{
    infa_buf_reserve(buf, len);
    memcpy(buf->data + buf->len, s, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void infa_buf_append_str(infa_buf *buf, const char *s)
{
    infa_buf_append(buf, s, strlen(s));
}

void infa_buf_printf(infa_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = infa_xvasprintf(fmt, ap);
    va_end(ap);
    infa_buf_append_str(buf, p);
    free(p);
}

char *infa_buf_take(infa_buf *buf)
{
    char *p = buf->data ? buf->data : infa_xstrdup("");
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return p;
}

void infa_buf_free(infa_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
