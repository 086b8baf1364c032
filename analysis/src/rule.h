/*
 * The rule interface. Each rule lives in analysis/rules/<rule-id>.c, defines
 * one `const infa_rule infa_rule_<id_with_underscores>` and is listed once in
 * analysis/rules/general.def or analysis/rules/isolation.def. Its fixtures
 * live in tests/rules/<rule-id>/.
 *
 * A rule reads the model (model.h) and the knowledge tables (kb.h), and
 * reports findings through the context. Severity, profile and suppression
 * are applied by the engine, never by the rule, except where a rule's
 * behaviour (not just its severity) depends on the profile.
 */
#ifndef INFA_RULE_H
#define INFA_RULE_H

#include "infa.h"
#include "model.h"

typedef struct infa_rule_ctx infa_rule_ctx;
typedef struct infa_finding infa_finding;

/* How far a rule's findings reach. The engine keeps every rule's findings
 * between runs and runs a rule again only when something its findings were
 * made from changed: the blocks it read (recorded by the model while it
 * runs, see infa_model_track), the facts it declares in `reads`, and the
 * blocks its spans sit in. So a rule reads block content only through the
 * model's accessors (infa_model_line, infa_model_block,
 * infa_model_section_next_line, the kind_lines iterator, the directive
 * parsers), and raw text (infa_model_text, tokens) only at spans of what
 * it read that way.
 *
 * A document rule (the default) runs over the whole model; when it
 * declares no `reads` it reads every fact. A block rule reports, from
 * check_block, findings that depend only on one block's text, the other
 * blocks it reads and the facts it declares in `reads`; no message names a
 * row (spans move with their blocks, rows do not). Its findings are kept
 * per block, so an edit runs it on the edited block only. */
typedef enum {
    INFA_RULE_DOCUMENT = 0,
    INFA_RULE_BLOCK,
} infa_rule_scope;

/* Facts beyond the blocks it reads that a rule reads (infa_rule.reads).
 * A wrong declaration leaves stale findings after an edit; the
 * incremental tests compare every edit's findings with a fresh run's. */
enum {
    /* Block rules: the merged section the block belongs to: its name (as
     * the first block spells it), decoration and kinds (which references
     * elsewhere give it). */
    INFA_FACT_SECTION = 1u << 0,
    /* The [Strings*] tables: keys, values, languages (e.g. through
     * infa_model_expand, infa_parse_number, infa_model_string_defs). */
    INFA_FACT_STRINGS = 1u << 1,
    /* Which sections exist, with their names, kinds, decorations and
     * blocks; the counts of blocks and lines. */
    INFA_FACT_SECTIONS = 1u << 2,
    /* The references (infa_model_ref, a section's refs_in) and what they
     * point at. */
    INFA_FACT_REFS = 1u << 3,
    /* Rows: a message that names a line number, or anything computed from
     * a row (infa_model_row_at) of a block other than the rule's own. */
    INFA_FACT_ROWS = 1u << 4,
    INFA_FACT_ALL = (1u << 5) - 1,
};

typedef struct {
    infa_rule_info info; /* id, summary, href, default severity, isolation */
    int infverif_code;   /* default InfVerif code of findings, or 0 */
    /* The other codes infa_finding_set_infverif gives its findings,
     * 0-terminated. Severity in the declarative, universal and isolated
     * profiles is the code's /k, /u, /w level in the kb (kb/infverif.c), not
     * info.default_severity, which serves desktop and code-less findings. */
    int other_infverif_codes[8];
    /* Profiles the rule runs under: bit (1u << INFA_PROFILE_x); 0 = all. */
    unsigned profiles;
    void (*check)(infa_rule_ctx *ctx);
    /* Block rules: scope INFA_RULE_BLOCK, check_block instead of check,
     * called once per block and once with INFA_NONE for the preamble. */
    infa_rule_scope scope;
    unsigned reads; /* INFA_FACT_* */
    void (*check_block)(infa_rule_ctx *ctx, uint32_t block);
} infa_rule;

/* The lines of a block, or of the preamble for INFA_NONE: indices
 * [*first, *first + count) for infa_model_line. Returns count. */
static inline uint32_t infa_rule_block_lines(const infa_model *m, uint32_t block, uint32_t *first)
{
    if (block == INFA_NONE) {
        *first = 0;
        return infa_model_preamble_line_count(m);
    }
    const infa_block *b = infa_model_block(m, block);
    *first = b->first_line;
    return b->line_count;
}

/* Documentation links for info.href; other pages: INFA_DOCS_INSTALL "page". */
#define INFA_DOCS "https://learn.microsoft.com/windows-hardware/drivers/"
#define INFA_DOCS_INSTALL INFA_DOCS "install/"
#define INFA_DOCS_SYNTAX INFA_DOCS_INSTALL "general-syntax-rules-for-inf-files"
#define INFA_DOCS_VERSION INFA_DOCS_INSTALL "inf-version-section"
#define INFA_DOCS_STRINGS INFA_DOCS_INSTALL "inf-strings-section"
#define INFA_DOCS_ERRORS INFA_DOCS "devtest/inf-validation-errors-and-warnings"

#define INFA_PROFILES_ALL 0u
#define INFA_PROFILE_BIT(p) (1u << (p))

/* What a rule reads. Borrowed for the duration of check(). */
const infa_model *infa_rule_model(const infa_rule_ctx *ctx);
infa_profile infa_rule_profile(const infa_rule_ctx *ctx);
/* The document's origin (infa_document_set_origin): its file name and the
 * encoding its bytes were decoded from; NULL when unknown, and always NULL
 * in check_block, whose findings are kept without them. */
const char *infa_rule_file_name(const infa_rule_ctx *ctx);
const infa_text_encoding *infa_rule_encoding(const infa_rule_ctx *ctx);

/* Every line of every section whose kinds meet `kinds`, sections in model
 * order, lines in file order:
 *
 *     for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_ADD_REGISTRY);
 *          infa_kind_lines_next(&k);)
 *         use(k.section, k.line);
 */
typedef struct {
    const infa_model *m;
    infa_kind_set kinds;
    uint32_t section;    /* the current line's section */
    uint32_t line_index; /* its index for infa_model_line */
    const infa_line *line;
    uint32_t cursor; /* infa_model_section_next_line's position */
} infa_kind_lines;

static inline infa_kind_lines infa_kind_lines_of(const infa_model *m, infa_kind_set kinds)
{
    infa_kind_lines k = {m, kinds, 0, INFA_NONE, NULL, 0};
    return k;
}

static inline bool infa_kind_lines_next(infa_kind_lines *k)
{
    for (uint32_t n = infa_model_section_count(k->m); k->section < n; k->section++, k->cursor = 0) {
        if (!(infa_model_section(k->m, k->section)->kinds & k->kinds))
            continue;
        uint32_t li = infa_model_section_next_line(k->m, k->section, &k->cursor);
        if (li != INFA_NONE) {
            k->line_index = li;
            k->line = infa_model_line(k->m, li);
            return true;
        }
    }
    return false;
}

/* Reports a finding on [start, end). The message is printf-formatted and
 * names no InfVerif code of its own: the engine ends it with " (InfVerif N)"
 * from the finding's code (the rule's infverif_code unless
 * infa_finding_set_infverif changes it). Returns the finding for related
 * locations and fixes; borrowed, valid during check(). */
infa_finding *infa_rule_report(infa_rule_ctx *ctx, infa_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Overrides the rule's default InfVerif code for this finding (0 = none);
 * the code the engine appends to the message follows it. */
void infa_finding_set_infverif(infa_finding *f, int code);
/* Overrides the severity the rule would otherwise get, e.g. a warning-level
 * variant of an error rule. A finding with a documented InfVerif code takes
 * its level from the kb in the three InfVerif profiles regardless, so this
 * matters for desktop and code-less findings. The config's explicit
 * override still wins. */
void infa_finding_set_severity(infa_finding *f, infa_severity severity);
void infa_finding_add_tag(infa_finding *f, unsigned tag);
void infa_finding_relate(infa_finding *f, infa_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Quick fixes. A fix is a title and a set of non-overlapping edits;
 * `safe` fixes are applied by source.fixAll and --fix. A finding may carry
 * several fixes (alternatives); fix-all takes the first safe one. */
typedef struct infa_fix infa_fix;
infa_fix *infa_finding_add_fix(infa_finding *f, bool safe, bool preferred, const char *title_fmt,
                               ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Replace [span) with text (copied). Edits of one fix must not overlap. */
void infa_fix_edit(infa_fix *fix, infa_span span, const char *text, size_t len);

/* Values computed once per run and shared by the rules that ask for them,
 * e.g. the copied files that nine isolation rules read. */
typedef enum {
    INFA_RULE_CACHE_ISO_COPIES, /* infa_iso_copies (isolation_support.h) */
    INFA_RULE_CACHE_COUNT
} infa_rule_cache_slot;

/* The run's value in `slot`: made by make(model) on first use, destroyed
 * with destroy() when the run ends. Borrowed; every caller of one slot must
 * pass the same make/destroy. */
void *infa_rule_cache(infa_rule_ctx *ctx, infa_rule_cache_slot slot,
                      void *(*make)(const infa_model *m), void (*destroy)(void *value));

/* The engine's table of all rules, general first, in a stable order (the
 * public infa_rule_count/infa_rule_at give their infa_rule_info). */
size_t infa_engine_rule_total(void);
const infa_rule *infa_engine_rule_entry(size_t index);

#endif
