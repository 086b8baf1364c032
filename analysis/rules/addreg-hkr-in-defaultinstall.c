/* addreg-hkr-in-defaultinstall: HKR has no meaning in a registry section
 * reached from [DefaultInstall*] (the AddReg, DelReg and BitReg pages say it
 * cannot be used there). A primitive driver keeps state in its service's
 * HKR,Parameters (the service-install section's AddReg). No automatic fix. */
#include "isolation_support.h"

#include "util.h"

static bool from_default_install(const infa_model *m, uint32_t s)
{
    const infa_section *sec = infa_model_section(m, s);
    for (uint32_t i = 0; i < sec->refs_in_count; i++) {
        const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
        if (r->from_section == INFA_NONE)
            continue;
        if (!(infa_iso_ref_is(r, "AddReg") || infa_iso_ref_is(r, "DelReg") ||
              infa_iso_ref_is(r, "BitReg")))
            continue;
        if (infa_model_section(m, r->from_section)->kinds & INFA_KIND_DEFAULT_INSTALL)
            return true;
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        infa_kind_set kinds = infa_model_section(m, s)->kinds;
        if (!(kinds & (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY)) ||
            !from_default_install(m, s))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            infa_addreg a;
            if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.root != INFA_ROOT_HKR)
                continue;
            infa_finding *f = infa_rule_report(
                ctx, a.root_f->span,
                "HKR cannot be used in a registry section reached from [DefaultInstall]: there "
                "is no device key; keep driver state under HKR,Parameters in the service-install "
                "section's AddReg");
            infa_iso_relate_refs(f, m, s, NULL, 4);
        }
    }
}

const infa_rule infa_rule_addreg_hkr_in_defaultinstall = {
    .info = {.id = "addreg-hkr-in-defaultinstall",
             .summary = "HKR in a registry section reached from [DefaultInstall]",
             .href = INFA_ISO_DOCS "install/inf-addreg-directive",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 0,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
