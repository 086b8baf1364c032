/* Pure-data facts the isolation rules need: inbox binaries, SCM-owned
 * service state, global registry locations with documented replacements, and
 * the /u and /h global-root exceptions (isolation-rules.md rules 15, 18, 20;
 * addreg.md 6.3-6.4). */
#include "kb_private.h"

#define VALS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const infa_kb_inbox_binary inbox[] = {
    {"WUDFRd.sys", "WUDFRD.inf", VALS("WUDFRD.NT", "WUDFRD.NT.HW", "WUDFRD.NT.Services"),
     "The UMDF reflector ships with Windows. Do not add a service for it or rewrite it to "
     "`%13%`: `Include=WUDFRD.inf` and `Needs` its sections (`WUDFRD_UpperFilter.NT...` / "
     "`WUDFRD_LowerFilter.NT...` for filters).",
     22000, KB_DOCS "wdf/adding-the-reflector", "WUDFRD_UpperFilter", "WUDFRD_LowerFilter"},
    {"mshidkmdf.sys", "MsHidKmdf.inf",
     VALS("MsHidKmdf.NT", "MsHidKmdf.NT.HW", "MsHidKmdf.NT.Services"),
     "The HID KMDF pass-through driver ships with Windows. Pull it in with "
     "`Include=MsHidKmdf.inf` and `Needs` instead of adding a service that points at "
     "`%12%\\mshidkmdf.sys`.",
     0, KB_DOCS "devtest/inf-verif-error-2084", NULL, NULL},
    {"WinUSB.sys", "winusb.inf", VALS("WINUSB.NT", "WINUSB.NT.Services"),
     "The generic USB function driver ships with Windows. Pull it in with "
     "`Include=winusb.inf` and `Needs=WINUSB.NT` (and `WINUSB.NT.Services` in the "
     "`.Services` section) instead of a service that points at `%12%\\WinUSB.sys`.",
     0, KB_DOCS "usbcon/winusb-installation", NULL, NULL},
};

static const infa_kb_service_intrinsic intrinsics[] = {
    {"DisplayName", "DisplayName", false, true},
    {"Description", "Description", false, true},
    {"ImagePath", "ServiceBinary", false, true},
    {"Type", "ServiceType", false, true},
    {"Start", "StartType", false, true},
    {"ErrorControl", "ErrorControl", false, true},
    {"TriggerInfo", "AddTrigger", true, true},
    {"ServiceSidType", "ServiceSidType", false, true},
    {"BootFlags", "BootFlags", false, true},
    {"Group", "LoadOrderGroup", false, false},
    {"DependOnService", "Dependencies", false, false},
    {"DependOnGroup", "Dependencies", false, false},
    {"RequiredPrivileges", "RequiredPrivileges", false, false},
    {"DelayedAutostart", "DelayedAutoStart", false, false},
    {"FailureActions", "FailureActions", false, false},
    {"Security", "Security", true, false},
};

#define URL_PORTING KB_DOCS "develop/porting-inf-to-windows-driver"

static const infa_kb_global_reg global_regs[] = {
    {"registry-etw-channels", "HKLM",
     "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels", NULL,
     "Register the provider and its channels declaratively: `[X.Events]` with "
     "`AddEventProvider={GUID},Sec`, and in `[Sec]` `ProviderName=`, `ResourceFile=%13%\\bin`, "
     "`AddChannel=name,type,ChanSec` (Windows 10 1809+). Channel types there are 1 Admin, 2 "
     "Operational, 3 Analytic, 4 Debug.",
     URL_PORTING},
    {"registry-etw-channels", "HKLM",
     "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Publishers", NULL,
     "Register the provider declaratively: `[X.Events]` with `AddEventProvider={GUID},Sec` and "
     "the provider settings in `[Sec]` (Windows 10 1809+).",
     URL_PORTING},
    {"registry-autologger", "HKLM", "SYSTEM\\CurrentControlSet\\Control\\WMI\\Autologger", NULL,
     "Create the session declaratively: `[X.Events]` with `AddAutoLogger=<Session>,{GUID},Sec` "
     "(or `UpdateAutoLogger=`), session settings in `[Sec]` and providers via "
     "`AddAutoLoggerProvider=` (Windows 11+).",
     URL_PORTING},
    {"registry-run-key", "HKLM", "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run", NULL,
     "Run keys are not supported. Use `AddSoftware` from a component INF for one-time work, a "
     "Store app for UI, or a demand-start Win32 service with an `AddTrigger` on device-interface "
     "arrival for background work.",
     URL_PORTING},
    {"registry-run-key", "HKLM", "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce", NULL,
     "RunOnce keys are not supported. Use `AddSoftware` from a component INF for one-time work, "
     "or a triggered Win32 service.",
     URL_PORTING},
    {"registry-apo-hkcr", "HKCR", "AudioEngine\\AudioProcessingObjects", NULL,
     "Write the same subkey with root `HKR` from an AddReg in `[DDInstall]`.", URL_PORTING},
    {"registry-mediacategories-name", "HKLM", "SYSTEM\\CurrentControlSet\\Control\\MediaCategories",
     "Name",
     "Write `HKR,MediaCategories\\{GUID},Name,,%Name%` from an AddReg in `[DDInstall]` (Windows "
     "10 1809+).",
     URL_PORTING},
    {"registry-mediacategories-display", "HKLM",
     "SYSTEM\\CurrentControlSet\\Control\\MediaCategories", "Display",
     "Delete the line: the `Display` value is not used.", URL_PORTING},
    {"registry-dmasecurity-allowedbuses", "HKLM",
     "SYSTEM\\CurrentControlSet\\Control\\DmaSecurity\\AllowedBuses", NULL,
     "Delete the line: the key is unused from Windows 11 24H2.", URL_PORTING},
    {"registry-own-service", "HKLM", "SYSTEM\\CurrentControlSet\\Services", NULL,
     "For a service this INF adds, move the line into the service-install section's AddReg as "
     "`HKR,Parameters[\\...],Value,flags,data`. A service this INF does not add must not be "
     "modified.",
     URL_PORTING},
};

#define U INFA_KB_PROFILE_UNIVERSAL
#define H INFA_KB_PROFILE_WHQL
#define CV "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
#define NTCV "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"

static const infa_kb_reg_exception exceptions[] = {
    {U | H, "HKCR", "", "COM registration (universal); all of HKCR is a temporary /h exception."},
    {U | H, "HKLM", "SOFTWARE\\Classes", "COM registration."},
    {U | H, "HKLM", "SOFTWARE\\Microsoft\\Windows Media Foundation", "Hardware MFT registration."},
    {U | H, "HKLM", "SOFTWARE\\Wow6432Node\\Microsoft\\Windows Media Foundation",
     "Hardware MFT registration (WOW64 view)."},
    {U, "HKLM", "SOFTWARE\\WOW3232Node\\Microsoft\\Windows Media Foundation",
     "Hardware MFT registration; spelled this way in the universal INF docs (probably a typo)."},
    {H, "HKLM", "SOFTWARE\\WowAA32Node\\Microsoft\\Windows Media Foundation",
     "Hardware MFT registration (ARM64 view)."},
    {H, "HKLM", "SYSTEM\\CurrentControlSet", "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Khronos", "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Wow6432Node\\Khronos", "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\WowAA32Node\\Khronos", "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Analog\\Providers", "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Cellular\\MVSettings\\DeviceSpecific\\CellUX",
     "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Cryptography\\Calais\\Readers",
     "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Cryptography\\Calais\\SmartCards",
     "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Cryptography\\DRM_RNG",
     "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\EAPOL", "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Palm\\DelayManipulationDuration",
     "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Shell\\OEM\\QuickActions\\ColorProfileQuickAction",
     "Temporary /h exception (April 2024)."},
    {H, "HKLM", "SOFTWARE\\Microsoft\\Speech_OneCore\\AudioInput",
     "Temporary /h exception (April 2024)."},
    {H, "HKLM", NTCV "AdaptiveDisplayBrightness", "Temporary /h exception (April 2024)."},
    {H, "HKLM", NTCV "drivers.desc", "Temporary /h exception (April 2024)."},
    {H, "HKLM", NTCV "Drivers32", "Temporary /h exception (April 2024)."},
    {H, "HKLM", NTCV "ICM", "Temporary /h exception (April 2024)."},
    {H, "HKLM", NTCV "OpenGlDrivers", "Temporary /h exception (April 2024)."},
    {H, "HKLM", NTCV "Winlogon\\Notify\\ScCertProp", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "App Paths", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "Audio", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "Authentication", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "Control Panel", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "Controls Folder", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "Explorer", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "Reliability\\UserDefined", "Temporary /h exception (April 2024)."},
    {H, "HKLM", CV "Run",
     "Temporary /h exception (April 2024); still non-compliant for isolated packages."},
    {H, "HKLM", CV "RunOnce",
     "Temporary /h exception (April 2024); still non-compliant for isolated packages."},
    {H, "HKLM", CV "Uninstall", "Temporary /h exception (April 2024)."},
};

bool infa_kb_path_has_prefix(const char *path, size_t path_len, const char *prefix)
{
    while (path_len > 0 && path[0] == '\\') {
        path++;
        path_len--;
    }
    size_t n = strlen(prefix);
    if (n == 0)
        return true;
    if (path_len < n || infa_strncasecmp(path, n, prefix, n) != 0)
        return false;
    return path_len == n || path[n] == '\\';
}

const infa_kb_inbox_binary *infa_kb_inbox_binary_find(const char *file, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(inbox); i++)
        if (kb__name_eq(file, len, inbox[i].binary))
            return &inbox[i];
    return NULL;
}

size_t infa_kb_inbox_binary_count(void)
{
    return KB_COUNTOF(inbox);
}

const infa_kb_inbox_binary *infa_kb_inbox_binary_at(size_t i)
{
    return i < KB_COUNTOF(inbox) ? &inbox[i] : NULL;
}

const infa_kb_service_intrinsic *infa_kb_service_intrinsic_find(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(intrinsics); i++)
        if (kb__name_eq(name, len, intrinsics[i].name))
            return &intrinsics[i];
    return NULL;
}

size_t infa_kb_service_intrinsic_count(void)
{
    return KB_COUNTOF(intrinsics);
}

const infa_kb_service_intrinsic *infa_kb_service_intrinsic_at(size_t i)
{
    return i < KB_COUNTOF(intrinsics) ? &intrinsics[i] : NULL;
}

const infa_kb_global_reg *infa_kb_global_reg_match(const char *root, size_t root_len,
                                                   const char *subkey, size_t subkey_len,
                                                   const char *value, size_t value_len)
{
    for (size_t i = 0; i < KB_COUNTOF(global_regs); i++) {
        const infa_kb_global_reg *g = &global_regs[i];
        if (!kb__name_eq(root, root_len, g->root))
            continue;
        if (!infa_kb_path_has_prefix(subkey, subkey_len, g->prefix))
            continue;
        if (g->value_name && (value == NULL || !kb__name_eq(value, value_len, g->value_name)))
            continue;
        return g;
    }
    return NULL;
}

size_t infa_kb_global_reg_count(void)
{
    return KB_COUNTOF(global_regs);
}

const infa_kb_global_reg *infa_kb_global_reg_at(size_t i)
{
    return i < KB_COUNTOF(global_regs) ? &global_regs[i] : NULL;
}

const infa_kb_reg_exception *infa_kb_reg_exception_match(unsigned profiles, const char *root,
                                                         size_t root_len, const char *subkey,
                                                         size_t subkey_len)
{
    for (size_t i = 0; i < KB_COUNTOF(exceptions); i++) {
        const infa_kb_reg_exception *e = &exceptions[i];
        if ((e->profiles & profiles) == 0 || !kb__name_eq(root, root_len, e->root))
            continue;
        if (infa_kb_path_has_prefix(subkey ? subkey : "", subkey ? subkey_len : 0, e->prefix))
            return e;
    }
    return NULL;
}

size_t infa_kb_reg_exception_count(void)
{
    return KB_COUNTOF(exceptions);
}

const infa_kb_reg_exception *infa_kb_reg_exception_at(size_t i)
{
    return i < KB_COUNTOF(exceptions) ? &exceptions[i] : NULL;
}
