/* unknown-directive: a `key = value` line in a section whose entries are
 * directives (DDInstall and its variants, Version, service-install, ...)
 * names no directive the knowledge tables know. SetupAPI silently ignores
 * such lines, so a typo (`AddRge=`) loses its whole effect. Sections whose
 * keys are data (Strings, SourceDisksFiles, DestinationDirs, Models,
 * Manufacturer, registry and file lists, ...) are never checked. */
#include "general_helpers.h"

/* Kinds whose keys are names or data, never directives. */
#define DATA_KINDS                                                                                 \
    (INFA_KIND_MANUFACTURER | INFA_KIND_MODELS | INFA_KIND_STRINGS |                               \
     INFA_KIND_SOURCE_DISKS_NAMES | INFA_KIND_SOURCE_DISKS_FILES | INFA_KIND_DESTINATION_DIRS |    \
     INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY |                    \
     INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES |                            \
     INFA_KIND_FILE_LIST_SECURITY | INFA_KIND_REG_SECURITY | INFA_KIND_SIGNATURE_ATTRIBUTES |      \
     INFA_KIND_INTERFACE_INSTALL32 | INFA_KIND_ADD_PROPERTY | INFA_KIND_DEL_PROPERTY |             \
     INFA_KIND_UPDATE_INI | INFA_KIND_UPDATE_INIFIELDS | INFA_KIND_INI2REG |                       \
     INFA_KIND_REGISTER_DLLS | INFA_KIND_UNREGISTER_DLLS | INFA_KIND_CONTROL_FLAGS)

/* Kinds whose whole vocabulary is documented and in the knowledge tables:
 * there any unknown key is reported. Everywhere else (DDInstall, Version,
 * DefaultInstall, ClassInstall32 are extended by class installers and other
 * tools with keys of their own: network *IfType and Characteristics,
 * printer DataFile, still-image DeviceType, advpack's AdvancedINF; the
 * autologger, channel and power-setting vocabularies are only partly in the
 * tables) only a near miss of a known directive is reported, as a typo. */
#define STRICT_KINDS                                                                               \
    (INFA_KIND_DDINSTALL_HW | INFA_KIND_DDINSTALL_SERVICES | INFA_KIND_DDINSTALL_INTERFACES |      \
     INFA_KIND_DDINSTALL_WDF | INFA_KIND_DDINSTALL_FILTERS | INFA_KIND_DDINSTALL_COMPONENTS |      \
     INFA_KIND_DDINSTALL_SOFTWARE | INFA_KIND_DDINSTALL_EVENTS | INFA_KIND_DDINSTALL_COM |         \
     INFA_KIND_DEFAULT_INSTALL_SERVICES | INFA_KIND_CLASS_INSTALL32_SERVICES |                     \
     INFA_KIND_SERVICE_INSTALL | INFA_KIND_EVENT_LOG_INSTALL | INFA_KIND_INTERFACE_INSTALL |       \
     INFA_KIND_INSTALL_INTERFACE | INFA_KIND_WDF_SERVICE_INSTALL | INFA_KIND_COMPONENT_INSTALL |   \
     INFA_KIND_SOFTWARE_INSTALL | INFA_KIND_FILTER_INSTALL | INFA_KIND_TRIGGER |                   \
     INFA_KIND_FAILURE_ACTIONS)

/* Kinds some directive row lists in `where`, i.e. kinds the tables describe. */
static infa_kind_set described_kinds(void)
{
    infa_kind_set k = 0;
    for (size_t i = 0; i < infa_kb_directive_count(); i++)
        k |= infa_kb_directive_at(i)->where;
    return k & ~DATA_KINDS;
}

typedef struct {
    const char *key;
    size_t len;
    size_t best;
    const char *hit;
} suggest_state;

static void suggest_cb(const infa_kb_directive *row, void *user)
{
    suggest_state *st = user;
    size_t d = infa_gen__distance(st->key, st->len, row->name, strlen(row->name), st->best - 1);
    if (d < st->best) {
        st->best = d;
        st->hit = row->name;
    }
}

/* The key without a platform decoration: CatalogFile.NTamd64 -> CatalogFile. */
static size_t undecorated_len(const char *key, size_t len)
{
    infa_kb_section_split_result sp;
    infa_kb_section_split(key, len, &sp);
    return sp.platform != NULL && sp.suffix == NULL && sp.base_len > 0 ? sp.base_len : len;
}

/* Kinds whose sections hold service directives, and the install sections
 * whose `.Services` variant they are. */
#define SERVICES_KINDS                                                                             \
    (INFA_KIND_DDINSTALL_SERVICES | INFA_KIND_DEFAULT_INSTALL_SERVICES |                           \
     INFA_KIND_CLASS_INSTALL32_SERVICES)
#define INSTALL_KINDS (INFA_KIND_DDINSTALL | INFA_KIND_DEFAULT_INSTALL | INFA_KIND_CLASS_INSTALL32)

/* True when every row named `name` may only appear in a .Services section. */
static bool services_only(const char *name, size_t len)
{
    bool any = false;
    for (size_t i = 0; i < infa_kb_directive_count(); i++) {
        const infa_kb_directive *row = infa_kb_directive_at(i);
        if (!infa_streq_nocase(name, len, row->name))
            continue;
        if (row->where & ~SERVICES_KINDS)
            return false;
        any = true;
    }
    return any;
}

/* The one misplacement reported: AddService/DelService written in the install
 * section itself, where SetupAPI never looks for them (they belong in its
 * .Services variant). Other known-but-misplaced directives are left alone:
 * the tables' `where` lists are not complete enough to call them wrong. */
static void check_services_directive(infa_rule_ctx *ctx, const infa_section *s, const infa_line *l,
                                     size_t klen)
{
    if ((s->kinds & SERVICES_KINDS) || !(s->kinds & INSTALL_KINDS) || (s->kinds & ~INSTALL_KINDS) ||
        !services_only(l->key.value, klen))
        return;
    /* The directive's own page lists the sections it may appear in, and
     * the install section is not one: InfVerif 1290. */
    infa_finding *f = infa_rule_report(ctx, l->key.span,
                                       "%.*s has no effect in [%.*s]: SetupAPI reads it only "
                                       "from the [%.*s.Services] section",
                                       (int)klen, l->key.value, INFA_GEN_CLIP(s->name_len), s->name,
                                       INFA_GEN_CLIP(s->name_len), s->name);
    infa_finding_set_infverif(f, 1290);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_kind_set described = described_kinds();
    uint32_t budget = INFA_GEN_SUGGEST_BUDGET;
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (s->kinds == 0 || (s->kinds & ~described) != 0)
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            /* `*IfType` style keys are NDIS standardized keywords. */
            if (!l->has_key || l->key.value_len == 0 || l->key.value[0] == '*' ||
                infa_gen__opaque(l->key.value, l->key.value_len))
                continue;
            size_t klen = undecorated_len(l->key.value, l->key.value_len);
            if (infa_kb_directive_find(l->key.value, klen) != NULL) {
                check_services_directive(ctx, s, l, klen);
                continue;
            }
            suggest_state st = {l->key.value, klen, infa_gen__typo_cap(klen) + 1, NULL};
            if (budget >= infa_kb_directive_count()) {
                budget -= (uint32_t)infa_kb_directive_count();
                infa_kb_directives_for_kind(s->kinds, suggest_cb, &st);
            }
            infa_kind_set one = s->kinds, k1 = infa_kind_next(&one);
            const char *where = infa_kind_name(k1);
            const char *article = strchr("AEIOUaeiou", where[0]) != NULL ? "an" : "a";
            if (st.hit != NULL) {
                infa_finding *f = infa_rule_report(
                    ctx, l->key.span, "Unknown directive '%.*s' in %s %s; did you mean '%s'?",
                    INFA_GEN_CLIP(l->key.value_len), l->key.value, article, where, st.hit);
                if (!l->key.quoted) {
                    infa_fix *fix = infa_finding_add_fix(f, false, true, "Change to '%s'", st.hit);
                    infa_span ks = {l->key.span.start, l->key.span.start + (uint32_t)klen};
                    infa_fix_edit(fix, ks, st.hit, strlen(st.hit));
                }
            } else if ((s->kinds & ~STRICT_KINDS) == 0) {
                infa_rule_report(ctx, l->key.span,
                                 "Unknown directive '%.*s' in %s %s; Windows ignores this line",
                                 INFA_GEN_CLIP(l->key.value_len), l->key.value, article, where);
            }
        }
    }
}

const infa_rule infa_rule_unknown_directive = {
    .info = {.id = "unknown-directive",
             .summary = "A section of a known kind has an entry that is not one of its directives",
             .href = INFA_DOCS_INSTALL "summary-of-inf-directives",
             .default_severity = INFA_SEVERITY_WARNING},
    .other_infverif_codes = {1290},
    .check = check,
};
