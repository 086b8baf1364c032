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

typedef struct {
    infa_rule_info info;   /* id, summary, href, default severity, isolation */
    int infverif_code;     /* default InfVerif code for messages, or 0 */
    /* Profiles the rule runs under: bit (1u << INFA_PROFILE_x); 0 = all. */
    unsigned profiles;
    void (*check)(infa_rule_ctx *ctx);
} infa_rule;

#define INFA_PROFILES_ALL 0u
#define INFA_PROFILE_BIT(p) (1u << (p))

/* What a rule reads. Borrowed for the duration of check(). */
const infa_model *infa_rule_model(const infa_rule_ctx *ctx);
infa_profile infa_rule_profile(const infa_rule_ctx *ctx);

/* Reports a finding on [start, end). The message is printf-formatted; put the
 * InfVerif code in it as "(InfVerif 1322)" where InfVerif has one (the
 * engine does not add it). Returns the finding for related locations and
 * fixes; borrowed, valid during check(). */
infa_finding *infa_rule_report(infa_rule_ctx *ctx, infa_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Overrides the rule's default InfVerif code for this finding (0 = none). */
void infa_finding_set_infverif(infa_finding *f, int code);
/* Overrides the severity the rule would otherwise get, e.g. a warning-level
 * variant of an error rule. The config's explicit override still wins. */
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

/* The engine's table of all rules, general first, in a stable order (the
 * public infa_rule_count/infa_rule_at give their infa_rule_info). */
size_t infa_engine_rule_total(void);
const infa_rule *infa_engine_rule_entry(size_t index);

#endif
