/* service-reg-intrinsic-state: a service AddReg writes state the Service
 * Control Manager owns (Start, ImagePath, TriggerInfo, ServiceSidType, ...);
 * the service-install section has a directive for each (kb intrinsic
 * table). Reported as the 1323 family (our inference). No automatic fix. */
#include "isolation_support.h"

#include "util.h"

static const infa_kb_service_intrinsic *match(const infa_addreg *a)
{
    if (a->subkey_f != NULL && !a->subkey_f->empty) {
        const char *sk = a->subkey_f->value;
        uint32_t len = a->subkey_f->value_len;
        infa_iso_trim_subdir(&sk, &len);
        uint32_t first = 0;
        while (first < len && sk[first] != '\\')
            first++;
        const infa_kb_service_intrinsic *row = infa_kb_service_intrinsic_find(sk, first);
        return row != NULL && row->is_subkey ? row : NULL;
    }
    if (a->name_f == NULL || a->name_f->empty)
        return NULL;
    const infa_kb_service_intrinsic *row =
        infa_kb_service_intrinsic_find(a->name_f->value, a->name_f->value_len);
    return row != NULL && !row->is_subkey ? row : NULL;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        if (!(infa_model_section(m, s)->kinds & INFA_KIND_ADD_REGISTRY))
            continue;
        if (!infa_iso_referenced_from(m, s, "AddReg", INFA_KIND_SERVICE_INSTALL) ||
            infa_iso_downlevel_only(m, s))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            infa_addreg a;
            if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.root != INFA_ROOT_HKR)
                continue;
            const infa_kb_service_intrinsic *row = match(&a);
            if (row == NULL)
                continue;
            const infa_field *at = a.subkey_f && !a.subkey_f->empty ? a.subkey_f : a.name_f;
            infa_finding *f = infa_rule_report(
                ctx, at->span,
                "'%s' is service state the Service Control Manager owns: set it with %s= in the "
                "service-install section instead of AddReg",
                row->name, row->directive);
            infa_iso_relate_refs(f, m, s, "AddReg", 4);
        }
    }
}

const infa_rule infa_rule_service_reg_intrinsic_state = {
    .info = {.id = "service-reg-intrinsic-state",
             .summary = "A service AddReg sets state the Service Control Manager owns",
             .href = INFA_ISO_PORTING,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1323,
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
