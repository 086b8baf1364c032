/* setup-class-reserved: [Version] Class names a device setup class that is
 * reserved for Microsoft (InfVerif 1284): the kb's setup-class rows marked
 * reserved, i.e. Sample, the class of the WDK samples (Microsoft's own build
 * of them suppresses this code). A driver of one's own needs a system class
 * that fits the device or a class of its own with its own GUID. */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_line *cl = infa_gen__key_line(m, infa_gen__version(m), "Class");
    if (cl == NULL || cl->field_count == 0)
        return;
    size_t cn;
    char *c = infa_gen__expand(m, cl->fields[0].value, cl->fields[0].value_len, &cn);
    const infa_kb_setup_class *row = infa_kb_setup_class_by_name(c, cn);
    if (row != NULL && row->reserved)
        infa_rule_report(ctx, cl->fields[0].span,
                         "Class '%s' is reserved for Microsoft: use the system class that fits "
                         "the device, or a class of your own with its own ClassGuid",
                         row->name);
    free(c);
}

const infa_rule infa_rule_setup_class_reserved = {
    .info = {.id = "setup-class-reserved",
             .summary = "[Version] Class is reserved for Microsoft",
             .href =
                 INFA_DOCS_INSTALL "system-defined-device-setup-classes-reserved-for-system-use",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1284,
    .check = check,
};
