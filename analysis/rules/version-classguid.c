/* version-classguid: the ClassGuid of [Version] is not a {GUID} in the
 * registry form InfVerif expects (InfVerif 1010). A GUID without braces or
 * with the wrong groups is not the class SetupAPI looks up. */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_line *l = infa_gen__key_line(m, infa_gen__version(m), "ClassGuid");
    if (l == NULL || l->field_count == 0)
        return;
    const infa_field *f = &l->fields[0];
    size_t len;
    char *v = infa_gen__expand(m, f->value, f->value_len, &len);
    if (len > 0 && !infa_gen__opaque(v, len) && !infa_gen__is_guid(v, len))
        infa_rule_report(ctx, f->span,
                         "ClassGuid '%.*s' is not a GUID of the form "
                         "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}",
                         INFA_GEN_CLIP(len), v);
    free(v);
}

const infa_rule infa_rule_version_classguid = {
    .info = {.id = "version-classguid",
             .summary = "ClassGuid in [Version] is not a {GUID}",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1010,
    .check = check,
};
