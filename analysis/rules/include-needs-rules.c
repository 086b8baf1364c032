/* include-needs-rules: Include/Needs structure.
 * - Needs= in a section without Include= (InfVerif 1319);
 * - the needed section's DDInstall suffix differs from the section holding
 *   Needs (a .Services section needs a .Services section): 1310 when the
 *   needed name carries another suffix, 1311 when it carries none;
 * 1312/1313 compare with a "parent section" InfVerif does not define, so
 * they are left alone. A needed section found nowhere (1315) cannot be told
 * from one that needs an Include (1319, which names the inbox INF holding
 * it) without the list of inbox INFs and their sections.
 * Checking that an included INF is inbox (1202) needs the list of inbox
 * INFs, which the project does not have. */
#include "isolation_support.h"

#include "util.h"

#include <string.h>

static const char *const SUFFIXES[] = {
    ".HW",      ".Services", ".CoInstallers", ".Interfaces", ".Wdf",
    ".Filters", ".Events",   ".Software",     ".Components", ".LogConfigOverride"};

/* The DDInstall suffix a name ends with, or "" */
static const char *suffix_of(const char *name, uint32_t len)
{
    for (size_t i = 0; i < sizeof SUFFIXES / sizeof SUFFIXES[0]; i++) {
        size_t sl = strlen(SUFFIXES[i]);
        if (len > sl && infa_strncasecmp(name + len - sl, sl, SUFFIXES[i], sl) == 0)
            return SUFFIXES[i];
    }
    return "";
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & (INFA_KIND_ANY_DDINSTALL | INFA_KIND_DEFAULT_INSTALL |
                            INFA_KIND_DEFAULT_INSTALL_SERVICES)))
            continue;
        bool include = false;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;)
            if (infa_iso_key_value(infa_model_line(m, li), "Include") != NULL)
                include = true;
        const char *own = suffix_of(sec->name, sec->name_len);
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            if (infa_iso_key_value(line, "Needs") == NULL)
                continue;
            bool all_local = true;
            for (uint32_t fi = 0; fi < line->field_count; fi++)
                if (!line->fields[fi].empty &&
                    infa_model_find_section(m, line->fields[fi].value,
                                            line->fields[fi].value_len) == INFA_NONE)
                    all_local = false;
            /* Needs of a section of this INF needs no Include. */
            if (!include && !all_local) {
                infa_finding *f = infa_rule_report(
                    ctx, line->key.span,
                    "Needs= without Include= in [%.*s]: add Include=<inbox INF> to the same "
                    "section",
                    (int)sec->name_len, sec->name);
                infa_finding_set_infverif(f, 1319);
            }
            for (uint32_t fi = 0; fi < line->field_count; fi++) {
                const infa_field *fd = &line->fields[fi];
                if (fd->empty || infa_model_find_section(m, fd->value, fd->value_len) != INFA_NONE)
                    continue;
                const char *theirs = suffix_of(fd->value, fd->value_len);
                if (infa_streq_nocase(own, strlen(own), theirs))
                    continue;
                if (!theirs[0]) {
                    infa_finding *f = infa_rule_report(
                        ctx, fd->span,
                        "[%.*s] needs '%.*s': the needed section must have the suffix '%s' "
                        "of the section that needs it",
                        (int)sec->name_len, sec->name, (int)fd->value_len, fd->value, own);
                    infa_finding_set_infverif(f, 1311);
                    continue;
                }
                infa_finding *f = infa_rule_report(
                    ctx, fd->span,
                    "[%.*s] needs '%.*s': a %s section must need a %s section of the included "
                    "INF",
                    (int)sec->name_len, sec->name, (int)fd->value_len, fd->value,
                    own[0] ? own : "DDInstall", own[0] ? own : "DDInstall (no suffix)");
                infa_finding_set_infverif(f, 1310);
            }
        }
    }
}

const infa_rule infa_rule_include_needs_rules = {
    .info = {.id = "include-needs-rules",
             .summary = "Include/Needs structure (Needs without Include, mismatched suffix)",
             .href = INFA_ISO_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1319,
    .other_infverif_codes = {1310, 1311},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
