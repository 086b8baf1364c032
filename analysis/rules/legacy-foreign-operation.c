/* legacy-foreign-operation: DelService of a service this INF does not add
 * (InfVerif 1302, "Found legacy DelService operation for '<name>'", an
 * error in every mode). A driver package may remove only what it installs;
 * deleting another package's or Windows' service breaks whatever relies on
 * it. The 1300 finding of declarative-forbidden-directive on the same line
 * is about the directive itself; this one is about what it deletes.
 * DelFiles of files outside the package (the other example of 1302's
 * documentation) is left out: which destination files belong to a package
 * installed by an earlier version of it cannot be told from this INF. */
#include "service_names.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_svc_names own;
    infa_svc__collect(m, &own);
    for (uint32_t li = 0, n = infa_model_line_count(m); li < n; li++) {
        const infa_line *line = infa_model_line(m, li);
        const infa_field *f = infa_iso_key_value(line, "DelService");
        if (f == NULL || f->empty)
            continue;
        size_t len;
        char *name = infa_gen__expand(m, f->value, f->value_len, &len);
        if (!infa_gen__opaque(name, len) && !infa_svc__has(&own, name, len) &&
            !own.included_services)
            infa_rule_report(ctx, f->span,
                             "DelService deletes '%.*s', a service this INF does not add: a "
                             "package may only remove what it installs",
                             (int)len, name);
        free(name);
    }
    infa_svc__free(&own);
}

const infa_rule infa_rule_legacy_foreign_operation = {
    .info = {.id = "legacy-foreign-operation",
             .summary = "DelService of a service this INF does not add",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1302,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
