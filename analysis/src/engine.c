/*
 * Runs the rules over a document's model and turns their findings into the
 * public results: diagnostics, quick fixes and fix-all edits. Severity,
 * profiles and inline suppression are decided here, once, for every rule.
 */
#include "document.h"
#include "kb.h"
#include "refactor.h"
#include "rule.h"

#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The rule table ------------------------------------------------------ */

#define INFA_RULE(name) extern const infa_rule infa_rule_##name;
#include "general.def"
#include "isolation.def"
#undef INFA_RULE

static const infa_rule *const infa_engine__rules[] = {
#define INFA_RULE(name) &infa_rule_##name,
#include "general.def"
#include "isolation.def"
#undef INFA_RULE
    NULL};

size_t infa_engine_rule_total(void)
{
    return sizeof(infa_engine__rules) / sizeof(infa_engine__rules[0]) - 1;
}

const infa_rule *infa_engine_rule_entry(size_t index)
{
    return index < infa_engine_rule_total() ? infa_engine__rules[index] : NULL;
}

size_t infa_rule_count(void)
{
    return infa_engine_rule_total();
}

const infa_rule_info *infa_rule_at(size_t index)
{
    const infa_rule *r = infa_engine_rule_entry(index);
    return r ? &r->info : NULL;
}

static int infa_engine__rule_index(const char *id)
{
    for (size_t i = 0; i < infa_engine_rule_total(); i++)
        if (strcmp(infa_engine__rules[i]->info.id, id) == 0)
            return (int)i;
    return -1;
}

const infa_rule_info *infa_rule_find(const char *id)
{
    int i = infa_engine__rule_index(id);
    return i < 0 ? NULL : &infa_engine__rules[i]->info;
}

static int infa_engine__int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

size_t infa_rule_attached_codes(const char *rule_id, int *out, size_t cap)
{
    int i = infa_engine__rule_index(rule_id);
    if (i < 0)
        return 0;
    const infa_rule *r = infa_engine__rules[i];
    enum { MAX = 1 + sizeof(r->other_infverif_codes) / sizeof(r->other_infverif_codes[0]) };
    int codes[MAX];
    size_t n = 0;
    if (r->infverif_code != 0)
        codes[n++] = r->infverif_code;
    for (size_t k = 0; k + 1 < MAX && r->other_infverif_codes[k] != 0; k++) {
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = codes[j] == r->other_infverif_codes[k];
        if (!seen)
            codes[n++] = r->other_infverif_codes[k];
    }
    qsort(codes, n, sizeof(codes[0]), infa_engine__int_cmp);
    for (size_t k = 0; k < n && k < cap; k++)
        out[k] = codes[k];
    return n;
}

/* ---- InfVerif codes ---------------------------------------------------------- */

const char *infa_infverif_wdk_build(void)
{
    return INFA_KB_WDK_BUILD;
}

const char *infa_infverif_message(int code)
{
    const infa_kb_infverif *iv = infa_kb_infverif_find(code);
    return iv ? iv->message : NULL;
}

bool infa_infverif_level(int code, infa_profile profile, infa_severity *out)
{
    int mode;
    switch (profile) {
    case INFA_PROFILE_DECLARATIVE:
        mode = INFA_KB_MODE_K;
        break;
    case INFA_PROFILE_UNIVERSAL:
        mode = INFA_KB_MODE_U;
        break;
    case INFA_PROFILE_ISOLATED:
        mode = INFA_KB_MODE_W;
        break;
    default:
        return false;
    }
    const infa_kb_infverif *iv = infa_kb_infverif_find(code);
    if (iv == NULL)
        return false;
    switch ((infa_kb_level)iv->level[mode]) {
    case INFA_KB_LEVEL_ERROR:
        *out = INFA_SEVERITY_ERROR;
        break;
    case INFA_KB_LEVEL_WARNING:
        *out = INFA_SEVERITY_WARNING;
        break;
    default:
        *out = INFA_SEVERITY_OFF;
        break;
    }
    return true;
}

bool infa_infverif_mode_parse(const char *mode, infa_profile *out)
{
    if (mode[0] == '/')
        mode++;
    if (mode[0] == '\0' || mode[1] != '\0')
        return false;
    switch (mode[0]) {
    case 'k':
    case 'K':
        *out = INFA_PROFILE_DECLARATIVE;
        return true;
    case 'u':
    case 'U':
        *out = INFA_PROFILE_UNIVERSAL;
        return true;
    case 'w':
    case 'W':
        *out = INFA_PROFILE_ISOLATED;
        return true;
    default:
        return false;
    }
}

/* ---- Configuration ------------------------------------------------------- */

/* An override by InfVerif code: it applies to every finding that carries
 * the code, whichever rule reports it. */
typedef struct {
    int code;
    infa_severity severity;
    unsigned seq;
} infa_engine__code_override;

struct infa_config {
    infa_profile profile;
    /* Per rule: -1 = default, else an infa_severity. */
    signed char *severity;
    /* When each rule override was set (seq), so that a finding matched by
     * both a rule and a code override gets the later one. */
    unsigned *severity_seq;
    INFA_VEC(infa_engine__code_override) codes;
    unsigned next_seq;
};

infa_config *infa_config_new(void)
{
    infa_config *c = infa_xcalloc(1, sizeof(*c));
    size_t n = infa_engine_rule_total();
    c->severity = infa_xmalloc(n ? n : 1);
    memset(c->severity, -1, n ? n : 1);
    c->severity_seq = infa_xcalloc(n ? n : 1, sizeof(*c->severity_seq));
    c->profile = INFA_PROFILE_ISOLATED;
    c->next_seq = 1;
    return c;
}

void infa_config_delete(infa_config *config)
{
    if (!config)
        return;
    free(config->severity);
    free(config->severity_seq);
    INFA_VEC_FREE(&config->codes);
    free(config);
}

infa_config *infa_config_copy(const infa_config *config)
{
    infa_config *c = infa_config_new();
    if (config) {
        c->profile = config->profile;
        size_t n = infa_engine_rule_total();
        if (n) {
            memcpy(c->severity, config->severity, n);
            memcpy(c->severity_seq, config->severity_seq, n * sizeof(*c->severity_seq));
        }
        for (size_t i = 0; i < config->codes.len; i++)
            INFA_VEC_PUSH(&c->codes, config->codes.items[i]);
        c->next_seq = config->next_seq;
    }
    return c;
}

void infa_config_set_profile(infa_config *config, infa_profile profile)
{
    config->profile = profile;
}

infa_profile infa_config_profile(const infa_config *config)
{
    return config ? config->profile : INFA_PROFILE_ISOLATED;
}

bool infa_config_set_severity(infa_config *config, const char *rule_id, infa_severity severity)
{
    int i = infa_engine__rule_index(rule_id);
    if (i < 0)
        return false;
    config->severity[i] = (signed char)severity;
    config->severity_seq[i] = config->next_seq++;
    return true;
}

bool infa_config_set_code_severity(infa_config *config, int code, infa_severity severity)
{
    if (!infa_infverif_code_known(code))
        return false;
    for (size_t i = 0; i < config->codes.len; i++) {
        if (config->codes.items[i].code == code) {
            config->codes.items[i].severity = severity;
            config->codes.items[i].seq = config->next_seq++;
            return true;
        }
    }
    infa_engine__code_override o = {code, severity, config->next_seq++};
    INFA_VEC_PUSH(&config->codes, o);
    return true;
}

void infa_config_clear_severities(infa_config *config)
{
    size_t n = infa_engine_rule_total();
    if (n)
        memset(config->severity, -1, n);
    config->codes.len = 0;
}

/* The code override for code, or NULL. */
static const infa_engine__code_override *infa_engine__code_override_for(const infa_config *config,
                                                                        int code)
{
    for (size_t i = 0; code && i < config->codes.len; i++)
        if (config->codes.items[i].code == code)
            return &config->codes.items[i];
    return NULL;
}

/* True when a code override set after the rule's own override could turn a
 * finding of the rule back on, so the rule must still run. */
static bool infa_engine__codes_after(const infa_config *config, size_t rule_index)
{
    for (size_t i = 0; i < config->codes.len; i++)
        if (config->codes.items[i].seq > config->severity_seq[rule_index] &&
            config->codes.items[i].severity != INFA_SEVERITY_OFF)
            return true;
    return false;
}

static const char *const infa_engine__profile_names[] = {"isolated", "universal", "declarative",
                                                         "desktop"};

bool infa_profile_parse(const char *name, infa_profile *out)
{
    for (int i = 0; i < 4; i++) {
        if (infa_streq_nocase(name, strlen(name), infa_engine__profile_names[i])) {
            *out = (infa_profile)i;
            return true;
        }
    }
    return false;
}

const char *infa_profile_name(infa_profile profile)
{
    if ((int)profile < 0 || (int)profile > 3)
        return "isolated";
    return infa_engine__profile_names[profile];
}

bool infa_severity_parse(const char *name, infa_severity *out)
{
    static const struct {
        const char *name;
        infa_severity severity;
    } names[] = {{"error", INFA_SEVERITY_ERROR},  {"warning", INFA_SEVERITY_WARNING},
                 {"warn", INFA_SEVERITY_WARNING}, {"information", INFA_SEVERITY_INFO},
                 {"info", INFA_SEVERITY_INFO},    {"hint", INFA_SEVERITY_HINT},
                 {"off", INFA_SEVERITY_OFF},      {"none", INFA_SEVERITY_OFF}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (infa_streq_nocase(name, strlen(name), names[i].name)) {
            *out = names[i].severity;
            return true;
        }
    }
    return false;
}

const char *infa_severity_name(infa_severity severity)
{
    switch (severity) {
    case INFA_SEVERITY_ERROR:
        return "error";
    case INFA_SEVERITY_WARNING:
        return "warning";
    case INFA_SEVERITY_INFO:
        return "info";
    case INFA_SEVERITY_HINT:
        return "hint";
    default:
        return "off";
    }
}

/* ---- Findings ------------------------------------------------------------- */

typedef struct {
    infa_span span;
    char *text;
} infa_engine__edit;

struct infa_fix {
    char *title;
    bool safe;
    bool preferred;
    INFA_VEC(infa_engine__edit) edits;
};

typedef struct {
    infa_span span;
    char *message;
} infa_engine__related;

/* A finding is shared by the engine's cache and the lists made from it:
 * each holder has a reference; the last infa_engine__finding_unref frees
 * it. Spans move in place when the block it sits in moves; lists copy
 * spans and severities when they are made, and borrow only the texts. */
struct infa_finding {
    unsigned refs;
    const infa_rule *rule;
    size_t rule_index; /* into infa_engine__rules and infa_config.severity */
    infa_span span;
    char *message;
    int infverif;
    infa_severity severity;      /* after profile and config */
    infa_severity rule_severity; /* set by the rule, or 0 */
    unsigned tags;
    INFA_VEC(infa_engine__related) related;
    INFA_VEC(infa_fix *) fixes;
};

typedef INFA_VEC(infa_finding *) infa_engine__findings;

/* What one run computes once for every rule that asks (infa_rule_cache). */
typedef struct {
    void *value;
    void (*destroy)(void *value);
} infa_engine__cached;

struct infa_rule_ctx {
    const infa_model *model;
    uint32_t block; /* for check_block: the block, INFA_NONE the preamble */
    infa_profile profile;
    const infa_rule *rule;
    size_t rule_index;
    infa_engine__findings *out;
    infa_engine__cached *cache; /* INFA_RULE_CACHE_COUNT slots, shared by the run */
    const infa_document *doc;   /* document rules only; NULL for check_block */
};

const infa_model *infa_rule_model(const infa_rule_ctx *ctx)
{
    return ctx->model;
}

infa_profile infa_rule_profile(const infa_rule_ctx *ctx)
{
    return ctx->profile;
}

const char *infa_rule_file_name(const infa_rule_ctx *ctx)
{
    return ctx->doc ? infa_document_file_name(ctx->doc) : NULL;
}

const infa_text_encoding *infa_rule_encoding(const infa_rule_ctx *ctx)
{
    return ctx->doc ? infa_document_encoding(ctx->doc) : NULL;
}

void *infa_rule_cache(infa_rule_ctx *ctx, infa_rule_cache_slot slot,
                      void *(*make)(const infa_model *m), void (*destroy)(void *value))
{
    infa_engine__cached *c = &ctx->cache[slot];
    if (c->value == NULL) {
        c->value = make(ctx->model);
        c->destroy = destroy;
    }
    return c->value;
}

infa_finding *infa_rule_report(infa_rule_ctx *ctx, infa_span span, const char *fmt, ...)
{
    infa_finding *f = infa_xcalloc(1, sizeof(*f));
    f->refs = 1; /* ctx->out's */
    f->rule = ctx->rule;
    f->rule_index = ctx->rule_index;
    f->span = span;
    f->infverif = ctx->rule->infverif_code;
    va_list ap;
    va_start(ap, fmt);
    f->message = infa_xvasprintf(fmt, ap);
    va_end(ap);
    INFA_VEC_PUSH(ctx->out, f);
    return f;
}

void infa_finding_set_infverif(infa_finding *f, int code)
{
    f->infverif = code;
}

void infa_finding_set_severity(infa_finding *f, infa_severity severity)
{
    f->rule_severity = severity;
}

void infa_finding_add_tag(infa_finding *f, unsigned tag)
{
    f->tags |= tag;
}

void infa_finding_relate(infa_finding *f, infa_span span, const char *fmt, ...)
{
    infa_engine__related r;
    r.span = span;
    va_list ap;
    va_start(ap, fmt);
    r.message = infa_xvasprintf(fmt, ap);
    va_end(ap);
    INFA_VEC_PUSH(&f->related, r);
}

infa_fix *infa_finding_add_fix(infa_finding *f, bool safe, bool preferred, const char *title_fmt,
                               ...)
{
    infa_fix *fix = infa_xcalloc(1, sizeof(*fix));
    fix->safe = safe;
    fix->preferred = preferred;
    va_list ap;
    va_start(ap, title_fmt);
    fix->title = infa_xvasprintf(title_fmt, ap);
    va_end(ap);
    INFA_VEC_PUSH(&f->fixes, fix);
    return fix;
}

void infa_fix_edit(infa_fix *fix, infa_span span, const char *text, size_t len)
{
    /* The same edit twice (two references to one file) is one edit. */
    for (size_t i = 0; i < fix->edits.len; i++) {
        infa_engine__edit *e = &fix->edits.items[i];
        if (e->span.start == span.start && e->span.end == span.end && strlen(e->text) == len &&
            memcmp(e->text, text, len) == 0)
            return;
    }
    infa_engine__edit e = {span, infa_xstrndup(text, len)};
    INFA_VEC_PUSH(&fix->edits, e);
}

static void infa_engine__fix_free(infa_fix *fix)
{
    for (size_t i = 0; i < fix->edits.len; i++)
        free(fix->edits.items[i].text);
    INFA_VEC_FREE(&fix->edits);
    free(fix->title);
    free(fix);
}

static void infa_engine__finding_unref(infa_finding *f)
{
    if (--f->refs > 0)
        return;
    for (size_t i = 0; i < f->related.len; i++)
        free(f->related.items[i].message);
    INFA_VEC_FREE(&f->related);
    for (size_t i = 0; i < f->fixes.len; i++)
        infa_engine__fix_free(f->fixes.items[i]);
    INFA_VEC_FREE(&f->fixes);
    free(f->message);
    free(f);
}

static void infa_engine__findings_free(infa_engine__findings *fs)
{
    for (size_t i = 0; i < fs->len; i++)
        infa_engine__finding_unref(fs->items[i]);
    INFA_VEC_FREE(fs);
}

/* ---- Suppression ------------------------------------------------------------ */

/* Does row carry "; inf-ls: ignore [ids]" naming rule_id (or no ids)? */
static bool infa_engine__row_ignores(const infa_model *m, uint32_t row, const char *rule_id)
{
    size_t len;
    const char *t = infa_model_text(m, &len);
    uint32_t s = infa_model_row_start(m, row);
    uint32_t e = infa_model_row_start(m, row + 1);
    if (e > len)
        e = (uint32_t)len;
    bool quoted = false;
    uint32_t i = s;
    for (; i < e; i++) {
        if (t[i] == '"')
            quoted = !quoted;
        else if (t[i] == ';' && !quoted)
            break;
    }
    if (i >= e)
        return false;
    static const char marker[] = "inf-ls:";
    const char *c = t + i + 1;
    size_t clen = e - i - 1;
    const char *hit = NULL;
    for (size_t k = 0; k + sizeof(marker) - 1 <= clen; k++) {
        if (memcmp(c + k, marker, sizeof(marker) - 1) == 0) {
            hit = c + k + sizeof(marker) - 1;
            break;
        }
    }
    if (!hit)
        return false;
    const char *end = c + clen;
    while (hit < end && (*hit == ' ' || *hit == '\t'))
        hit++;
    if ((size_t)(end - hit) < 6 || memcmp(hit, "ignore", 6) != 0)
        return false;
    hit += 6;
    bool any_id = false;
    size_t idlen = strlen(rule_id);
    while (hit < end) {
        while (hit < end && (*hit == ' ' || *hit == '\t' || *hit == ','))
            hit++;
        const char *w = hit;
        while (hit < end && *hit != ' ' && *hit != '\t' && *hit != ',' && *hit != '\r' &&
               *hit != '\n')
            hit++;
        size_t wl = (size_t)(hit - w);
        if (wl == 0)
            break;
        any_id = true;
        if (wl == idlen && memcmp(w, rule_id, idlen) == 0)
            return true;
    }
    return !any_id;
}

static bool infa_engine__suppressed(const infa_model *m, const infa_finding *f)
{
    uint32_t row = infa_model_row_at(m, f->span.start);
    if (infa_engine__row_ignores(m, row, f->rule->info.id))
        return true;
    return row > 0 && infa_engine__row_ignores(m, row - 1, f->rule->info.id);
}

/* ---- Running the rules -------------------------------------------------------- */

static infa_severity infa_engine__severity(const infa_finding *f, const infa_config *config,
                                           infa_profile profile)
{
    const infa_rule *rule = f->rule;
    infa_severity sev = f->rule_severity ? f->rule_severity : rule->info.default_severity;
    infa_severity level;
    if (f->infverif != 0 && infa_infverif_level(f->infverif, profile, &level))
        sev = level; /* InfVerif's own level for the code in this mode */
    if (profile == INFA_PROFILE_DESKTOP && rule->info.isolation && sev == INFA_SEVERITY_ERROR)
        sev = INFA_SEVERITY_WARNING;
    if (config) {
        size_t i = f->rule_index;
        const infa_engine__code_override *c = infa_engine__code_override_for(config, f->infverif);
        unsigned rule_seq = config->severity[i] >= 0 ? config->severity_seq[i] : 0;
        if (c && c->seq > rule_seq)
            sev = c->severity;
        else if (rule_seq)
            sev = (infa_severity)config->severity[i];
    }
    return sev;
}

/* Every message that has an InfVerif code ends in " (InfVerif N)", written
 * here so that the text and the diagnostic's code cannot disagree. The link
 * (info.href) is not appended: LSP carries it as codeDescription and the
 * JSON report as "href". */
static void infa_engine__finish_message(infa_finding *f)
{
    if (f->infverif == 0)
        return;
    char *m = infa_xasprintf("%s (InfVerif %d)", f->message, f->infverif);
    free(f->message);
    f->message = m;
}

static int infa_engine__cmp(const void *a, const void *b)
{
    const infa_finding *x = *(infa_finding *const *)a;
    const infa_finding *y = *(infa_finding *const *)b;
    if (x->span.start != y->span.start)
        return x->span.start < y->span.start ? -1 : 1;
    int c = strcmp(x->rule->info.id, y->rule->info.id);
    if (c)
        return c;
    /* A total order, so that a run from the cache lists findings exactly
     * as a fresh run does. */
    if (x->span.end != y->span.end)
        return x->span.end < y->span.end ? -1 : 1;
    return strcmp(x->message, y->message);
}

/* ---- Findings kept between runs -------------------------------------------------- */

/* The block rules' findings of one block, as of the last run. */
typedef struct {
    uint64_t gen;         /* the block's generation; 0 = never matches */
    uint32_t start;       /* the block's start when they were made */
    uint32_t section_key; /* its section's name and kinds then (INFA_FACT_SECTION) */
    infa_engine__findings findings;
} infa_engine__entry;

struct infa_engine_cache {
    bool valid;
    infa_profile profile;
    uint64_t strings_fp, sections_fp;
    /* Per rule: whether its block findings are in the entries. */
    bool *kept;
    INFA_VEC(infa_engine__entry) entries; /* in block order */
    /* Open addressing from generation to entry index + 1. */
    uint32_t *slots;
    size_t slot_cap;
};

static void infa_engine__entries_free(infa_engine__entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        infa_engine__findings_free(&e[i].findings);
}

void infa_engine_cache_delete(infa_engine_cache *cache)
{
    if (!cache)
        return;
    infa_engine__entries_free(cache->entries.items, cache->entries.len);
    INFA_VEC_FREE(&cache->entries);
    free(cache->kept);
    free(cache->slots);
    free(cache);
}

static uint64_t infa_engine__mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static uint64_t infa_engine__mix_bytes(uint64_t h, const char *s, size_t n)
{
    h = infa_engine__mix(h, n);
    for (size_t i = 0; i < n; i++)
        h = infa_engine__mix(h, (unsigned char)s[i]);
    return h;
}

/* The strings tables, without positions (INFA_FACT_STRINGS). */
static uint64_t infa_engine__strings_fp(const infa_model *m)
{
    uint64_t h = 1;
    uint32_t n = infa_model_string_key_count(m);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t klen;
        const char *k = infa_model_string_key(m, i, &klen);
        h = infa_engine__mix_bytes(h, k, klen);
        const infa_string_def *defs;
        uint32_t nd = infa_model_string_defs(m, k, klen, &defs);
        for (uint32_t d = 0; d < nd; d++) {
            h = infa_engine__mix_bytes(h, defs[d].value, defs[d].value_len);
            h = infa_engine__mix(h, defs[d].langid);
        }
    }
    return h;
}

/* Which sections exist, by name and kinds (INFA_FACT_SECTIONS). */
static uint64_t infa_engine__sections_fp(const infa_model *m)
{
    uint64_t h = 2;
    uint32_t n = infa_model_section_count(m);
    for (uint32_t i = 0; i < n; i++) {
        const infa_section *s = infa_model_section(m, i);
        h = infa_engine__mix_bytes(h, s->name, s->name_len);
        h = infa_engine__mix(h, s->kinds);
    }
    return h;
}

/* A block's section as its rules see it (INFA_FACT_SECTION): the name as
 * the section's first block spells it (the decoration follows from it) and
 * the kinds. */
static uint32_t infa_engine__section_key(const infa_model *m, uint32_t block)
{
    const infa_section *s = infa_model_section(m, infa_model_block(m, block)->section);
    uint64_t h = infa_engine__mix_bytes(3, s->name, s->name_len);
    h = infa_engine__mix(h, s->kinds);
    return (uint32_t)(h ^ (h >> 32));
}

static size_t infa_engine__slot(uint64_t gen, size_t cap)
{
    return (size_t)((gen * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
}

/* The old entry of generation gen, or NULL. */
static infa_engine__entry *infa_engine__find_entry(infa_engine_cache *c, uint64_t gen)
{
    if (!c->slot_cap)
        return NULL;
    for (size_t i = infa_engine__slot(gen, c->slot_cap);; i = (i + 1) & (c->slot_cap - 1)) {
        uint32_t v = c->slots[i];
        if (v == 0)
            return NULL;
        if (c->entries.items[v - 1].gen == gen)
            return &c->entries.items[v - 1];
    }
}

static void infa_engine__index_entries(infa_engine_cache *c)
{
    size_t need = 16;
    while (need < c->entries.len * 2)
        need *= 2;
    if (need != c->slot_cap) {
        free(c->slots);
        c->slots = infa_xmalloc(need * sizeof(*c->slots));
        c->slot_cap = need;
    }
    memset(c->slots, 0, c->slot_cap * sizeof(*c->slots));
    for (size_t e = 0; e < c->entries.len; e++) {
        uint64_t gen = c->entries.items[e].gen;
        if (gen == 0)
            continue;
        size_t i = infa_engine__slot(gen, c->slot_cap);
        while (c->slots[i])
            i = (i + 1) & (c->slot_cap - 1);
        c->slots[i] = (uint32_t)e + 1;
    }
}

static infa_span infa_engine__moved(infa_span s, int64_t delta)
{
    s.start = (uint32_t)((int64_t)s.start + delta);
    s.end = (uint32_t)((int64_t)s.end + delta);
    return s;
}

static void infa_engine__move(infa_finding *f, int64_t delta)
{
    f->span = infa_engine__moved(f->span, delta);
    for (size_t i = 0; i < f->related.len; i++)
        f->related.items[i].span = infa_engine__moved(f->related.items[i].span, delta);
    for (size_t i = 0; i < f->fixes.len; i++)
        for (size_t k = 0; k < f->fixes.items[i]->edits.len; k++)
            f->fixes.items[i]->edits.items[k].span =
                infa_engine__moved(f->fixes.items[i]->edits.items[k].span, delta);
}

static bool infa_engine__inside(infa_span s, infa_span block)
{
    return s.start >= block.start && s.end <= block.end && s.start <= s.end;
}

/* Whether every span of f lies in the block, so that moving the block
 * moves them all. A rule that breaks its promise costs its block the
 * cache, never correctness. */
static bool infa_engine__within(const infa_finding *f, infa_span block)
{
    if (!infa_engine__inside(f->span, block))
        return false;
    for (size_t i = 0; i < f->related.len; i++)
        if (!infa_engine__inside(f->related.items[i].span, block))
            return false;
    for (size_t i = 0; i < f->fixes.len; i++)
        for (size_t k = 0; k < f->fixes.items[i]->edits.len; k++)
            if (!infa_engine__inside(f->fixes.items[i]->edits.items[k].span, block))
                return false;
    return true;
}

/* ---- Running the rules ------------------------------------------------------------ */

/* Whether the rule runs in this run: its profiles and the config. */
static bool infa_engine__active(const infa_rule *rule, size_t i, const infa_config *config,
                                infa_profile profile)
{
    if (rule->profiles && !(rule->profiles & INFA_PROFILE_BIT(profile)))
        return false;
    return !(config && config->severity[i] == INFA_SEVERITY_OFF &&
             !infa_engine__codes_after(config, i));
}

/* What one run shares between its rules. */
typedef struct {
    const infa_model *m;
    infa_profile profile;
    infa_engine__cached cache[INFA_RULE_CACHE_COUNT];
} infa_engine__pass;

/* Runs rule i's check_block on block (INFA_NONE: the preamble), appending
 * its findings, their messages finished, to out. */
static void infa_engine__check_block(infa_engine__pass *p, size_t i, uint32_t block,
                                     infa_engine__findings *out)
{
    const infa_rule *rule = infa_engine_rule_entry(i);
    size_t before = out->len;
    infa_rule_ctx ctx = {p->m, block, p->profile, rule, i, out, p->cache, NULL};
    rule->check_block(&ctx, block);
    for (size_t k = before; k < out->len; k++)
        infa_engine__finish_message(out->items[k]);
}

/* The block rules' findings of every block into all (one reference each),
 * from the cache where the block and the facts its rules read stand. */
static void infa_engine__run_blocks(infa_engine__pass *p, infa_engine_cache *c, const bool *active,
                                    infa_engine__findings *all)
{
    const infa_model *m = p->m;
    size_t total = infa_engine_rule_total();
    unsigned reads = 0;
    for (size_t i = 0; i < total; i++)
        if (active[i])
            reads |= infa_engine_rule_entry(i)->reads;
    uint64_t strings_fp = reads & INFA_FACT_STRINGS ? infa_engine__strings_fp(m) : 0;
    uint64_t sections_fp = reads & INFA_FACT_SECTIONS ? infa_engine__sections_fp(m) : 0;
    if (!c->valid || c->profile != p->profile) {
        infa_engine__entries_free(c->entries.items, c->entries.len);
        c->entries.len = 0;
        memset(c->kept, 0, total * sizeof(bool));
        infa_engine__index_entries(c);
    }
    /* Rules to run again on every block: not kept, or a fact they read
     * changed. Rules no longer active lose what was kept. */
    bool *rerun = infa_xcalloc(total ? total : 1, sizeof(bool));
    bool *drop = infa_xcalloc(total ? total : 1, sizeof(bool));
    for (size_t i = 0; i < total; i++) {
        const infa_rule *rule = infa_engine_rule_entry(i);
        if (rule->scope != INFA_RULE_BLOCK)
            continue;
        unsigned r = rule->reads;
        bool changed = ((r & INFA_FACT_STRINGS) && strings_fp != c->strings_fp) ||
                       ((r & INFA_FACT_SECTIONS) && sections_fp != c->sections_fp);
        rerun[i] = active[i] && (!c->kept[i] || changed);
        drop[i] = c->kept[i] && (!active[i] || changed);
        c->kept[i] = active[i];
    }

    infa_engine__findings preamble = {0};
    for (size_t i = 0; i < total; i++)
        if (active[i] && infa_engine_rule_entry(i)->scope == INFA_RULE_BLOCK)
            infa_engine__check_block(p, i, INFA_NONE, &preamble);
    for (size_t k = 0; k < preamble.len; k++)
        INFA_VEC_PUSH(all, preamble.items[k]); /* takes the reference */
    INFA_VEC_FREE(&preamble);

    uint32_t nb = infa_model_block_count(m);
    infa_engine__entry *fresh = infa_xcalloc(nb ? nb : 1, sizeof(*fresh));
    for (uint32_t b = 0; b < nb; b++) {
        const infa_block *blk = infa_model_block(m, b);
        infa_engine__entry *e = &fresh[b];
        e->gen = infa_model_block_generation(m, b);
        e->start = blk->span.start;
        e->section_key = infa_engine__section_key(m, b);
        infa_engine__entry *old = infa_engine__find_entry(c, e->gen);
        bool section_same = old && old->section_key == e->section_key;
        if (old) {
            /* Keep what stands, moved with the block. */
            int64_t delta = (int64_t)blk->span.start - (int64_t)old->start;
            for (size_t k = 0; k < old->findings.len; k++) {
                infa_finding *f = old->findings.items[k];
                const infa_rule *rule = f->rule;
                if (drop[f->rule_index] || rerun[f->rule_index] ||
                    (!section_same && (rule->reads & INFA_FACT_SECTION))) {
                    infa_engine__finding_unref(f);
                    continue;
                }
                if (delta)
                    infa_engine__move(f, delta);
                INFA_VEC_PUSH(&e->findings, f);
            }
            old->findings.len = 0;
            old->gen = 0; /* one block per generation */
        }
        size_t from = e->findings.len;
        for (size_t i = 0; i < total; i++) {
            const infa_rule *rule = infa_engine_rule_entry(i);
            if (!active[i] || rule->scope != INFA_RULE_BLOCK)
                continue;
            bool need = !old || rerun[i] || (!section_same && (rule->reads & INFA_FACT_SECTION));
            if (need)
                infa_engine__check_block(p, i, b, &e->findings);
        }
        for (size_t k = from; k < e->findings.len; k++)
            if (!infa_engine__within(e->findings.items[k], blk->span))
                e->gen = 0;
        for (size_t k = 0; k < e->findings.len; k++) {
            e->findings.items[k]->refs++;
            INFA_VEC_PUSH(all, e->findings.items[k]);
        }
        if (e->gen == 0) {
            /* Not kept: its findings are all's alone. */
            for (size_t k = 0; k < e->findings.len; k++)
                e->findings.items[k]->refs--;
            INFA_VEC_FREE(&e->findings);
        }
    }
    infa_engine__entries_free(c->entries.items, c->entries.len);
    INFA_VEC_FREE(&c->entries);
    c->entries.items = fresh;
    c->entries.len = nb;
    c->entries.cap = nb ? nb : 1;
    infa_engine__index_entries(c);
    c->valid = true;
    c->profile = p->profile;
    c->strings_fp = strings_fp;
    c->sections_fp = sections_fp;
    free(rerun);
    free(drop);
}

/* All findings that survive config and suppression, sorted by position;
 * one reference each for out. */
static void infa_engine__run(infa_document *doc, const infa_config *config,
                             infa_engine__findings *out)
{
    const infa_model *m = infa_document_model(doc);
    infa_engine__pass p = {.m = m, .profile = infa_config_profile(config)};
    size_t total = infa_engine_rule_total();
    infa_engine_cache **slot = infa_document_engine_cache(doc);
    if (*slot == NULL) {
        *slot = infa_xcalloc(1, sizeof(**slot));
        (*slot)->kept = infa_xcalloc(total ? total : 1, sizeof(bool));
    }
    bool *active = infa_xcalloc(total ? total : 1, sizeof(bool));
    for (size_t i = 0; i < total; i++)
        active[i] = infa_engine__active(infa_engine_rule_entry(i), i, config, p.profile);
    infa_engine__findings all = {0};
    infa_engine__run_blocks(&p, *slot, active, &all);
    for (size_t i = 0; i < total; i++) {
        const infa_rule *rule = infa_engine_rule_entry(i);
        if (!active[i] || rule->scope == INFA_RULE_BLOCK)
            continue;
        size_t before = all.len;
        infa_rule_ctx ctx = {m, INFA_NONE, p.profile, rule, i, &all, p.cache, doc};
        rule->check(&ctx);
        for (size_t k = before; k < all.len; k++)
            infa_engine__finish_message(all.items[k]);
    }
    free(active);
    for (size_t i = 0; i < INFA_RULE_CACHE_COUNT; i++)
        if (p.cache[i].value != NULL)
            p.cache[i].destroy(p.cache[i].value);
    for (size_t i = 0; i < all.len; i++) {
        infa_finding *f = all.items[i];
        f->severity = infa_engine__severity(f, config, p.profile);
        if (f->severity == INFA_SEVERITY_OFF || infa_engine__suppressed(m, f)) {
            infa_engine__finding_unref(f);
            continue;
        }
        INFA_VEC_PUSH(out, f);
    }
    INFA_VEC_FREE(&all);
    if (out->len > 1)
        qsort(out->items, out->len, sizeof(out->items[0]), infa_engine__cmp);
}

/* ---- Diagnostics ---------------------------------------------------------------- */

struct infa_diagnostic_list {
    infa_diagnostic *items;
    size_t count;
    infa_engine__findings findings; /* own the messages */
    infa_related *related;
};

infa_diagnostic_list *infa_document_diagnose(infa_document *doc, const infa_config *config)
{
    infa_diagnostic_list *list = infa_xcalloc(1, sizeof(*list));
    infa_engine__run(doc, config, &list->findings);
    size_t n = list->findings.len;
    size_t nrel = 0;
    for (size_t i = 0; i < n; i++)
        nrel += list->findings.items[i]->related.len;
    list->items = infa_xcalloc(n ? n : 1, sizeof(infa_diagnostic));
    list->related = infa_xcalloc(nrel ? nrel : 1, sizeof(infa_related));
    list->count = n;
    size_t r = 0;
    for (size_t i = 0; i < n; i++) {
        const infa_finding *f = list->findings.items[i];
        infa_diagnostic *d = &list->items[i];
        d->range = infa_document_range(doc, f->span.start, f->span.end);
        d->severity = f->severity;
        d->rule_id = f->rule->info.id;
        d->message = f->message;
        d->href = f->rule->info.href;
        d->infverif_code = f->infverif;
        d->tags = f->tags;
        d->fixable = f->fixes.len > 0;
        d->related = &list->related[r];
        d->related_count = f->related.len;
        for (size_t k = 0; k < f->related.len; k++, r++) {
            list->related[r].range = infa_document_range(doc, f->related.items[k].span.start,
                                                         f->related.items[k].span.end);
            list->related[r].message = f->related.items[k].message;
        }
    }
    return list;
}

void infa_diagnostic_list_delete(infa_diagnostic_list *list)
{
    if (!list)
        return;
    infa_engine__findings_free(&list->findings);
    free(list->items);
    free(list->related);
    free(list);
}

size_t infa_diagnostic_list_count(const infa_diagnostic_list *list)
{
    return list ? list->count : 0;
}

const infa_diagnostic *infa_diagnostic_list_get(const infa_diagnostic_list *list, size_t index)
{
    return list && index < list->count ? &list->items[index] : NULL;
}

/* ---- Code actions ------------------------------------------------------------------ */

typedef struct {
    infa_code_action pub;
    infa_text_edit *edits;
    char *title;
} infa_engine__action;

struct infa_code_action_list {
    INFA_VEC(infa_engine__action) actions;
    INFA_VEC(char *) texts;
};

static int infa_engine__edit_cmp(const void *a, const void *b)
{
    const infa_engine__edit *x = a, *y = b;
    if (x->span.start != y->span.start)
        return x->span.start < y->span.start ? -1 : 1;
    return x->span.end < y->span.end ? -1 : x->span.end > y->span.end;
}

static void infa_engine__add_action(infa_code_action_list *list, infa_document *doc,
                                    const char *title, const char *kind, const infa_finding *f,
                                    bool preferred, infa_engine__edit *edits, size_t count)
{
    qsort(edits, count, sizeof(*edits), infa_engine__edit_cmp);
    infa_engine__action a;
    memset(&a, 0, sizeof(a));
    a.title = infa_xstrdup(title);
    a.edits = infa_xcalloc(count ? count : 1, sizeof(infa_text_edit));
    for (size_t i = 0; i < count; i++) {
        a.edits[i].range = infa_document_range(doc, edits[i].span.start, edits[i].span.end);
        char *t = infa_xstrdup(edits[i].text);
        INFA_VEC_PUSH(&list->texts, t);
        a.edits[i].new_text = t;
    }
    a.pub.title = a.title;
    a.pub.kind = kind;
    a.pub.rule_id = f ? f->rule->info.id : NULL;
    if (f)
        a.pub.diagnostic_range = infa_document_range(doc, f->span.start, f->span.end);
    a.pub.preferred = preferred;
    a.pub.edits = a.edits;
    a.pub.edit_count = count;
    INFA_VEC_PUSH(&list->actions, a);
}

static bool infa_engine__overlap(infa_span a, infa_span b)
{
    if (a.start == a.end && b.start == b.end)
        return a.start == b.start;
    if (a.start == a.end)
        return b.start < a.start && a.start < b.end;
    if (b.start == b.end)
        return a.start < b.start && b.start < a.end;
    return a.start < b.end && b.start < a.end;
}

/* The first safe fix of every finding, as long as it agrees with the fixes
 * taken before it; a fix that would conflict is left for a later run. */
typedef INFA_VEC(infa_engine__edit) infa_engine__edits;

static void infa_engine__merge_safe(const infa_engine__findings *fs, infa_engine__edits *out)
{
    for (size_t i = 0; i < fs->len; i++) {
        const infa_finding *f = fs->items[i];
        const infa_fix *fix = NULL;
        for (size_t k = 0; k < f->fixes.len && !fix; k++)
            if (f->fixes.items[k]->safe)
                fix = f->fixes.items[k];
        if (!fix || fix->edits.len == 0)
            continue;
        bool conflict = false;
        for (size_t e = 0; e < fix->edits.len && !conflict; e++) {
            const infa_engine__edit *ne = &fix->edits.items[e];
            for (size_t o = 0; o < out->len; o++) {
                const infa_engine__edit *oe = &out->items[o];
                bool same = oe->span.start == ne->span.start && oe->span.end == ne->span.end &&
                            strcmp(oe->text, ne->text) == 0;
                if (!same && infa_engine__overlap(oe->span, ne->span)) {
                    conflict = true;
                    break;
                }
            }
        }
        if (conflict)
            continue;
        for (size_t e = 0; e < fix->edits.len; e++) {
            const infa_engine__edit *ne = &fix->edits.items[e];
            bool dup = false;
            for (size_t o = 0; o < out->len && !dup; o++)
                dup = out->items[o].span.start == ne->span.start &&
                      out->items[o].span.end == ne->span.end &&
                      strcmp(out->items[o].text, ne->text) == 0;
            if (!dup)
                INFA_VEC_PUSH(out, *ne); /* borrows the text */
        }
    }
}

static void infa_engine__add_fix_all(infa_code_action_list *list, infa_document *doc,
                                     const infa_engine__findings *fs)
{
    infa_engine__edits edits = {0};
    infa_engine__merge_safe(fs, &edits);
    if (edits.len)
        infa_engine__add_action(list, doc, "Fix all auto-fixable INF problems", "source.fixAll",
                                NULL, false, edits.items, edits.len);
    INFA_VEC_FREE(&edits);
}

typedef struct {
    infa_code_action_list *list;
    infa_document *doc;
} infa_engine__refactor_ctx;

static void infa_engine__add_refactor(void *user, const char *title, uint32_t at, const char *text)
{
    infa_engine__refactor_ctx *c = user;
    infa_engine__edit e = {{at, at}, (char *)text};
    infa_engine__add_action(c->list, c->doc, title, "refactor.rewrite", NULL, false, &e, 1);
}

infa_code_action_list *infa_document_code_actions(infa_document *doc, const infa_config *config,
                                                  uint32_t start_row, uint32_t end_row)
{
    infa_code_action_list *list = infa_xcalloc(1, sizeof(*list));
    infa_engine__findings fs = {0};
    infa_engine__run(doc, config, &fs);
    const infa_model *m = infa_document_model(doc);
    for (size_t i = 0; i < fs.len; i++) {
        const infa_finding *f = fs.items[i];
        uint32_t r0 = infa_model_row_at(m, f->span.start);
        uint32_t r1 = infa_model_row_at(m, f->span.end);
        if (r1 < start_row || r0 > end_row)
            continue;
        for (size_t k = 0; k < f->fixes.len; k++) {
            infa_fix *fix = f->fixes.items[k];
            if (fix->edits.len == 0)
                continue;
            infa_engine__add_action(list, doc, fix->title, "quickfix", f, fix->preferred,
                                    fix->edits.items, fix->edits.len);
        }
    }
    infa_engine__refactor_ctx rc = {list, doc};
    infa_refactor_reference(m, start_row, end_row, infa_engine__add_refactor, &rc);
    infa_engine__add_fix_all(list, doc, &fs);
    infa_engine__findings_free(&fs);
    return list;
}

infa_code_action_list *infa_document_fix_all(infa_document *doc, const infa_config *config)
{
    infa_code_action_list *list = infa_xcalloc(1, sizeof(*list));
    infa_engine__findings fs = {0};
    infa_engine__run(doc, config, &fs);
    infa_engine__add_fix_all(list, doc, &fs);
    infa_engine__findings_free(&fs);
    return list;
}

void infa_code_action_list_delete(infa_code_action_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->actions.len; i++) {
        free(list->actions.items[i].edits);
        free(list->actions.items[i].title);
    }
    INFA_VEC_FREE(&list->actions);
    for (size_t i = 0; i < list->texts.len; i++)
        free(list->texts.items[i]);
    INFA_VEC_FREE(&list->texts);
    free(list);
}

size_t infa_code_action_list_count(const infa_code_action_list *list)
{
    return list ? list->actions.len : 0;
}

const infa_code_action *infa_code_action_list_get(const infa_code_action_list *list, size_t index)
{
    return list && index < list->actions.len ? &list->actions.items[index].pub : NULL;
}

char *infa_edits_apply(const char *text, size_t len, const infa_text_edit *edits, size_t count,
                       size_t *out_len)
{
    infa_buf out = {0};
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        size_t s = edits[i].range.start_byte, e = edits[i].range.end_byte;
        if (s < at || s > len || e > len || e < s)
            continue; /* overlapping or out of range: skip rather than corrupt */
        infa_buf_append(&out, text + at, s - at);
        infa_buf_append_str(&out, edits[i].new_text);
        at = e;
    }
    infa_buf_append(&out, text + at, len - at);
    if (out_len)
        *out_len = out.len;
    return infa_buf_take(&out);
}
