/* Device setup classes Microsoft defines, for InfVerif 1285 ("Cannot specify
 * [ClassInstall32] section for Microsoft-defined class"). Only what can be
 * told from the GUID alone: the system-supplied classes of
 * install/system-defined-device-setup-classes-available-to-vendors share
 * the tail -E325-11CE-BFC1-08002BE10318, and the WDK samples' class Sample
 * ({78A1C341-4539-11D3-B88D-00C04FAD5171}) is reserved by InfVerif (1284).
 * Newer Microsoft classes with other GUIDs are not known here, so a false
 * answer means "not known to be Microsoft's". */
#include "kb_private.h"

#define SYSTEM_CLASS_TAIL "-e325-11ce-bfc1-08002be10318}"
#define SAMPLE_CLASS_GUID "{78a1c341-4539-11d3-b88d-00c04fad5171}"

bool infa_kb_class_guid_microsoft(const char *guid, size_t len)
{
    size_t tail = strlen(SYSTEM_CLASS_TAIL);
    if (len == strlen(SAMPLE_CLASS_GUID) && guid[0] == '{' &&
        infa_streq_nocase(guid + len - tail, tail, SYSTEM_CLASS_TAIL))
        return true;
    return infa_streq_nocase(guid, len, SAMPLE_CLASS_GUID);
}
