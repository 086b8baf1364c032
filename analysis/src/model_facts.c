/*
 * The cross-section layer of the model, recomputed from the per-block facts
 * on the first query after an update: merged sections, decorations, kinds,
 * references, the [Strings] table. They only walk lines that can name
 * sections, so they stay cheap. No tree-sitter here.
 */
#include "model_internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Every accessor of a cross-section fact calls this first. */
void infa_model__ensure_cross(const infa_model *cm)
{
    infa_model *m = (infa_model *)cm;
    if (!m->cross_dirty)
        return;
    m->cross_dirty = false; /* before building: the build itself queries */
    infa_model__settle(m);
    infa_model__build_cross(m);
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
void infa_model__decorate(const char *name, uint32_t len, uint32_t name_start, infa_decoration *d)
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
                        /* Saturate: no version part comes near it. */
                        v = v > (LONG_MAX - 15) / 16 ? LONG_MAX : v * (hex ? 16 : 10) + dv;
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
infa_kind_set infa_model__system_kinds(const char *name, uint32_t name_len,
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

void infa_model__free_cross(infa_model *m)
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

void infa_model__build_cross(infa_model *m)
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
