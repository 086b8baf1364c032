/* duplicate-directive: a directive written twice in one section where only
 * one can take effect (InfVerif 1088). Which directives those are is the
 * kb's: rows flagged FIRST_ONLY (FeatureScore: Windows reads the first one
 * in [DDInstall] and ignores the rest, so a second line only misleads).
 * Lines of every block of the merged section count, in file order; the
 * directive counts only in the section kinds the kb allows it in. Other
 * directives that take one value ([Version] keys, service-install keys) are
 * not reported: the docs do not say InfVerif rejects them twice. */
#include "general_helpers.h"

#define MAX_SINGLE 8

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_kb_directive *rows[MAX_SINGLE];
    size_t nrows = 0;
    for (size_t i = 0; i < infa_kb_directive_count() && nrows < MAX_SINGLE; i++)
        if (infa_kb_directive_at(i)->flags & INFA_KB_F_FIRST_ONLY)
            rows[nrows++] = infa_kb_directive_at(i);
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        const infa_line *first[MAX_SINGLE] = {NULL};
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key)
                continue;
            for (size_t r = 0; r < nrows; r++) {
                if (!(s->kinds & rows[r]->where) ||
                    !infa_streq_nocase(l->key.value, l->key.value_len, rows[r]->name))
                    continue;
                if (first[r] == NULL) {
                    first[r] = l;
                    continue;
                }
                infa_finding *f = infa_rule_report(
                    ctx, l->key.span,
                    "%s is written more than once in [%.*s]: Windows reads only the first one, "
                    "so this line has no effect. Keep one %s line",
                    rows[r]->name, INFA_GEN_CLIP(s->name_len), s->name, rows[r]->name);
                infa_finding_relate(f, first[r]->key.span, "the %s that counts", rows[r]->name);
            }
        }
    }
}

const infa_rule infa_rule_duplicate_directive = {
    .info = {.id = "duplicate-directive",
             .summary = "A directive only the first of which counts is written twice in a section",
             .href = INFA_DOCS_INSTALL "inf-featurescore-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1088,
    .check = check,
};
