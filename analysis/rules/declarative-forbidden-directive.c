/* declarative-forbidden-directive: a directive universal and isolated INFs
 * may not use (kb flag NOT_UNIVERSAL: BitReg, DelFiles, DelProperty, DelReg,
 * DelService, Ini2Reg, LogConfig, ProfileItems, RegisterDlls, RenFiles,
 * UnregisterDlls, UpdateIniFields, UpdateInis): the legacy 1300 family.
 * Reboot/Restart are only discouraged: 2004, a warning (a hint in desktop).
 * Fix: delete the line; only
 * the delete-style directives (the OS cleans up when the driver is removed)
 * are removed by fix-all. [DefaultUninstall*] sections are exempt. */
#include "isolation_support.h"

#include "util.h"

#include <string.h>

static bool cleanup_only(const char *name)
{
    static const char *const names[] = {"DelReg", "DelFiles", "DelProperty", "DelService"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (infa_streq_nocase(name, strlen(name), names[i]))
            return true;
    return false;
}

/* [DefaultUninstall*] (with LegacyUninstall=1) is where a primitive driver
 * deletes its files and service: DelFiles/DelService are its purpose there
 * (creating-a-primitive-driver.md), so that section is not checked. Found
 * by name too, as .inx names like DefaultUninstall.NT$ARCH$ get no kind. */
static bool in_default_uninstall(const infa_model *m, uint32_t s)
{
    const infa_section *sec = infa_model_section(m, s);
    return (sec->kinds & INFA_KIND_DEFAULT_UNINSTALL) ||
           (sec->name_len >= 16 && infa_strncasecmp(sec->name, 16, "DefaultUninstall", 16) == 0 &&
            (sec->name_len == 16 || sec->name[16] == '.'));
}

/* A block rule: a line's findings follow from the line and its section's
 * name and kinds. */
static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_profile profile = infa_rule_profile(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *line = infa_model_line(m, li);
        uint32_t s = infa_iso_line_section(m, line);
        if (s == INFA_NONE)
            continue;
        infa_kind_set kinds = infa_model_section(m, s)->kinds;
        if (in_default_uninstall(m, s))
            continue;
        /* Keys inside LogConfig/FactDef sections belong to the directive
         * that is already reported. Data sections have no directives. */
        if (kinds & (INFA_KIND_LOG_CONFIG | INFA_KIND_DDINSTALL_FACTDEF | INFA_KIND_STRINGS |
                     INFA_KIND_SOURCE_DISKS_FILES | INFA_KIND_SOURCE_DISKS_NAMES |
                     INFA_KIND_DESTINATION_DIRS | INFA_KIND_VERSION))
            continue;
        const char *key;
        uint32_t klen;
        infa_span at;
        if (line->has_key) {
            key = line->key.value;
            klen = line->key.value_len;
            at = line->key.span;
        } else if (line->field_count == 1 && !line->fields[0].empty) {
            key = line->fields[0].value; /* bare keywords: Reboot, Restart */
            klen = line->fields[0].value_len;
            at = line->fields[0].span;
        } else {
            continue;
        }
        const infa_kb_directive *d = infa_kb_directive_find_in(key, klen, kinds);
        if (d == NULL)
            d = infa_kb_directive_find(key, klen);
        if (d == NULL)
            continue;
        if (!line->has_key && !(d->flags & INFA_KB_F_BARE_KEYWORD))
            continue;
        if (d->flags & INFA_KB_F_DISCOURAGED) {
            infa_finding *f =
                infa_rule_report(ctx, at,
                                 "%s should not be used: Windows decides when a restart is "
                                 "needed",
                                 d->name);
            /* InfVerif's 2004 ("not recommended"), a warning in every mode;
             * desktop keeps the hint. */
            infa_finding_set_severity(f, INFA_SEVERITY_HINT);
            infa_finding_set_infverif(f, 2004);
            continue;
        }
        if (!(d->flags & INFA_KB_F_NOT_UNIVERSAL))
            continue;
        bool unsignable = d->flags & INFA_KB_F_UNSIGNABLE_22H2;
        infa_finding *f = infa_rule_report(
            ctx, at, "Found legacy %s directive: universal and isolated INFs may not use it%s",
            d->name,
            unsignable ? ", and packages with it are not signed since Windows 11 22H2" : "");
        if (profile == INFA_PROFILE_DECLARATIVE || profile == INFA_PROFILE_DESKTOP)
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
        if (line->has_key) {
            infa_fix *fix =
                infa_finding_add_fix(f, cleanup_only(d->name), true, "Remove the %s line", d->name);
            infa_fix_edit(fix, infa_iso_rows_of(m, line->span), "", 0);
        }
    }
}

const infa_rule infa_rule_declarative_forbidden_directive = {
    .info = {.id = "declarative-forbidden-directive",
             .summary = "A directive that universal and isolated INFs may not use",
             .href = INFA_ISO_UNIVERSAL,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1300,
    .other_infverif_codes = {2004},
    .profiles = INFA_PROFILES_ALL,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION,
    .check_block = check_block,
};
