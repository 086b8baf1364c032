/* missing-signature: [Version] has no Signature entry (InfVerif 1001). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t si = infa_model_find_section(m, "Version", 7);
    if (si == INFA_NONE)
        return; /* missing-version */
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (l->has_key && infa_streq_nocase(l->key.value, l->key.value_len, "Signature"))
            return;
    }
    const infa_section *s = infa_model_section(m, si);
    const infa_block *b = infa_gen__first_block(m, s);
    infa_finding *f = infa_rule_report(ctx, b->name_span,
                                       "[%.*s] has no Signature entry; add "
                                       "Signature=\"$Windows NT$\"",
                                       (int)b->name_len, b->name);
    size_t len;
    const char *text = infa_model_text(m, &len);
    const char *nl = b->header.end < len && text[b->header.end] == '\r' ? "\r\n" : "\n";
    char *insert = infa_xasprintf("%sSignature=\"$Windows NT$\"", nl);
    infa_fix *fix = infa_finding_add_fix(f, true, true, "Add Signature=\"$Windows NT$\"");
    infa_span at = {b->header.end, b->header.end};
    infa_fix_edit(fix, at, insert, strlen(insert));
    free(insert);
}

const infa_rule infa_rule_missing_signature = {
    .info = {.id = "missing-signature",
             .summary = "[Version] has no Signature entry",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1001,
    .check = check,
};
