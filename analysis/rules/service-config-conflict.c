/* service-config-conflict: two AddService lines install the same service
 * with service-install sections that set it up differently (another
 * ServiceBinary, StartType, ...), so the result depends on which device
 * installs last (InfVerif 1333). Registry writes of the sections are 1332's
 * business and are not compared, nor are the AddService flags (associating
 * the service with one device and not another is normal). Lines for other
 * architectures (DDInstall.NTx86 vs .NTamd64) never meet on one machine, and
 * sections only downlevel builds install are not checked by /w. */
#include "general_helpers.h"
#include "isolation_support.h"

#include <stdlib.h>
#include <string.h>

static bool skipped_key(const infa_line *l)
{
    static const char *const keys[] = {"AddReg", "DelReg", "BitReg", "Include", "Needs"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (infa_streq_nocase(l->key.value, l->key.value_len, keys[i]))
            return true;
    return false;
}

/* The first line of `s` with this key, or NULL. */
static const infa_line *find_key(const infa_model *m, uint32_t s, const infa_field *key)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (l->has_key && l->key.value_len == key->value_len &&
            infa_strncasecmp(l->key.value, l->key.value_len, key->value, key->value_len) == 0)
            return l;
    }
    return NULL;
}

static bool same_value(const infa_model *m, const infa_line *a, const infa_line *b)
{
    if (a->field_count != b->field_count)
        return false;
    bool same = true;
    for (uint32_t i = 0; i < a->field_count && same; i++) {
        size_t al, bl;
        char *av = infa_gen__expand(m, a->fields[i].value, a->fields[i].value_len, &al);
        char *bv = infa_gen__expand(m, b->fields[i].value, b->fields[i].value_len, &bl);
        same = al == bl && infa_strncasecmp(av, al, bv, bl) == 0;
        free(av);
        free(bv);
    }
    return same;
}

/* The first directive that `a` sets and `b` does not set alike, or NULL. */
static const infa_line *first_difference(const infa_model *m, uint32_t a, uint32_t b)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, a, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (!l->has_key || skipped_key(l))
            continue;
        const infa_line *o = find_key(m, b, &l->key);
        if (o == NULL || !same_value(m, l, o))
            return l;
    }
    return NULL;
}

static bool platforms_meet(infa_platform a, infa_platform b)
{
    return a == b || a == INFA_PLATFORM_NONE || a == INFA_PLATFORM_NT || b == INFA_PLATFORM_NONE ||
           b == INFA_PLATFORM_NT;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_addservice *svcs = NULL;
    infa_platform *plat = NULL;
    uint32_t *inst = NULL;
    size_t n = 0;
    for (infa_kind_lines k =
             infa_kind_lines_of(m, INFA_KIND_ANY_DDINSTALL | INFA_KIND_DEFAULT_INSTALL_SERVICES);
         infa_kind_lines_next(&k);) {
        infa_addservice a;
        if (!k.line->has_key ||
            !infa_streq_nocase(k.line->key.value, k.line->key.value_len, "AddService") ||
            !infa_addservice_parse(m, k.line, &a) || a.name_f == NULL || a.name_f->empty ||
            a.install_f == NULL || a.install_f->empty || infa_iso_downlevel_only(m, k.section))
            continue;
        uint32_t s = infa_model_find_section(m, a.install_f->value, a.install_f->value_len);
        if (s == INFA_NONE)
            continue;
        svcs = realloc(svcs, (n + 1) * sizeof *svcs);
        plat = realloc(plat, (n + 1) * sizeof *plat);
        inst = realloc(inst, (n + 1) * sizeof *inst);
        svcs[n] = a;
        plat[n] = infa_model_section(m, k.section)->decoration.platform;
        inst[n] = s;
        n++;
    }
    for (size_t j = 1; j < n; j++) {
        const infa_field *name = svcs[j].name_f;
        for (size_t i = 0; i < j; i++) {
            const infa_field *other = svcs[i].name_f;
            if (inst[i] == inst[j] || other->value_len != name->value_len ||
                infa_strncasecmp(other->value, other->value_len, name->value, name->value_len) !=
                    0 ||
                !platforms_meet(plat[i], plat[j]))
                continue;
            const infa_line *d = first_difference(m, inst[i], inst[j]);
            if (d == NULL)
                d = first_difference(m, inst[j], inst[i]);
            if (d == NULL)
                continue;
            const infa_section *si = infa_model_section(m, inst[i]);
            const infa_section *sj = infa_model_section(m, inst[j]);
            infa_finding *f = infa_rule_report(
                ctx, svcs[j].install_f->span,
                "Cannot configure service '%.*s' differently between sections [%.*s] and "
                "[%.*s]: they disagree on %.*s; use one service-install section for the service",
                (int)name->value_len, name->value, (int)si->name_len, si->name, (int)sj->name_len,
                sj->name, (int)d->key.value_len, d->key.value);
            infa_finding_relate(f, svcs[i].install_f->span, "'%.*s' is also installed here",
                                (int)name->value_len, name->value);
            break; /* one finding per AddService line */
        }
    }
    free(svcs);
    free(plat);
    free(inst);
}

const infa_rule infa_rule_service_config_conflict = {
    .info = {.id = "service-config-conflict",
             .summary = "One service installed with differing service-install sections",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1333,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
