/* The open documents: each URI's analysis document, its configuration
 * (client settings over the nearest .inf-ls.json) and a debounce timer that
 * asks for its diagnostics to be published a pause after the last change.
 * Knows libuv and the settings, not JSON-RPC: publishing is the server's. */
#ifndef SRV_DOCS_H
#define SRV_DOCS_H

#include "infa.h"
#include "srv_json.h"
#include "srv_settings.h"

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

typedef struct srv_docs srv_docs;

/* One open document, owned by its srv_docs. */
typedef struct srv_doc {
    struct srv_doc *next;
    srv_docs *docs;
    char *uri;
    char *path; /* NULL when the URI is not a file: URI */
    int64_t version;
    infa_document *doc;
    infa_config *config;
    uv_timer_t *timer;
    srv_diag_cache *diags; /* the last diagnostics sent, pushed or pulled */
    bool dirty;            /* text or configuration changed since diags */
    char result_id[24];    /* names diags for pull requests */
    unsigned inlay;        /* INFA_INLAY_* categories the settings leave on */
} srv_doc;

/* Called when a document's debounce timer fires (push mode only). */
typedef void (*srv_docs_publish_fn)(void *ctx, srv_doc *d);

/* client_settings is borrowed and read at each configuration load; warn
 * receives problems found in configuration files. Caller must free with
 * srv_docs_delete. */
srv_docs *srv_docs_new(uv_loop_t *loop, const srv_settings *client_settings,
                       srv_docs_publish_fn publish, srv_warn_fn warn, void *ctx);
/* Closes every document, then frees the store. */
void srv_docs_delete(srv_docs *docs);

void srv_docs_set_debounce(srv_docs *docs, uint64_t ms);
/* With push off (a client that pulls diagnostics), changes only mark
 * documents dirty and no timer runs. On by default. */
void srv_docs_set_push(srv_docs *docs, bool push);
/* The first open document (then follow ->next), or NULL. */
srv_doc *srv_docs_first(srv_docs *docs);
srv_doc *srv_docs_find(srv_docs *docs, const char *uri);
/* Opens uri with text, or replaces the text of an open one. path (may be
 * NULL) is copied. Does not load configuration or schedule. */
srv_doc *srv_docs_open(srv_docs *docs, const char *uri, const char *path, const char *text,
                       size_t len);
/* Closes uri; false when it was not open. */
bool srv_docs_close(srv_docs *docs, const char *uri);
/* Closes every document (their timers close with the loop). */
void srv_docs_close_all(srv_docs *docs);

/* (Re)builds d's configuration from its folder's settings file and the
 * client settings; marks it dirty. */
void srv_docs_load_config(srv_docs *docs, srv_doc *d);
/* Reloads every document's configuration and schedules each. */
void srv_docs_reload_all(srv_docs *docs);
/* Marks d dirty and, in push mode, (re)starts its debounce timer. */
void srv_docs_schedule(srv_docs *docs, srv_doc *d);
/* Stops every pending timer (after shutdown nothing is published). */
void srv_docs_stop_timers(srv_docs *docs);

#endif
