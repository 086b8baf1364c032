/* setup-class-mismatch: [Version] names a system-defined device setup class
 * by one of Class and ClassGuid, and the other does not belong to it:
 * the GUID of a system class with another name (InfVerif 1280), or the name
 * of a system class with another GUID (1281). Windows files the device
 * under the GUID, so the name shown and the class installer used would
 * disagree. The classes and GUIDs are the kb's table of system-defined
 * setup classes. */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t v = infa_gen__version(m);
    const infa_line *cl = infa_gen__key_line(m, v, "Class");
    const infa_line *gl = infa_gen__key_line(m, v, "ClassGuid");
    if (cl == NULL || gl == NULL || cl->field_count == 0 || gl->field_count == 0)
        return;
    size_t cn, gn;
    char *c = infa_gen__expand(m, cl->fields[0].value, cl->fields[0].value_len, &cn);
    char *g = infa_gen__expand(m, gl->fields[0].value, gl->fields[0].value_len, &gn);
    if (cn == 0 || infa_gen__opaque(c, cn) || !infa_gen__is_guid(g, gn))
        goto cleanup;
    const infa_kb_setup_class *by_guid = infa_kb_setup_class_by_guid(g, gn);
    const infa_kb_setup_class *by_name = infa_kb_setup_class_by_name(c, cn);
    if (by_guid != NULL && by_guid != by_name) {
        infa_finding *f = infa_rule_report(
            ctx, cl->fields[0].span,
            "Class '%.*s' does not match ClassGuid %.*s, which is the system class '%s': write "
            "Class = %s, or use the GUID of your class",
            INFA_GEN_CLIP(cn), c, INFA_GEN_CLIP(gn), g, by_guid->name, by_guid->name);
        infa_finding_relate(f, gl->fields[0].span, "the ClassGuid");
    } else if (by_guid == NULL && by_name != NULL) {
        infa_finding *f = infa_rule_report(
            ctx, gl->fields[0].span,
            "ClassGuid %.*s does not match Class '%.*s', whose GUID is %s: write ClassGuid = %s, "
            "or give your own class its own name",
            INFA_GEN_CLIP(gn), g, INFA_GEN_CLIP(cn), c, by_name->guid, by_name->guid);
        infa_finding_set_infverif(f, 1281);
        infa_finding_relate(f, cl->fields[0].span, "the Class");
    }
cleanup:
    free(c);
    free(g);
}

const infa_rule infa_rule_setup_class_mismatch = {
    .info = {.id = "setup-class-mismatch",
             .summary = "[Version] Class and ClassGuid name different system setup classes",
             .href = INFA_DOCS_INSTALL "system-defined-device-setup-classes-available-to-vendors",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1280,
    .other_infverif_codes = {1281},
    .check = check,
};
