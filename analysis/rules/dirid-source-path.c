/* dirid-source-path: DIRID 1 (the source media the INF was installed from)
 * as a CopyFiles destination or in a path (InfVerif 1322): the source may be
 * gone when the path is needed. The file should be in the package and run
 * from the Driver Store. "Change to 13" is offered (never applied by
 * fix-all) only when [SourceDisksFiles] lists the files. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
        const infa_line *line = infa_model_line(m, li);
        uint32_t s = infa_iso_line_section(m, line);
        if (s == INFA_NONE)
            continue;
        infa_kind_set kinds = infa_model_section(m, s)->kinds;
        if (kinds & INFA_KIND_DESTINATION_DIRS) {
            infa_destdir dd;
            if (!infa_destdir_parse(m, line, &dd) || !dd.dirid_valid || dd.dirid != 1)
                continue;
            infa_iso_move_plan plan;
            infa_iso_move_plan_make(m, copies, line, &plan);
            if (!plan.used)
                continue;
            infa_finding *f = infa_rule_report(
                ctx, dd.dirid_f->span,
                "DIRID 1 (the installation source) should not be used: include the file in the "
                "driver package and reference it with %%13%%");
            bool all_listed = true;
            for (size_t i = 0; i < copies->len; i++) {
                const infa_iso_copy *c = &copies->items[i];
                if (!c->has_destination || c->destdir.line == NULL ||
                    c->destdir.line->span.start != line->span.start)
                    continue;
                infa_finding_relate(f, c->dest_f->span, "%.*s is copied from the source media",
                                    (int)c->dest_len, c->dest);
                infa_source_file sf[1];
                if (infa_model_source_files(m, c->source, c->source_len, sf, 1) == 0)
                    all_listed = false;
            }
            if (all_listed && plan.fixable)
                infa_iso_move_fix_add(f, m, copies, line, &plan, false, true, false,
                                      "Run from Driver Store: change DIRID 1 to 13");
            continue;
        }
        if (kinds & (INFA_KIND_STRINGS | INFA_KIND_SOURCE_DISKS_NAMES))
            continue;
        for (uint32_t fi = 0; fi < line->field_count; fi++) {
            const infa_token *toks;
            uint32_t n = infa_model_tokens_in(m, line->fields[fi].span, &toks);
            for (uint32_t t = 0; t < n; t++) {
                if (toks[t].kind != INFA_TOKEN_DIRID || toks[t].dirid != 1)
                    continue;
                infa_rule_report(ctx, toks[t].span,
                                 "%%1%% (the installation source) should not be used: include "
                                 "the file in the driver package and reference it with %%13%%");
                break;
            }
        }
    }
}

const infa_rule infa_rule_dirid_source_path = {
    .info = {.id = "dirid-source-path",
             .summary = "DIRID 1 (the installation source) is used for a file",
             .href = INFA_ISO_RUN_FROM_STORE,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1322,
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
