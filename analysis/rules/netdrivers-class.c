/* netdrivers-class: a [DefaultInstall.NetDrivers] section (with or without
 * an architecture decoration) belongs to NetDriver INFs only; any other
 * class gets InfVerif 2405, an error in every mode. */
#include "general_helpers.h"
#include "isolation_support.h"

#include <string.h>

#define PREFIX "DefaultInstall"
#define SUFFIX ".NetDrivers"

static bool is_netdrivers(const infa_section *sec)
{
    size_t pl = strlen(PREFIX), sl = strlen(SUFFIX);
    if (sec->name_len < pl + sl)
        return false;
    if (infa_strncasecmp(sec->name, pl, PREFIX, pl) != 0 ||
        infa_strncasecmp(sec->name + sec->name_len - sl, sl, SUFFIX, sl) != 0)
        return false;
    /* Between them only a platform decoration: DefaultInstall.NTamd64.NetDrivers. */
    size_t mid = sec->name_len - pl - sl;
    return mid == 0 || (sec->name[pl] == '.' && memchr(sec->name + pl + 1, '.', mid - 1) == NULL);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    size_t name_len;
    char *name = infa_iso_version_class(m, &name_len);
    if (name != NULL &&
        (infa_streq_nocase(name, name_len, "NetDriver") || infa_gen__opaque(name, name_len)))
        goto cleanup;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!is_netdrivers(sec))
            continue;
        const infa_block *b = infa_model_block(m, sec->blocks[0]);
        infa_rule_report(ctx, b->name_span,
                         "[%.*s] is only for INFs of Class NetDriver, and this INF's class is "
                         "%s%.*s%s",
                         (int)sec->name_len, sec->name, name ? "'" : "", (int)name_len,
                         name ? name : "not given", name ? "'" : "");
    }
cleanup:
    free(name);
}

const infa_rule infa_rule_netdrivers_class = {
    .info = {.id = "netdrivers-class",
             .summary = "[DefaultInstall.NetDrivers] in an INF whose Class is not NetDriver",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 2405,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
