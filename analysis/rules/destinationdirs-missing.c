/* destinationdirs-missing: a file-list section (CopyFiles, DelFiles,
 * RenFiles) with no [DestinationDirs] entry while there is no DefaultDestDir
 * either: where its files go is left to SetupAPI's fallback (InfVerif 1275). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_kind_set lists = INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & lists) || sec->refs_in_count == 0)
            continue;
        infa_destdir dd;
        if (infa_model_destination(m, s, &dd))
            continue;
        const infa_ref *r = infa_model_ref(m, sec->refs_in[0]);
        infa_finding *f = infa_rule_report(
            ctx, r->span,
            "%s section [%.*s] is not listed in [DestinationDirs] and there is no "
            "DefaultDestDir: add %.*s = 13 (or the DIRID it belongs in) to [DestinationDirs]",
            r->directive, (int)sec->name_len, sec->name, (int)sec->name_len, sec->name);
        const infa_block *b = infa_gen__first_block(m, sec);
        infa_finding_relate(f, b->name_span, "[%.*s] is here", (int)b->name_len, b->name);
    }
}

const infa_rule infa_rule_destinationdirs_missing = {
    .info = {.id = "destinationdirs-missing",
             .summary = "A file-list section with no DestinationDirs entry and no DefaultDestDir",
             .href = INFA_DOCS_INSTALL "inf-destinationdirs-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1275,
    .check = check,
};
