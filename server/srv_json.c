#include "srv_json.h"

#include "srv_position.h"
#include "srv_util.h"

#include <stdlib.h>
#include <string.h>

char *srv_utf8_repair(const char *s, size_t len, size_t *out_len)
{
    srv_buf buf = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = srv_utf8_seq_len(p + i, len - i);
        if (n == 1 && p[i] >= 0x80)
            srv_buf_append(&buf, "\xEF\xBF\xBD", 3);
        else
            srv_buf_append(&buf, s + i, n);
        i += n;
    }
    *out_len = buf.len;
    return srv_buf_take(&buf);
}

json_t *srv_json_stringn(const char *s, size_t len)
{
    if (!s)
        return json_null();
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    size_t fixed_len;
    char *fixed = srv_utf8_repair(s, len, &fixed_len);
    j = json_stringn(fixed, fixed_len);
    free(fixed);
    return j ? j : json_string("");
}

json_t *srv_json_string(const char *s)
{
    return s ? srv_json_stringn(s, strlen(s)) : json_null();
}

json_t *srv_json_position(const infa_document *doc, srv_encoding enc, infa_point p)
{
    return json_pack("{s:i,s:i}", "line", (json_int_t)p.row, "character",
                     (json_int_t)srv_position_column(doc, enc, p));
}

json_t *srv_json_range(const infa_document *doc, srv_encoding enc, infa_range r)
{
    return json_pack("{s:o,s:o}", "start", srv_json_position(doc, enc, r.start), "end",
                     srv_json_position(doc, enc, r.end));
}

json_t *srv_json_diagnostic(const infa_document *doc, const char *uri, srv_encoding enc,
                            const infa_diagnostic *diag)
{
    json_t *j = json_object();
    json_object_set_new(j, "range", srv_json_range(doc, enc, diag->range));
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
                                                 json_string(uri), "range",
                                                 srv_json_range(doc, enc, r->range), "message",
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

json_t *srv_json_diagnostics(const infa_document *doc, const char *uri, srv_encoding enc,
                             const infa_diagnostic_list *list)
{
    json_t *arr = json_array();
    size_t n = infa_diagnostic_list_count(list);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, srv_json_diagnostic(doc, uri, enc, infa_diagnostic_list_get(list, i)));
    return arr;
}

json_t *srv_json_hover(const infa_document *doc, srv_encoding enc, const infa_hover *hover)
{
    return json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value",
                     srv_json_string(infa_hover_markdown(hover)), "range",
                     srv_json_range(doc, enc, infa_hover_range(hover)));
}

json_t *srv_json_completion_list(const infa_document *doc, srv_encoding enc,
                                 const infa_completion_list *list)
{
    json_t *items = json_array();
    size_t n = infa_completion_list_count(list);
    json_t *range = n ? srv_json_range(doc, enc, infa_completion_list_range(list)) : NULL;
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
    return json_pack("{s:b,s:o}", "isIncomplete", infa_completion_list_incomplete(list), "items",
                     items);
}

json_t *srv_json_workspace_edit(const infa_document *doc, const char *uri, srv_encoding enc,
                                const infa_code_action *a)
{
    json_t *edits = json_array();
    for (size_t i = 0; i < a->edit_count; i++)
        json_array_append_new(edits, json_pack("{s:o,s:o}", "range",
                                               srv_json_range(doc, enc, a->edits[i].range),
                                               "newText", srv_json_string(a->edits[i].new_text)));
    json_t *changes = json_object();
    json_object_set_new(changes, uri, edits);
    return json_pack("{s:o}", "changes", changes);
}
