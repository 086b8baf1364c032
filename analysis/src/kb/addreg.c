/* Registry facts: roots, what HKR means where, FLG_ADDREG_* flags and their
 * decoder, common flag values and well-known HKR value names
 * (reference/addreg.md). */
#include "kb_private.h"

#define K(x) INFA_KIND_##x
#define URL_ADDREG KB_DOCS "install/inf-addreg-directive"

/* HKR first: completion offers roots in table order. */
static const infa_kb_reg_root roots[] = {
    {"HKR", "relative root",
     "The key that belongs to the section using this add-registry section: the device's "
     "software or hardware key, a service key, an interface key or a class key. The only root "
     "isolated packages may use.",
     false, INFA_ROOT_HKR},
    {"HKLM", "HKEY_LOCAL_MACHINE",
     "Machine-wide settings. Global state: isolated packages may not write here (1320/1321); "
     "store device state under HKR instead.",
     true, INFA_ROOT_HKLM},
    {"HKCR", "HKEY_CLASSES_ROOT",
     "COM and file-association registrations. Global state: rejected by isolated packages; "
     "universal INFs may still register COM here.",
     true, INFA_ROOT_HKCR},
    {"HKCU", "HKEY_CURRENT_USER",
     "The profile of whichever user happens to run setup, which is rarely what a driver wants. "
     "Rejected by isolated packages.",
     true, INFA_ROOT_HKCU},
    {"HKU", "HKEY_USERS", "All loaded user profiles. Rejected by isolated packages.", true,
     INFA_ROOT_HKU},
};

static const infa_kb_hkr_target hkr_targets[] = {
    {K(DDINSTALL) | K(DDINSTALL_COINSTALLERS), "device software key",
     "HKR is the device's **software key** (also called the driver key).",
     "`IoOpenDeviceRegistryKey(PLUGPLAY_REGKEY_DRIVER)`, `WdfDeviceOpenRegistryKey`, "
     "`CM_Open_DevNode_Key`",
     false},
    {K(DDINSTALL_HW), "device hardware key",
     "HKR is the device's **hardware key** (also called the device key); per-device settings "
     "go here.",
     "`IoOpenDeviceRegistryKey(PLUGPLAY_REGKEY_DEVICE)`, `WdfDeviceOpenRegistryKey`, "
     "`CM_Open_DevNode_Key`",
     false},
    {K(SERVICE_INSTALL), "service key",
     "HKR is the **service key** `HKLM\\SYSTEM\\CurrentControlSet\\Services\\<name>`. Isolated "
     "packages may only write under its `Parameters` subkey (1323).",
     "`IoOpenDriverRegistryKey(DriverRegKeyParameters)`, `WdfDriverOpenParametersRegistryKey`, "
     "`GetServiceRegistryStateKey(ServiceRegistryStateParameters)`",
     false},
    {K(EVENT_LOG_INSTALL), "event-log source key",
     "HKR is the EventLog key of the service's event source.", NULL, false},
    {K(INTERFACE_INSTALL), "device interface key",
     "HKR is the state key of the device interface instance.",
     "`IoOpenDeviceInterfaceRegistryKey`, `CM_Open_Device_Interface_Key`", false},
    {K(CLASS_INSTALL32), "setup class key", "HKR is the key of the device setup class.", NULL,
     false},
    {K(INSTALL_INTERFACE), "interface class key",
     "HKR is probably the device interface class key (the docs do not say).", NULL, false},
    {K(DEFAULT_INSTALL), "not allowed",
     "HKR cannot be used in registry sections reached from DefaultInstall: there is no device "
     "or service for it to mean.",
     NULL, true},
};

static const infa_kb_addreg_flag flags[] = {
    /* Type values first so decode and find prefer them. */
    {INFA_FLG_ADDREG_TYPE_SZ, "FLG_ADDREG_TYPE_SZ", INFA_ADDREG_FLAG_TYPE, "REG_SZ",
     "A string value. This is the default, so the flags field can be left empty.", false, false,
     false},
    {INFA_FLG_ADDREG_TYPE_MULTI_SZ, "FLG_ADDREG_TYPE_MULTI_SZ", INFA_ADDREG_FLAG_TYPE,
     "REG_MULTI_SZ", "A list of strings: each field after the flags is one string.", false, false,
     false},
    {INFA_FLG_ADDREG_TYPE_EXPAND_SZ, "FLG_ADDREG_TYPE_EXPAND_SZ", INFA_ADDREG_FLAG_TYPE,
     "REG_EXPAND_SZ",
     "A string with environment variables expanded by the reader. The documented choice for "
     "`%13%` paths read by user-mode code, which calls `ExpandEnvironmentStrings`.",
     false, false, false},
    {INFA_FLG_ADDREG_TYPE_BINARY, "FLG_ADDREG_TYPE_BINARY", INFA_ADDREG_FLAG_TYPE, "REG_BINARY",
     "Raw bytes, written as a comma-separated list of hex bytes.", true, false, false},
    {INFA_FLG_ADDREG_TYPE_DWORD, "FLG_ADDREG_TYPE_DWORD", INFA_ADDREG_FLAG_TYPE, "REG_DWORD",
     "A 32-bit number, decimal or `0x` hex.", false, false, false},
    {INFA_FLG_ADDREG_TYPE_NONE, "FLG_ADDREG_TYPE_NONE", INFA_ADDREG_FLAG_TYPE, "REG_NONE",
     "A value with no defined type, usually without data.", false, false, false},
    {INFA_FLG_ADDREG_TYPE_QWORD, "FLG_ADDREG_TYPE_QWORD", INFA_ADDREG_FLAG_TYPE, "REG_QWORD",
     "A 64-bit number, written as eight bytes.", false, false, false},
    {0x00000001, "FLG_ADDREG_BINVALUETYPE", INFA_ADDREG_FLAG_TYPE, "REG_BINARY",
     "Bit 0 of the flags: the data is binary rather than text. Same number as "
     "`FLG_ADDREG_TYPE_BINARY`; with a high word it selects a custom binary type.",
     false, false, true},
    {0x00000002, "FLG_ADDREG_NOCLOBBER", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Do not overwrite a value that already exists.", false, false, false},
    {0x00000004, "FLG_ADDREG_DELVAL", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Delete the subkey, or the named value, instead of writing. Isolated packages should not "
     "delete registry state.",
     false, true, false},
    {0x00000008, "FLG_ADDREG_APPEND", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Append the string to an existing REG_MULTI_SZ unless it is already there; only valid as "
     "`0x00010008` (1265). Isolated packages reject it (1305).",
     false, true, false},
    {INFA_FLG_ADDREG_KEYONLY, "FLG_ADDREG_KEYONLY", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Create the subkey only; a value name or data is ignored.", false, false, false},
    {0x00000020, "FLG_ADDREG_OVERWRITEONLY", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Write the value only if it already exists.", false, false, false},
    {0x00001000, "FLG_ADDREG_64BITKEY", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Write to the 64-bit registry view (Windows XP+); without it the native view is used.", false,
     false, false},
    {0x00002000, "FLG_ADDREG_KEYONLY_COMMON", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Like KEYONLY, and also understood by DelReg sections (Windows XP+).", false, false, false},
    {0x00004000, "FLG_ADDREG_32BITKEY", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Write to the 32-bit registry view (Windows XP+).", false, false, false},
    {0x00008000, "FLG_ADDREG_DELREG_BIT", INFA_ADDREG_FLAG_MODIFIER, NULL,
     "Header-only bit that marks a delete operation (part of "
     "`FLG_DELREG_MULTI_SZ_DELSTRING`); not meaningful in AddReg.",
     true, false, false},
    {0xFFFF0001, "FLG_ADDREG_TYPE_MASK", INFA_ADDREG_FLAG_MASK, NULL,
     "Header-only mask selecting the type part of the flags (high word plus bit 0).", true, false,
     false},
};

static const infa_kb_addreg_combo combos[] = {
    {0x00000000, "0x00000000", "FLG_ADDREG_TYPE_SZ", "REG_SZ",
     "A string (the default; the field may stay empty).", false, false},
    {0x00010001, "0x00010001", "FLG_ADDREG_TYPE_DWORD", "REG_DWORD", "A 32-bit number.", false,
     false},
    {0x00020000, "0x00020000", "FLG_ADDREG_TYPE_EXPAND_SZ", "REG_EXPAND_SZ",
     "A string with environment variables; use it for `%13%` paths read by user-mode code.", false,
     false},
    {0x00010000, "0x00010000", "FLG_ADDREG_TYPE_MULTI_SZ", "REG_MULTI_SZ",
     "A list of strings, one per field.", false, false},
    {0x00000001, "0x00000001", "FLG_ADDREG_TYPE_BINARY", "REG_BINARY", "Raw hex bytes.", false,
     false},
    {0x000B0001, "0x000B0001", "FLG_ADDREG_TYPE_QWORD", "REG_QWORD",
     "A 64-bit number as eight bytes.", false, false},
    {0x00020001, "0x00020001", "FLG_ADDREG_TYPE_NONE", "REG_NONE", "A value with no type.", false,
     false},
    {0x00010003, "0x00010003", "FLG_ADDREG_TYPE_DWORD | FLG_ADDREG_NOCLOBBER", "REG_DWORD",
     "A 32-bit number that keeps an existing value.", false, false},
    {0x00010008, "0x00010008", "FLG_ADDREG_TYPE_MULTI_SZ | FLG_ADDREG_APPEND", "REG_MULTI_SZ",
     "Append a string to an existing list. Rejected by isolated packages (1305).", true, false},
    {0x00000010, "0x00000010", "FLG_ADDREG_KEYONLY", NULL, "Create the key only.", false, false},
    {0x00000002, "0x00000002", "FLG_ADDREG_NOCLOBBER", NULL, "OR in to keep an existing value.",
     false, true},
    {0x00000020, "0x00000020", "FLG_ADDREG_OVERWRITEONLY", NULL,
     "OR in to write only over an existing value.", false, true},
    {0x00000004, "0x00000004", "FLG_ADDREG_DELVAL", NULL,
     "OR in to delete instead of write. Not for isolated packages.", true, true},
    {0x00004000, "0x00004000", "FLG_ADDREG_32BITKEY", NULL, "OR in for the 32-bit view.", false,
     true},
    {0x00001000, "0x00001000", "FLG_ADDREG_64BITKEY", NULL, "OR in for the 64-bit view.", false,
     true},
};

static const infa_kb_hkr_value hkr_values[] = {
    {"DeviceCharacteristics", "HKR,,DeviceCharacteristics,0x10001,<n>", "REG_DWORD",
     "Characteristics ORed into every device object of the stack before it starts, overriding "
     "the class value. Only `FILE_REMOVABLE_MEDIA`, `FILE_READ_ONLY_DEVICE`, "
     "`FILE_FLOPPY_DISKETTE`, `FILE_WRITE_ONCE_MEDIA` and `FILE_DEVICE_SECURE_OPEN` are allowed.",
     0, false},
    {"DeviceType", "HKR,,DeviceType,0x10001,<FILE_DEVICE_*>", "REG_DWORD",
     "The `FILE_DEVICE_*` type applied to the PDO, overriding the class value.", 0, false},
    {"Security", "HKR,,Security,,\"<SDDL>\"", "REG_SZ",
     "Security descriptor for the device, propagated to every device object of the stack.", 0,
     false},
    {"UpperFilters", "HKR,,UpperFilters,0x10000,<service>", "REG_MULTI_SZ",
     "Upper filter drivers of the device (from `.HW`) or class (from ClassInstall32). Isolated "
     "packages must use `AddFilter` in `[DDInstall.Filters]` instead (1329).",
     K(DDINSTALL_HW) | K(CLASS_INSTALL32), true},
    {"LowerFilters", "HKR,,LowerFilters,0x10000,<service>", "REG_MULTI_SZ",
     "Lower filter drivers of the device or class. Isolated packages must use `AddFilter` in "
     "`[DDInstall.Filters]` instead (1329).",
     K(DDINSTALL_HW) | K(CLASS_INSTALL32), true},
    {"Exclusive", "HKR,,Exclusive,0x10001,1", "REG_DWORD",
     "`1` makes the device exclusive: only one handle may be open at a time.", 0, false},
    {"EnumPropPages32", "HKR,,EnumPropPages32,,\"dll,entry\"", "REG_SZ",
     "The property-page provider for the device; DLL and entry point go in one quoted string.", 0,
     false},
    {"LocationInformationOverride", "HKR,,LocationInformationOverride,,\"text\"", "REG_SZ",
     "Replaces the location text the bus driver reports for the device.", 0, false},
    {"ResourcePickerTags", "HKR,,ResourcePickerTags,,\"text\"", "REG_SZ",
     "Tags used by the resource picker UI.", 0, false},
    {"ResourcePickerExceptions", "HKR,,ResourcePickerExceptions,,\"text\"", "REG_SZ",
     "Resource conflicts the resource picker should accept.", 0, false},
    {"CoInstallers32", "HKR,,CoInstallers32,0x10000,\"dll,entry\"", "REG_MULTI_SZ",
     "Registers a co-installer. Co-installers are obsolete (1303).",
     K(DDINSTALL_COINSTALLERS) | K(CLASS_INSTALL32), true},
    {"Installer32", "HKR,,Installer32,,\"dll,entry\"", "REG_SZ",
     "Registers a class installer. Class installers are obsolete (1303).", K(CLASS_INSTALL32),
     true},
    {"FriendlyName", "HKR,,FriendlyName,,\"text\"", "REG_SZ",
     "The device's friendly name, set from `[DDInstall.HW]`.", K(DDINSTALL_HW), false},
    {"EventMessageFile", "HKR,,EventMessageFile,0x20000,\"%%SystemRoot%%\\...;%13%\\x.sys\"",
     "REG_EXPAND_SZ",
     "Message files of a classic event-log source, separated by `;`. Written in an "
     "event-log-install section.",
     K(EVENT_LOG_INSTALL), false},
    {"TypesSupported", "HKR,,TypesSupported,0x10001,7", "REG_DWORD",
     "Event types the classic event-log source can log (7 = error, warning, information).",
     K(EVENT_LOG_INSTALL), false},
    {"BootFlags", "HKR,,BootFlags,0x00010003,<mask>", "REG_DWORD",
     "Boot paths that need the driver; the form used before build 25398. Newer INFs use the "
     "`BootFlags=` directive.",
     K(SERVICE_INSTALL), false},
    {"FirmwareFilename", "HKR,,FirmwareFilename,,%13%\\<file>", "REG_SZ",
     "The firmware image of a firmware update package. Since Windows 10 1803 it can point into "
     "the Driver Store.",
     K(DDINSTALL_HW) | K(DDINSTALL), false},
};

const infa_kb_reg_root *infa_kb_reg_root_find(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(roots); i++)
        if (kb__name_eq(name, len, roots[i].name))
            return &roots[i];
    return NULL;
}

size_t infa_kb_reg_root_count(void)
{
    return KB_COUNTOF(roots);
}

const infa_kb_reg_root *infa_kb_reg_root_at(size_t i)
{
    return i < KB_COUNTOF(roots) ? &roots[i] : NULL;
}

const infa_kb_hkr_target *infa_kb_hkr_target_find(infa_kind_set kinds)
{
    for (size_t i = 0; i < KB_COUNTOF(hkr_targets); i++)
        if (hkr_targets[i].from & kinds)
            return &hkr_targets[i];
    return NULL;
}

size_t infa_kb_hkr_target_count(void)
{
    return KB_COUNTOF(hkr_targets);
}

const infa_kb_hkr_target *infa_kb_hkr_target_at(size_t i)
{
    return i < KB_COUNTOF(hkr_targets) ? &hkr_targets[i] : NULL;
}

size_t infa_kb_addreg_flag_count(void)
{
    return KB_COUNTOF(flags);
}

const infa_kb_addreg_flag *infa_kb_addreg_flag_at(size_t i)
{
    return i < KB_COUNTOF(flags) ? &flags[i] : NULL;
}

const infa_kb_addreg_flag *infa_kb_addreg_flag_find(uint32_t value)
{
    for (size_t i = 0; i < KB_COUNTOF(flags); i++)
        if (flags[i].value == value && !flags[i].alias)
            return &flags[i];
    return NULL;
}

const infa_kb_addreg_flag *infa_kb_addreg_flag_find_name(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(flags); i++)
        if (kb__name_eq(name, len, flags[i].name))
            return &flags[i];
    return NULL;
}

size_t infa_kb_addreg_combo_count(void)
{
    return KB_COUNTOF(combos);
}

const infa_kb_addreg_combo *infa_kb_addreg_combo_at(size_t i)
{
    return i < KB_COUNTOF(combos) ? &combos[i] : NULL;
}

#define ADDREG_TYPE_MASK 0xFFFF0001u
#define REG_MULTI_SZ_NUMBER 7u /* winnt.h REG_MULTI_SZ */

void infa_kb_addreg_flags_decode(uint32_t value, infa_kb_addreg_decoded *out)
{
    memset(out, 0, sizeof(*out));
    out->flags = value;
    out->type_bits = value & ADDREG_TYPE_MASK;
    out->modifier_bits = value & ~ADDREG_TYPE_MASK;

    for (size_t i = 0; i < KB_COUNTOF(flags); i++) {
        const infa_kb_addreg_flag *f = &flags[i];
        if (f->cls == INFA_ADDREG_FLAG_TYPE && !f->alias && f->value == out->type_bits) {
            out->type_status = INFA_ADDREG_TYPE_KNOWN;
            out->type_flag = f;
            out->reg_type = f->reg_type;
            break;
        }
    }
    if (out->type_flag == NULL) {
        uint32_t high = out->type_bits >> 16;
        /* With bit 0 the high word is a raw registry type number, but the
         * text types cannot be expressed that way (InfVerif 1263); without
         * bit 0 only 0, 1 and 2 mean anything (1264). */
        if ((out->type_bits & 1u) && high != REG_MULTI_SZ_NUMBER) {
            out->type_status = INFA_ADDREG_TYPE_CUSTOM;
            out->custom_type = high;
            out->reg_type = "custom";
        } else {
            out->type_status = INFA_ADDREG_TYPE_INVALID;
        }
    }

    uint32_t left = out->modifier_bits;
    for (size_t i = 0; i < KB_COUNTOF(flags); i++) {
        const infa_kb_addreg_flag *f = &flags[i];
        if (f->cls != INFA_ADDREG_FLAG_MODIFIER || (out->modifier_bits & f->value) == 0)
            continue;
        left &= ~f->value;
        if (out->mod_count < INFA_ADDREG_MAX_MODS)
            out->mods[out->mod_count++] = f;
    }
    out->unknown_bits = left;
    out->append_without_multi = (value & 0x8u) && out->type_bits != 0x00010000u;
    out->conflicting =
        ((value & 0x2u) && (value & 0x20u)) || ((value & 0x1000u) && (value & 0x4000u));
}

const infa_kb_hkr_value *infa_kb_hkr_value_find(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(hkr_values); i++)
        if (kb__name_eq(name, len, hkr_values[i].name))
            return &hkr_values[i];
    return NULL;
}

size_t infa_kb_hkr_value_count(void)
{
    return KB_COUNTOF(hkr_values);
}

const infa_kb_hkr_value *infa_kb_hkr_value_at(size_t i)
{
    return i < KB_COUNTOF(hkr_values) ? &hkr_values[i] : NULL;
}
