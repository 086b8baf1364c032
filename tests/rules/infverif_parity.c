/* InfVerif parity (issue 18).
 *
 *   infverif_parity table README.md tests/rules/README.md
 *     The classification table in tests/rules/README.md has one row for each
 *     of InfVerif's documented codes (the kb's table); every "implemented"
 *     (or "implemented (subset)", which must say what it does not cover)
 *     row names registered rules that declare the code, and every code a rule
 *     declares is classified "implemented"; README.md states the coverage.
 *
 *   infverif_parity levels infverif-codes.tsv tests/rules
 *     Every code a rule declares is documented, and over every rule fixture,
 *     in each of the declarative, universal and isolated profiles, a finding
 *     with an InfVerif code has exactly the tsv's /k, /u, /w level (and none
 *     comes out where the level is None). Exit 77 when the tsv is absent.
 */
#include "infa.h"
#include "testio.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "FAIL: " __VA_ARGS__);                                                     \
        fputc('\n', stderr);                                                                       \
        failures++;                                                                                \
    } while (0)

#define MAX_CODES 400

/* ---- shared helpers --------------------------------------------------------- */

static bool rule_declares(const char *rule_id, int code)
{
    int codes[64];
    size_t n = infa_rule_attached_codes(rule_id, codes, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        if (codes[i] == code)
            return true;
    return false;
}

/* Splits "| a | b | c |" into trimmed cells (in place). */
static int split_cells(char *line, char **cells, int max)
{
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
        line[--len] = '\0';
    if (len < 2 || line[0] != '|' || line[len - 1] != '|')
        return 0;
    line[len - 1] = '\0';
    int n = 0;
    char *p = line + 1;
    while (p != NULL && n < max) {
        char *bar = strchr(p, '|');
        if (bar != NULL)
            *bar = '\0';
        while (*p == ' ')
            p++;
        char *e = p + strlen(p);
        while (e > p && e[-1] == ' ')
            *--e = '\0';
        cells[n++] = p;
        p = bar != NULL ? bar + 1 : NULL;
    }
    return n;
}

/* ---- table ------------------------------------------------------------------- */

static int check_table(const char *readme_path, const char *table_path)
{
    char *text = testio_read_file(table_path, NULL);
    char *readme = testio_read_file(readme_path, NULL);
    if (text == NULL || readme == NULL) {
        fprintf(stderr, "FAIL: cannot read %s or %s\n", table_path, readme_path);
        free(text);
        free(readme);
        return 1;
    }
    static const char header[] = "| code | k | u | w | status | rule or reason |";
    char *at = strstr(text, header);
    if (at == NULL) {
        fprintf(stderr, "FAIL: %s has no table with header %s\n", table_path, header);
        free(text);
        free(readme);
        return 1;
    }
    static bool seen[10000];
    int rows = 0, implemented = 0, partial = 0;
    char *line = strchr(at, '\n');
    line = line ? strchr(line + 1, '\n') : NULL; /* skip the |---| row */
    while (line != NULL) {
        line++;
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next = '\0';
        char *cells[8];
        int n = split_cells(line, cells, 8);
        if (n == 0)
            break;
        rows++;
        int code = atoi(cells[0]);
        if (n != 6 || code < 1000 || code > 9999) {
            FAIL("malformed row: %s", line);
        } else if (seen[code]) {
            FAIL("code %d has two rows", code);
        } else {
            seen[code] = true;
            if (infa_infverif_message(code) == NULL)
                FAIL("code %d is not one of InfVerif's documented codes", code);
            const char *st = cells[4];
            /* "implemented (subset)": the rules catch the part of the code's
             * trigger that the documentation makes certain; the last cell
             * says what is and is not covered. */
            bool subset = strcmp(st, "implemented (subset)") == 0;
            if (subset && strstr(cells[5], "not:") == NULL)
                FAIL("code %d: a subset row must say what it does not cover (\"not: ...\")", code);
            if (strcmp(st, "implemented") == 0 || subset) {
                implemented++;
                partial += subset;
                /* "rule-a, rule-b (...)": every listed rule must declare it. */
                char ids[1024];
                snprintf(ids, sizeof(ids), "%s", cells[5]);
                char *paren = strchr(ids, '(');
                if (paren != NULL)
                    *paren = '\0';
                int named = 0;
                for (char *tok = strtok(ids, ", `"); tok != NULL; tok = strtok(NULL, ", `")) {
                    named++;
                    if (infa_rule_find(tok) == NULL)
                        FAIL("code %d: '%s' is not a registered rule", code, tok);
                    else if (!rule_declares(tok, code))
                        FAIL("code %d: rule %s does not attach it", code, tok);
                }
                if (named == 0)
                    FAIL("code %d is implemented by no named rule", code);
            } else if (strcmp(st, "decidable") != 0 && strcmp(st, "undocumented") != 0 &&
                       strcmp(st, "not decidable") != 0) {
                FAIL("code %d: status '%s' is not implemented, implemented (subset), decidable, "
                     "undocumented or not decidable",
                     code, st);
            } else if (cells[5][0] == '\0') {
                FAIL("code %d: a %s row must say what it needs", code, st);
            } else {
                /* No registered rule may attach a code the table calls unimplemented. */
                for (size_t i = 0; i < infa_rule_count(); i++)
                    if (rule_declares(infa_rule_at(i)->id, code))
                        FAIL("code %d is '%s' but rule %s attaches it", code, st,
                             infa_rule_at(i)->id);
            }
        }
        line = next;
    }
    /* The codes a rule's documentation lists (--explain, settings by code)
     * are the codes its descriptor attaches. */
    for (size_t i = 0; i < infa_rule_count(); i++) {
        const char *id = infa_rule_at(i)->id;
        int codes[64];
        size_t n = infa_rule_attached_codes(id, codes, 64);
        size_t nd;
        const int *doc = infa_rule_infverif_codes(id, &nd);
        bool same = n == nd;
        for (size_t k = 0; same && k < nd; k++)
            same = rule_declares(id, doc[k]);
        if (!same)
            FAIL("rule %s: docs/rules/%s.md lists %zu InfVerif codes, the rule attaches %zu (or "
                 "others)",
                 id, id, nd, n);
    }
    /* Every documented code has a row. */
    for (int code = 1000; code < 10000; code++)
        if (infa_infverif_message(code) != NULL && !seen[code])
            FAIL("code %d has no row", code);
    if (rows != 202)
        FAIL("%d rows, expected one per documented code (202)", rows);
    char claim[64];
    snprintf(claim, sizeof(claim), "%d of 202 documented InfVerif codes", implemented);
    if (strstr(readme, claim) == NULL)
        FAIL("%s does not state the coverage \"%s\"", readme_path, claim);
    snprintf(claim, sizeof(claim), "%d of them in part", partial);
    if (partial > 0 && strstr(readme, claim) == NULL)
        FAIL("%s does not state the partial coverage \"%s\"", readme_path, claim);
    printf("%d rows, %d implemented (%d in part)\n", rows, implemented, partial);
    free(text);
    free(readme);
    return failures ? 1 : 0;
}

/* ---- levels -------------------------------------------------------------------- */

typedef struct {
    int code;
    infa_severity level[3]; /* declarative (k), universal (u), isolated (w) */
} tsv_row;

static const infa_profile modes[3] = {INFA_PROFILE_DECLARATIVE, INFA_PROFILE_UNIVERSAL,
                                      INFA_PROFILE_ISOLATED};

static tsv_row tsv[MAX_CODES];
static size_t tsv_count;

static const tsv_row *tsv_find(int code)
{
    for (size_t i = 0; i < tsv_count; i++)
        if (tsv[i].code == code)
            return &tsv[i];
    return NULL;
}

static bool parse_level(const char *s, infa_severity *out)
{
    if (strcmp(s, "Error") == 0)
        *out = INFA_SEVERITY_ERROR;
    else if (strcmp(s, "Warning") == 0)
        *out = INFA_SEVERITY_WARNING;
    else if (strcmp(s, "None") == 0)
        *out = INFA_SEVERITY_OFF;
    else
        return false;
    return true;
}

static bool load_tsv(char *text)
{
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !isdigit((unsigned char)line[0]))
            continue;
        char *f[5] = {line, NULL, NULL, NULL, NULL};
        for (int i = 1; i < 5; i++) {
            f[i] = f[i - 1] ? strchr(f[i - 1], '\t') : NULL;
            if (f[i] != NULL)
                *f[i]++ = '\0';
        }
        if (f[4] == NULL || tsv_count == MAX_CODES)
            return false;
        tsv_row *r = &tsv[tsv_count++];
        r->code = atoi(f[0]);
        for (int m = 0; m < 3; m++)
            if (!parse_level(f[1 + m], &r->level[m]))
                return false;
    }
    return tsv_count > 0;
}

static void check_file(const char *path, size_t *findings)
{
    size_t len;
    char *text = testio_read_inf(path, &len);
    if (text == NULL)
        return;
    infa_document *doc = infa_document_new(text, len);
    for (int m = 0; m < 3; m++) {
        infa_config *config = infa_config_new();
        infa_config_set_profile(config, modes[m]);
        infa_diagnostic_list *list = infa_document_diagnose(doc, config);
        for (size_t i = 0; i < infa_diagnostic_list_count(list); i++) {
            const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
            if (d->infverif_code == 0)
                continue;
            (*findings)++;
            const tsv_row *r = tsv_find(d->infverif_code);
            if (r == NULL)
                FAIL("%s:%u: %s attaches undocumented code %d", path, d->range.start.row + 1,
                     d->rule_id, d->infverif_code);
            else if (d->severity != r->level[m])
                FAIL("%s:%u: %s (InfVerif %d) is %s in %s, the table says %s", path,
                     d->range.start.row + 1, d->rule_id, d->infverif_code,
                     infa_severity_name(d->severity), infa_profile_name(modes[m]),
                     infa_severity_name(r->level[m]));
        }
        infa_diagnostic_list_delete(list);
        infa_config_delete(config);
    }
    infa_document_delete(doc);
    free(text);
}

static int check_levels(const char *tsv_path, const char *rules_dir)
{
    char *text = testio_read_file(tsv_path, NULL);
    if (text == NULL) {
        fprintf(stderr, "skip: cannot read %s\n", tsv_path);
        return 77;
    }
    if (!load_tsv(text)) {
        fprintf(stderr, "FAIL: %s is malformed\n", tsv_path);
        free(text);
        return 1;
    }
    free(text);
    /* The API's levels for every declared code. */
    size_t declared = 0;
    for (size_t i = 0; i < infa_rule_count(); i++) {
        const char *id = infa_rule_at(i)->id;
        int codes[64];
        size_t n = infa_rule_attached_codes(id, codes, 64);
        for (size_t k = 0; k < n && k < 64; k++) {
            declared++;
            const tsv_row *r = tsv_find(codes[k]);
            if (r == NULL) {
                FAIL("rule %s declares undocumented code %d", id, codes[k]);
                continue;
            }
            for (int m = 0; m < 3; m++) {
                infa_severity s;
                if (!infa_infverif_level(codes[k], modes[m], &s) || s != r->level[m])
                    FAIL("rule %s, code %d: level in %s differs from the table", id, codes[k],
                         infa_profile_name(modes[m]));
            }
        }
    }
    /* And what the rules actually report over their fixtures. */
    testio_files files;
    testio_inf_files(rules_dir, &files);
    size_t findings = 0, checked = 0;
    for (size_t i = 0; i < files.count; i++) {
        size_t pl = strlen(files.paths[i]);
        if (pl > 10 && strcmp(files.paths[i] + pl - 10, ".fixed.inf") == 0)
            continue;
        checked++;
        check_file(files.paths[i], &findings);
    }
    testio_files_free(&files);
    printf("%zu documented codes, %zu declared by rules, %zu fixture files, %zu coded findings\n",
           tsv_count, declared, checked, findings);
    if (findings == 0)
        FAIL("no coded finding in %s", rules_dir);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "table") == 0)
        return check_table(argv[2], argv[3]);
    if (argc == 4 && strcmp(argv[1], "levels") == 0)
        return check_levels(argv[2], argv[3]);
    fprintf(stderr,
            "usage: %s table README.md tests/rules/README.md\n"
            "       %s levels infverif-codes.tsv tests/rules\n",
            argv[0], argv[0]);
    return 2;
}
