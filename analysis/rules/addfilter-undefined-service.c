/* addfilter-undefined-service: `AddFilter = <FilterName>,...` in a
 * [DDInstall.Filters] section names a driver service (the filter's), and
 * no AddService of this INF adds it (InfVerif 2006, "Undefined service
 * under [section]", an error in every mode): the filter is added to the
 * stack by name, and with no such service the device fails to start.
 * Services a .Services section pulls in with Needs from an included INF
 * (WUDFRD_UpperFilter.NT.Services adds WUDFRd) cannot be listed from this
 * file, so an INF with such a Needs is not judged. */
#include "service_names.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_svc_names own;
    infa_svc__collect(m, &own);
    if (own.included_services)
        goto cleanup;
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_DDINSTALL_FILTERS);
         infa_kind_lines_next(&k);) {
        const infa_field *f = infa_iso_key_value(k.line, "AddFilter");
        if (f == NULL || f->empty)
            continue;
        size_t len;
        char *name = infa_gen__expand(m, f->value, f->value_len, &len);
        if (!infa_gen__opaque(name, len) && !infa_svc__has(&own, name, len)) {
            const infa_section *sec = infa_model_section(m, k.section);
            infa_rule_report(ctx, f->span,
                             "AddFilter in [%.*s] names service '%.*s', which no AddService "
                             "of this INF adds",
                             (int)sec->name_len, sec->name, (int)len, name);
        }
        free(name);
    }
cleanup:
    infa_svc__free(&own);
}

const infa_rule infa_rule_addfilter_undefined_service = {
    .info = {.id = "addfilter-undefined-service",
             .summary = "AddFilter names a service this INF does not add",
             .href = INFA_DOCS_INSTALL "inf-addfilter-directive",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 2006,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
