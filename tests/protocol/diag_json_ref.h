/* The diagnostics JSON as the server built it before it wrote text through
 * srv_diag_cache: one jansson tree per finding. Kept as an independent
 * reference for tests/protocol/diag_json_test.c and bench-publish. */
#ifndef INFLS_DIAG_JSON_REF_H
#define INFLS_DIAG_JSON_REF_H

#include "infa.h"
#include "srv_position.h"

#include <jansson.h>

/* New references. */
json_t *ref_diagnostic_json(const infa_document *doc, const char *uri, srv_encoding enc,
                            const infa_diagnostic *diag);
json_t *ref_diagnostics_json(const infa_document *doc, const char *uri, srv_encoding enc,
                             const infa_diagnostic_list *list);

#endif
