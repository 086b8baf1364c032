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
 * relative to base. */
typedef struct {
    const TSTree *tree;
    uint32_t base;
    /* The tree has top-level lines or errors outside any section. */
    bool has_stray;
} infa_model_segment;

/* Computes infa_model_segment.has_stray for a freshly parsed tree. */
bool infa_model_segment_has_stray(const TSTree *tree);

/* Caller must free with infa_model_delete(). text and line index are
 * borrowed from the document and must outlive the model's next update. */
infa_model *infa_model_new(void);
void infa_model_delete(infa_model *m);
/* Rebuilds the model for the segments (in document order). Without an
 * edit, every segment is walked. With one, only the segments
 * [region_first, region_first + region_count) were reparsed: blocks before
 * them are kept, blocks after them shifted, and inside the region blocks
 * outside `changed` (absolute ranges the reparse changed) are kept too. */
void infa_model_update(infa_model *m, const infa_model_segment *segs, uint32_t seg_count,
                       uint32_t region_first, uint32_t region_count, const char *text, size_t len,
                       const uint32_t *line_starts, uint32_t line_count,
                       const infa_model_edit *edit, const infa_span *changed,
                       uint32_t changed_count);

/* How many blocks the last update re-extracted (for tests and benchmarks). */
uint32_t infa_model_last_extracted(const infa_model *m);

#endif
