/* jansson helpers for text that may not be valid UTF-8 (document excerpts in
 * messages, file paths): jansson refuses such strings, so they are repaired
 * with U+FFFD instead of being lost. */
#ifndef SRV_JSON_H
#define SRV_JSON_H

#include <jansson.h>
#include <stddef.h>

/* New reference; never NULL. s may be NULL (gives JSON null). */
json_t *srv_json_string(const char *s);
json_t *srv_json_stringn(const char *s, size_t len);
/* Caller must free() the result: s with invalid UTF-8 bytes replaced. */
char *srv_utf8_repair(const char *s, size_t len, size_t *out_len);

#endif
