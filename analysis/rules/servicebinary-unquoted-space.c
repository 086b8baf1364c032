/* servicebinary-unquoted-space: a ServiceBinary path with a space that is
 * not written as """...""" is cut at the space (InfVerif 2084 / 1254).
 * Fix: triple-quote the path. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (infa_kind_lines k =
             infa_kind_lines_of(m, (INFA_KIND_SERVICE_INSTALL | INFA_KIND_WDF_SERVICE_INSTALL));
         infa_kind_lines_next(&k);) {
        const infa_line *line = k.line;
        const infa_field *v = infa_iso_key_value(line, "ServiceBinary");
        if (v == NULL || line->field_count != 1)
            continue;
        uint32_t len;
        const char *src = infa_iso_text(m, v->span, &len);
        if (len >= 6 && strncmp(src, "\"\"\"", 3) == 0)
            continue;
        size_t elen;
        char *exp = infa_model_expand(m, v->value, v->value_len, &elen);
        bool space = memchr(exp, ' ', elen) != NULL;
        if (!space) {
            free(exp);
            continue;
        }
        infa_finding *f =
            infa_rule_report(ctx, v->span,
                             "Service binary '%s' contains a space and is cut there: write it as "
                             "\"\"\"%.*s\"\"\"",
                             exp, (int)v->value_len, v->value);
        free(exp);
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Quote the path with \"\"\"");
        char *quoted = infa_xasprintf("\"\"\"%.*s\"\"\"", (int)v->value_len, v->value);
        infa_iso_edit_min(fix, m, v->span.start, v->span.end, quoted);
        free(quoted);
    }
}

const infa_rule infa_rule_servicebinary_unquoted_space = {
    .info = {.id = "servicebinary-unquoted-space",
             .summary = "A ServiceBinary path with a space is not triple-quoted",
             .href = INFA_ISO_DOCS "devtest/inf-verif-error-2084",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 2084,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
