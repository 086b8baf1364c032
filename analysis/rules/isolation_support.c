/* Shared machinery of the isolation rules; see isolation_support.h. */
#include "isolation_support.h"

#include "general_helpers.h"

#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Windows 10 1809: the lowest build `infverif /w` checks (its /wbuild). */
#define ISO_WBUILD_MAJOR 10
#define ISO_WBUILD_MINOR 0
#define ISO_WBUILD_BUILD 17763L

bool infa_iso_ref_is(const infa_ref *r, const char *directive)
{
    if (directive == NULL)
        return true;
    if (r->directive == NULL)
        return false;
    return infa_streq_nocase(r->directive, strlen(r->directive), directive);
}

const infa_ref *infa_iso_ref_to(const infa_model *m, uint32_t section, const char *directive)
{
    if (section == INFA_NONE || section >= infa_model_section_count(m))
        return NULL;
    const infa_section *s = infa_model_section(m, section);
    for (uint32_t i = 0; i < s->refs_in_count; i++) {
        const infa_ref *r = infa_model_ref(m, s->refs_in[i]);
        if (infa_iso_ref_is(r, directive))
            return r;
    }
    return NULL;
}

bool infa_iso_referenced_from(const infa_model *m, uint32_t section, const char *directive,
                              infa_kind_set from_kinds)
{
    if (section == INFA_NONE || section >= infa_model_section_count(m))
        return false;
    const infa_section *s = infa_model_section(m, section);
    for (uint32_t i = 0; i < s->refs_in_count; i++) {
        const infa_ref *r = infa_model_ref(m, s->refs_in[i]);
        if (!infa_iso_ref_is(r, directive) || r->from_section == INFA_NONE)
            continue;
        if (infa_model_section(m, r->from_section)->kinds & from_kinds)
            return true;
    }
    return false;
}

uint32_t infa_iso_line_section(const infa_model *m, const infa_line *line)
{
    if (line->block == INFA_NONE)
        return INFA_NONE;
    return infa_model_block(m, line->block)->section;
}

const char *infa_iso_text(const infa_model *m, infa_span span, uint32_t *len)
{
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    if (span.start > tlen)
        span.start = (uint32_t)tlen;
    if (span.end > tlen)
        span.end = (uint32_t)tlen;
    if (span.end < span.start)
        span.end = span.start;
    *len = span.end - span.start;
    return text + span.start;
}

/* ---- Downlevel decorations ------------------------------------------------- */

void infa_iso_models_parse(const infa_model *m, uint32_t section, infa_iso_models *out)
{
    const infa_section *sec = infa_model_section(m, section);
    const char *name = sec->name;
    uint32_t len = sec->name_len;
    memset(out, 0, sizeof(*out));
    out->base = name;
    out->base_len = len;
    /* The decoration starts at the first ".NT" segment. */
    uint32_t at = len;
    for (uint32_t i = 0; i + 3 <= len; i++)
        if (name[i] == '.' && infa_strncasecmp(name + i + 1, 2, "NT", 2) == 0) {
            at = i;
            break;
        }
    if (at == len)
        return;
    out->base_len = at;
    const char *parts[6] = {0};
    uint32_t lens[6] = {0};
    int n = 0;
    uint32_t start = at + 1;
    for (uint32_t i = start; i <= len && n < 6; i++)
        if (i == len || name[i] == '.') {
            parts[n] = name + start;
            lens[n] = i - start;
            n++;
            start = i + 1;
        }
    out->platform = parts[0];
    out->platform_len = lens[0];
    long *dst[6] = {NULL, &out->major, &out->minor, NULL, NULL, &out->build};
    for (int k = 1; k < n; k++) {
        if (dst[k] == NULL || lens[k] == 0)
            continue;
        long v = 0;
        for (uint32_t c = 0; c < lens[k] && parts[k][c] >= '0' && parts[k][c] <= '9'; c++)
            v = v > (LONG_MAX - 9) / 10 ? LONG_MAX : v * 10 + (parts[k][c] - '0');
        *dst[k] = v;
    }
}

static int infa_iso__ver_cmp(const infa_iso_models *a, long major, long minor, long build)
{
    if (a->major != major)
        return a->major < major ? -1 : 1;
    if (a->minor != minor)
        return a->minor < minor ? -1 : 1;
    if (a->build != build)
        return a->build < build ? -1 : 1;
    return 0;
}

/* [DefaultInstall.<decoration>] without a DDInstall suffix, by name: the
 * model does not give .inx names such as DefaultInstall.NT$ARCH$.10.0...25952
 * a kind. */
static bool infa_iso__is_default_install(const infa_model *m, uint32_t s)
{
    const infa_section *sec = infa_model_section(m, s);
    if (sec->decoration.suffix_offset != INFA_NONE && sec->decoration.suffix_offset > 0)
        return false;
    if (sec->kinds & INFA_KIND_DEFAULT_INSTALL)
        return true;
    infa_iso_models mi;
    infa_iso_models_parse(m, s, &mi);
    return mi.platform != NULL && infa_streq_nocase(mi.base, mi.base_len, "DefaultInstall");
}

/* `kind` is INFA_KIND_MODELS or INFA_KIND_DEFAULT_INSTALL. For a Models
 * section the newer sibling must take over at or before /wbuild. A
 * decorated [DefaultInstall] (primitive drivers) with a newer sibling is the
 * documented way to keep legacy syntax for builds where the isolated form
 * is not supported yet (file system minifilters run from the Driver Store
 * only from build 25952), so any newer sibling makes it downlevel. */
static bool infa_iso__models_downlevel(const infa_model *m, uint32_t s, infa_kind_set kind)
{
    infa_iso_models me;
    infa_iso_models_parse(m, s, &me);
    if (me.platform == NULL)
        return false;
    for (uint32_t t = 0; t < infa_model_section_count(m); t++) {
        if (t == s)
            continue;
        if (kind == INFA_KIND_MODELS ? !(infa_model_section(m, t)->kinds & kind)
                                     : !infa_iso__is_default_install(m, t))
            continue;
        infa_iso_models o;
        infa_iso_models_parse(m, t, &o);
        if (infa_strncasecmp(me.base, me.base_len, o.base, o.base_len) != 0 ||
            infa_strncasecmp(me.platform, me.platform_len, o.platform, o.platform_len) != 0)
            continue;
        /* A newer sibling that takes over at or before /wbuild: this one
         * only ever installs on builds InfVerif /w does not check. */
        if (infa_iso__ver_cmp(&o, me.major, me.minor, me.build) > 0 &&
            (kind == INFA_KIND_DEFAULT_INSTALL ||
             infa_iso__ver_cmp(&o, ISO_WBUILD_MAJOR, ISO_WBUILD_MINOR, ISO_WBUILD_BUILD) <= 0))
            return true;
    }
    return false;
}

enum { ISO_DL_UNKNOWN = 0, ISO_DL_VISITING, ISO_DL_NO, ISO_DL_YES };

/* One infa_iso_downlevel_only walk: the state of each section (all
 * UNKNOWN at the start), and with a memo the sections to reset after it and
 * the sibling index that replaces the scan of every section. */
typedef struct {
    uint8_t *state;
    struct infa_iso_memo *memo; /* or NULL */
} iso_dl_walk;

static bool infa_iso__siblings_newer(const infa_model *m, struct infa_iso_memo *memo, uint32_t s,
                                     infa_kind_set kind);
static void infa_iso__touched(struct infa_iso_memo *memo, uint32_t s);

static bool infa_iso__downlevel(const infa_model *m, uint32_t s, iso_dl_walk *w, int depth)
{
    uint8_t *state = w->state;
    if (state[s] == ISO_DL_VISITING)
        return true; /* neutral inside a cycle */
    if (state[s] != ISO_DL_UNKNOWN)
        return state[s] == ISO_DL_YES;
    if (depth > 16)
        return false;
    state[s] = ISO_DL_VISITING;
    if (w->memo != NULL)
        infa_iso__touched(w->memo, s);
    const infa_section *sec = infa_model_section(m, s);
    bool result;
    if (sec->kinds & INFA_KIND_MODELS) {
        result = w->memo ? infa_iso__siblings_newer(m, w->memo, s, INFA_KIND_MODELS)
                         : infa_iso__models_downlevel(m, s, INFA_KIND_MODELS);
    } else if (infa_iso__is_default_install(m, s)) {
        result = w->memo ? infa_iso__siblings_newer(m, w->memo, s, INFA_KIND_DEFAULT_INSTALL)
                         : infa_iso__models_downlevel(m, s, INFA_KIND_DEFAULT_INSTALL);
    } else {
        bool any = false, all = true;
        for (uint32_t i = 0; i < sec->refs_in_count && all; i++) {
            const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
            if (r->from_section == INFA_NONE || r->from_section == s)
                continue;
            /* DestinationDirs says where a list goes, not who installs it. */
            if (infa_iso_ref_is(r, "DestinationDirs"))
                continue;
            any = true;
            if (!infa_iso__downlevel(m, r->from_section, w, depth + 1))
                all = false;
        }
        /* DDInstall.Services, .HW, ... are reached by name from DDInstall. */
        if (all && sec->decoration.suffix_offset != INFA_NONE &&
            sec->decoration.suffix_offset > 0) {
            uint32_t base = infa_model_find_section(m, sec->name, sec->decoration.suffix_offset);
            if (base != INFA_NONE && base != s) {
                any = true;
                if (!infa_iso__downlevel(m, base, w, depth + 1))
                    all = false;
            }
        }
        result = any && all;
    }
    state[s] = result ? ISO_DL_YES : ISO_DL_NO;
    return result;
}

bool infa_iso_downlevel_only(const infa_model *m, uint32_t section)
{
    uint32_t n = infa_model_section_count(m);
    if (section == INFA_NONE || section >= n)
        return false;
    iso_dl_walk w = {infa_xcalloc(n, 1), NULL};
    bool r = infa_iso__downlevel(m, section, &w, 0);
    free(w.state);
    return r;
}

/* The walk of infa_iso__lowest: sections on the current path (all 0
 * between walks), and for each section the frame that last walked up to it
 * (`seen`, `stamp`), so that the hundred lines of one Models section naming
 * a DDInstall section cost one walk, not a hundred: with `visiting` the
 * same, the same call gives the same answer. */
typedef struct {
    uint8_t *visiting;
    uint32_t *seen;
    uint32_t stamp;
} iso_lowest_walk;

static long infa_iso__lowest(const infa_model *m, uint32_t s, iso_lowest_walk *w, int depth)
{
    const infa_section *sec = infa_model_section(m, s);
    if (w->visiting[s] || depth > 16)
        return -1;
    if ((sec->kinds & INFA_KIND_MODELS) || infa_iso__is_default_install(m, s)) {
        infa_iso_models mi;
        infa_iso_models_parse(m, s, &mi);
        return mi.major > 10 ? 999999 : mi.build;
    }
    w->visiting[s] = 1;
    uint32_t frame = ++w->stamp;
    long best = -1;
    for (uint32_t i = 0; i < sec->refs_in_count; i++) {
        const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
        if (r->from_section == INFA_NONE || r->from_section == s ||
            infa_iso_ref_is(r, "DestinationDirs") || w->seen[r->from_section] == frame)
            continue;
        w->seen[r->from_section] = frame;
        long b = infa_iso__lowest(m, r->from_section, w, depth + 1);
        if (b >= 0 && (best < 0 || b < best))
            best = b;
    }
    if (sec->decoration.suffix_offset != INFA_NONE && sec->decoration.suffix_offset > 0) {
        uint32_t base = infa_model_find_section(m, sec->name, sec->decoration.suffix_offset);
        if (base != INFA_NONE && base != s) {
            long b = infa_iso__lowest(m, base, w, depth + 1);
            if (b >= 0 && (best < 0 || b < best))
                best = b;
        }
    }
    w->visiting[s] = 0;
    return best;
}

long infa_iso_lowest_build(const infa_model *m, uint32_t section)
{
    uint32_t n = infa_model_section_count(m);
    if (section == INFA_NONE || section >= n)
        return -1;
    iso_lowest_walk w = {infa_xcalloc(n, 1), infa_xcalloc(n, sizeof(uint32_t)), 0};
    long b = infa_iso__lowest(m, section, &w, 0);
    free(w.visiting);
    free(w.seen);
    return b;
}

/* A Models (or decorated DefaultInstall) section's name taken apart, for
 * the sibling index. */
typedef struct {
    uint32_t section;
    infa_iso_models mi;
} iso_sibling;

/* SourceDisksFiles entries of one name (case-insensitive), in the order
 * infa_model_source_files gives them: a list through sdf_next. */
typedef struct {
    const char *name;
    uint32_t len;
    uint32_t head, tail; /* index + 1 into sdf, 0 = empty slot */
    uint32_t count;
} iso_sdf_slot;

/* A name (borrowed, or owned by the memo) and what carries it. */
typedef struct {
    const char *name;
    uint32_t len;
    uint32_t index;
} iso_named;

struct infa_iso_memo {
    uint32_t n;               /* sections */
    long *lowest;             /* infa_iso_lowest_build, LONG_MIN = not asked */
    uint8_t *downlevel;       /* infa_iso_downlevel_only: 0 = not asked, 1 = no, 2 = yes */
    unsigned *copy_platforms; /* infa_iso_copy_platforms of a file-list section */
    unsigned *sec_platforms;  /* infa_iso__section_platforms */
    uint8_t *platforms_known; /* bit 1: copy_platforms, bit 2: sec_platforms */
    iso_lowest_walk walk;     /* reused: visiting is all 0 between walks */
    uint8_t *dl_state;        /* reused: reset through touched after a walk */
    INFA_VEC(uint32_t) touched;
    bool siblings_built;
    INFA_VEC(iso_sibling) models;   /* Models sections with a platform, sorted */
    INFA_VEC(iso_sibling) installs; /* decorated DefaultInstall sections, sorted */
    bool sdf_built;
    INFA_VEC(infa_source_file) sdf;
    uint32_t *sdf_next; /* index + 1 of the next entry of the same name */
    iso_sdf_slot *sdf_slots;
    size_t sdf_nslots;
    /* For the move fix: the copies' paths by file name (index into paths),
     * the AddReg lines by their value's last component (index into
     * ref_lines), both sorted by name then index. */
    bool refs_built;
    INFA_VEC(iso_named) path_names;
    INFA_VEC(iso_named) addreg_names;
    INFA_VEC(char *) owned;
};

/* ---- Copied files ------------------------------------------------------------ */

static void infa_iso__push(infa_iso_copies *c, const infa_iso_copy *item)
{
    if (c->len == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->items = infa_xrealloc(c->items, c->cap * sizeof(*c->items));
    }
    c->items[c->len++] = *item;
}

/* A name as SetupAPI sees it: %strkey% expanded when there is one. */
static const char *infa_iso__name(const infa_model *m, infa_iso_copies *c, const char *v,
                                  uint32_t len, uint32_t *out_len)
{
    *out_len = len;
    if (memchr(v, '%', len) == NULL)
        return v;
    size_t elen;
    char *e = infa_model_expand(m, v, len, &elen);
    c->owned = infa_xrealloc(c->owned, (c->owned_len + 1) * sizeof(char *));
    c->owned[c->owned_len++] = e;
    *out_len = (uint32_t)elen;
    return e;
}

static bool infa_iso__default_destdir(const infa_model *m, infa_destdir *out)
{
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_DESTINATION_DIRS);
         infa_kind_lines_next(&k);) {
        infa_destdir dd;
        if (infa_destdir_parse(m, k.line, &dd) && dd.is_default) {
            *out = dd;
            return true;
        }
    }
    return false;
}

static const infa_kind_set ISO_NO_REFS =
    INFA_KIND_DESTINATION_DIRS | INFA_KIND_SOURCE_DISKS_FILES | INFA_KIND_SOURCE_DISKS_NAMES |
    INFA_KIND_STRINGS | INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES;

/* The `%dirid%\...\file` paths of one field. */
static void infa_iso__collect_paths(const infa_model *m, uint32_t li, const infa_field *field,
                                    infa_iso_copies *out, size_t *cap)
{
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    uint32_t end = field->span.end;
    const infa_token *toks;
    uint32_t n = infa_model_tokens_in(m, field->span, &toks);
    for (uint32_t i = 0; i < n; i++) {
        if (toks[i].kind != INFA_TOKEN_DIRID)
            continue;
        uint32_t p = toks[i].span.end;
        if (p >= end || text[p] != '\\')
            continue;
        p++;
        /* The path runs to the end of the value or of a list item. */
        uint32_t q = p;
        while (q < end && text[q] != '"' && text[q] != ';' && text[q] != ',')
            q++;
        while (q > p && (text[q - 1] == ' ' || text[q - 1] == '\t'))
            q--;
        uint32_t last = q;
        while (last > p && text[last - 1] != '\\')
            last--;
        if (last == q)
            continue;
        if (out->paths_len == *cap) {
            *cap = *cap ? *cap * 2 : 32;
            out->paths = infa_xrealloc(out->paths, *cap * sizeof(*out->paths));
        }
        out->paths[out->paths_len++] = (struct infa_iso_path_ref){
            li, toks[i].name.start, toks[i].name.end, p, last, q, toks[i].dirid};
    }
}

/* The lines infa_iso__move_edits looks at. */
static void infa_iso__collect_ref_lines(const infa_model *m, infa_iso_copies *out)
{
    size_t cap = 0, pcap = 0;
    for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
        const infa_line *line = infa_model_line(m, li);
        uint32_t s = infa_iso_line_section(m, line);
        if (s == INFA_NONE)
            continue;
        infa_kind_set kinds = infa_model_section(m, s)->kinds;
        if (kinds & ISO_NO_REFS)
            continue;
        const char *key = infa_line_key(line);
        /* SoftwareBinary is relative to the package (InfVerif 1141). */
        if (key != NULL && infa_streq_nocase(key, line->key.value_len, "SoftwareBinary"))
            continue;
        uint32_t len;
        const char *src = infa_iso_text(m, line->span, &len);
        if (!(kinds & INFA_KIND_ADD_REGISTRY) && memchr(src, '%', len) == NULL)
            continue;
        if (out->ref_lines_len == cap) {
            cap = cap ? cap * 2 : 64;
            out->ref_lines = infa_xrealloc(out->ref_lines, cap * sizeof(uint32_t));
        }
        out->ref_lines[out->ref_lines_len++] = li;
        for (uint32_t fi = 0; fi < line->field_count; fi++)
            infa_iso__collect_paths(m, li, &line->fields[fi], out, &pcap);
    }
}

/* Offset of a copy's DestinationDirs line, the key of by_destdir. */
static uint32_t infa_iso__dd_key(const infa_iso_copies *c, uint32_t i)
{
    return c->items[i].destdir.line->span.start;
}

typedef struct {
    uint32_t key, index;
} iso_dd_pair;

static int infa_iso__dd_cmp(const void *a, const void *b)
{
    const iso_dd_pair *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void infa_iso__group_by_destdir(infa_iso_copies *c)
{
    iso_dd_pair *pairs = infa_xmalloc((c->len + 1) * sizeof(*pairs));
    size_t n = 0;
    for (size_t i = 0; i < c->len; i++)
        if (c->items[i].has_destination && c->items[i].destdir.line != NULL)
            pairs[n++] = (iso_dd_pair){infa_iso__dd_key(c, (uint32_t)i), (uint32_t)i};
    qsort(pairs, n, sizeof(*pairs), infa_iso__dd_cmp);
    c->by_destdir = infa_xmalloc((n + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < n; i++)
        c->by_destdir[i] = pairs[i].index;
    c->by_destdir_len = n;
    free(pairs);
}

size_t infa_iso_copies_through(const infa_iso_copies *c, const infa_line *line,
                               const uint32_t **idx)
{
    uint32_t key = line->span.start;
    size_t lo = 0, hi = c->by_destdir_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (infa_iso__dd_key(c, c->by_destdir[mid]) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < c->by_destdir_len && infa_iso__dd_key(c, c->by_destdir[end]) == key)
        end++;
    *idx = c->by_destdir + lo;
    return end - lo;
}

void infa_iso_copies_collect(const infa_model *m, infa_iso_copies *out)
{
    memset(out, 0, sizeof(*out));
    uint32_t n = infa_model_section_count(m);
    for (uint32_t s = 0; s < n; s++) {
        if (infa_iso_ref_to(m, s, "CopyFiles") == NULL)
            continue;
        infa_destdir dd;
        bool has_dd = infa_model_destination(m, s, &dd);
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            infa_copy_entry e;
            if (!infa_copy_entry_parse(m, line, &e) || e.dest_f == NULL || e.dest_f->empty)
                continue;
            infa_iso_copy c = {0};
            c.section = s;
            c.line = line;
            c.dest_f = e.dest_f;
            c.flags_f = e.flags_f;
            c.dest = infa_iso__name(m, out, e.dest_f->value, e.dest_f->value_len, &c.dest_len);
            c.source = c.dest;
            c.source_len = c.dest_len;
            if (e.source_f != NULL && !e.source_f->empty) {
                c.source_f = e.source_f;
                c.source =
                    infa_iso__name(m, out, e.source_f->value, e.source_f->value_len, &c.source_len);
            }
            c.has_destination = has_dd;
            if (has_dd)
                c.destdir = dd;
            infa_iso__push(out, &c);
        }
    }
    infa_iso__collect_ref_lines(m, out);
    /* CopyFiles=@file copies one file to DefaultDestDir. */
    infa_destdir def;
    bool has_def = infa_iso__default_destdir(m, &def);
    for (uint32_t li = 0; li < infa_model_line_count(m); li++) {
        const infa_line *line = infa_model_line(m, li);
        const char *key = infa_line_key(line);
        if (key == NULL || !infa_streq_nocase(key, line->key.value_len, "CopyFiles"))
            continue;
        for (uint32_t fi = 0; fi < line->field_count; fi++) {
            const infa_field *f = &line->fields[fi];
            if (f->value_len < 2 || f->value[0] != '@')
                continue;
            infa_iso_copy c = {0};
            c.section = INFA_NONE;
            c.line = line;
            c.dest_f = f;
            c.dest = infa_iso__name(m, out, f->value + 1, f->value_len - 1, &c.dest_len);
            c.source = c.dest;
            c.source_len = c.dest_len;
            c.has_destination = has_def;
            if (has_def)
                c.destdir = def;
            infa_iso__push(out, &c);
        }
    }
    infa_iso__group_by_destdir(out);
}

static void infa_iso__memo_free(struct infa_iso_memo *memo);

void infa_iso_copies_free(infa_iso_copies *c)
{
    for (size_t i = 0; i < c->owned_len; i++)
        free(c->owned[i]);
    free(c->owned);
    free(c->ref_lines);
    free(c->paths);
    free(c->items);
    free(c->by_destdir);
    infa_iso__memo_free(c->memo);
    memset(c, 0, sizeof(*c));
}

static void *infa_iso__copies_make(const infa_model *m)
{
    infa_iso_copies *c = infa_xmalloc(sizeof(*c));
    infa_iso_copies_collect(m, c);
    return c;
}

static void infa_iso__copies_destroy(void *value)
{
    infa_iso_copies_free(value);
    free(value);
}

const infa_iso_copies *infa_iso_copies_of(infa_rule_ctx *ctx)
{
    return infa_rule_cache(ctx, INFA_RULE_CACHE_ISO_COPIES, infa_iso__copies_make,
                           infa_iso__copies_destroy);
}

const infa_iso_copy *infa_iso_copies_find(const infa_iso_copies *c, const char *name, size_t len)
{
    for (size_t i = 0; i < c->len; i++)
        if (infa_strncasecmp(c->items[i].dest, c->items[i].dest_len, name, len) == 0)
            return &c->items[i];
    return NULL;
}

void infa_iso_trim_subdir(const char **s, uint32_t *len)
{
    while (*len > 0 && (**s == '\\' || **s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == '\\' || (*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

#define ISO_ALL_PLATFORMS                                                                          \
    ((1u << INFA_PLATFORM_X86) | (1u << INFA_PLATFORM_AMD64) | (1u << INFA_PLATFORM_ARM) |         \
     (1u << INFA_PLATFORM_ARM64) | (1u << INFA_PLATFORM_IA64))

/* The platforms an install section applies to. [X] and [X.NT] serve every
 * platform that has no [X.NT<arch>] of its own (SetupAPI takes the most
 * specific), so [X.NT] beside [X.NTamd64] means "not amd64". */
static unsigned infa_iso__section_platforms(const infa_model *m, uint32_t s)
{
    const infa_section *sec = infa_model_section(m, s);
    infa_platform p = sec->decoration.platform;
    if (p != INFA_PLATFORM_NONE && p != INFA_PLATFORM_NT)
        return 1u << p;
    static const struct {
        const char *deco;
        infa_platform p;
    } archs[] = {{".NTx86", INFA_PLATFORM_X86},
                 {".NTamd64", INFA_PLATFORM_AMD64},
                 {".NTarm", INFA_PLATFORM_ARM},
                 {".NTarm64", INFA_PLATFORM_ARM64},
                 {".NTia64", INFA_PLATFORM_IA64}};
    uint32_t base_len = sec->decoration.base_len ? sec->decoration.base_len : sec->name_len;
    const char *suffix = "";
    uint32_t suffix_len = 0;
    if (sec->decoration.suffix_offset != INFA_NONE &&
        sec->decoration.suffix_offset < sec->name_len) {
        suffix = sec->name + sec->decoration.suffix_offset;
        suffix_len = sec->name_len - sec->decoration.suffix_offset;
    }
    if (base_len > sec->name_len)
        base_len = sec->name_len;
    unsigned bits = ISO_ALL_PLATFORMS;
    for (size_t i = 0; i < sizeof archs / sizeof archs[0]; i++) {
        char *name = infa_xasprintf("%.*s%s%.*s", (int)base_len, sec->name, archs[i].deco,
                                    (int)suffix_len, suffix);
        if (infa_model_find_section(m, name, strlen(name)) != INFA_NONE)
            bits &= ~(1u << archs[i].p);
        free(name);
    }
    return bits == ISO_ALL_PLATFORMS ? 0 : bits;
}

unsigned infa_iso_copy_platforms(const infa_model *m, const infa_iso_copy *c)
{
    unsigned bits = 0;
    if (c->section == INFA_NONE) {
        uint32_t from = infa_iso_line_section(m, c->line);
        return from == INFA_NONE ? 0 : infa_iso__section_platforms(m, from);
    }
    const infa_section *sec = infa_model_section(m, c->section);
    for (uint32_t i = 0; i < sec->refs_in_count; i++) {
        const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
        if (!infa_iso_ref_is(r, "CopyFiles") || r->from_section == INFA_NONE)
            continue;
        unsigned p = infa_iso__section_platforms(m, r->from_section);
        if (p == 0)
            return 0;
        bits |= p;
    }
    return bits;
}

bool infa_iso_platform_applies(infa_platform entry_platform, unsigned platforms)
{
    return platforms == 0 || entry_platform == INFA_PLATFORM_NONE ||
           (platforms & (1u << entry_platform)) != 0;
}

/* infa_iso_source_subdir over the entries `all` (total of them). */
static int infa_iso__subdir_of(const infa_source_file *all, uint32_t total, unsigned platforms,
                               const char **sub, uint32_t *sub_len, const infa_line **entry)
{
    infa_source_file sf[16];
    if (total > 16)
        total = 16;
    uint32_t n = 0;
    for (uint32_t i = 0; i < total; i++)
        if (infa_iso_platform_applies(all[i].platform, platforms))
            sf[n++] = all[i];
    if (n == 0)
        return 0;
    int result = 1;
    for (uint32_t i = 0; i < n; i++) {
        const char *s = "";
        uint32_t sl = 0;
        if (sf[i].subdir_f != NULL && !sf[i].subdir_f->empty) {
            s = sf[i].subdir_f->value;
            sl = sf[i].subdir_f->value_len;
            infa_iso_trim_subdir(&s, &sl);
        }
        if (i == 0) {
            *sub = s;
            *sub_len = sl;
            if (entry)
                *entry = sf[i].line;
        } else if (infa_strncasecmp(s, sl, *sub, *sub_len) != 0) {
            result = 2;
        }
    }
    return result;
}

int infa_iso_source_subdir(const infa_model *m, const char *name, size_t len, unsigned platforms,
                           const char **sub, uint32_t *sub_len, const infa_line **entry)
{
    infa_source_file all[16];
    uint32_t total = infa_model_source_files(m, name, len, all, 16);
    return infa_iso__subdir_of(all, total, platforms, sub, sub_len, entry);
}

/* ---- Per-run memo ---------------------------------------------------------------- */

static struct infa_iso_memo *infa_iso__memo(const infa_iso_copies *c, const infa_model *m)
{
    if (c->memo != NULL)
        return c->memo;
    struct infa_iso_memo *memo = infa_xcalloc(1, sizeof(*memo));
    uint32_t n = infa_model_section_count(m);
    memo->n = n;
    memo->lowest = infa_xmalloc((n + 1) * sizeof(long));
    for (uint32_t i = 0; i < n; i++)
        memo->lowest[i] = LONG_MIN;
    memo->downlevel = infa_xcalloc(n + 1, 1);
    memo->copy_platforms = infa_xcalloc(n + 1, sizeof(unsigned));
    memo->sec_platforms = infa_xcalloc(n + 1, sizeof(unsigned));
    memo->platforms_known = infa_xcalloc(n + 1, 1);
    memo->walk.visiting = infa_xcalloc(n + 1, 1);
    memo->walk.seen = infa_xcalloc(n + 1, sizeof(uint32_t));
    memo->dl_state = infa_xcalloc(n + 1, 1);
    /* The list is the run's cache value, const to the rules that read it;
     * the memo only adds answers the same calls would give. */
    ((infa_iso_copies *)c)->memo = memo;
    return memo;
}

static void infa_iso__memo_free(struct infa_iso_memo *memo)
{
    if (memo == NULL)
        return;
    free(memo->lowest);
    free(memo->downlevel);
    free(memo->copy_platforms);
    free(memo->sec_platforms);
    free(memo->platforms_known);
    free(memo->walk.visiting);
    free(memo->walk.seen);
    free(memo->dl_state);
    INFA_VEC_FREE(&memo->touched);
    INFA_VEC_FREE(&memo->models);
    INFA_VEC_FREE(&memo->installs);
    INFA_VEC_FREE(&memo->sdf);
    INFA_VEC_FREE(&memo->path_names);
    INFA_VEC_FREE(&memo->addreg_names);
    for (size_t i = 0; i < memo->owned.len; i++)
        free(memo->owned.items[i]);
    INFA_VEC_FREE(&memo->owned);
    free(memo->sdf_next);
    free(memo->sdf_slots);
    free(memo);
}

static void infa_iso__touched(struct infa_iso_memo *memo, uint32_t s)
{
    INFA_VEC_PUSH(&memo->touched, s);
}

long infa_iso_lowest_build_of(const infa_iso_copies *c, const infa_model *m, uint32_t section)
{
    if (section == INFA_NONE || section >= infa_model_section_count(m))
        return -1;
    struct infa_iso_memo *memo = infa_iso__memo(c, m);
    if (memo->lowest[section] == LONG_MIN)
        memo->lowest[section] = infa_iso__lowest(m, section, &memo->walk, 0);
    return memo->lowest[section];
}

bool infa_iso_downlevel_only_of(const infa_iso_copies *c, const infa_model *m, uint32_t section)
{
    if (section == INFA_NONE || section >= infa_model_section_count(m))
        return false;
    struct infa_iso_memo *memo = infa_iso__memo(c, m);
    if (memo->downlevel[section] == 0) {
        iso_dl_walk w = {memo->dl_state, memo};
        bool r = infa_iso__downlevel(m, section, &w, 0);
        for (size_t i = 0; i < memo->touched.len; i++)
            memo->dl_state[memo->touched.items[i]] = ISO_DL_UNKNOWN;
        memo->touched.len = 0;
        memo->downlevel[section] = r ? 2 : 1;
    }
    return memo->downlevel[section] == 2;
}

/* Order of the sibling index: base, platform (both without case), then
 * TargetOSVersion. */
static int infa_iso__sibling_cmp(const infa_iso_models *a, const infa_iso_models *b)
{
    int d = infa_strncasecmp(a->base, a->base_len, b->base, b->base_len);
    if (d == 0)
        d = infa_strncasecmp(a->platform, a->platform_len, b->platform, b->platform_len);
    if (d == 0)
        d = infa_iso__ver_cmp(a, b->major, b->minor, b->build);
    return d;
}

static int infa_iso__sibling_qcmp(const void *x, const void *y)
{
    const iso_sibling *a = x, *b = y;
    int d = infa_iso__sibling_cmp(&a->mi, &b->mi);
    return d != 0 ? d : (a->section < b->section ? -1 : a->section > b->section);
}

static void infa_iso__siblings_build(const infa_model *m, struct infa_iso_memo *memo)
{
    memo->siblings_built = true;
    for (uint32_t t = 0; t < infa_model_section_count(m); t++) {
        iso_sibling sb = {t, {0}};
        infa_iso_models_parse(m, t, &sb.mi);
        if (sb.mi.platform == NULL)
            continue; /* never a sibling: no platform to match */
        if (infa_model_section(m, t)->kinds & INFA_KIND_MODELS)
            INFA_VEC_PUSH(&memo->models, sb);
        if (infa_iso__is_default_install(m, t))
            INFA_VEC_PUSH(&memo->installs, sb);
    }
    if (memo->models.len > 1) /* qsort wants a pointer even for none */
        qsort(memo->models.items, memo->models.len, sizeof(iso_sibling), infa_iso__sibling_qcmp);
    if (memo->installs.len > 1) /* qsort wants a pointer even for none */
        qsort(memo->installs.items, memo->installs.len, sizeof(iso_sibling),
              infa_iso__sibling_qcmp);
}

/* infa_iso__models_downlevel through the index: the nearest newer sibling
 * decides (for Models it must take over at or before /wbuild; a newer one
 * taking over later cannot when a nearer one does not). */
static bool infa_iso__siblings_newer(const infa_model *m, struct infa_iso_memo *memo, uint32_t s,
                                     infa_kind_set kind)
{
    infa_iso_models me;
    infa_iso_models_parse(m, s, &me);
    if (me.platform == NULL)
        return false;
    if (!memo->siblings_built)
        infa_iso__siblings_build(m, memo);
    const iso_sibling *v = kind == INFA_KIND_MODELS ? memo->models.items : memo->installs.items;
    size_t lo = 0, hi = kind == INFA_KIND_MODELS ? memo->models.len : memo->installs.len;
    while (lo < hi) { /* first sibling ordered after me */
        size_t mid = lo + (hi - lo) / 2;
        if (infa_iso__sibling_cmp(&v[mid].mi, &me) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = kind == INFA_KIND_MODELS ? memo->models.len : memo->installs.len;
    if (lo == end ||
        infa_strncasecmp(me.base, me.base_len, v[lo].mi.base, v[lo].mi.base_len) != 0 ||
        infa_strncasecmp(me.platform, me.platform_len, v[lo].mi.platform, v[lo].mi.platform_len) !=
            0)
        return false;
    return kind == INFA_KIND_DEFAULT_INSTALL ||
           infa_iso__ver_cmp(&v[lo].mi, ISO_WBUILD_MAJOR, ISO_WBUILD_MINOR, ISO_WBUILD_BUILD) <= 0;
}

unsigned infa_iso_copy_platforms_of(const infa_iso_copies *c, const infa_model *m,
                                    const infa_iso_copy *copy)
{
    struct infa_iso_memo *memo = infa_iso__memo(c, m);
    uint32_t s = copy->section;
    bool list = s != INFA_NONE;
    if (!list) {
        s = infa_iso_line_section(m, copy->line);
        if (s == INFA_NONE)
            return 0;
    }
    uint8_t bit = list ? 1 : 2;
    if (!(memo->platforms_known[s] & bit)) {
        if (list)
            memo->copy_platforms[s] = infa_iso_copy_platforms(m, copy);
        else
            memo->sec_platforms[s] = infa_iso__section_platforms(m, s);
        memo->platforms_known[s] |= bit;
    }
    return list ? memo->copy_platforms[s] : memo->sec_platforms[s];
}

static void infa_iso__sdf_build(const infa_model *m, struct infa_iso_memo *memo)
{
    memo->sdf_built = true;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_SOURCE_DISKS_FILES))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key)
                continue;
            /* The entry as infa_model_source_files fills it. */
            infa_source_file f = {0};
            f.line = l;
            f.file_f = &l->key;
            f.diskid_f = l->field_count > 0 ? &l->fields[0] : NULL;
            f.subdir_f = l->field_count > 1 ? &l->fields[1] : NULL;
            if (f.subdir_f && f.subdir_f->empty)
                f.subdir_f = NULL;
            f.platform = sec->decoration.platform;
            INFA_VEC_PUSH(&memo->sdf, f);
        }
    }
    size_t n = memo->sdf.len;
    memo->sdf_nslots = 16;
    while (memo->sdf_nslots < n * 2 + 1)
        memo->sdf_nslots *= 2;
    memo->sdf_slots = infa_xcalloc(memo->sdf_nslots, sizeof(iso_sdf_slot));
    memo->sdf_next = infa_xcalloc(n + 1, sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
        const infa_field *k = memo->sdf.items[i].file_f;
        size_t h = infa_hash_nocase(k->value, k->value_len) & (memo->sdf_nslots - 1);
        iso_sdf_slot *slot;
        for (;;) {
            slot = &memo->sdf_slots[h];
            if (slot->head == 0 ||
                infa_strncasecmp(slot->name, slot->len, k->value, k->value_len) == 0)
                break;
            h = (h + 1) & (memo->sdf_nslots - 1);
        }
        if (slot->head == 0) {
            slot->name = k->value;
            slot->len = k->value_len;
            slot->head = (uint32_t)i + 1;
        } else {
            memo->sdf_next[slot->tail - 1] = (uint32_t)i + 1;
        }
        slot->tail = (uint32_t)i + 1;
        slot->count++;
    }
}

int infa_iso_source_subdir_of(const infa_iso_copies *c, const infa_model *m, const char *name,
                              size_t len, unsigned platforms, const char **sub, uint32_t *sub_len,
                              const infa_line **entry)
{
    struct infa_iso_memo *memo = infa_iso__memo(c, m);
    if (!memo->sdf_built)
        infa_iso__sdf_build(m, memo);
    infa_source_file all[16];
    uint32_t total = 0;
    size_t h = infa_hash_nocase(name, len) & (memo->sdf_nslots - 1);
    for (; memo->sdf_slots[h].head != 0; h = (h + 1) & (memo->sdf_nslots - 1)) {
        const iso_sdf_slot *slot = &memo->sdf_slots[h];
        if (infa_strncasecmp(slot->name, slot->len, name, len) != 0)
            continue;
        for (uint32_t i = slot->head; i != 0 && total < 16; i = memo->sdf_next[i - 1])
            all[total++] = memo->sdf.items[i - 1];
        break;
    }
    return infa_iso__subdir_of(all, total, platforms, sub, sub_len, entry);
}

/* ---- The move-to-13 edit plan -------------------------------------------------- */

typedef struct {
    uint32_t start, end;
    char *text;
} iso_edit;

typedef INFA_VEC(iso_edit) iso_edits;

static bool infa_iso__overlaps(const iso_edits *e, uint32_t start, uint32_t end)
{
    for (size_t i = 0; i < e->len; i++) {
        const iso_edit *x = &e->items[i];
        if (start == x->start && end == x->end)
            return true;
        if (start < x->end && x->start < end)
            return true;
    }
    return false;
}

static bool infa_iso__add(iso_edits *e, uint32_t start, uint32_t end, const char *text)
{
    if (start == end && text[0] == '\0')
        return true; /* nothing to do */
    if (infa_iso__overlaps(e, start, end))
        return false;
    iso_edit x = {start, end, infa_xstrdup(text)};
    INFA_VEC_PUSH(e, x);
    return true;
}

static void infa_iso__edits_free(iso_edits *e)
{
    for (size_t i = 0; i < e->len; i++)
        free(e->items[i].text);
    INFA_VEC_FREE(e);
}

typedef struct {
    long old_dirid;
    const char *old_sub; /* trimmed, may be empty */
    uint32_t old_sub_len;
    const char *new_sub; /* may be empty */
    uint32_t new_sub_len;
} iso_move;

static char *infa_iso__new_prefix(const iso_move *mv, bool with_percent_open)
{
    infa_buf b = {0};
    infa_buf_append_str(&b, with_percent_open ? "%13%\\" : "13%\\");
    if (mv->new_sub_len > 0) {
        infa_buf_append(&b, mv->new_sub, mv->new_sub_len);
        infa_buf_append_str(&b, "\\");
    }
    return infa_buf_take(&b);
}

/* One leading path component of `dir` equal to `name`: strip it. */
static bool infa_iso__strip_component(const char **dir, uint32_t *len, const char *name)
{
    size_t n = strlen(name);
    if (*len < n || infa_strncasecmp(*dir, n, name, n) != 0 || (*len > n && (*dir)[n] != '\\'))
        return false;
    *dir += n;
    *len -= (uint32_t)n;
    infa_iso_trim_subdir(dir, len);
    return true;
}

/* %10%\System32\drivers, %11%\drivers and %12% are one directory; so are
 * %10%\System32 and %11%, and %10%\SysWOW64 and %16425%. */
static void infa_iso__canon(long *dirid, const char **dir, uint32_t *len)
{
    infa_iso_trim_subdir(dir, len);
    if (*dirid == 10 && infa_iso__strip_component(dir, len, "System32"))
        *dirid = 11;
    else if (*dirid == 10 && infa_iso__strip_component(dir, len, "SysWOW64"))
        *dirid = 16425;
    if (*dirid == 11 && infa_iso__strip_component(dir, len, "drivers"))
        *dirid = 12;
}

bool infa_iso_same_dir(long d1, const char *s1, uint32_t l1, long d2, const char *s2, uint32_t l2)
{
    infa_iso__canon(&d1, &s1, &l1);
    infa_iso__canon(&d2, &s2, &l2);
    return d1 == d2 && infa_strncasecmp(s1, l1, s2, l2) == 0;
}

/* The moved file names, for lookups by name (case-insensitive). */
typedef struct {
    const char **names;
    uint32_t *lens;
    uint32_t *slots; /* open addressing: index + 1, 0 = empty */
    size_t len, cap, nslots;
} iso_names;

static void infa_iso__names_build(iso_names *n, const infa_iso_copies *copies,
                                  const infa_line *ddline)
{
    memset(n, 0, sizeof(*n));
    const uint32_t *idx;
    size_t count = infa_iso_copies_through(copies, ddline, &idx);
    n->nslots = 16;
    while (n->nslots < count * 2 + 1)
        n->nslots *= 2;
    n->slots = infa_xcalloc(n->nslots, sizeof(uint32_t));
    n->names = infa_xmalloc((count + 1) * sizeof(char *));
    n->lens = infa_xmalloc((count + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < count; i++) {
        const infa_iso_copy *c = &copies->items[idx[i]];
        size_t h = infa_hash_nocase(c->dest, c->dest_len) & (n->nslots - 1);
        bool dup = false;
        while (n->slots[h] != 0) {
            uint32_t k = n->slots[h] - 1;
            if (infa_strncasecmp(n->names[k], n->lens[k], c->dest, c->dest_len) == 0) {
                dup = true;
                break;
            }
            h = (h + 1) & (n->nslots - 1);
        }
        if (dup)
            continue;
        n->names[n->len] = c->dest;
        n->lens[n->len] = c->dest_len;
        n->slots[h] = (uint32_t)++n->len;
    }
}

static void infa_iso__names_free(iso_names *n)
{
    free(n->names);
    free(n->lens);
    free(n->slots);
}

/* The moved name equal to `name` (expanded when it has %strkey%), or NULL. */
static const char *infa_iso__names_find(const infa_model *m, const iso_names *n, const char *name,
                                        uint32_t len, uint32_t *out_len)
{
    char *e = NULL;
    if (memchr(name, '%', len) != NULL) {
        size_t elen;
        e = infa_model_expand(m, name, len, &elen);
        name = e;
        len = (uint32_t)elen;
    }
    const char *found = NULL;
    size_t h = infa_hash_nocase(name, len) & (n->nslots - 1);
    while (n->slots[h] != 0) {
        uint32_t k = n->slots[h] - 1;
        if (infa_strncasecmp(n->names[k], n->lens[k], name, len) == 0) {
            found = n->names[k];
            *out_len = n->lens[k];
            break;
        }
        h = (h + 1) & (n->nslots - 1);
    }
    free(e);
    return found;
}

/* Edits that make one `%old%[\\oldsub]\\F` path (or an equivalent spelling
 * such as %10%\\System32\\drivers\\F for %12%\\F) point at 13, when F is
 * moved. */
static bool infa_iso__rewrite_path(const infa_model *m, const struct infa_iso_path_ref *pr,
                                   const iso_move *mv, const iso_names *names, iso_edits *edits)
{
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    uint32_t flen;
    if (infa_iso__names_find(m, names, text + pr->file_start, pr->file_end - pr->file_start,
                             &flen) == NULL)
        return false;
    if (!infa_iso_same_dir(pr->dirid, text + pr->dir_start, pr->file_start - pr->dir_start,
                           mv->old_dirid, mv->old_sub, mv->old_sub_len))
        return false;
    /* Two edits so that only the DIRID digits and the directories change:
     * %12%\\UMDF\\x.dll -> %13%\\x.dll. */
    if (infa_iso__overlaps(edits, pr->name_start, pr->name_end) ||
        infa_iso__overlaps(edits, pr->dir_start, pr->file_start))
        return false;
    infa_iso__add(edits, pr->name_start, pr->name_end, "13");
    infa_buf nb = {0};
    if (mv->new_sub_len > 0) {
        infa_buf_append(&nb, mv->new_sub, mv->new_sub_len);
        infa_buf_append_str(&nb, "\\");
    }
    char *ns = infa_buf_take(&nb);
    infa_iso__add(edits, pr->dir_start, pr->file_start, ns);
    free(ns);
    return true;
}

static bool infa_iso__is_string_type(const infa_addreg *a)
{
    if (!a->flags_present)
        return true;
    if (!a->flags_valid)
        return false;
    uint32_t type = a->flags & 0xFFFF0001u;
    return type == 0 || type == 0x00020000u;
}

static bool infa_iso__name_is(const infa_field *f, const char *name)
{
    return f != NULL && infa_streq_nocase(f->value, f->value_len, name);
}

/* Position of `file` inside a field's source text (first occurrence). */
static uint32_t infa_iso__find_in_field(const infa_model *m, const infa_field *f, const char *file,
                                        uint32_t flen)
{
    uint32_t len;
    const char *src = infa_iso_text(m, f->span, &len);
    for (uint32_t i = 0; i + flen <= len; i++)
        if (infa_strncasecmp(src + i, flen, file, flen) == 0)
            return f->span.start + i;
    return INFA_NONE;
}

/* Bare names and FirmwareFilename values in HKR AddReg lines. */
static uint32_t infa_iso__rewrite_addreg_value(const infa_model *m, const infa_addreg *a,
                                               const iso_move *mv, const iso_names *names,
                                               iso_edits *edits)
{
    if (a->root != INFA_ROOT_HKR || a->value_f == NULL || a->value_count != 1 ||
        !infa_iso__is_string_type(a))
        return 0;
    const infa_field *v = a->value_f;
    if (memchr(v->value, '%', v->value_len) != NULL)
        return 0; /* token paths are handled by the token rewrite */
    /* The candidate file: the value's last path component. */
    uint32_t comp = v->value_len;
    while (comp > 0 && v->value[comp - 1] != '\\')
        comp--;
    uint32_t flen;
    const char *file = infa_iso__names_find(m, names, v->value + comp, v->value_len - comp, &flen);
    if (file == NULL)
        return 0;
    uint32_t fpos = infa_iso__find_in_field(m, v, file, flen);
    if (fpos == INFA_NONE)
        return 0;
    /* Bare names are rewritten for "other files" (10, 11; isolation-rules.md
     * rule 1): a System32 file found by LoadLibrary's search order. Values
     * next to a DIRID 12 driver (the audio class's HKR,,Driver,,x.sys)
     * name it, they do not load it by path. */
    bool other_files = mv->old_dirid == 10 || mv->old_dirid == 11 || mv->old_dirid == 16425;
    if (other_files && infa_strncasecmp(v->value, v->value_len, file, flen) == 0) {
        char *np = infa_iso__new_prefix(mv, true);
        bool ok = infa_iso__add(edits, fpos, fpos, np);
        free(np);
        return ok ? 1 : 0;
    }
    /* FirmwareFilename is relative to %10%\Firmware: `{GUID}\fw.bin` for a
     * copy to 10,Firmware\{GUID}. */
    if (mv->old_dirid == 10 && infa_iso__name_is(a->name_f, "FirmwareFilename") &&
        mv->old_sub_len >= 8 && infa_strncasecmp(mv->old_sub, 8, "Firmware", 8) == 0 &&
        (mv->old_sub_len == 8 || mv->old_sub[8] == '\\')) {
        const char *rel = mv->old_sub_len > 8 ? mv->old_sub + 9 : "";
        uint32_t rlen = mv->old_sub_len > 8 ? mv->old_sub_len - 9 : 0;
        infa_buf want = {0};
        if (rlen > 0) {
            infa_buf_append(&want, rel, rlen);
            infa_buf_append_str(&want, "\\");
        }
        infa_buf_append(&want, file, flen);
        bool match = infa_strncasecmp(v->value, v->value_len, want.data, want.len) == 0;
        infa_buf_free(&want);
        if (!match)
            return 0;
        uint32_t vstart = v->span.start;
        size_t tlen;
        const char *text = infa_model_text(m, &tlen);
        if (v->quoted && vstart < tlen && text[vstart] == '"')
            vstart++;
        /* The file name is the last occurrence in the value. */
        uint32_t last = fpos;
        for (uint32_t p = fpos + 1; p + flen <= v->span.end; p++)
            if (infa_strncasecmp(text + p, flen, file, flen) == 0)
                last = p;
        char *np = infa_iso__new_prefix(mv, true);
        bool ok = infa_iso__add(edits, vstart, last, np);
        free(np);
        return ok ? 1 : 0;
    }
    return 0;
}

static int infa_iso__named_cmp(const void *x, const void *y)
{
    const iso_named *a = x, *b = y;
    int d = infa_strncasecmp(a->name, a->len, b->name, b->len);
    return d != 0 ? d : (a->index < b->index ? -1 : a->index > b->index);
}

/* The entries of v named `name` (case-insensitive): *first, returns count. */
static size_t infa_iso__named_range(const iso_named *v, size_t n, const char *name, uint32_t len,
                                    size_t *first)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (infa_strncasecmp(v[mid].name, v[mid].len, name, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < n && infa_strncasecmp(v[end].name, v[end].len, name, len) == 0)
        end++;
    *first = lo;
    return end - lo;
}

/* The file names infa_iso__rewrite_path and infa_iso__rewrite_addreg_value
 * look up, each found once per run, so that a move visits only the
 * references to its own files. */
static void infa_iso__refs_build(const infa_model *m, const infa_iso_copies *copies,
                                 struct infa_iso_memo *memo)
{
    memo->refs_built = true;
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    for (size_t i = 0; i < copies->paths_len; i++) {
        const struct infa_iso_path_ref *pr = &copies->paths[i];
        iso_named e = {text + pr->file_start, pr->file_end - pr->file_start, (uint32_t)i};
        if (memchr(e.name, '%', e.len) != NULL) {
            size_t elen;
            char *x = infa_model_expand(m, e.name, e.len, &elen);
            INFA_VEC_PUSH(&memo->owned, x);
            e.name = x;
            e.len = (uint32_t)elen;
        }
        INFA_VEC_PUSH(&memo->path_names, e);
    }
    for (size_t ri = 0; ri < copies->ref_lines_len; ri++) {
        const infa_line *line = infa_model_line(m, copies->ref_lines[ri]);
        infa_addreg a;
        if (!(infa_model_section(m, infa_iso_line_section(m, line))->kinds &
              INFA_KIND_ADD_REGISTRY) ||
            !infa_addreg_parse(m, line, &a) || a.value_f == NULL)
            continue;
        const infa_field *v = a.value_f;
        uint32_t comp = v->value_len;
        while (comp > 0 && v->value[comp - 1] != '\\')
            comp--;
        iso_named e = {v->value + comp, v->value_len - comp, (uint32_t)ri};
        INFA_VEC_PUSH(&memo->addreg_names, e);
    }
    if (memo->path_names.len > 1) /* qsort wants a pointer even for none */
        qsort(memo->path_names.items, memo->path_names.len, sizeof(iso_named), infa_iso__named_cmp);
    if (memo->addreg_names.len > 1) /* qsort wants a pointer even for none */
        qsort(memo->addreg_names.items, memo->addreg_names.len, sizeof(iso_named),
              infa_iso__named_cmp);
}

static int infa_iso__u32_cmp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* Indices (into paths or ref_lines) named like one of the moved files, in
 * order. Caller must free *out with free(). */
static size_t infa_iso__candidates(const iso_named *v, size_t n, const iso_names *names,
                                   uint32_t **out)
{
    INFA_VEC(uint32_t) c = {0};
    for (size_t k = 0; k < names->len; k++) {
        size_t first, count = infa_iso__named_range(v, n, names->names[k], names->lens[k], &first);
        for (size_t i = 0; i < count; i++)
            INFA_VEC_PUSH(&c, v[first + i].index);
    }
    if (c.len > 1)
        qsort(c.items, c.len, sizeof(uint32_t), infa_iso__u32_cmp);
    *out = c.items;
    return c.len;
}

/* Edits for one move. Returns false when the line is not a DestinationDirs
 * entry. Counts go to plan when non-NULL. */
static void infa_iso__move_edits(const infa_model *m, const infa_iso_copies *copies,
                                 const infa_line *ddline, const infa_iso_move_plan *plan,
                                 bool expand, iso_edits *edits, uint32_t *refs,
                                 uint32_t *addreg_values)
{
    infa_destdir dd;
    *refs = 0;
    *addreg_values = 0;
    if (!infa_destdir_parse(m, ddline, &dd) || dd.dirid_f == NULL)
        return;
    iso_move mv = {0};
    mv.old_dirid = dd.dirid_valid ? dd.dirid : -9999;
    mv.old_sub = "";
    if (dd.subdir_f != NULL && !dd.subdir_f->empty) {
        mv.old_sub = dd.subdir_f->value;
        mv.old_sub_len = dd.subdir_f->value_len;
        infa_iso_trim_subdir(&mv.old_sub, &mv.old_sub_len);
    }
    mv.new_sub = plan->subdir ? plan->subdir : "";
    mv.new_sub_len = plan->subdir ? plan->subdir_len : 0;

    /* The DestinationDirs value itself. */
    infa_iso__add(edits, dd.dirid_f->span.start, dd.dirid_f->span.end, "13");
    if (mv.new_sub_len == 0) {
        if (dd.subdir_f != NULL)
            infa_iso__add(edits, dd.dirid_f->span.end, dd.subdir_f->span.end, "");
    } else if (dd.subdir_f == NULL) {
        char *t = infa_xasprintf(",%.*s", (int)mv.new_sub_len, mv.new_sub);
        infa_iso__add(edits, dd.dirid_f->span.end, dd.dirid_f->span.end, t);
        free(t);
    } else if (infa_strncasecmp(mv.old_sub, mv.old_sub_len, mv.new_sub, mv.new_sub_len) != 0) {
        char *t = infa_xstrndup(mv.new_sub, mv.new_sub_len);
        infa_iso__add(edits, dd.subdir_f->span.start, dd.subdir_f->span.end, t);
        free(t);
    }

    /* Lines whose REG_SZ AddReg value got a path, for the expand variant. */
    INFA_VEC(const infa_line *) expand_lines = {0};

    const uint32_t *through;
    size_t through_len = infa_iso_copies_through(copies, ddline, &through);
    for (size_t ci = 0; ci < through_len; ci++) {
        const infa_iso_copy *c = &copies->items[through[ci]];
        /* Copy flags the Driver Store rejects go with the move
         * (dirid13-copy-flag would ask for it next). */
        long long flags;
        if (c->flags_f != NULL && !c->flags_f->empty && infa_parse_number(m, c->flags_f, &flags) &&
            (flags & INFA_ISO_STORE_COPY_FLAGS) != 0) {
            uint32_t k = 0;
            for (uint32_t j = 0; j < c->line->field_count; j++) {
                if (&c->line->fields[j] == c->flags_f)
                    break;
                if (!c->line->fields[j].empty)
                    k = j;
            }
            infa_iso__add(edits, c->line->fields[k].span.end, c->flags_f->span.end, "");
        }
    }

    /* The paths found once per document, then the AddReg values; each file
     * name is looked up among the moved files. */
    iso_names names;
    infa_iso__names_build(&names, copies, ddline);
    INFA_VEC(uint32_t) hit = {0}; /* lines with a rewrite, in order, unique */
    struct infa_iso_memo *memo = infa_iso__memo(copies, m);
    if (!memo->refs_built)
        infa_iso__refs_build(m, copies, memo);
    /* Only the paths and AddReg values that name a moved file: the others
     * are no rewrite (the lookup by name would fail), in the same order. */
    uint32_t *cand;
    size_t ncand =
        infa_iso__candidates(memo->path_names.items, memo->path_names.len, &names, &cand);
    for (size_t ci = 0; ci < ncand; ci++) {
        const struct infa_iso_path_ref *pr = &copies->paths[cand[ci]];
        if (!infa_iso__rewrite_path(m, pr, &mv, &names, edits))
            continue;
        (*refs)++;
        if (hit.len == 0 || hit.items[hit.len - 1] != pr->line)
            INFA_VEC_PUSH(&hit, pr->line);
    }
    free(cand);
    size_t path_hits = hit.len;
    ncand = infa_iso__candidates(memo->addreg_names.items, memo->addreg_names.len, &names, &cand);
    for (size_t ci = 0; ci < ncand; ci++) {
        size_t ri = cand[ci];
        uint32_t li = copies->ref_lines[ri];
        const infa_line *line = infa_model_line(m, li);
        if (!(infa_model_section(m, infa_iso_line_section(m, line))->kinds &
              INFA_KIND_ADD_REGISTRY))
            continue;
        infa_addreg a;
        if (!infa_addreg_parse(m, line, &a) ||
            infa_iso__rewrite_addreg_value(m, &a, &mv, &names, edits) == 0)
            continue;
        (*refs)++;
        /* The path hits are in line order (paths are collected so). */
        if (path_hits == 0 ||
            bsearch(&li, hit.items, path_hits, sizeof(uint32_t), infa_iso__u32_cmp) == NULL)
            INFA_VEC_PUSH(&hit, li);
    }
    free(cand);
    for (size_t k = 0; k < hit.len; k++) {
        const infa_line *line = infa_model_line(m, hit.items[k]);
        infa_addreg a;
        if (!(infa_model_section(m, infa_iso_line_section(m, line))->kinds &
              INFA_KIND_ADD_REGISTRY) ||
            !infa_addreg_parse(m, line, &a))
            continue;
        if (a.value_f != NULL && infa_iso__is_string_type(&a) && (a.flags & 0xFFFF0001u) == 0 &&
            !infa_iso__name_is(a.name_f, "FirmwareFilename")) {
            (*addreg_values)++;
            INFA_VEC_PUSH(&expand_lines, line);
        }
    }
    INFA_VEC_FREE(&hit);
    infa_iso__names_free(&names);

    if (expand) {
        for (size_t i = 0; i < expand_lines.len; i++) {
            infa_addreg a;
            if (!infa_addreg_parse(m, expand_lines.items[i], &a) || a.flags_f == NULL)
                continue;
            uint32_t flags = (a.flags_present && a.flags_valid) ? a.flags : 0;
            char buf[16];
            snprintf(buf, sizeof buf, "0x%08X", (unsigned)(flags | 0x00020000u));
            infa_iso__add(edits, a.flags_f->span.start, a.flags_f->span.end, buf);
        }
    }
    INFA_VEC_FREE(&expand_lines);
}

void infa_iso_move_plan_make(const infa_model *m, const infa_iso_copies *copies,
                             const infa_line *destdirs_line, infa_iso_move_plan *plan)
{
    memset(plan, 0, sizeof(*plan));
    bool have_sub = false;
    const infa_iso_copy *sub_from = NULL;
    const uint32_t *idx;
    size_t count = infa_iso_copies_through(copies, destdirs_line, &idx);
    for (size_t i = 0; i < count; i++) {
        const infa_iso_copy *c = &copies->items[idx[i]];
        plan->used = true;
        plan->file_count++;
        if (plan->why[0] != '\0')
            continue;
        const infa_kb_inbox_binary *inbox = infa_kb_inbox_binary_find(c->dest, c->dest_len);
        if (inbox != NULL) {
            snprintf(plan->why, sizeof plan->why,
                     "%.*s is an inbox binary: do not ship or move it; pull it in with "
                     "Include=%s and the matching Needs= instead",
                     (int)c->dest_len, c->dest, inbox->include_inf ? inbox->include_inf : "<inf>");
            continue;
        }
        const char *s;
        uint32_t sl;
        int r = infa_iso_source_subdir_of(copies, m, c->source, c->source_len,
                                          infa_iso_copy_platforms_of(copies, m, c), &s, &sl, NULL);
        if (r == 0) {
            /* Not in the package (an inbox file from LayoutFile/Include, or
             * a missing entry): DIRID 13 would hold nothing to run. */
            snprintf(plan->why, sizeof plan->why,
                     "%.*s has no [SourceDisksFiles] entry, so the package does not contain it: "
                     "if it is yours, list it there first; if it is an inbox file, install it "
                     "through Include= and Needs= of its inbox INF instead of copying it",
                     (int)c->source_len, c->source);
        } else if (r == 2) {
            snprintf(plan->why, sizeof plan->why,
                     "the [SourceDisksFiles] entries of %.*s give different subdirectories per "
                     "architecture: give each architecture its own file-list section and "
                     "DestinationDirs entry 13,<subdir>",
                     (int)c->source_len, c->source);
        } else if (r == 1) {
            if (!have_sub) {
                have_sub = true;
                plan->subdir = s;
                plan->subdir_len = sl;
                sub_from = c;
            } else if (infa_strncasecmp(s, sl, plan->subdir, plan->subdir_len) != 0) {
                snprintf(plan->why, sizeof plan->why,
                         "%.*s and %.*s come from different [SourceDisksFiles] subdirectories "
                         "('%.*s' and '%.*s'): split the file-list section so that each "
                         "subdirectory has its own DestinationDirs entry 13,<subdir>",
                         (int)sub_from->source_len, sub_from->source, (int)c->source_len, c->source,
                         (int)plan->subdir_len, plan->subdir, (int)sl, s);
            }
        }
    }
    if (plan->subdir != NULL && plan->subdir_len == 0)
        plan->subdir = NULL;
    plan->fixable = plan->used && plan->why[0] == '\0';
    if (!plan->fixable)
        return;
    iso_edits edits = {0};
    infa_iso__move_edits(m, copies, destdirs_line, plan, false, &edits, &plan->ref_count,
                         &plan->addreg_values);
    infa_iso__edits_free(&edits);
}

infa_fix *infa_iso_move_fix_add(infa_finding *f, const infa_model *m, const infa_iso_copies *copies,
                                const infa_line *destdirs_line, const infa_iso_move_plan *plan,
                                bool safe, bool preferred, bool expand, const char *title)
{
    if (!plan->fixable)
        return NULL;
    iso_edits edits = {0};
    uint32_t refs, values;
    infa_iso__move_edits(m, copies, destdirs_line, plan, expand, &edits, &refs, &values);
    infa_fix *fix = infa_finding_add_fix(f, safe, preferred, "%s", title);
    for (size_t i = 0; i < edits.len; i++)
        infa_iso_edit_min(fix, m, edits.items[i].start, edits.items[i].end, edits.items[i].text);
    infa_iso__edits_free(&edits);
    return fix;
}

void infa_iso_edit_min(infa_fix *fix, const infa_model *m, uint32_t start, uint32_t end,
                       const char *text)
{
    size_t tlen;
    const char *doc = infa_model_text(m, &tlen);
    size_t nlen = strlen(text);
    const char *old = doc + start;
    size_t olen = end - start;
    size_t pre = 0;
    while (pre < olen && pre < nlen && old[pre] == text[pre])
        pre++;
    size_t suf = 0;
    while (suf < olen - pre && suf < nlen - pre && old[olen - 1 - suf] == text[nlen - 1 - suf])
        suf++;
    if (pre == olen && pre == nlen)
        return; /* nothing changes */
    infa_span span = {start + (uint32_t)pre, end - (uint32_t)suf};
    infa_fix_edit(fix, span, text + pre, nlen - pre - suf);
}

void infa_iso_relate_refs(infa_finding *f, const infa_model *m, uint32_t section,
                          const char *directive, unsigned max)
{
    if (section == INFA_NONE || section >= infa_model_section_count(m))
        return;
    const infa_section *s = infa_model_section(m, section);
    unsigned n = 0;
    for (uint32_t i = 0; i < s->refs_in_count && n < max; i++) {
        const infa_ref *r = infa_model_ref(m, s->refs_in[i]);
        if (!infa_iso_ref_is(r, directive))
            continue;
        infa_finding_relate(f, r->span, "%s=%.*s is used here", r->directive ? r->directive : "",
                            (int)r->name_len, r->name);
        n++;
    }
}

bool infa_iso_path_value(const infa_model *m, const infa_field *f, char **value, infa_path *path)
{
    size_t len;
    char *v = infa_model_expand(m, f->value, f->value_len, &len);
    size_t start = 0;
    while (start < len && (v[start] == '"' || v[start] == ' ' || v[start] == '\t'))
        start++;
    while (len > start && (v[len - 1] == '"' || v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    if (len == start) {
        free(v);
        return false;
    }
    memmove(v, v + start, len - start);
    v[len - start] = '\0';
    *value = v;
    infa_path_split(v, len - start, path);
    return true;
}

uint32_t infa_iso_find_last(const infa_model *m, infa_span span, const char *name, size_t len)
{
    uint32_t tlen;
    const char *src = infa_iso_text(m, span, &tlen);
    if (len == 0 || len > tlen)
        return INFA_NONE;
    for (uint32_t i = tlen - (uint32_t)len + 1; i-- > 0;)
        if (infa_strncasecmp(src + i, len, name, len) == 0)
            return span.start + i;
    return INFA_NONE;
}

const infa_field *infa_iso_key_value(const infa_line *line, const char *key)
{
    const char *k = infa_line_key(line);
    if (k == NULL || !infa_streq_nocase(k, line->key.value_len, key) || line->field_count == 0)
        return NULL;
    return &line->fields[0];
}

char *infa_iso_version_class(const infa_model *m, size_t *len)
{
    *len = 0;
    uint32_t v = infa_model_find_kind(m, INFA_KIND_VERSION);
    const infa_field *cls = NULL;
    if (v == INFA_NONE)
        return NULL;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, v, &it)) != INFA_NONE;) {
        const infa_field *c = infa_iso_key_value(infa_model_line(m, li), "Class");
        if (c != NULL)
            cls = c;
    }
    return cls ? infa_gen__expand(m, cls->value, cls->value_len, len) : NULL;
}

const char *infa_iso_dirid_where(long dirid)
{
    const infa_kb_dirid *row = infa_kb_dirid_find(dirid);
    return row != NULL && row->path != NULL ? row->path : NULL;
}

infa_span infa_iso_rows_of(const infa_model *m, infa_span span)
{
    size_t tlen;
    infa_model_text(m, &tlen);
    uint32_t start = infa_model_row_start(m, infa_model_row_at(m, span.start));
    uint32_t last = infa_model_row_at(m, span.end > span.start ? span.end - 1 : span.start);
    uint32_t end = infa_model_row_start(m, last + 1);
    if (end < span.end || end > tlen)
        end = (uint32_t)tlen;
    return (infa_span){start, end};
}

const char *infa_iso_eol(const infa_model *m)
{
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    const char *nl = memchr(text, '\n', tlen);
    return nl != NULL && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
}

uint32_t infa_iso_block_append_at(const infa_model *m, const infa_block *b, bool *need_eol)
{
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    /* After the block's last entry (not after trailing blank lines). */
    uint32_t end = b->header.end;
    if (b->line_count > 0)
        end = infa_model_line(m, b->first_line + b->line_count - 1)->span.end;
    uint32_t row = infa_model_row_at(m, end);
    uint32_t at = infa_model_row_start(m, row + 1);
    if (at > tlen || at <= end)
        at = (uint32_t)tlen;
    /* SetupAPI stops reading at a Ctrl-Z, even mid-line: a line added after
     * one would be lost, and the fix offered again on every run. */
    const char *eof = memchr(text, 0x1a, at);
    if (eof != NULL)
        at = (uint32_t)(eof - text);
    *need_eol =
        (at == tlen || eof != NULL) && (at == 0 || (text[at - 1] != '\n' && text[at - 1] != '\r'));
    return at;
}

void infa_iso_each_service_binary(infa_rule_ctx *ctx,
                                  void (*fn)(infa_rule_ctx *ctx, const infa_iso_binary *b))
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (infa_kind_lines k =
             infa_kind_lines_of(m, (INFA_KIND_SERVICE_INSTALL | INFA_KIND_WDF_SERVICE_INSTALL));
         infa_kind_lines_next(&k);) {
        uint32_t s = k.section;
        const infa_line *line = k.line;
        const infa_field *v = infa_iso_key_value(line, "ServiceBinary");
        if (v == NULL)
            continue;
        infa_iso_binary b = {m, copies, s, line, v};
        fn(ctx, &b);
    }
}
