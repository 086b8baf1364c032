/* com-threading-model: the ThreadingModel of an AddComClass section must be
 * one of the values the kb lists for it (Apartment, Free, Both, Neutral);
 * COM does not know any other (InfVerif 1160). */
#include "general_helpers.h"

#include "kb.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_kb_directive *d =
        infa_kb_directive_find_in("ThreadingModel", 14, INFA_KIND_COM_CLASS);
    if (d == NULL || d->values == NULL)
        return;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        if (!(infa_model_section(m, s)->kinds & INFA_KIND_COM_CLASS))
            continue;
        const infa_line *l = infa_gen__key_line(m, s, "ThreadingModel");
        if (l == NULL || l->field_count == 0)
            continue;
        const infa_field *f = &l->fields[0];
        size_t len;
        char *v = infa_gen__expand(m, f->value, f->value_len, &len);
        bool known = infa_gen__opaque(v, len);
        for (size_t i = 0; d->values[i] != NULL && !known; i++)
            known = infa_streq_nocase(v, len, d->values[i]);
        if (!known)
            infa_rule_report(ctx, f->span,
                             "ThreadingModel '%.*s' is not a COM threading model: use Apartment, "
                             "Free, Both or Neutral",
                             INFA_GEN_CLIP(len), v);
        free(v);
    }
}

const infa_rule infa_rule_com_threading_model = {
    .info = {.id = "com-threading-model",
             .summary = "AddComClass ThreadingModel is not Apartment, Free, Both or Neutral",
             .href = INFA_DOCS_INSTALL "inf-addcomclass-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1160,
    .check = check,
};
