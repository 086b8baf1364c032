/* targetos-build-version: a TargetOSVersion decoration may name a build
 * number only from Windows 10 on (NTamd64.10.0...22000); with an older OS
 * version the build field is invalid (InfVerif 1288). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        const infa_decoration *d = &sec->decoration;
        if (!(sec->kinds & INFA_KIND_MODELS) || d->os_build < 0 || d->os_major < 0 ||
            d->os_major >= 10)
            continue;
        const infa_block *b = infa_gen__first_block(m, sec);
        infa_rule_report(ctx, b->name_span,
                         "[%.*s] gives build %ld with OS version %d.%d: a build number needs "
                         "OS version 10.0 or later; drop the build, or write 10.0...<build>",
                         (int)b->name_len, b->name, d->os_build, d->os_major,
                         d->os_minor < 0 ? 0 : d->os_minor);
    }
}

const infa_rule infa_rule_targetos_build_version = {
    .info = {.id = "targetos-build-version",
             .summary = "A TargetOSVersion with a build number and an OS version below 10.0",
             .href = INFA_DOCS_INSTALL "inf-manufacturer-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1288,
    .check = check,
};
