/* manufacturer-models: the names that lead from [Manufacturer] to the
 * devices. A [Manufacturer] entry with `=` but no Models section name
 * (InfVerif 1011), a Models entry with no install section (1271), and one
 * with an install section but no hardware ID (1261) install nothing. */
#include "general_helpers.h"

static bool blank(const infa_line *l, uint32_t k)
{
    return k >= l->field_count || l->fields[k].empty || l->fields[k].value_len == 0;
}

/* Printer INFs install queues by model name: their Models entries need no
 * hardware ID (the Models section syntax makes it optional), so neither
 * check applies to them. */
static bool printer_class(const infa_model *m)
{
    const infa_line *l = infa_gen__key_line(m, infa_gen__version(m), "Class");
    return l != NULL && l->field_count > 0 &&
           infa_streq_nocase(l->fields[0].value, l->fields[0].value_len, "Printer");
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    bool printer = printer_class(m);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        bool manufacturer = sec->kinds & INFA_KIND_MANUFACTURER;
        if (!manufacturer && !(sec->kinds & INFA_KIND_MODELS))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key)
                continue;
            if (manufacturer) {
                if (blank(l, 0))
                    infa_rule_report(ctx, l->key.span,
                                     "[%.*s] entry '%.*s' names no Models section: write "
                                     "%.*s = <models-section>[,NTamd64...]",
                                     (int)sec->name_len, sec->name, INFA_GEN_CLIP(l->key.value_len),
                                     l->key.value, INFA_GEN_CLIP(l->key.value_len), l->key.value);
            } else if (blank(l, 0)) {
                infa_finding *f =
                    infa_rule_report(ctx, l->key.span,
                                     "Models entry '%.*s' names no install section: write "
                                     "%.*s = <install-section>,<hardware-id>",
                                     INFA_GEN_CLIP(l->key.value_len), l->key.value,
                                     INFA_GEN_CLIP(l->key.value_len), l->key.value);
                infa_finding_set_infverif(f, 1271);
            } else if (blank(l, 1) && !printer) {
                infa_finding *f = infa_rule_report(
                    ctx, l->fields[0].span,
                    "Models entry '%.*s' installs [%.*s] on no device: add its hardware ID "
                    "after the section name",
                    INFA_GEN_CLIP(l->key.value_len), l->key.value,
                    INFA_GEN_CLIP(l->fields[0].value_len), l->fields[0].value);
                infa_finding_set_infverif(f, 1261);
            }
        }
    }
}

const infa_rule infa_rule_manufacturer_models = {
    .info = {.id = "manufacturer-models",
             .summary = "A Manufacturer or Models entry lacks its section name or hardware ID",
             .href = INFA_DOCS_INSTALL "inf-models-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1011,
    .other_infverif_codes = {1261, 1271},
    .check = check,
};
