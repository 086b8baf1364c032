/* Code actions that change the file without fixing a finding (LSP
 * "refactor.rewrite"): the engine lists them with the quick fixes. */
#ifndef INFA_REFACTOR_H
#define INFA_REFACTOR_H

#include "model.h"

/* Receives one action: its title, and text to insert at byte `at`. Both
 * are borrowed for the call only. */
typedef void (*infa_refactor_emit)(void *user, const char *title, uint32_t at, const char *text);

/* For each section nothing references yet whose header is on a row in
 * [start_row, end_row] and whose inferred kind a directive lists
 * (AddReg=, CopyFiles=, DelReg=, ...): one "Reference [X] from [Inst]"
 * action per DDInstall section of the file, adding `AddReg=X` after that
 * section's last line. */
void infa_refactor_reference(const infa_model *m, uint32_t start_row, uint32_t end_row,
                             infa_refactor_emit emit, void *user);

#endif
