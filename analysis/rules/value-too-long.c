/* value-too-long: a [Version] value longer than its documented maximum
 * (InfVerif 1286): a Class name over 31 characters (InfVerif's own 1286
 * message gives 31; the Version page says "32 characters or less", counting
 * the terminating NUL) and a Provider over LINE_LEN, 256 characters. Values
 * are measured after %strkey% substitution; text we cannot read (an
 * undefined token, a template placeholder) is not measured. Other limits
 * (device descriptions, service descriptions) are not tied to this code by
 * any document, so they are not reported here. */
#include "general_helpers.h"

static const struct {
    const char *key;
    size_t max;
} limits[] = {{"Class", 31}, {"Provider", 256}};

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t v = infa_gen__version(m);
    if (v == INFA_NONE)
        return;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (!l->has_key || l->field_count == 0)
            continue;
        for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
            if (!infa_streq_nocase(l->key.value, l->key.value_len, limits[i].key))
                continue;
            const infa_field *f = &l->fields[0];
            size_t len;
            char *e = infa_gen__expand(m, f->value, f->value_len, &len);
            if (len > limits[i].max && !infa_gen__opaque(e, len))
                infa_rule_report(ctx, f->span,
                                 "%s is %u characters long; Windows allows at most %u",
                                 limits[i].key, (unsigned)len, (unsigned)limits[i].max);
            free(e);
        }
    }
}

const infa_rule infa_rule_value_too_long = {
    .info = {.id = "value-too-long",
             .summary = "A [Version] Class or Provider value longer than its documented maximum",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1286,
    .check = check,
};
