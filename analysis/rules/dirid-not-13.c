/* dirid-not-13: a DestinationDirs entry that CopyFiles uses sends files
 * outside the Driver Store (InfVerif 1322). The fix moves the entry to 13
 * (13,S when [SourceDisksFiles] gives subdir S) and, in the same action,
 * rewrites every reference to the moved files. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

/* DIRIDs other rules own: 1 (dirid-source-path) and the Program Files
 * family (dirid-app-install). */
static bool owned_elsewhere(long dirid)
{
    const infa_kb_dirid *row = infa_kb_dirid_find(dirid);
    if (dirid == 1)
        return true;
    return row != NULL &&
           (row->isolation == INFA_DIRID_APP_INSTALL || row->isolation == INFA_DIRID_SOURCE);
}

/* The documented move: 10, 11, 12 (and 16425) go to 13 as is. Any other
 * DIRID is not isolated either, but whether its files belong in the package
 * is the author's call, so that fix is not applied by fix-all. */
static bool documented_move(long dirid)
{
    const infa_kb_dirid *row = infa_kb_dirid_find(dirid);
    if (row != NULL)
        return row->isolation == INFA_DIRID_USE_13;
    return dirid == 10 || dirid == 11 || dirid == 12;
}

static bool copy_checked(const infa_model *m, const infa_iso_copies *copies, const infa_iso_copy *c)
{
    uint32_t s = c->section != INFA_NONE ? c->section : infa_iso_line_section(m, c->line);
    return !infa_iso_downlevel_only_of(copies, m, s);
}

static void relate_service_binaries(infa_finding *f, const infa_model *m,
                                    const infa_iso_copies *copies, const infa_iso_copy *c,
                                    long dirid)
{
    for (size_t ri = 0; ri < copies->ref_lines_len; ri++) {
        const infa_line *line = infa_model_line(m, copies->ref_lines[ri]);
        const infa_field *v = infa_iso_key_value(line, "ServiceBinary");
        if (v == NULL)
            continue;
        char *value;
        infa_path p;
        if (!infa_iso_path_value(m, v, &value, &p))
            continue;
        if (p.has_dirid && p.dirid == dirid &&
            infa_strncasecmp(p.file_name, p.file_name_len, c->dest, c->dest_len) == 0)
            infa_finding_relate(f, v->span, "ServiceBinary runs %.*s from DIRID %ld",
                                (int)c->dest_len, c->dest, dirid);
        free(value);
    }
}

/* An unused DefaultDestDir copies nothing today, but any file-list
 * section added without its own entry would land outside the Driver
 * Store. A hint, with the one-character fix. */
static void report_unused_default(infa_rule_ctx *ctx, const infa_model *m, const infa_destdir *dd,
                                  const char *where)
{
    infa_finding *f = infa_rule_report(
        ctx, dd->dirid_f->span,
        "DefaultDestDir is DIRID %ld%s%s%s; no file-list section uses it now, but one added "
        "without its own DestinationDirs entry would be copied outside the Driver Store",
        dd->dirid, where ? " (" : "", where ? where : "", where ? ")" : "");
    infa_finding_set_severity(f, INFA_SEVERITY_HINT);
    infa_finding_set_infverif(f, 0);
    infa_fix *fix =
        infa_finding_add_fix(f, true, true, "Run from Driver Store: DefaultDestDir = 13");
    infa_iso_edit_min(fix, m, dd->dirid_f->span.start, dd->dirid_f->span.end, "13");
    if (dd->subdir_f != NULL)
        infa_fix_edit(fix, (infa_span){dd->dirid_f->span.end, dd->subdir_f->span.end}, "", 0);
}

/* The files copied through line, named as InfVerif does ("for file
 * '<file>'"), at most three. Caller must free with free(). */
static char *file_names(const infa_iso_copies *copies, const uint32_t *idx, size_t count)
{
    infa_buf files = {0};
    unsigned named = 0;
    /* The same file copied twice (two platforms, two lists) is one name:
     * a set of the names so far, open addressing, index + 1. */
    size_t nslots = 16;
    while (nslots < count * 2 + 1)
        nslots *= 2;
    uint32_t *slots = infa_xcalloc(nslots, sizeof(uint32_t));
    for (size_t i = 0; i < count; i++) {
        const infa_iso_copy *c = &copies->items[idx[i]];
        size_t h = infa_hash_nocase(c->dest, c->dest_len) & (nslots - 1);
        bool seen = false;
        for (; slots[h] != 0 && !seen; h = (h + 1) & (nslots - 1)) {
            const infa_iso_copy *o = &copies->items[idx[slots[h] - 1]];
            seen = infa_strncasecmp(o->dest, o->dest_len, c->dest, c->dest_len) == 0;
        }
        if (seen)
            continue;
        slots[h] = (uint32_t)i + 1;
        if (named < 3)
            infa_buf_printf(&files, "%s'%.*s'", named ? ", " : "", (int)c->dest_len, c->dest);
        named++;
    }
    free(slots);
    if (named > 3)
        infa_buf_printf(&files, " and %u more", named - 3);
    return infa_buf_take(&files);
}

/* The lowest build any copy through line installs on, or -1. */
static long lowest_build(const infa_model *m, const infa_iso_copies *copies, const uint32_t *idx,
                         size_t count)
{
    long lowest = -1;
    for (size_t i = 0; i < count; i++) {
        const infa_iso_copy *c = &copies->items[idx[i]];
        long b = infa_iso_lowest_build_of(
            copies, m, c->section != INFA_NONE ? c->section : infa_iso_line_section(m, c->line));
        if (b >= 0 && (lowest < 0 || b < lowest))
            lowest = b;
    }
    return lowest;
}

/* The Run from Driver Store fixes, with REG_EXPAND_SZ paths as a variant. */
static void add_fixes(infa_finding *f, const infa_model *m, const infa_iso_copies *copies,
                      const infa_line *line, const infa_iso_move_plan *plan, long dirid,
                      uint32_t keylen, const char *key)
{
    infa_buf title = {0};
    infa_buf_printf(&title, "Run from Driver Store: %.*s = 13", (int)keylen, key);
    if (plan->subdir != NULL)
        infa_buf_printf(&title, ",%.*s", (int)plan->subdir_len, plan->subdir);
    if (plan->ref_count == 1)
        infa_buf_printf(&title, " and update 1 reference");
    else if (plan->ref_count > 1)
        infa_buf_printf(&title, " and update %u references", plan->ref_count);
    char *t = infa_buf_take(&title);
    bool safe = documented_move(dirid);
    infa_iso_move_fix_add(f, m, copies, line, plan, safe, true, false, t);
    if (plan->addreg_values > 0) {
        char *t2 = infa_xasprintf("%s (REG_EXPAND_SZ paths for user-mode readers)", t);
        infa_iso_move_fix_add(f, m, copies, line, plan, false, false, true, t2);
        free(t2);
    }
    free(t);
}

static void check_line(infa_rule_ctx *ctx, const infa_model *m, const infa_iso_copies *copies,
                       const infa_line *line)
{
    infa_destdir dd;
    if (!infa_destdir_parse(m, line, &dd) || !dd.dirid_valid || dd.dirid_f == NULL)
        return;
    if (dd.dirid == 13 || owned_elsewhere(dd.dirid))
        return;
    infa_iso_move_plan plan;
    infa_iso_move_plan_make(m, copies, line, &plan);
    const char *where = infa_iso_dirid_where(dd.dirid);
    uint32_t keylen = line->has_key ? line->key.value_len : 0;
    const char *key = line->has_key ? line->key.value : "";

    if (!plan.used) {
        if (dd.is_default)
            report_unused_default(ctx, m, &dd, where);
        return;
    }

    const uint32_t *idx;
    size_t count = infa_iso_copies_through(copies, line, &idx);
    bool checked = false;
    for (size_t i = 0; i < count && !checked; i++)
        checked = copy_checked(m, copies, &copies->items[idx[i]]);
    if (!checked)
        return; /* only installs on builds InfVerif /w does not check */

    char *names = file_names(copies, idx, count);

    infa_buf msg = {0};
    if (dd.is_default)
        infa_buf_printf(&msg, "DefaultDestDir");
    else
        infa_buf_printf(&msg, "[%.*s]", (int)keylen, key);
    /* Name the destination as written, subdirectory included (12,UMDF). */
    if (dd.subdir_f != NULL && dd.subdir_f->value_len > 0) {
        infa_buf_printf(&msg, " copies %s to DIRID %ld,%.*s", names, dd.dirid,
                        (int)dd.subdir_f->value_len, dd.subdir_f->value);
        if (where)
            infa_buf_printf(&msg, " (%s\\%.*s)", where, (int)dd.subdir_f->value_len,
                            dd.subdir_f->value);
    } else {
        infa_buf_printf(&msg, " copies %s to DIRID %ld", names, dd.dirid);
        if (where)
            infa_buf_printf(&msg, " (%s)", where);
    }
    infa_buf_printf(&msg, ", which is not isolated to DIRID 13");
    /* Run from Driver Store needs Windows 10 1709 (16299), and 1803
     * (17134) for UMDF binaries and firmware (run-from-driver-store.md). */
    bool umdf_or_fw = dd.subdir_f != NULL &&
                      (infa_streq_nocase(dd.subdir_f->value, dd.subdir_f->value_len, "UMDF") ||
                       (dd.subdir_f->value_len >= 8 &&
                        infa_strncasecmp(dd.subdir_f->value, 8, "Firmware", 8) == 0));
    long need = umdf_or_fw ? 17134 : 16299;
    long lowest = lowest_build(m, copies, idx, count);
    if (lowest >= 0 && lowest < need)
        infa_buf_printf(&msg,
                        ". DIRID 13 needs build %ld or later (else InfVerif 1199): if the package "
                        "must still install on older builds, keep this entry for a Models section "
                        "decorated for them and use 13 in one decorated NTamd64.10.0...%ld",
                        need, need);
    if (!plan.fixable)
        infa_buf_printf(&msg, ". No automatic fix: %s", plan.why);
    else if (!documented_move(dd.dirid))
        infa_buf_printf(&msg, ". If these files belong to the package, ship them and use 13");
    char *text = infa_buf_take(&msg);
    infa_finding *f = infa_rule_report(ctx, dd.dirid_f->span, "%s", text);
    free(text);
    free(names);

    unsigned related = 0;
    for (size_t i = 0; i < count && related < 16; i++) {
        const infa_iso_copy *c = &copies->items[idx[i]];
        infa_finding_relate(f, c->dest_f->span, "%.*s is copied to DIRID %ld here",
                            (int)c->dest_len, c->dest, dd.dirid);
        relate_service_binaries(f, m, copies, c, dd.dirid);
        related++;
    }

    if (!plan.fixable)
        return;
    add_fixes(f, m, copies, line, &plan, dd.dirid, keylen, key);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        if (!(infa_model_section(m, s)->kinds & INFA_KIND_DESTINATION_DIRS))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;)
            check_line(ctx, m, copies, infa_model_line(m, li));
    }
}

const infa_rule infa_rule_dirid_not_13 = {
    .info = {.id = "dirid-not-13",
             .summary = "A DestinationDirs entry used by CopyFiles is not DIRID 13 (run from "
                        "Driver Store)",
             .href = INFA_ISO_RUN_FROM_STORE,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1322,
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
