/* encoding-not-ansi: SetupAPI reads an INF as ANSI (the machine's code
 * page) or as UTF-16LE; InfVerif rejects anything else (InfVerif 1003). The
 * encoding is the one --check decoded the file from; an editor sends
 * decoded text, so the rule is silent there. UTF-16BE, UTF-8 with a byte
 * order mark and UTF-8 text with non-ASCII characters are reported: plain
 * ASCII is the same bytes in ANSI, and bytes that are not UTF-8 were read
 * as ANSI (Windows-1252) already. */
#include "general_helpers.h"

#include "infa_encoding.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_text_encoding *enc = infa_rule_encoding(ctx);
    if (enc == NULL)
        return;
    const char *why = NULL;
    if (enc->kind == INFA_ENCODING_UTF16BE)
        why = "it is UTF-16BE";
    else if (enc->kind == INFA_ENCODING_UTF8_BOM)
        why = "it is UTF-8 with a byte order mark";
    else if (enc->kind == INFA_ENCODING_UTF8 && enc->non_ascii)
        why = "it is UTF-8 with non-ASCII characters, which Windows reads in the machine's "
              "code page";
    if (why == NULL)
        return;
    const infa_model *m = infa_rule_model(ctx);
    size_t len;
    const char *text = infa_model_text(m, &len);
    /* The first line: the finding is about the file, and starts there. */
    const char *nl = memchr(text, '\n', len);
    uint32_t end = nl ? (uint32_t)(nl - text) : (uint32_t)len;
    if (end > 0 && text[end - 1] == '\r')
        end--;
    infa_span span = {0, end};
    infa_rule_report(ctx, span,
                     "The INF must be saved as ANSI or UTF-16LE, but %s; save it as "
                     "UTF-16LE (Unicode)",
                     why);
}

const infa_rule infa_rule_encoding_not_ansi = {
    .info = {.id = "encoding-not-ansi",
             .summary = "The file is neither ANSI nor UTF-16LE",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1003,
    .check = check,
};
