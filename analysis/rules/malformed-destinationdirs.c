/* malformed-destinationdirs: a [DestinationDirs] entry that is not
 * `file-list-section = dirid[,subdir]` (or DefaultDestDir = ...): no `=`,
 * no DIRID, a DIRID below -1, fields after the subdirectory, or the same
 * section listed twice. A DIRID with bad number syntax (e.g. %13%) is
 * bad-number's finding. */
#include "general_helpers.h"

static void check_line(infa_rule_ctx *ctx, const infa_model *m, const infa_line *l,
                       const infa_line **seen, size_t *seen_len)
{
    if (!l->has_key) {
        infa_rule_report(ctx, l->span,
                         "A DestinationDirs entry is 'file-list-section = dirid[,subdir]'; "
                         "this line has no '='");
        return;
    }
    if (l->field_count == 0 || l->fields[0].empty || l->fields[0].value_len == 0) {
        infa_rule_report(ctx, l->key.span,
                         "DestinationDirs entry '%.*s' has no DIRID; write '%.*s = 13' (or another "
                         "DIRID)",
                         (int)l->key.value_len, l->key.value, (int)l->key.value_len, l->key.value);
        return;
    }
    infa_destdir dd;
    if (infa_destdir_parse(m, l, &dd) && dd.dirid_valid &&
        infa_kb_dirid_range(dd.dirid) == INFA_DIRID_RANGE_INVALID) {
        infa_rule_report(ctx, l->fields[0].span,
                         "DIRID %ld is not a directory id: DIRIDs are -1 or greater", dd.dirid);
    }
    if (l->field_count > 2) {
        infa_finding *f = infa_rule_report(
            ctx, l->fields[2].span,
            "A DestinationDirs entry has at most two fields (dirid, subdir); SetupAPI ignores "
            "this one (quote a subdirectory that contains commas)");
        infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
        /* A value there is documented as ignored: InfVerif 1201. */
        if (!l->fields[2].empty)
            infa_finding_set_infverif(f, 1201);
    }
    /* The same file-list section twice: only one destination is used. */
    for (size_t i = 0; i < *seen_len; i++) {
        const infa_line *p = seen[i];
        if (infa_strncasecmp(p->key.value, p->key.value_len, l->key.value, l->key.value_len) == 0) {
            infa_finding *f = infa_rule_report(
                ctx, l->key.span,
                "'%.*s' already has a destination at line %u; only one of them is used",
                (int)l->key.value_len, l->key.value, (unsigned)p->row + 1);
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
            infa_finding_relate(f, p->key.span, "first destination of '%.*s'",
                                (int)p->key.value_len, p->key.value);
            return;
        }
    }
    seen[(*seen_len)++] = l;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t si = infa_model_find_section(m, "DestinationDirs", 15);
    if (si == INFA_NONE)
        return;
    uint32_t n = 0;
    for (uint32_t it = 0; infa_model_section_next_line(m, si, &it) != INFA_NONE;)
        n++;
    const infa_line **seen = infa_xcalloc(n + 1, sizeof(*seen));
    size_t seen_len = 0;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;)
        check_line(ctx, m, infa_model_line(m, li), seen, &seen_len);
    free(seen);
}

const infa_rule infa_rule_malformed_destinationdirs = {
    .info = {.id = "malformed-destinationdirs",
             .summary = "A [DestinationDirs] entry is not 'section = dirid[,subdir]'",
             .href = INFA_DOCS_INSTALL "inf-destinationdirs-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .other_infverif_codes = {1201},
    .check = check,
};
