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

json_t *srv_json_position(const infa_document *doc, srv_encoding enc, infa_point p)
{
    return json_pack("{s:i,s:i}", "line", (json_int_t)p.row, "character",
                     (json_int_t)srv_position_column(doc, enc, p));
}

json_t *srv_json_range(const infa_document *doc, srv_encoding enc, infa_range r)
{
    return json_pack("{s:o,s:o}", "start", srv_json_position(doc, enc, r.start), "end",
                     srv_json_position(doc, enc, r.end));
}

bool srv_json_get_position(json_t *pos, uint32_t *line, uint32_t *character)
{
    json_t *l = json_object_get(pos, "line");
    json_t *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
        json_integer_value(c) < 0)
        return false;
    json_int_t lv = json_integer_value(l), cv = json_integer_value(c);
    *line = lv > UINT32_MAX ? UINT32_MAX : (uint32_t)lv;
    *character = cv > UINT32_MAX ? UINT32_MAX : (uint32_t)cv;
    return true;
}

json_t *srv_json_hover(const infa_document *doc, srv_encoding enc, const infa_hover *hover)
{
    return json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value",
                     srv_json_string(infa_hover_markdown(hover)), "range",
                     srv_json_range(doc, enc, infa_hover_range(hover)));
}

json_t *srv_json_completion_list(const infa_document *doc, srv_encoding enc,
                                 const infa_completion_list *list)
{
    json_t *items = json_array();
    size_t n = infa_completion_list_count(list);
    json_t *range = n ? srv_json_range(doc, enc, infa_completion_list_range(list)) : NULL;
    for (size_t i = 0; i < n; i++) {
        const infa_completion_item *it = infa_completion_list_get(list, i);
        const char *label = it->label ? it->label : "";
        const char *insert = it->insert_text ? it->insert_text : label;
        json_t *j = json_object();
        json_object_set_new(j, "label", srv_json_string(label));
        json_object_set_new(j, "kind", json_integer(it->kind));
        if (it->detail)
            json_object_set_new(j, "detail", srv_json_string(it->detail));
        if (it->documentation)
            json_object_set_new(j, "documentation",
                                json_pack("{s:s,s:o}", "kind", "markdown", "value",
                                          srv_json_string(it->documentation)));
        json_object_set_new(j, "sortText", srv_json_string(it->sort_text ? it->sort_text : label));
        /* eglot shows and filters by the inserted text unless filterText
         * names what the user types. */
        json_object_set_new(j, "filterText",
                            srv_json_string(it->filter_text ? it->filter_text : label));
        if (it->deprecated) {
            json_object_set_new(j, "deprecated", json_true());
            json_object_set_new(j, "tags", json_pack("[i]", 1));
        }
        if (it->preselect)
            json_object_set_new(j, "preselect", json_true());
        json_object_set_new(j, "insertTextFormat", json_integer(1));
        json_object_set_new(
            j, "textEdit",
            json_pack("{s:O,s:o}", "range", range, "newText", srv_json_string(insert)));
        json_array_append_new(items, j);
    }
    json_decref(range);
    /* Lists of document names are capped; ask the client to come back as
     * the user types more. */
    return json_pack("{s:b,s:o}", "isIncomplete", infa_completion_list_incomplete(list), "items",
                     items);
}

json_t *srv_json_workspace_edit(const infa_document *doc, const char *uri, srv_encoding enc,
                                const infa_code_action *a)
{
    json_t *edits = json_array();
    for (size_t i = 0; i < a->edit_count; i++)
        json_array_append_new(edits, json_pack("{s:o,s:o}", "range",
                                               srv_json_range(doc, enc, a->edits[i].range),
                                               "newText", srv_json_string(a->edits[i].new_text)));
    json_t *changes = json_object();
    json_object_set_new(changes, uri, edits);
    return json_pack("{s:o}", "changes", changes);
}

/* ---- Diagnostics as text ------------------------------------------------ */

void srv_json_append_string(srv_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF"; /* as jansson writes it */
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0, i = 0;
    srv_buf_append(out, "\"", 1);
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        size_t n = c < 0x80 ? 1 : srv_utf8_seq_len(p + i, len - i);
        if (c >= 0x80 && n > 1) {
            i += n;
            continue;
        }
        srv_buf_append(out, s + run, i - run);
        char esc[6] = {'\\', 0, '0', '0', 0, 0};
        switch (c) {
        case '"':
        case '\\':
            esc[1] = (char)c;
            srv_buf_append(out, esc, 2);
            break;
        case '\b':
        case '\f':
        case '\n':
        case '\r':
        case '\t':
            esc[1] = c == '\b' ? 'b' : c == '\f' ? 'f' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            srv_buf_append(out, esc, 2);
            break;
        default:
            if (c < 0x20) {
                esc[1] = 'u';
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                srv_buf_append(out, esc, 6);
            } else {
                srv_buf_append(out, "\xEF\xBF\xBD", 3);
            }
        }
        i++;
        run = i;
    }
    srv_buf_append(out, s + run, len - run);
    srv_buf_append(out, "\"", 1);
}

static void srv__append_u32(srv_buf *out, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof digits - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    srv_buf_append(out, digits + sizeof digits - n, n);
}

static void srv__append_literal(srv_buf *out, const char *s)
{
    srv_buf_append(out, s, strlen(s));
}

static void srv__append_range(srv_buf *out, const infa_document *doc, srv_encoding enc,
                              infa_range r)
{
    srv__append_literal(out, "{\"start\":{\"line\":");
    srv__append_u32(out, r.start.row);
    srv__append_literal(out, ",\"character\":");
    srv__append_u32(out, srv_position_column(doc, enc, r.start));
    srv__append_literal(out, "},\"end\":{\"line\":");
    srv__append_u32(out, r.end.row);
    srv__append_literal(out, ",\"character\":");
    srv__append_u32(out, srv_position_column(doc, enc, r.end));
    srv__append_literal(out, "}}");
}

/* One finding's JSON with its ranges cut out: range i goes at tmpl[slots[i]]
 * (the diagnostic's own first, then each related location's). */
typedef struct {
    uint64_t hash;
    uint64_t used; /* the update that last wrote it */
    char *key;     /* the identity bytes the hash was taken of */
    size_t key_len;
    char *tmpl;
    size_t tmpl_len;
    uint32_t *slots;
    size_t slot_count;
} srv__diag_entry;

typedef struct {
    size_t offset, len; /* of one diagnostic in the text */
    uint32_t row;
} srv__diag_span;

struct srv_diag_cache {
    srv__diag_entry **entries;
    size_t count, cap;
    uint32_t *index; /* open addressing: entry position + 1, 0 when free */
    size_t index_cap;
    uint64_t generation;
    char *uri;
    srv_encoding enc;
    srv_buf text;
    srv__diag_span *spans;
    size_t span_count, span_cap;
    srv_buf key;          /* scratch */
    srv_buf tmpl_scratch; /* a template being built */
    uint32_t *slot_scratch;
    size_t slot_cap;
    bool written;  /* an update has run */
    size_t misses; /* entries the last update built */
};

srv_diag_cache *srv_diag_cache_new(void)
{
    srv_diag_cache *c = srv_xcalloc(1, sizeof *c);
    srv_buf_append(&c->text, "[]", 2);
    return c;
}

static void srv__diag_entry_free(srv__diag_entry *e)
{
    free(e);
}

static void srv__diag_cache_clear(srv_diag_cache *c)
{
    for (size_t i = 0; i < c->count; i++)
        srv__diag_entry_free(c->entries[i]);
    c->count = 0;
    if (c->index)
        memset(c->index, 0, c->index_cap * sizeof *c->index);
}

void srv_diag_cache_delete(srv_diag_cache *c)
{
    if (!c)
        return;
    srv__diag_cache_clear(c);
    free(c->entries);
    free(c->index);
    free(c->uri);
    srv_buf_free(&c->text);
    free(c->spans);
    srv_buf_free(&c->key);
    srv_buf_free(&c->tmpl_scratch);
    free(c->slot_scratch);
    free(c);
}

size_t srv_diag_cache_entries(const srv_diag_cache *c)
{
    return c->count;
}

size_t srv_diag_cache_misses(const srv_diag_cache *c)
{
    return c->misses;
}

const char *srv_diag_cache_text(const srv_diag_cache *c, size_t *len)
{
    *len = c->text.len;
    return c->text.data;
}

/* Word-at-a-time multiply-xorshift; only needs to spread keys over the
 * index, equality is checked on the key bytes. */
static uint64_t srv__hash(const char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t v = 0;
    memcpy(&v, p, n);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

static void srv__key_u32(srv_buf *key, uint32_t v)
{
    srv_buf_append(key, &v, sizeof v);
}

static void srv__key_str(srv_buf *key, const char *s)
{
    if (!s) {
        srv__key_u32(key, UINT32_MAX);
        return;
    }
    size_t n = strlen(s);
    srv__key_u32(key, (uint32_t)n);
    srv_buf_append(key, s, n);
}

/* Everything that the JSON holds except the ranges. */
static void srv__diag_key(srv_buf *key, const infa_diagnostic *d)
{
    key->len = 0;
    srv__key_u32(key, (uint32_t)d->severity);
    srv__key_u32(key, (uint32_t)d->infverif_code);
    srv__key_u32(key, d->tags);
    srv__key_u32(key, d->fixable);
    srv__key_u32(key, (uint32_t)d->related_count);
    srv__key_str(key, d->rule_id);
    srv__key_str(key, d->message);
    srv__key_str(key, d->href);
    for (size_t i = 0; i < d->related_count; i++)
        srv__key_str(key, d->related[i].message);
}

static void srv__append_cstr(srv_buf *out, const char *s)
{
    srv_json_append_string(out, s, strlen(s));
}

/* The same members, in the same order, as the jansson form had. */
static srv__diag_entry *srv__diag_entry_new(srv_diag_cache *c, const infa_diagnostic *d,
                                            uint64_t hash)
{
    size_t slot_count = 1 + d->related_count;
    if (slot_count > c->slot_cap) {
        c->slot_cap = slot_count;
        c->slot_scratch = srv_xrealloc(c->slot_scratch, slot_count * sizeof *c->slot_scratch);
    }
    uint32_t *slots = c->slot_scratch;
    srv_buf *t = &c->tmpl_scratch;
    t->len = 0;
    srv__append_literal(t, "{\"range\":");
    slots[0] = (uint32_t)t->len;
    srv__append_literal(t, ",\"severity\":");
    srv__append_u32(t, (uint32_t)d->severity);
    if (d->rule_id) {
        srv__append_literal(t, ",\"code\":");
        srv__append_cstr(t, d->rule_id);
    }
    if (d->href) {
        srv__append_literal(t, ",\"codeDescription\":{\"href\":");
        srv__append_cstr(t, d->href);
        srv__append_literal(t, "}");
    }
    srv__append_literal(t, ",\"source\":\"inf-ls\",\"message\":");
    srv__append_cstr(t, d->message ? d->message : "");
    if (d->related_count) {
        srv__append_literal(t, ",\"relatedInformation\":[");
        for (size_t i = 0; i < d->related_count; i++) {
            srv__append_literal(t, i ? ",{\"location\":{\"uri\":" : "{\"location\":{\"uri\":");
            srv__append_cstr(t, c->uri);
            srv__append_literal(t, ",\"range\":");
            slots[1 + i] = (uint32_t)t->len;
            srv__append_literal(t, "},\"message\":");
            srv__append_cstr(t, d->related[i].message ? d->related[i].message : "");
            srv__append_literal(t, "}");
        }
        srv__append_literal(t, "]");
    }
    if (d->tags) {
        bool unnecessary = d->tags & INFA_TAG_UNNECESSARY,
             deprecated = d->tags & INFA_TAG_DEPRECATED;
        srv__append_literal(t, ",\"tags\":[");
        srv__append_literal(t, unnecessary && deprecated ? "1,2"
                               : unnecessary             ? "1"
                               : deprecated              ? "2"
                                                         : "");
        srv__append_literal(t, "]");
    }
    if (d->fixable || d->infverif_code) {
        srv__append_literal(t, d->fixable ? ",\"data\":{\"fixable\":true,\"infverif\":"
                                          : ",\"data\":{\"fixable\":false,\"infverif\":");
        if (d->infverif_code < 0)
            srv__append_literal(t, "-");
        srv__append_u32(t, d->infverif_code < 0 ? 0u - (uint32_t)d->infverif_code
                                                : (uint32_t)d->infverif_code);
        srv__append_literal(t, "}");
    }
    srv__append_literal(t, "}");
    /* One block: the entry, its slots, key and template. */
    srv__diag_entry *e = srv_xmalloc(sizeof *e + slot_count * sizeof *slots + c->key.len + t->len);
    e->hash = hash;
    e->used = 0;
    e->slot_count = slot_count;
    e->slots = (uint32_t *)(e + 1);
    memcpy(e->slots, slots, slot_count * sizeof *slots);
    e->key = (char *)(e->slots + slot_count);
    e->key_len = c->key.len;
    memcpy(e->key, c->key.data, c->key.len);
    e->tmpl = e->key + e->key_len;
    e->tmpl_len = t->len;
    memcpy(e->tmpl, t->data, t->len);
    return e;
}

static void srv__index_put(srv_diag_cache *c, size_t pos)
{
    size_t mask = c->index_cap - 1;
    size_t i = (size_t)c->entries[pos]->hash & mask;
    while (c->index[i])
        i = (i + 1) & mask;
    c->index[i] = (uint32_t)pos + 1;
}

static void srv__index_rebuild(srv_diag_cache *c, size_t want)
{
    if (want > c->index_cap) {
        free(c->index);
        c->index_cap = want;
        c->index = srv_xmalloc(want * sizeof *c->index);
    }
    memset(c->index, 0, c->index_cap * sizeof *c->index);
    for (size_t i = 0; i < c->count; i++)
        srv__index_put(c, i);
}

static srv__diag_entry *srv__diag_lookup(srv_diag_cache *c, const infa_diagnostic *d)
{
    srv__diag_key(&c->key, d);
    uint64_t hash = srv__hash(c->key.data, c->key.len);
    if (c->index_cap) {
        size_t mask = c->index_cap - 1;
        for (size_t i = (size_t)hash & mask; c->index[i]; i = (i + 1) & mask) {
            srv__diag_entry *e = c->entries[c->index[i] - 1];
            if (e->hash == hash && e->key_len == c->key.len &&
                memcmp(e->key, c->key.data, e->key_len) == 0)
                return e;
        }
    }
    /* Keep the index at most half full. */
    if (2 * (c->count + 1) > c->index_cap) {
        size_t cap = c->index_cap ? 2 * c->index_cap : 64;
        while (2 * (c->count + 1) > cap)
            cap *= 2;
        srv__index_rebuild(c, cap);
    }
    if (c->count == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->entries = srv_xrealloc(c->entries, c->cap * sizeof *c->entries);
    }
    c->misses++;
    c->entries[c->count] = srv__diag_entry_new(c, d, hash);
    srv__index_put(c, c->count);
    return c->entries[c->count++];
}

/* Drops the entries that the current update did not use. */
static void srv__diag_cache_evict(srv_diag_cache *c)
{
    size_t kept = 0;
    for (size_t i = 0; i < c->count; i++) {
        if (c->entries[i]->used == c->generation)
            c->entries[kept++] = c->entries[i];
        else
            srv__diag_entry_free(c->entries[i]);
    }
    if (kept == c->count)
        return;
    c->count = kept;
    srv__index_rebuild(c, c->index_cap);
}

typedef const infa_diagnostic *(*srv__diag_at)(const void *src, size_t i);

static const infa_diagnostic *srv__list_at(const void *src, size_t i)
{
    return infa_diagnostic_list_get(src, i);
}

static const infa_diagnostic *srv__array_at(const void *src, size_t i)
{
    return (const infa_diagnostic *)src + i;
}

static bool srv__diag_cache_write(srv_diag_cache *c, const infa_document *doc, const char *uri,
                                  srv_encoding enc, const void *src, size_t n, srv__diag_at at)
{
    if (!c->uri || strcmp(c->uri, uri) != 0 || c->enc != enc) {
        srv__diag_cache_clear(c);
        free(c->uri);
        c->uri = srv_xstrdup(uri);
        c->enc = enc;
    }
    c->generation++;
    c->misses = 0;
    if (n > c->span_cap) {
        c->span_cap = n;
        c->spans = srv_xrealloc(c->spans, n * sizeof *c->spans);
    }
    /* Sized as the last text, which the new one mostly repeats. */
    srv_buf text = {.cap = c->text.len + 4096};
    text.data = srv_xmalloc(text.cap);
    srv_buf_append(&text, "[", 1);
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = at(src, i);
        srv__diag_entry *e = srv__diag_lookup(c, d);
        e->used = c->generation;
        if (i)
            srv_buf_append(&text, ",", 1);
        c->spans[i].offset = text.len;
        c->spans[i].row = d->range.start.row;
        size_t from = 0;
        for (size_t k = 0; k < e->slot_count; k++) {
            srv_buf_append(&text, e->tmpl + from, e->slots[k] - from);
            srv__append_range(&text, doc, enc, k ? d->related[k - 1].range : d->range);
            from = e->slots[k];
        }
        srv_buf_append(&text, e->tmpl + from, e->tmpl_len - from);
        c->spans[i].len = text.len - c->spans[i].offset;
    }
    srv_buf_append(&text, "]", 1);
    c->span_count = n;
    bool changed =
        !c->written || text.len != c->text.len || memcmp(text.data, c->text.data, text.len) != 0;
    c->written = true;
    srv_buf_free(&c->text);
    c->text = text;
    srv__diag_cache_evict(c);
    return changed;
}

bool srv_diag_cache_update(srv_diag_cache *c, const infa_document *doc, const char *uri,
                           srv_encoding enc, const infa_diagnostic_list *list)
{
    return srv__diag_cache_write(c, doc, uri, enc, list, infa_diagnostic_list_count(list),
                                 srv__list_at);
}

bool srv_diag_cache_update_array(srv_diag_cache *c, const infa_document *doc, const char *uri,
                                 srv_encoding enc, const infa_diagnostic *diags, size_t count)
{
    return srv__diag_cache_write(c, doc, uri, enc, diags, count, srv__array_at);
}

void srv_diag_cache_match(const srv_diag_cache *c, const char *rule_id, uint32_t row, json_t *out)
{
    for (size_t i = 0; i < c->span_count; i++) {
        if (c->spans[i].row != row)
            continue;
        json_t *j = json_loadb(c->text.data + c->spans[i].offset, c->spans[i].len, 0, NULL);
        const char *code = json_string_value(json_object_get(j, "code"));
        if (code && strcmp(code, rule_id) == 0)
            json_array_append(out, j);
        json_decref(j);
    }
}
