/* Every registered rule has documentation (docs/rules/<rule-id>.md, shown by
 * `inf-ls --explain`) whose examples behave: the ```inf bad example triggers
 * the rule, the ```inf fixed one does not. Its "InfVerif codes:" list holds
 * the rule's default code, and every code the rule reports in its own
 * examples and in its fixtures (tests/rules/<rule-id>/), so that settings by
 * code reach every rule that reports it.
 *
 * Usage: rule_explain_tests FIXTURES_DIR */
#include "infa.h"
#include "rule.h"
#include "testio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        failures++;                                                                                \
    } while (0)

/* The body of the block fenced as "```inf <tag>", or NULL. Caller frees. */
static char *block(const char *md, const char *tag)
{
    char fence[32];
    snprintf(fence, sizeof fence, "```inf %s\n", tag);
    const char *start = strstr(md, fence);
    if (!start)
        return NULL;
    start += strlen(fence);
    const char *end = strstr(start, "\n```");
    if (!end)
        return NULL;
    size_t n = (size_t)(end - start) + 1;
    char *s = malloc(n + 1);
    memcpy(s, start, n);
    s[n] = '\0';
    return s;
}

/* `; profile: NAME` on the first line, as in the fixtures. */
static infa_profile profile_of(const char *text)
{
    infa_profile p = INFA_PROFILE_ISOLATED;
    if (strncmp(text, "; profile: ", 11) != 0)
        return p;
    char name[32] = {0};
    sscanf(text + 11, "%31s", name);
    if (!infa_profile_parse(name, &p))
        FAIL("unknown profile '%s'", name);
    return p;
}

static bool code_listed(const char *rule_id, int code)
{
    size_t n;
    const int *codes = infa_rule_infverif_codes(rule_id, &n);
    for (size_t i = 0; i < n; i++)
        if (codes[i] == code)
            return true;
    return false;
}

/* Findings of rule_id in text; checks every finding's code is documented
 * by its rule. */
static size_t findings(const char *rule_id, const char *text, const char *where)
{
    infa_config *config = infa_config_new();
    infa_config_set_profile(config, profile_of(text));
    infa_document *doc = infa_document_new(text, strlen(text));
    /* An example is an .inf file in the encoding its bytes have. */
    infa_text_encoding enc = infa_encoding_detect(text, strlen(text));
    infa_document_set_origin(doc, "example.inf", &enc);
    infa_diagnostic_list *list = infa_document_diagnose(doc, config);
    size_t count = 0;
    for (size_t i = 0; i < infa_diagnostic_list_count(list); i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        if (rule_id && strcmp(d->rule_id, rule_id) == 0)
            count++;
        if (d->infverif_code && !code_listed(d->rule_id, d->infverif_code))
            FAIL("%s: %s reports InfVerif %d, which docs/rules/%s.md does not list", where,
                 d->rule_id, d->infverif_code, d->rule_id);
    }
    infa_diagnostic_list_delete(list);
    infa_document_delete(doc);
    infa_config_delete(config);
    return count;
}

static void check_rule(const infa_rule *rule, const char *fixtures)
{
    const char *id = rule->info.id;
    const char *md = infa_rule_explain(id);
    if (!md) {
        FAIL("%s: no docs/rules/%s.md", id, id);
        return;
    }
    char title[128];
    snprintf(title, sizeof title, "# %s\n", id);
    if (strncmp(md, title, strlen(title)) != 0)
        FAIL("%s: the documentation must start with '%s'", id, "# <rule-id>");
    if (!strstr(md, "\n## Why\n"))
        FAIL("%s: no '## Why' section", id);
    if (rule->info.href && !strstr(md, rule->info.href))
        FAIL("%s: the documentation does not link %s", id, rule->info.href);
    if (rule->infverif_code && !code_listed(id, rule->infverif_code))
        FAIL("%s: 'InfVerif codes:' lacks its default code %d", id, rule->infverif_code);
    char *bad = block(md, "bad"), *fixed = block(md, "fixed");
    if (!bad || !fixed) {
        FAIL("%s: needs an ```inf bad and an ```inf fixed example", id);
    } else {
        if (findings(id, bad, id) == 0)
            FAIL("%s: the bad example does not trigger the rule", id);
        if (findings(id, fixed, id) != 0)
            FAIL("%s: the fixed example still triggers the rule", id);
    }
    free(bad);
    free(fixed);

    char *dir = malloc(strlen(fixtures) + strlen(id) + 2);
    sprintf(dir, "%s/%s", fixtures, id);
    testio_files files;
    testio_inf_files(dir, &files);
    for (size_t i = 0; i < files.count; i++) {
        if (strstr(files.paths[i], ".fixed.inf"))
            continue;
        char *text = testio_read_inf(files.paths[i], NULL);
        if (text)
            findings(NULL, text, files.paths[i]);
        free(text);
    }
    testio_files_free(&files);
    free(dir);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; i < infa_engine_rule_total(); i++)
        check_rule(infa_engine_rule_entry(i), argv[1]);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    else
        printf("%zu rules documented, examples and codes checked\n", infa_engine_rule_total());
    return failures ? 1 : 0;
}
