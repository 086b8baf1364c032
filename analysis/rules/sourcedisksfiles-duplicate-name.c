/* sourcedisksfiles-duplicate-name: the same file name twice in one
 * effective [SourceDisksFiles] set (the .arch section plus the undecorated
 * one). Run-from-Driver-Store files need unique names; the same name in
 * .x86 and .amd64 is fine. Fix: delete the repeated line when it says the
 * same thing. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>

static bool same_set(infa_platform a, infa_platform b)
{
    return a == b || a == INFA_PLATFORM_NONE || b == INFA_PLATFORM_NONE;
}

static void subdir_of(const infa_line *l, const char **s, uint32_t *len)
{
    *s = "";
    *len = 0;
    if (l->field_count >= 2 && !l->fields[1].empty) {
        *s = l->fields[1].value;
        *len = l->fields[1].value_len;
        infa_iso_trim_subdir(s, len);
    }
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    INFA_VEC(const infa_line *) lines = {0};
    INFA_VEC(infa_platform) plats = {0};
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_SOURCE_DISKS_FILES);
         infa_kind_lines_next(&k);) {
        const infa_section *sec = infa_model_section(m, k.section);
        const infa_line *l = k.line;
        if (!l->has_key || l->key.value_len == 0)
            continue;
        INFA_VEC_PUSH(&lines, l);
        INFA_VEC_PUSH(&plats, sec->decoration.platform);
    }
    for (size_t i = 1; i < lines.len; i++) {
        const infa_line *l = lines.items[i];
        for (size_t j = 0; j < i; j++) {
            const infa_line *o = lines.items[j];
            if (!same_set(plats.items[i], plats.items[j]) ||
                infa_strncasecmp(l->key.value, l->key.value_len, o->key.value, o->key.value_len) !=
                    0)
                continue;
            const char *a, *b;
            uint32_t al, bl;
            subdir_of(l, &a, &al);
            subdir_of(o, &b, &bl);
            bool same = infa_strncasecmp(a, al, b, bl) == 0 && plats.items[i] == plats.items[j];
            infa_finding *f = infa_rule_report(
                ctx, l->key.span, "Duplicate file '%.*s' in [SourceDisksFiles]%s",
                (int)l->key.value_len, l->key.value,
                same ? ""
                     : ": files run from the Driver Store need unique names, so give each "
                       "variant its own name");
            infa_finding_relate(f, o->span, "first listed here");
            if (same) {
                infa_fix *fix = infa_finding_add_fix(f, true, true, "Remove the duplicate entry");
                infa_fix_edit(fix, infa_iso_rows_of(m, l->span), "", 0);
            }
            break;
        }
    }
    INFA_VEC_FREE(&lines);
    INFA_VEC_FREE(&plats);
}

const infa_rule infa_rule_sourcedisksfiles_duplicate_name = {
    .info = {.id = "sourcedisksfiles-duplicate-name",
             .summary = "The same file name twice in one [SourceDisksFiles] set",
             .href = INFA_ISO_RUN_FROM_STORE,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1294,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
