/* servicebinary-not-dirid13: a service's binary is not run from the Driver
 * Store. Either the path has no DIRID at all (InfVerif 2085, every mode), or
 * it names a file this INF copies somewhere other than 13 (the 1322 of the
 * copy, seen from the service), or the file already goes to 13 and the
 * ServiceBinary path is stale (InfVerif 2084). */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The 13[,S] destination of a copied file, if any copy of it goes to 13. */
static const infa_iso_copy *copy_to_13(const infa_iso_copies *copies, const char *name,
                                       uint32_t len)
{
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        if (c->has_destination && c->destdir.dirid_valid && c->destdir.dirid == 13 &&
            infa_strncasecmp(c->dest, c->dest_len, name, len) == 0)
            return c;
    }
    return NULL;
}

static void subdir_of(const infa_destdir *dd, const char **s, uint32_t *len)
{
    *s = "";
    *len = 0;
    if (dd->subdir_f != NULL && !dd->subdir_f->empty) {
        *s = dd->subdir_f->value;
        *len = dd->subdir_f->value_len;
        infa_iso_trim_subdir(s, len);
    }
}

/* Rewrites the part of the value before the file name to %13%[\S]\. */
static void add_path_fix(infa_finding *f, const infa_model *m, const infa_field *v,
                         const infa_path *p, const infa_iso_copy *c13, bool safe)
{
    uint32_t fpos = infa_iso_find_last(m, v->span, p->file_name, p->file_name_len);
    if (fpos == INFA_NONE)
        return;
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    uint32_t start = v->span.start;
    while (start < fpos && text[start] == '"')
        start++;
    const char *s;
    uint32_t sl;
    subdir_of(&c13->destdir, &s, &sl);
    char *prefix = sl ? infa_xasprintf("%%13%%\\%.*s\\", (int)sl, s) : infa_xstrdup("%13%\\");
    infa_fix *fix =
        infa_finding_add_fix(f, safe, true, "Run from Driver Store: ServiceBinary = %s%.*s", prefix,
                             (int)p->file_name_len, p->file_name);
    infa_iso_edit_min(fix, m, start, fpos, prefix);
    free(prefix);
}

/* A ServiceBinary that runs from where this INF copies it, outside the
 * Driver Store. */
static void report_outside_store(infa_rule_ctx *ctx, const infa_iso_binary *b, const char *value,
                                 const infa_path *p, const infa_iso_copy *here)
{
    const infa_model *m = b->m;
    const infa_iso_copies *copies = b->copies;
    const infa_field *v = b->value;
    /* A binary the package does not contain (no [SourceDisksFiles]
     * entry: an inbox file copied through LayoutFile) cannot run from
     * the Driver Store; moving it is the wrong advice. */
    const char *ssub;
    uint32_t ssl;
    bool shipped = infa_iso_source_subdir(m, here->source, here->source_len,
                                          infa_iso_copy_platforms(m, here), &ssub, &ssl, NULL) != 0;
    infa_finding *f =
        shipped ? infa_rule_report(ctx, v->span,
                                   "Service binary '%s' runs from DIRID %ld, not from the "
                                   "Driver Store: copy %.*s to DIRID 13 and use %%13%%\\%.*s",
                                   value, here->destdir.dirid, (int)p->file_name_len, p->file_name,
                                   (int)p->file_name_len, p->file_name)
                : infa_rule_report(ctx, v->span,
                                   "Service binary '%s' runs from DIRID %ld, not from the "
                                   "Driver Store, and the package does not contain %.*s (no "
                                   "[SourceDisksFiles] entry): if it is an inbox binary, "
                                   "install its service through Include= and Needs= of its "
                                   "inbox INF; if it is yours, list it in [SourceDisksFiles] "
                                   "and copy it to DIRID 13",
                                   value, here->destdir.dirid, (int)p->file_name_len, p->file_name);
    infa_finding_relate(f, here->destdir.line->span, "DestinationDirs sends %.*s to DIRID %ld",
                        (int)here->dest_len, here->dest, p->dirid);
    infa_finding_relate(f, here->dest_f->span, "%.*s is copied here", (int)here->dest_len,
                        here->dest);
    /* The whole move, as dirid-not-13 offers it; that finding's copy
     * is the one fix-all applies. */
    infa_iso_move_plan plan;
    infa_iso_move_plan_make(m, copies, here->destdir.line, &plan);
    if (plan.fixable) {
        const infa_line *dl = here->destdir.line;
        char *t = infa_xasprintf("Run from Driver Store: %.*s = 13%s%.*s",
                                 (int)(dl->has_key ? dl->key.value_len : 0),
                                 dl->has_key ? dl->key.value : "", plan.subdir ? "," : "",
                                 (int)plan.subdir_len, plan.subdir ? plan.subdir : "");
        infa_iso_move_fix_add(f, m, copies, dl, &plan, false, true, false, t);
        free(t);
    }
}

static void check_binary(infa_rule_ctx *ctx, const infa_iso_binary *b)
{
    const infa_model *m = b->m;
    const infa_iso_copies *copies = b->copies;
    const infa_line *line = b->line;
    const infa_field *v = b->value;
    char *value;
    infa_path p;
    if (!infa_iso_path_value(m, v, &value, &p))
        return;
    infa_profile profile = infa_rule_profile(ctx);
    bool w = profile == INFA_PROFILE_ISOLATED || profile == INFA_PROFILE_DESKTOP;
    const infa_iso_copy *c13 = copy_to_13(copies, p.file_name, p.file_name_len);

    if (!p.has_dirid) {
        infa_finding *f = infa_rule_report(
            ctx, v->span,
            "Service binary '%s' should be specified as a path under a DIRID, such as "
            "%%13%%\\%.*s",
            value, (int)p.file_name_len, p.file_name);
        infa_finding_set_infverif(f, 2085);
        if (c13 != NULL)
            add_path_fix(f, m, v, &p, c13, true);
        goto cleanup;
    }
    if (p.dirid == 13 || !w)
        goto cleanup;
    uint32_t s = infa_iso_line_section(m, line);
    if (infa_iso_downlevel_only_of(copies, m, s))
        goto cleanup;

    /* Where does this INF copy the file? */
    const infa_iso_copy *here = NULL, *any = NULL;
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        if (!c->has_destination || !c->destdir.dirid_valid ||
            infa_strncasecmp(c->dest, c->dest_len, p.file_name, p.file_name_len) != 0)
            continue;
        if (any == NULL)
            any = c;
        const char *sub;
        uint32_t sl;
        subdir_of(&c->destdir, &sub, &sl);
        const char *dir = p.rest;
        uint32_t dl = p.rest_len >= p.file_name_len ? p.rest_len - p.file_name_len : 0;
        if (infa_iso_same_dir(c->destdir.dirid, sub, sl, p.dirid, dir, dl))
            here = c;
    }
    if (any == NULL)
        goto cleanup; /* not copied: servicebinary-not-copied / -inbox-binary */

    if (here != NULL) {
        report_outside_store(ctx, b, value, &p, here);
        goto cleanup;
    }
    if (c13 == NULL) {
        /* Copied, but not where this path points. */
        const char *sub = "";
        uint32_t sl = 0;
        subdir_of(&any->destdir, &sub, &sl);
        infa_finding *f = infa_rule_report(
            ctx, v->span,
            "Service binary '%s' should reference a CopyFiles destination file: %.*s is copied "
            "to %%%ld%%%s%.*s, not here; copy it to DIRID 13 and use %%13%%\\%.*s",
            value, (int)p.file_name_len, p.file_name, any->destdir.dirid, sl ? "\\" : "", (int)sl,
            sub, (int)p.file_name_len, p.file_name);
        infa_finding_set_infverif(f, 2084);
        infa_finding_relate(f, any->destdir.line->span, "DestinationDirs of %.*s",
                            (int)any->dest_len, any->dest);
        goto cleanup;
    }
    {
        infa_finding *f = infa_rule_report(
            ctx, v->span,
            "Service binary '%s' should reference a CopyFiles destination file: %.*s is copied "
            "to DIRID 13",
            value, (int)p.file_name_len, p.file_name);
        infa_finding_set_infverif(f, 2084);
        infa_finding_relate(f, c13->dest_f->span, "%.*s is copied to DIRID 13 here",
                            (int)c13->dest_len, c13->dest);
        add_path_fix(f, m, v, &p, c13, true);
    }

cleanup:
    free(value);
}

static void check(infa_rule_ctx *ctx)
{
    infa_iso_each_service_binary(ctx, check_binary);
}

const infa_rule infa_rule_servicebinary_not_dirid13 = {
    .info = {.id = "servicebinary-not-dirid13",
             .summary = "ServiceBinary does not run the service from the Driver Store (%13%)",
             .href = INFA_ISO_RUN_FROM_STORE,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1322,
    .other_infverif_codes = {2084, 2085},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
