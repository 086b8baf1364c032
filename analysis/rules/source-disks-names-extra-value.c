/* source-disks-names-extra-value: a [SourceDisksNames] entry with a value
 * after its six documented fields
 * (`diskid = description[,[tag-or-cab],[unused],[path],[flags][,tag-file]]`):
 * SetupAPI ignores it (InfVerif 1201, a warning). An empty field there is
 * not a value and is not reported. A block rule: the finding follows from
 * the line and its section's kinds. */
#include "general_helpers.h"

#define DOCUMENTED_FIELDS 6

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    if (block == INFA_NONE)
        return;
    const infa_section *s = infa_model_section(m, infa_model_block(m, block)->section);
    if (!(s->kinds & INFA_KIND_SOURCE_DISKS_NAMES))
        return;
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (!l->has_key)
            continue;
        for (uint32_t fi = DOCUMENTED_FIELDS; fi < l->field_count; fi++) {
            if (l->fields[fi].empty)
                continue;
            infa_rule_report(ctx, l->fields[fi].span,
                             "A SourceDisksNames entry has at most six fields (description, "
                             "tag or cab file, unused, path, flags, tag file); SetupAPI ignores "
                             "this value");
            break;
        }
    }
}

const infa_rule infa_rule_source_disks_names_extra_value = {
    .info = {.id = "source-disks-names-extra-value",
             .summary = "A [SourceDisksNames] entry with a value after its six fields",
             .href = INFA_DOCS_INSTALL "inf-sourcedisksnames-section",
             .default_severity = INFA_SEVERITY_WARNING},
    .infverif_code = 1201,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION,
    .check_block = check_block,
};
