#include "srv_nav.h"

#include "infa_encoding.h"
#include "srv_check.h"
#include "srv_json.h"
#include "srv_platform.h"
#include "srv_util.h"

#include <stdlib.h>
#include <string.h>

/* ---- Conversions --------------------------------------------------------- */

/* Objects are built without json_pack: an outline of a large INF has tens
 * of thousands of ranges, and parsing a format for each shows in the time. */
static json_t *srv__nav_position(const infa_document *doc, srv_encoding enc, infa_point p)
{
    json_t *j = json_object();
    json_object_set_new_nocheck(j, "line", json_integer(p.row));
    json_object_set_new_nocheck(j, "character", json_integer(srv_position_column(doc, enc, p)));
    return j;
}

static json_t *srv__nav_range(const infa_document *doc, srv_encoding enc, infa_range r)
{
    json_t *j = json_object();
    json_object_set_new_nocheck(j, "start", srv__nav_position(doc, enc, r.start));
    json_object_set_new_nocheck(j, "end", srv__nav_position(doc, enc, r.end));
    return j;
}

static bool srv__nav_byte(const srv_nav_doc *d, json_t *pos, uint32_t *byte)
{
    uint32_t line, character;
    if (!srv_json_get_position(pos, &line, &character))
        return false;
    *byte = srv_position_to_byte(d->doc, d->enc, line, character);
    return true;
}

/* params.position as a byte, or false with the error set. */
static bool srv__nav_cursor(const srv_nav_doc *d, json_t *params, uint32_t *byte, int *code,
                            char **error)
{
    if (srv__nav_byte(d, json_object_get(params, "position"), byte))
        return true;
    *code = SRV_NAV_INVALID_PARAMS;
    *error = srv_xstrdup("position is missing or invalid");
    return false;
}

/* params.range as bytes; the whole document when absent. */
static bool srv__nav_span(const srv_nav_doc *d, json_t *params, uint32_t *start, uint32_t *end,
                          int *code, char **error)
{
    json_t *range = json_object_get(params, "range");
    size_t len;
    infa_document_text(d->doc, &len);
    *start = 0;
    *end = (uint32_t)len;
    if (!range)
        return true;
    if (!srv__nav_byte(d, json_object_get(range, "start"), start) ||
        !srv__nav_byte(d, json_object_get(range, "end"), end)) {
        *code = SRV_NAV_INVALID_PARAMS;
        *error = srv_xstrdup("range is missing or invalid");
        return false;
    }
    if (*end < *start) {
        uint32_t t = *start;
        *start = *end;
        *end = t;
    }
    return true;
}

/* /a/b c.inf -> file:///a/b%20c.inf; C:\d\x.inf -> file:///C:/d/x.inf;
 * \\server\share\x.inf -> file://server/share/x.inf. Caller frees. */
static char *srv__nav_path_to_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    srv_buf b = {0};
    srv_buf_append_str(&b, "file://");
    if ((path[0] == '\\' && path[1] == '\\') || (path[0] == '/' && path[1] == '/'))
        path += 2; /* UNC: the server is the URI's authority */
    else if (path[0] && path[1] == ':')
        srv_buf_append_str(&b, "/");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '\\') {
            srv_buf_append_str(&b, "/");
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9') || strchr("/-._~:", *p)) {
            srv_buf_append(&b, p, 1);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            srv_buf_append(&b, esc, 3);
        }
    }
    return srv_buf_take(&b);
}

static json_t *srv__nav_location(const srv_nav_doc *d, infa_range r)
{
    return json_pack("{s:s,s:o}", "uri", d->uri, "range", srv__nav_range(d->doc, d->enc, r));
}

/* ASCII case-insensitive equality: INF file names compare as Windows does. */
static bool srv__nav_name_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* The file an Include= names, beside the INF; names are matched without
 * case, as on Windows. Caller frees; NULL when it is not there. */
static char *srv__nav_beside(const char *inf_path, const char *name)
{
    if (!inf_path || strchr(name, '/') || strchr(name, '\\') || !*name)
        return NULL;
    char *dir = srv_platform_dirname(inf_path);
    char *found = srv_platform_path_join(dir, name);
    if (srv_platform_path_kind(found, true) != SRV_PATH_FILE) {
        free(found);
        found = NULL;
        size_t count = 0;
        char **names = srv_platform_list_dir(dir, &count);
        for (size_t i = 0; i < count; i++) {
            if (!found && srv__nav_name_eq(names[i], name))
                found = srv_platform_path_join(dir, names[i]);
            free(names[i]);
        }
        free(names);
    }
    free(dir);
    return found;
}

static json_t *srv__nav_targets(const srv_nav_doc *d, infa_nav_list *list)
{
    json_t *out = json_array();
    for (size_t i = 0; i < infa_nav_list_count(list); i++) {
        const infa_nav_target *t = infa_nav_list_get(list, i);
        if (!t->file) {
            json_array_append_new(out, srv__nav_location(d, t->range));
            continue;
        }
        char *path = srv__nav_beside(d->path, t->file);
        if (!path)
            continue;
        char *uri = srv__nav_path_to_uri(path);
        json_array_append_new(out, json_pack("{s:s,s:{s:{s:i,s:i},s:{s:i,s:i}}}", "uri", uri,
                                             "range", "start", "line", 0, "character", 0, "end",
                                             "line", 0, "character", 0));
        free(uri);
        free(path);
    }
    return out;
}

/* ---- Handlers ------------------------------------------------------------ */

static json_t *srv__nav_symbol(const srv_nav_doc *d, const infa_symbol_list *l, size_t i)
{
    const infa_symbol *s = infa_symbol_list_get(l, i);
    json_t *j = json_object();
    json_object_set_new_nocheck(j, "name", srv_json_string(s->name));
    json_object_set_new_nocheck(j, "kind", json_integer(s->kind));
    json_object_set_new_nocheck(j, "range", srv__nav_range(d->doc, d->enc, s->range));
    json_object_set_new_nocheck(j, "selectionRange", srv__nav_range(d->doc, d->enc, s->selection));
    if (s->detail)
        json_object_set_new_nocheck(j, "detail", srv_json_string(s->detail));
    if (s->child_count) {
        json_t *children = json_array();
        for (uint32_t c = 0; c < s->child_count; c++)
            json_array_append_new(children, srv__nav_symbol(d, l, s->first_child + c));
        json_object_set_new(j, "children", children);
    }
    return j;
}

static json_t *srv__nav_document_symbol(const srv_nav_doc *d, json_t *params, int *code,
                                        char **error)
{
    (void)params;
    (void)code;
    (void)error;
    infa_symbol_list *l = infa_document_symbols(d->doc);
    json_t *out = json_array();
    for (size_t i = 0; i < infa_symbol_list_root_count(l); i++)
        json_array_append_new(out, srv__nav_symbol(d, l, i));
    infa_symbol_list_delete(l);
    return out;
}

static json_t *srv__nav_definition(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv__nav_cursor(d, params, &byte, code, error))
        return NULL;
    infa_nav_list *l = infa_document_definition(d->doc, byte);
    json_t *out = srv__nav_targets(d, l);
    infa_nav_list_delete(l);
    return out;
}

static json_t *srv__nav_references(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv__nav_cursor(d, params, &byte, code, error))
        return NULL;
    json_t *decl = json_object_get(json_object_get(params, "context"), "includeDeclaration");
    infa_nav_list *l = infa_document_references(d->doc, byte, json_is_true(decl));
    json_t *out = srv__nav_targets(d, l);
    infa_nav_list_delete(l);
    return out;
}

static json_t *srv__nav_highlight(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv__nav_cursor(d, params, &byte, code, error))
        return NULL;
    infa_nav_list *l = infa_document_references(d->doc, byte, true);
    json_t *out = json_array();
    for (size_t i = 0; i < infa_nav_list_count(l); i++) {
        const infa_nav_target *t = infa_nav_list_get(l, i);
        /* DocumentHighlightKind: Read = 2, Write = 3 (where it is defined). */
        json_array_append_new(out, json_pack("{s:o,s:i}", "range",
                                             srv__nav_range(d->doc, d->enc, t->range), "kind",
                                             t->declaration ? 3 : 2));
    }
    infa_nav_list_delete(l);
    return out;
}

static json_t *srv__nav_prepare_rename(const srv_nav_doc *d, json_t *params, int *code,
                                       char **error)
{
    uint32_t byte;
    if (!srv__nav_cursor(d, params, &byte, code, error))
        return NULL;
    infa_range range;
    char *why = NULL;
    if (!infa_document_rename_prepare(d->doc, byte, &range, &why)) {
        *code = SRV_NAV_REQUEST_FAILED;
        *error = why;
        return NULL;
    }
    size_t len;
    const char *text = infa_document_text(d->doc, &len);
    return json_pack("{s:o,s:o}", "range", srv__nav_range(d->doc, d->enc, range), "placeholder",
                     srv_json_stringn(text + range.start_byte, range.end_byte - range.start_byte));
}

static json_t *srv__nav_rename(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t byte;
    if (!srv__nav_cursor(d, params, &byte, code, error))
        return NULL;
    json_t *name = json_object_get(params, "newName");
    if (!json_is_string(name)) {
        *code = SRV_NAV_INVALID_PARAMS;
        *error = srv_xstrdup("newName is missing");
        return NULL;
    }
    infa_rename *r =
        infa_document_rename(d->doc, byte, json_string_value(name), json_string_length(name));
    json_t *out = NULL;
    if (infa_rename_error(r)) {
        *code = SRV_NAV_REQUEST_FAILED;
        *error = srv_xstrdup(infa_rename_error(r));
        goto cleanup;
    }
    size_t n;
    const infa_text_edit *edits = infa_rename_edits(r, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:o,s:o}", "range",
                                             srv__nav_range(d->doc, d->enc, edits[i].range),
                                             "newText", srv_json_string(edits[i].new_text)));
    json_t *changes = json_object();
    json_object_set_new(changes, d->uri, arr);
    out = json_pack("{s:o}", "changes", changes);
cleanup:
    infa_rename_delete(r);
    return out;
}

static json_t *srv__nav_folding(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    (void)params;
    (void)code;
    (void)error;
    size_t n;
    infa_fold *folds = infa_document_folds(d->doc, &n);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, json_pack("{s:i,s:i,s:s}", "startLine",
                                             (json_int_t)folds[i].start_row, "endLine",
                                             (json_int_t)folds[i].end_row, "kind",
                                             folds[i].comment ? "comment" : "region"));
    free(folds);
    return out;
}

static json_t *srv__nav_selection(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    json_t *positions = json_object_get(params, "positions");
    if (!json_is_array(positions)) {
        *code = SRV_NAV_INVALID_PARAMS;
        *error = srv_xstrdup("positions is missing");
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *pos;
    json_array_foreach(positions, i, pos)
    {
        uint32_t byte;
        if (!srv__nav_byte(d, pos, &byte)) {
            json_decref(out);
            *code = SRV_NAV_INVALID_PARAMS;
            *error = srv_xstrdup("a position is invalid");
            return NULL;
        }
        infa_range ranges[4];
        size_t n = infa_document_selection(d->doc, byte, ranges);
        json_t *sel = NULL;
        for (size_t k = n; k-- > 0;) {
            json_t *j = json_pack("{s:o}", "range", srv__nav_range(d->doc, d->enc, ranges[k]));
            if (sel)
                json_object_set_new(j, "parent", sel);
            sel = j;
        }
        if (!sel) {
            /* The protocol wants one per position: the empty range at it. */
            infa_range r = infa_document_range(d->doc, byte, byte);
            sel = json_pack("{s:o}", "range", srv__nav_range(d->doc, d->enc, r));
        }
        json_array_append_new(out, sel);
    }
    return out;
}

static json_t *srv__nav_tokens(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t start, end;
    if (!srv__nav_span(d, params, &start, &end, code, error))
        return NULL;
    size_t n, len;
    const char *text = infa_document_text(d->doc, &len);
    infa_sem_token *toks = infa_document_semantic_tokens(d->doc, start, end, &n);
    json_t *data = json_array();
    uint32_t prev_line = 0, prev_char = 0;
    for (size_t i = 0; i < n; i++) {
        const infa_sem_token *t = &toks[i];
        uint32_t ch = srv_position_column(d->doc, d->enc, t->start);
        uint32_t units = srv_units_in(text + t->start_byte, t->length, d->enc);
        uint32_t dl = t->start.row - prev_line;
        uint32_t dc = dl ? ch : ch - prev_char;
        json_array_append_new(data, json_integer(dl));
        json_array_append_new(data, json_integer(dc));
        json_array_append_new(data, json_integer(units));
        json_array_append_new(data, json_integer(t->type));
        json_array_append_new(data, json_integer(t->modifiers));
        prev_line = t->start.row;
        prev_char = ch;
    }
    free(toks);
    return json_pack("{s:o}", "data", data);
}

static json_t *srv__nav_inlay(const srv_nav_doc *d, json_t *params, int *code, char **error)
{
    uint32_t start, end;
    if (!srv__nav_span(d, params, &start, &end, code, error))
        return NULL;
    infa_inlay_list *l = infa_document_inlay_hints(d->doc, start, end, d->inlay);
    json_t *out = json_array();
    for (size_t i = 0; i < infa_inlay_list_count(l); i++) {
        const infa_inlay_hint *h = infa_inlay_list_get(l, i);
        /* InlayHintKind.Type (1): each says what a value means. */
        json_t *j = json_pack("{s:o,s:o,s:i,s:b}", "position",
                              srv__nav_position(d->doc, d->enc, h->position), "label",
                              srv_json_string(h->label), "kind", 1, "paddingLeft", 1);
        if (h->tooltip)
            json_object_set_new(j, "tooltip", srv_json_string(h->tooltip));
        json_array_append_new(out, j);
    }
    infa_inlay_list_delete(l);
    return out;
}

static const struct {
    const char *method;
    srv_nav_fn fn;
} srv__nav_methods[] = {
    {"textDocument/documentSymbol", srv__nav_document_symbol},
    {"textDocument/definition", srv__nav_definition},
    {"textDocument/declaration", srv__nav_definition},
    {"textDocument/references", srv__nav_references},
    {"textDocument/documentHighlight", srv__nav_highlight},
    {"textDocument/prepareRename", srv__nav_prepare_rename},
    {"textDocument/rename", srv__nav_rename},
    {"textDocument/foldingRange", srv__nav_folding},
    {"textDocument/selectionRange", srv__nav_selection},
    {"textDocument/semanticTokens/full", srv__nav_tokens},
    {"textDocument/semanticTokens/range", srv__nav_tokens},
    {"textDocument/inlayHint", srv__nav_inlay},
};

srv_nav_fn srv_nav_find(const char *method)
{
    for (size_t i = 0; i < sizeof srv__nav_methods / sizeof *srv__nav_methods; i++)
        if (strcmp(srv__nav_methods[i].method, method) == 0)
            return srv__nav_methods[i].fn;
    return NULL;
}

void srv_nav_capabilities(json_t *caps)
{
    json_t *types = json_array(), *mods = json_array();
    for (int i = 0; i < INFA_SEM__COUNT; i++)
        json_array_append_new(types, json_string(infa_sem_type_name((infa_sem_type)i)));
    for (unsigned i = 0; i < INFA_SEM_MOD__COUNT; i++)
        json_array_append_new(mods, json_string(infa_sem_modifier_name(i)));
    json_object_set_new(caps, "documentSymbolProvider", json_true());
    json_object_set_new(caps, "workspaceSymbolProvider", json_true());
    json_object_set_new(caps, "definitionProvider", json_true());
    json_object_set_new(caps, "declarationProvider", json_true());
    json_object_set_new(caps, "referencesProvider", json_true());
    json_object_set_new(caps, "documentHighlightProvider", json_true());
    json_object_set_new(caps, "renameProvider", json_pack("{s:b}", "prepareProvider", 1));
    json_object_set_new(caps, "foldingRangeProvider", json_true());
    json_object_set_new(caps, "selectionRangeProvider", json_true());
    json_object_set_new(caps, "semanticTokensProvider",
                        json_pack("{s:{s:o,s:o},s:b,s:b}", "legend", "tokenTypes", types,
                                  "tokenModifiers", mods, "full", 1, "range", 1));
    json_object_set_new(caps, "inlayHintProvider", json_true());
}

/* ---- workspace/symbol ---------------------------------------------------- */

typedef struct {
    char *path;
    srv_file_stamp stamp;
    json_t *symbols; /* [{name, kind, detail, range}] with UTF-16 ranges */
} srv__nav_file;

struct srv_nav_workspace {
    srv_encoding enc;
    char **folders;
    size_t folder_count;
    srv__nav_file *files;
    size_t file_count;
};

srv_nav_workspace *srv_nav_workspace_new(json_t *params, srv_encoding enc)
{
    srv_nav_workspace *w = srv_xcalloc(1, sizeof *w);
    w->enc = enc;
    json_t *folders = json_object_get(params, "workspaceFolders");
    size_t i;
    json_t *f;
    json_array_foreach(folders, i, f)
    {
        char *path = srv_platform_uri_to_path(json_string_value(json_object_get(f, "uri")));
        if (!path)
            continue;
        w->folders = srv_xrealloc(w->folders, (w->folder_count + 1) * sizeof *w->folders);
        w->folders[w->folder_count++] = path;
    }
    if (w->folder_count == 0) {
        char *path =
            srv_platform_uri_to_path(json_string_value(json_object_get(params, "rootUri")));
        if (!path && json_is_string(json_object_get(params, "rootPath")))
            path = srv_xstrdup(json_string_value(json_object_get(params, "rootPath")));
        if (path) {
            w->folders = srv_xmalloc(sizeof *w->folders);
            w->folders[w->folder_count++] = path;
        }
    }
    return w;
}

static void srv__nav_file_clear(srv__nav_file *f)
{
    free(f->path);
    json_decref(f->symbols);
}

void srv_nav_workspace_delete(srv_nav_workspace *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->folder_count; i++)
        free(w->folders[i]);
    free(w->folders);
    for (size_t i = 0; i < w->file_count; i++)
        srv__nav_file_clear(&w->files[i]);
    free(w->files);
    free(w);
}

/* The sections of a document as {name, kind, detail, range} objects. */
static json_t *srv__nav_sections(infa_document *doc, srv_encoding enc)
{
    infa_symbol_list *l = infa_document_symbols(doc);
    json_t *out = json_array();
    for (size_t i = 0; i < infa_symbol_list_root_count(l); i++) {
        const infa_symbol *s = infa_symbol_list_get(l, i);
        json_array_append_new(out, json_pack("{s:o,s:i,s:o}", "name", srv_json_string(s->name),
                                             "kind", (int)s->kind, "range",
                                             srv__nav_range(doc, enc, s->selection)));
    }
    infa_symbol_list_delete(l);
    return out;
}

static json_t *srv__nav_read_symbols(const char *path, srv_encoding enc)
{
    size_t raw_len, len;
    char *raw = srv_file_read(path, &raw_len);
    if (!raw)
        return json_array();
    infa_text_encoding te;
    char *text = infa_text_decode(raw, raw_len, &te, &len);
    infa_document *doc = infa_document_new(text, len);
    json_t *out = srv__nav_sections(doc, enc);
    infa_document_delete(doc);
    free(text);
    free(raw);
    return out;
}

/* Case-insensitive subsequence match, as clients filter symbols. */
static bool srv__nav_matches(const char *name, const char *query)
{
    for (; *query; query++) {
        char q = (char)(*query >= 'A' && *query <= 'Z' ? *query - 'A' + 'a' : *query);
        while (*name && (char)(*name >= 'A' && *name <= 'Z' ? *name - 'A' + 'a' : *name) != q)
            name++;
        if (!*name)
            return false;
        name++;
    }
    return true;
}

#define SRV_NAV_MAX_RESULTS 1000

static void srv__nav_add_matches(json_t *out, json_t *symbols, const char *uri, const char *file,
                                 const char *query)
{
    size_t i;
    json_t *s;
    json_array_foreach(symbols, i, s)
    {
        if (json_array_size(out) >= SRV_NAV_MAX_RESULTS)
            return;
        const char *name = json_string_value(json_object_get(s, "name"));
        if (!name || !srv__nav_matches(name, query))
            continue;
        json_array_append_new(
            out, json_pack("{s:O,s:O,s:{s:s,s:O},s:s}", "name", json_object_get(s, "name"), "kind",
                           json_object_get(s, "kind"), "location", "uri", uri, "range",
                           json_object_get(s, "range"), "containerName", file));
    }
}

static const char *srv__nav_basename(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

/* Re-lists the workspace and re-reads the files that changed since. */
static void srv__nav_refresh(srv_nav_workspace *w, srv_encoding enc)
{
    srv__nav_file *fresh = NULL;
    size_t count = 0;
    for (size_t fi = 0; fi < w->folder_count && count < SRV_NAV_MAX_FILES; fi++) {
        size_t n;
        char **paths = srv_check_list_infs(w->folders[fi], SRV_NAV_MAX_FILES - count, &n);
        fresh = srv_xrealloc(fresh, (count + n + 1) * sizeof *fresh);
        for (size_t i = 0; i < n; i++) {
            srv__nav_file *f = &fresh[count++];
            memset(f, 0, sizeof *f);
            f->path = paths[i];
            srv_platform_file_stamp(f->path, &f->stamp);
            for (size_t k = 0; k < w->file_count; k++) {
                srv__nav_file *old = &w->files[k];
                if (old->symbols && f->stamp.valid && old->stamp.valid &&
                    strcmp(old->path, f->path) == 0 && old->stamp.size == f->stamp.size &&
                    old->stamp.mtime_ns == f->stamp.mtime_ns) {
                    f->symbols = old->symbols;
                    old->symbols = NULL;
                    break;
                }
            }
            if (!f->symbols)
                f->symbols = srv__nav_read_symbols(f->path, enc);
        }
        free(paths);
    }
    for (size_t k = 0; k < w->file_count; k++)
        srv__nav_file_clear(&w->files[k]);
    free(w->files);
    w->files = fresh;
    w->file_count = count;
}

json_t *srv_nav_workspace_symbol(srv_nav_workspace *w, const srv_nav_doc *open, size_t open_count,
                                 json_t *params)
{
    const char *query = json_string_value(json_object_get(params, "query"));
    if (!query)
        query = "";
    json_t *out = json_array();
    for (size_t i = 0; i < open_count; i++) {
        json_t *syms = srv__nav_sections(open[i].doc, open[i].enc);
        srv__nav_add_matches(out, syms, open[i].uri,
                             srv__nav_basename(open[i].path ? open[i].path : open[i].uri), query);
        json_decref(syms);
    }
    if (!w)
        return out;
    srv__nav_refresh(w, w->enc);
    for (size_t i = 0; i < w->file_count; i++) {
        bool is_open = false;
        for (size_t k = 0; k < open_count && !is_open; k++)
            is_open = open[k].path && strcmp(open[k].path, w->files[i].path) == 0;
        if (is_open)
            continue;
        char *uri = srv__nav_path_to_uri(w->files[i].path);
        srv__nav_add_matches(out, w->files[i].symbols, uri, srv__nav_basename(w->files[i].path),
                             query);
        free(uri);
    }
    return out;
}
