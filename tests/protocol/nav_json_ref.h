/* The navigation results as the server built them before it wrote them as
 * text (srv_nav.c through srv_jsonw.c): one jansson tree per result. Kept
 * as an independent reference for tests/protocol/nav_json_test.c and
 * bench-nav. */
#ifndef INFLS_NAV_JSON_REF_H
#define INFLS_NAV_JSON_REF_H

#include "srv_nav.h"

#include <jansson.h>

/* The result of a textDocument/ navigation method, or an object
 * {"error": {"code", "message"}} when the request is refused. New
 * reference; NULL when the method is not a navigation one. */
json_t *ref_nav_json(const srv_nav_doc *d, const char *method, json_t *params);
/* workspace/symbol over open documents only (no workspace folders). */
json_t *ref_nav_workspace_json(const srv_nav_doc *open, size_t open_count, json_t *params);

#endif
