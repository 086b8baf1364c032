#include "srv_transport.h"

#include "srv_util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A larger Content-Length is refused before anything is buffered for it:
 * its header is skipped as malformed. 64 MiB holds any real INF many times
 * over (JSON-escaped), and bounds what one message can make us allocate. */
#define SRV_MAX_BODY (64u * 1024u * 1024u)
/* A header block longer than this without a blank line is garbage. */
#define SRV_MAX_HEADER (64u * 1024u)
#define SRV_READ_CHUNK 65536

typedef enum { SRV_IO_STREAM, SRV_IO_FILE } srv_io_kind;

/* One framed message: its header and its body, written together (uv_write
 * and uv_fs_write take both buffers) so that the body, which can be
 * megabytes, is never copied after its header. */
typedef struct srv_write {
    struct srv_write *next;
    srv_transport *t;
    char header[40]; /* "Content-Length: N\r\n\r\n" */
    size_t header_len;
    char *data; /* the body, owned */
    size_t len;
    size_t off; /* bytes of header and body already written (file output) */
    uv_write_t req;
} srv_write;

struct srv_transport {
    uv_loop_t *loop;
    srv_transport_callbacks cb;
    void *ctx;

    int in_fd;
    srv_io_kind in_kind;
    union {
        uv_pipe_t pipe;
        uv_tty_t tty;
        uv_tcp_t tcp;
    } in;
    bool in_open;
    uv_fs_t in_req;
    bool in_fs_busy;
    bool reading;
    bool eof_seen;
    char chunk[SRV_READ_CHUNK];

    int out_fd;
    srv_io_kind out_kind;
    union {
        uv_pipe_t pipe;
        uv_tty_t tty;
        uv_tcp_t tcp;
    } out;
    bool out_open;
    bool out_broken;
    uv_fs_t out_req;
    srv_write *file_queue_head;
    srv_write *file_queue_tail;
    bool out_fs_busy;
    size_t pending_writes;

    /* Framing state. */
    srv_buf inbuf;
    size_t rpos;
    long long body_len; /* < 0 while reading headers */

    bool closing;
    int open_handles;
    void (*close_done)(void *ctx);
};

/* ---- Framing ------------------------------------------------------------ */

static const char *srv__find_nocase(const char *hay, size_t len, const char *needle)
{
    size_t nlen = strlen(needle);
    for (size_t i = 0; i + nlen <= len; i++) {
        size_t j = 0;
        while (j < nlen && tolower((unsigned char)hay[i + j]) == needle[j])
            j++;
        if (j == nlen)
            return hay + i;
    }
    return NULL;
}

static bool srv__header_name_ok(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 32 || c >= 127)
            return false;
    }
    return true;
}

static void srv__trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* Returns 1 when a header block was parsed (t->body_len set), 0 when more
 * bytes are needed, and -1 when bytes were skipped as malformed. */
static int srv__parse_header(srv_transport *t)
{
    const char *data = t->inbuf.data + t->rpos;
    size_t len = t->inbuf.len - t->rpos;

    /* Stray line breaks between messages are harmless. */
    size_t lead = 0;
    while (lead < len && (data[lead] == '\r' || data[lead] == '\n'))
        lead++;
    if (lead) {
        t->rpos += lead;
        return -1;
    }

    size_t pos = 0;
    long long clen = -1;
    bool bad = false;
    const char *why = NULL;
    for (;;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        if (!nl) {
            if (bad) {
                /* A new message may already follow the garbage. */
                const char *next = srv__find_nocase(data + 1, len - 1, "content-length:");
                if (next) {
                    srv_log("malformed message header (%s); skipped %zu bytes", why,
                            (size_t)(next - data));
                    t->rpos += (size_t)(next - data);
                    return -1;
                }
            }
            if (len > SRV_MAX_HEADER) {
                srv_log("malformed message header (no end after %zu bytes); skipped", len);
                t->rpos += len;
                return -1;
            }
            return 0;
        }
        size_t line_start = pos;
        size_t line_end = (size_t)(nl - data);
        pos = line_end + 1;
        if (line_end > line_start && data[line_end - 1] == '\r')
            line_end--;
        const char *line = data + line_start;
        size_t line_len = line_end - line_start;

        if (line_len == 0) {
            if (!bad && clen < 0) {
                bad = true;
                why = "no Content-Length";
            }
            if (!bad) {
                t->rpos += pos;
                t->body_len = clen;
                return 1;
            }
            const char *next = srv__find_nocase(data + 1, len - 1, "content-length:");
            size_t skip = next && (size_t)(next - data) < pos ? (size_t)(next - data) : pos;
            srv_log("malformed message header (%s); skipped %zu bytes", why, skip);
            t->rpos += skip;
            return -1;
        }
        if (bad)
            continue;

        const char *colon = memchr(line, ':', line_len);
        if (!colon || !srv__header_name_ok(line, (size_t)(colon - line))) {
            bad = true;
            why = "not a header line";
            continue;
        }
        size_t name_len = (size_t)(colon - line);
        const char *value = colon + 1;
        size_t value_len = line_len - name_len - 1;
        srv__trim(&value, &value_len);
        if (name_len == 14 && srv__find_nocase(line, name_len, "content-length")) {
            long long n = 0;
            bool ok = value_len > 0 && value_len <= 12;
            for (size_t i = 0; ok && i < value_len; i++) {
                if (!isdigit((unsigned char)value[i]))
                    ok = false;
                else
                    n = n * 10 + (value[i] - '0');
            }
            if (!ok || n > (long long)SRV_MAX_BODY) {
                bad = true;
                why = ok ? "Content-Length over the 64 MiB limit" : "bad Content-Length";
                continue;
            }
            clen = n;
        } else if (name_len == 12 && srv__find_nocase(line, name_len, "content-type")) {
            const char *cs = srv__find_nocase(value, value_len, "charset=");
            if (cs) {
                const char *v = cs + 8;
                size_t vlen = value_len - (size_t)(v - value);
                if (!srv__find_nocase(v, vlen, "utf-8") && !srv__find_nocase(v, vlen, "utf8"))
                    srv_log("Content-Type charset is not UTF-8; reading UTF-8 anyway");
            }
        }
        /* Other headers are allowed and ignored. */
    }
}

void srv_transport_feed(srv_transport *t, const char *data, size_t len)
{
    srv_buf_append(&t->inbuf, data, len);
    for (;;) {
        if (t->body_len < 0) {
            int r = srv__parse_header(t);
            if (r == 0)
                break;
            if (r < 0)
                continue;
        }
        size_t avail = t->inbuf.len - t->rpos;
        if ((unsigned long long)avail < (unsigned long long)t->body_len)
            break;
        size_t n = (size_t)t->body_len;
        t->body_len = -1;
        const char *body = t->inbuf.data + t->rpos;
        t->rpos += n;
        t->cb.on_message(t->ctx, body, n);
    }
    srv_buf_consume(&t->inbuf, t->rpos);
    t->rpos = 0;
}

/* ---- Reading ------------------------------------------------------------ */

static void srv__signal_eof(srv_transport *t)
{
    if (t->eof_seen)
        return;
    t->eof_seen = true;
    if (t->inbuf.len || t->body_len >= 0)
        srv_log("input ended inside a message (%zu bytes unread)", t->inbuf.len);
    t->cb.on_eof(t->ctx);
}

static void srv__alloc_cb(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    srv_transport *t = handle->data;
    buf->base = t->chunk;
    buf->len = sizeof t->chunk;
}

static void srv__read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    srv_transport *t = stream->data;
    if (nread > 0) {
        srv_transport_feed(t, buf->base, (size_t)nread);
        return;
    }
    if (nread == 0)
        return;
    if (nread != UV_EOF)
        srv_log("read error on stdin: %s", uv_strerror((int)nread));
    srv_transport_stop_reading(t);
    srv__signal_eof(t);
}

static void srv__fs_read_next(srv_transport *t);
static void srv__maybe_finish_close(srv_transport *t);

static void srv__fs_read_cb(uv_fs_t *req)
{
    srv_transport *t = req->data;
    ssize_t n = req->result;
    uv_fs_req_cleanup(req);
    t->in_fs_busy = false;
    if (t->closing) {
        srv__maybe_finish_close(t);
        return;
    }
    if (n > 0) {
        if (t->reading)
            srv_transport_feed(t, t->chunk, (size_t)n);
        srv__fs_read_next(t);
        return;
    }
    if (n < 0 && n != UV_ECANCELED)
        srv_log("read error on stdin: %s", uv_strerror((int)n));
    t->reading = false;
    srv__signal_eof(t);
}

static void srv__fs_read_next(srv_transport *t)
{
    if (!t->reading || t->in_fs_busy || t->closing)
        return;
    uv_buf_t b = uv_buf_init(t->chunk, sizeof t->chunk);
    t->in_req.data = t;
    t->in_fs_busy = true;
    int r = uv_fs_read(t->loop, &t->in_req, t->in_fd, &b, 1, -1, srv__fs_read_cb);
    if (r < 0) {
        t->in_fs_busy = false;
        srv_log("cannot read stdin: %s", uv_strerror(r));
        t->reading = false;
        srv__signal_eof(t);
    }
}

/* Opens fd as a stream handle when libuv can poll it, else reports it must
 * be driven with uv_fs requests (regular files, /dev/null). */
static int srv__open_stream(uv_loop_t *loop, int fd, bool readable, void *handle, srv_io_kind *kind)
{
    uv_handle_type type = uv_guess_handle(fd);
    int r;
    switch (type) {
    case UV_TTY:
        r = uv_tty_init(loop, handle, fd, readable);
        break;
    case UV_NAMED_PIPE:
        r = uv_pipe_init(loop, handle, 0);
        if (r == 0) {
            r = uv_pipe_open(handle, fd);
            if (r < 0)
                uv_close(handle, NULL);
        }
        break;
    case UV_TCP:
        r = uv_tcp_init(loop, handle);
        if (r == 0) {
            r = uv_tcp_open(handle, fd);
            if (r < 0)
                uv_close(handle, NULL);
        }
        break;
    default:
        *kind = SRV_IO_FILE;
        return 0;
    }
    if (r < 0) {
        *kind = SRV_IO_FILE;
        return 0;
    }
    *kind = SRV_IO_STREAM;
    return 1;
}

srv_transport *srv_transport_new(uv_loop_t *loop, int in_fd, int out_fd,
                                 const srv_transport_callbacks *callbacks, void *ctx)
{
    srv_transport *t = srv_xcalloc(1, sizeof *t);
    t->loop = loop;
    t->cb = *callbacks;
    t->ctx = ctx;
    t->in_fd = in_fd;
    t->out_fd = out_fd;
    t->body_len = -1;
    return t;
}

int srv_transport_start(srv_transport *t)
{
    if (t->in_fd >= 0 && srv__open_stream(t->loop, t->in_fd, true, &t->in, &t->in_kind)) {
        t->in_open = true;
        t->open_handles++;
        ((uv_handle_t *)&t->in)->data = t;
    }
    if (t->out_fd >= 0 && srv__open_stream(t->loop, t->out_fd, false, &t->out, &t->out_kind)) {
        t->out_open = true;
        t->open_handles++;
        ((uv_handle_t *)&t->out)->data = t;
    }
    t->reading = true;
    if (t->in_kind == SRV_IO_STREAM) {
        int r = uv_read_start((uv_stream_t *)&t->in, srv__alloc_cb, srv__read_cb);
        if (r < 0) {
            srv_log("cannot read stdin: %s", uv_strerror(r));
            t->reading = false;
            return r;
        }
    } else {
        srv__fs_read_next(t);
    }
    return 0;
}

void srv_transport_stop_reading(srv_transport *t)
{
    if (!t->reading)
        return;
    t->reading = false;
    if (t->in_kind == SRV_IO_STREAM && t->in_open)
        uv_read_stop((uv_stream_t *)&t->in);
}

/* ---- Writing ------------------------------------------------------------ */

static void srv__maybe_finish_close(srv_transport *t);

static void srv__write_done(srv_transport *t, srv_write *w)
{
    free(w->data);
    free(w);
    t->pending_writes--;
    srv__maybe_finish_close(t);
}

static void srv__stream_write_cb(uv_write_t *req, int status)
{
    srv_write *w = req->data;
    srv_transport *t = w->t;
    if (status < 0 && !t->out_broken) {
        t->out_broken = true;
        srv_log("cannot write to stdout: %s", uv_strerror(status));
    }
    srv__write_done(t, w);
}

static void srv__fs_write_next(srv_transport *t);

static void srv__fs_write_cb(uv_fs_t *req)
{
    srv_transport *t = req->data;
    ssize_t n = req->result;
    uv_fs_req_cleanup(req);
    t->out_fs_busy = false;
    srv_write *w = t->file_queue_head;
    if (n < 0) {
        if (n == UV_EAGAIN || n == UV_EINTR) {
            srv__fs_write_next(t);
            return;
        }
        if (!t->out_broken)
            srv_log("cannot write to stdout: %s", uv_strerror((int)n));
        t->out_broken = true;
        n = (ssize_t)(w->header_len + w->len - w->off);
    }
    w->off += (size_t)n;
    if (w->off >= w->header_len + w->len) {
        t->file_queue_head = w->next;
        if (!t->file_queue_head)
            t->file_queue_tail = NULL;
        srv__write_done(t, w);
    }
    srv__fs_write_next(t);
}

static void srv__fs_write_next(srv_transport *t)
{
    while (t->file_queue_head && !t->out_fs_busy) {
        srv_write *w = t->file_queue_head;
        if (t->out_broken) {
            t->file_queue_head = w->next;
            if (!t->file_queue_head)
                t->file_queue_tail = NULL;
            srv__write_done(t, w);
            continue;
        }
        uv_buf_t b[2];
        unsigned nb = 0;
        if (w->off < w->header_len)
            b[nb++] = uv_buf_init(w->header + w->off, (unsigned)(w->header_len - w->off));
        size_t body_off = w->off < w->header_len ? 0 : w->off - w->header_len;
        if (body_off < w->len)
            b[nb++] = uv_buf_init(w->data + body_off, (unsigned)(w->len - body_off));
        t->out_req.data = t;
        t->out_fs_busy = true;
        int r = uv_fs_write(t->loop, &t->out_req, t->out_fd, b, nb, -1, srv__fs_write_cb);
        if (r < 0) {
            t->out_fs_busy = false;
            t->out_broken = true;
            srv_log("cannot write to stdout: %s", uv_strerror(r));
        }
    }
}

void srv_transport_send_take(srv_transport *t, char *body, size_t len)
{
    if (t->out_broken) {
        free(body);
        return;
    }
    srv_write *w = srv_xcalloc(1, sizeof *w);
    w->t = t;
    w->header_len =
        (size_t)snprintf(w->header, sizeof w->header, "Content-Length: %zu\r\n\r\n", len);
    w->data = body;
    w->len = len;
    t->pending_writes++;
    if (t->out_kind == SRV_IO_STREAM) {
        uv_buf_t b[2] = {uv_buf_init(w->header, (unsigned)w->header_len),
                         uv_buf_init(w->data, (unsigned)w->len)};
        w->req.data = w;
        int r = uv_write(&w->req, (uv_stream_t *)&t->out, b, 2, srv__stream_write_cb);
        if (r < 0) {
            t->out_broken = true;
            srv_log("cannot write to stdout: %s", uv_strerror(r));
            srv__write_done(t, w);
        }
        return;
    }
    if (t->file_queue_tail)
        t->file_queue_tail->next = w;
    else
        t->file_queue_head = w;
    t->file_queue_tail = w;
    srv__fs_write_next(t);
}

void srv_transport_send(srv_transport *t, const char *body, size_t len)
{
    if (t->out_broken)
        return;
    char *copy = srv_xmalloc(len ? len : 1);
    if (len)
        memcpy(copy, body, len);
    srv_transport_send_take(t, copy, len);
}

/* ---- Closing ------------------------------------------------------------ */

static void srv__handle_closed(uv_handle_t *handle)
{
    srv_transport *t = handle->data;
    t->open_handles--;
    if (t->open_handles == 0 && t->close_done) {
        void (*done)(void *) = t->close_done;
        t->close_done = NULL;
        done(t->ctx);
    }
}

static void srv__maybe_finish_close(srv_transport *t)
{
    if (!t->closing || t->pending_writes > 0 || t->in_fs_busy)
        return;
    if (t->in_open) {
        t->in_open = false;
        uv_close((uv_handle_t *)&t->in, srv__handle_closed);
    }
    if (t->out_open) {
        t->out_open = false;
        uv_close((uv_handle_t *)&t->out, srv__handle_closed);
    }
    if (t->open_handles == 0 && t->close_done) {
        void (*done)(void *) = t->close_done;
        t->close_done = NULL;
        done(t->ctx);
    }
}

void srv_transport_close(srv_transport *t, void (*done)(void *ctx))
{
    srv_transport_stop_reading(t);
    t->closing = true;
    t->close_done = done;
    if (t->in_fs_busy) {
        /* A read of a regular file finishes quickly; a read still queued
         * can be cancelled. Either way the callback finishes the close. */
        uv_cancel((uv_req_t *)&t->in_req);
        return;
    }
    srv__maybe_finish_close(t);
}

bool srv_transport_flushed(const srv_transport *t)
{
    return t->pending_writes == 0;
}

void srv_transport_delete(srv_transport *t)
{
    if (!t)
        return;
    srv_write *w = t->file_queue_head;
    while (w) {
        srv_write *next = w->next;
        free(w->data);
        free(w);
        w = next;
    }
    srv_buf_free(&t->inbuf);
    free(t);
}
