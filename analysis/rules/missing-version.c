/* missing-version: the INF has no [Version] section, so Windows does not
 * take it for an INF at all (InfVerif 1001). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    if (infa_model_find_section(m, "Version", 7) != INFA_NONE)
        return;
    /* An Autorun.inf shares the syntax but is read by the shell, not by
     * SetupAPI, and has no [Version]. */
    if (infa_model_find_section(m, "AutoRun", 7) != INFA_NONE)
        return;
    size_t len;
    const char *text = infa_model_text(m, &len);

    /* [Verison], [Versoin]: a misspelt header is the likely cause. */
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (infa_gen__distance(s->name, s->name_len, "Version", 7, 2) > 2)
            continue;
        const infa_block *b = infa_gen__first_block(m, s);
        infa_finding *f = infa_rule_report(
            ctx, b->name_span, "The INF has no [Version] section; is [%.*s] meant to be [Version]?",
            INFA_GEN_CLIP(s->name_len), s->name);
        infa_fix *fix = infa_finding_add_fix(f, false, true, "Rename to [Version]");
        infa_fix_edit(fix, b->name_span, "Version", 7);
        return;
    }

    uint32_t end = 0;
    while (end < len && text[end] != '\r' && text[end] != '\n')
        end++;
    infa_span span = {0, end};
    infa_finding *f = infa_rule_report(ctx, span,
                                       "The INF has no [Version] section; Windows requires one "
                                       "with Signature=\"$Windows NT$\"");
    /* The line ends are the whole text's: read every block through the
     * model, so that the engine knows the fix depends on them all. */
    (void)infa_model_preamble_line_count(m);
    for (uint32_t b = 0; b < infa_model_block_count(m); b++)
        (void)infa_model_block(m, b);
    const char *nl = memchr(text, '\r', len) != NULL ? "\r\n" : "\n";
    char *insert = infa_xasprintf("[Version]%sSignature=\"$Windows NT$\"%s%s", nl, nl, nl);
    infa_fix *fix = infa_finding_add_fix(f, false, true, "Add a [Version] section");
    infa_span at = {0, 0};
    infa_fix_edit(fix, at, insert, strlen(insert));
    free(insert);
}

const infa_rule infa_rule_missing_version = {
    .info = {.id = "missing-version",
             .summary = "The INF has no [Version] section",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1001,
    .check = check,
};
