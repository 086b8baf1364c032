/* Text encodings of INF files: detection, decoding to UTF-8 for the parser,
 * and encoding back to the file's own bytes.
 *
 * Windows reads an INF as "ANSI" (the machine's code page; we use
 * Windows-1252) or as UTF-16LE; tools also meet UTF-16BE and UTF-8. Decoding
 * then encoding an unchanged text gives back the original bytes exactly, so
 * that --fix and the batch mode never rewrite what they did not touch:
 * - UTF-16: unpaired surrogates are carried through as WTF-8 (the 3-byte
 *   form of the surrogate), and an odd trailing byte is kept in the
 *   infa_text_encoding and written back;
 * - Windows-1252: the five bytes it leaves undefined (0x81, 0x8D, 0x8F,
 *   0x90, 0x9D) map to the C1 controls U+0081... and back;
 * - UTF-8 with a BOM: the bytes after the BOM are passed through unchecked.
 */
#ifndef INFA_ENCODING_H
#define INFA_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    INFA_ENCODING_UTF16LE,
    INFA_ENCODING_UTF16BE,
    INFA_ENCODING_UTF8_BOM,
    INFA_ENCODING_UTF8,
    INFA_ENCODING_CP1252,
} infa_encoding;

typedef struct {
    infa_encoding kind;
    /* The bytes started with a byte order mark (always true for
     * UTF8_BOM; UTF-16 without a BOM is recognised by its zero bytes). */
    bool bom;
    /* Some character is outside ASCII. */
    bool non_ascii;
    /* UTF-16 only: the file had an odd length, and trailing_byte is its
     * last byte, which is not part of the text. A zero-initialised struct
     * means no such byte. */
    bool has_trailing_byte;
    unsigned char trailing_byte;
} infa_text_encoding;

/* Detection order: FF FE → UTF-16LE, FE FF → UTF-16BE, EF BB BF → UTF-8
 * with BOM, UTF-16 text without BOM (ASCII-range characters with zero high
 * bytes), valid UTF-8 (including plain ASCII) → UTF8, anything else →
 * Windows-1252. */
infa_text_encoding infa_encoding_detect(const char *bytes, size_t len);

/* A short display name such as "UTF-16LE" or "Windows-1252"; static. */
const char *infa_encoding_name(infa_encoding kind);

/* Decodes `bytes` to UTF-8 (without BOM). `enc` (may be NULL) receives the
 * detected encoding and `out_len` (may be NULL) the length of the result,
 * which may contain NUL bytes. The result is NUL-terminated; the caller must
 * free it with free(). Never fails. */
char *infa_text_decode(const char *bytes, size_t len, infa_text_encoding *enc, size_t *out_len);

/* Encodes UTF-8 text back to `enc`, writing the BOM and trailing byte that
 * `enc` records. Characters that Windows-1252 cannot represent become '?';
 * malformed UTF-8 becomes U+FFFD in UTF-16 output. `out_len` (may be NULL)
 * receives the byte count. The result is NUL-terminated for convenience;
 * the caller must free it with free(). */
char *infa_text_encode(const char *utf8, size_t len, infa_text_encoding enc, size_t *out_len);

#endif
