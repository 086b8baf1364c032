/*
 * Shared machinery of the driver-package-isolation rules (issue 5): which
 * files an INF copies and where to, which sections InfVerif /w actually
 * checks (downlevel OS decorations), and the "Run from Driver Store" fix that
 * moves a DestinationDirs entry to DIRID 13 together with every reference to
 * the files it moves. Not a rule: the rules are analysis/rules/<id>.c.
 */
#ifndef INFA_ISOLATION_SUPPORT_H
#define INFA_ISOLATION_SUPPORT_H

#include "rule.h"

#define INFA_ISO_DOCS INFA_DOCS
#define INFA_ISO_RUN_FROM_STORE INFA_ISO_DOCS "develop/run-from-driver-store"
#define INFA_ISO_PORTING INFA_ISO_DOCS "develop/porting-inf-to-windows-driver"
#define INFA_ISO_ISOLATION INFA_ISO_DOCS "develop/driver-isolation"
#define INFA_ISO_ERRORS INFA_DOCS_ERRORS
#define INFA_ISO_DIRIDS INFA_ISO_DOCS "install/using-dirids"
#define INFA_ISO_UNIVERSAL INFA_ISO_DOCS "install/using-a-universal-inf-file"

/* Profiles that run InfVerif /w ("Windows Driver") checks. Desktop runs them
 * too; the engine downgrades isolation errors there. */
#define INFA_ISO_PROFILES_W                                                                        \
    (INFA_PROFILE_BIT(INFA_PROFILE_ISOLATED) | INFA_PROFILE_BIT(INFA_PROFILE_DESKTOP))
/* Profiles that run the /u (universal) checks: /w includes /u. */
#define INFA_ISO_PROFILES_U (INFA_ISO_PROFILES_W | INFA_PROFILE_BIT(INFA_PROFILE_UNIVERSAL))

/* CopyFiles flags a file run from the Driver Store cannot have (see
 * dirid13-copy-flag): FORCE_FILE_IN_USE, REPLACEONLY, REPLACE_BOOT_FILE,
 * IN_USE_RENAME. */
#define INFA_ISO_STORE_COPY_FLAGS 0x5408u

/* ---- Sections -------------------------------------------------------------- */

/* Case-insensitive directive name of a reference (NULL-safe). */
bool infa_iso_ref_is(const infa_ref *r, const char *directive);
/* The first reference to `section` made by `directive` (NULL = any), or NULL.
 * Borrowed from the model. */
const infa_ref *infa_iso_ref_to(const infa_model *m, uint32_t section, const char *directive);
/* Does any section of kind `from_kinds` reference `section` through
 * `directive`? */
bool infa_iso_referenced_from(const infa_model *m, uint32_t section, const char *directive,
                              infa_kind_set from_kinds);
/* Index of the section holding a line. */
uint32_t infa_iso_line_section(const infa_model *m, const infa_line *line);

/* A Models section name taken apart by hand, so that the .inx template
 * placeholder NT$ARCH$ (stampinf replaces it) works like NTamd64:
 * base "Std", platform "NT$ARCH$", then TargetOSVersion numbers (0 when
 * absent). */
typedef struct {
    const char *base;
    uint32_t base_len;
    const char *platform;
    uint32_t platform_len;
    long major, minor, build;
} infa_iso_models;

void infa_iso_models_parse(const infa_model *m, uint32_t section, infa_iso_models *out);

/* True when every way the install reaches `section` goes through a Models
 * section that only installs on builds before Windows 10 1809 (17763), the
 * lowest build InfVerif /w checks: a downlevel Models section followed by a
 * sibling decorated for a build <= 17763 (e.g. NTamd64 next to
 * NTamd64.10.0...16299). Legacy syntax kept there for old builds is fine. */
bool infa_iso_downlevel_only(const infa_model *m, uint32_t section);

/* The lowest OS build an install reaching `section` can run on: the
 * smallest TargetOSVersion build of the Models (or decorated DefaultInstall)
 * sections that reach it, 0 for an undecorated one, -1 when nothing does. */
long infa_iso_lowest_build(const infa_model *m, uint32_t section);

/* ---- Copied files ---------------------------------------------------------- */

typedef struct {
    uint32_t section;           /* file-list section, or INFA_NONE for CopyFiles=@file */
    const infa_line *line;      /* the copy line (or the CopyFiles line for @file) */
    const infa_field *dest_f;   /* the destination name field */
    const infa_field *source_f; /* the source name field when renamed, else NULL */
    const infa_field *flags_f;  /* the flags field, or NULL */
    const char *dest;           /* destination file name (for @file, without the @) */
    uint32_t dest_len;
    const char *source; /* source file name: dest unless renamed */
    uint32_t source_len;
    bool has_destination; /* a DestinationDirs entry (own or default) applies */
    infa_destdir destdir;
} infa_iso_copy;

typedef struct {
    infa_iso_copy *items;
    size_t len;
    size_t cap;
    /* Names with %strkey% tokens, expanded (owned; freed with the list). */
    char **owned;
    size_t owned_len;
    /* Lines that may refer to a copied file by path: lines with a '%' outside
     * data sections, and AddReg lines (bare names). Line indices, in order;
     * the move fix only looks at these (a 1 MB INF has few). */
    uint32_t *ref_lines;
    size_t ref_lines_len;
    /* Every `%dirid%\dir\file` path in those lines, found once. */
    struct infa_iso_path_ref *paths;
    size_t paths_len;
    /* Indices into items of the copies with a DestinationDirs entry,
     * grouped by the entry line's offset, item order within a group: a
     * rule asking per DestinationDirs line stays linear on huge input. */
    uint32_t *by_destdir;
    size_t by_destdir_len;
    /* Per-section answers computed on first use (infa_iso_lowest_build_of,
     * infa_iso_downlevel_only_of); owned, mutable behind a const list. */
    struct infa_iso_memo *memo;
} infa_iso_copies;

/* One `%dirid%\dir\name` path in a value: token digits [name_start,
 * name_end), directories [dir_start, file_start), file [file_start,
 * file_end). */
struct infa_iso_path_ref {
    uint32_t line;
    uint32_t name_start, name_end, dir_start, file_start, file_end;
    long dirid;
};

/* Every file copied by a CopyFiles directive of this INF, names with
 * %strkey% expanded (%DriverName%.sys). Free with infa_iso_copies_free();
 * other pointers inside are borrowed from the model. */
void infa_iso_copies_collect(const infa_model *m, infa_iso_copies *out);
void infa_iso_copies_free(infa_iso_copies *c);
/* The run's copies, collected once for every rule of the run (the engine's
 * per-run cache). Borrowed until the run ends. */
const infa_iso_copies *infa_iso_copies_of(infa_rule_ctx *ctx);
/* The copies whose DestinationDirs entry is `line`: *idx gets their
 * indices into c->items, in order (borrowed from c). Returns how many. */
size_t infa_iso_copies_through(const infa_iso_copies *c, const infa_line *line,
                               const uint32_t **idx);
/* infa_iso_lowest_build and infa_iso_downlevel_only of `section`, the same
 * answers, remembered in `c` for the rest of the run. `m` must be the model
 * c was collected from. */
long infa_iso_lowest_build_of(const infa_iso_copies *c, const infa_model *m, uint32_t section);
bool infa_iso_downlevel_only_of(const infa_iso_copies *c, const infa_model *m, uint32_t section);
/* infa_iso_copy_platforms, remembered per section in `c`. */
unsigned infa_iso_copy_platforms_of(const infa_iso_copies *c, const infa_model *m,
                                    const infa_iso_copy *copy);
/* First copy whose destination name is `name` (case-insensitive), or NULL. */
const infa_iso_copy *infa_iso_copies_find(const infa_iso_copies *c, const char *name, size_t len);

/* The platforms whose install sections make a copy: a bit (1u << platform)
 * per decorated CopyFiles holder; 0 when any holder is undecorated (or .NT),
 * i.e. the copy happens on every platform. */
unsigned infa_iso_copy_platforms(const infa_model *m, const infa_iso_copy *c);
/* Does a [SourceDisksFiles(.arch)] entry of `platform` apply to a copy made
 * on `platforms` (as infa_iso_copy_platforms returns)? */
bool infa_iso_platform_applies(infa_platform entry_platform, unsigned platforms);

/* The [SourceDisksFiles] subdirectory of a source file, normalised (no
 * leading/trailing '\'), over the entries that apply to `platforms` (0 =
 * all). Returns 0 when the file is not listed, 1 when those entries agree
 * (*sub, *sub_len set; empty = package root), 2 when they disagree. *entry
 * gets the first entry's line. */
int infa_iso_source_subdir(const infa_model *m, const char *name, size_t len, unsigned platforms,
                           const char **sub, uint32_t *sub_len, const infa_line **entry);

/* infa_iso_source_subdir through an index of [SourceDisksFiles] built once
 * in `c` for the run. */
int infa_iso_source_subdir_of(const infa_iso_copies *c, const infa_model *m, const char *name,
                              size_t len, unsigned platforms, const char **sub, uint32_t *sub_len,
                              const infa_line **entry);

/* Do (dirid, subdir) pairs name the same directory? %12%, %11%\\drivers and
 * %10%\\System32\\drivers do; subdirs compare without case and without
 * leading/trailing backslashes. */
bool infa_iso_same_dir(long d1, const char *s1, uint32_t l1, long d2, const char *s2, uint32_t l2);

/* Strip leading and trailing backslashes of a subdirectory. */
void infa_iso_trim_subdir(const char **s, uint32_t *len);

/* ---- The "Run from Driver Store" fix ---------------------------------------- */

typedef struct {
    bool used;          /* some copied file goes through the line */
    bool fixable;       /* a correct rewrite exists */
    char why[320];      /* when !fixable: what to do instead */
    const char *subdir; /* the new subdir S (borrowed), or NULL for none */
    uint32_t subdir_len;
    uint32_t file_count;    /* files moved */
    uint32_t ref_count;     /* references rewritten */
    uint32_t addreg_values; /* AddReg string values among them (REG_SZ) */
} infa_iso_move_plan;

/* Works out what moving DestinationDirs line `destdirs_line` to 13[,S] would
 * take. Fills `plan`; never reports. */
void infa_iso_move_plan_make(const infa_model *m, const infa_iso_copies *copies,
                             const infa_line *destdirs_line, infa_iso_move_plan *plan);

/* Adds the fix to `f`: rewrite the DestinationDirs value to 13[,S] and every
 * reference to the moved files (ServiceBinary, AddReg string values,
 * FirmwareFilename, event/resource files, AddProperty values; never
 * SoftwareBinary, never files the INF does not copy). With `expand`, REG_SZ
 * AddReg values that get a path also become REG_EXPAND_SZ (0x00020000).
 * Returns the fix, or NULL when the plan is not fixable. */
infa_fix *infa_iso_move_fix_add(infa_finding *f, const infa_model *m, const infa_iso_copies *copies,
                                const infa_line *destdirs_line, const infa_iso_move_plan *plan,
                                bool safe, bool preferred, bool expand, const char *title);

/* Adds an edit replacing [start, end) with `text`, trimmed to the characters
 * that actually change (common prefix and suffix kept). */
void infa_iso_edit_min(infa_fix *fix, const infa_model *m, uint32_t start, uint32_t end,
                       const char *text);

/* Source text of a span (borrowed). */
const char *infa_iso_text(const infa_model *m, infa_span span, uint32_t *len);

/* Relates the lines that reference a section through `directive` (NULL = any)
 * to a finding: "<what> [Section] is used here". At most `max`. */
void infa_iso_relate_refs(infa_finding *f, const infa_model *m, uint32_t section,
                          const char *directive, unsigned max);

/* ---- Paths in values ----------------------------------------------------- */

/* A ServiceBinary-like path value: %strkey% expanded, the triple quotes of a
 * path with spaces removed, then split at its leading %DIRID%. Returns false
 * for an empty value. The caller must free *value with free(); `path` points
 * into it. */
bool infa_iso_path_value(const infa_model *m, const infa_field *f, char **value, infa_path *path);
/* Source offset of the last case-insensitive occurrence of `name` in span, or
 * INFA_NONE. */
uint32_t infa_iso_find_last(const infa_model *m, infa_span span, const char *name, size_t len);
/* The first field of a line whose key is `key` (case-insensitive), or NULL. */
const infa_field *infa_iso_key_value(const infa_line *line, const char *key);
/* The [Version] Class= value (the last one when repeated, as Setup reads
 * it) with %strkey% expanded, or NULL when there is none. Caller must free
 * with free(). */
char *infa_iso_version_class(const infa_model *m, size_t *len);

/* What a ServiceBinary rule checks: one ServiceBinary value of a
 * service-install or WDF service-install section, with the document's
 * copies (borrowed for the call). */
typedef struct {
    const infa_model *m;
    const infa_iso_copies *copies;
    uint32_t section;
    const infa_line *line;
    const infa_field *value;
} infa_iso_binary;

/* Calls fn for every ServiceBinary value, in file order. */
void infa_iso_each_service_binary(infa_rule_ctx *ctx,
                                  void (*fn)(infa_rule_ctx *ctx, const infa_iso_binary *b));
/* Where a DIRID resolves ("%SystemRoot%\\System32\\drivers"), or NULL when
 * the table has no row. Static string. */
const char *infa_iso_dirid_where(long dirid);

/* The document's line ending ("\r\n" when its first line ends so, else
 * "\n"), for inserted lines. Static string. */
const char *infa_iso_eol(const infa_model *m);
/* Offset just after the last row of a block (where a new last line of the
 * block goes), and whether a line ending must be written first. */
uint32_t infa_iso_block_append_at(const infa_model *m, const infa_block *b, bool *need_eol);

/* Whole rows [first row of `span`, row after its last row): for deleting a
 * line or a section block with its line ending. */
infa_span infa_iso_rows_of(const infa_model *m, infa_span span);

#endif
