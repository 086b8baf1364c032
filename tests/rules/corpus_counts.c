/*
 * Runs every rule over the shared corpus of real INFs: no file may crash or
 * hang (a per-file alarm turns a hang into a failure naming the file), every
 * finding must have a message and a range inside the text, typing and
 * deleting a character must leave the findings as a fresh parse has them,
 * and the counts of findings per rule are printed with a few examples each,
 * for review.
 *
 *   rule_corpus_counts <corpus-dir> [--examples N] [--rule ID]
 *
 * --examples N  examples per rule, from distinct files (default 3)
 * --rule ID     print every finding of that rule instead of N examples
 * Exits 77 (skip) when the corpus is absent.
 */
#define _POSIX_C_SOURCE 200809L

#include "infa.h"
#include "testio.h"
#include "infa_encoding.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { PER_FILE_TIMEOUT_S = 20 };

static char current_file[4096];

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "FAIL: hang (no result within the per-file alarm): ";
    ssize_t r = write(2, msg, sizeof(msg) - 1);
    r = write(2, current_file, strlen(current_file));
    r = write(2, "\n", 1);
    (void)r;
    _exit(1);
}

/* Counts per rule id, in first-seen order after the registered rules. */
typedef struct {
    const char *id;
    size_t findings;
    size_t files;
    size_t last_file; /* index+1 of the last file counted in `files` */
    size_t examples;
    size_t by_severity[5];
} rule_count;

typedef struct {
    rule_count *items;
    size_t count;
} count_table;

static rule_count *count_for(count_table *t, const char *id)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->items[i].id, id) == 0)
            return &t->items[i];
    t->items = realloc(t->items, (t->count + 1) * sizeof(*t->items));
    rule_count *c = &t->items[t->count++];
    memset(c, 0, sizeof(*c));
    c->id = id;
    return c;
}

/* One line per diagnostic: rule, range and message. Caller frees. */
static char *diagnostics_text(const infa_diagnostic_list *list)
{
    size_t cap = 256, n = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < infa_diagnostic_list_count(list); i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        size_t need = strlen(d->rule_id) + strlen(d->message) + 64;
        if (n + need >= cap) {
            cap = (n + need) * 2;
            out = realloc(out, cap);
        }
        n += (size_t)snprintf(out + n, cap - n, "%s %u-%u %d %s\n", d->rule_id, d->range.start_byte,
                              d->range.end_byte, (int)d->severity, d->message);
    }
    return out;
}

/* Findings must not depend on how the text was reached: type a character
 * into a second document and delete it again at a few places, and its
 * findings must equal those of the fresh parse. */
static bool edits_keep_findings(const char *text, size_t len, const char *expected,
                                const char *shown, const char *path, const infa_text_encoding *enc)
{
    infa_document *doc = infa_document_new(text, len);
    infa_document_set_origin(doc, path, enc);
    bool same = true;
    for (int k = 1; k <= 3 && len > 0; k++) {
        uint32_t at = (uint32_t)((len * (size_t)k) / 4);
        infa_document_apply_edit(doc, at, at, "x", 1);
        infa_diagnostic_list *edited = infa_document_diagnose(doc, NULL);
        size_t elen;
        const char *etext = infa_document_text(doc, &elen);
        infa_document *fresh = infa_document_new(etext, elen);
        infa_document_set_origin(fresh, path, enc);
        infa_diagnostic_list *fresh_list = infa_document_diagnose(fresh, NULL);
        char *a = diagnostics_text(edited), *b = diagnostics_text(fresh_list);
        if (strcmp(a, b) != 0) {
            fprintf(stderr,
                    "FAIL: %s: findings after typing 'x' at byte %u differ from a fresh parse\n",
                    shown, at);
            same = false;
        }
        free(a);
        free(b);
        infa_diagnostic_list_delete(fresh_list);
        infa_document_delete(fresh);
        infa_diagnostic_list_delete(edited);
        infa_document_apply_edit(doc, at, at + 1, "", 0);
    }
    infa_diagnostic_list *list = infa_document_diagnose(doc, NULL);
    char *got = diagnostics_text(list);
    if (strcmp(got, expected) != 0) {
        fprintf(stderr, "FAIL: %s: findings after edit-and-undo differ from a fresh parse\n",
                shown);
        same = false;
    }
    free(got);
    infa_diagnostic_list_delete(list);
    infa_document_delete(doc);
    return same;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <corpus-dir> [--examples N] [--rule ID]\n", argv[0]);
        return 2;
    }
    const char *corpus = argv[1];
    size_t max_examples = 3;
    const char *only_rule = NULL;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--examples") == 0)
            max_examples = (size_t)strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--rule") == 0)
            only_rule = argv[i + 1];
    }

    struct stat st;
    if (stat(corpus, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("corpus %s is absent: skipping\n", corpus);
        return 77;
    }
    testio_files files;
    testio_inf_files(corpus, &files);
    if (files.count == 0) {
        printf("corpus %s has no INF files: skipping\n", corpus);
        return 77;
    }
    signal(SIGALRM, on_alarm);

    count_table table = {NULL, 0};
    for (size_t i = 0; i < infa_rule_count(); i++)
        count_for(&table, infa_rule_at(i)->id);

    int bad = 0;
    size_t total = 0;
    double slowest_ms = 0;
    const char *slowest = NULL;
    size_t prefix = strlen(corpus) + 1;

    for (size_t fi = 0; fi < files.count; fi++) {
        const char *path = files.paths[fi];
        const char *shown = strlen(path) > prefix ? path + prefix : path;
        snprintf(current_file, sizeof(current_file), "%s", path);
        size_t raw_len;
        char *raw = testio_read_file(path, &raw_len);
        if (raw == NULL) {
            fprintf(stderr, "FAIL: cannot read %s\n", path);
            bad = 1;
            continue;
        }
        alarm(PER_FILE_TIMEOUT_S);
        double t0 = now_ms();
        size_t len;
        infa_text_encoding enc;
        char *text = infa_text_decode(raw, raw_len, &enc, &len);
        infa_document *doc = infa_document_new(text, len);
        infa_document_set_origin(doc, path, &enc);
        infa_diagnostic_list *list = infa_document_diagnose(doc, NULL);
        double ms = now_ms() - t0;
        alarm(0);
        if (ms > slowest_ms) {
            slowest_ms = ms;
            slowest = shown;
        }

        for (size_t k = 0; k < infa_diagnostic_list_count(list); k++) {
            const infa_diagnostic *d = infa_diagnostic_list_get(list, k);
            total++;
            if (d->rule_id == NULL || d->message == NULL || d->message[0] == '\0' ||
                d->range.end_byte < d->range.start_byte || d->range.end_byte > len) {
                fprintf(stderr, "FAIL: %s: malformed finding of %s at byte %u\n", shown,
                        d->rule_id ? d->rule_id : "(null)", d->range.start_byte);
                bad = 1;
                continue;
            }
            rule_count *c = count_for(&table, d->rule_id);
            c->findings++;
            if (d->severity >= 1 && d->severity <= 4)
                c->by_severity[d->severity]++;
            bool first_in_file = c->last_file != fi + 1;
            if (first_in_file) {
                c->files++;
                c->last_file = fi + 1;
            }
            bool print = only_rule != NULL ? strcmp(only_rule, d->rule_id) == 0
                                           : first_in_file && c->examples < max_examples;
            if (print) {
                if (only_rule == NULL)
                    c->examples++;
                printf("  %-26s %s:%u:%u: %s\n", d->rule_id, shown, d->range.start.row + 1,
                       d->range.start.col + 1, d->message);
            }
        }
        alarm(PER_FILE_TIMEOUT_S);
        char *fresh = diagnostics_text(list);
        if (!edits_keep_findings(text, len, fresh, shown, path, &enc))
            bad = 1;
        free(fresh);
        alarm(0);
        infa_diagnostic_list_delete(list);
        infa_document_delete(doc);
        free(text);
        free(raw);
    }

    printf("\n%zu files, %zu findings; slowest file %.1f ms (%s)\n", files.count, total, slowest_ms,
           slowest ? slowest : "-");
    printf("%-28s %8s %6s %7s %7s %7s %7s\n", "rule", "findings", "files", "error", "warning",
           "info", "hint");
    for (size_t i = 0; i < table.count; i++) {
        const rule_count *c = &table.items[i];
        printf("%-28s %8zu %6zu %7zu %7zu %7zu %7zu\n", c->id, c->findings, c->files,
               c->by_severity[1], c->by_severity[2], c->by_severity[3], c->by_severity[4]);
    }

    testio_files_free(&files);
    free(table.items);
    return bad;
}
