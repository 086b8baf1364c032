/* A base text and a sequence of edits: after each edit the incremental
 * model equals a fresh parse of the same text (model dump), under a
 * chunking the input picks (off, a chunk at every line, dense, default).
 *
 * Input: byte 0 picks the chunking; bytes 1-2 the base length; then the
 * base text; then edits of [start:2][delete:1][insert length:1][insert]. An
 * insert length with the top bit set replaces the whole text instead
 * (infa_document_set_text) with a copy where the edit's bytes changed. */
#include "document.h"
#include "model_dump.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EDITS 48

static void compare(infa_document *d, int chunk_bits, unsigned step)
{
    size_t len;
    const char *t = infa_document_text(d, &len);
    infa_document *fresh = infa_document_new_chunked(t, len, chunk_bits);
    char *a = infa_model_dump(infa_document_model(d));
    char *b = infa_model_dump(infa_document_model(fresh));
    if (strcmp(a, b) != 0) {
        size_t i = 0;
        while (a[i] && a[i] == b[i])
            i++;
        size_t from = i > 200 ? i - 200 : 0;
        fprintf(stderr,
                "fuzz_incremental: model differs from a fresh parse after edit %u (chunk bits "
                "%d)\nincremental: ...%.400s\nfresh:       ...%.400s\n",
                step, chunk_bits, a + from, b + from);
        abort();
    }
    free(a);
    free(b);
    infa_document_delete(fresh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > 16 * 1024)
        return 0;
    static const int chunkings[] = {-1, 0, 1, 4};
    int chunk_bits = chunkings[data[0] % 4];
    size_t base_len = (size_t)data[1] | (size_t)data[2] << 8;
    size_t pos = 3;
    if (base_len > size - pos)
        base_len = size - pos;
    infa_document *d = infa_document_new_chunked((const char *)data + pos, base_len, chunk_bits);
    pos += base_len;
    for (unsigned step = 0; step < MAX_EDITS && pos + 4 <= size; step++) {
        size_t cur;
        const char *text = infa_document_text(d, &cur);
        uint32_t start = (uint32_t)(data[pos] | data[pos + 1] << 8);
        uint32_t del = data[pos + 2];
        size_t ins = data[pos + 3] & 0x7F;
        bool whole = data[pos + 3] & 0x80;
        pos += 4;
        if (ins > size - pos)
            ins = size - pos;
        const char *ins_text = (const char *)data + pos;
        pos += ins;
        start = cur ? start % (uint32_t)(cur + 1) : 0;
        if (del > cur - start)
            del = (uint32_t)(cur - start);
        if (whole) {
            /* Full sync: the client sends the whole edited text. */
            size_t n = cur - del + ins;
            char *next = malloc(n + 1);
            memcpy(next, text, start);
            memcpy(next + start, ins_text, ins);
            memcpy(next + start + ins, text + start + del, cur - start - del);
            infa_document_set_text(d, next, n);
            free(next);
        } else {
            infa_document_apply_edit(d, start, start + del, ins_text, ins);
        }
        compare(d, chunk_bits, step);
    }
    infa_document_delete(d);
    return 0;
}
