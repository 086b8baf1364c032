/* sourcedisksfiles-compressed: a [SourceDisksFiles] name ending in '_' is the
 * old compressed form (file.sy_); a driver package ships files uncompressed
 * under their real names (InfVerif 1231). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_SOURCE_DISKS_FILES))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            const infa_field *f = l->has_key ? &l->key : l->field_count ? &l->fields[0] : NULL;
            if (f == NULL || f->value_len < 2 || f->value[f->value_len - 1] != '_')
                continue;
            infa_rule_report(ctx, f->span,
                             "'%.*s' is a compressed file name: list and ship the file "
                             "uncompressed under its real name",
                             INFA_GEN_CLIP(f->value_len), f->value);
        }
    }
}

const infa_rule infa_rule_sourcedisksfiles_compressed = {
    .info = {.id = "sourcedisksfiles-compressed",
             .summary = "A compressed file name (ending in _) in [SourceDisksFiles]",
             .href = INFA_DOCS_INSTALL "inf-sourcedisksfiles-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1231,
    .check = check,
};
