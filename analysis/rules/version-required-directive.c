/* version-required-directive: the [Version] of a $Windows NT$ INF has no
 * Provider, or an empty one (InfVerif 1234); the INF Version section page
 * requires it in every INF. Signature (1001) and CatalogFile (1233) have
 * codes and rules of their own. DriverVer is not required here: stampinf
 * writes it into the INF (an .inx, or the .inf of a Visual Studio project)
 * just before InfVerif runs, so the source file rightly leaves it empty or
 * out. Which other directives 1234 names (Class and ClassGuid of a device
 * INF?) is not documented, so they are not checked. */
#include "general_helpers.h"

static void require(infa_rule_ctx *ctx, const infa_model *m, uint32_t version, const char *key)
{
    const infa_line *l = infa_gen__key_line(m, version, key);
    const infa_section *sec = infa_model_section(m, version);
    if (l == NULL) {
        const infa_block *b = infa_gen__first_block(m, sec);
        infa_rule_report(ctx, b->name_span,
                         "[Version] has no %s directive; every driver package must give it", key);
        return;
    }
    if (l->field_count > 0 && !l->fields[0].empty && l->fields[0].value_len > 0)
        return;
    infa_rule_report(ctx, l->key.span, "%s in [Version] is empty; give it a value", key);
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t version = infa_gen__version(m);
    if (version == INFA_NONE)
        return;
    /* A $CHICAGO$ INF is no driver package for Windows NT (unknown-signature). */
    const infa_line *sig = infa_gen__key_line(m, version, "Signature");
    if (sig == NULL || sig->field_count == 0 ||
        !infa_streq_nocase(sig->fields[0].value, sig->fields[0].value_len, "$Windows NT$"))
        return;
    require(ctx, m, version, "Provider");
}

const infa_rule infa_rule_version_required_directive = {
    .info = {.id = "version-required-directive",
             .summary = "[Version] has no Provider, or an empty one",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1234,
    .check = check,
};
