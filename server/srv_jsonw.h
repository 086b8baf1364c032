/* A JSON text writer for results whose size grows with the document
 * (outline, semantic tokens, folding, inlay hints, references, rename...):
 * they are written straight into the reply's buffer instead of as a jansson
 * tree, whose allocations cost more than the analysis on a 1 MB INF.
 *
 * The writer places the commas; strings are escaped as jansson writes them
 * (srv_json_append_string: `"` `\` and control characters escaped, other
 * characters as UTF-8, invalid UTF-8 bytes as U+FFFD), so the text is the
 * bytes json_dumps(..., JSON_COMPACT) would give for the same tree. Nesting
 * deeper than SRV_JW_MAX_DEPTH aborts: results are a few levels deep. */
#ifndef SRV_JSONW_H
#define SRV_JSONW_H

#include "infa.h"
#include "srv_position.h"
#include "srv_util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SRV_JW_MAX_DEPTH 64

typedef struct {
    srv_buf *out;   /* borrowed: text is appended to it */
    unsigned depth; /* open arrays and objects */
    uint64_t more;  /* bit d: the container at depth d already holds a value */
    bool after_key; /* a member name was written; its value comes next */
} srv_jw;

/* Starts writing one value at the end of out. */
void srv_jw_init(srv_jw *w, srv_buf *out);

void srv_jw_object_begin(srv_jw *w);
void srv_jw_object_end(srv_jw *w);
void srv_jw_array_begin(srv_jw *w);
void srv_jw_array_end(srv_jw *w);
/* A member name inside an object; the next call writes its value. */
void srv_jw_key(srv_jw *w, const char *name);

/* Values. A NULL string writes null. */
void srv_jw_string(srv_jw *w, const char *s, size_t len);
void srv_jw_cstr(srv_jw *w, const char *s);
void srv_jw_uint(srv_jw *w, uint64_t v);
void srv_jw_int(srv_jw *w, int64_t v);
void srv_jw_bool(srv_jw *w, bool v);
void srv_jw_null(srv_jw *w);

/* LSP Position {line, character} and Range {start, end} of analysis points,
 * the character in enc's units (srv_position_column). */
void srv_jw_position(srv_jw *w, const infa_document *doc, srv_encoding enc, infa_point p);
void srv_jw_range(srv_jw *w, const infa_document *doc, srv_encoding enc, infa_range r);

#endif
