/* service-start-type: boot start (0) and system start (1) are for drivers,
 * loaded by the boot loader and the kernel; a Win32 service (ServiceType
 * 0x10 or 0x20) cannot start that way (InfVerif 1252). */
#include "general_helpers.h"

#define SERVICE_WIN32 0x30

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        if (!(infa_model_section(m, s)->kinds & INFA_KIND_SERVICE_INSTALL))
            continue;
        const infa_line *t = infa_gen__key_line(m, s, "ServiceType");
        const infa_line *st = infa_gen__key_line(m, s, "StartType");
        long long type, start;
        if (t == NULL || st == NULL || t->field_count == 0 || st->field_count == 0 ||
            !infa_parse_number(m, &t->fields[0], &type) ||
            !infa_parse_number(m, &st->fields[0], &start))
            continue;
        if (!(type & SERVICE_WIN32) || (start != 0 && start != 1))
            continue;
        infa_finding *f = infa_rule_report(
            ctx, st->fields[0].span,
            "StartType %lld (%s start) is for drivers; ServiceType %.*s is a Win32 service: use "
            "StartType 2 (auto) or 3 (demand)",
            start, start == 0 ? "boot" : "system", INFA_GEN_CLIP(t->fields[0].value_len),
            t->fields[0].value);
        infa_finding_relate(f, t->fields[0].span, "ServiceType is here");
    }
}

const infa_rule infa_rule_service_start_type = {
    .info = {.id = "service-start-type",
             .summary = "Boot or system StartType for a Win32 service",
             .href = INFA_DOCS_INSTALL "inf-addservice-directive",
             .default_severity = INFA_SEVERITY_WARNING},
    .infverif_code = 1252,
    .check = check,
};
