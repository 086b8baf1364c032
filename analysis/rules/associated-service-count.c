/* associated-service-count: more than one AddService with the 0x2
 * (SPSVCINST_ASSOCSERVICE) flag in one .Services section (InfVerif 1211),
 * or the function driver's service with StartType 4 (disabled; 1251, a
 * warning). Only the function driver gets 0x2. */
#include "isolation_support.h"

#include "util.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        if (!(infa_model_section(m, s)->kinds &
              (INFA_KIND_DDINSTALL_SERVICES | INFA_KIND_DEFAULT_INSTALL_SERVICES)))
            continue;
        const infa_line *first = NULL;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            infa_addservice as;
            if (!infa_iso_key_value(line, "AddService") || !infa_addservice_parse(m, line, &as) ||
                !as.flags_valid || !(as.flags & 0x2))
                continue;
            if (first != NULL) {
                infa_finding *f = infa_rule_report(
                    ctx, as.flags_f->span,
                    "More than one AddService in [%.*s] has the 0x2 flag: only the function "
                    "driver is the associated service",
                    (int)infa_model_section(m, s)->name_len, infa_model_section(m, s)->name);
                infa_finding_set_infverif(f, 1211);
                infa_finding_relate(f, first->span, "the first associated service");
                continue;
            }
            first = line;
            /* StartType 4 (disabled) on the associated service. */
            if (as.install_f == NULL || as.install_f->empty)
                continue;
            uint32_t inst =
                infa_model_find_section(m, as.install_f->value, as.install_f->value_len);
            if (inst == INFA_NONE)
                continue;
            for (uint32_t it2 = 0, l2;
                 (l2 = infa_model_section_next_line(m, inst, &it2)) != INFA_NONE;) {
                const infa_field *st = infa_iso_key_value(infa_model_line(m, l2), "StartType");
                long long n;
                if (st != NULL && infa_parse_number(m, st, &n) && n == 4) {
                    infa_finding *f = infa_rule_report(
                        ctx, st->span,
                        "The associated (0x2) service is disabled (StartType 4), so the device "
                        "cannot start");
                    infa_finding_set_infverif(f, 1251);
                    infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
                    infa_finding_relate(f, line->span, "AddService with 0x2 is here");
                }
            }
        }
    }
}

const infa_rule infa_rule_associated_service_count = {
    .info = {.id = "associated-service-count",
             .summary = "More than one associated (0x2) service, or a disabled one",
             .href = INFA_ISO_DOCS "install/inf-addservice-directive",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1211,
    .other_infverif_codes = {1251},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
