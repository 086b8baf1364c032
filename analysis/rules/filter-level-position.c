/* filter-level-position: an AddFilter section places its filter either by a
 * class-defined FilterLevel or by FilterPosition, never both; InfVerif
 * ignores one of them (InfVerif 1087). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_FILTER_INSTALL))
            continue;
        const infa_line *level = infa_gen__key_line(m, s, "FilterLevel");
        const infa_line *pos = infa_gen__key_line(m, s, "FilterPosition");
        if (level == NULL || pos == NULL)
            continue;
        const infa_line *later = level->span.start > pos->span.start ? level : pos;
        const infa_line *first = later == level ? pos : level;
        infa_finding *f = infa_rule_report(
            ctx, later->key.span,
            "[%.*s] has both FilterLevel and FilterPosition: keep one (FilterLevel for a level "
            "the class defines, FilterPosition for Upper/Lower)",
            (int)sec->name_len, sec->name);
        infa_finding_relate(f, first->key.span, "%.*s is here", (int)first->key.value_len,
                            first->key.value);
    }
}

const infa_rule infa_rule_filter_level_position = {
    .info = {.id = "filter-level-position",
             .summary = "An AddFilter section with both FilterLevel and FilterPosition",
             .href = INFA_DOCS_INSTALL "inf-addfilter-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1087,
    .check = check,
};
