/* legacy-directive-ignored: a LogConfig directive. Windows no longer
 * processes it, so the resource configurations it names never reach the
 * device (InfVerif 2009, a warning in every mode). InfVerif's documentation
 * gives exactly this as its example of the code (LogConfig in a
 * [DDInstall.LogConfigOverride] section); the other directives InfVerif may
 * call "ignored" are not documented, so only LogConfig is reported. Where
 * the directive may be written is the kb's (the directive's `where`). */
#include "general_helpers.h"

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    if (block == INFA_NONE)
        return;
    const infa_section *s = infa_model_section(m, infa_model_block(m, block)->section);
    const infa_kb_directive *d = infa_kb_directive_find("LogConfig", 9);
    if (d == NULL || !(s->kinds & d->where))
        return;
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (!l->has_key || !infa_streq_nocase(l->key.value, l->key.value_len, d->name))
            continue;
        infa_rule_report(ctx, l->key.span,
                         "LogConfig is a legacy directive that Windows ignores: the resource "
                         "configurations it names are never applied. Remove the line");
    }
}

const infa_rule infa_rule_legacy_directive_ignored = {
    .info = {.id = "legacy-directive-ignored",
             .summary = "A legacy directive Windows ignores (LogConfig)",
             .href = INFA_DOCS_INSTALL "inf-logconfig-directive",
             .default_severity = INFA_SEVERITY_WARNING},
    .infverif_code = 2009,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION,
    .check_block = check_block,
};
