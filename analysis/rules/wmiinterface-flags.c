/* wmiinterface-flags: WMIInterface={WmiClassGUID},[flags,]WMI-class-section
 * takes only the flags of the kb's WMIInterface table (SCWMI_CLOBBER_SECURITY,
 * 0x1); any other bit, or flags that are no number, is InfVerif 1256. */
#include "general_helpers.h"
#include "isolation_support.h"

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *line = infa_model_line(m, li);
        /* With two fields the second is the section: there are no flags. */
        if (infa_iso_key_value(line, "WMIInterface") == NULL || line->field_count < 3)
            continue;
        uint32_t s = infa_iso_line_section(m, line);
        if (s == INFA_NONE || !(infa_model_section(m, s)->kinds & INFA_KIND_DDINSTALL_WMI))
            continue;
        const infa_field *f = &line->fields[1];
        if (f->empty || f->value_len == 0)
            continue;
        long long v;
        uint32_t unknown = 0;
        bool number = infa_parse_number(m, f, &v);
        if (number && v >= 0 && v <= UINT32_MAX) {
            const infa_kb_const *rows[8];
            infa_kb_const_decode(INFA_KB_CONSTS_WMI, (uint32_t)v, rows, 8, &unknown);
            if (unknown == 0)
                continue;
        } else if (!number && infa_gen__opaque(f->value, f->value_len)) {
            continue;
        }
        infa_rule_report(ctx, f->span,
                         "WMIInterface flags '%.*s' are not valid: the only flag is 0x1 "
                         "(SCWMI_CLOBBER_SECURITY)",
                         INFA_GEN_CLIP(f->value_len), f->value);
    }
}

const infa_rule infa_rule_wmiinterface_flags = {
    .info = {.id = "wmiinterface-flags",
             .summary = "WMIInterface flags outside the documented ones",
             .href = INFA_DOCS_INSTALL "inf-ddinstall-wmi-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1256,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
