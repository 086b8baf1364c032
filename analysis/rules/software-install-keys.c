/* software-install-keys: an AddSoftware section must name what it installs:
 * SoftwareType 1 runs SoftwareBinary, type 2 offers the Store app
 * SoftwareID; without it the entry installs nothing (InfVerif 1142). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_SOFTWARE_INSTALL))
            continue;
        const infa_line *t = infa_gen__key_line(m, s, "SoftwareType");
        long long type;
        if (t == NULL || t->field_count == 0 || !infa_parse_number(m, &t->fields[0], &type))
            continue;
        const char *need = type == 1 ? "SoftwareBinary" : type == 2 ? "SoftwareID" : NULL;
        if (need == NULL || infa_gen__key_line(m, s, need) != NULL)
            continue;
        infa_rule_report(ctx, t->fields[0].span,
                         "[%.*s] has SoftwareType %lld but no %s: it installs nothing",
                         (int)sec->name_len, sec->name, type, need);
    }
}

const infa_rule infa_rule_software_install_keys = {
    .info = {.id = "software-install-keys",
             .summary =
                 "An AddSoftware section without the SoftwareBinary or SoftwareID its type needs",
             .href = INFA_DOCS_INSTALL "inf-addsoftware-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1142,
    .check = check,
};
