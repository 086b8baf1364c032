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

/* Where an offset of a kept finding sits: so many bytes into the block of
 * generation `gen` (found at index `hint` when it was last placed); gen 0
 * is an offset before the first block (the preamble, which does not
 * move), INFA_ENGINE__EOF the end of the text. */
typedef struct {
    uint64_t gen;
    uint32_t hint;
    uint32_t off;
} infa_engine__anchor;

#define INFA_ENGINE__EOF UINT64_MAX

/* A finding is shared by the engine's cache and the lists made from it:
 * each holder has a reference; the last infa_engine__finding_unref frees
 * it. Spans move in place, by their anchors, when the blocks they sit in
 * move; lists copy spans and severities when they are made, and borrow
 * only the texts. */
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
    /* Two per span (start, end) in the order span, related, fix edits;
     * NULL until the engine keeps the finding. */
    infa_engine__anchor *anchors;
};

typedef INFA_VEC(infa_finding *) infa_engine__findings;

/* What one run computes once for every rule that asks (infa_rule_cache),
 * and the blocks that reading it read, which every rule that asks reads. */
typedef struct {
    void *value;
    void (*destroy)(void *value);
    uint32_t *reads;
    uint32_t read_count;
    uint32_t *keys; /* string keys looked up */
    uint32_t key_count;
} infa_engine__cached;

struct infa_rule_ctx {
    const infa_model *model;
    uint32_t block; /* for check_block: the block, INFA_NONE the preamble */
    infa_profile profile;
    const infa_rule *rule;
    size_t rule_index;
    infa_engine__findings *out;
    infa_engine__cached *cache; /* INFA_RULE_CACHE_COUNT slots, shared by the run */
    infa_model_tracker *track;  /* what the rule reads, or NULL */
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
        if (ctx->track) {
            /* What making it reads, apart from what the asking rule read. */
            uint32_t nb = infa_model_block_count(ctx->model);
            infa_model_tracker own = {0};
            own.marks = infa_xcalloc(nb + 1, sizeof(uint32_t));
            own.stamp = 1;
            infa_model_track(ctx->model, &own);
            c->value = make(ctx->model);
            infa_model_track(ctx->model, ctx->track);
            free(own.marks);
            c->reads = own.touched;
            c->read_count = own.count;
            c->keys = own.keys;
            c->key_count = own.key_count;
        } else {
            c->value = make(ctx->model);
            c->read_count = UINT32_MAX; /* made untracked: reads everything */
        }
        c->destroy = destroy;
    }
    if (ctx->track) {
        if (c->read_count == UINT32_MAX) {
            uint32_t nb = infa_model_block_count(ctx->model);
            for (uint32_t b = 0; b <= nb; b++)
                infa_model_tracker_add(ctx->track, b);
        } else {
            for (uint32_t k = 0; k < c->read_count; k++)
                infa_model_tracker_add(ctx->track, c->reads[k]);
        }
        infa_model_tracker *t = ctx->track;
        if (c->key_count && t->key_count + c->key_count > t->key_cap) {
            t->key_cap = t->key_count + c->key_count;
            t->keys = infa_xrealloc(t->keys, t->key_cap * sizeof(*t->keys));
        }
        if (c->key_count)
            memcpy(t->keys + t->key_count, c->keys, c->key_count * sizeof(*t->keys));
        t->key_count += c->key_count;
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
    free(f->anchors);
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

/* The findings of a run are kept with the document and used again on the
 * next run where nothing they were made from changed. Block rules keep
 * their findings per block; document rules per rule. What a rule's
 * findings were made from:
 *  - the blocks it read (infa_model_track records them; a block's
 *    generation says whether it still stands), and for block rules their
 *    own block;
 *  - the facts it declares in `reads` (a document rule that declares none
 *    reads them all), each compared by a fingerprint made per run from
 *    per-block values kept by generation, so that finding them out costs a
 *    pass over the blocks and the references, not over the text;
 *  - the places its spans sit in (anchors): a span whose block is gone
 *    makes its rule run again. */

/* Per block, as of the last run: what its generation stands for. */
typedef struct {
    uint64_t gen;         /* the block's generation; 0 = never matches */
    uint32_t section_key; /* its section's name and kinds (INFA_FACT_SECTION) */
    uint64_t name_hash;   /* its name as written */
    uint64_t refs_hash;   /* its references, without offsets */
    bool refs_done;       /* refs_hash made this run */
    /* Block rules' findings, and the other blocks they read (generations;
     * 0 = the preamble). */
    infa_engine__findings findings;
    uint64_t *reads;
    uint32_t read_count;
    uint32_t *keys; /* string keys they looked up */
    uint32_t key_count;
    /* A [Strings*] block: its keys in order, and each line's (key, value)
     * as infa_hash_nocase(key) << 32 | a hash of the value, sorted. */
    bool strings_block;
    uint64_t keys_hash;
    uint64_t *defs;
    uint32_t def_count;
} infa_engine__entry;

/* A document rule's findings and the blocks they were made from. */
typedef struct {
    bool kept;
    infa_engine__findings findings;
    uint64_t *reads; /* generations of the blocks read, sorted */
    uint32_t read_count;
    bool reads_preamble;
    uint32_t *keys; /* string keys looked up, sorted */
    uint32_t key_count;
} infa_engine__kept_rule;

enum { INFA_ENGINE__FACTS = 5 }; /* SECTION (unused here), STRINGS, SECTIONS, REFS, ROWS */

struct infa_engine_cache {
    bool valid;
    infa_profile profile;
    uint64_t fp[INFA_ENGINE__FACTS];
    uint64_t preamble_fp;
    /* Per rule: whether its block findings are in the entries. */
    bool *kept;
    infa_engine__kept_rule *rules;        /* per rule, for document rules */
    INFA_VEC(infa_engine__entry) entries; /* in block order */
    /* Open addressing from generation to entry index + 1. */
    uint32_t *slots;
    size_t slot_cap;
};

static void infa_engine__entries_free(infa_engine__entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        infa_engine__findings_free(&e[i].findings);
        free(e[i].reads);
        free(e[i].keys);
        free(e[i].defs);
    }
}

static void infa_engine__kept_rule_clear(infa_engine__kept_rule *k)
{
    infa_engine__findings_free(&k->findings);
    free(k->reads);
    k->reads = NULL;
    k->read_count = 0;
    free(k->keys);
    k->keys = NULL;
    k->key_count = 0;
    k->reads_preamble = false;
    k->kept = false;
}

void infa_engine_cache_delete(infa_engine_cache *cache)
{
    if (!cache)
        return;
    infa_engine__entries_free(cache->entries.items, cache->entries.len);
    INFA_VEC_FREE(&cache->entries);
    for (size_t i = 0; i < infa_engine_rule_total(); i++)
        infa_engine__kept_rule_clear(&cache->rules[i]);
    free(cache->rules);
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

/* The index of the entry of generation gen in (slots, entries), or -1. */
static long infa_engine__find_in(const uint32_t *slots, size_t cap, const infa_engine__entry *e,
                                 uint64_t gen)
{
    if (!cap || gen == 0)
        return -1;
    for (size_t i = infa_engine__slot(gen, cap);; i = (i + 1) & (cap - 1)) {
        uint32_t v = slots[i];
        if (v == 0)
            return -1;
        if (e[v - 1].gen == gen)
            return (long)v - 1;
    }
}

/* Indexes entries [0, n) by generation into *slots (capacity *cap). */
static void infa_engine__index(uint32_t **slots, size_t *cap, const infa_engine__entry *e, size_t n)
{
    size_t need = 16;
    while (need < n * 2)
        need *= 2;
    if (need != *cap) {
        free(*slots);
        *slots = infa_xmalloc(need * sizeof(**slots));
        *cap = need;
    }
    memset(*slots, 0, *cap * sizeof(**slots));
    for (size_t k = 0; k < n; k++) {
        if (e[k].gen == 0)
            continue;
        size_t i = infa_engine__slot(e[k].gen, *cap);
        while ((*slots)[i])
            i = (i + 1) & (*cap - 1);
        (*slots)[i] = (uint32_t)k + 1;
    }
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

/* What one run shares between its rules, and the blocks as they are now. */
typedef struct {
    const infa_model *m;
    const infa_document *doc; /* its origin, for infa_rule_file_name/encoding */
    infa_profile profile;
    infa_engine__cached cache[INFA_RULE_CACHE_COUNT];
    uint32_t nb;
    uint32_t *start; /* per block */
    uint64_t *gen;   /* per block */
    uint32_t text_len;
    infa_engine__entry *fresh; /* this run's entries, one per block */
    uint32_t *slots;           /* generation -> fresh index + 1 */
    size_t slot_cap;
    bool preamble_same;
    uint64_t *vanished; /* generations of the last run that are gone, sorted */
    size_t vanished_count;
    uint64_t fp[INFA_ENGINE__FACTS];
    infa_model_tracker track;
    /* String keys whose definitions changed (added, removed, another
     * value), sorted; and whether the strings tables' keys or order did. */
    uint32_t *changed_keys;
    size_t changed_key_count;
    bool strings_moved;
} infa_engine__pass;

static uint32_t infa_engine__fact_slot(unsigned fact)
{
    switch (fact) {
    case INFA_FACT_STRINGS:
        return 1;
    case INFA_FACT_SECTIONS:
        return 2;
    case INFA_FACT_REFS:
        return 3;
    default:
        return 4; /* INFA_FACT_ROWS */
    }
}

/* Whether a fact among `reads` changed since the last run. */
static bool infa_engine__facts_changed(const infa_engine__pass *p, const infa_engine_cache *c,
                                       unsigned reads)
{
    static const unsigned facts[] = {INFA_FACT_STRINGS, INFA_FACT_SECTIONS, INFA_FACT_REFS,
                                     INFA_FACT_ROWS};
    for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
        uint32_t k = infa_engine__fact_slot(facts[i]);
        if ((reads & facts[i]) && p->fp[k] != c->fp[k])
            return true;
    }
    return false;
}

static infa_engine__anchor infa_engine__anchor_of(const infa_engine__pass *p, uint32_t off)
{
    infa_engine__anchor a = {0, 0, off};
    if (off >= p->text_len) {
        a.gen = INFA_ENGINE__EOF;
        a.off = off - p->text_len;
        return a;
    }
    if (p->nb == 0 || off < p->start[0])
        return a;
    uint32_t lo = 0, hi = p->nb;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    a.gen = p->gen[lo];
    a.hint = lo;
    a.off = off - p->start[lo];
    return a;
}

/* Where anchor a is now, or false when its block is gone. */
static bool infa_engine__place(const infa_engine__pass *p, infa_engine__anchor *a, uint32_t *out)
{
    if (a->gen == INFA_ENGINE__EOF) {
        *out = p->text_len + a->off;
        return true;
    }
    if (a->gen == 0) {
        *out = a->off;
        return p->preamble_same && (p->nb == 0 || a->off < p->start[0]);
    }
    uint32_t b = a->hint;
    if (b >= p->nb || p->gen[b] != a->gen) {
        long k = infa_engine__find_in(p->slots, p->slot_cap, p->fresh, a->gen);
        if (k < 0)
            return false;
        b = (uint32_t)k;
        a->hint = b;
    }
    *out = p->start[b] + a->off;
    return true;
}

/* Calls fn on every offset of f, in the order of its anchors. */
#define INFA_ENGINE__EACH_OFFSET(f, body)                                                          \
    do {                                                                                           \
        uint32_t *off_;                                                                            \
        size_t k_ = 0;                                                                             \
        off_ = &(f)->span.start;                                                                   \
        body;                                                                                      \
        k_++;                                                                                      \
        off_ = &(f)->span.end;                                                                     \
        body;                                                                                      \
        k_++;                                                                                      \
        for (size_t r_ = 0; r_ < (f)->related.len; r_++) {                                         \
            off_ = &(f)->related.items[r_].span.start;                                             \
            body;                                                                                  \
            k_++;                                                                                  \
            off_ = &(f)->related.items[r_].span.end;                                               \
            body;                                                                                  \
            k_++;                                                                                  \
        }                                                                                          \
        for (size_t x_ = 0; x_ < (f)->fixes.len; x_++) {                                           \
            for (size_t e_ = 0; e_ < (f)->fixes.items[x_]->edits.len; e_++) {                      \
                off_ = &(f)->fixes.items[x_]->edits.items[e_].span.start;                          \
                body;                                                                              \
                k_++;                                                                              \
                off_ = &(f)->fixes.items[x_]->edits.items[e_].span.end;                            \
                body;                                                                              \
                k_++;                                                                              \
            }                                                                                      \
        }                                                                                          \
    } while (0)

static size_t infa_engine__offset_count(const infa_finding *f)
{
    size_t n = 2 + 2 * f->related.len;
    for (size_t i = 0; i < f->fixes.len; i++)
        n += 2 * f->fixes.items[i]->edits.len;
    return n;
}

/* Anchors every offset of a new finding to the blocks it sits in now. */
static void infa_engine__anchor_finding(const infa_engine__pass *p, infa_finding *f)
{
    free(f->anchors);
    f->anchors = infa_xmalloc(infa_engine__offset_count(f) * sizeof(*f->anchors));
    INFA_ENGINE__EACH_OFFSET(f, f->anchors[k_] = infa_engine__anchor_of(p, *off_));
}

/* Moves a kept finding to where its anchors are now; false (the finding
 * untouched) when one of its blocks is gone. */
static bool infa_engine__replace(const infa_engine__pass *p, infa_finding *f)
{
    size_t n = infa_engine__offset_count(f);
    uint32_t small[16];
    uint32_t *at = n <= 16 ? small : infa_xmalloc(n * sizeof(*at));
    bool ok = true;
    for (size_t k = 0; k < n && ok; k++)
        ok = infa_engine__place(p, &f->anchors[k], &at[k]);
    if (ok)
        INFA_ENGINE__EACH_OFFSET(f, *off_ = at[k_]);
    if (at != small)
        free(at);
    return ok;
}

static int infa_engine__u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static bool infa_engine__vanished(const infa_engine__pass *p, uint64_t gen)
{
    return p->vanished_count && bsearch(&gen, p->vanished, p->vanished_count, sizeof(uint64_t),
                                        infa_engine__u64_cmp) != NULL;
}

/* Whether a block among reads (generations, 0 = the preamble) changed. */
static bool infa_engine__reads_changed(const infa_engine__pass *p, const uint64_t *reads,
                                       uint32_t n)
{
    if (p->vanished_count == 0 && p->preamble_same)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (reads[i] == 0 ? !p->preamble_same : infa_engine__vanished(p, reads[i]))
            return true;
    }
    return false;
}

static int infa_engine__u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Whether a value of a key among keys (sorted) may have changed. */
static bool infa_engine__keys_changed(const infa_engine__pass *p, const uint32_t *keys, uint32_t n)
{
    if (n == 0)
        return false;
    if (p->strings_moved)
        return true;
    for (size_t i = 0; i < p->changed_key_count; i++)
        if (bsearch(&p->changed_keys[i], keys, n, sizeof(*keys), infa_engine__u32_cmp))
            return true;
    return false;
}

/* Starts recording what a rule reads. */
static void infa_engine__track_start(infa_engine__pass *p)
{
    p->track.stamp++;
    p->track.count = 0;
    p->track.key_count = 0;
    infa_model_track(p->m, &p->track);
}

/* The keys looked up since track_start, sorted, without repeats; appended
 * to *keys (count *n, freed and replaced). */
static void infa_engine__take_keys(infa_engine__pass *p, uint32_t **keys, uint32_t *n)
{
    uint32_t total = *n + p->track.key_count;
    uint32_t *k = infa_xmalloc((total + 1) * sizeof(*k));
    if (*n)
        memcpy(k, *keys, *n * sizeof(*k));
    if (p->track.key_count)
        memcpy(k + *n, p->track.keys, p->track.key_count * sizeof(*k));
    qsort(k, total, sizeof(*k), infa_engine__u32_cmp);
    uint32_t u = 0;
    for (uint32_t i = 0; i < total; i++)
        if (u == 0 || k[u - 1] != k[i])
            k[u++] = k[i];
    free(*keys);
    *keys = k;
    *n = u;
}

/* Stops recording; returns the generations read (0 = the preamble),
 * leaving out block `own`, sorted. Caller must free. */
static uint64_t *infa_engine__track_stop(infa_engine__pass *p, uint32_t own, uint32_t *count)
{
    infa_model_track(p->m, NULL);
    uint64_t *g = infa_xmalloc((p->track.count + 1) * sizeof(*g));
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->track.count; i++) {
        uint32_t b = p->track.touched[i];
        if (b == own)
            continue;
        g[n++] = b >= p->nb ? 0 : p->gen[b];
    }
    qsort(g, n, sizeof(*g), infa_engine__u64_cmp);
    *count = n;
    return g;
}

/* Runs rule i's check_block on block (INFA_NONE: the preamble), appending
 * its findings, their messages finished, to out. */
static void infa_engine__check_block(infa_engine__pass *p, size_t i, uint32_t block,
                                     infa_engine__findings *out)
{
    const infa_rule *rule = infa_engine_rule_entry(i);
    size_t before = out->len;
    infa_rule_ctx ctx = {p->m, block, p->profile, rule, i, out, p->cache, NULL, NULL};
    ctx.track = block == INFA_NONE ? NULL : &p->track;
    rule->check_block(&ctx, block);
    for (size_t k = before; k < out->len; k++) {
        infa_engine__finish_message(out->items[k]);
        if (block != INFA_NONE)
            infa_engine__anchor_finding(p, out->items[k]);
    }
}

/* A new block's [Strings*] lines, when its name makes it one (the model
 * takes only blocks so named, so this is a superset). */
static void infa_engine__strings_of(const infa_model *m, uint32_t b, infa_engine__entry *e)
{
    const infa_block *blk = infa_model_block(m, b);
    e->strings_block = blk->name_len >= 7 && infa_strncasecmp(blk->name, 7, "Strings", 7) == 0 &&
                       (blk->name_len == 7 || blk->name[7] == '.');
    if (!e->strings_block)
        return;
    e->keys_hash = 29;
    e->defs = infa_xmalloc((blk->line_count + 1) * sizeof(*e->defs));
    for (uint32_t i = 0; i < blk->line_count; i++) {
        const infa_line *l = infa_model_line(m, blk->first_line + i);
        if (!l->has_key)
            continue;
        uint32_t key = infa_hash_nocase(l->key.value, l->key.value_len);
        e->keys_hash = infa_engine__mix_bytes(e->keys_hash, l->key.value, l->key.value_len);
        /* key, then line order */
        e->defs[e->def_count++] = (uint64_t)key << 32 | i;
    }
    qsort(e->defs, e->def_count, sizeof(*e->defs), infa_engine__u64_cmp);
    /* Each definition as (key, its value and its rank among the block's
     * definitions of the key): which one is first matters. */
    uint32_t rank = 0;
    for (uint32_t k = 0; k < e->def_count; k++) {
        uint32_t key = (uint32_t)(e->defs[k] >> 32), li = (uint32_t)e->defs[k];
        rank = k > 0 && (uint32_t)(e->defs[k - 1] >> 32) == key ? rank + 1 : 0;
        const infa_line *l = infa_model_line(m, blk->first_line + li);
        uint64_t v = infa_engine__mix(31, rank);
        if (l->field_count)
            v = infa_engine__mix_bytes(v, l->fields[0].value, l->fields[0].value_len);
        v = infa_engine__mix(v, l->field_count);
        e->defs[k] = (uint64_t)key << 32 | (uint32_t)(v ^ (v >> 32));
    }
    qsort(e->defs, e->def_count, sizeof(*e->defs), infa_engine__u64_cmp);
}

/* The blocks as they are now, what each stands for, which blocks of the
 * last run are gone, and the facts' fingerprints. */
static void infa_engine__survey(infa_engine__pass *p, infa_engine_cache *c)
{
    const infa_model *m = p->m;
    size_t tlen;
    (void)infa_model_text(m, &tlen);
    p->text_len = (uint32_t)tlen;
    uint32_t nb = p->nb = infa_model_block_count(m);
    p->start = infa_xmalloc((nb + 1) * sizeof(*p->start));
    p->gen = infa_xmalloc((nb + 1) * sizeof(*p->gen));
    p->fresh = infa_xcalloc(nb + 1, sizeof(*p->fresh));
    p->track.marks = infa_xcalloc(nb + 1, sizeof(uint32_t));
    bool *matched = infa_xcalloc(c->entries.len + 1, sizeof(bool));
    uint64_t sections = infa_engine__mix(7, nb), strings = 11, rows = 13;
    sections = infa_engine__mix(sections, infa_model_line_count(m));
    for (uint32_t b = 0; b < nb; b++) {
        const infa_block *blk = infa_model_block(m, b);
        const infa_section *sec = infa_model_section(m, blk->section);
        infa_engine__entry *e = &p->fresh[b];
        p->start[b] = blk->span.start;
        p->gen[b] = e->gen = infa_model_block_generation(m, b);
        e->section_key = infa_engine__section_key(m, b);
        long o = infa_engine__find_in(c->slots, c->slot_cap, c->entries.items, e->gen);
        if (o >= 0) {
            infa_engine__entry *old = &c->entries.items[o];
            matched[o] = true;
            e->name_hash = old->name_hash;
            e->refs_hash = old->refs_hash;
            e->strings_block = old->strings_block;
            e->keys_hash = old->keys_hash;
            e->defs = old->defs;
            e->def_count = old->def_count;
            old->defs = NULL;
        } else {
            e->name_hash = infa_engine__mix_bytes(17, blk->name, blk->name_len);
            e->refs_hash = 19;
            e->refs_done = true;
            infa_engine__strings_of(m, b, e);
        }
        (void)sec;
        sections = infa_engine__mix(sections, e->name_hash);
        rows = infa_engine__mix(rows, blk->header_row);
        /* The strings tables are made of these blocks' keys, in this order;
         * their values are read by key (infa_engine__keys_changed). */
        if (e->strings_block) {
            strings = infa_engine__mix(strings, e->name_hash);
            strings = infa_engine__mix(strings, e->keys_hash);
        }
    }
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        sections = infa_engine__mix(sections, sec->kinds);
        sections = infa_engine__mix(sections, sec->block_count);
    }
    rows = infa_engine__mix(rows, infa_model_row_at(m, p->text_len));
    infa_engine__index(&p->slots, &p->slot_cap, p->fresh, nb);

    /* References: their content per block, made once per generation (a
     * block's refs differ from one run to the next only through the names
     * it expands and the sections they find, which the other facts cover),
     * and what they point at, every run. */
    uint64_t targets = 23;
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        const infa_line *l = infa_model_line(m, r->line);
        /* The name, expanded through [Strings] values. */
        targets = infa_engine__mix_bytes(targets, r->name, r->name_len);
        targets = infa_engine__mix(targets, r->target);
        targets = infa_engine__mix(targets, r->from_section);
        if (l->block == INFA_NONE || !p->fresh[l->block].refs_done)
            continue;
        const infa_block *blk = infa_model_block(m, l->block);
        uint64_t h = p->fresh[l->block].refs_hash;
        h = infa_engine__mix(h, (uint64_t)(uintptr_t)r->directive);
        h = infa_engine__mix(h, r->field);
        h = infa_engine__mix(h, r->target_kind);
        h = infa_engine__mix(h, r->external);
        h = infa_engine__mix(h, r->line - blk->first_line);
        h = infa_engine__mix(h, infa_model_row_at(m, r->span.start) - blk->header_row);
        h = infa_engine__mix_bytes(h, infa_model_text(m, NULL) + r->span.start,
                                   r->span.end - r->span.start);
        p->fresh[l->block].refs_hash = h;
    }
    uint64_t refs = infa_engine__mix(targets, infa_model_ref_count(m));
    for (uint32_t b = 0; b < nb; b++)
        refs = infa_engine__mix(refs, p->fresh[b].refs_hash);
    refs = infa_engine__mix(refs, strings);
    refs = infa_engine__mix(refs, sections);

    p->fp[0] = 0;
    p->fp[infa_engine__fact_slot(INFA_FACT_STRINGS)] = strings;
    p->fp[infa_engine__fact_slot(INFA_FACT_SECTIONS)] = sections;
    p->fp[infa_engine__fact_slot(INFA_FACT_REFS)] = refs;
    p->fp[infa_engine__fact_slot(INFA_FACT_ROWS)] = rows;
    uint64_t pre = infa_model_preamble_fingerprint(m);
    p->preamble_same = c->valid && pre == c->preamble_fp;
    c->preamble_fp = pre;
    p->strings_moved = !c->valid || strings != c->fp[infa_engine__fact_slot(INFA_FACT_STRINGS)];

    /* Keys whose definitions changed: the (key, value) lines of the
     * [Strings*] blocks gone less those of the new ones, and back. */
    INFA_VEC(uint64_t) gone = {0};
    INFA_VEC(uint64_t) came = {0};
    for (size_t o = 0; o < c->entries.len; o++)
        if (!matched[o] && c->entries.items[o].strings_block)
            for (uint32_t k = 0; k < c->entries.items[o].def_count; k++)
                INFA_VEC_PUSH(&gone, c->entries.items[o].defs[k]);
    for (uint32_t b = 0; b < nb; b++)
        if (p->fresh[b].refs_done && p->fresh[b].strings_block)
            for (uint32_t k = 0; k < p->fresh[b].def_count; k++)
                INFA_VEC_PUSH(&came, p->fresh[b].defs[k]);
    if (gone.len)
        qsort(gone.items, gone.len, sizeof(uint64_t), infa_engine__u64_cmp);
    if (came.len)
        qsort(came.items, came.len, sizeof(uint64_t), infa_engine__u64_cmp);
    p->changed_keys = infa_xmalloc((gone.len + came.len + 1) * sizeof(uint32_t));
    size_t gi = 0, ci = 0, nk = 0;
    while (gi < gone.len || ci < came.len) {
        uint64_t v;
        if (ci >= came.len || (gi < gone.len && gone.items[gi] < came.items[ci])) {
            v = gone.items[gi++];
        } else if (gi >= gone.len || came.items[ci] < gone.items[gi]) {
            v = came.items[ci++];
        } else {
            gi++, ci++; /* the same line on both sides */
            continue;
        }
        uint32_t key = (uint32_t)(v >> 32);
        if (nk == 0 || p->changed_keys[nk - 1] != key)
            p->changed_keys[nk++] = key;
    }
    qsort(p->changed_keys, nk, sizeof(uint32_t), infa_engine__u32_cmp);
    p->changed_key_count = nk;
    INFA_VEC_FREE(&gone);
    INFA_VEC_FREE(&came);

    size_t nv = 0;
    p->vanished = infa_xmalloc((c->entries.len + 1) * sizeof(*p->vanished));
    for (size_t o = 0; o < c->entries.len; o++)
        if (!matched[o] && c->entries.items[o].gen != 0)
            p->vanished[nv++] = c->entries.items[o].gen;
    qsort(p->vanished, nv, sizeof(*p->vanished), infa_engine__u64_cmp);
    p->vanished_count = nv;
    free(matched);
}

/* The block rules' findings of every block into all (one reference each),
 * from the cache where the block, the blocks its rules read and the facts
 * they declare stand. */
static void infa_engine__run_blocks(infa_engine__pass *p, infa_engine_cache *c, const bool *active,
                                    infa_engine__findings *all)
{
    size_t total = infa_engine_rule_total();
    /* Rules to run again on every block: not kept, or a fact they read
     * changed. Rules no longer active lose what was kept. */
    bool *rerun = infa_xcalloc(total ? total : 1, sizeof(bool));
    bool *drop = infa_xcalloc(total ? total : 1, sizeof(bool));
    for (size_t i = 0; i < total; i++) {
        const infa_rule *rule = infa_engine_rule_entry(i);
        if (rule->scope != INFA_RULE_BLOCK)
            continue;
        bool changed = infa_engine__facts_changed(p, c, rule->reads);
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

    for (uint32_t b = 0; b < p->nb; b++) {
        infa_engine__entry *e = &p->fresh[b];
        long o = infa_engine__find_in(c->slots, c->slot_cap, c->entries.items, e->gen);
        infa_engine__entry *old = o >= 0 ? &c->entries.items[o] : NULL;
        /* The other blocks its rules read, or its findings' places, gone:
         * everything of the block runs again. */
        if (old && (infa_engine__reads_changed(p, old->reads, old->read_count) ||
                    infa_engine__keys_changed(p, old->keys, old->key_count)))
            old = NULL;
        bool section_same = old && old->section_key == e->section_key;
        if (old) {
            for (size_t k = 0; k < old->findings.len; k++) {
                infa_finding *f = old->findings.items[k];
                const infa_rule *rule = f->rule;
                if (drop[f->rule_index] || rerun[f->rule_index] ||
                    (!section_same && (rule->reads & INFA_FACT_SECTION))) {
                    infa_engine__finding_unref(f);
                    continue;
                }
                INFA_VEC_PUSH(&e->findings, f);
            }
            old->findings.len = 0;
            bool placed = true;
            for (size_t k = 0; k < e->findings.len && placed; k++)
                placed = infa_engine__replace(p, e->findings.items[k]);
            if (!placed) {
                infa_engine__findings_free(&e->findings);
                old = NULL;
            } else {
                e->reads = old->reads;
                e->read_count = old->read_count;
                old->reads = NULL;
                old->read_count = 0;
                e->keys = old->keys;
                e->key_count = old->key_count;
                old->keys = NULL;
                old->key_count = 0;
            }
        }
        bool any = false;
        for (size_t i = 0; i < total && !any; i++) {
            const infa_rule *rule = infa_engine_rule_entry(i);
            any = active[i] && rule->scope == INFA_RULE_BLOCK &&
                  (!old || rerun[i] || (!section_same && (rule->reads & INFA_FACT_SECTION)));
        }
        if (any) {
            infa_engine__track_start(p);
            for (size_t i = 0; i < total; i++) {
                const infa_rule *rule = infa_engine_rule_entry(i);
                if (!active[i] || rule->scope != INFA_RULE_BLOCK)
                    continue;
                if (!old || rerun[i] || (!section_same && (rule->reads & INFA_FACT_SECTION)))
                    infa_engine__check_block(p, i, b, &e->findings);
            }
            uint32_t n;
            uint64_t *reads = infa_engine__track_stop(p, b, &n);
            infa_engine__take_keys(p, &e->keys, &e->key_count);
            if (e->read_count) {
                /* Kept findings' reads stand with the new ones. */
                reads = infa_xrealloc(reads, (n + e->read_count + 1) * sizeof(*reads));
                memcpy(reads + n, e->reads, e->read_count * sizeof(*reads));
                n += e->read_count;
                qsort(reads, n, sizeof(*reads), infa_engine__u64_cmp);
            }
            free(e->reads);
            e->reads = reads;
            e->read_count = n;
        }
        for (size_t k = 0; k < e->findings.len; k++) {
            e->findings.items[k]->refs++;
            INFA_VEC_PUSH(all, e->findings.items[k]);
        }
    }
    free(rerun);
    free(drop);
}

/* Document rule i's findings into all (one reference each): kept when the
 * facts it reads and the blocks it read stand, else from a new run. */
static void infa_engine__run_document_rule(infa_engine__pass *p, infa_engine_cache *c, size_t i,
                                           infa_engine__findings *all)
{
    const infa_rule *rule = infa_engine_rule_entry(i);
    infa_engine__kept_rule *k = &c->rules[i];
    unsigned reads = rule->reads ? rule->reads : INFA_FACT_ALL;
    bool keep = k->kept && !infa_engine__facts_changed(p, c, reads) &&
                !(k->reads_preamble && !p->preamble_same) &&
                !infa_engine__reads_changed(p, k->reads, k->read_count) &&
                !infa_engine__keys_changed(p, k->keys, k->key_count);
    for (size_t f = 0; f < k->findings.len && keep; f++)
        keep = infa_engine__replace(p, k->findings.items[f]);
    if (!keep) {
        infa_engine__kept_rule_clear(k);
        infa_engine__track_start(p);
        infa_rule_ctx ctx = {p->m,         INFA_NONE, p->profile, rule,  i,
                             &k->findings, p->cache,  &p->track,  p->doc};
        rule->check(&ctx);
        k->reads = infa_engine__track_stop(p, UINT32_MAX, &k->read_count);
        infa_engine__take_keys(p, &k->keys, &k->key_count);
        k->reads_preamble = k->read_count > 0 && k->reads[0] == 0;
        for (size_t f = 0; f < k->findings.len; f++) {
            infa_engine__finish_message(k->findings.items[f]);
            infa_engine__anchor_finding(p, k->findings.items[f]);
        }
        k->kept = true;
    }
    for (size_t f = 0; f < k->findings.len; f++) {
        k->findings.items[f]->refs++;
        INFA_VEC_PUSH(all, k->findings.items[f]);
    }
}

/* All findings that survive config and suppression, sorted by position;
 * one reference each for out. */
static void infa_engine__run(infa_document *doc, const infa_config *config,
                             infa_engine__findings *out)
{
    const infa_model *m = infa_document_model(doc);
    infa_engine__pass p = {.m = m, .doc = doc, .profile = infa_config_profile(config)};
    size_t total = infa_engine_rule_total();
    infa_engine_cache **slot = infa_document_engine_cache(doc);
    if (*slot == NULL) {
        *slot = infa_xcalloc(1, sizeof(**slot));
        (*slot)->kept = infa_xcalloc(total ? total : 1, sizeof(bool));
        (*slot)->rules = infa_xcalloc(total ? total : 1, sizeof(infa_engine__kept_rule));
    }
    infa_engine_cache *c = *slot;
    if (c->valid && c->profile != p.profile) {
        /* Rules read the profile: nothing kept stands. */
        infa_engine__entries_free(c->entries.items, c->entries.len);
        c->entries.len = 0;
        infa_engine__index(&c->slots, &c->slot_cap, c->entries.items, 0);
        memset(c->kept, 0, total * sizeof(bool));
        for (size_t i = 0; i < total; i++)
            infa_engine__kept_rule_clear(&c->rules[i]);
        c->valid = false;
    }
    infa_engine__survey(&p, c);
    if (!c->valid)
        memset(c->kept, 0, total * sizeof(bool));
    bool *active = infa_xcalloc(total ? total : 1, sizeof(bool));
    for (size_t i = 0; i < total; i++)
        active[i] = infa_engine__active(infa_engine_rule_entry(i), i, config, p.profile);
    infa_engine__findings all = {0};
    infa_engine__run_blocks(&p, c, active, &all);
    for (size_t i = 0; i < total; i++) {
        const infa_rule *rule = infa_engine_rule_entry(i);
        if (rule->scope == INFA_RULE_BLOCK)
            continue;
        if (!active[i]) {
            infa_engine__kept_rule_clear(&c->rules[i]);
            continue;
        }
        infa_engine__run_document_rule(&p, c, i, &all);
    }
    free(active);
    for (size_t i = 0; i < INFA_RULE_CACHE_COUNT; i++) {
        if (p.cache[i].value != NULL)
            p.cache[i].destroy(p.cache[i].value);
        free(p.cache[i].reads);
        free(p.cache[i].keys);
    }

    /* This run's entries are the next run's. */
    infa_engine__entries_free(c->entries.items, c->entries.len);
    INFA_VEC_FREE(&c->entries);
    c->entries.items = p.fresh;
    c->entries.len = p.nb;
    c->entries.cap = p.nb + 1;
    free(c->slots);
    c->slots = p.slots;
    c->slot_cap = p.slot_cap;
    memcpy(c->fp, p.fp, sizeof(c->fp));
    c->valid = true;
    c->profile = p.profile;
    free(p.start);
    free(p.gen);
    free(p.vanished);
    free(p.track.marks);
    free(p.track.touched);
    free(p.track.keys);
    free(p.changed_keys);

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
