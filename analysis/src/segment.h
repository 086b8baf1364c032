/*
 * What the document hands the model on every update: its segments (one tree
 * each), its line index and the edit. document.c makes them, the model
 * reads them; neither includes the other's header for them.
 */
#ifndef INFA_SEGMENT_H
#define INFA_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

#include <tree_sitter/api.h>

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

/* Whether content at the start of seg may belong to a section opened in an
 * earlier segment. */
static inline bool infa_model_segment_continues(const infa_model_segment *seg)
{
    return !seg->has_section || seg->lead;
}

#endif
