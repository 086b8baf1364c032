/* InfVerif's documented codes: for each, its level in /k (declarative), /u
 * (universal) and /w (Windows Driver), and the message InfVerif prints (a
 * template: <value> stands for what InfVerif fills in). One row per line of
 * ../shared/reference/infverif-codes.tsv (WDK INFA_KB_WDK_BUILD), in the same
 * order; tests/analysis/kb checks the two agree. The engine takes a finding's
 * severity in the three InfVerif profiles from here, so levels are data, not
 * code. The messages are InfVerif's output strings, kept only so that reports
 * can carry them for scripts that match InfVerif's output; our own messages
 * are written by the rules. */
#include "kb_private.h"

#define E INFA_KB_LEVEL_ERROR
#define W INFA_KB_LEVEL_WARNING
#define N INFA_KB_LEVEL_NONE

static const infa_kb_infverif kb__infverif[] = {
    {1000, {E, E, E}, "INF '<value>' could not be found."},
    {1001,
     {E, E, E},
     "Invalid INF '<value>', must contain [Version] section and have signature \"$Windows NT$\"."},
    {1002,
     {E, E, E},
     "Invalid INF '<value>', parsing error on line <value>. The parser returned error 0x<value>."},
    {1003, {E, E, E}, "INF has invalid or unknown file encoding, must be ANSI or UTF-16 LE."},
    {1005, {E, E, E}, "Section name required for <value> directive."},
    {1006, {E, E, E}, "Missing value for <value>."},
    {1008, {E, E, E}, "Missing or invalid disk ID for '<value>' under [<value>] section."},
    {1010,
     {E, E, E},
     "Invalid ClassGuid \"<value>\", expecting {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}."},
    {1011, {E, E, E}, "Missing models section name in [Manufacturer] section."},
    {1013, {E, E, E}, "Missing <value> <value> key in section <value>."},
    {1014, {E, E, E}, "Invalid <value> <value> key in section <value>."},
    {1015, {E, E, E}, "Invalid <value> path \"<value>\" in section <value>."},
    {1016, {E, E, E}, "Failed to get <value> path for <value> file \"<value>\"."},
    {1017, {E, E, E}, "Service name <value> is reserved for internal use only."},
    {1019,
     {E, E, E},
     "Invalid <value> <value> GUID \"<value>\", expecting {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}."},
    {1020, {E, E, E}, "Filter level name \"<value>\" is reserved."},
    {1021, {E, E, E}, "Service '<value>' exceeds maximum name length (<value>) when made unique."},
    {1022,
     {E, E, E},
     "Service name '<value>' must utilize the unique names feature across all declarations."},
    {1078, {E, E, E}, "Skipping <value> \"<value>\" specified under <value> directive."},
    {1080, {E, E, E}, "<value> directive missing <value>."},
    {1081, {E, E, E}, "<value> directive has invalid <value> \"<value>\"."},
    {1082, {E, E, E}, "<value> directive has invalid <value>."},
    {1083, {E, E, E}, "<value> directive has invalid <value> on <value>."},
    {1084,
     {E, E, E},
     "Missing '<value>' directive for '<value>' directive with <value> \"<value>\" in section "
     "[<value>]."},
    {1085, {E, E, E}, "<value> directive incomplete."},
    {1086, {E, E, E}, "Duplicate <value> '<value>' may be skipped."},
    {1087, {E, E, E}, "Cannot have both <value> and <value> directives, <value> will be ignored."},
    {1088, {E, E, E}, "Duplicate <value> directive not allowed."},
    {1100,
     {E, E, E},
     "Source and destination <value> must match for file '<value>' when using CopyFiles with DIRID "
     "<value>."},
    {1101, {E, E, E}, "Security descriptors cannot be used with DIRID <value>."},
    {1102, {E, E, E}, "Invalid directive <value>, cannot be used with DIRID <value>."},
    {1103, {E, E, E}, "Invalid flag 0x<value>, cannot be used with DIRID <value>."},
    {1110, {E, E, E}, "Cannot specify file '<value>' in a CopyINF directive."},
    {1141,
     {E, E, E},
     "Invalid device software binary '<value>', path must be relative to referencing driver "
     "package."},
    {1142,
     {E, E, E},
     "Invalid device software in section [<value>], SoftwareType is <value> but <value> is "
     "missing."},
    {1144,
     {W, E, W},
     "Device software with SoftwareType <value> may not execute on all product types."},
    {1150,
     {E, E, E},
     "Invalid directive <value> in section [<value>], cannot contain characters '\\' or ','."},
    {1160,
     {E, E, E},
     "Unknown threading model '<value>' specified for COM class '<value>', expecting 'Apartment', "
     "'Free', 'Both', or 'Neutral'."},
    {1180,
     {E, E, E},
     "Invalid event channel in section [<value>], cannot have duplicate value (<value>) across "
     "multiple channels under section [<value>]."},
    {1181,
     {E, E, E},
     "Invalid event channel <value> value '<value>' in section [<value>], cannot be used with "
     "<value> <value>."},
    {1182,
     {E, E, E},
     "Event channel <value> and <value> mismatch in section [<value>], expecting <value>=<value> "
     "for <value>=<value>."},
    {1199,
     {E, E, E},
     "The syntax '<value>' was introduced in OS version <value>.<value>.<value>, but DDInstall "
     "sections utilizing the syntax will install on earlier OS versions. Those DDInstall sections "
     "should be restricted to only install on <value>.<value>.<value> or higher using a "
     "TargetOSVersion decoration."},
    {1201, {W, W, W}, "<value> entry has an extra value '<value>' and will be ignored."},
    {1202,
     {E, E, E},
     "Included INF '<value>' not found. Only system provided INFs may be included."},
    {1203, {E, E, E}, "Section [<value>] not found."},
    {1204, {E, E, E}, "Provider cannot be \"Microsoft\", must be organization who authored INF."},
    {1205, {W, W, W}, "Section [<value>] referenced from <value> and <value> directive."},
    {1206, {E, E, E}, "Invalid reference of non-<value> section [<value>] from <value> directive."},
    {1207, {E, E, E}, "Directive '<value>' not allowed in MSFT INFs."},
    {1208, {E, E, E}, "Directive '<value>' not allowed."},
    {1209, {E, E, E}, "Section [<value>] is defined multiple times."},
    {1210, {E, E, E}, "Provider cannot be \"<value>\", must be set to \"<value>\"."},
    {1211,
     {E, E, E},
     "Cannot have multiple associated services under [<value>], \"<value>\" and \"<value>\". Only "
     "one service may use SPSVCINST_ASSOCSERVICE."},
    {1212, {E, E, E}, "Cannot have both [<value>] and [<value>] sections."},
    {1213, {E, E, E}, "Cannot list CAT files under [SourceDisksFiles]."},
    {1214, {E, E, E}, "Invalid catalog file '<value>', expecting 'filename.cat'."},
    {1217,
     {E, E, E},
     "Invalid version '<value>' in <value> directive, expecting w.x.y.z, where each segment is "
     "between 0-65536."},
    {1218, {E, E, E}, "Invalid driver date value <value> in <value>, expecting MM/DD/YYYY."},
    {1220, {E, E, E}, "Cannot directly reference a section defined in an included INF (<value>)."},
    {1222,
     {E, E, E},
     "Cannot modify <value>\\\\<value> registry keys, although HKLM\\SYSTEM\\CurrentControlSet is "
     "allowed."},
    {1223, {E, E, E}, "Cannot modify <value>\\\\<value> registry key."},
    {1224, {E, E, E}, "Invalid registry root \"<value>\"."},
    {1225, {E, E, E}, "Registry value '<value>' must be type '<value>'."},
    {1226,
     {E, E, E},
     "Security descriptor not allowed for registry value '<value>' directly under <value>."},
    {1229, {E, E, E}, "Missing <value> filename on <value> entry."},
    {1230, {E, E, E}, "Missing file '<value>' under [SourceDisksFiles] section."},
    {1231,
     {W, E, E},
     "Invalid compressed filename '<value>' specified under [SourceDisksFiles] section, expecting "
     "uncompressed filename '<value>'."},
    {1233, {E, E, E}, "Missing directive <value> required for digital signature."},
    {1234,
     {E, E, E},
     "Required directive <value> missing, empty, or invalid in [<value>] section."},
    {1235,
     {E, E, E},
     "String token '<value>' not defined in [<value>] section - if intending to use a literal "
     "'<value>' in a string, use '<value>' instead."},
    {1241,
     {E, E, E},
     "Unresolvable user-defined DIRID (<value>) for source file \"<value>\" in section [<value>]."},
    {1242,
     {E, E, E},
     "Unresolvable DIRID (<value>) for source file \"<value>\" in section [<value>]."},
    {1243,
     {E, E, E},
     "Invalid DIRID value (<value>) for source file \"<value>\" in section [<value>]."},
    {1245, {E, E, E}, "Invalid feature score '<value>'."},
    {1250,
     {E, E, E},
     "Invalid EventLogType '<value>', expecting 'System', 'Application', or 'Security'."},
    {1251,
     {W, W, W},
     "Cannot add disabled (StartType=4) service '<value>' with SPSVCINST_ASSOCSERVICE flag."},
    {1252, {W, W, W}, "Cannot add service '<value>' with <value>=<value> and ServiceType=<value>."},
    {1253, {E, E, E}, "Skipping directive '<value>' without a service name in section [<value>]."},
    {1254,
     {E, E, E},
     "Invalid service image path for service '<value>' with ServiceBinary='<value>'."},
    {1256, {E, E, E}, "Invalid WMI interface flags '<value>'."},
    {1257,
     {E, E, E},
     "Registry operation value may be incorrect in some contexts, use <value> instead of Windows "
     "directory."},
    {1258,
     {E, E, E},
     "File path \"<value>\" in <value> may be incorrect in some device installation scenarios or "
     "contexts, use <value>\\\\<subdirectory> instead."},
    {1260, {E, E, E}, "Invalid <value> directive due to invalid <value>."},
    {1261, {E, E, E}, "Undefined device \"<value>\" with section [<value>]."},
    {1262, {E, E, E}, "Invalid <value> entry due to non-byte bitmask '0x<value>."},
    {1263, {E, E, E}, "Invalid <value> entry due to conflicting custom and known value types."},
    {1264, {E, E, E}, "Invalid <value> entry due to missing value type flag on custom value type."},
    {1265, {E, E, E}, "Invalid <value> entry due to append flag on non multi-sz value."},
    {1266, {E, E, E}, "Invalid <value> entry due to no value on a multi-sz delete."},
    {1267,
     {E, E, E},
     "Invalid binary data in <value> entry, expecting one or more bytes between 00-FF."},
    {1268,
     {E, E, E},
     "Invalid numeric value in <value> entry, expecting <value>-bit decimal (0+) or hexadecimal "
     "(0x0+) value."},
    {1270,
     {E, E, E},
     "INF does not install a driver for any hardware IDs created in [DeviceInstall32] section."},
    {1271, {E, E, E}, "Missing model install section name."},
    {1272, {E, E, E}, "Ignoring service section [<value>] for unnamed service."},
    {1273,
     {E, E, E},
     "Source file \"<value>\" uses disk id <value>, which is not listed under [<value>]."},
    {1274,
     {E, E, E},
     "Unresolved $ARCH$ token for section [<value>]. Must run stampinf tool to resolve case "
     "sensitive $ARCH$ tokens."},
    {1275, {E, E, E}, "<value> '<value>' is not listed in [DestinationDirs]."},
    {1280,
     {E, E, E},
     "Class name and ClassGuid mismatch, expecting Class \"<value>\" for ClassGuid \"<value>\"."},
    {1281,
     {E, E, E},
     "Class name and ClassGuid mismatch, expecting ClassGuid \"<value>\" for Class \"<value>\"."},
    {1284, {E, E, E}, "Class \"<value>\" is reserved for use by Microsoft."},
    {1285, {E, E, E}, "Cannot specify [ClassInstall32] section for Microsoft-defined class."},
    {1286, {E, E, E}, "Invalid <value> value \"<value>\" exceeds max length of <value>."},
    {1287,
     {E, E, E},
     "Invalid target OS version decoration '<value>' for model section name '<value>' under "
     "[<value>] section."},
    {1288,
     {E, E, E},
     "Invalid target OS version '<value>.<value>.<value>', must be '<value>.<value>.<value>' or "
     "greater if specifying build number."},
    {1289, {E, E, E}, "Missing directive '<value>' under [<value>] section."},
    {1290, {E, E, E}, "Invalid directive '<value>' for [<value>] section."},
    {1292,
     {E, E, E},
     "<value> directive requires an indirect string in [Strings] section and referenced as "
     "<value>."},
    {1293, {E, E, E}, "Service name '<value>' is reserved."},
    {1294, {E, E, E}, "Duplicate <value> '<value>' in section [<value>]."},
    {1295,
     {E, E, E},
     "Section [<value>] contains a different number of strings than section [<value>]."},
    {1296,
     {E, E, E},
     "Hardware '<value>' does not have an associated service using install section '<value>'."},
    {1297,
     {E, E, E},
     "Device driver does not install on any devices, use primitive driver if this is intended."},
    {1299, {E, E, E}, "Additional validation checks skipped due to parsing errors."},
    {1300, {E, E, E}, "Found legacy <value> <value>."},
    {1301, {E, E, E}, "Found legacy <value> operation<value>."},
    {1302, {E, E, E}, "Found legacy <value> operation for '<value>'<value>."},
    {1303, {E, E, E}, "Found legacy <value> operation defining <value> (<value>)<value>."},
    {1304,
     {W, E, N},
     "Found legacy <value> operation using non-relative key (<value>\\\\<value>)<value>."},
    {1305,
     {W, E, E},
     "Found legacy <value> operation using appendable multi-sz value (<value>\\\\<value>)<value>."},
    {1306,
     {W, E, N},
     "Found legacy <value> operation with non-system target path (<value>) for '<value>'<value>."},
    {1307, {W, E, E}, "Found legacy <value> <value>."},
    {1308, {W, E, E}, "Found legacy <value> operation<value>."},
    {1309, {W, E, E}, "Found legacy <value> operation for '<value>'<value>."},
    {1310,
     {E, E, E},
     "Needed section [<value>] with suffix '.<value>' does not match suffix of first referencing "
     "section [<value>.<value>]."},
    {1311,
     {E, E, E},
     "Needed section [<value>] must have suffix '.<value>' to match the first referencing section "
     "[<value>.<value>]."},
    {1312,
     {E, E, E},
     "Needed section [<value>] with suffix '.<value>' does not match the suffix of the parent "
     "section [<value>]."},
    {1313,
     {E, E, E},
     "Needed section [<value>] must have suffix '.<value>' to match the suffix of the parent "
     "section [<value>]."},
    {1314,
     {E, E, E},
     "Needed section [<value>] found in included INF \"<value>\", not referenced from [<value>]."},
    {1315, {E, E, E}, "Needed section [<value>] not found."},
    {1316, {E, E, E}, "Needed decorated section [<value>.<value>] not found."},
    {1317,
     {E, E, E},
     "Needed undecorated section [<value>] is not part of the target OS platform."},
    {1318, {E, E, E}, "Included INF \"<value>\" is not part of the target OS platform."},
    {1319,
     {E, E, E},
     "Section [<value>] must include file \"<value>\" to use the Needs directive on [<value>]."},
    {1320, {N, N, E}, "Registry root '<value>\\\\<value>' is not isolated to HKR."},
    {1321,
     {N, N, E},
     "Registry root (<value>\\\\<value>) of value '<value>' is not isolated to HKR."},
    {1322,
     {N, N, E},
     "Destination file path '<value>' for file '<value>' is not isolated to DIRID <value>."},
    {1323, {N, N, E}, "Service registry key '<value>' must be under the Parameters subkey."},
    {1324,
     {W, W, E},
     "[Version] section should specify PnpLockdown=1 to prevent external apps from modifying "
     "installed driver files."},
    {1325,
     {W, W, E},
     "Unsupported COM class registration '<value>', only InprocServer32 supported."},
    {1326, {W, W, E}, "Unisolated file path '<value>', expecting FileName under <value>."},
    {1328, {N, N, W}, "Unsupported file path '<value>' replaced with '<value>'."},
    {1329,
     {N, N, E},
     "Cannot add filters with registry or property, use [DDInstall.Filters] section."},
    {1330,
     {E, E, E},
     "Cannot copy multiple different sources files ('<value>' and '<value>') to destination file "
     "'<value>'."},
    {1331,
     {W, E, E},
     "Cannot set registry value '<value>\\\\<value>\\\\<value>' differently between sections "
     "[<value>] and [<value>]."},
    {1332,
     {W, E, E},
     "Cannot set registry value '<value>\\\\<value>\\\\<value>' differently between sections "
     "[<value>] and [<value>] for service '<value>'."},
    {1333,
     {W, E, E},
     "Cannot configure service '<value>' differently between sections [<value>] and [<value>]."},
    {1340, {N, N, E}, "Specified DIRID '<value>' not allowed."},
    {1341, {N, N, E}, "Specified DIRID '<value>' not allowed."},
    {1380, {E, E, E}, "Invalid ExtensionId \"<value>\" specified in [Version] section."},
    {1381, {E, E, E}, "Missing ExtensionId directive in [Version] section."},
    {1382, {E, E, E}, "Cannot specify '<value>' directive in Extension INFs."},
    {1383, {E, E, E}, "Cannot specify '<value>' flag for services defined in extension INFs."},
    {1384,
     {W, W, W},
     "Use of filters with registry or property in extension INFs not recommended, use "
     "[DDInstall.Filters] section."},
    {1400, {E, E, E}, "Service '<value>' not specified in a UMDF service directive."},
    {1401, {E, E, E}, "Directive '<value>' not supported in <value> version <value>.<value>."},
    {1402,
     {N, N, E},
     "<value> version <value>.<value> has been deprecated, driver should be ported to use version "
     "<value> <value> driver model."},
    {1420, {E, E, E}, "[DefaultInstall]-based INF cannot be processed as Primitive."},
    {1421, {E, E, E}, "Section [<value>] missing an architecture decoration."},
    {1422,
     {E, E, E},
     "[DefaultUninstall.NT*] section should set LegacyUninstall=1 to support both Primitive INF "
     "and downlevel install compatibility."},
    {1423, {E, E, E}, "Primitive drivers require an architecture-decorated [<value>] section."},
    {1430, {E, E, E}, "Registry value '<value>' not allowed under '<value>\\\\<value>'."},
    {1431,
     {E, E, E},
     "Well-known registry value '<value>' has incorrect type, expecting value type 0x<value>."},
    {1450, {N, N, W}, "Legacy unisolated directive '<value>' may be ignored."},
    {2004, {W, W, W}, "Use of <value> directive not recommended."},
    {2006, {E, E, E}, "Undefined service '<value>' under [<value>] section."},
    {2008, {E, E, E}, "Section name [<value>] is also used by an included INF."},
    {2009, {W, W, W}, "Legacy directive '<value>' will be ignored."},
    {2010, {W, W, W}, "Section [<value>] should have '.<value>' decoration."},
    {2083, {W, W, W}, "Section [<value>] not referenced or used."},
    {2084, {W, W, E}, "Service binary '<value>' should reference a CopyFiles destination file."},
    {2085, {E, E, E}, "Service binary '<value>' should be specified as a path under a DIRID."},
    {2090,
     {E, E, E},
     "Replaced legacy pattern in section '<value>' using '<value>'. Updated syntax support begins "
     "in OS version '<value>.<value>.<value>'."},
    {2091, {E, E, E}, "Unable to replace legacy pattern in section '<value>' using '<value>'."},
    {2092,
     {N, N, E},
     "Replaced legacy pattern in section '<value>' using '<value>' to follow best practices. "
     "Updated syntax support begins in OS version '<value>.<value>.<value>'."},
    {2093, {E, E, E}, "Unable to apply shim '<value>'."},
    {2400, {E, E, E}, "<value> directive requires two fields: <component id>,<component section>"},
    {2402, {E, E, E}, "Section [<value>] does not permit <value> directive."},
    {2403, {E, E, E}, "<value> directive must have exactly 1 field. <value> were provided."},
    {2405,
     {E, E, E},
     "Only INFs with Class name \"NetDriver\" can use [DefaultInstall.NetDrivers] section."},
    {2411,
     {E, E, E},
     "Invalid <value> GUID \"<value>\", expecting {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}. Run "
     "guidgen.exe to generate a new GUID."},
    {2412,
     {E, E, E},
     "Invalid Component Identifier value '<value>', expecting a valid identifier matching "
     "'[a-z0-9_]+'."},
    {2413,
     {E, E, E},
     "Invalid <value> value '<value>', expecting case-sensitive values 'true' and 'false'."},
    {2414,
     {E, E, E},
     "Invalid <value> value '<value>', expecting a valid filter class matching '[a-z0-9_]+'."},
    {2415,
     {E, E, E},
     "Invalid value '<value>', only OS components may use identifiers starting with 'ms_' or "
     "'vms_'."},
    {2416,
     {E, E, E},
     "Invalid <value> value '<value>', expecting a comma-separated list of valid bind tokens "
     "matching '[a-z0-9_\\.]+'."},
    {2417,
     {E, E, E},
     "Invalid <value> value '<value>', expecting a valid bind name matching regex "
     "'[a-zA-Z0-9_]+'."},
    {2418, {E, E, E}, "Modifying Filter Drivers require a 'FilterClass'."},
    {2419,
     {E, E, E},
     "Bind token '<value>' and all non-standard tokens beginning with 'ms_' or 'ndis' are "
     "reserved."},
    {2420,
     {E, E, E},
     "NetDriver INFs require a [<value>] section with at least one AddNetFilter or AddNetProtocol "
     "directive."},
    {2500, {E, E, E}, "Legacy bind token '<value>' is obsolete and no longer supported."},
    {2501, {E, E, E}, "Referenced service '<value>' is not present in this INF."},
    {2600, {E, E, E}, "<value> '<value>' must point to a path under DIRID <value>."},
    {2601, {E, E, E}, "<value> '<value>' must point to a path under DIRID <value>."},
    {2602, {E, E, E}, "Service '<value>' must have a <value> value of <value>."},
    {2603, {W, E, E}, "Directive '<value>' is invalid for display drivers."},
    {2650, {E, E, E}, "Direct use of '<value>' is not allowed, instead Include [<value>]."},
    {2651, {E, E, E}, "Needs indicates [<value>], but '<value>' not included."},
    {2652, {E, E, E}, "Section [<value>] must use Needs directive to reference [<value>]."},
    {2660, {N, N, E}, "Cannot modify HKCR\\\\<value> registry subkey. It must be under HKR."},
    {2661,
     {N, N, E},
     "Only a device with AudioProcessingObject class is allowed to write to <value> registry "
     "subkey."},
    {2662,
     {N, N, E},
     "Section [<value>] must Include wdmaudio.inf to be able to correctly register referenced FX "
     "APOs."},
    {2663,
     {N, N, E},
     "Section [<value>] must use the Needs directive to reference [<value>] from wdmaudio.inf."},
};

#undef E
#undef W
#undef N

size_t infa_kb_infverif_count(void)
{
    return KB_COUNTOF(kb__infverif);
}

const infa_kb_infverif *infa_kb_infverif_at(size_t i)
{
    return i < KB_COUNTOF(kb__infverif) ? &kb__infverif[i] : NULL;
}

const infa_kb_infverif *infa_kb_infverif_find(int code)
{
    size_t lo = 0, hi = KB_COUNTOF(kb__infverif);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (kb__infverif[mid].code == code)
            return &kb__infverif[mid];
        if (kb__infverif[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
