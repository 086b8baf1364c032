/* INF knowledge base: the one set of data tables (DIRIDs, sections,
 * directives, registry flags, service constants, isolation facts) that
 * hover, completion and the rules all read. Facts, numbers and URLs come from
 * /work/shared/reference; every description is the project's own wording.
 *
 * All rows are static const data: every pointer returned here is borrowed and
 * valid for the life of the process. Name lookups take (pointer, length)
 * pairs so callers can pass tree-sitter byte ranges, and are ASCII
 * case-insensitive because INF names are. Nothing here allocates. */
#ifndef INFA_KB_H
#define INFA_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------------
 * Section kinds
 *
 * A section may be reached in several ways (the same add-registry section from
 * DDInstall and from a service), so the model keeps a SET of kinds per
 * section. Kinds are macros, not enumerators: ISO C limits enumerators to
 * int, and these need 64 bits.
 * ------------------------------------------------------------------------- */
typedef uint64_t infa_kind_set;

#define INFA_KIND_UNKNOWN ((infa_kind_set)0)
#define INFA_KIND_VERSION (UINT64_C(1) << 0)
#define INFA_KIND_MANUFACTURER (UINT64_C(1) << 1)
#define INFA_KIND_MODELS (UINT64_C(1) << 2)
#define INFA_KIND_DDINSTALL (UINT64_C(1) << 3)
#define INFA_KIND_DDINSTALL_HW (UINT64_C(1) << 4)
#define INFA_KIND_DDINSTALL_SERVICES (UINT64_C(1) << 5)
#define INFA_KIND_DDINSTALL_INTERFACES (UINT64_C(1) << 6)
#define INFA_KIND_DDINSTALL_COINSTALLERS (UINT64_C(1) << 7)
#define INFA_KIND_DDINSTALL_WDF (UINT64_C(1) << 8)
#define INFA_KIND_DDINSTALL_COMPONENTS (UINT64_C(1) << 9)
#define INFA_KIND_DDINSTALL_SOFTWARE (UINT64_C(1) << 10)
#define INFA_KIND_DDINSTALL_FILTERS (UINT64_C(1) << 11)
#define INFA_KIND_DDINSTALL_EVENTS (UINT64_C(1) << 12)
#define INFA_KIND_DDINSTALL_LOGCONFIG_OVERRIDE (UINT64_C(1) << 13)
#define INFA_KIND_DDINSTALL_FACTDEF (UINT64_C(1) << 14)
#define INFA_KIND_DDINSTALL_WMI (UINT64_C(1) << 15)
#define INFA_KIND_DDINSTALL_COM (UINT64_C(1) << 16)
#define INFA_KIND_DEFAULT_INSTALL (UINT64_C(1) << 17)
#define INFA_KIND_DEFAULT_INSTALL_SERVICES (UINT64_C(1) << 18)
#define INFA_KIND_SERVICE_INSTALL (UINT64_C(1) << 19)
#define INFA_KIND_EVENT_LOG_INSTALL (UINT64_C(1) << 20)
/* add-interface-section, named by AddInterface. */
#define INFA_KIND_INTERFACE_INSTALL (UINT64_C(1) << 21)
#define INFA_KIND_COPY_FILES (UINT64_C(1) << 22)
#define INFA_KIND_DEL_FILES (UINT64_C(1) << 23)
#define INFA_KIND_REN_FILES (UINT64_C(1) << 24)
#define INFA_KIND_ADD_REGISTRY (UINT64_C(1) << 25)
#define INFA_KIND_DEL_REGISTRY (UINT64_C(1) << 26)
#define INFA_KIND_BIT_REGISTRY (UINT64_C(1) << 27)
#define INFA_KIND_SOURCE_DISKS_NAMES (UINT64_C(1) << 28)
#define INFA_KIND_SOURCE_DISKS_FILES (UINT64_C(1) << 29)
#define INFA_KIND_DESTINATION_DIRS (UINT64_C(1) << 30)
#define INFA_KIND_STRINGS (UINT64_C(1) << 31)
#define INFA_KIND_CLASS_INSTALL32 (UINT64_C(1) << 32)
#define INFA_KIND_INTERFACE_INSTALL32 (UINT64_C(1) << 33)
#define INFA_KIND_CONTROL_FLAGS (UINT64_C(1) << 34)
#define INFA_KIND_SIGNATURE_ATTRIBUTES (UINT64_C(1) << 35)
#define INFA_KIND_WDF_SERVICE_INSTALL (UINT64_C(1) << 36)
#define INFA_KIND_COMPONENT_INSTALL (UINT64_C(1) << 37)
#define INFA_KIND_SOFTWARE_INSTALL (UINT64_C(1) << 38)
#define INFA_KIND_EVENT_PROVIDER (UINT64_C(1) << 39)
#define INFA_KIND_EVENT_CHANNEL (UINT64_C(1) << 40)
#define INFA_KIND_FILTER_INSTALL (UINT64_C(1) << 41)
#define INFA_KIND_TRIGGER (UINT64_C(1) << 42)
#define INFA_KIND_COM_SERVER (UINT64_C(1) << 43)
#define INFA_KIND_LOG_CONFIG (UINT64_C(1) << 44)
#define INFA_KIND_ADD_PROPERTY (UINT64_C(1) << 45)
#define INFA_KIND_DEL_PROPERTY (UINT64_C(1) << 46)
#define INFA_KIND_UPDATE_INI (UINT64_C(1) << 47)
#define INFA_KIND_UPDATE_INIFIELDS (UINT64_C(1) << 48)
#define INFA_KIND_INI2REG (UINT64_C(1) << 49)
#define INFA_KIND_REGISTER_DLLS (UINT64_C(1) << 50)
#define INFA_KIND_UNREGISTER_DLLS (UINT64_C(1) << 51)
#define INFA_KIND_PROFILE_ITEMS (UINT64_C(1) << 52)
/* `[file-list-section.security]`: one SDDL string. */
#define INFA_KIND_FILE_LIST_SECURITY (UINT64_C(1) << 53)
#define INFA_KIND_POWER_SETTING (UINT64_C(1) << 54)
/* Added beyond the brief's minimum because sections-and-directives.md and
 * isolation-rules.md name these sections: */
#define INFA_KIND_CLASS_INSTALL32_SERVICES (UINT64_C(1) << 55)
/* install-interface-section, named from [InterfaceInstall32]. */
#define INFA_KIND_INSTALL_INTERFACE (UINT64_C(1) << 56)
#define INFA_KIND_DEFAULT_UNINSTALL (UINT64_C(1) << 57)
/* Section named by AddAutoLogger/UpdateAutoLogger. */
#define INFA_KIND_AUTOLOGGER (UINT64_C(1) << 58)
/* Section named by AddAutoLoggerProvider inside an autologger section. */
#define INFA_KIND_AUTOLOGGER_PROVIDER (UINT64_C(1) << 59)
/* Section named by FailureActions in a service-install section. */
#define INFA_KIND_FAILURE_ACTIONS (UINT64_C(1) << 60)
/* WMI-class section named by WMIInterface in DDInstall.WMI. */
#define INFA_KIND_WMI_CLASS (UINT64_C(1) << 61)
/* Section named by AddComClass inside a com-server section. */
#define INFA_KIND_COM_CLASS (UINT64_C(1) << 62)
/* `[add-registry-section.security]`: one SDDL string. */
#define INFA_KIND_REG_SECURITY (UINT64_C(1) << 63)

#define INFA_KIND_COUNT 64

/* Every DDInstall-family kind (the base section and its suffixed variants). */
#define INFA_KIND_ANY_DDINSTALL                                                                    \
    (INFA_KIND_DDINSTALL | INFA_KIND_DDINSTALL_HW | INFA_KIND_DDINSTALL_SERVICES |                 \
     INFA_KIND_DDINSTALL_INTERFACES | INFA_KIND_DDINSTALL_COINSTALLERS | INFA_KIND_DDINSTALL_WDF | \
     INFA_KIND_DDINSTALL_COMPONENTS | INFA_KIND_DDINSTALL_SOFTWARE | INFA_KIND_DDINSTALL_FILTERS | \
     INFA_KIND_DDINSTALL_EVENTS | INFA_KIND_DDINSTALL_LOGCONFIG_OVERRIDE |                         \
     INFA_KIND_DDINSTALL_FACTDEF | INFA_KIND_DDINSTALL_WMI | INFA_KIND_DDINSTALL_COM)

/* Short human name of ONE kind, e.g. "DDInstall.HW section",
 * "service-install section". Returns "unknown section" for 0 or for a set
 * with more than one bit. Borrowed static string. */
const char *infa_kind_name(infa_kind_set single_kind);

/* Removes the lowest kind from *set and returns it; returns
 * INFA_KIND_UNKNOWN when *set is empty. Iterate with:
 *   for (infa_kind_set s = set, k; (k = infa_kind_next(&s));) ... */
infa_kind_set infa_kind_next(infa_kind_set *set);
/* Bit index 0..63 of one kind; -1 for 0 or a multi-bit set. */
int infa_kind_index(infa_kind_set single_kind);
/* Number of kinds in a set. */
int infa_kind_count(infa_kind_set set);

/* Longer facts about one kind, for section-header hover. */
typedef struct {
    infa_kind_set kind;
    const char *name;        /* same as infa_kind_name */
    const char *description; /* markdown, our wording */
    const char *hkr;         /* what HKR means in AddReg from here, or NULL */
    const char *url;         /* docs page, or NULL for author-named kinds without one */
} infa_kb_kind_info;

/* Borrowed static row, or NULL for 0 / multi-bit sets. */
const infa_kb_kind_info *infa_kb_kind_info_get(infa_kind_set single_kind);

/* ---------------------------------------------------------------------------
 * Shared flags for directives and sections (usable-in-profile facts)
 * ------------------------------------------------------------------------- */
enum {
    /* Not valid in universal INFs / Windows Drivers (declarative rules). */
    INFA_KB_F_NOT_UNIVERSAL = 1u << 0,
    /* Not signable by Hardware Dev Center since Windows 11 22H2. */
    INFA_KB_F_UNSIGNABLE_22H2 = 1u << 1,
    /* Deprecated or obsolete (kept for hover and hints). */
    INFA_KB_F_DEPRECATED = 1u << 2,
    /* Required in the sections where it may appear. */
    INFA_KB_F_REQUIRED = 1u << 3,
    /* A bare keyword line with no `=` (Reboot, Restart). */
    INFA_KB_F_BARE_KEYWORD = 1u << 4,
    /* Counts only when written directly in [DDInstall] (FeatureScore, ...). */
    INFA_KB_F_DDINSTALL_DIRECT = 1u << 5,
    /* Only the first occurrence in a section counts (FeatureScore). */
    INFA_KB_F_FIRST_ONLY = 1u << 6,
    /* Should not be used, though not banned (Reboot/Restart). */
    INFA_KB_F_DISCOURAGED = 1u << 7,
    /* Takes platform decorations (.NT, .NTamd64, ...). */
    INFA_KB_F_NT_DECORATIONS = 1u << 8,
    /* Takes architecture decorations without NT (.x86, .amd64, ...). */
    INFA_KB_F_ARCH_DECORATIONS = 1u << 9,
    /* Reserved to Microsoft / system INFs. */
    INFA_KB_F_SYSTEM_ONLY = 1u << 10,
};

/* ---------------------------------------------------------------------------
 * DIRIDs
 * ------------------------------------------------------------------------- */
typedef enum {
    INFA_DIRID_OTHER = 0,    /* not isolated: ship the file and use 13 */
    INFA_DIRID_DRIVER_STORE, /* 13: the isolated target */
    INFA_DIRID_USE_13,       /* 10/11/12/16425: documented move to 13 */
    INFA_DIRID_APP_INSTALL,  /* 16422/16426/16427/16428: use AddSoftware */
    INFA_DIRID_SOURCE,       /* 1: source media; should not be used */
    INFA_DIRID_ABSOLUTE,     /* -1 / 65535: absolute path */
    INFA_DIRID_PRINTER,      /* 66000-66004: not covered by the porting guide */
    INFA_DIRID_NONE,         /* 0: DIRID_NULL */
} infa_dirid_isolation;

typedef struct {
    long id;
    const char *name;        /* setupapi.h DIRID_* name, or NULL (printer DIRIDs) */
    const char *path;        /* what it resolves to, e.g. "%SystemRoot%\\System32\\drivers" */
    const char *description; /* markdown, 1-3 sentences, our wording */
    infa_dirid_isolation isolation;
    bool deprecated_24h2; /* deprecated for WHQL signing from Windows 11 24H2 */
    bool h_exception;     /* temporary `infverif /h` exception (April 2024) */
    bool universal_ok;    /* allowed as a CopyFiles destination by `infverif /u` */
    bool header_only;     /* only in setupapi.h, not the docs table */
    const char *url;
} infa_kb_dirid;

/* Borrowed static row or NULL. 65535 finds the -1 row. */
const infa_kb_dirid *infa_kb_dirid_find(long id);
/* A short folder name for inlay hints: the row's path, except where the
 * path is prose (13 names the package's own Driver Store folder). NULL
 * when no row has the id. Static string. */
const char *infa_kb_dirid_folder(long id);
size_t infa_kb_dirid_count(void);
const infa_kb_dirid *infa_kb_dirid_at(size_t i);

typedef enum {
    INFA_DIRID_RANGE_INVALID = 0, /* below -1 */
    INFA_DIRID_RANGE_SYSTEM,      /* -1 .. 16383 (and 65535) */
    INFA_DIRID_RANGE_SHELL,       /* 16384 .. 32767: 0x4000 + CSIDL */
    INFA_DIRID_RANGE_USER,        /* 32768 .. 65534 and 65536+, minus printer */
    INFA_DIRID_RANGE_PRINTER,     /* 66000 .. 66004 */
} infa_dirid_range;

/* Which documented range a number falls into, for DIRIDs with no row. */
infa_dirid_range infa_kb_dirid_range(long id);

/* ---------------------------------------------------------------------------
 * Sections: system-defined names, DDInstall suffixes, platform decorations
 * ------------------------------------------------------------------------- */
typedef struct {
    const char *name; /* undecorated, e.g. "Version", "ClassInstall32.Services" */
    infa_kind_set kind;
    const char *syntax;      /* what the section holds, one line */
    const char *description; /* markdown, our wording */
    unsigned flags;          /* INFA_KB_F_* */
    const char *url;
} infa_kb_section;

/* Exact (case-insensitive) match on an undecorated system section name.
 * Borrowed static row or NULL. */
const infa_kb_section *infa_kb_section_find(const char *name, size_t len);
size_t infa_kb_section_count(void);
const infa_kb_section *infa_kb_section_at(size_t i);

/* Sections Windows, the shell or class installers read by name that are not
 * rows above ([OEM URLS], [Previous Names], [AutoRun], ...): never unused. */
bool infa_kb_section_read_by_name(const char *name, size_t len);
size_t infa_kb_section_read_by_name_count(void);
const char *infa_kb_section_read_by_name_at(size_t i);
/* Where an install starts: an INF with none of these sections (any
 * decoration) is only ever Include'd by others. */
size_t infa_kb_section_entry_point_count(void);
const char *infa_kb_section_entry_point_at(size_t i);

/* Environment variables that INF text refers to as %name% (registry values,
 * paths); SetupAPI leaves them to be written %%name%%. */
bool infa_kb_env_var_is(const char *name, size_t len);
size_t infa_kb_env_var_count(void);
const char *infa_kb_env_var_at(size_t i);

typedef struct {
    const char *suffix; /* with the dot: ".HW" */
    infa_kind_set kind; /* INFA_KIND_DDINSTALL_HW */
    const char *description;
    unsigned flags; /* INFA_KB_F_* */
    const char *url;
} infa_kb_ddinstall_suffix;

/* `suffix` includes the leading dot. Borrowed static row or NULL. */
const infa_kb_ddinstall_suffix *infa_kb_ddinstall_suffix_find(const char *suffix, size_t len);
size_t infa_kb_ddinstall_suffix_count(void);
const infa_kb_ddinstall_suffix *infa_kb_ddinstall_suffix_at(size_t i);

typedef struct {
    const char *decoration; /* with the dot: ".NTamd64", ".amd64" */
    const char *arch;       /* "amd64", or NULL for plain ".NT" */
    bool nt;                /* .NT* form (install sections) vs plain arch (SourceDisks*) */
} infa_kb_platform;

const infa_kb_platform *infa_kb_platform_find(const char *decoration, size_t len);
size_t infa_kb_platform_count(void);
const infa_kb_platform *infa_kb_platform_at(size_t i);

/* A section name taken apart from the right: [base][.platform][.suffix].
 * E.g. "Inst.NTamd64.HW" -> base "Inst", platform .NTamd64, suffix .HW;
 * "SourceDisksFiles.amd64" -> base "SourceDisksFiles", platform .amd64.
 * TargetOSVersion tails of Models names (".NTamd64.10.0...17763") are not
 * parsed here. */
typedef struct {
    size_t base_len;                        /* name[0..base_len) is the base */
    const infa_kb_platform *platform;       /* NULL if none */
    const infa_kb_ddinstall_suffix *suffix; /* NULL if none */
} infa_kb_section_split_result;

void infa_kb_section_split(const char *name, size_t len, infa_kb_section_split_result *out);

/* Why `name` cannot be an unquoted author-defined section name (syntax.md
 * section 2), as one sentence, or NULL when it can. Static string. */
const char *infa_kb_section_name_problem(const char *name, size_t len);
/* The longest section name SetupAPI reads (MAX_INF_SECTION_NAME_LENGTH);
 * a longer one stops its parser (ERROR_SECTION_NAME_TOO_LONG). */
#define INFA_KB_MAX_SECTION_NAME 255
/* Why `name` cannot be a %strkey% name, or NULL when it can. Static string. */
const char *infa_kb_string_key_problem(const char *name, size_t len);

/* The kind a section gets from its NAME alone, decorations included:
 * "Version", "SourceDisksFiles.amd64", "Strings.0407",
 * "DefaultInstall.NTamd64.Services", "SignatureAttributes.Elam", ...
 * INFA_KIND_UNKNOWN for author-named sections (DDInstall, Models, ...),
 * which get their kinds from references. */
infa_kind_set infa_kb_section_system_kind(const char *name, size_t len);

/* Name endings authors give sections of one kind ([Extra_Reg],
 * [Drv.CopyFiles], [Foo_Service_Inst]), for a section nothing references
 * yet. A hint only: hover and completion read it, rules never do. */
typedef struct {
    const char *ending; /* case-insensitive, e.g. "_Reg" */
    infa_kind_set kind;
} infa_kb_name_hint;

/* The row with the longest ending that `name` ends with (and is longer
 * than), or NULL. */
const infa_kb_name_hint *infa_kb_name_hint_find(const char *name, size_t len);
size_t infa_kb_name_hint_count(void);
const infa_kb_name_hint *infa_kb_name_hint_at(size_t i);

/* ---------------------------------------------------------------------------
 * Directives and entry keys
 * ------------------------------------------------------------------------- */

/* Field index meaning "the last field of the line" (WMIInterface, whose
 * optional flags field moves the section name). */
#define INFA_KB_REF_FIELD_LAST 255

enum {
    /* Names a section of an Include'd INF (Needs), not of this file. */
    INFA_KB_REF_EXTERNAL = 1u << 0,
    /* The target has the same kind as the section holding the directive
     * (Needs=X.Services from a .Services section); `kind` is then 0. */
    INFA_KB_REF_SAME_KIND = 1u << 1,
    /* Items written `@file` are file names, not sections (CopyFiles). */
    INFA_KB_REF_AT_IS_FILE = 1u << 2,
    /* The named section may also carry the container's platform decoration
     * (Manufacturer -> Models.NTamd64...). */
    INFA_KB_REF_DECORATED = 1u << 3,
};

/* How a directive's value names other sections. */
typedef struct {
    uint8_t field;      /* 1-based value field; 0 = every field; 0xFF = last */
    uint8_t flags;      /* INFA_KB_REF_* */
    infa_kind_set kind; /* kind the named section gets */
} infa_kb_section_ref;

/* Numeric value tables (service constants, flag sets). 0 = none. */
typedef enum {
    INFA_KB_CONSTS_NONE = 0,
    INFA_KB_CONSTS_SERVICE_TYPE,
    INFA_KB_CONSTS_START_TYPE,
    INFA_KB_CONSTS_ERROR_CONTROL,
    INFA_KB_CONSTS_SPSVCINST,              /* AddService / DelService flags */
    INFA_KB_CONSTS_TRIGGER_TYPE,           /* AddTrigger TriggerType */
    INFA_KB_CONSTS_TRIGGER_ACTION,         /* AddTrigger Action */
    INFA_KB_CONSTS_TRIGGER_DATA,           /* AddTrigger DataItem type */
    INFA_KB_CONSTS_BOOT_FLAGS,             /* BootFlags mask */
    INFA_KB_CONSTS_COPYFLG,                /* 4th field of a copy line */
    INFA_KB_CONSTS_DELFLG,                 /* 4th field of a delete line */
    INFA_KB_CONSTS_DELREG,                 /* DelReg flags */
    INFA_KB_CONSTS_BITREG,                 /* BitReg flags */
    INFA_KB_CONSTS_ADDPROPERTY,            /* AddProperty flags */
    INFA_KB_CONSTS_DELPROPERTY,            /* DelProperty flags */
    INFA_KB_CONSTS_REGSVR,                 /* RegisterDlls flags */
    INFA_KB_CONSTS_CHANNEL_TYPE,           /* AddChannel type */
    INFA_KB_CONSTS_SOFTWARE_TYPE,          /* SoftwareType */
    INFA_KB_CONSTS_ADDSOFTWARE,            /* AddSoftware flags */
    INFA_KB_CONSTS_DEVICE_CHARACTERISTICS, /* HKR DeviceCharacteristics */
    INFA_KB_CONSTS_WMI,                    /* WMIInterface flags */
    INFA_KB_CONSTS__COUNT
} infa_kb_consts_id;

typedef struct {
    const char *name;        /* "AddReg", "ServiceType", ... */
    const char *syntax;      /* one line, e.g. "AddReg=section[,section]..." */
    infa_kind_set where;     /* kinds of section it may appear in */
    const char *description; /* markdown, 2-3 sentences, our wording */
    const char *url;
    unsigned flags;              /* INFA_KB_F_* */
    uint32_t min_build;          /* first Windows build that knows it, 0 = always */
    infa_kb_section_ref refs[2]; /* section references; unused when kind and flags are 0 */
    uint8_t value_field;         /* 1-based field decoded with value_table, 0 = none */
    uint8_t value_table;         /* infa_kb_consts_id */
    const char *const *values;   /* NULL-terminated keyword values, or NULL */
} infa_kb_directive;

/* The same name can mean different things in different sections
 * (`Description`, `ServiceBinary`, `Action`, ...), so there may be several
 * rows per name. `find` returns the first row with that name;
 * `find_in` the first whose `where` intersects `kinds` (or NULL). */
const infa_kb_directive *infa_kb_directive_find(const char *name, size_t len);
const infa_kb_directive *infa_kb_directive_find_in(const char *name, size_t len,
                                                   infa_kind_set kinds);
size_t infa_kb_directive_count(void);
const infa_kb_directive *infa_kb_directive_at(size_t i);
/* Calls `fn` for every row whose `where` intersects `kinds`, in table
 * order, for completion. */
void infa_kb_directives_for_kind(infa_kind_set kinds,
                                 void (*fn)(const infa_kb_directive *row, void *user), void *user);
/* The first row (table order) allowed in a section of `where` whose value
 * is a plain list of sections of kind `kind` (AddReg=a,b for add-registry),
 * so that `Name=section` alone references one; NULL when no such directive
 * exists (AddService names its section in a fixed field). */
const infa_kb_directive *infa_kb_directive_listing(infa_kind_set kind, infa_kind_set where);

/* Sections whose lines reference other sections WITHOUT a fixed key:
 * Manufacturer lines name Models sections, Models lines name DDInstall
 * sections, InterfaceInstall32 lines name install-interface sections, and
 * DestinationDirs keys name file-list sections. */
typedef struct {
    infa_kind_set container; /* the section kind holding the lines */
    /* The line's KEY names an existing section of one of these kinds
     * (DestinationDirs keys name file lists); it gives no kind. 0 = none. */
    infa_kind_set key_kind;
    const char *except_key;  /* a key that is not a section name ("DefaultDestDir"), or NULL */
    infa_kb_section_ref ref; /* section named in the value, kind 0 = none */
} infa_kb_line_ref;

size_t infa_kb_line_ref_count(void);
const infa_kb_line_ref *infa_kb_line_ref_at(size_t i);
/* First row whose container intersects `kinds`, or NULL. */
const infa_kb_line_ref *infa_kb_line_ref_find(infa_kind_set kinds);

/* ---------------------------------------------------------------------------
 * Numeric constants (service values, flag tables)
 * ------------------------------------------------------------------------- */
typedef struct {
    uint32_t value;
    const char *name;        /* "SERVICE_DEMAND_START", or a short label */
    const char *description; /* markdown, our wording */
    bool header_only;        /* in headers but not documented for INF use */
} infa_kb_const;

typedef struct {
    infa_kb_consts_id id;
    const char *title; /* "StartType values" */
    bool bitmask;      /* values are ORed bits (decode with _decode) */
    const infa_kb_const *rows;
    size_t count;
    const char *url;
} infa_kb_const_table;

/* Borrowed static table, or NULL for an unknown id. */
const infa_kb_const_table *infa_kb_consts(infa_kb_consts_id id);
/* Exact value match. Borrowed static row or NULL. */
const infa_kb_const *infa_kb_const_find(infa_kb_consts_id id, uint32_t value);
const infa_kb_const *infa_kb_const_find_name(infa_kb_consts_id id, const char *name, size_t len);
/* Splits a bitmask into known single-bit rows (lowest first): writes at most
 * `cap` rows to `out`, returns how many it wrote, and sets *unknown_bits (may
 * be NULL) to bits with no row. A value with an exact multi-bit row is NOT
 * returned as that row; use _find for exact matches first. */
size_t infa_kb_const_decode(infa_kb_consts_id id, uint32_t value, const infa_kb_const **out,
                            size_t cap, uint32_t *unknown_bits);

/* Numeric fields of keyless (positional) lines: which value table decodes
 * field `field` (0-based) of a line in a section of `kind`, e.g. the flags
 * of a copy-files line (3) or of a del-property line (2). AddReg flags are
 * decoded by infa_kb_addreg_flags_decode instead. */
typedef struct {
    infa_kind_set kind;
    uint8_t field;
    infa_kb_consts_id table;
} infa_kb_line_field;

size_t infa_kb_line_field_count(void);
const infa_kb_line_field *infa_kb_line_field_at(size_t i);
/* The table for `field` of a line in a section with any of `kinds`, or
 * INFA_KB_CONSTS_NONE. */
infa_kb_consts_id infa_kb_line_field_consts(infa_kind_set kinds, uint32_t field);

/* The value table for the data of a well-known HKR value
 * (`DeviceCharacteristics`), or INFA_KB_CONSTS_NONE. */
infa_kb_consts_id infa_kb_hkr_value_consts(const char *name, size_t len);

/* Shorthands for the tables hover uses most. */
const infa_kb_const *infa_kb_service_type_find(uint32_t value);
const infa_kb_const *infa_kb_start_type_find(uint32_t value);
const infa_kb_const *infa_kb_error_control_find(uint32_t value);

/* ---------------------------------------------------------------------------
 * Registry: roots, HKR meaning, AddReg flags
 * ------------------------------------------------------------------------- */
typedef enum {
    INFA_ROOT_NONE = 0,
    INFA_ROOT_HKR,
    INFA_ROOT_HKCR,
    INFA_ROOT_HKCU,
    INFA_ROOT_HKLM,
    INFA_ROOT_HKU,
    INFA_ROOT_UNKNOWN,
} infa_reg_root;

typedef struct {
    const char *name;      /* "HKR" */
    const char *long_name; /* "HKEY_LOCAL_MACHINE", or a phrase for HKR */
    const char *description;
    bool global;        /* not HKR: rejected by isolation (1320/1321) */
    infa_reg_root root; /* what infa_addreg_parse reports for it */
} infa_kb_reg_root;

const infa_kb_reg_root *infa_kb_reg_root_find(const char *name, size_t len);
size_t infa_kb_reg_root_count(void); /* HKR is row 0 (completion order) */
const infa_kb_reg_root *infa_kb_reg_root_at(size_t i);

/* What HKR means in registry sections reached from one kind of section. */
typedef struct {
    infa_kind_set from; /* the section holding AddReg= (DDInstall, service, ...) */
    const char *key;    /* short: "device software key" */
    const char *description;
    const char *apis; /* run-time access APIs, or NULL */
    bool not_allowed; /* HKR may not be used (DefaultInstall) */
} infa_kb_hkr_target;

/* First row whose `from` intersects `kinds`, or NULL. */
const infa_kb_hkr_target *infa_kb_hkr_target_find(infa_kind_set kinds);
size_t infa_kb_hkr_target_count(void);
const infa_kb_hkr_target *infa_kb_hkr_target_at(size_t i);

typedef enum {
    INFA_ADDREG_FLAG_TYPE,     /* a FLG_ADDREG_TYPE_* value (high word + bit 0) */
    INFA_ADDREG_FLAG_MODIFIER, /* a single modifier bit */
    INFA_ADDREG_FLAG_MASK,     /* FLG_ADDREG_TYPE_MASK */
} infa_addreg_flag_class;

typedef struct {
    uint32_t value;
    const char *name; /* "FLG_ADDREG_TYPE_DWORD" */
    infa_addreg_flag_class cls;
    const char *reg_type; /* "REG_DWORD" for type rows, else NULL */
    const char *description;
    bool header_only;       /* setupapi.h only, not on the AddReg page */
    bool rejected_isolated; /* isolated packages reject it (APPEND, DELVAL) */
    bool alias;             /* same number as an earlier row (TYPE_BINARY) */
} infa_kb_addreg_flag;

/* Values the rules test by number. The table rows use them too, and
 * kb/addreg_flags_cover_reference checks every row against addreg.md. */
#define INFA_FLG_ADDREG_TYPE_SZ 0x00000000u
#define INFA_FLG_ADDREG_TYPE_MULTI_SZ 0x00010000u
#define INFA_FLG_ADDREG_TYPE_EXPAND_SZ 0x00020000u
#define INFA_FLG_ADDREG_TYPE_BINARY 0x00000001u
#define INFA_FLG_ADDREG_TYPE_DWORD 0x00010001u
#define INFA_FLG_ADDREG_TYPE_NONE 0x00020001u
#define INFA_FLG_ADDREG_TYPE_QWORD 0x000B0001u
#define INFA_FLG_ADDREG_KEYONLY 0x00000010u

size_t infa_kb_addreg_flag_count(void);
const infa_kb_addreg_flag *infa_kb_addreg_flag_at(size_t i);
/* First non-alias row with this exact value, or NULL. */
const infa_kb_addreg_flag *infa_kb_addreg_flag_find(uint32_t value);
const infa_kb_addreg_flag *infa_kb_addreg_flag_find_name(const char *name, size_t len);

/* Combined values for completion in the flags field, in offer order. */
typedef struct {
    uint32_t value;
    const char *insert;   /* "0x00010001" */
    const char *label;    /* "FLG_ADDREG_TYPE_DWORD" */
    const char *reg_type; /* "REG_DWORD", or NULL for modifier-only items */
    const char *description;
    bool rejected_isolated;
    bool modifier_only; /* an OR-in bit ("|0x2"), not a whole value */
} infa_kb_addreg_combo;

size_t infa_kb_addreg_combo_count(void);
const infa_kb_addreg_combo *infa_kb_addreg_combo_at(size_t i);

typedef enum {
    INFA_ADDREG_TYPE_KNOWN,   /* one of the FLG_ADDREG_TYPE_* values */
    INFA_ADDREG_TYPE_CUSTOM,  /* 0xNNNN0001: custom type NNNN as binary */
    INFA_ADDREG_TYPE_INVALID, /* InfVerif 1263/1264 */
} infa_addreg_type_status;

#define INFA_ADDREG_MAX_MODS 16

typedef struct {
    uint32_t flags;
    uint32_t type_bits;     /* flags & 0xFFFF0001 */
    uint32_t modifier_bits; /* flags & 0x0000FFFE */
    infa_addreg_type_status type_status;
    const infa_kb_addreg_flag *type_flag; /* KNOWN only */
    const char *reg_type;                 /* "REG_DWORD"; "custom" for CUSTOM; NULL if INVALID */
    uint32_t custom_type;                 /* the NNNN of a CUSTOM type */
    const infa_kb_addreg_flag *mods[INFA_ADDREG_MAX_MODS];
    size_t mod_count;
    uint32_t unknown_bits;     /* modifier bits with no row (worth a warning) */
    bool append_without_multi; /* APPEND on a non-MULTI_SZ type (1265) */
    bool conflicting;          /* NOCLOBBER+OVERWRITEONLY or 32BIT+64BIT */
} infa_kb_addreg_decoded;

/* Decodes an AddReg flags value as addreg.md section 4.2 describes. */
void infa_kb_addreg_flags_decode(uint32_t flags, infa_kb_addreg_decoded *out);

/* Well-known HKR value names (hover text). */
typedef struct {
    const char *name;     /* "UpperFilters" */
    const char *example;  /* "HKR,,UpperFilters,0x10000,<svc>" */
    const char *reg_type; /* "REG_MULTI_SZ" */
    const char *description;
    infa_kind_set where; /* kinds of the section whose AddReg sets it, 0 = anywhere */
    bool rejected_isolated;
} infa_kb_hkr_value;

const infa_kb_hkr_value *infa_kb_hkr_value_find(const char *name, size_t len);
size_t infa_kb_hkr_value_count(void);
const infa_kb_hkr_value *infa_kb_hkr_value_at(size_t i);

/* ---------------------------------------------------------------------------
 * Isolation facts the rules read (isolation-rules.md, addreg.md section 6)
 * ------------------------------------------------------------------------- */

/* Inbox binaries that must be pulled in with Include/Needs (rule 15). */
typedef struct {
    const char *binary;       /* "WUDFRd.sys" */
    const char *include_inf;  /* "WUDFRD.inf" */
    const char *const *needs; /* NULL-terminated Needs section names */
    const char *description;
    uint32_t min_build; /* Include form needs this build (WUDFRD.inf: 22000), or 0 */
    const char *url;
    /* Section-name stems of the inbox INF's upper and lower filter forms
     * ("WUDFRD_UpperFilter" -> Needs=WUDFRD_UpperFilter.NT, .NT.HW,
     * .NT.Services, and .NT.Filters in [X.Filters]); NULL when the docs
     * name none. */
    const char *upper_filter;
    const char *lower_filter;
} infa_kb_inbox_binary;

/* Match on the file name only (no directory). Borrowed static row or NULL. */
const infa_kb_inbox_binary *infa_kb_inbox_binary_find(const char *file, size_t len);
size_t infa_kb_inbox_binary_count(void);
const infa_kb_inbox_binary *infa_kb_inbox_binary_at(size_t i);

/* Does a CoInstallers32 entry ("dll[,entry-point]") name one of the WDF
 * framework co-installers (WdfCoInstaller*, WudfCoinstaller*, WUDFUpdate*)? */
bool infa_kb_wdf_coinstaller(const char *entry, size_t len);

/* Is a [Version] ClassGuid ("{...}") known to be a Microsoft-defined device
 * setup class? False means not known, not "vendor-defined". */
bool infa_kb_class_guid_microsoft(const char *guid, size_t len);

/* A system-defined device setup class: [Version] Class and ClassGuid must
 * agree with it (InfVerif 1280/1281); a reserved one may not be used (1284). */
typedef struct {
    const char *name; /* "Net" */
    const char *guid; /* "{4d36e972-e325-11ce-bfc1-08002be10318}", lower case */
    bool reserved;    /* reserved for Microsoft (1284) */
} infa_kb_setup_class;

/* Case-insensitive lookups; a borrowed static row or NULL. */
const infa_kb_setup_class *infa_kb_setup_class_by_name(const char *name, size_t len);
const infa_kb_setup_class *infa_kb_setup_class_by_guid(const char *guid, size_t len);
size_t infa_kb_setup_class_count(void);
const infa_kb_setup_class *infa_kb_setup_class_at(size_t i);

/* The canonical spelling of a subkey of HKCR\CLSID\{clsid} that registers a
 * COM server ("LocalServer32", "InprocServer32"), or NULL. */
const char *infa_kb_com_server_key(const char *name, size_t len);

/* Service state owned by the SCM (rule 18), with the directive to use. */
typedef struct {
    const char *name;      /* registry value or subkey name: "Start", "TriggerInfo" */
    const char *directive; /* replacement: "StartType" */
    bool is_subkey;        /* matched against the subkey field, not the value name */
    bool verified;         /* the name is documented (others are inferred) */
} infa_kb_service_intrinsic;

const infa_kb_service_intrinsic *infa_kb_service_intrinsic_find(const char *name, size_t len);
size_t infa_kb_service_intrinsic_count(void);
const infa_kb_service_intrinsic *infa_kb_service_intrinsic_at(size_t i);

/* Global registry locations with a documented replacement (rule 20a-20h). */
typedef struct {
    const char *rule_id;     /* "registry-etw-channels" */
    const char *root;        /* "HKLM" */
    const char *prefix;      /* subkey prefix, backslash-separated, no leading '\' */
    const char *value_name;  /* only this value matches, or NULL for any */
    const char *replacement; /* markdown */
    const char *url;
} infa_kb_global_reg;

/* First row whose root equals `root` and whose prefix is a case-insensitive
 * path prefix of `subkey` (whole components), with matching value name when
 * the row has one. Borrowed static row or NULL. */
const infa_kb_global_reg *infa_kb_global_reg_match(const char *root, size_t root_len,
                                                   const char *subkey, size_t subkey_len,
                                                   const char *value, size_t value_len);
size_t infa_kb_global_reg_count(void);
const infa_kb_global_reg *infa_kb_global_reg_at(size_t i);

/* Global-root exceptions of the universal (/u) and WHQL (/h) profiles. */
enum {
    INFA_KB_PROFILE_UNIVERSAL = 1u << 0,
    INFA_KB_PROFILE_WHQL = 1u << 1,
};

typedef struct {
    unsigned profiles;  /* INFA_KB_PROFILE_* */
    const char *root;   /* "HKLM" / "HKCR" */
    const char *prefix; /* "" = the whole root */
    const char *note;
} infa_kb_reg_exception;

/* First exception for one of `profiles` covering root\subkey, or NULL. */
const infa_kb_reg_exception *infa_kb_reg_exception_match(unsigned profiles, const char *root,
                                                         size_t root_len, const char *subkey,
                                                         size_t subkey_len);
size_t infa_kb_reg_exception_count(void);
const infa_kb_reg_exception *infa_kb_reg_exception_at(size_t i);

/* stampinf's tokens in .inx templates ($ARCH$, $KMDFVERSION$, ...). */
typedef struct {
    const char *token; /* with its dollars, case-sensitive as stampinf */
    const char *what;  /* Markdown: what stampinf writes there */
} infa_kb_stampinf_token;

/* The token that starts at text, or NULL. */
const infa_kb_stampinf_token *infa_kb_stampinf_token_at(const char *text, size_t len);
/* The stampinf documentation URL. */
const char *infa_kb_stampinf_docs(void);

/* Path-prefix test used by the matchers above: true when `prefix` equals
 * `path` or is followed there by '\'. Case-insensitive; a leading '\' on
 * `path` is ignored. */
bool infa_kb_path_has_prefix(const char *path, size_t path_len, const char *prefix);

/* ---------------------------------------------------------------------------
 * NetDriver INFs (kb/netdriver.c)
 * ------------------------------------------------------------------------- */
#define INFA_KB_NETDRIVER_CLASS "NetDriver"
#define INFA_KB_NETDRIVERS_PREFIX "DefaultInstall"
#define INFA_KB_NETDRIVERS_SUFFIX ".NetDrivers"
/* The directive a filter's component section gives its class with. */
#define INFA_KB_NET_FILTER_CLASS "FilterClass"

/* A component directive of a .NetDrivers section:
 * `directive = <component id>,<component section>`. */
typedef struct {
    const char *directive; /* AddNetFilter */
    const char *what;      /* "filter" */
    bool filter;           /* its component section names a FilterClass */
} infa_kb_net_component;

const infa_kb_net_component *infa_kb_net_component_find(const char *name, size_t len);
/* Identifier prefixes only OS components may use, NULL-terminated. */
const char *const *infa_kb_net_reserved_prefixes(void);
/* s matches [a-z0-9_]+ (component ids, filter classes), or [a-z0-9_.]+
 * with dots (bind tokens). */
bool infa_kb_net_identifier(const char *s, size_t len, bool dots);
/* [DefaultInstall.NetDrivers], optionally with a platform decoration
 * between the two parts (DefaultInstall.NTamd64.NetDrivers). */
bool infa_kb_netdrivers_section(const char *name, size_t len);

/* Audio endpoints' FX APO registrations: an add-registry line under
 * HKR\FX\<n> of a device interface. The device's install section must
 * Include wdmaudio.inf and Need its registration section (InfVerif
 * 2662/2663; sysvad's [SYSVAD_SA.NT] does both). */
#define INFA_KB_FX_SUBKEY "FX"
#define INFA_KB_FX_INF "wdmaudio.inf"
#define INFA_KB_FX_NEEDS "WDMAUDIO.Registration"

/* ---------------------------------------------------------------------------
 * InfVerif's documented codes (kb/infverif.c)
 *
 * The rules are those of one WDK build, as InfVerif's own /rulever names
 * them; a finding's severity in the declarative, universal and isolated
 * profiles is its code's /k, /u and /w level here.
 * ------------------------------------------------------------------------- */
#define INFA_KB_WDK_BUILD "10.0.26200"

typedef enum {
    INFA_KB_LEVEL_NONE = 0, /* not reported in that mode */
    INFA_KB_LEVEL_WARNING,
    INFA_KB_LEVEL_ERROR,
} infa_kb_level;

/* Index into infa_kb_infverif.level. */
enum { INFA_KB_MODE_K = 0, INFA_KB_MODE_U = 1, INFA_KB_MODE_W = 2 };

typedef struct {
    int code;
    unsigned char level[3]; /* infa_kb_level by INFA_KB_MODE_* */
    const char *message;    /* InfVerif's template; <value> = a placeholder */
} infa_kb_infverif;

/* Sorted by code. find returns NULL for an undocumented code. */
size_t infa_kb_infverif_count(void);
const infa_kb_infverif *infa_kb_infverif_at(size_t i);
const infa_kb_infverif *infa_kb_infverif_find(int code);

#endif
