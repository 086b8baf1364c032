/* primitive-arch-decoration: a primitive driver (an INF that installs from
 * [DefaultInstall*] sections and has no [Manufacturer]) is installed only
 * from an architecture-decorated [DefaultInstall.NTamd64]-style section on
 * Windows 10 1903 and later; one that has none installs nothing there
 * (InfVerif 1423). Each undecorated [DefaultInstall] is also 1421
 * (defaultinstall-rules). */
#include "general_helpers.h"

#define PRIMITIVE_KINDS                                                                            \
    (INFA_KIND_DEFAULT_INSTALL | INFA_KIND_DEFAULT_INSTALL_SERVICES | INFA_KIND_DEFAULT_UNINSTALL)

static bool arch_decorated(const infa_section *sec)
{
    infa_platform p = sec->decoration.platform;
    return p != INFA_PLATFORM_NONE && p != INFA_PLATFORM_NT;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    if (infa_model_find_kind(m, INFA_KIND_MANUFACTURER) != INFA_NONE)
        return;
    uint32_t first = INFA_NONE;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & PRIMITIVE_KINDS))
            continue;
        if ((sec->kinds & INFA_KIND_DEFAULT_INSTALL) &&
            sec->decoration.suffix_offset == INFA_NONE && arch_decorated(sec))
            return;
        if (first == INFA_NONE)
            first = s;
    }
    if (first == INFA_NONE)
        return;
    const infa_section *sec = infa_model_section(m, first);
    infa_rule_report(ctx, infa_gen__first_block(m, sec)->name_span,
                     "This primitive driver has no architecture-decorated [DefaultInstall] "
                     "section: add [DefaultInstall.NTamd64] (one per architecture)");
}

const infa_rule infa_rule_primitive_arch_decoration = {
    .info = {.id = "primitive-arch-decoration",
             .summary = "A primitive driver without an architecture-decorated [DefaultInstall]",
             .href = INFA_DOCS "develop/creating-a-primitive-driver",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1423,
    .check = check,
};
