/*
 * Small helpers shared by the general rules (issue 4). Header-only and
 * file-static so each rule stays one translation unit and nothing leaks into
 * the library's namespace.
 */
#ifndef INFA_GENERAL_HELPERS_H
#define INFA_GENERAL_HELPERS_H

#include "rule.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A field or name with %strkey% expanded. Caller must free with free(). */
static inline char *infa_gen__expand(const infa_model *m, const char *s, size_t len,
                                     size_t *out_len)
{
    if (memchr(s, '%', len) == NULL) {
        *out_len = len;
        return infa_xstrndup(s, len);
    }
    return infa_model_expand(m, s, len, out_len);
}

/* True when c occurs twice in s: a @VAR@ (autoconf) or #VAR# (libwdi)
 * template placeholder. */
static inline bool infa_gen__paired(const char *s, size_t len, char c)
{
    const char *first = memchr(s, c, len);
    return first != NULL && memchr(first + 1, c, len - (size_t)(first + 1 - s)) != NULL;
}

/* Text we cannot judge: an unexpanded %token% (string-token-undefined's business),
 * a stampinf $TOKEN$ of an .inx template, or another template tool's
 * @VAR@ / #VAR# placeholder in a file that is not yet an INF. */
static inline bool infa_gen__opaque(const char *s, size_t len)
{
    return memchr(s, '%', len) != NULL || memchr(s, '$', len) != NULL ||
           infa_gen__paired(s, len, '@') || infa_gen__paired(s, len, '#');
}

/* ASCII lower case; INF names never depend on the locale. */
/* One byte written in hex, as REG_BINARY data and FeatureScore are: an
 * optional 0x, leading zeros, then at most two hex digits (0001 is 1). */
static inline bool infa_gen__hex_byte(const char *s, size_t len)
{
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        len -= 2;
    }
    while (len > 2 && s[0] == '0') {
        s++;
        len--;
    }
    if (len == 0 || len > 2)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

static inline int infa_gen__lower(char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : (unsigned char)c;
}

/* Suggestions ("did you mean") compare a name against every candidate; a file
 * with thousands of misses must not turn that quadratic. Each rule run gets
 * this many comparisons, then stops suggesting. */
#define INFA_GEN_SUGGEST_BUDGET 20000u

/* Case-insensitive Levenshtein distance, capped: returns cap+1 as soon as the
 * answer must exceed cap, so suggestions over big tables stay cheap. */
static inline size_t infa_gen__distance(const char *a, size_t alen, const char *b, size_t blen,
                                        size_t cap)
{
    if ((alen > blen ? alen - blen : blen - alen) > cap)
        return cap + 1;
    if (blen > 255 || alen > 255)
        return cap + 1;
    size_t prev[256], cur[256];
    for (size_t j = 0; j <= blen; j++)
        prev[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= blen; j++) {
            int ca = infa_gen__lower(a[i - 1]);
            int cb = infa_gen__lower(b[j - 1]);
            size_t best = prev[j - 1] + (ca == cb ? 0 : 1);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min > cap)
            return cap + 1;
        memcpy(prev, cur, (blen + 1) * sizeof(prev[0]));
    }
    return prev[blen];
}

/* How far a name may be from a suggestion and still be a plausible typo. */
static inline size_t infa_gen__typo_cap(size_t len)
{
    return len <= 4 ? 1 : len <= 12 ? 2 : 3;
}

/* Length to print of a name taken from the document: a runaway field (a
 * misdecoded file, a missing quote) must not make a message of kilobytes. */
#define INFA_GEN_CLIP(n) ((int)((n) > 120 ? 120 : (n)))

/* The row of a section's first block. */
static inline const infa_block *infa_gen__first_block(const infa_model *m, const infa_section *s)
{
    return infa_model_block(m, s->blocks[0]);
}

/* The whole physical lines from row `first` through the row holding byte
 * `last_byte`, line terminators included: what deleting an entry or a block
 * removes so that no blank line is left behind. */
static inline infa_span infa_gen__rows_span(const infa_model *m, uint32_t first, uint32_t last_byte)
{
    size_t len;
    (void)infa_model_text(m, &len);
    uint32_t last_row = infa_model_row_at(m, last_byte);
    uint32_t end = infa_model_row_start(m, last_row + 1);
    if (end < last_byte || end > len)
        end = (uint32_t)len;
    infa_span span = {infa_model_row_start(m, first), end};
    return span;
}

/* True when a name (already expanded) is a section of the file. */
static inline bool infa_gen__has_section(const infa_model *m, const char *name, size_t len)
{
    return infa_model_find_section(m, name, len) != INFA_NONE;
}

/* Numbers as SetupAPI's strtoul(base 0) reads them, on already expanded text:
 * optional sign, then decimal or 0x hex, nothing else. */
static inline bool infa_gen__parse_number_text(const char *s, size_t len, long long *out)
{
    size_t i = 0;
    bool neg = false;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i >= len)
        return false;
    unsigned long long v = 0;
    if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        i += 2;
        for (; i < len; i++) {
            if (!isxdigit((unsigned char)s[i]))
                return false;
            int d =
                isdigit((unsigned char)s[i]) ? s[i] - '0' : tolower((unsigned char)s[i]) - 'a' + 10;
            if (v > (UINT64_MAX >> 4))
                return false;
            v = (v << 4) | (unsigned)d;
        }
    } else {
        for (; i < len; i++) {
            if (!isdigit((unsigned char)s[i]))
                return false;
            if (v > (UINT64_MAX - 9) / 10)
                return false;
            v = v * 10 + (unsigned)(s[i] - '0');
        }
    }
    if (v > (unsigned long long)INT64_MAX)
        return false;
    *out = neg ? -(long long)v : (long long)v;
    return true;
}

/* {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, the only GUID form InfVerif
 * accepts. */
static inline bool infa_gen__is_guid(const char *s, size_t len)
{
    if (len != 38 || s[0] != '{' || s[37] != '}')
        return false;
    for (size_t i = 1; i < 37; i++) {
        bool dash = i == 9 || i == 14 || i == 19 || i == 24;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

/* The first line of a section whose key is `key` (case-insensitive), or NULL. */
static inline const infa_line *infa_gen__key_line(const infa_model *m, uint32_t section,
                                                  const char *key)
{
    if (section == INFA_NONE)
        return NULL;
    size_t kl = strlen(key);
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, section, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (l->has_key && infa_streq_nocase(l->key.value, l->key.value_len, key) && kl > 0)
            return l;
    }
    return NULL;
}

/* The [Version] section, or INFA_NONE. */
static inline uint32_t infa_gen__version(const infa_model *m)
{
    return infa_model_find_kind(m, INFA_KIND_VERSION);
}

#endif
