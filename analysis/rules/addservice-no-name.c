/* addservice-no-name: AddService and DelService act on a named service. Only
 * `AddService = ,0x2` (a device that needs no function driver) may leave the
 * name empty; any other unnamed line is skipped (InfVerif 1253), and a
 * service-install section on that null-driver line is ignored (1272). */
#include "general_helpers.h"

#define SPSVCINST_ASSOCSERVICE 0x2

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->block == INFA_NONE || !l->has_key)
            continue;
        bool add = infa_streq_nocase(l->key.value, l->key.value_len, "AddService");
        if (!add && !infa_streq_nocase(l->key.value, l->key.value_len, "DelService"))
            continue;
        if (l->field_count > 0 && !l->fields[0].empty && l->fields[0].value_len > 0)
            continue;
        long long flags = 0;
        bool flags_ok = l->field_count > 1 && infa_parse_number(m, &l->fields[1], &flags);
        if (add && flags_ok && (flags & SPSVCINST_ASSOCSERVICE)) {
            if (l->field_count > 2 && !l->fields[2].empty && l->fields[2].value_len > 0) {
                infa_finding *f = infa_rule_report(
                    ctx, l->fields[2].span,
                    "[%.*s] is ignored: AddService with no name only marks the device as "
                    "needing no function driver; drop the section or name the service",
                    INFA_GEN_CLIP(l->fields[2].value_len), l->fields[2].value);
                infa_finding_set_infverif(f, 1272);
            }
            continue;
        }
        infa_span at = l->field_count > 0 ? l->fields[0].span : l->key.span;
        infa_rule_report(ctx, at,
                         "%.*s without a service name is skipped: name the service (only "
                         "AddService = ,0x2 may omit it, for a device without a driver)",
                         (int)l->key.value_len, l->key.value);
    }
}

const infa_rule infa_rule_addservice_no_name = {
    .info = {.id = "addservice-no-name",
             .summary = "AddService or DelService without a service name",
             .href = INFA_DOCS_INSTALL "inf-addservice-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1253,
    .other_infverif_codes = {1272},
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
