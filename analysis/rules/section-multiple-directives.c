/* section-multiple-directives: one section named by two different
 * directives, e.g. CopyFiles and DelFiles, is read as two kinds of section
 * at once; usually one name is a typo for another (InfVerif 1205, a warning:
 * sometimes it is meant). Needs= and DestinationDirs keys are not counted:
 * they name sections whose other directives already say what they are. */
#include "general_helpers.h"

static bool counted(const infa_ref *r)
{
    /* DestinationDirs keys say where a file list goes; they do not make it
     * one. */
    return r->directive != NULL && !r->external &&
           !infa_streq_nocase(r->directive, strlen(r->directive), "Needs") &&
           !infa_streq_nocase(r->directive, strlen(r->directive), "DestinationDirs");
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        const infa_ref *first = NULL;
        for (uint32_t i = 0; i < sec->refs_in_count; i++) {
            const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
            if (!counted(r))
                continue;
            if (first == NULL) {
                first = r;
                continue;
            }
            if (infa_streq_nocase(r->directive, strlen(r->directive), first->directive))
                continue;
            infa_finding *f = infa_rule_report(
                ctx, r->span, "[%.*s] is named by both %s and %s: check that one is not a typo",
                (int)sec->name_len, sec->name, first->directive, r->directive);
            infa_finding_relate(f, first->span, "%s names it here", first->directive);
            break;
        }
    }
}

const infa_rule infa_rule_section_multiple_directives = {
    .info = {.id = "section-multiple-directives",
             .summary = "A section named by two different directives",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_WARNING},
    .infverif_code = 1205,
    .check = check,
};
