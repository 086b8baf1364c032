#include "srv_stampinf.h"

#include "srv_util.h"

#include <stdlib.h>
#include <string.h>

/* What stampinf writes for each token when a driver project builds with
 * the WDK's defaults for Windows 10: KMDF 1.15, UMDF 2.15 (co-installer
 * names carry the version as 01015/01011, e.g. WdfCoInstaller01015.dll). */
static const struct {
    const char *token;
    const char *value;
} srv__tokens[] = {
    {"$KMDFCOINSTALLERVERSION$", "01015"},
    {"$UMDFCOINSTALLERVERSION$", "01011"},
    {"$KMDFVERSION$", "1.15"},
    {"$UMDFVERSION$", "2.15.0"},
    {"$ARCH$", NULL}, /* the --arch value */
};

bool srv_stampinf_arch_known(const char *arch)
{
    return strcmp(arch, "amd64") == 0 || strcmp(arch, "arm64") == 0 || strcmp(arch, "x86") == 0;
}

char *srv_stampinf_expand(const char *text, size_t len, const char *arch, size_t *out_len,
                          srv_stampinf_map *map)
{
    srv_buf out = {0};
    memset(map, 0, sizeof *map);
    size_t cap = 0;
    size_t i = 0;
    while (i < len) {
        const char *dollar = memchr(text + i, '$', len - i);
        if (!dollar)
            break;
        size_t at = (size_t)(dollar - text);
        size_t k = 0, n = sizeof srv__tokens / sizeof *srv__tokens;
        for (; k < n; k++) {
            size_t tl = strlen(srv__tokens[k].token);
            if (len - at >= tl && memcmp(text + at, srv__tokens[k].token, tl) == 0)
                break;
        }
        if (k == n) {
            srv_buf_append(&out, text + i, at + 1 - i);
            i = at + 1;
            continue;
        }
        srv_buf_append(&out, text + i, at - i);
        const char *value = srv__tokens[k].value ? srv__tokens[k].value : arch;
        if (map->count == cap) {
            cap = cap ? cap * 2 : 8;
            map->subs = srv_xrealloc(map->subs, cap * sizeof *map->subs);
        }
        srv_stampinf_sub *s = &map->subs[map->count++];
        s->orig = (uint32_t)at;
        s->orig_len = (uint32_t)strlen(srv__tokens[k].token);
        s->exp = (uint32_t)out.len;
        s->exp_len = (uint32_t)strlen(value);
        srv_buf_append_str(&out, value);
        i = at + s->orig_len;
    }
    srv_buf_append(&out, text + i, len - i);
    *out_len = out.len;
    if (!out.data)
        srv_buf_append(&out, "", 0);
    srv_buf_append(&out, "", 1); /* NUL */
    return srv_buf_take(&out);
}

void srv_stampinf_map_free(srv_stampinf_map *map)
{
    free(map->subs);
    memset(map, 0, sizeof *map);
}

uint32_t srv_stampinf_to_template(const srv_stampinf_map *map, uint32_t byte, bool is_end)
{
    int64_t shift = 0;
    for (size_t i = 0; i < map->count; i++) {
        const srv_stampinf_sub *s = &map->subs[i];
        if (byte < s->exp || (!is_end && byte == s->exp))
            break;
        if (byte < s->exp + s->exp_len || (is_end && byte == s->exp + s->exp_len))
            return is_end ? s->orig + s->orig_len : s->orig;
        shift += (int64_t)s->orig_len - (int64_t)s->exp_len;
    }
    return (uint32_t)((int64_t)byte + shift);
}

static infa_range srv__map_range(const srv_stampinf_map *map, const infa_document *doc,
                                 infa_range r)
{
    uint32_t start = srv_stampinf_to_template(map, r.start_byte, false);
    uint32_t end = srv_stampinf_to_template(map, r.end_byte, true);
    return infa_document_range(doc, start, end < start ? start : end);
}

infa_diagnostic *srv_stampinf_map_diagnostic(const srv_stampinf_map *map, const infa_document *doc,
                                             const infa_diagnostic *d)
{
    infa_diagnostic *copy = srv_xmalloc(sizeof *copy);
    *copy = *d;
    copy->range = srv__map_range(map, doc, d->range);
    infa_related *related = srv_xcalloc(d->related_count ? d->related_count : 1, sizeof *related);
    for (size_t i = 0; i < d->related_count; i++) {
        related[i] = d->related[i];
        related[i].range = srv__map_range(map, doc, d->related[i].range);
    }
    copy->related = related;
    return copy;
}

void srv_stampinf_diagnostic_free(infa_diagnostic *d)
{
    if (!d)
        return;
    free((void *)d->related);
    free(d);
}
