/* provider-microsoft: [Version] Provider names Microsoft (InfVerif 1204). The
 * provider is the organization that wrote the INF; Microsoft's name is
 * reserved for Microsoft's own INFs. */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_line *l = infa_gen__key_line(m, infa_gen__version(m), "Provider");
    if (l == NULL || l->field_count == 0)
        return;
    const infa_field *f = &l->fields[0];
    size_t len;
    char *v = infa_gen__expand(m, f->value, f->value_len, &len);
    if (infa_streq_nocase(v, len, "Microsoft"))
        infa_rule_report(ctx, f->span,
                         "Provider cannot be \"Microsoft\": name the organization that wrote "
                         "this INF");
    free(v);
}

const infa_rule infa_rule_provider_microsoft = {
    .info = {.id = "provider-microsoft",
             .summary = "[Version] Provider is Microsoft",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1204,
    .check = check,
};
