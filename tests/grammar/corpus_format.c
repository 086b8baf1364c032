#include "corpus_format.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *data;
    size_t len;
    size_t pos;
} corpus__reader;

/* The line starting at pos: [*start, *end) without its line end; returns
 * the position after the line end. */
static size_t corpus__line(const corpus__reader *r, size_t pos, size_t *end)
{
    size_t p = pos;
    while (p < r->len && r->data[p] != '\n')
        p++;
    *end = (p > pos && r->data[p - 1] == '\r') ? p - 1 : p;
    return p < r->len ? p + 1 : p;
}

static bool corpus__all(const char *s, size_t len, char c, size_t min)
{
    size_t n = 0;
    while (n < len && s[n] == c)
        n++;
    return n >= min;
}

/* A header delimiter line: three or more '=' (a suffix is allowed). */
static bool corpus__is_equals(const char *s, size_t len)
{
    return corpus__all(s, len, '=', 3);
}

static bool corpus__is_divider(const char *s, size_t len)
{
    return corpus__all(s, len, '-', 3);
}

char *corpus_normalise_sexp(const char *s, size_t len)
{
    infa_buf out = {0};
    bool pending_space = false;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pending_space = out.len > 0;
            continue;
        }
        if (pending_space && c != ')')
            infa_buf_append(&out, " ", 1);
        pending_space = false;
        infa_buf_append(&out, &c, 1);
    }
    return infa_buf_take(&out);
}

bool corpus_parse(const char *data, size_t len, corpus_cases *out)
{
    corpus__reader r = {data, len, 0};
    INFA_VEC(corpus_case) cases = {0};
    size_t pos = 0, end;

    /* Skip anything before the first header. */
    for (;;) {
        if (pos >= len) {
            out->items = cases.items;
            out->len = cases.len;
            return true;
        }
        size_t next = corpus__line(&r, pos, &end);
        if (corpus__is_equals(data + pos, end - pos))
            break;
        pos = next;
    }

    while (pos < len) {
        corpus_case c = {0};
        infa_buf name = {0};
        size_t next = corpus__line(&r, pos, &end);
        if (!corpus__is_equals(data + pos, end - pos))
            goto malformed;
        pos = next;
        /* Name lines, then attribute lines (":skip", ":error", ...), until
         * the closing '=' line. */
        for (;;) {
            if (pos >= len)
                goto malformed;
            next = corpus__line(&r, pos, &end);
            if (corpus__is_equals(data + pos, end - pos)) {
                pos = next;
                break;
            }
            if (data[pos] == ':') {
                if (end - pos == 5 && memcmp(data + pos, ":skip", 5) == 0)
                    c.skip = true;
                else if (end - pos == 6 && memcmp(data + pos, ":error", 6) == 0)
                    c.error = true;
            } else {
                if (name.len)
                    infa_buf_append(&name, " ", 1);
                infa_buf_append(&name, data + pos, end - pos);
            }
            pos = next;
        }
        /* Input up to the divider; the line end just before the divider is
         * not part of the input. */
        size_t input_start = pos, input_end = pos;
        for (;;) {
            if (pos >= len)
                goto malformed;
            next = corpus__line(&r, pos, &end);
            if (corpus__is_divider(data + pos, end - pos)) {
                input_end = pos;
                pos = next;
                break;
            }
            pos = next;
        }
        if (input_end > input_start && data[input_end - 1] == '\n')
            input_end--;
        if (input_end > input_start && data[input_end - 1] == '\r')
            input_end--;
        /* Expected output up to the next header (a line of '=' followed by
         * a name line) or the end of the file. */
        size_t exp_start = pos, exp_end = len;
        while (pos < len) {
            next = corpus__line(&r, pos, &end);
            if (corpus__is_equals(data + pos, end - pos)) {
                exp_end = pos;
                break;
            }
            pos = next;
        }
        c.name = infa_buf_take(&name);
        c.input = infa_xmalloc(input_end - input_start + 1);
        memcpy(c.input, data + input_start, input_end - input_start);
        c.input[input_end - input_start] = '\0';
        c.input_len = input_end - input_start;
        c.expected = corpus_normalise_sexp(data + exp_start, exp_end - exp_start);
        INFA_VEC_PUSH(&cases, c);
        continue;
    malformed:
        infa_buf_free(&name);
        out->items = cases.items;
        out->len = cases.len;
        corpus_free(out);
        return false;
    }
    out->items = cases.items;
    out->len = cases.len;
    return true;
}

void corpus_free(corpus_cases *cases)
{
    for (size_t i = 0; i < cases->len; i++) {
        free(cases->items[i].name);
        free(cases->items[i].input);
        free(cases->items[i].expected);
    }
    free(cases->items);
    cases->items = NULL;
    cases->len = 0;
}
