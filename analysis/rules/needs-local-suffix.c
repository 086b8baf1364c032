/* needs-local-suffix: Needs= pastes the needed section into the one that
 * names it, so a section of this INF that is needed must be the same part
 * of an install as its parent: a [X.Services] needs a [Y.Services], a
 * [X] (no suffix) a [Y]. A needed section with another DDInstall suffix is
 * InfVerif 1312; one without the suffix the parent has is 1313. Sections
 * of an included INF are include-needs-rules' business (1310/1311). */
#include "general_helpers.h"
#include "isolation_support.h"

static const infa_kb_ddinstall_suffix *suffix_of(const char *name, size_t len)
{
    infa_kb_section_split_result r;
    infa_kb_section_split(name, len, &r);
    return r.suffix;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (infa_kind_lines k =
             infa_kind_lines_of(m, INFA_KIND_ANY_DDINSTALL | INFA_KIND_DEFAULT_INSTALL |
                                       INFA_KIND_DEFAULT_INSTALL_SERVICES);
         infa_kind_lines_next(&k);) {
        if (infa_iso_key_value(k.line, "Needs") == NULL)
            continue;
        const infa_section *parent = infa_model_section(m, k.section);
        const infa_kb_ddinstall_suffix *own = suffix_of(parent->name, parent->name_len);
        for (uint32_t fi = 0; fi < k.line->field_count; fi++) {
            const infa_field *f = &k.line->fields[fi];
            uint32_t s;
            if (f->empty || (s = infa_model_find_section(m, f->value, f->value_len)) == INFA_NONE)
                continue;
            const infa_section *needed = infa_model_section(m, s);
            const infa_kb_ddinstall_suffix *theirs = suffix_of(needed->name, needed->name_len);
            if (theirs == own)
                continue;
            if (theirs == NULL) {
                infa_finding *fd = infa_rule_report(
                    ctx, f->span,
                    "[%.*s] needs [%.*s], which lacks the suffix '%s' of the section that needs "
                    "it: need [%.*s%s]",
                    INFA_GEN_CLIP(parent->name_len), parent->name, INFA_GEN_CLIP(needed->name_len),
                    needed->name, own->suffix, INFA_GEN_CLIP(needed->name_len), needed->name,
                    own->suffix);
                infa_finding_set_infverif(fd, 1313);
                continue;
            }
            infa_rule_report(ctx, f->span,
                             "[%.*s] needs [%.*s], whose suffix '%s' differs from the section "
                             "that needs it (%s%s%s)",
                             INFA_GEN_CLIP(parent->name_len), parent->name,
                             INFA_GEN_CLIP(needed->name_len), needed->name, theirs->suffix,
                             own ? "'" : "no suffix", own ? own->suffix : "", own ? "'" : "");
        }
    }
}

const infa_rule infa_rule_needs_local_suffix = {
    .info = {.id = "needs-local-suffix",
             .summary = "Needs= names a section of this INF with another DDInstall suffix",
             .href = INFA_DOCS_INSTALL "inf-ddinstall-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1312,
    .other_infverif_codes = {1313},
    .check = check,
};
