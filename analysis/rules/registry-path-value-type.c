/* registry-path-value-type: paths in AddReg values.
 * - %13%\... as REG_SZ: a hint that user-mode readers want REG_EXPAND_SZ
 *   (0x00020000, read with ExpandEnvironmentStrings); kernel readers keep
 *   REG_SZ and add \??\, so the fix is never applied by fix-all;
 * - an HKR value holding only the name of a file copied to 13: a hint to
 *   store %13%\name (readers must accept a full path);
 * - a Windows-directory DIRID (%10%, %11%, %12%) in a value: a warning
 *   (InfVerif 1257), since the path may be resolved at imaging time;
 *   %%SystemRoot%% with REG_EXPAND_SZ resolves at run time. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_ADD_REGISTRY);
         infa_kind_lines_next(&k);) {
        uint32_t li = k.line_index;
        infa_addreg a;
        if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.value_f == NULL ||
            a.value_count != 1 || (a.flags_present && !a.flags_valid))
            continue;
        uint32_t type = a.flags_present ? (a.flags & 0xFFFF0001u) : 0;
        if (type != 0 && type != 0x00020000u)
            continue;
        const infa_field *v = a.value_f;
        const infa_token *toks;
        uint32_t n = infa_model_tokens_in(m, v->span, &toks);
        long first_dirid = -9999;
        infa_span tspan = {0, 0};
        for (uint32_t t = 0; t < n; t++)
            if (toks[t].kind == INFA_TOKEN_DIRID) {
                first_dirid = toks[t].dirid;
                tspan = toks[t].span;
                break;
            }
        bool firmware =
            a.name_f && infa_streq_nocase(a.name_f->value, a.name_f->value_len, "FirmwareFilename");
        if (first_dirid == 13 && type == 0 && !firmware && a.flags_f != NULL) {
            infa_finding *f = infa_rule_report(
                ctx, v->span,
                "REG_SZ turns %%13%% into a fully qualified path; if user-mode code reads "
                "this value, REG_EXPAND_SZ (0x00020000) keeps it relative to environment "
                "variables. Keep REG_SZ for kernel-mode readers");
            infa_finding_set_infverif(f, 0);
            infa_fix *fix = infa_finding_add_fix(
                f, false, true, "Use REG_EXPAND_SZ (0x00020000) for a user-mode reader");
            infa_iso_edit_min(fix, m, a.flags_f->span.start, a.flags_f->span.end, "0x00020000");
            continue;
        }
        if (first_dirid == 10 || first_dirid == 11 || first_dirid == 12) {
            infa_finding *f = infa_rule_report(
                ctx, tspan,
                "Registry operation value may be incorrect in some contexts, use "
                "%%%%SystemRoot%%%% (with flags 0x00020000) instead of Windows directory "
                "DIRID %ld",
                first_dirid);
            infa_finding_set_infverif(f, 1257);
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
            continue;
        }
        if (n > 0 || a.root != INFA_ROOT_HKR || v->value_len == 0 ||
            memchr(v->value, '\\', v->value_len) != NULL)
            continue;
        /* A bare file name that this INF copies to the Driver Store. A
         * .sys is loaded through its service; values that name one
         * (the audio class's HKR,,Driver,,x.sys) are not paths. */
        if (v->value_len > 4 && infa_strncasecmp(v->value + v->value_len - 4, 4, ".sys", 4) == 0)
            continue;
        const infa_iso_copy *c = infa_iso_copies_find(copies, v->value, v->value_len);
        if (c == NULL || !c->has_destination || !c->destdir.dirid_valid || c->destdir.dirid != 13)
            continue;
        const char *sub = "";
        uint32_t sl = 0;
        if (c->destdir.subdir_f && !c->destdir.subdir_f->empty) {
            sub = c->destdir.subdir_f->value;
            sl = c->destdir.subdir_f->value_len;
            infa_iso_trim_subdir(&sub, &sl);
        }
        infa_finding *f = infa_rule_report(
            ctx, v->span,
            "%.*s runs from the Driver Store, so this value names it without a path; store "
            "%%13%%\\%.*s%s%.*s if its reader loads the file (readers must accept a full "
            "path)",
            (int)v->value_len, v->value, (int)sl, sub, sl ? "\\" : "", (int)v->value_len, v->value);
        infa_finding_set_infverif(f, 0);
        infa_finding_relate(f, c->dest_f->span, "%.*s is copied to DIRID 13 here", (int)c->dest_len,
                            c->dest);
        uint32_t len;
        const char *src = infa_iso_text(m, v->span, &len);
        uint32_t pos = v->span.start + (len > 0 && src[0] == '"' ? 1 : 0);
        char *prefix = sl ? infa_xasprintf("%%13%%\\%.*s\\", (int)sl, sub) : infa_xstrdup("%13%\\");
        infa_fix *fix = infa_finding_add_fix(f, false, true, "Store %s%.*s", prefix,
                                             (int)v->value_len, v->value);
        infa_fix_edit(fix, (infa_span){pos, pos}, prefix, strlen(prefix));
        free(prefix);
    }
}

const infa_rule infa_rule_registry_path_value_type = {
    .info = {.id = "registry-path-value-type",
             .summary = "A registry value holds a path whose type or form suits only some readers",
             .href = INFA_ISO_RUN_FROM_STORE,
             .default_severity = INFA_SEVERITY_HINT,
             .isolation = false},
    .infverif_code = 1257,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
