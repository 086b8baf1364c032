/* registry-multisz-append: appending to a MULTI_SZ (AddReg flag 0x8, usually
 * 0x00010008) or deleting from one (DelReg 0x00018002) changes state the
 * package does not own (InfVerif 1305). The quick fix that rewrites the
 * whole value (0x00010000) overwrites other entries, so it is offered but
 * never applied by fix-all. */
#include "isolation_support.h"

#include "util.h"

#include <stdio.h>

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        infa_kind_set kinds = infa_model_section(m, s)->kinds;
        bool add = kinds & INFA_KIND_ADD_REGISTRY, del = kinds & INFA_KIND_DEL_REGISTRY;
        if (!add && !del)
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            infa_addreg a;
            if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || !a.flags_present ||
                !a.flags_valid || a.flags_f == NULL)
                continue;
            bool append = add && (a.flags & 0x00000008u) && !(a.flags & 0x00000004u);
            bool delstr = del && a.flags == 0x00018002u;
            if (!append && !delstr)
                continue;
            int rl = a.root_f ? (int)a.root_f->value_len : 0;
            int sl = a.subkey_f ? (int)a.subkey_f->value_len : 0;
            infa_finding *f = infa_rule_report(
                ctx, a.flags_f->span,
                "Found legacy %s operation using appendable multi-sz value (%.*s%s%.*s, '%.*s'): "
                "write the whole value with 0x00010000 in a section you own%s",
                append ? "AddReg" : "DelReg", rl, a.root_f ? a.root_f->value : "", sl ? "\\" : "",
                sl, a.subkey_f ? a.subkey_f->value : "", a.name_f ? (int)a.name_f->value_len : 0,
                a.name_f ? a.name_f->value : "",
                a.name_f &&
                        (infa_streq_nocase(a.name_f->value, a.name_f->value_len, "UpperFilters") ||
                         infa_streq_nocase(a.name_f->value, a.name_f->value_len, "LowerFilters"))
                    ? "; for filters use AddFilter"
                    : "");
            if (append) {
                char buf[16];
                snprintf(buf, sizeof buf, "0x%08X", (unsigned)(a.flags & ~0x00000008u));
                infa_fix *fix = infa_finding_add_fix(
                    f, false, false, "Write the whole value (%s; overwrites existing entries)",
                    buf);
                infa_iso_edit_min(fix, m, a.flags_f->span.start, a.flags_f->span.end, buf);
            }
        }
    }
}

const infa_rule infa_rule_registry_multisz_append = {
    .info = {.id = "registry-multisz-append",
             .summary = "AddReg appends to (or DelReg deletes from) a MULTI_SZ value",
             .href = INFA_ISO_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1305,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
