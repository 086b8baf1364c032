/* Hover: Markdown about what is under the cursor, composed from the model
 * (where the cursor is, what references what) and the knowledge tables in
 * kb.h (what it means). No INF fact lives here: names, numbers, wording and
 * URLs all come from table rows; this file only chooses rows and lays them
 * out. */
#include "document.h"
#include "infa.h"
#include "kb.h"
#include "model.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct infa_hover {
    char *markdown;
    infa_range range;
};

/* How many referencing lines a section hover lists before summarising. */
#define HOVER_MAX_REFS 12

typedef struct {
    infa_document *doc;
    const infa_model *m;
    infa_profile profile;
    uint32_t byte;
    infa_buf md;
    infa_span span; /* what the hover is about */
} hover_ctx;

/* ---- Small helpers ---------------------------------------------------------- */

static bool infa_hover__isolated(const hover_ctx *h)
{
    return h->profile == INFA_PROFILE_ISOLATED || h->profile == INFA_PROFILE_DESKTOP;
}

static void infa_hover__kinds(infa_buf *b, infa_kind_set kinds, size_t max)
{
    size_t n = 0;
    for (infa_kind_set s = kinds, k; (k = infa_kind_next(&s));) {
        if (n == max) {
            infa_buf_printf(b, ", and %d more", infa_kind_count(s) + 1);
            return;
        }
        infa_buf_printf(b, "%s%s", n ? ", " : "", infa_kind_name(k));
        n++;
    }
}

/* "a" or "an" before a kind name ("an add-registry section"). */
static const char *infa_hover__article(const char *word)
{
    return word && strchr("aeiouAEIOU", word[0]) && word[0] ? "an" : "a";
}

static void infa_hover__link(infa_buf *b, const char *title, const char *url)
{
    if (url && *url)
        infa_buf_printf(b, "\n\n[%s](%s)", title, url);
}

/* The field of `line` whose source span holds `byte`, or INFA_NONE. */
static uint32_t infa_hover__field_at(const infa_line *line, uint32_t byte)
{
    for (uint32_t i = 0; i < line->field_count; i++) {
        const infa_span *s = &line->fields[i].span;
        if (byte >= s->start && byte <= s->end && !(line->fields[i].empty && byte != s->start))
            return i;
    }
    return INFA_NONE;
}

/* The name a line is looked up by: its key, or the only field of a bare
 * keyword line (`Reboot`). */
static bool infa_hover__line_name(const infa_line *line, const char **name, size_t *len,
                                  infa_span *span)
{
    if (line->has_key) {
        *name = line->key.value;
        *len = line->key.value_len;
        *span = line->key.span;
        return true;
    }
    if (line->field_count == 1 && !line->fields[0].empty) {
        *name = line->fields[0].value;
        *len = line->fields[0].value_len;
        *span = line->fields[0].span;
        return true;
    }
    return false;
}

static const infa_kb_directive *infa_hover__directive(const char *name, size_t len,
                                                      infa_kind_set kinds)
{
    const infa_kb_directive *row = kinds ? infa_kb_directive_find_in(name, len, kinds) : NULL;
    return row ? row : infa_kb_directive_find(name, len);
}

/* Looks a referenced name up as written, then with each platform decoration
 * SetupAPI would try (Models lines name undecorated install sections). */
static uint32_t infa_hover__find_decorated(const infa_model *m, const char *name, size_t len)
{
    uint32_t s = infa_model_find_section(m, name, len);
    if (s != INFA_NONE || len > 200)
        return s;
    char tmp[256];
    memcpy(tmp, name, len);
    for (size_t i = 0; i < infa_kb_platform_count(); i++) {
        const infa_kb_platform *p = infa_kb_platform_at(i);
        size_t dl = strlen(p->decoration);
        if (len + dl >= sizeof tmp)
            continue;
        memcpy(tmp + len, p->decoration, dl);
        s = infa_model_find_section(m, tmp, len + dl);
        if (s != INFA_NONE)
            return s;
    }
    return INFA_NONE;
}

static uint32_t infa_hover__row_of_line(const infa_model *m, uint32_t line)
{
    const infa_line *l = infa_model_line(m, line);
    return l ? l->row + 1 : 0;
}

/* ---- DIRIDs ----------------------------------------------------------------- */

static const infa_kb_dirid *infa_hover__driver_store_dirid(void)
{
    for (size_t i = 0; i < infa_kb_dirid_count(); i++) {
        const infa_kb_dirid *d = infa_kb_dirid_at(i);
        if (d->isolation == INFA_DIRID_DRIVER_STORE)
            return d;
    }
    return NULL;
}

static void infa_hover__isolation(infa_buf *b, const infa_kb_dirid *d)
{
    const infa_kb_dirid *ds = infa_hover__driver_store_dirid();
    long ds_id = ds ? ds->id : 0;
    switch (d->isolation) {
    case INFA_DIRID_DRIVER_STORE:
        infa_buf_append_str(b, "**Isolation:** isolated — files run from the Driver Store.");
        break;
    case INFA_DIRID_USE_13:
        infa_buf_printf(b,
                        "**Isolation:** not isolated — copy to DIRID %ld and run the file from "
                        "the Driver Store instead.",
                        ds_id);
        break;
    case INFA_DIRID_APP_INSTALL:
        infa_buf_printf(b,
                        "**Isolation:** an application install — ship the application as "
                        "software of the device, or use DIRID %ld for driver files.",
                        ds_id);
        break;
    case INFA_DIRID_SOURCE:
        infa_buf_printf(b,
                        "**Isolation:** should not be used — ship the file and use DIRID %ld "
                        "(Driver Store).",
                        ds_id);
        break;
    case INFA_DIRID_ABSOLUTE:
    case INFA_DIRID_OTHER:
        infa_buf_printf(b,
                        "**Isolation:** not isolated — ship the file in the package and use "
                        "DIRID %ld (Driver Store).",
                        ds_id);
        break;
    case INFA_DIRID_PRINTER:
        infa_buf_append_str(b, "**Isolation:** printer-class DIRID; not covered by the "
                               "isolation porting guidance.");
        break;
    case INFA_DIRID_NONE:
        infa_buf_append_str(b, "**Isolation:** names no directory.");
        break;
    }
}

static void infa_hover__dirid(hover_ctx *h, long id)
{
    infa_buf *b = &h->md;
    const infa_kb_dirid *d = infa_kb_dirid_find(id);
    if (!d) {
        infa_buf_printf(b, "**DIRID %ld**", id);
        switch (infa_kb_dirid_range(id)) {
        case INFA_DIRID_RANGE_INVALID:
            infa_buf_append_str(b, " — not a valid directory identifier.");
            break;
        case INFA_DIRID_RANGE_SYSTEM:
            infa_buf_append_str(b, " — a system-reserved number with no documented folder.");
            break;
        case INFA_DIRID_RANGE_SHELL:
            infa_buf_append_str(b, " — a shell special folder (CSIDL-based).");
            break;
        case INFA_DIRID_RANGE_USER:
            infa_buf_append_str(b, " — a user-defined DIRID, created at run time by an installer.");
            break;
        case INFA_DIRID_RANGE_PRINTER:
            infa_buf_append_str(b, " — a printer-class DIRID.");
            break;
        }
        const infa_kb_dirid *ds = infa_hover__driver_store_dirid();
        if (ds) {
            infa_buf_append_str(b, "\n\nNot isolated. ");
            infa_buf_printf(b, "Isolated packages use DIRID %ld (the Driver Store).", ds->id);
            infa_hover__link(b, "Using DIRIDs", ds->url);
        }
        return;
    }
    infa_buf_printf(b, "**DIRID %ld**", d->id);
    if (d->name)
        infa_buf_printf(b, " `%s`", d->name);
    if (d->path)
        infa_buf_printf(b, " → %s", d->path);
    if (d->description)
        infa_buf_printf(b, "\n\n%s", d->description);
    infa_buf_append_str(b, "\n\n");
    infa_hover__isolation(b, d);
    if (d->deprecated_24h2)
        infa_buf_append_str(b, "\n\n**Deprecated:** not accepted for WHQL signing starting with "
                               "Windows 11 24H2.");
    if (d->h_exception)
        infa_buf_append_str(b, "\n\nA temporary `infverif /h` exception.");
    if (d->header_only)
        infa_buf_append_str(b, "\n\nOnly in `setupapi.h`; not in the documented table.");
    infa_hover__link(b, "DIRID documentation", d->url);
}

/* ---- Strings ---------------------------------------------------------------- */

static void infa_hover__value_text(infa_buf *b, const char *v, size_t len)
{
    if (len > 400)
        len = 400;
    /* Values may hold backticks; a double-backtick span survives one. */
    infa_buf_append_str(b, "`` ");
    infa_buf_append(b, v, len);
    infa_buf_append_str(b, " ``");
}

/* Appends the strkey's definitions. Returns false when it has none. */
static bool infa_hover__strkey_defs(hover_ctx *h, const char *key, size_t len)
{
    infa_buf *b = &h->md;
    const infa_string_def *defs = NULL;
    uint32_t n = infa_model_string_defs(h->m, key, len, &defs);
    infa_buf_append_str(b, "**%");
    infa_buf_append(b, key, len);
    infa_buf_append_str(b, "%** — string");
    if (n == 0) {
        infa_buf_append_str(b, "\n\nNot defined in any `[Strings]` section.");
        return false;
    }
    for (uint32_t i = 0; i < n && i < 32; i++) {
        const infa_string_def *d = &defs[i];
        if (d->langid)
            infa_buf_printf(b, "\n\n`[Strings.%04x]` (line %u): ", d->langid,
                            infa_hover__row_of_line(h->m, d->line));
        else
            infa_buf_printf(b,
                            "\n\n`[Strings]` (line %u): ", infa_hover__row_of_line(h->m, d->line));
        infa_hover__value_text(b, d->value, d->value_len);
    }
    if (n > 32)
        infa_buf_printf(b, "\n\n… and %u more", n - 32);
    return true;
}

static bool infa_hover__all_digits(const char *s, size_t len)
{
    if (len && s[0] == '-') {
        s++;
        len--;
    }
    if (!len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static void infa_hover__token(hover_ctx *h, const infa_token *t)
{
    size_t tlen;
    const char *text = infa_model_text(h->m, &tlen);
    const char *name = text + t->name.start;
    size_t len = t->name.end - t->name.start;
    h->span = t->span;
    if (t->kind == INFA_TOKEN_DIRID) {
        const infa_string_def *defs = NULL;
        /* A numeric [Strings] key shadows the DIRID in SetupAPI's lookup
         * order; show both readings. */
        if (infa_model_string_defs(h->m, name, len, &defs) > 0) {
            infa_hover__strkey_defs(h, name, len);
            infa_buf_append_str(&h->md, "\n\n---\n\nOtherwise read as a directory:\n\n");
        }
        infa_hover__dirid(h, t->dirid);
    } else if (t->kind == INFA_TOKEN_STRKEY) {
        infa_hover__strkey_defs(h, name, len);
        if (infa_hover__all_digits(name, len)) {
            infa_buf_append_str(&h->md, "\n\n---\n\n");
            infa_hover__dirid(h, strtol(name, NULL, 10));
        }
    } else {
        infa_buf_append_str(&h->md, "`%%` — a literal percent sign.");
    }
}

/* ---- Sections --------------------------------------------------------------- */

static const infa_kb_section *infa_hover__system_section(const infa_section *s)
{
    const infa_kb_section *row = infa_kb_section_find(s->name, s->name_len);
    if (!row && s->decoration.base_len && s->decoration.base_len < s->name_len)
        row = infa_kb_section_find(s->name, s->decoration.base_len);
    return row;
}

static void infa_hover__refs_in(hover_ctx *h, const infa_section *s)
{
    infa_buf *b = &h->md;
    if (s->refs_in_count == 0)
        return;
    infa_buf_printf(b, "\n\n**Referenced from** (%u):", s->refs_in_count);
    for (uint32_t i = 0; i < s->refs_in_count && i < HOVER_MAX_REFS; i++) {
        const infa_ref *r = infa_model_ref(h->m, s->refs_in[i]);
        if (!r)
            continue;
        infa_buf_printf(b, "\n- line %u: ", infa_hover__row_of_line(h->m, r->line));
        if (r->directive)
            infa_buf_printf(b, "`%s` ", r->directive);
        const infa_section *from = infa_model_section(h->m, r->from_section);
        if (from)
            infa_buf_printf(b, "in `[%.*s]`", (int)from->name_len, from->name);
    }
    if (s->refs_in_count > HOVER_MAX_REFS)
        infa_buf_printf(b, "\n- … and %u more", s->refs_in_count - HOVER_MAX_REFS);
}

/* Appends `[name]` (line N) when a section of that name exists. */
static bool infa_hover__variant(hover_ctx *h, const char *name, size_t len, uint32_t self,
                                bool *first)
{
    uint32_t v = infa_model_find_section(h->m, name, len);
    if (v == INFA_NONE || v == self)
        return false;
    const infa_section *vs = infa_model_section(h->m, v);
    const infa_block *blk = vs->block_count ? infa_model_block(h->m, vs->blocks[0]) : NULL;
    if (*first)
        infa_buf_append_str(&h->md, "\n\n**Variants in this file:**");
    *first = false;
    infa_buf_printf(&h->md, "\n- `[%.*s]`", (int)vs->name_len, vs->name);
    if (blk)
        infa_buf_printf(&h->md, " (line %u)", blk->header_row + 1);
    return true;
}

static void infa_hover__ddinstall_variants(hover_ctx *h, uint32_t si, const infa_section *s)
{
    char tmp[512];
    size_t install_len = s->name_len; /* name without the .HW-style suffix */
    if (s->decoration.suffix_offset != INFA_NONE && s->decoration.suffix_offset < s->name_len)
        install_len = s->decoration.suffix_offset;
    if (install_len > 300)
        return;
    bool first = true;
    memcpy(tmp, s->name, install_len);
    infa_hover__variant(h, tmp, install_len, si, &first);
    for (size_t i = 0; i < infa_kb_ddinstall_suffix_count(); i++) {
        const infa_kb_ddinstall_suffix *sfx = infa_kb_ddinstall_suffix_at(i);
        size_t sl = strlen(sfx->suffix);
        if (install_len + sl >= sizeof tmp)
            continue;
        memcpy(tmp + install_len, sfx->suffix, sl);
        infa_hover__variant(h, tmp, install_len + sl, si, &first);
    }
    /* The same install section for other platforms. */
    size_t base_len = s->decoration.base_len;
    if (base_len == 0 || base_len > install_len || base_len > 300)
        return;
    memcpy(tmp, s->name, base_len);
    if (base_len != install_len)
        infa_hover__variant(h, tmp, base_len, si, &first);
    for (size_t i = 0; i < infa_kb_platform_count(); i++) {
        const infa_kb_platform *p = infa_kb_platform_at(i);
        size_t dl = strlen(p->decoration);
        if (!p->nt || base_len + dl >= sizeof tmp)
            continue;
        memcpy(tmp + base_len, p->decoration, dl);
        if (base_len + dl == install_len &&
            infa_strncasecmp(tmp, install_len, s->name, install_len) == 0)
            continue;
        infa_hover__variant(h, tmp, base_len + dl, si, &first);
    }
}

static void infa_hover__hkr_targets(hover_ctx *h, const infa_section *s, bool heading);

/* What an unreferenced section looks like, and the line that would
 * reference it from an install section. */
static void infa_hover__guess(hover_ctx *h, const infa_section *s, infa_kind_set guess)
{
    infa_buf *b = &h->md;
    const infa_kb_kind_info *ki = infa_kb_kind_info_get(guess);
    infa_buf_printf(b, "\n\nIt looks like %s %s", infa_hover__article(infa_kind_name(guess)),
                    infa_kind_name(guess));
    infa_buf_append_str(b, ki && ki->description ? ": " : ".");
    if (ki && ki->description)
        infa_buf_append_str(b, ki->description);
    const infa_kb_directive *d = infa_kb_directive_listing(guess, INFA_KIND_DDINSTALL);
    if (d)
        infa_buf_printf(b, "\n\nTo use it, reference it from an install section: `%s=%.*s`.",
                        d->name, (int)s->name_len, s->name);
}

static void infa_hover__section(hover_ctx *h, uint32_t si)
{
    const infa_section *s = infa_model_section(h->m, si);
    if (!s)
        return;
    infa_buf *b = &h->md;
    infa_buf_printf(b, "**[%.*s]**", (int)s->name_len, s->name);
    infa_kind_set guess = infa_model_inferred_kind(h->m, si);
    if (s->kinds) {
        infa_buf_append_str(b, " — ");
        infa_hover__kinds(b, s->kinds, 6);
    } else if (s->refs_in_count == 0) {
        infa_buf_append_str(b, " — not referenced yet: no directive or section names it");
    } else {
        infa_buf_append_str(b, " — a section of unknown kind");
    }
    if (guess)
        infa_hover__guess(h, s, guess);
    const infa_kb_section *sys = infa_hover__system_section(s);
    if (sys) {
        if (sys->syntax)
            infa_buf_printf(b, "\n\n```inf\n%s\n```", sys->syntax);
        if (sys->description)
            infa_buf_printf(b, "\n\n%s", sys->description);
    }
    size_t described = 0;
    for (infa_kind_set set = s->kinds, k; (k = infa_kind_next(&set)) && described < 3;) {
        const infa_kb_kind_info *ki = infa_kb_kind_info_get(k);
        if (!ki || !ki->description || (sys && sys->kind == k))
            continue;
        infa_buf_printf(b, "\n\n*%s:* %s", ki->name, ki->description);
        described++;
    }
    if (s->block_count > 1) {
        infa_buf_printf(b, "\n\nDefined in %u blocks (lines", s->block_count);
        for (uint32_t i = 0; i < s->block_count && i < 8; i++) {
            const infa_block *blk = infa_model_block(h->m, s->blocks[i]);
            if (blk)
                infa_buf_printf(b, "%s %u", i ? "," : "", blk->header_row + 1);
        }
        infa_buf_append_str(b, s->block_count > 8 ? ", …); their lines are merged."
                                                  : "); their lines are merged.");
    }
    infa_hover__refs_in(h, s);
    if (s->kinds & INFA_KIND_ANY_DDINSTALL)
        infa_hover__ddinstall_variants(h, si, s);
    if (s->kinds & (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY))
        infa_hover__hkr_targets(h, s, true);
    const char *url = sys ? sys->url : NULL;
    for (infa_kind_set set = s->kinds ? s->kinds : guess, k; !url && (k = infa_kind_next(&set));) {
        const infa_kb_kind_info *ki = infa_kb_kind_info_get(k);
        if (ki)
            url = ki->url;
    }
    infa_hover__link(b, "Documentation", url);
}

/* ---- Directives ------------------------------------------------------------- */

static void infa_hover__directive_row(hover_ctx *h, const infa_kb_directive *d)
{
    infa_buf *b = &h->md;
    infa_buf_printf(b, "**%s**", d->name);
    if (d->syntax)
        infa_buf_printf(b, "\n\n```inf\n%s\n```", d->syntax);
    if (d->description)
        infa_buf_printf(b, "\n\n%s", d->description);
    if (d->where) {
        infa_buf_append_str(b, "\n\n**Where:** ");
        infa_hover__kinds(b, d->where, 12);
    }
    if (d->values && d->values[0]) {
        infa_buf_append_str(b, "\n\n**Values:**");
        for (size_t i = 0; d->values[i]; i++)
            infa_buf_printf(b, "%s `%s`", i ? "," : "", d->values[i]);
    }
    if (d->value_table) {
        const infa_kb_const_table *t = infa_kb_consts((infa_kb_consts_id)d->value_table);
        if (t && t->title)
            infa_buf_printf(b, "\n\nField %u takes %s.", d->value_field, t->title);
    }
    if (d->min_build)
        infa_buf_printf(b, "\n\n**Since:** Windows build %u.", d->min_build);
    if (d->flags & INFA_KB_F_REQUIRED)
        infa_buf_append_str(b, "\n\n**Required** where it may appear.");
    if (d->flags & INFA_KB_F_DDINSTALL_DIRECT)
        infa_buf_append_str(b, "\n\nCounts only when written directly in the DDInstall section.");
    if (d->flags & INFA_KB_F_FIRST_ONLY)
        infa_buf_append_str(b, " Only the first occurrence counts.");
    if (d->flags & INFA_KB_F_NOT_UNIVERSAL)
        infa_buf_append_str(b, "\n\n**Not valid** in universal INFs or Windows Drivers.");
    if (d->flags & INFA_KB_F_UNSIGNABLE_22H2)
        infa_buf_append_str(b,
                            "\n\n**Not signable** by Hardware Dev Center since Windows 11 22H2.");
    if (d->flags & INFA_KB_F_DEPRECATED)
        infa_buf_append_str(b, "\n\n**Deprecated.**");
    if (d->flags & INFA_KB_F_DISCOURAGED)
        infa_buf_append_str(b, "\n\n**Avoid:** should not be used.");
    if (d->flags & INFA_KB_F_SYSTEM_ONLY)
        infa_buf_append_str(b, "\n\nReserved for system INFs.");
    infa_hover__link(b, "Documentation", d->url);
}

/* ---- Numeric constants ------------------------------------------------------ */

static void infa_hover__consts(hover_ctx *h, const char *what, infa_kb_consts_id id,
                               const infa_field *f)
{
    const infa_kb_const_table *t = infa_kb_consts(id);
    long long v;
    if (!t || !infa_parse_number(h->m, f, &v) || v < 0 || v > 0xFFFFFFFFLL)
        return;
    uint32_t value = (uint32_t)v;
    infa_buf *b = &h->md;
    infa_buf_printf(b, "**%s** `0x%X` (%u)", what ? what : t->title, value, value);
    const infa_kb_const *exact = infa_kb_const_find(id, value);
    if (exact) {
        infa_buf_printf(b, " = `%s`", exact->name);
        if (exact->description)
            infa_buf_printf(b, "\n\n%s", exact->description);
        if (exact->header_only)
            infa_buf_append_str(b, "\n\nDefined in headers but not documented for INF use.");
    } else if (t->bitmask) {
        const infa_kb_const *bits[32];
        uint32_t unknown = 0;
        size_t n = infa_kb_const_decode(id, value, bits, 32, &unknown);
        if (n)
            infa_buf_append_str(b, " =");
        for (size_t i = 0; i < n; i++)
            infa_buf_printf(b, "%s `%s`", i ? " |" : "", bits[i]->name);
        for (size_t i = 0; i < n; i++)
            if (bits[i]->description)
                infa_buf_printf(b, "\n- `%s`: %s", bits[i]->name, bits[i]->description);
        if (unknown)
            infa_buf_printf(b, "\n\n**Unknown bits:** `0x%X`", unknown);
    } else {
        infa_buf_printf(b, "\n\nNot one of the %s.", t->title);
    }
    infa_hover__link(b, t->title, t->url);
}

/* ---- AddReg ----------------------------------------------------------------- */

/* What HKR means for the registry section `s`, from the kinds of every
 * section whose directives name it. */
static void infa_hover__hkr_targets(hover_ctx *h, const infa_section *s, bool heading)
{
    infa_buf *b = &h->md;
    const infa_kb_hkr_target *seen[16];
    size_t nseen = 0;
    bool any = false;
    for (uint32_t i = 0; i < s->refs_in_count; i++) {
        const infa_ref *r = infa_model_ref(h->m, s->refs_in[i]);
        const infa_section *from = r ? infa_model_section(h->m, r->from_section) : NULL;
        if (!from)
            continue;
        for (size_t t = 0; t < infa_kb_hkr_target_count(); t++) {
            const infa_kb_hkr_target *row = infa_kb_hkr_target_at(t);
            if (!(row->from & from->kinds))
                continue;
            bool dup = false;
            for (size_t j = 0; j < nseen; j++)
                dup |= seen[j] == row;
            if (dup)
                continue;
            if (nseen < 16)
                seen[nseen++] = row;
            if (!any)
                infa_buf_append_str(b, heading ? "\n\n**HKR here means:**" : "");
            any = true;
            infa_buf_printf(b, "\n- the **%s** (via `%s` in `[%.*s]`, line %u)", row->key,
                            r->directive ? r->directive : "reference", (int)from->name_len,
                            from->name, infa_hover__row_of_line(h->m, r->line));
            if (row->not_allowed)
                infa_buf_append_str(b, " — **HKR may not be used from there**");
            if (row->description)
                infa_buf_printf(b, ": %s", row->description);
            if (row->apis)
                infa_buf_printf(b, " Run-time access: %s.", row->apis);
        }
    }
    if (!any && !heading && s->refs_in_count > 0)
        infa_buf_append_str(b, "\n\nThe sections that name this registry section are not "
                               "reached from any install section, so the key HKR stands for "
                               "is not known.");
    else if (!any && !heading)
        infa_buf_append_str(b, "\n\nNo section references this registry section, so the key HKR "
                               "stands for is not known.");
}

static const char *infa_hover__field_text(const infa_field *f, size_t *len)
{
    *len = f ? f->value_len : 0;
    return f ? f->value : "";
}

static void infa_hover__addreg_root(hover_ctx *h, const infa_section *s, const infa_addreg *ar)
{
    size_t len;
    const char *name = infa_hover__field_text(ar->root_f, &len);
    const infa_kb_reg_root *root = infa_kb_reg_root_find(name, len);
    infa_buf *b = &h->md;
    if (!root) {
        infa_buf_printf(b, "**%.*s** — not a registry root.", (int)len, name);
        return;
    }
    infa_buf_printf(b, "**%s**", root->name);
    if (root->long_name)
        infa_buf_printf(b, " — %s", root->long_name);
    if (root->description)
        infa_buf_printf(b, "\n\n%s", root->description);
    if (!root->global) {
        infa_buf_append_str(b, "\n\n**Here HKR is:**");
        infa_hover__hkr_targets(h, s, false);
    } else if (infa_hover__isolated(h)) {
        infa_buf_append_str(b, "\n\n**Not allowed** in isolated driver packages: only HKR may "
                               "be written.");
    }
    if (ar->subkey_f && ar->subkey_f->value_len) {
        const infa_kb_global_reg *g = infa_kb_global_reg_match(
            name, len, ar->subkey_f->value, ar->subkey_f->value_len,
            ar->name_f ? ar->name_f->value : "", ar->name_f ? ar->name_f->value_len : 0);
        if (g && g->replacement) {
            infa_buf_printf(b, "\n\n**Instead:** %s", g->replacement);
            infa_hover__link(b, "Documentation", g->url);
        }
    }
}

static void infa_hover__addreg_flags(hover_ctx *h, const infa_addreg *ar)
{
    infa_buf *b = &h->md;
    if (!ar->flags_valid) {
        infa_buf_append_str(b, "**AddReg flags** — not a number.");
        return;
    }
    infa_kb_addreg_decoded d;
    infa_kb_addreg_flags_decode(ar->flags, &d);
    infa_buf_printf(b, "**AddReg flags** `0x%08X`", ar->flags);
    if (d.type_status == INFA_ADDREG_TYPE_KNOWN && d.type_flag)
        infa_buf_printf(b, " → `%s`", d.type_flag->name);
    for (size_t i = 0; i < d.mod_count; i++)
        infa_buf_printf(b, " | `%s`", d.mods[i]->name);
    /* KEYONLY writes a key and no value, so a value type means nothing. */
    const infa_kb_addreg_flag *keyonly = infa_kb_addreg_flag_find_name("FLG_ADDREG_KEYONLY", 18);
    bool key_only = keyonly && (ar->flags & keyonly->value);
    if (key_only)
        infa_buf_append_str(b, " → key only, no value is written");
    else if (d.reg_type && d.type_status == INFA_ADDREG_TYPE_KNOWN)
        infa_buf_printf(b, " → %s", d.reg_type);
    if (d.type_status == INFA_ADDREG_TYPE_CUSTOM)
        infa_buf_printf(b, " → custom registry type `0x%X`, data written as binary bytes",
                        d.custom_type);
    /* addreg.md §4.2: with the binary bit the high word is a raw type,
     * which cannot name the text types; without it only 0, 1 and 2 mean
     * anything. */
    if (d.type_status == INFA_ADDREG_TYPE_INVALID && (d.type_bits & 1u))
        infa_buf_printf(b,
                        "\n\n**Invalid type part** `0x%08X`: a custom type (binary bit set) "
                        "cannot name registry type %u, which is a string type; use the "
                        "matching `FLG_ADDREG_TYPE_*` value instead (InfVerif 1263).",
                        d.type_bits, d.type_bits >> 16);
    else if (d.type_status == INFA_ADDREG_TYPE_INVALID)
        infa_buf_printf(b,
                        "\n\n**Invalid type part** `0x%08X`: without the binary bit only "
                        "0x0000, 0x0001 and 0x0002 are types; a custom type needs "
                        "`FLG_ADDREG_BINVALUETYPE` (InfVerif 1264).",
                        d.type_bits);
    /* Other names with exactly this number (aliases, the type mask), but
     * not a modifier already listed. */
    for (size_t i = 0; i < infa_kb_addreg_flag_count(); i++) {
        const infa_kb_addreg_flag *f = infa_kb_addreg_flag_at(i);
        bool listed = f == d.type_flag;
        for (size_t k = 0; k < d.mod_count && !listed; k++)
            listed = d.mods[k] == f;
        if (f->value == ar->flags && !listed)
            infa_buf_printf(b, "\n\nAlso named `%s`.", f->name);
    }
    if (d.type_flag && d.type_flag->description)
        infa_buf_printf(b, "\n\n- `%s`: %s", d.type_flag->name, d.type_flag->description);
    for (size_t i = 0; i < d.mod_count; i++) {
        const infa_kb_addreg_flag *m = d.mods[i];
        infa_buf_printf(b, "\n- `%s`", m->name);
        if (m->description)
            infa_buf_printf(b, ": %s", m->description);
        if (m->rejected_isolated && infa_hover__isolated(h))
            infa_buf_append_str(b, " **Rejected in isolated driver packages.**");
    }
    if (d.unknown_bits)
        infa_buf_printf(b, "\n\n**Unknown bits:** `0x%X`", d.unknown_bits);
    if (d.append_without_multi)
        infa_buf_append_str(b, "\n\n**Append needs a multi-string type.**");
    if (d.conflicting)
        infa_buf_append_str(b, "\n\n**Contradictory modifier bits.**");
}

static void infa_hover__addreg_value(hover_ctx *h, const infa_addreg *ar, const infa_field *f)
{
    infa_buf *b = &h->md;
    infa_buf_append_str(b, "**Value**");
    if (ar->flags_valid || !ar->flags_present) {
        infa_kb_addreg_decoded d;
        infa_kb_addreg_flags_decode(ar->flags_present ? ar->flags : 0, &d);
        if (d.reg_type)
            infa_buf_printf(b, " (%s)", d.reg_type);
    }
    size_t n = 0;
    char *x = infa_model_expand(h->m, f->value, f->value_len, &n);
    infa_buf_append_str(b, "\n\n");
    infa_hover__value_text(b, x, n);
    free(x);
}

static void infa_hover__addreg_name(hover_ctx *h, const infa_addreg *ar, const infa_field *f)
{
    const infa_kb_hkr_value *v = NULL;
    if (ar->root == INFA_ROOT_HKR)
        v = infa_kb_hkr_value_find(f->value, f->value_len);
    if (!v)
        return;
    infa_buf *b = &h->md;
    infa_buf_printf(b, "**%s**", v->name);
    if (v->reg_type)
        infa_buf_printf(b, " (%s)", v->reg_type);
    if (v->example)
        infa_buf_printf(b, "\n\n```inf\n%s\n```", v->example);
    if (v->description)
        infa_buf_printf(b, "\n\n%s", v->description);
    if (v->rejected_isolated && infa_hover__isolated(h))
        infa_buf_append_str(b, "\n\n**Rejected in isolated driver packages.**");
}

static void infa_hover__registry_line(hover_ctx *h, const infa_section *s, const infa_line *line,
                                      uint32_t fi)
{
    const infa_field *f = &line->fields[fi];
    h->span = f->span;
    infa_kb_consts_id table = infa_kb_line_field_consts(s->kinds & ~INFA_KIND_ADD_REGISTRY, fi);
    if (table != INFA_KB_CONSTS_NONE && !(s->kinds & INFA_KIND_ADD_REGISTRY)) {
        infa_hover__consts(h, NULL, table, f);
        return;
    }
    infa_addreg ar;
    if (!infa_addreg_parse(h->m, line, &ar))
        return;
    if (fi == 0)
        infa_hover__addreg_root(h, s, &ar);
    else if (fi == 2)
        infa_hover__addreg_name(h, &ar, f);
    else if (fi == 3 && (s->kinds & INFA_KIND_ADD_REGISTRY))
        infa_hover__addreg_flags(h, &ar);
    else if (fi == 4 && ar.name_f &&
             infa_kb_hkr_value_consts(ar.name_f->value, ar.name_f->value_len) !=
                 INFA_KB_CONSTS_NONE)
        infa_hover__consts(h, NULL,
                           infa_kb_hkr_value_consts(ar.name_f->value, ar.name_f->value_len), f);
    else if (fi >= 4 && (s->kinds & INFA_KIND_ADD_REGISTRY))
        infa_hover__addreg_value(h, &ar, f);
}

/* ---- Lines ------------------------------------------------------------------ */

static bool infa_hover__ref_field(const infa_kb_section_ref *r, uint32_t fi, uint32_t count)
{
    if (!r->kind && !(r->flags & INFA_KB_REF_SAME_KIND))
        return false;
    if (r->field == 0)
        return true;
    if (r->field == INFA_KB_REF_FIELD_LAST)
        return fi + 1 == count;
    return r->field == fi + 1;
}

static void infa_hover__section_ref(hover_ctx *h, const infa_field *f)
{
    if (f->empty || (f->value_len && f->value[0] == '@'))
        return;
    uint32_t t = infa_hover__find_decorated(h->m, f->value, f->value_len);
    h->span = f->span;
    if (t != INFA_NONE)
        infa_hover__section(h, t);
    else
        infa_buf_printf(&h->md, "**[%.*s]** — no section of this name in this file.",
                        (int)f->value_len, f->value);
}

/* The inbox-INF row an Include or Needs value names (the INF itself, or
 * one of the sections it provides), or NULL. */
static const infa_kb_inbox_binary *infa_hover__inbox(const infa_field *f)
{
    for (size_t i = 0; i < infa_kb_inbox_binary_count(); i++) {
        const infa_kb_inbox_binary *b = infa_kb_inbox_binary_at(i);
        if (infa_streq_nocase(f->value, f->value_len, b->include_inf))
            return b;
        for (size_t n = 0; b->needs && b->needs[n]; n++)
            if (infa_streq_nocase(f->value, f->value_len, b->needs[n]))
                return b;
    }
    return NULL;
}

static void infa_hover__inbox_row(hover_ctx *h, const infa_kb_inbox_binary *b)
{
    infa_buf *md = &h->md;
    infa_buf_printf(md, "\n\nInbox INF `%s`, which installs `%s`.", b->include_inf, b->binary);
    if (b->needs && b->needs[0]) {
        infa_buf_append_str(md, " Its sections for `Needs`:");
        for (size_t n = 0; b->needs[n]; n++)
            infa_buf_printf(md, "%s `%s`", n ? "," : "", b->needs[n]);
        infa_buf_append_str(md, ".");
    }
    if (b->description)
        infa_buf_printf(md, "\n\n%s", b->description);
    if (b->min_build)
        infa_buf_printf(md, "\n\n**Since:** Windows build %u.", b->min_build);
    infa_hover__link(md, "Documentation", b->url);
}

static void infa_hover__value_field(hover_ctx *h, const infa_section *s, const infa_line *line,
                                    uint32_t fi)
{
    const infa_field *f = &line->fields[fi];
    infa_kind_set kinds = s ? s->kinds : 0;
    h->span = f->span;
    if ((kinds & INFA_KIND_DESTINATION_DIRS) && fi == 0) {
        infa_destdir dd;
        if (infa_destdir_parse(h->m, line, &dd) && dd.dirid_valid)
            infa_hover__dirid(h, dd.dirid);
        return;
    }
    if ((kinds & (INFA_KIND_REGISTER_DLLS | INFA_KIND_UNREGISTER_DLLS)) && fi == 0) {
        long long v;
        if (infa_parse_number(h->m, f, &v))
            infa_hover__dirid(h, (long)v);
        return;
    }
    if (s && (kinds & (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY)) &&
        !line->has_key) {
        infa_hover__registry_line(h, s, line, fi);
        return;
    }
    infa_kb_consts_id positional = infa_kb_line_field_consts(kinds, fi);
    if (!line->has_key && positional != INFA_KB_CONSTS_NONE) {
        infa_hover__consts(h, NULL, positional, f);
        return;
    }
    if (line->has_key) {
        const infa_kb_directive *d =
            infa_hover__directive(line->key.value, line->key.value_len, kinds);
        if (d) {
            if (d->value_table && d->value_field == fi + 1) {
                infa_hover__consts(h, d->name, (infa_kb_consts_id)d->value_table, f);
                return;
            }
            const infa_kb_inbox_binary *inbox = infa_hover__inbox(f);
            for (size_t i = 0; i < 2; i++) {
                if (infa_hover__ref_field(&d->refs[i], fi, line->field_count)) {
                    if (d->refs[i].flags & INFA_KB_REF_EXTERNAL &&
                        infa_model_find_section(h->m, f->value, f->value_len) == INFA_NONE) {
                        infa_buf_printf(&h->md,
                                        "**[%.*s]** — a section of an included INF, processed "
                                        "through `%s`.",
                                        (int)f->value_len, f->value, d->name);
                        if (inbox)
                            infa_hover__inbox_row(h, inbox);
                        return;
                    }
                    infa_hover__section_ref(h, f);
                    return;
                }
            }
            if (inbox) { /* Include=WUDFRD.inf */
                infa_buf_printf(&h->md, "**%s**", inbox->include_inf);
                infa_hover__inbox_row(h, inbox);
                return;
            }
            for (size_t i = 0; d->values && d->values[i]; i++) {
                if (infa_streq_nocase(f->value, f->value_len, d->values[i])) {
                    infa_buf_printf(&h->md, "`%s` — a value of ", d->values[i]);
                    break;
                }
            }
            /* Any other value: what the directive it belongs to does. */
            infa_hover__directive_row(h, d);
            return;
        }
    }
    const infa_kb_line_ref *lr = kinds ? infa_kb_line_ref_find(kinds) : NULL;
    if (lr && infa_hover__ref_field(&lr->ref, fi, line->field_count))
        infa_hover__section_ref(h, f);
}

static void infa_hover__key(hover_ctx *h, const infa_section *s, const infa_line *line,
                            const char *name, size_t len)
{
    infa_kind_set kinds = s ? s->kinds : 0;
    if (kinds & INFA_KIND_STRINGS) {
        infa_hover__strkey_defs(h, name, len);
        return;
    }
    const infa_kb_line_ref *lr = kinds ? infa_kb_line_ref_find(kinds) : NULL;
    if (lr && lr->key_kind && !(lr->except_key && infa_streq_nocase(name, len, lr->except_key))) {
        uint32_t t = infa_model_find_section(h->m, name, len);
        if (t != INFA_NONE) {
            infa_hover__section(h, t);
            return;
        }
    }
    if (!line->has_key &&
        (kinds & (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY))) {
        infa_hover__registry_line(h, s, line, 0);
        return;
    }
    const infa_kb_directive *d = infa_hover__directive(name, len, kinds);
    if (d)
        infa_hover__directive_row(h, d);
}

/* Fields whose text is a number once %strkey% tokens are expanded
 * (`%REG_DWORD%` in AddReg flags, `%SERVICE_DEMAND_START%`). */
static bool infa_hover__numeric_field(const infa_section *s, const infa_line *line, uint32_t fi)
{
    infa_kind_set kinds = s ? s->kinds : 0;
    if (!line->has_key)
        return (fi == 3 && (kinds & INFA_KIND_ADD_REGISTRY)) ||
               infa_kb_line_field_consts(kinds, fi) != INFA_KB_CONSTS_NONE;
    const infa_kb_directive *d = infa_hover__directive(line->key.value, line->key.value_len, kinds);
    return d && d->value_table && d->value_field == fi + 1;
}

/* ---- Entry point ------------------------------------------------------------ */

/* A stampinf token under the cursor (.inx templates): what the build puts
 * there. Tokens sit inside section names, keys and values alike, so the
 * line's text is searched rather than the model. */
static bool infa_hover__stampinf(hover_ctx *h)
{
    size_t len;
    const char *text = infa_document_text(h->doc, &len);
    infa_point p = infa_document_point_at(h->doc, h->byte);
    uint32_t start = infa_document_line_start(h->doc, p.row);
    uint32_t end = infa_document_line_end(h->doc, p.row);
    for (uint32_t i = start; i < end; i++) {
        if (text[i] != '$')
            continue;
        const infa_kb_stampinf_token *t = infa_kb_stampinf_token_at(text + i, end - i);
        if (!t)
            continue;
        uint32_t tend = i + (uint32_t)strlen(t->token);
        if (h->byte >= i && h->byte <= tend) {
            infa_buf_printf(&h->md, "**%s** (stampinf token)\n\n%s\n\n[stampinf](%s)", t->token,
                            t->what, infa_kb_stampinf_docs());
            h->span.start = i;
            h->span.end = tend;
            return true;
        }
        i = tend - 1;
    }
    return false;
}

infa_hover *infa_document_hover(infa_document *doc, const infa_config *config, uint32_t byte)
{
    hover_ctx h = {.doc = doc, .byte = byte};
    h.m = infa_document_model(doc);
    h.profile = config ? infa_config_profile(config) : INFA_PROFILE_ISOLATED;
    h.span.start = h.span.end = byte;

    infa_location loc = infa_model_locate(h.m, byte);
    if (loc.in_comment)
        return NULL;
    if (infa_hover__stampinf(&h))
        goto done;
    uint32_t si = loc.section;
    const infa_section *s = si != INFA_NONE ? infa_model_section(h.m, si) : NULL;
    /* A section nothing references yet reads as the kind it looks like, so
     * `HKR` in a new [Extra_Reg] still explains itself. A copy: the model
     * keeps no guess. */
    infa_section guessed;
    if (s && !s->kinds) {
        guessed = *s;
        guessed.kinds = infa_model_inferred_kind(h.m, si);
        s = &guessed;
    }

    if (loc.token) {
        infa_hover__token(&h, loc.token);
        const infa_line *line = loc.line != INFA_NONE ? infa_model_line(h.m, loc.line) : NULL;
        uint32_t fi = line ? infa_hover__field_at(line, byte) : INFA_NONE;
        if (loc.token->kind == INFA_TOKEN_STRKEY && fi != INFA_NONE &&
            infa_hover__numeric_field(s, line, fi)) {
            infa_span token_span = h.span;
            size_t before = h.md.len;
            infa_buf_append_str(&h.md, "\n\n---\n\n");
            size_t sep = h.md.len;
            infa_hover__value_field(&h, s, line, fi);
            if (h.md.len == sep) /* nothing decoded: drop the separator */
                h.md.data[h.md.len = before] = 0;
            h.span = token_span;
        }
    } else if (loc.in_header && si != INFA_NONE) {
        const infa_block *blk = loc.block != INFA_NONE ? infa_model_block(h.m, loc.block) : NULL;
        if (blk)
            h.span = byte >= blk->name_span.start && byte <= blk->name_span.end ? blk->name_span
                                                                                : blk->header;
        infa_hover__section(&h, si);
    } else if (loc.line != INFA_NONE) {
        const infa_line *line = infa_model_line(h.m, loc.line);
        const char *name = NULL;
        size_t len = 0;
        infa_span key_span = {0, 0};
        bool named = infa_hover__line_name(line, &name, &len, &key_span);
        if (line->has_key && byte >= line->key.span.start && byte <= line->key.span.end) {
            h.span = key_span;
            infa_hover__key(&h, s, line, name, len);
        } else {
            uint32_t fi = infa_hover__field_at(line, byte);
            if (fi != INFA_NONE && !line->has_key && named && line->field_count == 1 &&
                !(s && (s->kinds &
                        (INFA_KIND_ADD_REGISTRY | INFA_KIND_DEL_REGISTRY | INFA_KIND_BIT_REGISTRY |
                         INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES)))) {
                /* A bare keyword line such as `Reboot`. */
                h.span = key_span;
                infa_hover__key(&h, s, line, name, len);
            } else if (fi != INFA_NONE) {
                infa_hover__value_field(&h, s, line, fi);
            }
        }
    }
done:
    /* Past a header's `]` or on a line terminator there is nothing under
     * the cursor, even when the model places it on that line. */
    if (h.md.len == 0 || byte < h.span.start || byte > h.span.end) {
        infa_buf_free(&h.md);
        return NULL;
    }
    infa_hover *hv = infa_xcalloc(1, sizeof(*hv));
    hv->markdown = infa_buf_take(&h.md);
    hv->range = infa_document_range(doc, h.span.start, h.span.end);
    return hv;
}

void infa_hover_delete(infa_hover *hover)
{
    if (!hover)
        return;
    free(hover->markdown);
    free(hover);
}

const char *infa_hover_markdown(const infa_hover *hover)
{
    return hover ? hover->markdown : "";
}

infa_range infa_hover_range(const infa_hover *hover)
{
    infa_range r = {0};
    return hover ? hover->range : r;
}
