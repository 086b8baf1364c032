/* ndi-service-undefined: a network component's `HKR, Ndi, Service` names
 * its driver service, which the AddService of the same INF must add
 * (DDInstall.Services in a network INF: "the ServiceName of AddService must
 * match the component's Ndi\Service value"). A name no AddService adds is
 * InfVerif 2501, "Referenced service is not present in this INF", an error
 * in every mode: the network configuration starts a service that does not
 * exist. INFs whose .Services sections pull services in with Needs are not
 * judged. */
#include "service_names.h"

static bool is_ndi_service(const infa_addreg *a)
{
    return a->root == INFA_ROOT_HKR && a->subkey_f != NULL && a->name_f != NULL &&
           infa_streq_nocase(a->subkey_f->value, a->subkey_f->value_len, "Ndi") &&
           infa_streq_nocase(a->name_f->value, a->name_f->value_len, "Service") &&
           a->value_f != NULL && !a->value_f->empty;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_svc_names own;
    infa_svc__collect(m, &own);
    if (own.included_services)
        goto cleanup;
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_ADD_REGISTRY);
         infa_kind_lines_next(&k);) {
        infa_addreg a;
        if (!infa_addreg_parse(m, k.line, &a) || !is_ndi_service(&a))
            continue;
        size_t len;
        char *name = infa_gen__expand(m, a.value_f->value, a.value_f->value_len, &len);
        if (!infa_gen__opaque(name, len) && !infa_svc__has(&own, name, len))
            infa_rule_report(ctx, a.value_f->span,
                             "Ndi\\Service names '%.*s', but no AddService of this INF adds a "
                             "service of that name",
                             (int)len, name);
        free(name);
    }
cleanup:
    infa_svc__free(&own);
}

const infa_rule infa_rule_ndi_service_undefined = {
    .info = {.id = "ndi-service-undefined",
             .summary = "Ndi\\Service names a service this INF does not add",
             .href = INFA_DOCS "network/adding-service-related-values-to-the-ndi-key",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 2501,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
