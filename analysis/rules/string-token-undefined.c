/* string-token-undefined: a %strkey% token with no definition in [Strings]
 * (InfVerif 1235). SetupAPI leaves such a token as written, so text meant as
 * an environment variable (%SystemRoot%) must be written %%SystemRoot%%; for
 * well-known variable names the fix does exactly that. */
#include "general_helpers.h"

static bool in_strings_section(const infa_model *m, const infa_line *l)
{
    if (l->block == INFA_NONE)
        return true; /* before any header: not substituted by anything */
    const infa_block *b = infa_model_block(m, l->block);
    const infa_section *s = infa_model_section(m, b->section);
    if (s->kinds & INFA_KIND_STRINGS)
        return true;
    /* [Strings.0407] even if the model did not mark it */
    return s->name_len >= 7 && infa_strncasecmp(s->name, 7, "Strings", 7) == 0 &&
           (s->name_len == 7 || s->name[7] == '.');
}

/* The defined key closest to name, or NULL. */
static const char *closest_key(const infa_model *m, const char *name, size_t len, uint32_t *out_len,
                               uint32_t *budget)
{
    if (*budget < infa_model_string_key_count(m))
        return NULL;
    *budget -= infa_model_string_key_count(m);
    size_t cap = infa_gen__typo_cap(len), best = cap + 1;
    const char *hit = NULL;
    for (uint32_t i = 0; i < infa_model_string_key_count(m); i++) {
        uint32_t klen;
        const char *key = infa_model_string_key(m, i, &klen);
        size_t d = infa_gen__distance(name, len, key, klen, cap);
        if (d < best) {
            best = d;
            hit = key;
            *out_len = klen;
        }
    }
    return hit;
}

/* The line end the file already uses before `pos`, so added lines match. */
static const char *line_end_before(const char *text, uint32_t pos)
{
    if (pos >= 2 && text[pos - 2] == '\r' && text[pos - 1] == '\n')
        return "\r\n";
    if (pos >= 1 && text[pos - 1] == '\n')
        return "\n";
    if (pos >= 1 && text[pos - 1] == '\r')
        return "\r";
    return "\r\n";
}

/* Offers `name = ""` as a new last line of [Strings] (or a new [Strings]
 * section at the end): the value is the author's to write, so fix-all never
 * applies it. */
static void offer_definition(infa_finding *f, const infa_model *m, const char *text,
                             size_t text_len, const char *name, size_t len)
{
    uint32_t sec = infa_model_find_section(m, "Strings", 7);
    uint32_t row;
    bool new_section = sec == INFA_NONE;
    if (new_section) {
        /* The line end is the last block's (or the preamble's): read it
         * through the model, so that the engine knows the fix depends on
         * it. */
        uint32_t nb = infa_model_block_count(m);
        if (nb > 0)
            (void)infa_model_block(m, nb - 1);
        else
            (void)infa_model_preamble_line_count(m);
        row = infa_model_row_at(m, (uint32_t)text_len);
    } else {
        const infa_section *s = infa_model_section(m, sec);
        const infa_block *b = infa_model_block(m, s->blocks[s->block_count - 1]);
        uint32_t last = b->line_count ? b->first_line + b->line_count - 1 : INFA_NONE;
        row = last != INFA_NONE ? infa_model_row_at(m, infa_model_line(m, last)->span.end)
                                : b->header_row;
    }
    uint32_t pos = infa_model_row_start(m, row + 1);
    if (pos > text_len)
        pos = (uint32_t)text_len;
    const char *eol = line_end_before(text, pos);
    /* The last row may have no line end: start the new line with one. */
    bool at_eof_no_eol =
        pos == text_len && pos > 0 && text[pos - 1] != '\n' && text[pos - 1] != '\r';
    infa_buf add = {0};
    if (at_eof_no_eol)
        infa_buf_append_str(&add, eol);
    if (new_section)
        infa_buf_printf(&add, "[Strings]%s", eol);
    infa_buf_printf(&add, "%.*s = \"\"%s", (int)len, name, eol);
    infa_fix *fix =
        infa_finding_add_fix(f, false, false, "Define %.*s in [Strings]", (int)len, name);
    infa_span at = {pos, pos};
    infa_fix_edit(fix, at, add.data, add.len);
    infa_buf_free(&add);
}

static void check_field(infa_rule_ctx *ctx, const infa_model *m, const char *text, size_t text_len,
                        bool have_strings, infa_span span, uint32_t *budget)
{
    {
        /* tokens_in's array is only valid until its next call: one field at
         * a time, finished before the next. */
        const infa_token *toks;
        uint32_t n = infa_model_tokens_in(m, span, &toks);
        for (uint32_t ti = 0; ti < n; ti++) {
            const infa_token *t = &toks[ti];
            if (t->kind != INFA_TOKEN_STRKEY || t->name.end > text_len)
                continue;
            const char *name = text + t->name.start;
            size_t len = t->name.end - t->name.start;
            if (len == 0)
                continue;
            const infa_string_def *defs;
            if (infa_model_string_defs(m, name, len, &defs) > 0)
                continue;
            infa_finding *f;
            if (infa_kb_env_var_is(name, len)) {
                f = infa_rule_report(ctx, t->span,
                                     "%%%.*s%% is not a string key: to keep the environment "
                                     "variable literally, write %%%%%.*s%%%%",
                                     INFA_GEN_CLIP(len), name, INFA_GEN_CLIP(len), name);
                char *repl = infa_xasprintf("%%%%%.*s%%%%", (int)len, name);
                infa_fix *fix = infa_finding_add_fix(f, true, true, "Write %s", repl);
                infa_fix_edit(fix, t->span, repl, strlen(repl));
                free(repl);
                continue;
            }
            uint32_t klen = 0;
            const char *near = closest_key(m, name, len, &klen, budget);
            if (near != NULL) {
                f = infa_rule_report(ctx, t->span,
                                     "String key %%%.*s%% is not defined in [Strings]; did you "
                                     "mean %%%.*s%%?",
                                     INFA_GEN_CLIP(len), name, (int)klen, near);
                const infa_string_def *nd;
                if (infa_model_string_defs(m, near, klen, &nd) > 0) {
                    const infa_line *dl = infa_model_line(m, nd[0].line);
                    infa_finding_relate(f, dl->span, "%%%.*s%% is defined here", (int)klen, near);
                }
                infa_fix *fix =
                    infa_finding_add_fix(f, false, true, "Change to %%%.*s%%", (int)klen, near);
                infa_fix_edit(fix, t->name, near, klen);
                offer_definition(f, m, text, text_len, name, len);
            } else {
                f = infa_rule_report(ctx, t->span,
                                     "String key %%%.*s%% is not defined%s; for a literal "
                                     "'%%%.*s%%' write '%%%%%.*s%%%%'",
                                     INFA_GEN_CLIP(len), name,
                                     have_strings ? " in [Strings]" : " (the INF has no [Strings])",
                                     INFA_GEN_CLIP(len), name, INFA_GEN_CLIP(len), name);
                offer_definition(f, m, text, text_len, name, len);
            }
        }
    }
}

/* Per block: a token's finding depends on its own line, the strings
 * tables and where [Strings] ends (the fix's place), so an edit runs the
 * rule on the edited block only. Suggestions are budgeted per block. */
static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    size_t text_len;
    const char *text = infa_model_text(m, &text_len);
    bool have_strings = infa_model_find_kind(m, INFA_KIND_STRINGS) != INFA_NONE ||
                        infa_model_find_section(m, "Strings", 7) != INFA_NONE;
    uint32_t budget = INFA_GEN_SUGGEST_BUDGET;

    uint32_t first, n = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + n; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (in_strings_section(m, l))
            continue;
        /* Token by token within each field: SetupAPI substitutes per field,
         * so `%a, b%` spanning a comma is no token at all. */
        for (uint32_t fi = 0; fi <= l->field_count; fi++) {
            const infa_field *fld = fi < l->field_count ? &l->fields[fi]
                                    : l->has_key        ? &l->key
                                                        : NULL;
            if (fld == NULL || fld->span.end <= fld->span.start)
                continue;
            check_field(ctx, m, text, text_len, have_strings, fld->span, &budget);
        }
    }
}

const infa_rule infa_rule_string_token_undefined = {
    .info = {.id = "string-token-undefined",
             .summary = "A %strkey% token has no definition in [Strings]",
             .href = INFA_DOCS_STRINGS,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1235,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_SECTIONS | INFA_FACT_STRINGS,
    .check_block = check_block,
};
