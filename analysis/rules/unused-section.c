/* unused-section: a section nothing reaches (InfVerif 2083). A false
 * positive here would push people to delete live sections, so the rule is
 * deliberately conservative: a section counts as used when
 *   - the model gave it a kind or a reference names it;
 *   - its name, or a dotted prefix of it, is a system section ([Strings.0407],
 *     [SourceDisksFiles.amd64], [DefaultInstall.NTamd64.Services]) or a name
 *     that is referenced or used ([Inst.NTamd64.HW] of a Models entry `Inst`,
 *     [Foo.security] of AddReg=Foo, [Models.NTamd64.10.0...22000]);
 *   - its name appears as a whole field anywhere outside itself (directives
 *     the knowledge tables do not know, printer DataSection=, ...).
 * A file with no entry point at all (no Manufacturer, DefaultInstall,
 * ClassInstall32 or InterfaceInstall32) is taken to be an INF that others
 * Include, and is not checked. */
#include "general_helpers.h"

/* A set of names, case-insensitive, by open addressing. Borrows the text.
 * Each name remembers the section that mentions it (OWNER_MANY when several
 * do), so "mentioned outside itself" is one lookup. */
#define OWNER_MANY (INFA_NONE - 1)

typedef struct {
    const char **ptr;
    uint32_t *len;
    uint32_t *owner;
    size_t cap, count;
} name_set;

static void set_add(name_set *set, const char *s, size_t len, uint32_t owner);

static void set_grow(name_set *set)
{
    name_set old = *set;
    set->cap = old.cap ? old.cap * 2 : 256;
    set->count = 0;
    set->ptr = infa_xcalloc(set->cap, sizeof(*set->ptr));
    set->len = infa_xcalloc(set->cap, sizeof(*set->len));
    set->owner = infa_xcalloc(set->cap, sizeof(*set->owner));
    for (size_t i = 0; i < old.cap; i++)
        if (old.ptr[i] != NULL)
            set_add(set, old.ptr[i], old.len[i], old.owner[i]);
    free(old.ptr);
    free(old.len);
    free(old.owner);
}

/* Slot of a name, or -1. */
static long set_find(const name_set *set, const char *s, size_t len)
{
    if (set->cap == 0)
        return -1;
    for (size_t i = infa_hash_nocase(s, len) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
        if (set->ptr[i] == NULL)
            return -1;
        if (set->len[i] == len && infa_strncasecmp(set->ptr[i], len, s, len) == 0)
            return (long)i;
    }
}

static bool set_has(const name_set *set, const char *s, size_t len)
{
    return set_find(set, s, len) >= 0;
}

static void set_add(name_set *set, const char *s, size_t len, uint32_t owner)
{
    if (len == 0)
        return;
    long at = set_find(set, s, len);
    if (at >= 0) {
        if (set->owner[at] != owner)
            set->owner[at] = OWNER_MANY;
        return;
    }
    if ((set->count + 1) * 2 > set->cap)
        set_grow(set);
    size_t i = infa_hash_nocase(s, len) & (set->cap - 1);
    while (set->ptr[i] != NULL)
        i = (i + 1) & (set->cap - 1);
    set->ptr[i] = s;
    set->len[i] = (uint32_t)len;
    set->owner[i] = owner;
    set->count++;
}

static void set_free(name_set *set)
{
    free(set->ptr);
    free(set->len);
    free(set->owner);
}

/* Expanded copies live here until check() returns. */
typedef INFA_VEC(char *) str_vec;

static void add_expanded(const infa_model *m, name_set *set, str_vec *owned, const char *s,
                         size_t len, uint32_t owner)
{
    if (len == 0)
        return;
    if (memchr(s, '%', len) == NULL) {
        set_add(set, s, len, owner);
        return;
    }
    size_t elen;
    char *e = infa_model_expand(m, s, len, &elen);
    INFA_VEC_PUSH(owned, e);
    set_add(set, e, elen, owner);
}

static bool is_system_name(const char *name, size_t len)
{
    return infa_kb_section_find(name, len) != NULL || infa_kb_section_read_by_name(name, len);
}

static bool has_entry_point(const infa_model *m)
{
    for (uint32_t i = 0; i < infa_model_section_count(m); i++) {
        const infa_section *s = infa_model_section(m, i);
        for (size_t e = 0; e < infa_kb_section_entry_point_count(); e++) {
            const char *entry = infa_kb_section_entry_point_at(e);
            size_t el = strlen(entry);
            if (s->name_len >= el && infa_strncasecmp(s->name, el, entry, el) == 0 &&
                (s->name_len == el || s->name[el] == '.'))
                return true;
        }
    }
    return false;
}

/* Co-installers and class installers read sections of their own choosing
 * (the toaster co-installer's [ToastCoInfo]): with one registered, no
 * section can be called unused. */
static bool has_installer_code(const infa_model *m)
{
    for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
        const infa_line *l = infa_model_line(m, li);
        for (uint32_t fi = 0; fi < l->field_count && fi < 3; fi++) {
            const infa_field *f = &l->fields[fi];
            if (infa_streq_nocase(f->value, f->value_len, "CoInstallers32") ||
                infa_streq_nocase(f->value, f->value_len, "Installer32"))
                return true;
        }
    }
    return false;
}

/* Used directly: reached by the model, or a system section. */
static bool directly_used(const infa_model *m, const infa_section *s)
{
    (void)m;
    return s->kinds != 0 || s->refs_in_count > 0 || is_system_name(s->name, s->name_len);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    if (!has_entry_point(m) || has_installer_code(m))
        return;

    name_set used = {0};     /* names referenced or of used sections */
    name_set mentions = {0}; /* every field and key, per section, expanded */
    str_vec owned = {0};
    bool mentions_built = false;

    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        size_t before = owned.len;
        add_expanded(m, &used, &owned, r->name, r->name_len, INFA_NONE);
        const char *e = owned.len > before ? owned.items[owned.len - 1] : r->name;
        size_t elen = owned.len > before ? strlen(e) : r->name_len;
        /* A reference we cannot read (an undefined %token%, a template
         * placeholder) may reach any section: say nothing. */
        if (infa_gen__opaque(e, elen))
            goto cleanup;
    }
    /* Manufacturer lines name their Models base even when every listed
     * decoration is a template ($ARCH$). */
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_MANUFACTURER);
         infa_kind_lines_next(&k);) {
        const infa_line *l = k.line;
        if (l->field_count > 0)
            add_expanded(m, &used, &owned, l->fields[0].value, l->fields[0].value_len, INFA_NONE);
    }
    for (uint32_t i = 0; i < infa_model_section_count(m); i++) {
        const infa_section *s = infa_model_section(m, i);
        if (directly_used(m, s))
            set_add(&used, s->name, s->name_len, INFA_NONE);
    }

    uint32_t nsec = infa_model_section_count(m);
    for (uint32_t si = 0; si < nsec; si++) {
        const infa_section *s = infa_model_section(m, si);
        if (directly_used(m, s))
            continue;
        /* Mentioned as a whole field by some line. Built lazily: most files
         * have no candidate at all. */
        if (!mentions_built) {
            mentions_built = true;
            for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
                const infa_line *l = infa_model_line(m, li);
                /* lines before any header belong to no section: OWNER_MANY
                 * makes them count as "outside" for every section */
                uint32_t owner =
                    l->block != INFA_NONE ? infa_model_block(m, l->block)->section : OWNER_MANY;
                if (l->has_key)
                    add_expanded(m, &mentions, &owned, l->key.value, l->key.value_len, owner);
                for (uint32_t fi = 0; fi < l->field_count; fi++)
                    add_expanded(m, &mentions, &owned, l->fields[fi].value, l->fields[fi].value_len,
                                 owner);
            }
        }
        /* A dotted prefix that is used, mentioned ([rpiq_Device.NT] of a
         * Models line naming rpiq_Device) or a system name. */
        bool ok = false;
        for (uint32_t k = 1; k < s->name_len && !ok; k++)
            if (s->name[k] == '.')
                ok = set_has(&used, s->name, k) || set_has(&mentions, s->name, k) ||
                     is_system_name(s->name, k);
        if (ok)
            continue;

        /* Mentioned by a line of another section (not only by its own). */
        long at = set_find(&mentions, s->name, s->name_len);
        if (at >= 0 && mentions.owner[at] != si)
            continue;

        const infa_block *b = infa_gen__first_block(m, s);
        infa_finding *f = infa_rule_report(ctx, b->name_span,
                                           "Section [%.*s] is never used: no directive or other "
                                           "section refers to it",
                                           INFA_GEN_CLIP(s->name_len), s->name);
        infa_finding_add_tag(f, INFA_TAG_UNNECESSARY);
        if (s->block_count == 1) {
            /* Not applied by fix-all: the author decides what goes. */
            infa_fix *fix = infa_finding_add_fix(f, false, false, "Remove section [%.*s]",
                                                 INFA_GEN_CLIP(s->name_len), s->name);
            /* Through the block's last entry, not its span end, which may
             * sit on the next header. */
            uint32_t last = b->line_count > 0
                                ? infa_model_line(m, b->first_line + b->line_count - 1)->span.end
                                : b->header.end;
            infa_fix_edit(fix, infa_gen__rows_span(m, b->header_row, last), "", 0);
        }
    }

cleanup:
    for (size_t i = 0; i < owned.len; i++)
        free(owned.items[i]);
    INFA_VEC_FREE(&owned);
    set_free(&used);
    set_free(&mentions);
}

const infa_rule infa_rule_unused_section = {
    .info = {.id = "unused-section",
             .summary = "A section that no directive or other section refers to",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_HINT},
    .infverif_code = 2083,
    .check = check,
};
