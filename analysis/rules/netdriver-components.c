/* netdriver-components: the network components of a NetDriver INF
 * (Class = NetDriver), installed by `AddNetFilter`/`AddNetProtocol =
 * <component id>,<component section>` in [DefaultInstall.NetDrivers]:
 * - a component directive outside a .NetDrivers section (2402);
 * - one without exactly its two fields (2400);
 * - a component id not matching [a-z0-9_]+ (2412), or starting with ms_ or
 *   vms_, which only OS components may use (2415);
 * - a filter's FilterClass not matching [a-z0-9_]+ (2414);
 * - a NetDriver INF with no .NetDrivers section, or one without a
 *   component directive (2420).
 * The directive names, patterns and prefixes come from the kb. The other
 * directives of a component section (GUIDs, booleans, bind tokens and
 * names: 2403, 2411, 2413, 2416-2419) are not documented, so they are not
 * checked. Every check is one pass over the lines. */
#include "general_helpers.h"
#include "isolation_support.h"

#include <string.h>

static bool reserved(const char *s, size_t len)
{
    for (const char *const *p = infa_kb_net_reserved_prefixes(); *p != NULL; p++) {
        size_t pl = strlen(*p);
        if (len >= pl && infa_strncasecmp(s, pl, *p, pl) == 0)
            return true;
    }
    return false;
}

static void check_component_id(infa_rule_ctx *ctx, const infa_model *m, const infa_field *f)
{
    if (f->empty)
        return;
    size_t len;
    char *id = infa_gen__expand(m, f->value, f->value_len, &len);
    if (infa_gen__opaque(id, len))
        goto cleanup;
    if (!infa_kb_net_identifier(id, len, false)) {
        infa_finding *fd = infa_rule_report(ctx, f->span,
                                            "Component id '%.*s' must be lower-case letters, "
                                            "digits and underscores ([a-z0-9_]+)",
                                            (int)len, id);
        infa_finding_set_infverif(fd, 2412);
    } else if (reserved(id, len)) {
        infa_finding *fd = infa_rule_report(ctx, f->span,
                                            "Component id '%.*s': ids starting with ms_ or vms_ "
                                            "are reserved for Windows' own components",
                                            (int)len, id);
        infa_finding_set_infverif(fd, 2415);
    }
cleanup:
    free(id);
}

/* FilterClass lines of a filter's component section. */
static void check_filter_class(infa_rule_ctx *ctx, const infa_model *m, const infa_field *sec_f)
{
    uint32_t s = infa_model_find_section(m, sec_f->value, sec_f->value_len);
    if (s == INFA_NONE)
        return;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
        const infa_field *v = infa_iso_key_value(infa_model_line(m, li), INFA_KB_NET_FILTER_CLASS);
        if (v == NULL || v->empty)
            continue;
        size_t len;
        char *cls = infa_gen__expand(m, v->value, v->value_len, &len);
        if (!infa_gen__opaque(cls, len) && !infa_kb_net_identifier(cls, len, false)) {
            infa_finding *fd =
                infa_rule_report(ctx, v->span,
                                 "FilterClass '%.*s' must be lower-case letters, digits and "
                                 "underscores ([a-z0-9_]+)",
                                 (int)len, cls);
            infa_finding_set_infverif(fd, 2414);
        }
        free(cls);
    }
}

static void check_directive(infa_rule_ctx *ctx, const infa_model *m, const infa_section *sec,
                            const infa_line *line, const infa_kb_net_component *c,
                            bool *filter_checked)
{
    if (!infa_kb_netdrivers_section(sec->name, sec->name_len)) {
        infa_finding *f = infa_rule_report(ctx, line->key.span,
                                           "%s belongs in [DefaultInstall.NetDrivers] (or its "
                                           "platform-decorated form), not in [%.*s]",
                                           c->directive, (int)sec->name_len, sec->name);
        infa_finding_set_infverif(f, 2402);
    }
    uint32_t n = line->field_count;
    if (n != 2 || line->fields[0].empty || line->fields[1].empty) {
        infa_finding *f = infa_rule_report(ctx, line->key.span,
                                           "%s needs two fields: <component id>,<component "
                                           "section>; this line has %s",
                                           c->directive,
                                           n == 2  ? "an empty one"
                                           : n > 2 ? "more"
                                                   : "fewer");
        infa_finding_set_infverif(f, 2400);
    }
    if (n >= 1)
        check_component_id(ctx, m, &line->fields[0]);
    /* One component section is checked once, however many lines name it. */
    if (c->filter && n >= 2 && !line->fields[1].empty) {
        uint32_t s = infa_model_find_section(m, line->fields[1].value, line->fields[1].value_len);
        if (s != INFA_NONE && !filter_checked[s]) {
            filter_checked[s] = true;
            check_filter_class(ctx, m, &line->fields[1]);
        }
    }
}

/* The Class line of [Version], for 2420's location. */
static const infa_field *class_field(const infa_model *m)
{
    uint32_t v = infa_model_find_kind(m, INFA_KIND_VERSION);
    if (v == INFA_NONE)
        return NULL;
    const infa_field *found = NULL;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_field *f = infa_iso_key_value(infa_model_line(m, li), "Class");
        if (f != NULL)
            found = f; /* the last one wins, as SetupAPI reads it */
    }
    return found;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t nsec = infa_model_section_count(m);
    bool *filter_checked = infa_xcalloc(nsec ? nsec : 1, sizeof(bool));
    bool any_netdrivers = false;
    size_t clen;
    char *cls = infa_iso_version_class(m, &clen);
    bool netdriver_inf = cls != NULL && infa_streq_nocase(cls, clen, INFA_KB_NETDRIVER_CLASS);
    free(cls);
    for (uint32_t s = 0; s < nsec; s++) {
        const infa_section *sec = infa_model_section(m, s);
        bool netdrivers = infa_kb_netdrivers_section(sec->name, sec->name_len);
        bool has_component = false;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            if (!line->has_key)
                continue;
            const infa_kb_net_component *c =
                infa_kb_net_component_find(line->key.value, line->key.value_len);
            if (c == NULL)
                continue;
            has_component = true;
            check_directive(ctx, m, sec, line, c, filter_checked);
        }
        any_netdrivers |= netdrivers;
        if (netdriver_inf && netdrivers && !has_component) {
            const infa_block *b = infa_model_block(m, sec->blocks[0]);
            infa_finding *f = infa_rule_report(ctx, b->name_span,
                                               "[%.*s] installs no network component: add an "
                                               "AddNetFilter or AddNetProtocol line",
                                               (int)sec->name_len, sec->name);
            infa_finding_set_infverif(f, 2420);
        }
    }
    const infa_field *cf = netdriver_inf && !any_netdrivers ? class_field(m) : NULL;
    if (cf != NULL) {
        infa_finding *f = infa_rule_report(ctx, cf->span,
                                           "A NetDriver INF installs its components from "
                                           "[DefaultInstall.NetDrivers] (AddNetFilter or "
                                           "AddNetProtocol), and this INF has no such section");
        infa_finding_set_infverif(f, 2420);
    }
    free(filter_checked);
}

const infa_rule infa_rule_netdriver_components = {
    .info = {.id = "netdriver-components",
             .summary = "NetDriver components: AddNetFilter/AddNetProtocol, their ids and "
                        "sections",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 2400,
    .other_infverif_codes = {2402, 2412, 2414, 2415, 2420},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
