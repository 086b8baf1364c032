/* service-reg-outside-parameters: HKR in a service's AddReg is the service
 * key, and an isolated package may only write its Parameters subkey
 * (InfVerif 1323). Fix: prefix the subkey with Parameters. SCM-owned values
 * (Start, ImagePath, TriggerInfo, ...) are service-reg-intrinsic-state's. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool intrinsic(const infa_addreg *a)
{
    if (a->subkey_f != NULL && !a->subkey_f->empty) {
        const char *sk = a->subkey_f->value;
        uint32_t len = a->subkey_f->value_len;
        while (len > 0 && *sk == '\\') {
            sk++;
            len--;
        }
        uint32_t first = 0;
        while (first < len && sk[first] != '\\')
            first++;
        const infa_kb_service_intrinsic *row = infa_kb_service_intrinsic_find(sk, first);
        if (row != NULL && row->is_subkey)
            return true;
        return false; /* values under a custom subkey are not SCM state */
    }
    if (a->name_f != NULL && !a->name_f->empty) {
        const infa_kb_service_intrinsic *row =
            infa_kb_service_intrinsic_find(a->name_f->value, a->name_f->value_len);
        if (row != NULL && !row->is_subkey)
            return true;
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_ADD_REGISTRY))
            continue;
        if (!infa_iso_referenced_from(m, s, "AddReg", INFA_KIND_SERVICE_INSTALL))
            continue;
        if (infa_iso_downlevel_only(m, s))
            continue;
        /* Safe only when HKR means the service key everywhere the section
         * is used. */
        bool only_services = true;
        for (uint32_t i = 0; i < sec->refs_in_count; i++) {
            const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
            if (r->from_section == INFA_NONE ||
                !(infa_model_section(m, r->from_section)->kinds & INFA_KIND_SERVICE_INSTALL))
                only_services = false;
        }
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            infa_addreg a;
            if (!infa_addreg_parse(m, line, &a) || a.root != INFA_ROOT_HKR)
                continue;
            const char *sk = a.subkey_f ? a.subkey_f->value : "";
            uint32_t sklen = a.subkey_f ? a.subkey_f->value_len : 0;
            if (sklen > 0 && infa_kb_path_has_prefix(sk, sklen, "Parameters"))
                continue;
            if (intrinsic(&a))
                continue;
            infa_span at =
                a.subkey_f != NULL && !a.subkey_f->empty ? a.subkey_f->span : a.root_f->span;
            infa_finding *f;
            if (sklen == 0)
                f = infa_rule_report(ctx, at,
                                     "Service registry key '%.*s' must be under the Parameters "
                                     "subkey: this HKR line writes the root of "
                                     "the service key; use HKR,Parameters and read it with "
                                     "IoOpenDriverRegistryKey(DriverRegKeyParameters)",
                                     a.name_f && !a.name_f->empty ? (int)a.name_f->value_len : 9,
                                     a.name_f && !a.name_f->empty ? a.name_f->value : "(default)");
            else
                f = infa_rule_report(ctx, at,
                                     "Service registry key '%.*s' must be under the Parameters "
                                     "subkey; use HKR,Parameters\\%.*s",
                                     (int)sklen, sk, (int)sklen, sk);
            infa_iso_relate_refs(f, m, s, "AddReg", 4);
            if (a.subkey_f == NULL)
                continue;
            infa_fix *fix = infa_finding_add_fix(f, only_services, true,
                                                 "Move under the service's Parameters subkey");
            uint32_t pos = a.subkey_f->span.start;
            if (a.subkey_f->empty) {
                infa_fix_edit(fix, (infa_span){pos, pos}, "Parameters", 10);
            } else {
                if (pos < tlen && text[pos] == '"')
                    pos++;
                while (pos < tlen && text[pos] == '\\')
                    pos++; /* "\Sub" -> "Parameters\Sub" */
                infa_fix_edit(fix, (infa_span){pos, pos}, "Parameters\\", 11);
            }
        }
    }
}

const infa_rule infa_rule_service_reg_outside_parameters = {
    .info = {.id = "service-reg-outside-parameters",
             .summary = "A service AddReg writes outside the service's Parameters subkey",
             .href = INFA_ISO_ISOLATION,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1323,
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
