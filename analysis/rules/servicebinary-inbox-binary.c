/* servicebinary-inbox-binary: a service-install section points ServiceBinary
 * at an inbox driver the INF does not ship (%12%\WUDFRd.sys). Rewriting it to
 * %13% would be wrong: the package must pull the inbox INF's sections in with
 * Include/Needs (InfVerif 2650 / 2084). No automatic fix. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Is the service installed by `install_section` listed in an UpperFilters
 * (1) or LowerFilters (2) registry value? 0 when it is not a filter. */
static int filter_role(const infa_model *m, uint32_t install_section)
{
    const infa_section *sec = infa_model_section(m, install_section);
    for (uint32_t k = 0; k < sec->refs_in_count; k++) {
        const infa_ref *r = infa_model_ref(m, sec->refs_in[k]);
        if (!infa_iso_ref_is(r, "AddService"))
            continue;
        const infa_line *al = infa_model_line(m, r->line);
        if (al->field_count == 0)
            continue;
        const infa_field *svc = &al->fields[0];
        for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
            if (!(infa_model_section(m, s)->kinds & INFA_KIND_ADD_REGISTRY))
                continue;
            for (uint32_t it = 0, li;
                 (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
                infa_addreg ar;
                if (!infa_addreg_parse(m, infa_model_line(m, li), &ar) || ar.name_f == NULL)
                    continue;
                int role =
                    infa_streq_nocase(ar.name_f->value, ar.name_f->value_len, "UpperFilters")   ? 1
                    : infa_streq_nocase(ar.name_f->value, ar.name_f->value_len, "LowerFilters") ? 2
                                                                                                : 0;
                for (uint32_t v = 0; role && v < ar.value_count; v++) {
                    const infa_field *f = ar.value_f + v;
                    if (infa_strncasecmp(f->value, f->value_len, svc->value, svc->value_len) == 0)
                        return role;
                }
            }
        }
    }
    return 0;
}

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
    int role = filter_role(m, section);
    const char *stem = role == 1 ? row->upper_filter : role == 2 ? row->lower_filter : NULL;
    const char *inf = row->include_inf ? row->include_inf : "the inbox INF";
    infa_finding *f;
    if (role && row->include_inf != NULL) {
        /* rule 15: a filter pulls in the inbox INF's filter sections, plus
         * a .Filters section; the function-driver Needs do not apply. */
        const char *kind = role == 1 ? "an upper" : "a lower";
        if (stem != NULL)
            f = infa_rule_report(
                ctx, v->span,
                "Direct use of '%s' is not allowed, instead Include [%s]: %s is "
                "an inbox binary installed here as %s filter, so do not rewrite it to %%13%%. "
                "Remove the AddService that installs it and add Include=%s with Needs=%s.NT, "
                "%s.NT.HW and %s.NT.Services in the DDInstall, .HW and .Services sections, and "
                "Needs=%s.NT.Filters in a .Filters section",
                value, inf, row->binary, kind, inf, stem, stem, stem, stem);
        else
            f = infa_rule_report(
                ctx, v->span,
                "Direct use of '%s' is not allowed, instead Include [%s]: %s is "
                "an inbox binary installed here as %s filter, so do not rewrite it to %%13%%. "
                "Remove the AddService that installs it and pull the filter in with Include=%s "
                "and the Needs= of that INF's filter sections",
                value, inf, row->binary, kind, inf);
        infa_finding_set_infverif(f, 2650);
        goto related;
    }
    infa_buf needs = {0};
    for (size_t i = 0; row->needs != NULL && row->needs[i] != NULL; i++)
        infa_buf_printf(&needs, "%s%s", i ? ", " : "", row->needs[i]);
    char *n = infa_buf_take(&needs);
    if (row->include_inf != NULL) {
        f = infa_rule_report(ctx, v->span,
                             "Direct use of '%s' is not allowed, instead Include [%s]: %s is an "
                             "inbox binary, so do not rewrite it to %%13%%. "
                             "Remove the AddService that installs it and add Include=%s with "
                             "Needs=%s, each in the DDInstall section or the variant its "
                             "suffix names (.HW, .Services)",
                             value, inf, row->binary, inf, n[0] ? n : "<section>");
        infa_finding_set_infverif(f, 2650);
    } else {
        f = infa_rule_report(ctx, v->span,
                             "Service binary '%s' should reference a CopyFiles destination file"
                             ": %s is an inbox binary; do not rewrite it to "
                             "%%13%%, reference the inbox INF with Include/Needs",
                             value, row->binary);
        infa_finding_set_infverif(f, 2084);
    }
    free(n);
related:
    if (row->min_build > 0)
        infa_finding_relate(f, v->span,
                            "%s exists from build %u: decorate the Models section "
                            "for it (e.g. NTamd64.10.0...%u)",
                            inf, row->min_build, row->min_build);
    infa_iso_relate_refs(f, m, section, "AddService", 4);
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
