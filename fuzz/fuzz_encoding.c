/* decode → encode is byte-exact for what decodes without replacement, the
 * detector never crashes, and decoding is stable: the decoded text,
 * encoded again and decoded, is the same text. */
#include "infa_encoding.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what, const uint8_t *data, size_t size, infa_text_encoding enc)
{
    fprintf(stderr, "fuzz_encoding: %s (%s, bom %d, %zu bytes)\n", what,
            infa_encoding_name(enc.kind), enc.bom, size);
    (void)data;
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    infa_text_encoding detected = infa_encoding_detect(bytes, size);
    infa_text_encoding enc;
    size_t len;
    char *text = infa_text_decode(bytes, size, &enc, &len);
    if (text[len] != 0)
        fail("decoded text not NUL-terminated", data, size, enc);
    if (detected.kind != enc.kind || detected.bom != enc.bom)
        fail("decode and detect disagree", data, size, enc);

    size_t out_len;
    char *back = infa_text_encode(text, len, enc, &out_len);
    /* U+FFFD in the text may stand for a unit that did not decode (a lone
     * surrogate); everything else must come back exactly. */
    bool replaced = false;
    for (size_t i = 0; i + 3 <= len; i++)
        if ((unsigned char)text[i] == 0xEF && (unsigned char)text[i + 1] == 0xBF &&
            (unsigned char)text[i + 2] == 0xBD)
            replaced = true;
    if (!replaced && (out_len != size || memcmp(back, data, size) != 0))
        fail("decode then encode is not byte-exact", data, size, enc);

    /* Stable after one round: the re-encoded bytes decode to the same text
     * in the same encoding. */
    infa_text_encoding enc2;
    size_t len2;
    char *text2 = infa_text_decode(back, out_len, &enc2, &len2);
    if (enc2.kind == enc.kind && (len2 != len || memcmp(text2, text, len) != 0))
        fail("encoded text decodes to different text", data, size, enc);

    free(text2);
    free(back);
    free(text);
    return 0;
}
