/* com-registration-not-inproc: a driver package may register a COM class
 * only as an in-process server run from its own files: an AddReg line that
 * writes a CLSID's LocalServer32 (or another server key than InprocServer32)
 * under HKCR\CLSID or HKLM\SOFTWARE\Classes\CLSID is InfVerif 1325. The
 * server subkeys are the kb's list. */
#include "general_helpers.h"
#include "isolation_support.h"

/* The path component after "CLSID\{...}\" of a classes subkey, or NULL. */
static const char *server_key(const char *sub, size_t len, size_t *out_len)
{
    static const char *const prefixes[] = {"CLSID\\", "SOFTWARE\\Classes\\CLSID\\",
                                           "SOFTWARE\\Wow6432Node\\Classes\\CLSID\\"};
    while (len > 0 && sub[0] == '\\') {
        sub++;
        len--;
    }
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t pl = strlen(prefixes[i]);
        if (len <= pl || infa_strncasecmp(sub, pl, prefixes[i], pl) != 0)
            continue;
        const char *clsid = sub + pl;
        const char *slash = memchr(clsid, '\\', len - pl);
        if (slash == NULL)
            return NULL;
        const char *key = slash + 1;
        size_t kl = (size_t)(sub + len - key);
        const char *end = memchr(key, '\\', kl);
        *out_len = end ? (size_t)(end - key) : kl;
        return key;
    }
    return NULL;
}

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *line = infa_model_line(m, li);
        uint32_t s = infa_iso_line_section(m, line);
        infa_addreg a;
        if (s == INFA_NONE || !(infa_model_section(m, s)->kinds & INFA_KIND_ADD_REGISTRY) ||
            !infa_addreg_parse(m, line, &a) || a.subkey_f == NULL ||
            (a.root != INFA_ROOT_HKCR && a.root != INFA_ROOT_HKLM))
            continue;
        size_t len, kl;
        char *sub = infa_gen__expand(m, a.subkey_f->value, a.subkey_f->value_len, &len);
        if (a.root == INFA_ROOT_HKLM &&
            !(len > 9 && infa_strncasecmp(sub, 9, "SOFTWARE\\", 9) == 0)) {
            free(sub);
            continue;
        }
        const char *key =
            a.root == INFA_ROOT_HKCR && !(len > 6 && infa_strncasecmp(sub, 6, "CLSID\\", 6) == 0)
                ? NULL
                : server_key(sub, len, &kl);
        const char *known = key ? infa_kb_com_server_key(key, kl) : NULL;
        if (known != NULL && strcmp(known, "InprocServer32") != 0)
            infa_rule_report(ctx, a.subkey_f->span,
                             "COM class registered as %s: a driver package may register only "
                             "an InprocServer32 (AddComServer in [DDInstall.COM])",
                             known);
        free(sub);
    }
}

const infa_rule infa_rule_com_registration_not_inproc = {
    .info = {.id = "com-registration-not-inproc",
             .summary = "A COM class is registered as another server than InprocServer32",
             .href = INFA_DOCS_INSTALL "inf-addcomserver-directive",
             .default_severity = INFA_SEVERITY_WARNING},
    .infverif_code = 1325,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
