/* umdf-v1: a UMDF 1 driver (UmdfLibraryVersion 1.x, or DriverCLSID, which
 * only UMDF 1 uses) is deprecated for Windows Drivers (InfVerif 1402). No
 * fix: the driver must be ported to UMDF 2. */
#include "isolation_support.h"

#include "util.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_WDF_SERVICE_INSTALL);
         infa_kind_lines_next(&k);) {
        const infa_line *line = k.line;
        const infa_field *v = infa_iso_key_value(line, "UmdfLibraryVersion");
        if (v != NULL && v->value_len >= 2 && v->value[0] == '1' && v->value[1] == '.') {
            infa_rule_report(ctx, v->span,
                             "UMDF version %.*s has been deprecated, driver should be ported "
                             "to use version 2 UMDF driver model",
                             (int)v->value_len, v->value);
            continue;
        }
        if (infa_iso_key_value(line, "DriverCLSID") != NULL)
            infa_rule_report(ctx, line->key.span,
                             "DriverCLSID belongs to the deprecated UMDF 1 driver model; port "
                             "the driver to UMDF 2");
    }
}

const infa_rule infa_rule_umdf_v1 = {
    .info = {.id = "umdf-v1",
             .summary = "A UMDF 1 driver",
             .href = INFA_ISO_PORTING,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1402,
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
