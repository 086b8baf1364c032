/* Reader for tree-sitter corpus test files (grammar/test/corpus), following
 * the rules of the tree-sitter CLI 0.22 so both run the same cases. */
#ifndef GRAMMAR_CORPUS_FORMAT_H
#define GRAMMAR_CORPUS_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *name;  /* owned */
    char *input; /* owned; may contain NUL bytes, length in input_len */
    size_t input_len;
    char *expected; /* owned; whitespace-normalised S-expression */
    bool skip;      /* :skip attribute */
    bool error;     /* :error attribute: only "has an error" is checked */
} corpus_case;

typedef struct {
    corpus_case *items;
    size_t len;
} corpus_cases;

/* Parses a corpus file's bytes into cases. Returns false on a malformed file. */
bool corpus_parse(const char *data, size_t len, corpus_cases *out);
void corpus_free(corpus_cases *cases);

/* Normalises an S-expression the way the CLI does: runs of whitespace
 * become one space, and " )" becomes ")". Caller must free with free(). */
char *corpus_normalise_sexp(const char *s, size_t len);

#endif
