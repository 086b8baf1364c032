/* extension-inf-rules: an extension INF (Class=Extension) needs a valid
 * ExtensionId (InfVerif 1381 missing / 1380 invalid) and may not add the
 * device's function driver (AddService with 0x2, InfVerif 1383; fix drops
 * the bit). Filters through the registry (1384) are registry-filter-values'. */
#include "isolation_support.h"

#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#define EXTENSION_GUID "{e2f84ce7-8efa-411c-aa69-97454ca4cb57}"

static bool is_guid(const char *s, uint32_t len)
{
    if (len != 38 || s[0] != '{' || s[37] != '}')
        return false;
    for (uint32_t i = 1; i < 37; i++) {
        bool dash = i == 9 || i == 14 || i == 19 || i == 24;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t v = infa_model_find_kind(m, INFA_KIND_VERSION);
    if (v == INFA_NONE)
        return;
    bool extension = false;
    const infa_field *ext_id = NULL;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        const infa_field *c = infa_iso_key_value(l, "Class");
        if (c != NULL && infa_streq_nocase(c->value, c->value_len, "Extension"))
            extension = true;
        c = infa_iso_key_value(l, "ClassGuid");
        if (c != NULL && infa_streq_nocase(c->value, c->value_len, EXTENSION_GUID))
            extension = true;
        c = infa_iso_key_value(l, "ExtensionId");
        if (c != NULL)
            ext_id = c;
    }
    if (!extension)
        return;
    const infa_section *vs = infa_model_section(m, v);
    if (ext_id == NULL) {
        infa_finding *f = infa_rule_report(
            ctx, infa_model_block(m, vs->blocks[0])->name_span,
            "An extension INF needs ExtensionId = {GUID} in [Version]; generate a GUID once and "
            "keep it for every version of this extension");
        infa_finding_set_infverif(f, 1381);
    } else {
        size_t len;
        char *id = infa_model_expand(m, ext_id->value, ext_id->value_len, &len);
        if (!is_guid(id, (uint32_t)len)) {
            infa_finding *f =
                infa_rule_report(ctx, ext_id->span, "ExtensionId '%s' is not a {GUID}", id);
            infa_finding_set_infverif(f, 1380);
        }
        free(id);
    }
    for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
        const infa_line *line = infa_model_line(m, li);
        infa_addservice as;
        if (!infa_iso_key_value(line, "AddService") || !infa_addservice_parse(m, line, &as) ||
            !as.flags_valid || !(as.flags & 0x2) || as.flags_f == NULL)
            continue;
        infa_finding *f = infa_rule_report(
            ctx, as.flags_f->span,
            "An extension INF cannot install the device's function driver: drop the 0x2 flag");
        infa_finding_set_infverif(f, 1383);
        uint32_t nf = as.flags & ~0x2u;
        char buf[16];
        if (nf == 0)
            buf[0] = '\0';
        else
            snprintf(buf, sizeof buf, "0x%08X", (unsigned)nf);
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Drop the 0x2 flag");
        infa_iso_edit_min(fix, m, as.flags_f->span.start, as.flags_f->span.end, buf);
    }
}

const infa_rule infa_rule_extension_inf_rules = {
    .info = {.id = "extension-inf-rules",
             .summary = "Extension INF requirements (ExtensionId, no function driver)",
             .href = INFA_ISO_DOCS "install/using-an-extension-inf-file",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1381,
    .other_infverif_codes = {1380, 1383},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
