/* dirid13-rename: `dest,source` with different names in a file-list section
 * copied to DIRID 13 (InfVerif 1100): run-from-Driver-Store files cannot be
 * renamed. The quick fix drops the source name only when [SourceDisksFiles]
 * already lists the destination name; it is never applied by fix-all
 * because it changes which file is copied. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        if (c->source_f == NULL || !c->has_destination || !c->destdir.dirid_valid ||
            c->destdir.dirid != 13)
            continue;
        if (infa_strncasecmp(c->dest, c->dest_len, c->source, c->source_len) == 0)
            continue;
        infa_source_file sf[1];
        bool listed = infa_model_source_files(m, c->dest, c->dest_len, sf, 1) > 0;
        infa_finding *f = infa_rule_report(
            ctx, c->source_f->span,
            "Source and destination must match for file '%.*s' when using CopyFiles with DIRID "
            "13: it cannot be renamed from '%.*s'. Name the file %.*s in the "
            "package, copy it by that single name and list it in [SourceDisksFiles]",
            (int)c->dest_len, c->dest, (int)c->source_len, c->source, (int)c->dest_len, c->dest);
        infa_finding_relate(f, c->destdir.line->span, "DestinationDirs sends it to DIRID 13");
        if (!listed)
            continue;
        infa_finding_relate(f, sf[0].line->span, "[SourceDisksFiles] already lists %.*s",
                            (int)c->dest_len, c->dest);
        infa_fix *fix = infa_finding_add_fix(f, false, true, "Copy %.*s without renaming",
                                             (int)c->dest_len, c->dest);
        if (c->flags_f != NULL)
            infa_fix_edit(fix, c->source_f->span, "", 0);
        else
            infa_fix_edit(fix, (infa_span){c->dest_f->span.end, c->source_f->span.end}, "", 0);
    }
}

const infa_rule infa_rule_dirid13_rename = {
    .info = {.id = "dirid13-rename",
             .summary = "A file copied to DIRID 13 is renamed",
             .href = INFA_ISO_RUN_FROM_STORE,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1100,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
