/* umdf-service-order: every service UmdfServiceOrder= lists must be a UMDF
 * driver of the INF, given by a UmdfService= directive (InfVerif 1400);
 * the order is the stack of UMDF drivers, and a name without its
 * UmdfService has no UMDF install section to load it from.
 * UmdfService names are collected from the whole INF: a .Wdf section that
 * uses Needs= may take its UmdfService from an included INF, so it is
 * skipped. */
#include "isolation_support.h"

#include "util.h"

static bool has_umdf_service(const infa_model *m, const infa_field *name)
{
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_DDINSTALL_WDF);
         infa_kind_lines_next(&k);) {
        const infa_field *f = infa_iso_key_value(k.line, "UmdfService");
        if (f != NULL && f->value_len == name->value_len &&
            infa_strncasecmp(f->value, f->value_len, name->value, name->value_len) == 0)
            return true;
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_DDINSTALL_WDF))
            continue;
        bool needs = false;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;)
            if (infa_iso_key_value(infa_model_line(m, li), "Needs") != NULL)
                needs = true;
        if (needs)
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            if (infa_iso_key_value(line, "UmdfServiceOrder") == NULL)
                continue;
            for (uint32_t fi = 0; fi < line->field_count; fi++) {
                const infa_field *fd = &line->fields[fi];
                if (fd->empty || fd->value_len == 0 || has_umdf_service(m, fd))
                    continue;
                infa_rule_report(ctx, fd->span,
                                 "UmdfServiceOrder in [%.*s] lists '%.*s', which no "
                                 "UmdfService= directive of this INF installs: add "
                                 "UmdfService = %.*s,<section> or drop it from the order",
                                 (int)sec->name_len, sec->name, (int)fd->value_len, fd->value,
                                 (int)fd->value_len, fd->value);
            }
        }
    }
}

const infa_rule infa_rule_umdf_service_order = {
    .info = {.id = "umdf-service-order",
             .summary = "UmdfServiceOrder names a service without a UmdfService directive",
             .href = INFA_DOCS "wdf/specifying-wdf-directives-in-inf-files",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1400,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
