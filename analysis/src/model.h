/*
 * The semantic model of one INF document: sections (merged by name, as
 * SetupAPI does), logical lines and their fields, how each section is reached
 * (its kinds), references between sections, and the [Strings] table.
 *
 * Everything here is borrowed from the model and valid until the next edit of
 * the document. Offsets are absolute byte offsets into the document's UTF-8
 * text. Rules, hover and completion read the model; they never walk the tree.
 */
#ifndef INFA_MODEL_H
#define INFA_MODEL_H

#include "kb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct infa_model infa_model;

#define INFA_NONE UINT32_MAX

/* A byte range [start, end) in the document. */
typedef struct {
    uint32_t start;
    uint32_t end;
} infa_span;

/* One comma-separated field of a line. */
typedef struct {
    /* Trimmed source range; for an empty field, an empty span where it sits. */
    infa_span span;
    /* The logical text: outer quotes removed, "" made ", continuations and
     * their comments dropped, whitespace around unquoted text trimmed.
     * %tokens% and %% are kept as written (see infa_model_expand). */
    const char *value;
    uint32_t value_len;
    bool quoted; /* some part of the field was in quotes */
    bool empty;  /* nothing between the commas */
} infa_field;

/* One logical line (an `entry`: physical lines joined by `\`). */
typedef struct {
    infa_span span;           /* the whole entry, without comment and line end */
    uint32_t row;             /* row of the entry's first character */
    bool has_key;             /* `key = ...` */
    infa_field key;           /* valid when has_key; key.value is the logical key */
    const infa_field *fields; /* fields after `=`, or all fields when no key */
    uint32_t field_count;
    uint32_t block; /* index of the section block it belongs to, or INFA_NONE
                       for lines before the first section */
} infa_line;

/* Platform decoration of a section name (syntax.md §8). */
typedef enum {
    INFA_PLATFORM_NONE = 0,
    INFA_PLATFORM_NT,       /* .NT */
    INFA_PLATFORM_X86,      /* .NTx86 or (SourceDisks*) .x86 */
    INFA_PLATFORM_AMD64,    /* .NTamd64 / .amd64 */
    INFA_PLATFORM_ARM,      /* .NTarm / .arm */
    INFA_PLATFORM_ARM64,    /* .NTarm64 / .arm64 */
    INFA_PLATFORM_IA64,     /* .NTia64 / .ia64 */
    INFA_PLATFORM_TEMPLATE, /* .NT$ARCH$ in .inx templates: stampinf picks it */
} infa_platform;

/* A section name split into base, platform, and DDInstall suffix, e.g.
 * "MyInst.NTamd64.Services" -> base "MyInst", AMD64, suffix ".Services". */
typedef struct {
    infa_span base; /* span inside the header's name */
    uint32_t base_len;
    infa_platform platform;
    infa_kind_set suffix_kind; /* INFA_KIND_DDINSTALL_HW etc., or 0 */
    uint32_t suffix_offset;    /* offset of ".Services" in the name, or INFA_NONE */
    /* TargetOSVersion parts when the name (a Models section) carries one:
     * NTamd64.10.0...22000. -1 = absent. */
    int os_major, os_minor, os_product_type;
    long os_suite_mask, os_build;
} infa_decoration;

/* One `[name]` block in the file. */
typedef struct {
    infa_span span;      /* header through the last line of the block */
    infa_span header;    /* the `[...]` header line */
    infa_span name_span; /* the name between the brackets */
    const char *name;    /* logical name (quotes removed) */
    uint32_t name_len;
    uint32_t first_line; /* index into the model's lines */
    uint32_t line_count;
    uint32_t section; /* the merged section it belongs to */
    uint32_t header_row;
} infa_block;

typedef struct infa_ref infa_ref;

/* All blocks that share a name (case-insensitive), merged in file order. */
typedef struct {
    const char *name; /* from the first block */
    uint32_t name_len;
    const uint32_t *blocks; /* block indices, file order */
    uint32_t block_count;
    infa_kind_set kinds; /* system name kinds, plus kinds from references */
    infa_decoration decoration;
    const uint32_t *refs_in; /* indices of refs that name this section */
    uint32_t refs_in_count;
} infa_section;

/* One place where the text names another section. */
struct infa_ref {
    infa_span span;            /* the name as written in the field */
    uint32_t line;             /* line index */
    uint32_t field;            /* field index in that line (0-based, after key) */
    const char *directive;     /* the directive (static kb name), e.g. "AddReg" */
    infa_kind_set target_kind; /* the kind this reference gives its target */
    uint32_t from_section;     /* section the line sits in */
    uint32_t target;           /* section index, or INFA_NONE when undefined */
    const char *name;          /* the referenced name, logical (owned by model) */
    uint32_t name_len;
    /* Needs= and Include'd names may live in another INF: never "undefined". */
    bool external;
};

/* Accessors. All pointers are borrowed from the model. */
uint32_t infa_model_line_count(const infa_model *m);
const infa_line *infa_model_line(const infa_model *m, uint32_t index);
uint32_t infa_model_block_count(const infa_model *m);
const infa_block *infa_model_block(const infa_model *m, uint32_t index);
uint32_t infa_model_section_count(const infa_model *m);
const infa_section *infa_model_section(const infa_model *m, uint32_t index);
uint32_t infa_model_ref_count(const infa_model *m);
const infa_ref *infa_model_ref(const infa_model *m, uint32_t index);

/* The kind a section nothing reaches yet (kinds 0) most likely has, for
 * hover and completion while the user writes it before referencing it: its
 * DDInstall suffix or .NT decoration, a name ending of the knowledge tables
 * (infa_kb_name_hint_find: [Extra_Reg]), or lines whose first field is a
 * registry root. 0 for a reached section or when nothing hints. Computed
 * from the section's name and first lines on each call; never part of
 * `kinds`, so no rule sees a guess: rules must not call it. */
infa_kind_set infa_model_inferred_kind(const infa_model *m, uint32_t section);

/* Section index by name (case-insensitive), or INFA_NONE. */
uint32_t infa_model_find_section(const infa_model *m, const char *name, size_t len);
/* The first section with this kind, or INFA_NONE (e.g. INFA_KIND_VERSION). */
uint32_t infa_model_find_kind(const infa_model *m, infa_kind_set kind);

/* Iterate the lines of a merged section in file order:
 *   for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) */
uint32_t infa_model_section_next_line(const infa_model *m, uint32_t section, uint32_t *iter);
/* Lines before the first section header. */
uint32_t infa_model_preamble_line_count(const infa_model *m);

/* The document's text (borrowed). */
const char *infa_model_text(const infa_model *m, size_t *len);
/* Row of a byte offset, and the byte offset a row starts at. */
uint32_t infa_model_row_at(const infa_model *m, uint32_t byte);
uint32_t infa_model_row_start(const infa_model *m, uint32_t row);

/* ---- Strings -------------------------------------------------------------- */

typedef struct {
    const char *value; /* unquoted, as in the line's field */
    uint32_t value_len;
    uint32_t line;   /* the [Strings*] line that defines it */
    uint16_t langid; /* 0 for the undecorated [Strings] */
} infa_string_def;

/* Definitions of a %strkey% (without the percents), neutral [Strings]
 * first, then each [Strings.LLLL]. Returns the count (0 if undefined) and
 * sets *defs to a borrowed array. */
uint32_t infa_model_string_defs(const infa_model *m, const char *key, size_t len,
                                const infa_string_def **defs);
/* Iterate all string keys: index < infa_model_string_key_count. */
uint32_t infa_model_string_key_count(const infa_model *m);
const char *infa_model_string_key(const infa_model *m, uint32_t index, uint32_t *len);

/* Expands %strkey% (from the neutral [Strings], falling back to the first
 * localized one) and %% -> %. %NN% DIRIDs and unknown tokens stay as
 * written. Caller must free with free(). */
char *infa_model_expand(const infa_model *m, const char *value, size_t len, size_t *out_len);

/* ---- Tokens inside a field ----------------------------------------------- */

typedef enum {
    INFA_TOKEN_STRKEY,  /* %name% */
    INFA_TOKEN_DIRID,   /* %13% (decimal digits only, or -1) */
    INFA_TOKEN_PERCENT, /* %% */
} infa_token_kind;

typedef struct {
    infa_token_kind kind;
    infa_span span; /* including the percents */
    infa_span name; /* between the percents */
    long dirid;     /* for INFA_TOKEN_DIRID */
} infa_token;

/* Tokens in [start, end) of the document, in order. Returns the count and
 * sets *tokens to a borrowed array valid until the next call or edit. */
uint32_t infa_model_tokens_in(const infa_model *m, infa_span span, const infa_token **tokens);

/* ---- Cursor context (hover, completion, navigation) ----------------------- */

/* Where a cursor sits. A byte between two blocks (blank lines, comments)
 * belongs to the block before it; the first byte of a header to the
 * header's block. A cursor on any row of a continued line is on that
 * logical line. */
typedef struct {
    uint32_t byte;       /* the cursor, clamped to the text's length */
    uint32_t row;        /* the cursor's row */
    uint32_t row_start;  /* byte where that row starts */
    uint32_t line_start; /* where the logical line starts: row_start, or an
                            earlier row's start on a continuation row */
    uint32_t block;      /* INFA_NONE before the first header */
    uint32_t section;    /* INFA_NONE before the first header */
    uint32_t line;       /* INFA_NONE when not on an entry */
    bool in_header;      /* on the [name] line */
    bool in_key;         /* inside the key of the line (or in a keyless line's first
                            field before any comma when the line might become a key) */
    uint32_t field;      /* field index (after key) or INFA_NONE */
    bool in_comment;
    const infa_token *token; /* the %token% under the cursor, or NULL (borrowed as
                                for infa_model_tokens_in) */
} infa_location;

/* The one cursor-context function (cursor.c): every feature that asks what
 * is at a position starts here. */
infa_location infa_model_locate(const infa_model *m, uint32_t byte);

/* ---- Parsed directives ---------------------------------------------------- */

/* Numbers as SetupAPI reads them: decimal, or hex with 0x. `%strkey%` is
 * expanded first. Returns false for bad syntax. */
bool infa_parse_number(const infa_model *m, const infa_field *f, long long *out);

/* An add-registry / del-registry line: root, subkey, value-name, flags, value. */
typedef struct {
    infa_reg_root root;
    const infa_field *root_f, *subkey_f, *name_f, *flags_f; /* NULL when absent */
    const infa_field *value_f; /* first value field (5th), NULL when absent */
    uint32_t value_count;      /* fields from the 5th on */
    bool flags_present;
    bool flags_valid;
    uint32_t flags; /* decoded, %strkey% expanded */
} infa_addreg;

bool infa_addreg_parse(const infa_model *m, const infa_line *line, infa_addreg *out);

/* A DestinationDirs entry: `name = dirid[,subdir]`. */
typedef struct {
    const infa_line *line;
    bool is_default; /* DefaultDestDir */
    bool dirid_valid;
    long dirid;
    const infa_field *dirid_f;
    const infa_field *subdir_f; /* NULL when absent */
} infa_destdir;

bool infa_destdir_parse(const infa_model *m, const infa_line *line, infa_destdir *out);

/* Where a file-list section copies to: its own DestinationDirs entry, else
 * DefaultDestDir. Returns false when neither exists. */
bool infa_model_destination(const infa_model *m, uint32_t file_list_section, infa_destdir *out);

/* A SourceDisksFiles entry: `file = diskid[,subdir[,size]]`. */
typedef struct {
    const infa_line *line;
    const infa_field *file_f;              /* the key */
    const infa_field *diskid_f, *subdir_f; /* NULL when absent */
    infa_platform platform;                /* of the [SourceDisksFiles.arch] section */
} infa_source_file;

/* All SourceDisksFiles entries for a file name (any platform). Returns the
 * count, filling up to max entries. */
uint32_t infa_model_source_files(const infa_model *m, const char *name, size_t len,
                                 infa_source_file *out, uint32_t max);

/* A line of a copy-files section: `dest[,source[,,flags]]`, or `@file` from
 * the CopyFiles directive itself. */
typedef struct {
    const infa_line *line;
    const infa_field *dest_f;
    const infa_field *source_f; /* NULL when absent or empty */
    const infa_field *flags_f;  /* 4th field, NULL when absent */
} infa_copy_entry;

bool infa_copy_entry_parse(const infa_model *m, const infa_line *line, infa_copy_entry *out);

/* An AddService line: name, flags, service-install section, event-log section. */
typedef struct {
    const infa_line *line;
    const infa_field *name_f, *flags_f, *install_f, *eventlog_f;
    bool flags_valid;
    uint32_t flags;
} infa_addservice;

bool infa_addservice_parse(const infa_model *m, const infa_line *line, infa_addservice *out);

/* A path value split at its leading %DIRID%: "%12%\UMDF\x.dll" ->
 * dirid 12, rest "UMDF\x.dll" (rest_offset is from the start of value). */
typedef struct {
    bool has_dirid;
    long dirid;
    uint32_t dirid_len; /* length of "%12%" */
    const char *rest;   /* after the DIRID and one backslash */
    uint32_t rest_len;
    uint32_t rest_offset;
    const char *file_name; /* last path component */
    uint32_t file_name_len;
} infa_path;

void infa_path_split(const char *value, size_t len, infa_path *out);

/* The logical key of a line, or NULL. */
static inline const char *infa_line_key(const infa_line *l)
{
    return l->has_key ? l->key.value : NULL;
}

/* ---- Syntax --------------------------------------------------------------- */

/* ERROR and MISSING nodes of the tree as spans with a message a person
 * understands (owned by the model). */
typedef struct {
    infa_span span;
    const char *message;
} infa_syntax_error;

uint32_t infa_model_syntax_error_count(const infa_model *m);
const infa_syntax_error *infa_model_syntax_error(const infa_model *m, uint32_t index);

/* ---- What a rule read (engine.c) ------------------------------------------ */

/* While a tracker is set, the accessors that hand out a block's content
 * (infa_model_line, infa_model_block, infa_model_section_next_line, the
 * syntax errors, the preamble) record the block they read: index
 * block_count stands for the preamble. The engine keeps a rule's findings
 * while the blocks it read stand. `marks` has block_count + 1 entries; a
 * block is recorded once per `stamp`. */
typedef struct {
    uint32_t *marks; /* per block: the stamp it was last recorded with */
    uint32_t stamp;
    uint32_t *touched; /* the blocks recorded, in the order first read */
    uint32_t count, cap;
    /* String keys looked up (infa_model_string_defs, and so expansion and
     * numbers), as infa_hash_nocase of the key: a value is read by key,
     * not by the [Strings] block that holds it. */
    uint32_t *keys;
    uint32_t key_count, key_cap;
} infa_model_tracker;

/* Sets (or with NULL clears) the model's tracker; borrowed until cleared. */
void infa_model_track(const infa_model *m, infa_model_tracker *tracker);
/* Notes block (a block index, or the block count for the preamble) in t,
 * once per stamp. */
void infa_model_tracker_add(infa_model_tracker *t, uint32_t block);
/* The preamble's content (lines, their fields and syntax errors, not their
 * offsets) as a hash: what a block's generation is for a block. */
uint64_t infa_model_preamble_fingerprint(const infa_model *m);

#endif
