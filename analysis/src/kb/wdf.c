/* The framework co-installers Microsoft ships for WDF drivers. InfVerif
 * does not count a CoInstallers32 entry that names one of them as a legacy
 * co-installer (Microsoft's own Universal and Desktop samples that register
 * WdfCoInstaller build clean); on Windows 10 and later they are simply not
 * needed. Names from wdf/installation-components-for-kmdf-drivers
 * (WdfCoInstallerMMmmm.dll) and wdf/using-the-umdf-co-installer
 * (WudfCoinstaller.dll, WUDFUpdate_MMmmm.dll). */
#include "kb_private.h"

static const char *const wdf_coinstallers[] = {"WdfCoInstaller", "WudfCoinstaller", "WUDFUpdate"};

bool infa_kb_wdf_coinstaller(const char *entry, size_t len)
{
    size_t dll_len = 0;
    while (dll_len < len && entry[dll_len] != ',')
        dll_len++;
    while (dll_len > 0 && (entry[dll_len - 1] == ' ' || entry[dll_len - 1] == '\t'))
        dll_len--;
    for (size_t i = 0; i < KB_COUNTOF(wdf_coinstallers); i++) {
        size_t n = strlen(wdf_coinstallers[i]);
        if (dll_len >= n && infa_streq_nocase(entry, n, wdf_coinstallers[i]))
            return true;
    }
    return false;
}
