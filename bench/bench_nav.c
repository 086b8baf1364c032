/*
 * Navigation features over the 1 MB benchmark document (bench_corpus.c),
 * whole-file requests as the server answers them: documentSymbol,
 * semanticTokens/full, inlayHint and foldingRange. For each, the analysis
 * alone, the analysis and the JSON text the server writes (srv_nav.c
 * through srv_jsonw.c, what the reply holds), and for comparison the
 * analysis and a jansson tree of the same result dumped to text (the way
 * the server answered before, kept in tests/protocol/nav_json_ref.c), with
 * the size of the JSON. Median of ROUNDS runs, wall-clock and this thread's
 * CPU time (the CPU time is less moved by a busy machine). Prints figures;
 * asserts nothing.
 *
 * usage: bench-nav [CORPUS_DIR | --doc FILE] [ROUNDS]
 */
#define _POSIX_C_SOURCE 200809L

#include "bench_corpus.h"
#include "infa.h"
#include "nav_json_ref.h"
#include "srv_nav.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    return (stamp){(double)a.tv_sec * 1e3 + (double)a.tv_nsec / 1e6,
                   (double)b.tv_sec * 1e3 + (double)b.tv_nsec / 1e6};
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define MAX_ROUNDS 101
static int rounds = 15;

static double median(double *v)
{
    qsort(v, (size_t)rounds, sizeof(double), cmp_double);
    return v[rounds / 2];
}

typedef void (*analysis_fn)(infa_document *doc, size_t len);

static void only_symbols(infa_document *doc, size_t len)
{
    (void)len;
    infa_symbol_list_delete(infa_document_symbols(doc));
}

static void only_tokens(infa_document *doc, size_t len)
{
    size_t n;
    free(infa_document_semantic_tokens(doc, 0, (uint32_t)len, &n));
}

static void only_inlay(infa_document *doc, size_t len)
{
    infa_inlay_list_delete(infa_document_inlay_hints(doc, 0, (uint32_t)len, INFA_INLAY_ALL));
}

static void only_folds(infa_document *doc, size_t len)
{
    (void)len;
    size_t n;
    free(infa_document_folds(doc, &n));
}

typedef struct {
    double wall[MAX_ROUNDS], cpu[MAX_ROUNDS];
} series;

static void add(series *s, int i, stamp a, stamp b)
{
    s->wall[i] = b.wall - a.wall;
    s->cpu[i] = b.cpu - a.cpu;
}

static void bench(const char *method, analysis_fn analysis, infa_document *doc, size_t len,
                  json_t *params)
{
    srv_nav_doc d = {doc, "file:///bench.inf", "/bench.inf", SRV_ENC_UTF16, INFA_INLAY_ALL};
    srv_nav_fn fn = srv_nav_find(method);
    series alone, text, tree;
    size_t bytes = 0, tree_bytes = 0, items = 0;
    for (int i = 0; i < rounds; i++) {
        stamp a = now();
        analysis(doc, len);
        stamp b = now();
        srv_buf out = {0};
        srv_jw w;
        srv_jw_init(&w, &out);
        int code = 0;
        char *error = NULL;
        fn(&d, params, &w, &code, &error);
        stamp c = now();
        json_t *result = ref_nav_json(&d, method, params);
        char *dumped = json_dumps(result, JSON_COMPACT);
        stamp e = now();
        bytes = out.len;
        tree_bytes = dumped ? strlen(dumped) : 0;
        json_t *data = json_is_object(result) ? json_object_get(result, "data") : result;
        items = json_array_size(data);
        add(&alone, i, a, b);
        add(&text, i, b, c);
        add(&tree, i, c, e);
        free(dumped);
        json_decref(result);
        srv_buf_free(&out);
        free(error);
    }
    printf("%-34s analysis %6.2f ms (CPU %6.2f) | with JSON text %6.2f ms (CPU %6.2f) | "
           "jansson tree %6.2f ms (CPU %6.2f) | JSON %5.2f MB%s, %zu %s\n",
           method + strlen("textDocument/"), median(alone.wall), median(alone.cpu),
           median(text.wall), median(text.cpu), median(tree.wall), median(tree.cpu),
           (double)bytes / (1024.0 * 1024.0), bytes == tree_bytes ? "" : " (sizes differ!)", items,
           strcmp(method, "textDocument/semanticTokens/full") == 0 ? "integers" : "items");
}

int main(int argc, char **argv)
{
    const char *corpus = INFLS_CORPUS_DIR, *doc_file = NULL;
    int arg = 1;
    if (arg + 1 < argc && strcmp(argv[arg], "--doc") == 0) {
        doc_file = argv[arg + 1];
        arg += 2;
    } else if (arg < argc) {
        corpus = argv[arg++];
    }
    if (arg < argc)
        rounds = atoi(argv[arg]);
    if (rounds < 1 || rounds > MAX_ROUNDS)
        rounds = 15;
    infa_buf big = {0};
    if (doc_file) {
        FILE *f = fopen(doc_file, "rb");
        char chunk[65536];
        size_t n;
        while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
            infa_buf_append(&big, chunk, n);
        if (f)
            fclose(f);
    } else {
        bench_corpus_text(corpus, 1u << 20, &big);
    }
    if (big.len < 10000) {
        fprintf(stderr, "bench_nav: no document (corpus %s, --doc %s)\n", corpus,
                doc_file ? doc_file : "-");
        return 2;
    }
    infa_document *doc = infa_document_new(big.data, big.len);
    printf("%zu bytes, %u rows; median of %d runs, UTF-16 positions\n", big.len,
           infa_document_line_count(doc), rounds);
    json_t *params = json_object();
    bench("textDocument/documentSymbol", only_symbols, doc, big.len, params);
    bench("textDocument/semanticTokens/full", only_tokens, doc, big.len, params);
    bench("textDocument/inlayHint", only_inlay, doc, big.len, params);
    bench("textDocument/foldingRange", only_folds, doc, big.len, params);
    json_decref(params);
    infa_document_delete(doc);
    infa_buf_free(&big);
    return 0;
}
