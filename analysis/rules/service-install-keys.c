/* service-install-keys: a service-install section (named by AddService)
 * must set every key the kb marks required there, ServiceType, StartType,
 * ErrorControl and ServiceBinary (InfVerif 1013), and the three numbers must
 * be values the service control manager knows (1014). */
#include "general_helpers.h"

#include "kb.h"

#define SERVICE_INTERACTIVE_PROCESS 0x100

static bool known_value(const char *key, uint32_t v)
{
    if (infa_streq_nocase(key, strlen(key), "ServiceType")) {
        uint32_t base = v & ~(uint32_t)SERVICE_INTERACTIVE_PROCESS;
        if ((v & SERVICE_INTERACTIVE_PROCESS) && base != 0x10 && base != 0x20)
            return false;
        return infa_kb_service_type_find(base) != NULL;
    }
    if (infa_streq_nocase(key, strlen(key), "StartType"))
        return infa_kb_start_type_find(v) != NULL;
    if (infa_streq_nocase(key, strlen(key), "ErrorControl"))
        return infa_kb_error_control_find(v) != NULL;
    return true;
}

static void check_section(infa_rule_ctx *ctx, const infa_model *m, uint32_t s)
{
    const infa_section *sec = infa_model_section(m, s);
    for (size_t i = 0; i < infa_kb_directive_count(); i++) {
        const infa_kb_directive *d = infa_kb_directive_at(i);
        if (!(d->where & INFA_KIND_SERVICE_INSTALL) || !(d->flags & INFA_KB_F_REQUIRED))
            continue;
        const infa_line *l = infa_gen__key_line(m, s, d->name);
        if (l == NULL) {
            const infa_block *b = infa_gen__first_block(m, sec);
            infa_rule_report(ctx, b->name_span,
                             "Service-install section [%.*s] has no %s: AddService needs it (%s)",
                             (int)sec->name_len, sec->name, d->name, d->syntax);
            continue;
        }
        long long v;
        if (l->field_count == 0 || d->value_table == INFA_KB_CONSTS_NONE ||
            !infa_parse_number(m, &l->fields[0], &v))
            continue; /* bad-number reports what is not a number */
        if (v < 0 || v > 0xFFFFFFFFLL || !known_value(d->name, (uint32_t)v)) {
            infa_finding *f = infa_rule_report(ctx, l->fields[0].span,
                                               "%s %.*s is not a value the service control "
                                               "manager knows",
                                               d->name, INFA_GEN_CLIP(l->fields[0].value_len),
                                               l->fields[0].value);
            infa_finding_set_infverif(f, 1014);
        }
    }
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++)
        if (infa_model_section(m, s)->kinds & INFA_KIND_SERVICE_INSTALL)
            check_section(ctx, m, s);
}

const infa_rule infa_rule_service_install_keys = {
    .info = {.id = "service-install-keys",
             .summary = "A service-install section lacks a required key or has an unknown value",
             .href = INFA_DOCS_INSTALL "inf-addservice-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1013,
    .other_infverif_codes = {1014},
    .check = check,
};
