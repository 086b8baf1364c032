/* registry-global-root: an AddReg line writes through a global root (HKLM,
 * HKCU, HKU, HKCR) instead of HKR. Isolated: InfVerif 1320 (key) / 1321
 * (value); HKCR\AudioEngine\AudioProcessingObjects is 2660 there.
 * Universal and declarative: the older 1304 over AddReg, DelReg and
 * BitReg, minus the COM/MFT exceptions. Known locations with a documented
 * replacement (kb global-registry rows, sub-rules 20a-20h) say what to do.
 * HKLM\...\Services\<svc> is service-reg-foreign-service's. */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool is_key_only(const infa_addreg *a)
{
    if (a->flags_present && a->flags_valid && (a->flags & INFA_FLG_ADDREG_KEYONLY))
        return true;
    return (a->name_f == NULL || a->name_f->empty) && a->value_f == NULL;
}

/* Documented one-line moves: same subkey under HKR, from DDInstall (APO
 * registration, MediaCategories name); movable says the line is an AddReg
 * reached from DDInstall. Unused values get a delete. */
static void add_fix(infa_finding *f, const infa_model *m, const infa_line *line,
                    const infa_addreg *a, const infa_kb_global_reg *known, bool movable,
                    const char *sk, uint32_t sklen)
{
    if (known != NULL && known->rule_id != NULL && movable &&
        (strcmp(known->rule_id, "registry-apo-hkcr") == 0)) {
        infa_fix *fix = infa_finding_add_fix(f, true, true, "Use HKR (same subkey)");
        infa_iso_edit_min(fix, m, a->root_f->span.start, a->root_f->span.end, "HKR");
    } else if (known != NULL && known->rule_id != NULL && movable &&
               strcmp(known->rule_id, "registry-mediacategories-name") == 0 &&
               a->subkey_f != NULL &&
               memchr(a->subkey_f->value, '%', a->subkey_f->value_len) == NULL) {
        /* HKLM,SYSTEM\...\MediaCategories\{GUID} -> HKR,MediaCategories\{GUID} */
        const char *mc = NULL;
        for (uint32_t i = 0; i + 15 <= sklen; i++)
            if (infa_strncasecmp(sk + i, 15, "MediaCategories", 15) == 0 &&
                (i == 0 || sk[i - 1] == '\\'))
                mc = sk + i;
        if (mc != NULL) {
            infa_fix *fix =
                infa_finding_add_fix(f, true, true, "Use HKR,MediaCategories\\... in DDInstall");
            infa_iso_edit_min(fix, m, a->root_f->span.start, a->root_f->span.end, "HKR");
            char *nsk = infa_xstrndup(mc, sklen - (uint32_t)(mc - sk));
            uint32_t start = a->subkey_f->span.start, end = a->subkey_f->span.end;
            size_t tlen;
            const char *t = infa_model_text(m, &tlen);
            if (a->subkey_f->quoted && t[start] == '"' && end > start + 1 && t[end - 1] == '"') {
                start++;
                end--;
            }
            infa_iso_edit_min(fix, m, start, end, nsk);
            free(nsk);
        }
    } else if (known != NULL && known->rule_id != NULL &&
               (strcmp(known->rule_id, "registry-mediacategories-display") == 0 ||
                strcmp(known->rule_id, "registry-dmasecurity-allowedbuses") == 0)) {
        infa_fix *fix = infa_finding_add_fix(f, false, true, "Delete the unused value");
        uint32_t start = infa_model_row_start(m, line->row);
        uint32_t next = infa_model_row_start(m, infa_model_row_at(m, line->span.end) + 1);
        infa_fix_edit(fix, (infa_span){start, next}, "", 0);
    }
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_profile profile = infa_rule_profile(ctx);
    bool w = profile == INFA_PROFILE_ISOLATED || profile == INFA_PROFILE_DESKTOP;
    infa_kind_set kinds =
        w ? INFA_KIND_ADD_REGISTRY
          : (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & kinds))
            continue;
        if (w && infa_iso_downlevel_only(m, s))
            continue;
        bool from_ddinstall = infa_iso_referenced_from(m, s, "AddReg", INFA_KIND_DDINSTALL);
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            infa_addreg a;
            if (!infa_addreg_parse(m, line, &a) || a.root_f == NULL)
                continue;
            const infa_kb_reg_root *root =
                infa_kb_reg_root_find(a.root_f->value, a.root_f->value_len);
            if (root == NULL || !root->global)
                continue;
            /* Match the key as SetupAPI writes it: %strkey% expanded. */
            size_t esklen = 0;
            char *esk =
                a.subkey_f ? infa_model_expand(m, a.subkey_f->value, a.subkey_f->value_len, &esklen)
                           : infa_xstrdup("");
            const char *sk = esk;
            uint32_t sklen = (uint32_t)esklen;
            const char *vn = a.name_f ? a.name_f->value : "";
            uint32_t vnlen = a.name_f ? a.name_f->value_len : 0;
            const infa_kb_global_reg *known = infa_kb_global_reg_match(
                a.root_f->value, a.root_f->value_len, sk, sklen, vn, vnlen);
            if ((known != NULL && known->rule_id != NULL &&
                 strcmp(known->rule_id, "registry-own-service") == 0) ||
                (!w && infa_kb_reg_exception_match(INFA_KB_PROFILE_UNIVERSAL, a.root_f->value,
                                                   a.root_f->value_len, sk, sklen) != NULL)) {
                /* service-reg-foreign-service's, or a /u exception (COM, MFT) */
                free(esk);
                continue;
            }
            bool is_add = (sec->kinds & INFA_KIND_ADD_REGISTRY) != 0;
            bool key_only = is_key_only(&a);
            infa_buf msg = {0};
            int code;
            if (w && known != NULL && known->rule_id != NULL &&
                strcmp(known->rule_id, "registry-apo-hkcr") == 0) {
                /* APO registration has its own code in /w, key or value. */
                code = 2660;
                infa_buf_printf(&msg,
                                "Cannot modify %.*s\\%.*s: the APO registration must be "
                                "under HKR",
                                (int)a.root_f->value_len, a.root_f->value, (int)sklen, sk);
            } else if (w && key_only) {
                code = 1320;
                infa_buf_printf(&msg, "Registry root '%.*s\\%.*s' is not isolated to HKR",
                                (int)a.root_f->value_len, a.root_f->value, (int)sklen, sk);
            } else if (w) {
                code = 1321;
                infa_buf_printf(&msg,
                                "Registry root (%.*s\\%.*s) of value '%.*s' is not isolated to HKR",
                                (int)a.root_f->value_len, a.root_f->value, (int)sklen, sk,
                                vnlen ? (int)vnlen : 9, vnlen ? vn : "(default)");
            } else {
                code = 1304;
                infa_buf_printf(&msg,
                                "Found legacy %s operation using non-relative key (%.*s\\%.*s); "
                                "use HKR",
                                is_add                                  ? "AddReg"
                                : (sec->kinds & INFA_KIND_DEL_REGISTRY) ? "DelReg"
                                                                        : "BitReg",
                                (int)a.root_f->value_len, a.root_f->value, (int)sklen, sk);
            }
            if (known != NULL && known->replacement != NULL)
                infa_buf_printf(&msg, ". %s: %s", known->rule_id ? known->rule_id : "instead",
                                known->replacement);
            else
                infa_buf_printf(&msg, ". Store device state under HKR in the DDInstall section "
                                      "(software key) or DDInstall.HW (hardware key); read it with "
                                      "IoOpenDeviceRegistryKey or CM_Open_DevNode_Key");
            char *text = infa_buf_take(&msg);
            infa_finding *f = infa_rule_report(ctx, a.root_f->span, "%s", text);
            free(text);
            infa_finding_set_infverif(f, code);
            infa_iso_relate_refs(f, m, s, NULL, 4);

            add_fix(f, m, line, &a, known, from_ddinstall && is_add, sk, sklen);
            free(esk);
        }
    }
}

const infa_rule infa_rule_registry_global_root = {
    .info = {.id = "registry-global-root",
             .summary = "AddReg writes through a global registry root instead of HKR",
             .href = INFA_ISO_ISOLATION,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1321,
    .other_infverif_codes = {1320, 1304, 2660},
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
