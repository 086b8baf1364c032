/*
 * Rename of sections and string keys. A section is renamed as SetupAPI
 * finds it: by its base name, so [X], [X.NT], [X.NTamd64.HW], [X.security]
 * and every reference that names any of them change together; a string key
 * in every %key% and in [Strings] and each [Strings.LLLL]. Refusals (system
 * sections, collisions, invalid names, names reached through %strkey%)
 * come with a sentence that says why.
 */
#include "document.h"
#include "infa.h"
#include "kb.h"
#include "model.h"
#include "model_internal.h"
#include "navigate.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct infa_rename {
    char *error;
    INFA_VEC(infa_text_edit) edits;
};

/* What a rename at a byte would replace. */
typedef struct {
    infa_subject sub;
    infa_span range;  /* the bytes the new name replaces at the cursor */
    const char *base; /* section: the base name (borrowed), else the key */
    uint32_t base_len;
} infa_rename__target;

#define SECURITY_SUFFIX ".security"

/* Length of the base of a section name: without ".security", a DDInstall
 * suffix and the platform / TargetOSVersion decoration. */
static uint32_t infa_rename__base_len(const char *name, uint32_t len)
{
    uint32_t sl = (uint32_t)strlen(SECURITY_SUFFIX);
    if (len > sl && infa_streq_nocase(name + len - sl, sl, SECURITY_SUFFIX))
        len -= sl;
    infa_decoration d;
    infa_model__decorate(name, len, 0, &d);
    uint32_t base = d.base_len;
    if (d.platform == INFA_PLATFORM_NONE && d.suffix_offset != INFA_NONE)
        base = d.suffix_offset;
    return base;
}

static bool infa_rename__same(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
    return infa_strncasecmp(a, alen, b, blen) == 0;
}

static char *infa_rename__where(const infa_model *m, uint32_t byte, const char *fmt,
                                const char *name, uint32_t len)
{
    return infa_xasprintf(fmt, (int)len, name, infa_model_row_at(m, byte) + 1);
}

/* Fills t and returns NULL, or returns why nothing can be renamed here
 * (caller frees). */
static char *infa_rename__target_at(const infa_model *m, uint32_t byte, infa_rename__target *t)
{
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    memset(t, 0, sizeof *t);
    t->sub = infa_navigate_subject(m, byte);
    const infa_subject *s = &t->sub;
    switch (s->kind) {
    case INFA_SUBJECT_NONE:
        return infa_xstrdup("Nothing to rename here: put the cursor on a section name or a "
                            "%string% key.");
    case INFA_SUBJECT_INCLUDE:
    case INFA_SUBJECT_SOURCE_FILE:
        return infa_xstrdup("File names are not renamed: the files on disk would have to "
                            "change with them.");
    case INFA_SUBJECT_STRKEY: {
        t->range = s->span;
        if (text[t->range.start] == '%') {
            t->range.start++;
            t->range.end--;
        } else {
            t->range = infa_navigate_unquote(m, t->range);
        }
        t->base = s->name;
        t->base_len = s->name_len;
        return NULL;
    }
    case INFA_SUBJECT_SECTION:
        break;
    }
    if (s->external)
        return infa_xasprintf("[%.*s] is a section of an included INF (Needs=); it is not "
                              "renamed here.",
                              (int)s->name_len, s->name);
    t->base = s->name;
    t->base_len = infa_rename__base_len(s->name, s->name_len);
    if (t->base_len == 0)
        return infa_xstrdup("This section name has no base to rename.");
    if (infa_kb_section_system_kind(s->name, s->name_len) ||
        infa_kb_section_find(t->base, t->base_len) ||
        infa_kb_section_system_kind(t->base, t->base_len))
        return infa_xasprintf("[%.*s] is a system section: SetupAPI finds it by this name, so "
                              "it cannot be renamed.",
                              (int)s->name_len, s->name);
    infa_span at = infa_navigate_unquote(m, s->span);
    if (memchr(text + at.start, '%', at.end - at.start))
        return infa_xasprintf("This name comes from a %%string%% key; rename the key or the "
                              "section [%.*s] from its header instead.",
                              (int)s->name_len, s->name);
    if (at.end - at.start < t->base_len ||
        !infa_rename__same(text + at.start, t->base_len, t->base, t->base_len))
        return infa_xasprintf("Rename [%.*s] from its header or a reference that spells its "
                              "name.",
                              (int)s->name_len, s->name);
    t->range.start = at.start;
    t->range.end = at.start + t->base_len;
    return NULL;
}

bool infa_document_rename_prepare(infa_document *doc, uint32_t byte, infa_range *range,
                                  char **error)
{
    const infa_model *m = infa_document_model(doc);
    infa_rename__target t;
    char *why = infa_rename__target_at(m, byte, &t);
    if (why) {
        *error = why;
        return false;
    }
    *error = NULL;
    *range = infa_document_range(doc, t.range.start, t.range.end);
    return true;
}

/* ---- Edits --------------------------------------------------------------------------------- */

static int infa_rename__cmp_edit(const void *a, const void *b)
{
    const infa_text_edit *x = a, *y = b;
    return x->range.start_byte < y->range.start_byte   ? -1
           : x->range.start_byte > y->range.start_byte ? 1
                                                       : 0;
}

static void infa_rename__edit(infa_rename *r, infa_document *doc, uint32_t start, uint32_t end,
                              const char *new_name, size_t new_len)
{
    infa_text_edit e;
    e.range = infa_document_range(doc, start, end);
    e.new_text = infa_xstrndup(new_name, new_len);
    INFA_VEC_PUSH(&r->edits, e);
}

/* Is `name` in the family of sections whose base is base? */
static bool infa_rename__in_family(const char *name, uint32_t len, const char *base,
                                   uint32_t base_len)
{
    uint32_t bl = infa_rename__base_len(name, len);
    return bl == base_len && infa_rename__same(name, bl, base, base_len);
}

static char *infa_rename__section(infa_rename *r, infa_document *doc, const infa_rename__target *t,
                                  const char *new_name, size_t new_len)
{
    const infa_model *m = infa_document_model(doc);
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    const char *problem = infa_kb_section_name_problem(new_name, new_len);
    if (problem)
        return infa_xstrdup(problem);
    if (infa_rename__base_len(new_name, (uint32_t)new_len) != new_len)
        return infa_xasprintf("\"%.*s\" would read as a decorated name (.NT…, .HW, …); choose a "
                              "base name without a decoration.",
                              (int)new_len, new_name);
    if (infa_kb_section_find(new_name, new_len) || infa_kb_section_system_kind(new_name, new_len))
        return infa_xasprintf("[%.*s] is a system section name.", (int)new_len, new_name);
    /* Headers of the family, and collisions of their new names. */
    char buf[600];
    for (uint32_t si = 0, ns = infa_model_section_count(m); si < ns; si++) {
        const infa_section *sec = infa_model_section(m, si);
        if (!infa_rename__in_family(sec->name, sec->name_len, t->base, t->base_len))
            continue;
        size_t rest = sec->name_len - t->base_len;
        if (new_len + rest < sizeof buf) {
            memcpy(buf, new_name, new_len);
            memcpy(buf + new_len, sec->name + t->base_len, rest);
            uint32_t other = infa_model_find_section(m, buf, new_len + rest);
            if (other != INFA_NONE && other != si) {
                const infa_section *o = infa_model_section(m, other);
                if (!infa_rename__in_family(o->name, o->name_len, t->base, t->base_len)) {
                    const infa_block *ob = infa_model_block(m, o->blocks[0]);
                    return infa_xasprintf("[%.*s] already exists (line %u).", (int)(new_len + rest),
                                          buf, ob->header_row + 1);
                }
            }
        }
        if (new_len + rest > 255)
            return infa_xasprintf("[%.*s%.*s] would be longer than 255 characters.", (int)new_len,
                                  new_name, (int)rest, sec->name + t->base_len);
        for (uint32_t bi = 0; bi < sec->block_count; bi++) {
            const infa_block *b = infa_model_block(m, sec->blocks[bi]);
            infa_span at = infa_navigate_unquote(m, b->name_span);
            if (at.end - at.start < t->base_len ||
                !infa_rename__same(text + at.start, t->base_len, t->base, t->base_len))
                return infa_rename__where(m, at.start,
                                          "The header of [%.*s] on line %u does not spell the "
                                          "name out; it is not renamed.",
                                          sec->name, sec->name_len);
            infa_rename__edit(r, doc, at.start, at.start + t->base_len, new_name, new_len);
        }
    }
    /* References to the family, defined or not. */
    for (uint32_t i = 0, n = infa_model_ref_count(m); i < n; i++) {
        const infa_ref *ref = infa_model_ref(m, i);
        if (ref->external ||
            !infa_rename__in_family(ref->name, ref->name_len, t->base, t->base_len))
            continue;
        infa_span at = ref->span;
        /* %Mfg% = Models, NTamd64: the decorations name [Models.NTamd64]
         * but the base is spelled in the first field. */
        if (ref->field > 0 && ref->field != INFA_NONE &&
            strcmp(ref->directive, "Manufacturer") == 0)
            at = infa_model_line(m, ref->line)->fields[0].span;
        at = infa_navigate_unquote(m, at);
        if (memchr(text + at.start, '%', at.end - at.start))
            return infa_rename__where(m, at.start,
                                      "[%.*s] is named through a %%string%% key on line %u; "
                                      "rename that string's value instead.",
                                      ref->name, ref->name_len);
        if (at.end - at.start < t->base_len ||
            !infa_rename__same(text + at.start, t->base_len, t->base, t->base_len))
            continue;
        infa_rename__edit(r, doc, at.start, at.start + t->base_len, new_name, new_len);
    }
    return NULL;
}

static char *infa_rename__strkey(infa_rename *r, infa_document *doc, const infa_rename__target *t,
                                 const char *new_name, size_t new_len)
{
    const infa_model *m = infa_document_model(doc);
    const char *problem = infa_kb_string_key_problem(new_name, new_len);
    if (problem)
        return infa_xstrdup(problem);
    const infa_string_def *defs;
    if (!infa_rename__same(new_name, (uint32_t)new_len, t->base, t->base_len) &&
        infa_model_string_defs(m, new_name, new_len, &defs) > 0)
        return infa_xasprintf("%%%.*s%% is already defined (line %u).", (int)new_len, new_name,
                              infa_model_line(m, defs[0].line)->row + 1);
    infa_occurrence_vec occ = {0};
    infa_navigate_occurrences(m, &t->sub, &occ);
    for (size_t i = 0; i < occ.len; i++)
        infa_rename__edit(r, doc, occ.items[i].span.start, occ.items[i].span.end, new_name,
                          new_len);
    INFA_VEC_FREE(&occ);
    return NULL;
}

infa_rename *infa_document_rename(infa_document *doc, uint32_t byte, const char *new_name,
                                  size_t new_len)
{
    infa_rename *r = infa_xcalloc(1, sizeof *r);
    const infa_model *m = infa_document_model(doc);
    infa_rename__target t;
    r->error = infa_rename__target_at(m, byte, &t);
    if (r->error)
        goto cleanup;
    if (t.sub.kind == INFA_SUBJECT_SECTION)
        r->error = infa_rename__section(r, doc, &t, new_name, new_len);
    else
        r->error = infa_rename__strkey(r, doc, &t, new_name, new_len);
    if (r->error)
        goto cleanup;
    if (r->edits.len > 1) {
        qsort(r->edits.items, r->edits.len, sizeof *r->edits.items, infa_rename__cmp_edit);
        /* One field may name several decorated sections: keep one edit. */
        size_t k = 1;
        for (size_t i = 1; i < r->edits.len; i++) {
            infa_text_edit *prev = &r->edits.items[k - 1], *e = &r->edits.items[i];
            if (e->range.start_byte < prev->range.end_byte) {
                free((char *)e->new_text);
                continue;
            }
            r->edits.items[k++] = *e;
        }
        r->edits.len = k;
    }
    if (r->edits.len == 0)
        r->error = infa_xstrdup("Nothing to rename.");
cleanup:
    if (r->error) {
        for (size_t i = 0; i < r->edits.len; i++)
            free((char *)r->edits.items[i].new_text);
        r->edits.len = 0;
    }
    return r;
}

void infa_rename_delete(infa_rename *rename)
{
    if (!rename)
        return;
    for (size_t i = 0; i < rename->edits.len; i++)
        free((char *)rename->edits.items[i].new_text);
    INFA_VEC_FREE(&rename->edits);
    free(rename->error);
    free(rename);
}

const char *infa_rename_error(const infa_rename *rename)
{
    return rename ? rename->error : "no rename";
}

const infa_text_edit *infa_rename_edits(const infa_rename *rename, size_t *count)
{
    *count = rename ? rename->edits.len : 0;
    return rename ? rename->edits.items : NULL;
}
