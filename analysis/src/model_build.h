/* Building the model, driven by the document (document.c). */
#ifndef INFA_MODEL_BUILD_H
#define INFA_MODEL_BUILD_H

#include "model.h"
#include "segment.h"

/* Sets has_section, lead and trail from seg->tree. */
void infa_model_segment_classify(infa_model_segment *seg);

/* Caller must free with infa_model_delete(). text and line index are
 * borrowed from the document: text until the model's next update, the line
 * index for the model's life (the document updates it in place). */
infa_model *infa_model_new(void);
void infa_model_delete(infa_model *m);
/* What the document hands the model on an update; everything is borrowed
 * for the call, except text and lines (see infa_model_new). */
typedef struct {
    const infa_model_segment *segs; /* in document order */
    uint32_t seg_count;
    /* With an edit, only the segments [region_first, region_first +
     * region_count) were reparsed. Ignored without one. */
    uint32_t region_first, region_count;
    const char *text;
    size_t len;
    const infa_line_index *lines;
    const infa_model_edit *edit; /* NULL: walk every segment */
    /* Absolute ranges the reparse changed. */
    const infa_span *changed;
    uint32_t changed_count;
    uint32_t trail_segments; /* segments whose `trail` is set */
} infa_model_input;

/* Rebuilds the model for the input's segments. Without an edit, every
 * segment is walked. With one, blocks before the reparsed region are kept,
 * blocks after it shifted, and inside the region blocks outside `changed`
 * are kept too. */
void infa_model_update(infa_model *m, const infa_model_input *in);

/* How many blocks the last update re-extracted (for tests and benchmarks). */
uint32_t infa_model_last_extracted(const infa_model *m);

/* A block's generation: new whenever the block is extracted, the same
 * while an update keeps it (its text unchanged, its offset perhaps moved).
 * Never 0 for a block; 0 for an index out of range. */
uint64_t infa_model_block_generation(const infa_model *m, uint32_t block);

#endif
