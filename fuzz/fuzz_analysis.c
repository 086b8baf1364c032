/* bytes → decode → document → model → every rule in every profile → hover
 * and completion at offsets taken from the input → every fix applied → the
 * fixed text re-analysed.
 * Invariants: no crash, leak or UBSan report (the sanitizers); every range
 * and edit lies inside the document; the --fix loop applied to its own
 * output changes nothing. */
#include "infa.h"
#include "infa_encoding.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The --fix loop of server/srv_check.c (SRV_FIX_PASSES). */
#define FIX_PASSES 4

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_analysis: %s:%d: invariant broken: %s\n", __FILE__, __LINE__,    \
                    #cond);                                                                        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void check_range(infa_document *doc, infa_range r)
{
    size_t len;
    infa_document_text(doc, &len);
    REQUIRE(r.start_byte <= r.end_byte);
    REQUIRE(r.end_byte <= len);
    infa_point s = infa_document_point_at(doc, r.start_byte);
    infa_point e = infa_document_point_at(doc, r.end_byte);
    REQUIRE(s.row == r.start.row && s.col == r.start.col);
    REQUIRE(e.row == r.end.row && e.col == r.end.col);
}

/* Edits sorted, non-overlapping, inside the document. */
static void check_action(infa_document *doc, const infa_code_action *a)
{
    REQUIRE(a->title && a->kind);
    uint32_t prev_end = 0;
    for (size_t i = 0; i < a->edit_count; i++) {
        const infa_text_edit *e = &a->edits[i];
        check_range(doc, e->range);
        REQUIRE(e->new_text);
        REQUIRE(i == 0 || e->range.start_byte >= prev_end);
        prev_end = e->range.end_byte;
    }
}

/* Applies the first fix-all action, or returns NULL when there is none. */
static char *fix_all_once(infa_document *doc, const infa_config *config, size_t *out_len)
{
    infa_code_action_list *list = infa_document_fix_all(doc, config);
    char *fixed = NULL;
    for (size_t i = 0; i < infa_code_action_list_count(list) && !fixed; i++) {
        const infa_code_action *a = infa_code_action_list_get(list, i);
        check_action(doc, a);
        if (a->edit_count == 0)
            continue;
        size_t len;
        const char *text = infa_document_text(doc, &len);
        fixed = infa_edits_apply(text, len, a->edits, a->edit_count, out_len);
    }
    infa_code_action_list_delete(list);
    return fixed;
}

/* What --fix writes: fix-all until the text stops changing. Caller frees. */
static char *fix_loop(const char *text, size_t len, const infa_config *config, size_t *out_len)
{
    char *cur = malloc(len + 1);
    memcpy(cur, text, len);
    cur[len] = 0;
    size_t cur_len = len;
    for (int pass = 0; pass < FIX_PASSES; pass++) {
        infa_document *doc = infa_document_new(cur, cur_len);
        size_t n;
        char *fixed = fix_all_once(doc, config, &n);
        infa_document_delete(doc);
        if (!fixed)
            break;
        bool same = n == cur_len && memcmp(fixed, cur, n) == 0;
        free(cur);
        cur = fixed;
        cur_len = n;
        if (same)
            break;
    }
    *out_len = cur_len;
    return cur;
}

static uint32_t offset_from(const uint8_t *data, size_t size, size_t at, size_t len)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 4; i++)
        v = (v << 8) | (size ? data[(at + i) % size] : 0);
    return len ? v % (uint32_t)(len + 1) : 0;
}

static void analyse(infa_document *doc, infa_config *config, const uint8_t *data, size_t size,
                    bool fixes)
{
    size_t len;
    infa_document_text(doc, &len);

    infa_diagnostic_list *diags = infa_document_diagnose(doc, config);
    for (size_t i = 0; i < infa_diagnostic_list_count(diags); i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(diags, i);
        REQUIRE(d->rule_id && d->message);
        REQUIRE(d->severity != INFA_SEVERITY_OFF);
        check_range(doc, d->range);
        for (size_t k = 0; k < d->related_count; k++) {
            check_range(doc, d->related[k].range);
            REQUIRE(d->related[k].message);
        }
    }
    infa_diagnostic_list_delete(diags);

    /* Hover and completion at a few offsets the input chooses, plus the
     * ends. */
    for (size_t k = 0; k < 6; k++) {
        uint32_t at = k == 0 ? 0 : k == 1 ? (uint32_t)len : offset_from(data, size, k * 4, len);
        infa_hover *h = infa_document_hover(doc, config, at);
        if (h) {
            REQUIRE(infa_hover_markdown(h));
            check_range(doc, infa_hover_range(h));
            infa_hover_delete(h);
        }
        infa_completion_list *c = infa_document_complete(doc, config, at);
        check_range(doc, infa_completion_list_range(c));
        for (size_t i = 0; i < infa_completion_list_count(c); i++) {
            const infa_completion_item *it = infa_completion_list_get(c, i);
            REQUIRE(it->label && it->insert_text);
        }
        infa_completion_list_delete(c);
    }

    if (!fixes)
        return;

    /* Every quick fix applied, and the result re-analysed. */
    uint32_t rows = infa_document_line_count(doc);
    infa_code_action_list *actions = infa_document_code_actions(doc, config, 0, rows);
    for (size_t i = 0; i < infa_code_action_list_count(actions); i++) {
        const infa_code_action *a = infa_code_action_list_get(actions, i);
        check_action(doc, a);
        if (a->edit_count == 0)
            continue;
        const char *text = infa_document_text(doc, &len);
        size_t n;
        char *fixed = infa_edits_apply(text, len, a->edits, a->edit_count, &n);
        infa_document *after = infa_document_new(fixed, n);
        infa_diagnostic_list_delete(infa_document_diagnose(after, config));
        infa_document_delete(after);
        free(fixed);
    }
    infa_code_action_list_delete(actions);

    /* --fix is idempotent: fixing its own output changes nothing. */
    const char *text = infa_document_text(doc, &len);
    size_t n1, n2;
    char *once = fix_loop(text, len, config, &n1);
    char *twice = fix_loop(once, n1, config, &n2);
    if (n1 != n2 || memcmp(once, twice, n1) != 0) {
        fprintf(stderr,
                "fuzz_analysis: fixing the fixed text changed it (profile %s)\n"
                "once:\n%.*s\ntwice:\n%.*s\n",
                infa_profile_name(infa_config_profile(config)), (int)n1, once, (int)n2, twice);
        abort();
    }
    free(once);
    free(twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0; /* big inputs only slow the search; the limit tests cover size */
    infa_text_encoding enc;
    size_t len;
    char *text = infa_text_decode((const char *)data, size, &enc, &len);
    infa_document *doc = infa_document_new(text, len);
    static const infa_profile profiles[] = {INFA_PROFILE_ISOLATED, INFA_PROFILE_UNIVERSAL,
                                            INFA_PROFILE_DECLARATIVE, INFA_PROFILE_DESKTOP};
    for (size_t p = 0; p < sizeof profiles / sizeof *profiles; p++) {
        infa_config *config = infa_config_new();
        infa_config_set_profile(config, profiles[p]);
        /* Rules that are off by default run too: every rule, every profile. */
        for (size_t r = 0; r < infa_rule_count(); r++)
            if (infa_rule_at(r)->default_severity == INFA_SEVERITY_OFF)
                infa_config_set_severity(config, infa_rule_at(r)->id, INFA_SEVERITY_HINT);
        /* Applying fixes costs a parse each: one profile per input, chosen
         * by its first byte, keeps the search fast. */
        analyse(doc, config, data, size, size == 0 || data[0] % 4 == p);
        infa_config_delete(config);
    }
    infa_document_delete(doc);
    free(text);
    return 0;
}
