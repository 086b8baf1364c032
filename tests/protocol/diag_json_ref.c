#include "diag_json_ref.h"

#include "srv_json.h"

json_t *ref_diagnostic_json(const infa_document *doc, const char *uri, srv_encoding enc,
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

json_t *ref_diagnostics_json(const infa_document *doc, const char *uri, srv_encoding enc,
                             const infa_diagnostic_list *list)
{
    json_t *arr = json_array();
    size_t n = infa_diagnostic_list_count(list);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, ref_diagnostic_json(doc, uri, enc, infa_diagnostic_list_get(list, i)));
    return arr;
}
