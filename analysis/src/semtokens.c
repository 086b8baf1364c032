/*
 * Semantic tokens: what the model knows about each piece of text (a
 * section name, a directive, a %strkey%, a DIRID, a registry root, a
 * number, a quoted string, a comment), as a small legend that matches the
 * categories of grammar/queries/highlights.scm and the TextMate grammar.
 * Tokens never span rows and never overlap, so clients that cannot take
 * multi-line tokens show them as they are.
 */
#include "document.h"
#include "infa.h"
#include "kb.h"
#include "model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const infa_semtokens__types[INFA_SEM__COUNT] = {
    [INFA_SEM_NAMESPACE] = "namespace", [INFA_SEM_KEYWORD] = "keyword",
    [INFA_SEM_PROPERTY] = "property",   [INFA_SEM_VARIABLE] = "variable",
    [INFA_SEM_NUMBER] = "number",       [INFA_SEM_ENUM_MEMBER] = "enumMember",
    [INFA_SEM_STRING] = "string",       [INFA_SEM_COMMENT] = "comment",
};

static const char *const infa_semtokens__mods[INFA_SEM_MOD__COUNT] = {
    "declaration", "defaultLibrary", "deprecated"};

const char *infa_sem_type_name(infa_sem_type type)
{
    return type < INFA_SEM__COUNT ? infa_semtokens__types[type] : "";
}

const char *infa_sem_modifier_name(unsigned bit_index)
{
    return bit_index < INFA_SEM_MOD__COUNT ? infa_semtokens__mods[bit_index] : "";
}

typedef struct {
    infa_document *doc;
    const infa_model *m;
    const char *text;
    size_t len;
    uint32_t first_row, last_row;
    uint32_t *comment_at; /* per row in [first_row, last_row]: where its comment starts */
    INFA_VEC(infa_sem_token) out;
} sem_ctx;

/* Where the row's comment starts (a ';' outside quotes), or its end. */
static uint32_t infa_semtokens__comment_start(const char *text, uint32_t s, uint32_t e)
{
    bool q = false;
    for (uint32_t i = s; i < e; i++) {
        if (text[i] == '"')
            q = !q;
        else if (text[i] == ';' && !q)
            return i;
    }
    return e;
}

/* Emits [start, end) split at row ends and clipped at comments. */
static void infa_semtokens__emit(sem_ctx *c, uint32_t start, uint32_t end, infa_sem_type type,
                                 unsigned mods)
{
    while (start < end) {
        uint32_t row = infa_document_point_at(c->doc, start).row;
        uint32_t row_start = infa_document_line_start(c->doc, row);
        uint32_t row_end = infa_document_line_end(c->doc, row);
        uint32_t stop = end < row_end ? end : row_end;
        if (row >= c->first_row && row <= c->last_row) {
            uint32_t cs = c->comment_at[row - c->first_row];
            if (stop > cs)
                stop = cs;
        }
        /* Blanks at the edges of a piece are not part of it. */
        uint32_t a = start, b = stop;
        while (a < b && (c->text[a] == ' ' || c->text[a] == '\t'))
            a++;
        while (b > a && (c->text[b - 1] == ' ' || c->text[b - 1] == '\t' || c->text[b - 1] == '\\'))
            b--;
        if (b > a && row >= c->first_row && row <= c->last_row) {
            infa_sem_token t;
            t.start_byte = a;
            t.length = b - a;
            t.start.row = row;
            t.start.col = a - row_start;
            t.type = type;
            t.modifiers = mods;
            INFA_VEC_PUSH(&c->out, t);
        }
        if (row_end >= end)
            break;
        start = infa_document_line_start(c->doc, row + 1);
        if (start <= row_end)
            break;
    }
}

static bool infa_semtokens__is_number(const char *s, size_t len)
{
    if (len && s[0] == '-') {
        s++;
        len--;
    }
    if (len == 0)
        return false;
    size_t i = 0;
    bool hex = len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    if (hex)
        i = 2;
    for (; i < len; i++) {
        char ch = s[i];
        bool ok = (ch >= '0' && ch <= '9') ||
                  (hex && ((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')));
        if (!ok)
            return false;
    }
    return true;
}

/* A span with %tokens%: the tokens as variables or DIRIDs, the text between
 * them as `rest` (when rest_type >= 0). */
static void infa_semtokens__with_tokens(sem_ctx *c, infa_span span, int rest_type)
{
    const infa_token *toks;
    uint32_t n = infa_model_tokens_in(c->m, span, &toks);
    /* tokens_in reuses one buffer: copy what we need first. */
    infa_token local[64];
    if (n > 64)
        n = 64;
    if (n) /* toks may be NULL when there are none */
        memcpy(local, toks, n * sizeof *toks);
    uint32_t at = span.start;
    for (uint32_t i = 0; i < n; i++) {
        const infa_token *t = &local[i];
        if (rest_type >= 0 && t->span.start > at)
            infa_semtokens__emit(c, at, t->span.start, (infa_sem_type)rest_type, 0);
        if (t->kind == INFA_TOKEN_STRKEY) {
            infa_semtokens__emit(c, t->span.start, t->span.end, INFA_SEM_VARIABLE, 0);
        } else if (t->kind == INFA_TOKEN_DIRID) {
            const infa_kb_dirid *d = infa_kb_dirid_find(t->dirid);
            unsigned mods = INFA_SEM_MOD_DEFAULT_LIBRARY;
            if (d && d->deprecated_24h2)
                mods |= INFA_SEM_MOD_DEPRECATED;
            infa_semtokens__emit(c, t->span.start, t->span.end, INFA_SEM_NUMBER, mods);
        } else if (rest_type >= 0) {
            infa_semtokens__emit(c, t->span.start, t->span.end, (infa_sem_type)rest_type, 0);
        }
        at = t->span.end;
    }
    if (rest_type >= 0 && at < span.end)
        infa_semtokens__emit(c, at, span.end, (infa_sem_type)rest_type, 0);
}

static void infa_semtokens__field(sem_ctx *c, const infa_field *f, int type, unsigned mods)
{
    if (f->empty || f->span.end <= f->span.start)
        return;
    bool has_pct = memchr(c->text + f->span.start, '%', f->span.end - f->span.start) != NULL;
    if (type < 0 && f->quoted)
        type = INFA_SEM_STRING;
    if (type < 0 && !has_pct && infa_semtokens__is_number(f->value, f->value_len))
        type = INFA_SEM_NUMBER;
    if (has_pct) {
        infa_semtokens__with_tokens(c, f->span, f->quoted ? INFA_SEM_STRING : -1);
        return;
    }
    if (type >= 0)
        infa_semtokens__emit(c, f->span.start, f->span.end, (infa_sem_type)type, mods);
}

static int infa_semtokens__cmp(const void *a, const void *b)
{
    const infa_sem_token *x = a, *y = b;
    return x->start_byte < y->start_byte ? -1 : x->start_byte > y->start_byte;
}

static int infa_semtokens__cmp_ref(const void *a, const void *b)
{
    const infa_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Is the field's span the span of a section reference? refs is sorted. */
static bool infa_semtokens__is_ref(const infa_span *refs, size_t n, infa_span span)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (refs[mid].start < span.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && refs[lo].start == span.start;
}

/* Adds the comments of the range's nrows rows to the code tokens in
 * c->out, keeping them sorted and never overlapping. */
static void infa_semtokens__add_comments(sem_ctx *c, uint32_t nrows)
{
    /* Comments, then one merge: the tokens above come in file order
     * (blocks, lines, fields), the comments too. */
    size_t code_len = c->out.len;
    bool sorted = true;
    for (size_t i = 1; i < code_len && sorted; i++)
        sorted = c->out.items[i - 1].start_byte <= c->out.items[i].start_byte;
    for (uint32_t r = 0; r < nrows; r++) {
        uint32_t e = infa_document_line_end(c->doc, c->first_row + r);
        uint32_t cs = c->comment_at[r];
        if (cs < e) {
            c->comment_at[r] = e; /* let emit through */
            infa_semtokens__emit(c, cs, e, INFA_SEM_COMMENT, 0);
            c->comment_at[r] = cs;
        }
    }
    if (!sorted) {
        qsort(c->out.items, c->out.len, sizeof *c->out.items, infa_semtokens__cmp);
    } else if (code_len && code_len < c->out.len) {
        infa_sem_token *merged = infa_xmalloc(c->out.len * sizeof *merged);
        size_t i = 0, j = code_len, k = 0;
        while (i < code_len || j < c->out.len)
            merged[k++] = j == c->out.len || (i < code_len && c->out.items[i].start_byte <=
                                                                  c->out.items[j].start_byte)
                              ? c->out.items[i++]
                              : c->out.items[j++];
        free(c->out.items);
        c->out.items = merged;
        c->out.cap = c->out.len;
    }
    /* Never overlap: a later token that starts inside the one before is
     * dropped (cannot happen with a well-formed model; kept as a guard). */
    size_t k = 0;
    for (size_t i = 0; i < c->out.len; i++) {
        if (k && c->out.items[i].start_byte <
                     c->out.items[k - 1].start_byte + c->out.items[k - 1].length)
            continue;
        c->out.items[k++] = c->out.items[i];
    }
    c->out.len = k;
}

infa_sem_token *infa_document_semantic_tokens(infa_document *doc, uint32_t start_byte,
                                              uint32_t end_byte, size_t *count)
{
    sem_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.m = infa_document_model(doc);
    c.text = infa_document_text(doc, &c.len);
    if (end_byte > c.len)
        end_byte = (uint32_t)c.len;
    if (start_byte > end_byte)
        start_byte = end_byte;
    c.first_row = infa_document_point_at(doc, start_byte).row;
    c.last_row = infa_document_point_at(doc, end_byte).row;
    uint32_t nrows = c.last_row - c.first_row + 1;
    c.comment_at = infa_xmalloc(nrows * sizeof(uint32_t));
    for (uint32_t r = 0; r < nrows; r++) {
        uint32_t s = infa_document_line_start(doc, c.first_row + r);
        uint32_t e = infa_document_line_end(doc, c.first_row + r);
        c.comment_at[r] = infa_semtokens__comment_start(c.text, s, e);
    }
    uint32_t range_start = infa_document_line_start(doc, c.first_row);
    uint32_t range_end = infa_document_line_end(doc, c.last_row);

    /* Reference spans in the range, sorted, to find section names in fields. */
    INFA_VEC(infa_span) refs = {0};
    for (uint32_t i = 0, n = infa_model_ref_count(c.m); i < n; i++) {
        const infa_ref *r = infa_model_ref(c.m, i);
        if (r->span.end < range_start || r->span.start > range_end)
            continue;
        INFA_VEC_PUSH(&refs, r->span);
        /* %Mfg% = Models, NTamd64: the base is spelled in the first field. */
        if (r->field > 0 && r->field != INFA_NONE && strcmp(r->directive, "Manufacturer") == 0)
            INFA_VEC_PUSH(&refs, infa_model_line(c.m, r->line)->fields[0].span);
    }
    if (refs.len > 1)
        qsort(refs.items, refs.len, sizeof *refs.items, infa_semtokens__cmp_ref);

    for (uint32_t bi = 0, nb = infa_model_block_count(c.m); bi < nb; bi++) {
        const infa_block *b = infa_model_block(c.m, bi);
        if (b->span.end < range_start || b->span.start > range_end)
            continue;
        const infa_section *sec = infa_model_section(c.m, b->section);
        infa_kind_set kinds = sec ? sec->kinds : 0;
        if (b->header_row >= c.first_row && b->header_row <= c.last_row) {
            unsigned mods = INFA_SEM_MOD_DECLARATION;
            if (infa_kb_section_system_kind(b->name, b->name_len))
                mods |= INFA_SEM_MOD_DEFAULT_LIBRARY;
            infa_semtokens__emit(&c, b->name_span.start, b->name_span.end, INFA_SEM_NAMESPACE,
                                 mods);
        }
        bool reg =
            (kinds & (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY)) !=
            0;
        bool destdirs = (kinds & INFA_KIND_DESTINATION_DIRS) != 0;
        bool data_keys = (kinds & (INFA_KIND_STRINGS | INFA_KIND_DESTINATION_DIRS |
                                   INFA_KIND_SOURCE_DISKS_FILES | INFA_KIND_SOURCE_DISKS_NAMES |
                                   INFA_KIND_MODELS | INFA_KIND_MANUFACTURER)) != 0;
        for (uint32_t i = 0; i < b->line_count; i++) {
            const infa_line *l = infa_model_line(c.m, b->first_line + i);
            if (l->span.end < range_start || l->span.start > range_end)
                continue;
            if (l->has_key) {
                const infa_field *k = &l->key;
                bool pct = memchr(c.text + k->span.start, '%', k->span.end - k->span.start) != NULL;
                if (pct) {
                    infa_semtokens__with_tokens(&c, k->span, -1);
                } else if (infa_semtokens__is_ref(refs.items, refs.len, k->span)) {
                    infa_semtokens__emit(&c, k->span.start, k->span.end, INFA_SEM_NAMESPACE, 0);
                } else {
                    const infa_kb_directive *d =
                        data_keys ? NULL : infa_kb_directive_find(k->value, k->value_len);
                    unsigned mods =
                        d && (d->flags & INFA_KB_F_DEPRECATED) ? INFA_SEM_MOD_DEPRECATED : 0;
                    infa_semtokens__emit(&c, k->span.start, k->span.end,
                                         d ? INFA_SEM_KEYWORD : INFA_SEM_PROPERTY, mods);
                }
            }
            for (uint32_t fi = 0; fi < l->field_count; fi++) {
                const infa_field *f = &l->fields[fi];
                int type = -1;
                unsigned mods = 0;
                if (infa_semtokens__is_ref(refs.items, refs.len, f->span))
                    type = INFA_SEM_NAMESPACE;
                else if (reg && !l->has_key && fi == 0 &&
                         infa_kb_reg_root_find(f->value, f->value_len))
                    type = INFA_SEM_ENUM_MEMBER;
                else if (destdirs && l->has_key && fi == 0 &&
                         infa_semtokens__is_number(f->value, f->value_len)) {
                    type = INFA_SEM_NUMBER;
                    mods = INFA_SEM_MOD_DEFAULT_LIBRARY;
                }
                infa_semtokens__field(&c, f, type, mods);
            }
        }
    }
    infa_semtokens__add_comments(&c, nrows);
    INFA_VEC_FREE(&refs);
    free(c.comment_at);
    *count = c.out.len;
    return c.out.items ? c.out.items : infa_xcalloc(1, sizeof(infa_sem_token));
}
