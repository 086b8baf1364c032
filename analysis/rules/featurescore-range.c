/* featurescore-range: FeatureScore ranks drivers of one feature; it is one
 * byte, a hexadecimal number from 0x00 to 0xFF (InfVerif 1245). The docs
 * call it hexadecimal, and Microsoft's own samples write it without the 0x
 * (FeatureScore=F9), so digits without a prefix are read as hex. */
#include "general_helpers.h"

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->block == INFA_NONE || !l->has_key || l->field_count == 0 ||
            !infa_streq_nocase(l->key.value, l->key.value_len, "FeatureScore"))
            continue;
        const infa_field *f = &l->fields[0];
        size_t len;
        char *v = infa_gen__expand(m, f->value, f->value_len, &len);
        if (!infa_gen__opaque(v, len) && !infa_gen__hex_byte(v, len))
            infa_rule_report(ctx, f->span,
                             "FeatureScore '%.*s' is not a byte: use a value from 0x00 to 0xFF",
                             INFA_GEN_CLIP(len), v);
        free(v);
    }
}

const infa_rule infa_rule_featurescore_range = {
    .info = {.id = "featurescore-range",
             .summary = "FeatureScore is not a byte (0x00-0xFF)",
             .href = INFA_DOCS_INSTALL "inf-featurescore-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1245,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
