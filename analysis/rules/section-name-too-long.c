/* section-name-too-long: a section header whose name is longer than the
 * 255 characters SetupAPI reads (MAX_INF_SECTION_NAME_LENGTH). Its parser
 * stops there with ERROR_SECTION_NAME_TOO_LONG, one of the parse errors
 * setupapi.h names, which InfVerif reports as a parsing error on that line
 * (1002). A block rule: the finding follows from the header alone. */
#include "general_helpers.h"

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    if (block == INFA_NONE)
        return;
    const infa_block *b = infa_model_block(infa_rule_model(ctx), block);
    if (b->name_len <= INFA_KB_MAX_SECTION_NAME)
        return;
    infa_rule_report(ctx, b->name_span,
                     "Section name of %u characters: SetupAPI reads at most %d and rejects the "
                     "file here. Shorten the name (and every reference to it)",
                     (unsigned)b->name_len, INFA_KB_MAX_SECTION_NAME);
}

const infa_rule infa_rule_section_name_too_long = {
    .info = {.id = "section-name-too-long",
             .summary = "A section name longer than the 255 characters SetupAPI reads",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1002,
    .scope = INFA_RULE_BLOCK,
    .check_block = check_block,
};
