/* The large document the benchmarks share. */
#ifndef BENCH_CORPUS_H
#define BENCH_CORPUS_H

#include "util.h"

#include <stddef.h>

/* Appends corpus files (round after round) to out until it holds `target`
 * bytes, each file's section headers renamed `[name_fN]` so that they stay
 * distinct sections, except those SetupAPI merges by design (Version,
 * Strings, ...). */
void bench_corpus_text(const char *dir, size_t target, infa_buf *out);

#endif
