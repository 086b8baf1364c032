#include "srv_docs.h"

#include "srv_platform.h"

#include "srv_util.h"

#include <stdlib.h>
#include <string.h>

/* Keystrokes arrive ~every 100 ms; analysing after a pause keeps typing
 * responsive while still feeling immediate. */
#define SRV_DEFAULT_DEBOUNCE_MS 150

struct srv_docs {
    uv_loop_t *loop;
    const srv_settings *client_settings;
    srv_docs_publish_fn publish;
    srv_warn_fn warn;
    void *ctx;
    uint64_t debounce_ms;
    bool push;
    srv_doc *head;
};

srv_docs *srv_docs_new(uv_loop_t *loop, const srv_settings *client_settings,
                       srv_docs_publish_fn publish, srv_warn_fn warn, void *ctx)
{
    srv_docs *docs = srv_xcalloc(1, sizeof *docs);
    docs->loop = loop;
    docs->client_settings = client_settings;
    docs->publish = publish;
    docs->warn = warn;
    docs->ctx = ctx;
    docs->debounce_ms = SRV_DEFAULT_DEBOUNCE_MS;
    docs->push = true;
    return docs;
}

void srv_docs_set_debounce(srv_docs *docs, uint64_t ms)
{
    docs->debounce_ms = ms;
}

void srv_docs_set_push(srv_docs *docs, bool push)
{
    docs->push = push;
}

srv_doc *srv_docs_first(srv_docs *docs)
{
    return docs->head;
}

srv_doc *srv_docs_find(srv_docs *docs, const char *uri)
{
    for (srv_doc *d = docs->head; d; d = d->next)
        if (strcmp(d->uri, uri) == 0)
            return d;
    return NULL;
}

void srv_docs_load_config(srv_docs *docs, srv_doc *d)
{
    srv_settings file_settings = {0};
    if (d->path) {
        char *dir = srv_platform_dirname(d->path);
        char *file = srv_settings_find_file(dir);
        if (file)
            srv_settings_merge_file(&file_settings, file, docs->warn, docs->ctx);
        free(file);
        free(dir);
    }
    const srv_settings *layers[] = {&file_settings, docs->client_settings};
    infa_config_delete(d->config);
    d->config = srv_settings_build(layers, 2);
    d->inlay = srv_settings_inlay(layers, 2);
    d->dirty = true;
    srv_settings_clear(&file_settings);
}

static void srv__timer_free(uv_handle_t *h)
{
    free(h);
}

static void srv__doc_delete(srv_doc *d)
{
    if (d->timer) {
        uv_timer_stop(d->timer);
        uv_close((uv_handle_t *)d->timer, srv__timer_free);
    }
    infa_document_delete(d->doc);
    infa_config_delete(d->config);
    srv_diag_cache_delete(d->diags);
    free(d->uri);
    free(d->path);
    free(d);
}

srv_doc *srv_docs_open(srv_docs *docs, const char *uri, const char *path, const char *text,
                       size_t len)
{
    srv_doc *d = srv_docs_find(docs, uri);
    if (d) {
        infa_document_set_text(d->doc, text, len);
        d->dirty = true;
        return d;
    }
    d = srv_xcalloc(1, sizeof *d);
    d->docs = docs;
    d->uri = srv_xstrdup(uri);
    d->path = path ? srv_xstrdup(path) : NULL;
    d->doc = infa_document_new(text, len);
    /* The editor sends decoded text, so only the name is known here. */
    infa_document_set_origin(d->doc, path ? path : uri, NULL);
    d->diags = srv_diag_cache_new();
    d->dirty = true;
    d->next = docs->head;
    docs->head = d;
    return d;
}

bool srv_docs_close(srv_docs *docs, const char *uri)
{
    for (srv_doc **p = &docs->head; *p; p = &(*p)->next) {
        if (strcmp((*p)->uri, uri) == 0) {
            srv_doc *d = *p;
            *p = d->next;
            srv__doc_delete(d);
            return true;
        }
    }
    return false;
}

void srv_docs_close_all(srv_docs *docs)
{
    while (docs->head) {
        srv_doc *d = docs->head;
        docs->head = d->next;
        srv__doc_delete(d);
    }
}

void srv_docs_delete(srv_docs *docs)
{
    if (!docs)
        return;
    srv_docs_close_all(docs);
    free(docs);
}

static void srv__timer_cb(uv_timer_t *timer)
{
    srv_doc *d = timer->data;
    d->docs->publish(d->docs->ctx, d);
}

void srv_docs_schedule(srv_docs *docs, srv_doc *d)
{
    d->dirty = true;
    if (!docs->push)
        return;
    if (!d->timer) {
        d->timer = srv_xmalloc(sizeof *d->timer);
        uv_timer_init(docs->loop, d->timer);
        d->timer->data = d;
    }
    uv_timer_start(d->timer, srv__timer_cb, docs->debounce_ms, 0);
}

void srv_docs_reload_all(srv_docs *docs)
{
    for (srv_doc *d = docs->head; d; d = d->next) {
        srv_docs_load_config(docs, d);
        srv_docs_schedule(docs, d);
    }
}

void srv_docs_stop_timers(srv_docs *docs)
{
    for (srv_doc *d = docs->head; d; d = d->next)
        if (d->timer)
            uv_timer_stop(d->timer);
}
