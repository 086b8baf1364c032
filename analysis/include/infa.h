/*
 * infa: the inf-ls analysis library.
 *
 * Turns the text of a Windows driver INF into a syntax tree, a semantic model
 * and findings (diagnostics, hover, completion, code actions). It knows
 * nothing about JSON, LSP or event loops: positions are byte offsets into the
 * UTF-8 text and (row, byte column) points. Converting columns to UTF-16 is
 * the caller's job.
 *
 * Ownership: a function returning a pointer says whether the caller owns it
 * ("caller must free with ...") or borrows it ("borrowed; valid until ...").
 * Out-of-memory aborts the process; no function returns NULL for it.
 * Analysis never fails on any input: every document has a tree and a model.
 */
#ifndef INFA_H
#define INFA_H

#include "infa_encoding.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Positions ---------------------------------------------------------- */

/* A zero-based row and a byte column within that row. */
typedef struct {
    uint32_t row;
    uint32_t col;
} infa_point;

/* A half-open byte range [start, end) with its points. */
typedef struct {
    uint32_t start_byte;
    uint32_t end_byte;
    infa_point start;
    infa_point end;
} infa_range;

/* ---- Configuration ------------------------------------------------------- */

/* Mirrors InfVerif's modes. */
typedef enum {
    INFA_PROFILE_ISOLATED = 0, /* ~ infverif /w: Windows Driver, the default */
    INFA_PROFILE_UNIVERSAL,    /* ~ /u */
    INFA_PROFILE_DECLARATIVE,  /* ~ /k */
    INFA_PROFILE_DESKTOP,      /* isolation findings become warnings */
} infa_profile;

/* Numbered as LSP's DiagnosticSeverity so no table is needed to convert;
 * OFF turns a rule off. */
typedef enum {
    INFA_SEVERITY_OFF = 0,
    INFA_SEVERITY_ERROR = 1,
    INFA_SEVERITY_WARNING = 2,
    INFA_SEVERITY_INFO = 3,
    INFA_SEVERITY_HINT = 4,
} infa_severity;

typedef struct infa_config infa_config;

/* Caller must free with infa_config_delete(). Starts as the isolated profile
 * with every rule at its default severity. */
infa_config *infa_config_new(void);
void infa_config_delete(infa_config *config);
/* Caller must free with infa_config_delete(). */
infa_config *infa_config_copy(const infa_config *config);
void infa_config_set_profile(infa_config *config, infa_profile profile);
infa_profile infa_config_profile(const infa_config *config);
/* Overrides one rule's severity. Returns false if no rule has that id. */
bool infa_config_set_severity(infa_config *config, const char *rule_id, infa_severity severity);
/* Overrides the severity of every finding that carries InfVerif code
 * `code`, whichever rule reports it (so a code several rules report applies
 * to all of them). When a rule override and a code override both match a
 * finding, the one set later wins. Returns false if no rule reports that
 * code (see infa_infverif_code_known). */
bool infa_config_set_code_severity(infa_config *config, int code, infa_severity severity);
/* Drops every severity override, by rule and by code. */
void infa_config_clear_severities(infa_config *config);
/* "isolated", "universal", "declarative", "desktop". False if unknown. */
bool infa_profile_parse(const char *name, infa_profile *out);
/* Static string. */
const char *infa_profile_name(infa_profile profile);
/* "error", "warning", "information"/"info", "hint", "off". False if unknown. */
bool infa_severity_parse(const char *name, infa_severity *out);
/* Static string: "error", "warning", "info", "hint", "off". */
const char *infa_severity_name(infa_severity severity);

/* ---- Rules --------------------------------------------------------------- */

typedef struct {
    const char *id;      /* stable kebab-case id, e.g. "dirid-not-13" */
    const char *summary; /* one line for --help and docs */
    const char *href;    /* documentation URL, or NULL */
    infa_severity default_severity;
    bool isolation; /* true for driver-package-isolation rules */
} infa_rule_info;

/* Borrowed, static. Rules are listed in a stable order. */
size_t infa_rule_count(void);
const infa_rule_info *infa_rule_at(size_t index);
/* Borrowed, static; NULL if no rule has that id. */
const infa_rule_info *infa_rule_find(const char *id);
/* The InfVerif codes findings of rule_id may carry, from the rule's
 * descriptor (what the engine attaches; its docs list the same), ascending:
 * writes up to cap of them to out and returns how many there are (0 for none
 * or an unknown id). */
size_t infa_rule_attached_codes(const char *rule_id, int *out, size_t cap);

/* ---- InfVerif ------------------------------------------------------------ */

/* The WDK build whose InfVerif codes and levels inf-ls follows, like
 * InfVerif's /rulever, e.g. "10.0.26200". Static. */
const char *infa_infverif_wdk_build(void);
/* InfVerif's own message for a documented code, a template in which
 * "<value>" stands for what InfVerif fills in; NULL for an undocumented code.
 * Static. */
const char *infa_infverif_message(int code);
/* The severity InfVerif gives code in the mode of profile: declarative is
 * /k, universal /u, isolated /w; INFA_SEVERITY_OFF where InfVerif does not
 * report it. False for an undocumented code and for the desktop profile,
 * which has no InfVerif mode. */
bool infa_infverif_level(int code, infa_profile profile, infa_severity *out);
/* "k", "u" or "w" (any case, with or without a leading '/') to the profile
 * of that InfVerif mode. False otherwise. */
bool infa_infverif_mode_parse(const char *mode, infa_profile *out);

/* ---- Rule documentation (docs/rules/<rule-id>.md, compiled in) ----------- */

/* The rule's full text in Markdown: what it checks and why, a minimal bad
 * example and its fixed version (fenced as ```inf bad / ```inf fixed), its
 * InfVerif codes and documentation link. Borrowed, static; NULL when the
 * rule has no documentation. */
const char *infa_rule_explain(const char *rule_id);
/* The InfVerif codes the rule may report, in the order its documentation
 * lists them. Borrowed, static; *count receives how many (0 for none). */
const int *infa_rule_infverif_codes(const char *rule_id, size_t *count);
/* True when some rule may report the InfVerif code. */
bool infa_infverif_code_known(int code);

/* ---- Documents ----------------------------------------------------------- */

typedef struct infa_document infa_document;

/* Parses and analyses UTF-8 text (copied). Invalid UTF-8 and NUL bytes are
 * accepted. Caller must free with infa_document_delete(). */
infa_document *infa_document_new(const char *text, size_t len);
void infa_document_delete(infa_document *doc);

/* Where the text came from, for the checks that depend on it: the file name
 * (an .inx is a stampinf template, InfVerif 1274) and the encoding its
 * bytes were decoded from (InfVerif 1003). file_name NULL = unknown; it is
 * copied. encoding NULL = unknown (text an editor sent). Both persist across
 * edits; a new document knows neither. */
void infa_document_set_origin(infa_document *doc, const char *file_name,
                              const infa_text_encoding *encoding);

/* Replaces bytes [start_byte, end_byte) with new_text, then updates the tree
 * incrementally and re-extracts only the sections whose text changed.
 * Offsets past the end are clamped. */
void infa_document_apply_edit(infa_document *doc, uint32_t start_byte, uint32_t end_byte,
                              const char *new_text, size_t new_len);
/* Replaces the whole text (full sync). Also incremental: the common prefix
 * and suffix of old and new text are kept. */
void infa_document_set_text(infa_document *doc, const char *text, size_t len);

/* Borrowed; valid until the next edit. Always NUL-terminated. */
const char *infa_document_text(const infa_document *doc, size_t *len);
/* Bumped by every edit; starts at 1. */
uint64_t infa_document_revision(const infa_document *doc);

/* Line index. Rows end at CRLF, LF or a bare CR. */
uint32_t infa_document_line_count(const infa_document *doc);
/* Byte offset where a row starts; rows past the end give the text length. */
uint32_t infa_document_line_start(const infa_document *doc, uint32_t row);
/* Byte offset where a row's content ends (before its line terminator). */
uint32_t infa_document_line_end(const infa_document *doc, uint32_t row);
/* Byte offset to point; offsets past the end are clamped. */
infa_point infa_document_point_at(const infa_document *doc, uint32_t byte);
/* Builds a range from two byte offsets. */
infa_range infa_document_range(const infa_document *doc, uint32_t start_byte, uint32_t end_byte);

/* ---- Diagnostics --------------------------------------------------------- */

typedef struct {
    infa_range range;
    const char *message; /* owned by the list */
} infa_related;

enum {
    INFA_TAG_UNNECESSARY = 1, /* LSP DiagnosticTag.Unnecessary (unused section) */
    INFA_TAG_DEPRECATED = 2,
};

typedef struct {
    infa_range range;
    infa_severity severity; /* after profile and overrides; never OFF */
    const char *rule_id;    /* static, e.g. "syntax-error", "dirid-not-13" */
    const char *message;    /* owned by the list; InfVerif code included */
    const char *href;       /* static documentation URL, or NULL */
    int infverif_code;      /* 0 when InfVerif has no code for it */
    unsigned tags;          /* INFA_TAG_* bits */
    const infa_related *related;
    size_t related_count;
    bool fixable; /* a quick fix exists for this finding */
} infa_diagnostic;

typedef struct infa_diagnostic_list infa_diagnostic_list;

/* Runs every enabled rule (and the syntax check) under config, honouring
 * inline suppressions ("; inf-ls: ignore <rule-id>" on the line or the line
 * above). Sorted by position. Caller must free with
 * infa_diagnostic_list_delete(). config may be NULL for the defaults. */
infa_diagnostic_list *infa_document_diagnose(infa_document *doc, const infa_config *config);
void infa_diagnostic_list_delete(infa_diagnostic_list *list);
size_t infa_diagnostic_list_count(const infa_diagnostic_list *list);
/* Borrowed; valid until the list is deleted. */
const infa_diagnostic *infa_diagnostic_list_get(const infa_diagnostic_list *list, size_t index);

/* ---- Hover --------------------------------------------------------------- */

typedef struct infa_hover infa_hover;

/* Markdown for what is under the byte offset, or NULL when there is nothing
 * to say. Caller must free with infa_hover_delete(). */
infa_hover *infa_document_hover(infa_document *doc, const infa_config *config, uint32_t byte);
void infa_hover_delete(infa_hover *hover);
/* Borrowed; valid until the hover is deleted. */
const char *infa_hover_markdown(const infa_hover *hover);
/* The range the hover is about (the token under the cursor). */
infa_range infa_hover_range(const infa_hover *hover);

/* ---- Completion ---------------------------------------------------------- */

/* Numbered as LSP's CompletionItemKind. */
typedef enum {
    INFA_COMPLETION_TEXT = 1,
    INFA_COMPLETION_KEYWORD = 14,
    INFA_COMPLETION_VALUE = 12,
    INFA_COMPLETION_CONSTANT = 21,
    INFA_COMPLETION_ENUM_MEMBER = 20,
    INFA_COMPLETION_MODULE = 9,   /* section names */
    INFA_COMPLETION_VARIABLE = 6, /* %strkey% */
    INFA_COMPLETION_FOLDER = 19,  /* DIRIDs */
    INFA_COMPLETION_PROPERTY = 10,
    INFA_COMPLETION_SNIPPET = 15,
} infa_completion_kind;

typedef struct {
    const char *label;         /* what the user sees */
    const char *insert_text;   /* replaces the list's range */
    const char *filter_text;   /* what the user types to find it, or NULL = label */
    const char *sort_text;     /* or NULL = label */
    const char *detail;        /* one line, or NULL */
    const char *documentation; /* markdown, or NULL */
    infa_completion_kind kind;
    bool deprecated;
    bool preselect;
} infa_completion_item;

typedef struct infa_completion_list infa_completion_list;

/* Items that fit the context at the byte offset; an empty list when nothing
 * fits. Caller must free with infa_completion_list_delete(). */
infa_completion_list *infa_document_complete(infa_document *doc, const infa_config *config,
                                             uint32_t byte);
void infa_completion_list_delete(infa_completion_list *list);
size_t infa_completion_list_count(const infa_completion_list *list);
/* Borrowed; valid until the list is deleted. Strings are owned by the list. */
const infa_completion_item *infa_completion_list_get(const infa_completion_list *list,
                                                     size_t index);
/* The partial word every item's insert_text replaces. */
infa_range infa_completion_list_range(const infa_completion_list *list);
/* True when names from the document were left out to keep the list short:
 * ask again as the user types more (LSP isIncomplete). */
bool infa_completion_list_incomplete(const infa_completion_list *list);

/* ---- Code actions -------------------------------------------------------- */

typedef struct {
    infa_range range;
    const char *new_text; /* owned by the action list */
} infa_text_edit;

typedef struct {
    const char *title;           /* owned by the list */
    const char *kind;            /* static: "quickfix", "refactor.rewrite" or "source.fixAll" */
    const char *rule_id;         /* static; the finding it fixes, or NULL for fix-all */
    infa_range diagnostic_range; /* the finding it fixes */
    bool preferred;
    const infa_text_edit *edits; /* sorted, non-overlapping */
    size_t edit_count;
} infa_code_action;

typedef struct infa_code_action_list infa_code_action_list;

/* Quick fixes for findings on the rows [start_row, end_row] (matched by rule
 * and row, never by exact range: clients echo ranges inaccurately); for a
 * section nothing references yet whose header is in those rows, one
 * "refactor.rewrite" action per DDInstall section that adds the directive
 * its look calls for ("Reference [X_Reg] from [Inst]": `AddReg=X_Reg`);
 * plus a "source.fixAll" action when any safe fix exists in the document.
 * Caller must free with infa_code_action_list_delete(). */
infa_code_action_list *infa_document_code_actions(infa_document *doc, const infa_config *config,
                                                  uint32_t start_row, uint32_t end_row);
/* Only the fix-all action (or an empty list). Used by --fix. */
infa_code_action_list *infa_document_fix_all(infa_document *doc, const infa_config *config);
void infa_code_action_list_delete(infa_code_action_list *list);
size_t infa_code_action_list_count(const infa_code_action_list *list);
/* Borrowed; valid until the list is deleted. */
const infa_code_action *infa_code_action_list_get(const infa_code_action_list *list, size_t index);

/* Applies sorted, non-overlapping edits to text. Caller must free the result
 * with free(); *out_len receives its length. */
char *infa_edits_apply(const char *text, size_t len, const infa_text_edit *edits, size_t count,
                       size_t *out_len);

/* ---- Navigation and editor features ---------------------------------------
 * Outline, definition, references, rename, folding, selection ranges,
 * semantic tokens and inlay hints. Owners: symbols.c (outline, folding,
 * selection), navigate.c (definition, references), rename.c, semtokens.c,
 * inlay.c. All start from the one cursor context of the model. */

/* Numbered as LSP's SymbolKind. */
typedef enum {
    INFA_SYMBOL_NAMESPACE = 3, /* a section */
    INFA_SYMBOL_PROPERTY = 7,  /* a DestinationDirs entry */
    INFA_SYMBOL_FIELD = 8,     /* a Models entry (a device) */
    INFA_SYMBOL_KEY = 20,      /* a [Strings] key */
} infa_symbol_kind;

typedef struct {
    const char *name;   /* owned by the list; never empty */
    const char *detail; /* owned by the list, or NULL */
    infa_symbol_kind kind;
    infa_range range;     /* the whole block or entry */
    infa_range selection; /* its name */
    uint32_t first_child; /* children are [first_child, first_child + child_count) */
    uint32_t child_count;
} infa_symbol;

typedef struct infa_symbol_list infa_symbol_list;

/* One symbol per section header (a section merged from duplicates has one
 * per header, its detail says so), with the entries of Strings, Models and
 * DestinationDirs sections as children, at most INFA_SYMBOL_MAX_CHILDREN
 * per header (the detail says how many were left out). Caller must free
 * with infa_symbol_list_delete(). */
#define INFA_SYMBOL_MAX_CHILDREN 500
infa_symbol_list *infa_document_symbols(infa_document *doc);
void infa_symbol_list_delete(infa_symbol_list *list);
/* Every symbol, roots first: roots are [0, root_count). */
size_t infa_symbol_list_count(const infa_symbol_list *list);
size_t infa_symbol_list_root_count(const infa_symbol_list *list);
/* Borrowed; valid until the list is deleted. */
const infa_symbol *infa_symbol_list_get(const infa_symbol_list *list, size_t index);

/* Where a name is defined or used. */
typedef struct {
    infa_range range; /* in this document; empty when file is set */
    /* A file named relative to the INF's folder (Include=), owned by the
     * list; NULL for a place in this document. The caller checks it exists. */
    const char *file;
    bool declaration; /* a header or a [Strings*] key, not a use */
} infa_nav_target;

typedef struct infa_nav_list infa_nav_list;

/* Go to definition: a section reference gives every header of the section;
 * %strkey% its [Strings] line (and each [Strings.LLLL] one); Include=foo.inf
 * the file; a file of a copy-files list its [SourceDisksFiles] entries; a
 * header or a [Strings] key itself. Caller must free with
 * infa_nav_list_delete(). Empty when there is nothing to go to. */
infa_nav_list *infa_document_definition(infa_document *doc, uint32_t byte);
/* Every use of the section or string key at the byte, in file order, plus
 * its headers / [Strings*] keys when include_declaration. */
infa_nav_list *infa_document_references(infa_document *doc, uint32_t byte,
                                        bool include_declaration);
void infa_nav_list_delete(infa_nav_list *list);
size_t infa_nav_list_count(const infa_nav_list *list);
/* Borrowed; valid until the list is deleted. */
const infa_nav_target *infa_nav_list_get(const infa_nav_list *list, size_t index);

/* Rename. prepare: the range the new name replaces (a section's base name
 * without its decorations, or a string key) and true, or false with
 * *error set to why not (caller must free() it). */
bool infa_document_rename_prepare(infa_document *doc, uint32_t byte, infa_range *range,
                                  char **error);
typedef struct infa_rename infa_rename;
/* The edits that rename what is at the byte to new_name: a section with
 * every decorated variant (X, X.NT, X.NTamd64.HW, X.security, ...) and
 * every reference; a string key with every %key% and its key in [Strings]
 * and each [Strings.LLLL]. Never NULL; check infa_rename_error(). Caller
 * must free with infa_rename_delete(). */
infa_rename *infa_document_rename(infa_document *doc, uint32_t byte, const char *new_name,
                                  size_t new_len);
void infa_rename_delete(infa_rename *rename);
/* Why the rename is refused (borrowed), or NULL when it has edits. */
const char *infa_rename_error(const infa_rename *rename);
/* Sorted, non-overlapping; borrowed until the rename is deleted. */
const infa_text_edit *infa_rename_edits(const infa_rename *rename, size_t *count);

/* Folding: each section and each run of two or more comment lines. */
typedef struct {
    uint32_t start_row, end_row;
    bool comment;
} infa_fold;
/* Caller must free() the array. */
infa_fold *infa_document_folds(infa_document *doc, size_t *count);

/* Selection ranges at the byte, innermost first (field or key, entry,
 * section), each holding the one before. Returns how many (at most 4). */
size_t infa_document_selection(infa_document *doc, uint32_t byte, infa_range out[4]);

/* Semantic tokens. The legend is small and names the same categories as
 * grammar/queries/highlights.scm. */
typedef enum {
    INFA_SEM_NAMESPACE = 0, /* section names */
    INFA_SEM_KEYWORD,       /* known directives */
    INFA_SEM_PROPERTY,      /* other keys */
    INFA_SEM_VARIABLE,      /* %strkey% */
    INFA_SEM_NUMBER,        /* numbers, flags, DIRIDs */
    INFA_SEM_ENUM_MEMBER,   /* registry roots */
    INFA_SEM_STRING,        /* quoted text */
    INFA_SEM_COMMENT,
    INFA_SEM__COUNT
} infa_sem_type;

enum {
    INFA_SEM_MOD_DECLARATION = 1u << 0,     /* a section header's name */
    INFA_SEM_MOD_DEFAULT_LIBRARY = 1u << 1, /* a system DIRID or section */
    INFA_SEM_MOD_DEPRECATED = 1u << 2,
    INFA_SEM_MOD__COUNT = 3
};

typedef struct {
    uint32_t start_byte;
    uint32_t length; /* bytes; a token never spans rows */
    infa_point start;
    infa_sem_type type;
    unsigned modifiers; /* INFA_SEM_MOD_* */
} infa_sem_token;

/* LSP legend names, static. */
const char *infa_sem_type_name(infa_sem_type type);
const char *infa_sem_modifier_name(unsigned bit_index);
/* Tokens of the rows that [start_byte, end_byte) touches, sorted and never
 * overlapping. Caller must free() the array. */
infa_sem_token *infa_document_semantic_tokens(infa_document *doc, uint32_t start_byte,
                                              uint32_t end_byte, size_t *count);

/* Inlay hints. */
enum {
    INFA_INLAY_DIRID = 1u << 0,         /* the folder a DIRID names */
    INFA_INLAY_REG_FLAGS = 1u << 1,     /* an AddReg flags field decoded */
    INFA_INLAY_SERVICE_FLAGS = 1u << 2, /* an AddService flags field decoded */
    INFA_INLAY_ALL = 7u
};

typedef struct {
    infa_point position; /* right after what it explains */
    uint32_t byte;
    const char *label;   /* owned by the list */
    const char *tooltip; /* owned by the list, or NULL */
    unsigned category;   /* one INFA_INLAY_* bit */
} infa_inlay_hint;

typedef struct infa_inlay_list infa_inlay_list;
/* Hints of the given categories on the rows [start_byte, end_byte) touches.
 * Caller must free with infa_inlay_list_delete(). */
infa_inlay_list *infa_document_inlay_hints(infa_document *doc, uint32_t start_byte,
                                           uint32_t end_byte, unsigned categories);
void infa_inlay_list_delete(infa_inlay_list *list);
size_t infa_inlay_list_count(const infa_inlay_list *list);
const infa_inlay_hint *infa_inlay_list_get(const infa_inlay_list *list, size_t index);

#ifdef __cplusplus
}
#endif

#endif
