#include "infa_encoding.h"

#include "util.h"

#include <stdint.h>
#include <string.h>

/* Windows-1252 bytes 0x80..0x9F. The five bytes it leaves undefined map to
 * the C1 control with the same value so that every byte round-trips. */
static const uint16_t infa_encoding__cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

const char *infa_encoding_name(infa_encoding kind)
{
    switch (kind) {
    case INFA_ENCODING_UTF16LE:
        return "UTF-16LE";
    case INFA_ENCODING_UTF16BE:
        return "UTF-16BE";
    case INFA_ENCODING_UTF8_BOM:
        return "UTF-8 with BOM";
    case INFA_ENCODING_UTF8:
        return "UTF-8";
    case INFA_ENCODING_CP1252:
        return "Windows-1252";
    }
    return "unknown";
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is malformed.
 * With allow_surrogates, the 3-byte forms of U+D800..U+DFFF (WTF-8) count
 * as valid. *cp receives the code point. */
static size_t infa_encoding__utf8_seq(const unsigned char *s, size_t len, bool allow_surrogates,
                                      uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t v, min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF)
        return 0;
    if (v >= 0xD800 && v <= 0xDFFF && !allow_surrogates)
        return 0;
    *cp = v;
    return n;
}

static bool infa_encoding__valid_utf8(const unsigned char *s, size_t len, bool *non_ascii)
{
    size_t i = 0;
    uint32_t cp;

    *non_ascii = false;
    while (i < len) {
        size_t n = infa_encoding__utf8_seq(s + i, len - i, false, &cp);
        if (n == 0)
            return false;
        if (n > 1)
            *non_ascii = true;
        i += n;
    }
    return true;
}

static void infa_encoding__put_utf8(infa_buf *out, uint32_t cp)
{
    char b[4];
    size_t n;

    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    infa_buf_append(out, b, n);
}

/* UTF-16 without a BOM: the first characters are all in the ASCII range
 * with a zero high byte, and most of them are not NUL. Demands enough
 * evidence that a UTF-8 or ANSI file never matches. */
static bool infa_encoding__looks_utf16(const unsigned char *s, size_t len, bool big_endian)
{
    size_t units = len / 2, nonzero = 0;
    if (units < 2)
        return false;
    if (units > 64)
        units = 64;
    for (size_t i = 0; i < units; i++) {
        unsigned char lo = s[2 * i + (big_endian ? 1 : 0)];
        unsigned char hi = s[2 * i + (big_endian ? 0 : 1)];
        if (hi != 0 || lo >= 0x80)
            return false;
        nonzero += lo != 0;
    }
    return s[big_endian ? 1 : 0] != 0 && nonzero * 2 > units;
}

infa_text_encoding infa_encoding_detect(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    infa_text_encoding enc = {INFA_ENCODING_UTF8, false, false, false, 0};

    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        enc.kind = INFA_ENCODING_UTF16LE;
        enc.bom = true;
    } else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        enc.kind = INFA_ENCODING_UTF16BE;
        enc.bom = true;
    } else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        enc.kind = INFA_ENCODING_UTF8_BOM;
        enc.bom = true;
        bool non_ascii = false;
        (void)infa_encoding__valid_utf8(s + 3, len - 3, &non_ascii);
        enc.non_ascii = non_ascii;
        for (size_t i = 3; i < len && !enc.non_ascii; i++)
            enc.non_ascii = s[i] >= 0x80;
        return enc;
    } else if (infa_encoding__looks_utf16(s, len, false)) {
        enc.kind = INFA_ENCODING_UTF16LE;
    } else if (infa_encoding__looks_utf16(s, len, true)) {
        enc.kind = INFA_ENCODING_UTF16BE;
    } else {
        bool non_ascii = false;
        if (infa_encoding__valid_utf8(s, len, &non_ascii)) {
            enc.non_ascii = non_ascii;
        } else {
            enc.kind = INFA_ENCODING_CP1252;
            enc.non_ascii = true;
        }
        return enc;
    }

    /* UTF-16: note the odd byte and whether anything is beyond ASCII. */
    size_t start = enc.bom ? 2 : 0;
    bool be = enc.kind == INFA_ENCODING_UTF16BE;
    if ((len - start) % 2 != 0) {
        enc.has_trailing_byte = true;
        enc.trailing_byte = s[len - 1];
    }
    for (size_t i = start; i + 1 < len; i += 2) {
        unsigned unit = be ? (unsigned)(s[i] << 8 | s[i + 1]) : (unsigned)(s[i + 1] << 8 | s[i]);
        if (unit >= 0x80) {
            enc.non_ascii = true;
            break;
        }
    }
    return enc;
}

static void infa_encoding__decode_utf16(infa_buf *out, const unsigned char *s, size_t len, bool be)
{
    size_t i = 0;
    while (i + 1 < len) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
            uint32_t lo = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                i += 2;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
        }
        /* An unpaired surrogate goes out as WTF-8 so that it comes back. */
        infa_encoding__put_utf8(out, u);
    }
}

char *infa_text_decode(const char *bytes, size_t len, infa_text_encoding *enc_out, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    infa_text_encoding enc = infa_encoding_detect(bytes, len);
    infa_buf out = {0};

    switch (enc.kind) {
    case INFA_ENCODING_UTF16LE:
    case INFA_ENCODING_UTF16BE: {
        size_t start = enc.bom ? 2 : 0;
        size_t body = len - start - (enc.has_trailing_byte ? 1 : 0);
        infa_encoding__decode_utf16(&out, s + start, body, enc.kind == INFA_ENCODING_UTF16BE);
        break;
    }
    case INFA_ENCODING_UTF8_BOM:
        infa_buf_append(&out, bytes + 3, len - 3);
        break;
    case INFA_ENCODING_UTF8:
        infa_buf_append(&out, bytes, len);
        break;
    case INFA_ENCODING_CP1252:
        for (size_t i = 0; i < len; i++) {
            if (s[i] < 0x80)
                infa_buf_append(&out, bytes + i, 1);
            else if (s[i] < 0xA0)
                infa_encoding__put_utf8(&out, infa_encoding__cp1252_high[s[i] - 0x80]);
            else
                infa_encoding__put_utf8(&out, s[i]);
        }
        break;
    }
    if (enc_out)
        *enc_out = enc;
    if (out_len)
        *out_len = out.len;
    return infa_buf_take(&out);
}

static unsigned char infa_encoding__cp1252_byte(uint32_t cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (unsigned char)cp;
    for (unsigned i = 0; i < 32; i++) {
        if (infa_encoding__cp1252_high[i] == cp)
            return (unsigned char)(0x80 + i);
    }
    return '?';
}

static void infa_encoding__put_unit(infa_buf *out, uint32_t unit, bool be)
{
    char b[2];
    b[be ? 0 : 1] = (char)(unit >> 8);
    b[be ? 1 : 0] = (char)(unit & 0xFF);
    infa_buf_append(out, b, 2);
}

char *infa_text_encode(const char *utf8, size_t len, infa_text_encoding enc, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)utf8;
    bool be = enc.kind == INFA_ENCODING_UTF16BE;
    infa_buf out = {0};
    size_t i = 0;
    uint32_t cp;

    switch (enc.kind) {
    case INFA_ENCODING_UTF8_BOM:
        infa_buf_append(&out, "\xEF\xBB\xBF", 3);
        infa_buf_append(&out, utf8, len);
        break;
    case INFA_ENCODING_UTF8:
        infa_buf_append(&out, utf8, len);
        break;
    case INFA_ENCODING_CP1252:
        while (i < len) {
            size_t n = infa_encoding__utf8_seq(s + i, len - i, false, &cp);
            unsigned char b = n ? infa_encoding__cp1252_byte(cp) : '?';
            infa_buf_append(&out, (const char *)&b, 1);
            i += n ? n : 1;
        }
        break;
    case INFA_ENCODING_UTF16LE:
    case INFA_ENCODING_UTF16BE:
        if (enc.bom)
            infa_encoding__put_unit(&out, 0xFEFF, be);
        while (i < len) {
            size_t n = infa_encoding__utf8_seq(s + i, len - i, true, &cp);
            if (n == 0) {
                cp = 0xFFFD;
                n = 1;
            }
            if (cp >= 0x10000) {
                infa_encoding__put_unit(&out, 0xD800 + ((cp - 0x10000) >> 10), be);
                infa_encoding__put_unit(&out, 0xDC00 + ((cp - 0x10000) & 0x3FF), be);
            } else {
                infa_encoding__put_unit(&out, cp, be);
            }
            i += n;
        }
        if (enc.has_trailing_byte)
            infa_buf_append(&out, (const char *)&enc.trailing_byte, 1);
        break;
    }
    if (out_len)
        *out_len = out.len;
    return infa_buf_take(&out);
}
