/* Completion: what fits at the cursor, from the knowledge tables (kb.h) and
 * the model's sections and strings. The context (which field of which kind
 * of line) comes from the text of the cursor's row up to the cursor, which
 * is short, plus the model's section kinds; nothing scans the document.
 * No INF fact lives here: every label, value and description is a table
 * row or a name from the document. */
#include "document.h"
#include "infa.h"
#include "kb.h"
#include "model.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct infa_completion_list {
    infa_completion_item *items;
    size_t count, cap;
    infa_range range;
    bool incomplete;
    struct cl_chunk *arena; /* every string the list owns */
};

/* Strings of a list live in a few large chunks: a request builds hundreds
 * of short strings, and one malloc each (or printf) would dominate its cost. */
typedef struct cl_chunk {
    struct cl_chunk *next;
    size_t used, cap;
    char data[];
} cl_chunk;

/* Upper bound on items built from the document (sections, strings) so a huge
 * file cannot make one request slow; the partial word narrows it first. */
#define COMPLETE_MAX_DOC_ITEMS 400

typedef enum {
    CTX_NONE,
    CTX_HEADER,   /* after `[` */
    CTX_PERCENT,  /* inside an open `%token` */
    CTX_KEY,      /* first field, before `=` or `,` */
    CTX_POSITION, /* a field of a keyless line */
    CTX_VALUE,    /* a field after `key =` */
} complete_ctx_kind;

typedef struct {
    infa_document *doc;
    const infa_model *m;
    infa_profile profile;
    infa_completion_list *list;
    const char *text;
    size_t len;
    uint32_t byte;
    uint32_t row_start;  /* start of the logical line (continuations joined) */
    uint32_t cursor_row; /* start of the cursor's physical row */
    complete_ctx_kind kind;
    uint32_t field;  /* 0-based field after the key (or of a keyless line) */
    const char *key; /* trimmed key text in the row, when CTX_VALUE */
    size_t key_len;
    const char *partial; /* the word being typed */
    size_t partial_len;
    uint32_t section; /* INFA_NONE before the first header */
    infa_kind_set kinds;
    bool close_after; /* the char after the cursor closes the token/header */
    bool after_bar;   /* the partial word follows a `|` */
    size_t seq;       /* running number for sort_text */
    /* Labels already offered (open addressing on a case-insensitive hash). */
    const char **seen;
    size_t seen_cap, seen_len;
} complete_ctx;

/* ---- List building ---------------------------------------------------------- */

static char *infa_complete__alloc(infa_completion_list *l, size_t n)
{
    cl_chunk *ch = l->arena;
    if (!ch || ch->cap - ch->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        cl_chunk *fresh = infa_xmalloc(sizeof(*fresh) + cap);
        fresh->next = ch;
        fresh->used = 0;
        fresh->cap = cap;
        l->arena = ch = fresh;
    }
    char *p = ch->data + ch->used;
    ch->used += n;
    return p;
}

/* A copy of name[0..len). */
static const char *infa_complete__strn(infa_completion_list *l, const char *name, size_t len)
{
    char *p = infa_complete__alloc(l, len + 1);
    memcpy(p, name, len);
    p[len] = 0;
    return p;
}

/* a + b + c + d (NULL parts are empty). */
static const char *infa_complete__cat(infa_completion_list *l, const char *a, const char *b,
                                      const char *c, const char *d)
{
    const char *parts[4] = {a, b, c, d};
    size_t lens[4], total = 0;
    for (int i = 0; i < 4; i++)
        total += lens[i] = parts[i] ? strlen(parts[i]) : 0;
    char *p = infa_complete__alloc(l, total + 1), *w = p;
    for (int i = 0; i < 4; i++) {
        memcpy(w, parts[i] ? parts[i] : "", lens[i]);
        w += lens[i];
    }
    *w = 0;
    return p;
}

/* "0x0001ABCD": the form INF files write flag words in. */
static const char *infa_complete__hex8(infa_completion_list *l, uint32_t v)
{
    char *p = infa_complete__alloc(l, 11);
    p[0] = '0';
    p[1] = 'x';
    for (int i = 0; i < 8; i++)
        p[2 + i] = "0123456789ABCDEF"[(v >> (28 - 4 * i)) & 15];
    p[10] = 0;
    return p;
}

static const char *infa_complete__dec(infa_completion_list *l, long v)
{
    char tmp[24];
    size_t n = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[n++] = '-';
    char *p = infa_complete__alloc(l, n + 1);
    for (size_t i = 0; i < n; i++)
        p[i] = tmp[n - 1 - i];
    p[n] = 0;
    return p;
}

/* Adds an item; `group` orders groups before the table order inside them. */
static infa_completion_item *infa_complete__add(complete_ctx *c, int group, const char *label,
                                                const char *insert, infa_completion_kind kind)
{
    infa_completion_list *l = c->list;
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->items = infa_xrealloc(l->items, l->cap * sizeof(*l->items));
    }
    infa_completion_item *it = &l->items[l->count++];
    memset(it, 0, sizeof(*it));
    it->label = label;
    it->insert_text = insert ? insert : label;
    it->kind = kind;
    /* Group digit, then the order items were added in. */
    char *sort = infa_complete__alloc(l, 7);
    size_t seq = c->seq++;
    sort[0] = (char)('0' + group);
    for (int i = 5; i >= 1; i--, seq /= 10)
        sort[i] = (char)('0' + seq % 10);
    sort[6] = 0;
    it->sort_text = sort;
    return it;
}

/* Records a label; returns true when it was offered already. INF names are
 * case-insensitive, so `Foo` and `FOO` are one item. */
static bool infa_complete__seen(complete_ctx *c, const char *label, size_t len)
{
    if (c->seen_len * 2 >= c->seen_cap) {
        size_t old_cap = c->seen_cap;
        const char **old = c->seen;
        c->seen_cap = old_cap ? old_cap * 2 : 128;
        c->seen = infa_xcalloc(c->seen_cap, sizeof(char *));
        c->seen_len = 0;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i])
                infa_complete__seen(c, old[i], strlen(old[i]));
        free(old);
    }
    size_t mask = c->seen_cap - 1;
    for (size_t i = infa_hash_nocase(label, len) & mask;; i = (i + 1) & mask) {
        const char *e = c->seen[i];
        if (!e) {
            c->seen[i] = label;
            c->seen_len++;
            return false;
        }
        if (strlen(e) == len && infa_strncasecmp(e, len, label, len) == 0)
            return true;
    }
}

static const char *infa_complete__fmt_doc(complete_ctx *c, const char *description, const char *url)
{
    if (!description && !url)
        return NULL;
    if (!url)
        return description;
    return infa_complete__cat(c->list, description,
                              description ? "\n\n[Documentation](" : "[Documentation](", url, ")");
}

static bool infa_complete__isolated(const complete_ctx *c)
{
    return c->profile == INFA_PROFILE_ISOLATED || c->profile == INFA_PROFILE_DESKTOP;
}

/* Names from the document that can be offered as text: a NUL byte would cut
 * the label short. */
static bool infa_complete__usable(const char *name, size_t len)
{
    return len > 0 && memchr(name, 0, len) == NULL;
}

static char infa_complete__lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Narrows document-derived lists to names holding the typed word's letters
 * in order (case-insensitive): a superset of what fuzzy-matching clients
 * keep as the user types on, so narrowing never hides a later match. */
static bool infa_complete__matches(const complete_ctx *c, const char *name, size_t len)
{
    size_t j = 0;
    for (size_t i = 0; i < len && j < c->partial_len; i++)
        if (infa_complete__lower(name[i]) == infa_complete__lower(c->partial[j]))
            j++;
    return j == c->partial_len;
}

/* True (and marks the list incomplete) when a document-derived group is
 * full. */
static bool infa_complete__full(complete_ctx *c, size_t added)
{
    if (added < COMPLETE_MAX_DOC_ITEMS)
        return false;
    c->list->incomplete = true;
    return true;
}

/* ---- DIRIDs ----------------------------------------------------------------- */

static void infa_complete__dirids(complete_ctx *c, bool destination, bool percent)
{
    for (size_t i = 0; i < infa_kb_dirid_count(); i++) {
        const infa_kb_dirid *d = infa_kb_dirid_at(i);
        if (d->header_only)
            continue;
        const char *label = infa_complete__dec(c->list, d->id);
        const char *insert = label;
        if (percent && !c->close_after)
            insert = infa_complete__cat(c->list, label, "%", NULL, NULL);
        bool store = d->isolation == INFA_DIRID_DRIVER_STORE;
        infa_completion_item *it =
            infa_complete__add(c, store ? 0 : 1, label, insert, INFA_COMPLETION_FOLDER);
        it->filter_text = label;
        it->detail = d->name ? infa_complete__cat(c->list, d->name, " — ", d->path, NULL) : d->path;
        it->documentation = infa_complete__fmt_doc(c, d->description, d->url);
        it->preselect = store;
        it->deprecated =
            d->deprecated_24h2 || (destination && infa_complete__isolated(c) && !store);
    }
}

/* ---- Strings ---------------------------------------------------------------- */

static void infa_complete__strkeys(complete_ctx *c, int group)
{
    uint32_t n = infa_model_string_key_count(c->m);
    size_t added = 0;
    for (uint32_t i = 0; i < n && !infa_complete__full(c, added); i++) {
        uint32_t klen = 0;
        const char *key = infa_model_string_key(c->m, i, &klen);
        if (!key || !infa_complete__usable(key, klen) || !infa_complete__matches(c, key, klen))
            continue;
        const char *label = infa_complete__strn(c->list, key, klen);
        const char *insert =
            c->close_after ? label : infa_complete__cat(c->list, label, "%", NULL, NULL);
        infa_completion_item *it =
            infa_complete__add(c, group, label, insert, INFA_COMPLETION_VARIABLE);
        it->filter_text = label;
        const infa_string_def *defs = NULL;
        if (infa_model_string_defs(c->m, key, klen, &defs) > 0) {
            int vl = defs[0].value_len > 80 ? 80 : (int)defs[0].value_len;
            it->detail = infa_complete__cat(c->list, "\"",
                                            infa_complete__strn(c->list, defs[0].value, (size_t)vl),
                                            defs[0].value_len > 80 ? "…\"" : "\"", NULL);
        }
        added++;
    }
}

/* ---- Sections --------------------------------------------------------------- */

/* Returns NULL when an item of that name was offered already. */
static infa_completion_item *infa_complete__header_name(complete_ctx *c, const char *name,
                                                        size_t len, int group, const char *detail,
                                                        const char *doc)
{
    const char *label = infa_complete__strn(c->list, name, len);
    if (infa_complete__seen(c, label, len))
        return NULL;
    const char *insert = label;
    if (!c->close_after)
        insert = infa_complete__cat(c->list, label, "]", NULL, NULL);
    infa_completion_item *it = infa_complete__add(c, group, label, insert, INFA_COMPLETION_MODULE);
    it->filter_text = label;
    it->detail = detail;
    it->documentation = doc;
    return it;
}

static void infa_complete__headers(complete_ctx *c)
{
    for (size_t i = 0; i < infa_kb_section_count(); i++) {
        const infa_kb_section *s = infa_kb_section_at(i);
        if (infa_model_find_section(c->m, s->name, strlen(s->name)) != INFA_NONE &&
            !(s->kind & INFA_KIND_STRINGS))
            continue; /* one [Version] is enough */
        infa_completion_item *it =
            infa_complete__header_name(c, s->name, strlen(s->name), 1, s->syntax,
                                       infa_complete__fmt_doc(c, s->description, s->url));
        if (it)
            it->deprecated =
                (s->flags & INFA_KB_F_DEPRECATED) ||
                ((s->flags & INFA_KB_F_NOT_UNIVERSAL) && c->profile != INFA_PROFILE_DESKTOP);
    }
    /* Sections the file names but does not define yet. */
    size_t added = 0;
    for (uint32_t i = 0, n = infa_model_ref_count(c->m); i < n && !infa_complete__full(c, added);
         i++) {
        const infa_ref *r = infa_model_ref(c->m, i);
        if (r->target != INFA_NONE || r->external || !infa_complete__usable(r->name, r->name_len) ||
            !infa_complete__matches(c, r->name, r->name_len))
            continue;
        if (infa_complete__header_name(c, r->name, r->name_len, 0,
                                       r->target_kind ? infa_kind_name(r->target_kind) : NULL,
                                       NULL))
            added++;
    }
    /* Missing variants (.HW, .Services, ...) of the DDInstall sections. */
    char tmp[512];
    for (uint32_t si = 0, n = infa_model_section_count(c->m);
         si < n && !infa_complete__full(c, added); si++) {
        const infa_section *s = infa_model_section(c->m, si);
        if (!(s->kinds & INFA_KIND_DDINSTALL) || s->name_len > 300 ||
            !infa_complete__usable(s->name, s->name_len) || (s->decoration.suffix_kind != 0))
            continue;
        memcpy(tmp, s->name, s->name_len);
        for (size_t k = 0; k < infa_kb_ddinstall_suffix_count(); k++) {
            const infa_kb_ddinstall_suffix *sfx = infa_kb_ddinstall_suffix_at(k);
            size_t sl = strlen(sfx->suffix);
            if (s->name_len + sl >= sizeof tmp)
                continue;
            memcpy(tmp + s->name_len, sfx->suffix, sl);
            size_t tl = s->name_len + sl;
            if (!infa_complete__matches(c, tmp, tl) ||
                infa_model_find_section(c->m, tmp, tl) != INFA_NONE)
                continue;
            infa_completion_item *it =
                infa_complete__header_name(c, tmp, tl, 2, infa_kind_name(sfx->kind),
                                           infa_complete__fmt_doc(c, sfx->description, sfx->url));
            if (!it)
                continue;
            it->deprecated =
                (sfx->flags & INFA_KB_F_DEPRECATED) ||
                ((sfx->flags & INFA_KB_F_NOT_UNIVERSAL) && c->profile != INFA_PROFILE_DESKTOP);
            added++;
        }
    }
}

/* Section names at a reference site: sections already of `kind` first, then
 * sections nothing gives a kind yet; system sections and sections of other
 * kinds are left out. `base` offers undecorated names (Models lines name
 * install sections without their .NTamd64). */
static void infa_complete__section_names(complete_ctx *c, infa_kind_set kind, bool base)
{
    size_t added = 0;
    for (uint32_t si = 0, n = infa_model_section_count(c->m);
         si < n && !infa_complete__full(c, added); si++) {
        const infa_section *s = infa_model_section(c->m, si);
        bool right = kind && (s->kinds & kind);
        if (!right && s->kinds)
            continue;
        if (si == c->section && !right)
            continue;
        size_t len = s->name_len;
        if (base && s->decoration.base_len && s->decoration.base_len < len)
            len = s->decoration.base_len;
        if (!infa_complete__usable(s->name, len) || !infa_complete__matches(c, s->name, len))
            continue;
        const char *label = infa_complete__strn(c->list, s->name, len);
        if (infa_complete__seen(c, label, len))
            continue;
        infa_completion_item *it =
            infa_complete__add(c, right ? 0 : 1, label, label, INFA_COMPLETION_MODULE);
        infa_kind_set first = s->kinds;
        infa_kind_set one = infa_kind_next(&first);
        it->detail = one ? infa_kind_name(one) : "section (not referenced yet)";
        added++;
    }
}

/* ---- Directives and values -------------------------------------------------- */

static unsigned infa_complete__directive_unfit(const complete_ctx *c, unsigned flags)
{
    if (flags & INFA_KB_F_DEPRECATED)
        return 1;
    if ((flags & INFA_KB_F_NOT_UNIVERSAL) && c->profile != INFA_PROFILE_DESKTOP)
        return 1;
    if ((flags & INFA_KB_F_UNSIGNABLE_22H2) && infa_complete__isolated(c))
        return 1;
    return 0;
}

static void infa_complete__directive_cb(const infa_kb_directive *row, void *user)
{
    complete_ctx *c = user;
    if (infa_complete__seen(c, row->name, strlen(row->name)))
        return;
    bool unfit = infa_complete__directive_unfit(c, row->flags) != 0;
    infa_completion_item *it =
        infa_complete__add(c, (row->flags & INFA_KB_F_REQUIRED) ? 0 : (unfit ? 2 : 1), row->name,
                           row->name, INFA_COMPLETION_KEYWORD);
    it->detail = row->syntax;
    it->documentation = infa_complete__fmt_doc(c, row->description, row->url);
    it->deprecated = unfit;
}

static void infa_complete__directives(complete_ctx *c)
{
    if (!c->kinds)
        return;
    infa_kb_directives_for_kind(c->kinds, infa_complete__directive_cb, c);
}

static void infa_complete__consts(complete_ctx *c, infa_kb_consts_id id)
{
    const infa_kb_const_table *t = infa_kb_consts(id);
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++) {
        const infa_kb_const *k = &t->rows[i];
        const char *insert = t->bitmask ? infa_complete__hex8(c->list, k->value)
                                        : infa_complete__dec(c->list, (long)k->value);
        infa_completion_item *it = infa_complete__add(c, k->header_only ? 1 : 0, k->name, insert,
                                                      INFA_COMPLETION_ENUM_MEMBER);
        it->filter_text = infa_complete__cat(c->list, k->name, " ", insert, NULL);
        it->detail = infa_complete__cat(c->list, t->title, " = ", insert, NULL);
        it->documentation = infa_complete__fmt_doc(c, k->description, t->url);
    }
}

static void infa_complete__keywords(complete_ctx *c, const char *const *values)
{
    for (size_t i = 0; values && values[i]; i++)
        infa_complete__add(c, 0, values[i], values[i], INFA_COMPLETION_ENUM_MEMBER);
}

/* ---- Registry lines --------------------------------------------------------- */

static void infa_complete__roots(complete_ctx *c)
{
    for (size_t i = 0; i < infa_kb_reg_root_count(); i++) {
        const infa_kb_reg_root *r = infa_kb_reg_root_at(i);
        infa_completion_item *it =
            infa_complete__add(c, 0, r->name, r->name, INFA_COMPLETION_CONSTANT);
        bool banned = r->global && infa_complete__isolated(c);
        it->detail =
            banned ? infa_complete__cat(c->list, r->long_name,
                                        " — not allowed in isolated driver packages", NULL, NULL)
                   : r->long_name;
        it->documentation = r->description;
        it->deprecated = banned;
        it->preselect = i == 0 && !r->global;
    }
}

static void infa_complete__addreg_flags(complete_ctx *c)
{
    bool iso = infa_complete__isolated(c);
    for (size_t i = 0; i < infa_kb_addreg_combo_count(); i++) {
        const infa_kb_addreg_combo *k = infa_kb_addreg_combo_at(i);
        if (infa_complete__seen(c, k->label, strlen(k->label)))
            continue;
        const char *insert = k->insert;
        if (c->after_bar && insert[0] == '|')
            insert++;
        infa_completion_item *it =
            infa_complete__add(c, 0, k->label, insert, INFA_COMPLETION_VALUE);
        it->filter_text = infa_complete__cat(c->list, k->label, " ", insert, NULL);
        it->detail = k->reg_type ? k->reg_type
                                 : infa_complete__cat(c->list, "modifier ", insert, NULL, NULL);
        it->documentation = k->description;
        it->deprecated = k->rejected_isolated && iso;
    }
    for (size_t i = 0; i < infa_kb_addreg_flag_count(); i++) {
        const infa_kb_addreg_flag *f = infa_kb_addreg_flag_at(i);
        if (f->cls == INFA_ADDREG_FLAG_MASK || infa_complete__seen(c, f->name, strlen(f->name)))
            continue;
        const char *insert = infa_complete__hex8(c->list, f->value);
        infa_completion_item *it = infa_complete__add(c, 1, f->name, insert, INFA_COMPLETION_VALUE);
        it->filter_text = infa_complete__cat(c->list, f->name, " ", insert, NULL);
        it->detail = f->reg_type ? f->reg_type
                                 : infa_complete__cat(c->list, "modifier ", insert, NULL, NULL);
        it->documentation = f->description;
        it->deprecated = f->rejected_isolated && iso;
    }
}

/* Kinds of the sections that reference the registry section at the cursor,
 * for the HKR value names that only fit some of them. */
static infa_kind_set infa_complete__referrer_kinds(const complete_ctx *c)
{
    const infa_section *s = c->section != INFA_NONE ? infa_model_section(c->m, c->section) : NULL;
    infa_kind_set k = 0;
    for (uint32_t i = 0; s && i < s->refs_in_count && i < 64; i++) {
        const infa_ref *r = infa_model_ref(c->m, s->refs_in[i]);
        const infa_section *from = r ? infa_model_section(c->m, r->from_section) : NULL;
        if (from)
            k |= from->kinds;
    }
    return k;
}

static void infa_complete__hkr_values(complete_ctx *c)
{
    infa_kind_set from = infa_complete__referrer_kinds(c);
    for (size_t i = 0; i < infa_kb_hkr_value_count(); i++) {
        const infa_kb_hkr_value *v = infa_kb_hkr_value_at(i);
        bool fits = !v->where || !from || (v->where & from);
        infa_completion_item *it =
            infa_complete__add(c, fits ? 0 : 1, v->name, v->name, INFA_COMPLETION_PROPERTY);
        it->detail = v->example ? v->example : v->reg_type;
        it->documentation = v->description;
        it->deprecated = v->rejected_isolated && infa_complete__isolated(c);
    }
}

/* Field `k` of the row text before the cursor, trimmed and unquoted. */
static const char *infa_complete__row_field(const char *t, size_t len, uint32_t k, size_t *out_len)
{
    uint32_t field = 0;
    bool quote = false;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && t[i] == '"')
            quote = !quote;
        if (i < len && (quote || t[i] != ','))
            continue;
        if (field == k) {
            size_t a = start, b = i;
            while (a < b && (t[a] == ' ' || t[a] == '\t' || t[a] == '"'))
                a++;
            while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '"'))
                b--;
            *out_len = b - a;
            return t + a;
        }
        field++;
        start = i + 1;
    }
    *out_len = 0;
    return t;
}

static void infa_complete__registry_field(complete_ctx *c, const char *row_text, size_t row_len)
{
    bool add = (c->kinds & INFA_KIND_ADD_REGISTRY) != 0;
    if (c->field == 0) {
        infa_complete__roots(c);
    } else if (c->field == 2 && add) {
        /* Value names are HKR-specific. */
        size_t rl;
        const char *root = infa_complete__row_field(row_text, row_len, 0, &rl);
        const infa_kb_reg_root *r = infa_kb_reg_root_find(root, rl);
        if (r && !r->global)
            infa_complete__hkr_values(c);
    } else if (c->field == 3) {
        if (add)
            infa_complete__addreg_flags(c);
        else
            infa_complete__consts(c, infa_kb_line_field_consts(c->kinds, c->field));
    } else if (c->field == 4 && add) {
        size_t nl;
        const char *name = infa_complete__row_field(row_text, row_len, 2, &nl);
        infa_complete__consts(c, infa_kb_hkr_value_consts(name, nl));
    }
}

/* ---- Directive values ------------------------------------------------------- */

static bool infa_complete__ref_field(const infa_kb_section_ref *r, uint32_t fi)
{
    if (!r->kind && !(r->flags & INFA_KB_REF_SAME_KIND))
        return false;
    if (r->field == 0 || r->field == INFA_KB_REF_FIELD_LAST)
        return true;
    return r->field == fi + 1;
}

/* `Include=`: the inbox INFs the knowledge tables know sections of. The
 * directive is matched by name because no table field says "values are INF
 * file names". */
static bool infa_complete__include(complete_ctx *c, const infa_kb_directive *d)
{
    if (!infa_streq_nocase(d->name, strlen(d->name), "Include"))
        return false;
    for (size_t i = 0; i < infa_kb_inbox_binary_count(); i++) {
        const infa_kb_inbox_binary *b = infa_kb_inbox_binary_at(i);
        if (infa_complete__seen(c, b->include_inf, strlen(b->include_inf)))
            continue;
        infa_completion_item *it =
            infa_complete__add(c, 0, b->include_inf, b->include_inf, INFA_COMPLETION_MODULE);
        it->detail = b->binary;
        it->documentation = infa_complete__fmt_doc(c, b->description, b->url);
    }
    return true;
}

/* `Needs=` in a section that `Include`s inbox INFs: their sections with
 * this section's suffix (.Services from .Services, none from DDInstall). */
static void infa_complete__needs(complete_ctx *c)
{
    const infa_section *s = c->section != INFA_NONE ? infa_model_section(c->m, c->section) : NULL;
    if (!s)
        return;
    for (uint32_t it = 0, li;
         (li = infa_model_section_next_line(c->m, c->section, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(c->m, li);
        if (!l->has_key || !infa_streq_nocase(l->key.value, l->key.value_len, "Include"))
            continue;
        for (uint32_t f = 0; f < l->field_count; f++) {
            for (size_t i = 0; i < infa_kb_inbox_binary_count(); i++) {
                const infa_kb_inbox_binary *b = infa_kb_inbox_binary_at(i);
                if (!infa_streq_nocase(l->fields[f].value, l->fields[f].value_len, b->include_inf))
                    continue;
                for (size_t n = 0; b->needs && b->needs[n]; n++) {
                    const char *need = b->needs[n];
                    infa_kb_section_split_result split;
                    infa_kb_section_split(need, strlen(need), &split);
                    infa_kind_set kind = split.suffix ? split.suffix->kind : 0;
                    if (kind != s->decoration.suffix_kind ||
                        infa_complete__seen(c, need, strlen(need)))
                        continue;
                    infa_completion_item *ci =
                        infa_complete__add(c, 0, need, need, INFA_COMPLETION_MODULE);
                    ci->detail = b->include_inf;
                    ci->documentation = infa_complete__fmt_doc(c, b->description, b->url);
                }
            }
        }
    }
}

static void infa_complete__value(complete_ctx *c)
{
    if (c->kinds & INFA_KIND_STRINGS)
        return;
    if ((c->kinds & INFA_KIND_DESTINATION_DIRS) && c->field == 0) {
        infa_complete__dirids(c, true, false);
        return;
    }
    const infa_kb_directive *d = NULL;
    if (c->key_len) {
        d = c->kinds ? infa_kb_directive_find_in(c->key, c->key_len, c->kinds) : NULL;
        if (!d && !(c->kinds & (INFA_KIND_MODELS | INFA_KIND_MANUFACTURER |
                                INFA_KIND_SOURCE_DISKS_FILES | INFA_KIND_SOURCE_DISKS_NAMES |
                                INFA_KIND_INTERFACE_INSTALL32 | INFA_KIND_DESTINATION_DIRS)))
            d = infa_kb_directive_find(c->key, c->key_len);
    }
    if (d) {
        if (infa_complete__include(c, d))
            return;
        if (d->refs[0].flags & INFA_KB_REF_EXTERNAL)
            infa_complete__needs(c);
        if (d->value_table && d->value_field == c->field + 1)
            infa_complete__consts(c, (infa_kb_consts_id)d->value_table);
        for (size_t i = 0; i < 2; i++) {
            const infa_kb_section_ref *r = &d->refs[i];
            if (!infa_complete__ref_field(r, c->field))
                continue;
            infa_kind_set want = (r->flags & INFA_KB_REF_SAME_KIND) ? c->kinds : r->kind;
            infa_complete__section_names(c, want, false);
            break;
        }
        if (c->field == 0)
            infa_complete__keywords(c, d->values);
        return;
    }
    const infa_kb_line_ref *lr = c->kinds ? infa_kb_line_ref_find(c->kinds) : NULL;
    if (lr && infa_complete__ref_field(&lr->ref, c->field) && lr->ref.kind)
        infa_complete__section_names(
            c, lr->ref.kind, (lr->ref.kind & (INFA_KIND_DDINSTALL | INFA_KIND_MODELS)) != 0);
}

/* ---- Context ---------------------------------------------------------------- */

static bool infa_complete__word_char(char ch)
{
    switch (ch) {
    case ' ':
    case '\t':
    case ',':
    case '=':
    case '[':
    case ']':
    case '%':
    case '"':
    case ';':
    case '|':
    case '\r':
    case '\n':
        return false;
    default:
        return true;
    }
}

static void infa_complete__analyse(complete_ctx *c)
{
    const char *t = c->text;
    uint32_t rs = c->row_start, end = c->byte;
    bool quote = false, token = false;
    uint32_t tok_start = 0, eq = UINT32_MAX;
    uint32_t commas = 0;
    uint32_t first = rs;
    while (first < end && (t[first] == ' ' || t[first] == '\t'))
        first++;
    if (first < end && t[first] == '[') {
        bool closed = memchr(t + first, ']', end - first) != NULL;
        if (!closed) {
            c->kind = CTX_HEADER;
            c->partial = t + first + 1;
            c->partial_len = end - first - 1;
            c->close_after = end < c->len && t[end] == ']';
        }
        return;
    }
    for (uint32_t i = rs; i < end; i++) {
        char ch = t[i];
        if (ch == '"') {
            quote = !quote;
        } else if (ch == ';' && !quote && !token) {
            /* A comment on an earlier row of a continued line ends with its
             * row; on the cursor's row, the cursor is in it. */
            const char *nl = i < c->cursor_row ? memchr(t + i, '\n', c->cursor_row - i) : NULL;
            if (!nl)
                return;
            i = (uint32_t)(nl - t);
        } else if (ch == '%') {
            if (token) {
                token = false;
            } else if (i + 1 < end && t[i + 1] == '%') {
                i++;
            } else {
                token = true;
                tok_start = i + 1;
            }
        } else if (!quote && !token && ch == '=' && eq == UINT32_MAX && commas == 0) {
            eq = i;
        } else if (!quote && !token && ch == ',') {
            commas++;
        }
    }
    uint32_t ws = end;
    if (token) {
        ws = tok_start;
        c->kind = CTX_PERCENT;
        c->close_after = end < c->len && t[end] == '%';
    } else {
        while (ws > rs && infa_complete__word_char(t[ws - 1]))
            ws--;
    }
    c->partial = t + ws;
    c->partial_len = end - ws;
    uint32_t before = ws;
    while (before > rs && (t[before - 1] == ' ' || t[before - 1] == '\t'))
        before--;
    c->after_bar = before > rs && t[before - 1] == '|';
    if (eq != UINT32_MAX) {
        uint32_t ks = rs, ke = eq;
        while (ks < ke && (t[ks] == ' ' || t[ks] == '\t'))
            ks++;
        while (ke > ks && (t[ke - 1] == ' ' || t[ke - 1] == '\t'))
            ke--;
        if (ke - ks >= 2 && t[ks] == '"' && t[ke - 1] == '"') {
            ks++;
            ke--;
        }
        c->key = t + ks;
        c->key_len = ke - ks;
        c->field = commas;
        if (c->kind != CTX_PERCENT)
            c->kind = CTX_VALUE;
    } else {
        c->field = commas;
        if (c->kind != CTX_PERCENT)
            c->kind = commas == 0 ? CTX_KEY : CTX_POSITION;
    }
}

static int infa_complete__item_cmp(const void *a, const void *b)
{
    const infa_completion_item *x = a, *y = b;
    return strcmp(x->sort_text ? x->sort_text : x->label, y->sort_text ? y->sort_text : y->label);
}

infa_completion_list *infa_document_complete(infa_document *doc, const infa_config *config,
                                             uint32_t byte)
{
    infa_completion_list *list = infa_xcalloc(1, sizeof(*list));
    complete_ctx c = {.doc = doc, .list = list};
    c.m = infa_document_model(doc);
    c.profile = config ? infa_config_profile(config) : INFA_PROFILE_ISOLATED;
    c.text = infa_model_text(c.m, &c.len);
    infa_location loc = infa_model_locate(c.m, byte);
    byte = c.byte = loc.byte;
    c.cursor_row = loc.row_start;
    /* On a continuation row the key and earlier fields sit on rows above. */
    c.row_start = loc.line_start;
    c.partial = c.text + byte;
    c.section = INFA_NONE;

    infa_complete__analyse(&c);
    list->range = infa_document_range(doc, (uint32_t)(c.partial - c.text), byte);
    if (c.kind == CTX_NONE)
        return list;

    if (loc.in_comment && c.kind != CTX_HEADER)
        return list;
    c.section = loc.section;
    const infa_section *s = c.section != INFA_NONE ? infa_model_section(c.m, c.section) : NULL;
    c.kinds = s ? s->kinds : 0;
    /* Nothing names this section yet (the user writes it first): its name
     * or its lines still say what it will be. */
    if (s && !c.kinds)
        c.kinds = infa_model_inferred_kind(c.m, c.section);

    const infa_kind_set positional =
        INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY;
    switch (c.kind) {
    case CTX_HEADER:
        infa_complete__headers(&c);
        break;
    case CTX_PERCENT: {
        bool strings = (c.kinds & INFA_KIND_STRINGS) != 0;
        bool digits = true;
        for (size_t i = 0; i < c.partial_len; i++)
            digits &= (c.partial[i] >= '0' && c.partial[i] <= '9') || c.partial[i] == '-';
        /* Keys, [Strings], Version and Models name things by %strkey%; a
         * directory only makes sense in a value that holds a path, and
         * DestinationDirs wants the bare number, never %11%. */
        bool path = !strings && digits && c.kind == CTX_PERCENT &&
                    (c.key_len || c.field > 0 || (c.kinds & positional)) &&
                    !(c.kinds & (INFA_KIND_VERSION | INFA_KIND_MODELS | INFA_KIND_MANUFACTURER |
                                 INFA_KIND_DESTINATION_DIRS));
        if (path)
            infa_complete__dirids(&c, false, true);
        infa_complete__strkeys(&c, path ? 2 : 0);
        break;
    }
    case CTX_KEY:
        if (c.kinds & positional) {
            c.field = 0;
            infa_complete__registry_field(&c, c.text + c.row_start, byte - c.row_start);
        } else if (c.kinds & (INFA_KIND_REGISTER_DLLS | INFA_KIND_UNREGISTER_DLLS)) {
            infa_complete__dirids(&c, false, false); /* dirid,[subdir],file,flags */
        } else if (c.kinds & INFA_KIND_DESTINATION_DIRS) {
            infa_complete__directives(&c);
            infa_complete__section_names(
                &c, INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES, false);
        } else if (!(c.kinds &
                     (INFA_KIND_STRINGS | INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES |
                      INFA_KIND_REN_FILES | INFA_KIND_SOURCE_DISKS_FILES |
                      INFA_KIND_SOURCE_DISKS_NAMES | INFA_KIND_MODELS | INFA_KIND_MANUFACTURER))) {
            infa_complete__directives(&c);
        }
        break;
    case CTX_POSITION:
        if (c.kinds & positional)
            infa_complete__registry_field(&c, c.text + c.row_start, byte - c.row_start);
        else
            infa_complete__consts(&c, infa_kb_line_field_consts(c.kinds, c.field));
        break;
    case CTX_VALUE:
        infa_complete__value(&c);
        break;
    case CTX_NONE:
        break;
    }
    free(c.seen);
    if (list->count > 1)
        qsort(list->items, list->count, sizeof(*list->items), infa_complete__item_cmp);
    return list;
}

void infa_completion_list_delete(infa_completion_list *list)
{
    if (!list)
        return;
    for (cl_chunk *ch = list->arena, *next; ch; ch = next) {
        next = ch->next;
        free(ch);
    }
    free(list->items);
    free(list);
}

size_t infa_completion_list_count(const infa_completion_list *list)
{
    return list ? list->count : 0;
}

const infa_completion_item *infa_completion_list_get(const infa_completion_list *list, size_t index)
{
    return list && index < list->count ? &list->items[index] : NULL;
}

infa_range infa_completion_list_range(const infa_completion_list *list)
{
    infa_range r = {0};
    return list ? list->range : r;
}

bool infa_completion_list_incomplete(const infa_completion_list *list)
{
    return list && list->incomplete;
}
