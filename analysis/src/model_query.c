/*
 * Reading the model: rows, accessors, the strings table, %tokens% and
 * cursor location.
 */
#include "model_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- Rows -------------------------------------------------------------------- */

uint32_t infa_model_row_at(const infa_model *m, uint32_t byte)
{
    uint32_t lo = 0, hi = m->lines ? m->lines->count : 0;
    if (hi == 0)
        return 0;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (infa_line_index_start(m->lines, mid) <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t infa_model_row_start(const infa_model *m, uint32_t row)
{
    if (!m->lines || row >= m->lines->count)
        return (uint32_t)m->len;
    return infa_line_index_start(m->lines, row);
}

/* ---- What a rule read -------------------------------------------------------------- */

void infa_model_track(const infa_model *m, infa_model_tracker *tracker)
{
    ((infa_model *)m)->track = tracker;
}

static void infa_model__record(const infa_model *m, uint32_t block)
{
    if (block > m->block_count)
        block = m->block_count; /* INFA_NONE: the preamble */
    infa_model_tracker_add(m->track, block);
}

void infa_model_tracker_add(infa_model_tracker *t, uint32_t block)
{
    if (t->marks[block] == t->stamp)
        return;
    t->marks[block] = t->stamp;
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->touched = infa_xrealloc(t->touched, t->cap * sizeof(*t->touched));
    }
    t->touched[t->count++] = block;
}

static void infa_model__record_all(const infa_model *m)
{
    for (uint32_t b = 0; b <= m->block_count; b++)
        infa_model__record(m, b);
}

static uint64_t infa_model__mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static uint64_t infa_model__mix_bytes(uint64_t h, const char *s, size_t n)
{
    h = infa_model__mix(h, n);
    for (size_t i = 0; i < n; i++)
        h = infa_model__mix(h, (unsigned char)s[i]);
    return h;
}

uint64_t infa_model_preamble_fingerprint(const infa_model *m)
{
    const infa_model__block *p = &m->preamble;
    /* The text before the first block, comments and blank lines
     * included: offsets there do not move with the blocks. */
    infa_model__ensure_cross(m); /* settles the blocks' offsets */
    uint32_t first = m->block_count ? m->blocks[0].pub.span.start : (uint32_t)m->len;
    if (first > m->len)
        first = (uint32_t)m->len;
    uint64_t h = infa_model__mix_bytes(5, m->text, first);
    h = infa_model__mix(h, p->line_count);
    for (uint32_t i = 0; i < p->line_count; i++) {
        const infa_line *l = &p->lines[i];
        uint32_t s = l->span.start, e = l->span.end;
        if (e > m->len)
            e = (uint32_t)m->len;
        if (s > e)
            s = e;
        h = infa_model__mix_bytes(h, m->text + s, e - s);
        h = infa_model__mix(h, l->row);
    }
    h = infa_model__mix(h, p->error_count);
    for (uint32_t i = 0; i < p->error_count; i++) {
        h = infa_model__mix_bytes(h, p->errors[i].message, strlen(p->errors[i].message));
        h = infa_model__mix(h, p->errors[i].span.end - p->errors[i].span.start);
    }
    return h;
}

/* ---- Accessors ---------------------------------------------------------------------- */

uint32_t infa_model_line_count(const infa_model *m)
{
    return m->block_first_line[m->block_count];
}

const infa_line *infa_model_line(const infa_model *m, uint32_t index)
{
    if (index >= m->block_first_line[m->block_count])
        return NULL;
    infa_model__ensure_cross(m);
    if (m->track)
        infa_model__record(m, m->line_ptrs[index]->block);
    return m->line_ptrs[index];
}

uint32_t infa_model_preamble_line_count(const infa_model *m)
{
    if (m->track)
        infa_model__record(m, INFA_NONE);
    return m->preamble.line_count;
}

uint32_t infa_model_block_count(const infa_model *m)
{
    return m->block_count;
}

const infa_block *infa_model_block(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    if (index >= m->block_count)
        return NULL;
    if (m->track)
        infa_model__record(m, index);
    return &m->blocks[index].pub;
}

uint32_t infa_model_section_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    return m->section_count;
}

const infa_section *infa_model_section(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    return index < m->section_count ? &m->sections[index] : NULL;
}

uint32_t infa_model_ref_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    return m->ref_count;
}

const infa_ref *infa_model_ref(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    return index < m->ref_count ? &m->refs[index] : NULL;
}

uint32_t infa_model_find_kind(const infa_model *m, infa_kind_set kind)
{
    infa_model__ensure_cross(m);
    for (uint32_t s = 0; s < m->section_count; s++)
        if (m->sections[s].kinds & kind)
            return s;
    return INFA_NONE;
}

/* How many lines infa_model_inferred_kind reads: a registry section shows
 * itself in its first lines, and a keystroke's hover must not walk a long
 * section. */
#define INFA_MODEL__INFER_LINES 32

infa_kind_set infa_model_inferred_kind(const infa_model *m, uint32_t section)
{
    infa_model__ensure_cross(m);
    if (section >= m->section_count || m->sections[section].kinds)
        return INFA_KIND_UNKNOWN;
    const infa_section *s = &m->sections[section];
    infa_kb_section_split_result split;
    infa_kb_section_split(s->name, s->name_len, &split);
    if (split.suffix)
        return split.suffix->kind;
    const infa_kb_name_hint *hint = infa_kb_name_hint_find(s->name, s->name_len);
    if (hint)
        return hint->kind;
    /* Of the sections authors name, only install sections take .NT
     * decorations. */
    if (split.platform && split.platform->nt)
        return INFA_KIND_DDINSTALL;
    /* `HKR,,Foo,...`: registry lines, which an AddReg section holds far
     * more often than a DelReg or BitReg one. A `key = value` line says it
     * is none of them. */
    bool root = false;
    uint32_t it = 0, li, n = 0;
    while (n++ < INFA_MODEL__INFER_LINES &&
           (li = infa_model_section_next_line(m, section, &it)) != INFA_NONE) {
        const infa_line *l = m->line_ptrs[li];
        if (l->has_key)
            return INFA_KIND_UNKNOWN;
        if (l->field_count > 0 &&
            infa_kb_reg_root_find(l->fields[0].value, l->fields[0].value_len) != NULL)
            root = true;
    }
    return root ? INFA_KIND_ADD_REGISTRY : INFA_KIND_UNKNOWN;
}

uint32_t infa_model_section_next_line(const infa_model *m, uint32_t section, uint32_t *iter)
{
    infa_model__ensure_cross(m);
    if (section >= m->section_count)
        return INFA_NONE;
    const infa_section *s = &m->sections[section];
    /* iter packs (block ordinal << 20 | line within block). */
    for (;;) {
        uint32_t bo = *iter >> 20, li = *iter & 0xFFFFF;
        if (bo >= s->block_count)
            return INFA_NONE;
        const infa_model__block *b = &m->blocks[s->blocks[bo]];
        if (m->track)
            infa_model__record(m, s->blocks[bo]);
        if (li < b->line_count) {
            *iter = (bo << 20) | (li + 1);
            return m->block_first_line[s->blocks[bo]] + li;
        }
        *iter = (bo + 1) << 20;
    }
}

const char *infa_model_text(const infa_model *m, size_t *len)
{
    if (len)
        *len = m->len;
    return m->text;
}

uint32_t infa_model_syntax_error_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    if (m->track)
        infa_model__record_all(m);
    return m->all_error_count;
}

const infa_syntax_error *infa_model_syntax_error(const infa_model *m, uint32_t index)
{
    infa_model__ensure_cross(m);
    return index < m->all_error_count ? &m->all_errors[index] : NULL;
}

/* ---- Strings ------------------------------------------------------------------------ */

static uint32_t infa_model__strkey_find(const infa_model *m, const char *key, size_t len)
{
    if (!m->strkey_hash_cap)
        return INFA_NONE;
    uint32_t mask = m->strkey_hash_cap - 1;
    uint32_t p = infa_hash_nocase(key, len) & mask;
    while (m->strkey_hash[p]) {
        const infa_model__strkey *k = &m->strkeys[m->strkey_hash[p] - 1];
        if (infa_strncasecmp(k->key, k->key_len, key, len) == 0)
            return m->strkey_hash[p] - 1;
        p = (p + 1) & mask;
    }
    return INFA_NONE;
}

uint32_t infa_model_string_defs(const infa_model *m, const char *key, size_t len,
                                const infa_string_def **defs)
{
    infa_model__ensure_cross(m);
    if (m->track) {
        infa_model_tracker *t = m->track;
        if (t->key_count == t->key_cap) {
            t->key_cap = t->key_cap ? t->key_cap * 2 : 16;
            t->keys = infa_xrealloc(t->keys, t->key_cap * sizeof(*t->keys));
        }
        t->keys[t->key_count++] = infa_hash_nocase(key, len);
    }
    uint32_t k = infa_model__strkey_find(m, key, len);
    if (k == INFA_NONE) {
        *defs = NULL;
        return 0;
    }
    *defs = &m->string_defs[m->strkeys[k].first_def];
    return m->strkeys[k].def_count;
}

uint32_t infa_model_string_key_count(const infa_model *m)
{
    infa_model__ensure_cross(m);
    return m->strkey_count;
}

const char *infa_model_string_key(const infa_model *m, uint32_t index, uint32_t *len)
{
    infa_model__ensure_cross(m);
    if (index >= m->strkey_count) {
        *len = 0;
        return NULL;
    }
    *len = m->strkeys[index].key_len;
    return m->strkeys[index].key;
}

static bool infa_model__all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    size_t i = (s[0] == '-') ? 1 : 0;
    if (i == len)
        return false;
    for (; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Characters of a %token% name; the grammar's token_name (and its scanner)
 * accept exactly these, so a '%' followed by anything else is plain text. */
static bool infa_model__token_char(char c)
{
    return c != '%' && c != '"' && c != ',' && c != '\0' && c != ' ' && c != '\t' && c != '\r' &&
           c != '\n' && c != '\f' && c != '\v' && c != 0x1a;
}

/* Length of the %name% token at s[0] == '%', or 0 when it is not one. */
static size_t infa_model__token_len(const char *s, size_t len)
{
    size_t j = 1;
    while (j < len && infa_model__token_char(s[j]))
        j++;
    return (j > 1 && j < len && s[j] == '%') ? j + 1 : 0;
}

char *infa_model_expand(const infa_model *m, const char *value, size_t len, size_t *out_len)
{
    infa_model__ensure_cross(m);
    infa_buf out = {0};
    size_t i = 0;
    while (i < len) {
        if (value[i] != '%') {
            size_t j = i;
            while (j < len && value[j] != '%')
                j++;
            infa_buf_append(&out, value + i, j - i);
            i = j;
            continue;
        }
        if (i + 1 < len && value[i + 1] == '%') {
            infa_buf_append(&out, "%", 1);
            i += 2;
            continue;
        }
        size_t tl = infa_model__token_len(value + i, len - i);
        if (tl == 0) {
            infa_buf_append(&out, "%", 1); /* a lone percent is text */
            i++;
            continue;
        }
        size_t j = i + tl - 1;
        const char *name = value + i + 1;
        size_t nlen = j - i - 1;
        const infa_string_def *defs;
        uint32_t n =
            infa_model__all_digits(name, nlen) ? 0 : infa_model_string_defs(m, name, nlen, &defs);
        if (n > 0)
            infa_buf_append(&out, defs[0].value, defs[0].value_len);
        else
            infa_buf_append(&out, value + i, j + 1 - i);
        i = j + 1;
    }
    if (out_len)
        *out_len = out.len;
    return infa_buf_take(&out);
}

/* ---- Tokens ----------------------------------------------------------------------------- */

uint32_t infa_model_tokens_in(const infa_model *m, infa_span span, const infa_token **tokens)
{
    infa_model *mm = (infa_model *)m;
    uint32_t count = 0;
    const char *t = m->text;
    uint32_t end = span.end > m->len ? (uint32_t)m->len : span.end;
    bool in_quote = false;
    for (uint32_t i = span.start; i < end; i++) {
        if (t[i] == '"') {
            in_quote = !in_quote;
            continue;
        }
        if (t[i] == ';' && !in_quote)
            break;
        if (t[i] != '%')
            continue;
        infa_token tok;
        memset(&tok, 0, sizeof(tok));
        if (i + 1 < end && t[i + 1] == '%') {
            tok.kind = INFA_TOKEN_PERCENT;
            tok.span.start = i;
            tok.span.end = i + 2;
            tok.name.start = tok.name.end = i + 1;
            i++;
        } else {
            size_t tl = infa_model__token_len(t + i, end - i);
            if (tl == 0)
                continue;
            uint32_t j = i + (uint32_t)tl - 1;
            tok.span.start = i;
            tok.span.end = j + 1;
            tok.name.start = i + 1;
            tok.name.end = j;
            if (infa_model__all_digits(t + i + 1, j - i - 1)) {
                tok.kind = INFA_TOKEN_DIRID;
                tok.dirid = strtol(t + i + 1, NULL, 10);
            } else {
                tok.kind = INFA_TOKEN_STRKEY;
            }
            i = j;
        }
        if (count == mm->token_cap) {
            mm->token_cap = mm->token_cap ? mm->token_cap * 2 : 16;
            mm->tokens = infa_xrealloc(mm->tokens, mm->token_cap * sizeof(infa_token));
        }
        mm->tokens[count++] = tok;
    }
    *tokens = mm->tokens;
    return count;
}
