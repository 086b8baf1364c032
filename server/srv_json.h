/* Analysis results to LSP JSON (diagnostics, hover, completion items, text
 * edits), with positions in the negotiated encoding; and jansson helpers for
 * text that may not be valid UTF-8 (document excerpts in messages, file
 * paths): jansson refuses such strings, so they are repaired with U+FFFD
 * instead of being lost. Every json_t returned is a new reference. */
#ifndef SRV_JSON_H
#define SRV_JSON_H

#include "infa.h"
#include "srv_position.h"

#include <jansson.h>
#include <stddef.h>

/* New reference; never NULL. s may be NULL (gives JSON null). */
json_t *srv_json_string(const char *s);
json_t *srv_json_stringn(const char *s, size_t len);
/* Caller must free() the result: s with invalid UTF-8 bytes replaced. */
char *srv_utf8_repair(const char *s, size_t len, size_t *out_len);

/* LSP Position and Range of analysis points in doc. */
json_t *srv_json_position(const infa_document *doc, srv_encoding enc, infa_point p);
json_t *srv_json_range(const infa_document *doc, srv_encoding enc, infa_range r);
/* One LSP Diagnostic of doc, whose related locations are in uri. */
json_t *srv_json_diagnostic(const infa_document *doc, const char *uri, srv_encoding enc,
                            const infa_diagnostic *diag);
/* The Diagnostic array of a whole list. */
json_t *srv_json_diagnostics(const infa_document *doc, const char *uri, srv_encoding enc,
                             const infa_diagnostic_list *list);
/* A Hover result. */
json_t *srv_json_hover(const infa_document *doc, srv_encoding enc, const infa_hover *hover);
/* A CompletionList. */
json_t *srv_json_completion_list(const infa_document *doc, srv_encoding enc,
                                 const infa_completion_list *list);
/* The WorkspaceEdit of a code action's edits to uri. */
json_t *srv_json_workspace_edit(const infa_document *doc, const char *uri, srv_encoding enc,
                                const infa_code_action *action);

#endif
