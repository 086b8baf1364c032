/* Internal view of a document for features inside the analysis library. */
#ifndef INFA_DOCUMENT_H
#define INFA_DOCUMENT_H

#include "infa.h"
#include "model.h"

#include <tree_sitter/api.h>

/* Borrowed; valid until the next edit. Never NULL. */
const infa_model *infa_document_model(infa_document *doc);

/* ---- Model construction (model.c), driven by the document ---------------- */

/* Describes the last edit so the model can keep blocks the edit missed. */
typedef struct {
    uint32_t start;
    uint32_t old_end;
    uint32_t new_end;
} infa_model_edit;

/* One independently parsed piece of the document; its tree's offsets are
 * relative to base. A segment starts at a section header, or, inside a long
 * section, at a "chunk" line (see document.c): the lines before its first
 * section node then continue the section opened in an earlier segment. */
typedef struct {
    TSTree *tree;
    uint32_t base;
    uint32_t len;
    /* A section node sits at the top level. */
    bool has_section;
    /* Lines or errors come before the first section node (or there is no
     * section node): they belong to the section open before this segment,
     * or to the preamble when there is none. */
    bool lead;
    /* Lines or errors sit at the top level after a section node, where
     * error recovery left them: they belong to the preamble. */
    bool trail;
    /* Parsed (afresh or incrementally) by the last update; meaningful for
     * the update's region only: segments outside it were not. */
    bool reparsed;
} infa_model_segment;

/* The start offset of every row (rows end at CRLF, LF or a bare CR). A
 * keystroke moves every later row: entries from tail_from on are off by
 * tail_delta, a move added to them only as later edits reach them. Read
 * them with infa_line_index_start. */
typedef struct {
    uint32_t *starts;
    uint32_t count;
    uint32_t cap;
    uint32_t tail_from;
    int64_t tail_delta;
} infa_line_index;

static inline uint32_t infa_line_index_start(const infa_line_index *li, uint32_t row)
{
    return (uint32_t)((int64_t)li->starts[row] + (row >= li->tail_from ? li->tail_delta : 0));
}

/* Sets has_section, lead and trail from seg->tree. */
void infa_model_segment_classify(infa_model_segment *seg);

/* Whether content at the start of seg may belong to a section opened in an
 * earlier segment. */
static inline bool infa_model_segment_continues(const infa_model_segment *seg)
{
    return !seg->has_section || seg->lead;
}

/* Like infa_document_new, with the chunking of long sections set: a line
 * starts a chunk when the low chunk_bits bits of its hash are zero, so
 * chunks average 2^chunk_bits lines; a negative value turns chunking off.
 * For tests that check the model does not depend on where segments fall. */
infa_document *infa_document_new_chunked(const char *text, size_t len, int chunk_bits);

/* How many segments (trees) the document is parsed in. */
uint32_t infa_document_segment_count(const infa_document *doc);

/* Caller must free with infa_model_delete(). text and line index are
 * borrowed from the document: text until the model's next update, the line
 * index for the model's life (the document updates it in place). */
infa_model *infa_model_new(void);
void infa_model_delete(infa_model *m);
/* Rebuilds the model for the segments (in document order). Without an
 * edit, every segment is walked. With one, only the segments
 * [region_first, region_first + region_count) were reparsed: blocks before
 * them are kept, blocks after them shifted, and inside the region blocks
 * outside `changed` (absolute ranges the reparse changed) are kept too.
 * trail_segments counts the segments whose `trail` is set. */
void infa_model_update(infa_model *m, const infa_model_segment *segs, uint32_t seg_count,
                       uint32_t region_first, uint32_t region_count, const char *text, size_t len,
                       const infa_line_index *lines, const infa_model_edit *edit,
                       const infa_span *changed, uint32_t changed_count, uint32_t trail_segments);

/* How many blocks the last update re-extracted (for tests and benchmarks). */
uint32_t infa_model_last_extracted(const infa_model *m);

#endif
