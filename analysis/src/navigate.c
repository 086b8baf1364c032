/*
 * Go to definition, references and highlights: what the cursor names
 * (from the one cursor context, infa_model_locate) and every place the
 * model says that name is declared or used. Section references come from
 * the model's reference table, string keys from the [Strings*] table and
 * the %tokens% of each line; nothing here re-reads INF syntax.
 */
#include "document.h"
#include "infa.h"
#include "kb.h"
#include "model.h"
#include "navigate.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct infa_nav_list {
    INFA_VEC(infa_nav_target) items;
};

/* ---- Subjects ------------------------------------------------------------------------------ */

infa_span infa_navigate_unquote(const infa_model *m, infa_span span)
{
    size_t len;
    const char *t = infa_model_text(m, &len);
    if (span.end > len || span.end < span.start + 2)
        return span;
    if (t[span.start] == '"' && t[span.end - 1] == '"' &&
        !memchr(t + span.start + 1, '"', span.end - span.start - 2)) {
        span.start++;
        span.end--;
    }
    return span;
}

static bool infa_navigate__is_file_list(const infa_model *m, uint32_t section)
{
    const infa_section *s = infa_model_section(m, section);
    return s && (s->kinds & (INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES));
}

infa_subject infa_navigate_subject(const infa_model *m, uint32_t byte)
{
    infa_subject sub;
    memset(&sub, 0, sizeof sub);
    sub.section = sub.models_line = INFA_NONE;
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    infa_location loc = infa_model_locate(m, byte);
    if (loc.in_comment)
        return sub;
    if (loc.in_header) {
        const infa_block *b = infa_model_block(m, loc.block);
        if (!b || byte < b->name_span.start || byte > b->name_span.end)
            return sub;
        sub.kind = INFA_SUBJECT_SECTION;
        sub.name = b->name;
        sub.name_len = b->name_len;
        sub.section = b->section;
        sub.span = b->name_span;
        return sub;
    }
    if (loc.line == INFA_NONE)
        return sub;
    const infa_line *line = infa_model_line(m, loc.line);
    if (loc.token && loc.token->kind == INFA_TOKEN_STRKEY) {
        sub.kind = INFA_SUBJECT_STRKEY;
        sub.name = text + loc.token->name.start;
        sub.name_len = loc.token->name.end - loc.token->name.start;
        sub.span = loc.token->span;
        return sub;
    }
    for (uint32_t i = 0, n = infa_model_ref_count(m); i < n; i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->line != loc.line || byte < r->span.start || byte > r->span.end)
            continue;
        sub.kind = INFA_SUBJECT_SECTION;
        sub.name = r->name;
        sub.name_len = r->name_len;
        sub.section = r->target;
        sub.span = r->span;
        sub.external = r->external;
        return sub;
    }
    const infa_section *sec = infa_model_section(m, loc.section);
    if (sec && (sec->kinds & INFA_KIND_MANUFACTURER) && line->field_count > 1 &&
        (loc.field == 0 || (loc.in_key && !line->has_key)) && byte >= line->fields[0].span.start &&
        byte <= line->fields[0].span.end) {
        for (uint32_t i = 0, n = infa_model_ref_count(m); i < n; i++) {
            const infa_ref *r = infa_model_ref(m, i);
            if (r->line != loc.line)
                continue;
            sub.kind = INFA_SUBJECT_SECTION;
            sub.name = r->name;
            sub.name_len = r->name_len;
            sub.section = r->target;
            sub.span = line->fields[0].span;
            sub.models_line = loc.line;
            return sub;
        }
    }
    if (sec && (sec->kinds & INFA_KIND_STRINGS) && line->has_key && loc.in_key &&
        byte <= line->key.span.end) {
        sub.kind = INFA_SUBJECT_STRKEY;
        sub.name = line->key.value;
        sub.name_len = line->key.value_len;
        sub.span = line->key.span;
        return sub;
    }
    if (loc.field >= line->field_count && !(loc.in_key && !line->has_key))
        return sub;
    const infa_field *f =
        loc.in_key && !line->has_key ? &line->fields[0] : &line->fields[loc.field];
    if (f->empty || byte < f->span.start || byte > f->span.end)
        return sub;
    const char *key = infa_line_key(line);
    if (key && infa_streq_nocase(key, line->key.value_len, "Include")) {
        sub.kind = INFA_SUBJECT_INCLUDE;
    } else if (key && infa_streq_nocase(key, line->key.value_len, "CopyFiles") &&
               f->value_len > 1 && f->value[0] == '@') {
        sub.kind = INFA_SUBJECT_SOURCE_FILE;
        sub.name = f->value + 1;
        sub.name_len = f->value_len - 1;
        sub.span = f->span;
        return sub;
    } else if (!line->has_key && infa_navigate__is_file_list(m, loc.section)) {
        /* `dest[,source]`: the source media knows the file by its source name. */
        uint32_t fi = loc.in_key ? 0 : loc.field;
        infa_copy_entry ce;
        if (fi > 1 || !infa_copy_entry_parse(m, line, &ce))
            return sub;
        const infa_field *src = ce.source_f ? ce.source_f : ce.dest_f;
        sub.kind = INFA_SUBJECT_SOURCE_FILE;
        sub.name = src->value;
        sub.name_len = src->value_len;
        sub.span = f->span;
        return sub;
    } else {
        return sub;
    }
    sub.name = f->value;
    sub.name_len = f->value_len;
    sub.span = f->span;
    return sub;
}

/* ---- Occurrences --------------------------------------------------------------------------- */

static int infa_navigate__cmp_occ(const void *a, const void *b)
{
    const infa_occurrence *x = a, *y = b;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

static void infa_navigate__section_occ(const infa_model *m, const infa_subject *s,
                                       infa_occurrence_vec *out)
{
    const infa_section *sec = infa_model_section(m, s->section);
    if (sec) {
        for (uint32_t i = 0; i < sec->block_count; i++) {
            const infa_block *b = infa_model_block(m, sec->blocks[i]);
            infa_occurrence o = {infa_navigate_unquote(m, b->name_span), true};
            INFA_VEC_PUSH(out, o);
        }
        for (uint32_t i = 0; i < sec->refs_in_count; i++) {
            const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
            infa_occurrence o = {infa_navigate_unquote(m, r->span), false};
            INFA_VEC_PUSH(out, o);
        }
        return;
    }
    /* An undefined section: the references that name it. */
    for (uint32_t i = 0, n = infa_model_ref_count(m); i < n; i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->target != INFA_NONE ||
            infa_strncasecmp(r->name, r->name_len, s->name, s->name_len) != 0)
            continue;
        infa_occurrence o = {infa_navigate_unquote(m, r->span), false};
        INFA_VEC_PUSH(out, o);
    }
}

static void infa_navigate__strkey_in(const infa_model *m, infa_span span, const infa_subject *s,
                                     infa_occurrence_vec *out)
{
    size_t len;
    const char *text = infa_model_text(m, &len);
    const infa_token *toks;
    uint32_t n = infa_model_tokens_in(m, span, &toks);
    for (uint32_t i = 0; i < n; i++) {
        if (toks[i].kind != INFA_TOKEN_STRKEY ||
            infa_strncasecmp(text + toks[i].name.start, toks[i].name.end - toks[i].name.start,
                             s->name, s->name_len) != 0)
            continue;
        infa_occurrence o = {toks[i].name, false};
        INFA_VEC_PUSH(out, o);
    }
}

static void infa_navigate__strkey_occ(const infa_model *m, const infa_subject *s,
                                      infa_occurrence_vec *out)
{
    for (uint32_t bi = 0, nb = infa_model_block_count(m); bi < nb; bi++)
        infa_navigate__strkey_in(m, infa_model_block(m, bi)->name_span, s, out);
    for (uint32_t li = 0, nl = infa_model_line_count(m); li < nl; li++) {
        const infa_line *l = infa_model_line(m, li);
        infa_navigate__strkey_in(m, l->span, s, out);
    }
    const infa_string_def *defs;
    uint32_t nd = infa_model_string_defs(m, s->name, s->name_len, &defs);
    for (uint32_t i = 0; i < nd; i++) {
        const infa_line *l = infa_model_line(m, defs[i].line);
        infa_occurrence o = {infa_navigate_unquote(m, l->key.span), true};
        /* A key written %Name% in [Strings] is already a token use. */
        bool seen = false;
        for (size_t k = 0; k < out->len && !seen; k++)
            seen = out->items[k].span.start < o.span.end && o.span.start < out->items[k].span.end;
        if (!seen)
            INFA_VEC_PUSH(out, o);
    }
}

void infa_navigate_occurrences(const infa_model *m, const infa_subject *s, infa_occurrence_vec *out)
{
    if (s->kind == INFA_SUBJECT_SECTION)
        infa_navigate__section_occ(m, s, out);
    else if (s->kind == INFA_SUBJECT_STRKEY)
        infa_navigate__strkey_occ(m, s, out);
    if (out->len > 1)
        qsort(out->items, out->len, sizeof *out->items, infa_navigate__cmp_occ);
}

/* ---- Public API ---------------------------------------------------------------------------- */

static void infa_navigate__push(infa_nav_list *l, infa_document *doc, infa_span span,
                                bool declaration)
{
    infa_nav_target t;
    memset(&t, 0, sizeof t);
    t.range = infa_document_range(doc, span.start, span.end);
    t.declaration = declaration;
    INFA_VEC_PUSH(&l->items, t);
}

infa_nav_list *infa_document_definition(infa_document *doc, uint32_t byte)
{
    infa_nav_list *l = infa_xcalloc(1, sizeof *l);
    const infa_model *m = infa_document_model(doc);
    infa_subject s = infa_navigate_subject(m, byte);
    switch (s.kind) {
    case INFA_SUBJECT_SECTION: {
        if (s.models_line != INFA_NONE) {
            /* Every [Models.decoration] the line names. */
            for (uint32_t i = 0, n = infa_model_ref_count(m); i < n; i++) {
                const infa_ref *r = infa_model_ref(m, i);
                const infa_section *sec = infa_model_section(m, r->target);
                for (uint32_t k = 0; r->line == s.models_line && sec && k < sec->block_count; k++)
                    infa_navigate__push(l, doc, infa_model_block(m, sec->blocks[k])->name_span,
                                        true);
            }
            break;
        }
        const infa_section *sec = infa_model_section(m, s.section);
        for (uint32_t i = 0; sec && i < sec->block_count; i++) {
            const infa_block *b = infa_model_block(m, sec->blocks[i]);
            infa_navigate__push(l, doc, b->name_span, true);
        }
        break;
    }
    case INFA_SUBJECT_STRKEY: {
        const infa_string_def *defs;
        uint32_t nd = infa_model_string_defs(m, s.name, s.name_len, &defs);
        for (uint32_t i = 0; i < nd; i++) {
            const infa_line *line = infa_model_line(m, defs[i].line);
            infa_navigate__push(l, doc, line->key.span, true);
        }
        break;
    }
    case INFA_SUBJECT_INCLUDE: {
        infa_nav_target t;
        memset(&t, 0, sizeof t);
        t.file = infa_xstrndup(s.name, s.name_len);
        t.declaration = true;
        INFA_VEC_PUSH(&l->items, t);
        break;
    }
    case INFA_SUBJECT_SOURCE_FILE: {
        infa_source_file files[16];
        uint32_t n = infa_model_source_files(m, s.name, s.name_len, files, 16);
        for (uint32_t i = 0; i < n && i < 16; i++)
            infa_navigate__push(l, doc, files[i].file_f->span, true);
        break;
    }
    case INFA_SUBJECT_NONE:
        break;
    }
    return l;
}

infa_nav_list *infa_document_references(infa_document *doc, uint32_t byte, bool include_declaration)
{
    infa_nav_list *l = infa_xcalloc(1, sizeof *l);
    const infa_model *m = infa_document_model(doc);
    infa_subject s = infa_navigate_subject(m, byte);
    infa_occurrence_vec occ = {0};
    infa_navigate_occurrences(m, &s, &occ);
    for (size_t i = 0; i < occ.len; i++)
        if (include_declaration || !occ.items[i].declaration)
            infa_navigate__push(l, doc, occ.items[i].span, occ.items[i].declaration);
    INFA_VEC_FREE(&occ);
    return l;
}

void infa_nav_list_delete(infa_nav_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->items.len; i++)
        free((char *)list->items.items[i].file);
    INFA_VEC_FREE(&list->items);
    free(list);
}

size_t infa_nav_list_count(const infa_nav_list *list)
{
    return list ? list->items.len : 0;
}

const infa_nav_target *infa_nav_list_get(const infa_nav_list *list, size_t index)
{
    return list && index < list->items.len ? &list->items.items[index] : NULL;
}
