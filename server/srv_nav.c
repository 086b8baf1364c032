#include "srv_nav.h"

#include "infa_encoding.h"
#include "srv_check.h"
#include "srv_json.h"
#include "srv_platform.h"
#include "srv_util.h"

#include <stdlib.h>
#include <string.h>

/* ---- Parameters and paths -------------------------------------------------- */

bool srv_nav_param_byte(const srv_nav_doc *d, json_t *pos, uint32_t *byte)
{
    uint32_t line, character;
    if (!srv_json_get_position(pos, &line, &character))
        return false;
    *byte = srv_position_to_byte(d->doc, d->enc, line, character);
    return true;
}

/* params.position as a byte, or false with the error set. */
bool srv_nav_param_cursor(const srv_nav_doc *d, json_t *params, uint32_t *byte, int *code,
                          char **error)
{
    if (srv_nav_param_byte(d, json_object_get(params, "position"), byte))
        return true;
    *code = SRV_NAV_INVALID_PARAMS;
    *error = srv_xstrdup("position is missing or invalid");
    return false;
}

/* params.range as bytes; the whole document when absent. */
bool srv_nav_param_span(const srv_nav_doc *d, json_t *params, uint32_t *start, uint32_t *end,
                        int *code, char **error)
{
    json_t *range = json_object_get(params, "range");
    size_t len;
    infa_document_text(d->doc, &len);
    *start = 0;
    *end = (uint32_t)len;
    if (!range)
        return true;
    if (!srv_nav_param_byte(d, json_object_get(range, "start"), start) ||
        !srv_nav_param_byte(d, json_object_get(range, "end"), end)) {
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
char *srv_nav_path_to_uri(const char *path)
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
char *srv_nav_beside(const char *inf_path, const char *name)
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

/* ---- Handlers: each writes its result as JSON text ------------------------ */

/* {"uri": uri, "range": ...} with the range already in protocol units:
 * start line, start character, end line, end character. */
static void srv__nav_uri_location(srv_jw *w, const char *uri, const uint32_t range[4])
{
    srv_jw_object_begin(w);
    srv_jw_key(w, "uri");
    srv_jw_cstr(w, uri);
    srv_jw_key(w, "range");
    srv_jw_object_begin(w);
    for (int k = 0; k < 2; k++) {
        srv_jw_key(w, k ? "end" : "start");
        srv_jw_object_begin(w);
        srv_jw_key(w, "line");
        srv_jw_uint(w, range[2 * k]);
        srv_jw_key(w, "character");
        srv_jw_uint(w, range[2 * k + 1]);
        srv_jw_object_end(w);
    }
    srv_jw_object_end(w);
    srv_jw_object_end(w);
}

/* Location[]: places in this document, and Include= files beside it that
 * exist (at their first character). */
static void srv__nav_targets(srv_jw *w, const srv_nav_doc *d, infa_nav_list *list)
{
    srv_jw_array_begin(w);
    for (size_t i = 0; i < infa_nav_list_count(list); i++) {
        const infa_nav_target *t = infa_nav_list_get(list, i);
        if (!t->file) {
            srv_jw_object_begin(w);
            srv_jw_key(w, "uri");
            srv_jw_cstr(w, d->uri);
            srv_jw_key(w, "range");
            srv_jw_range(w, d->doc, d->enc, t->range);
            srv_jw_object_end(w);
            continue;
        }
        char *path = srv_nav_beside(d->path, t->file);
        if (!path)
            continue;
        char *uri = srv_nav_path_to_uri(path);
        static const uint32_t file_start[4] = {0, 0, 0, 0};
        srv__nav_uri_location(w, uri, file_start);
        free(uri);
        free(path);
    }
    srv_jw_array_end(w);
}

static void srv__nav_symbol(srv_jw *w, const srv_nav_doc *d, const infa_symbol_list *l, size_t i)
{
    const infa_symbol *s = infa_symbol_list_get(l, i);
    srv_jw_object_begin(w);
    srv_jw_key(w, "name");
    srv_jw_cstr(w, s->name);
    srv_jw_key(w, "kind");
    srv_jw_uint(w, s->kind);
    srv_jw_key(w, "range");
    srv_jw_range(w, d->doc, d->enc, s->range);
    srv_jw_key(w, "selectionRange");
    srv_jw_range(w, d->doc, d->enc, s->selection);
    if (s->detail) {
        srv_jw_key(w, "detail");
        srv_jw_cstr(w, s->detail);
    }
    if (s->child_count) {
        srv_jw_key(w, "children");
        srv_jw_array_begin(w);
        for (uint32_t c = 0; c < s->child_count; c++)
            srv__nav_symbol(w, d, l, s->first_child + c);
        srv_jw_array_end(w);
    }
    srv_jw_object_end(w);
}

static bool srv__nav_document_symbol(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                                     char **error)
{
    (void)params;
    (void)code;
    (void)error;
    infa_symbol_list *l = infa_document_symbols(d->doc);
    srv_jw_array_begin(w);
    for (size_t i = 0; i < infa_symbol_list_root_count(l); i++)
        srv__nav_symbol(w, d, l, i);
    srv_jw_array_end(w);
    infa_symbol_list_delete(l);
    return true;
}

static bool srv__nav_definition(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                                char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return false;
    infa_nav_list *l = infa_document_definition(d->doc, byte);
    srv__nav_targets(w, d, l);
    infa_nav_list_delete(l);
    return true;
}

static bool srv__nav_references(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                                char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return false;
    json_t *decl = json_object_get(json_object_get(params, "context"), "includeDeclaration");
    infa_nav_list *l = infa_document_references(d->doc, byte, json_is_true(decl));
    srv__nav_targets(w, d, l);
    infa_nav_list_delete(l);
    return true;
}

static bool srv__nav_highlight(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                               char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return false;
    infa_nav_list *l = infa_document_references(d->doc, byte, true);
    srv_jw_array_begin(w);
    for (size_t i = 0; i < infa_nav_list_count(l); i++) {
        const infa_nav_target *t = infa_nav_list_get(l, i);
        srv_jw_object_begin(w);
        srv_jw_key(w, "range");
        srv_jw_range(w, d->doc, d->enc, t->range);
        /* DocumentHighlightKind: Read = 2, Write = 3 (where it is defined). */
        srv_jw_key(w, "kind");
        srv_jw_uint(w, t->declaration ? 3 : 2);
        srv_jw_object_end(w);
    }
    srv_jw_array_end(w);
    infa_nav_list_delete(l);
    return true;
}

static bool srv__nav_prepare_rename(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                                    char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return false;
    infa_range range;
    char *why = NULL;
    if (!infa_document_rename_prepare(d->doc, byte, &range, &why)) {
        *code = SRV_NAV_REQUEST_FAILED;
        *error = why;
        return false;
    }
    size_t len;
    const char *text = infa_document_text(d->doc, &len);
    srv_jw_object_begin(w);
    srv_jw_key(w, "range");
    srv_jw_range(w, d->doc, d->enc, range);
    srv_jw_key(w, "placeholder");
    srv_jw_string(w, text + range.start_byte, range.end_byte - range.start_byte);
    srv_jw_object_end(w);
    return true;
}

static bool srv__nav_rename(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                            char **error)
{
    uint32_t byte;
    if (!srv_nav_param_cursor(d, params, &byte, code, error))
        return false;
    json_t *name = json_object_get(params, "newName");
    if (!json_is_string(name)) {
        *code = SRV_NAV_INVALID_PARAMS;
        *error = srv_xstrdup("newName is missing");
        return false;
    }
    infa_rename *r =
        infa_document_rename(d->doc, byte, json_string_value(name), json_string_length(name));
    bool ok = false;
    if (infa_rename_error(r)) {
        *code = SRV_NAV_REQUEST_FAILED;
        *error = srv_xstrdup(infa_rename_error(r));
        goto cleanup;
    }
    size_t n;
    const infa_text_edit *edits = infa_rename_edits(r, &n);
    srv_jw_object_begin(w);
    srv_jw_key(w, "changes");
    srv_jw_object_begin(w);
    srv_jw_key(w, d->uri);
    srv_jw_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        srv_jw_object_begin(w);
        srv_jw_key(w, "range");
        srv_jw_range(w, d->doc, d->enc, edits[i].range);
        srv_jw_key(w, "newText");
        srv_jw_cstr(w, edits[i].new_text);
        srv_jw_object_end(w);
    }
    srv_jw_array_end(w);
    srv_jw_object_end(w);
    srv_jw_object_end(w);
    ok = true;
cleanup:
    infa_rename_delete(r);
    return ok;
}

static bool srv__nav_folding(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                             char **error)
{
    (void)params;
    (void)code;
    (void)error;
    size_t n;
    infa_fold *folds = infa_document_folds(d->doc, &n);
    srv_jw_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        srv_jw_object_begin(w);
        srv_jw_key(w, "startLine");
        srv_jw_uint(w, folds[i].start_row);
        srv_jw_key(w, "endLine");
        srv_jw_uint(w, folds[i].end_row);
        srv_jw_key(w, "kind");
        srv_jw_cstr(w, folds[i].comment ? "comment" : "region");
        srv_jw_object_end(w);
    }
    srv_jw_array_end(w);
    free(folds);
    return true;
}

static bool srv__nav_selection(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                               char **error)
{
    json_t *positions = json_object_get(params, "positions");
    if (!json_is_array(positions)) {
        *code = SRV_NAV_INVALID_PARAMS;
        *error = srv_xstrdup("positions is missing");
        return false;
    }
    srv_jw_array_begin(w);
    size_t i;
    json_t *pos;
    json_array_foreach(positions, i, pos)
    {
        uint32_t byte;
        if (!srv_nav_param_byte(d, pos, &byte)) {
            *code = SRV_NAV_INVALID_PARAMS;
            *error = srv_xstrdup("a position is invalid");
            return false;
        }
        infa_range ranges[4];
        size_t n = infa_document_selection(d->doc, byte, ranges);
        if (n == 0) {
            /* The protocol wants one per position: the empty range at it. */
            ranges[0] = infa_document_range(d->doc, byte, byte);
            n = 1;
        }
        /* Innermost first, each holding its parent. */
        for (size_t k = 0; k < n; k++) {
            if (k)
                srv_jw_key(w, "parent");
            srv_jw_object_begin(w);
            srv_jw_key(w, "range");
            srv_jw_range(w, d->doc, d->enc, ranges[k]);
        }
        for (size_t k = 0; k < n; k++)
            srv_jw_object_end(w);
    }
    srv_jw_array_end(w);
    return true;
}

static bool srv__nav_tokens(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code,
                            char **error)
{
    uint32_t start, end;
    if (!srv_nav_param_span(d, params, &start, &end, code, error))
        return false;
    size_t n, len;
    const char *text = infa_document_text(d->doc, &len);
    infa_sem_token *toks = infa_document_semantic_tokens(d->doc, start, end, &n);
    srv_jw_object_begin(w);
    srv_jw_key(w, "data");
    srv_jw_array_begin(w);
    uint32_t prev_line = 0, prev_char = 0;
    for (size_t i = 0; i < n; i++) {
        const infa_sem_token *t = &toks[i];
        uint32_t ch = srv_position_column(d->doc, d->enc, t->start);
        uint32_t units = srv_units_in(text + t->start_byte, t->length, d->enc);
        uint32_t dl = t->start.row - prev_line;
        srv_jw_uint(w, dl);
        srv_jw_uint(w, dl ? ch : ch - prev_char);
        srv_jw_uint(w, units);
        srv_jw_uint(w, t->type);
        srv_jw_uint(w, t->modifiers);
        prev_line = t->start.row;
        prev_char = ch;
    }
    srv_jw_array_end(w);
    srv_jw_object_end(w);
    free(toks);
    return true;
}

static bool srv__nav_inlay(const srv_nav_doc *d, json_t *params, srv_jw *w, int *code, char **error)
{
    uint32_t start, end;
    if (!srv_nav_param_span(d, params, &start, &end, code, error))
        return false;
    infa_inlay_list *l = infa_document_inlay_hints(d->doc, start, end, d->inlay);
    srv_jw_array_begin(w);
    for (size_t i = 0; i < infa_inlay_list_count(l); i++) {
        const infa_inlay_hint *h = infa_inlay_list_get(l, i);
        srv_jw_object_begin(w);
        srv_jw_key(w, "position");
        srv_jw_position(w, d->doc, d->enc, h->position);
        srv_jw_key(w, "label");
        srv_jw_cstr(w, h->label);
        /* InlayHintKind.Type (1): each says what a value means. */
        srv_jw_key(w, "kind");
        srv_jw_uint(w, 1);
        srv_jw_key(w, "paddingLeft");
        srv_jw_bool(w, true);
        if (h->tooltip) {
            srv_jw_key(w, "tooltip");
            srv_jw_cstr(w, h->tooltip);
        }
        srv_jw_object_end(w);
    }
    srv_jw_array_end(w);
    infa_inlay_list_delete(l);
    return true;
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

/* A section of a workspace file, its name's range already in the
 * negotiated encoding (the document is not kept). */
typedef struct {
    char *name;
    int kind;
    uint32_t range[4]; /* start line, character, end line, character */
} srv__nav_sym;

typedef struct {
    char *path;
    srv_file_stamp stamp; /* taken before the file was read */
    srv__nav_sym *syms;
    size_t sym_count;
} srv__nav_file;

struct srv_nav_workspace {
    srv_encoding enc;
    char **folders;
    size_t folder_count;
    bool indexed; /* the folders have been walked once */
    srv__nav_file *files;
    size_t file_count;
    srv_check_dir *dirs; /* every folder the walk listed, stamped before */
    size_t dir_count;
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
    for (size_t i = 0; i < f->sym_count; i++)
        free(f->syms[i].name);
    free(f->syms);
    f->path = NULL;
    f->syms = NULL;
    f->sym_count = 0;
}

static void srv__nav_dirs_clear(srv_nav_workspace *w)
{
    for (size_t i = 0; i < w->dir_count; i++)
        free(w->dirs[i].path);
    free(w->dirs);
    w->dirs = NULL;
    w->dir_count = 0;
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
    srv__nav_dirs_clear(w);
    free(w);
}

/* Reads the file and keeps its sections (the stamp was taken before, so a
 * write during the read shows as a change next time). */
static void srv__nav_file_read(srv_nav_workspace *w, srv__nav_file *f)
{
    for (size_t i = 0; i < f->sym_count; i++)
        free(f->syms[i].name);
    free(f->syms);
    f->syms = NULL;
    f->sym_count = 0;
    size_t raw_len, len;
    char *raw = srv_file_read(f->path, &raw_len);
    if (!raw)
        return;
    infa_text_encoding te;
    char *text = infa_text_decode(raw, raw_len, &te, &len);
    infa_document *doc = infa_document_new(text, len);
    infa_symbol_list *l = infa_document_symbols(doc);
    size_t n = infa_symbol_list_root_count(l);
    f->syms = srv_xcalloc(n ? n : 1, sizeof *f->syms);
    for (size_t i = 0; i < n; i++) {
        const infa_symbol *s = infa_symbol_list_get(l, i);
        srv__nav_sym *y = &f->syms[f->sym_count++];
        y->name = srv_xstrdup(s->name);
        y->kind = (int)s->kind;
        y->range[0] = s->selection.start.row;
        y->range[1] = srv_position_column(doc, w->enc, s->selection.start);
        y->range[2] = s->selection.end.row;
        y->range[3] = srv_position_column(doc, w->enc, s->selection.end);
    }
    infa_symbol_list_delete(l);
    infa_document_delete(doc);
    free(text);
    free(raw);
}

static bool srv__nav_stamp_same(const srv_file_stamp *a, const srv_file_stamp *b)
{
    return a->valid && b->valid && a->size == b->size && a->mtime_ns == b->mtime_ns &&
           a->dev == b->dev && a->ino == b->ino;
}

/* Lists the workspace folders again (the same files --check would read,
 * at most SRV_NAV_MAX_FILES) and every folder under them; a file listed
 * before whose stamp has not changed keeps its sections unread. */
static void srv__nav_walk(srv_nav_workspace *w)
{
    srv__nav_file *fresh = NULL;
    size_t count = 0, kept = 0;
    srv__nav_dirs_clear(w);
    for (size_t fi = 0; fi < w->folder_count && count < SRV_NAV_MAX_FILES; fi++) {
        size_t n, dn = 0;
        srv_check_dir *dirs = NULL;
        char **paths =
            srv_check_list_infs_dirs(w->folders[fi], SRV_NAV_MAX_FILES - count, &n, &dirs, &dn);
        w->dirs = srv_xrealloc(w->dirs, (w->dir_count + dn + 1) * sizeof *w->dirs);
        for (size_t i = 0; i < dn; i++)
            w->dirs[w->dir_count++] = dirs[i];
        free(dirs);
        fresh = srv_xrealloc(fresh, (count + n + 1) * sizeof *fresh);
        for (size_t i = 0; i < n; i++) {
            srv__nav_file *f = &fresh[count++];
            memset(f, 0, sizeof *f);
            f->path = paths[i];
            srv_platform_file_stamp(f->path, &f->stamp);
            /* Both lists come in walk order: look where the last match
             * left off first. */
            srv__nav_file *old = NULL;
            for (size_t k = 0; k < w->file_count && !old; k++) {
                srv__nav_file *o = &w->files[(kept + k) % w->file_count];
                if (o->path && strcmp(o->path, f->path) == 0)
                    old = o;
            }
            if (old && srv__nav_stamp_same(&old->stamp, &f->stamp)) {
                kept = (size_t)(old - w->files) + 1;
                f->syms = old->syms;
                f->sym_count = old->sym_count;
                old->syms = NULL;
                old->sym_count = 0;
                /* Taken: nested workspace folders list a file twice. */
                free(old->path);
                old->path = NULL;
            } else {
                srv__nav_file_read(w, f);
            }
        }
        free(paths);
    }
    for (size_t k = 0; k < w->file_count; k++)
        srv__nav_file_clear(&w->files[k]);
    free(w->files);
    w->files = fresh;
    w->file_count = count;
}

/* Brings the index up to date without walking when nothing moved: a
 * folder's stamp changes when an entry is added, removed or renamed in it,
 * so only then are the folders listed again; otherwise each file is
 * stat()ed and only those whose size or time changed are read again. */
static void srv__nav_refresh(srv_nav_workspace *w)
{
    if (!w->indexed) {
        w->indexed = true;
        srv__nav_walk(w);
        return;
    }
    for (size_t i = 0; i < w->dir_count; i++) {
        srv_file_stamp now;
        srv_platform_file_stamp(w->dirs[i].path, &now);
        if (!srv__nav_stamp_same(&now, &w->dirs[i].stamp)) {
            srv__nav_walk(w);
            return;
        }
    }
    for (size_t i = 0; i < w->file_count; i++) {
        srv__nav_file *f = &w->files[i];
        srv_file_stamp now;
        srv_platform_file_stamp(f->path, &now);
        if (srv__nav_stamp_same(&now, &f->stamp))
            continue;
        f->stamp = now;
        srv__nav_file_read(w, f);
    }
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

static const char *srv__nav_basename(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

/* One SymbolInformation. */
static void srv__nav_symbol_info(srv_jw *w, const char *name, int kind, const char *uri,
                                 const uint32_t range[4], const char *container)
{
    srv_jw_object_begin(w);
    srv_jw_key(w, "name");
    srv_jw_cstr(w, name);
    srv_jw_key(w, "kind");
    srv_jw_int(w, kind);
    srv_jw_key(w, "location");
    srv__nav_uri_location(w, uri, range);
    srv_jw_key(w, "containerName");
    srv_jw_cstr(w, container);
    srv_jw_object_end(w);
}

void srv_nav_workspace_symbol(srv_nav_workspace *w, const srv_nav_doc *open, size_t open_count,
                              json_t *params, srv_jw *out)
{
    const char *query = json_string_value(json_object_get(params, "query"));
    if (!query)
        query = "";
    size_t found = 0;
    srv_jw_array_begin(out);
    for (size_t i = 0; i < open_count; i++) {
        const srv_nav_doc *d = &open[i];
        infa_symbol_list *l = infa_document_symbols(d->doc);
        const char *file = srv__nav_basename(d->path ? d->path : d->uri);
        for (size_t k = 0; k < infa_symbol_list_root_count(l) && found < SRV_NAV_MAX_RESULTS; k++) {
            const infa_symbol *s = infa_symbol_list_get(l, k);
            if (!srv__nav_matches(s->name, query))
                continue;
            uint32_t range[4] = {
                s->selection.start.row, srv_position_column(d->doc, d->enc, s->selection.start),
                s->selection.end.row, srv_position_column(d->doc, d->enc, s->selection.end)};
            srv__nav_symbol_info(out, s->name, (int)s->kind, d->uri, range, file);
            found++;
        }
        infa_symbol_list_delete(l);
    }
    if (w)
        srv__nav_refresh(w);
    for (size_t i = 0; w && i < w->file_count && found < SRV_NAV_MAX_RESULTS; i++) {
        const srv__nav_file *f = &w->files[i];
        bool is_open = false;
        for (size_t k = 0; k < open_count && !is_open; k++)
            is_open = open[k].path && strcmp(open[k].path, f->path) == 0;
        if (is_open)
            continue;
        char *uri = NULL;
        for (size_t k = 0; k < f->sym_count && found < SRV_NAV_MAX_RESULTS; k++) {
            const srv__nav_sym *y = &f->syms[k];
            if (!srv__nav_matches(y->name, query))
                continue;
            if (!uri)
                uri = srv_nav_path_to_uri(f->path);
            srv__nav_symbol_info(out, y->name, y->kind, uri, y->range, srv__nav_basename(f->path));
            found++;
        }
        free(uri);
    }
    srv_jw_array_end(out);
}
