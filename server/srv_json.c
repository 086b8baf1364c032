#include "srv_json.h"

#include "srv_position.h"
#include "srv_util.h"

#include <stdlib.h>
#include <string.h>

char *srv_utf8_repair(const char *s, size_t len, size_t *out_len)
{
    srv_buf buf = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = srv_utf8_seq_len(p + i, len - i);
        if (n == 1 && p[i] >= 0x80)
            srv_buf_append(&buf, "\xEF\xBF\xBD", 3);
        else
            srv_buf_append(&buf, s + i, n);
        i += n;
    }
    *out_len = buf.len;
    return srv_buf_take(&buf);
}

json_t *srv_json_stringn(const char *s, size_t len)
{
    if (!s)
        return json_null();
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    size_t fixed_len;
    char *fixed = srv_utf8_repair(s, len, &fixed_len);
    j = json_stringn(fixed, fixed_len);
    free(fixed);
    return j ? j : json_string("");
}

json_t *srv_json_string(const char *s)
{
    return s ? srv_json_stringn(s, strlen(s)) : json_null();
}
