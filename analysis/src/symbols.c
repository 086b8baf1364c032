/*
 * The document's outline (one symbol per section header, with the entries
 * of Strings, Models and DestinationDirs inside), folding ranges and
 * selection ranges: the shape of the file, read from the model's blocks
 * and lines.
 */
#include "document.h"
#include "infa.h"
#include "kb.h"
#include "model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct infa_symbol_list {
    INFA_VEC(infa_symbol) items;
    size_t roots;
};

/* ---- Outline ------------------------------------------------------------------------------- */

/* "DDInstall section" -> "DDInstall": the outline has little room. */
static void infa_symbols__kind_names(infa_buf *b, infa_kind_set kinds)
{
    int n = 0;
    for (infa_kind_set s = kinds, k; (k = infa_kind_next(&s));) {
        if (n == 3) {
            infa_buf_printf(b, ", +%d", infa_kind_count(s) + 1);
            break;
        }
        const char *name = infa_kind_name(k);
        size_t len = strlen(name);
        if (len > 8 && strcmp(name + len - 8, " section") == 0)
            len -= 8;
        infa_buf_printf(b, "%s%.*s", n ? ", " : "", (int)len, name);
        n++;
    }
}

static char *infa_symbols__name(const char *s, size_t len)
{
    if (len == 0)
        return infa_xstrdup("(empty)");
    return infa_xstrndup(s, len);
}

/* Which entries of a section become children, and as what. */
static bool infa_symbols__child_kind(infa_kind_set kinds, infa_symbol_kind *kind)
{
    if (kinds & INFA_KIND_STRINGS)
        *kind = INFA_SYMBOL_KEY;
    else if (kinds & INFA_KIND_MODELS)
        *kind = INFA_SYMBOL_FIELD;
    else if (kinds & INFA_KIND_DESTINATION_DIRS)
        *kind = INFA_SYMBOL_PROPERTY;
    else
        return false;
    return true;
}

static void infa_symbols__child(infa_symbol_list *l, infa_document *doc, const infa_line *line,
                                infa_symbol_kind kind)
{
    infa_symbol c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    const infa_field *namef = line->has_key       ? &line->key
                              : line->field_count ? &line->fields[0]
                                                  : NULL;
    c.name = infa_symbols__name(namef ? namef->value : "", namef ? namef->value_len : 0);
    const infa_field *val = line->has_key && line->field_count ? &line->fields[0] : NULL;
    if (val && !val->empty) {
        infa_buf d = {0};
        size_t n = val->value_len > 80 ? 80 : val->value_len;
        infa_buf_append(&d, val->value, n);
        if (n < val->value_len)
            infa_buf_append_str(&d, "…");
        c.detail = infa_buf_take(&d);
    }
    c.range = infa_document_range(doc, line->span.start, line->span.end);
    infa_span sel = namef ? namef->span : line->span;
    c.selection = infa_document_range(doc, sel.start, sel.end);
    INFA_VEC_PUSH(&l->items, c);
}

infa_symbol_list *infa_document_symbols(infa_document *doc)
{
    infa_symbol_list *l = infa_xcalloc(1, sizeof *l);
    const infa_model *m = infa_document_model(doc);
    uint32_t nb = infa_model_block_count(m);
    INFA_VEC_RESERVE(&l->items, nb);
    l->roots = nb;
    for (uint32_t bi = 0; bi < nb; bi++) {
        const infa_block *b = infa_model_block(m, bi);
        infa_symbol s;
        memset(&s, 0, sizeof s);
        s.kind = INFA_SYMBOL_NAMESPACE;
        s.name = infa_symbols__name(b->name, b->name_len);
        s.range = infa_document_range(doc, b->span.start, b->span.end);
        s.selection = infa_document_range(doc, b->name_span.start, b->name_span.end);
        INFA_VEC_PUSH(&l->items, s);
    }
    for (uint32_t bi = 0; bi < nb; bi++) {
        const infa_block *b = infa_model_block(m, bi);
        const infa_section *sec = infa_model_section(m, b->section);
        infa_buf d = {0};
        if (sec && sec->kinds)
            infa_symbols__kind_names(&d, sec->kinds);
        if (sec && sec->block_count > 1)
            infa_buf_printf(&d, "%s1 of %u blocks", d.len ? "; " : "", sec->block_count);
        infa_symbol_kind ck;
        if (sec && infa_symbols__child_kind(sec->kinds, &ck)) {
            uint32_t first = (uint32_t)l->items.len, shown = 0;
            for (uint32_t i = 0; i < b->line_count && shown < INFA_SYMBOL_MAX_CHILDREN; i++) {
                const infa_line *line = infa_model_line(m, b->first_line + i);
                if (!line->has_key && line->field_count == 0)
                    continue;
                infa_symbols__child(l, doc, line, ck);
                shown++;
            }
            if (shown < b->line_count && shown == INFA_SYMBOL_MAX_CHILDREN)
                infa_buf_printf(&d, "%sfirst %u of %u entries", d.len ? "; " : "", shown,
                                b->line_count);
            l->items.items[bi].first_child = first;
            l->items.items[bi].child_count = shown;
        }
        l->items.items[bi].detail = d.len ? infa_buf_take(&d) : NULL;
        infa_buf_free(&d);
    }
    return l;
}

void infa_symbol_list_delete(infa_symbol_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->items.len; i++) {
        free((char *)list->items.items[i].name);
        free((char *)list->items.items[i].detail);
    }
    INFA_VEC_FREE(&list->items);
    free(list);
}

size_t infa_symbol_list_count(const infa_symbol_list *list)
{
    return list ? list->items.len : 0;
}

size_t infa_symbol_list_root_count(const infa_symbol_list *list)
{
    return list ? list->roots : 0;
}

const infa_symbol *infa_symbol_list_get(const infa_symbol_list *list, size_t index)
{
    return list && index < list->items.len ? &list->items.items[index] : NULL;
}

/* ---- Folding ------------------------------------------------------------------------------- */

/* A row whose first non-blank character starts a comment. */
static bool infa_symbols__comment_row(const char *text, uint32_t start, uint32_t end)
{
    while (start < end && (text[start] == ' ' || text[start] == '\t'))
        start++;
    return start < end && text[start] == ';';
}

infa_fold *infa_document_folds(infa_document *doc, size_t *count)
{
    INFA_VEC(infa_fold) out = {0};
    const infa_model *m = infa_document_model(doc);
    size_t len;
    const char *text = infa_document_text(doc, &len);
    uint32_t nb = infa_model_block_count(m);
    uint32_t rows = infa_document_line_count(doc);
    for (uint32_t bi = 0; bi < nb; bi++) {
        const infa_block *b = infa_model_block(m, bi);
        /* The section ends where the next begins, minus trailing blank rows. */
        uint32_t last = bi + 1 < nb ? infa_model_block(m, bi + 1)->header_row : rows;
        while (last > b->header_row + 1) {
            uint32_t r = last - 1;
            uint32_t s = infa_document_line_start(doc, r), e = infa_document_line_end(doc, r);
            bool blank = true;
            for (uint32_t i = s; i < e && blank; i++)
                blank = text[i] == ' ' || text[i] == '\t' || text[i] == '\x1a';
            if (!blank)
                break;
            last = r;
        }
        if (last > b->header_row + 1) {
            infa_fold f = {b->header_row, last - 1, false};
            INFA_VEC_PUSH(&out, f);
        }
    }
    for (uint32_t r = 0; r < rows;) {
        uint32_t e = r;
        while (e < rows && infa_symbols__comment_row(text, infa_document_line_start(doc, e),
                                                     infa_document_line_end(doc, e)))
            e++;
        if (e - r >= 2) {
            infa_fold f = {r, e - 1, true};
            INFA_VEC_PUSH(&out, f);
        }
        r = e > r ? e : r + 1;
    }
    *count = out.len;
    return out.items ? out.items : infa_xcalloc(1, sizeof(infa_fold));
}

/* ---- Selection ----------------------------------------------------------------------------- */

size_t infa_document_selection(infa_document *doc, uint32_t byte, infa_range out[4])
{
    const infa_model *m = infa_document_model(doc);
    infa_location loc = infa_model_locate(m, byte);
    infa_span spans[4];
    size_t n = 0;
    const infa_block *b = loc.block != INFA_NONE ? infa_model_block(m, loc.block) : NULL;
    if (loc.in_header && b) {
        if (byte >= b->name_span.start && byte <= b->name_span.end)
            spans[n++] = b->name_span;
        spans[n++] = b->header;
    } else if (loc.line != INFA_NONE) {
        const infa_line *line = infa_model_line(m, loc.line);
        const infa_field *f = NULL;
        if (line->has_key && loc.in_key)
            f = &line->key;
        else if (loc.field < line->field_count)
            f = &line->fields[loc.field];
        if (f && byte >= f->span.start && byte <= f->span.end && f->span.end > f->span.start)
            spans[n++] = f->span;
        spans[n++] = line->span;
    }
    if (b)
        spans[n++] = b->span;
    /* Each range must hold the one before; drop any that would not. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && (spans[i].start > out[k - 1].start_byte || spans[i].end < out[k - 1].end_byte))
            continue;
        if (k && spans[i].start == out[k - 1].start_byte && spans[i].end == out[k - 1].end_byte)
            continue;
        out[k++] = infa_document_range(doc, spans[i].start, spans[i].end);
    }
    return k;
}
