/* Unified diffs of two texts, line by line (Myers' O(ND) algorithm), for
 * `inf-ls --check --diff`. Lines keep their own terminators so a diff of a
 * CRLF file applies with patch(1). */
#ifndef SRV_DIFF_H
#define SRV_DIFF_H

#include "srv_util.h"

#include <stddef.h>

/* Appends a unified diff (with `--- a/label` / `+++ b/label` headers and
 * three lines of context) to out. Appends nothing when the texts are equal. */
void srv_diff_unified(srv_buf *out, const char *label, const char *old_text, size_t old_len,
                      const char *new_text, size_t new_len);

#endif
