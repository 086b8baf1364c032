/* umdf-library-version-missing: `UmdfService = name,section` names a
 * wdf-service-install section of this INF that has no UmdfLibraryVersion
 * (InfVerif 1084): the UMDF installer cannot tell which framework version
 * the driver needs. reference/sections-and-directives.md ties exactly this
 * pair to 1084. KmdfService/KmdfLibraryVersion is the same shape, but no
 * document ties it to the code, so it is not reported. A section that is
 * missing is undefined-section's; one that uses Needs may take the
 * directive from an included INF, and a name we cannot read (a %token% or
 * template placeholder) is not looked up. Each section is read once. */
#include "general_helpers.h"

enum { UNSEEN = 0, HAS_VERSION, NO_VERSION };

static unsigned char state_of(const infa_model *m, uint32_t s)
{
    if (infa_gen__key_line(m, s, "Needs") != NULL ||
        infa_gen__key_line(m, s, "UmdfLibraryVersion") != NULL)
        return HAS_VERSION;
    return NO_VERSION;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    unsigned char *state = NULL;
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_DDINSTALL_WDF);
         infa_kind_lines_next(&k);) {
        const infa_line *l = k.line;
        if (!l->has_key || !infa_streq_nocase(l->key.value, l->key.value_len, "UmdfService") ||
            l->field_count < 2 || l->fields[1].empty)
            continue;
        const infa_field *name = &l->fields[0], *sect = &l->fields[1];
        size_t len;
        char *e = infa_gen__expand(m, sect->value, sect->value_len, &len);
        uint32_t s = infa_gen__opaque(e, len) ? INFA_NONE : infa_model_find_section(m, e, len);
        free(e);
        if (s == INFA_NONE)
            continue;
        if (state == NULL)
            state = infa_xcalloc(infa_model_section_count(m), 1);
        if (state[s] == UNSEEN)
            state[s] = state_of(m, s);
        if (state[s] != NO_VERSION)
            continue;
        const infa_section *sec = infa_model_section(m, s);
        infa_rule_report(ctx, sect->span,
                         "[%.*s] has no UmdfLibraryVersion, which the UMDF driver '%.*s' needs: "
                         "add UmdfLibraryVersion = $UMDFVERSION$ (or the version you build "
                         "with)",
                         INFA_GEN_CLIP(sec->name_len), sec->name, INFA_GEN_CLIP(name->value_len),
                         name->value);
    }
    free(state);
}

const infa_rule infa_rule_umdf_library_version_missing = {
    .info = {.id = "umdf-library-version-missing",
             .summary = "A UmdfService section without UmdfLibraryVersion",
             .href = INFA_DOCS "wdf/specifying-wdf-directives-in-inf-files",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1084,
    .check = check,
};
