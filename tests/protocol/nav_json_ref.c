/* The jansson path that server/srv_nav.c had before it wrote text, kept
 * here so that the test has an answer built independently of
 * server/srv_jsonw.c. The request parameters are read by srv_nav.c's own
 * helpers: only the JSON building is independent. */
#include "nav_json_ref.h"

#include "srv_json.h"
#include "srv_platform.h"
#include "srv_util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef json_t *(*ref__fn)(const srv_nav_doc *d, json_t *params, int *code, char **error);

static json_t *ref__position(const infa_document *doc, srv_encoding enc, infa_point p)
{
    json_t *j = json_object();
    json_object_set_new_nocheck(j, "line", json_integer(p.row));
    json_object_set_new_nocheck(j, "character", json_integer(srv_position_column(doc, enc, p)));
    return j;
}

static json_t *ref__range(const infa_document *doc, srv_encoding enc, infa_range r)
{
    json_t *j = json_object();
    json_object_set_new_nocheck(j, "start", ref__position(doc, enc, r.start));
    json_object_set_new_nocheck(j, "end", ref__position(doc, enc, r.end));
    return j;
}

static json_t *ref__location(const srv_nav_doc *d, infa_range r)
{
    return json_pack("{s:s,s:o}", "uri", d->uri, "range", ref__range(d->doc, d->enc, r));
}

static json_t *ref__targets(const srv_nav_doc *d, infa_nav_list *list)
{
    json_t *out = json_array();
    for (size_t i = 0; i < infa_nav_list_count(list); i++) {
        const infa_nav_target *t = infa_nav_list_get(list, i);
        if (!t->file) {
            json_array_append_new(out, ref__location(d, t->range));
            continue;
        }
        char *path = srv_nav_beside(d->path, t->file);
        if (!path)
            continue;
        char *uri = srv_nav_path_to_uri(path);
        json_array_append_new(out, json_pack("{s:s,s:{s:{s:i,s:i},s:{s:i,s:i}}}", "uri", uri,
                                             "range", "start", "line", 0, "character", 0, "end",
                                             "line", 0, "character", 0));
        free(uri);
        free(path);
    }
    return out;
}

/* ---- Handlers ------------------------------------------------------------ */

static json_t *ref__symbol(const srv_nav_doc *d, const infa_symbol_list *l, size_t i)
{
    const infa_symbol *s = infa_symbol_list_get(l, i);
    json_t *j = json_object();
    json_object_set_new_nocheck(j, "name", srv_json_string(s->name));
    json_object_set_new_nocheck(j, "kind", json_integer(s->kind));
    json_object_set_new_nocheck(j, "range", ref__range(d->doc, d->enc, s->range));
    json_object_set_new_nocheck(j, "selectionRange", ref__range(d->doc, d->enc, s->selection));
    if (s->detail)
        json_object_set_new_nocheck(j, "detail", srv_json_string(s->detail));
    if (s->child_count) {
        json_t *children = json_array();
        for (uint32_t c = 0; c < s->child_count; c++)
            json_array_append_new(children, ref__symbol(d, l, s->first_child + c));
        json_object_set_new(j, "children", children);
    }
    return j;
}

static json_t *ref__document_symbol(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    (void)params;
    (void)code;
    (void)error;
    infa_symbol_list *l = infa_document_symbols(d->doc);
    json_t *out = json_array();
    for (size_t i = 0; i < infa_symbol_list_root_count(l); i++)
        json_array_append_new(out, ref__symbol(d, l, i));
    infa_symbol_list_delete(l);
    return out;
}

static json_t *ref__definition(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return NULL;
    infa_nav_list *l = infa_document_definition(d->doc, byte);
    json_t *out = ref__targets(d, l);
    infa_nav_list_delete(l);
    return out;
}

static json_t *ref__references(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return NULL;
    json_t *decl = json_object_get(json_object_get(params, "context"), "includeDeclaration");
    infa_nav_list *l = infa_document_references(d->doc, byte, json_is_true(decl));
    json_t *out = ref__targets(d, l);
    infa_nav_list_delete(l);
    return out;
}

static json_t *ref__highlight(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return NULL;
    infa_nav_list *l = infa_document_references(d->doc, byte, true);
    json_t *out = json_array();
    for (size_t i = 0; i < infa_nav_list_count(l); i++) {
        const infa_nav_target *t = infa_nav_list_get(l, i);
        /* DocumentHighlightKind: Read = 2, Write = 3 (where it is defined). */
        json_array_append_new(out,
                              json_pack("{s:o,s:i}", "range", ref__range(d->doc, d->enc, t->range),
                                        "kind", t->declaration ? 3 : 2));
    }
    infa_nav_list_delete(l);
    return out;
}

static json_t *ref__prepare_rename(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return NULL;
    infa_range range;
    char *why = NULL;
    if (!infa_document_rename_prepare(d->doc, byte, &range, &why)) {
        *code = SRV_NAV_REQUEST_FAILED;
        *error = why;
        return NULL;
    }
    size_t len;
    const char *text = infa_document_text(d->doc, &len);
    return json_pack("{s:o,s:o}", "range", ref__range(d->doc, d->enc, range), "placeholder",
                     srv_json_stringn(text + range.start_byte, range.end_byte - range.start_byte));
}

static json_t *ref__rename(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return NULL;
    json_t *name = json_object_get(params, "newName");
    if (!json_is_string(name)) {
        *code = SRV_NAV_INVALID_PARAMS;
        *error = srv_xstrdup("newName is missing");
        return NULL;
    }
    infa_rename *r =
        infa_document_rename(d->doc, byte, json_string_value(name), json_string_length(name));
    json_t *out = NULL;
    if (infa_rename_error(r)) {
        *code = SRV_NAV_REQUEST_FAILED;
        *error = srv_xstrdup(infa_rename_error(r));
        goto cleanup;
    }
    size_t n;
    const infa_text_edit *edits = infa_rename_edits(r, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:o,s:o}", "range",
                                             ref__range(d->doc, d->enc, edits[i].range), "newText",
                                             srv_json_string(edits[i].new_text)));
    json_t *changes = json_object();
    json_object_set_new(changes, d->uri, arr);
    out = json_pack("{s:o}", "changes", changes);
cleanup:
    infa_rename_delete(r);
    return out;
}

static json_t *ref__folding(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    (void)params;
    (void)code;
    (void)error;
    size_t n;
    infa_fold *folds = infa_document_folds(d->doc, &n);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, json_pack("{s:i,s:i,s:s}", "startLine",
                                             (json_int_t)folds[i].start_row, "endLine",
                                             (json_int_t)folds[i].end_row, "kind",
                                             folds[i].comment ? "comment" : "region"));
    free(folds);
    return out;
}

static json_t *ref__selection(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    json_t *positions = json_object_get(params, "positions");
    if (!json_is_array(positions)) {
        *code = SRV_NAV_INVALID_PARAMS;
        *error = srv_xstrdup("positions is missing");
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *pos;
    json_array_foreach(positions, i, pos)
    {
        uint32_t byte;
        if (!srv_nav_param_byte(d, pos, &byte)) {
            json_decref(out);
            *code = SRV_NAV_INVALID_PARAMS;
            *error = srv_xstrdup("a position is invalid");
            return NULL;
        }
        infa_range ranges[4];
        size_t n = infa_document_selection(d->doc, byte, ranges);
        json_t *sel = NULL;
        for (size_t k = n; k-- > 0;) {
            json_t *j = json_pack("{s:o}", "range", ref__range(d->doc, d->enc, ranges[k]));
            if (sel)
                json_object_set_new(j, "parent", sel);
            sel = j;
        }
        if (!sel) {
            /* The protocol wants one per position: the empty range at it. */
            infa_range r = infa_document_range(d->doc, byte, byte);
            sel = json_pack("{s:o}", "range", ref__range(d->doc, d->enc, r));
        }
        json_array_append_new(out, sel);
    }
    return out;
}

static json_t *ref__tokens(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t start, end;
    if (!srv_nav_param_span(d, params, &start, &end, code, error))
        return NULL;
    size_t n, len;
    const char *text = infa_document_text(d->doc, &len);
    infa_sem_token *toks = infa_document_semantic_tokens(d->doc, start, end, &n);
    json_t *data = json_array();
    uint32_t prev_line = 0, prev_char = 0;
    for (size_t i = 0; i < n; i++) {
        const infa_sem_token *t = &toks[i];
        uint32_t ch = srv_position_column(d->doc, d->enc, t->start);
        uint32_t units = srv_units_in(text + t->start_byte, t->length, d->enc);
        uint32_t dl = t->start.row - prev_line;
        uint32_t dc = dl ? ch : ch - prev_char;
        json_array_append_new(data, json_integer(dl));
        json_array_append_new(data, json_integer(dc));
        json_array_append_new(data, json_integer(units));
        json_array_append_new(data, json_integer(t->type));
        json_array_append_new(data, json_integer(t->modifiers));
        prev_line = t->start.row;
        prev_char = ch;
    }
    free(toks);
    return json_pack("{s:o}", "data", data);
}

static json_t *ref__inlay(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t start, end;
    if (!srv_nav_param_span(d, params, &start, &end, code, error))
        return NULL;
    infa_inlay_list *l = infa_document_inlay_hints(d->doc, start, end, d->inlay);
    json_t *out = json_array();
    for (size_t i = 0; i < infa_inlay_list_count(l); i++) {
        const infa_inlay_hint *h = infa_inlay_list_get(l, i);
        /* InlayHintKind.Type (1): each says what a value means. */
        json_t *j =
            json_pack("{s:o,s:o,s:i,s:b}", "position", ref__position(d->doc, d->enc, h->position),
                      "label", srv_json_string(h->label), "kind", 1, "paddingLeft", 1);
        if (h->tooltip)
            json_object_set_new(j, "tooltip", srv_json_string(h->tooltip));
        json_array_append_new(out, j);
    }
    infa_inlay_list_delete(l);
    return out;
}

static const struct {
    const char *method;
    ref__fn fn;
} ref__methods[] = {
    {"textDocument/documentSymbol", ref__document_symbol},
    {"textDocument/definition", ref__definition},
    {"textDocument/declaration", ref__definition},
    {"textDocument/references", ref__references},
    {"textDocument/documentHighlight", ref__highlight},
    {"textDocument/prepareRename", ref__prepare_rename},
    {"textDocument/rename", ref__rename},
    {"textDocument/foldingRange", ref__folding},
    {"textDocument/selectionRange", ref__selection},
    {"textDocument/semanticTokens/full", ref__tokens},
    {"textDocument/semanticTokens/range", ref__tokens},
    {"textDocument/inlayHint", ref__inlay},
};

static ref__fn ref__find(const char *method)
{
    for (size_t i = 0; i < sizeof ref__methods / sizeof *ref__methods; i++)
        if (strcmp(ref__methods[i].method, method) == 0)
            return ref__methods[i].fn;
    return NULL;
}

json_t *ref_nav_json(const srv_nav_doc *d, const char *method, json_t *params)
{
    ref__fn fn = ref__find(method);
    if (!fn)
        return NULL;
    int code = 0;
    char *error = NULL;
    json_t *result = fn(d, params, &code, &error);
    if (!result) {
        result = json_pack("{s:{s:i,s:o}}", "error", "code", code, "message",
                           srv_json_string(error ? error : "failed"));
        free(error);
    }
    return result;
}

static const char *ref__basename(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

/* Case-insensitive subsequence match, as clients filter symbols. */
static bool ref__matches(const char *name, const char *query)
{
    for (; *query; query++) {
        char q = (char)(*query >= 'A' && *query <= 'Z' ? *query - 'A' + 'a' : *query);
        while (*name && (char)(*name >= 'A' && *name <= 'Z' ? *name - 'A' + 'a' : *name) != q)
            name++;
        if (!*name)
            return false;
        name++;
    }
    return true;
}

json_t *ref_nav_workspace_json(const srv_nav_doc *open, size_t open_count, json_t *params)
{
    const char *query = json_string_value(json_object_get(params, "query"));
    if (!query)
        query = "";
    json_t *out = json_array();
    for (size_t i = 0; i < open_count; i++) {
        const srv_nav_doc *d = &open[i];
        infa_symbol_list *l = infa_document_symbols(d->doc);
        for (size_t k = 0; k < infa_symbol_list_root_count(l) && json_array_size(out) < 1000; k++) {
            const infa_symbol *s = infa_symbol_list_get(l, k);
            if (!ref__matches(s->name, query))
                continue;
            json_t *range = json_pack(
                "{s:{s:i,s:i},s:{s:i,s:i}}", "start", "line", (json_int_t)s->selection.start.row,
                "character", (json_int_t)srv_position_column(d->doc, d->enc, s->selection.start),
                "end", "line", (json_int_t)s->selection.end.row, "character",
                (json_int_t)srv_position_column(d->doc, d->enc, s->selection.end));
            json_array_append_new(
                out, json_pack("{s:o,s:i,s:{s:o,s:o},s:o}", "name", srv_json_string(s->name),
                               "kind", (int)s->kind, "location", "uri", srv_json_string(d->uri),
                               "range", range, "containerName",
                               srv_json_string(ref__basename(d->path ? d->path : d->uri))));
        }
        infa_symbol_list_delete(l);
    }
    return out;
}
