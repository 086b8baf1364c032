/* apo-wdmaudio-needs: a device install section whose AddReg lines register
 * FX APOs (HKR,FX\<n>,... on a device interface, reached through
 * AddInterface, or on the device itself) must Include wdmaudio.inf (InfVerif
 * 2662) and Need its WDMAUDIO.Registration section (2663): that section is
 * what makes the audio engine load the referenced effects. Both are errors
 * in /w only. The walk goes backwards from each FX add-registry section
 * through the references that reach it, so it stays linear in the
 * references. */
#include "general_helpers.h"
#include "isolation_support.h"

#include <string.h>

/* FX\<digits>, alone or followed by a backslash. */
static bool fx_subkey(const char *sk, size_t len)
{
    size_t n = strlen(INFA_KB_FX_SUBKEY), i;
    if (len <= n + 1 || infa_strncasecmp(sk, n, INFA_KB_FX_SUBKEY, n) != 0 || sk[n] != '\\')
        return false;
    for (i = n + 1; i < len && sk[i] >= '0' && sk[i] <= '9'; i++)
        ;
    return i > n + 1 && (i == len || sk[i] == '\\');
}

static bool registers_fx(const infa_model *m, uint32_t s)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
        infa_addreg a;
        if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.root != INFA_ROOT_HKR ||
            a.subkey_f == NULL || a.subkey_f->empty)
            continue;
        size_t len;
        char *sk = infa_gen__expand(m, a.subkey_f->value, a.subkey_f->value_len, &len);
        bool fx = fx_subkey(sk, len);
        free(sk);
        if (fx)
            return true;
    }
    return false;
}

/* The DDInstall section of a DDInstall.Interfaces section: its name
 * without the suffix. */
static uint32_t interfaces_owner(const infa_model *m, uint32_t s)
{
    const infa_section *sec = infa_model_section(m, s);
    const char *suffix = ".Interfaces";
    size_t sl = strlen(suffix);
    if (sec->name_len <= sl ||
        infa_strncasecmp(sec->name + sec->name_len - sl, sl, suffix, sl) != 0)
        return INFA_NONE;
    return infa_model_find_section(m, sec->name, sec->name_len - sl);
}

/* Marks the install sections that reach section s (an FX add-registry
 * section) directly or through an interface-install section. */
static void mark_owners(const infa_model *m, uint32_t s, unsigned char *mark)
{
    const infa_section *sec = infa_model_section(m, s);
    for (uint32_t r = 0; r < sec->refs_in_count; r++) {
        const infa_ref *ref = infa_model_ref(m, sec->refs_in[r]);
        uint32_t from = ref->from_section;
        if (from == INFA_NONE)
            continue;
        infa_kind_set k = infa_model_section(m, from)->kinds;
        if (k & INFA_KIND_DDINSTALL) {
            mark[from] = 1;
            continue;
        }
        if (!(k & INFA_KIND_INTERFACE_INSTALL) || mark[from] == 2)
            continue;
        mark[from] = 2; /* an interface section, walked once */
        const infa_section *is = infa_model_section(m, from);
        for (uint32_t r2 = 0; r2 < is->refs_in_count; r2++) {
            uint32_t owner = interfaces_owner(m, infa_model_ref(m, is->refs_in[r2])->from_section);
            if (owner != INFA_NONE && (infa_model_section(m, owner)->kinds & INFA_KIND_DDINSTALL))
                mark[owner] = 1;
        }
    }
}

static bool field_listed(const infa_model *m, uint32_t s, const char *key, const char *want,
                         bool prefix)
{
    size_t wl = strlen(want);
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
        const infa_line *line = infa_model_line(m, li);
        if (infa_iso_key_value(line, key) == NULL)
            continue;
        for (uint32_t fi = 0; fi < line->field_count; fi++) {
            const infa_field *f = &line->fields[fi];
            size_t len;
            char *v = infa_gen__expand(m, f->value, f->value_len, &len);
            bool hit = prefix ? len >= wl && infa_strncasecmp(v, wl, want, wl) == 0
                              : infa_streq_nocase(v, len, want);
            free(v);
            if (hit)
                return true;
        }
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t n = infa_model_section_count(m);
    unsigned char *mark = infa_xcalloc(n ? n : 1, 1);
    for (uint32_t s = 0; s < n; s++)
        if ((infa_model_section(m, s)->kinds & INFA_KIND_ADD_REGISTRY) && registers_fx(m, s))
            mark_owners(m, s, mark);
    for (uint32_t s = 0; s < n; s++) {
        if (mark[s] != 1)
            continue;
        const infa_section *sec = infa_model_section(m, s);
        infa_span at = infa_model_block(m, sec->blocks[0])->name_span;
        if (!field_listed(m, s, "Include", INFA_KB_FX_INF, false)) {
            infa_finding *f = infa_rule_report(ctx, at,
                                               "[%.*s] registers FX APOs for its audio "
                                               "endpoints: add Include=%s",
                                               (int)sec->name_len, sec->name, INFA_KB_FX_INF);
            infa_finding_set_infverif(f, 2662);
        }
        if (!field_listed(m, s, "Needs", INFA_KB_FX_NEEDS, true)) {
            infa_finding *f =
                infa_rule_report(ctx, at,
                                 "[%.*s] registers FX APOs for its audio "
                                 "endpoints: add Needs=%s (from %s)",
                                 (int)sec->name_len, sec->name, INFA_KB_FX_NEEDS, INFA_KB_FX_INF);
            infa_finding_set_infverif(f, 2663);
        }
    }
    free(mark);
}

const infa_rule infa_rule_apo_wdmaudio_needs = {
    .info = {.id = "apo-wdmaudio-needs",
             .summary = "FX APO registration without Include/Needs of wdmaudio.inf",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 2662,
    .other_infverif_codes = {2663},
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
