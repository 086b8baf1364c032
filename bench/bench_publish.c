/*
 * Where a keystroke's diagnostics go in the server, phase by phase, on one
 * INF: the edit, every rule, and serialising the findings, both as the
 * server did it before (a jansson tree per finding, then json_dumps; the
 * reference builder of tests/protocol) and as it does now (srv_diag_cache:
 * cached per-finding text with fresh positions). Each keystroke types one
 * character after a '=' in the middle of the document or deletes it again.
 * Medians of wall-clock and of this thread's CPU time (the CPU figure is
 * steadier on a shared machine). Prints figures; asserts nothing.
 *
 *   bench-publish FILE [KEYSTROKES]
 *
 * FILE: e.g. the 1 MiB document of `scripts/measure-lsp.py --write-doc` or
 * the corpus document of `bench-model --write-doc`.
 */
#define _POSIX_C_SOURCE 200809L

#include "diag_json_ref.h"
#include "infa.h"
#include "srv_json.h"
#include "testio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { PHASES = 6 };
static const char *const phase_names[PHASES] = {
    "edit (apply_edit)",  "every rule (diagnose)", "before: jansson tree",
    "before: json_dumps", "now: cached text",      "now: message around it",
};

typedef struct {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    return (stamp){(double)w.tv_sec * 1e3 + (double)w.tv_nsec / 1e6,
                   (double)c.tv_sec * 1e3 + (double)c.tv_nsec / 1e6};
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n ? v[n / 2] : 0;
}

/* Just after the first '=' at or after the middle of the text. */
static uint32_t edit_site(const char *t, size_t len)
{
    for (size_t i = len / 2; i < len; i++)
        if (t[i] == '=')
            return (uint32_t)i + 1;
    return (uint32_t)(len / 2);
}

static const char URI[] = "file:///tmp/bench-publish.inf";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [KEYSTROKES]\n", argv[0]);
        return 2;
    }
    size_t rounds = argc > 2 ? (size_t)atoi(argv[2]) : 30;
    if (rounds < 1)
        rounds = 1;
    size_t len;
    char *text = testio_read_inf(argv[1], &len);
    if (!text) {
        perror(argv[1]);
        return 2;
    }
    infa_document *doc = infa_document_new(text, len);
    infa_config *cfg = infa_config_new();
    srv_diag_cache *cache = srv_diag_cache_new();

    /* Open: rules, then a cold cache. */
    stamp a = now();
    infa_diagnostic_list *list = infa_document_diagnose(doc, cfg);
    stamp b = now();
    srv_diag_cache_update(cache, doc, URI, SRV_ENC_UTF16, list);
    stamp c = now();
    size_t bytes;
    srv_diag_cache_text(cache, &bytes);
    size_t findings = infa_diagnostic_list_count(list);
    printf("%s: %zu bytes, %zu findings, %zu distinct cached, %zu bytes of diagnostics JSON "
           "(%.0f per finding)\n",
           argv[1], len, findings, srv_diag_cache_entries(cache), bytes,
           findings ? (double)bytes / (double)findings : 0.0);
    printf("open: rules %.1f ms wall %.1f ms cpu, cold cache %.1f ms wall %.1f ms cpu\n",
           b.wall - a.wall, b.cpu - a.cpu, c.wall - b.wall, c.cpu - b.cpu);
    infa_diagnostic_list_delete(list);

    double *wall[PHASES], *cpu[PHASES];
    for (int p = 0; p < PHASES; p++) {
        wall[p] = calloc(rounds, sizeof(double));
        cpu[p] = calloc(rounds, sizeof(double));
    }
    uint32_t at = edit_site(text, len);
    size_t misses = 0;
    for (size_t r = 0; r < rounds; r++) {
        stamp t[PHASES + 1];
        t[0] = now();
        if (r % 2 == 0)
            infa_document_apply_edit(doc, at, at, "7", 1);
        else
            infa_document_apply_edit(doc, at, at + 1, "", 0);
        t[1] = now();
        list = infa_document_diagnose(doc, cfg);
        t[2] = now();
        json_t *msg =
            json_pack("{s:s,s:s,s:{s:s,s:i,s:o}}", "jsonrpc", "2.0", "method",
                      "textDocument/publishDiagnostics", "params", "uri", URI, "version", (int)r,
                      "diagnostics", ref_diagnostics_json(doc, URI, SRV_ENC_UTF16, list));
        t[3] = now();
        char *dumped = json_dumps(msg, JSON_COMPACT);
        json_decref(msg);
        free(dumped);
        t[4] = now();
        srv_diag_cache_update(cache, doc, URI, SRV_ENC_UTF16, list);
        misses += srv_diag_cache_misses(cache);
        t[5] = now();
        size_t n;
        const char *diags = srv_diag_cache_text(cache, &n);
        srv_buf out = {0};
        srv_buf_append_str(&out, "{\"jsonrpc\":\"2.0\",\"method\":"
                                 "\"textDocument/publishDiagnostics\",\"params\":{\"uri\":");
        srv_json_append_string(&out, URI, strlen(URI));
        srv_buf_printf(&out, ",\"version\":%zu,\"diagnostics\":", r);
        srv_buf_append(&out, diags, n);
        srv_buf_append_str(&out, "}}");
        srv_buf_free(&out);
        t[6] = now();
        infa_diagnostic_list_delete(list);
        for (int p = 0; p < PHASES; p++) {
            wall[p][r] = t[p + 1].wall - t[p].wall;
            cpu[p][r] = t[p + 1].cpu - t[p].cpu;
        }
    }
    printf("per keystroke, median of %zu (%.2f findings rebuilt per keystroke):\n", rounds,
           (double)misses / (double)rounds);
    double wall_sum[2] = {0, 0}, cpu_sum[2] = {0, 0};
    for (int p = 0; p < PHASES; p++) {
        double w = median(wall[p], rounds), cu = median(cpu[p], rounds);
        printf("  %-26s %8.2f ms wall %8.2f ms cpu\n", phase_names[p], w, cu);
        /* before = edit + rules + tree + dumps; now = edit + rules + text */
        if (p < 4) {
            wall_sum[0] += w;
            cpu_sum[0] += cu;
        }
        if (p < 2 || p >= 4) {
            wall_sum[1] += w;
            cpu_sum[1] += cu;
        }
    }
    printf("  %-26s %8.2f ms wall %8.2f ms cpu\n", "sum before", wall_sum[0], cpu_sum[0]);
    printf("  %-26s %8.2f ms wall %8.2f ms cpu\n", "sum now", wall_sum[1], cpu_sum[1]);
    for (int p = 0; p < PHASES; p++) {
        free(wall[p]);
        free(cpu[p]);
    }
    srv_diag_cache_delete(cache);
    infa_config_delete(cfg);
    infa_document_delete(doc);
    free(text);
    return 0;
}
