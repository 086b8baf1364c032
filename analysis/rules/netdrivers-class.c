/* netdrivers-class: [DefaultInstall.NetDrivers] installs NetAdapterCx-style
 * network drivers and belongs only in an INF of Class=NetDriver
 * (InfVerif 2405). */
#include "general_helpers.h"

static bool is_netdrivers(const infa_section *sec)
{
    static const char base[] = "DefaultInstall", suffix[] = ".NetDrivers";
    size_t bl = sizeof(base) - 1, sl = sizeof(suffix) - 1;
    return sec->name_len >= bl + sl && infa_streq_nocase(sec->name, bl, base) &&
           infa_streq_nocase(sec->name + sec->name_len - sl, sl, suffix);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_line *cl = infa_gen__key_line(m, infa_gen__version(m), "Class");
    if (cl != NULL && cl->field_count > 0 &&
        (infa_streq_nocase(cl->fields[0].value, cl->fields[0].value_len, "NetDriver") ||
         infa_gen__opaque(cl->fields[0].value, cl->fields[0].value_len)))
        return;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!is_netdrivers(sec))
            continue;
        const infa_block *b = infa_gen__first_block(m, sec);
        infa_rule_report(ctx, b->name_span,
                         "[%.*s] is only for INFs of Class=NetDriver; this INF's class is %.*s",
                         (int)b->name_len, b->name,
                         cl && cl->field_count ? (int)cl->fields[0].value_len : 4,
                         cl && cl->field_count ? cl->fields[0].value : "none");
    }
}

const infa_rule infa_rule_netdrivers_class = {
    .info = {.id = "netdrivers-class",
             .summary = "[DefaultInstall.NetDrivers] in an INF whose Class is not NetDriver",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 2405,
    .check = check,
};
