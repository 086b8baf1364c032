/*
 * Rule fixture runner: `fixtures <folder>` checks one folder
 * tests/rules/<rule-id>/ (ctest runs one process per folder, as rule/<id>).
 *
 * Each case is `<case>.inf` with:
 *   <case>.expected      findings of THIS folder's rule, `LINE:COL severity`
 *                        (1-based line, 1-based byte column), optionally
 *                        followed by the InfVerif code the finding must
 *                        carry (`LINE:COL severity 1311`); empty = silent
 *   <case>.fixed.inf     optional: exact text after fix-all; the fixed text
 *                        must have no finding of the rule (and, for isolation
 *                        rules, no isolation finding unless listed in
 *                        <case>.fixed.allow)
 *   <case>.actions       optional: `LINE: title` (a quick fix with exactly
 *                        that title is offered on LINE) or `LINE: -` (this
 *                        rule offers no quick fix on LINE)
 * A first-line comment `; profile: universal` picks the profile (default
 * isolated). Every folder must name a registered rule and hold at least one
 * case with findings and one silent case.
 */
#define _POSIX_C_SOURCE 200809L

#include "infa.h"
#include "testio.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

/* The InfVerif codes the fixtures' findings carried: every code the rule
 * declares must come out of some case, and no other. */
static int seen_codes[64];
static size_t seen_count;

static void note_code(int code)
{
    for (size_t i = 0; i < seen_count; i++)
        if (seen_codes[i] == code)
            return;
    if (seen_count < sizeof(seen_codes) / sizeof(seen_codes[0]))
        seen_codes[seen_count++] = code;
}

static bool code_declared(const char *rule_id, int code)
{
    int codes[64];
    size_t n = infa_rule_attached_codes(rule_id, codes, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        if (codes[i] == code)
            return true;
    return false;
}

static void fail(const char *case_name, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "FAIL %s: ", case_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    failures++;
}

/* Whole file, NUL-terminated; NULL when it does not exist. Caller frees. */
static char *path_join(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Lines of text, trimmed, blank lines dropped. */
typedef struct {
    char **items;
    size_t count;
} lines;

static lines split_lines(const char *text)
{
    lines out = {NULL, 0};
    if (text == NULL)
        return out;
    const char *p = text;
    while (*p != '\0') {
        const char *e = p;
        while (*e != '\0' && *e != '\n')
            e++;
        const char *s = p, *t = e;
        while (s < t && isspace((unsigned char)*s))
            s++;
        while (t > s && isspace((unsigned char)t[-1]))
            t--;
        if (t > s) {
            out.items = realloc(out.items, (out.count + 1) * sizeof(*out.items));
            char *line = malloc((size_t)(t - s) + 1);
            memcpy(line, s, (size_t)(t - s));
            line[t - s] = '\0';
            out.items[out.count++] = line;
        }
        p = *e ? e + 1 : e;
    }
    return out;
}

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* `; profile: NAME` on the first line. */
static infa_profile profile_of(const char *text)
{
    infa_profile p = INFA_PROFILE_ISOLATED;
    const char *k = strstr(text, "profile:");
    const char *nl = strchr(text, '\n');
    if (text[0] != ';' || k == NULL || (nl != NULL && k > nl))
        return p;
    k += strlen("profile:");
    while (*k == ' ' || *k == '\t')
        k++;
    char name[32];
    size_t n = 0;
    while (n + 1 < sizeof(name) && isalpha((unsigned char)k[n])) {
        name[n] = k[n];
        n++;
    }
    name[n] = '\0';
    if (!infa_profile_parse(name, &p))
        fprintf(stderr, "warning: unknown profile '%s'\n", name);
    return p;
}

static bool word_listed(const char *list, const char *word)
{
    if (list == NULL)
        return false;
    size_t wl = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += wl) {
        bool start = p == list || isspace((unsigned char)p[-1]) || p[-1] == ',';
        bool end = p[wl] == '\0' || isspace((unsigned char)p[wl]) || p[wl] == ',';
        if (start && end)
            return true;
    }
    return false;
}

/* The folder's findings must match <case>.expected exactly (as a multiset). */
static size_t check_expected(const char *case_name, const char *rule_id, infa_document *doc,
                             const infa_config *config, const char *expected_text)
{
    infa_diagnostic_list *list = infa_document_diagnose(doc, config);
    lines actual = {NULL, 0};
    size_t doc_len;
    infa_document_text(doc, &doc_len);
    for (size_t i = 0; i < infa_diagnostic_list_count(list); i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        if (strcmp(d->rule_id, rule_id) != 0)
            continue;
        char buf[64];
        snprintf(buf, sizeof(buf), "%u:%u %s", d->range.start.row + 1, d->range.start.col + 1,
                 infa_severity_name(d->severity));
        /* With its code after a NUL, so an .expected line may name it or not. */
        char full[80];
        int fl = snprintf(full, sizeof(full), "%s%c%d", buf, '\0', d->infverif_code);
        actual.items = realloc(actual.items, (actual.count + 1) * sizeof(*actual.items));
        actual.items[actual.count++] = memcpy(malloc((size_t)fl + 1), full, (size_t)fl + 1);
        /* Conventions every finding must keep. */
        if (d->message == NULL || d->message[0] == '\0')
            fail(case_name, "%s: empty message", buf);
        if (d->range.end_byte < d->range.start_byte || d->range.end_byte > doc_len)
            fail(case_name, "%s: range %u..%u outside the text", buf, d->range.start_byte,
                 d->range.end_byte);
        if (d->infverif_code != 0) {
            char code[32];
            snprintf(code, sizeof(code), " (InfVerif %d)", d->infverif_code);
            size_t ml = strlen(d->message), cl = strlen(code);
            if (ml < cl || strcmp(d->message + ml - cl, code) != 0)
                fail(case_name, "%s: message does not end in \"%s\": %s", buf, code, d->message);
            if (!code_declared(rule_id, d->infverif_code))
                fail(case_name, "%s: InfVerif %d is not among the codes %s declares", buf,
                     d->infverif_code, rule_id);
            note_code(d->infverif_code);
        }
    }
    lines expected = split_lines(expected_text);
    bool same = actual.count == expected.count;
    bool *used = calloc(actual.count + 1, sizeof(bool));
    /* Lines that name a code first, so a line without one cannot take the
     * finding a coded line needs. */
    for (int pass = 0; pass < 2 && same; pass++)
        for (size_t e = 0; e < expected.count && same; e++) {
            const char *ex = expected.items[e];
            const char *sp = strchr(ex, ' ');
            const char *code = sp != NULL ? strchr(sp + 1, ' ') : NULL;
            if ((pass == 0) != (code != NULL))
                continue;
            size_t head = code != NULL ? (size_t)(code - ex) : strlen(ex);
            bool found = false;
            for (size_t i = 0; i < actual.count && !found; i++) {
                const char *ac = actual.items[i];
                if (used[i] || strlen(ac) != head || strncmp(ac, ex, head) != 0)
                    continue;
                if (code != NULL && atoi(code + 1) != atoi(ac + head + 1))
                    continue;
                used[i] = found = true;
            }
            same = found;
        }
    free(used);
    if (!same) {
        fail(case_name, "findings of %s differ from .expected", rule_id);
        fprintf(stderr, "  expected:\n");
        for (size_t i = 0; i < expected.count; i++)
            fprintf(stderr, "    %s\n", expected.items[i]);
        fprintf(stderr, "  actual:\n");
        for (size_t i = 0; i < infa_diagnostic_list_count(list); i++) {
            const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
            if (strcmp(d->rule_id, rule_id) == 0)
                fprintf(stderr, "    %u:%u %s  %s\n", d->range.start.row + 1,
                        d->range.start.col + 1, infa_severity_name(d->severity), d->message);
        }
    }
    size_t n = actual.count;
    lines_free(&actual);
    lines_free(&expected);
    infa_diagnostic_list_delete(list);
    return n;
}

static void check_fixed(const char *case_name, const infa_rule_info *rule, infa_document *doc,
                        const infa_config *config, const char *fixed_text, size_t fixed_len,
                        const char *allow)
{
    size_t len;
    const char *text = infa_document_text(doc, &len);
    infa_code_action_list *actions = infa_document_fix_all(doc, config);
    char *result;
    size_t result_len = len;
    if (infa_code_action_list_count(actions) == 0) {
        result = malloc(len + 1);
        memcpy(result, text, len + 1);
    } else {
        const infa_code_action *a = infa_code_action_list_get(actions, 0);
        result = infa_edits_apply(text, len, a->edits, a->edit_count, &result_len);
    }
    infa_code_action_list_delete(actions);
    if (result_len != fixed_len || memcmp(result, fixed_text, fixed_len) != 0) {
        fail(case_name, "fix-all result differs from .fixed.inf; got:\n%.*s", (int)result_len,
             result);
    }

    infa_document *fixed = infa_document_new(result, result_len);
    infa_diagnostic_list *list = infa_document_diagnose(fixed, config);
    for (size_t i = 0; i < infa_diagnostic_list_count(list); i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        const infa_rule_info *info = infa_rule_find(d->rule_id);
        bool own = strcmp(d->rule_id, rule->id) == 0;
        bool iso =
            rule->isolation && info != NULL && info->isolation && !word_listed(allow, d->rule_id);
        if (own || iso)
            fail(case_name, "after fix-all, %u:%u %s remains: %s", d->range.start.row + 1,
                 d->range.start.col + 1, d->rule_id, d->message);
    }
    infa_diagnostic_list_delete(list);
    infa_document_delete(fixed);
    free(result);
}

static void check_actions(const char *case_name, const infa_rule_info *rule, infa_document *doc,
                          const infa_config *config, const char *actions_text)
{
    lines want = split_lines(actions_text);
    for (size_t i = 0; i < want.count; i++) {
        char *colon = strchr(want.items[i], ':');
        long row = strtol(want.items[i], NULL, 10);
        if (colon == NULL || row < 1) {
            fail(case_name, ".actions line '%s' is not 'LINE: title'", want.items[i]);
            continue;
        }
        const char *title = colon + 1;
        while (*title == ' ' || *title == '\t')
            title++;
        infa_code_action_list *list =
            infa_document_code_actions(doc, config, (uint32_t)row - 1, (uint32_t)row - 1);
        bool none_wanted = strcmp(title, "-") == 0;
        bool found = false;
        for (size_t k = 0; k < infa_code_action_list_count(list); k++) {
            const infa_code_action *a = infa_code_action_list_get(list, k);
            if (none_wanted) {
                if (a->rule_id != NULL && strcmp(a->rule_id, rule->id) == 0 &&
                    strcmp(a->kind, "quickfix") == 0) {
                    fail(case_name, "line %ld: expected no quick fix, got '%s'", row, a->title);
                }
            } else if (strcmp(a->title, title) == 0) {
                found = true;
            }
        }
        if (!none_wanted && !found) {
            fail(case_name, "line %ld: no quick fix titled '%s'; offered:", row, title);
            for (size_t k = 0; k < infa_code_action_list_count(list); k++)
                fprintf(stderr, "    '%s'\n", infa_code_action_list_get(list, k)->title);
        }
        infa_code_action_list_delete(list);
    }
    lines_free(&want);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s tests/rules/<rule-id>\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    const char *slash = strrchr(dir, '/');
    char rule_id[256];
    snprintf(rule_id, sizeof(rule_id), "%s", slash != NULL ? slash + 1 : dir);
    size_t rl = strlen(rule_id);
    while (rl > 0 && rule_id[rl - 1] == '/')
        rule_id[--rl] = '\0';

    const infa_rule_info *rule = infa_rule_find(rule_id);
    if (rule == NULL) {
        fprintf(stderr, "FAIL: folder '%s' names no registered rule\n", rule_id);
        return 1;
    }

    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "FAIL: cannot open %s\n", dir);
        return 1;
    }
    lines cases = {NULL, 0};
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!ends_with(e->d_name, ".inf") || ends_with(e->d_name, ".fixed.inf"))
            continue;
        cases.items = realloc(cases.items, (cases.count + 1) * sizeof(*cases.items));
        size_t n = strlen(e->d_name) - 4;
        char *c = malloc(n + 1);
        memcpy(c, e->d_name, n);
        c[n] = '\0';
        cases.items[cases.count++] = c;
    }
    closedir(d);
    if (cases.count > 1)
        qsort(cases.items, cases.count, sizeof(char *), cmp_str);

    size_t silent = 0, positive = 0;
    for (size_t i = 0; i < cases.count; i++) {
        const char *c = cases.items[i];
        char *inf_path = path_join(dir, c, ".inf");
        char *exp_path = path_join(dir, c, ".expected");
        char *fix_path = path_join(dir, c, ".fixed.inf");
        char *allow_path = path_join(dir, c, ".fixed.allow");
        char *act_path = path_join(dir, c, ".actions");
        size_t len, fixed_len = 0;
        char *text = testio_read_file(inf_path, &len);
        char *expected = testio_read_file(exp_path, NULL);
        char *fixed = testio_read_file(fix_path, &fixed_len);
        char *allow = testio_read_file(allow_path, NULL);
        char *actions = testio_read_file(act_path, NULL);
        char label[512];
        snprintf(label, sizeof(label), "%s/%s", rule_id, c);

        int before = failures;
        if (expected == NULL) {
            fail(label, "missing %s.expected", c);
        } else {
            /* As --check reads a file: decoded, with its name and encoding
             * (encoding-not-ansi, arch-token-unresolved read them). */
            infa_text_encoding enc;
            size_t raw_len = len;
            char *raw = text;
            text = infa_text_decode(raw ? raw : "", raw ? raw_len : 0, &enc, &len);
            free(raw);
            infa_config *config = infa_config_new();
            infa_config_set_profile(config, profile_of(text));
            infa_document *doc = infa_document_new(text, len);
            infa_document_set_origin(doc, inf_path, &enc);
            size_t n = check_expected(label, rule_id, doc, config, expected);
            lines el = split_lines(expected);
            if (el.count == 0)
                silent++;
            else
                positive++;
            lines_free(&el);
            (void)n;
            if (fixed != NULL)
                check_fixed(label, rule, doc, config, fixed, fixed_len, allow);
            if (actions != NULL)
                check_actions(label, rule, doc, config, actions);
            infa_document_delete(doc);
            infa_config_delete(config);
        }
        printf("%s %s\n", failures == before ? "ok" : "not ok", label);
        free(text);
        free(expected);
        free(fixed);
        free(allow);
        free(actions);
        free(inf_path);
        free(exp_path);
        free(fix_path);
        free(allow_path);
        free(act_path);
    }
    lines_free(&cases);

    if (positive == 0)
        fail(rule_id, "no case where the rule reports (every folder needs one)");
    if (silent == 0)
        fail(rule_id, "no silent case (an empty .expected); every folder needs one");
    int declared[64];
    size_t nd = infa_rule_attached_codes(rule_id, declared, 64);
    for (size_t i = 0; i < nd && i < 64; i++) {
        bool seen = false;
        for (size_t k = 0; k < seen_count && !seen; k++)
            seen = seen_codes[k] == declared[i];
        if (!seen)
            fail(rule_id, "declares InfVerif %d but no case's finding carries it", declared[i]);
    }
    if (failures) {
        fprintf(stderr, "%d failure(s) in %s\n", failures, rule_id);
        return 1;
    }
    printf("%s: %zu positive, %zu silent case(s) pass\n", rule_id, positive, silent);
    return 0;
}
