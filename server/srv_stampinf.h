/* stampinf's tokens in .inx templates, expanded the way stampinf would for
 * one architecture (`inf-ls --check --arch`), with a map from the expanded
 * text back to the template so findings point into the file on disk. */
#ifndef SRV_STAMPINF_H
#define SRV_STAMPINF_H

#include "infa.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t orig, orig_len; /* the token in the template */
    uint32_t exp, exp_len;   /* its value in the expanded text */
} srv_stampinf_sub;

typedef struct {
    srv_stampinf_sub *subs; /* in text order */
    size_t count;
} srv_stampinf_map;

/* True for "amd64", "arm64" and "x86", the --arch values. */
bool srv_stampinf_arch_known(const char *arch);

/* text with $ARCH$, $KMDFVERSION$, $KMDFCOINSTALLERVERSION$, $UMDFVERSION$
 * and $UMDFCOINSTALLERVERSION$ replaced (case-sensitive, as stampinf).
 * Caller must free() the result and clear map with srv_stampinf_map_free. */
char *srv_stampinf_expand(const char *text, size_t len, const char *arch, size_t *out_len,
                          srv_stampinf_map *map);
void srv_stampinf_map_free(srv_stampinf_map *map);

/* A byte of the expanded text to the template's; a byte inside a value
 * maps to the token's start (or its end, for an end offset). */
uint32_t srv_stampinf_to_template(const srv_stampinf_map *map, uint32_t byte, bool is_end);

/* A copy of d whose ranges (and related ranges) are moved from the expanded
 * text to the template `doc`. The copy borrows d's strings; caller frees
 * it with srv_stampinf_diagnostic_free. */
infa_diagnostic *srv_stampinf_map_diagnostic(const srv_stampinf_map *map, const infa_document *doc,
                                             const infa_diagnostic *d);
void srv_stampinf_diagnostic_free(infa_diagnostic *d);

#endif
