#include "document.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "tree_sitter_inf.h"

struct infa_document {
    char *text;
    size_t len;
    size_t cap;
    /* Start offset of every row; rows end at CRLF, LF or a bare CR. */
    uint32_t *line_starts;
    uint32_t line_count;
    uint32_t line_cap;
    TSParser *parser;
    TSTree *tree;
    infa_model *model;
    uint64_t revision;
};

static void infa_document__reserve_lines(infa_document *doc, uint32_t need)
{
    if (need <= doc->line_cap)
        return;
    uint32_t cap = doc->line_cap ? doc->line_cap : 64;
    while (cap < need)
        cap *= 2;
    doc->line_starts = infa_xrealloc(doc->line_starts, cap * sizeof(uint32_t));
    doc->line_cap = cap;
}

/* Appends the starts of the rows that begin inside (from, to] to the line
 * index. `from` itself must already be a row start. */
static void infa_document__scan_rows(infa_document *doc, uint32_t from, uint32_t to)
{
    const char *t = doc->text;
    for (uint32_t i = from; i < to; i++) {
        char c = t[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\r' && i + 1 < doc->len && t[i + 1] == '\n')
            i++;
        infa_document__reserve_lines(doc, doc->line_count + 1);
        doc->line_starts[doc->line_count++] = i + 1;
    }
}

static void infa_document__index_all(infa_document *doc)
{
    doc->line_count = 0;
    infa_document__reserve_lines(doc, 1);
    doc->line_starts[doc->line_count++] = 0;
    infa_document__scan_rows(doc, 0, (uint32_t)doc->len);
}

static uint32_t infa_document__row_at(const infa_document *doc, uint32_t byte)
{
    uint32_t lo = 0, hi = doc->line_count;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (doc->line_starts[mid] <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* tree-sitter counts rows by '\n' only. For LF and CRLF text that equals our
 * rows; for bare-CR text the points drift, which is harmless because the
 * analysis uses byte offsets only. */
static TSPoint infa_document__ts_point(const infa_document *doc, uint32_t byte)
{
    uint32_t row = infa_document__row_at(doc, byte);
    TSPoint p = {row, byte - doc->line_starts[row]};
    return p;
}

static void infa_document__reparse(infa_document *doc, const infa_model_edit *edit)
{
    TSTree *old = doc->tree;
    TSTree *tree = ts_parser_parse_string(doc->parser, old, doc->text, (uint32_t)doc->len);
    if (!tree) {
        /* Only a cancellation or timeout returns NULL; neither is set, but a
         * tree must exist whatever happens. */
        ts_parser_reset(doc->parser);
        tree = ts_parser_parse_string(doc->parser, NULL, doc->text, (uint32_t)doc->len);
        edit = NULL;
    }
    uint32_t changed_count = 0;
    TSRange *changed = NULL;
    if (old && edit)
        changed = ts_tree_get_changed_ranges(old, tree, &changed_count);
    infa_model_update(doc->model, tree, doc->text, doc->len, doc->line_starts, doc->line_count,
                      old ? edit : NULL, changed, changed_count);
    free(changed);
    if (old)
        ts_tree_delete(old);
    doc->tree = tree;
    doc->revision++;
}

infa_document *infa_document_new(const char *text, size_t len)
{
    infa_document *doc = infa_xcalloc(1, sizeof(*doc));
    doc->cap = len + 1;
    doc->text = infa_xmalloc(doc->cap);
    memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;
    infa_document__index_all(doc);
    doc->parser = ts_parser_new();
    ts_parser_set_language(doc->parser, tree_sitter_inf());
    doc->model = infa_model_new();
    infa_document__reparse(doc, NULL);
    return doc;
}

void infa_document_delete(infa_document *doc)
{
    if (!doc)
        return;
    infa_model_delete(doc->model);
    if (doc->tree)
        ts_tree_delete(doc->tree);
    ts_parser_delete(doc->parser);
    free(doc->line_starts);
    free(doc->text);
    free(doc);
}

void infa_document_apply_edit(infa_document *doc, uint32_t start, uint32_t old_end,
                              const char *new_text, size_t new_len)
{
    if (start > doc->len)
        start = (uint32_t)doc->len;
    if (old_end > doc->len)
        old_end = (uint32_t)doc->len;
    if (old_end < start)
        old_end = start;

    TSInputEdit te;
    te.start_byte = start;
    te.old_end_byte = old_end;
    te.new_end_byte = start + (uint32_t)new_len;
    te.start_point = infa_document__ts_point(doc, start);
    te.old_end_point = infa_document__ts_point(doc, old_end);

    /* Rows that end at or after the edit may change; rows that start well
     * after it only move. Rescan from the row before the edit so that a CR
     * left at the end of it can pair with an LF the edit inserts. */
    uint32_t first_row = infa_document__row_at(doc, start);
    if (first_row > 0)
        first_row--;
    uint32_t keep_from = infa_document__row_at(doc, old_end) + 1;
    while (keep_from < doc->line_count && doc->line_starts[keep_from] <= old_end + 1)
        keep_from++;
    uint32_t kept = doc->line_count - keep_from;
    uint32_t *tail = NULL;
    if (kept) {
        tail = infa_xmalloc(kept * sizeof(uint32_t));
        memcpy(tail, doc->line_starts + keep_from, kept * sizeof(uint32_t));
    }
    uint32_t scan_from = doc->line_starts[first_row];

    size_t new_total = doc->len - (old_end - start) + new_len;
    if (new_total + 1 > doc->cap) {
        size_t cap = doc->cap * 2;
        if (cap < new_total + 1)
            cap = new_total + 1;
        doc->text = infa_xrealloc(doc->text, cap);
        doc->cap = cap;
    }
    memmove(doc->text + start + new_len, doc->text + old_end, doc->len - old_end);
    memcpy(doc->text + start, new_text, new_len);
    doc->len = new_total;
    doc->text[doc->len] = '\0';

    int64_t delta = (int64_t)new_len - (int64_t)(old_end - start);
    uint32_t scan_to = kept ? (uint32_t)((int64_t)tail[0] + delta) : (uint32_t)doc->len;
    doc->line_count = first_row + 1;
    /* Rows inside the rescanned region; the one at scan_to is in the tail. */
    infa_document__scan_rows(doc, scan_from, scan_to);
    if (kept && doc->line_count > 0 && doc->line_starts[doc->line_count - 1] == scan_to)
        doc->line_count--;
    infa_document__reserve_lines(doc, doc->line_count + kept);
    for (uint32_t i = 0; i < kept; i++)
        doc->line_starts[doc->line_count++] = (uint32_t)((int64_t)tail[i] + delta);
    free(tail);

    te.new_end_point = infa_document__ts_point(doc, te.new_end_byte);
    ts_tree_edit(doc->tree, &te);
    infa_model_edit me = {start, old_end, te.new_end_byte};
    infa_document__reparse(doc, &me);
}

void infa_document_set_text(infa_document *doc, const char *text, size_t len)
{
    size_t prefix = 0;
    size_t max = len < doc->len ? len : doc->len;
    while (prefix < max && text[prefix] == doc->text[prefix])
        prefix++;
    size_t suffix = 0;
    while (suffix < max - prefix && text[len - 1 - suffix] == doc->text[doc->len - 1 - suffix])
        suffix++;
    infa_document_apply_edit(doc, (uint32_t)prefix, (uint32_t)(doc->len - suffix), text + prefix,
                             len - prefix - suffix);
}

const char *infa_document_text(const infa_document *doc, size_t *len)
{
    if (len)
        *len = doc->len;
    return doc->text;
}

uint64_t infa_document_revision(const infa_document *doc)
{
    return doc->revision;
}

uint32_t infa_document_line_count(const infa_document *doc)
{
    return doc->line_count;
}

uint32_t infa_document_line_start(const infa_document *doc, uint32_t row)
{
    if (row >= doc->line_count)
        return (uint32_t)doc->len;
    return doc->line_starts[row];
}

uint32_t infa_document_line_end(const infa_document *doc, uint32_t row)
{
    if (row >= doc->line_count)
        return (uint32_t)doc->len;
    uint32_t end = row + 1 < doc->line_count ? doc->line_starts[row + 1] : (uint32_t)doc->len;
    uint32_t start = doc->line_starts[row];
    if (end > start && doc->text[end - 1] == '\n')
        end--;
    if (end > start && doc->text[end - 1] == '\r')
        end--;
    return end;
}

infa_point infa_document_point_at(const infa_document *doc, uint32_t byte)
{
    if (byte > doc->len)
        byte = (uint32_t)doc->len;
    uint32_t row = infa_document__row_at(doc, byte);
    infa_point p = {row, byte - doc->line_starts[row]};
    return p;
}

infa_range infa_document_range(const infa_document *doc, uint32_t start_byte, uint32_t end_byte)
{
    infa_range r;
    if (start_byte > doc->len)
        start_byte = (uint32_t)doc->len;
    if (end_byte > doc->len)
        end_byte = (uint32_t)doc->len;
    if (end_byte < start_byte)
        end_byte = start_byte;
    r.start_byte = start_byte;
    r.end_byte = end_byte;
    r.start = infa_document_point_at(doc, start_byte);
    r.end = infa_document_point_at(doc, end_byte);
    return r;
}

const infa_model *infa_document_model(infa_document *doc)
{
    return doc->model;
}

const TSTree *infa_document_tree(const infa_document *doc)
{
    return doc->tree;
}
