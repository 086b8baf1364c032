/* copyinf-not-inf: CopyINF copies other INFs of the package into the Driver
 * Store; it cannot copy any other kind of file (InfVerif 1110). */
#include "general_helpers.h"

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->block == INFA_NONE || !l->has_key ||
            !infa_streq_nocase(l->key.value, l->key.value_len, "CopyINF"))
            continue;
        for (uint32_t k = 0; k < l->field_count; k++) {
            const infa_field *f = &l->fields[k];
            if (f->empty || f->value_len == 0)
                continue;
            size_t len;
            char *v = infa_gen__expand(m, f->value, f->value_len, &len);
            if (!infa_gen__opaque(v, len) &&
                (len < 5 || !infa_streq_nocase(v + len - 4, 4, ".inf")))
                infa_rule_report(ctx, f->span,
                                 "CopyINF copies INF files only; '%.*s' is not an .inf: copy it "
                                 "with CopyFiles",
                                 INFA_GEN_CLIP(len), v);
            free(v);
        }
    }
}

const infa_rule infa_rule_copyinf_not_inf = {
    .info = {.id = "copyinf-not-inf",
             .summary = "CopyINF names a file that is not an INF",
             .href = INFA_DOCS_INSTALL "inf-copyinf-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1110,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
