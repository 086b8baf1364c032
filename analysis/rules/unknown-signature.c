/* unknown-signature: Signature is not one of the values Windows accepts
 * ($Windows NT$, $Chicago$, $Windows 95$; any case), so the file is not
 * taken for an INF (InfVerif 1001). */
#include "general_helpers.h"

static const char *const ACCEPTED[] = {"$Windows NT$", "$Chicago$", "$Windows 95$"};

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t si = infa_model_find_section(m, "Version", 7);
    if (si == INFA_NONE)
        return;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (!l->has_key || !infa_streq_nocase(l->key.value, l->key.value_len, "Signature"))
            continue;
        if (l->field_count == 0)
            continue;
        const infa_field *v = &l->fields[0];
        size_t elen;
        char *e = infa_gen__expand(m, v->value, v->value_len, &elen);
        bool ok = false;
        for (size_t i = 0; i < sizeof(ACCEPTED) / sizeof(ACCEPTED[0]) && !ok; i++)
            ok = infa_streq_nocase(e, elen, ACCEPTED[i]);
        if (!ok) {
            infa_span span = v->empty ? l->key.span : v->span;
            infa_finding *f = infa_rule_report(
                ctx, span,
                "Unknown signature \"%.*s\"; use \"$Windows NT$\" (or the legacy \"$Chicago$\") "
                "(InfVerif 1001)",
                (int)elen, e);
            if (!v->empty) {
                infa_fix *fix = infa_finding_add_fix(f, false, true, "Use \"$Windows NT$\"");
                infa_fix_edit(fix, v->span, "\"$Windows NT$\"", 14);
            }
        }
        free(e);
    }
}

const infa_rule infa_rule_unknown_signature = {
    .info = {.id = "unknown-signature",
             .summary = "The [Version] Signature is not $Windows NT$ or $Chicago$",
             .href =
                 "https://learn.microsoft.com/windows-hardware/drivers/install/inf-version-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1001,
    .check = check,
};
