/* defaultinstall-rules: the rules for primitive-driver INFs.
 * - [DefaultInstall] without an architecture decoration (InfVerif 1421);
 * - [DefaultInstall*] together with [Manufacturer] (InfVerif 1212);
 * - [DefaultUninstall*] without LegacyUninstall=1 (InfVerif 1422): fix adds
 *   the line. creating-a-primitive-driver (learn.microsoft.com/windows-
 *   hardware/drivers/develop/creating-a-primitive-driver) shows the line in
 *   [DefaultUninstall.NTamd64]; Microsoft's own build accepts it in the
 *   section's .Services companion too (avscan.inf, a Universal sample that
 *   InfVerif /u passes with 1422 not suppressed), so both count. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool has_legacy_uninstall(const infa_model *m, uint32_t s)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
        const infa_field *f = infa_iso_key_value(infa_model_line(m, li), "LegacyUninstall");
        long long n;
        if (f != NULL && infa_parse_number(m, f, &n) && n == 1)
            return true;
    }
    return false;
}

/* LegacyUninstall=1 in [X] or in [X.Services]. */
static bool uninstall_is_legacy(const infa_model *m, uint32_t s)
{
    if (has_legacy_uninstall(m, s))
        return true;
    const infa_section *sec = infa_model_section(m, s);
    char *name = infa_xasprintf("%.*s.Services", (int)sec->name_len, sec->name);
    uint32_t services = infa_model_find_section(m, name, strlen(name));
    free(name);
    return services != INFA_NONE && has_legacy_uninstall(m, services);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t manufacturer = infa_model_find_kind(m, INFA_KIND_MANUFACTURER);
    bool reported_both = false;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        const infa_block *b = infa_model_block(m, sec->blocks[0]);
        bool base_default =
            (sec->kinds & INFA_KIND_DEFAULT_INSTALL) && sec->decoration.suffix_offset == INFA_NONE;
        if (base_default && (sec->decoration.platform == INFA_PLATFORM_NONE ||
                             sec->decoration.platform == INFA_PLATFORM_NT)) {
            infa_finding *f =
                infa_rule_report(ctx, b->name_span,
                                 "Section [%.*s] missing an architecture decoration: name it "
                                 "[DefaultInstall.NTamd64] (and one per architecture)",
                                 (int)sec->name_len, sec->name);
            infa_finding_set_infverif(f, 1421);
        }
        if (base_default && manufacturer != INFA_NONE && !reported_both) {
            reported_both = true;
            infa_finding *f = infa_rule_report(
                ctx, b->name_span,
                "Cannot have both [%.*s] and [Manufacturer] sections: a primitive driver uses "
                "[DefaultInstall], a device driver uses [Manufacturer]",
                (int)sec->name_len, sec->name);
            infa_finding_set_infverif(f, 1212);
            infa_finding_relate(
                f, infa_model_block(m, infa_model_section(m, manufacturer)->blocks[0])->name_span,
                "[Manufacturer] is here");
        }
        if ((sec->kinds & INFA_KIND_DEFAULT_UNINSTALL) &&
            sec->decoration.suffix_offset == INFA_NONE && !uninstall_is_legacy(m, s)) {
            infa_finding *f = infa_rule_report(
                ctx, b->name_span,
                "[%.*s] needs LegacyUninstall=1: DefaultUninstall is only honoured for legacy "
                "uninstall",
                (int)sec->name_len, sec->name);
            infa_finding_set_infverif(f, 1422);
            const infa_block *last = infa_model_block(m, sec->blocks[sec->block_count - 1]);
            bool need_eol;
            uint32_t at = infa_iso_block_append_at(m, last, &need_eol);
            const char *eol = infa_iso_eol(m);
            char *line =
                infa_xasprintf("%sLegacyUninstall = 1%s", need_eol ? eol : "", need_eol ? "" : eol);
            infa_fix *fix = infa_finding_add_fix(f, true, true, "Add LegacyUninstall = 1");
            infa_fix_edit(fix, (infa_span){at, at}, line, strlen(line));
            free(line);
        }
    }
}

const infa_rule infa_rule_defaultinstall_rules = {
    .info = {.id = "defaultinstall-rules",
             .summary = "[DefaultInstall]/[DefaultUninstall] rules for primitive drivers",
             .href = INFA_ISO_DOCS "develop/creating-a-primitive-driver",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1421,
    .other_infverif_codes = {1212, 1422},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
