/* dirid13-security-descriptor: a [<file-list>.security] section for a list
 * copied to DIRID 13 (InfVerif 1101): Driver Store files keep the store's
 * own security. Fix: delete the .security section. */
#include "isolation_support.h"

#include "util.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_FILE_LIST_SECURITY) || sec->name_len <= 9)
            continue;
        uint32_t base = infa_model_find_section(m, sec->name, sec->name_len - 9);
        infa_destdir dd;
        if (base == INFA_NONE || !infa_model_destination(m, base, &dd) || !dd.dirid_valid ||
            dd.dirid != 13)
            continue;
        if (infa_iso_ref_to(m, base, "CopyFiles") == NULL)
            continue;
        const infa_block *b = infa_model_block(m, sec->blocks[0]);
        infa_finding *f = infa_rule_report(
            ctx, b->name_span,
            "Security descriptors cannot be used with DIRID 13: [%.*s] is copied to the Driver "
            "Store",
            (int)(sec->name_len - 9), sec->name);
        infa_finding_relate(f, dd.line->span, "DestinationDirs sends it to DIRID 13");
        infa_fix *fix =
            infa_finding_add_fix(f, true, true, "Delete [%.*s]", (int)sec->name_len, sec->name);
        for (uint32_t k = 0; k < sec->block_count; k++)
            infa_fix_edit(fix, infa_iso_rows_of(m, infa_model_block(m, sec->blocks[k])->span), "",
                          0);
    }
}

const infa_rule infa_rule_dirid13_security_descriptor = {
    .info = {.id = "dirid13-security-descriptor",
             .summary = "A .security section for files copied to DIRID 13",
             .href = INFA_ISO_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1101,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
