#include "srv_position.h"

const char *srv_encoding_name(srv_encoding enc)
{
    switch (enc) {
    case SRV_ENC_UTF8:
        return "utf-8";
    case SRV_ENC_UTF32:
        return "utf-32";
    case SRV_ENC_UTF16:
    default:
        return "utf-16";
    }
}

size_t srv_utf8_seq_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t min;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
        cp = c & 0x07;
    } else {
        return 1;
    }
    if (avail < n)
        return 1;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 1;
    return n;
}

static uint32_t srv__units_of(size_t seq_len, srv_encoding enc)
{
    switch (enc) {
    case SRV_ENC_UTF8:
        return (uint32_t)seq_len;
    case SRV_ENC_UTF32:
        return 1;
    case SRV_ENC_UTF16:
    default:
        return seq_len == 4 ? 2 : 1;
    }
}

uint32_t srv_units_in(const char *s, size_t len, srv_encoding enc)
{
    if (enc == SRV_ENC_UTF8)
        return (uint32_t)len;
    const unsigned char *p = (const unsigned char *)s;
    uint32_t units = 0;
    size_t i = 0;
    while (i < len) {
        size_t n = srv_utf8_seq_len(p + i, len - i);
        units += srv__units_of(n, enc);
        i += n;
    }
    return units;
}

uint32_t srv_position_to_byte(const infa_document *doc, srv_encoding enc, uint32_t line,
                              uint32_t character)
{
    size_t len;
    const char *text = infa_document_text(doc, &len);
    if (line >= infa_document_line_count(doc))
        return (uint32_t)len;
    uint32_t start = infa_document_line_start(doc, line);
    uint32_t end = infa_document_line_end(doc, line);
    const unsigned char *p = (const unsigned char *)text;
    uint32_t units = 0;
    uint32_t i = start;
    while (i < end) {
        size_t n = srv_utf8_seq_len(p + i, end - i);
        uint32_t u = srv__units_of(n, enc);
        if (enc == SRV_ENC_UTF8) {
            /* A byte column inside a character rounds down to its start. */
            if (units + u > character)
                break;
        } else if (units + u > character) {
            break;
        }
        units += u;
        i += (uint32_t)n;
    }
    return i;
}

uint32_t srv_position_column(const infa_document *doc, srv_encoding enc, infa_point point)
{
    size_t len;
    const char *text = infa_document_text(doc, &len);
    uint32_t start = infa_document_line_start(doc, point.row);
    if (start > len)
        start = (uint32_t)len;
    size_t end = (size_t)start + point.col;
    if (end > len)
        end = len;
    return srv_units_in(text + start, end - start, enc);
}

void srv_position_from_byte(const infa_document *doc, srv_encoding enc, uint32_t byte,
                            uint32_t *line, uint32_t *character)
{
    infa_point p = infa_document_point_at(doc, byte);
    *line = p.row;
    *character = srv_position_column(doc, enc, p);
}
