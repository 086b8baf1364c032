/* ERROR and MISSING nodes of the tree, worded for a person. */
#include "rule.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t i = 0; i < infa_model_syntax_error_count(m); i++) {
        const infa_syntax_error *e = infa_model_syntax_error(m, i);
        infa_rule_report(ctx, e->span, "%s", e->message);
    }
}

const infa_rule infa_rule_syntax_error = {
    .info = {.id = "syntax-error",
             .summary = "Text that SetupAPI cannot read as INF syntax",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .check = check,
};
