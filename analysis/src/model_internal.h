/*
 * What the files of the model share and nobody else sees: the storage of
 * blocks and the model itself. model_build.c fills it from the trees,
 * model_facts.c derives the cross-section facts, model_query.c and
 * directives.c read it.
 */
#ifndef INFA_MODEL_INTERNAL_H
#define INFA_MODEL_INTERNAL_H

#include "model.h"
#include "segment.h"
#include "util.h"

/* ---- Per-block storage ------------------------------------------------------ */

/* Strings of a block live in one arena; fields refer to it by offset while
 * it grows, and get pointers once it is final. */
typedef struct {
    infa_block pub;
    infa_line *lines;
    uint32_t line_count;
    infa_field *fields;
    uint32_t field_count;
    char *arena;
    size_t arena_len;
    infa_syntax_error *errors;
    uint32_t error_count;
    /* Lines whose key names a directive that references sections, and that
     * directive's first table row (looked up once, at extraction). */
    uint32_t *ref_lines;
    const infa_kb_directive **ref_dirs;
    uint32_t ref_line_count;
    /* Facts of the name, computed once per extraction. */
    uint32_t name_hash;
    /* Offset change not yet applied to this block's spans: blocks after an
     * edit move by adding here, and the spans are fixed on the next query
     * (infa_model__settle), once per burst of keystrokes. */
    int64_t pending;
    infa_kind_set sys_kinds;
    infa_decoration decoration;
    /* Set when the block is extracted, kept while it stands: blocks with
     * the same generation have the same text, maybe at another offset
     * (the engine keeps their findings by it). 0 for the preamble. */
    uint64_t gen;
} infa_model__block;

typedef struct {
    const char *key;
    uint32_t key_len;
    uint32_t first_def; /* index into defs */
    uint32_t def_count;
    uint32_t next; /* hash chain */
} infa_model__strkey;

struct infa_model {
    const char *text;
    size_t len;
    const infa_line_index *lines; /* the document's, borrowed */
    uint32_t line_count;          /* lines->count at the last update */

    infa_model__block preamble;
    infa_model__block *blocks;
    uint32_t block_count;
    uint32_t block_cap;
    /* A move not yet added to the blocks from tail_from on: a keystroke
     * moves every later block, and this keeps that O(1) while edits stay
     * near each other. A block's spans are off by its pending plus, from
     * tail_from on, tail_delta. */
    uint32_t tail_from;
    int64_t tail_delta;
    /* The preamble holds lines or errors from segments' trails. */
    bool preamble_has_trails;
    uint32_t *block_first_line; /* prefix sums; size block_count + 1 */
    uint32_t last_extracted;
    uint64_t next_gen; /* the last generation given to a block */

    /* Cross-section facts, rebuilt on every update. */
    infa_section *sections;
    uint32_t section_count;
    uint32_t *section_blocks; /* backing store for sections[i].blocks */
    uint32_t *section_hash;   /* open addressing: section index + 1, 0 = empty */
    uint32_t section_hash_cap;
    infa_ref *refs;
    uint32_t ref_count, ref_cap;
    uint32_t *refs_in; /* backing store for sections[i].refs_in */
    infa_buf names;    /* expanded reference names */

    infa_model__strkey *strkeys;
    uint32_t strkey_count, strkey_cap;
    infa_string_def *string_defs;
    uint32_t string_def_count;
    uint32_t *strkey_hash;
    uint32_t strkey_hash_cap;

    /* Scratch for infa_model_tokens_in. */
    infa_token *tokens;
    uint32_t token_cap;

    infa_syntax_error *all_errors;
    uint32_t all_error_count;

    /* Every line by global index, rebuilt with the cross-section facts so
     * that rules walking lines pay no search per line. */
    const infa_line **line_ptrs;

    /* What the running rule reads (infa_model_track), or NULL. */
    infa_model_tracker *track;

    /* Cross-section facts are rebuilt on the first query after an update,
     * so a burst of keystrokes pays for them once. */
    bool cross_dirty;
};

/* Applies every pending move; every reader of spans runs after this. */
void infa_model__settle(infa_model *m);
/* Every accessor of a cross-section fact calls this first. */
void infa_model__ensure_cross(const infa_model *cm);
void infa_model__build_cross(infa_model *m);
void infa_model__free_cross(infa_model *m);

/* Facts of a section name, computed once per extraction of its block. */
void infa_model__decorate(const char *name, uint32_t len, uint32_t name_start, infa_decoration *d);
infa_kind_set infa_model__system_kinds(const char *name, uint32_t name_len,
                                       const infa_decoration *d);

static inline bool infa_model__is_space(char c)
{
    return c == ' ' || c == '\t';
}

#endif
