#include "srv_diff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SRV_DIFF_CONTEXT 3

typedef struct {
    const char *start;
    size_t len;    /* content and terminator */
    size_t body;   /* content only */
    bool term;     /* ends with a line terminator */
    uint32_t hash; /* of the whole line, terminator included */
} srv_line;

typedef struct {
    srv_line *items;
    size_t count;
} srv_lines;

static srv_lines srv__split(const char *text, size_t len)
{
    srv_lines out = {0};
    size_t cap = 0;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && text[i] != '\n' && text[i] != '\r')
            i++;
        size_t body = i - start;
        bool term = false;
        if (i < len) {
            term = true;
            if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
                i += 2;
            else
                i++;
        }
        if (out.count == cap) {
            cap = cap ? cap * 2 : 64;
            out.items = srv_xrealloc(out.items, cap * sizeof *out.items);
        }
        uint32_t h = 2166136261u;
        for (size_t j = start; j < i; j++)
            h = (h ^ (unsigned char)text[j]) * 16777619u;
        out.items[out.count++] = (srv_line){text + start, i - start, body, term, h};
    }
    return out;
}

static bool srv__line_eq(const srv_line *a, const srv_line *b)
{
    return a->hash == b->hash && a->len == b->len && memcmp(a->start, b->start, a->len) == 0;
}

typedef enum { SRV_OP_EQUAL, SRV_OP_DELETE, SRV_OP_INSERT } srv_op_kind;

typedef struct {
    srv_op_kind kind;
    size_t a; /* line in old */
    size_t b; /* line in new */
} srv_op;

/* The shortest edit script between a and b, as one op per line. */
static srv_op *srv__myers(const srv_line *a, size_t n, const srv_line *b, size_t m,
                          size_t *op_count)
{
    long max = (long)(n + m);
    long offset = max + 1;
    long *v = srv_xcalloc((size_t)(2 * max + 3), sizeof *v);
    /* trace[d] holds v[-d..d] as it was after step d. */
    long **trace = srv_xcalloc((size_t)max + 1, sizeof *trace);
    long d_final = 0;
    for (long d = 0; d <= max; d++) {
        bool done = false;
        for (long k = -d; k <= d; k += 2) {
            long x;
            if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                x = v[offset + k + 1];
            else
                x = v[offset + k - 1] + 1;
            long y = x - k;
            while (x < (long)n && y < (long)m && srv__line_eq(&a[x], &b[y])) {
                x++;
                y++;
            }
            v[offset + k] = x;
            if (x >= (long)n && y >= (long)m) {
                done = true;
                break;
            }
        }
        trace[d] = srv_xmalloc((size_t)(2 * d + 1) * sizeof(long));
        memcpy(trace[d], v + offset - d, (size_t)(2 * d + 1) * sizeof(long));
        if (done) {
            d_final = d;
            break;
        }
    }

    /* Walk back from (n, m), collecting ops in reverse. */
    size_t cap = n + m + 1, count = 0;
    srv_op *rev = srv_xmalloc(cap * sizeof *rev);
    long x = (long)n, y = (long)m;
    for (long d = d_final; d > 0; d--) {
        long *pv = trace[d - 1]; /* index k -> pv[k + d - 1] */
        long k = x - y;
        long prev_k;
        if (k == -d || (k != d && pv[k - 1 + d - 1] < pv[k + 1 + d - 1]))
            prev_k = k + 1;
        else
            prev_k = k - 1;
        long prev_x = pv[prev_k + d - 1];
        long prev_y = prev_x - prev_k;
        while (x > prev_x && y > prev_y) {
            x--;
            y--;
            rev[count++] = (srv_op){SRV_OP_EQUAL, (size_t)x, (size_t)y};
        }
        if (x == prev_x) {
            y--;
            rev[count++] = (srv_op){SRV_OP_INSERT, (size_t)x, (size_t)y};
        } else {
            x--;
            rev[count++] = (srv_op){SRV_OP_DELETE, (size_t)x, (size_t)y};
        }
    }
    while (x > 0 && y > 0) {
        x--;
        y--;
        rev[count++] = (srv_op){SRV_OP_EQUAL, (size_t)x, (size_t)y};
    }
    for (long d = 0; d <= d_final; d++)
        free(trace[d]);
    free(trace);
    free(v);

    srv_op *ops = srv_xmalloc((count ? count : 1) * sizeof *ops);
    for (size_t i = 0; i < count; i++)
        ops[i] = rev[count - 1 - i];
    free(rev);
    *op_count = count;
    return ops;
}

static void srv__emit_line(srv_buf *out, char mark, const srv_line *l)
{
    srv_buf_append(out, &mark, 1);
    srv_buf_append(out, l->start, l->len);
    if (!l->term)
        srv_buf_append_str(out, "\n\\ No newline at end of file\n");
}

void srv_diff_unified(srv_buf *out, const char *label, const char *old_text, size_t old_len,
                      const char *new_text, size_t new_len)
{
    if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0)
        return;
    srv_lines a = srv__split(old_text, old_len);
    srv_lines b = srv__split(new_text, new_len);

    /* Myers only sees the changed middle; INF fixes touch few lines. */
    size_t pre = 0;
    while (pre < a.count && pre < b.count && srv__line_eq(&a.items[pre], &b.items[pre]))
        pre++;
    size_t suf = 0;
    while (suf < a.count - pre && suf < b.count - pre &&
           srv__line_eq(&a.items[a.count - 1 - suf], &b.items[b.count - 1 - suf]))
        suf++;
    size_t mid_ops;
    srv_op *mid = srv__myers(a.items + pre, a.count - pre - suf, b.items + pre, b.count - pre - suf,
                             &mid_ops);

    size_t total = pre + mid_ops + suf;
    srv_op *ops = srv_xmalloc((total ? total : 1) * sizeof *ops);
    size_t k = 0;
    for (size_t i = 0; i < pre; i++)
        ops[k++] = (srv_op){SRV_OP_EQUAL, i, i};
    for (size_t i = 0; i < mid_ops; i++)
        ops[k++] = (srv_op){mid[i].kind, mid[i].a + pre, mid[i].b + pre};
    for (size_t i = 0; i < suf; i++)
        ops[k++] = (srv_op){SRV_OP_EQUAL, a.count - suf + i, b.count - suf + i};
    free(mid);

    srv_buf_printf(out, "--- a/%s\n+++ b/%s\n", label, label);
    size_t i = 0;
    while (i < total) {
        while (i < total && ops[i].kind == SRV_OP_EQUAL)
            i++;
        if (i >= total)
            break;
        /* A hunk: from CONTEXT lines before this change to CONTEXT lines
         * after the last change closer than 2*CONTEXT equal lines. */
        size_t start = i >= SRV_DIFF_CONTEXT ? i - SRV_DIFF_CONTEXT : 0;
        size_t end = i;
        for (;;) {
            while (end < total && ops[end].kind != SRV_OP_EQUAL)
                end++;
            size_t run = 0;
            while (end + run < total && ops[end + run].kind == SRV_OP_EQUAL)
                run++;
            if (end + run < total && run <= 2 * SRV_DIFF_CONTEXT) {
                end += run;
                continue;
            }
            end += run < SRV_DIFF_CONTEXT ? run : SRV_DIFF_CONTEXT;
            break;
        }
        size_t a_start = 0, a_len = 0, b_start = 0, b_len = 0;
        bool a_set = false, b_set = false;
        for (size_t j = start; j < end; j++) {
            if (ops[j].kind != SRV_OP_INSERT) {
                if (!a_set)
                    a_start = ops[j].a, a_set = true;
                a_len++;
            }
            if (ops[j].kind != SRV_OP_DELETE) {
                if (!b_set)
                    b_start = ops[j].b, b_set = true;
                b_len++;
            }
        }
        /* An empty side is numbered by the line before it. */
        if (!a_set)
            a_start = ops[start].a;
        if (!b_set)
            b_start = ops[start].b;
        srv_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", a_len ? a_start + 1 : a_start, a_len,
                       b_len ? b_start + 1 : b_start, b_len);
        for (size_t j = start; j < end; j++) {
            if (ops[j].kind == SRV_OP_EQUAL)
                srv__emit_line(out, ' ', &a.items[ops[j].a]);
            else if (ops[j].kind == SRV_OP_DELETE)
                srv__emit_line(out, '-', &a.items[ops[j].a]);
            else
                srv__emit_line(out, '+', &b.items[ops[j].b]);
        }
        i = end;
    }
    free(ops);
    free(a.items);
    free(b.items);
}
