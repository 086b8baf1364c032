/* registry-coinstaller: co-installers and class installers are obsolete
 * (InfVerif 1303): a [*.CoInstallers] section, an HKR CoInstallers32 value,
 * or Installer32 in [ClassInstall32]'s AddReg. WDF and WinUSB co-installers
 * are not needed on Windows 10; UI belongs in an app. No automatic fix. */
#include "isolation_support.h"

#include "util.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (sec->kinds & INFA_KIND_DDINSTALL_COINSTALLERS) {
            const infa_block *b = infa_model_block(m, sec->blocks[0]);
            infa_rule_report(ctx, b->name_span,
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
