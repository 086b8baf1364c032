/* guid-format: a directive field that holds a GUID (the kb's syntax writes
 * it in braces: AddInterface={InterfaceClassGUID}, AddEventProvider=
 * {ProviderGUID}, ...) must be {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}
 * (InfVerif 1019). ClassGuid (1010) and ExtensionId (1380) have rules and
 * codes of their own. */
#include "general_helpers.h"

#include "kb.h"

/* The 1-based value field the kb's syntax line writes as {...}, or 0. */
static uint32_t guid_field(const infa_kb_directive *d)
{
    const char *eq = d->syntax ? strchr(d->syntax, '=') : NULL;
    if (eq == NULL)
        return 0;
    uint32_t field = 1;
    for (const char *p = eq + 1; *p; p++) {
        if (*p == ',')
            field++;
        else if (*p == '{')
            return field;
    }
    return 0;
}

static bool own_code(const char *name)
{
    return infa_streq_nocase(name, strlen(name), "ClassGuid") ||
           infa_streq_nocase(name, strlen(name), "ExtensionId");
}

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->block == INFA_NONE || !l->has_key || l->field_count == 0)
            continue;
        infa_kind_set kinds = infa_model_section(m, infa_model_block(m, l->block)->section)->kinds;
        if (kinds == INFA_KIND_UNKNOWN)
            continue;
        const infa_kb_directive *d =
            infa_kb_directive_find_in(l->key.value, l->key.value_len, kinds);
        if (d == NULL || own_code(d->name))
            continue;
        uint32_t k = guid_field(d);
        if (k == 0 || k > l->field_count || l->fields[k - 1].empty)
            continue;
        const infa_field *f = &l->fields[k - 1];
        size_t len;
        char *v = infa_gen__expand(m, f->value, f->value_len, &len);
        if (len > 0 && !infa_gen__opaque(v, len) && !infa_gen__is_guid(v, len))
            infa_rule_report(ctx, f->span,
                             "%s GUID '%.*s' is not of the form "
                             "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}",
                             d->name, INFA_GEN_CLIP(len), v);
        free(v);
    }
}

const infa_rule infa_rule_guid_format = {
    .info = {.id = "guid-format",
             .summary = "A GUID-valued directive field is not a {GUID}",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1019,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
