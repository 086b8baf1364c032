/* Navigation and editor-feature tests (outline, definition, references,
 * highlights, rename, folding, selection, semantic tokens, inlay hints).
 *
 *   nav_runner fixture <case.inf>   the `$0` marker is the cursor;
 *       <case>.expect says which request and what it must produce;
 *       <case>.renamed (rename fixtures) is the whole text after the rename.
 *   nav_runner corpus <dir>         over every INF: definition of every
 *       reference lands on a header; renaming a section leaves no
 *       reference undefined, and renaming it back gives the original
 *       bytes; semantic tokens never overlap and cover every header name
 *       and comment; every feature at ~200 offsets per file never fails.
 *
 * Each request's answer is described as lines of text, the same lines
 * tests/features/lsp_nav.py derives from the server's JSON, so one .expect
 * serves both:
 *   definition / references / highlight / prepare:  ROW:TEXT (1-based row,
 *       the text the range covers; highlight adds " write" or " read";
 *       an Include'd file is file:NAME)
 *   symbols:    NAME | DETAIL, children PARENT/NAME | DETAIL
 *   folds:      FIRST-LAST region|comment (1-based rows)
 *   selection:  the text of each range, innermost first
 *   tokens:     ROW:TEXT type[+modifier...]
 *   inlay:      ROW:LABEL
 *
 * .expect lines (`#` starts a comment):
 *   request: definition|declaration|references|references-no-decl|highlight|
 *            prepare|rename NEWNAME|symbols|folds|selection|tokens|inlay,
 *            tokens-row|inlay-row (only the cursor's row, as a range request)
 *   inlay: dirids,regFlags,serviceFlags   categories on (default all)
 *   result: LINE / no-result: LINE   a line is / is not in the answer
 *   contains: TEXT                   some line contains TEXT
 *   count: N                         the answer has N lines
 *   error: TEXT                      the request is refused with a message holding TEXT
 *   order: A => B                    line A comes before line B
 */
#include "document.h"
#include "infa.h"
#include "model.h"
#include "testio.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    failures++;
}

typedef struct {
    char **items;
    size_t len, cap;
} lines;

static void add(lines *l, char *s)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->len++] = s;
}

static void addf(lines *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(l, infa_xvasprintf(fmt, ap));
    va_end(ap);
}

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
}

static void add_range(lines *l, const char *text, infa_range r, const char *suffix)
{
    addf(l, "%u:%.*s%s", r.start.row + 1, (int)(r.end_byte - r.start_byte), text + r.start_byte,
         suffix);
}

static const char *const sem_mods[] = {"declaration", "defaultLibrary", "deprecated"};

/* Describes the answer to `request` at the cursor as lines; returns a
 * refusal message (caller frees) or NULL. *renamed gets the text after a
 * rename. */
static char *describe(infa_document *doc, const char *request, uint32_t cursor, unsigned inlay,
                      lines *out, char **renamed, size_t *renamed_len)
{
    size_t len;
    const char *text = infa_document_text(doc, &len);
    if (!strcmp(request, "definition") || !strcmp(request, "declaration") ||
        !strncmp(request, "references", 10) || !strcmp(request, "highlight")) {
        bool hl = !strcmp(request, "highlight");
        infa_nav_list *nl =
            request[0] == 'd'
                ? infa_document_definition(doc, cursor)
                : infa_document_references(doc, cursor, strcmp(request, "references-no-decl") != 0);
        for (size_t i = 0; i < infa_nav_list_count(nl); i++) {
            const infa_nav_target *t = infa_nav_list_get(nl, i);
            if (t->file)
                addf(out, "file:%s", t->file);
            else
                add_range(out, text, t->range, hl ? (t->declaration ? " write" : " read") : "");
        }
        infa_nav_list_delete(nl);
    } else if (!strcmp(request, "prepare")) {
        infa_range r;
        char *why;
        if (!infa_document_rename_prepare(doc, cursor, &r, &why))
            return why;
        add_range(out, text, r, "");
    } else if (!strncmp(request, "rename ", 7)) {
        const char *name = request + 7;
        infa_rename *rn = infa_document_rename(doc, cursor, name, strlen(name));
        if (infa_rename_error(rn)) {
            char *why = infa_xstrdup(infa_rename_error(rn));
            infa_rename_delete(rn);
            return why;
        }
        size_t n;
        const infa_text_edit *edits = infa_rename_edits(rn, &n);
        for (size_t i = 0; i < n; i++)
            add_range(out, text, edits[i].range, "");
        *renamed = infa_edits_apply(text, len, edits, n, renamed_len);
        infa_rename_delete(rn);
    } else if (!strcmp(request, "symbols")) {
        infa_symbol_list *sl = infa_document_symbols(doc);
        for (size_t i = 0; i < infa_symbol_list_root_count(sl); i++) {
            const infa_symbol *s = infa_symbol_list_get(sl, i);
            addf(out, "%s | %s", s->name, s->detail ? s->detail : "");
            for (uint32_t c = 0; c < s->child_count; c++) {
                const infa_symbol *k = infa_symbol_list_get(sl, s->first_child + c);
                addf(out, "%s/%s | %s", s->name, k->name, k->detail ? k->detail : "");
                if (k->range.start_byte < s->range.start_byte ||
                    k->range.end_byte > s->range.end_byte)
                    fail("child %s lies outside %s", k->name, s->name);
            }
        }
        infa_symbol_list_delete(sl);
    } else if (!strcmp(request, "folds")) {
        size_t n;
        infa_fold *f = infa_document_folds(doc, &n);
        for (size_t i = 0; i < n; i++)
            addf(out, "%u-%u %s", f[i].start_row + 1, f[i].end_row + 1,
                 f[i].comment ? "comment" : "region");
        free(f);
    } else if (!strcmp(request, "selection")) {
        infa_range r[4];
        size_t n = infa_document_selection(doc, cursor, r);
        for (size_t i = 0; i < n; i++)
            addf(out, "%.*s", (int)(r[i].end_byte - r[i].start_byte), text + r[i].start_byte);
    } else if (!strcmp(request, "tokens") || !strcmp(request, "tokens-row")) {
        /* tokens-row: only the cursor's row, as semanticTokens/range asks. */
        uint32_t row = infa_document_point_at(doc, cursor).row;
        bool one = !strcmp(request, "tokens-row");
        size_t n;
        infa_sem_token *t = infa_document_semantic_tokens(
            doc, one ? infa_document_line_start(doc, row) : 0,
            one ? infa_document_line_end(doc, row) : (uint32_t)len, &n);
        for (size_t i = 0; i < n; i++) {
            infa_buf b = {0};
            infa_buf_printf(&b, "%u:%.*s %s", t[i].start.row + 1, (int)t[i].length,
                            text + t[i].start_byte, infa_sem_type_name(t[i].type));
            for (unsigned k = 0; k < 3; k++)
                if (t[i].modifiers & (1u << k))
                    infa_buf_printf(&b, "+%s", sem_mods[k]);
            add(out, infa_buf_take(&b));
        }
        free(t);
    } else if (!strcmp(request, "inlay") || !strcmp(request, "inlay-row")) {
        uint32_t row = infa_document_point_at(doc, cursor).row;
        bool one = !strcmp(request, "inlay-row");
        infa_inlay_list *il = infa_document_inlay_hints(
            doc, one ? infa_document_line_start(doc, row) : 0,
            one ? infa_document_line_end(doc, row) : (uint32_t)len, inlay);
        for (size_t i = 0; i < infa_inlay_list_count(il); i++) {
            const infa_inlay_hint *h = infa_inlay_list_get(il, i);
            addf(out, "%u:%s", h->position.row + 1, h->label);
        }
        infa_inlay_list_delete(il);
    } else {
        fail("unknown request %s", request);
    }
    return NULL;
}

static void dump(const lines *l)
{
    fprintf(stderr, "  answer (%zu lines):\n", l->len);
    for (size_t i = 0; i < l->len && i < 80; i++)
        fprintf(stderr, "    %s\n", l->items[i]);
}

static long find(const lines *l, const char *s)
{
    for (size_t i = 0; i < l->len; i++)
        if (!strcmp(l->items[i], s))
            return (long)i;
    return -1;
}

static unsigned parse_inlay(const char *v)
{
    unsigned c = 0;
    if (strstr(v, "dirids"))
        c |= INFA_INLAY_DIRID;
    if (strstr(v, "regFlags"))
        c |= INFA_INLAY_REG_FLAGS;
    if (strstr(v, "serviceFlags"))
        c |= INFA_INLAY_SERVICE_FLAGS;
    return c;
}

static int run_fixture(const char *path)
{
    size_t len;
    char *text = testio_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    char *mark = strstr(text, "$0");
    uint32_t cursor = 0;
    if (mark) {
        cursor = (uint32_t)(mark - text);
        memmove(mark, mark + 2, len - cursor - 2 + 1);
        len -= 2;
    }
    char base[4096];
    snprintf(base, sizeof base, "%.*s", (int)(strlen(path) - 4), path);
    char epath[4200];
    snprintf(epath, sizeof epath, "%s.expect", base);
    char *expect = testio_read_file(epath, NULL);
    if (!expect) {
        fprintf(stderr, "cannot read %s\n", epath);
        return 1;
    }
    char request[256] = "";
    unsigned inlay = INFA_INLAY_ALL;
    for (char *p = expect; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (!strncmp(p, "request: ", 9))
            snprintf(request, sizeof request, "%.*s", (int)(n - 9), p + 9);
        if (!strncmp(p, "inlay: ", 7)) {
            char v[128];
            snprintf(v, sizeof v, "%.*s", (int)(n - 7), p + 7);
            inlay = parse_inlay(v);
        }
        p = nl ? nl + 1 : p + n;
    }
    if (!*request) {
        fprintf(stderr, "%s: no request line\n", epath);
        return 1;
    }
    infa_document *doc = infa_document_new(text, len);
    lines out = {0};
    char *renamed = NULL;
    size_t renamed_len = 0;
    char *error = describe(doc, request, cursor, inlay, &out, &renamed, &renamed_len);
    bool want_error = false;
    for (char *line = strtok(expect, "\n"); line; line = strtok(NULL, "\n")) {
        size_t ll = strlen(line);
        while (ll && (line[ll - 1] == '\r'))
            line[--ll] = 0;
        if (!ll || line[0] == '#' || !strncmp(line, "request: ", 9) || !strncmp(line, "inlay: ", 7))
            continue;
        char *colon = strstr(line, ": ");
        if (!colon) {
            fprintf(stderr, "bad expect line: %s\n", line);
            return 1;
        }
        *colon = 0;
        const char *key = line, *val = colon + 2;
        if (!strcmp(key, "error")) {
            want_error = true;
            if (!error || !strstr(error, val))
                fail("expected a refusal holding \"%s\", got %s", val, error ? error : "success");
        } else if (!strcmp(key, "result")) {
            if (find(&out, val) < 0) {
                fail("no answer line \"%s\"", val);
                dump(&out);
            }
        } else if (!strcmp(key, "no-result")) {
            if (find(&out, val) >= 0)
                fail("answer line \"%s\" must not be there", val);
        } else if (!strcmp(key, "contains")) {
            bool any = false;
            for (size_t i = 0; i < out.len && !any; i++)
                any = strstr(out.items[i], val) != NULL;
            if (!any) {
                fail("no answer line contains \"%s\"", val);
                dump(&out);
            }
        } else if (!strcmp(key, "count")) {
            if (out.len != (size_t)atoi(val)) {
                fail("%zu answer lines, expected %s", out.len, val);
                dump(&out);
            }
        } else if (!strcmp(key, "order")) {
            char *arrow = strstr(val, " => ");
            if (!arrow) {
                fprintf(stderr, "bad order line\n");
                return 1;
            }
            *arrow = 0;
            long a = find(&out, val), b = find(&out, arrow + 4);
            if (a < 0 || b < 0 || a >= b) {
                fail("\"%s\" must come before \"%s\"", val, arrow + 4);
                dump(&out);
            }
        } else {
            fprintf(stderr, "unknown expect key %s\n", key);
            return 1;
        }
    }
    if (error && !want_error)
        fail("refused: %s", error);
    if (!strncmp(request, "rename ", 7) && !error) {
        char rpath[4200];
        snprintf(rpath, sizeof rpath, "%s.renamed", base);
        size_t elen;
        char *want = testio_read_file(rpath, &elen);
        if (!want)
            fail("cannot read %s", rpath);
        else if (elen != renamed_len || memcmp(want, renamed, elen) != 0)
            fail("text after the rename differs from %s:\n%.*s", rpath, (int)renamed_len, renamed);
        free(want);
    }
    free(renamed);
    free(error);
    lines_free(&out);
    infa_document_delete(doc);
    free(expect);
    free(text);
    if (failures)
        fprintf(stderr, "%s: %d failure(s)\n", path, failures);
    return failures ? 1 : 0;
}

/* ---- Corpus walk --------------------------------------------------------------------------- */

static bool is_header_name(const infa_model *m, uint32_t start)
{
    for (uint32_t b = 0, n = infa_model_block_count(m); b < n; b++) {
        infa_span s = infa_model_block(m, b)->name_span;
        if (s.start == start)
            return true;
    }
    return false;
}

static void walk_definitions(const char *path, infa_document *doc, size_t *checked)
{
    const infa_model *m = infa_document_model(doc);
    for (uint32_t i = 0, n = infa_model_ref_count(m); i < n; i++) {
        const infa_ref *r = infa_model_ref(m, i);
        infa_nav_list *l = infa_document_definition(doc, r->span.start);
        size_t c = infa_nav_list_count(l);
        if (r->target != INFA_NONE && c == 0)
            fail("%s:%u: definition of [%.*s] found nothing", path,
                 infa_model_row_at(m, r->span.start) + 1, (int)r->name_len, r->name);
        for (size_t k = 0; k < c; k++) {
            const infa_nav_target *t = infa_nav_list_get(l, k);
            if (t->file || !is_header_name(m, t->range.start_byte))
                fail("%s:%u: definition of [%.*s] is not a header", path,
                     infa_model_row_at(m, r->span.start) + 1, (int)r->name_len, r->name);
        }
        (*checked)++;
        infa_nav_list_delete(l);
    }
}

static uint32_t undefined_refs(infa_document *doc)
{
    const infa_model *m = infa_document_model(doc);
    uint32_t n = 0;
    for (uint32_t i = 0, c = infa_model_ref_count(m); i < c; i++)
        n += infa_model_ref(m, i)->target == INFA_NONE;
    return n;
}

static void walk_rename(const char *path, const char *text, size_t len, infa_document *doc,
                        size_t *renamed)
{
    const infa_model *m = infa_document_model(doc);
    uint32_t nb = infa_model_block_count(m);
    if (nb == 0)
        return;
    /* A stable pseudo-random block: the file name's hash picks it. */
    uint32_t h = infa_hash_nocase(path, strlen(path));
    for (uint32_t tries = 0; tries < nb; tries++) {
        const infa_block *b = infa_model_block(m, (h + tries) % nb);
        infa_range r;
        char *why;
        if (!infa_document_rename_prepare(doc, b->name_span.start, &r, &why)) {
            free(why);
            continue;
        }
        char *old = infa_xstrndup(text + r.start_byte, r.end_byte - r.start_byte);
        infa_rename *rn = infa_document_rename(doc, b->name_span.start, "InfLsRenamed", 12);
        if (infa_rename_error(rn)) {
            /* A refusal (collision, a name through %strkey%) is fine, once. */
            infa_rename_delete(rn);
            free(old);
            continue;
        }
        size_t n, nlen;
        const infa_text_edit *edits = infa_rename_edits(rn, &n);
        char *once = infa_edits_apply(text, len, edits, n, &nlen);
        /* Where the header's name starts in the new text. */
        uint32_t at = b->name_span.start;
        for (size_t i = 0; i < n && edits[i].range.start_byte < b->name_span.start; i++)
            at = at + (uint32_t)strlen(edits[i].new_text) -
                 (edits[i].range.end_byte - edits[i].range.start_byte);
        infa_rename_delete(rn);
        infa_document *d2 = infa_document_new(once, nlen);
        /* Every reference still resolves: nothing was left behind. */
        if (undefined_refs(d2) != undefined_refs(doc))
            fail("%s: renaming %s left %u references undefined (%u before)", path, old,
                 undefined_refs(d2), undefined_refs(doc));
        infa_rename *back = infa_document_rename(d2, at, old, strlen(old));
        if (infa_rename_error(back)) {
            fail("%s: renaming [InfLsRenamed] back to %s refused: %s", path, old,
                 infa_rename_error(back));
        } else {
            size_t bn, blen;
            const infa_text_edit *be = infa_rename_edits(back, &bn);
            char *twice = infa_edits_apply(once, nlen, be, bn, &blen);
            if (blen != len || memcmp(twice, text, len) != 0)
                fail("%s: renaming %s and back changed the file", path, old);
            if (bn != n)
                fail("%s: %zu edits renaming %s, %zu renaming it back", path, n, old, bn);
            free(twice);
            (*renamed)++;
        }
        infa_rename_delete(back);
        infa_document_delete(d2);
        free(once);
        free(old);
        return;
    }
}

static void walk_tokens(const char *path, const char *text, size_t len, infa_document *doc)
{
    const infa_model *m = infa_document_model(doc);
    size_t n;
    infa_sem_token *t = infa_document_semantic_tokens(doc, 0, (uint32_t)len, &n);
    for (size_t i = 0; i < n; i++) {
        uint32_t row_end = infa_document_line_end(doc, t[i].start.row);
        if (t[i].length == 0 || t[i].start_byte + t[i].length > row_end)
            fail("%s:%u: token spans rows or is empty", path, t[i].start.row + 1);
        if (i && t[i].start_byte < t[i - 1].start_byte + t[i - 1].length)
            fail("%s:%u: tokens overlap", path, t[i].start.row + 1);
    }
    /* Every header name and every comment is covered. */
    size_t k = 0;
    for (uint32_t b = 0, nb = infa_model_block_count(m); b < nb; b++) {
        const infa_block *blk = infa_model_block(m, b);
        if (blk->name_span.end == blk->name_span.start)
            continue;
        while (k < n && t[k].start_byte < blk->name_span.start)
            k++;
        if (k == n || t[k].type != INFA_SEM_NAMESPACE || t[k].start_byte != blk->name_span.start)
            fail("%s:%u: header name not a namespace token", path, blk->header_row + 1);
    }
    size_t ci = 0;
    for (uint32_t row = 0, rows = infa_document_line_count(doc); row < rows; row++) {
        uint32_t s = infa_document_line_start(doc, row), e = infa_document_line_end(doc, row);
        uint32_t i = s;
        while (i < e && (text[i] == ' ' || text[i] == '\t'))
            i++;
        if (i == e || text[i] != ';')
            continue;
        while (ci < n && t[ci].start_byte < i)
            ci++;
        if (ci == n || t[ci].start_byte != i || t[ci].type != INFA_SEM_COMMENT)
            fail("%s:%u: comment row not covered by a comment token", path, row + 1);
    }
    free(t);
}

/* Every position-taking feature at ~200 offsets: never crash (the ASan
 * build runs this too), ranges inside the text, selections nested. */
static void walk_positions(const char *path, size_t len, infa_document *doc)
{
    size_t stride = len / 200 + 1;
    for (size_t at = 0; at <= len; at += stride) {
        uint32_t b = (uint32_t)at;
        infa_nav_list *l = infa_document_definition(doc, b);
        infa_nav_list_delete(l);
        l = infa_document_references(doc, b, true);
        for (size_t i = 0; i < infa_nav_list_count(l); i++)
            if (infa_nav_list_get(l, i)->range.end_byte > len)
                fail("%s: a reference range past the end", path);
        infa_nav_list_delete(l);
        infa_range r[4];
        char *why = NULL;
        if (infa_document_rename_prepare(doc, b, &r[0], &why) && r[0].end_byte > len)
            fail("%s: a rename range past the end", path);
        free(why);
        infa_rename_delete(infa_document_rename(doc, b, "X1", 2));
        size_t n = infa_document_selection(doc, b, r);
        for (size_t i = 1; i < n; i++)
            if (r[i].start_byte > r[i - 1].start_byte || r[i].end_byte < r[i - 1].end_byte)
                fail("%s:%zu: selection ranges not nested", path, at);
        size_t nt;
        free(infa_document_semantic_tokens(doc, b, b + (uint32_t)stride, &nt));
        infa_inlay_list_delete(
            infa_document_inlay_hints(doc, b, b + (uint32_t)stride, INFA_INLAY_ALL));
    }
    size_t nf;
    free(infa_document_folds(doc, &nf));
    infa_symbol_list_delete(infa_document_symbols(doc));
}

static int run_corpus(const char *dir)
{
    testio_files files;
    testio_inf_files(dir, &files);
    if (files.count == 0) {
        fprintf(stderr, "no corpus at %s; skipping\n", dir);
        return 77;
    }
    size_t refs = 0, renamed = 0;
    for (size_t i = 0; i < files.count && failures < 50; i++) {
        size_t len;
        char *text = testio_read_inf(files.paths[i], &len);
        if (!text)
            continue;
        infa_document *doc = infa_document_new(text, len);
        walk_definitions(files.paths[i], doc, &refs);
        walk_rename(files.paths[i], text, len, doc, &renamed);
        walk_tokens(files.paths[i], text, len, doc);
        walk_positions(files.paths[i], len, doc);
        infa_document_delete(doc);
        free(text);
    }
    printf("%zu files, %zu references resolved, %zu sections renamed and back, %d failures\n",
           files.count, refs, renamed, failures);
    testio_files_free(&files);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "fixture"))
        return run_fixture(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "corpus"))
        return run_corpus(argv[2]);
    fprintf(stderr, "usage: nav_runner fixture <case.inf> | corpus <dir>\n");
    return 2;
}
