/* dirid13-copy-flag: a CopyFiles flag InfVerif rejects on a file copied to
 * DIRID 13 (InfVerif 1103). Which flags it rejects is not documented, so
 * this is a warning, limited to the flags about replacing a file that is in
 * use or already at the destination (FORCE_FILE_IN_USE 0x8, REPLACEONLY
 * 0x400, REPLACE_BOOT_FILE 0x1000, IN_USE_RENAME 0x4000): a Driver Store
 * directory is new for every package version, so they cannot apply.
 * Microsoft's current samples, which pass InfVerif /w, copy to 13 with
 * NOSKIP (0x2), OVERWRITE_OLDER_ONLY (0x40) and 0x100, so those are fine.
 * Fix: drop the flags field. */

#include "isolation_support.h"

#include "util.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        if (c->flags_f == NULL || c->flags_f->empty || !c->has_destination ||
            !c->destdir.dirid_valid || c->destdir.dirid != 13)
            continue;
        long long flags;
        if (!infa_parse_number(m, c->flags_f, &flags) || (flags & INFA_ISO_STORE_COPY_FLAGS) == 0)
            continue;
        infa_finding *f = infa_rule_report(
            ctx, c->flags_f->span,
            "Invalid flag 0x%llx, cannot be used with DIRID 13: %.*s is run from the Driver Store",
            (unsigned long long)flags, (int)c->dest_len, c->dest);
        infa_finding_relate(f, c->destdir.line->span, "DestinationDirs sends it to DIRID 13");
        /* Keep everything up to the last non-empty field before the flags. */
        const infa_line *line = c->line;
        uint32_t k = 0;
        for (uint32_t j = 0; j < line->field_count; j++) {
            if (&line->fields[j] == c->flags_f)
                break;
            if (!line->fields[j].empty)
                k = j;
        }
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Remove the copy flag");
        infa_fix_edit(fix, (infa_span){line->fields[k].span.end, c->flags_f->span.end}, "", 0);
    }
}

const infa_rule infa_rule_dirid13_copy_flag = {
    .info = {.id = "dirid13-copy-flag",
             .summary = "A CopyFiles flag on a file copied to DIRID 13",
             .href = INFA_ISO_ERRORS,
             .default_severity = INFA_SEVERITY_WARNING,
             .isolation = false},
    .infverif_code = 1103,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
