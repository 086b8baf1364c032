/* bitreg-byte-mask: a bit-registry line is
 * reg-root,[subkey],value-name,[flags],byte-mask,byte-to-modify; the mask
 * picks bits of ONE byte of the REG_BINARY value, so it is a byte written in
 * hexadecimal, 0x00-0xFF. A wider mask is InfVerif 1262. */
#include "general_helpers.h"
#include "isolation_support.h"

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *line = infa_model_line(m, li);
        if (line->has_key || line->field_count < 5)
            continue;
        uint32_t s = infa_iso_line_section(m, line);
        if (s == INFA_NONE || !(infa_model_section(m, s)->kinds & INFA_KIND_BIT_REGISTRY))
            continue;
        const infa_field *f = &line->fields[4];
        if (f->empty || f->value_len == 0)
            continue;
        size_t len;
        char *v = infa_gen__expand(m, f->value, f->value_len, &len);
        if (!infa_gen__opaque(v, len) && !infa_gen__hex_byte(v, len))
            infa_rule_report(ctx, f->span,
                             "BitReg byte-mask '%.*s' is not a byte: it masks the bits of one "
                             "byte, 0x00 to 0xFF",
                             INFA_GEN_CLIP(len), v);
        free(v);
    }
}

const infa_rule infa_rule_bitreg_byte_mask = {
    .info = {.id = "bitreg-byte-mask",
             .summary = "A BitReg byte-mask wider than a byte",
             .href = INFA_DOCS_INSTALL "inf-bitreg-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1262,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
