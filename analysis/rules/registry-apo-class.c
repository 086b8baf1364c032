/* registry-apo-class: only an INF of Class AudioProcessingObject may write
 * the AudioEngine\AudioProcessingObjects registry subkey (InfVerif 2661,
 * /w only). The APO is registered by its own component INF; a device INF of
 * another class references it instead. HKCR writes of the subkey are
 * registry-global-root's 2660. */
#include "general_helpers.h"
#include "isolation_support.h"

#include <string.h>

#define APO_SUBKEY "AudioEngine\\AudioProcessingObjects"

static bool is_apo_subkey(const char *sk, size_t len)
{
    size_t n = strlen(APO_SUBKEY);
    return len >= n && infa_strncasecmp(sk, n, APO_SUBKEY, n) == 0 && (len == n || sk[n] == '\\');
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    size_t name_len;
    char *name = infa_iso_version_class(m, &name_len);
    if (name != NULL && (infa_streq_nocase(name, name_len, "AudioProcessingObject") ||
                         infa_gen__opaque(name, name_len)))
        goto cleanup;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        if (!(infa_model_section(m, s)->kinds & INFA_KIND_ADD_REGISTRY) ||
            infa_iso_downlevel_only(m, s))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            infa_addreg a;
            if (!infa_addreg_parse(m, infa_model_line(m, li), &a) || a.root_f == NULL ||
                a.subkey_f == NULL || a.root != INFA_ROOT_HKR)
                continue;
            size_t sklen = 0;
            char *sk = infa_gen__expand(m, a.subkey_f->value, a.subkey_f->value_len, &sklen);
            if (is_apo_subkey(sk, sklen))
                infa_rule_report(ctx, a.subkey_f->span,
                                 "Only an INF of Class AudioProcessingObject may write the %s "
                                 "registry subkey; this INF's class is %s%.*s%s: register the "
                                 "APO in a component INF of that class",
                                 APO_SUBKEY, name ? "'" : "", (int)name_len,
                                 name ? name : "not given", name ? "'" : "");
            free(sk);
        }
    }
cleanup:
    free(name);
}

const infa_rule infa_rule_registry_apo_class = {
    .info = {.id = "registry-apo-class",
             .summary = "AudioProcessingObjects registry subkey written by a non-APO class INF",
             .href = INFA_DOCS "audio/audio-processing-object-architecture",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 2661,
    .profiles = INFA_ISO_PROFILES_W,
    .check = check,
};
