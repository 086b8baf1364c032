/* addservice-eventlogtype: the fifth field of AddService names the event log
 * the service writes to, System, Application (the default) or Security;
 * anything else is not a log (InfVerif 1250). */
#include "general_helpers.h"

static const char *const logs[] = {"System", "Application", "Security"};

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->block == INFA_NONE || !l->has_key || l->field_count < 5 || l->fields[4].empty ||
            !infa_streq_nocase(l->key.value, l->key.value_len, "AddService"))
            continue;
        const infa_field *f = &l->fields[4];
        size_t len;
        char *v = infa_gen__expand(m, f->value, f->value_len, &len);
        bool known = infa_gen__opaque(v, len);
        for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]) && !known; i++)
            known = infa_streq_nocase(v, len, logs[i]);
        if (!known)
            infa_rule_report(ctx, f->span,
                             "EventLogType '%.*s' is not an event log: use System, Application "
                             "or Security",
                             INFA_GEN_CLIP(len), v);
        free(v);
    }
}

const infa_rule infa_rule_addservice_eventlogtype = {
    .info = {.id = "addservice-eventlogtype",
             .summary = "AddService EventLogType is not System, Application or Security",
             .href = INFA_DOCS_INSTALL "inf-addservice-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1250,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
