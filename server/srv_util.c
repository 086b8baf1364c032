#include "srv_util.h"

#include "srv_platform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void srv__oom(void)
{
    fputs("inf-ls: out of memory\n", stderr);
    abort();
}

void *srv_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        srv__oom();
    return p;
}

void *srv_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        srv__oom();
    return p;
}

void *srv_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        srv__oom();
    return p;
}

char *srv_xstrdup(const char *s)
{
    return srv_xstrndup(s, strlen(s));
}

char *srv_xstrndup(const char *s, size_t len)
{
    char *p = srv_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *srv_xasprintf(const char *fmt, ...)
{
    srv_buf buf = {0};
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return srv_xstrdup("");
    buf.data = srv_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(buf.data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return buf.data;
}

static void srv__buf_reserve(srv_buf *buf, size_t extra)
{
    if (buf->len + extra + 1 <= buf->cap)
        return;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < buf->len + extra + 1)
        cap *= 2;
    buf->data = srv_xrealloc(buf->data, cap);
    buf->cap = cap;
}

void srv_buf_append(srv_buf *buf, const void *data, size_t len)
{
    srv__buf_reserve(buf, len);
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void srv_buf_append_str(srv_buf *buf, const char *s)
{
    srv_buf_append(buf, s, strlen(s));
}

void srv_buf_printf(srv_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    srv__buf_reserve(buf, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
}

void srv_buf_consume(srv_buf *buf, size_t n)
{
    if (n == 0)
        return;
    if (n >= buf->len) {
        buf->len = 0;
        if (buf->data)
            buf->data[0] = '\0';
        return;
    }
    memmove(buf->data, buf->data + n, buf->len - n);
    buf->len -= n;
    buf->data[buf->len] = '\0';
}

char *srv_buf_take(srv_buf *buf)
{
    char *data = buf->data ? buf->data : srv_xstrdup("");
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return data;
}

void srv_buf_free(srv_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

void srv_log(const char *fmt, ...)
{
    va_list ap;
    fputs("inf-ls: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

char *srv_file_read(const char *path, size_t *len)
{
    FILE *f = srv_platform_fopen(path, "rb");
    if (!f)
        return NULL;
    srv_buf buf = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        srv_buf_append(&buf, chunk, n);
    if (ferror(f)) {
        int err = errno ? errno : EIO;
        fclose(f);
        srv_buf_free(&buf);
        errno = err;
        return NULL;
    }
    fclose(f);
    *len = buf.len;
    return srv_buf_take(&buf);
}
