/* Internal view of a document for features inside the analysis library. */
#ifndef INFA_DOCUMENT_H
#define INFA_DOCUMENT_H

#include "infa.h"
#include "model.h"

#include <tree_sitter/api.h>

/* Borrowed; valid until the next edit. Never NULL. */
const infa_model *infa_document_model(infa_document *doc);
/* Borrowed; valid until the next edit. */
const TSTree *infa_document_tree(const infa_document *doc);

/* ---- Model construction (model.c), driven by the document ---------------- */

/* Describes the last edit so the model can keep blocks the edit missed. */
typedef struct {
    uint32_t start;
    uint32_t old_end;
    uint32_t new_end;
} infa_model_edit;

/* Caller must free with infa_model_delete(). text and line index are
 * borrowed from the document and must outlive the model's next update. */
infa_model *infa_model_new(void);
void infa_model_delete(infa_model *m);
/* Rebuilds the model for tree. With edit != NULL, blocks outside the edit
 * and outside changed (ranges from ts_tree_get_changed_ranges) are kept and
 * shifted instead of re-extracted. */
void infa_model_update(infa_model *m, const TSTree *tree, const char *text, size_t len,
                       const uint32_t *line_starts, uint32_t line_count,
                       const infa_model_edit *edit, const TSRange *changed,
                       uint32_t changed_count);

/* How many blocks the last update re-extracted (for tests and benchmarks). */
uint32_t infa_model_last_extracted(const infa_model *m);

#endif
