/* Section kinds: names and hover text for each bit of infa_kind_set. */
#include "kb_private.h"

#define HKR_SOFTWARE                                                                               \
    "the device's **software key** (driver key); drivers open it with "                            \
    "`IoOpenDeviceRegistryKey` / `WdfDeviceOpenRegistryKey` (PLUGPLAY_REGKEY_DRIVER)"
#define HKR_HARDWARE                                                                               \
    "the device's **hardware key** (device key), where per-device settings and filters live"

/* Indexed by bit number: row i describes (1 << i). The kb test checks it. */
static const infa_kb_kind_info kinds[INFA_KIND_COUNT] = {
    {INFA_KIND_VERSION, "Version section",
     "The header every INF needs: it marks the file as an INF (`Signature`) and carries the "
     "setup class, provider, catalog and `DriverVer` of the package.",
     NULL, KB_DOCS "install/inf-version-section"},
    {INFA_KIND_MANUFACTURER, "Manufacturer section",
     "The table of contents of a device INF. Each line names a Models section and the "
     "OS/architecture decorations for which that Models section exists.",
     NULL, KB_DOCS "install/inf-manufacturer-section"},
    {INFA_KIND_MODELS, "Models section",
     "Maps hardware and compatible IDs to the DDInstall section that installs them. One line "
     "per device: `description = install-section, hw-id[, compatible-id...]`.",
     NULL, KB_DOCS "install/inf-models-section"},
    {INFA_KIND_DDINSTALL, "DDInstall section",
     "The per-device install section named by a Models line. Its directives copy files, write "
     "the software key and set properties; its `.HW`, `.Services`, ... variants cover the rest.",
     HKR_SOFTWARE, KB_DOCS "install/inf-ddinstall-section"},
    {INFA_KIND_DDINSTALL_HW, "DDInstall.HW section",
     "Device-specific registry settings that go to the hardware key, such as per-device "
     "parameters and security.",
     HKR_HARDWARE, KB_DOCS "install/inf-ddinstall-hw-section"},
    {INFA_KIND_DDINSTALL_SERVICES, "DDInstall.Services section",
     "Creates or configures the services (drivers) for the device with `AddService`. Every "
     "install section should have one; use `AddService = ,2` when no function driver is "
     "needed.",
     NULL, KB_DOCS "install/inf-ddinstall-services-section"},
    {INFA_KIND_DDINSTALL_INTERFACES, "DDInstall.Interfaces section",
     "Registers device interfaces for the device ahead of time with `AddInterface`, "
     "optionally with per-interface state.",
     NULL, KB_DOCS "install/inf-ddinstall-interfaces-section"},
    {INFA_KIND_DDINSTALL_COINSTALLERS, "DDInstall.CoInstallers section",
     "Registers device co-installers. Obsolete: packages with co-installers are no longer "
     "signed by the Hardware Dev Center.",
     HKR_SOFTWARE, KB_DOCS "install/inf-ddinstall-coinstallers-section"},
    {INFA_KIND_DDINSTALL_WDF, "DDInstall.Wdf section",
     "WDF-specific settings for the device: which KMDF or UMDF service drives it and how the "
     "UMDF host behaves.",
     NULL, KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {INFA_KIND_DDINSTALL_COMPONENTS, "DDInstall.Components section",
     "Creates software-component child devices (`SWC\\...`) with `AddComponent` (Windows 10 "
     "1703 and later).",
     NULL, KB_DOCS "install/inf-ddinstall-components-section"},
    {INFA_KIND_DDINSTALL_SOFTWARE, "DDInstall.Software section",
     "Queues companion software to install after the device with `AddSoftware` (Windows 10 "
     "1703 and later).",
     NULL, KB_DOCS "install/inf-ddinstall-software-section"},
    {INFA_KIND_DDINSTALL_FILTERS, "DDInstall.Filters section",
     "Registers upper or lower filter drivers declaratively with `AddFilter` instead of "
     "writing `UpperFilters`/`LowerFilters` values (Windows 10 1903 and later).",
     NULL, KB_DOCS "install/inf-ddinstall-filters-section"},
    {INFA_KIND_DDINSTALL_EVENTS, "DDInstall.Events section",
     "Registers ETW providers, channels and AutoLogger sessions for the device's driver.", NULL,
     KB_DOCS "install/inf-ddinstall-events-section"},
    {INFA_KIND_DDINSTALL_LOGCONFIG_OVERRIDE, "DDInstall.LogConfigOverride section",
     "Overrides the hardware resource configuration of a PnP device with `LogConfig`. Not "
     "valid in universal INFs.",
     NULL, KB_DOCS "install/inf-ddinstall-logconfigoverride-section"},
    {INFA_KIND_DDINSTALL_FACTDEF, "DDInstall.FactDef section",
     "Factory-default hardware resources for manually installed non-PnP devices. Not valid in "
     "universal INFs.",
     NULL, KB_DOCS "install/inf-ddinstall-factdef-section"},
    {INFA_KIND_DDINSTALL_WMI, "DDInstall.WMI section",
     "Sets the security descriptor of the WMI classes the driver exposes.", NULL,
     KB_DOCS "install/inf-ddinstall-wmi-section"},
    {INFA_KIND_DDINSTALL_COM, "DDInstall.COM section",
     "Registers in-process COM servers that run from the Driver Store (Windows 11 24H2 and "
     "later).",
     NULL, KB_DOCS "install/inf-ddinstall-com-section"},
    {INFA_KIND_DEFAULT_INSTALL, "DefaultInstall section",
     "The entry point used when the INF is installed directly (right-click Install, or a "
     "primitive driver). Never for device installs; needs an architecture decoration in "
     "universal INFs.",
     "**not allowed**: HKR has no meaning in sections reached from DefaultInstall",
     KB_DOCS "install/inf-defaultinstall-section"},
    {INFA_KIND_DEFAULT_INSTALL_SERVICES, "DefaultInstall.Services section",
     "The services part of a DefaultInstall section, used by primitive drivers.", NULL,
     KB_DOCS "install/inf-defaultinstall-services-section"},
    {INFA_KIND_SERVICE_INSTALL, "service-install section",
     "Describes one service for `AddService`: its type, start type, error control and binary, "
     "plus optional registry and trigger settings.",
     "the **service key** (`HKLM\\SYSTEM\\CurrentControlSet\\Services\\<name>`); isolated "
     "packages may only write under its `Parameters` subkey",
     KB_DOCS "install/inf-addservice-directive"},
    {INFA_KIND_EVENT_LOG_INSTALL, "event-log-install section",
     "Registers the service as a classic event-log source (4th field of `AddService`), "
     "usually with `EventMessageFile` and `TypesSupported` values.",
     "the service's event-log source key", KB_DOCS "install/inf-addservice-directive"},
    {INFA_KIND_INTERFACE_INSTALL, "add-interface section",
     "State for a device interface registered with `AddInterface`: registry values, "
     "properties and files for that interface instance.",
     "the device interface instance's state key", KB_DOCS "install/inf-addinterface-directive"},
    {INFA_KIND_COPY_FILES, "file-list section (copy)",
     "Lists files to copy, one per line: `dest-name[,source-name[,,flags]]`. The destination "
     "folder comes from `[DestinationDirs]`.",
     NULL, KB_DOCS "install/inf-copyfiles-directive"},
    {INFA_KIND_DEL_FILES, "file-list section (delete)",
     "Lists files to delete on the target. Not valid in universal INFs and never for DIRID 13 "
     "files.",
     NULL, KB_DOCS "install/inf-delfiles-directive"},
    {INFA_KIND_REN_FILES, "file-list section (rename)",
     "Lists files to rename at the destination, one `new-name,old-name` per line. Not valid in "
     "universal INFs.",
     NULL, KB_DOCS "install/inf-renfiles-directive"},
    {INFA_KIND_ADD_REGISTRY, "add-registry section",
     "Registry writes, one per line: `root,[subkey],[value-name],[flags],[value]`. What `HKR` "
     "means depends on the section whose `AddReg` names this one.",
     NULL, KB_DOCS "install/inf-addreg-directive"},
    {INFA_KIND_DEL_REGISTRY, "del-registry section",
     "Registry keys or values to remove: `root,subkey[,value-name][,flags][,value]`. Not "
     "valid in universal INFs.",
     NULL, KB_DOCS "install/inf-delreg-directive"},
    {INFA_KIND_BIT_REGISTRY, "bit-registry section",
     "Sets or clears bits of an existing REG_BINARY value: "
     "`root,[subkey],value-name,[flags],byte-mask,byte-to-modify`. Not valid in universal INFs.",
     NULL, KB_DOCS "install/inf-bitreg-directive"},
    {INFA_KIND_SOURCE_DISKS_NAMES, "SourceDisksNames section",
     "Numbers the source \"disks\" of the package and gives each one a path relative to the "
     "INF. Needed whenever `[SourceDisksFiles]` exists.",
     NULL, KB_DOCS "install/inf-sourcedisksnames-section"},
    {INFA_KIND_SOURCE_DISKS_FILES, "SourceDisksFiles section",
     "Lists every file shipped in the package (not the INF or catalog) with its disk number "
     "and optional subdirectory.",
     NULL, KB_DOCS "install/inf-sourcedisksfiles-section"},
    {INFA_KIND_DESTINATION_DIRS, "DestinationDirs section",
     "Says where each file-list section copies to, as a bare DIRID number and optional "
     "subdirectory. Isolated packages use `13` (the Driver Store).",
     NULL, KB_DOCS "install/inf-destinationdirs-section"},
    {INFA_KIND_STRINGS, "Strings section",
     "Defines the `%strkey%` tokens used elsewhere in the INF. `[Strings.LLLL]` variants hold "
     "localized values for a language ID.",
     NULL, KB_DOCS "install/inf-strings-section"},
    {INFA_KIND_CLASS_INSTALL32, "ClassInstall32 section",
     "Installs a new device setup class. Not valid in universal INFs, and IHV INFs may not "
     "use it for Microsoft-defined classes.",
     "the **device setup class key**", KB_DOCS "install/inf-classinstall32-section"},
    {INFA_KIND_INTERFACE_INSTALL32, "InterfaceInstall32 section",
     "Installs new device interface classes: `{InterfaceClassGUID}=install-interface-section`.",
     NULL, KB_DOCS "install/inf-interfaceinstall32-section"},
    {INFA_KIND_CONTROL_FLAGS, "ControlFlags section",
     "Controls how devices are shown in device-selection UI and how they install.", NULL,
     KB_DOCS "install/inf-controlflags-section"},
    {INFA_KIND_SIGNATURE_ATTRIBUTES, "SignatureAttributes section",
     "Requests extra signature types at certification time (ELAM, HAL extension, PE trust, "
     "DRM, Windows Hello).",
     NULL, KB_DOCS "install/inf-signatureattributes-section"},
    {INFA_KIND_WDF_SERVICE_INSTALL, "wdf-service-install section",
     "Framework settings for one KMDF or UMDF service named by `KmdfService` or "
     "`UmdfService`: library version and, for UMDF, the driver DLL.",
     NULL, KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {INFA_KIND_COMPONENT_INSTALL, "component-install section",
     "Describes a software component created by `AddComponent`: its `ComponentIDs` and "
     "`Description`.",
     NULL, KB_DOCS "install/inf-addcomponent-directive"},
    {INFA_KIND_SOFTWARE_INSTALL, "software-install section",
     "Describes software queued by `AddSoftware`: `SoftwareType`, then the binary and "
     "arguments (type 1) or the Store link (type 2).",
     NULL, KB_DOCS "install/inf-addsoftware-directive"},
    {INFA_KIND_EVENT_PROVIDER, "event-provider section",
     "Describes an ETW provider registered by `AddEventProvider`: its name, resource files and "
     "channels.",
     NULL, KB_DOCS "install/inf-addeventprovider-directive"},
    {INFA_KIND_EVENT_CHANNEL, "event-channel section",
     "Settings of one ETW channel added with `AddChannel` (isolation, access, enabled state).",
     NULL, KB_DOCS "install/inf-addeventprovider-directive"},
    {INFA_KIND_FILTER_INSTALL, "filter-install section",
     "Says where a filter added by `AddFilter` sits: either `FilterLevel` or "
     "`FilterPosition`, never both.",
     NULL, KB_DOCS "install/inf-addfilter-directive"},
    {INFA_KIND_TRIGGER, "service-trigger section",
     "A service start/stop trigger named by `AddTrigger`, typically on device-interface "
     "arrival.",
     NULL, KB_DOCS "install/inf-addservice-directive"},
    {INFA_KIND_COM_SERVER, "com-server section",
     "Describes an in-process COM server registered by `AddComServer`: server type, binary and "
     "its classes.",
     NULL, KB_DOCS "install/inf-addcomserver-directive"},
    {INFA_KIND_LOG_CONFIG, "log-config section",
     "A hardware resource configuration (I/O, memory, IRQ, DMA) for `LogConfig`. Legacy; not "
     "valid in universal INFs.",
     NULL, KB_DOCS "install/inf-logconfig-directive"},
    {INFA_KIND_ADD_PROPERTY, "add-property section",
     "Device, class or interface properties to set, by name or by `{category-guid},pid`.", NULL,
     KB_DOCS "install/inf-addproperty-directive"},
    {INFA_KIND_DEL_PROPERTY, "del-property section",
     "Properties to delete. Not valid in universal INFs.", NULL,
     KB_DOCS "install/inf-delproperty-directive"},
    {INFA_KIND_UPDATE_INI, "update-ini section",
     "Edits lines of INI files. Legacy; not valid in universal INFs.", NULL,
     KB_DOCS "install/inf-updateinis-directive"},
    {INFA_KIND_UPDATE_INIFIELDS, "update-ini-fields section",
     "Edits fields inside INI file lines. Legacy; not valid in universal INFs.", NULL,
     KB_DOCS "install/inf-updateinifields-directive"},
    {INFA_KIND_INI2REG, "ini-to-registry section",
     "Moves INI file entries into the registry. Legacy; not valid in universal INFs.", NULL,
     KB_DOCS "install/inf-ini2reg-directive"},
    {INFA_KIND_REGISTER_DLLS, "register-dlls section",
     "DLLs to self-register (`DllRegisterServer`/`DllInstall`). Legacy; convert to AddReg or "
     "`DDInstall.COM`.",
     NULL, KB_DOCS "install/inf-registerdlls-directive"},
    {INFA_KIND_UNREGISTER_DLLS, "unregister-dlls section",
     "DLLs to self-unregister. Legacy; not valid in universal INFs.", NULL,
     KB_DOCS "install/inf-unregisterdlls-directive"},
    {INFA_KIND_PROFILE_ITEMS, "profile-items section",
     "A Start-menu shortcut to create. Legacy; not valid in universal INFs.", NULL,
     KB_DOCS "install/inf-profileitems-directive"},
    {INFA_KIND_FILE_LIST_SECURITY, "file-list security section",
     "One quoted SDDL string applied to the files of the file-list section it is named after. "
     "Not allowed for files copied to DIRID 13.",
     NULL, KB_DOCS "install/inf-copyfiles-directive"},
    {INFA_KIND_POWER_SETTING, "power-setting section",
     "Defines a power setting (subgroup, setting, values and defaults) for `AddPowerSetting`.",
     NULL, KB_DOCS "install/inf-addpowersetting-directive"},
    {INFA_KIND_CLASS_INSTALL32_SERVICES, "ClassInstall32.Services section",
     "Services needed by a class installer. Not valid in universal INFs.", NULL,
     KB_DOCS "install/inf-classinstall32-services-section"},
    {INFA_KIND_INSTALL_INTERFACE, "install-interface section",
     "Registry, property and file operations for a device interface class installed from "
     "`[InterfaceInstall32]`.",
     "probably the device interface class key (not documented)",
     KB_DOCS "install/inf-interfaceinstall32-section"},
    {INFA_KIND_DEFAULT_UNINSTALL, "DefaultUninstall section",
     "Legacy uninstall entry point. Primitive drivers may keep it only with "
     "`LegacyUninstall=1`.",
     NULL, KB_DOCS "develop/creating-a-primitive-driver"},
    {INFA_KIND_AUTOLOGGER, "autologger section",
     "Settings of an ETW AutoLogger session created by `AddAutoLogger` or changed by "
     "`UpdateAutoLogger` (Windows 11 and later).",
     NULL, KB_DOCS "install/inf-addupdateautologger-directive"},
    {INFA_KIND_AUTOLOGGER_PROVIDER, "autologger-provider section",
     "How one provider is enabled in an AutoLogger session (level, keywords).", NULL,
     KB_DOCS "install/inf-addupdateautologger-directive"},
    {INFA_KIND_FAILURE_ACTIONS, "failure-actions section",
     "What the service control manager does when the service fails (Windows 11 22H2 and "
     "later).",
     NULL, KB_DOCS "install/inf-addservice-directive"},
    {INFA_KIND_WMI_CLASS, "WMI-class section",
     "The security descriptor for one WMI class named by `WMIInterface`.", NULL,
     KB_DOCS "install/inf-ddinstall-wmi-section"},
    {INFA_KIND_COM_CLASS, "com-class section",
     "Settings of one COM class added with `AddComClass` (threading model and so on).", NULL,
     KB_DOCS "install/inf-addcomclass-directive"},
    {INFA_KIND_REG_SECURITY, "registry security section",
     "One quoted SDDL string applied to the keys created by the add-registry section it is "
     "named after. Must grant `GA` to SY and BA.",
     NULL, KB_DOCS "install/inf-addreg-directive"},
};

int infa_kind_index(infa_kind_set single_kind)
{
    if (single_kind == 0 || (single_kind & (single_kind - 1)) != 0)
        return -1;
    int i = 0;
    while ((single_kind & 1u) == 0) {
        single_kind >>= 1;
        i++;
    }
    return i;
}

int infa_kind_count(infa_kind_set set)
{
    int n = 0;
    for (; set; set &= set - 1)
        n++;
    return n;
}

infa_kind_set infa_kind_next(infa_kind_set *set)
{
    infa_kind_set s = *set;
    if (s == 0)
        return INFA_KIND_UNKNOWN;
    infa_kind_set low = s & (~s + 1);
    *set = s & ~low;
    return low;
}

const infa_kb_kind_info *infa_kb_kind_info_get(infa_kind_set single_kind)
{
    int i = infa_kind_index(single_kind);
    if (i < 0)
        return NULL;
    return &kinds[i];
}

const char *infa_kind_name(infa_kind_set single_kind)
{
    const infa_kb_kind_info *k = infa_kb_kind_info_get(single_kind);
    return k ? k->name : "unknown section";
}
