/* targetos-producttype-suitemask (universal): a Manufacturer TargetOSVersion
 * decoration with a ProductType or SuiteMask field; universal INFs install
 * on every product. Fix: drop the two fields, keeping the dots for the build
 * number (NTamd64.10.0.1.0x80 -> NTamd64.10.0; NTamd64.10.0.1..22000 ->
 * NTamd64.10.0...22000), in the Manufacturer line and the Models header. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Splits at '.' into at most 8 parts. Returns the count. */
static int split_dots(const char *s, uint32_t len, const char **parts, uint32_t *lens)
{
    int n = 0;
    uint32_t start = 0;
    for (uint32_t i = 0; i <= len && n < 8; i++) {
        if (i == len || s[i] == '.') {
            parts[n] = s + start;
            lens[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->from_section == INFA_NONE ||
            !(infa_model_section(m, r->from_section)->kinds & INFA_KIND_MANUFACTURER) ||
            r->field == 0)
            continue;
        const infa_line *line = infa_model_line(m, r->line);
        if (r->field >= line->field_count)
            continue;
        const infa_field *fd = &line->fields[r->field];
        const char *parts[8];
        uint32_t lens[8];
        int n = split_dots(fd->value, fd->value_len, parts, lens);
        bool pt = n > 3 && lens[3] > 0, sm = n > 4 && lens[4] > 0;
        if (!pt && !sm)
            continue;
        infa_buf nb = {0};
        infa_buf_append(&nb, parts[0], lens[0]);
        int keep = n > 2 ? 3 : n;
        for (int k = 1; k < keep; k++)
            infa_buf_printf(&nb, ".%.*s", (int)lens[k], parts[k]);
        if (n > 5 && lens[5] > 0)
            infa_buf_printf(&nb, "...%.*s", (int)lens[5], parts[5]);
        char *fixed = infa_buf_take(&nb);
        infa_finding *f = infa_rule_report(
            ctx, fd->span,
            "TargetOSVersion '%.*s' sets %s: a universal INF installs on every product type and "
            "suite; use %s",
            (int)fd->value_len, fd->value,
            pt && sm ? "a ProductType and a SuiteMask"
            : pt     ? "a ProductType"
                     : "a SuiteMask",
            fixed);
        infa_finding_set_infverif(f, 0);
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Use %s", fixed);
        infa_iso_edit_min(fix, m, fd->span.start, fd->span.end, fixed);
        /* The Models section's own header carries the same decoration. */
        if (r->target != INFA_NONE) {
            const infa_section *ms = infa_model_section(m, r->target);
            for (uint32_t k = 0; k < ms->block_count; k++) {
                const infa_block *b = infa_model_block(m, ms->blocks[k]);
                uint32_t nlen;
                const char *name = infa_iso_text(m, b->name_span, &nlen);
                if (nlen < fd->value_len ||
                    infa_strncasecmp(name + nlen - fd->value_len, fd->value_len, fd->value,
                                     fd->value_len) != 0)
                    continue;
                infa_iso_edit_min(fix, m, b->name_span.end - fd->value_len, b->name_span.end,
                                  fixed);
                infa_finding_relate(f, b->name_span, "the Models section it names");
            }
        }
        free(fixed);
    }
}

const infa_rule infa_rule_targetos_producttype_suitemask = {
    .info = {.id = "targetos-producttype-suitemask",
             .summary = "A Manufacturer decoration restricts ProductType or SuiteMask",
             .href = INFA_ISO_UNIVERSAL,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 0,
    .profiles = INFA_ISO_PROFILES_U,
    .check = check,
};
