/* addsoftware-type1: SoftwareType=1 runs an installer binary, which may not
 * execute on every product type (InfVerif 1144: error for universal INFs,
 * a warning otherwise). Prefer SoftwareType 2 with SoftwareID=pfn://... */
#include "isolation_support.h"

#include "util.h"

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_profile profile = infa_rule_profile(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *line = infa_model_line(m, li);
        const infa_field *v = infa_iso_key_value(line, "SoftwareType");
        long long n;
        if (v == NULL || !infa_parse_number(m, v, &n) || n != 1)
            continue;
        infa_finding *f = infa_rule_report(
            ctx, v->span,
            "Device software with SoftwareType 1 may not execute on all product types: prefer "
            "SoftwareType 2 with SoftwareID=pfn://<app>; a type 1 binary must be copied to 13 "
            "and named by its path relative to the package");
        if (profile != INFA_PROFILE_UNIVERSAL)
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
    }
}

const infa_rule infa_rule_addsoftware_type1 = {
    .info = {.id = "addsoftware-type1",
             .summary = "AddSoftware with SoftwareType 1 (an installer binary)",
             .href = INFA_ISO_DOCS "install/inf-addsoftware-directive",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1144,
    .profiles = INFA_PROFILES_ALL,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
