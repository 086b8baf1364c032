/* duplicate-string-key: a key defined twice in the same [Strings] or
 * [Strings.LLLL] section. Keys must be unique; with two definitions only one
 * value is used, and which one is an implementation detail. Different
 * language sections defining the same key is normal and not reported. */
#include "general_helpers.h"

static bool is_strings_section(const infa_section *s)
{
    if (s->kinds & INFA_KIND_STRINGS)
        return true;
    return s->name_len >= 7 && infa_strncasecmp(s->name, 7, "Strings", 7) == 0 &&
           (s->name_len == 7 || s->name[7] == '.');
}

/* Keys sorted case-insensitively, file order within equal keys. */
static int by_key_then_row(const void *pa, const void *pb)
{
    const infa_line *a = *(const infa_line *const *)pa;
    const infa_line *b = *(const infa_line *const *)pb;
    int c = infa_strncasecmp(a->key.value, a->key.value_len, b->key.value, b->key.value_len);
    if (c != 0)
        return c;
    return a->span.start < b->span.start ? -1 : a->span.start > b->span.start;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    INFA_VEC(const infa_line *) keys = {0};
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (!is_strings_section(s))
            continue;
        keys.len = 0;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            if (l->has_key && l->key.value_len > 0)
                INFA_VEC_PUSH(&keys, l);
        }
        if (keys.len < 2)
            continue;
        qsort(keys.items, keys.len, sizeof(keys.items[0]), by_key_then_row);
        const infa_line *first = keys.items[0];
        for (size_t k = 1; k < keys.len; k++) {
            const infa_line *l = keys.items[k];
            if (infa_strncasecmp(first->key.value, first->key.value_len, l->key.value,
                                 l->key.value_len) != 0) {
                first = l;
                continue;
            }
            bool same =
                first->field_count == 1 && l->field_count == 1 &&
                first->fields[0].value_len == l->fields[0].value_len &&
                memcmp(first->fields[0].value, l->fields[0].value, l->fields[0].value_len) == 0;
            infa_finding *f = infa_rule_report(
                ctx, l->key.span, "String key '%.*s' is already defined in [%.*s] at line %u%s",
                (int)l->key.value_len, l->key.value, (int)s->name_len, s->name,
                (unsigned)first->row + 1,
                same ? " with the same value" : "; only one of the two values will be used");
            infa_finding_relate(f, first->key.span, "'%.*s' is first defined here",
                                (int)first->key.value_len, first->key.value);
            if (same) {
                /* Same value twice: dropping the repeat changes nothing. */
                infa_fix *fix = infa_finding_add_fix(f, true, true, "Remove the repeated '%.*s'",
                                                     (int)l->key.value_len, l->key.value);
                infa_span del = infa_gen__rows_span(m, l->row, l->span.end);
                infa_fix_edit(fix, del, "", 0);
            }
        }
    }
    INFA_VEC_FREE(&keys);
}

const infa_rule infa_rule_duplicate_string_key = {
    .info = {.id = "duplicate-string-key",
             .summary = "A key is defined twice in the same [Strings] section",
             .href = INFA_DOCS_STRINGS,
             .default_severity = INFA_SEVERITY_WARNING},
    /* The blocks it reads are recorded; beyond them, only section names
     * and the rows its messages name. */
    .reads = INFA_FACT_SECTIONS | INFA_FACT_ROWS,
    .check = check,
};
