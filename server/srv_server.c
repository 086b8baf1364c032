#include "srv_server.h"

#include "infa.h"
#include "srv_docs.h"
#include "srv_json.h"
#include "srv_nav.h"
#include "srv_platform.h"
#include "srv_position.h"
#include "srv_settings.h"
#include "srv_transport.h"
#include "srv_util.h"
#include "srv_version.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
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

typedef enum {
    SRV_STATE_UNINITIALIZED,
    SRV_STATE_RUNNING,
    SRV_STATE_SHUTDOWN,
} srv_state;

typedef struct srv_server srv_server;

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
    srv_settings client_settings;
    srv_docs *docs;
    bool pull;            /* the client pulls diagnostics; nothing is pushed */
    bool refresh_support; /* ...and accepts workspace/diagnostic/refresh */
    uint64_t result_serial;
    uint64_t request_serial;
    srv_nav_workspace *nav; /* workspace/symbol's folders and file cache */

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
    srv_transport_send_take(s->transport, text, strlen(text));
}

/* Sends a message already written as JSON text; the buffer's contents go
 * to the transport (not copied) and it is left empty. */
static void srv__send_text(srv_server *s, srv_buf *text)
{
    if (s->exiting)
        return;
    size_t len = text->len;
    srv_transport_send_take(s->transport, srv_buf_take(text), len);
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

/* ---- Documents: URIs and publishing ------------------------------------- */

/* Runs the rules if the text or configuration changed since the last run;
 * a new result id names each different diagnostics text. */
static void srv__doc_refresh(srv_server *s, srv_doc *d)
{
    if (!d->dirty && d->result_id[0])
        return;
    infa_diagnostic_list *list = infa_document_diagnose(d->doc, d->config);
    bool changed = srv_diag_cache_update(d->diags, d->doc, d->uri, s->encoding, list);
    infa_diagnostic_list_delete(list);
    d->dirty = false;
    if (changed)
        snprintf(d->result_id, sizeof d->result_id, "%llu", (unsigned long long)++s->result_serial);
}

/* The notification is written as text around the cached array: on a large
 * document a jansson tree of it cost more than the rules. */
static void srv__doc_publish(void *ctx, srv_doc *d)
{
    srv_server *s = ctx;
    srv__doc_refresh(s, d);
    size_t len;
    const char *diags = srv_diag_cache_text(d->diags, &len);
    srv_buf msg = {0};
    srv_buf_append_str(&msg, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
                             "\"params\":{\"uri\":");
    srv_json_append_string(&msg, d->uri, strlen(d->uri));
    srv_buf_printf(&msg, ",\"version\":%lld,\"diagnostics\":", (long long)d->version);
    srv_buf_append(&msg, diags, len);
    srv_buf_append_str(&msg, "}}");
    srv__send_text(s, &msg);
    srv_buf_free(&msg);
}

/* Asks a pulling client to pull again (after a configuration change). */
static void srv__request_refresh(srv_server *s)
{
    if (!s->pull || !s->refresh_support)
        return;
    char *id = srv_xasprintf("inf-ls-refresh-%llu", (unsigned long long)++s->request_serial);
    json_t *msg = srv__msg_new();
    json_object_set_new(msg, "id", json_string(id));
    json_object_set_new(msg, "method", json_string("workspace/diagnostic/refresh"));
    srv__send(s, msg);
    free(id);
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
    srv_doc *d = srv_docs_find(s->docs, uri);
    if (!d)
        srv__set_error(err, SRV_INVALID_PARAMS, "document is not open: %s", uri);
    return d;
}

static bool srv__byte_at(srv_server *s, srv_doc *d, json_t *pos, uint32_t *byte)
{
    uint32_t line, character;
    if (!srv_json_get_position(pos, &line, &character))
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
        srv_docs_set_debounce(s->docs, (uint64_t)json_integer_value(delay));
    s->state = SRV_STATE_RUNNING;
    srv_settings_merge_json(&s->client_settings, opts, "initializationOptions",
                            srv__init_option_keys, srv__warn, s);

    /* Pull diagnostics (LSP 3.17) when the client has them; push for the
     * others (Neovim 0.7, eglot 1.9). */
    json_t *client_caps = json_object_get(params, "capabilities");
    s->pull =
        json_is_object(json_object_get(json_object_get(client_caps, "textDocument"), "diagnostic"));
    s->refresh_support = json_is_true(
        json_object_get(json_object_get(json_object_get(client_caps, "workspace"), "diagnostics"),
                        "refreshSupport"));
    srv_docs_set_push(s->docs, !s->pull);

    json_t *caps = json_pack("{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:{s:[s,s,s,s],s:b},s:{s:[s,s,s],s:b}}",
                             "positionEncoding", srv_encoding_name(s->encoding), "textDocumentSync",
                             "openClose", 1, "change", 2, "save", "includeText", 0, "hoverProvider",
                             1, "completionProvider", "triggerCharacters", ",", "%", "=", "[",
                             "resolveProvider", 0, "codeActionProvider", "codeActionKinds",
                             "quickfix", "refactor.rewrite", "source.fixAll", "resolveProvider", 0);
    srv_nav_capabilities(caps);
    srv_nav_workspace_delete(s->nav);
    s->nav = srv_nav_workspace_new(params, s->encoding);
    if (s->pull)
        json_object_set_new(caps, "diagnosticProvider",
                            json_pack("{s:s,s:b,s:b}", "identifier", "inf-ls",
                                      "interFileDependencies", 0, "workspaceDiagnostics", 0));
    return json_pack("{s:o,s:{s:s,s:s}}", "capabilities", caps, "serverInfo", "name", "inf-ls",
                     "version", SRV_VERSION);
}

static json_t *srv__h_shutdown(srv_server *s, json_t *params, srv_error *err)
{
    (void)params;
    (void)err;
    s->state = SRV_STATE_SHUTDOWN;
    srv_docs_stop_timers(s->docs);
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
    char *path = srv_platform_uri_to_path(uri);
    srv_doc *d =
        srv_docs_open(s->docs, uri, path, json_string_value(text), json_string_length(text));
    free(path);
    json_t *version = json_object_get(td, "version");
    d->version = json_is_integer(version) ? json_integer_value(version) : 0;
    srv_docs_load_config(s->docs, d);
    srv_docs_schedule(s->docs, d);
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
        if (!srv_json_get_position(json_object_get(range, "start"), &sl, &sc) ||
            !srv_json_get_position(json_object_get(range, "end"), &el, &ec)) {
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
    srv_docs_schedule(s->docs, d);
}

static void srv__n_did_close(srv_server *s, json_t *params)
{
    const char *uri = srv__get_string(json_object_get(params, "textDocument"), "uri");
    if (!uri)
        return;
    if (srv_docs_close(s->docs, uri) && !s->pull)
        srv__notify(s, "textDocument/publishDiagnostics",
                    json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
}

static bool srv__ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void srv__n_did_save(srv_server *s, json_t *params)
{
    const char *uri = srv__get_string(json_object_get(params, "textDocument"), "uri");
    if (!uri)
        return;
    /* Saving a config file changes the findings of every INF below it. */
    if (srv__ends_with(uri, "/" SRV_CONFIG_FILE_NAME)) {
        srv_docs_reload_all(s->docs);
        srv__request_refresh(s);
        return;
    }
    srv_doc *d = srv_docs_find(s->docs, uri);
    if (d) {
        srv_docs_load_config(s->docs, d);
        srv_docs_schedule(s->docs, d);
        srv__request_refresh(s);
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
    srv_docs_reload_all(s->docs);
    srv__request_refresh(s);
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
    json_t *result = srv_json_hover(d->doc, s->encoding, hover);
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
    json_t *result = srv_json_completion_list(d->doc, s->encoding, list);
    infa_completion_list_delete(list);
    return result;
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
 * the start line are compared (srv_diag_cache_match does the same for the
 * diagnostics last sent). */
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

static json_t *srv__h_code_action(srv_server *s, json_t *params, srv_error *err)
{
    srv_doc *d = srv__doc_for(s, params, err);
    if (!d)
        return NULL;
    json_t *range = json_object_get(params, "range");
    uint32_t sl, sc, el, ec;
    if (!srv_json_get_position(json_object_get(range, "start"), &sl, &sc) ||
        !srv_json_get_position(json_object_get(range, "end"), &el, &ec)) {
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
                srv_diag_cache_match(d->diags, a->rule_id, a->diagnostic_range.start.row, diags);
            if (json_array_size(diags))
                json_object_set_new(j, "diagnostics", diags);
            else
                json_decref(diags);
        }
        if (a->preferred)
            json_object_set_new(j, "isPreferred", json_true());
        json_object_set_new(j, "edit", srv_json_workspace_edit(d->doc, d->uri, s->encoding, a));
        json_array_append_new(result, j);
    }
    infa_code_action_list_delete(list);
    return result;
}

/* textDocument/diagnostic (LSP 3.17 pull): the cached text as the full
 * report, or `unchanged` when the client already has that result id. */
static void srv__h_diagnostic(srv_server *s, json_t *params, srv_error *err, srv_buf *out)
{
    srv_doc *d = srv__doc_for(s, params, err);
    if (!d)
        return;
    srv__doc_refresh(s, d);
    const char *previous = srv__get_string(params, "previousResultId");
    if (previous && strcmp(previous, d->result_id) == 0) {
        srv_buf_printf(out, "{\"kind\":\"unchanged\",\"resultId\":\"%s\"}", d->result_id);
        return;
    }
    size_t len;
    const char *items = srv_diag_cache_text(d->diags, &len);
    srv_buf_printf(out, "{\"kind\":\"full\",\"resultId\":\"%s\",\"items\":", d->result_id);
    srv_buf_append(out, items, len);
    srv_buf_append_str(out, "}");
}

/* ---- Dispatch ----------------------------------------------------------- */

typedef json_t *(*srv_request_fn)(srv_server *s, json_t *params, srv_error *err);
/* For large results: appends the result's JSON text to out (and nothing on
 * error). */
typedef void (*srv_text_request_fn)(srv_server *s, json_t *params, srv_error *err, srv_buf *out);
typedef void (*srv_notification_fn)(srv_server *s, json_t *params);

static const struct {
    const char *method;
    srv_request_fn fn;
    srv_text_request_fn text_fn;
} srv__requests[] = {
    {"initialize", srv__h_initialize, NULL},
    {"shutdown", srv__h_shutdown, NULL},
    {"textDocument/hover", srv__h_hover, NULL},
    {"textDocument/completion", srv__h_completion, NULL},
    {"textDocument/codeAction", srv__h_code_action, NULL},
    {"textDocument/diagnostic", NULL, srv__h_diagnostic},
};

/* Runs a request whose handler writes its result as text, straight into
 * the reply {"jsonrpc":"2.0","id":id,"result":...}. */
static void srv__handle_text_request(srv_server *s, json_t *id, json_t *params,
                                     srv_text_request_fn fn)
{
    char *id_text = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
    srv_buf msg = {0};
    srv_buf_printf(&msg, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":", id_text ? id_text : "null");
    srv_error err = {0};
    fn(s, params, &err, &msg);
    if (err.code) {
        srv__send_error(s, id, err.code, err.message);
    } else {
        srv_buf_append_str(&msg, "}");
        srv__send_text(s, &msg);
    }
    free(err.message);
    srv_buf_free(&msg);
    free(id_text);
}

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

static srv_nav_doc srv__nav_doc(srv_server *s, srv_doc *d)
{
    srv_nav_doc nd = {d->doc, d->uri, d->path, s->encoding, d->inlay};
    return nd;
}

/* Navigation requests (srv_nav.c), written as text into the reply. False
 * when the method is not one. */
static bool srv__nav_request(srv_server *s, json_t *id, const char *method, json_t *params)
{
    bool workspace = strcmp(method, "workspace/symbol") == 0;
    srv_nav_fn fn = workspace ? NULL : srv_nav_find(method);
    if (!workspace && !fn)
        return false;
    char *id_text = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
    srv_buf msg = {0};
    srv_buf_printf(&msg, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":", id_text ? id_text : "null");
    srv_jw w;
    srv_jw_init(&w, &msg);
    srv_error err = {0};
    if (workspace) {
        size_t n = 0;
        for (srv_doc *d = srv_docs_first(s->docs); d; d = d->next)
            n++;
        srv_nav_doc *open = srv_xcalloc(n + 1, sizeof *open);
        n = 0;
        for (srv_doc *d = srv_docs_first(s->docs); d; d = d->next)
            open[n++] = srv__nav_doc(s, d);
        srv_nav_workspace_symbol(s->nav, open, n, params, &w);
        free(open);
    } else {
        srv_doc *d = srv__doc_for(s, params, &err);
        if (d) {
            srv_nav_doc nd = srv__nav_doc(s, d);
            if (!fn(&nd, params, &w, &err.code, &err.message) && !err.code)
                err.code = SRV_INTERNAL_ERROR;
        }
    }
    if (err.code) {
        srv__send_error(s, id, err.code, err.message ? err.message : "failed");
    } else {
        srv_buf_append_str(&msg, "}");
        srv__send_text(s, &msg);
    }
    free(err.message);
    srv_buf_free(&msg);
    free(id_text);
    return true;
}

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
        if (srv__requests[i].text_fn) {
            srv__handle_text_request(s, id, params, srv__requests[i].text_fn);
            return;
        }
        srv_error err = {0};
        json_t *result = srv__requests[i].fn(s, params, &err);
        if (err.code)
            srv__send_error(s, id, err.code, err.message);
        else
            srv__send_result(s, id, result);
        free(err.message);
        return;
    }
    if (srv__nav_request(s, id, method, params))
        return;
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
    srv_docs_close_all(s->docs);
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
    s.exit_code = 1;
    s.docs = srv_docs_new(&loop, &s.client_settings, srv__doc_publish, srv__warn, &s);
    uv_idle_init(&loop, &s.idle);
    s.idle.data = &s;
    srv_transport_callbacks cb = {srv__on_message, srv__on_eof};
    s.transport = srv_transport_new(&loop, in_fd, out_fd, &cb, &s);
    if (srv_transport_start(s.transport) < 0) {
        srv__begin_exit(&s, 1);
    }
    if (srv_platform_stdin_read_may_block_close()) {
        while (uv_run(&loop, UV_RUN_ONCE) != 0) {
            if (s.exiting && srv_transport_flushed(s.transport)) {
                fflush(stderr);
                _Exit(s.exit_code);
            }
        }
    } else {
        uv_run(&loop, UV_RUN_DEFAULT);
    }
    srv_transport_delete(s.transport);
    srv_docs_delete(s.docs);
    srv_settings_clear(&s.client_settings);
    srv_nav_workspace_delete(s.nav);
    if (uv_loop_close(&loop) != 0)
        srv_log("event loop closed with handles still open");
    return s.exit_code;
}
