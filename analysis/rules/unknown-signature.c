/* unknown-signature: Signature is not one of the values Windows accepts
 * (the Signature row's values in the knowledge tables, any case), so the
 * file is not taken for an INF (InfVerif 1001). */
#include "general_helpers.h"

/* Is e one of the row's values? They are written quoted, for completion. */
static bool accepted(const char *e, size_t elen)
{
    const infa_kb_directive *d = infa_kb_directive_find_in("Signature", 9, INFA_KIND_VERSION);
    for (size_t i = 0; d && d->values && d->values[i]; i++) {
        const char *v = d->values[i];
        size_t vl = strlen(v);
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v++;
            vl -= 2;
        }
        if (infa_strncasecmp(e, elen, v, vl) == 0)
            return true;
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t si = infa_model_find_section(m, "Version", 7);
    if (si == INFA_NONE)
        return;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (!l->has_key || !infa_streq_nocase(l->key.value, l->key.value_len, "Signature"))
            continue;
        if (l->field_count == 0)
            continue;
        const infa_field *v = &l->fields[0];
        size_t elen;
        char *e = infa_gen__expand(m, v->value, v->value_len, &elen);
        if (!accepted(e, elen)) {
            infa_span span = v->empty ? l->key.span : v->span;
            infa_finding *f = infa_rule_report(
                ctx, span,
                "Unknown signature \"%.*s\"; use \"$Windows NT$\" (or the legacy \"$Chicago$\")",
                (int)elen, e);
            if (!v->empty) {
                infa_fix *fix = infa_finding_add_fix(f, false, true, "Use \"$Windows NT$\"");
                infa_fix_edit(fix, v->span, "\"$Windows NT$\"", 14);
            }
        }
        free(e);
    }
}

const infa_rule infa_rule_unknown_signature = {
    .info = {.id = "unknown-signature",
             .summary = "The [Version] Signature is not $Windows NT$ or $Chicago$",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1001,
    .check = check,
};
