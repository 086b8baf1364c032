#include "srv_jsonw.h"

#include "srv_json.h"

#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the NUL that srv_buf keeps after its data.
 * Written here rather than through srv_buf_append: the tokens of a 1 MB
 * INF are 200,000 numbers, and a call per comma shows in the time. */
static char *srv__jw_room(srv_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = srv_xrealloc(b->data, cap);
        b->cap = cap;
    }
    return b->data + b->len;
}

static void srv__jw_put(srv_buf *b, const char *s, size_t n)
{
    memcpy(srv__jw_room(b, n), s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

#define SRV__JW_LIT(b, lit) srv__jw_put((b), (lit), sizeof(lit) - 1)

/* Before any value: the comma that separates it from the one before. */
static void srv__jw_value(srv_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    uint64_t bit = (uint64_t)1 << w->depth;
    if (w->more & bit)
        srv__jw_put(w->out, ",", 1);
    w->more |= bit;
}

void srv_jw_init(srv_jw *w, srv_buf *out)
{
    w->out = out;
    w->depth = 0;
    w->more = 0;
    w->after_key = false;
}

static void srv__jw_open(srv_jw *w, char c)
{
    srv__jw_value(w);
    if (w->depth + 1 >= SRV_JW_MAX_DEPTH)
        abort(); /* a result nested this deep is a bug in its writer */
    w->depth++;
    w->more &= ~((uint64_t)1 << w->depth);
    srv__jw_put(w->out, &c, 1);
}

static void srv__jw_close(srv_jw *w, char c)
{
    if (w->depth == 0)
        abort();
    w->depth--;
    srv__jw_put(w->out, &c, 1);
}

void srv_jw_object_begin(srv_jw *w)
{
    srv__jw_open(w, '{');
}

void srv_jw_object_end(srv_jw *w)
{
    srv__jw_close(w, '}');
}

void srv_jw_array_begin(srv_jw *w)
{
    srv__jw_open(w, '[');
}

void srv_jw_array_end(srv_jw *w)
{
    srv__jw_close(w, ']');
}

void srv_jw_key(srv_jw *w, const char *name)
{
    srv__jw_value(w);
    srv_json_append_string(w->out, name, strlen(name));
    srv__jw_put(w->out, ":", 1);
    w->after_key = true;
}

void srv_jw_string(srv_jw *w, const char *s, size_t len)
{
    if (!s) {
        srv_jw_null(w);
        return;
    }
    srv__jw_value(w);
    srv_json_append_string(w->out, s, len);
}

void srv_jw_cstr(srv_jw *w, const char *s)
{
    srv_jw_string(w, s, s ? strlen(s) : 0);
}

static void srv__jw_digits(srv_buf *b, uint64_t v)
{
    char digits[20];
    size_t n = 0;
    do {
        digits[sizeof digits - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    srv__jw_put(b, digits + sizeof digits - n, n);
}

void srv_jw_uint(srv_jw *w, uint64_t v)
{
    srv__jw_value(w);
    srv__jw_digits(w->out, v);
}

void srv_jw_int(srv_jw *w, int64_t v)
{
    srv__jw_value(w);
    if (v < 0)
        srv__jw_put(w->out, "-", 1);
    srv__jw_digits(w->out, v < 0 ? 0u - (uint64_t)v : (uint64_t)v);
}

void srv_jw_bool(srv_jw *w, bool v)
{
    srv__jw_value(w);
    if (v)
        SRV__JW_LIT(w->out, "true");
    else
        SRV__JW_LIT(w->out, "false");
}

void srv_jw_null(srv_jw *w)
{
    srv__jw_value(w);
    SRV__JW_LIT(w->out, "null");
}

/* The members of a Position, without its braces' comma bookkeeping: a
 * range writes two of them in one go. */
static void srv__jw_point(srv_buf *b, const infa_document *doc, srv_encoding enc, infa_point p)
{
    SRV__JW_LIT(b, "{\"line\":");
    srv__jw_digits(b, p.row);
    SRV__JW_LIT(b, ",\"character\":");
    srv__jw_digits(b, srv_position_column(doc, enc, p));
    SRV__JW_LIT(b, "}");
}

void srv_jw_position(srv_jw *w, const infa_document *doc, srv_encoding enc, infa_point p)
{
    srv__jw_value(w);
    srv__jw_point(w->out, doc, enc, p);
}

void srv_jw_range(srv_jw *w, const infa_document *doc, srv_encoding enc, infa_range r)
{
    srv__jw_value(w);
    SRV__JW_LIT(w->out, "{\"start\":");
    srv__jw_point(w->out, doc, enc, r.start);
    SRV__JW_LIT(w->out, ",\"end\":");
    srv__jw_point(w->out, doc, enc, r.end);
    SRV__JW_LIT(w->out, "}");
}
