/* dirid-deprecated: a DIRID that Windows 11 24H2 deprecates for signing
 * (-1, 01, 17, 18, 20, 21, 24, 25, 30, 50, 53, 54 and the common shell
 * folders), in DestinationDirs or in a %n% path (InfVerif 1340). The kb DIRID
 * table carries the list. */
#include "isolation_support.h"

#include "util.h"

/* A block rule: a line's findings follow from the line, its section's
 * kinds and (through DIRIDs written as %strkey%) the strings. */
static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *line = infa_model_line(m, li);
        uint32_t s = infa_iso_line_section(m, line);
        if (s == INFA_NONE)
            continue;
        infa_kind_set kinds = infa_model_section(m, s)->kinds;
        if (kinds & INFA_KIND_DESTINATION_DIRS) {
            infa_destdir dd;
            if (!infa_destdir_parse(m, line, &dd) || !dd.dirid_valid)
                continue;
            const infa_kb_dirid *row = infa_kb_dirid_find(dd.dirid);
            if (row == NULL || !row->deprecated_24h2)
                continue;
            infa_rule_report(ctx, dd.dirid_f->span,
                             "Specified DIRID '%ld' not allowed: %s is deprecated from Windows 11 "
                             "24H2; ship the file in the package and copy it to 13",
                             dd.dirid, row->name ? row->name : "it");
            continue;
        }
        if (kinds & (INFA_KIND_STRINGS | INFA_KIND_SOURCE_DISKS_NAMES))
            continue;
        for (uint32_t fi = 0; fi < line->field_count; fi++) {
            const infa_token *toks;
            uint32_t n = infa_model_tokens_in(m, line->fields[fi].span, &toks);
            for (uint32_t t = 0; t < n; t++) {
                if (toks[t].kind != INFA_TOKEN_DIRID)
                    continue;
                const infa_kb_dirid *row = infa_kb_dirid_find(toks[t].dirid);
                if (row == NULL || !row->deprecated_24h2)
                    continue;
                infa_rule_report(ctx, toks[t].span,
                                 "Specified DIRID '%ld' not allowed: %s is deprecated from "
                                 "Windows 11 24H2",
                                 toks[t].dirid, row->name ? row->name : "it");
            }
        }
    }
}

const infa_rule infa_rule_dirid_deprecated = {
    .info = {.id = "dirid-deprecated",
             .summary = "A DIRID deprecated from Windows 11 24H2 is used",
             .href = INFA_ISO_DIRIDS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1340,
    .profiles = INFA_ISO_PROFILES_W,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
