/*
 * Navigation features over the 1 MB benchmark document (bench_corpus.c):
 * documentSymbol, semanticTokens/full and inlayHint over the whole file,
 * each timed as the server answers it (analysis plus the JSON result from
 * srv_nav.c) and the analysis alone, with the size of the JSON text.
 * Prints figures; asserts nothing.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench_corpus.h"
#include "infa.h"
#include "srv_nav.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define ROUNDS 15

static double median(double *v)
{
    qsort(v, ROUNDS, sizeof(double), cmp_double);
    return v[ROUNDS / 2];
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

static void bench(const char *method, analysis_fn analysis, infa_document *doc, size_t len,
                  json_t *params)
{
    srv_nav_doc d = {doc, "file:///bench.inf", "/bench.inf", SRV_ENC_UTF16, INFA_INLAY_ALL};
    srv_nav_fn fn = srv_nav_find(method);
    double full[ROUNDS], alone[ROUNDS];
    size_t bytes = 0, items = 0;
    for (int i = 0; i < ROUNDS; i++) {
        double a = now_ms();
        analysis(doc, len);
        double b = now_ms();
        int code = 0;
        char *error = NULL;
        json_t *result = fn(&d, params, &code, &error);
        double c = now_ms();
        char *text = json_dumps(result, JSON_COMPACT);
        bytes = text ? strlen(text) : 0;
        json_t *data = json_is_object(result) ? json_object_get(result, "data") : result;
        items = json_array_size(data);
        free(text);
        free(error);
        json_decref(result);
        alone[i] = b - a;
        full[i] = c - b;
    }
    printf("%-34s median %6.2f ms with JSON, %6.2f ms analysis; JSON %7.2f MB, %zu %s\n", method,
           median(full), median(alone), (double)bytes / (1024.0 * 1024.0), items,
           strcmp(method, "textDocument/semanticTokens/full") == 0 ? "integers" : "items");
}

int main(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : INFLS_CORPUS_DIR;
    infa_buf big = {0};
    bench_corpus_text(corpus, 1u << 20, &big);
    if (big.len < 10000) {
        fprintf(stderr, "bench_nav: corpus not found at %s (pass its path)\n", corpus);
        return 2;
    }
    infa_document *doc = infa_document_new(big.data, big.len);
    printf("%zu bytes, %u rows\n", big.len, infa_document_line_count(doc));
    json_t *params = json_object();
    bench("textDocument/documentSymbol", only_symbols, doc, big.len, params);
    bench("textDocument/semanticTokens/full", only_tokens, doc, big.len, params);
    bench("textDocument/inlayHint", only_inlay, doc, big.len, params);
    json_decref(params);
    infa_document_delete(doc);
    infa_buf_free(&big);
    return 0;
}
