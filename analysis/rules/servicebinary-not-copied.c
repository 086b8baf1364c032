/* servicebinary-not-copied: ServiceBinary names a file that no CopyFiles of
 * this INF puts there (InfVerif 2084), e.g. a typo, or a %13% path whose
 * subdirectory differs from where the file is copied. Inbox binaries are
 * servicebinary-inbox-binary's; non-13 paths to copied files are
 * servicebinary-not-dirid13's. */
#include "isolation_support.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static unsigned edit_distance(const char *a, size_t al, const char *b, size_t bl)
{
    if (al > 64 || bl > 64)
        return 99;
    unsigned row[65];
    for (size_t j = 0; j <= bl; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= al; i++) {
        unsigned prev = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= bl; j++) {
            unsigned cur = row[j];
            unsigned cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            unsigned best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[bl];
}

/* A ServiceBinary whose file no CopyFiles copies (and no inbox INF
 * ships), with the closest copied name as the fix when there is one. */
static void report_not_copied(infa_rule_ctx *ctx, const infa_iso_binary *b, const char *value,
                              const infa_path *p, bool w)
{
    const infa_model *m = b->m;
    const infa_iso_copies *copies = b->copies;
    const infa_field *v = b->value;
    if (infa_kb_inbox_binary_find(p->file_name, p->file_name_len) != NULL)
        return;
    /* Offer the closest copied name: a typo such as Binar1y.sys. */
    const infa_iso_copy *best = NULL;
    unsigned best_d = 3;
    bool tie = false;
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        unsigned d = edit_distance(c->dest, c->dest_len, p->file_name, p->file_name_len);
        if (d < best_d) {
            best = c;
            best_d = d;
            tie = false;
        } else if (d == best_d && best != NULL &&
                   infa_strncasecmp(best->dest, best->dest_len, c->dest, c->dest_len) != 0) {
            tie = true;
        }
    }
    infa_finding *f;
    if (best != NULL && !tie)
        f = infa_rule_report(ctx, v->span,
                             "Service binary '%s' should reference a CopyFiles destination "
                             "file: this INF does not copy %.*s (did you mean %.*s?)",
                             value, (int)p->file_name_len, p->file_name, (int)best->dest_len,
                             best->dest);
    else
        f = infa_rule_report(ctx, v->span,
                             "Service binary '%s' should reference a CopyFiles destination "
                             "file: this INF does not copy %.*s. If it is yours, add it to a "
                             "CopyFiles section and [SourceDisksFiles]; if it is an inbox "
                             "binary, do not ship it: install its service through Include= "
                             "and Needs= of its inbox INF",
                             value, (int)p->file_name_len, p->file_name);
    if (!w)
        infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
    if (best != NULL && !tie) {
        infa_finding_relate(f, best->dest_f->span, "%.*s is copied here", (int)best->dest_len,
                            best->dest);
        uint32_t fpos = infa_iso_find_last(m, v->span, p->file_name, p->file_name_len);
        if (fpos != INFA_NONE) {
            infa_fix *fix = infa_finding_add_fix(f, false, true, "Change to %.*s",
                                                 (int)best->dest_len, best->dest);
            char *name = infa_xstrndup(best->dest, best->dest_len);
            infa_iso_edit_min(fix, m, fpos, fpos + p->file_name_len, name);
            free(name);
        }
    }
}

static void check_binary(infa_rule_ctx *ctx, const infa_iso_binary *b)
{
    const infa_model *m = b->m;
    const infa_iso_copies *copies = b->copies;
    const infa_field *v = b->value;
    char *value;
    infa_path p;
    if (!infa_iso_path_value(m, v, &value, &p))
        return;
    if (!p.has_dirid || p.file_name_len == 0)
        goto cleanup;
    const infa_iso_copy *copied = infa_iso_copies_find(copies, p.file_name, p.file_name_len);
    infa_profile profile = infa_rule_profile(ctx);
    bool w = profile == INFA_PROFILE_ISOLATED || profile == INFA_PROFILE_DESKTOP;

    if (copied == NULL) {
        report_not_copied(ctx, b, value, &p, w);
        goto cleanup;
    }
    if (p.dirid != 13)
        goto cleanup; /* servicebinary-not-dirid13 */

    /* %13%[\sub]\file: does a copy to 13 use the same subdirectory? */
    const char *dir = p.rest;
    uint32_t dl = p.rest_len >= p.file_name_len ? p.rest_len - p.file_name_len : 0;
    infa_iso_trim_subdir(&dir, &dl);
    const infa_iso_copy *to13 = NULL;
    bool one_sub = true;
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        if (!c->has_destination || !c->destdir.dirid_valid || c->destdir.dirid != 13 ||
            infa_strncasecmp(c->dest, c->dest_len, p.file_name, p.file_name_len) != 0)
            continue;
        const char *sub = "";
        uint32_t sl = 0;
        if (c->destdir.subdir_f != NULL && !c->destdir.subdir_f->empty) {
            sub = c->destdir.subdir_f->value;
            sl = c->destdir.subdir_f->value_len;
            infa_iso_trim_subdir(&sub, &sl);
        }
        if (infa_strncasecmp(sub, sl, dir, dl) == 0)
            goto cleanup; /* matches a real destination */
        if (to13 != NULL) {
            const infa_field *o = to13->destdir.subdir_f;
            const char *os = o && !o->empty ? o->value : "";
            uint32_t ol = o && !o->empty ? o->value_len : 0;
            infa_iso_trim_subdir(&os, &ol);
            if (infa_strncasecmp(os, ol, sub, sl) != 0)
                one_sub = false;
        }
        to13 = c;
    }
    if (to13 == NULL)
        goto cleanup; /* copied only outside 13: dirid-not-13's */
    {
        const infa_field *sf = to13->destdir.subdir_f;
        const char *sub = sf && !sf->empty ? sf->value : "";
        uint32_t sl = sf && !sf->empty ? sf->value_len : 0;
        infa_iso_trim_subdir(&sub, &sl);
        infa_finding *f = infa_rule_report(
            ctx, v->span,
            "Service binary '%s' should reference a CopyFiles destination file: %.*s is copied "
            "to %%13%%%s%.*s",
            value, (int)p.file_name_len, p.file_name, sl ? "\\" : "", (int)sl, sub);
        if (!w)
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
        infa_finding_relate(f, to13->destdir.line->span, "DestinationDirs entry of %.*s",
                            (int)to13->dest_len, to13->dest);
        uint32_t fpos = infa_iso_find_last(m, v->span, p.file_name, p.file_name_len);
        const infa_token *toks;
        uint32_t n = infa_model_tokens_in(m, v->span, &toks);
        uint32_t tstart = INFA_NONE;
        for (uint32_t i = 0; i < n && tstart == INFA_NONE; i++)
            if (toks[i].kind == INFA_TOKEN_DIRID && toks[i].dirid == 13)
                tstart = toks[i].span.start;
        if (one_sub && fpos != INFA_NONE && tstart != INFA_NONE && tstart < fpos) {
            char *prefix =
                sl ? infa_xasprintf("%%13%%\\%.*s\\", (int)sl, sub) : infa_xstrdup("%13%\\");
            infa_fix *fix =
                infa_finding_add_fix(f, true, true, "Run from Driver Store: ServiceBinary = %s%.*s",
                                     prefix, (int)p.file_name_len, p.file_name);
            infa_iso_edit_min(fix, m, tstart, fpos, prefix);
            free(prefix);
        }
    }

cleanup:
    free(value);
}

static void check(infa_rule_ctx *ctx)
{
    infa_iso_each_service_binary(ctx, check_binary);
}

const infa_rule infa_rule_servicebinary_not_copied = {
    .info = {.id = "servicebinary-not-copied",
             .summary = "ServiceBinary names a file this INF does not copy there",
             .href = INFA_ISO_DOCS "devtest/inf-verif-error-2084",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 2084,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
