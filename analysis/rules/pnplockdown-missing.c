/* pnplockdown-missing: [Version] lacks PnpLockdown=1 (InfVerif 1324: error
 * for Windows Drivers, a warning otherwise). Without it, apps may replace
 * the installed driver files. Fix: add the line, or change 0 to 1. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t v = infa_model_find_kind(m, INFA_KIND_VERSION);
    if (v == INFA_NONE)
        return;
    const infa_section *sec = infa_model_section(m, v);
    const infa_field *value = NULL;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_field *f = infa_iso_key_value(infa_model_line(m, li), "PnpLockdown");
        if (f != NULL)
            value = f; /* the last one wins */
    }
    long long n = 0;
    if (value != NULL && infa_parse_number(m, value, &n) && n == 1)
        return;
    infa_finding *f;
    const infa_block *b = infa_model_block(m, sec->blocks[sec->block_count - 1]);
    if (value != NULL) {
        f = infa_rule_report(ctx, value->span,
                             "[Version] section should specify PnpLockdown=1 to prevent external "
                             "apps from modifying installed driver files");
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Set PnpLockdown = 1");
        infa_iso_edit_min(fix, m, value->span.start, value->span.end, "1");
    } else {
        f = infa_rule_report(ctx, infa_model_block(m, sec->blocks[0])->name_span,
                             "[Version] section should specify PnpLockdown=1 to prevent external "
                             "apps from modifying installed driver files");
        bool need_eol;
        uint32_t at = infa_iso_block_append_at(m, b, &need_eol);
        const char *eol = infa_iso_eol(m);
        char *line =
            infa_xasprintf("%sPnpLockdown = 1%s", need_eol ? eol : "", need_eol ? "" : eol);
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Add PnpLockdown = 1 to [Version]");
        infa_fix_edit(fix, (infa_span){at, at}, line, strlen(line));
        free(line);
    }
}

const infa_rule infa_rule_pnplockdown_missing = {
    .info = {.id = "pnplockdown-missing",
             .summary = "[Version] does not set PnpLockdown=1",
             .href = INFA_ISO_DOCS "install/inf-version-section",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1324,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
