/* directive-name-chars: in the sections whose keys are directives
 * (install sections and the sections they name, [Version], ...), a key
 * with a backslash or a comma is no directive SetupAPI knows; often a
 * registry path or a field list lost its line start (InfVerif 1150).
 * [Strings], Models and file lists have keys of their own (string names,
 * device descriptions, file names) and are not checked. */
#include "general_helpers.h"

#define DIRECTIVE_SECTIONS                                                                         \
    (INFA_KIND_VERSION | INFA_KIND_ANY_DDINSTALL | INFA_KIND_DEFAULT_INSTALL |                     \
     INFA_KIND_DEFAULT_INSTALL_SERVICES | INFA_KIND_DEFAULT_UNINSTALL |                            \
     INFA_KIND_SERVICE_INSTALL | INFA_KIND_EVENT_LOG_INSTALL | INFA_KIND_INTERFACE_INSTALL |       \
     INFA_KIND_INSTALL_INTERFACE | INFA_KIND_CLASS_INSTALL32 |                                     \
     INFA_KIND_CLASS_INSTALL32_SERVICES | INFA_KIND_WDF_SERVICE_INSTALL |                          \
     INFA_KIND_COMPONENT_INSTALL | INFA_KIND_SOFTWARE_INSTALL | INFA_KIND_EVENT_PROVIDER |         \
     INFA_KIND_EVENT_CHANNEL | INFA_KIND_FILTER_INSTALL | INFA_KIND_COM_SERVER |                   \
     INFA_KIND_COM_CLASS | INFA_KIND_AUTOLOGGER | INFA_KIND_AUTOLOGGER_PROVIDER)

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    if (block == INFA_NONE)
        return;
    const infa_block *b = infa_model_block(m, block);
    const infa_section *sec = infa_model_section(m, b->section);
    if (!(sec->kinds & DIRECTIVE_SECTIONS))
        return;
    size_t tl;
    const char *text = infa_model_text(m, &tl);
    for (uint32_t li = b->first_line; li < b->first_line + b->line_count; li++) {
        const infa_line *line = infa_model_line(m, li);
        infa_span span;
        if (line->has_key) {
            const infa_field *k = &line->key;
            if (memchr(k->value, '\\', k->value_len) == NULL &&
                memchr(k->value, ',', k->value_len) == NULL)
                continue;
            span = k->span;
        } else {
            /* `a,b = c` reads as fields, the '=' inside a later one: the
             * name SetupAPI would see is everything before that '='. */
            uint32_t fi = 1;
            while (fi < line->field_count &&
                   (line->fields[fi].quoted ||
                    memchr(line->fields[fi].value, '=', line->fields[fi].value_len) == NULL))
                fi++;
            if (fi >= line->field_count || line->fields[0].empty)
                continue;
            const infa_field *f = &line->fields[fi];
            const char *eq = memchr(f->value, '=', f->value_len);
            span.start = line->fields[0].span.start;
            span.end = f->span.start + (uint32_t)(eq - f->value);
            while (span.end > span.start &&
                   (text[span.end - 1] == ' ' || text[span.end - 1] == '\t'))
                span.end--;
        }
        infa_rule_report(ctx, span,
                         "'%.*s' in [%.*s] is no directive: a directive name cannot contain "
                         "'\\' or ','",
                         INFA_GEN_CLIP(span.end - span.start), text + span.start,
                         INFA_GEN_CLIP(b->name_len), b->name);
    }
}

const infa_rule infa_rule_directive_name_chars = {
    .info = {.id = "directive-name-chars",
             .summary = "A directive name contains '\\' or ','",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1150,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION,
    .check_block = check_block,
};
