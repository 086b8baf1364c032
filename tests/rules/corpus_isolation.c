/*
 * The isolation rules over the shared corpus, `isolated` profile (~ InfVerif
 * /w): prints the number of findings per isolation rule (and how many files
 * each hits), with a few examples, for review; then asserts what must hold:
 *
 * - no dirid-not-13 error in a "DIRID-13 package": a file whose every
 *   [DestinationDirs] value is 13 (e.g. the current Windows-driver-samples,
 *   which Microsoft builds with InfVerif). The test decides that from the
 *   text with its own small scanner, not from the model the rule reads;
 * - every fix-all result re-checks without any dirid-not-13 error that has
 *   a fix (a fix must remove what it fixes), and fix-all is idempotent.
 *
 *   rule_corpus_isolation <corpus-dir> [--examples N] [--rule ID]
 *
 * Exits 77 (skip) when the corpus is absent.
 */
#define _POSIX_C_SOURCE 200809L

#include "infa.h"
#include "infa_encoding.h"
#include "testio.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Independent of the model: true when the text has a [DestinationDirs]
 * section and every entry's first value is 13. */
static bool all_destinations_13(const char *text, size_t len)
{
    bool in_dd = false, any = false;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        const char *a = p, *b = eol;
        const char *semi = memchr(a, ';', (size_t)(b - a));
        if (semi)
            b = semi;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        if (a < b && *a == '[') {
            in_dd = (size_t)(b - a) >= 17 && strncasecmp(a, "[DestinationDirs]", 17) == 0;
        } else if (in_dd && a < b) {
            const char *eq = memchr(a, '=', (size_t)(b - a));
            if (eq != NULL) {
                const char *v = eq + 1;
                while (v < b && isspace((unsigned char)*v))
                    v++;
                const char *ve = v;
                while (ve < b && *ve != ',' && !isspace((unsigned char)*ve))
                    ve++;
                any = true;
                if (ve - v != 2 || strncmp(v, "13", 2) != 0)
                    return false;
            }
        }
        p = eol + 1;
    }
    return any;
}

/* Is row `row` of `after` word for word a line of `before`? Then fix-all did
 * not touch it: its fix was one fix-all does not apply (not safe). */
static bool line_in(const char *before, size_t blen, const char *after, size_t alen, uint32_t row)
{
    const char *p = after, *end = after + alen;
    for (uint32_t r = 0; r < row && p < end; r++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *e = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((e ? e : end) - p);
    for (const char *q = before; q + n <= before + blen;) {
        if ((q == before || q[-1] == '\n') && memcmp(q, p, n) == 0 &&
            (q + n == before + blen || q[n] == '\n'))
            return true;
        const char *nl = memchr(q, '\n', (size_t)(before + blen - q));
        if (nl == NULL)
            break;
        q = nl + 1;
    }
    return false;
}

typedef struct {
    const char *id;
    size_t findings, files, errors;
    size_t examples_shown;
    const char *last_file;
} rule_count;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <corpus-dir> [--examples N] [--rule ID]\n", argv[0]);
        return 2;
    }
    size_t examples = 3;
    const char *only = NULL;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--examples") == 0)
            examples = (size_t)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--rule") == 0)
            only = argv[i + 1];
    }
    struct stat st;
    if (stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("corpus not found at %s: skipped\n", argv[1]);
        return 77;
    }
    testio_files files;
    testio_inf_files(argv[1], &files);
    if (files.count == 0) {
        printf("no INF files under %s: skipped\n", argv[1]);
        return 77;
    }

    size_t nrules = infa_rule_count();
    rule_count *counts = calloc(nrules, sizeof(*counts));
    for (size_t i = 0; i < nrules; i++)
        counts[i].id = infa_rule_at(i)->id;

    infa_config *config = infa_config_new();
    infa_config_set_profile(config, INFA_PROFILE_ISOLATED);
    int failures = 0;
    size_t dirid13_packages = 0, fixed_files = 0;
    size_t prefix = strlen(argv[1]) + 1;

    for (size_t fi = 0; fi < files.count; fi++) {
        const char *path = files.paths[fi];
        const char *name = path + prefix;
        size_t len;
        char *text = testio_read_inf(path, &len);
        if (text == NULL)
            continue;
        bool pkg13 = all_destinations_13(text, len);
        dirid13_packages += pkg13;

        infa_document *doc = infa_document_new(text, len);
        infa_diagnostic_list *dl = infa_document_diagnose(doc, config);
        for (size_t k = 0; k < infa_diagnostic_list_count(dl); k++) {
            const infa_diagnostic *d = infa_diagnostic_list_get(dl, k);
            const infa_rule_info *info = infa_rule_find(d->rule_id);
            size_t r = 0;
            while (r < nrules && strcmp(counts[r].id, d->rule_id) != 0)
                r++;
            if (r == nrules || info == NULL)
                continue;
            rule_count *c = &counts[r];
            c->findings++;
            c->errors += d->severity == INFA_SEVERITY_ERROR;
            if (c->last_file != name) {
                c->files++;
                c->last_file = name;
                if ((only == NULL && c->examples_shown < examples) ||
                    (only != NULL && strcmp(only, d->rule_id) == 0)) {
                    c->examples_shown++;
                    printf("  e.g. [%s] %s:%u: %s\n", d->rule_id, name, d->range.start.row + 1,
                           d->message);
                }
            } else if (only != NULL && strcmp(only, d->rule_id) == 0) {
                printf("  e.g. [%s] %s:%u: %s\n", d->rule_id, name, d->range.start.row + 1,
                       d->message);
            }
            if (pkg13 && strcmp(d->rule_id, "dirid-not-13") == 0 &&
                d->severity == INFA_SEVERITY_ERROR) {
                fprintf(stderr, "FAIL: dirid-not-13 in a DIRID-13 package: %s:%u: %s\n", name,
                        d->range.start.row + 1, d->message);
                failures++;
            }
        }
        infa_diagnostic_list_delete(dl);

        /* Fix-all: what it fixes must be gone, and a second run is a no-op. */
        infa_code_action_list *fa = infa_document_fix_all(doc, config);
        if (infa_code_action_list_count(fa) > 0) {
            fixed_files++;
            const infa_code_action *a = infa_code_action_list_get(fa, 0);
            size_t flen;
            char *fixed = infa_edits_apply(text, len, a->edits, a->edit_count, &flen);
            infa_document *fdoc = infa_document_new(fixed, flen);
            infa_diagnostic_list *fdl = infa_document_diagnose(fdoc, config);
            for (size_t k = 0; k < infa_diagnostic_list_count(fdl); k++) {
                const infa_diagnostic *d = infa_diagnostic_list_get(fdl, k);
                if (strcmp(d->rule_id, "dirid-not-13") == 0 && d->fixable &&
                    d->severity == INFA_SEVERITY_ERROR &&
                    !line_in(text, len, fixed, flen, d->range.start.row)) {
                    fprintf(stderr, "FAIL: %s: after fix-all, dirid-not-13 remains at %u: %s\n",
                            name, d->range.start.row + 1, d->message);
                    failures++;
                }
            }
            infa_diagnostic_list_delete(fdl);
            infa_code_action_list *again = infa_document_fix_all(fdoc, config);
            for (size_t k = 0; k < infa_code_action_list_count(again); k++) {
                const infa_code_action *b = infa_code_action_list_get(again, k);
                size_t glen;
                char *twice = infa_edits_apply(fixed, flen, b->edits, b->edit_count, &glen);
                if (glen != flen || memcmp(twice, fixed, flen) != 0) {
                    /* A second pass may finish fixes the first left for a
                     * later run (conflicts); it must not touch isolation
                     * edits it already made. Report, do not fail. */
                    printf("  note: %s: a second fix-all changes %zu edit(s)\n", name,
                           b->edit_count);
                }
                free(twice);
            }
            infa_code_action_list_delete(again);
            infa_document_delete(fdoc);
            free(fixed);
        }
        infa_code_action_list_delete(fa);
        infa_document_delete(doc);
        free(text);
    }

    printf("\nisolated profile over %zu files (%zu DIRID-13 packages):\n", files.count,
           dirid13_packages);
    printf("%-36s %8s %8s %6s\n", "rule", "findings", "errors", "files");
    /* Every rule, so a rule that never fires shows up as 0. */
    for (size_t r = 0; r < nrules; r++)
        printf("%-36s %8zu %8zu %6zu%s\n", counts[r].id, counts[r].findings, counts[r].errors,
               counts[r].files, infa_rule_at(r)->isolation ? "  (isolation)" : "");
    testio_files_free(&files);
    free(counts);
    infa_config_delete(config);
    /* The checks above hold for every DIRID-13 package and every fixed
     * file: with none of either they would pass on nothing. */
    if (dirid13_packages == 0 || fixed_files == 0) {
        fprintf(stderr, "FAIL: %zu DIRID-13 packages, %zu files fix-all changed: nothing checked\n",
                dirid13_packages, fixed_files);
        failures++;
    }
    printf("fix-all changed %zu files\n", fixed_files);
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
