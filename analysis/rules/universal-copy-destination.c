/* universal-copy-destination (universal and declarative profiles): a
 * CopyFiles destination a universal INF may not use; only 11, 12, 13,
 * 10,SysWOW64 and 10,<vendor subdir> are allowed (InfVerif 1306). Under the
 * isolated profile dirid-not-13 covers it. */
#include "isolation_support.h"

#include "util.h"

static bool allowed(const infa_destdir *dd)
{
    if (dd->dirid == 10)
        return dd->subdir_f != NULL && !dd->subdir_f->empty;
    const infa_kb_dirid *row = infa_kb_dirid_find(dd->dirid);
    return row != NULL && row->universal_ok;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_DESTINATION_DIRS);
         infa_kind_lines_next(&k);) {
        const infa_line *line = k.line;
        infa_destdir dd;
        if (!infa_destdir_parse(m, line, &dd) || !dd.dirid_valid || allowed(&dd))
            continue;
        const infa_iso_copy *first = NULL;
        for (size_t i = 0; i < copies->len && first == NULL; i++)
            if (copies->items[i].has_destination && copies->items[i].destdir.line != NULL &&
                copies->items[i].destdir.line->span.start == line->span.start)
                first = &copies->items[i];
        if (first == NULL)
            continue;
        infa_finding *f = infa_rule_report(
            ctx, dd.dirid_f->span,
            "Found legacy CopyFiles operation with non-system target path (DIRID %ld) for "
            "'%.*s': a universal INF copies only to 11, 12, 13, 10,SysWOW64 or 10,<vendor "
            "subdir>; use 13",
            dd.dirid, (int)first->dest_len, first->dest);
        infa_finding_relate(f, first->dest_f->span, "%.*s is copied here", (int)first->dest_len,
                            first->dest);
        infa_iso_move_plan plan;
        infa_iso_move_plan_make(m, copies, line, &plan);
        if (plan.fixable)
            infa_iso_move_fix_add(f, m, copies, line, &plan, false, true, false,
                                  "Run from Driver Store: use DIRID 13");
    }
}

const infa_rule infa_rule_universal_copy_destination = {
    .info = {.id = "universal-copy-destination",
             .summary = "A CopyFiles destination a universal INF may not use",
             .href = INFA_ISO_UNIVERSAL,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1306,
    .profiles =
        INFA_PROFILE_BIT(INFA_PROFILE_UNIVERSAL) | INFA_PROFILE_BIT(INFA_PROFILE_DECLARATIVE),
    .check = check,
};
