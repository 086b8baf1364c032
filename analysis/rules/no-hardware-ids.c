/* no-hardware-ids: a device INF ([Manufacturer]) whose Models sections name
 * no hardware ID at all installs on no device (InfVerif 1297); a driver that
 * is not for devices is a primitive driver ([DefaultInstall.NTamd64]). */
#include "general_helpers.h"

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
    uint32_t man = infa_model_find_kind(m, INFA_KIND_MANUFACTURER);
    if (man == INFA_NONE || printer_class(m))
        return;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        if (!(infa_model_section(m, s)->kinds & INFA_KIND_MODELS))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            for (uint32_t k = 1; l->has_key && k < l->field_count; k++)
                if (!l->fields[k].empty && l->fields[k].value_len > 0)
                    return;
        }
    }
    /* A Models section that is named but not here (an Include'd INF, a
     * typo) is undefined-section's finding, not a driver without devices. */
    for (uint32_t r = 0; r < infa_model_ref_count(m); r++) {
        const infa_ref *ref = infa_model_ref(m, r);
        if ((ref->target_kind & INFA_KIND_MODELS) && ref->target == INFA_NONE)
            return;
    }
    const infa_section *sec = infa_model_section(m, man);
    const infa_block *b = infa_gen__first_block(m, sec);
    infa_rule_report(ctx, b->name_span,
                     "This device INF installs on no hardware ID: its Models sections list no "
                     "device. Add hardware IDs, or make it a primitive driver "
                     "([DefaultInstall.NTamd64] instead of [%.*s])",
                     (int)b->name_len, b->name);
}

const infa_rule infa_rule_no_hardware_ids = {
    .info = {.id = "no-hardware-ids",
             .summary = "A device INF whose Models sections name no hardware ID",
             .href = INFA_DOCS "develop/creating-a-primitive-driver",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1297,
    .check = check,
};
