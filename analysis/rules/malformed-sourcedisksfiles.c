/* malformed-sourcedisksfiles: a [SourceDisksFiles(.arch)] entry that is not
 * `file = diskid[,[subdir][,size]]`: no `=`, no disk id, a disk id that no
 * [SourceDisksNames] section defines (InfVerif 1273), or a %strkey% in the
 * file name, which SetupAPI does not substitute there. A disk id with bad
 * number syntax is bad-number's finding. */
#include "general_helpers.h"

static bool name_has_prefix(const infa_section *s, const char *prefix)
{
    size_t pl = strlen(prefix);
    return s->name_len >= pl && infa_strncasecmp(s->name, pl, prefix, pl) == 0 &&
           (s->name_len == pl || s->name[pl] == '.');
}

/* Is disk id `id` a key of some [SourceDisksNames*] line? *any_names says
 * whether such a section exists at all. */
static bool disk_defined(const infa_model *m, long long id, bool *any_names)
{
    *any_names = false;
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (!(s->kinds & INFA_KIND_SOURCE_DISKS_NAMES) && !name_has_prefix(s, "SourceDisksNames"))
            continue;
        *any_names = true;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            const infa_field *k = l->has_key ? &l->key : (l->field_count ? &l->fields[0] : NULL);
            long long n;
            if (k == NULL)
                continue;
            size_t elen;
            char *e = infa_gen__expand(m, k->value, k->value_len, &elen);
            bool hit = infa_gen__parse_number_text(e, elen, &n) && n == id;
            /* a templated key we cannot read counts as a match */
            hit = hit || infa_gen__opaque(e, elen);
            free(e);
            if (hit)
                return true;
        }
    }
    return false;
}

/* disks_settled: no further disk-id findings (the missing [SourceDisksNames]
 * was reported once, or a layout file defines the disks). */
static void check_line(infa_rule_ctx *ctx, const infa_model *m, const infa_line *l,
                       bool *disks_settled)
{
    if (!l->has_key) {
        infa_rule_report(ctx, l->span,
                         "A SourceDisksFiles entry is 'file = diskid[,[subdir][,size]]'; this "
                         "line has no '='");
        return;
    }
    if (memchr(l->key.value, '%', l->key.value_len) != NULL) {
        infa_rule_report(ctx, l->key.span,
                         "File names in SourceDisksFiles are not substituted: write the file "
                         "name itself, not a %%strkey%%");
    }
    if (l->field_count == 0 || l->fields[0].empty || l->fields[0].value_len == 0) {
        infa_finding *f = infa_rule_report(
            ctx, l->key.span,
            "'%.*s' has no disk id; write '%.*s = 1' with a disk from [SourceDisksNames]",
            (int)l->key.value_len, l->key.value, (int)l->key.value_len, l->key.value);
        infa_finding_set_infverif(f, 1008);
        return;
    }
    const infa_field *d = &l->fields[0];
    size_t elen;
    char *e = infa_gen__expand(m, d->value, d->value_len, &elen);
    long long id;
    if (!infa_gen__opaque(e, elen) && infa_gen__parse_number_text(e, elen, &id)) {
        bool any_names;
        if (!*disks_settled && !disk_defined(m, id, &any_names)) {
            if (any_names) {
                infa_finding *f = infa_rule_report(
                    ctx, d->span, "Disk id %lld is not defined in [SourceDisksNames]", id);
                infa_finding_set_infverif(f, 1273);
            } else if (!*disks_settled) {
                *disks_settled = true;
                infa_finding *f = infa_rule_report(
                    ctx, d->span,
                    "Disk id %lld is not defined: the INF has no [SourceDisksNames] section", id);
                infa_finding_set_infverif(f, 1273);
            }
        }
    }
    free(e);
}

/* System INFs name a LayoutFile (layout.inf) whose [SourceDisksNames]
 * define their disks. */
static bool has_layout_file(const infa_model *m)
{
    uint32_t si = infa_model_find_section(m, "Version", 7);
    if (si == INFA_NONE)
        return false;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (l->has_key && infa_streq_nocase(l->key.value, l->key.value_len, "LayoutFile"))
            return true;
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    /* with a layout file, an unknown disk id is not ours to judge */
    bool disks_settled = has_layout_file(m);
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (!(s->kinds & INFA_KIND_SOURCE_DISKS_FILES) && !name_has_prefix(s, "SourceDisksFiles"))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;)
            check_line(ctx, m, infa_model_line(m, li), &disks_settled);
    }
}

const infa_rule infa_rule_malformed_sourcedisksfiles = {
    .info = {.id = "malformed-sourcedisksfiles",
             .summary = "A [SourceDisksFiles] entry is not 'file = diskid[,subdir[,size]]'",
             .href = INFA_DOCS_INSTALL "inf-sourcedisksfiles-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .other_infverif_codes = {1008, 1273},
    .check = check,
};
