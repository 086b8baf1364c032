/* dirid13-subdir-mismatch: a file copied to 13[,D] whose [SourceDisksFiles]
 * subdir S differs from D (InfVerif 1100): installing would create a new
 * file inside the Driver Store. Fix: DestinationDirs 13,S plus the
 * references, when every file of that entry agrees on S. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    /* One fix per DestinationDirs line: the first mismatching file carries
     * it, so fix-all applies it once. */
    INFA_VEC(uint32_t) fixed = {0};
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        if (!c->has_destination || !c->destdir.dirid_valid || c->destdir.dirid != 13)
            continue;
        const char *d = "";
        uint32_t dl = 0;
        if (c->destdir.subdir_f != NULL && !c->destdir.subdir_f->empty) {
            d = c->destdir.subdir_f->value;
            dl = c->destdir.subdir_f->value_len;
            infa_iso_trim_subdir(&d, &dl);
        }
        infa_source_file sf[16];
        uint32_t n = infa_model_source_files(m, c->source, c->source_len, sf, 16);
        if (n > 16)
            n = 16;
        const infa_source_file *bad = NULL;
        const char *bs = "";
        uint32_t bsl = 0;
        unsigned plats = infa_iso_copy_platforms(m, c);
        for (uint32_t k = 0; k < n && bad == NULL; k++) {
            if (!infa_iso_platform_applies(sf[k].platform, plats))
                continue;
            const char *s = "";
            uint32_t sl = 0;
            if (sf[k].subdir_f != NULL && !sf[k].subdir_f->empty) {
                s = sf[k].subdir_f->value;
                sl = sf[k].subdir_f->value_len;
                infa_iso_trim_subdir(&s, &sl);
            }
            if (infa_strncasecmp(s, sl, d, dl) != 0) {
                bad = &sf[k];
                bs = s;
                bsl = sl;
            }
        }
        if (bad == NULL)
            continue;
        infa_iso_move_plan plan;
        infa_iso_move_plan_make(m, copies, c->destdir.line, &plan);
        infa_buf msg = {0};
        infa_buf_printf(&msg,
                        "Source and destination directory must match for file '%.*s' when using "
                        "CopyFiles with DIRID 13: [SourceDisksFiles] has it in '%.*s', "
                        "DestinationDirs copies it to 13%s%.*s",
                        (int)c->source_len, c->source, (int)bsl, bs, dl ? "," : "", (int)dl, d);
        if (!plan.fixable && plan.why[0])
            infa_buf_printf(&msg, ". No automatic fix: %s", plan.why);
        char *text = infa_buf_take(&msg);
        infa_finding *f = infa_rule_report(ctx, c->dest_f->span, "%s", text);
        free(text);
        infa_finding_relate(f, c->destdir.line->span, "DestinationDirs: 13%s%.*s", dl ? "," : "",
                            (int)dl, d);
        infa_finding_relate(f, bad->line->span, "[SourceDisksFiles]: subdir '%.*s'", (int)bsl, bs);
        bool done = false;
        for (size_t k = 0; k < fixed.len; k++)
            done |= fixed.items[k] == c->destdir.line->span.start;
        if (done || !plan.fixable)
            continue;
        INFA_VEC_PUSH(&fixed, c->destdir.line->span.start);
        const infa_line *l = c->destdir.line;
        char *title = infa_xasprintf("Set %.*s = 13%s%.*s to match [SourceDisksFiles]",
                                     (int)(l->has_key ? l->key.value_len : 0),
                                     l->has_key ? l->key.value : "", plan.subdir ? "," : "",
                                     (int)plan.subdir_len, plan.subdir ? plan.subdir : "");
        infa_iso_move_fix_add(f, m, copies, l, &plan, true, true, false, title);
        free(title);
    }
    INFA_VEC_FREE(&fixed);
}

const infa_rule infa_rule_dirid13_subdir_mismatch = {
    .info = {.id = "dirid13-subdir-mismatch",
             .summary = "A file copied to DIRID 13 has a different [SourceDisksFiles] subdir",
             .href = INFA_ISO_RUN_FROM_STORE,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1100,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
