/* directive-missing-value: a directive written `Name =` with nothing after
 * the equals sign. One that names sections (AddReg, CopyFiles, ...) does
 * nothing without them (InfVerif 1005); any other known directive lacks its
 * required value (1006). `DriverVer =` is left alone: it is how a project
 * asks stampinf to write the date and version at build time (Microsoft's
 * templates ship it so), and InfVerif runs on the stamped file. */
#include "general_helpers.h"

#include "kb.h"

static bool names_sections(const infa_kb_directive *d)
{
    return d->refs[0].kind != 0 || d->refs[0].flags != 0;
}

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->block == INFA_NONE || !l->has_key || l->key.value_len == 0)
            continue;
        bool empty = true;
        for (uint32_t k = 0; k < l->field_count && empty; k++)
            empty = l->fields[k].empty || l->fields[k].value_len == 0;
        if (!empty)
            continue;
        const infa_block *b = infa_model_block(m, l->block);
        infa_kind_set kinds = infa_model_section(m, b->section)->kinds;
        if (kinds == INFA_KIND_UNKNOWN)
            continue; /* a section nothing reaches: no directive is known there */
        const infa_kb_directive *d =
            infa_kb_directive_find_in(l->key.value, l->key.value_len, kinds);
        if (d == NULL || (d->flags & INFA_KB_F_BARE_KEYWORD) ||
            infa_streq_nocase(d->name, strlen(d->name), "DriverVer"))
            continue;
        if (names_sections(d)) {
            infa_finding *f = infa_rule_report(ctx, l->key.span,
                                               "%s names no section: give it one or more section "
                                               "names, or remove the line",
                                               d->name);
            infa_finding_set_infverif(f, 1005);
        } else {
            infa_rule_report(ctx, l->key.span, "%s has no value: %s", d->name, d->syntax);
        }
    }
}

const infa_rule infa_rule_directive_missing_value = {
    .info = {.id = "directive-missing-value",
             .summary = "A directive with nothing after the equals sign",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1006,
    .other_infverif_codes = {1005},
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
