/* services-section-missing: a DDInstall section reached from a Models
 * section has no .Services section, or one that installs nothing (no
 * AddService, Include or Needs) (InfVerif 1296). Extension INFs and printer
 * INFs are exempt. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

#define EXTENSION_GUID "{e2f84ce7-8efa-411c-aa69-97454ca4cb57}"

/* Extension INFs never install the function driver, and printer drivers
 * are loaded by the print spooler, not through a service. */
static bool exempt_class(const infa_model *m)
{
    uint32_t v = infa_model_find_kind(m, INFA_KIND_VERSION);
    if (v == INFA_NONE)
        return false;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        const infa_field *c = infa_iso_key_value(l, "Class");
        if (c != NULL && (infa_streq_nocase(c->value, c->value_len, "Extension") ||
                          infa_streq_nocase(c->value, c->value_len, "Printer")))
            return true;
        c = infa_iso_key_value(l, "ClassGuid");
        if (c != NULL && infa_streq_nocase(c->value, c->value_len, EXTENSION_GUID))
            return true;
    }
    return false;
}

static bool installs_something(const infa_model *m, uint32_t s)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (infa_iso_key_value(l, "AddService") || infa_iso_key_value(l, "Include") ||
            infa_iso_key_value(l, "Needs"))
            return true;
    }
    return false;
}

/* Checks one install section the Models line may select. */
static void check_install(infa_rule_ctx *ctx, const infa_model *m, const infa_ref *r,
                          uint32_t x_idx)
{
    const infa_section *x = infa_model_section(m, x_idx);
    char *name = infa_xasprintf("%.*s.Services", (int)x->name_len, x->name);
    uint32_t svc = infa_model_find_section(m, name, x->name_len + 9);
    if (svc == INFA_NONE) {
        infa_finding *f = infa_rule_report(
            ctx, r->span,
            "Hardware using install section [%.*s] does not have an associated service: add "
            "[%s] with AddService (AddService = ,2 for a device without a driver) or "
            "Include/Needs of the inbox .Services section",
            (int)x->name_len, x->name, name);
        infa_finding_relate(f, infa_model_block(m, x->blocks[0])->name_span, "[%.*s] is here",
                            (int)x->name_len, x->name);
    } else if (!installs_something(m, svc)) {
        const infa_section *ss = infa_model_section(m, svc);
        infa_rule_report(ctx, infa_model_block(m, ss->blocks[0])->name_span,
                         "[%.*s] installs no service: add AddService (AddService = ,2 for a "
                         "device without a driver) or Include/Needs",
                         (int)ss->name_len, ss->name);
    }
    free(name);
}

static void check(infa_rule_ctx *ctx)
{
    static const char *const decos[] = {".NTx86",   ".NTamd64", ".NTarm",
                                        ".NTarm64", ".NTia64",  ".NT"};
    const infa_model *m = infa_rule_model(ctx);
    if (exempt_class(m))
        return;
    uint32_t n = infa_model_section_count(m);
    bool *done = infa_xcalloc(n + 1, sizeof(bool));
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->target == INFA_NONE || r->from_section == INFA_NONE ||
            !(infa_model_section(m, r->from_section)->kinds & INFA_KIND_MODELS))
            continue;
        /* SetupAPI picks [X.NT<arch>] or [X.NT] over [X]: check the
         * decorated variants, and [X] only when there is none. */
        bool any = false;
        for (size_t d = 0; d < sizeof decos / sizeof decos[0]; d++) {
            char *vn = infa_xasprintf("%.*s%s", (int)r->name_len, r->name, decos[d]);
            uint32_t v = infa_model_find_section(m, vn, strlen(vn));
            free(vn);
            if (v == INFA_NONE)
                continue;
            any = true;
            if (!done[v]) {
                done[v] = true;
                check_install(ctx, m, r, v);
            }
        }
        uint32_t plain = infa_model_find_section(m, r->name, r->name_len);
        if (!any && plain != INFA_NONE && !done[plain]) {
            done[plain] = true;
            check_install(ctx, m, r, plain);
        }
    }
    free(done);
}

const infa_rule infa_rule_services_section_missing = {
    .info = {.id = "services-section-missing",
             .summary = "A device install section has no .Services section that installs a "
                        "service",
             .href = INFA_ISO_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1296,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
