/* Parse throughput over the shared corpus: every .inf/.inx/.in file is
 * decoded to UTF-8 once, then the whole set is parsed N times with a fresh
 * parse per file. Prints the median MB/s over the runs (MB = 10^6 bytes of
 * decoded UTF-8), by wall-clock and by process CPU time.
 *
 *   bench-parse [corpus-dir] [runs]
 */
#define _POSIX_C_SOURCE 200809L

#include "infa_encoding.h"
#include "tree_sitter_inf.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <tree_sitter/api.h>

#ifndef BENCH_DEFAULT_CORPUS
#define BENCH_DEFAULT_CORPUS "../shared/corpus"
#endif

typedef struct {
    char *text;
    size_t len;
} bench_doc;

typedef INFA_VEC(bench_doc) bench_docs;

static bool bench__wanted(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    size_t n = strlen(dot);
    return infa_streq_nocase(dot, n, ".inf") || infa_streq_nocase(dot, n, ".inx") ||
           infa_streq_nocase(dot, n, ".in");
}

static void bench__load(const char *path, bench_docs *docs)
{
    FILE *f = fopen(path, "rb");
    infa_buf buf = {0};
    char chunk[65536];
    size_t n;

    if (!f)
        return;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        infa_buf_append(&buf, chunk, n);
    fclose(f);
    bench_doc doc;
    doc.text = infa_text_decode(buf.data ? buf.data : "", buf.len, NULL, &doc.len);
    infa_buf_free(&buf);
    INFA_VEC_PUSH(docs, doc);
}

static void bench__collect(const char *dir, bench_docs *docs)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = infa_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            bench__collect(path, docs);
        else if (bench__wanted(e->d_name))
            bench__load(path, docs);
        free(path);
    }
    closedir(d);
}

static double bench__clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench__cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : BENCH_DEFAULT_CORPUS;
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    bench_docs docs = {0};
    size_t total = 0, nodes = 0;

    if (runs < 1)
        runs = 1;
    bench__collect(dir, &docs);
    if (docs.len == 0) {
        fprintf(stderr, "bench-parse: no .inf/.inx/.in files under %s\n", dir);
        return 1;
    }
    for (size_t i = 0; i < docs.len; i++)
        total += docs.items[i].len;

    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_inf());
    double *rates = infa_xcalloc((size_t)runs, sizeof *rates);
    double *cpu_rates = infa_xcalloc((size_t)runs, sizeof *cpu_rates);
    for (int r = 0; r < runs; r++) {
        double start = bench__clock(CLOCK_MONOTONIC);
        double cpu_start = bench__clock(CLOCK_PROCESS_CPUTIME_ID);
        for (size_t i = 0; i < docs.len; i++) {
            TSTree *tree = ts_parser_parse_string(parser, NULL, docs.items[i].text,
                                                  (uint32_t)docs.items[i].len);
            /* Touch the result so the parse cannot be optimised away. */
            if (r == 0)
                nodes += ts_node_child_count(ts_tree_root_node(tree));
            ts_tree_delete(tree);
        }
        double secs = bench__clock(CLOCK_MONOTONIC) - start;
        double cpu_secs = bench__clock(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
        rates[r] = secs > 0 ? (double)total / 1e6 / secs : 0;
        cpu_rates[r] = cpu_secs > 0 ? (double)total / 1e6 / cpu_secs : 0;
    }
    qsort(rates, (size_t)runs, sizeof *rates, bench__cmp);
    qsort(cpu_rates, (size_t)runs, sizeof *cpu_rates, bench__cmp);
    printf("parse: %zu files, %zu bytes (UTF-8), %d runs\n", docs.len, total, runs);
    printf("parse: median %.1f MB/s (min %.1f, max %.1f)\n", rates[runs / 2], rates[0],
           rates[runs - 1]);
    /* CPU time is less disturbed by other processes on a shared machine. */
    printf("parse: median %.1f MB/s of CPU time\n", cpu_rates[runs / 2]);
    (void)nodes;

    free(cpu_rates);
    free(rates);
    ts_parser_delete(parser);
    for (size_t i = 0; i < docs.len; i++)
        free(docs.items[i].text);
    INFA_VEC_FREE(&docs);
    return 0;
}
