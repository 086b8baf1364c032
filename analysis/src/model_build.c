/*
 * Builds the per-block layer of the model from the trees: lines, fields,
 * logical values, syntax errors. This is the expensive part, so it is kept
 * across edits: a block the edit did not touch is shifted, not
 * re-extracted. The only file of the model that walks trees.
 */
#include "model_build.h"
#include "model_internal.h"

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
        } else if (!infa_model__is_extra(c) || ts_node_has_error(c)) {
            /* Error recovery may leave an ERROR that is an extra. */
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
        else if (!infa_model__is_extra(c) || ts_node_has_error(c))
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
void infa_model__settle(infa_model *m)
{
    infa_model__move_tail(m, m->block_count);
    m->tail_delta = 0;
    for (uint32_t i = 0; i < m->block_count; i++)
        infa_model__settle_block(&m->blocks[i]);
}

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
        nb.gen = ++w->m->next_gen;
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

/* Which segments and old blocks an update re-reads: segments
 * [seg_from, seg_to) and old blocks [i0, i1). */
typedef struct {
    uint32_t seg_from, seg_to;
    uint32_t i0, i1;
} infa_model__region;

/* The first old block whose start, with its pending move, is at or after
 * `at`, searching [lo, hi). */
static uint32_t infa_model__first_block_from(const infa_model *m, uint32_t lo, uint32_t hi,
                                             int64_t at)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((int64_t)m->blocks[mid].pub.span.start + infa_model__pending(m, mid) < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Old blocks before the region stay where they are and old blocks after
 * it move by delta; only the region's segments are walked. The region
 * grows to whole sections: back while its first segment may continue a
 * section opened before it, now or before the edit (an old block reaches
 * into it: whether a segment continues one depends on how its whole text
 * parses, so an edit inside it can change that), and on while the next
 * segment continues one (those are unchanged). Blocks are in document
 * order, so both ends are found by binary search. */
static infa_model__region infa_model__find_region(const infa_model *m, const infa_model_input *in,
                                                  int64_t delta)
{
    const infa_model_segment *segs = in->segs;
    infa_model__region r = {0, in->seg_count, 0, m->block_count};
    if (!in->edit)
        return r;
    r.seg_from = in->region_first;
    r.seg_to = in->region_first + in->region_count;
    for (;;) {
        while (r.seg_from > 0 && infa_model_segment_continues(&segs[r.seg_from]))
            r.seg_from--;
        uint32_t rstart = r.seg_from < in->seg_count ? segs[r.seg_from].base : (uint32_t)in->len;
        r.i0 = infa_model__first_block_from(m, 0, m->block_count, rstart);
        uint32_t i0 = r.i0;
        if (r.seg_from == 0 || i0 == 0 ||
            (int64_t)m->blocks[i0 - 1].pub.span.end + infa_model__pending(m, i0 - 1) <=
                (int64_t)rstart)
            break;
        /* The old block before reaches into the region: start at its
         * segment. Text before the edit has the same offsets old and
         * new. */
        int64_t at = (int64_t)m->blocks[i0 - 1].pub.span.start + infa_model__pending(m, i0 - 1);
        uint32_t slo = 0, shi = r.seg_from;
        while (shi - slo > 1) {
            uint32_t mid = slo + (shi - slo) / 2;
            if ((int64_t)segs[mid].base <= at)
                slo = mid;
            else
                shi = mid;
        }
        r.seg_from = slo;
    }
    while (r.seg_to < in->seg_count && infa_model_segment_continues(&segs[r.seg_to]))
        r.seg_to++;
    uint32_t rend = r.seg_to < in->seg_count ? segs[r.seg_to].base : (uint32_t)in->len;
    r.i1 = infa_model__first_block_from(m, r.i0, m->block_count, (int64_t)rend - delta);
    return r;
}

/* Replaces the old blocks [i0, i1) by the region's new ones, reusing old
 * region blocks where possible; their states go to *state. Returns the
 * index of the first block after the region. */
static uint32_t infa_model__splice_region(infa_model *m, const infa_model_input *in,
                                          const infa_model__region *r, int64_t delta,
                                          infa_model__states *state)
{
    infa_model__block *blocks = m->blocks;
    uint32_t old_count = m->block_count, i0 = r->i0, i1 = r->i1;
    infa_model__blocks region = {0};
    uint32_t old_region = i1 - i0;
    bool *reused = old_region ? infa_xcalloc(old_region, sizeof(bool)) : NULL;
    /* The region's old blocks are matched by position: apply their moves.
     * The tail move then starts at the first block after the region. */
    if (in->edit)
        infa_model__move_tail(m, i1);
    for (uint32_t i = i0; i < i1; i++)
        infa_model__settle_block(&blocks[i]);
    uint32_t region_first = in->edit ? in->region_first : 0;
    uint32_t region_count = in->edit ? in->region_count : in->seg_count;
    infa_model__walk w = {.m = m,
                          .segs = in->segs,
                          .out = &region,
                          .state = state,
                          /* A new model's first update has no blocks: NULL + 0
                           * is undefined. */
                          .old = old_region ? blocks + i0 : NULL,
                          .old_count = old_region,
                          .reused = reused,
                          .edit = in->edit,
                          .delta = delta,
                          .changed = in->changed,
                          .changed_count = in->changed_count,
                          .region_first = region_first,
                          .region_count = region_count};
    infa_model__walk_sections(&w, r->seg_from, r->seg_to);
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
    uint32_t first_after = i0 + (uint32_t)state->len;
    m->blocks = blocks;
    m->block_count = count;
    if (in->edit) {
        /* The old blocks from i1 on are now from first_after on. */
        m->tail_from = first_after;
        m->tail_delta += delta;
    } else {
        m->tail_from = count;
        m->tail_delta = 0;
    }
    return first_after;
}

/* The preamble: the leads of the segments up to the first with a section,
 * and every segment's trail. It stands when no segment has a trail and the
 * edit fell after that first section; otherwise it is small, and rebuilt. */
static void infa_model__update_preamble(infa_model *m, const infa_model_input *in,
                                        uint32_t seg_from)
{
    const infa_model_segment *segs = in->segs;
    uint32_t first_sec = 0;
    while (first_sec < in->seg_count && !segs[first_sec].has_section)
        first_sec++;
    if (in->edit && !in->trail_segments && !m->preamble_has_trails && first_sec < seg_from)
        return;
    infa_model__block_free(&m->preamble);
    infa_model__extract px;
    memset(&px, 0, sizeof(px));
    px.m = m;
    px.b = &m->preamble;
    bool seen_section = false;
    for (uint32_t si = 0; si < in->seg_count; si++) {
        bool lead = !seen_section && segs[si].lead;
        if (lead || segs[si].trail)
            infa_model__walk_strays(&px, &segs[si], lead);
        seen_section = seen_section || segs[si].has_section;
        if (seen_section && !in->trail_segments)
            break;
    }
    infa_model__extract_done(&px);
    infa_model__finish_block(&px);
    m->preamble_has_trails = in->trail_segments != 0;
}

/* Numbers the lines of every block and gives them rows and block indices.
 * Line numbering before the region is unchanged when the preamble is
 * (same_before); after it, too, when the region kept its line count and no
 * block came or went. */
static void infa_model__number_lines(infa_model *m, uint32_t i0, uint32_t first_after,
                                     const uint8_t *states, bool same_before, int64_t index_delta,
                                     int64_t row_delta)
{
    uint32_t count = m->block_count;
    m->block_first_line = infa_xrealloc(m->block_first_line, (count + 1) * sizeof(uint32_t));
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
            return; /* the tail's numbering and rows stand */
        m->block_first_line[i] = at;
        b->pub.first_line = at;
        b->pub.line_count = b->line_count;
        at += b->line_count;
        if (i < i0)
            continue; /* same rows, same index */
        if (i < first_after) {
            infa_model__assign_rows(m, b, i, states[i - i0], row_delta);
        } else if (row_delta != 0 || index_delta != 0) {
            infa_model__assign_rows(m, b, i, INFA_MODEL__SHIFTED, row_delta);
        }
    }
    m->block_first_line[count] = at;
}

void infa_model_update(infa_model *m, const infa_model_input *in)
{
    int64_t row_delta = (int64_t)in->lines->count - (int64_t)m->line_count;
    m->text = in->text;
    m->len = in->len;
    m->lines = in->lines;
    m->line_count = in->lines->count;
    m->last_extracted = 0;

    uint32_t old_count = m->block_count;
    const infa_model_edit *edit = in->edit;
    int64_t delta = edit ? (int64_t)edit->new_end - (int64_t)edit->old_end : 0;
    infa_model__region r = infa_model__find_region(m, in, delta);
    infa_model__states state = {0};
    uint32_t first_after = infa_model__splice_region(m, in, &r, delta, &state);

    uint32_t old_preamble_lines = m->preamble.line_count;
    infa_model__update_preamble(m, in, r.seg_from);

    int64_t index_delta = (int64_t)m->block_count - (int64_t)old_count;
    bool same_before = edit && old_preamble_lines == m->preamble.line_count;
    infa_model__number_lines(m, r.i0, first_after, state.items, same_before, index_delta,
                             row_delta);
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

uint64_t infa_model_block_generation(const infa_model *m, uint32_t block)
{
    infa_model__ensure_cross(m);
    return block < m->block_count ? m->blocks[block].gen : 0;
}
