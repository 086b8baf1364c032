/* stampinf's tokens in .inx templates: what the WDK's build step writes in
 * their place (stampinf -a, -k, -u; DriverVer from -d and -v). */
#include "kb_private.h"

#include <string.h>

#define STAMPINF_DOCS KB_DOCS "devtest/stampinf"

static const infa_kb_stampinf_token stampinf_tokens[] = {
    {"$ARCH$",
     "The target architecture, from `stampinf -a`: `amd64`, `arm64` or `x86` (so "
     "`[Models.NT$ARCH$]` becomes `[Models.NTamd64]`). inf-ls treats the decoration as matching "
     "any architecture; `inf-ls --check --arch amd64` checks the expansion."},
    {"$KMDFVERSION$",
     "The KMDF version the driver was built against, from `stampinf -k` (for example `1.15`); "
     "it fills `KmdfLibraryVersion`."},
    {"$KMDFCOINSTALLERVERSION$",
     "The KMDF co-installer version in the DLL name, from `stampinf -k` (`1.11` gives "
     "`WdfCoInstaller01011.dll`). Windows 10 needs no WDF co-installer."},
    {"$UMDFVERSION$",
     "The UMDF version the driver was built against, from `stampinf -u` (for example "
     "`2.15.0`); it fills `UmdfLibraryVersion`."},
    {"$UMDFCOINSTALLERVERSION$",
     "The UMDF co-installer version in the DLL name, from `stampinf -u` (`1.11` gives "
     "`WudfUpdate_01011.dll`)."},
};

const infa_kb_stampinf_token *infa_kb_stampinf_token_at(const char *text, size_t len)
{
    for (size_t i = 0; i < sizeof stampinf_tokens / sizeof *stampinf_tokens; i++) {
        size_t n = strlen(stampinf_tokens[i].token);
        if (len >= n && memcmp(text, stampinf_tokens[i].token, n) == 0)
            return &stampinf_tokens[i];
    }
    return NULL;
}

const char *infa_kb_stampinf_docs(void)
{
    return STAMPINF_DOCS;
}
