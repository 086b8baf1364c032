#include "document.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "tree_sitter_inf.h"

/* The document is parsed in segments, each starting at a section header,
 * with one tree per segment. tree-sitter reuses the siblings of a long repeat
 * one by one, so a single tree would cost a keystroke time proportional to
 * the number of sections; with segments, a keystroke reparses (incrementally)
 * only the segment it falls in. A header starts a segment only where no
 * line continuation or Ctrl-Z before it could make the parse of one segment
 * depend on another. */
typedef struct {
    uint32_t start;
    uint32_t len;
    TSTree *tree; /* offsets relative to start */
    bool has_stray;
} infa_document__segment;

struct infa_document {
    char *text;
    size_t len;
    size_t cap;
    infa_document__segment *segs;
    uint32_t seg_count;
    uint32_t seg_cap;
    /* Start offset of every row; rows end at CRLF, LF or a bare CR. */
    uint32_t *line_starts;
    uint32_t line_count;
    uint32_t line_cap;
    TSParser *parser;
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

/* tree-sitter counts rows by '\n' only, relative to the segment. */
static TSPoint infa_document__ts_point(const char *t, uint32_t from, uint32_t byte)
{
    TSPoint p = {0, 0};
    uint32_t line = from;
    for (uint32_t i = from; i < byte; i++) {
        if (t[i] == '\n') {
            p.row++;
            line = i + 1;
        }
    }
    p.column = byte - line;
    return p;
}

/* Segment starts in [from, to): `from` is one; every later line that starts
 * (after blanks) with '[' is one unless the line before it holds a '\' (it
 * might continue into the header) or a Ctrl-Z came first (the rest of the
 * file is one end-of-file node). *joins_next tells whether the position `to`
 * cannot start a segment for the same reasons. */
typedef INFA_VEC(uint32_t) infa_document__starts;

static void infa_document__split(const char *t, size_t len, uint32_t from, uint32_t to,
                                 infa_document__starts *starts, bool *joins_next)
{
    bool prev_backslash = false, ctrl_z = false;
    uint32_t pos = from;
    INFA_VEC_PUSH(starts, from);
    while (pos < to) {
        if (pos != from && !prev_backslash && !ctrl_z) {
            uint32_t q = pos;
            while (q < to && (t[q] == ' ' || t[q] == '\t'))
                q++;
            if (q < to && t[q] == '[')
                INFA_VEC_PUSH(starts, pos);
        }
        bool backslash = false;
        while (pos < to && t[pos] != '\n' && t[pos] != '\r') {
            if (t[pos] == '\\')
                backslash = true;
            else if (t[pos] == 0x1a)
                ctrl_z = true;
            pos++;
        }
        if (pos < to) {
            if (t[pos] == '\r' && pos + 1 < len && t[pos + 1] == '\n')
                pos++;
            pos++;
        }
        prev_backslash = backslash;
    }
    *joins_next = prev_backslash || ctrl_z;
}

/* Index of the segment holding byte (the last one starting at or before it). */
static uint32_t infa_document__seg_at(const infa_document *doc, uint32_t byte)
{
    uint32_t lo = 0, hi = doc->seg_count;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (doc->segs[mid].start <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static TSTree *infa_document__parse(infa_document *doc, TSTree *old, uint32_t start, uint32_t len)
{
    TSTree *tree = ts_parser_parse_string(doc->parser, old, doc->text + start, len);
    if (!tree) {
        /* Only cancellation or a timeout return NULL, and neither is set;
         * a tree must exist whatever happens. */
        ts_parser_reset(doc->parser);
        tree = ts_parser_parse_string(doc->parser, NULL, doc->text + start, len);
    }
    return tree;
}

static void infa_document__update_model(infa_document *doc, uint32_t region_first,
                                        uint32_t region_count, const infa_model_edit *edit,
                                        const infa_span *changed, uint32_t changed_count)
{
    infa_model_segment *ms = infa_xmalloc((doc->seg_count ? doc->seg_count : 1) * sizeof(*ms));
    for (uint32_t i = 0; i < doc->seg_count; i++) {
        ms[i].tree = doc->segs[i].tree;
        ms[i].base = doc->segs[i].start;
        ms[i].has_stray = doc->segs[i].has_stray;
    }
    infa_model_update(doc->model, ms, doc->seg_count, region_first, region_count, doc->text,
                      doc->len, doc->line_starts, doc->line_count, edit, changed, changed_count);
    free(ms);
    doc->revision++;
}

/* Parses the whole text into fresh segments. */
static void infa_document__parse_all(infa_document *doc)
{
    for (uint32_t i = 0; i < doc->seg_count; i++)
        ts_tree_delete(doc->segs[i].tree);
    infa_document__starts starts = {0};
    bool joins;
    infa_document__split(doc->text, doc->len, 0, (uint32_t)doc->len, &starts, &joins);
    doc->seg_count = 0;
    if (starts.len > doc->seg_cap) {
        doc->seg_cap = (uint32_t)starts.len;
        doc->segs = infa_xrealloc(doc->segs, doc->seg_cap * sizeof(*doc->segs));
    }
    for (size_t i = 0; i < starts.len; i++) {
        uint32_t s = starts.items[i];
        uint32_t e = i + 1 < starts.len ? starts.items[i + 1] : (uint32_t)doc->len;
        infa_document__segment *seg = &doc->segs[doc->seg_count++];
        seg->start = s;
        seg->len = e - s;
        seg->tree = infa_document__parse(doc, NULL, s, e - s);
        seg->has_stray = infa_model_segment_has_stray(seg->tree);
    }
    INFA_VEC_FREE(&starts);
    infa_document__update_model(doc, 0, doc->seg_count, NULL, NULL, 0);
}

/* After the text changed in [start, old_end) -> [start, new_end): reparses
 * the segments the edit touched (incrementally when the edit stays inside
 * one segment) and moves the others. */
static void infa_document__reparse_edit(infa_document *doc, const infa_model_edit *edit)
{
    int64_t delta = (int64_t)edit->new_end - (int64_t)edit->old_end;
    /* Segments that may change: the one holding the edit's start (and the one
     * before, when the edit starts at a segment start: its header may be
     * gone) through the one holding old_end (so an edit ending at the next
     * header includes it). */
    uint32_t first = infa_document__seg_at(doc, edit->start);
    if (first > 0 && doc->segs[first].start == edit->start)
        first--;
    /* seg_at works on old offsets: starts of later segments are unmoved yet. */
    uint32_t last = infa_document__seg_at(doc, edit->old_end);
    if (last < first)
        last = first;

    infa_document__starts starts = {0};
    uint32_t rstart = doc->segs[first].start, rend;
    for (;;) {
        const infa_document__segment *ls = &doc->segs[last];
        rend = (uint32_t)((int64_t)ls->start + ls->len + delta);
        starts.len = 0;
        bool joins;
        infa_document__split(doc->text, doc->len, rstart, rend, &starts, &joins);
        if (!joins || last + 1 >= doc->seg_count)
            break;
        /* The region's last line now continues into the next segment, or a
         * Ctrl-Z ends the file inside the region: take the next one in. */
        last++;
    }

    uint32_t old_n = last - first + 1;
    uint32_t new_n = (uint32_t)starts.len;
    infa_document__segment *fresh = infa_xcalloc(new_n, sizeof(*fresh));
    INFA_VEC(infa_span) changed = {0};
    for (uint32_t i = 0; i < new_n; i++) {
        fresh[i].start = starts.items[i];
        fresh[i].len = (i + 1 < new_n ? starts.items[i + 1] : rend) - starts.items[i];
    }
    if (old_n == 1 && new_n == 1) {
        /* The common case: typing inside one section. */
        infa_document__segment *old = &doc->segs[first];
        uint32_t base = old->start;
        TSInputEdit te;
        te.start_byte = edit->start - base;
        te.old_end_byte = edit->old_end - base;
        te.new_end_byte = edit->new_end - base;
        /* Points before the edit are the same in old and new text; the old
         * end point is measured on the old text, which is gone, so it is
         * derived from the edit's own rows. */
        te.start_point = infa_document__ts_point(doc->text, base, edit->start);
        te.new_end_point = infa_document__ts_point(doc->text, base, edit->new_end);
        te.old_end_point = te.new_end_point; /* bytes drive reuse; rows are unused */
        ts_tree_edit(old->tree, &te);
        fresh[0].tree = infa_document__parse(doc, old->tree, base, fresh[0].len);
        fresh[0].has_stray = infa_model_segment_has_stray(fresh[0].tree);
        uint32_t n = 0;
        TSRange *r = ts_tree_get_changed_ranges(old->tree, fresh[0].tree, &n);
        for (uint32_t i = 0; i < n; i++) {
            infa_span sp = {base + r[i].start_byte, base + r[i].end_byte};
            INFA_VEC_PUSH(&changed, sp);
        }
        free(r);
        ts_tree_delete(old->tree);
    } else {
        for (uint32_t i = 0; i < new_n; i++) {
            fresh[i].tree = infa_document__parse(doc, NULL, fresh[i].start, fresh[i].len);
            fresh[i].has_stray = infa_model_segment_has_stray(fresh[i].tree);
        }
        for (uint32_t i = first; i <= last; i++)
            ts_tree_delete(doc->segs[i].tree);
        infa_span sp = {rstart, rend};
        INFA_VEC_PUSH(&changed, sp);
    }

    /* Splice the new segments in and move the later ones. */
    uint32_t count = doc->seg_count - old_n + new_n;
    if (count > doc->seg_cap) {
        doc->seg_cap = count * 2;
        doc->segs = infa_xrealloc(doc->segs, doc->seg_cap * sizeof(*doc->segs));
    }
    memmove(doc->segs + first + new_n, doc->segs + last + 1,
            (doc->seg_count - last - 1) * sizeof(*doc->segs));
    memcpy(doc->segs + first, fresh, new_n * sizeof(*fresh));
    doc->seg_count = count;
    for (uint32_t i = first + new_n; i < count; i++)
        doc->segs[i].start = (uint32_t)((int64_t)doc->segs[i].start + delta);
    free(fresh);
    INFA_VEC_FREE(&starts);

    infa_document__update_model(doc, first, new_n, edit, changed.items, (uint32_t)changed.len);
    INFA_VEC_FREE(&changed);
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
    infa_document__parse_all(doc);
    return doc;
}

void infa_document_delete(infa_document *doc)
{
    if (!doc)
        return;
    infa_model_delete(doc->model);
    for (uint32_t i = 0; i < doc->seg_count; i++)
        ts_tree_delete(doc->segs[i].tree);
    free(doc->segs);
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
    uint32_t old_tail_start = kept ? doc->line_starts[keep_from] : 0;
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
    uint32_t scan_to = kept ? (uint32_t)((int64_t)old_tail_start + delta) : (uint32_t)doc->len;
    /* Rows that start inside the rescanned region (the one at scan_to is the
     * tail's first): few, so they go to a small buffer, and the tail moves
     * once, in place. */
    INFA_VEC(uint32_t) mid = {0};
    for (uint32_t i = scan_from; i < scan_to; i++) {
        char c = doc->text[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\r' && i + 1 < doc->len && doc->text[i + 1] == '\n')
            i++;
        if (i + 1 != scan_to || !kept)
            INFA_VEC_PUSH(&mid, i + 1);
    }
    uint32_t count = first_row + 1 + (uint32_t)mid.len + kept;
    infa_document__reserve_lines(doc, count);
    memmove(doc->line_starts + first_row + 1 + mid.len, doc->line_starts + keep_from,
            kept * sizeof(uint32_t));
    if (mid.len)
        memcpy(doc->line_starts + first_row + 1, mid.items, mid.len * sizeof(uint32_t));
    for (uint32_t i = first_row + 1 + (uint32_t)mid.len; i < count; i++)
        doc->line_starts[i] = (uint32_t)((int64_t)doc->line_starts[i] + delta);
    doc->line_count = count;
    INFA_VEC_FREE(&mid);

    infa_model_edit me = {start, old_end, start + (uint32_t)new_len};
    infa_document__reparse_edit(doc, &me);
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
