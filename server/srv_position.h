/* Converts between the analysis's byte offsets / (row, byte column) points
 * and LSP positions, whose columns count UTF-16 code units by default, or
 * UTF-8 bytes or code points when negotiated. Invalid UTF-8 bytes count as
 * one unit each (clients see them as U+FFFD). */
#ifndef SRV_POSITION_H
#define SRV_POSITION_H

#include "infa.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    SRV_ENC_UTF16 = 0,
    SRV_ENC_UTF8,
    SRV_ENC_UTF32,
} srv_encoding;

/* Static string: "utf-16", "utf-8", "utf-32". */
const char *srv_encoding_name(srv_encoding enc);

/* Length of the UTF-8 sequence at s (1 for an invalid byte). avail > 0. */
size_t srv_utf8_seq_len(const unsigned char *s, size_t avail);

/* Units of enc in bytes [0, len) of s. */
uint32_t srv_units_in(const char *s, size_t len, srv_encoding enc);

/* LSP position to a byte offset. Lines past the end give the text length;
 * characters past the line end give the line end (before CR/LF); a
 * character inside a multi-unit character rounds down to its start. */
uint32_t srv_position_to_byte(const infa_document *doc, srv_encoding enc, uint32_t line,
                              uint32_t character);

/* A byte offset to an LSP (line, character). */
void srv_position_from_byte(const infa_document *doc, srv_encoding enc, uint32_t byte,
                            uint32_t *line, uint32_t *character);

/* An analysis point (row, byte column) to the LSP character column. */
uint32_t srv_position_column(const infa_document *doc, srv_encoding enc, infa_point point);

#endif
