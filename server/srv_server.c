#include "srv_server.h"

#include "infa.h"
#include "srv_json.h"
#include "srv_position.h"
#include "srv_settings.h"
#include "srv_transport.h"
#include "srv_util.h"
#include "srv_version.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

/* JSON-RPC and LSP error codes. */
enum {
    SRV_PARSE_ERROR = -32700,
    SRV_INVALID_REQUEST = -32600,
    SRV_METHOD_NOT_FOUND = -32601,
    SRV_INVALID_PARAMS = -32602,
    SRV_INTERNAL_ERROR = -32603,
    SRV_SERVER_NOT_INITIALIZED = -32002,
    SRV_REQUEST_CANCELLED = -32800,
};

/* Keystrokes arrive ~every 100 ms; analysing after a pause keeps typing
 * responsive while still feeling immediate. */
#define SRV_DEFAULT_DEBOUNCE_MS 150

typedef enum {
    SRV_STATE_UNINITIALIZED,
    SRV_STATE_RUNNING,
    SRV_STATE_SHUTDOWN,
} srv_state;

typedef struct srv_server srv_server;

typedef struct srv_doc {
    struct srv_doc *next;
    srv_server *server;
    char *uri;
    char *path; /* NULL when the URI is not a file: URI */
    int64_t version;
    infa_document *doc;
    infa_config *config;
    uv_timer_t *timer;
    json_t *published; /* the last published diagnostics array */
} srv_doc;

typedef struct srv_item {
    struct srv_item *next;
    json_t *msg;
    bool cancelled;
} srv_item;

struct srv_server {
    uv_loop_t *loop;
    srv_transport *transport;
    uv_idle_t idle;
    bool idle_active;

    srv_state state;
    srv_encoding encoding;
    uint64_t debounce_ms;
    srv_settings client_settings;
    srv_doc *docs;

    srv_item *queue_head;
    srv_item *queue_tail;

    bool eof;
    bool exiting;
    int exit_code;
};

typedef struct {
    int code;
    char *message;
} srv_error;

/* ---- Output ------------------------------------------------------------- */

/* A message object with "jsonrpc" first, for readable logs. */
static json_t *srv__msg_new(void)
{
    json_t *msg = json_object();
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    return msg;
}

static void srv__send(srv_server *s, json_t *msg)
{
    if (s->exiting) {
        json_decref(msg);
        return;
    }
    char *text = json_dumps(msg, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(msg);
    if (!text)
        return;
    srv_transport_send(s->transport, text, strlen(text));
    free(text);
}

static void srv__send_error(srv_server *s, json_t *id, int code, const char *message)
{
    json_t *msg = srv__msg_new();
    json_object_set(msg, "id", id ? id : json_null());
    json_object_set_new(msg, "error",
                        json_pack("{s:i,s:o}", "code", code, "message", srv_json_string(message)));
    srv__send(s, msg);
}

static void srv__send_result(srv_server *s, json_t *id, json_t *result)
{
    json_t *msg = srv__msg_new();
    json_object_set(msg, "id", id);
    json_object_set_new(msg, "result", result ? result : json_null());
    srv__send(s, msg);
}

static void srv__notify(srv_server *s, const char *method, json_t *params)
{
    json_t *msg = srv__msg_new();
    json_object_set_new(msg, "method", json_string(method));
    json_object_set_new(msg, "params", params);
    srv__send(s, msg);
}

/* Settings problems go to stderr and, once a client listens, to its log. */
static void srv__warn(void *ctx, const char *message)
{
    srv_server *s = ctx;
    srv_log("%s", message);
    if (s && !s->exiting)
        srv__notify(s, "window/logMessage",
                    json_pack("{s:i,s:o}", "type", 2, "message", srv_json_string(message)));
}

static void srv__set_error(srv_error *err, int code, const char *fmt, ...) SRV_PRINTF(3, 4);

static void srv__set_error(srv_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    free(err->message);
    err->message = srv_xmalloc(n > 0 ? (size_t)n + 1 : 1);
    err->message[0] = '\0';
    va_start(ap, fmt);
    if (n > 0)
        vsnprintf(err->message, (size_t)n + 1, fmt, ap);
    va_end(ap);
    err->code = code;
}

/* ---- Documents ---------------------------------------------------------- */

static int srv__hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* file:///a/b%20c.inf -> /a/b c.inf; NULL for other schemes. Caller frees. */
static char *srv__uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (*p != '/') {
        p = strchr(p, '/'); /* skip an authority such as "localhost" */
        if (!p)
            return NULL;
    }
    srv_buf buf = {0};
    for (; *p && *p != '?' && *p != '#'; p++) {
        int hi, lo;
        if (*p == '%' && (hi = srv__hex(p[1])) >= 0 && (lo = srv__hex(p[2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            srv_buf_append(&buf, &c, 1);
            p += 2;
        } else {
            srv_buf_append(&buf, p, 1);
        }
    }
    return srv_buf_take(&buf);
}

static srv_doc *srv__doc_find(srv_server *s, const char *uri)
{
    for (srv_doc *d = s->docs; d; d = d->next)
        if (strcmp(d->uri, uri) == 0)
            return d;
    return NULL;
}

static void srv__doc_load_config(srv_server *s, srv_doc *d)
{
    srv_settings file_settings = {0};
    if (d->path) {
        char *dir = srv_xstrdup(d->path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        char *file = srv_settings_find_file(slash ? (*dir ? dir : "/") : ".");
        if (file)
            srv_settings_merge_file(&file_settings, file, srv__warn, s);
        free(file);
        free(dir);
    }
    const srv_settings *layers[] = {&file_settings, &s->client_settings};
    infa_config_delete(d->config);
    d->config = srv_settings_build(layers, 2);
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
    json_decref(d->published);
    free(d->uri);
    free(d->path);
    free(d);
}

static json_t *srv__position_json(const infa_document *doc, srv_encoding enc, infa_point p)
{
    return json_pack("{s:i,s:i}", "line", (json_int_t)p.row, "character",
                     (json_int_t)srv_position_column(doc, enc, p));
}

static json_t *srv__range_json(const infa_document *doc, srv_encoding enc, infa_range r)
{
    return json_pack("{s:o,s:o}", "start", srv__position_json(doc, enc, r.start), "end",
                     srv__position_json(doc, enc, r.end));
}

static json_t *srv__diagnostic_json(srv_doc *d, srv_encoding enc, const infa_diagnostic *diag)
{
    json_t *j = json_object();
    json_object_set_new(j, "range", srv__range_json(d->doc, enc, diag->range));
    json_object_set_new(j, "severity", json_integer(diag->severity));
    if (diag->rule_id)
        json_object_set_new(j, "code", json_string(diag->rule_id));
    if (diag->href)
        json_object_set_new(j, "codeDescription",
                            json_pack("{s:o}", "href", srv_json_string(diag->href)));
    json_object_set_new(j, "source", json_string("inf-ls"));
    json_object_set_new(j, "message", srv_json_string(diag->message ? diag->message : ""));
    if (diag->related_count) {
        json_t *rel = json_array();
        for (size_t i = 0; i < diag->related_count; i++) {
            const infa_related *r = &diag->related[i];
            json_array_append_new(rel, json_pack("{s:{s:o,s:o},s:o}", "location", "uri",
                                                 json_string(d->uri), "range",
                                                 srv__range_json(d->doc, enc, r->range), "message",
                                                 srv_json_string(r->message ? r->message : "")));
        }
        json_object_set_new(j, "relatedInformation", rel);
    }
    if (diag->tags) {
        json_t *tags = json_array();
        if (diag->tags & INFA_TAG_UNNECESSARY)
            json_array_append_new(tags, json_integer(1));
        if (diag->tags & INFA_TAG_DEPRECATED)
            json_array_append_new(tags, json_integer(2));
        json_object_set_new(j, "tags", tags);
    }
    if (diag->fixable || diag->infverif_code)
        json_object_set_new(
            j, "data",
            json_pack("{s:b,s:i}", "fixable", diag->fixable, "infverif", diag->infverif_code));
    return j;
}

static void srv__doc_publish(srv_server *s, srv_doc *d)
{
    infa_diagnostic_list *list = infa_document_diagnose(d->doc, d->config);
    json_t *arr = json_array();
    size_t n = infa_diagnostic_list_count(list);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, srv__diagnostic_json(d, s->encoding, infa_diagnostic_list_get(list, i)));
    infa_diagnostic_list_delete(list);
    json_decref(d->published);
    d->published = json_incref(arr);
    srv__notify(s, "textDocument/publishDiagnostics",
                json_pack("{s:s,s:I,s:o}", "uri", d->uri, "version", (json_int_t)d->version,
                          "diagnostics", arr));
}

static void srv__timer_cb(uv_timer_t *timer)
{
    srv_doc *d = timer->data;
    srv__doc_publish(d->server, d);
}

static void srv__doc_schedule(srv_server *s, srv_doc *d)
{
    if (!d->timer) {
        d->timer = srv_xmalloc(sizeof *d->timer);
        uv_timer_init(s->loop, d->timer);
        d->timer->data = d;
    }
    uv_timer_start(d->timer, srv__timer_cb, s->debounce_ms, 0);
}

/* ---- Parameter helpers -------------------------------------------------- */

static const char *srv__get_string(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static srv_doc *srv__doc_for(srv_server *s, json_t *params, srv_error *err)
{
    const char *uri = srv__get_string(json_object_get(params, "textDocument"), "uri");
    if (!uri) {
        srv__set_error(err, SRV_INVALID_PARAMS, "textDocument.uri is missing");
        return NULL;
    }
    srv_doc *d = srv__doc_find(s, uri);
    if (!d)
        srv__set_error(err, SRV_INVALID_PARAMS, "document is not open: %s", uri);
    return d;
}

static bool srv__get_position(json_t *pos, uint32_t *line, uint32_t *character)
{
    json_t *l = json_object_get(pos, "line");
    json_t *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
        json_integer_value(c) < 0)
        return false;
    json_int_t lv = json_integer_value(l), cv = json_integer_value(c);
    *line = lv > UINT32_MAX ? UINT32_MAX : (uint32_t)lv;
    *character = cv > UINT32_MAX ? UINT32_MAX : (uint32_t)cv;
    return true;
}

static bool srv__byte_at(srv_server *s, srv_doc *d, json_t *pos, uint32_t *byte)
{
    uint32_t line, character;
    if (!srv__get_position(pos, &line, &character))
        return false;
    *byte = srv_position_to_byte(d->doc, s->encoding, line, character);
    return true;
}

/* ---- Lifecycle handlers ------------------------------------------------- */

static const char *const srv__init_option_keys[] = {"diagnosticsDelayMs", NULL};

static json_t *srv__h_initialize(srv_server *s, json_t *params, srv_error *err)
{
    if (s->state != SRV_STATE_UNINITIALIZED) {
        srv__set_error(err, SRV_INVALID_REQUEST, "initialize was already received");
        return NULL;
    }
    json_t *encodings = json_object_get(
        json_object_get(json_object_get(params, "capabilities"), "general"), "positionEncodings");
    bool utf8 = false, utf16 = !json_is_array(encodings) || json_array_size(encodings) == 0,
         utf32 = false;
    size_t i;
    json_t *e;
    json_array_foreach(encodings, i, e)
    {
        const char *name = json_string_value(e);
        if (!name)
            continue;
        utf8 |= strcmp(name, "utf-8") == 0;
        utf16 |= strcmp(name, "utf-16") == 0;
        utf32 |= strcmp(name, "utf-32") == 0;
    }
    /* UTF-8 needs no conversion at all; UTF-16 is the protocol's default. */
    s->encoding = utf8    ? SRV_ENC_UTF8
                  : utf16 ? SRV_ENC_UTF16
                  : utf32 ? SRV_ENC_UTF32
                          : SRV_ENC_UTF16;

    json_t *opts = json_object_get(params, "initializationOptions");
    json_t *delay = json_object_get(opts, "diagnosticsDelayMs");
    if (json_is_integer(delay) && json_integer_value(delay) >= 0)
        s->debounce_ms = (uint64_t)json_integer_value(delay);
    s->state = SRV_STATE_RUNNING;
    srv_settings_merge_json(&s->client_settings, opts, "initializationOptions",
                            srv__init_option_keys, srv__warn, s);

    json_t *caps = json_pack("{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:{s:[s,s,s,s],s:b},s:{s:[s,s,s],s:b}}",
                             "positionEncoding", srv_encoding_name(s->encoding), "textDocumentSync",
                             "openClose", 1, "change", 2, "save", "includeText", 0, "hoverProvider",
                             1, "completionProvider", "triggerCharacters", ",", "%", "=", "[",
                             "resolveProvider", 0, "codeActionProvider", "codeActionKinds",
                             "quickfix", "refactor.rewrite", "source.fixAll", "resolveProvider", 0);
    return json_pack("{s:o,s:{s:s,s:s}}", "capabilities", caps, "serverInfo", "name", "inf-ls",
                     "version", SRV_VERSION);
}

static json_t *srv__h_shutdown(srv_server *s, json_t *params, srv_error *err)
{
    (void)params;
    (void)err;
    s->state = SRV_STATE_SHUTDOWN;
    for (srv_doc *d = s->docs; d; d = d->next)
        if (d->timer)
            uv_timer_stop(d->timer);
    return json_null();
}

/* ---- Document notifications --------------------------------------------- */

static void srv__n_did_open(srv_server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = srv__get_string(td, "uri");
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text)) {
        srv_log("didOpen without textDocument.uri/text; ignored");
        return;
    }
    srv_doc *d = srv__doc_find(s, uri);
    if (d) {
        infa_document_set_text(d->doc, json_string_value(text), json_string_length(text));
    } else {
        d = srv_xcalloc(1, sizeof *d);
        d->server = s;
        d->uri = srv_xstrdup(uri);
        d->path = srv__uri_to_path(uri);
        d->doc = infa_document_new(json_string_value(text), json_string_length(text));
        d->next = s->docs;
        s->docs = d;
    }
    json_t *version = json_object_get(td, "version");
    d->version = json_is_integer(version) ? json_integer_value(version) : 0;
    srv__doc_load_config(s, d);
    srv__doc_schedule(s, d);
}

static void srv__n_did_change(srv_server *s, json_t *params)
{
    srv_error err = {0};
    srv_doc *d = srv__doc_for(s, params, &err);
    if (!d) {
        srv_log("didChange: %s", err.message);
        free(err.message);
        return;
    }
    json_t *changes = json_object_get(params, "contentChanges");
    size_t i;
    json_t *change;
    json_array_foreach(changes, i, change)
    {
        json_t *text = json_object_get(change, "text");
        if (!json_is_string(text)) {
            srv_log("didChange: a content change has no text; ignored");
            continue;
        }
        json_t *range = json_object_get(change, "range");
        if (!range) {
            infa_document_set_text(d->doc, json_string_value(text), json_string_length(text));
            continue;
        }
        uint32_t sl, sc, el, ec;
        if (!srv__get_position(json_object_get(range, "start"), &sl, &sc) ||
            !srv__get_position(json_object_get(range, "end"), &el, &ec)) {
            srv_log("didChange: a content change has an invalid range; ignored");
            continue;
        }
        uint32_t start = srv_position_to_byte(d->doc, s->encoding, sl, sc);
        uint32_t end = srv_position_to_byte(d->doc, s->encoding, el, ec);
        if (end < start) {
            uint32_t t = start;
            start = end;
            end = t;
        }
        infa_document_apply_edit(d->doc, start, end, json_string_value(text),
                                 json_string_length(text));
    }
    json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
    if (json_is_integer(version))
        d->version = json_integer_value(version);
    srv__doc_schedule(s, d);
}

static void srv__n_did_close(srv_server *s, json_t *params)
{
    const char *uri = srv__get_string(json_object_get(params, "textDocument"), "uri");
    if (!uri)
        return;
    for (srv_doc **p = &s->docs; *p; p = &(*p)->next) {
        if (strcmp((*p)->uri, uri) == 0) {
            srv_doc *d = *p;
            *p = d->next;
            srv__notify(s, "textDocument/publishDiagnostics",
                        json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
            srv__doc_delete(d);
            return;
        }
    }
}

static bool srv__ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void srv__reconfigure_all(srv_server *s)
{
    for (srv_doc *d = s->docs; d; d = d->next) {
        srv__doc_load_config(s, d);
        srv__doc_schedule(s, d);
    }
}

static void srv__n_did_save(srv_server *s, json_t *params)
{
    const char *uri = srv__get_string(json_object_get(params, "textDocument"), "uri");
    if (!uri)
        return;
    /* Saving a config file changes the findings of every INF below it. */
    if (srv__ends_with(uri, "/" SRV_CONFIG_FILE_NAME)) {
        srv__reconfigure_all(s);
        return;
    }
    srv_doc *d = srv__doc_find(s, uri);
    if (d) {
        srv__doc_load_config(s, d);
        srv__doc_schedule(s, d);
    }
}

static void srv__n_did_change_configuration(srv_server *s, json_t *params)
{
    json_t *settings = json_object_get(params, "settings");
    /* Clients send null or {} to mean "ask me"; keep what we have then. */
    if (!json_is_object(settings) || json_object_size(settings) == 0)
        return;
    srv_settings_clear(&s->client_settings);
    srv_settings_merge_json(&s->client_settings, settings, "workspace/didChangeConfiguration",
                            srv__init_option_keys, srv__warn, s);
    srv__reconfigure_all(s);
}

/* ---- Features ----------------------------------------------------------- */

/* The open document and the byte offset of params.position (a
 * TextDocumentPositionParams), or NULL with err set. */
static srv_doc *srv__doc_position(srv_server *s, json_t *params, srv_error *err, uint32_t *byte)
{
    srv_doc *d = srv__doc_for(s, params, err);
    if (!d)
        return NULL;
    if (!srv__byte_at(s, d, json_object_get(params, "position"), byte)) {
        srv__set_error(err, SRV_INVALID_PARAMS, "position is missing or invalid");
        return NULL;
    }
    return d;
}

static json_t *srv__h_hover(srv_server *s, json_t *params, srv_error *err)
{
    uint32_t byte;
    srv_doc *d = srv__doc_position(s, params, err, &byte);
    if (!d)
        return NULL;
    infa_hover *hover = infa_document_hover(d->doc, d->config, byte);
    if (!hover)
        return json_null();
    json_t *result = json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value",
                               srv_json_string(infa_hover_markdown(hover)), "range",
                               srv__range_json(d->doc, s->encoding, infa_hover_range(hover)));
    infa_hover_delete(hover);
    return result;
}

static json_t *srv__h_completion(srv_server *s, json_t *params, srv_error *err)
{
    uint32_t byte;
    srv_doc *d = srv__doc_position(s, params, err, &byte);
    if (!d)
        return NULL;
    infa_completion_list *list = infa_document_complete(d->doc, d->config, byte);
    json_t *items = json_array();
    size_t n = infa_completion_list_count(list);
    json_t *range =
        n ? srv__range_json(d->doc, s->encoding, infa_completion_list_range(list)) : NULL;
    for (size_t i = 0; i < n; i++) {
        const infa_completion_item *it = infa_completion_list_get(list, i);
        const char *label = it->label ? it->label : "";
        const char *insert = it->insert_text ? it->insert_text : label;
        json_t *j = json_object();
        json_object_set_new(j, "label", srv_json_string(label));
        json_object_set_new(j, "kind", json_integer(it->kind));
        if (it->detail)
            json_object_set_new(j, "detail", srv_json_string(it->detail));
        if (it->documentation)
            json_object_set_new(j, "documentation",
                                json_pack("{s:s,s:o}", "kind", "markdown", "value",
                                          srv_json_string(it->documentation)));
        json_object_set_new(j, "sortText", srv_json_string(it->sort_text ? it->sort_text : label));
        /* eglot shows and filters by the inserted text unless filterText
         * names what the user types. */
        json_object_set_new(j, "filterText",
                            srv_json_string(it->filter_text ? it->filter_text : label));
        if (it->deprecated) {
            json_object_set_new(j, "deprecated", json_true());
            json_object_set_new(j, "tags", json_pack("[i]", 1));
        }
        if (it->preselect)
            json_object_set_new(j, "preselect", json_true());
        json_object_set_new(j, "insertTextFormat", json_integer(1));
        json_object_set_new(
            j, "textEdit",
            json_pack("{s:O,s:o}", "range", range, "newText", srv_json_string(insert)));
        json_array_append_new(items, j);
    }
    json_decref(range);
    /* Lists of document names are capped; ask the client to come back as
     * the user types more. */
    int incomplete = infa_completion_list_incomplete(list);
    infa_completion_list_delete(list);
    return json_pack("{s:b,s:o}", "isIncomplete", incomplete, "items", items);
}

/* Returns the kind to report the action under when context.only asks for
 * it, or NULL. A request for a kind inside ours (VS Code's codeActionsOnSave
 * asks for "source.fixAll.inf-ls") gets the action under that kind, which
 * is how servers scope their fix-all to one tool. */
static const char *srv__kind_wanted(json_t *only, const char *kind)
{
    if (!json_is_array(only))
        return kind;
    size_t i;
    json_t *o;
    json_array_foreach(only, i, o)
    {
        const char *want = json_string_value(o);
        if (!want)
            continue;
        size_t n = strlen(want), k = strlen(kind);
        if (strncmp(kind, want, n) == 0 && (kind[n] == '\0' || kind[n] == '.'))
            return kind;
        if (n > k && strncmp(want, kind, k) == 0 && want[k] == '.' &&
            strcmp(want + k + 1, "inf-ls") == 0)
            return want;
    }
    return NULL;
}

/* Appends the diagnostics of `source` that are about rule_id on row. Clients
 * echo ranges inaccurately (Neovim sends byte columns), so only the rule and
 * the start line are compared. */
static void srv__match_diagnostics(json_t *out, json_t *source, const char *rule_id, uint32_t row)
{
    size_t i;
    json_t *diag;
    json_array_foreach(source, i, diag)
    {
        const char *code = srv__get_string(diag, "code");
        json_t *line =
            json_object_get(json_object_get(json_object_get(diag, "range"), "start"), "line");
        if (code && strcmp(code, rule_id) == 0 && json_is_integer(line) &&
            json_integer_value(line) == (json_int_t)row)
            json_array_append(out, diag);
    }
}

static json_t *srv__edits_json(srv_server *s, srv_doc *d, const infa_code_action *a)
{
    json_t *edits = json_array();
    for (size_t i = 0; i < a->edit_count; i++)
        json_array_append_new(edits,
                              json_pack("{s:o,s:o}", "range",
                                        srv__range_json(d->doc, s->encoding, a->edits[i].range),
                                        "newText", srv_json_string(a->edits[i].new_text)));
    json_t *changes = json_object();
    json_object_set_new(changes, d->uri, edits);
    return json_pack("{s:o}", "changes", changes);
}

static json_t *srv__h_code_action(srv_server *s, json_t *params, srv_error *err)
{
    srv_doc *d = srv__doc_for(s, params, err);
    if (!d)
        return NULL;
    json_t *range = json_object_get(params, "range");
    uint32_t sl, sc, el, ec;
    if (!srv__get_position(json_object_get(range, "start"), &sl, &sc) ||
        !srv__get_position(json_object_get(range, "end"), &el, &ec)) {
        srv__set_error(err, SRV_INVALID_PARAMS, "range is missing or invalid");
        return NULL;
    }
    if (el < sl) {
        uint32_t t = sl;
        sl = el;
        el = t;
    }
    json_t *context = json_object_get(params, "context");
    json_t *only = json_object_get(context, "only");
    json_t *echoed = json_object_get(context, "diagnostics");

    infa_code_action_list *list = infa_document_code_actions(d->doc, d->config, sl, el);
    json_t *result = json_array();
    size_t n = infa_code_action_list_count(list);
    for (size_t i = 0; i < n; i++) {
        const infa_code_action *a = infa_code_action_list_get(list, i);
        const char *kind = srv__kind_wanted(only, a->kind ? a->kind : "quickfix");
        if (!kind)
            continue;
        json_t *j = json_object();
        json_object_set_new(j, "title", srv_json_string(a->title ? a->title : "Fix"));
        json_object_set_new(j, "kind", json_string(kind));
        if (a->rule_id) {
            json_t *diags = json_array();
            srv__match_diagnostics(diags, echoed, a->rule_id, a->diagnostic_range.start.row);
            if (json_array_size(diags) == 0)
                srv__match_diagnostics(diags, d->published, a->rule_id,
                                       a->diagnostic_range.start.row);
            if (json_array_size(diags))
                json_object_set_new(j, "diagnostics", diags);
            else
                json_decref(diags);
        }
        if (a->preferred)
            json_object_set_new(j, "isPreferred", json_true());
        json_object_set_new(j, "edit", srv__edits_json(s, d, a));
        json_array_append_new(result, j);
    }
    infa_code_action_list_delete(list);
    return result;
}

/* ---- Dispatch ----------------------------------------------------------- */

typedef json_t *(*srv_request_fn)(srv_server *s, json_t *params, srv_error *err);
typedef void (*srv_notification_fn)(srv_server *s, json_t *params);

static const struct {
    const char *method;
    srv_request_fn fn;
} srv__requests[] = {
    {"initialize", srv__h_initialize},
    {"shutdown", srv__h_shutdown},
    {"textDocument/hover", srv__h_hover},
    {"textDocument/completion", srv__h_completion},
    {"textDocument/codeAction", srv__h_code_action},
};

static void srv__n_ignore(srv_server *s, json_t *params)
{
    (void)s;
    (void)params;
}

static const struct {
    const char *method;
    srv_notification_fn fn;
} srv__notifications[] = {
    {"initialized", srv__n_ignore},
    {"textDocument/didOpen", srv__n_did_open},
    {"textDocument/didChange", srv__n_did_change},
    {"textDocument/didClose", srv__n_did_close},
    {"textDocument/didSave", srv__n_did_save},
    {"workspace/didChangeConfiguration", srv__n_did_change_configuration},
};

static void srv__begin_exit(srv_server *s, int code);

static void srv__handle_request(srv_server *s, json_t *msg, bool cancelled)
{
    json_t *id = json_object_get(msg, "id");
    const char *method = srv__get_string(msg, "method");
    json_t *params = json_object_get(msg, "params");
    if (cancelled) {
        srv__send_error(s, id, SRV_REQUEST_CANCELLED, "request cancelled");
        return;
    }
    if (s->state == SRV_STATE_UNINITIALIZED && strcmp(method, "initialize") != 0) {
        srv__send_error(s, id, SRV_SERVER_NOT_INITIALIZED, "server not initialized");
        return;
    }
    if (s->state == SRV_STATE_SHUTDOWN) {
        srv__send_error(s, id, SRV_INVALID_REQUEST, "server is shutting down");
        return;
    }
    for (size_t i = 0; i < sizeof srv__requests / sizeof *srv__requests; i++) {
        if (strcmp(srv__requests[i].method, method) != 0)
            continue;
        srv_error err = {0};
        json_t *result = srv__requests[i].fn(s, params, &err);
        if (err.code)
            srv__send_error(s, id, err.code, err.message);
        else
            srv__send_result(s, id, result);
        free(err.message);
        return;
    }
    srv__send_error(s, id, SRV_METHOD_NOT_FOUND, "method not found");
}

static void srv__handle_notification(srv_server *s, json_t *msg)
{
    const char *method = srv__get_string(msg, "method");
    json_t *params = json_object_get(msg, "params");
    if (strcmp(method, "exit") == 0) {
        srv__begin_exit(s, s->state == SRV_STATE_SHUTDOWN ? 0 : 1);
        return;
    }
    if (s->state != SRV_STATE_RUNNING)
        return; /* dropped before initialize and after shutdown */
    for (size_t i = 0; i < sizeof srv__notifications / sizeof *srv__notifications; i++) {
        if (strcmp(srv__notifications[i].method, method) == 0) {
            srv__notifications[i].fn(s, params);
            return;
        }
    }
    /* Unknown notifications are ignored, as the protocol asks. */
}

/* ---- Queue -------------------------------------------------------------- */

static void srv__idle_cb(uv_idle_t *idle);

static void srv__queue_push(srv_server *s, json_t *msg)
{
    srv_item *it = srv_xcalloc(1, sizeof *it);
    it->msg = msg;
    if (s->queue_tail)
        s->queue_tail->next = it;
    else
        s->queue_head = it;
    s->queue_tail = it;
    if (!s->idle_active) {
        uv_idle_start(&s->idle, srv__idle_cb);
        s->idle_active = true;
    }
}

static void srv__queue_clear(srv_server *s)
{
    while (s->queue_head) {
        srv_item *it = s->queue_head;
        s->queue_head = it->next;
        json_decref(it->msg);
        free(it);
    }
    s->queue_tail = NULL;
}

static bool srv__id_equal(json_t *a, json_t *b)
{
    return a && b && json_equal(a, b);
}

static void srv__cancel(srv_server *s, json_t *params)
{
    json_t *id = json_object_get(params, "id");
    for (srv_item *it = s->queue_head; it; it = it->next)
        if (srv__id_equal(json_object_get(it->msg, "id"), id) && json_object_get(it->msg, "method"))
            it->cancelled = true;
}

/* Requests run one per loop turn from a queue, so that a $/cancelRequest
 * read meanwhile can still cancel them. */
static void srv__idle_cb(uv_idle_t *idle)
{
    srv_server *s = idle->data;
    srv_item *it = s->queue_head;
    if (it) {
        s->queue_head = it->next;
        if (!s->queue_head)
            s->queue_tail = NULL;
        if (json_object_get(it->msg, "id"))
            srv__handle_request(s, it->msg, it->cancelled);
        else
            srv__handle_notification(s, it->msg);
        json_decref(it->msg);
        free(it);
    }
    if (!s->queue_head && s->idle_active) {
        uv_idle_stop(&s->idle);
        s->idle_active = false;
        if (s->eof && !s->exiting) {
            /* The client went away without `exit`. */
            srv__begin_exit(s, s->state == SRV_STATE_SHUTDOWN ? 0 : 1);
        }
    }
}

static void srv__on_message(void *ctx, const char *body, size_t len)
{
    srv_server *s = ctx;
    if (s->exiting)
        return;
    json_error_t jerr;
    json_t *msg = json_loadb(body, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
    if (!msg) {
        srv_log("invalid JSON in message: %s (line %d, column %d)", jerr.text, jerr.line,
                jerr.column);
        srv__send_error(s, NULL, SRV_PARSE_ERROR, "parse error: invalid JSON");
        return;
    }
    if (!json_is_object(msg)) {
        srv__send_error(s, NULL, SRV_INVALID_REQUEST,
                        json_is_array(msg) ? "batch arrays are not used by LSP"
                                           : "a message must be a JSON object");
        json_decref(msg);
        return;
    }
    json_t *id = json_object_get(msg, "id");
    bool id_ok = !id || json_is_string(id) || json_is_integer(id);
    json_t *method = json_object_get(msg, "method");
    const char *version = srv__get_string(msg, "jsonrpc");
    if (!method && id_ok && id &&
        (json_object_get(msg, "result") || json_object_get(msg, "error"))) {
        /* A reply to a request of ours; the server sends none that need it. */
        json_decref(msg);
        return;
    }
    if (!id_ok || !json_is_string(method) || !version || strcmp(version, "2.0") != 0) {
        srv__send_error(s, id_ok ? id : NULL, SRV_INVALID_REQUEST,
                        !json_is_string(method) ? "not a request: \"method\" is missing"
                        : !id_ok                ? "invalid \"id\""
                                                : "\"jsonrpc\" must be \"2.0\"");
        json_decref(msg);
        return;
    }
    json_t *params = json_object_get(msg, "params");
    if (params && !json_is_object(params) && !json_is_array(params)) {
        if (id)
            srv__send_error(s, id, SRV_INVALID_REQUEST, "\"params\" must be an object or array");
        json_decref(msg);
        return;
    }
    if (!id && strcmp(json_string_value(method), "$/cancelRequest") == 0) {
        srv__cancel(s, params);
        json_decref(msg);
        return;
    }
    srv__queue_push(s, msg);
}

static void srv__on_eof(void *ctx)
{
    srv_server *s = ctx;
    s->eof = true;
    if (!s->queue_head && !s->exiting)
        srv__begin_exit(s, s->state == SRV_STATE_SHUTDOWN ? 0 : 1);
}

static void srv__transport_closed(void *ctx)
{
    srv_server *s = ctx;
    uv_close((uv_handle_t *)&s->idle, NULL);
}

static void srv__begin_exit(srv_server *s, int code)
{
    if (s->exiting)
        return;
    s->exit_code = code;
    /* Replies already queued for writing are still flushed. */
    srv_transport_close(s->transport, srv__transport_closed);
    s->exiting = true;
    if (s->idle_active) {
        uv_idle_stop(&s->idle);
        s->idle_active = false;
    }
    srv__queue_clear(s);
    while (s->docs) {
        srv_doc *d = s->docs;
        s->docs = d->next;
        srv__doc_delete(d);
    }
}

int srv_server_run(int in_fd, int out_fd)
{
    uv_loop_t loop;
    if (uv_loop_init(&loop) < 0) {
        srv_log("cannot create the event loop");
        return 1;
    }
    srv_server s;
    memset(&s, 0, sizeof s);
    s.loop = &loop;
    s.encoding = SRV_ENC_UTF16;
    s.debounce_ms = SRV_DEFAULT_DEBOUNCE_MS;
    s.exit_code = 1;
    uv_idle_init(&loop, &s.idle);
    s.idle.data = &s;
    srv_transport_callbacks cb = {srv__on_message, srv__on_eof};
    s.transport = srv_transport_new(&loop, in_fd, out_fd, &cb, &s);
    if (srv_transport_start(s.transport) < 0) {
        srv__begin_exit(&s, 1);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    srv_transport_delete(s.transport);
    srv_settings_clear(&s.client_settings);
    if (uv_loop_close(&loop) != 0)
        srv_log("event loop closed with handles still open");
    return s.exit_code;
}
