/* Analysis results to LSP JSON (diagnostics, hover, completion items, text
 * edits), with positions in the negotiated encoding; diagnostics are
 * written as text through a per-document cache; and jansson helpers for
 * text that may not be valid UTF-8 (document excerpts in messages, file
 * paths): jansson refuses such strings, so they are repaired with U+FFFD
 * instead of being lost. Every json_t returned is a new reference. */
#ifndef SRV_JSON_H
#define SRV_JSON_H

#include "infa.h"
#include "srv_position.h"
#include "srv_util.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* New reference; never NULL. s may be NULL (gives JSON null). */
json_t *srv_json_string(const char *s);
json_t *srv_json_stringn(const char *s, size_t len);
/* Caller must free() the result: s with invalid UTF-8 bytes replaced. */
char *srv_utf8_repair(const char *s, size_t len, size_t *out_len);

/* LSP Position and Range of analysis points in doc. */
json_t *srv_json_position(const infa_document *doc, srv_encoding enc, infa_point p);
json_t *srv_json_range(const infa_document *doc, srv_encoding enc, infa_range r);
/* Reads an LSP Position object; false if line or character is missing,
 * not an integer or negative. Values past UINT32_MAX are clamped. */
bool srv_json_get_position(json_t *pos, uint32_t *line, uint32_t *character);
/* Appends s as a JSON string literal, as jansson would write it, with
 * invalid UTF-8 bytes replaced by U+FFFD. */
void srv_json_append_string(srv_buf *out, const char *s, size_t len);

/* One document's diagnostics as LSP JSON text, written without building a
 * jansson tree. Each finding's JSON is cached with its ranges cut out, keyed
 * by the finding's identity (rule, severity, message, link, tags, fix data
 * and related messages), so a finding that is unchanged or only moved costs
 * a hash and its position numbers. Entries that the last update did not use
 * are dropped. Caller must free with srv_diag_cache_delete. */
typedef struct srv_diag_cache srv_diag_cache;

srv_diag_cache *srv_diag_cache_new(void);
void srv_diag_cache_delete(srv_diag_cache *c);
/* Rewrites the Diagnostic array for list (positions in enc, related
 * locations in uri). Returns true when the text differs from the previous
 * update's (always on the first). */
bool srv_diag_cache_update(srv_diag_cache *c, const infa_document *doc, const char *uri,
                           srv_encoding enc, const infa_diagnostic_list *list);
/* The same for an array of diagnostics (tests build findings by hand). */
bool srv_diag_cache_update_array(srv_diag_cache *c, const infa_document *doc, const char *uri,
                                 srv_encoding enc, const infa_diagnostic *diags, size_t count);
/* The last update's array ("[]" before any); borrowed until the next. */
const char *srv_diag_cache_text(const srv_diag_cache *c, size_t *len);
/* Entries held, and how many the last update had to build (the others were
 * found in the cache). */
size_t srv_diag_cache_entries(const srv_diag_cache *c);
size_t srv_diag_cache_misses(const srv_diag_cache *c);
/* Appends to out the last update's diagnostics of rule_id that start on
 * row, as jansson objects. */
void srv_diag_cache_match(const srv_diag_cache *c, const char *rule_id, uint32_t row, json_t *out);
/* A Hover result. */
json_t *srv_json_hover(const infa_document *doc, srv_encoding enc, const infa_hover *hover);
/* A CompletionList. */
json_t *srv_json_completion_list(const infa_document *doc, srv_encoding enc,
                                 const infa_completion_list *list);
/* The WorkspaceEdit of a code action's edits to uri. */
json_t *srv_json_workspace_edit(const infa_document *doc, const char *uri, srv_encoding enc,
                                const infa_code_action *action);

#endif
