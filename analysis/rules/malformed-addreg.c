/* malformed-addreg: an add-registry line that SetupAPI cannot apply as
 * written: not the positional `root,[subkey],[value-name],[flags],[value]`
 * shape, an unknown root (InfVerif 1224), flags that name no registry type
 * (1263/1264) or carry unknown or contradictory bits, or a value that does
 * not fit the type (1267/1268). Flags with bad number syntax belong to
 * bad-number; APPEND on non-MULTI_SZ belongs to the isolation rules. */
#include "general_helpers.h"

#include <stdio.h>

/* The registry type a decoded flags value names, for messages. */
static const char *type_name(const infa_kb_addreg_decoded *d)
{
    return d->type_status == INFA_ADDREG_TYPE_KNOWN ? d->type_flag->reg_type : "custom-type";
}

/* Checks every value field as binary bytes; reports the first bad one. */
static void check_bytes(infa_rule_ctx *ctx, const infa_model *m, const infa_addreg *a,
                        const char *tname)
{
    for (uint32_t i = 0; i < a->value_count; i++) {
        const infa_field *v = a->value_f + i;
        if (v->empty || v->value_len == 0)
            continue;
        size_t elen;
        char *e = infa_gen__expand(m, v->value, v->value_len, &elen);
        if (!infa_gen__opaque(e, elen) && !infa_gen__hex_byte(e, elen)) {
            infa_finding *f = infa_rule_report(
                ctx, v->span, "%s data is a list of hex bytes (00-FF); '%.*s' is not one", tname,
                INFA_GEN_CLIP(elen), e);
            infa_finding_set_infverif(f, 1267);
            free(e);
            return;
        }
        free(e);
    }
}

static void check_number(infa_rule_ctx *ctx, const infa_model *m, const infa_field *v,
                         const char *tname, bool qword)
{
    size_t elen;
    char *e = infa_gen__expand(m, v->value, v->value_len, &elen);
    long long n;
    if (infa_gen__opaque(e, elen)) {
        free(e);
        return;
    }
    if (!infa_gen__parse_number_text(e, elen, &n)) {
        infa_finding *f = infa_rule_report(
            ctx, v->span, "%s value '%.*s' is not a number (decimal, or hex with 0x)", tname,
            INFA_GEN_CLIP(elen), e);
        infa_finding_set_infverif(f, 1268);
    } else if (!qword && (n > 0xFFFFFFFFLL || n < -0x80000000LL)) {
        infa_finding *f = infa_rule_report(ctx, v->span, "%s value %.*s does not fit in 32 bits",
                                           tname, (int)elen, e);
        infa_finding_set_infverif(f, 1268);
    }
    free(e);
}

static void check_root(infa_rule_ctx *ctx, const infa_model *m, const infa_line *l,
                       const infa_addreg *a)
{
    const infa_field *r = a->root_f != NULL ? a->root_f : (l->field_count ? &l->fields[0] : NULL);
    if (r == NULL || r->empty || r->value_len == 0) {
        infa_span span = r != NULL ? r->span : l->span;
        infa_finding *f = infa_rule_report(
            ctx, span,
            "Add-registry line has no registry root; start it with HKR, HKLM, HKCU, "
            "HKCR or HKU");
        infa_finding_set_infverif(f, 1224);
        return;
    }
    size_t elen;
    char *e = infa_gen__expand(m, r->value, r->value_len, &elen);
    if (!infa_gen__opaque(e, elen)) {
        const char *near = NULL;
        size_t best = 2;
        for (size_t i = 0; i < infa_kb_reg_root_count(); i++) {
            const char *name = infa_kb_reg_root_at(i)->name;
            size_t d = infa_gen__distance(e, elen, name, strlen(name), 1);
            if (d < best) {
                best = d;
                near = name;
            }
        }
        infa_finding *f;
        if (near != NULL) {
            f = infa_rule_report(ctx, r->span, "Unknown registry root '%.*s'; did you mean %s?",
                                 INFA_GEN_CLIP(elen), e, near);
            if (!r->quoted && memchr(r->value, '%', r->value_len) == NULL) {
                infa_fix *fix = infa_finding_add_fix(f, false, true, "Change to %s", near);
                infa_fix_edit(fix, r->span, near, strlen(near));
            }
        } else {
            f = infa_rule_report(ctx, r->span,
                                 "Unknown registry root '%.*s'; expected HKR, HKLM, HKCU, HKCR "
                                 "or HKU",
                                 INFA_GEN_CLIP(elen), e);
        }
        infa_finding_set_infverif(f, 1224);
    }
    free(e);
}

static void check_line(infa_rule_ctx *ctx, const infa_model *m, const infa_line *l)
{
    if (l->has_key) {
        infa_rule_report(ctx, l->key.span,
                         "An add-registry line is positional (root,[subkey],[value-name],[flags],"
                         "[value]); 'key = value' is not a registry entry");
        return;
    }
    infa_addreg a;
    if (!infa_addreg_parse(m, l, &a))
        return;
    if (a.root == INFA_ROOT_NONE || a.root == INFA_ROOT_UNKNOWN) {
        check_root(ctx, m, l, &a);
        return;
    }
    if (a.flags_present && !a.flags_valid)
        return;                                     /* bad-number's finding */
    uint32_t flags = a.flags_present ? a.flags : 0; /* no flags: REG_SZ */

    infa_kb_addreg_decoded d;
    infa_kb_addreg_flags_decode(flags, &d);
    infa_span fspan = a.flags_f != NULL ? a.flags_f->span : l->span;
    if (d.type_status == INFA_ADDREG_TYPE_INVALID) {
        bool no_bin = (d.type_bits & 1u) == 0;
        infa_finding *f = infa_rule_report(
            ctx, fspan,
            no_bin ? "Flags 0x%08X name no registry type: a custom type needs "
                     "FLG_ADDREG_BINVALUETYPE (0x1)"
                   : "Flags 0x%08X name no registry type: custom type %u cannot express a string "
                     "or REG_NONE type",
            (unsigned)flags, (unsigned)(d.type_bits >> 16));
        infa_finding_set_infverif(f, no_bin ? 1264 : 1263);
        return;
    }
    if (d.unknown_bits != 0) {
        infa_finding *f = infa_rule_report(
            ctx, fspan, "Flags 0x%08X set bits 0x%X that no FLG_ADDREG_* flag defines",
            (unsigned)flags, (unsigned)d.unknown_bits);
        infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
        infa_finding_set_infverif(f, 0);
    }
    if (d.conflicting) {
        infa_finding *f = infa_rule_report(
            ctx, fspan,
            "Flags 0x%08X combine contradictory modifiers (NOCLOBBER with OVERWRITEONLY, or "
            "32BITKEY with 64BITKEY)",
            (unsigned)flags);
        infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
        infa_finding_set_infverif(f, 0);
    }
    if (flags & INFA_FLG_ADDREG_KEYONLY)
        return; /* any data is ignored */
    if (a.value_count == 0 || a.value_f == NULL)
        return;

    const char *tname = type_name(&d);
    switch (d.type_bits) {
    case INFA_FLG_ADDREG_TYPE_DWORD: /* one number, or (Wine) a byte list */
    case INFA_FLG_ADDREG_TYPE_QWORD:
        if (a.value_count == 1) {
            if (!a.value_f->empty && a.value_f->value_len > 0)
                check_number(ctx, m, a.value_f, tname, d.type_bits == INFA_FLG_ADDREG_TYPE_QWORD);
        } else {
            check_bytes(ctx, m, &a, tname);
        }
        break;
    case INFA_FLG_ADDREG_TYPE_SZ:
    case INFA_FLG_ADDREG_TYPE_EXPAND_SZ: {
        /* Trailing empty fields (`"text",`) are harmless; data after the
         * value is what gets lost. */
        const infa_field *extra = NULL;
        for (uint32_t i = 1; i < a.value_count && extra == NULL; i++)
            if (!a.value_f[i].empty && a.value_f[i].value_len > 0)
                extra = &a.value_f[i];
        if (extra != NULL) {
            infa_finding *f = infa_rule_report(
                ctx, extra->span,
                "%s takes one value; this and any later field are ignored (quote a value that "
                "contains commas, or use 0x00010000 for REG_MULTI_SZ)",
                tname);
            infa_finding_set_severity(f, INFA_SEVERITY_WARNING);
            infa_finding_set_infverif(f, 0);
        }
        break;
    }
    case INFA_FLG_ADDREG_TYPE_MULTI_SZ:
    case INFA_FLG_ADDREG_TYPE_NONE:
        break;
    default: /* BINARY and custom types */
        check_bytes(ctx, m, &a, tname);
        break;
    }
}

/* A block rule: a line's findings follow from the line, its section's
 * kinds (which references elsewhere give it) and the strings its flags
 * may name. */
static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    if (block == INFA_NONE)
        return;
    /* Only sections reached as add-registry and nothing else: a section
     * also used some other way is another rule's finding. */
    if (infa_model_section(m, infa_model_block(m, block)->section)->kinds != INFA_KIND_ADD_REGISTRY)
        return;
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++)
        check_line(ctx, m, infa_model_line(m, li));
}

const infa_rule infa_rule_malformed_addreg = {
    .info = {.id = "malformed-addreg",
             .summary = "An add-registry line has a bad shape, root, flags or value",
             .href = INFA_DOCS_INSTALL "inf-addreg-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .other_infverif_codes = {1224, 1263, 1264, 1267, 1268},
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
