#include "document.h"

#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tree_sitter_inf.h"

/* The document is parsed in segments, with one tree per segment.
 * tree-sitter reuses the siblings of a long repeat one by one, so a single
 * tree would cost a keystroke time proportional to the number of sections,
 * and one tree per section time proportional to the section's lines. So a
 * segment starts at every section header, and inside a section at "chunk"
 * lines: entry lines whose hash has its low bits zero. The choice depends on
 * the line's own text only, so an edit moves no boundary but those on the
 * lines it touches, and typing in a 40 KB [Strings] section reparses a chunk
 * of about 2^INFA_DOCUMENT__CHUNK_BITS lines. No line starts a segment where
 * a line continuation or Ctrl-Z before it could make the parse of one
 * segment depend on another. */
enum { INFA_DOCUMENT__CHUNK_BITS = 4 };

struct infa_document {
    /* The text is text[0, len), NUL-terminated, inside the allocation
     * buf[0, cap) with room on both sides: an edit moves the shorter side. */
    char *buf;
    size_t cap;
    char *text;
    size_t len;
    infa_model_segment *segs;
    uint32_t seg_count;
    uint32_t seg_cap;
    uint32_t trail_segments; /* segments whose trail is set */
    /* A keystroke moves every later segment: bases from seg_tail_from on
     * are off by seg_tail_delta, added as edits reach them. The model reads
     * bases directly, so the segments it will read are brought up to date
     * before each update. */
    uint32_t seg_tail_from;
    int64_t seg_tail_delta;
    infa_line_index lines;
    TSParser *parser;
    infa_model *model;
    uint64_t revision;
    /* Chunk lines are those whose hash & chunk_mask is 0; chunking is off
     * when chunk_off. */
    uint32_t chunk_mask;
    bool chunk_off;
    infa_engine_cache *engine_cache;
    char *file_name; /* infa_document_set_origin; NULL = unknown */
    bool has_encoding;
    infa_text_encoding encoding;
};

static void infa_document__reserve_lines(infa_document *doc, uint32_t need)
{
    infa_line_index *li = &doc->lines;
    if (need <= li->cap)
        return;
    uint32_t cap = li->cap ? li->cap : 64;
    while (cap < need)
        cap *= 2;
    li->starts = infa_xrealloc(li->starts, cap * sizeof(uint32_t));
    li->cap = cap;
}

static uint32_t infa_document__line(const infa_document *doc, uint32_t row)
{
    return infa_line_index_start(&doc->lines, row);
}

/* Makes the lazy move of the line index start at row `from`, adding it to
 * the rows between the old start and the new one: O(distance), so edits
 * near each other cost little. */
static void infa_document__move_line_tail(infa_document *doc, uint32_t from)
{
    infa_line_index *li = &doc->lines;
    if (li->tail_delta != 0) {
        for (uint32_t i = li->tail_from; i < from; i++)
            li->starts[i] = (uint32_t)((int64_t)li->starts[i] + li->tail_delta);
        for (uint32_t i = from; i < li->tail_from; i++)
            li->starts[i] = (uint32_t)((int64_t)li->starts[i] - li->tail_delta);
    }
    li->tail_from = from;
}

/* Copies text[0, len) into a fresh allocation with room for `want` bytes
 * and slack on both sides. */
static void infa_document__place_text(infa_document *doc, const char *text, size_t len, size_t want)
{
    size_t slack = want / 4 + 64;
    char *buf = infa_xmalloc(want + 2 * slack + 1);
    memcpy(buf + slack, text, len);
    buf[slack + len] = '\0';
    free(doc->buf);
    doc->buf = buf;
    doc->cap = want + 2 * slack + 1;
    doc->text = buf + slack;
    doc->len = len;
}

/* Replaces text[start, old_end) with new_text, moving whichever side of the
 * edit is shorter: on average a quarter of the text instead of half. */
static void infa_document__splice_text(infa_document *doc, uint32_t start, uint32_t old_end,
                                       const char *new_text, size_t new_len)
{
    int64_t delta = (int64_t)new_len - (int64_t)(old_end - start);
    size_t new_total = (size_t)((int64_t)doc->len + delta);
    size_t head_room = (size_t)(doc->text - doc->buf);
    size_t tail_room = doc->cap - head_room - doc->len - 1;
    size_t suffix = doc->len - old_end;
    bool move_prefix = start < suffix;
    if (move_prefix ? delta > (int64_t)head_room : delta > (int64_t)tail_room) {
        /* No room on that side: build the new text in a larger allocation. */
        char *buf = infa_xmalloc(new_total + 1);
        memcpy(buf, doc->text, start);
        memcpy(buf + start, new_text, new_len);
        memcpy(buf + start + new_len, doc->text + old_end, suffix);
        infa_document__place_text(doc, buf, new_total, new_total * 2);
        free(buf);
        return;
    }
    if (move_prefix) {
        char *text = doc->text - delta;
        memmove(text, doc->text, start);
        doc->text = text;
    } else {
        memmove(doc->text + start + new_len, doc->text + old_end, suffix);
    }
    memcpy(doc->text + start, new_text, new_len);
    doc->len = new_total;
    doc->text[doc->len] = '\0';
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
        infa_document__reserve_lines(doc, doc->lines.count + 1);
        doc->lines.starts[doc->lines.count++] = i + 1;
    }
}

static void infa_document__index_all(infa_document *doc)
{
    doc->lines.count = 0;
    doc->lines.tail_from = 0;
    doc->lines.tail_delta = 0;
    infa_document__reserve_lines(doc, 1);
    doc->lines.starts[doc->lines.count++] = 0;
    infa_document__scan_rows(doc, 0, (uint32_t)doc->len);
}

static uint32_t infa_document__row_at(const infa_document *doc, uint32_t byte)
{
    uint32_t lo = 0, hi = doc->lines.count;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (infa_document__line(doc, mid) <= byte)
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
 * (after blanks) with '[', or is a chunk line, is one unless the line before
 * it may end in a line continuation (it would continue into the line) or a
 * Ctrl-Z came first (the rest of the file is one end-of-file node). *joins_next tells whether
 * the position `to` cannot start a segment for the same reasons. */
typedef INFA_VEC(uint32_t) infa_document__starts;

static void infa_document__split(const infa_document *doc, uint32_t from, uint32_t to,
                                 infa_document__starts *starts, bool *joins_next)
{
    const char *t = doc->text;
    bool prev_backslash = false, ctrl_z = false;
    uint32_t pos = from;
    INFA_VEC_PUSH(starts, from);
    while (pos < to) {
        uint32_t line = pos;
        while (pos < to && (t[pos] == ' ' || t[pos] == '\t'))
            pos++;
        char first = pos < to ? t[pos] : '\n';
        bool may_start = line != from && !prev_backslash && !ctrl_z;
        /* FNV-1a over the line from its first non-blank byte. */
        uint32_t h = 2166136261u;
        /* The scanner joins the next line to this one after a `\\` that
         * only blanks and then a comment or the line end follow. This is a
         * superset of that (a `;` inside quotes counts too, and the bytes of
         * U+FEFF count as blanks), so no join is ever missed; a `\\` inside
         * a hardware ID or a path does not count. */
        bool backslash = false, after_backslash = false;
        while (pos < to && t[pos] != '\n' && t[pos] != '\r') {
            uint8_t c = (uint8_t)t[pos];
            if (c == '\\') {
                after_backslash = true;
            } else if (c == ';') {
                backslash = backslash || after_backslash;
                after_backslash = false;
            } else if (c != ' ' && c != '\t' && c != '\f' && c != '\v' && c != 0xEF && c != 0xBB &&
                       c != 0xBF) {
                after_backslash = false;
            }
            if (c == 0x1a)
                ctrl_z = true;
            h = (h ^ c) * 16777619u;
            pos++;
        }
        backslash = backslash || after_backslash;
        if (may_start) {
            bool chunk = false;
            if (!doc->chunk_off && first != '[' && first != ';' && first != '\n' && first != '\r') {
                /* FNV's low bits mix poorly: fold the high ones in. */
                h ^= h >> 15;
                h *= 0x2c1b3c6du;
                h ^= h >> 12;
                chunk = (h & doc->chunk_mask) == 0;
            }
            if (first == '[' || chunk)
                INFA_VEC_PUSH(starts, line);
        }
        if (pos < to) {
            if (t[pos] == '\r' && pos + 1 < doc->len && t[pos + 1] == '\n')
                pos++;
            pos++;
        }
        prev_backslash = backslash;
    }
    *joins_next = prev_backslash || ctrl_z;
}

static uint32_t infa_document__seg_base(const infa_document *doc, uint32_t i)
{
    return (uint32_t)((int64_t)doc->segs[i].base +
                      (i >= doc->seg_tail_from ? doc->seg_tail_delta : 0));
}

/* Makes the lazy move of segment bases start at segment `from`:
 * O(distance). */
static void infa_document__move_seg_tail(infa_document *doc, uint32_t from)
{
    if (doc->seg_tail_delta != 0) {
        for (uint32_t i = doc->seg_tail_from; i < from; i++)
            doc->segs[i].base = (uint32_t)((int64_t)doc->segs[i].base + doc->seg_tail_delta);
        for (uint32_t i = from; i < doc->seg_tail_from; i++)
            doc->segs[i].base = (uint32_t)((int64_t)doc->segs[i].base - doc->seg_tail_delta);
    }
    doc->seg_tail_from = from;
}

/* Index of the segment holding byte (the last one starting at or before it). */
static uint32_t infa_document__seg_at(const infa_document *doc, uint32_t byte)
{
    uint32_t lo = 0, hi = doc->seg_count;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (infa_document__seg_base(doc, mid) <= byte)
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

/* A fresh open parses its segments on two threads: the segments are
 * independent, and parsing is most of the time of an open. Below this many
 * bytes a second thread costs more than it saves. */
enum { INFA_DOCUMENT__THREAD_MIN = 64 * 1024 };

typedef struct {
    const char *text;
    infa_model_segment *segs;
    uint32_t count;
} infa_document__parse_job;

/* Parses segs[0, count) with a parser of its own: tree-sitter's parsers are
 * not shared between threads, its trees may be. */
static void *infa_document__parse_job_run(void *arg)
{
    infa_document__parse_job *job = arg;
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_inf());
    for (uint32_t i = 0; i < job->count; i++) {
        infa_model_segment *seg = &job->segs[i];
        seg->tree = ts_parser_parse_string(parser, NULL, job->text + seg->base, seg->len);
        if (!seg->tree) {
            /* As in infa_document__parse: a tree must exist. */
            ts_parser_reset(parser);
            seg->tree = ts_parser_parse_string(parser, NULL, job->text + seg->base, seg->len);
        }
    }
    ts_parser_delete(parser);
    return NULL;
}

/* Parses the trees of segs[0, count): the second half of the text on a
 * second thread when the text is large, all on this one otherwise or when
 * no thread can be started. */
static void infa_document__parse_fresh(infa_document *doc, infa_model_segment *segs, uint32_t count)
{
    uint32_t split = count;
    if (doc->len >= INFA_DOCUMENT__THREAD_MIN && count >= 2) {
        /* The first segment that starts in the second half of the text. */
        split = 1;
        while (split + 1 < count && segs[split].base < doc->len / 2)
            split++;
    }
    infa_document__parse_job job = {doc->text, segs + split, count - split};
    pthread_t thread;
    bool threaded =
        job.count > 0 && pthread_create(&thread, NULL, infa_document__parse_job_run, &job) == 0;
    for (uint32_t i = 0; i < (threaded ? split : count); i++)
        segs[i].tree = infa_document__parse(doc, NULL, segs[i].base, segs[i].len);
    if (threaded)
        pthread_join(thread, NULL);
}

/* Parses the whole text into fresh segments. */
static void infa_document__parse_all(infa_document *doc)
{
    for (uint32_t i = 0; i < doc->seg_count; i++)
        ts_tree_delete(doc->segs[i].tree);
    infa_document__starts starts = {0};
    bool joins;
    infa_document__split(doc, 0, (uint32_t)doc->len, &starts, &joins);
    doc->seg_count = 0;
    doc->trail_segments = 0;
    if (starts.len > doc->seg_cap) {
        doc->seg_cap = (uint32_t)starts.len;
        doc->segs = infa_xrealloc(doc->segs, doc->seg_cap * sizeof(*doc->segs));
    }
    for (size_t i = 0; i < starts.len; i++) {
        uint32_t s = starts.items[i];
        uint32_t e = i + 1 < starts.len ? starts.items[i + 1] : (uint32_t)doc->len;
        infa_model_segment *seg = &doc->segs[doc->seg_count++];
        memset(seg, 0, sizeof(*seg));
        seg->base = s;
        seg->len = e - s;
    }
    INFA_VEC_FREE(&starts);
    infa_document__parse_fresh(doc, doc->segs, doc->seg_count);
    for (uint32_t i = 0; i < doc->seg_count; i++) {
        infa_model_segment_classify(&doc->segs[i]);
        doc->trail_segments += doc->segs[i].trail;
    }
    doc->seg_tail_from = doc->seg_count;
    doc->seg_tail_delta = 0;
    infa_model_input in = {.segs = doc->segs,
                           .seg_count = doc->seg_count,
                           .region_count = doc->seg_count,
                           .text = doc->text,
                           .len = doc->len,
                           .lines = &doc->lines,
                           .trail_segments = doc->trail_segments};
    infa_model_update(doc->model, &in);
    doc->revision++;
}

/* Whether the first line of the segment starting at `base` reaches `byte`
 * (new text): an edit there can change whether the line starts a segment. */
static bool infa_document__on_first_line(const infa_document *doc, uint32_t base, uint32_t byte)
{
    for (uint32_t i = base; i < byte; i++)
        if (doc->text[i] == '\n' || doc->text[i] == '\r')
            return false;
    return true;
}

/* After the text changed in [start, old_end) -> [start, new_end): splits the
 * text the edit touched into segments again, keeps the trees of segments
 * whose text did not change, reparses incrementally the one that holds the
 * whole edit, parses the others afresh, and moves the later segments. */
typedef INFA_VEC(infa_span) infa_document__spans;

/* Reparses segment f, which is the old segment `old` with the edit inside
 * it, incrementally, and adds the ranges the reparse changed. */
static void infa_document__reparse_segment(infa_document *doc, infa_model_segment *old,
                                           infa_model_segment *f, const infa_model_edit *edit,
                                           infa_document__spans *changed)
{
    uint32_t a = f->base;
    TSInputEdit te;
    te.start_byte = edit->start - a;
    te.old_end_byte = edit->old_end - a;
    te.new_end_byte = edit->new_end - a;
    /* Points before the edit are the same in old and new text; the
     * old end point is measured on the old text, which is gone, so
     * it is derived from the edit's own rows. */
    te.start_point = infa_document__ts_point(doc->text, a, edit->start);
    te.new_end_point = infa_document__ts_point(doc->text, a, edit->new_end);
    te.old_end_point = te.new_end_point; /* bytes drive reuse; rows are unused */
    ts_tree_edit(old->tree, &te);
    f->tree = infa_document__parse(doc, old->tree, a, f->len);
    uint32_t n = 0;
    TSRange *r = ts_tree_get_changed_ranges(old->tree, f->tree, &n);
    for (uint32_t j = 0; j < n; j++) {
        infa_span sp = {a + r[j].start_byte, a + r[j].end_byte};
        INFA_VEC_PUSH(changed, sp);
    }
    free(r);
}

/* Puts the new segments fresh[0, new_n) in place of the old ones
 * [first, last], moves the later ones by delta, and brings up to date the
 * bases the model reads. */
static void infa_document__splice(infa_document *doc, uint32_t first, uint32_t last,
                                  const infa_model_segment *fresh, uint32_t new_n, int64_t delta)
{
    uint32_t old_n = last - first + 1;
    uint32_t count = doc->seg_count - old_n + new_n;
    if (count > doc->seg_cap) {
        doc->seg_cap = count * 2;
        doc->segs = infa_xrealloc(doc->segs, doc->seg_cap * sizeof(*doc->segs));
    }
    if (new_n != old_n)
        memmove(doc->segs + first + new_n, doc->segs + last + 1,
                (doc->seg_count - last - 1) * sizeof(*doc->segs));
    memcpy(doc->segs + first, fresh, new_n * sizeof(*fresh));
    doc->seg_count = count;
    /* The old segments from last + 1 on are now from first + new_n on. */
    doc->seg_tail_from = first + new_n;
    doc->seg_tail_delta += delta;

    /* Bring up to date the bases the model reads: the segments after the
     * region that continue its last section and the one after them, those
     * up to the first with a section (the preamble), and all of them when
     * some segment has a trail. */
    uint32_t upto = first + new_n;
    while (upto < count && infa_model_segment_continues(&doc->segs[upto]))
        upto++;
    upto = upto < count ? upto + 1 : count;
    uint32_t first_sec = 0;
    while (first_sec < count && !doc->segs[first_sec].has_section)
        first_sec++;
    if (first_sec >= upto)
        upto = first_sec < count ? first_sec + 1 : count;
    if (doc->trail_segments)
        upto = count;
    infa_document__move_seg_tail(doc, upto);
}

static void infa_document__reparse_edit(infa_document *doc, const infa_model_edit *edit)
{
    int64_t delta = (int64_t)edit->new_end - (int64_t)edit->old_end;
    /* Segments that may change: the one holding the edit's start (and the one
     * before, when the edit touches its first line: that line may stop or
     * start being a segment start) through the one holding old_end (so an
     * edit ending at the next segment start includes it). */
    uint32_t first = infa_document__seg_at(doc, edit->start);
    if (first > 0 &&
        infa_document__on_first_line(doc, infa_document__seg_base(doc, first), edit->start))
        first--;
    /* seg_at works on old offsets: starts of later segments are unmoved yet. */
    uint32_t last = infa_document__seg_at(doc, edit->old_end);
    if (last < first)
        last = first;
    infa_document__move_seg_tail(doc, last + 1);

    infa_document__starts starts = {0};
    uint32_t rstart = doc->segs[first].base, rend;
    for (;;) {
        const infa_model_segment *ls = &doc->segs[last];
        rend = (uint32_t)((int64_t)ls->base + ls->len + delta);
        starts.len = 0;
        bool joins;
        infa_document__split(doc, rstart, rend, &starts, &joins);
        if (!joins || last + 1 >= doc->seg_count)
            break;
        /* The region's last line now continues into the next segment, or a
         * Ctrl-Z ends the file inside the region: take the next one in. */
        last++;
        infa_document__move_seg_tail(doc, last + 1);
    }

    uint32_t old_n = last - first + 1;
    uint32_t new_n = (uint32_t)starts.len;
    infa_model_segment *fresh = infa_xcalloc(new_n, sizeof(*fresh));
    bool *kept = infa_xcalloc(old_n, sizeof(bool));
    infa_document__spans changed = {0};
    uint32_t k = first; /* old segments are matched in order */
    for (uint32_t i = 0; i < new_n; i++) {
        infa_model_segment *f = &fresh[i];
        f->base = starts.items[i];
        f->len = (i + 1 < new_n ? starts.items[i + 1] : rend) - f->base;
        uint32_t a = f->base, b = f->base + f->len;
        /* The old segment this one is, if any: the same text (before or
         * after the edit), or the same bounds around the whole edit. */
        infa_model_segment *old = NULL;
        bool same_text = false;
        for (; k <= last; k++) {
            infa_model_segment *o = &doc->segs[k];
            uint32_t oa = o->base, ob = o->base + o->len;
            if (b <= edit->start && oa == a && ob == b) {
                old = o;
                same_text = true;
            } else if (a >= edit->new_end && (int64_t)oa == a - delta && (int64_t)ob == b - delta) {
                old = o;
                same_text = true;
            } else if (a <= edit->start && b >= edit->new_end && oa == a &&
                       (int64_t)ob == b - delta) {
                old = o;
            } else if ((int64_t)oa < (a <= edit->start ? (int64_t)a : a - delta)) {
                continue; /* an old segment with no counterpart */
            }
            break;
        }
        if (old && same_text) {
            *f = *old;
            f->base = a;
            f->reparsed = false;
            kept[k - first] = true;
            k++;
            continue;
        }
        if (old) {
            /* The common case: typing inside one segment. */
            infa_document__reparse_segment(doc, old, f, edit, &changed);
            k++;
        } else {
            f->tree = infa_document__parse(doc, NULL, a, f->len);
            infa_span sp = {a, b};
            INFA_VEC_PUSH(&changed, sp);
        }
        infa_model_segment_classify(f);
        f->reparsed = true;
    }
    for (uint32_t i = first; i <= last; i++) {
        doc->trail_segments -= doc->segs[i].trail;
        if (!kept[i - first])
            ts_tree_delete(doc->segs[i].tree);
    }
    for (uint32_t i = 0; i < new_n; i++)
        doc->trail_segments += fresh[i].trail;
    free(kept);

    infa_document__splice(doc, first, last, fresh, new_n, delta);
    free(fresh);
    INFA_VEC_FREE(&starts);

    infa_model_input in = {.segs = doc->segs,
                           .seg_count = doc->seg_count,
                           .region_first = first,
                           .region_count = new_n,
                           .text = doc->text,
                           .len = doc->len,
                           .lines = &doc->lines,
                           .edit = edit,
                           .changed = changed.items,
                           .changed_count = (uint32_t)changed.len,
                           .trail_segments = doc->trail_segments};
    infa_model_update(doc->model, &in);
    doc->revision++;
    INFA_VEC_FREE(&changed);
}

infa_document *infa_document_new_chunked(const char *text, size_t len, int chunk_bits)
{
    infa_document *doc = infa_xcalloc(1, sizeof(*doc));
    doc->chunk_off = chunk_bits < 0;
    doc->chunk_mask = chunk_bits <= 0 ? 0 : chunk_bits >= 31 ? 0x7fffffffu : (1u << chunk_bits) - 1;
    infa_document__place_text(doc, text, len, len);
    infa_document__index_all(doc);
    doc->parser = ts_parser_new();
    ts_parser_set_language(doc->parser, tree_sitter_inf());
    doc->model = infa_model_new();
    infa_document__parse_all(doc);
    return doc;
}

infa_document *infa_document_new(const char *text, size_t len)
{
    return infa_document_new_chunked(text, len, INFA_DOCUMENT__CHUNK_BITS);
}

void infa_document_delete(infa_document *doc)
{
    if (!doc)
        return;
    infa_model_delete(doc->model);
    infa_engine_cache_delete(doc->engine_cache);
    for (uint32_t i = 0; i < doc->seg_count; i++)
        ts_tree_delete(doc->segs[i].tree);
    free(doc->segs);
    ts_parser_delete(doc->parser);
    free(doc->lines.starts);
    free(doc->buf);
    free(doc->file_name);
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
    while (keep_from < doc->lines.count && infa_document__line(doc, keep_from) <= old_end + 1)
        keep_from++;
    uint32_t kept = doc->lines.count - keep_from;
    uint32_t old_tail_start = kept ? infa_document__line(doc, keep_from) : 0;
    uint32_t scan_from = infa_document__line(doc, first_row);

    infa_document__splice_text(doc, start, old_end, new_text, new_len);

    int64_t delta = (int64_t)new_len - (int64_t)(old_end - start);
    uint32_t scan_to = kept ? (uint32_t)((int64_t)old_tail_start + delta) : (uint32_t)doc->len;
    /* Rows that start inside the rescanned region (the one at scan_to is the
     * tail's first): few, so they go to a small buffer. The tail keeps its
     * entries, and its move joins the lazy one. */
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
    infa_document__move_line_tail(doc, keep_from);
    infa_line_index *li = &doc->lines;
    uint32_t new_tail = first_row + 1 + (uint32_t)mid.len;
    uint32_t count = new_tail + kept;
    infa_document__reserve_lines(doc, count);
    if (new_tail != keep_from)
        memmove(li->starts + new_tail, li->starts + keep_from, kept * sizeof(uint32_t));
    if (mid.len)
        memcpy(li->starts + first_row + 1, mid.items, mid.len * sizeof(uint32_t));
    li->count = count;
    li->tail_from = new_tail;
    li->tail_delta += delta;
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

infa_engine_cache **infa_document_engine_cache(infa_document *doc)
{
    return &doc->engine_cache;
}

uint64_t infa_document_revision(const infa_document *doc)
{
    return doc->revision;
}

uint32_t infa_document_line_count(const infa_document *doc)
{
    return doc->lines.count;
}

uint32_t infa_document_line_start(const infa_document *doc, uint32_t row)
{
    if (row >= doc->lines.count)
        return (uint32_t)doc->len;
    return infa_document__line(doc, row);
}

uint32_t infa_document_line_end(const infa_document *doc, uint32_t row)
{
    if (row >= doc->lines.count)
        return (uint32_t)doc->len;
    uint32_t end =
        row + 1 < doc->lines.count ? infa_document__line(doc, row + 1) : (uint32_t)doc->len;
    uint32_t start = infa_document__line(doc, row);
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
    infa_point p = {row, byte - infa_document__line(doc, row)};
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

void infa_document_set_origin(infa_document *doc, const char *file_name,
                              const infa_text_encoding *encoding)
{
    free(doc->file_name);
    doc->file_name = file_name ? infa_xstrdup(file_name) : NULL;
    doc->has_encoding = encoding != NULL;
    if (encoding)
        doc->encoding = *encoding;
    /* Kept findings do not record that they read the origin. */
    infa_engine_cache_delete(doc->engine_cache);
    doc->engine_cache = NULL;
}

const char *infa_document_file_name(const infa_document *doc)
{
    return doc->file_name;
}

const infa_text_encoding *infa_document_encoding(const infa_document *doc)
{
    return doc->has_encoding ? &doc->encoding : NULL;
}

uint32_t infa_document_segment_count(const infa_document *doc)
{
    return doc->seg_count;
}

const infa_model *infa_document_model(infa_document *doc)
{
    return doc->model;
}
