/*
 * Edit-to-model latency: one-character edits in a 1 MB and a 10 KB INF,
 * timed from infa_document_apply_edit's call to its return (tree edit,
 * incremental reparse, model update). Also times hover and completion at
 * random positions of the 1 MB document, and a fresh parse for scale.
 *
 * The 1 MB document is corpus files concatenated, each file's sections
 * renamed with a per-file suffix so that they stay distinct sections.
 * Prints figures; asserts nothing. `--diagnose` times only keystroke ->
 * diagnostics; `--rules` breaks that down by rule.
 */
#define _POSIX_C_SOURCE 200809L

#include "document.h"
#include "infa.h"
#include "bench_corpus.h"
#include "testio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* The thread's CPU time: on a machine shared with other jobs, wall time
 * mostly measures the neighbours. */
static double cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *v, size_t n, double p)
{
    qsort(v, n, sizeof(double), cmp_double);
    size_t i = (size_t)(p * (double)(n - 1));
    return v[i];
}

/* Offsets just after a '=' of an entry line: typing there changes one
 * field of one section, the common case while editing. */
static size_t edit_sites(const char *t, size_t len, size_t *sites, size_t max)
{
    size_t n = 0;
    size_t stride = len / (max * 2) + 1;
    for (size_t i = stride; i < len && n < max; i += stride) {
        size_t j = i;
        while (j < len && t[j] != '=' && t[j] != '\n')
            j++;
        if (j < len && t[j] == '=')
            sites[n++] = j + 1;
    }
    return n;
}

/* Median figures of one benchmark pass. */
typedef struct {
    double edit_median, edit_p90, query_median, query_p90;
} bench_pass;

static int cmp_pass(const void *a, const void *b)
{
    double x = ((const bench_pass *)a)->edit_median, y = ((const bench_pass *)b)->edit_median;
    return (x > y) - (x < y);
}

/* Times one-character edits at each site, each followed by the first
 * cross-section query, as an editor's next request would: `burst` = 1 types
 * one character and deletes it (every edit lands in a part of the file no
 * edit touched for a whole pass, cold in the caches of a 1 MB file); a
 * larger burst types that many characters one at a time and deletes them
 * one at a time, as typing does. The machine's load comes and goes, so the
 * whole run repeats PASSES times and the pass with the median median is
 * reported, with the spread. Returns the reported edit median. */
enum { PASSES = 7 };

static double bench_edits(const char *label, const char *text, size_t len, size_t rounds, int burst)
{
    infa_document *doc = infa_document_new(text, len);
    size_t *sites = infa_xmalloc(rounds * sizeof(size_t));
    size_t n = edit_sites(text, len, sites, rounds);
    if (n == 0) {
        printf("%s: no edit sites\n", label);
        infa_document_delete(doc);
        free(sites);
        return 0;
    }
    size_t per_site = 2 * (size_t)burst, total = per_site * n;
    double *t = infa_xmalloc(total * sizeof(double));
    double *q = infa_xmalloc(total * sizeof(double));
    bench_pass passes[PASSES];
    uint64_t extracted = 0;
    for (int p = 0; p < PASSES; p++) {
        for (size_t i = 0; i < n; i++) {
            uint32_t at = (uint32_t)sites[i];
            for (size_t k = 0; k < per_site; k++) {
                bool typing = k < (size_t)burst;
                uint32_t pos = typing ? at + (uint32_t)k : at + (uint32_t)(per_site - k - 1);
                double a = now_us();
                if (typing)
                    infa_document_apply_edit(doc, pos, pos, "x", 1);
                else
                    infa_document_apply_edit(doc, pos, pos + 1, "", 0);
                double b = now_us();
                extracted += infa_model_last_extracted(infa_document_model(doc));
                /* The first query that needs cross-section facts rebuilds
                 * them. */
                (void)infa_model_ref_count(infa_document_model(doc));
                double c = now_us();
                t[per_site * i + k] = b - a;
                q[per_site * i + k] = c - b;
            }
        }
        passes[p].edit_median = percentile(t, total, 0.5);
        passes[p].edit_p90 = percentile(t, total, 0.9);
        passes[p].query_median = percentile(q, total, 0.5);
        passes[p].query_p90 = percentile(q, total, 0.9);
    }
    qsort(passes, PASSES, sizeof(passes[0]), cmp_pass);
    const bench_pass *m = &passes[PASSES / 2];
    printf("%-6s %-9s %8zu bytes %4zu edits x %d passes: edit->model median %6.1f us p90 %6.1f "
           "us (pass medians %.1f to %.1f) | then first cross-section query median %6.1f us p90 "
           "%6.1f us (%.2f blocks re-extracted per edit, %u segments)\n",
           label, burst == 1 ? "isolated" : "typing", len, total, PASSES, m->edit_median,
           m->edit_p90, passes[0].edit_median, passes[PASSES - 1].edit_median, m->query_median,
           m->query_p90, (double)extracted / (double)(total * PASSES),
           infa_document_segment_count(doc));
    double result = m->edit_median;
    free(t);
    free(q);
    free(sites);
    infa_document_delete(doc);
    return result;
}

/* Keystroke -> diagnostics: one character typed at a site (then deleted),
 * each followed by infa_document_diagnose, as a server publishing after
 * every edit does; the time is from the edit's call to the list's return,
 * in thread CPU time.
 * The pass with the median median of PASSES is reported. */
static double bench_diagnose(const char *label, const char *text, size_t len, size_t rounds)
{
    infa_document *doc = infa_document_new(text, len);
    infa_config *cfg = infa_config_new();
    size_t *sites = infa_xmalloc(rounds * sizeof(size_t));
    size_t n = edit_sites(text, len, sites, rounds);
    double *t = infa_xmalloc((2 * n + 1) * sizeof(double));
    bench_pass passes[PASSES];
    size_t findings = 0;
    infa_diagnostic_list_delete(infa_document_diagnose(doc, cfg));
    for (int p = 0; p < PASSES; p++) {
        for (size_t i = 0; i < 2 * n; i++) {
            uint32_t at = (uint32_t)sites[i / 2];
            double a = cpu_us();
            if (i % 2 == 0)
                infa_document_apply_edit(doc, at, at, "x", 1);
            else
                infa_document_apply_edit(doc, at, at + 1, "", 0);
            infa_diagnostic_list *dl = infa_document_diagnose(doc, cfg);
            double b = cpu_us();
            findings = infa_diagnostic_list_count(dl);
            infa_diagnostic_list_delete(dl);
            t[i] = b - a;
        }
        passes[p].edit_median = percentile(t, 2 * n, 0.5);
        passes[p].edit_p90 = percentile(t, 2 * n, 0.9);
    }
    qsort(passes, PASSES, sizeof(passes[0]), cmp_pass);
    const bench_pass *m = &passes[PASSES / 2];
    printf("%-6s keystroke->diagnose %8zu bytes %4zu edits x %d passes: median %8.1f us p90 "
           "%8.1f us (pass medians %.1f to %.1f; %zu findings)\n",
           label, len, 2 * n, PASSES, m->edit_median, m->edit_p90, passes[0].edit_median,
           passes[PASSES - 1].edit_median, findings);
    free(t);
    free(sites);
    infa_config_delete(cfg);
    infa_document_delete(doc);
    return m->edit_median;
}

/* Keystroke -> diagnostics per rule: the same edits with only one rule on,
 * less the same edits with every rule off (the edit and the cross-section
 * facts), so that the rules that cost a keystroke its time stand out.
 * Prints the rules above 0.05 ms, costliest first. */
typedef struct {
    const char *id;
    double ms;
} rule_cost;

static int cmp_cost(const void *a, const void *b)
{
    double x = ((const rule_cost *)a)->ms, y = ((const rule_cost *)b)->ms;
    return (x < y) - (x > y);
}

static double diagnose_median(const char *text, size_t len, const infa_config *cfg,
                              const size_t *sites, size_t n)
{
    infa_document *doc = infa_document_new(text, len);
    double *t = infa_xmalloc((2 * n + 1) * sizeof(double));
    infa_diagnostic_list_delete(infa_document_diagnose(doc, cfg));
    for (size_t i = 0; i < 2 * n; i++) {
        uint32_t at = (uint32_t)sites[i / 2];
        double a = cpu_us();
        if (i % 2 == 0)
            infa_document_apply_edit(doc, at, at, "x", 1);
        else
            infa_document_apply_edit(doc, at, at + 1, "", 0);
        infa_diagnostic_list_delete(infa_document_diagnose(doc, cfg));
        t[i] = cpu_us() - a;
    }
    double med = percentile(t, 2 * n, 0.5);
    free(t);
    infa_document_delete(doc);
    return med;
}

static void bench_rules(const char *text, size_t len, size_t rounds)
{
    size_t *sites = infa_xmalloc(rounds * sizeof(size_t));
    size_t n = edit_sites(text, len, sites, rounds);
    size_t total = infa_rule_count();
    infa_config *off = infa_config_new();
    for (size_t i = 0; i < total; i++)
        infa_config_set_severity(off, infa_rule_at(i)->id, INFA_SEVERITY_OFF);
    double base = diagnose_median(text, len, off, sites, n);
    rule_cost *costs = infa_xcalloc(total, sizeof(*costs));
    for (size_t i = 0; i < total; i++) {
        infa_config *one = infa_config_copy(off);
        infa_config_set_severity(one, infa_rule_at(i)->id, infa_rule_at(i)->default_severity);
        costs[i].id = infa_rule_at(i)->id;
        costs[i].ms = (diagnose_median(text, len, one, sites, n) - base) / 1000.0;
        infa_config_delete(one);
    }
    qsort(costs, total, sizeof(*costs), cmp_cost);
    printf("keystroke->diagnose per rule (%zu edits; every rule off: %.2f ms), above 0.05 ms:\n",
           2 * n, base / 1000.0);
    double sum = 0;
    for (size_t i = 0; i < total; i++) {
        sum += costs[i].ms;
        if (costs[i].ms >= 0.05)
            printf("  %-40s %7.2f ms\n", costs[i].id, costs[i].ms);
    }
    printf("  sum over all %zu rules: %.2f ms\n", total, sum);
    free(costs);
    free(sites);
    infa_config_delete(off);
}

static void bench_features(const char *text, size_t len, size_t rounds)
{
    infa_document *doc = infa_document_new(text, len);
    infa_config *cfg = infa_config_new();
    double *th = infa_xmalloc(rounds * sizeof(double));
    double *tc = infa_xmalloc(rounds * sizeof(double));
    size_t hits = 0, items = 0;
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < rounds; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint32_t at = (uint32_t)(x % len);
        double a = now_us();
        infa_hover *h = infa_document_hover(doc, cfg, at);
        double b = now_us();
        infa_completion_list *cl = infa_document_complete(doc, cfg, at);
        double c = now_us();
        hits += h != NULL;
        items += infa_completion_list_count(cl);
        infa_hover_delete(h);
        infa_completion_list_delete(cl);
        th[i] = b - a;
        tc[i] = c - b;
    }
    printf("hover    1 MB doc   %5zu requests  median %7.1f us  p90 %7.1f us  (%zu with content)\n",
           rounds, percentile(th, rounds, 0.5), percentile(th, rounds, 0.9), hits);
    printf("complete 1 MB doc   %5zu requests  median %7.1f us  p90 %7.1f us  (%.1f items avg)\n",
           rounds, percentile(tc, rounds, 0.5), percentile(tc, rounds, 0.9),
           (double)items / (double)rounds);
    free(th);
    free(tc);
    infa_config_delete(cfg);
    infa_document_delete(doc);
}

/* `bench-model --write-doc PATH [CORPUS]` writes the 1.1 MB document and
 * exits, so that scripts/measure-lsp.py and bench-publish time the same text
 * over LSP. */
static int write_doc(const char *path, const infa_buf *doc)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(doc->data, 1, doc->len, f) != doc->len || fclose(f) != 0) {
        perror(path);
        return 1;
    }
    printf("wrote %zu bytes to %s\n", doc->len, path);
    return 0;
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    bool diagnose_only = false, per_rule = false;
    if (argc > 2 && strcmp(argv[1], "--write-doc") == 0) {
        out = argv[2];
        argc -= 2;
        argv += 2;
    } else if (argc > 1 && strcmp(argv[1], "--diagnose") == 0) {
        diagnose_only = true;
        argc--;
        argv++;
    } else if (argc > 1 && strcmp(argv[1], "--rules") == 0) {
        per_rule = true;
        argc--;
        argv++;
    }
    const char *corpus = argc > 1 ? argv[1] : INFLS_CORPUS_DIR;
    infa_buf big = {0};
    bench_corpus_text(corpus, 1u << 20, &big);
    if (big.len < 10000) {
        fprintf(stderr, "bench_model: corpus not found at %s (pass its path)\n", corpus);
        return 2;
    }
    if (out) {
        int rc = write_doc(out, &big);
        infa_buf_free(&big);
        return rc;
    }
    /* The 10 KB document: the real corpus INF closest to 10 KB. */
    testio_files files;
    testio_inf_files(corpus, &files);
    char *small = NULL;
    size_t small_len = 0;
    for (size_t i = 0; i < files.count; i++) {
        size_t len;
        char *t = testio_read_inf(files.paths[i], &len);
        if (t && (!small || labs((long)len - 10240) < labs((long)small_len - 10240))) {
            free(small);
            small = t;
            small_len = len;
        } else {
            free(t);
        }
    }
    testio_files_free(&files);

    if (per_rule) {
        bench_rules(big.data, big.len, 60);
        free(small);
        infa_buf_free(&big);
        return 0;
    }
    if (diagnose_only) {
        double big_diag = bench_diagnose("1 MB", big.data, big.len, 60);
        double small_diag = bench_diagnose("10 KB", small, small_len, 60);
        if (small_diag > 0)
            printf("keystroke->diagnose median, 1 MB over 10 KB: %.1fx\n", big_diag / small_diag);
        free(small);
        infa_buf_free(&big);
        return 0;
    }
    double a = now_us();
    infa_document *doc = infa_document_new(big.data, big.len);
    double b = now_us();
    printf("fresh parse + model of %zu bytes: %.1f ms (%u sections, %u lines)\n", big.len,
           (b - a) / 1000.0, infa_model_section_count(infa_document_model(doc)),
           infa_model_line_count(infa_document_model(doc)));
    infa_config *cfg = infa_config_new();
    a = now_us();
    infa_diagnostic_list *dl = infa_document_diagnose(doc, cfg);
    b = now_us();
    printf("all rules over %zu bytes: %.1f ms (%zu findings)\n", big.len, (b - a) / 1000.0,
           infa_diagnostic_list_count(dl));
    infa_diagnostic_list_delete(dl);
    infa_config_delete(cfg);
    infa_document_delete(doc);

    /* Isolated edits at 300 sites; typing 8 characters (then deleting them)
     * at 40 sites. */
    double big_iso = bench_edits("1 MB", big.data, big.len, 300, 1);
    double small_iso = bench_edits("10 KB", small, small_len, 300, 1);
    double big_typing = bench_edits("1 MB", big.data, big.len, 40, 8);
    double small_typing = bench_edits("10 KB", small, small_len, 40, 8);
    if (small_iso > 0 && small_typing > 0)
        printf("edit->model median, 1 MB over 10 KB: isolated edits %.1fx, typing %.1fx\n",
               big_iso / small_iso, big_typing / small_typing);
    double big_diag = bench_diagnose("1 MB", big.data, big.len, 60);
    double small_diag = bench_diagnose("10 KB", small, small_len, 60);
    if (small_diag > 0)
        printf("keystroke->diagnose median, 1 MB over 10 KB: %.1fx\n", big_diag / small_diag);
    free(small);
    bench_features(big.data, big.len, 2000);
    infa_buf_free(&big);
    return 0;
}
