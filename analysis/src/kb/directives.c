/* Directives and entry keys (reference/sections-and-directives.md sections
 * 2-5, plus the keys of the author-named sections those directives create).
 * Table order is completion order within a section kind. */
#include "kb_private.h"

#define K(x) INFA_KIND_##x
#define D KB_DOCS "install/"

#define NOT_U INFA_KB_F_NOT_UNIVERSAL
#define NO_22H2 INFA_KB_F_UNSIGNABLE_22H2
#define DEPR INFA_KB_F_DEPRECATED
#define REQ INFA_KB_F_REQUIRED
#define DIRECT INFA_KB_F_DDINSTALL_DIRECT

/* Where the registry and file-operation directives may appear. */
#define W_ADDREG                                                                                   \
    (K(DDINSTALL) | K(DDINSTALL_HW) | K(DDINSTALL_COINSTALLERS) | K(CLASS_INSTALL32) |             \
     K(SERVICE_INSTALL) | K(EVENT_LOG_INSTALL) | K(INTERFACE_INSTALL) | K(INSTALL_INTERFACE) |     \
     K(DEFAULT_INSTALL))
#define W_COPYFILES                                                                                \
    (K(DDINSTALL) | K(DDINSTALL_COINSTALLERS) | K(CLASS_INSTALL32) | K(INTERFACE_INSTALL) |        \
     K(INSTALL_INTERFACE) | K(DEFAULT_INSTALL))
#define W_INI                                                                                      \
    (K(DDINSTALL) | K(DDINSTALL_COINSTALLERS) | K(CLASS_INSTALL32) | K(INTERFACE_INSTALL) |        \
     K(INSTALL_INTERFACE) | K(DEFAULT_INSTALL))
#define W_SERVICES                                                                                 \
    (K(DDINSTALL_SERVICES) | K(DEFAULT_INSTALL_SERVICES) | K(CLASS_INSTALL32_SERVICES))
#define W_INCLUDE                                                                                  \
    (K(DDINSTALL) | K(DDINSTALL_HW) | K(DDINSTALL_SERVICES) | K(DDINSTALL_INTERFACES) |            \
     K(DDINSTALL_COINSTALLERS) | K(DDINSTALL_EVENTS) | K(DDINSTALL_COMPONENTS) |                   \
     K(DDINSTALL_COM) | K(DDINSTALL_FILTERS) | K(DEFAULT_INSTALL))
#define W_SVC_WIN32 K(SERVICE_INSTALL)

/* Shorthand for a single section reference. */
#define REF(f, k)                                                                                  \
    {                                                                                              \
        {(f), 0, K(k)},                                                                            \
        {                                                                                          \
            0, 0, 0                                                                                \
        }                                                                                          \
    }

#define VALS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const infa_kb_directive directives[] = {
    /* ---- [Version] ---------------------------------------------------- */
    {.name = "Signature",
     .syntax = "Signature=\"$Windows NT$\"",
     .where = K(VERSION),
     .description = "Marks the file as an INF. It must be `\"$Windows NT$\"` (or the old "
                    "`\"$Chicago$\"`), dollar signs included; any other value means Windows does "
                    "not treat the file as an INF.",
     .url = D "inf-version-section",
     .flags = REQ,
     .values = VALS("\"$Windows NT$\"", "\"$Chicago$\"")},
    {.name = "Class",
     .syntax = "Class=class-name",
     .where = K(VERSION),
     .description = "The device setup class of the package, which must agree with `ClassGuid` "
                    "for well-known classes. Extension INFs use `Class=Extension`; a new class "
                    "name should stay under 32 characters.",
     .url = D "inf-version-section"},
    {.name = "ClassGuid",
     .syntax = "ClassGuid={xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}",
     .where = K(VERSION),
     .description = "The GUID of the device setup class, in braces. It selects the class "
                    "installer and class key; the Extension class is "
                    "`{e2f84ce7-8efa-411c-aa69-97454ca4cb57}`.",
     .url = D "inf-version-section"},
    {.name = "Provider",
     .syntax = "Provider=%strkey%",
     .where = K(VERSION),
     .description = "Who authored the INF, usually as a `%strkey%`. At most 256 characters, and "
                    "it may not be or start with \"Microsoft\" (InfVerif 1204).",
     .url = D "inf-version-section"},
    {.name = "ExtensionId",
     .syntax = "ExtensionId={GUID}",
     .where = K(VERSION),
     .description = "Identifies an extension INF (`Class=Extension`); required there (1381). "
                    "Keep the same GUID across versions so newer extensions replace older ones.",
     .url = D "using-an-extension-inf-file"},
    {.name = "CatalogFile",
     .syntax = "CatalogFile[.NTamd64]=name.cat",
     .where = K(VERSION),
     .description = "Names the package's signed catalog, needed for signing (1233). The catalog "
                    "is never listed in `[SourceDisksFiles]`; decorated variants name one "
                    "catalog per architecture.",
     .url = D "inf-version-section",
     .flags = INFA_KB_F_NT_DECORATIONS},
    {.name = "DriverVer",
     .syntax = "DriverVer=mm/dd/yyyy,w.x.y.z",
     .where = K(VERSION) | K(DDINSTALL),
     .description = "Date and version of the driver package, used to rank drivers. Every "
                    "version part must be below 65535 and `0.0.0.0` is invalid; a DDInstall "
                    "copy overrides the [Version] one.",
     .url = D "inf-driverver-directive",
     .flags = REQ},
    {.name = "PnpLockdown",
     .syntax = "PnpLockdown=1",
     .where = K(VERSION),
     .description = "Set to `1` to stop applications from modifying the files this package "
                    "installs. Leaving it out is InfVerif 1324, an error for Windows Drivers.",
     .url = D "inf-version-section",
     .values = VALS("1")},
    {.name = "LayoutFile",
     .syntax = "LayoutFile=file.inf[,...]",
     .where = K(VERSION),
     .description = "Points at a layout INF describing source media. Only system INFs of the "
                    "Windows 2000/XP era use it.",
     .url = D "inf-version-section",
     .flags = INFA_KB_F_SYSTEM_ONLY | DEPR},
    {.name = "ClassVer",
     .syntax = "ClassVer=major.minor",
     .where = K(VERSION),
     .description = "Version of the setup class. Reserved for the system unless a class (such "
                    "as v4 printer drivers) asks for it.",
     .url = D "inf-version-section",
     .flags = INFA_KB_F_SYSTEM_ONLY},
    {.name = "DriverPackageDisplayName",
     .syntax = "DriverPackageDisplayName=%strkey%",
     .where = K(VERSION),
     .description = "A display name read only by the retired DIFx tools; it has no effect "
                    "today.",
     .url = D "inf-version-section",
     .flags = DEPR},
    {.name = "DriverPackageType",
     .syntax = "DriverPackageType=PackageType",
     .where = K(VERSION),
     .description = "A package type read only by the retired DIFx tools; it has no effect "
                    "today.",
     .url = D "inf-version-section",
     .flags = DEPR},

    /* ---- registry and file operations ---------------------------------- */
    {.name = "AddReg",
     .syntax = "AddReg=add-registry-section[,add-registry-section]...",
     .where = W_ADDREG | K(WDF_SERVICE_INSTALL),
     .description = "Runs the listed add-registry sections, which create keys and write values. "
                    "`HKR` in them means the key of the section that holds this directive: the "
                    "software key from DDInstall, the hardware key from `.HW`, the service key "
                    "from a service section.",
     .url = D "inf-addreg-directive",
     .refs = REF(0, ADD_REGISTRY)},
    {.name = "DelReg",
     .syntax = "DelReg=del-registry-section[,del-registry-section]...",
     .where = W_ADDREG | K(DEFAULT_UNINSTALL),
     .description = "Runs the listed del-registry sections, which remove keys or values. Not "
                    "valid in universal INFs or Windows Drivers; Windows cleans up on removal.",
     .url = D "inf-delreg-directive",
     .flags = NOT_U,
     .refs = REF(0, DEL_REGISTRY)},
    {.name = "BitReg",
     .syntax = "BitReg=bit-registry-section[,bit-registry-section]...",
     .where = W_ADDREG,
     .description = "Runs bit-registry sections that set or clear bits in existing REG_BINARY "
                    "values. Not valid in universal INFs and not signable since Windows 11 22H2; "
                    "write the whole value with AddReg instead.",
     .url = D "inf-bitreg-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, BIT_REGISTRY)},
    {.name = "CopyFiles",
     .syntax = "CopyFiles=@filename | file-list-section[,file-list-section]...",
     .where = W_COPYFILES,
     .description = "Copies package files to the folder `[DestinationDirs]` gives for each list "
                    "(`@file` copies one file to `DefaultDestDir`). Only copied files end up in "
                    "the Driver Store; never use it to copy INFs.",
     .url = D "inf-copyfiles-directive",
     .refs = {{0, INFA_KB_REF_AT_IS_FILE, K(COPY_FILES)}, {0, 0, 0}}},
    {.name = "DelFiles",
     .syntax = "DelFiles=file-list-section[,file-list-section]...",
     .where = W_COPYFILES | K(DEFAULT_UNINSTALL),
     .description = "Deletes the files in the listed sections from their destination. Not "
                    "valid in universal INFs, and never allowed on DIRID 13 files.",
     .url = D "inf-delfiles-directive",
     .flags = NOT_U,
     /* DelFiles=@file deletes one file, like CopyFiles=@file copies one. */
     .refs = {{0, INFA_KB_REF_AT_IS_FILE, K(DEL_FILES)}, {0, 0, 0}}},
    {.name = "RenFiles",
     .syntax = "RenFiles=file-list-section[,file-list-section]...",
     .where = W_COPYFILES,
     .description = "Renames files at their destination before copying. Not valid in universal "
                    "INFs or Windows Drivers.",
     .url = D "inf-renfiles-directive",
     .flags = NOT_U,
     .refs = REF(0, REN_FILES)},
    {.name = "AddProperty",
     .syntax = "AddProperty=add-property-section[,add-property-section]...",
     .where = K(DDINSTALL) | K(CLASS_INSTALL32) | K(INTERFACE_INSTALL) | K(INSTALL_INTERFACE),
     .description = "Sets device, class or interface properties of the unified property model "
                    "from the listed sections. Prefer it to raw registry writes where a property "
                    "exists.",
     .url = D "inf-addproperty-directive",
     .refs = REF(0, ADD_PROPERTY),
     .value_table = INFA_KB_CONSTS_NONE},
    {.name = "DelProperty",
     .syntax = "DelProperty=del-property-section[,del-property-section]...",
     .where = K(DDINSTALL) | K(DDINSTALL_COINSTALLERS) | K(CLASS_INSTALL32) | K(INTERFACE_INSTALL) |
              K(INSTALL_INTERFACE),
     .description = "Deletes properties named in the listed sections. Not valid in universal "
                    "INFs or Windows Drivers.",
     .url = D "inf-delproperty-directive",
     .flags = NOT_U,
     .refs = REF(0, DEL_PROPERTY)},
    {.name = "Include",
     .syntax = "Include=file.inf[,file.inf]...",
     .where = W_INCLUDE,
     .description = "Names system-supplied INFs whose sections this section pulls in with "
                    "`Needs`. The INF must be inbox (1202) and the `Include` must sit in the same "
                    "section as its `Needs`.",
     .url = D "inf-ddinstall-section"},
    {.name = "Needs",
     .syntax = "Needs=inf-section[,inf-section]...",
     .where = W_INCLUDE,
     .description = "Processes the named sections of an `Include`d INF as part of this one, "
                    "after this section's own directives. The suffix must match: a `.Services` "
                    "section needs a `.Services` section.",
     .url = D "inf-ddinstall-section",
     .refs = {{0, INFA_KB_REF_EXTERNAL | INFA_KB_REF_SAME_KIND, 0}, {0, 0, 0}}},
    {.name = "CopyINF",
     .syntax = "CopyINF=file.inf[,file.inf]...",
     .where = K(DDINSTALL) | K(DEFAULT_INSTALL),
     .description = "Stages other INFs of the package (for example for the functions of a "
                    "multifunction device) into the Driver Store along with this one. Paths are "
                    "relative to this INF.",
     .url = D "inf-copyinf-directive"},
    {.name = "FeatureScore",
     .syntax = "FeatureScore=0x00..0xFF",
     .where = K(DDINSTALL),
     .description = "A tie-breaker when several drivers match equally well: lower wins, and the "
                    "default is 0xFF. Only the first one, written directly in DDInstall, counts.",
     .url = D "inf-featurescore-directive",
     .flags = DIRECT | INFA_KB_F_FIRST_ONLY},
    {.name = "ExcludeID",
     .syntax = "ExcludeID=device-id[,device-id]...",
     .where = K(DDINSTALL),
     .description = "Keeps this install section from being used for the listed hardware or "
                    "compatible IDs. Counts only when written directly in DDInstall.",
     .url = D "inf-ddinstall-section",
     .flags = DIRECT},
    {.name = "Reboot",
     .syntax = "Reboot",
     .where = K(DDINSTALL),
     .description = "A bare keyword asking for a restart after install. Since Windows 8 it only "
                    "matters when the device was already started; design the driver so that it "
                    "is not needed.",
     .url = D "inf-reboot-directive",
     .flags = INFA_KB_F_BARE_KEYWORD | DIRECT | INFA_KB_F_DISCOURAGED},
    {.name = "Restart",
     .syntax = "Restart",
     .where = K(DDINSTALL),
     .description = "A Windows 9x leftover with the same intent as `Reboot`. The docs simply say "
                    "not to use it.",
     .url = D "avoiding-system-restarts-during-device-installations",
     .flags = INFA_KB_F_BARE_KEYWORD | DIRECT | INFA_KB_F_DISCOURAGED | DEPR},
    {.name = "RegisterDlls",
     .syntax = "RegisterDlls=register-dll-section[,...]",
     .where = K(DDINSTALL) | K(DEFAULT_INSTALL),
     .description = "Self-registers DLLs or OCXs by calling their entry points at install time. "
                    "Not valid in universal INFs; convert to AddReg (Reg2inf) or "
                    "`[DDInstall.COM]`.",
     .url = D "inf-registerdlls-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, REGISTER_DLLS)},
    {.name = "UnregisterDlls",
     .syntax = "UnregisterDlls=unregister-dll-section[,...]",
     .where = K(DDINSTALL) | K(DEFAULT_INSTALL),
     .description = "Calls the unregistration entry points of DLLs. Not valid in universal INFs "
                    "and not signable since Windows 11 22H2.",
     .url = D "inf-unregisterdlls-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, UNREGISTER_DLLS)},
    {.name = "UpdateInis",
     .syntax = "UpdateInis=update-ini-section[,...]",
     .where = W_INI,
     .description = "Edits lines of INI files on the target. Legacy: not valid in universal "
                    "INFs and not signable since Windows 11 22H2.",
     .url = D "inf-updateinis-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, UPDATE_INI)},
    {.name = "UpdateIniFields",
     .syntax = "UpdateIniFields=update-inifields-section[,...]",
     .where = W_INI,
     .description = "Edits individual fields of INI file lines. Legacy: not valid in universal "
                    "INFs and not signable since Windows 11 22H2.",
     .url = D "inf-updateinifields-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, UPDATE_INIFIELDS)},
    {.name = "Ini2Reg",
     .syntax = "Ini2Reg=ini-to-registry-section[,...]",
     .where = W_INI,
     .description = "Copies INI file entries into the registry. Legacy: not valid in universal "
                    "INFs and not signable since Windows 11 22H2.",
     .url = D "inf-ini2reg-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, INI2REG)},
    {.name = "ProfileItems",
     .syntax = "ProfileItems=profile-items-section[,...]",
     .where = K(DDINSTALL) | K(DEFAULT_INSTALL),
     .description = "Creates Start-menu shortcuts. Not valid in universal INFs; ship a Hardware "
                    "Support App instead.",
     .url = D "inf-profileitems-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, PROFILE_ITEMS)},
    {.name = "LogConfig",
     .syntax = "LogConfig=log-config-section[,...]",
     .where = K(DDINSTALL) | K(DDINSTALL_LOGCONFIG_OVERRIDE),
     .description = "Lists hardware resource configurations for non-PnP devices or as PnP "
                    "overrides. Legacy: not valid in universal INFs.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U | NO_22H2,
     .refs = REF(0, LOG_CONFIG)},
    {.name = "AddPowerSetting",
     .syntax = "AddPowerSetting=power-setting-section[,...]",
     .where = K(DDINSTALL) | K(DDINSTALL_HW) | K(DDINSTALL_COINSTALLERS) | K(CLASS_INSTALL32),
     .description = "Defines a custom power setting (subgroup, setting GUID, allowed values and "
                    "AC/DC defaults) that power plans can carry.",
     .url = D "inf-addpowersetting-directive",
     .refs = REF(0, POWER_SETTING)},
    {.name = "HardwareId",
     .syntax = "HardwareId=\"pnp-id\"",
     .where = 0,
     .description = "Belongs to the `[DeviceInstall]` section of an Autorun.inf, not to device "
                    "INFs.",
     .url = D "inf-hardwareid-directive"},
    {.name = "LegacyUninstall",
     .syntax = "LegacyUninstall=1",
     .where = K(DEFAULT_UNINSTALL),
     .description = "Lets a primitive driver keep a `[DefaultUninstall]` section: Windows 10 "
                    "1903 and later then ignore it (InfVerif 1422 otherwise).",
     .url = KB_DOCS "develop/creating-a-primitive-driver",
     .min_build = 18362,
     .values = VALS("1")},

    /* ---- services ----------------------------------------------------- */
    {.name = "AddService",
     .syntax = "AddService=ServiceName,[flags],service-install-section"
               "[,event-log-install-section[,[EventLogType][,EventName]]]",
     .where = W_SERVICES,
     .description = "Creates or updates a service from the named service-install section, and "
                    "optionally registers an event-log source. Flag `0x2` "
                    "(`SPSVCINST_ASSOCSERVICE`) marks the device's function driver; `AddService "
                    "= ,2` installs a device with no driver.",
     .url = D "inf-addservice-directive",
     .refs = {{3, 0, K(SERVICE_INSTALL)}, {4, 0, K(EVENT_LOG_INSTALL)}},
     .value_field = 2,
     .value_table = INFA_KB_CONSTS_SPSVCINST},
    {.name = "DelService",
     .syntax = "DelService=ServiceName[,[flags][,[EventLogType][,EventName]]]",
     .where = W_SERVICES,
     .description = "Deletes a service left by an older package, optionally stopping it and "
                    "removing its event-log entry first. Not valid in universal INFs.",
     .url = D "inf-delservice-directive",
     .flags = NOT_U,
     .value_field = 2,
     .value_table = INFA_KB_CONSTS_SPSVCINST},
    {.name = "DisplayName",
     .syntax = "DisplayName=%strkey%",
     .where = K(SERVICE_INSTALL),
     .description = "The friendly name shown for the service in tools such as Services.",
     .url = D "inf-addservice-directive"},
    {.name = "Description",
     .syntax = "Description=%strkey%",
     .where = K(SERVICE_INSTALL),
     .description = "A longer description of the service. Keep the whole string within 1024 "
                    "characters.",
     .url = D "inf-addservice-directive"},
    {.name = "ServiceType",
     .syntax = "ServiceType=type-code",
     .where = K(SERVICE_INSTALL),
     .description = "Required. What kind of service this is: `1` for a kernel-mode driver, `2` "
                    "for a file system driver, `0x10`/`0x20` for Win32 services.",
     .url = D "inf-addservice-directive",
     .flags = REQ,
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_SERVICE_TYPE},
    {.name = "StartType",
     .syntax = "StartType=start-code",
     .where = K(SERVICE_INSTALL),
     .description = "Required. When the service starts. PnP drivers use `3` (demand start: PnP "
                    "loads them when the device appears); `0`/`1` only for boot-critical "
                    "drivers, and never `2` for PnP drivers.",
     .url = D "inf-addservice-directive",
     .flags = REQ,
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_START_TYPE},
    {.name = "ErrorControl",
     .syntax = "ErrorControl=level",
     .where = K(SERVICE_INSTALL),
     .description = "Required. What happens at boot if the service fails to load: `1` (log and "
                    "continue) suits most drivers; `3` is only for drivers the system cannot "
                    "boot without.",
     .url = D "inf-addservice-directive",
     .flags = REQ,
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_ERROR_CONTROL},
    {.name = "ServiceBinary",
     .syntax = "ServiceBinary=%13%\\filename",
     .where = K(SERVICE_INSTALL),
     .description = "Required. The path of the service's image, written under a DIRID and "
                    "naming a file this INF copies. Isolated packages run it from the Driver "
                    "Store as `%13%\\file.sys`; quote paths with spaces as `\"\"\"...\"\"\"`.",
     .url = D "inf-addservice-directive",
     .flags = REQ},
    {.name = "StartName",
     .syntax = "StartName=name",
     .where = K(SERVICE_INSTALL),
     .description = "For a driver, the name of its driver object; for a Win32 service, the "
                    "account it runs under.",
     .url = D "inf-addservice-directive"},
    {.name = "LoadOrderGroup",
     .syntax = "LoadOrderGroup=group",
     .where = K(SERVICE_INSTALL),
     .description = "The load-order group the service belongs to. Usually unnecessary for PnP "
                    "drivers, which load when their device appears.",
     .url = D "inf-addservice-directive"},
    {.name = "Dependencies",
     .syntax = "Dependencies=service-or-+group[,...]",
     .where = K(SERVICE_INSTALL),
     .description = "Services (or `+group` load-order groups) that must be running before this "
                    "one starts.",
     .url = D "inf-addservice-directive"},
    {.name = "Security",
     .syntax = "Security=\"SDDL\"",
     .where = K(SERVICE_INSTALL),
     .description = "An SDDL string giving the service's access control list.",
     .url = D "inf-addservice-directive"},
    {.name = "RequiredPrivileges",
     .syntax = "RequiredPrivileges=SeXxxPrivilege[,...]",
     .where = W_SVC_WIN32,
     .description = "Limits a Win32 service to the privileges it lists (Windows 7 and later).",
     .url = D "inf-addservice-directive"},
    {.name = "ServiceSidType",
     .syntax = "ServiceSidType=value",
     .where = W_SVC_WIN32,
     .description = "The service SID type of a Win32 service (`SERVICE_SID_INFO` values). Use "
                    "this instead of writing the `ServiceSidType` registry value.",
     .url = D "inf-addservice-directive",
     .min_build = 19041},
    {.name = "DelayedAutoStart",
     .syntax = "DelayedAutoStart=0|1",
     .where = W_SVC_WIN32,
     .description = "Non-zero delays an auto-start Win32 service until shortly after boot.",
     .url = D "inf-addservice-directive",
     .min_build = 19041},
    {.name = "AddTrigger",
     .syntax = "AddTrigger=service-trigger-section[,...]",
     .where = W_SVC_WIN32,
     .description = "Starts or stops a Win32 service on an event, typically the arrival of a "
                    "device interface. Replaces writing `TriggerInfo` with AddReg.",
     .url = D "inf-addservice-directive",
     .min_build = 19041,
     .refs = REF(0, TRIGGER)},
    {.name = "FailureActions",
     .syntax = "FailureActions=failure-actions-section",
     .where = W_SVC_WIN32,
     .description = "What the service control manager does when the Win32 service fails "
                    "(restart, reboot, ...).",
     .url = D "inf-addservice-directive",
     .min_build = 22621,
     .refs = REF(1, FAILURE_ACTIONS)},
    {.name = "BootFlags",
     .syntax = "BootFlags=mask",
     .where = K(SERVICE_INSTALL),
     .description = "Asks Windows to promote the kernel driver to boot start in particular boot "
                    "scenarios (network, VHD, USB or SD boot, WinPE, ...). Before build 25398 "
                    "it was written as an AddReg `BootFlags` value.",
     .url = D "inf-addservice-directive",
     .min_build = 25398,
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_BOOT_FLAGS},
    /* trigger section */
    {.name = "TriggerType",
     .syntax = "TriggerType=0x1",
     .where = K(TRIGGER),
     .description = "The event that fires the trigger; `0x1` is the arrival of a device "
                    "interface.",
     .url = D "inf-addservice-directive",
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_TRIGGER_TYPE},
    {.name = "Action",
     .syntax = "Action=0x1|0x2",
     .where = K(TRIGGER),
     .description = "What the trigger does to the service: `0x1` starts it, `0x2` stops it.",
     .url = D "inf-addservice-directive",
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_TRIGGER_ACTION},
    {.name = "SubType",
     .syntax = "SubType={interface-class-GUID}",
     .where = K(TRIGGER),
     .description = "The device interface class whose arrival fires the trigger.",
     .url = D "inf-addservice-directive"},
    {.name = "DataItem",
     .syntax = "DataItem=0x2,\"hardware-id\"",
     .where = K(TRIGGER),
     .description = "Narrows the trigger to devices with the given hardware or compatible ID "
                    "(type `0x2` = string).",
     .url = D "inf-addservice-directive",
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_TRIGGER_DATA},
    /* failure-actions section */
    {.name = "ResetPeriod",
     .syntax = "ResetPeriod=seconds",
     .where = K(FAILURE_ACTIONS),
     .description = "After this many seconds without failure the failure count goes back to "
                    "zero.",
     .url = D "inf-addservice-directive"},
    {.name = "NonCrashFailures",
     .syntax = "NonCrashFailures=0|1",
     .where = K(FAILURE_ACTIONS),
     .description = "`1` also runs the failure actions when the service stops with an error "
                    "instead of crashing.",
     .url = D "inf-addservice-directive"},
    {.name = "Action",
     .syntax = "Action=type,delay",
     .where = K(FAILURE_ACTIONS),
     .description = "One failure action and the delay before it; repeat the line for the "
                    "second, third, ... failure.",
     .url = D "inf-addservice-directive"},

    /* ---- interfaces, WMI ---------------------------------------------- */
    {.name = "AddInterface",
     .syntax = "AddInterface={InterfaceClassGUID}[,[reference-string][,[add-interface-section]"
               "[,flags]]]",
     .where = K(DDINSTALL_INTERFACES),
     .description = "Registers a device interface for the device at install time, optionally "
                    "with state from an add-interface section. The driver must register the same "
                    "GUID and reference string at run time; flags must be 0.",
     .url = D "inf-addinterface-directive",
     .refs = REF(3, INTERFACE_INSTALL)},
    {.name = "WMIInterface",
     .syntax = "WMIInterface={WmiClassGUID},[flags,]WMI-class-section",
     .where = K(DDINSTALL_WMI),
     .description = "Applies the security descriptor in the named section to one WMI class of "
                    "the driver. Flag `0x1` replaces any existing descriptor.",
     .url = D "inf-ddinstall-wmi-section",
     .refs = REF(INFA_KB_REF_FIELD_LAST, WMI_CLASS),
     .value_field = 2,
     .value_table = INFA_KB_CONSTS_WMI},
    {.name = "Security",
     .syntax = "Security=\"SDDL\"",
     .where = K(WMI_CLASS),
     .description = "The SDDL security descriptor for the WMI class.",
     .url = D "inf-ddinstall-wmi-section"},

    /* ---- components, software, filters --------------------------------- */
    {.name = "AddComponent",
     .syntax = "AddComponent=ComponentName,[flags],component-install-section",
     .where = K(DDINSTALL_COMPONENTS),
     .description = "Creates a virtual child device (`SWC\\...`) whose own INF can install "
                    "software or services for this device (Windows 10 1703+).",
     .url = D "inf-addcomponent-directive",
     .min_build = 15063,
     .refs = REF(3, COMPONENT_INSTALL)},
    {.name = "ComponentIDs",
     .syntax = "ComponentIDs=id[,id]...",
     .where = K(COMPONENT_INSTALL),
     .description = "Hardware IDs of the component device; Windows prefixes them with `SWC\\`.",
     .url = D "inf-addcomponent-directive"},
    {.name = "Description",
     .syntax = "Description=%strkey%",
     .where = K(COMPONENT_INSTALL),
     .description = "The name given to the component device.",
     .url = D "inf-addcomponent-directive"},
    {.name = "AddSoftware",
     .syntax = "AddSoftware=SoftwareName,[flags],software-install-section",
     .where = K(DDINSTALL_SOFTWARE),
     .description = "Installs companion software after the device: an MSI/EXE (type 1, "
                    "desktop only, from a component INF) or a Store app (type 2, works "
                    "everywhere). Flag 1 runs it once per component device.",
     .url = D "inf-addsoftware-directive",
     .min_build = 15063,
     .refs = REF(3, SOFTWARE_INSTALL),
     .value_field = 2,
     .value_table = INFA_KB_CONSTS_ADDSOFTWARE},
    {.name = "SoftwareType",
     .syntax = "SoftwareType=1|2",
     .where = K(SOFTWARE_INSTALL),
     .description = "`1` runs an MSI or EXE from the package; `2` links to a Microsoft Store "
                    "app. Only type 2 is allowed in universal INFs.",
     .url = D "inf-addsoftware-directive",
     .value_field = 1,
     .value_table = INFA_KB_CONSTS_SOFTWARE_TYPE},
    {.name = "SoftwareBinary",
     .syntax = "SoftwareBinary=path-relative-to-package",
     .where = K(SOFTWARE_INSTALL),
     .description = "For type 1, the installer to run. It must be copied to DIRID 13 and is "
                    "written relative to the package (InfVerif 1141).",
     .url = D "inf-addsoftware-directive"},
    {.name = "SoftwareArguments",
     .syntax = "SoftwareArguments=args",
     .where = K(SOFTWARE_INSTALL),
     .description = "Command-line arguments passed to a type 1 installer.",
     .url = D "inf-addsoftware-directive"},
    {.name = "SoftwareVersion",
     .syntax = "SoftwareVersion=w.x.y.z",
     .where = K(SOFTWARE_INSTALL),
     .description = "Version of the software; a higher version runs again on update.",
     .url = D "inf-addsoftware-directive"},
    {.name = "SoftwareID",
     .syntax = "SoftwareID=pfn://PackageFamilyName",
     .where = K(SOFTWARE_INSTALL),
     .description = "For type 2, the Store app to offer, as a package family name.",
     .url = D "inf-addsoftware-directive"},
    {.name = "AddFilter",
     .syntax = "AddFilter=FilterName,[flags],filter-install-section",
     .where = K(DDINSTALL_FILTERS),
     .description = "Adds an existing service as an upper or lower filter of the device without "
                    "touching `UpperFilters`/`LowerFilters` (Windows 10 1903+). Flags must be 0.",
     .url = D "inf-addfilter-directive",
     .min_build = 18362,
     .refs = REF(3, FILTER_INSTALL)},
    {.name = "FilterLevel",
     .syntax = "FilterLevel=level-name",
     .where = K(FILTER_INSTALL),
     .description = "Places the filter at a named level defined by the class. Use either this "
                    "or `FilterPosition`, not both (1087).",
     .url = D "inf-addfilter-directive"},
    {.name = "FilterPosition",
     .syntax = "FilterPosition=Upper|Lower",
     .where = K(FILTER_INSTALL),
     .description = "Places the filter above or below the function driver. Use either this or "
                    "`FilterLevel`, not both (1087).",
     .url = D "inf-addfilter-directive",
     .values = VALS("Upper", "Lower")},

    /* ---- events ------------------------------------------------------- */
    {.name = "AddEventProvider",
     .syntax = "AddEventProvider={ProviderGUID},event-provider-install-section",
     .where = K(DDINSTALL_EVENTS),
     .description = "Registers an ETW provider and its channels from the named section, instead "
                    "of writing WINEVT registry keys (Windows 10 1809+).",
     .url = D "inf-addeventprovider-directive",
     .min_build = 17763,
     .refs = REF(2, EVENT_PROVIDER)},
    {.name = "ProviderName",
     .syntax = "ProviderName=name",
     .where = K(EVENT_PROVIDER),
     .description = "The name of the ETW provider as tools show it.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "ResourceFile",
     .syntax = "ResourceFile=%13%\\binary",
     .where = K(EVENT_PROVIDER),
     .description = "The binary holding the provider's event manifest resources, normally in "
                    "the Driver Store.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "MessageFile",
     .syntax = "MessageFile=%13%\\binary",
     .where = K(EVENT_PROVIDER),
     .description = "Optional binary holding the localized event message strings.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "ParameterFile",
     .syntax = "ParameterFile=%13%\\binary",
     .where = K(EVENT_PROVIDER),
     .description = "Optional binary holding parameter strings for event messages.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "ImportChannel",
     .syntax = "ImportChannel=channel-name",
     .where = K(EVENT_PROVIDER),
     .description = "Logs into a channel that another provider already defines.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "AddChannel",
     .syntax = "AddChannel=channel-name,type[,channel-section]",
     .where = K(EVENT_PROVIDER),
     .description = "Defines a new channel for the provider. Types: 1 Admin, 2 Operational, 3 "
                    "Analytic, 4 Debug (not the raw registry `Type` numbers).",
     .url = D "inf-addeventprovider-directive",
     .refs = REF(3, EVENT_CHANNEL),
     .value_field = 2,
     .value_table = INFA_KB_CONSTS_CHANNEL_TYPE},
    {.name = "Isolation",
     .syntax = "Isolation=value",
     .where = K(EVENT_CHANNEL),
     .description = "Which security isolation the channel's log uses.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "Access",
     .syntax = "Access=\"SDDL\"",
     .where = K(EVENT_CHANNEL),
     .description = "Who may read or write the channel, as SDDL.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "Enabled",
     .syntax = "Enabled=0|1",
     .where = K(EVENT_CHANNEL),
     .description = "Whether the channel is enabled once installed.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "Value",
     .syntax = "Value=number",
     .where = K(EVENT_CHANNEL),
     .description = "The channel's numeric value as used in the provider's manifest.",
     .url = D "inf-addeventprovider-directive"},
    {.name = "AddAutoLogger",
     .syntax = "AddAutoLogger=session-name,{SessionGUID},autologger-section",
     .where = K(DDINSTALL_EVENTS),
     .description = "Creates an ETW AutoLogger session that starts at boot, replacing writes "
                    "under `Control\\WMI\\Autologger` (Windows 11+).",
     .url = D "inf-addupdateautologger-directive",
     .min_build = 22000,
     .refs = REF(3, AUTOLOGGER)},
    {.name = "UpdateAutoLogger",
     .syntax = "UpdateAutoLogger=session-name,autologger-section",
     .where = K(DDINSTALL_EVENTS),
     .description = "Changes settings or providers of an existing AutoLogger session (Windows "
                    "11+).",
     .url = D "inf-addupdateautologger-directive",
     .min_build = 22000,
     .refs = REF(2, AUTOLOGGER)},
    {.name = "Start",
     .syntax = "Start=0|1",
     .where = K(AUTOLOGGER),
     .description = "Whether the AutoLogger session starts at boot.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "BufferSize",
     .syntax = "BufferSize=kilobytes",
     .where = K(AUTOLOGGER),
     .description = "Size of each trace buffer of the session, in KB.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "LogFileMode",
     .syntax = "LogFileMode=mask",
     .where = K(AUTOLOGGER),
     .description = "ETW logging-mode flags of the session.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "MaximumBuffers",
     .syntax = "MaximumBuffers=count",
     .where = K(AUTOLOGGER),
     .description = "Upper limit on the number of trace buffers.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "AddAutoLoggerProvider",
     .syntax = "AddAutoLoggerProvider={ProviderGUID},provider-section",
     .where = K(AUTOLOGGER),
     .description = "Enables a provider in the session with the settings of the named section.",
     .url = D "inf-addupdateautologger-directive",
     .refs = REF(2, AUTOLOGGER_PROVIDER)},
    {.name = "Enabled",
     .syntax = "Enabled=0|1",
     .where = K(AUTOLOGGER_PROVIDER),
     .description = "Whether the provider is enabled in the session.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "EnableLevel",
     .syntax = "EnableLevel=level",
     .where = K(AUTOLOGGER_PROVIDER),
     .description = "Most verbose event level the session collects from the provider.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "MatchAnyKeyword",
     .syntax = "MatchAnyKeyword=mask",
     .where = K(AUTOLOGGER_PROVIDER),
     .description = "Keyword mask: events with any of these keywords are collected.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "ClockType",
     .syntax = "ClockType=clock-type",
     .where = K(AUTOLOGGER),
     .description = "Clock that timestamps the session's events.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "DisableRealtimePersistence",
     .syntax = "DisableRealtimePersistence=0|1",
     .where = K(AUTOLOGGER),
     .description = "Whether real-time events not yet delivered are kept.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "FileName",
     .syntax = "FileName=path-to-file",
     .where = K(AUTOLOGGER),
     .description = "The log file the session writes.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "FileMax",
     .syntax = "FileMax=count",
     .where = K(AUTOLOGGER),
     .description = "How many log files the session keeps.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "FlushTimer",
     .syntax = "FlushTimer=seconds",
     .where = K(AUTOLOGGER),
     .description = "How often the session flushes its buffers.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "MaxFileSize",
     .syntax = "MaxFileSize=megabytes",
     .where = K(AUTOLOGGER),
     .description = "Largest size of the log file.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "MinimumBuffers",
     .syntax = "MinimumBuffers=count",
     .where = K(AUTOLOGGER),
     .description = "Lower limit on the number of trace buffers.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "EnableFlags",
     .syntax = "EnableFlags=mask",
     .where = K(AUTOLOGGER_PROVIDER),
     .description = "Provider-defined flags for a classic provider.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "EnableProperty",
     .syntax = "EnableProperty=mask",
     .where = K(AUTOLOGGER_PROVIDER),
     .description = "Extra data the session asks the provider to add to each event.",
     .url = D "inf-addupdateautologger-directive"},
    {.name = "MatchAllKeyword",
     .syntax = "MatchAllKeyword=mask",
     .where = K(AUTOLOGGER_PROVIDER),
     .description = "Keyword mask: only events with all of these keywords are collected.",
     .url = D "inf-addupdateautologger-directive"},

    /* ---- Class-specific DDInstall keys ------------------------------------- */
    {.name = "Characteristics",
     .syntax = "Characteristics=NCF_*-mask",
     .where = K(DDINSTALL),
     .description = "Network INFs: what the network component is (virtual, physical, hidden, "
                    "filter, ...), as a sum of NCF_* values. Required in every network DDInstall "
                    "section.",
     .url = KB_DOCS "network/ddinstall-section-in-a-network-inf-file"},
    {.name = "BusType",
     .syntax = "BusType=interface-type",
     .where = K(DDINSTALL),
     .description = "Network INFs: the bus a physical adapter works on, an INTERFACE_TYPE value "
                    "(5 = PCI).",
     .url = KB_DOCS "network/ddinstall-section-in-a-network-inf-file"},

    /* ---- COM ---------------------------------------------------------- */
    {.name = "AddComServer",
     .syntax = "AddComServer=ServerName,[flags],com-server-section",
     .where = K(DDINSTALL_COM),
     .description = "Registers an in-process COM server whose binary runs from the Driver Store, "
                    "replacing RegisterDlls and HKCR writes (Windows 11 24H2+).",
     .url = D "inf-addcomserver-directive",
     .min_build = 26100,
     .refs = REF(3, COM_SERVER)},
    {.name = "ServerType",
     .syntax = "ServerType=1",
     .where = K(COM_SERVER),
     .description = "The kind of COM server; `1` is an in-process server.",
     .url = D "inf-addcomserver-directive"},
    {.name = "ServerBinary",
     .syntax = "ServerBinary=%13%\\server.dll",
     .where = K(COM_SERVER),
     .description = "The server DLL, in the Driver Store.",
     .url = D "inf-addcomserver-directive"},
    {.name = "ServerBinaryWow64",
     .syntax = "ServerBinaryWow64=%13%\\server32.dll",
     .where = K(COM_SERVER),
     .description = "Optional 32-bit build of the server for WOW64 clients.",
     .url = D "inf-addcomserver-directive"},
    {.name = "AddComClass",
     .syntax = "AddComClass={CLSID}[,flags[,com-class-section]]",
     .where = K(COM_SERVER),
     .description = "Registers one COM class served by this server, with optional settings "
                    "such as the threading model.",
     .url = D "inf-addcomclass-directive",
     .min_build = 26100,
     .refs = REF(3, COM_CLASS)},
    {.name = "ThreadingModel",
     .syntax = "ThreadingModel=Apartment|Free|Both|Neutral",
     .where = K(COM_CLASS),
     .description = "The COM threading model of the class (InfVerif 1160 checks the value).",
     .url = D "inf-addcomclass-directive",
     .values = VALS("Apartment", "Free", "Both", "Neutral")},

    /* ---- power settings ----------------------------------------------- */
    {.name = "SubGroup",
     .syntax = "SubGroup={subgroup-guid}[,name,description,icon]",
     .where = K(POWER_SETTING),
     .description = "The power-setting subgroup the setting belongs to.",
     .url = D "inf-addpowersetting-directive"},
    {.name = "Setting",
     .syntax = "Setting={setting-guid},[name],[description],[icon]",
     .where = K(POWER_SETTING),
     .description = "The GUID and names of the power setting itself.",
     .url = D "inf-addpowersetting-directive"},
    {.name = "Value",
     .syntax = "Value=value-index,value-name,[value-description],value-flags,value-data",
     .where = K(POWER_SETTING),
     .description = "One allowed value of a setting with discrete values; flags give its "
                    "type (`0x00010001` DWORD, `0x00000001` binary, `0` string).",
     .url = D "inf-addpowersetting-directive"},
    {.name = "ValueRange",
     .syntax = "ValueRange=range-minimum,range-maximum,range-increment,[unit-label]",
     .where = K(POWER_SETTING),
     .description = "The range of a numeric setting.",
     .url = D "inf-addpowersetting-directive"},
    {.name = "Default",
     .syntax = "Default={power-scheme-personality-GUID},AC/DC-index,default-index-or-value",
     .where = K(POWER_SETTING),
     .description = "Default value for one power scheme personality (power saver, balanced, "
                    "high performance) on AC (`0`) or DC (`1`); six lines cover all of them.",
     .url = D "inf-addpowersetting-directive"},

    /* ---- resources (LogConfig / FactDef) ------------------------------- */
    {.name = "ConfigPriority",
     .syntax = "ConfigPriority=priority-value[,config-type]",
     .where = K(LOG_CONFIG) | K(DDINSTALL_FACTDEF),
     .description = "How preferable this resource configuration is compared with others.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U},
    {.name = "DMAConfig",
     .syntax = "DMAConfig=[DMAattrs:]DMANum[,DMANum]...",
     .where = K(LOG_CONFIG) | K(DDINSTALL_FACTDEF),
     .description = "DMA channels the device can use.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U},
    {.name = "IOConfig",
     .syntax = "IOConfig=io-range[,io-range]...",
     .where = K(LOG_CONFIG) | K(DDINSTALL_FACTDEF),
     .description = "I/O port ranges the device can use.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U},
    {.name = "MemConfig",
     .syntax = "MemConfig=mem-range[,mem-range]...",
     .where = K(LOG_CONFIG) | K(DDINSTALL_FACTDEF),
     .description = "Memory ranges the device can use.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U},
    {.name = "IRQConfig",
     .syntax = "IRQConfig=[IRQattrs:]IRQNum[,IRQNum]...",
     .where = K(LOG_CONFIG) | K(DDINSTALL_FACTDEF),
     .description = "Interrupt lines the device can use.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U},
    {.name = "PcCardConfig",
     .syntax = "PcCardConfig=ConfigIndex[:[MemoryCardBase1][:MemoryCardBase2]][(attrs)]",
     .where = K(LOG_CONFIG),
     .description = "Configuration of a PC Card (PCMCIA) device.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U},
    {.name = "MfCardConfig",
     .syntax = "MfCardConfig=ConfigRegBase:ConfigOptions[:IoAccessIndex][(attrs)]",
     .where = K(LOG_CONFIG),
     .description = "Configuration of one function of a multifunction PC Card.",
     .url = D "inf-logconfig-directive",
     .flags = NOT_U},

    /* ---- profile items ------------------------------------------------ */
    {.name = "Name",
     .syntax = "Name=link-name[,name-attributes]",
     .where = K(PROFILE_ITEMS),
     .description = "Name of the Start-menu shortcut.",
     .url = D "inf-profileitems-directive"},
    {.name = "CmdLine",
     .syntax = "CmdLine=dirid,[subdir],filename",
     .where = K(PROFILE_ITEMS),
     .description = "What the shortcut runs, as a bare DIRID plus subdirectory and file.",
     .url = D "inf-profileitems-directive"},
    {.name = "SubDir",
     .syntax = "SubDir=path",
     .where = K(PROFILE_ITEMS),
     .description = "Start-menu subfolder for the shortcut.",
     .url = D "inf-profileitems-directive"},
    {.name = "WorkingDir",
     .syntax = "WorkingDir=dirid[,subdir]",
     .where = K(PROFILE_ITEMS),
     .description = "Working directory of the shortcut, as a DIRID.",
     .url = D "inf-profileitems-directive"},
    {.name = "IconPath",
     .syntax = "IconPath=dirid,[subdir],filename",
     .where = K(PROFILE_ITEMS),
     .description = "File that holds the shortcut's icon.",
     .url = D "inf-profileitems-directive"},
    {.name = "IconIndex",
     .syntax = "IconIndex=index",
     .where = K(PROFILE_ITEMS),
     .description = "Which icon of `IconPath` to use.",
     .url = D "inf-profileitems-directive"},
    {.name = "HotKey",
     .syntax = "HotKey=hotkey-code",
     .where = K(PROFILE_ITEMS),
     .description = "Keyboard shortcut for the item.",
     .url = D "inf-profileitems-directive"},
    {.name = "Infotip",
     .syntax = "Infotip=\"text\"|@resource",
     .where = K(PROFILE_ITEMS),
     .description = "Tooltip text of the shortcut.",
     .url = D "inf-profileitems-directive"},
    {.name = "DisplayResource",
     .syntax = "DisplayResource=\"dll\",resource-id",
     .where = K(PROFILE_ITEMS),
     .description = "Localized display name of the shortcut, from a resource.",
     .url = D "inf-profileitems-directive"},

    /* ---- DestinationDirs, ControlFlags, SignatureAttributes ------------ */
    {.name = "DefaultDestDir",
     .syntax = "DefaultDestDir=dirid[,subdir]",
     .where = K(DESTINATION_DIRS),
     .description = "Destination for every file list without its own DestinationDirs line, and "
                    "for `CopyFiles=@file`. The DIRID is a bare number (not `%13%`); isolated "
                    "packages use `13`.",
     .url = D "inf-destinationdirs-section"},
    {.name = "ExcludeFromSelect",
     .syntax = "ExcludeFromSelect[.NTamd64]=*|device-id[,device-id]...",
     .where = K(CONTROL_FLAGS),
     .description = "Hides the listed devices (or, with `*`, all of them) from the manual "
                    "device-selection list.",
     .url = D "inf-controlflags-section",
     .flags = INFA_KB_F_NT_DECORATIONS},
    {.name = "CopyFilesOnly",
     .syntax = "CopyFilesOnly=device-id[,device-id]...",
     .where = K(CONTROL_FLAGS),
     .description = "For the listed devices, only the files are copied during install.",
     .url = D "inf-controlflags-section"},
    {.name = "InteractiveInstall",
     .syntax = "InteractiveInstall=device-id[,device-id]...",
     .where = K(CONTROL_FLAGS),
     .description = "Forces an interactive install for the listed devices; rarely appropriate.",
     .url = D "inf-controlflags-section"},
    {.name = "RequestAdditionalSoftware",
     .syntax = "RequestAdditionalSoftware=*|device-id[,...]",
     .where = K(CONTROL_FLAGS),
     .description = "Tells Windows the devices need extra software from the vendor (Windows 7 "
                    "through Windows 10 1709).",
     .url = D "inf-controlflags-section"},
    {.name = "Elam",
     .syntax = "Elam=true",
     .where = K(SIGNATURE_ATTRIBUTES),
     .description = "Requests an Early Launch Anti-Malware signature for the file.",
     .url = D "inf-signatureattributes-section"},
    {.name = "HalExt",
     .syntax = "HalExt=true",
     .where = K(SIGNATURE_ATTRIBUTES),
     .description = "Requests a HAL extension signature for the file.",
     .url = D "inf-signatureattributes-section"},
    {.name = "PETrust",
     .syntax = "PETrust=true",
     .where = K(SIGNATURE_ATTRIBUTES),
     .description = "Requests a PE trust signature for the file.",
     .url = D "inf-signatureattributes-section"},
    {.name = "DRMLevel",
     .syntax = "DRMLevel=1300|1200",
     .where = K(SIGNATURE_ATTRIBUTES),
     .description = "Requests a DRM signature of the given level.",
     .url = D "inf-signatureattributes-section",
     .values = VALS("1300", "1200")},
    {.name = "WindowsHello",
     .syntax = "WindowsHello=true",
     .where = K(SIGNATURE_ATTRIBUTES),
     .description = "Requests a Windows Hello signature for the file.",
     .url = D "inf-signatureattributes-section"},

    /* ---- WDF ---------------------------------------------------------- */
    {.name = "KmdfService",
     .syntax = "KmdfService=ServiceName,wdf-service-install-section",
     .where = K(DDINSTALL_WDF),
     .description = "Ties a KMDF driver's service to the section that says which KMDF version "
                    "it needs. The service name is at most 31 characters.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .refs = REF(2, WDF_SERVICE_INSTALL)},
    {.name = "KmdfLibraryVersion",
     .syntax = "KmdfLibraryVersion=major.minor",
     .where = K(WDF_SERVICE_INSTALL),
     .description = "The KMDF version the driver was built against, usually the stampinf token "
                    "`$KMDFVERSION$`.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {.name = "UmdfService",
     .syntax = "UmdfService=ServiceName,wdf-service-install-section",
     .where = K(DDINSTALL_WDF),
     .description = "Ties a UMDF driver to its section (library version, DLL). It needs a "
                    "`UmdfLibraryVersion` there (1084) and an entry in `UmdfServiceOrder` "
                    "(1400).",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .refs = REF(2, WDF_SERVICE_INSTALL)},
    {.name = "UmdfServiceOrder",
     .syntax = "UmdfServiceOrder=service[,service]...",
     .where = K(DDINSTALL_WDF),
     .description = "Order of the UMDF drivers in the device stack, lowest first. Required even "
                    "with a single driver, and it cannot come from an included INF.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {.name = "UmdfLibraryVersion",
     .syntax = "UmdfLibraryVersion=major.minor.service",
     .where = K(WDF_SERVICE_INSTALL),
     .description = "The UMDF version the driver uses, usually `$UMDFVERSION$`. Versions below "
                    "2 (UMDF 1.x) are deprecated (1402).",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {.name = "ServiceBinary",
     .syntax = "ServiceBinary=%13%\\driver.dll",
     .where = K(WDF_SERVICE_INSTALL),
     .description = "Where the UMDF driver DLL is. Older docs use `%12%\\UMDF`; isolated "
                    "packages use `%13%` (Windows 10 1803+).",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {.name = "UmdfExtensions",
     .syntax = "UmdfExtensions=cxServiceName",
     .where = K(WDF_SERVICE_INSTALL),
     .description = "The class extension the UMDF driver builds on.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {.name = "DriverCLSID",
     .syntax = "DriverCLSID={CLSID}",
     .where = K(WDF_SERVICE_INSTALL),
     .description = "The COM class of a UMDF 1.x driver. UMDF 1 is deprecated; port to UMDF 2.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .flags = DEPR},
    {.name = "UmdfHostProcessSharing",
     .syntax = "UmdfHostProcessSharing=ProcessSharingDisabled|ProcessSharingEnabled",
     .where = K(DDINSTALL_WDF),
     .description = "Whether the device may share a host process with other devices (device "
                    "pooling). Enabled by default.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("ProcessSharingDisabled", "ProcessSharingEnabled")},
    {.name = "UmdfDirectHardwareAccess",
     .syntax = "UmdfDirectHardwareAccess=AllowDirectHardwareAccess|RejectDirectHardwareAccess",
     .where = K(DDINSTALL_WDF),
     .description = "Whether the UMDF driver may access hardware resources directly. Rejected "
                    "by default.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("AllowDirectHardwareAccess", "RejectDirectHardwareAccess")},
    {.name = "UmdfHostPriority",
     .syntax = "UmdfHostPriority=PriorityHigh",
     .where = K(DDINSTALL_WDF),
     .description = "Raises the host process priority; UMDF 2.15+, for HID and touch drivers "
                    "only.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("PriorityHigh")},
    {.name = "UmdfRegisterAccessMode",
     .syntax = "UmdfRegisterAccessMode=RegisterAccessUsingSystemCall|"
               "RegisterAccessUsingUserModeMapping",
     .where = K(DDINSTALL_WDF),
     .description = "How the driver reaches device registers: through system calls (default) "
                    "or a user-mode mapping.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("RegisterAccessUsingSystemCall", "RegisterAccessUsingUserModeMapping")},
    {.name = "UmdfImpersonationLevel",
     .syntax = "UmdfImpersonationLevel=Anonymous|Identification|Impersonation|Delegation",
     .where = K(DDINSTALL_WDF),
     .description = "The highest impersonation level the driver may use for client requests. "
                    "Identification by default.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("Anonymous", "Identification", "Impersonation", "Delegation")},
    {.name = "UmdfMethodNeitherAction",
     .syntax = "UmdfMethodNeitherAction=Copy|Reject",
     .where = K(DDINSTALL_WDF),
     .description = "Whether METHOD_NEITHER IOCTL buffers are copied to the driver or the "
                    "requests rejected (default).",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("Copy", "Reject")},
    {.name = "UmdfDispatcher",
     .syntax = "UmdfDispatcher=FileHandle|WinUsb|NativeUSB",
     .where = K(DDINSTALL_WDF),
     .description = "Where I/O goes once it leaves the user-mode stack, e.g. `WinUsb` for USB "
                    "drivers.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("FileHandle", "WinUsb", "NativeUSB")},
    {.name = "UmdfKernelModeClientPolicy",
     .syntax = "UmdfKernelModeClientPolicy=AllowKernelModeClients|RejectKernelModeClients",
     .where = K(DDINSTALL_WDF),
     .description = "Whether kernel-mode drivers may send I/O to the UMDF driver. Rejected by "
                    "default.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("AllowKernelModeClients", "RejectKernelModeClients")},
    {.name = "UmdfFileObjectPolicy",
     .syntax = "UmdfFileObjectPolicy=RejectNullAndUnknownFileObjects|"
               "AllowNullAndUnknownFileObjects",
     .where = K(DDINSTALL_WDF),
     .description = "Whether requests with a NULL or unknown file object reach the driver. "
                    "Rejected by default.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("RejectNullAndUnknownFileObjects", "AllowNullAndUnknownFileObjects")},
    {.name = "UmdfFsContextUsePolicy",
     .syntax = "UmdfFsContextUsePolicy=CanUseFsContext|CanUseFsContext2|CannotUseFsContexts",
     .where = K(DDINSTALL_WDF),
     .description = "Which file-object context fields the framework may use for its own data. "
                    "CanUseFsContext by default.",
     .url = KB_DOCS "wdf/specifying-wdf-directives-in-inf-files",
     .values = VALS("CanUseFsContext", "CanUseFsContext2", "CannotUseFsContexts")},
};

/* Sections whose lines reference sections without a fixed key. */
static const infa_kb_line_ref line_refs[] = {
    {K(MANUFACTURER), 0, NULL, {1, INFA_KB_REF_DECORATED, K(MODELS)}},
    {K(MODELS), 0, NULL, {1, 0, K(DDINSTALL)}},
    {K(INTERFACE_INSTALL32), 0, NULL, {1, 0, K(INSTALL_INTERFACE)}},
    {K(DESTINATION_DIRS), K(COPY_FILES) | K(DEL_FILES) | K(REN_FILES), "DefaultDestDir", {0, 0, 0}},
    {K(SIGNATURE_ATTRIBUTES), 0, NULL, {1, 0, K(SIGNATURE_ATTRIBUTES)}},
};

/* Exact name, or `Name.<platform>` for rows that take NT decorations. */
static bool infa_kb_directives__match(const infa_kb_directive *row, const char *name, size_t len)
{
    /* Cheap first-letter filter: models look up every line's key. */
    if (len == 0 || ((unsigned char)name[0] | 0x20) != ((unsigned char)row->name[0] | 0x20))
        return false;
    if (kb__name_eq(name, len, row->name))
        return true;
    if (!(row->flags & INFA_KB_F_NT_DECORATIONS))
        return false;
    size_t n = strlen(row->name);
    if (len <= n || name[n] != '.' || !infa_streq_nocase(name, n, row->name))
        return false;
    const infa_kb_platform *p = infa_kb_platform_find(name + n, len - n);
    return p != NULL && p->nt;
}

/* The model looks up the key of every line it extracts, so lookups go
 * through an index: first row of each name, by case-insensitive hash. Built
 * on first use; the table itself never changes. */
#define DIRECTIVES__BUCKETS 512
static uint16_t infa_kb_directives__index[DIRECTIVES__BUCKETS]; /* row + 1, 0 = empty */
static bool infa_kb_directives__indexed;

static uint32_t infa_kb_directives__hash(const char *name, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        h ^= (c >= 'A' && c <= 'Z') ? (uint32_t)(c + 32) : c;
        h *= 16777619u;
    }
    return h;
}

static void infa_kb_directives__build_index(void)
{
    for (size_t i = 0; i < KB_COUNTOF(directives); i++) {
        const char *n = directives[i].name;
        size_t len = strlen(n);
        uint32_t b = infa_kb_directives__hash(n, len) & (DIRECTIVES__BUCKETS - 1);
        bool seen = false;
        while (infa_kb_directives__index[b]) {
            if (infa_kb_directives__match(&directives[infa_kb_directives__index[b] - 1], n, len)) {
                seen = true; /* keep the first row of a name */
                break;
            }
            b = (b + 1) & (DIRECTIVES__BUCKETS - 1);
        }
        if (!seen)
            infa_kb_directives__index[b] = (uint16_t)(i + 1);
    }
    infa_kb_directives__indexed = true;
}

static size_t infa_kb_directives__first_row(const char *name, size_t len)
{
    if (!infa_kb_directives__indexed)
        infa_kb_directives__build_index();
    /* Exact names first; then rows that accept a .NT... decoration
     * (infa_kb_directives__match checks that) by the name before the first dot. */
    size_t base = len;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t b = infa_kb_directives__hash(name, base) & (DIRECTIVES__BUCKETS - 1);
        while (infa_kb_directives__index[b]) {
            size_t row = infa_kb_directives__index[b] - 1u;
            if (kb__name_eq(name, base, directives[row].name)) {
                /* The first row of this name, or a later one that matches. */
                for (size_t i = row; i < KB_COUNTOF(directives); i++)
                    if (infa_kb_directives__match(&directives[i], name, len))
                        return i;
                break;
            }
            b = (b + 1) & (DIRECTIVES__BUCKETS - 1);
        }
        const char *dot = memchr(name, '.', len);
        if (!dot || dot == name)
            break;
        base = (size_t)(dot - name);
    }
    return KB_COUNTOF(directives);
}

const infa_kb_directive *infa_kb_directive_find(const char *name, size_t len)
{
    size_t row = infa_kb_directives__first_row(name, len);
    return row < KB_COUNTOF(directives) ? &directives[row] : NULL;
}

const infa_kb_directive *infa_kb_directive_find_in(const char *name, size_t len,
                                                   infa_kind_set kinds)
{
    /* Later rows of the same name follow the first one somewhere below it. */
    for (size_t i = infa_kb_directives__first_row(name, len); i < KB_COUNTOF(directives); i++)
        if ((directives[i].where & kinds) && infa_kb_directives__match(&directives[i], name, len))
            return &directives[i];
    return NULL;
}

size_t infa_kb_directive_count(void)
{
    return KB_COUNTOF(directives);
}

const infa_kb_directive *infa_kb_directive_at(size_t i)
{
    return i < KB_COUNTOF(directives) ? &directives[i] : NULL;
}

void infa_kb_directives_for_kind(infa_kind_set kinds,
                                 void (*fn)(const infa_kb_directive *row, void *user), void *user)
{
    for (size_t i = 0; i < KB_COUNTOF(directives); i++)
        if (directives[i].where & kinds)
            fn(&directives[i], user);
}

const infa_kb_directive *infa_kb_directive_listing(infa_kind_set kind, infa_kind_set where)
{
    for (size_t i = 0; i < KB_COUNTOF(directives); i++) {
        const infa_kb_directive *d = &directives[i];
        if (!(d->where & where))
            continue;
        for (size_t r = 0; r < 2; r++)
            if (d->refs[r].field == 0 && (d->refs[r].kind & kind) &&
                !(d->refs[r].flags & INFA_KB_REF_EXTERNAL))
                return d;
    }
    return NULL;
}

size_t infa_kb_line_ref_count(void)
{
    return KB_COUNTOF(line_refs);
}

const infa_kb_line_ref *infa_kb_line_ref_at(size_t i)
{
    return i < KB_COUNTOF(line_refs) ? &line_refs[i] : NULL;
}

const infa_kb_line_ref *infa_kb_line_ref_find(infa_kind_set kinds)
{
    for (size_t i = 0; i < KB_COUNTOF(line_refs); i++)
        if (line_refs[i].container & kinds)
            return &line_refs[i];
    return NULL;
}
