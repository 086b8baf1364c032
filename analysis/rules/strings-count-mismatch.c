/* strings-count-mismatch: a [Strings.LCID] section for one language that
 * defines a different number of strings from [Strings] (InfVerif 1295):
 * some text is untranslated, or left over from an old version. */
#include "general_helpers.h"

static uint32_t count_strings(const infa_model *m, uint32_t section)
{
    uint32_t n = 0;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, section, &it)) != INFA_NONE;)
        if (infa_model_line(m, li)->has_key)
            n++;
    return n;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t base = infa_model_find_section(m, "Strings", 7);
    if (base == INFA_NONE)
        return;
    uint32_t want = count_strings(m, base);
    const infa_section *bs = infa_model_section(m, base);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (s == base || !(sec->kinds & INFA_KIND_STRINGS) || sec->name_len <= 8 ||
            !infa_streq_nocase(sec->name, 8, "Strings."))
            continue;
        uint32_t got = count_strings(m, s);
        if (got == want)
            continue;
        const infa_block *b = infa_gen__first_block(m, sec);
        infa_finding *f = infa_rule_report(
            ctx, b->name_span, "[%.*s] defines %u strings, [%.*s] %u: translate the same keys",
            (int)sec->name_len, sec->name, got, (int)bs->name_len, bs->name, want);
        const infa_block *bb = infa_gen__first_block(m, bs);
        infa_finding_relate(f, bb->name_span, "[%.*s] is here", (int)bb->name_len, bb->name);
    }
}

const infa_rule infa_rule_strings_count_mismatch = {
    .info = {.id = "strings-count-mismatch",
             .summary = "[Strings.LCID] defines a different number of strings from [Strings]",
             .href = INFA_DOCS_STRINGS,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1295,
    .check = check,
};
