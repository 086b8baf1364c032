/*
 * Builds the semantic model from the tree in two layers:
 *
 * 1. Per block (one `[name]` block): lines, fields, logical values, syntax
 *    errors. This is the expensive part, so it is kept across edits: a block
 *    the edit did not touch is shifted, not re-extracted.
 * 2. Cross-section facts (merged sections, kinds, references, strings),
 *    recomputed from the per-block facts after every update. They only walk
 *    lines that can name sections, so they stay cheap.
 */
#include "document.h"
#include "model.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tree_sitter_inf.h"

/* ---- Node symbols --------------------------------------------------------- */

typedef struct {
    TSSymbol section, section_header, section_name, entry, key, value, field, string, token,
        token_name, percent_escape, quote_escape, placeholder, comment, line_continuation, text,
        comma, equals;
    bool ready;
} infa_model__symbols;

static infa_model__symbols infa_model__sym;

static TSSymbol infa_model__symbol(const TSLanguage *lang, const char *name, bool named)
{
    return ts_language_symbol_for_name(lang, name, (uint32_t)strlen(name), named);
}

static void infa_model__init_symbols(void)
{
    if (infa_model__sym.ready)
        return;
    const TSLanguage *l = tree_sitter_inf();
    infa_model__symbols *s = &infa_model__sym;
    s->section = infa_model__symbol(l, "section", true);
    s->section_header = infa_model__symbol(l, "section_header", true);
    s->section_name = infa_model__symbol(l, "section_name", true);
    s->entry = infa_model__symbol(l, "entry", true);
    s->key = infa_model__symbol(l, "key", true);
    s->value = infa_model__symbol(l, "value", true);
    s->field = infa_model__symbol(l, "field", true);
    s->string = infa_model__symbol(l, "string", true);
    s->token = infa_model__symbol(l, "token", true);
    s->token_name = infa_model__symbol(l, "token_name", true);
    s->percent_escape = infa_model__symbol(l, "percent_escape", true);
    s->quote_escape = infa_model__symbol(l, "quote_escape", true);
    s->placeholder = infa_model__symbol(l, "placeholder", true);
    s->comment = infa_model__symbol(l, "comment", true);
    s->line_continuation = infa_model__symbol(l, "line_continuation", true);
    s->text = infa_model__symbol(l, "text", true);
    s->comma = infa_model__symbol(l, ",", false);
    s->equals = infa_model__symbol(l, "=", false);
    s->ready = true;
}

/* ---- Per-block storage ------------------------------------------------------ */

/* Strings of a block live in one arena; fields refer to it by offset while
 * it grows, and get pointers once it is final. */
typedef struct {
    infa_block pub;
    infa_line *lines;
    uint32_t line_count;
    infa_field *fields;
    uint32_t field_count;
    char *arena;
    size_t arena_len;
    infa_syntax_error *errors;
    uint32_t error_count;
    /* Lines whose key names a directive that references sections, and that
     * directive's first table row (looked up once, at extraction). */
    uint32_t *ref_lines;
    const infa_kb_directive **ref_dirs;
    uint32_t ref_line_count;
    /* Facts of the name, computed once per extraction. */
    uint32_t name_hash;
    /* Offset change not yet applied to this block's spans: blocks after an
     * edit move by adding here, and the spans are fixed on the next query
     * (infa_model__settle), once per burst of keystrokes. */
    int64_t pending;
    infa_kind_set sys_kinds;
    infa_decoration decoration;
} infa_model__block;

typedef struct {
    const char *key;
    uint32_t key_len;
    uint32_t first_def; /* index into defs */
    uint32_t def_count;
    uint32_t next; /* hash chain */
} infa_model__strkey;

struct infa_model {
    const char *text;
    size_t len;
    const infa_line_index *lines; /* the document's, borrowed */
    uint32_t line_count;          /* lines->count at the last update */

    infa_model__block preamble;
    infa_model__block *blocks;
    uint32_t block_count;
    uint32_t block_cap;
    /* A move not yet added to the blocks from tail_from on: a keystroke
     * moves every later block, and this keeps that O(1) while edits stay
     * near each other. A block's spans are off by its pending plus, from
     * tail_from on, tail_delta. */
    uint32_t tail_from;
    int64_t tail_delta;
    /* The preamble holds lines or errors from segments' trails. */
    bool preamble_has_trails;
    uint32_t *block_first_line; /* prefix sums; size block_count + 1 */
    uint32_t last_extracted;

    /* Cross-section facts, rebuilt on every update. */
    infa_section *sections;
    uint32_t section_count;
    uint32_t *section_blocks; /* backing store for sections[i].blocks */
    uint32_t *section_hash;   /* open addressing: section index + 1, 0 = empty */
    uint32_t section_hash_cap;
    infa_ref *refs;
    uint32_t ref_count, ref_cap;
    uint32_t *refs_in; /* backing store for sections[i].refs_in */
    infa_buf names;    /* expanded reference names */

    infa_model__strkey *strkeys;
    uint32_t strkey_count, strkey_cap;
    infa_string_def *string_defs;
    uint32_t string_def_count;
    uint32_t *strkey_hash;
    uint32_t strkey_hash_cap;

    /* Scratch for infa_model_tokens_in. */
    infa_token *tokens;
    uint32_t token_cap;

    infa_syntax_error *all_errors;
    uint32_t all_error_count;

    /* Every line by global index, rebuilt with the cross-section facts so
     * that rules walking lines pay no search per line. */
    const infa_line **line_ptrs;

    /* Cross-section facts are rebuilt on the first query after an update,
     * so a burst of keystrokes pays for them once. */
    bool cross_dirty;
};

static void infa_model__build_cross(infa_model *m);
static void infa_model__settle(infa_model *m);

/* Every accessor of a cross-section fact calls this first. */
static void infa_model__ensure_cross(const infa_model *cm)
{
    infa_model *m = (infa_model *)cm;
    if (!m->cross_dirty)
        return;
    m->cross_dirty = false; /* before building: the build itself queries */
    infa_model__settle(m);
    infa_model__build_cross(m);
}

/* ---- Text helpers ------------------------------------------------------------ */

static bool infa_model__is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* ---- Extraction of one block ------------------------------------------------ */

/* Nesting depths of the walk: section or root children, entry or header
 * children, value children, field children, string children. */
enum {
    INFA_MODEL__D_SECTION,
    INFA_MODEL__D_ENTRY,
    INFA_MODEL__D_VALUE,
    INFA_MODEL__D_FIELD,
    INFA_MODEL__D_STRING,
    INFA_MODEL__DEPTHS
};

typedef struct {
    infa_model *m;
    infa_model__block *b;
    /* Offset of the node's segment in the document: each segment has its
     * own tree, with offsets relative to the segment. */
    uint32_t base;
    infa_buf arena;
    INFA_VEC(infa_line) lines;
    INFA_VEC(infa_field) fields;
    INFA_VEC(infa_syntax_error) errors;
    /* Per line: the directive that names sections its key is, NULL when
     * none, or INFA_MODEL__LOOK_UP when not known yet. Lines copied from the
     * donor bring the donor's answer. */
    INFA_VEC(const infa_kb_directive *) line_dirs;
    uint32_t donor_ref; /* cursor into donor->ref_lines */
    /* One cursor per nesting depth, reset for each node walked at that
     * depth: ts_node_child(n, i) costs O(i) in tree-sitter 0.20, which
     * would make a line with many fields quadratic. */
    TSTreeCursor cursors[INFA_MODEL__DEPTHS];
    unsigned cursors_made;
    /* When re-extracting the block an edit touched: the old block and the
     * edit, so that entries tree-sitter did not change are copied from it
     * instead of walked. NULL donor otherwise. */
    const infa_model__block *donor;
    uint32_t donor_line;
    const infa_model_edit *edit;
    int64_t delta;
    const infa_span *changed;
    uint32_t changed_count;
    bool have_header;
} infa_model__extract;

static bool infa_model__overlaps_changed(uint32_t s, uint32_t e, const infa_span *changed,
                                         uint32_t n);

static const char infa_model__look_up_mark;
#define INFA_MODEL__LOOK_UP ((const infa_kb_directive *)(const void *)&infa_model__look_up_mark)

/* The donor's directive answer for its line i; i grows from call to call. */
static const infa_kb_directive *infa_model__donor_dir(infa_model__extract *x, uint32_t i)
{
    const infa_model__block *d = x->donor;
    while (x->donor_ref < d->ref_line_count && d->ref_lines[x->donor_ref] < i)
        x->donor_ref++;
    if (x->donor_ref < d->ref_line_count && d->ref_lines[x->donor_ref] == i)
        return d->ref_dirs[x->donor_ref];
    return NULL;
}

/* Positions a cursor of depth `depth` on the first child of n; false when n
 * has none. Walk on with ts_tree_cursor_goto_next_sibling. */
static bool infa_model__first_child(infa_model__extract *x, unsigned depth, TSNode n,
                                    TSTreeCursor **out)
{
    TSTreeCursor *c = &x->cursors[depth];
    if (x->cursors_made & (1u << depth)) {
        ts_tree_cursor_reset(c, n);
    } else {
        *c = ts_tree_cursor_new(n);
        x->cursors_made |= 1u << depth;
    }
    *out = c;
    return ts_tree_cursor_goto_first_child(c);
}

static void infa_model__extract_done(infa_model__extract *x)
{
    for (unsigned d = 0; d < INFA_MODEL__DEPTHS; d++)
        if (x->cursors_made & (1u << d))
            ts_tree_cursor_delete(&x->cursors[d]);
    x->cursors_made = 0;
}

#define NODE_START(x, n) ((x)->base + ts_node_start_byte(n))
#define NODE_END(x, n) ((x)->base + ts_node_end_byte(n))

/* Appends the logical text of a piece node (text, string, token, ...). */
static void infa_model__append_piece(infa_model__extract *x, TSNode n, bool *quoted)
{
    const char *t = x->m->text;
    uint32_t s = NODE_START(x, n), e = NODE_END(x, n);
    TSSymbol sym = ts_node_symbol(n);
    if (sym != infa_model__sym.string) {
        infa_buf_append(&x->arena, t + s, e - s);
        return;
    }
    *quoted = true;
    /* Inside quotes: the outer quotes go, a quote_escape ("") becomes one
     * quote, tokens stay as written. The children say which quote closes
     * the string, so an unterminated one ending in "" keeps its escape. */
    TSTreeCursor *cur;
    uint32_t prev_end = UINT32_MAX;
    for (bool ok = infa_model__first_child(x, INFA_MODEL__D_STRING, n, &cur); ok;
         ok = ts_tree_cursor_goto_next_sibling(cur)) {
        TSNode c = ts_tree_cursor_current_node(cur);
        uint32_t cs = NODE_START(x, c), ce = NODE_END(x, c);
        if (!ts_node_is_named(c)) {
            prev_end = ce; /* an outer quote (or a zero-width MISSING one) */
            continue;
        }
        if (prev_end != UINT32_MAX && cs > prev_end)
            infa_buf_append(&x->arena, t + prev_end, cs - prev_end);
        if (ts_node_symbol(c) == infa_model__sym.quote_escape)
            infa_buf_append(&x->arena, "\"", 1);
        else
            infa_buf_append(&x->arena, t + cs, ce - cs);
        prev_end = ce;
    }
    (void)s;
    (void)e;
}

static bool infa_model__is_extra(TSNode n)
{
    TSSymbol sym = ts_node_symbol(n);
    return sym == infa_model__sym.comment || sym == infa_model__sym.line_continuation ||
           ts_node_is_extra(n);
}

/* Builds a field from a node whose children are pieces (field, key,
 * section_name). Records value as an arena offset. */
static infa_field infa_model__make_field(infa_model__extract *x, TSNode n)
{
    infa_field f;
    memset(&f, 0, sizeof(f));
    f.span.start = NODE_START(x, n);
    f.span.end = NODE_END(x, n);
    size_t begin = x->arena.len;
    bool quoted = false;
    uint32_t count = 0;
    uint32_t prev_end = UINT32_MAX;
    bool broken = false;
    const char *t = x->m->text;
    TSTreeCursor *cur;
    for (bool ok = infa_model__first_child(x, INFA_MODEL__D_FIELD, n, &cur); ok;
         ok = ts_tree_cursor_goto_next_sibling(cur)) {
        TSNode c = ts_tree_cursor_current_node(cur);
        count++;
        if (infa_model__is_extra(c)) {
            broken = true;
            continue;
        }
        uint32_t cs = NODE_START(x, c);
        if (prev_end != UINT32_MAX && !broken && cs > prev_end)
            infa_buf_append(&x->arena, t + prev_end, cs - prev_end);
        broken = false;
        infa_model__append_piece(x, c, &quoted);
        prev_end = NODE_END(x, c);
    }
    if (count == 0 && f.span.end > f.span.start)
        infa_buf_append(&x->arena, t + f.span.start, f.span.end - f.span.start);
    /* Unquoted text keeps inner whitespace but not the outer. */
    size_t vlen = x->arena.len - begin;
    if (!quoted) {
        const char *v = x->arena.data ? x->arena.data + begin : "";
        size_t a = 0;
        while (a < vlen && infa_model__is_space(v[a]))
            a++;
        while (vlen > a && infa_model__is_space(v[vlen - 1]))
            vlen--;
        if (a > 0) {
            memmove(x->arena.data + begin, x->arena.data + begin + a, vlen - a);
            vlen -= a;
        }
        x->arena.len = begin + vlen;
    }
    infa_buf_append(&x->arena, "\0", 1); /* the terminator stays in the arena */
    f.value = (const char *)(uintptr_t)begin;
    f.value_len = (uint32_t)vlen;
    f.quoted = quoted;
    f.empty = vlen == 0 && !quoted;
    return f;
}

static infa_field infa_model__empty_field(infa_model__extract *x, uint32_t at)
{
    infa_field f;
    memset(&f, 0, sizeof(f));
    f.span.start = f.span.end = at;
    f.value = (const char *)(uintptr_t)x->arena.len;
    infa_buf_append(&x->arena, "\0", 1);
    f.empty = true;
    return f;
}

static void infa_model__add_error(infa_model__extract *x, TSNode n)
{
    infa_syntax_error e;
    e.span.start = NODE_START(x, n);
    e.span.end = NODE_END(x, n);
    if (ts_node_is_missing(n)) {
        const char *type = ts_node_type(n);
        if (strcmp(type, "]") == 0)
            e.message = "Section header is missing its closing ']'";
        else if (strcmp(type, "\"") == 0)
            e.message = "Quoted string is missing its closing '\"'";
        else if (strcmp(type, "%") == 0)
            e.message = "String token is missing its closing '%'";
        else
            e.message = "Incomplete line: something is missing here";
    } else {
        const char *t = x->m->text;
        uint32_t s = e.span.start;
        if (s < x->m->len && t[s] == '[')
            e.message = "Malformed section header: write it as [name] on its own line";
        else if (s < x->m->len && t[s] == ']')
            e.message = "Unexpected ']' outside a section header";
        else
            e.message = "Unexpected text: this line is not valid INF syntax";
    }
    /* Keep the error on one line so editors underline something readable. */
    const char *t = x->m->text;
    uint32_t end = e.span.start;
    while (end < e.span.end && t[end] != '\n' && t[end] != '\r')
        end++;
    if (end == e.span.start && e.span.end > e.span.start)
        end = e.span.start + 1;
    e.span.end = end;
    INFA_VEC_PUSH(&x->errors, e);
}

static void infa_model__collect_errors(infa_model__extract *x, TSNode n)
{
    if (!ts_node_has_error(n))
        return;
    if (ts_node_is_missing(n) || ts_node_symbol(n) == (TSSymbol)-1 ||
        strcmp(ts_node_type(n), "ERROR") == 0) {
        infa_model__add_error(x, n);
        return;
    }
    /* Errors are rare and may nest deeply: a cursor of its own per level. */
    TSTreeCursor cur = ts_tree_cursor_new(n);
    for (bool ok = ts_tree_cursor_goto_first_child(&cur); ok;
         ok = ts_tree_cursor_goto_next_sibling(&cur))
        infa_model__collect_errors(x, ts_tree_cursor_current_node(&cur));
    ts_tree_cursor_delete(&cur);
}

static void infa_model__add_entry(infa_model__extract *x, TSNode entry, uint32_t block)
{
    infa_line line;
    memset(&line, 0, sizeof(line));
    line.block = block;
    uint32_t first_field = (uint32_t)x->fields.len;
    uint32_t start = UINT32_MAX, end = 0;
    TSTreeCursor *ecur;
    for (bool eok = infa_model__first_child(x, INFA_MODEL__D_ENTRY, entry, &ecur); eok;
         eok = ts_tree_cursor_goto_next_sibling(ecur)) {
        TSNode c = ts_tree_cursor_current_node(ecur);
        TSSymbol sym = ts_node_symbol(c);
        if (infa_model__is_extra(c))
            continue;
        uint32_t cs = NODE_START(x, c), ce = NODE_END(x, c);
        if (cs < start)
            start = cs;
        if (ce > end)
            end = ce;
        if (sym == infa_model__sym.key) {
            line.has_key = true;
            line.key = infa_model__make_field(x, c);
        } else if (sym == infa_model__sym.value) {
            /* Fields and the commas between them; an empty field is either a
             * zero-width field node or two commas in a row. */
            bool want_field = true;
            TSTreeCursor *vcur;
            for (bool vok = infa_model__first_child(x, INFA_MODEL__D_VALUE, c, &vcur); vok;
                 vok = ts_tree_cursor_goto_next_sibling(vcur)) {
                TSNode f = ts_tree_cursor_current_node(vcur);
                TSSymbol fs = ts_node_symbol(f);
                if (fs == infa_model__sym.field) {
                    infa_field fld = infa_model__make_field(x, f);
                    INFA_VEC_PUSH(&x->fields, fld);
                    want_field = false;
                } else if (fs == infa_model__sym.comma) {
                    if (want_field) {
                        infa_field e = infa_model__empty_field(x, NODE_START(x, f));
                        INFA_VEC_PUSH(&x->fields, e);
                    }
                    want_field = true;
                }
            }
            if (want_field && x->fields.len > first_field) {
                infa_field e = infa_model__empty_field(x, NODE_END(x, c));
                INFA_VEC_PUSH(&x->fields, e);
            }
        } else if (sym == infa_model__sym.field) {
            /* Grammars may put a lone field straight under the entry. */
            infa_field fld = infa_model__make_field(x, c);
            INFA_VEC_PUSH(&x->fields, fld);
        }
    }
    if (start == UINT32_MAX) {
        start = NODE_START(x, entry);
        end = start;
    }
    line.span.start = start;
    line.span.end = end;
    line.fields = (const infa_field *)(uintptr_t)first_field;
    line.field_count = (uint32_t)x->fields.len - first_field;
    INFA_VEC_PUSH(&x->lines, line);
    INFA_VEC_PUSH(&x->line_dirs, INFA_MODEL__LOOK_UP);
}

static void infa_model__decorate(const char *name, uint32_t len, uint32_t name_start,
                                 infa_decoration *d);
static infa_kind_set infa_model__system_kinds(const char *name, uint32_t name_len,
                                              const infa_decoration *d);

static void infa_model__finish_block(infa_model__extract *x)
{
    infa_model__block *b = x->b;
    /* Lines point into the fields array even when it is empty (`k=`): never
     * let that be NULL + 0, which C leaves undefined. */
    INFA_VEC_RESERVE(&x->fields, 1);
    b->arena_len = x->arena.len;
    b->arena = infa_buf_take(&x->arena);
    b->fields = x->fields.items;
    b->field_count = (uint32_t)x->fields.len;
    b->lines = x->lines.items;
    b->line_count = (uint32_t)x->lines.len;
    b->errors = x->errors.items;
    b->error_count = (uint32_t)x->errors.len;
    for (uint32_t i = 0; i < b->field_count; i++)
        b->fields[i].value = b->arena + (uintptr_t)b->fields[i].value;
    for (uint32_t i = 0; i < b->line_count; i++) {
        infa_line *l = &b->lines[i];
        l->fields = b->fields + (uintptr_t)l->fields;
        if (l->has_key)
            l->key.value = b->arena + (uintptr_t)l->key.value;
    }
    /* Always an arena offset (0 for the preamble, whose name is empty). */
    b->pub.name = b->arena + (uintptr_t)b->pub.name;

    /* Lines whose key is a directive that names sections. */
    INFA_VEC(uint32_t) refs = {0};
    INFA_VEC(const infa_kb_directive *) dirs = {0};
    for (uint32_t i = 0; i < b->line_count; i++) {
        const infa_line *l = &b->lines[i];
        const infa_kb_directive *d = x->line_dirs.items[i];
        if (d == INFA_MODEL__LOOK_UP) {
            if (!l->has_key)
                continue;
            d = infa_kb_directive_find(l->key.value, l->key.value_len);
            if (d && !(d->refs[0].kind || (d->refs[0].flags & INFA_KB_REF_SAME_KIND)))
                d = NULL;
        }
        if (d) {
            INFA_VEC_PUSH(&refs, i);
            INFA_VEC_PUSH(&dirs, d);
        }
    }
    INFA_VEC_FREE(&x->line_dirs);
    b->ref_lines = refs.items;
    b->ref_dirs = dirs.items;
    b->ref_line_count = (uint32_t)refs.len;
    b->name_hash = infa_hash_nocase(b->pub.name, b->pub.name_len);
    infa_model__decorate(b->pub.name, b->pub.name_len, b->pub.name_span.start, &b->decoration);
    b->sys_kinds = infa_model__system_kinds(b->pub.name, b->pub.name_len, &b->decoration);
}

static void infa_model__block_free(infa_model__block *b)
{
    free(b->lines);
    free(b->fields);
    free(b->arena);
    free(b->errors);
    free(b->ref_lines);
    free(b->ref_dirs);
    memset(b, 0, sizeof(*b));
}

static infa_field infa_model__copy_field(infa_model__extract *x, const infa_field *f, int64_t shift)
{
    infa_field n = *f;
    n.span.start = (uint32_t)((int64_t)f->span.start + shift);
    n.span.end = (uint32_t)((int64_t)f->span.end + shift);
    n.value = (const char *)(uintptr_t)x->arena.len;
    infa_buf_append(&x->arena, f->value, f->value_len);
    infa_buf_append(&x->arena, "\0", 1);
    return n;
}

/* Whether an old line (old offsets) lies clear of the edit, with a byte
 * between: a line next to the edit may join or split with it. */
static bool infa_model__missed_edit(const infa_line *ol, const infa_model_edit *ed)
{
    return ol->span.end < ed->start || ol->span.start > ed->old_end;
}

/* Appends the donor's line i, moved by shift, with its fields and its
 * directive answer. */
static void infa_model__copy_donor_line(infa_model__extract *x, uint32_t i, int64_t shift)
{
    const infa_line *ol = &x->donor->lines[i];
    infa_line nl = *ol;
    nl.span.start = (uint32_t)((int64_t)ol->span.start + shift);
    nl.span.end = (uint32_t)((int64_t)ol->span.end + shift);
    if (ol->has_key)
        nl.key = infa_model__copy_field(x, &ol->key, shift);
    nl.fields = (const infa_field *)(uintptr_t)x->fields.len;
    for (uint32_t k = 0; k < ol->field_count; k++) {
        infa_field f = infa_model__copy_field(x, &ol->fields[k], shift);
        INFA_VEC_PUSH(&x->fields, f);
    }
    INFA_VEC_PUSH(&x->lines, nl);
    INFA_VEC_PUSH(&x->line_dirs, infa_model__donor_dir(x, i));
}

/* Copies the old line for an entry the edit left alone; false when the
 * entry must be walked. */
static bool infa_model__reuse_entry(infa_model__extract *x, TSNode entry)
{
    const infa_model__block *d = x->donor;
    if (!d || ts_node_has_error(entry))
        return false;
    const infa_model_edit *ed = x->edit;
    uint32_t s = NODE_START(x, entry), e = NODE_END(x, entry);
    if (!(e < ed->start || s > ed->new_end) ||
        infa_model__overlaps_changed(s, e, x->changed, x->changed_count))
        return false;
    int64_t shift = s > ed->new_end ? x->delta : 0;
    int64_t os = (int64_t)s - shift;
    while (x->donor_line < d->line_count && (int64_t)d->lines[x->donor_line].span.start < os)
        x->donor_line++;
    if (x->donor_line >= d->line_count || (int64_t)d->lines[x->donor_line].span.start != os)
        return false;
    const infa_line *ol = &d->lines[x->donor_line];
    if (!infa_model__missed_edit(ol, ed))
        return false;
    /* The line must also end where it did: a `\\` an edit turns into a line
     * continuation shortens the entry, and tree-sitter's changed range may
     * start exactly at the entry's new end, where the overlap test misses
     * it. The span is that of the entry's non-extra children, as add_entry
     * makes it; an entry has a handful. */
    uint32_t ls = UINT32_MAX, le = 0;
    TSTreeCursor *cur;
    for (bool ok = infa_model__first_child(x, INFA_MODEL__D_ENTRY, entry, &cur); ok;
         ok = ts_tree_cursor_goto_next_sibling(cur)) {
        TSNode c = ts_tree_cursor_current_node(cur);
        if (infa_model__is_extra(c))
            continue;
        if (NODE_START(x, c) < ls)
            ls = NODE_START(x, c);
        if (NODE_END(x, c) > le)
            le = NODE_END(x, c);
    }
    if (ls == UINT32_MAX || (int64_t)ol->span.start + shift != (int64_t)ls ||
        (int64_t)ol->span.end + shift != (int64_t)le)
        return false;
    infa_model__copy_donor_line(x, x->donor_line, shift);
    return true;
}

static void infa_model__extract_begin(infa_model__extract *x, infa_model *m, infa_model__block *b,
                                      const infa_model__extract *reuse)
{
    memset(x, 0, sizeof(*x));
    if (reuse) {
        x->donor = reuse->donor;
        x->edit = reuse->edit;
        x->delta = reuse->delta;
        x->changed = reuse->changed;
        x->changed_count = reuse->changed_count;
    }
    x->m = m;
    x->b = b;
    memset(b, 0, sizeof(*b));
    if (x->donor) {
        /* The new block is mostly the old one: size its storage once. */
        const infa_model__block *d = x->donor;
        INFA_VEC_RESERVE(&x->lines, d->line_count + 4);
        INFA_VEC_RESERVE(&x->line_dirs, d->line_count + 4);
        INFA_VEC_RESERVE(&x->fields, d->field_count + 16);
        infa_buf_reserve(&x->arena, d->arena_len + 256);
    }
}

/* An entry of the block: copied from the donor when the edit missed it. */
static void infa_model__extract_entry(infa_model__extract *x, TSNode c)
{
    if (!infa_model__reuse_entry(x, c)) {
        infa_model__add_entry(x, c, 0);
        infa_model__collect_errors(x, c);
    }
}

/* The section node: its header and the lines under it. */
static void infa_model__extract_section_node(infa_model__extract *x, TSNode sec, uint32_t base)
{
    infa_model *m = x->m;
    infa_model__block *b = x->b;
    x->base = base;
    b->pub.span.start = NODE_START(x, sec);
    b->pub.span.end = NODE_END(x, sec);
    b->pub.first_line = 0;
    TSTreeCursor *scur;
    for (bool sok = infa_model__first_child(x, INFA_MODEL__D_SECTION, sec, &scur); sok;
         sok = ts_tree_cursor_goto_next_sibling(scur)) {
        TSNode c = ts_tree_cursor_current_node(scur);
        TSSymbol sym = ts_node_symbol(c);
        if (sym == infa_model__sym.section_header && !x->have_header) {
            x->have_header = true;
            b->pub.header.start = NODE_START(x, c);
            b->pub.header.end = NODE_END(x, c);
            /* The header node may include the line end; the span should not. */
            while (
                b->pub.header.end > b->pub.header.start &&
                (m->text[b->pub.header.end - 1] == '\n' || m->text[b->pub.header.end - 1] == '\r'))
                b->pub.header.end--;
            TSTreeCursor *hcur;
            for (bool hok = infa_model__first_child(x, INFA_MODEL__D_ENTRY, c, &hcur); hok;
                 hok = ts_tree_cursor_goto_next_sibling(hcur)) {
                TSNode h = ts_tree_cursor_current_node(hcur);
                if (ts_node_symbol(h) == infa_model__sym.section_name) {
                    infa_field f = infa_model__make_field(x, h);
                    b->pub.name_span = f.span;
                    b->pub.name = f.value;
                    b->pub.name_len = f.value_len;
                    break;
                }
            }
            if (b->pub.name_span.end == 0) {
                /* `[]`: an empty name just after the bracket. */
                uint32_t at = b->pub.header.start + 1;
                b->pub.name_span.start = b->pub.name_span.end = at;
                b->pub.name = (const char *)(uintptr_t)x->arena.len;
                infa_buf_append(&x->arena, "\0", 1);
                b->pub.name_len = 0;
            }
            infa_model__collect_errors(x, c);
        } else if (sym == infa_model__sym.entry) {
            infa_model__extract_entry(x, c);
        } else if (!infa_model__is_extra(c)) {
            infa_model__collect_errors(x, c);
        }
    }
}

/* The top-level lines of a later segment, up to its first section node:
 * they continue the section (the segment starts at a chunk line). */
static void infa_model__extract_lead(infa_model__extract *x, const infa_model_segment *seg)
{
    x->base = seg->base;
    TSTreeCursor *cur;
    for (bool ok =
             infa_model__first_child(x, INFA_MODEL__D_SECTION, ts_tree_root_node(seg->tree), &cur);
         ok; ok = ts_tree_cursor_goto_next_sibling(cur)) {
        TSNode c = ts_tree_cursor_current_node(cur);
        TSSymbol sym = ts_node_symbol(c);
        if (sym == infa_model__sym.section)
            break;
        /* As under a section node. */
        if (sym == infa_model__sym.entry)
            infa_model__extract_entry(x, c);
        else if (!infa_model__is_extra(c))
            infa_model__collect_errors(x, c);
    }
}

/* Copies the donor's lines that start in [start, end) (new offsets), which
 * the edit and the reparse left alone, without walking their tree. False,
 * copying nothing, when the donor has none there (they were in another old
 * block) or has a syntax error there: errors are rare, and one may sit at
 * `end` itself (a missing quote at the end of the text), so those are
 * walked. */
static bool infa_model__copy_from_donor(infa_model__extract *x, uint32_t start, uint32_t end)
{
    const infa_model__block *d = x->donor;
    const infa_model_edit *ed = x->edit;
    int64_t shift = start >= ed->new_end ? x->delta : 0;
    int64_t os = (int64_t)start - shift, oe = (int64_t)end - shift;
    uint32_t lo = x->donor_line, hi = d->line_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((int64_t)d->lines[mid].span.start < os)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t from = lo, to = lo;
    while (to < d->line_count && (int64_t)d->lines[to].span.start < oe)
        to++;
    if (from == to)
        return false;
    /* As for a single entry: no copied line may touch the edit. */
    for (uint32_t i = from; i < to; i++)
        if (!infa_model__missed_edit(&d->lines[i], ed))
            return false;
    for (uint32_t i = 0; i < d->error_count; i++)
        if ((int64_t)d->errors[i].span.start >= os && (int64_t)d->errors[i].span.start <= oe)
            return false;
    for (uint32_t i = from; i < to; i++)
        infa_model__copy_donor_line(x, i, shift);
    x->donor_line = to;
    return true;
}

static void infa_model__extract_end(infa_model__extract *x)
{
    infa_model__block *b = x->b;
    if (!x->have_header) {
        b->pub.header.start = b->pub.header.end = b->pub.span.start;
        b->pub.name_span = b->pub.header;
        b->pub.name = (const char *)(uintptr_t)x->arena.len;
        infa_buf_append(&x->arena, "\0", 1);
    }
    infa_model__extract_done(x);
    infa_model__finish_block(x);
}

/* Shifts every offset of a kept block by delta. */
static void infa_model__shift_block(infa_model__block *b, int64_t delta)
{
    if (delta == 0)
        return;
#define SHIFT(s)                                                                                   \
    do {                                                                                           \
        (s).start = (uint32_t)((int64_t)(s).start + delta);                                        \
        (s).end = (uint32_t)((int64_t)(s).end + delta);                                            \
    } while (0)
    SHIFT(b->pub.span);
    SHIFT(b->pub.header);
    SHIFT(b->pub.name_span);
    SHIFT(b->decoration.base);
    for (uint32_t i = 0; i < b->line_count; i++) {
        SHIFT(b->lines[i].span);
        if (b->lines[i].has_key)
            SHIFT(b->lines[i].key.span);
    }
    for (uint32_t i = 0; i < b->field_count; i++)
        SHIFT(b->fields[i].span);
    for (uint32_t i = 0; i < b->error_count; i++)
        SHIFT(b->errors[i].span);
#undef SHIFT
}

static void infa_model__settle_block(infa_model__block *b)
{
    if (b->pending) {
        infa_model__shift_block(b, b->pending);
        b->pending = 0;
    }
}

/* The move not yet applied to block i's spans. */
static int64_t infa_model__pending(const infa_model *m, uint32_t i)
{
    return m->blocks[i].pending + (i >= m->tail_from ? m->tail_delta : 0);
}

/* Makes the tail move start at block `from`, adding it to the blocks
 * between the old start and the new one: O(distance). */
static void infa_model__move_tail(infa_model *m, uint32_t from)
{
    if (m->tail_delta != 0) {
        for (uint32_t i = m->tail_from; i < from; i++)
            m->blocks[i].pending += m->tail_delta;
        for (uint32_t i = from; i < m->tail_from; i++)
            m->blocks[i].pending -= m->tail_delta;
    }
    m->tail_from = from;
}

/* Applies every pending move; every reader of spans runs after this. */
static void infa_model__settle(infa_model *m)
{
    infa_model__move_tail(m, m->block_count);
    m->tail_delta = 0;
    for (uint32_t i = 0; i < m->block_count; i++)
        infa_model__settle_block(&m->blocks[i]);
}

/* ---- Rows -------------------------------------------------------------------- */

uint32_t infa_model_row_at(const infa_model *m, uint32_t byte)
{
    uint32_t lo = 0, hi = m->lines ? m->lines->count : 0;
    if (hi == 0)
        return 0;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (infa_line_index_start(m->lines, mid) <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t infa_model_row_start(const infa_model *m, uint32_t row)
{
    if (!m->lines || row >= m->lines->count)
        return (uint32_t)m->len;
    return infa_line_index_start(m->lines, row);
}

/* How a block got into the new model; decides how its rows are updated. */
enum { INFA_MODEL__EXTRACTED, INFA_MODEL__KEPT, INFA_MODEL__SHIFTED };

/* Extracted blocks look their rows up; kept blocks after the edit move by
 * the change in row count, which avoids a search per line on every edit. */
static void infa_model__assign_rows(infa_model *m, infa_model__block *b, uint32_t block_index,
                                    int state, int64_t row_delta)
{
    if (state == INFA_MODEL__EXTRACTED) {
        /* Lines are in text order: one search, then walk the rows along. */
        uint32_t row = infa_model_row_at(m, b->pub.header.start);
        b->pub.header_row = row;
        for (uint32_t i = 0; i < b->line_count; i++) {
            uint32_t at = b->lines[i].span.start;
            while (row + 1 < m->lines->count && infa_line_index_start(m->lines, row + 1) <= at)
                row++;
            b->lines[i].row = row;
        }
    } else if (state == INFA_MODEL__SHIFTED && row_delta != 0) {
        b->pub.header_row = (uint32_t)((int64_t)b->pub.header_row + row_delta);
        for (uint32_t i = 0; i < b->line_count; i++)
            b->lines[i].row = (uint32_t)((int64_t)b->lines[i].row + row_delta);
    }
    for (uint32_t i = 0; i < b->line_count; i++)
        b->lines[i].block = block_index;
}

/* ---- Cross-section facts ------------------------------------------------------- */

static uint32_t infa_model__hash_find(const infa_model *m, const char *name, size_t len)
{
    if (!m->section_hash_cap)
        return INFA_NONE;
    uint32_t mask = m->section_hash_cap - 1;
    uint32_t h = infa_hash_nocase(name, len) & mask;
    for (;;) {
        uint32_t v = m->section_hash[h];
        if (v == 0)
            return INFA_NONE;
        const infa_section *s = &m->sections[v - 1];
        if (infa_strncasecmp(s->name, s->name_len, name, len) == 0)
            return v - 1;
        h = (h + 1) & mask;
    }
}

uint32_t infa_model_find_section(const infa_model *m, const char *name, size_t len)
{
    infa_model__ensure_cross(m);
    return infa_model__hash_find(m, name, len);
}

static bool infa_model__ieq_prefix(const char *s, size_t len, const char *prefix)
{
    size_t pl = strlen(prefix);
    return len >= pl && infa_strncasecmp(s, pl, prefix, pl) == 0;
}

static infa_platform infa_model__platform_of(const char *arch, size_t len)
{
    if (infa_streq_nocase(arch, len, "x86"))
        return INFA_PLATFORM_X86;
    if (infa_streq_nocase(arch, len, "amd64"))
        return INFA_PLATFORM_AMD64;
    if (infa_streq_nocase(arch, len, "arm"))
        return INFA_PLATFORM_ARM;
    if (infa_streq_nocase(arch, len, "arm64"))
        return INFA_PLATFORM_ARM64;
    if (infa_streq_nocase(arch, len, "ia64"))
        return INFA_PLATFORM_IA64;
    if (len == 0)
        return INFA_PLATFORM_NT;
    if (len == 6 && memcmp(arch, "$ARCH$", 6) == 0) /* case-sensitive, as stampinf */
        return INFA_PLATFORM_TEMPLATE;
    return INFA_PLATFORM_NONE;
}

/* Splits "base[.NT<arch>[.maj[.min[.pt[.suite[.build]]]]]][.Suffix]" and the
 * SourceDisks* ".arch" form. */
static void infa_model__decorate(const char *name, uint32_t len, uint32_t name_start,
                                 infa_decoration *d)
{
    memset(d, 0, sizeof(*d));
    d->os_major = d->os_minor = d->os_product_type = -1;
    d->os_suite_mask = d->os_build = -1;
    d->suffix_offset = INFA_NONE;
    d->base.start = name_start;
    d->base.end = name_start + len;
    d->base_len = len;

    /* A trailing DDInstall suffix (.HW, .Services, ...). */
    uint32_t end = len;
    for (uint32_t i = len; i > 0; i--) {
        if (name[i - 1] != '.')
            continue;
        const infa_kb_ddinstall_suffix *suf =
            infa_kb_ddinstall_suffix_find(name + i - 1, len - (i - 1));
        if (suf) {
            d->suffix_kind = suf->kind;
            d->suffix_offset = i - 1;
            end = i - 1;
        }
        break;
    }
    /* The first ".NT..." segment starts the decoration. */
    for (uint32_t i = 0; i + 3 <= end; i++) {
        if (name[i] != '.' || i == 0)
            continue;
        const char *seg = name + i + 1;
        uint32_t seglen = 0;
        while (i + 1 + seglen < end && seg[seglen] != '.')
            seglen++;
        if (seglen >= 2 && (seg[0] == 'n' || seg[0] == 'N') && (seg[1] == 't' || seg[1] == 'T')) {
            infa_platform p = infa_model__platform_of(seg + 2, seglen - 2);
            if (p == INFA_PLATFORM_NONE)
                continue;
            d->platform = p;
            d->base_len = i;
            d->base.end = name_start + i;
            /* OS version parts follow, dot-separated, possibly empty. */
            const char *q = seg + seglen;
            const char *qe = name + end;
            long parts[5] = {-1, -1, -1, -1, -1};
            int k = 0;
            while (q < qe && *q == '.' && k < 5) {
                q++;
                if (q < qe && isdigit((unsigned char)*q)) {
                    long v = 0;
                    bool hex = false;
                    if (q + 1 < qe && q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
                        hex = true;
                        q += 2;
                    }
                    while (q < qe &&
                           (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q))) {
                        int dv = isdigit((unsigned char)*q) ? *q - '0' : (tolower(*q) - 'a' + 10);
                        v = v * (hex ? 16 : 10) + dv;
                        q++;
                    }
                    parts[k] = v;
                }
                k++;
            }
            d->os_major = (int)parts[0];
            d->os_minor = (int)parts[1];
            d->os_product_type = (int)parts[2];
            d->os_suite_mask = parts[3];
            d->os_build = parts[4];
            return;
        }
    }
    /* SourceDisksNames.amd64 / SourceDisksFiles.x86 */
    if (infa_model__ieq_prefix(name, end, "SourceDisks")) {
        for (uint32_t i = end; i > 0; i--) {
            if (name[i - 1] != '.')
                continue;
            infa_platform p = infa_model__platform_of(name + i, end - i);
            if (p != INFA_PLATFORM_NONE && p != INFA_PLATFORM_NT) {
                d->platform = p;
                d->base_len = i - 1;
                d->base.end = name_start + i - 1;
            }
            break;
        }
    }
}

static bool infa_model__is_strings_name(const char *name, uint32_t len, uint16_t *langid)
{
    if (infa_streq_nocase(name, len, "Strings")) {
        *langid = 0;
        return true;
    }
    if (len == 12 && infa_model__ieq_prefix(name, len, "Strings.")) {
        unsigned v = 0;
        for (int i = 8; i < 12; i++) {
            if (!isxdigit((unsigned char)name[i]))
                return false;
            v = v * 16 + (unsigned)(isdigit((unsigned char)name[i]) ? name[i] - '0'
                                                                    : tolower(name[i]) - 'a' + 10);
        }
        *langid = (uint16_t)v;
        return true;
    }
    return false;
}

/* Kinds a section has by name alone (Version, Strings.0407, ...). */
static infa_kind_set infa_model__system_kinds(const char *name, uint32_t name_len,
                                              const infa_decoration *d)
{
    uint16_t langid;
    if (infa_model__is_strings_name(name, name_len, &langid))
        return INFA_KIND_STRINGS;
    const infa_kb_section *k = infa_kb_section_find(name, name_len);
    if (k)
        return k->kind;
    /* Decorated system sections: SourceDisksFiles.amd64, DefaultInstall.NT,
     * ClassInstall32.NTamd64.Services ... */
    if (d->platform != INFA_PLATFORM_NONE || d->suffix_kind) {
        k = infa_kb_section_find(name, d->base_len);
        if (k) {
            if (d->suffix_kind == INFA_KIND_DDINSTALL_SERVICES &&
                (k->kind & INFA_KIND_DEFAULT_INSTALL))
                return INFA_KIND_DEFAULT_INSTALL_SERVICES;
            if (d->suffix_kind == INFA_KIND_DDINSTALL_SERVICES &&
                (k->kind & INFA_KIND_CLASS_INSTALL32))
                return INFA_KIND_CLASS_INSTALL32_SERVICES;
            if (!d->suffix_kind)
                return k->kind;
        }
    }
    return INFA_KIND_UNKNOWN;
}

static void infa_model__free_cross(infa_model *m)
{
    free(m->sections);
    free(m->section_blocks);
    free(m->section_hash);
    free(m->refs);
    free(m->refs_in);
    infa_buf_free(&m->names);
    free(m->strkeys);
    free(m->string_defs);
    free(m->strkey_hash);
    free(m->all_errors);
    m->sections = NULL;
    m->section_blocks = NULL;
    m->section_hash = NULL;
    m->refs = NULL;
    m->refs_in = NULL;
    m->strkeys = NULL;
    m->string_defs = NULL;
    m->strkey_hash = NULL;
    m->all_errors = NULL;
    m->section_count = m->ref_count = m->ref_cap = m->strkey_count = m->strkey_cap = 0;
    m->string_def_count = m->all_error_count = 0;
    m->section_hash_cap = m->strkey_hash_cap = 0;
}

static uint32_t infa_model__pow2_at_least(uint32_t n)
{
    uint32_t c = 16;
    while (c < n)
        c *= 2;
    return c;
}

static void infa_model__build_sections(infa_model *m)
{
    m->sections = infa_xcalloc(m->block_count ? m->block_count : 1, sizeof(infa_section));
    m->section_hash_cap = infa_model__pow2_at_least(m->block_count * 2 + 1);
    m->section_hash = infa_xcalloc(m->section_hash_cap, sizeof(uint32_t));
    uint32_t *counts = infa_xcalloc(m->block_count + 1, sizeof(uint32_t));
    /* First pass: assign each block to a section. */
    uint32_t mask = m->section_hash_cap - 1;
    for (uint32_t i = 0; i < m->block_count; i++) {
        infa_model__block *mb = &m->blocks[i];
        infa_block *b = &mb->pub;
        uint32_t h = mb->name_hash & mask;
        uint32_t s = INFA_NONE;
        while (m->section_hash[h]) {
            const infa_section *sec = &m->sections[m->section_hash[h] - 1];
            if (infa_strncasecmp(sec->name, sec->name_len, b->name, b->name_len) == 0) {
                s = m->section_hash[h] - 1;
                break;
            }
            h = (h + 1) & mask;
        }
        if (s == INFA_NONE) {
            s = m->section_count++;
            infa_section *sec = &m->sections[s];
            sec->name = b->name;
            sec->name_len = b->name_len;
            m->section_hash[h] = s + 1;
            sec->decoration = mb->decoration;
            sec->kinds = mb->sys_kinds;
        }
        b->section = s;
        counts[s]++;
    }
    m->section_blocks = infa_xmalloc((m->block_count + 1) * sizeof(uint32_t));
    uint32_t at = 0;
    for (uint32_t s = 0; s < m->section_count; s++) {
        m->sections[s].blocks = m->section_blocks + at;
        at += counts[s];
    }
    for (uint32_t i = 0; i < m->block_count; i++) {
        infa_section *sec = &m->sections[m->blocks[i].pub.section];
        ((uint32_t *)sec->blocks)[sec->block_count++] = i;
    }
    free(counts);
}

static const char *infa_model__ref_name(const infa_model *m, const infa_ref *r);

static infa_ref *infa_model__new_ref(infa_model *m)
{
    if (m->ref_count == m->ref_cap) {
        m->ref_cap = m->ref_cap ? m->ref_cap * 2 : 64;
        m->refs = infa_xrealloc(m->refs, m->ref_cap * sizeof(infa_ref));
    }
    infa_ref *r = &m->refs[m->ref_count++];
    memset(r, 0, sizeof(*r));
    r->target = INFA_NONE;
    return r;
}

/* Global line index of line i of block b. */
static uint32_t infa_model__line_index(const infa_model *m, uint32_t block, uint32_t i)
{
    return m->block_first_line[block] + i;
}

/* The install section SetupAPI picks for `name` from a section decorated
 * for `platform`: name.NT<arch>, then name.NT, then name (syntax.md §8).
 * An undecorated Models section means x86. Every existing variant gets
 * `kind`, since other Models decorations may pick them; when none of the
 * three exists, a variant for another architecture is the target so that
 * the reference still leads somewhere (rules judge the mismatch). */
static uint32_t infa_model__resolve_decorated(infa_model *m, const char *name, uint32_t len,
                                              infa_kind_set kind, infa_platform platform)
{
    static const char *const arch_decos[] = {
        [INFA_PLATFORM_NONE] = ".NTx86",  [INFA_PLATFORM_NT] = ".NTx86",
        [INFA_PLATFORM_X86] = ".NTx86",   [INFA_PLATFORM_AMD64] = ".NTamd64",
        [INFA_PLATFORM_ARM] = ".NTarm",   [INFA_PLATFORM_ARM64] = ".NTarm64",
        [INFA_PLATFORM_IA64] = ".NTia64", [INFA_PLATFORM_TEMPLATE] = ".NT$ARCH$",
    };
    static const char *const others[] = {".NTamd64", ".NTx86",  ".NTarm64",
                                         ".NTarm",   ".NTia64", ".NT$ARCH$"};
    if (len > 255)
        return infa_model__hash_find(m, name, len);
    const char *order[3 + sizeof(others) / sizeof(others[0])];
    size_t n = 0;
    order[n++] = arch_decos[platform];
    order[n++] = ".NT";
    order[n++] = "";
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        if (strcmp(others[i], arch_decos[platform]) != 0)
            order[n++] = others[i];
    uint32_t found = INFA_NONE;
    char buf[300];
    for (size_t i = 0; i < n; i++) {
        size_t dl = strlen(order[i]);
        memcpy(buf, name, len);
        memcpy(buf + len, order[i], dl);
        uint32_t s = infa_model__hash_find(m, buf, len + dl);
        if (s == INFA_NONE)
            continue;
        if (found == INFA_NONE)
            found = s;
        m->sections[s].kinds |= kind;
    }
    return found;
}

/* Adds a reference from field f of line li (block b). The field's value may
 * be a %strkey%: it is expanded. */
static infa_ref *infa_model__add_ref(infa_model *m, uint32_t block, uint32_t li,
                                     const infa_field *f, uint32_t field_index,
                                     const char *directive, infa_kind_set kind, uint8_t flags)
{
    if (f->empty)
        return NULL;
    const infa_model__block *b = &m->blocks[block];
    infa_ref *r = infa_model__new_ref(m);
    r->span = f->span;
    r->line = infa_model__line_index(m, block, li);
    r->field = field_index;
    r->directive = directive;
    r->target_kind = kind;
    r->from_section = b->pub.section;
    r->external = (flags & INFA_KB_REF_EXTERNAL) != 0;
    size_t off = m->names.len;
    size_t elen = f->value_len;
    if (memchr(f->value, '%', f->value_len)) {
        char *exp = infa_model_expand(m, f->value, f->value_len, &elen);
        infa_buf_append(&m->names, exp, elen);
        free(exp);
    } else {
        infa_buf_append(&m->names, f->value, f->value_len);
    }
    infa_buf_append(&m->names, "\0", 1);
    r->name = (const char *)(uintptr_t)off;
    r->name_len = (uint32_t)elen;
    return r;
}

static void infa_model__resolve_ref(infa_model *m, infa_ref *r, bool decorated)
{
    const char *name = infa_model__ref_name(m, r);
    if (decorated)
        r->target = infa_model__resolve_decorated(m, name, r->name_len, r->target_kind,
                                                  m->sections[r->from_section].decoration.platform);
    else {
        r->target = infa_model__hash_find(m, name, r->name_len);
        /* DestinationDirs only says where a file list goes; how the list is
         * used (copy, delete, rename) comes from the directives. */
        if (r->target != INFA_NONE && strcmp(r->directive, "DestinationDirs") != 0)
            m->sections[r->target].kinds |= r->target_kind;
    }
}

static void infa_model__collect_directive_refs(infa_model *m)
{
    for (uint32_t bi = 0; bi < m->block_count; bi++) {
        infa_model__block *b = &m->blocks[bi];
        infa_kind_set sk = m->sections[b->pub.section].kinds;
        /* Data sections have keys that are names, not directives. */
        if (sk & (INFA_KIND_STRINGS | INFA_KIND_DESTINATION_DIRS | INFA_KIND_SOURCE_DISKS_FILES |
                  INFA_KIND_SOURCE_DISKS_NAMES | INFA_KIND_MANUFACTURER))
            continue;
        for (uint32_t k = 0; k < b->ref_line_count; k++) {
            uint32_t li = b->ref_lines[k];
            const infa_line *l = &b->lines[li];
            /* A few names mean different things in different sections; the
             * cached first row stands unless it does not fit this kind. */
            const infa_kb_directive *d = b->ref_dirs[k];
            if (sk && !(d->where & sk)) {
                const infa_kb_directive *in =
                    infa_kb_directive_find_in(l->key.value, l->key.value_len, sk);
                if (in)
                    d = in;
            }
            for (int ri = 0; ri < 2; ri++) {
                const infa_kb_section_ref *sr = &d->refs[ri];
                if (!sr->kind && !(sr->flags & INFA_KB_REF_SAME_KIND))
                    continue;
                for (uint32_t fi = 0; fi < l->field_count; fi++) {
                    bool match = sr->field == 0 || (uint32_t)sr->field == fi + 1 ||
                                 (sr->field == INFA_KB_REF_FIELD_LAST && fi + 1 == l->field_count);
                    if (!match)
                        continue;
                    const infa_field *f = &l->fields[fi];
                    if ((sr->flags & INFA_KB_REF_AT_IS_FILE) && f->value_len > 0 &&
                        f->value[0] == '@')
                        continue;
                    infa_kind_set kind = sr->kind;
                    if (sr->flags & INFA_KB_REF_SAME_KIND)
                        kind = sk & INFA_KIND_ANY_DDINSTALL;
                    infa_model__add_ref(m, bi, li, f, fi, d->name, kind, sr->flags);
                }
            }
        }
    }
}

/* Manufacturer -> Models -> DDInstall, DestinationDirs keys, InterfaceInstall32. */
static void infa_model__collect_line_refs(infa_model *m, infa_kind_set container)
{
    const infa_kb_line_ref *lr = infa_kb_line_ref_find(container);
    for (uint32_t s = 0; s < m->section_count; s++) {
        infa_section *sec = &m->sections[s];
        if (!(sec->kinds & container))
            continue;
        for (uint32_t bi = 0; bi < sec->block_count; bi++) {
            uint32_t block = sec->blocks[bi];
            infa_model__block *b = &m->blocks[block];
            for (uint32_t li = 0; li < b->line_count; li++) {
                const infa_line *l = &b->lines[li];
                if (container == INFA_KIND_MANUFACTURER) {
                    /* %Mfg% = Models[, decoration...]: each decoration names
                     * [Models.decoration]; none means [Models]. */
                    if (l->field_count == 0)
                        continue;
                    const infa_field *base = &l->fields[0];
                    if (l->field_count == 1) {
                        infa_model__add_ref(m, block, li, base, 0, "Manufacturer", INFA_KIND_MODELS,
                                            0);
                        continue;
                    }
                    for (uint32_t fi = 1; fi < l->field_count; fi++) {
                        const infa_field *deco = &l->fields[fi];
                        if (deco->empty)
                            continue;
                        infa_ref *r = infa_model__add_ref(m, block, li, base, 0, "Manufacturer",
                                                          INFA_KIND_MODELS, 0);
                        if (!r)
                            break;
                        /* name = base + "." + decoration */
                        size_t off = (size_t)(uintptr_t)r->name;
                        m->names.len = off + r->name_len; /* drop its NUL */
                        infa_buf_append(&m->names, ".", 1);
                        infa_buf_append(&m->names, deco->value, deco->value_len);
                        infa_buf_append(&m->names, "\0", 1);
                        r->name_len += 1 + deco->value_len;
                        r->span = deco->span;
                        r->field = fi;
                    }
                    continue;
                }
                if (!lr)
                    continue;
                if (lr->key_kind && l->has_key &&
                    !(lr->except_key &&
                      infa_streq_nocase(l->key.value, l->key.value_len, lr->except_key)))
                    infa_model__add_ref(m, block, li, &l->key, INFA_NONE, "DestinationDirs",
                                        lr->key_kind, 0);
                if (lr->ref.kind && lr->ref.field >= 1 && lr->ref.field <= l->field_count)
                    infa_model__add_ref(
                        m, block, li, &l->fields[lr->ref.field - 1], lr->ref.field - 1,
                        container == INFA_KIND_MODELS ? "Models" : "InterfaceInstall32",
                        lr->ref.kind, lr->ref.flags);
            }
        }
    }
}

/* While references are collected, names are offsets into m->names (it may
 * move as it grows); they become pointers once all are in. */
static const char *infa_model__ref_name(const infa_model *m, const infa_ref *r)
{
    return m->names.data + (uintptr_t)r->name;
}

static void infa_model__fix_ref_names(infa_model *m)
{
    for (uint32_t i = 0; i < m->ref_count; i++)
        m->refs[i].name = infa_model__ref_name(m, &m->refs[i]);
}

static void infa_model__resolve_range(infa_model *m, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++) {
        infa_ref *r = &m->refs[i];
        /* Models entries name the undecorated install section (SetupAPI adds
         * .NT<arch>); Needs names sections of other INFs too. */
        bool decorated = r->target_kind & (INFA_KIND_DDINSTALL | INFA_KIND_ANY_DDINSTALL);
        if (r->target_kind == INFA_KIND_INSTALL_INTERFACE ||
            r->target_kind == INFA_KIND_INTERFACE_INSTALL)
            decorated = true;
        infa_model__resolve_ref(m, r, decorated);
    }
}

/* Gives DDInstall variants ([X.NTamd64.HW]) the suffix kind when their base
 * is an install section, and .security sections their kind. */
static void infa_model__variant_kinds(infa_model *m)
{
    for (uint32_t s = 0; s < m->section_count; s++) {
        infa_section *sec = &m->sections[s];
        const infa_decoration *d = &sec->decoration;
        if (d->suffix_kind && d->suffix_offset != INFA_NONE) {
            uint32_t base = infa_model__hash_find(m, sec->name, d->suffix_offset);
            if (base != INFA_NONE) {
                infa_kind_set bk = m->sections[base].kinds;
                if (bk & INFA_KIND_DDINSTALL)
                    sec->kinds |= d->suffix_kind;
                else if ((bk & INFA_KIND_DEFAULT_INSTALL) &&
                         d->suffix_kind == INFA_KIND_DDINSTALL_SERVICES)
                    sec->kinds |= INFA_KIND_DEFAULT_INSTALL_SERVICES;
            }
        }
        if (sec->name_len > 9 && infa_streq_nocase(sec->name + sec->name_len - 9, 9, ".security")) {
            uint32_t base = infa_model__hash_find(m, sec->name, sec->name_len - 9);
            if (base != INFA_NONE) {
                infa_kind_set bk = m->sections[base].kinds;
                if (bk & (INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES))
                    sec->kinds |= INFA_KIND_FILE_LIST_SECURITY;
                if (bk & INFA_KIND_ADD_REGISTRY)
                    sec->kinds |= INFA_KIND_REG_SECURITY;
            }
        }
    }
}

static void infa_model__build_refs_in(infa_model *m)
{
    uint32_t *counts = infa_xcalloc(m->section_count + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < m->ref_count; i++)
        if (m->refs[i].target != INFA_NONE)
            counts[m->refs[i].target]++;
    m->refs_in = infa_xmalloc((m->ref_count + 1) * sizeof(uint32_t));
    uint32_t at = 0;
    for (uint32_t s = 0; s < m->section_count; s++) {
        m->sections[s].refs_in = m->refs_in + at;
        m->sections[s].refs_in_count = 0;
        at += counts[s];
    }
    for (uint32_t i = 0; i < m->ref_count; i++) {
        uint32_t t = m->refs[i].target;
        if (t == INFA_NONE)
            continue;
        infa_section *sec = &m->sections[t];
        ((uint32_t *)sec->refs_in)[sec->refs_in_count++] = i;
    }
    free(counts);
}

static void infa_model__build_strings(infa_model *m)
{
    INFA_VEC(infa_string_def) defs = {0};
    /* Collect defs grouped by key through the hash. */
    m->strkey_hash_cap = 64;
    m->strkey_hash = infa_xcalloc(m->strkey_hash_cap, sizeof(uint32_t));
    INFA_VEC(uint32_t) def_key = {0};
    for (int pass = 0; pass < 2; pass++) {
        /* Neutral [Strings] first, then localized ones, so defs[0] of a key
         * is the neutral value when there is one. */
        for (uint32_t s = 0; s < m->section_count; s++) {
            const infa_section *sec = &m->sections[s];
            uint16_t langid;
            if (!(sec->kinds & INFA_KIND_STRINGS) ||
                !infa_model__is_strings_name(sec->name, sec->name_len, &langid))
                continue;
            if ((pass == 0) != (langid == 0))
                continue;
            for (uint32_t bi = 0; bi < sec->block_count; bi++) {
                const infa_model__block *b = &m->blocks[sec->blocks[bi]];
                for (uint32_t li = 0; li < b->line_count; li++) {
                    const infa_line *l = &b->lines[li];
                    if (!l->has_key)
                        continue;
                    /* Find or add the key. */
                    if (m->strkey_count * 2 >= m->strkey_hash_cap) {
                        uint32_t cap = m->strkey_hash_cap * 2;
                        uint32_t *h = infa_xcalloc(cap, sizeof(uint32_t));
                        for (uint32_t k = 0; k < m->strkey_count; k++) {
                            uint32_t p =
                                infa_hash_nocase(m->strkeys[k].key, m->strkeys[k].key_len) &
                                (cap - 1);
                            while (h[p])
                                p = (p + 1) & (cap - 1);
                            h[p] = k + 1;
                        }
                        free(m->strkey_hash);
                        m->strkey_hash = h;
                        m->strkey_hash_cap = cap;
                    }
                    uint32_t mask = m->strkey_hash_cap - 1;
                    uint32_t p = infa_hash_nocase(l->key.value, l->key.value_len) & mask;
                    uint32_t key = INFA_NONE;
                    while (m->strkey_hash[p]) {
                        infa_model__strkey *k = &m->strkeys[m->strkey_hash[p] - 1];
                        if (infa_strncasecmp(k->key, k->key_len, l->key.value, l->key.value_len) ==
                            0) {
                            key = m->strkey_hash[p] - 1;
                            break;
                        }
                        p = (p + 1) & mask;
                    }
                    if (key == INFA_NONE) {
                        if (m->strkey_count == m->strkey_cap) {
                            m->strkey_cap = m->strkey_cap ? m->strkey_cap * 2 : 32;
                            m->strkeys =
                                infa_xrealloc(m->strkeys, m->strkey_cap * sizeof(*m->strkeys));
                        }
                        key = m->strkey_count++;
                        m->strkeys[key].key = l->key.value;
                        m->strkeys[key].key_len = l->key.value_len;
                        m->strkeys[key].def_count = 0;
                        m->strkey_hash[p] = key + 1;
                    }
                    infa_string_def d;
                    const infa_field *v = l->field_count ? &l->fields[0] : NULL;
                    d.value = v ? v->value : "";
                    d.value_len = v ? v->value_len : 0;
                    /* A string value with commas is one value in SetupAPI's
                     * eyes only when quoted; keep the first field. */
                    d.line = infa_model__line_index(m, sec->blocks[bi], li);
                    d.langid = langid;
                    INFA_VEC_PUSH(&defs, d);
                    INFA_VEC_PUSH(&def_key, key);
                    m->strkeys[key].def_count++;
                }
            }
        }
    }
    /* Group defs by key (counting sort keeps the neutral-first order). */
    uint32_t at = 0;
    for (uint32_t k = 0; k < m->strkey_count; k++) {
        m->strkeys[k].first_def = at;
        at += m->strkeys[k].def_count;
        m->strkeys[k].def_count = 0;
    }
    m->string_defs = infa_xmalloc((defs.len + 1) * sizeof(infa_string_def));
    for (size_t i = 0; i < defs.len; i++) {
        infa_model__strkey *k = &m->strkeys[def_key.items[i]];
        m->string_defs[k->first_def + k->def_count++] = defs.items[i];
    }
    m->string_def_count = (uint32_t)defs.len;
    INFA_VEC_FREE(&defs);
    INFA_VEC_FREE(&def_key);
}

static void infa_model__build_errors(infa_model *m)
{
    uint32_t total = m->preamble.error_count;
    for (uint32_t i = 0; i < m->block_count; i++)
        total += m->blocks[i].error_count;
    m->all_errors = infa_xmalloc((total + 1) * sizeof(infa_syntax_error));
    uint32_t at = 0;
    /* Preamble errors may sit between blocks (top-level ERROR nodes), so
     * merge by position. */
    uint32_t pi = 0;
    for (uint32_t i = 0; i < m->block_count; i++) {
        const infa_model__block *b = &m->blocks[i];
        while (pi < m->preamble.error_count &&
               m->preamble.errors[pi].span.start < b->pub.span.start)
            m->all_errors[at++] = m->preamble.errors[pi++];
        for (uint32_t k = 0; k < b->error_count; k++)
            m->all_errors[at++] = b->errors[k];
    }
    while (pi < m->preamble.error_count)
        m->all_errors[at++] = m->preamble.errors[pi++];
    m->all_error_count = at;
}

static void infa_model__build_line_table(infa_model *m)
{
    uint32_t n = m->block_first_line[m->block_count];
    m->line_ptrs = infa_xrealloc(m->line_ptrs, (n ? n : 1) * sizeof(*m->line_ptrs));
    uint32_t at = 0;
    for (uint32_t i = 0; i < m->preamble.line_count; i++)
        m->line_ptrs[at++] = &m->preamble.lines[i];
    for (uint32_t b = 0; b < m->block_count; b++)
        for (uint32_t i = 0; i < m->blocks[b].line_count; i++)
            m->line_ptrs[at++] = &m->blocks[b].lines[i];
}

static void infa_model__build_cross(infa_model *m)
{
    infa_model__free_cross(m);
    infa_model__build_line_table(m);
    infa_model__build_sections(m);
    infa_model__build_strings(m);

    /* Kinds flow Manufacturer -> Models -> DDInstall -> (directive targets).
     * Directive references are collected after the install sections know
     * their kinds, since a few directive names mean different things in
     * different sections. */
    uint32_t mark = m->ref_count;
    infa_model__collect_line_refs(m, INFA_KIND_MANUFACTURER);
    infa_model__resolve_range(m, mark, m->ref_count);
    mark = m->ref_count;
    infa_model__collect_line_refs(m, INFA_KIND_MODELS);
    infa_model__resolve_range(m, mark, m->ref_count);
    infa_model__variant_kinds(m);
    mark = m->ref_count;
    infa_model__collect_line_refs(m, INFA_KIND_INTERFACE_INSTALL32);
    infa_model__collect_line_refs(m, INFA_KIND_DESTINATION_DIRS);
    infa_model__resolve_range(m, mark, m->ref_count);
    mark = m->ref_count;
    infa_model__collect_directive_refs(m);
    infa_model__resolve_range(m, mark, m->ref_count);
    /* Targets of directives may be install sections themselves (Needs),
     * so give variants their kinds once more. */
    infa_model__variant_kinds(m);
    infa_model__fix_ref_names(m);
    infa_model__build_refs_in(m);
    infa_model__build_errors(m);
}

/* ---- Update ---------------------------------------------------------------------- */

infa_model *infa_model_new(void)
{
    infa_model__init_symbols();
    infa_model *m = infa_xcalloc(1, sizeof(*m));
    m->block_first_line = infa_xcalloc(1, sizeof(uint32_t));
    return m;
}

void infa_model_delete(infa_model *m)
{
    if (!m)
        return;
    infa_model__free_cross(m);
    for (uint32_t i = 0; i < m->block_count; i++)
        infa_model__block_free(&m->blocks[i]);
    infa_model__block_free(&m->preamble);
    free(m->blocks);
    free(m->block_first_line);
    free(m->line_ptrs);
    free(m->tokens);
    free(m);
}

static bool infa_model__overlaps_changed(uint32_t s, uint32_t e, const infa_span *changed,
                                         uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (changed[i].start < e && s < changed[i].end)
            return true;
    return false;
}

/* Finds the old block that the new section node [s, e) can stand for: same
 * shifted range and untouched by the edit. Old blocks are in order, so the
 * search resumes where the last one stopped. */
static infa_model__block *infa_model__match_old(infa_model__block *old, uint32_t old_count,
                                                uint32_t *old_i, const infa_model_edit *edit,
                                                int64_t delta, uint32_t s, uint32_t e)
{
    while (*old_i < old_count) {
        infa_model__block *ob = &old[*old_i];
        int64_t os = ob->pub.span.start, oe = ob->pub.span.end;
        if (os >= edit->old_end) {
            os += delta;
            oe += delta;
        } else if (oe >= edit->start) {
            (*old_i)++; /* touched by the edit */
            continue;
        }
        if (os < s) {
            (*old_i)++;
            continue;
        }
        if (os == s && oe == e)
            return ob;
        return NULL;
    }
    return NULL;
}

void infa_model_segment_classify(infa_model_segment *seg)
{
    infa_model__init_symbols();
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(seg->tree));
    seg->has_section = seg->lead = seg->trail = false;
    for (bool ok = ts_tree_cursor_goto_first_child(&cur); ok;
         ok = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        TSSymbol sym = ts_node_symbol(c);
        if (sym == infa_model__sym.section) {
            seg->has_section = true;
            continue;
        }
        if (sym == infa_model__sym.entry || ts_node_has_error(c) || ts_node_is_missing(c)) {
            if (seg->has_section)
                seg->trail = true;
            else
                seg->lead = true;
        }
    }
    ts_tree_cursor_delete(&cur);
}

/* Lines and errors of a segment that belong to no section: those before its
 * first section node when `lead` (no section opened before the segment),
 * and those error recovery left at the top level after a section node. */
static void infa_model__walk_strays(infa_model__extract *px, const infa_model_segment *seg,
                                    bool lead)
{
    px->base = seg->base;
    bool after_section = false;
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(seg->tree));
    if (ts_tree_cursor_goto_first_child(&cur)) {
        do {
            TSNode c = ts_tree_cursor_current_node(&cur);
            TSSymbol sym = ts_node_symbol(c);
            if (sym == infa_model__sym.section) {
                after_section = true;
                continue;
            }
            if (!after_section && !lead)
                continue;
            if (sym == infa_model__sym.entry)
                infa_model__add_entry(px, c, INFA_NONE);
            if (!infa_model__is_extra(c) || ts_node_has_error(c))
                infa_model__collect_errors(px, c);
        } while (ts_tree_cursor_goto_next_sibling(&cur));
    }
    ts_tree_cursor_delete(&cur);
}

typedef INFA_VEC(infa_model__block) infa_model__blocks;
typedef INFA_VEC(uint8_t) infa_model__states;

/* The walk of the segments an update re-reads. */
typedef struct {
    infa_model *m;
    const infa_model_segment *segs;
    infa_model__blocks *out;
    infa_model__states *state;
    /* The old blocks the region may reuse, matched in order. */
    infa_model__block *old;
    uint32_t old_count;
    bool *reused;
    uint32_t old_i;
    const infa_model_edit *edit;
    int64_t delta;
    const infa_span *changed;
    uint32_t changed_count;
    /* The segments the document re-split for this edit. */
    uint32_t region_first, region_count;
} infa_model__walk;

/* Makes the block of the section node `sec` in segment si. Its lines go on
 * into the leads of segments si+1 .. stop (the lead of stop ends at
 * stop_at, where the next section node starts; stop == si when that node
 * is in the same segment). An old block with the same span that the edit
 * and the changed ranges missed stands for it; otherwise it is extracted,
 * copying the lines the edit missed from the old block it fell in. */
static void infa_model__close_block(infa_model__walk *w, TSNode sec, uint32_t si, uint32_t stop,
                                    uint32_t stop_at, bool stop_has_section)
{
    const infa_model_segment *segs = w->segs;
    const infa_model_edit *edit = w->edit;
    uint32_t s = segs[si].base + ts_node_start_byte(sec), e = segs[si].base + ts_node_end_byte(sec);
    for (uint32_t j = si + 1; j <= stop; j++)
        if (segs[j].lead)
            e = j == stop && stop_has_section ? stop_at : segs[j].base + segs[j].len;

    infa_model__block nb;
    infa_model__block *ob = NULL;
    uint8_t st = INFA_MODEL__EXTRACTED;
    if (edit && !infa_model__overlaps_changed(s, e, w->changed, w->changed_count))
        ob = infa_model__match_old(w->old, w->old_count, &w->old_i, edit, w->delta, s, e);
    if (ob) {
        nb = *ob;
        w->reused[ob - w->old] = true;
        w->old_i++;
        st = INFA_MODEL__KEPT;
        if (ob->pub.span.start >= edit->old_end) {
            infa_model__shift_block(&nb, w->delta);
            st = INFA_MODEL__SHIFTED;
        }
    } else {
        /* The old block the edit fell in, if this block overlaps it. */
        infa_model__extract reuse;
        memset(&reuse, 0, sizeof(reuse));
        if (edit) {
            for (uint32_t k = 0; k < w->old_count && !reuse.donor; k++) {
                const infa_model__block *cand = &w->old[k];
                if (cand->pub.span.start <= edit->start && edit->start <= cand->pub.span.end &&
                    !w->reused[k])
                    reuse.donor = cand;
            }
            reuse.edit = edit;
            reuse.delta = w->delta;
            reuse.changed = w->changed;
            reuse.changed_count = w->changed_count;
        }
        infa_model__extract x;
        infa_model__extract_begin(&x, w->m, &nb, reuse.donor ? &reuse : NULL);
        infa_model__extract_section_node(&x, sec, segs[si].base);
        for (uint32_t j = si + 1; j <= stop; j++) {
            if (!segs[j].lead)
                continue;
            /* A chunk the update did not reparse has the same lines as
             * before: copy them instead of walking them. */
            uint32_t a = segs[j].base, b = segs[j].base + segs[j].len;
            uint32_t lead_end = j == stop && stop_has_section ? stop_at : b;
            bool in_region = j >= w->region_first && j < w->region_first + w->region_count;
            bool clean = x.donor && !(in_region && segs[j].reparsed) &&
                         (b <= edit->start || a >= edit->new_end);
            if (!clean || !infa_model__copy_from_donor(&x, a, lead_end))
                infa_model__extract_lead(&x, &segs[j]);
        }
        nb.pub.span.end = e;
        infa_model__extract_end(&x);
        w->m->last_extracted++;
    }
    INFA_VEC_PUSH(w->out, nb);
    INFA_VEC_PUSH(w->state, st);
}

/* Appends the blocks of the sections in segments [from, to). Content before
 * the first section node of `from` is not walked: it belongs to the
 * preamble or to a block before the region. */
static void infa_model__walk_sections(infa_model__walk *w, uint32_t from, uint32_t to)
{
    bool open = false;
    TSNode open_sec;
    memset(&open_sec, 0, sizeof(open_sec));
    uint32_t open_seg = 0;
    for (uint32_t si = from; si < to; si++) {
        const infa_model_segment *seg = &w->segs[si];
        if (!seg->has_section)
            continue;
        TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(seg->tree));
        for (bool ok = ts_tree_cursor_goto_first_child(&cur); ok;
             ok = ts_tree_cursor_goto_next_sibling(&cur)) {
            TSNode c = ts_tree_cursor_current_node(&cur);
            if (ts_node_symbol(c) != infa_model__sym.section)
                continue;
            if (open)
                infa_model__close_block(w, open_sec, open_seg, si,
                                        seg->base + ts_node_start_byte(c), true);
            open = true;
            open_sec = c;
            open_seg = si;
        }
        ts_tree_cursor_delete(&cur);
    }
    if (open)
        infa_model__close_block(w, open_sec, open_seg, to - 1, 0, false);
}

void infa_model_update(infa_model *m, const infa_model_segment *segs, uint32_t seg_count,
                       uint32_t region_first, uint32_t region_count, const char *text, size_t len,
                       const infa_line_index *lines, const infa_model_edit *edit,
                       const infa_span *changed, uint32_t changed_count, uint32_t trail_segments)
{
    int64_t row_delta = (int64_t)lines->count - (int64_t)m->line_count;
    m->text = text;
    m->len = len;
    m->lines = lines;
    m->line_count = lines->count;
    m->last_extracted = 0;
    if (!edit) {
        region_first = 0;
        region_count = seg_count;
    }

    infa_model__block *blocks = m->blocks;
    uint32_t old_count = m->block_count;
    int64_t delta = edit ? (int64_t)edit->new_end - (int64_t)edit->old_end : 0;

    /* Old blocks before the region stay where they are and old blocks after
     * it move by delta; only the region's segments are walked. The region
     * grows to whole sections: back while its first segment may continue a
     * section opened before it, now or before the edit (an old block reaches
     * into it: whether a segment continues one depends on how its whole text
     * parses, so an edit inside it can change that), and on while the next
     * segment continues one (those are unchanged). Blocks are in document
     * order, so both ends are found by binary search. */
    uint32_t seg_from = region_first, seg_to = region_first + region_count;
    uint32_t i0 = 0, i1 = old_count;
    if (edit) {
        uint32_t lo, hi;
        for (;;) {
            while (seg_from > 0 && infa_model_segment_continues(&segs[seg_from]))
                seg_from--;
            uint32_t rstart = seg_from < seg_count ? segs[seg_from].base : (uint32_t)len;
            lo = 0;
            hi = old_count;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if ((int64_t)blocks[mid].pub.span.start + infa_model__pending(m, mid) <
                    (int64_t)rstart)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            i0 = lo;
            if (seg_from == 0 || i0 == 0 ||
                (int64_t)blocks[i0 - 1].pub.span.end + infa_model__pending(m, i0 - 1) <=
                    (int64_t)rstart)
                break;
            /* The old block before reaches into the region: start at its
             * segment. Text before the edit has the same offsets old and
             * new. */
            int64_t at = (int64_t)blocks[i0 - 1].pub.span.start + infa_model__pending(m, i0 - 1);
            uint32_t slo = 0, shi = seg_from;
            while (shi - slo > 1) {
                uint32_t mid = slo + (shi - slo) / 2;
                if ((int64_t)segs[mid].base <= at)
                    slo = mid;
                else
                    shi = mid;
            }
            seg_from = slo;
        }
        while (seg_to < seg_count && infa_model_segment_continues(&segs[seg_to]))
            seg_to++;
        uint32_t rend = seg_to < seg_count ? segs[seg_to].base : (uint32_t)len;
        int64_t old_rend = (int64_t)rend - delta;
        lo = i0;
        hi = old_count;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if ((int64_t)blocks[mid].pub.span.start + infa_model__pending(m, mid) < old_rend)
                lo = mid + 1;
            else
                hi = mid;
        }
        i1 = lo;
    } else {
        seg_from = 0;
        seg_to = seg_count;
    }

    /* The region's new blocks, reusing old region blocks where possible. */
    infa_model__blocks region = {0};
    infa_model__states state = {0};
    uint32_t old_region = i1 - i0;
    bool *reused = old_region ? infa_xcalloc(old_region, sizeof(bool)) : NULL;
    /* The region's old blocks are matched by position: apply their moves.
     * The tail move then starts at the first block after the region. */
    if (edit)
        infa_model__move_tail(m, i1);
    for (uint32_t i = i0; i < i1; i++)
        infa_model__settle_block(&blocks[i]);
    /* The first update of a new model has no blocks: NULL + 0 is undefined. */
    infa_model__block *old_blocks = old_region ? blocks + i0 : NULL;
    infa_model__walk w = {m, segs, &region, &state,  old_blocks,    old_region,   reused,
                          0, edit, delta,   changed, changed_count, region_first, region_count};
    infa_model__walk_sections(&w, seg_from, seg_to);
    for (uint32_t i = 0; i < old_region; i++)
        if (!reused[i])
            infa_model__block_free(&blocks[i0 + i]);
    free(reused);

    /* Splice: [0, i0) kept, region, [i1, old_count) shifted. */
    uint32_t tail = old_count - i1;
    uint32_t count = i0 + (uint32_t)region.len + tail;
    /* Never NULL, even for a document without sections: pointer arithmetic
     * on NULL is undefined even with a zero offset. */
    if (count > m->block_cap || !blocks) {
        m->block_cap = count + count / 2 + 16;
        blocks = infa_xrealloc(blocks, m->block_cap * sizeof(*blocks));
    }
    if (tail && i0 + region.len != i1)
        memmove(blocks + i0 + region.len, blocks + i1, tail * sizeof(*blocks));
    if (region.len)
        memcpy(blocks + i0, region.items, region.len * sizeof(*blocks));
    INFA_VEC_FREE(&region);
    uint32_t first_after = i0 + (uint32_t)state.len;
    m->blocks = blocks;
    m->block_count = count;
    if (edit) {
        /* The old blocks from i1 on are now from first_after on. */
        m->tail_from = first_after;
        m->tail_delta += delta;
    } else {
        m->tail_from = count;
        m->tail_delta = 0;
    }

    /* The preamble: the leads of the segments up to the first with a
     * section, and every segment's trail. It stands when no segment has a
     * trail and the edit fell after that first section; otherwise it is
     * small, and rebuilt. */
    uint32_t old_preamble_lines = m->preamble.line_count;
    uint32_t first_sec = 0;
    while (first_sec < seg_count && !segs[first_sec].has_section)
        first_sec++;
    if (!edit || trail_segments || m->preamble_has_trails || first_sec >= seg_from) {
        infa_model__block_free(&m->preamble);
        infa_model__extract px;
        memset(&px, 0, sizeof(px));
        px.m = m;
        px.b = &m->preamble;
        bool seen_section = false;
        for (uint32_t si = 0; si < seg_count; si++) {
            bool lead = !seen_section && segs[si].lead;
            if (lead || segs[si].trail)
                infa_model__walk_strays(&px, &segs[si], lead);
            seen_section = seen_section || segs[si].has_section;
            if (seen_section && !trail_segments)
                break;
        }
        infa_model__extract_done(&px);
        infa_model__finish_block(&px);
        m->preamble_has_trails = trail_segments != 0;
    }

    int64_t index_delta = (int64_t)count - (int64_t)old_count;
    m->block_first_line = infa_xrealloc(m->block_first_line, (count + 1) * sizeof(uint32_t));
    /* Line numbering before the region is unchanged when the preamble is;
     * after it, too, when the region kept its line count and no block came
     * or went. */
    bool same_before = edit && old_preamble_lines == m->preamble.line_count;
    uint32_t from = same_before ? i0 : 0;
    uint32_t at = from < count
                      ? (from ? m->block_first_line[from - 1] + m->blocks[from - 1].line_count
                              : m->preamble.line_count)
                      : 0;
    if (from >= count)
        at = count ? m->block_first_line[count - 1] + m->blocks[count - 1].line_count
                   : m->preamble.line_count;
    for (uint32_t i = from; i < count; i++) {
        infa_model__block *b = &m->blocks[i];
        if (same_before && i == first_after && index_delta == 0 && row_delta == 0 &&
            m->block_first_line[i] == at)
            goto numbered; /* the tail's numbering and rows stand */
        m->block_first_line[i] = at;
        b->pub.first_line = at;
        b->pub.line_count = b->line_count;
        at += b->line_count;
        if (i < i0)
            continue; /* same rows, same index */
        if (i < first_after) {
            infa_model__assign_rows(m, b, i, state.items[i - i0], row_delta);
        } else if (row_delta != 0 || index_delta != 0) {
            infa_model__assign_rows(m, b, i, INFA_MODEL__SHIFTED, row_delta);
        }
    }
    m->block_first_line[count] = at;
numbered:
    INFA_VEC_FREE(&state);
    for (uint32_t i = 0; i < m->preamble.line_count; i++) {
        m->preamble.lines[i].row = infa_model_row_at(m, m->preamble.lines[i].span.start);
        m->preamble.lines[i].block = INFA_NONE;
    }
    m->cross_dirty = true;
}

uint32_t infa_model_last_extracted(const infa_model *m)
{
    return m->last_extracted;
}

/* ---- Accessors ---------------------------------------------------------------------- */

uint32_t infa_model_line_count(const infa_model *m)
{
    return m->block_first_line[m->block_count];
}

const infa_line *infa_model_line(const infa_model *m, uint32_t index)
{
    if (index >= m->block_first_line[m->block_count])
        return NULL;
    infa_model__ensure_cross(m);
    return m->line_ptrs[index];
}

uint32_t infa_model_preamble_line_count(const infa_model *m)
{
    return m->preamble.line_count;
}

uint32_t infa_model_block_count(const infa_model *m)
{
    return m->block_count;
}

const infa_block *infa_model_block(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    return index < m->block_count ? &m->blocks[index].pub : NULL;
}

uint32_t infa_model_section_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    return m->section_count;
}

const infa_section *infa_model_section(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    return index < m->section_count ? &m->sections[index] : NULL;
}

uint32_t infa_model_ref_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    return m->ref_count;
}

const infa_ref *infa_model_ref(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    return index < m->ref_count ? &m->refs[index] : NULL;
}

uint32_t infa_model_find_kind(const infa_model *m, infa_kind_set kind)
{
    infa_model__ensure_cross(m);
    for (uint32_t s = 0; s < m->section_count; s++)
        if (m->sections[s].kinds & kind)
            return s;
    return INFA_NONE;
}

uint32_t infa_model_section_next_line(const infa_model *m, uint32_t section, uint32_t *iter)
{
    infa_model__ensure_cross(m);
    if (section >= m->section_count)
        return INFA_NONE;
    const infa_section *s = &m->sections[section];
    /* iter packs (block ordinal << 20 | line within block). */
    for (;;) {
        uint32_t bo = *iter >> 20, li = *iter & 0xFFFFF;
        if (bo >= s->block_count)
            return INFA_NONE;
        const infa_model__block *b = &m->blocks[s->blocks[bo]];
        if (li < b->line_count) {
            *iter = (bo << 20) | (li + 1);
            return m->block_first_line[s->blocks[bo]] + li;
        }
        *iter = (bo + 1) << 20;
    }
}

const char *infa_model_text(const infa_model *m, size_t *len)
{
    if (len)
        *len = m->len;
    return m->text;
}

uint32_t infa_model_syntax_error_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    return m->all_error_count;
}

const infa_syntax_error *infa_model_syntax_error(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    return index < m->all_error_count ? &m->all_errors[index] : NULL;
}

/* ---- Strings ------------------------------------------------------------------------ */

static uint32_t infa_model__strkey_find(const infa_model *m, const char *key, size_t len)
{
    if (!m->strkey_hash_cap)
        return INFA_NONE;
    uint32_t mask = m->strkey_hash_cap - 1;
    uint32_t p = infa_hash_nocase(key, len) & mask;
    while (m->strkey_hash[p]) {
        const infa_model__strkey *k = &m->strkeys[m->strkey_hash[p] - 1];
        if (infa_strncasecmp(k->key, k->key_len, key, len) == 0)
            return m->strkey_hash[p] - 1;
        p = (p + 1) & mask;
    }
    return INFA_NONE;
}

uint32_t infa_model_string_defs(const infa_model *m, const char *key, size_t len,
                                const infa_string_def **defs)
{
    infa_model__ensure_cross(m);
    uint32_t k = infa_model__strkey_find(m, key, len);
    if (k == INFA_NONE) {
        *defs = NULL;
        return 0;
    }
    *defs = &m->string_defs[m->strkeys[k].first_def];
    return m->strkeys[k].def_count;
}

uint32_t infa_model_string_key_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    return m->strkey_count;
}

const char *infa_model_string_key(const infa_model *m, uint32_t index, uint32_t *len)
{
    infa_model__ensure_cross(m);
    if (index >= m->strkey_count) {
        *len = 0;
        return NULL;
    }
    *len = m->strkeys[index].key_len;
    return m->strkeys[index].key;
}

static bool infa_model__all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    size_t i = (s[0] == '-') ? 1 : 0;
    if (i == len)
        return false;
    for (; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Characters of a %token% name; the grammar's token_name (and its scanner)
 * accept exactly these, so a '%' followed by anything else is plain text. */
static bool infa_model__token_char(char c)
{
    return c != '%' && c != '"' && c != ',' && c != '\0' && c != ' ' && c != '\t' && c != '\r' &&
           c != '\n' && c != '\f' && c != '\v' && c != 0x1a;
}

/* Length of the %name% token at s[0] == '%', or 0 when it is not one. */
static size_t infa_model__token_len(const char *s, size_t len)
{
    size_t j = 1;
    while (j < len && infa_model__token_char(s[j]))
        j++;
    return (j > 1 && j < len && s[j] == '%') ? j + 1 : 0;
}

char *infa_model_expand(const infa_model *m, const char *value, size_t len, size_t *out_len)
{
    infa_model__ensure_cross(m);
    infa_buf out = {0};
    size_t i = 0;
    while (i < len) {
        if (value[i] != '%') {
            size_t j = i;
            while (j < len && value[j] != '%')
                j++;
            infa_buf_append(&out, value + i, j - i);
            i = j;
            continue;
        }
        if (i + 1 < len && value[i + 1] == '%') {
            infa_buf_append(&out, "%", 1);
            i += 2;
            continue;
        }
        size_t tl = infa_model__token_len(value + i, len - i);
        if (tl == 0) {
            infa_buf_append(&out, "%", 1); /* a lone percent is text */
            i++;
            continue;
        }
        size_t j = i + tl - 1;
        const char *name = value + i + 1;
        size_t nlen = j - i - 1;
        const infa_string_def *defs;
        uint32_t n =
            infa_model__all_digits(name, nlen) ? 0 : infa_model_string_defs(m, name, nlen, &defs);
        if (n > 0)
            infa_buf_append(&out, defs[0].value, defs[0].value_len);
        else
            infa_buf_append(&out, value + i, j + 1 - i);
        i = j + 1;
    }
    if (out_len)
        *out_len = out.len;
    return infa_buf_take(&out);
}

/* ---- Tokens ----------------------------------------------------------------------------- */

uint32_t infa_model_tokens_in(const infa_model *m, infa_span span, const infa_token **tokens)
{
    infa_model *mm = (infa_model *)m;
    uint32_t count = 0;
    const char *t = m->text;
    uint32_t end = span.end > m->len ? (uint32_t)m->len : span.end;
    bool in_quote = false;
    for (uint32_t i = span.start; i < end; i++) {
        if (t[i] == '"') {
            in_quote = !in_quote;
            continue;
        }
        if (t[i] == ';' && !in_quote)
            break;
        if (t[i] != '%')
            continue;
        infa_token tok;
        memset(&tok, 0, sizeof(tok));
        if (i + 1 < end && t[i + 1] == '%') {
            tok.kind = INFA_TOKEN_PERCENT;
            tok.span.start = i;
            tok.span.end = i + 2;
            tok.name.start = tok.name.end = i + 1;
            i++;
        } else {
            size_t tl = infa_model__token_len(t + i, end - i);
            if (tl == 0)
                continue;
            uint32_t j = i + (uint32_t)tl - 1;
            tok.span.start = i;
            tok.span.end = j + 1;
            tok.name.start = i + 1;
            tok.name.end = j;
            if (infa_model__all_digits(t + i + 1, j - i - 1)) {
                tok.kind = INFA_TOKEN_DIRID;
                tok.dirid = strtol(t + i + 1, NULL, 10);
            } else {
                tok.kind = INFA_TOKEN_STRKEY;
            }
            i = j;
        }
        if (count == mm->token_cap) {
            mm->token_cap = mm->token_cap ? mm->token_cap * 2 : 16;
            mm->tokens = infa_xrealloc(mm->tokens, mm->token_cap * sizeof(infa_token));
        }
        mm->tokens[count++] = tok;
    }
    *tokens = mm->tokens;
    return count;
}

/* ---- Location ----------------------------------------------------------------------------- */

static uint32_t infa_model__block_at(const infa_model *m, uint32_t byte)
{
    uint32_t lo = 0, hi = m->block_count;
    if (hi == 0 || byte < m->blocks[0].pub.span.start)
        return INFA_NONE;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->blocks[mid].pub.span.start <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

infa_location infa_model_locate(const infa_model *m, uint32_t byte)
{
    infa_model__ensure_cross(m);
    infa_location loc;
    memset(&loc, 0, sizeof(loc));
    loc.block = loc.section = loc.line = loc.field = INFA_NONE;
    uint32_t row = infa_model_row_at(m, byte);
    uint32_t bi = infa_model__block_at(m, byte);
    const infa_model__block *b = bi == INFA_NONE ? &m->preamble : &m->blocks[bi];
    if (bi != INFA_NONE) {
        loc.block = bi;
        loc.section = b->pub.section;
        if (row == b->pub.header_row && byte >= b->pub.header.start) {
            loc.in_header = true;
            return loc;
        }
    }
    /* The line on this row (a logical line may span rows). */
    const infa_line *line = NULL;
    uint32_t line_index = INFA_NONE;
    for (uint32_t i = 0; i < b->line_count; i++) {
        const infa_line *l = &b->lines[i];
        uint32_t last_row = infa_model_row_at(m, l->span.end);
        if (l->row <= row && row <= last_row) {
            line = l;
            line_index = (bi == INFA_NONE ? 0 : m->block_first_line[bi]) + i;
            break;
        }
        if (l->row > row)
            break;
    }
    /* Comments: a ';' before the cursor on this row, outside quotes. */
    uint32_t rs = infa_model_row_start(m, row);
    bool q = false;
    for (uint32_t i = rs; i < byte && i < m->len; i++) {
        if (m->text[i] == '"')
            q = !q;
        else if (m->text[i] == ';' && !q) {
            /* Inside a %token% a ';' is not a comment; rare enough to ignore. */
            loc.in_comment = true;
            break;
        }
    }
    if (!line)
        return loc;
    loc.line = line_index;
    if (line->has_key && byte <= line->key.span.end) {
        loc.in_key = true;
    } else {
        /* Field: count the fields whose start is at or before the cursor;
         * the cursor right after a comma belongs to the next field. */
        uint32_t fi = 0;
        if (line->field_count == 0) {
            loc.field = 0;
        } else {
            for (uint32_t i = 0; i < line->field_count; i++) {
                if (line->fields[i].span.start <= byte)
                    fi = i;
            }
            /* Between fields: if a comma sits between the field's end and the
             * cursor, it is the next (possibly new) field. */
            const infa_field *f = &line->fields[fi];
            uint32_t commas = 0;
            for (uint32_t i = f->span.end; i < byte && i < m->len; i++) {
                if (m->text[i] == ',')
                    commas++;
            }
            loc.field = fi + commas;
            if (!line->has_key && fi == 0 && commas == 0)
                loc.in_key = line->field_count == 1;
        }
    }
    /* The %token% under the cursor. */
    const infa_token *toks;
    infa_span sp = {line->span.start, line->span.end};
    uint32_t nt = infa_model_tokens_in(m, sp, &toks);
    for (uint32_t i = 0; i < nt; i++) {
        if (toks[i].span.start <= byte && byte <= toks[i].span.end) {
            loc.token = &toks[i];
            break;
        }
    }
    return loc;
}

/* ---- Parsed directives ------------------------------------------------------------------- */

static bool infa_model__parse_number_text(const char *s, size_t len, long long *out)
{
    while (len && infa_model__is_space(*s)) {
        s++;
        len--;
    }
    while (len && infa_model__is_space(s[len - 1]))
        len--;
    if (len == 0)
        return false;
    bool neg = false;
    size_t i = 0;
    if (s[0] == '-') {
        neg = true;
        i = 1;
    }
    unsigned long long v = 0;
    if (i + 1 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        i += 2;
        if (i == len)
            return false;
        for (; i < len; i++) {
            int c = (unsigned char)s[i];
            if (!isxdigit(c))
                return false;
            v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
            if (v > 0xFFFFFFFFFFFFull)
                return false;
        }
    } else {
        if (i == len)
            return false;
        for (; i < len; i++) {
            int c = (unsigned char)s[i];
            if (!isdigit(c))
                return false;
            v = v * 10 + (unsigned)(c - '0');
            if (v > 0xFFFFFFFFFFFFull)
                return false;
        }
    }
    *out = neg ? -(long long)v : (long long)v;
    return true;
}

bool infa_parse_number(const infa_model *m, const infa_field *f, long long *out)
{
    if (!f || f->empty)
        return false;
    size_t len;
    char *v = infa_model_expand(m, f->value, f->value_len, &len);
    bool ok = infa_model__parse_number_text(v, len, out);
    free(v);
    return ok;
}

static const infa_field *infa_model__field(const infa_line *l, uint32_t i)
{
    return i < l->field_count ? &l->fields[i] : NULL;
}

bool infa_addreg_parse(const infa_model *m, const infa_line *line, infa_addreg *out)
{
    memset(out, 0, sizeof(*out));
    if (!line || line->has_key || line->field_count == 0)
        return false;
    out->root_f = infa_model__field(line, 0);
    out->subkey_f = infa_model__field(line, 1);
    out->name_f = infa_model__field(line, 2);
    out->flags_f = infa_model__field(line, 3);
    out->value_f = infa_model__field(line, 4);
    out->value_count = line->field_count > 4 ? line->field_count - 4 : 0;
    size_t rl;
    char *root = infa_model_expand(m, out->root_f->value, out->root_f->value_len, &rl);
    static const struct {
        const char *name;
        infa_reg_root root;
    } roots[] = {{"HKR", INFA_ROOT_HKR},
                 {"HKCR", INFA_ROOT_HKCR},
                 {"HKCU", INFA_ROOT_HKCU},
                 {"HKLM", INFA_ROOT_HKLM},
                 {"HKU", INFA_ROOT_HKU}};
    out->root = rl ? INFA_ROOT_UNKNOWN : INFA_ROOT_NONE;
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
        if (infa_streq_nocase(root, rl, roots[i].name))
            out->root = roots[i].root;
    free(root);
    if (out->flags_f && !out->flags_f->empty) {
        out->flags_present = true;
        long long v;
        if (infa_parse_number(m, out->flags_f, &v) && v >= 0 && v <= 0xFFFFFFFFll) {
            out->flags_valid = true;
            out->flags = (uint32_t)v;
        }
    } else {
        out->flags_valid = true;
        out->flags = 0;
    }
    return true;
}

bool infa_destdir_parse(const infa_model *m, const infa_line *line, infa_destdir *out)
{
    memset(out, 0, sizeof(*out));
    if (!line || !line->has_key)
        return false;
    out->line = line;
    out->is_default = infa_streq_nocase(line->key.value, line->key.value_len, "DefaultDestDir");
    out->dirid_f = infa_model__field(line, 0);
    out->subdir_f = infa_model__field(line, 1);
    if (out->subdir_f && out->subdir_f->empty)
        out->subdir_f = NULL;
    long long v;
    if (out->dirid_f && infa_parse_number(m, out->dirid_f, &v)) {
        out->dirid_valid = true;
        out->dirid = (long)v;
    }
    return true;
}

bool infa_model_destination(const infa_model *m, uint32_t file_list_section, infa_destdir *out)
{
    infa_model__ensure_cross(m);
    memset(out, 0, sizeof(*out));
    if (file_list_section >= m->section_count)
        return false;
    const infa_section *target = &m->sections[file_list_section];
    const infa_line *deflt = NULL;
    for (uint32_t s = 0; s < m->section_count; s++) {
        const infa_section *sec = &m->sections[s];
        if (!(sec->kinds & INFA_KIND_DESTINATION_DIRS))
            continue;
        uint32_t it = 0, li;
        while ((li = infa_model_section_next_line(m, s, &it)) != INFA_NONE) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key)
                continue;
            if (infa_streq_nocase(l->key.value, l->key.value_len, "DefaultDestDir")) {
                if (!deflt)
                    deflt = l;
                continue;
            }
            size_t kl;
            char *k = infa_model_expand(m, l->key.value, l->key.value_len, &kl);
            bool match = infa_strncasecmp(k, kl, target->name, target->name_len) == 0;
            free(k);
            if (match)
                return infa_destdir_parse(m, l, out);
        }
    }
    if (deflt)
        return infa_destdir_parse(m, deflt, out);
    return false;
}

uint32_t infa_model_source_files(const infa_model *m, const char *name, size_t len,
                                 infa_source_file *out, uint32_t max)
{
    infa_model__ensure_cross(m);
    uint32_t n = 0;
    for (uint32_t s = 0; s < m->section_count; s++) {
        const infa_section *sec = &m->sections[s];
        if (!(sec->kinds & INFA_KIND_SOURCE_DISKS_FILES))
            continue;
        uint32_t it = 0, li;
        while ((li = infa_model_section_next_line(m, s, &it)) != INFA_NONE) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key || infa_strncasecmp(l->key.value, l->key.value_len, name, len) != 0)
                continue;
            if (n < max) {
                infa_source_file *f = &out[n];
                f->line = l;
                f->file_f = &l->key;
                f->diskid_f = infa_model__field(l, 0);
                f->subdir_f = infa_model__field(l, 1);
                if (f->subdir_f && f->subdir_f->empty)
                    f->subdir_f = NULL;
                f->platform = sec->decoration.platform;
            }
            n++;
        }
    }
    return n;
}

bool infa_copy_entry_parse(const infa_model *m, const infa_line *line, infa_copy_entry *out)
{
    (void)m;
    memset(out, 0, sizeof(*out));
    if (!line)
        return false;
    out->line = line;
    if (line->has_key) {
        /* `CopyFiles = @file` lines reach here through the directive. */
        out->dest_f = infa_model__field(line, 0);
    } else {
        out->dest_f = infa_model__field(line, 0);
        out->source_f = infa_model__field(line, 1);
        if (out->source_f && out->source_f->empty)
            out->source_f = NULL;
        out->flags_f = infa_model__field(line, 3);
        if (out->flags_f && out->flags_f->empty)
            out->flags_f = NULL;
    }
    return out->dest_f != NULL && !out->dest_f->empty;
}

bool infa_addservice_parse(const infa_model *m, const infa_line *line, infa_addservice *out)
{
    memset(out, 0, sizeof(*out));
    if (!line || !line->has_key ||
        !infa_streq_nocase(line->key.value, line->key.value_len, "AddService"))
        return false;
    out->line = line;
    out->name_f = infa_model__field(line, 0);
    out->flags_f = infa_model__field(line, 1);
    out->install_f = infa_model__field(line, 2);
    out->eventlog_f = infa_model__field(line, 3);
    if (out->flags_f && !out->flags_f->empty) {
        long long v;
        if (infa_parse_number(m, out->flags_f, &v) && v >= 0 && v <= 0xFFFFFFFFll) {
            out->flags_valid = true;
            out->flags = (uint32_t)v;
        }
    } else {
        out->flags_valid = true;
    }
    return out->name_f != NULL;
}

void infa_path_split(const char *value, size_t len, infa_path *out)
{
    memset(out, 0, sizeof(*out));
    out->rest = value;
    out->rest_len = (uint32_t)len;
    if (len >= 3 && value[0] == '%') {
        size_t j = 1;
        if (j < len && value[j] == '-')
            j++;
        size_t digits = j;
        while (j < len && isdigit((unsigned char)value[j]))
            j++;
        if (j > digits && j < len && value[j] == '%') {
            out->has_dirid = true;
            out->dirid = strtol(value + 1, NULL, 10);
            out->dirid_len = (uint32_t)(j + 1);
            size_t r = j + 1;
            if (r < len && value[r] == '\\')
                r++;
            out->rest = value + r;
            out->rest_len = (uint32_t)(len - r);
            out->rest_offset = (uint32_t)r;
        }
    }
    const char *fn = out->rest;
    size_t fl = out->rest_len;
    for (size_t i = out->rest_len; i > 0; i--) {
        if (out->rest[i - 1] == '\\' || out->rest[i - 1] == '/') {
            fn = out->rest + i;
            fl = out->rest_len - i;
            break;
        }
    }
    out->file_name = fn;
    out->file_name_len = (uint32_t)fl;
}
