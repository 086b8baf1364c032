/* declarative-forbidden-section: sections universal and isolated INFs may not
 * have: [ClassInstall32*], [*.FactDef], [*.LogConfigOverride] (InfVerif 1300
 * family). [*.CoInstallers] is registry-coinstaller's; [DefaultInstall.
 * Services] is not flagged (primitive drivers rely on it; the docs
 * conflict). Fix: delete the section (never by fix-all).
 * [ClassInstall32] is listed as invalid by install/using-a-universal-inf-file
 * (learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-
 * inf-file), but InfVerif /u and /w do not reject it for a class the package
 * defines: its only ClassInstall32 code is 1285, for a Microsoft-defined
 * class (devtest/inf-validation-errors-and-warnings), and Microsoft builds
 * its toastmon sample (Windows Driver, /w, [ClassInstall32] for class
 * Sample) clean with only 1284/1285/1293/2083/2086 suppressed. So outside
 * the declarative profile it is an error under 1285 when the [Version]
 * ClassGuid is known to be Microsoft's, else a warning with no InfVerif
 * code. */
#include "isolation_support.h"

#include "util.h"

static bool class_is_microsoft(const infa_model *m)
{
    uint32_t v = infa_model_find_kind(m, INFA_KIND_VERSION);
    if (v == INFA_NONE)
        return false;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_field *g = infa_iso_key_value(infa_model_line(m, li), "ClassGuid");
        if (g != NULL)
            return infa_kb_class_guid_microsoft(g->value, g->value_len);
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    bool declarative = infa_rule_profile(ctx) == INFA_PROFILE_DECLARATIVE;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        infa_kind_set k =
            sec->kinds & (INFA_KIND_CLASS_INSTALL32 | INFA_KIND_CLASS_INSTALL32_SERVICES |
                          INFA_KIND_DDINSTALL_FACTDEF | INFA_KIND_DDINSTALL_LOGCONFIG_OVERRIDE);
        if (k == 0)
            continue;
        const infa_block *b = infa_model_block(m, sec->blocks[0]);
        bool class_install = k & (INFA_KIND_CLASS_INSTALL32 | INFA_KIND_CLASS_INSTALL32_SERVICES);
        infa_finding *f;
        if (class_install && !declarative && class_is_microsoft(m)) {
            f = infa_rule_report(ctx, b->name_span,
                                 "Cannot specify [%.*s] section for Microsoft-defined class: "
                                 "give the package a Class and ClassGuid of its own, or drop "
                                 "the section",
                                 (int)sec->name_len, sec->name);
            infa_finding_set_infverif(f, 1285);
        } else if (class_install && !declarative) {
            f = infa_rule_report(ctx, b->name_span,
                                 "[%.*s] installs a device setup class: the universal INF rules "
                                 "list it as invalid, though InfVerif accepts it for a class the "
                                 "package defines; prefer an existing class",
                                 (int)sec->name_len, sec->name);
            infa_finding_set_infverif(f, 0);
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
        } else {
            f = infa_rule_report(
                ctx, b->name_span, "Found legacy [%.*s] section: %s", (int)sec->name_len, sec->name,
                class_install ? "universal and isolated INFs do not install device setup classes; "
                                "use an existing class"
                              : "universal and isolated INFs may not have it, and packages with "
                                "it are not signed since Windows 11 22H2");
            infa_finding_set_infverif(f, 1301);
        }
        infa_fix *fix =
            infa_finding_add_fix(f, false, true, "Delete [%.*s]", (int)sec->name_len, sec->name);
        for (uint32_t i = 0; i < sec->block_count; i++)
            infa_fix_edit(fix, infa_iso_rows_of(m, infa_model_block(m, sec->blocks[i])->span), "",
                          0);
    }
}

const infa_rule infa_rule_declarative_forbidden_section = {
    .info = {.id = "declarative-forbidden-section",
             .summary = "A section that universal and isolated INFs may not have",
             .href = INFA_ISO_UNIVERSAL,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1301,
    .other_infverif_codes = {1285},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
