/* servicebinary-inbox-binary: a service-install section points ServiceBinary
 * at an inbox driver the INF does not ship (%12%\WUDFRd.sys). Rewriting it to
 * %13% would be wrong: the package must pull the inbox INF's sections in with
 * Include/Needs (InfVerif 2650 / 2084). No automatic fix. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static void check_binary(infa_rule_ctx *ctx, const infa_iso_binary *b)
{
    const infa_model *m = b->m;
    const infa_iso_copies *copies = b->copies;
    uint32_t section = b->section;
    const infa_field *v = b->value;
    char *value;
    infa_path p;
    if (!infa_iso_path_value(m, v, &value, &p))
        return;
    const infa_kb_inbox_binary *row = infa_kb_inbox_binary_find(p.file_name, p.file_name_len);
    if (row == NULL || infa_iso_copies_find(copies, p.file_name, p.file_name_len) != NULL) {
        free(value);
        return;
    }
    infa_buf needs = {0};
    for (size_t i = 0; row->needs != NULL && row->needs[i] != NULL; i++)
        infa_buf_printf(&needs, "%s%s", i ? ", " : "", row->needs[i]);
    char *n = infa_buf_take(&needs);
    const char *inf = row->include_inf ? row->include_inf : "the inbox INF";
    infa_finding *f;
    if (row->include_inf != NULL) {
        f = infa_rule_report(ctx, v->span,
                             "Direct use of '%s' is not allowed, instead Include [%s] (InfVerif "
                             "2650): %s is an inbox binary, so do not rewrite it to %%13%%. "
                             "Remove the AddService that installs it and add Include=%s with "
                             "Needs=%s in the matching DDInstall, .HW and .Services sections",
                             value, inf, row->binary, inf, n[0] ? n : "<section>");
        infa_finding_set_infverif(f, 2650);
    } else {
        f = infa_rule_report(ctx, v->span,
                             "Service binary '%s' should reference a CopyFiles destination file "
                             "(InfVerif 2084): %s is an inbox binary; do not rewrite it to "
                             "%%13%%, reference the inbox INF with Include/Needs",
                             value, row->binary);
        infa_finding_set_infverif(f, 2084);
    }
    if (row->min_build > 0)
        infa_finding_relate(f, v->span,
                            "%s exists from build %u: decorate the Models section "
                            "for it (e.g. NTamd64.10.0...%u)",
                            inf, row->min_build, row->min_build);
    infa_iso_relate_refs(f, m, section, "AddService", 4);
    free(n);
    free(value);
}

static void check(infa_rule_ctx *ctx)
{
    infa_iso_each_service_binary(ctx, check_binary);
}

const infa_rule infa_rule_servicebinary_inbox_binary = {
    .info = {.id = "servicebinary-inbox-binary",
             .summary = "ServiceBinary points at an inbox driver: use Include/Needs, not %13%",
             .href = INFA_ISO_DOCS "wdf/adding-the-reflector",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 2650,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
