/* Navigation and editor features over LSP: documentSymbol, definition,
 * declaration, references, documentHighlight, prepareRename, rename,
 * foldingRange, selectionRange, semanticTokens, inlayHint and
 * workspace/symbol. The handlers and their JSON live here; srv_server.c
 * finds them with srv_nav_find and hands over the document. Results grow
 * with the document (an outline of a 1 MB INF is 1.5 MB of JSON), so they
 * are written as text (srv_jsonw.h) straight into the reply, never built
 * as a jansson tree. */
#ifndef SRV_NAV_H
#define SRV_NAV_H

#include "infa.h"
#include "srv_jsonw.h"
#include "srv_position.h"

#include <jansson.h>
#include <stddef.h>

/* An open document as the handlers see it (all borrowed). */
typedef struct {
    infa_document *doc;
    const char *uri;
    const char *path; /* NULL when the URI is not a file: URI */
    srv_encoding enc;
    unsigned inlay; /* INFA_INLAY_* categories the settings leave on */
} srv_nav_doc;

/* LSP error codes the handlers answer with. */
enum {
    SRV_NAV_INVALID_PARAMS = -32602,
    SRV_NAV_REQUEST_FAILED = -32803, /* a refused rename: the message says why */
};

/* Writes the result to out and returns true; or returns false with *code
 * and *error set (caller must free() the message), having maybe written
 * part of a value that the caller must discard. */
typedef bool (*srv_nav_fn)(const srv_nav_doc *d, json_t *params, srv_jw *out, int *code,
                           char **error);

/* The handler of a textDocument/ method, or NULL when it is not ours. */
srv_nav_fn srv_nav_find(const char *method);

/* Request parameters as bytes of d's document, shared with the test's
 * jansson reference (tests/protocol/nav_json_ref.c) so that only the JSON
 * writing differs between the two. pos/params are borrowed. The _cursor and
 * _span forms set *code and *error (caller frees) on a missing or invalid
 * position or range; a missing range is the whole document. */
bool srv_nav_param_byte(const srv_nav_doc *d, json_t *pos, uint32_t *byte);
bool srv_nav_param_cursor(const srv_nav_doc *d, json_t *params, uint32_t *byte, int *code,
                          char **error);
bool srv_nav_param_span(const srv_nav_doc *d, json_t *params, uint32_t *start, uint32_t *end,
                        int *code, char **error);
/* A file: URI for a local path (POSIX, drive or UNC). Caller frees. */
char *srv_nav_path_to_uri(const char *path);
/* The file an Include= names beside the INF at inf_path, matched without
 * case as on Windows. Caller frees; NULL when it is not there. */
char *srv_nav_beside(const char *inf_path, const char *name);

/* Adds the providers of these methods to an initialize result. */
void srv_nav_capabilities(json_t *caps);

/* workspace/symbol state: the workspace folders and an index of the
 * sections of the INF files in them (the same files --check would read, at
 * most SRV_NAV_MAX_FILES), built on the first request and kept. Each later
 * request stat()s the folders and files: the folders are listed again only
 * when one of them changed (an entry added, removed or renamed), and only
 * the files whose size or time changed are read again. */
#define SRV_NAV_MAX_FILES 2000
typedef struct srv_nav_workspace srv_nav_workspace;

/* From initialize params (workspaceFolders, else rootUri / rootPath) and
 * the negotiated position encoding. Caller must free with
 * srv_nav_workspace_delete(). */
srv_nav_workspace *srv_nav_workspace_new(json_t *initialize_params, srv_encoding enc);
void srv_nav_workspace_delete(srv_nav_workspace *w);
/* Writes the SymbolInformation[] matching params.query in the open
 * documents (which win over the same file on disk) and the workspace
 * files, at most 1,000. w may be NULL (open documents only). */
void srv_nav_workspace_symbol(srv_nav_workspace *w, const srv_nav_doc *open, size_t open_count,
                              json_t *params, srv_jw *out);

#endif
