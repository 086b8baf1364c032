/* The tree-sitter language for Windows driver INF files (grammar/grammar.js). */
#ifndef TREE_SITTER_INF_H
#define TREE_SITTER_INF_H

#include <tree_sitter/api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Borrowed: a static language object, valid for the life of the process. */
const TSLanguage *tree_sitter_inf(void);

#ifdef __cplusplus
}
#endif

#endif
