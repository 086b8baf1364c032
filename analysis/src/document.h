/* Internal view of a document for features inside the analysis library. */
#ifndef INFA_DOCUMENT_H
#define INFA_DOCUMENT_H

#include "infa.h"
#include "model.h"
#include "model_build.h"

#include <tree_sitter/api.h>

/* Borrowed; valid until the next edit. Never NULL. */
const infa_model *infa_document_model(infa_document *doc);

/* Like infa_document_new, with the chunking of long sections set: a line
 * starts a chunk when the low chunk_bits bits of its hash are zero, so
 * chunks average 2^chunk_bits lines; a negative value turns chunking off.
 * For tests that check the model does not depend on where segments fall. */
infa_document *infa_document_new_chunked(const char *text, size_t len, int chunk_bits);

/* The engine's findings kept between runs on this document (engine.c).
 * The slot is owned by the document, which frees it with
 * infa_engine_cache_delete when it is deleted. */
typedef struct infa_engine_cache infa_engine_cache;
infa_engine_cache **infa_document_engine_cache(infa_document *doc);
void infa_engine_cache_delete(infa_engine_cache *cache);

/* What infa_document_set_origin recorded: borrowed, NULL when unknown. */
const char *infa_document_file_name(const infa_document *doc);
const infa_text_encoding *infa_document_encoding(const infa_document *doc);

/* How many segments (trees) the document is parsed in. */
uint32_t infa_document_segment_count(const infa_document *doc);

#endif
