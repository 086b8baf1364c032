/* duplicate-section: the same section name is written more than once
 * (InfVerif 1209). SetupAPI merges the blocks in file order, so the INF still
 * works; the hint points at the earlier block so the author can merge them. */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (s->block_count < 2)
            continue;
        const infa_block *first = infa_model_block(m, s->blocks[0]);
        for (uint32_t bi = 1; bi < s->block_count; bi++) {
            const infa_block *b = infa_model_block(m, s->blocks[bi]);
            infa_finding *f = infa_rule_report(
                ctx, b->name_span,
                "Section [%.*s] is defined more than once; SetupAPI merges the blocks in file "
                "order, first at line %u",
                INFA_GEN_CLIP(b->name_len), b->name, (unsigned)first->header_row + 1);
            infa_finding_relate(f, first->name_span, "[%.*s] is first defined here",
                                (int)first->name_len, first->name);
        }
    }
}

const infa_rule infa_rule_duplicate_section = {
    .info = {.id = "duplicate-section",
             .summary = "A section name is defined more than once (the blocks are merged)",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_HINT},
    .infverif_code = 1209,
    /* The blocks it reads are recorded; beyond them, only section names
     * and the rows its messages name. */
    .reads = INFA_FACT_SECTIONS | INFA_FACT_ROWS,
    .check = check,
};
