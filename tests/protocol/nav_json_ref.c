#include "nav_json_ref.h"

#include "srv_json.h"

#include <stdbool.h>
#include <stdlib.h>

json_t *ref_nav_json(const srv_nav_doc *d, const char *method, json_t *params)
{
    srv_nav_json_fn fn = srv_nav_find_json(method);
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
