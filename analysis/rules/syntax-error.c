/* syntax-error: text SetupAPI cannot read as INF syntax (an error), and
 * text it reads in a way the author can hardly have meant (a warning).
 *
 * Errors are the ERROR and MISSING nodes of the tree, worded by the model: a
 * section header without its `]` (SetupAPI rejects the file), text the
 * grammar cannot place.
 * Warnings:
 * - a `]` outside a section header that closes no `[` of its line (and
 *   quotes): SetupAPI reads it as text of the entry (or ignores it after a
 *   header's `]`), so `Inst]` is an entry, not the section the author
 *   wrote, while `Desc = Foo [Rev A]` is plain data;
 * - a line continuation `\` on the last line of the file: it joins nothing.
 * An unclosed quote, which SetupAPI ends at the line end, is
 * unbalanced-quote's.
 * https://learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files
 */
#include "syntax_scan.h"

#include <string.h>

typedef struct {
    infa_rule_ctx *ctx;
    uint32_t open; /* `[` not yet closed on this line: `Foo [Rev A]` is data */
} stray_ctx;

static void report_stray(void *arg, infa_syn__event event, uint32_t offset)
{
    stray_ctx *s = arg;
    if (event == INFA_SYN__OPEN_BRACKET)
        s->open++;
    if (event != INFA_SYN__CLOSE_BRACKET)
        return;
    if (s->open > 0) {
        s->open--;
        return;
    }
    infa_finding *f = infa_rule_report(
        s->ctx, (infa_span){offset, offset + 1},
        "Stray ']' outside a section header: SetupAPI reads it as text of this line. "
        "A section header is written [name] at the start of its line; quote the field if "
        "the ']' is data");
    infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
}

/* A `]` in the text SetupAPI ignores after a header's closing `]`. */
static void check_header_trailer(infa_rule_ctx *ctx, const char *text, const infa_block *b)
{
    if (b->header.end <= b->header.start)
        return;
    uint32_t i = b->name_span.end;
    while (i < b->header.end && text[i] != ']')
        i++;
    for (i++; i < b->header.end; i++) {
        if (text[i] != ']')
            continue;
        infa_finding *f = infa_rule_report(
            ctx, (infa_span){i, i + 1},
            "Stray ']' after the section header: SetupAPI ignores everything after the first "
            "']' on a header line");
        infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
    }
}

/* A `\` that ends the last line of the file (before any Ctrl-Z). */
static void check_final_continuation(infa_rule_ctx *ctx, const infa_model *m, const char *text,
                                     size_t len)
{
    const char *ctrl_z = memchr(text, 0x1a, len);
    uint32_t end = (uint32_t)(ctrl_z != NULL ? (size_t)(ctrl_z - text) : len);
    while (end > 0 && strchr(" \t\f\v\r\n", text[end - 1]) != NULL)
        end--;
    uint32_t start = end;
    while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r')
        start--;
    if (start == end)
        return;
    /* On a header line a `\` is ignored trailer text, not a continuation. */
    uint32_t blocks = infa_model_block_count(m);
    if (blocks > 0) {
        const infa_block *b = infa_model_block(m, blocks - 1);
        if (b->header.end > b->header.start && b->header.start >= start)
            return;
    }
    uint32_t last = infa_syn__scan(text, start, end, NULL, NULL);
    if (last == INFA_NONE || text[last] != '\\')
        return;
    infa_finding *f =
        infa_rule_report(ctx, (infa_span){last, last + 1},
                         "Line continuation at the end of the file: the '\\' joins no next "
                         "line. Remove it, or quote the value if the '\\' is data");
    infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
}

/* A MISSING token is empty, which an editor can hardly show: the finding
 * then covers its line up to it, e.g. all of `[Inst` for a missing `]`. */
static infa_span visible_span(const char *text, infa_span span)
{
    if (span.end > span.start)
        return span;
    uint32_t start = span.start;
    while (start > 0 && !infa_syn__line_end(text[start - 1]))
        start--;
    while (start < span.end && (text[start] == ' ' || text[start] == '\t'))
        start++;
    span.start = start;
    return span;
}

/* A broken section header: a line that starts with `[` (after blanks) and
 * holds a syntax error. SetupAPI rejects the file there (setupapi.h's
 * ERROR_BAD_SECTION_NAME_LINE), which InfVerif reports as a parsing error on
 * that line (1002). Other syntax errors get no code: which of them stop
 * SetupAPI's parser is not documented. */
static bool header_line(const char *text, size_t len, uint32_t at)
{
    if (at >= len || text[at] != '[')
        return false;
    while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
        at--;
    return at == 0 || infa_syn__line_end(text[at - 1]);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    size_t len;
    const char *text = infa_model_text(m, &len);
    for (uint32_t i = 0; i < infa_model_syntax_error_count(m); i++) {
        const infa_syntax_error *e = infa_model_syntax_error(m, i);
        infa_span at = visible_span(text, e->span);
        infa_finding *f = infa_rule_report(ctx, at, "%s", e->message);
        if (header_line(text, len, at.start))
            infa_finding_set_infverif(f, 1002);
    }

    for (uint32_t i = 0; i < infa_model_line_count(m); i++) {
        const infa_line *l = infa_model_line(m, i);
        if (memchr(text + l->span.start, ']', l->span.end - l->span.start) == NULL)
            continue; /* most lines: nothing to read again */
        stray_ctx s = {ctx, 0};
        infa_syn__scan(text, l->span.start, l->span.end, report_stray, &s);
    }
    for (uint32_t i = 0; i < infa_model_block_count(m); i++)
        check_header_trailer(ctx, text, infa_model_block(m, i));
    check_final_continuation(ctx, m, text, len);
}

const infa_rule infa_rule_syntax_error = {
    .info = {.id = "syntax-error",
             .summary = "Text that SetupAPI cannot read as INF syntax, or reads as the author "
                        "hardly meant",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .other_infverif_codes = {1002},
    .check = check,
};
