/* unbalanced-quote: a `"` that nothing closes on its line.
 *
 * SetupAPI toggles quoting at each `"` and ends a quote still open at the
 * end of the line, keeping what it read, so the line installs; but commas,
 * `;` and a final `\` after the quote become part of the value, and the
 * quotes the author meant are probably elsewhere. Real INFs have lines such
 * as `HKCR,...,"Server.SetUp"Server.1"` and `DEVICE = "NVIDIA GP107GL`.
 * The grammar reads them the same way (grammar/src/scanner.c), so this is a
 * warning, not a syntax error. The finding starts at the quote left open
 * and says what value SetupAPI reads.
 * https://learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files
 */
#include "syntax_scan.h"

#include <string.h>

/* Longest value quoted in full in a message. */
#define VALUE_SHOWN 60

typedef struct {
    infa_rule_ctx *ctx;
    const char *text;
    const infa_line *line;
} quote_ctx;

/* The field of the line that holds offset, or NULL. */
static const infa_field *field_at(const infa_line *l, uint32_t offset)
{
    if (l->has_key && offset >= l->key.span.start && offset < l->key.span.end)
        return &l->key;
    for (uint32_t i = 0; i < l->field_count; i++) {
        const infa_field *f = &l->fields[i];
        if (offset >= f->span.start && offset < f->span.end)
            return f;
    }
    return NULL;
}

static void report_open_quote(void *arg, infa_syn__event event, uint32_t offset)
{
    quote_ctx *q = arg;
    if (event != INFA_SYN__OPEN_QUOTE)
        return;
    uint32_t end = offset + 1;
    while (end < q->line->span.end && !infa_syn__line_end(q->text[end]))
        end++;
    const infa_field *f = field_at(q->line, offset);
    if (f == NULL) {
        infa_rule_report(q->ctx, (infa_span){offset, end},
                         "Unbalanced quote: nothing closes this '\"', so SetupAPI ends "
                         "the quoted text at the end of the line");
    } else {
        int shown = f->value_len > VALUE_SHOWN ? VALUE_SHOWN : (int)f->value_len;
        infa_rule_report(
            q->ctx, (infa_span){offset, end},
            "Unbalanced quote: nothing closes this '\"', so SetupAPI ends the quoted text at the "
            "end of the line and reads the field as \"%.*s\"%s",
            shown, f->value, f->value_len > VALUE_SHOWN ? "..." : "");
    }
}

/* A block rule that reads nothing beyond the block's lines. */
static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    size_t len;
    const char *text = infa_model_text(m, &len);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t i = first; i < first + count; i++) {
        const infa_line *l = infa_model_line(m, i);
        if (memchr(text + l->span.start, '"', l->span.end - l->span.start) == NULL)
            continue; /* most lines: nothing to read again */
        quote_ctx q = {ctx, text, l};
        infa_syn__scan(text, l->span.start, l->span.end, report_open_quote, &q);
    }
}

const infa_rule infa_rule_unbalanced_quote = {
    .info = {.id = "unbalanced-quote",
             .summary = "A quote that nothing closes on its line",
             .href = "https://learn.microsoft.com/windows-hardware/drivers/install/"
                     "general-syntax-rules-for-inf-files",
             .default_severity = INFA_SEVERITY_WARNING},
    .scope = INFA_RULE_BLOCK,
    .check_block = check_block,
};
