/* DIRIDs: every directory identifier in reference/dirids.md, sorted by id. */
#include "kb_private.h"

#define URL_DIRIDS KB_DOCS "install/using-dirids"
#define URL_PRINTER KB_DOCS "print/printer-dirids"

#define NOT_ISOLATED " Not isolated: ship the file in the package and use `13` instead."

/* Sorted by id: infa_kb_dirid_find uses bsearch. */
static const infa_kb_dirid dirids[] = {
    {-1, "DIRID_ABSOLUTE", "an absolute path given in the subdir field",
     "The path is written out in full instead of being relative to a known folder. `65535` "
     "means the same." NOT_ISOLATED,
     INFA_DIRID_ABSOLUTE, true, false, false, false, URL_DIRIDS},
    {0, "DIRID_NULL", "(none)",
     "A placeholder constant from `setupapi.h`; it names no directory and is not in the "
     "documented DIRID table.",
     INFA_DIRID_NONE, false, false, false, true, URL_DIRIDS},
    {1, "DIRID_SRCPATH", "the source directory the INF was installed from",
     "Points back at the installation media, which may no longer exist when the path is "
     "needed. Do not use it: ship the file in the package and run it from the Driver Store "
     "(`13`).",
     INFA_DIRID_SOURCE, true, false, false, false, URL_DIRIDS},
    {10, "DIRID_WINDOWS", "%SystemRoot%",
     "The Windows directory. Not isolated: firmware (`10,Firmware\\...`) and other files move "
     "to `13`. A universal INF still accepts `10,SysWOW64` and `10,<vendor subdir>`.",
     INFA_DIRID_USE_13, false, true, false, false, URL_DIRIDS},
    {11, "DIRID_SYSTEM", "%SystemRoot%\\System32",
     "The system directory. Not isolated: copy the file to `13` and reference it as "
     "`%13%\\file`.",
     INFA_DIRID_USE_13, false, true, true, false, URL_DIRIDS},
    {12, "DIRID_DRIVERS", "%SystemRoot%\\System32\\drivers",
     "The classic home of driver binaries (also `DIRID_IOSUBSYS`; `12,UMDF` for UMDF DLLs). "
     "Isolated packages copy to `13` and point `ServiceBinary` at `%13%\\x.sys`, except for "
     "inbox binaries such as `WUDFRd.sys`, which come in through `Include`/`Needs`.",
     INFA_DIRID_USE_13, false, true, true, false, URL_DIRIDS},
    {13, "DIRID_DRIVER_STORE", "the Driver Store folder this package was imported into",
     "**Run from Driver Store**: the package's own folder in the Driver Store, required for "
     "isolated packages. Files here must keep their SourceDisksFiles subdirectory and name, and "
     "may not be deleted, renamed or given a `.security` section.",
     INFA_DIRID_DRIVER_STORE, false, false, true, false, KB_DOCS "develop/run-from-driver-store"},
    {17, "DIRID_INF", "the INF directory (%SystemRoot%\\INF)",
     "Where installed INFs live. Never copy INFs with CopyFiles; use `CopyINF`." NOT_ISOLATED,
     INFA_DIRID_OTHER, true, false, false, false, URL_DIRIDS},
    {18, "DIRID_HELP", "the Help directory", "The Windows help folder." NOT_ISOLATED,
     INFA_DIRID_OTHER, true, false, false, false, URL_DIRIDS},
    {20, "DIRID_FONTS", "the Fonts directory", "The system fonts folder." NOT_ISOLATED,
     INFA_DIRID_OTHER, true, false, false, false, URL_DIRIDS},
    {21, "DIRID_VIEWERS", "the Viewers directory", "The legacy file-viewers folder." NOT_ISOLATED,
     INFA_DIRID_OTHER, true, false, false, false, URL_DIRIDS},
    {23, "DIRID_COLOR", "the Color (ICM) directory",
     "Holds ICM color profiles; printer drivers use `66003` instead. Not isolated, but still a "
     "temporary `/h` exception.",
     INFA_DIRID_OTHER, false, true, false, false, URL_DIRIDS},
    {24, "DIRID_APPS", "the root of the disk holding Windows (e.g. C:\\)",
     "The root directory of the Windows drive." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {25, "DIRID_SHARED", "the Shared directory", "A legacy shared-files folder." NOT_ISOLATED,
     INFA_DIRID_OTHER, true, false, false, false, URL_DIRIDS},
    {30, "DIRID_BOOT", "the root of the boot disk (ARC system partition)",
     "The boot partition root, which can differ from `24`." NOT_ISOLATED, INFA_DIRID_OTHER, true,
     false, false, false, URL_DIRIDS},
    {50, "DIRID_SYSTEM16", "%SystemRoot%\\system", "The 16-bit system folder." NOT_ISOLATED,
     INFA_DIRID_OTHER, true, false, false, false, URL_DIRIDS},
    {51, "DIRID_SPOOL", "the Spool directory",
     "The print spooler folder; printer drivers use the 66000-range DIRIDs instead. Not "
     "isolated (temporary `/h` exception).",
     INFA_DIRID_OTHER, false, true, false, false, URL_DIRIDS},
    {52, "DIRID_SPOOLDRIVERS", "the Spool drivers directory",
     "The spooler's drivers folder; not for printer-driver installs. Not isolated (temporary "
     "`/h` exception).",
     INFA_DIRID_OTHER, false, true, false, false, URL_DIRIDS},
    {53, "DIRID_USERPROFILE", "the user profile directory",
     "The current user's profile folder." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false, false,
     URL_DIRIDS},
    {54, "DIRID_LOADER", "the directory holding Ntldr.exe / Osloader.exe",
     "The legacy OS loader folder." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false, false,
     URL_DIRIDS},
    {55, "DIRID_PRINTPROCESSOR", "the Print processors directory",
     "The print processor folder; printer drivers use `66001` instead. Not isolated "
     "(temporary `/h` exception).",
     INFA_DIRID_OTHER, false, true, false, false, URL_DIRIDS},
    {16406, "DIRID_COMMON_STARTMENU", "All Users\\Start Menu",
     "Shell folder (CSIDL_COMMON_STARTMENU)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {16407, "DIRID_COMMON_PROGRAMS", "All Users\\Start Menu\\Programs",
     "Shell folder (CSIDL_COMMON_PROGRAMS)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {16408, "DIRID_COMMON_STARTUP", "All Users\\Start Menu\\Programs\\Startup",
     "Shell folder (CSIDL_COMMON_STARTUP)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {16409, "DIRID_COMMON_DESKTOPDIRECTORY", "All Users\\Desktop",
     "Shell folder (CSIDL_COMMON_DESKTOPDIRECTORY)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false,
     false, false, URL_DIRIDS},
    {16415, "DIRID_COMMON_FAVORITES", "All Users\\Favorites",
     "Shell folder (CSIDL_COMMON_FAVORITES)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {16419, "DIRID_COMMON_APPDATA", "All Users\\Application Data",
     "Shell folder (CSIDL_COMMON_APPDATA)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {16422, "DIRID_PROGRAM_FILES", "Program Files",
     "Copying here means installing an application. Ship the app through `AddSoftware` in "
     "`[DDInstall.Software]` (a Hardware Support App); files that belong to the driver go to "
     "`13`.",
     INFA_DIRID_APP_INSTALL, false, true, false, false, URL_DIRIDS},
    {16425, "DIRID_SYSTEM_X86", "%SystemRoot%\\SysWOW64",
     "The 32-bit system folder on 64-bit Windows. Not isolated; treat it like `11` and move the "
     "file to `13`.",
     INFA_DIRID_USE_13, false, true, false, false, URL_DIRIDS},
    {16426, "DIRID_PROGRAM_FILES_X86", "%ProgramFiles(x86)%",
     "Copying here means installing an application: use `AddSoftware` "
     "(`[DDInstall.Software]`), or `13` for files that belong to the driver.",
     INFA_DIRID_APP_INSTALL, false, true, false, false, URL_DIRIDS},
    {16427, "DIRID_PROGRAM_FILES_COMMON", "Program Files\\Common",
     "Copying here means installing an application: use `AddSoftware` "
     "(`[DDInstall.Software]`), or `13` for files that belong to the driver.",
     INFA_DIRID_APP_INSTALL, false, true, false, false, URL_DIRIDS},
    {16428, "DIRID_PROGRAM_FILES_COMMONX86", "%ProgramFiles(x86)%\\Common",
     "Copying here means installing an application: use `AddSoftware` "
     "(`[DDInstall.Software]`), or `13` for files that belong to the driver.",
     INFA_DIRID_APP_INSTALL, false, true, false, false, URL_DIRIDS},
    {16429, "DIRID_COMMON_TEMPLATES", "All Users\\Templates",
     "Shell folder (CSIDL_COMMON_TEMPLATES)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {16430, "DIRID_COMMON_DOCUMENTS", "All Users\\Documents",
     "Shell folder (CSIDL_COMMON_DOCUMENTS)." NOT_ISOLATED, INFA_DIRID_OTHER, true, false, false,
     false, URL_DIRIDS},
    {66000, NULL, "the printer driver directory (GetPrinterDriverDirectory)",
     "Printer class: where printer driver files and their dependent files go. A temporary "
     "`/h` exception; isolation guidance does not cover printer DIRIDs.",
     INFA_DIRID_PRINTER, false, true, false, false, URL_PRINTER},
    {66001, NULL, "the print processor directory (GetPrintProcessorDirectory)",
     "Printer class: where print processor files go. A temporary `/h` exception.",
     INFA_DIRID_PRINTER, false, true, false, false, URL_PRINTER},
    {66002, NULL, "System32 (print monitor files)",
     "Printer class: extra files such as print monitors that go to `System32` when a "
     "native-architecture printer driver is installed locally. A temporary `/h` exception.",
     INFA_DIRID_PRINTER, false, true, false, false, URL_PRINTER},
    {66003, NULL, "the color directory (GetColorDirectory)",
     "Printer class: where ICM color profiles go. A temporary `/h` exception.", INFA_DIRID_PRINTER,
     false, true, false, false, URL_PRINTER},
    {66004, NULL, "the printer-type ASP files directory",
     "Printer class: folder for ASP files specific to a printer type. A temporary `/h` "
     "exception.",
     INFA_DIRID_PRINTER, false, true, false, false, URL_PRINTER},
};

static int infa_kb_dirids__cmp(const void *key, const void *row)
{
    long k = *(const long *)key;
    long r = ((const infa_kb_dirid *)row)->id;
    return (k > r) - (k < r);
}

const infa_kb_dirid *infa_kb_dirid_find(long id)
{
    if (id == 65535) /* DIRID_ABSOLUTE_16BIT */
        id = -1;
    return bsearch(&id, dirids, KB_COUNTOF(dirids), sizeof(dirids[0]), infa_kb_dirids__cmp);
}

size_t infa_kb_dirid_count(void)
{
    return KB_COUNTOF(dirids);
}

const infa_kb_dirid *infa_kb_dirid_at(size_t i)
{
    return i < KB_COUNTOF(dirids) ? &dirids[i] : NULL;
}

infa_dirid_range infa_kb_dirid_range(long id)
{
    if (id < -1)
        return INFA_DIRID_RANGE_INVALID;
    if (id == 65535 || id < 16384)
        return INFA_DIRID_RANGE_SYSTEM;
    if (id < 32768)
        return INFA_DIRID_RANGE_SHELL;
    if (id >= 66000 && id <= 66004)
        return INFA_DIRID_RANGE_PRINTER;
    return INFA_DIRID_RANGE_USER;
}

/* Environment variables that show up in registry values and paths. */
static const char *const env_vars[] = {
    "SystemRoot",
    "windir",
    "ProgramFiles",
    "ProgramFiles(x86)",
    "ProgramW6432",
    "ProgramData",
    "CommonProgramFiles",
    "CommonProgramFiles(x86)",
    "CommonProgramW6432",
    "SystemDrive",
    "ALLUSERSPROFILE",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
    "PUBLIC",
    "TEMP",
    "TMP",
    "ComSpec",
    "PATH",
    "PATHEXT",
    "HOMEDRIVE",
    "HOMEPATH",
    "USERNAME",
    "COMPUTERNAME",
    "DriverData",
    "PROCESSOR_ARCHITECTURE",
    "NUMBER_OF_PROCESSORS",
};

bool infa_kb_env_var_is(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(env_vars); i++)
        if (kb__name_eq(name, len, env_vars[i]))
            return true;
    return false;
}

size_t infa_kb_env_var_count(void)
{
    return KB_COUNTOF(env_vars);
}

const char *infa_kb_env_var_at(size_t i)
{
    return i < KB_COUNTOF(env_vars) ? env_vars[i] : NULL;
}

const char *infa_kb_dirid_folder(long id)
{
    /* The Driver Store keeps each imported package in its own folder under
     * %SystemRoot%\System32\DriverStore\FileRepository. */
    if (id == 13)
        return "DriverStore\\FileRepository\\…";
    const infa_kb_dirid *d = infa_kb_dirid_find(id);
    return d ? d->path : NULL;
}
