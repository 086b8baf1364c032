/* System-defined section names, DDInstall suffixes and platform decorations
 * (reference/sections-and-directives.md section 1). */
#include "kb_private.h"

#define NT INFA_KB_F_NT_DECORATIONS
#define ARCH INFA_KB_F_ARCH_DECORATIONS
#define NOT_U INFA_KB_F_NOT_UNIVERSAL
#define NO_22H2 INFA_KB_F_UNSIGNABLE_22H2

static const infa_kb_section sections[] = {
    {"Version", INFA_KIND_VERSION, "Signature=\"$Windows NT$\", Class=, ClassGuid=, Provider=, ...",
     "Required in every INF and read first. It identifies the file as an INF and carries the "
     "setup class, provider, catalog file and driver version. Missing or wrong: InfVerif 1001.",
     0, KB_DOCS "install/inf-version-section"},
    {"Manufacturer", INFA_KIND_MANUFACTURER, "%strkey%=models-section-name[,TargetOSVersion]...",
     "The table of contents of a device INF: one line per manufacturer, naming its Models "
     "section and the decorations (e.g. `NTamd64`) it is provided for.",
     0, KB_DOCS "install/inf-manufacturer-section"},
    {"SourceDisksNames", INFA_KIND_SOURCE_DISKS_NAMES,
     "diskid = disk-description[,[tag-or-cab-file][,[unused][,path][,flags][,tag-file]]]",
     "Numbers the source disks of the package and where each is, relative to the INF. Takes "
     "architecture decorations such as `.amd64` (not `.NTamd64`).",
     ARCH, KB_DOCS "install/inf-sourcedisksnames-section"},
    {"SourceDisksFiles", INFA_KIND_SOURCE_DISKS_FILES, "filename=diskid[,[subdir][,size]]",
     "Lists every file of the package (never the INF or the catalog) with its disk and "
     "subdirectory. A `.amd64`-style decorated section wins over the plain one.",
     ARCH, KB_DOCS "install/inf-sourcedisksfiles-section"},
    {"DestinationDirs", INFA_KIND_DESTINATION_DIRS,
     "DefaultDestDir=dirid[,subdir] | file-list-section=dirid[,subdir]",
     "Says where the files of each CopyFiles, DelFiles and RenFiles list go, as a bare DIRID "
     "number. Required when CopyFiles is used; isolated packages use `13`.",
     0, KB_DOCS "install/inf-destinationdirs-section"},
    {"Strings", INFA_KIND_STRINGS, "strkey = value",
     "Defines the `%strkey%` tokens of the INF. `[Strings.0407]`-style sections (a 4-digit hex "
     "language ID) hold translations.",
     0, KB_DOCS "install/inf-strings-section"},
    {"ClassInstall32", INFA_KIND_CLASS_INSTALL32, "AddReg=, AddProperty=, CopyFiles=, ...",
     "Installs a new device setup class; HKR is the class key. Not valid in universal INFs, "
     "and not allowed for Microsoft-defined classes (InfVerif 1285).",
     NT | NOT_U, KB_DOCS "install/inf-classinstall32-section"},
    {"ClassInstall32.Services", INFA_KIND_CLASS_INSTALL32_SERVICES, "AddService=...",
     "Services used by a class installer. Not valid in universal INFs.", NT | NOT_U,
     KB_DOCS "install/inf-classinstall32-services-section"},
    {"InterfaceInstall32", INFA_KIND_INTERFACE_INSTALL32,
     "{InterfaceClassGUID}=install-interface-section[,flags]",
     "Installs new device interface classes and can attach registry state to each one. The "
     "flags field must be 0.",
     0, KB_DOCS "install/inf-interfaceinstall32-section"},
    {"DefaultInstall", INFA_KIND_DEFAULT_INSTALL, "CopyFiles=, AddReg=, Include=, Needs=, ...",
     "Entry point for installing the INF directly (right-click Install, primitive drivers). "
     "Never for devices, not together with `[Manufacturer]` (1212), and it needs an "
     "architecture decoration in universal INFs (1421).",
     NT, KB_DOCS "install/inf-defaultinstall-section"},
    {"DefaultInstall.Services", INFA_KIND_DEFAULT_INSTALL_SERVICES, "AddService=...",
     "The services that go with DefaultInstall. Its own page calls it invalid for universal "
     "INFs, but primitive drivers depend on it.",
     NT, KB_DOCS "install/inf-defaultinstall-services-section"},
    {"DefaultUninstall", INFA_KIND_DEFAULT_UNINSTALL, "LegacyUninstall=1, ...",
     "Legacy uninstall entry point. Primitive drivers may keep it only with "
     "`LegacyUninstall=1` (InfVerif 1422), and it must be architecture-decorated.",
     NT, KB_DOCS "develop/creating-a-primitive-driver"},
    {"ControlFlags", INFA_KIND_CONTROL_FLAGS,
     "ExcludeFromSelect=*|ids, CopyFilesOnly=ids, InteractiveInstall=ids, ...",
     "Controls how the package's devices appear in device-selection UI and how they install.", 0,
     KB_DOCS "install/inf-controlflags-section"},
    {"SignatureAttributes", INFA_KIND_SIGNATURE_ATTRIBUTES, "File = SignatureAttributes.SigType",
     "Asks for extra signatures at certification (ELAM, HAL extension, PE trust, DRM, Windows "
     "Hello); `[SignatureAttributes.<Type>]` sections hold the attributes.",
     0, KB_DOCS "install/inf-signatureattributes-section"},
};

static const infa_kb_ddinstall_suffix suffixes[] = {
    {".HW", INFA_KIND_DDINSTALL_HW,
     "Registry settings for the device's hardware key (HKR), such as per-device parameters and "
     "security.",
     0, KB_DOCS "install/inf-ddinstall-hw-section"},
    {".Services", INFA_KIND_DDINSTALL_SERVICES,
     "The services of the device, added with `AddService`. One should exist for every install "
     "section (InfVerif 1296).",
     0, KB_DOCS "install/inf-ddinstall-services-section"},
    {".Interfaces", INFA_KIND_DDINSTALL_INTERFACES,
     "Device interfaces registered at install time with `AddInterface`.", 0,
     KB_DOCS "install/inf-ddinstall-interfaces-section"},
    {".CoInstallers", INFA_KIND_DDINSTALL_COINSTALLERS,
     "Registers device co-installers. Obsolete and not valid in universal INFs.",
     NOT_U | NO_22H2 | INFA_KB_F_DEPRECATED, KB_DOCS "install/inf-ddinstall-coinstallers-section"},
    {".Wdf", INFA_KIND_DDINSTALL_WDF,
     "KMDF/UMDF settings: `KmdfService`, `UmdfService`, `UmdfServiceOrder` and the UMDF host "
     "options.",
     0, KB_DOCS "wdf/specifying-wdf-directives-in-inf-files"},
    {".Components", INFA_KIND_DDINSTALL_COMPONENTS,
     "Software-component child devices created with `AddComponent` (Windows 10 1703+).", 0,
     KB_DOCS "install/inf-ddinstall-components-section"},
    {".Software", INFA_KIND_DDINSTALL_SOFTWARE,
     "Companion software installed after the device with `AddSoftware` (Windows 10 1703+).", 0,
     KB_DOCS "install/inf-ddinstall-software-section"},
    {".Filters", INFA_KIND_DDINSTALL_FILTERS,
     "Declarative upper/lower filters added with `AddFilter` (Windows 10 1903+).", 0,
     KB_DOCS "install/inf-ddinstall-filters-section"},
    {".Events", INFA_KIND_DDINSTALL_EVENTS,
     "ETW providers, channels and AutoLogger sessions. Use the same decorations as the "
     "DDInstall section.",
     0, KB_DOCS "install/inf-ddinstall-events-section"},
    {".LogConfigOverride", INFA_KIND_DDINSTALL_LOGCONFIG_OVERRIDE,
     "Overrides the resource configuration of a PnP device. Legacy; not valid in universal "
     "INFs.",
     NOT_U | NO_22H2, KB_DOCS "install/inf-ddinstall-logconfigoverride-section"},
    {".FactDef", INFA_KIND_DDINSTALL_FACTDEF,
     "Factory-default resources of manually installed non-PnP hardware. Legacy; not valid in "
     "universal INFs.",
     NOT_U | NO_22H2, KB_DOCS "install/inf-ddinstall-factdef-section"},
    {".WMI", INFA_KIND_DDINSTALL_WMI, "Security settings for the driver's WMI classes.", 0,
     KB_DOCS "install/inf-ddinstall-wmi-section"},
    {".COM", INFA_KIND_DDINSTALL_COM,
     "In-process COM servers that run from the Driver Store (Windows 11 24H2+).", 0,
     KB_DOCS "install/inf-ddinstall-com-section"},
};

static const infa_kb_platform platforms[] = {
    {".NT", NULL, true},        {".NTx86", "x86", true},     {".NTamd64", "amd64", true},
    {".NTarm", "arm", true},    {".NTarm64", "arm64", true}, {".NTia64", "ia64", true},
    {".x86", "x86", false},     {".amd64", "amd64", false},  {".arm", "arm", false},
    {".arm64", "arm64", false}, {".ia64", "ia64", false},
};

const infa_kb_section *infa_kb_section_find(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(sections); i++)
        if (kb__name_eq(name, len, sections[i].name))
            return &sections[i];
    return NULL;
}

size_t infa_kb_section_count(void)
{
    return KB_COUNTOF(sections);
}

const infa_kb_section *infa_kb_section_at(size_t i)
{
    return i < KB_COUNTOF(sections) ? &sections[i] : NULL;
}

const infa_kb_ddinstall_suffix *infa_kb_ddinstall_suffix_find(const char *suffix, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(suffixes); i++)
        if (kb__name_eq(suffix, len, suffixes[i].suffix))
            return &suffixes[i];
    return NULL;
}

size_t infa_kb_ddinstall_suffix_count(void)
{
    return KB_COUNTOF(suffixes);
}

const infa_kb_ddinstall_suffix *infa_kb_ddinstall_suffix_at(size_t i)
{
    return i < KB_COUNTOF(suffixes) ? &suffixes[i] : NULL;
}

const infa_kb_platform *infa_kb_platform_find(const char *decoration, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(platforms); i++)
        if (kb__name_eq(decoration, len, platforms[i].decoration))
            return &platforms[i];
    return NULL;
}

size_t infa_kb_platform_count(void)
{
    return KB_COUNTOF(platforms);
}

const infa_kb_platform *infa_kb_platform_at(size_t i)
{
    return i < KB_COUNTOF(platforms) ? &platforms[i] : NULL;
}

/* Offset of the last '.' in name[0..len) that is not at position 0, or len. */
static size_t infa_kb_sections__last_dot(const char *name, size_t len)
{
    for (size_t i = len; i > 1; i--)
        if (name[i - 1] == '.')
            return i - 1;
    return len;
}

void infa_kb_section_split(const char *name, size_t len, infa_kb_section_split_result *out)
{
    out->base_len = len;
    out->platform = NULL;
    out->suffix = NULL;
    if (name == NULL)
        return;
    size_t dot = infa_kb_sections__last_dot(name, out->base_len);
    if (dot < out->base_len) {
        out->suffix = infa_kb_ddinstall_suffix_find(name + dot, out->base_len - dot);
        if (out->suffix)
            out->base_len = dot;
    }
    dot = infa_kb_sections__last_dot(name, out->base_len);
    if (dot < out->base_len) {
        out->platform = infa_kb_platform_find(name + dot, out->base_len - dot);
        if (out->platform)
            out->base_len = dot;
    }
}

/* True when name[0..len) is `base` followed by nothing or by '.'. */
static bool infa_kb_sections__has_base(const char *name, size_t len, const char *base)
{
    size_t n = strlen(base);
    if (len < n || !infa_streq_nocase(name, n, base))
        return false;
    return len == n || name[n] == '.';
}

infa_kind_set infa_kb_section_system_kind(const char *name, size_t len)
{
    if (name == NULL)
        return INFA_KIND_UNKNOWN;
    /* Sections whose tails are not platform decorations: language IDs and
     * signature types. */
    if (infa_kb_sections__has_base(name, len, "Strings"))
        return INFA_KIND_STRINGS;
    if (infa_kb_sections__has_base(name, len, "SignatureAttributes"))
        return INFA_KIND_SIGNATURE_ATTRIBUTES;

    infa_kb_section_split_result split;
    infa_kb_section_split(name, len, &split);
    const infa_kb_section *base = infa_kb_section_find(name, split.base_len);
    if (base == NULL)
        return INFA_KIND_UNKNOWN;
    if (split.platform && !split.platform->nt && !(base->flags & ARCH))
        return INFA_KIND_UNKNOWN;
    if (split.platform && split.platform->nt && !(base->flags & NT))
        return INFA_KIND_UNKNOWN;
    if (split.suffix == NULL)
        return base->kind;
    if (split.suffix->kind == INFA_KIND_DDINSTALL_SERVICES) {
        if (base->kind == INFA_KIND_DEFAULT_INSTALL)
            return INFA_KIND_DEFAULT_INSTALL_SERVICES;
        if (base->kind == INFA_KIND_CLASS_INSTALL32)
            return INFA_KIND_CLASS_INSTALL32_SERVICES;
    }
    return INFA_KIND_UNKNOWN;
}

/* Read by name by Windows or class installers, not described above. */
static const char *const read_by_name[] = {
    "OEM URLS",
    "Previous Names",
    "PrinterPackageInstallation",
    "DeviceInstall",
    "ClassInstall",
    "DefaultUninstall",
    "Manufacturer",
    "Version",
    "Strings",
    /* software-device install of Windows 8+ (AddDevice lines) */
    "DeviceInstall32",
    /* Autorun.inf, read by the shell */
    "AutoRun",
};

bool infa_kb_section_read_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(read_by_name); i++)
        if (kb__name_eq(name, len, read_by_name[i]))
            return true;
    return false;
}

size_t infa_kb_section_read_by_name_count(void)
{
    return KB_COUNTOF(read_by_name);
}

const char *infa_kb_section_read_by_name_at(size_t i)
{
    return i < KB_COUNTOF(read_by_name) ? read_by_name[i] : NULL;
}

static const char *const entry_points[] = {"Manufacturer", "DefaultInstall", "ClassInstall32",
                                           "InterfaceInstall32"};

size_t infa_kb_section_entry_point_count(void)
{
    return KB_COUNTOF(entry_points);
}

const char *infa_kb_section_entry_point_at(size_t i)
{
    return i < KB_COUNTOF(entry_points) ? entry_points[i] : NULL;
}

/* syntax.md section 2: the limit and the characters of unquoted names. */
#define KB_MAX_SECTION_NAME INFA_KB_MAX_SECTION_NAME

const char *infa_kb_section_name_problem(const char *name, size_t len)
{
    if (len == 0)
        return "A section name cannot be empty.";
    if (len > KB_MAX_SECTION_NAME)
        return "A section name is at most 255 characters long.";
    if (name[0] == ' ' || name[0] == '\t' || name[len - 1] == ' ' || name[len - 1] == '\t')
        return "A section name cannot start or end with a blank.";
    if (name[len - 1] == '\\')
        return "A section name cannot end with a backslash.";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f)
            return "A section name cannot hold control characters or line breaks.";
        if (c == '[' || c == ']' || c == ';' || c == '"' || c == '%')
            return "A section name cannot hold [, ], ;, \" or %.";
    }
    return NULL;
}

const char *infa_kb_string_key_problem(const char *name, size_t len)
{
    if (len == 0)
        return "A string key cannot be empty.";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= 0x20 || c == 0x7f)
            return "A string key cannot hold blanks, control characters or line breaks.";
        if (c == '%' || c == '"' || c == ',' || c == ';' || c == '=' || c == '[' || c == ']')
            return "A string key cannot hold %, \", ',', ;, =, [ or ].";
    }
    bool digits = true;
    for (size_t i = 0; i < len && digits; i++)
        digits = name[i] >= '0' && name[i] <= '9';
    if (digits)
        return "A string key made of digits would read as a DIRID (%13%).";
    return NULL;
}

/* Name endings of author-named sections. The INF rules let authors name
 * these sections anything (sections-and-directives.md section 1: "the kind
 * comes from the directive that references it"); these rows are the habits
 * of the shared corpus, where every referenced section with one of these
 * endings has the row's kind (540 of 540; tests/analysis checks it).
 * `_Inst` is split because the corpus splits it: `X_Service_Inst` is the
 * section AddService names (68 of 68), `X_EventLog_Inst`/`X_Logging_Inst`
 * its event-log section, and a bare `X_Inst` what a Models line names, a
 * DDInstall section (xenbus, scsi, kdodsamp). `Service` alone
 * (`[X.Service]`, `[X_Service]`) is AddService's service-install section
 * too; `.Services` is the DDInstall suffix and does not end in it.
 * `_Install` is left out: the corpus uses it for WDF, DDInstall and service
 * sections alike (108 would disagree). */
static const infa_kb_name_hint name_hints[] = {
    {"AddReg", INFA_KIND_ADD_REGISTRY},
    {"_Reg", INFA_KIND_ADD_REGISTRY},
    {".Reg", INFA_KIND_ADD_REGISTRY},
    {"DelReg", INFA_KIND_DEL_REGISTRY},
    {"CopyFiles", INFA_KIND_COPY_FILES},
    {"Service", INFA_KIND_SERVICE_INSTALL},
    {"ServiceInstall", INFA_KIND_SERVICE_INSTALL},
    {"_Service_Inst", INFA_KIND_SERVICE_INSTALL},
    {"_EventLog_Inst", INFA_KIND_EVENT_LOG_INSTALL},
    {"_Logging_Inst", INFA_KIND_EVENT_LOG_INSTALL},
    {"EventLog", INFA_KIND_EVENT_LOG_INSTALL},
    {"KmdfService", INFA_KIND_WDF_SERVICE_INSTALL},
    {"_Inst", INFA_KIND_DDINSTALL},
};

const infa_kb_name_hint *infa_kb_name_hint_find(const char *name, size_t len)
{
    const infa_kb_name_hint *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < KB_COUNTOF(name_hints); i++) {
        size_t el = strlen(name_hints[i].ending);
        if (len <= el || el <= best_len ||
            !infa_streq_nocase(name + len - el, el, name_hints[i].ending))
            continue;
        best = &name_hints[i];
        best_len = el;
    }
    return best;
}

size_t infa_kb_name_hint_count(void)
{
    return KB_COUNTOF(name_hints);
}

const infa_kb_name_hint *infa_kb_name_hint_at(size_t i)
{
    return i < KB_COUNTOF(name_hints) ? &name_hints[i] : NULL;
}
