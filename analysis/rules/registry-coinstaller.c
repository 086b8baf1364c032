/* registry-coinstaller: co-installers and class installers are obsolete
 * (InfVerif 1303): a [*.CoInstallers] section, an HKR CoInstallers32 value,
 * or Installer32 in [ClassInstall32]'s AddReg. WDF and WinUSB co-installers
 * are not needed on Windows 10; UI belongs in an app. No automatic fix.
 * The WDF framework co-installers (WdfCoInstaller, WudfCoinstaller,
 * WUDFUpdate) are not legacy co-installers to InfVerif: Microsoft builds its
 * fakemodem (Universal, /u) and pscr (Desktop) samples, which register
 * WdfCoInstaller, with a clean InfVerif result, and
 * learn.microsoft.com/windows-hardware/drivers/wdf/using-the-umdf-co-installer
 * still shows a Windows 10 INF referencing WudfCoinstaller.dll. So a section
 * or value that registers only those is a warning with no InfVerif code:
 * dead weight on Windows 10, not an error. */
#include "isolation_support.h"

#include "util.h"

/* Every value of a CoInstallers32 line names a WDF co-installer. */
static bool values_all_wdf(const infa_addreg *a)
{
    uint32_t named = 0;
    for (uint32_t i = 0; i < a->value_count; i++) {
        const infa_field *v = &a->value_f[i];
        if (v->value_len == 0)
            continue;
        if (!infa_kb_wdf_coinstaller(v->value, v->value_len))
            return false;
        named++;
    }
    return named > 0;
}

/* The [*.CoInstallers] section's AddReg sections register at least one
 * co-installer, and only WDF ones. */
static bool section_only_wdf(const infa_model *m, uint32_t s)
{
    uint32_t wdf = 0;
    for (uint32_t r = 0; r < infa_model_ref_count(m); r++) {
        const infa_ref *ref = infa_model_ref(m, r);
        if (ref->from_section != s || ref->target == INFA_NONE || !infa_iso_ref_is(ref, "AddReg"))
            continue;
        for (uint32_t it = 0, li;
             (li = infa_model_section_next_line(m, ref->target, &it)) != INFA_NONE;) {
            infa_addreg a;
            if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.name_f == NULL ||
                !infa_streq_nocase(a.name_f->value, a.name_f->value_len, "CoInstallers32"))
                continue;
            if (!values_all_wdf(&a))
                return false;
            wdf++;
        }
    }
    return wdf > 0;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (sec->kinds & INFA_KIND_DDINSTALL_COINSTALLERS) {
            const infa_block *b = infa_model_block(m, sec->blocks[0]);
            if (section_only_wdf(m, s)) {
                infa_finding *f = infa_rule_report(
                    ctx, b->name_span,
                    "[%.*s] registers only the WDF co-installer, which Windows 10 and later do "
                    "not need: delete it with its AddReg/CopyFiles sections and the DLL's "
                    "[SourceDisksFiles] entries",
                    (int)sec->name_len, sec->name);
                infa_finding_set_infverif(f, 0);
                infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
            } else
                infa_rule_report(
                    ctx, b->name_span,
                    "Found legacy [%.*s] section defining co-installers: "
                    "delete it with its AddReg/CopyFiles sections and the co-installer "
                    "DLL's [SourceDisksFiles] entries; WDF co-installers are not needed "
                    "on Windows 10",
                    (int)sec->name_len, sec->name);
        }
        if (!(sec->kinds & INFA_KIND_ADD_REGISTRY))
            continue;
        bool class_installer = infa_iso_referenced_from(m, s, "AddReg", INFA_KIND_CLASS_INSTALL32);
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            infa_addreg a;
            if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.root != INFA_ROOT_HKR ||
                a.name_f == NULL)
                continue;
            bool co = infa_streq_nocase(a.name_f->value, a.name_f->value_len, "CoInstallers32");
            bool ci = class_installer &&
                      infa_streq_nocase(a.name_f->value, a.name_f->value_len, "Installer32");
            if (!co && !ci)
                continue;
            if (co && values_all_wdf(&a)) {
                infa_finding *f = infa_rule_report(
                    ctx, a.name_f->span,
                    "CoInstallers32 registers the WDF co-installer (%.*s), which Windows 10 and "
                    "later do not need: remove the line",
                    a.value_f ? (int)a.value_f->value_len : 0, a.value_f ? a.value_f->value : "");
                infa_finding_set_infverif(f, 0);
                infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
                infa_iso_relate_refs(f, m, s, "AddReg", 4);
                continue;
            }
            infa_finding *f = infa_rule_report(
                ctx, a.name_f->span, "Found legacy AddReg operation defining %s (%.*s): %s",
                co ? "co-installer" : "class installer", a.value_f ? (int)a.value_f->value_len : 0,
                a.value_f ? a.value_f->value : "",
                co ? "remove it; replace UI co-installers with AddSoftware or an app"
                   : "remove it: class installers are obsolete and not signed");
            infa_iso_relate_refs(f, m, s, "AddReg", 4);
        }
    }
}

const infa_rule infa_rule_registry_coinstaller = {
    .info = {.id = "registry-coinstaller",
             .summary = "A co-installer or class installer is registered",
             .href = INFA_ISO_DOCS "develop/removing-coinstallers",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1303,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
