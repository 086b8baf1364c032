/* dirid-app-install: a CopyFiles destination under Program Files (DIRID
 * 16422, 16426, 16427, 16428) means installing an application, which an
 * isolated driver package does not do (InfVerif 1322). No text fix: ship a
 * Hardware Support App through AddSoftware, or use 13 for package files. */
#include "isolation_support.h"

#include "util.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_DESTINATION_DIRS);
         infa_kind_lines_next(&k);) {
        const infa_line *line = k.line;
        infa_destdir dd;
        if (!infa_destdir_parse(m, line, &dd) || !dd.dirid_valid)
            continue;
        const infa_kb_dirid *row = infa_kb_dirid_find(dd.dirid);
        if (row == NULL || row->isolation != INFA_DIRID_APP_INSTALL)
            continue;
        infa_iso_move_plan plan;
        infa_iso_move_plan_make(m, copies, line, &plan);
        if (!plan.used)
            continue;
        infa_finding *f = infa_rule_report(
            ctx, dd.dirid_f->span,
            "DIRID %ld (%s) installs an application, which is not isolated to DIRID 13"
            ": ship a companion app as a Hardware Support App with "
            "AddSoftware (SoftwareType 2) in [DDInstall.Software]; if these files belong to "
            "the driver package, copy them to 13",
            dd.dirid, row->path ? row->path : "Program Files");
        for (size_t i = 0; i < copies->len; i++) {
            const infa_iso_copy *c = &copies->items[i];
            if (c->has_destination && c->destdir.line != NULL &&
                c->destdir.line->span.start == line->span.start)
                infa_finding_relate(f, c->dest_f->span, "%.*s is copied here", (int)c->dest_len,
                                    c->dest);
        }
    }
}

const infa_rule infa_rule_dirid_app_install = {
    .info = {.id = "dirid-app-install",
             .summary = "Files are copied to Program Files (an application install)",
             .href = INFA_ISO_PORTING,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1322,
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
