/* registry-filter-values: UpperFilters/LowerFilters set through the registry
 * (InfVerif 1329); an isolated package declares filters with AddFilter in
 * [DDInstall.Filters]. In an extension INF the same is 1384, a warning in
 * every mode. No automatic fix: the message shows the replacement. */
#include "isolation_support.h"

#include "util.h"

#include <string.h>

#define EXTENSION_GUID "{e2f84ce7-8efa-411c-aa69-97454ca4cb57}"

static bool is_extension_inf(const infa_model *m)
{
    uint32_t v = infa_model_find_kind(m, INFA_KIND_VERSION);
    if (v == INFA_NONE)
        return false;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        const infa_field *c = infa_iso_key_value(l, "Class");
        if (c != NULL && infa_streq_nocase(c->value, c->value_len, "Extension"))
            return true;
        c = infa_iso_key_value(l, "ClassGuid");
        if (c != NULL && infa_streq_nocase(c->value, c->value_len, EXTENSION_GUID))
            return true;
    }
    return false;
}

/* Does an AddService line of this INF install the service? */
static bool installs_service(const infa_model *m, const char *svc, size_t len)
{
    for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->has_key && l->field_count > 0 &&
            infa_streq_nocase(l->key.value, l->key.value_len, "AddService") &&
            infa_strncasecmp(l->fields[0].value, l->fields[0].value_len, svc, len) == 0)
            return true;
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_profile profile = infa_rule_profile(ctx);
    bool w = profile == INFA_PROFILE_ISOLATED || profile == INFA_PROFILE_DESKTOP;
    bool extension = is_extension_inf(m);
    if (!w && !extension)
        return;
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_ADD_REGISTRY);
         infa_kind_lines_next(&k);) {
        uint32_t s = k.section;
        uint32_t li = k.line_index;
        infa_addreg a;
        if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.root != INFA_ROOT_HKR ||
            a.name_f == NULL || (a.subkey_f != NULL && !a.subkey_f->empty))
            continue;
        bool upper = infa_streq_nocase(a.name_f->value, a.name_f->value_len, "UpperFilters");
        bool lower = infa_streq_nocase(a.name_f->value, a.name_f->value_len, "LowerFilters");
        if (!upper && !lower)
            continue;
        const char *svc = a.value_f && !a.value_f->empty ? a.value_f->value : "<service>";
        int svclen = a.value_f && !a.value_f->empty ? (int)a.value_f->value_len : 9;
        /* Name the filter section after the install section that
         * reaches this AddReg (its base, without decorations). */
        const infa_section *sec = infa_model_section(m, s);
        const char *base = "<DDInstall>";
        int baselen = 11;
        if (sec->refs_in_count > 0) {
            const infa_ref *r = infa_model_ref(m, sec->refs_in[0]);
            const infa_section *from = infa_model_section(m, r->from_section);
            base = from->name;
            baselen = (int)from->decoration.base_len;
        }
        infa_finding *f =
            installs_service(m, svc, (size_t)svclen)
                ? infa_rule_report(ctx, a.name_f->span,
                                   "Cannot add filters with registry or property, use "
                                   "[DDInstall.Filters] section: AddFilter = "
                                   "%.*s,,%.*s_Filter with FilterPosition = %s, and keep "
                                   "AddService=%.*s (without 0x2) in [DDInstall.Services] "
                                   "(Windows 10 1903+)",
                                   svclen, svc, baselen, base, upper ? "Upper" : "Lower", svclen,
                                   svc)
                : infa_rule_report(ctx, a.name_f->span,
                                   "Cannot add filters with registry or property, use "
                                   "[DDInstall.Filters] section: AddFilter = "
                                   "%.*s,,%.*s_Filter with FilterPosition = %s (Windows 10 "
                                   "1903+); this INF does not install %.*s, so its service "
                                   "comes from the INF that owns it (for an inbox filter, "
                                   "Include= and Needs= of its inbox INF)",
                                   svclen, svc, baselen, base, upper ? "Upper" : "Lower", svclen,
                                   svc);
        infa_finding_set_infverif(f, extension ? 1384 : 1329);
        if (extension)
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
        infa_iso_relate_refs(f, m, s, "AddReg", 4);
    }
}

const infa_rule infa_rule_registry_filter_values = {
    .info = {.id = "registry-filter-values",
             .summary = "UpperFilters/LowerFilters are set with AddReg instead of AddFilter",
             .href = INFA_ISO_DOCS "install/inf-addfilter-directive",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1329,
    .other_infverif_codes = {1384},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
