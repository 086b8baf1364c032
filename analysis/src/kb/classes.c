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

/* The system-defined device setup classes and their GUIDs, from
 * install/system-defined-device-setup-classes-available-to-vendors and
 * install/system-defined-device-setup-classes-reserved-for-system-use, plus
 * the WDK samples' class Sample (InfVerif 1280 names it for its GUID). The
 * Class and ClassGuid of [Version] must agree with a row (InfVerif
 * 1280/1281); `reserved` rows may not be used at all (1284). Only Sample is
 * marked reserved: it is the class InfVerif documents as Microsoft's own (the
 * WDK samples use it, and Microsoft's build suppresses 1284 for them); the
 * "reserved for system use" page does not say InfVerif rejects its classes. */
static const infa_kb_setup_class setup_classes[] = {
    {"1394", "{6bdd1fc1-810f-11d0-bec7-08002be2092f}", false},
    {"1394Debug", "{66f250d6-7801-4a64-b139-eea80a450b24}", false},
    {"61883", "{7ebefbc0-3200-11d2-b4c2-00a0c9697d07}", false},
    {"Adapter", "{4d36e964-e325-11ce-bfc1-08002be10318}", false},
    {"APMSupport", "{d45b1c18-c8fa-11d1-9f77-0000f805f530}", false},
    {"AudioEndpoint", "{c166523c-fe0c-4a94-a586-f1a80cfbbf3e}", false},
    {"AudioProcessingObject", "{5989fce8-9cd0-467d-8a6a-5419e31529d4}", false},
    {"AVC", "{c06ff265-ae09-48f0-812c-16753d7cba83}", false},
    {"Battery", "{72631e54-78a4-11d0-bcf7-00aa00b7b32a}", false},
    {"Biometric", "{53d29ef7-377c-4d14-864b-eb3a85769359}", false},
    {"Bluetooth", "{e0cbf06c-cd8b-4647-bb8a-263b43f0f974}", false},
    {"Camera", "{ca3e7ab9-b4c3-4ae6-8251-579ef933890f}", false},
    {"CDROM", "{4d36e965-e325-11ce-bfc1-08002be10318}", false},
    {"ComputeAccelerator", "{f01a9d53-3ff6-48d2-9f97-c8a7004be10c}", false},
    {"Computer", "{4d36e966-e325-11ce-bfc1-08002be10318}", false},
    {"Decoder", "{6bdd1fc2-810f-11d0-bec7-08002be2092f}", false},
    {"DiskDrive", "{4d36e967-e325-11ce-bfc1-08002be10318}", false},
    {"Display", "{4d36e968-e325-11ce-bfc1-08002be10318}", false},
    {"Dot4", "{48721b56-6795-11d2-b1a8-0080c72e74a2}", false},
    {"Dot4Print", "{49ce6ac8-6f86-11d2-b1e5-0080c72e74a2}", false},
    {"Enum1394", "{c459df55-db08-11d1-b009-00a0c9081ff6}", false},
    {"Extension", "{e2f84ce7-8efa-411c-aa69-97454ca4cb57}", false},
    {"FDC", "{4d36e969-e325-11ce-bfc1-08002be10318}", false},
    {"Firmware", "{f2e7dd72-6468-4e36-b6f1-6488f42c1b52}", false},
    {"FloppyDisk", "{4d36e980-e325-11ce-bfc1-08002be10318}", false},
    {"GPS", "{6bdd1fc3-810f-11d0-bec7-08002be2092f}", false},
    {"HDC", "{4d36e96a-e325-11ce-bfc1-08002be10318}", false},
    {"HIDClass", "{745a17a0-74d3-11d0-b6fe-00a0c90f57da}", false},
    {"Image", "{6bdd1fc6-810f-11d0-bec7-08002be2092f}", false},
    {"Infrared", "{6bdd1fc5-810f-11d0-bec7-08002be2092f}", false},
    {"Keyboard", "{4d36e96b-e325-11ce-bfc1-08002be10318}", false},
    {"LegacyDriver", "{8ecc055d-047f-11d1-a537-0000f8753ed1}", false},
    {"Media", "{4d36e96c-e325-11ce-bfc1-08002be10318}", false},
    {"MediumChanger", "{ce5939ae-ebde-11d0-b181-0000f8753ec4}", false},
    {"Modem", "{4d36e96d-e325-11ce-bfc1-08002be10318}", false},
    {"Monitor", "{4d36e96e-e325-11ce-bfc1-08002be10318}", false},
    {"Mouse", "{4d36e96f-e325-11ce-bfc1-08002be10318}", false},
    {"MTD", "{4d36e970-e325-11ce-bfc1-08002be10318}", false},
    {"Multifunction", "{4d36e971-e325-11ce-bfc1-08002be10318}", false},
    {"MultiportSerial", "{50906cb8-ba12-11d1-bf5d-0000f805f530}", false},
    {"Net", "{4d36e972-e325-11ce-bfc1-08002be10318}", false},
    {"NetClient", "{4d36e973-e325-11ce-bfc1-08002be10318}", false},
    {"NetService", "{4d36e974-e325-11ce-bfc1-08002be10318}", false},
    {"NetTrans", "{4d36e975-e325-11ce-bfc1-08002be10318}", false},
    {"NoDriver", "{4d36e976-e325-11ce-bfc1-08002be10318}", false},
    {"PCMCIA", "{4d36e977-e325-11ce-bfc1-08002be10318}", false},
    {"PNPPrinters", "{4658ee7e-f050-11d1-b6bd-00c04fa372a7}", false},
    {"Ports", "{4d36e978-e325-11ce-bfc1-08002be10318}", false},
    {"Printer", "{4d36e979-e325-11ce-bfc1-08002be10318}", false},
    {"PrinterUpgrade", "{4d36e97a-e325-11ce-bfc1-08002be10318}", false},
    {"PrintQueue", "{1ed2bbf9-11f0-4084-b21f-ad83a8e6dcdc}", false},
    {"Processor", "{50127dc3-0f36-415e-a6cc-4cb3be910b65}", false},
    {"Sample", SAMPLE_CLASS_GUID, true},
    {"SBP2", "{d48179be-ec20-11d1-b6b8-00c04fa372a7}", false},
    {"SCSIAdapter", "{4d36e97b-e325-11ce-bfc1-08002be10318}", false},
    {"SecurityAccelerator", "{268c95a1-edfe-11d3-95c3-0010dc4050a5}", false},
    {"Sensor", "{5175d334-c371-4806-b3ba-71fd53c9258d}", false},
    {"SideShow", "{997b5d8d-c442-4f2e-baf3-9c8e671e9e21}", false},
    {"SmartCardReader", "{50dd5230-ba8a-11d1-bf5d-0000f805f530}", false},
    {"SoftwareComponent", "{5c4c3332-344d-483c-8739-259e934c9cc8}", false},
    {"SoftwareDevice", "{62f9c741-b25a-46ce-b54c-9bccce08b6f2}", false},
    {"Sound", "{4d36e97c-e325-11ce-bfc1-08002be10318}", false},
    {"System", "{4d36e97d-e325-11ce-bfc1-08002be10318}", false},
    {"TapeDrive", "{6d807884-7d21-11cf-801c-08002be10318}", false},
    {"Unknown", "{4d36e97e-e325-11ce-bfc1-08002be10318}", false},
    {"USB", "{36fc9e60-c465-11cf-8056-444553540000}", false},
    {"USBDevice", "{88bae032-5a81-49f0-bc3d-a4ff138216d6}", false},
    {"Volume", "{71a27cdd-812a-11d0-bec7-08002be2092f}", false},
    {"VolumeSnapshot", "{533c5b84-ec70-11d2-9505-00c04f79deaf}", false},
    {"WCEUSBS", "{25dbce51-6c8f-4a72-8a6d-b54c2b4fc835}", false},
    {"WPD", "{eec5ad98-8080-425f-922a-dabf3de3f69a}", false},
};

const infa_kb_setup_class *infa_kb_setup_class_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(setup_classes); i++)
        if (kb__name_eq(name, len, setup_classes[i].name))
            return &setup_classes[i];
    return NULL;
}

const infa_kb_setup_class *infa_kb_setup_class_by_guid(const char *guid, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(setup_classes); i++)
        if (kb__name_eq(guid, len, setup_classes[i].guid))
            return &setup_classes[i];
    return NULL;
}

size_t infa_kb_setup_class_count(void)
{
    return KB_COUNTOF(setup_classes);
}

const infa_kb_setup_class *infa_kb_setup_class_at(size_t i)
{
    return i < KB_COUNTOF(setup_classes) ? &setup_classes[i] : NULL;
}

/* The subkeys of HKCR\CLSID\{clsid} that register a COM server. A driver
 * package may register only an in-process server (InfVerif 1325). */
static const char *const com_server_keys[] = {
    "InprocServer32", "InprocServer",  "InprocHandler32",
    "InprocHandler",  "LocalServer32", "LocalServer",
};

const char *infa_kb_com_server_key(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(com_server_keys); i++)
        if (kb__name_eq(name, len, com_server_keys[i]))
            return com_server_keys[i];
    return NULL;
}
