/* dirid13-delfiles-renfiles: DelFiles or RenFiles names a file-list section
 * whose destination is DIRID 13 (InfVerif 1102): Driver Store files are
 * never deleted or renamed by an INF; the OS removes them with the package.
 * Fix: drop the section from the directive (the line when it is the only
 * one). */
#include "isolation_support.h"

#include "util.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->target == INFA_NONE ||
            !(infa_iso_ref_is(r, "DelFiles") || infa_iso_ref_is(r, "RenFiles")))
            continue;
        infa_destdir dd;
        if (!infa_model_destination(m, r->target, &dd) || !dd.dirid_valid || dd.dirid != 13)
            continue;
        infa_finding *f = infa_rule_report(
            ctx, r->span,
            "Invalid directive %s, cannot be used with DIRID 13: [%.*s] is in the Driver Store, "
            "which Windows cleans up with the package",
            r->directive, (int)r->name_len, r->name);
        infa_finding_relate(f, dd.line->span, "DestinationDirs sends [%.*s] to DIRID 13",
                            (int)r->name_len, r->name);
        const infa_line *line = infa_model_line(m, r->line);
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Remove %s=%.*s", r->directive,
                                             (int)r->name_len, r->name);
        if (line->field_count <= 1) {
            infa_fix_edit(fix, infa_iso_rows_of(m, line->span), "", 0);
        } else if (r->field + 1 < line->field_count) {
            /* "A, B" -> "B": the name and the separator after it. */
            infa_fix_edit(fix,
                          (infa_span){line->fields[r->field].span.start,
                                      line->fields[r->field + 1].span.start},
                          "", 0);
        } else {
            infa_fix_edit(
                fix,
                (infa_span){line->fields[r->field - 1].span.end, line->fields[r->field].span.end},
                "", 0);
        }
    }
}

const infa_rule infa_rule_dirid13_delfiles_renfiles = {
    .info = {.id = "dirid13-delfiles-renfiles",
             .summary = "DelFiles or RenFiles on files in the Driver Store (DIRID 13)",
             .href = INFA_ISO_DIRIDS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1102,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
