/* registry-multisz-flags: MULTI_SZ-only flags where they cannot work.
 * - AddReg FLG_ADDREG_APPEND (0x8) on a value whose type is not
 *   REG_MULTI_SZ: there is no list to append to (InfVerif 1265);
 * - DelReg FLG_DELREG_MULTI_SZ_DELSTRING (0x00018002) without the string to
 *   delete (InfVerif 1266).
 * Both are errors in every mode (addreg.md sections 4.2 and 8). */
#include "isolation_support.h"

#include "util.h"

/* FLG_ADDREG_TYPE_MASK with FLG_ADDREG_BINVALUETYPE: the value's type. */
#define TYPE_BITS 0xFFFF0001u
#define TYPE_MULTI_SZ 0x00010000u
#define FLG_ADDREG_APPEND 0x00000008u
#define FLG_ADDREG_DELVAL 0x00000004u
#define FLG_DELREG_MULTI_SZ_DELSTRING 0x00018002u

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
            int nl = a.name_f ? (int)a.name_f->value_len : 0;
            const char *name = a.name_f ? a.name_f->value : "";
            if (add && (a.flags & FLG_ADDREG_APPEND) && !(a.flags & FLG_ADDREG_DELVAL) &&
                (a.flags & TYPE_BITS) != TYPE_MULTI_SZ) {
                infa_rule_report(ctx, a.flags_f->span,
                                 "AddReg value '%.*s' has the append flag (0x8) but is not "
                                 "REG_MULTI_SZ (0x00010000): only a multi-string list can be "
                                 "appended to",
                                 nl, name);
            }
            if (del && a.flags == FLG_DELREG_MULTI_SZ_DELSTRING &&
                (a.value_f == NULL || a.value_f->value_len == 0)) {
                infa_finding *f = infa_rule_report(
                    ctx, a.flags_f->span,
                    "DelReg of value '%.*s' deletes a string from a REG_MULTI_SZ "
                    "(0x00018002) but names no string: add the string to delete as the fifth "
                    "field",
                    nl, name);
                infa_finding_set_infverif(f, 1266);
            }
        }
    }
}

const infa_rule infa_rule_registry_multisz_flags = {
    .info = {.id = "registry-multisz-flags",
             .summary = "MULTI_SZ append on a non-MULTI_SZ value, or MULTI_SZ delete without "
                        "a string",
             .href = INFA_DOCS_INSTALL "inf-addreg-directive",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1265,
    .other_infverif_codes = {1266},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
