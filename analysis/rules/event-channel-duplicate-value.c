/* event-channel-duplicate-value: the channels one event provider adds
 * (AddChannel=name,type,channel-section) are told apart by the Value= of
 * their sections, the channel number of the provider's manifest. Two
 * channels of one provider with the same Value collide (InfVerif 1180). */
#include "general_helpers.h"
#include "isolation_support.h"

typedef struct {
    long long value;
    const infa_field *field; /* the Value= field */
    uint32_t section;        /* the channel section */
} channel;

static int cmp_channel(const void *a, const void *b)
{
    const channel *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->field->span.start < y->field->span.start
               ? -1
               : x->field->span.start > y->field->span.start;
}

static void check_provider(infa_rule_ctx *ctx, const infa_model *m, uint32_t provider)
{
    INFA_VEC(channel) chans = {0};
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, provider, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (infa_iso_key_value(l, "AddChannel") == NULL || l->field_count < 3 || l->fields[2].empty)
            continue;
        uint32_t cs = infa_model_find_section(m, l->fields[2].value, l->fields[2].value_len);
        if (cs == INFA_NONE)
            continue;
        for (uint32_t cit = 0, cl; (cl = infa_model_section_next_line(m, cs, &cit)) != INFA_NONE;) {
            const infa_field *v = infa_iso_key_value(infa_model_line(m, cl), "Value");
            long long n;
            if (v != NULL && infa_parse_number(m, v, &n)) {
                channel c = {n, v, cs};
                INFA_VEC_PUSH(&chans, c);
                break; /* the first Value= is the channel's */
            }
        }
    }
    if (chans.len > 1)
        qsort(chans.items, chans.len, sizeof chans.items[0], cmp_channel);
    const infa_section *p = infa_model_section(m, provider);
    for (size_t i = 1; i < chans.len; i++) {
        const channel *a = &chans.items[i - 1], *b = &chans.items[i];
        if (a->value != b->value || a->section == b->section)
            continue;
        const infa_section *sa = infa_model_section(m, a->section);
        const infa_section *sb = infa_model_section(m, b->section);
        infa_finding *f = infa_rule_report(
            ctx, b->field->span,
            "Channel [%.*s] has the value %lld of channel [%.*s] of the same provider [%.*s]: "
            "give each channel its own value",
            INFA_GEN_CLIP(sb->name_len), sb->name, b->value, INFA_GEN_CLIP(sa->name_len), sa->name,
            INFA_GEN_CLIP(p->name_len), p->name);
        infa_finding_relate(f, a->field->span, "[%.*s] has the value %lld here",
                            INFA_GEN_CLIP(sa->name_len), sa->name, a->value);
    }
    INFA_VEC_FREE(&chans);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++)
        if (infa_model_section(m, s)->kinds & INFA_KIND_EVENT_PROVIDER)
            check_provider(ctx, m, s);
}

const infa_rule infa_rule_event_channel_duplicate_value = {
    .info = {.id = "event-channel-duplicate-value",
             .summary = "Two channels of one event provider have the same Value",
             .href = INFA_DOCS_INSTALL "inf-addeventprovider-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1180,
    .check = check,
};
