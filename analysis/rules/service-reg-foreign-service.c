/* service-reg-foreign-service: AddReg/DelReg through
 * HKLM\SYSTEM\CurrentControlSet\Services\<Name> (InfVerif 1320/1321). For a
 * service this INF adds, HKR in its service-install section is the way; for
 * any other service there is no supported alternative. The services prefix
 * comes from the kb global-registry row "registry-own-service". */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool own_service(const infa_model *m, const char *name, uint32_t len)
{
    for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
        const infa_line *line = infa_model_line(m, li);
        infa_addservice as;
        if (!infa_iso_key_value(line, "AddService") || !infa_addservice_parse(m, line, &as) ||
            as.name_f == NULL || as.name_f->empty)
            continue;
        size_t elen;
        char *n = infa_model_expand(m, as.name_f->value, as.name_f->value_len, &elen);
        bool same = infa_strncasecmp(n, elen, name, len) == 0;
        free(n);
        if (same)
            return true;
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        infa_kind_set kinds = infa_model_section(m, s)->kinds;
        if (!(kinds & (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY)) ||
            infa_iso_downlevel_only(m, s))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            infa_addreg a;
            if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.root_f == NULL ||
                a.subkey_f == NULL)
                continue;
            size_t sklen;
            char *sk = infa_model_expand(m, a.subkey_f->value, a.subkey_f->value_len, &sklen);
            const infa_kb_global_reg *row = infa_kb_global_reg_match(
                a.root_f->value, a.root_f->value_len, sk, sklen, a.name_f ? a.name_f->value : "",
                a.name_f ? a.name_f->value_len : 0);
            if (row == NULL || row->rule_id == NULL ||
                strcmp(row->rule_id, "registry-own-service") != 0) {
                free(sk);
                continue;
            }
            /* The component after the prefix names the service. */
            const char *p = sk;
            size_t plen = strlen(row->prefix), left = sklen;
            while (left > 0 && *p == '\\') {
                p++;
                left--;
            }
            p += plen < left ? plen : left;
            left -= plen < left ? plen : left;
            while (left > 0 && *p == '\\') {
                p++;
                left--;
            }
            uint32_t nlen = 0;
            while (nlen < left && p[nlen] != '\\')
                nlen++;
            bool key = (a.name_f == NULL || a.name_f->empty) && a.value_f == NULL;
            int code = key ? 1320 : 1321;
            infa_finding *f;
            if (nlen > 0 && own_service(m, p, nlen))
                f = infa_rule_report(ctx, a.root_f->span,
                                     "Registry root '%.*s\\%s' is not isolated to HKR: "
                                     "%.*s is added by this INF; write it with HKR,Parameters "
                                     "in its service-install section's AddReg",
                                     (int)a.root_f->value_len, a.root_f->value, sk, (int)nlen, p);
            else
                f = infa_rule_report(ctx, a.root_f->span,
                                     "Registry root '%.*s\\%s' is not isolated to HKR: "
                                     "it modifies service '%.*s', which this INF does not "
                                     "add; there is no supported alternative",
                                     (int)a.root_f->value_len, a.root_f->value, sk, (int)nlen, p);
            infa_finding_set_infverif(f, code);
            infa_iso_relate_refs(f, m, s, NULL, 4);
            free(sk);
        }
    }
}

const infa_rule infa_rule_service_reg_foreign_service = {
    .info = {.id = "service-reg-foreign-service",
             .summary = "AddReg/DelReg writes a service key through HKLM",
             .href = INFA_ISO_PORTING,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = true},
    .infverif_code = 1321,
    .other_infverif_codes = {1320},
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
