/* Numeric value tables: service constants, AddService flags, file and
 * registry operation flags (sections-and-directives.md 4.2-4.4 and 6,
 * addreg.md 7-9). */
#include "kb_private.h"

#define D KB_DOCS "install/"

static const infa_kb_const service_type[] = {
    {0x00000001, "SERVICE_KERNEL_DRIVER",
     "A kernel-mode driver. Every kernel-mode device driver uses this type.", false},
    {0x00000002, "SERVICE_FILE_SYSTEM_DRIVER",
     "A file system driver, or a highest-level network driver such as a redirector.", false},
    {0x00000004, "SERVICE_ADAPTER", "An adapter service; not documented for INF use.", true},
    {0x00000008, "SERVICE_RECOGNIZER_DRIVER",
     "A file system recognizer; not documented for INF use.", true},
    {0x00000010, "SERVICE_WIN32_OWN_PROCESS", "A Win32 service that runs in its own process.",
     false},
    {0x00000020, "SERVICE_WIN32_SHARE_PROCESS",
     "A Win32 service that shares a process with other services.", false},
    {0x00000100, "SERVICE_INTERACTIVE_PROCESS",
     "ORed with `0x10` or `0x20` when the Win32 service may interact with the desktop.", false},
};

static const infa_kb_const start_type[] = {
    {0x0, "SERVICE_BOOT_START",
     "Loaded by the boot loader. Only for drivers the system needs in order to boot.", false},
    {0x1, "SERVICE_SYSTEM_START",
     "Started while the kernel initializes. For PnP drivers that must also detect legacy "
     "hardware.",
     false},
    {0x2, "SERVICE_AUTO_START",
     "Started by the service control manager during boot. Never for PnP/WDM device drivers.",
     false},
    {0x3, "SERVICE_DEMAND_START",
     "Started on demand; PnP loads the driver when its device appears. The normal choice for "
     "PnP drivers, and required for display drivers.",
     false},
    {0x4, "SERVICE_DISABLED",
     "Cannot be started. A device cannot install with a disabled function driver (InfVerif 1251 "
     "with ASSOCSERVICE).",
     false},
};

static const infa_kb_const error_control[] = {
    {0x0, "SERVICE_ERROR_IGNORE", "If the service fails to load, carry on silently.", false},
    {0x1, "SERVICE_ERROR_NORMAL", "If the service fails to load, carry on and warn the user.",
     false},
    {0x2, "SERVICE_ERROR_SEVERE",
     "If the service fails to load, restart with the LastKnownGood configuration.", false},
    {0x3, "SERVICE_ERROR_CRITICAL",
     "If the service fails to load, fall back to LastKnownGood and bug-check if that fails too. "
     "Only for boot-critical drivers.",
     false},
};

static const infa_kb_const spsvcinst[] = {
    {0x00000001, "SPSVCINST_TAGTOFRONT",
     "Moves the service's tag to the front of its load-order group. Not for PnP/WDM-only INFs.",
     false},
    {0x00000002, "SPSVCINST_ASSOCSERVICE",
     "This service is the device's function driver (or legacy driver). Exactly one per device "
     "(1211); not allowed in extension INFs (1383).",
     false},
    {0x00000004, "SPSVCINST_DELETEEVENTLOGENTRY",
     "DelService: also remove the service's event-log entry.", false},
    {0x00000008, "SPSVCINST_NOCLOBBER_DISPLAYNAME", "Keep an existing service's display name.",
     false},
    {0x00000010, "SPSVCINST_NOCLOBBER_STARTTYPE", "Keep an existing service's start type.", false},
    {0x00000020, "SPSVCINST_NOCLOBBER_ERRORCONTROL",
     "Keep an existing service's error control level.", false},
    {0x00000040, "SPSVCINST_NOCLOBBER_LOADORDERGROUP",
     "Keep an existing service's load-order group. Not for PnP/WDM-only INFs.", false},
    {0x00000080, "SPSVCINST_NOCLOBBER_DEPENDENCIES",
     "Keep an existing service's dependencies. Not for PnP/WDM-only INFs.", false},
    {0x00000100, "SPSVCINST_NOCLOBBER_DESCRIPTION", "Keep an existing service's description.",
     false},
    {0x00000200, "SPSVCINST_STOPSERVICE", "DelService: stop the service before deleting it.",
     false},
    {0x00000400, "SPSVCINST_CLOBBER_SECURITY",
     "Replace an existing service's security settings (Windows XP+).", false},
    {0x00000800, "SPSVCINST_STARTSERVICE",
     "Start the service right after installing it (Vista+). Not for PnP function or filter "
     "drivers, which PnP starts.",
     false},
    {0x00001000, "SPSVCINST_NOCLOBBER_REQUIREDPRIVILEGES",
     "Keep an existing service's required privileges (Windows 7+).", false},
    {0x00002000, "SPSVCINST_NOCLOBBER_TRIGGERS",
     "Keep an existing service's triggers (Windows 10 2004+).", false},
    {0x00004000, "SPSVCINST_NOCLOBBER_SERVICESIDTYPE",
     "Keep an existing service's SID type (Windows 10 2004+).", false},
    {0x00008000, "SPSVCINST_NOCLOBBER_DELAYEDAUTOSTART",
     "Keep an existing service's delayed auto-start setting (Windows 10 2004+).", false},
    {0x00010000, "SPSVCINST_UNIQUE_NAME",
     "Only in `setupapi.h`; probably tied to InfVerif's unique-names feature.", true},
    {0x00020000, "SPSVCINST_NOCLOBBER_FAILUREACTIONS",
     "Keep an existing service's failure actions (Windows 11 22H2+).", false},
    {0x00040000, "SPSVCINST_NOCLOBBER_BOOTFLAGS",
     "Keep an existing service's boot flags (build 25398+).", false},
};

static const infa_kb_const trigger_type[] = {
    {0x1, "SERVICE_TRIGGER_TYPE_DEVICE_INTERFACE_ARRIVAL",
     "Fires when a device interface of the `SubType` class arrives.", false},
};

static const infa_kb_const trigger_action[] = {
    {0x1, "SERVICE_TRIGGER_ACTION_SERVICE_START", "Start the service when the trigger fires.",
     false},
    {0x2, "SERVICE_TRIGGER_ACTION_SERVICE_STOP", "Stop the service when the trigger fires.", false},
};

static const infa_kb_const trigger_data[] = {
    {0x2, "SERVICE_TRIGGER_DATA_TYPE_STRING",
     "A string item that limits the trigger to a hardware or compatible ID.", false},
};

static const infa_kb_const boot_flags[] = {
    {0x01, "CM_SERVICE_NETWORK_BOOT_LOAD",
     "Promote the driver to boot start when booting from the network.", false},
    {0x02, "CM_SERVICE_VIRTUAL_DISK_BOOT_LOAD",
     "Promote the driver to boot start when booting from a VHD.", false},
    {0x04, "CM_SERVICE_USB_DISK_BOOT_LOAD",
     "Promote the driver to boot start when booting from a USB disk.", false},
    {0x08, "CM_SERVICE_SD_DISK_BOOT_LOAD",
     "Promote the driver to boot start when booting from an SD card.", false},
    {0x10, "CM_SERVICE_USB3_DISK_BOOT_LOAD",
     "Promote the driver to boot start when booting from a USB 3 disk.", false},
    {0x20, "CM_SERVICE_MEASURED_BOOT_LOAD",
     "Promote the driver to boot start during a measured boot.", false},
    {0x40, "CM_SERVICE_VERIFIER_BOOT_LOAD",
     "Promote the driver to boot start during a verifier boot.", false},
    {0x80, "CM_SERVICE_WINPE_BOOT_LOAD",
     "Promote the driver to boot start when booting Windows PE.", false},
    {0x100, "CM_SERVICE_RAM_DISK_BOOT_LOAD",
     "Promote the driver to boot start when booting from a RAM disk (header only).", true},
};

static const infa_kb_const copyflg[] = {
    {0x0001, "COPYFLG_WARN_IF_SKIP", "Warn the user if they choose to skip this file.", false},
    {0x0002, "COPYFLG_NOSKIP", "The user may not skip this file; implied for signed packages.",
     false},
    {0x0004, "COPYFLG_NOVERSIONCHECK", "Copy even over a newer file at the destination.", false},
    {0x0008, "COPYFLG_FORCE_FILE_IN_USE",
     "If the target is in use, copy under a temporary name and replace it at the next boot.",
     false},
    {0x0010, "COPYFLG_NO_OVERWRITE",
     "Never replace an existing file. Cannot be combined with any other flag.", false},
    {0x0020, "COPYFLG_NO_VERSION_DIALOG", "Skip silently if the destination file is newer.", false},
    {0x0040, "COPYFLG_OVERWRITE_OLDER_ONLY", "Copy only over an older file.", false},
    {0x0100, "COPYFLG_PROTECTED_WINDOWS_DRIVER_FILE",
     "Only in `setupapi.h`; not documented for INF use.", true},
    {0x0400, "COPYFLG_REPLACEONLY", "Copy only if the file already exists at the destination.",
     false},
    {0x0800, "COPYFLG_NODECOMP", "Copy the file without decompressing it (Windows 7+).", false},
    {0x1000, "COPYFLG_REPLACE_BOOT_FILE",
     "The file is needed at boot; the system asks for a restart after copying it.", false},
    {0x2000, "COPYFLG_NOPRUNE", "Copy even if the file appears to be unchanged already.", false},
    {0x4000, "COPYFLG_IN_USE_RENAME",
     "If the target is in use, rename it out of the way and copy (the header spells it "
     "`COPYFLG_IN_USE_TRY_RENAME`).",
     false},
};

static const infa_kb_const delflg[] = {
    {0x00001, "DELFLG_IN_USE", "If the file is in use, delete it after the next restart.", false},
    {0x10000, "DELFLG_IN_USE1",
     "Like DELFLG_IN_USE, in the high word so it can share a section with CopyFiles flags.", false},
};

static const infa_kb_const delreg[] = {
    {0x00000000, "FLG_DELREG_VALUE",
     "Delete the named value (or the subkey when no value name is given). Header name for the "
     "default.",
     true},
    {0x00001000, "FLG_DELREG_64BITKEY", "Work on the 64-bit registry view (header only).", true},
    {0x00002000, "FLG_DELREG_KEYONLY_COMMON", "Delete the whole subkey.", false},
    {0x00004000, "FLG_DELREG_32BITKEY", "Work on the 32-bit registry view.", false},
    {0x00018002, "FLG_DELREG_MULTI_SZ_DELSTRING",
     "Remove every string equal to the value (ignoring case) from a REG_MULTI_SZ. Rejected by "
     "isolated packages (1305).",
     false},
};

static const infa_kb_const bitreg[] = {
    {0x00000000, "FLG_BITREG_CLEARBITS", "Clear the masked bits (the default).", false},
    {0x00000001, "FLG_BITREG_SETBITS", "Set the masked bits.", false},
    {0x00001000, "FLG_BITREG_64BITKEY", "Work on the 64-bit registry view (header only).", true},
    {0x00004000, "FLG_BITREG_32BITKEY", "Work on the 32-bit registry view.", false},
};

static const infa_kb_const addproperty[] = {
    {0x01, "FLG_ADDPROPERTY_NOCLOBBER", "Leave an existing property value alone.", false},
    {0x02, "FLG_ADDPROPERTY_OVERWRITEONLY", "Set the property only if it already exists.", false},
    {0x04, "FLG_ADDPROPERTY_APPEND", "Append a string to a STRING_LIST property.", false},
    {0x08, "FLG_ADDPROPERTY_OR", "OR the value into a UINT32 property.", false},
    {0x10, "FLG_ADDPROPERTY_AND", "AND the value into a UINT32 property.", false},
};

static const infa_kb_const delproperty[] = {
    {0x01, "FLG_DELPROPERTY_MULTI_SZ_DELSTRING",
     "Remove one string from a STRING_LIST property instead of deleting the property.", false},
};

static const infa_kb_const regsvr[] = {
    {0x1, "FLG_REGSVR_DLLREGISTER", "Call the DLL's `DllRegisterServer`.", false},
    {0x2, "FLG_REGSVR_DLLINSTALL", "Call the DLL's `DllInstall`.", false},
};

static const infa_kb_const channel_type[] = {
    {1, "Admin", "Events for administrators and end users, meant to be acted on.", false},
    {2, "Operational", "Events for diagnosing problems, of interest to support staff.", false},
    {3, "Analytic", "High-volume events describing program operation; off by default.", false},
    {4, "Debug", "Developer-oriented events; off by default.", false},
};

static const infa_kb_const software_type[] = {
    {1, "MSI/EXE",
     "Run an installer shipped in the package. Desktop only, and only from a component INF.",
     false},
    {2, "Store app",
     "Offer a Microsoft Store app by package family name (Windows 10 1709+). Allowed "
     "everywhere.",
     false},
};

static const infa_kb_const addsoftware[] = {
    {0, "once", "Install the software once for all devices.", false},
    {1, "per component", "Install the software once per component device.", false},
};

static const infa_kb_const device_characteristics[] = {
    {0x001, "FILE_REMOVABLE_MEDIA", "The device's media can be removed.", false},
    {0x002, "FILE_READ_ONLY_DEVICE", "The device's media is read-only.", false},
    {0x004, "FILE_FLOPPY_DISKETTE", "The device is a floppy drive.", false},
    {0x008, "FILE_WRITE_ONCE_MEDIA", "The media can be written only once.", false},
    {0x100, "FILE_DEVICE_SECURE_OPEN", "Apply the device's security to opens of its namespace too.",
     false},
};

static const infa_kb_const wmi[] = {
    {0x1, "SCWMI_CLOBBER_SECURITY", "Replace any existing security descriptor of the class.",
     false},
};

#define TABLE(id, title, bitmask, rows, url)                                                       \
    {                                                                                              \
        id, title, bitmask, rows, KB_COUNTOF(rows), url                                            \
    }

/* Indexed by infa_kb_consts_id; row 0 is the NONE placeholder. */
static const infa_kb_const_table tables[INFA_KB_CONSTS__COUNT] = {
    {INFA_KB_CONSTS_NONE, NULL, false, NULL, 0, NULL},
    TABLE(INFA_KB_CONSTS_SERVICE_TYPE, "ServiceType values", true, service_type,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_START_TYPE, "StartType values", false, start_type,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_ERROR_CONTROL, "ErrorControl values", false, error_control,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_SPSVCINST, "AddService flags", true, spsvcinst,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_TRIGGER_TYPE, "TriggerType values", false, trigger_type,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_TRIGGER_ACTION, "Trigger Action values", false, trigger_action,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_TRIGGER_DATA, "DataItem types", false, trigger_data,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_BOOT_FLAGS, "BootFlags bits", true, boot_flags,
          D "inf-addservice-directive"),
    TABLE(INFA_KB_CONSTS_COPYFLG, "CopyFiles flags", true, copyflg, D "inf-copyfiles-directive"),
    TABLE(INFA_KB_CONSTS_DELFLG, "DelFiles flags", true, delflg, D "inf-delfiles-directive"),
    TABLE(INFA_KB_CONSTS_DELREG, "DelReg flags", true, delreg, D "inf-delreg-directive"),
    TABLE(INFA_KB_CONSTS_BITREG, "BitReg flags", true, bitreg, D "inf-bitreg-directive"),
    TABLE(INFA_KB_CONSTS_ADDPROPERTY, "AddProperty flags", true, addproperty,
          D "inf-addproperty-directive"),
    TABLE(INFA_KB_CONSTS_DELPROPERTY, "DelProperty flags", true, delproperty,
          D "inf-delproperty-directive"),
    TABLE(INFA_KB_CONSTS_REGSVR, "RegisterDlls flags", true, regsvr,
          D "inf-registerdlls-directive"),
    TABLE(INFA_KB_CONSTS_CHANNEL_TYPE, "Event channel types", false, channel_type,
          D "inf-addeventprovider-directive"),
    TABLE(INFA_KB_CONSTS_SOFTWARE_TYPE, "SoftwareType values", false, software_type,
          D "inf-addsoftware-directive"),
    TABLE(INFA_KB_CONSTS_ADDSOFTWARE, "AddSoftware flags", false, addsoftware,
          D "inf-addsoftware-directive"),
    TABLE(INFA_KB_CONSTS_DEVICE_CHARACTERISTICS, "DeviceCharacteristics bits", true,
          device_characteristics, D "inf-addreg-directive"),
    TABLE(INFA_KB_CONSTS_WMI, "WMIInterface flags", true, wmi, D "inf-ddinstall-wmi-section"),
};

/* Line formats from sections-and-directives.md (file-list, property and
 * register-dll sections) and addreg.md (DelReg, BitReg). */
static const infa_kb_line_field line_fields[] = {
    {INFA_KIND_COPY_FILES, 3, INFA_KB_CONSTS_COPYFLG},       /* dest,[source],,flag */
    {INFA_KIND_DEL_FILES, 3, INFA_KB_CONSTS_DELFLG},         /* dest,,,flag */
    {INFA_KIND_DEL_REGISTRY, 3, INFA_KB_CONSTS_DELREG},      /* root,subkey,name,flags */
    {INFA_KIND_BIT_REGISTRY, 3, INFA_KB_CONSTS_BITREG},      /* root,subkey,name,flags,... */
    {INFA_KIND_ADD_PROPERTY, 3, INFA_KB_CONSTS_ADDPROPERTY}, /* name,,,flags,value */
    {INFA_KIND_DEL_PROPERTY, 2, INFA_KB_CONSTS_DELPROPERTY}, /* name,,flags[,value] */
    {INFA_KIND_REGISTER_DLLS, 3, INFA_KB_CONSTS_REGSVR},     /* dirid,subdir,file,flags */
    {INFA_KIND_UNREGISTER_DLLS, 3, INFA_KB_CONSTS_REGSVR},
};

size_t infa_kb_line_field_count(void)
{
    return KB_COUNTOF(line_fields);
}

const infa_kb_line_field *infa_kb_line_field_at(size_t i)
{
    return i < KB_COUNTOF(line_fields) ? &line_fields[i] : NULL;
}

infa_kb_consts_id infa_kb_line_field_consts(infa_kind_set kinds, uint32_t field)
{
    for (size_t i = 0; i < KB_COUNTOF(line_fields); i++)
        if ((line_fields[i].kind & kinds) && line_fields[i].field == field)
            return line_fields[i].table;
    return INFA_KB_CONSTS_NONE;
}

/* HKR values whose data is one of the tables above (addreg.md section 7). */
static const struct {
    const char *name;
    infa_kb_consts_id table;
} hkr_value_tables[] = {
    {"DeviceCharacteristics", INFA_KB_CONSTS_DEVICE_CHARACTERISTICS},
};

infa_kb_consts_id infa_kb_hkr_value_consts(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(hkr_value_tables); i++)
        if (kb__name_eq(name, len, hkr_value_tables[i].name))
            return hkr_value_tables[i].table;
    return INFA_KB_CONSTS_NONE;
}

const infa_kb_const_table *infa_kb_consts(infa_kb_consts_id id)
{
    if ((int)id <= (int)INFA_KB_CONSTS_NONE || (int)id >= (int)INFA_KB_CONSTS__COUNT)
        return NULL;
    return &tables[id];
}

const infa_kb_const *infa_kb_const_find(infa_kb_consts_id id, uint32_t value)
{
    const infa_kb_const_table *t = infa_kb_consts(id);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < t->count; i++)
        if (t->rows[i].value == value)
            return &t->rows[i];
    return NULL;
}

const infa_kb_const *infa_kb_const_find_name(infa_kb_consts_id id, const char *name, size_t len)
{
    const infa_kb_const_table *t = infa_kb_consts(id);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < t->count; i++)
        if (kb__name_eq(name, len, t->rows[i].name))
            return &t->rows[i];
    return NULL;
}

size_t infa_kb_const_decode(infa_kb_consts_id id, uint32_t value, const infa_kb_const **out,
                            size_t cap, uint32_t *unknown_bits)
{
    const infa_kb_const_table *t = infa_kb_consts(id);
    uint32_t left = value;
    size_t n = 0;
    if (t != NULL) {
        for (size_t i = 0; i < t->count; i++) {
            uint32_t v = t->rows[i].value;
            bool single_bit = v != 0 && (v & (v - 1)) == 0;
            if (!single_bit || (value & v) == 0)
                continue;
            left &= ~v;
            if (n < cap)
                out[n] = &t->rows[i];
            n++;
        }
    }
    if (unknown_bits)
        *unknown_bits = left;
    return n < cap ? n : cap;
}

const infa_kb_const *infa_kb_service_type_find(uint32_t value)
{
    return infa_kb_const_find(INFA_KB_CONSTS_SERVICE_TYPE, value);
}

const infa_kb_const *infa_kb_start_type_find(uint32_t value)
{
    return infa_kb_const_find(INFA_KB_CONSTS_START_TYPE, value);
}

const infa_kb_const *infa_kb_error_control_find(uint32_t value)
{
    return infa_kb_const_find(INFA_KB_CONSTS_ERROR_CONTROL, value);
}
