/* Refactorings offered as code actions. The one today references a section
 * the user wrote before the directive that would use it; the kind it looks
 * like (infa_model_inferred_kind) picks the directive, from the tables. */
#include "refactor.h"

#include "util.h"

#include <string.h>

/* One action per DDInstall section; a file with hundreds of install
 * sections would otherwise fill the menu. */
#define INFA_REFACTOR__MAX_TARGETS 32

/* Where a new line goes after byte `from`'s row, and the text to insert:
 * the start of the next row, or the end of the text when that row is the
 * last one and has no line end. `eol` is the file's line end. */
static uint32_t infa_refactor__after_row(const char *text, size_t len, uint32_t from,
                                         const char *line, const char *eol, infa_buf *out)
{
    uint32_t i = from;
    while (i < len && text[i] != '\n' && text[i] != '\r')
        i++;
    if (i == len) {
        infa_buf_append_str(out, eol);
        infa_buf_append_str(out, line);
        return i;
    }
    i += (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
    infa_buf_append_str(out, line);
    infa_buf_append_str(out, eol);
    return i;
}

/* The file's line end: that of its first line, CRLF when it has none (the
 * line end of INF files). */
static const char *infa_refactor__eol(const char *text, size_t len)
{
    const char *nl = memchr(text, '\n', len);
    const char *cr = memchr(text, '\r', nl ? (size_t)(nl - text) : len);
    if (cr)
        return cr + 1 < text + len && cr[1] == '\n' ? "\r\n" : "\r";
    return nl ? "\n" : "\r\n";
}

/* `name` as a field: quoted when it holds what would end or split a field.
 * False for names a field cannot hold (a `%` would read as a token). */
static bool infa_refactor__field(const char *name, size_t len, infa_buf *out)
{
    if (len == 0 || memchr(name, '%', len) || memchr(name, '\n', len) || memchr(name, '\r', len) ||
        memchr(name, 0, len))
        return false;
    bool quote = false;
    for (size_t i = 0; i < len; i++)
        quote |= strchr(" \t,;=\"\\", name[i]) != NULL;
    if (!quote) {
        infa_buf_append(out, name, len);
        return true;
    }
    infa_buf_append_str(out, "\"");
    for (size_t i = 0; i < len; i++)
        infa_buf_append(out, name[i] == '"' ? "\"\"" : name + i, name[i] == '"' ? 2 : 1);
    infa_buf_append_str(out, "\"");
    return true;
}

static void infa_refactor__section(const infa_model *m, uint32_t si, infa_refactor_emit emit,
                                   void *user)
{
    const infa_section *s = infa_model_section(m, si);
    if (s->refs_in_count)
        return;
    infa_kind_set guess = infa_model_inferred_kind(m, si);
    const infa_kb_directive *d =
        guess ? infa_kb_directive_listing(guess, INFA_KIND_DDINSTALL) : NULL;
    if (!d)
        return;
    infa_buf line = {0}, title = {0}, text = {0};
    infa_buf_printf(&line, "%s=", d->name);
    if (!infa_refactor__field(s->name, s->name_len, &line))
        goto cleanup;
    size_t len;
    const char *doc = infa_model_text(m, &len);
    const char *eol = infa_refactor__eol(doc, len);
    uint32_t targets = 0;
    for (uint32_t ti = 0, n = infa_model_section_count(m);
         ti < n && targets < INFA_REFACTOR__MAX_TARGETS; ti++) {
        const infa_section *t = infa_model_section(m, ti);
        if (!(t->kinds & INFA_KIND_DDINSTALL) || !t->block_count)
            continue;
        const infa_block *b = infa_model_block(m, t->blocks[t->block_count - 1]);
        uint32_t from = b->header.end;
        if (b->line_count)
            from = infa_model_line(m, b->first_line + b->line_count - 1)->span.end;
        text.len = 0;
        uint32_t at = infa_refactor__after_row(doc, len, from, line.data, eol, &text);
        title.len = 0;
        infa_buf_printf(&title, "Reference [%.*s] from [%.*s]", (int)s->name_len, s->name,
                        (int)t->name_len, t->name);
        emit(user, title.data, at, text.data);
        targets++;
    }
cleanup:
    infa_buf_free(&line);
    infa_buf_free(&title);
    infa_buf_free(&text);
}

void infa_refactor_reference(const infa_model *m, uint32_t start_row, uint32_t end_row,
                             infa_refactor_emit emit, void *user)
{
    for (uint32_t bi = 0, n = infa_model_block_count(m); bi < n; bi++) {
        const infa_block *b = infa_model_block(m, bi);
        if (b->header_row > end_row)
            break;
        if (b->header_row < start_row)
            continue;
        /* A section once, at its first block in range. */
        const infa_section *s = infa_model_section(m, b->section);
        uint32_t first = bi;
        for (uint32_t k = 0; k < s->block_count && first == bi; k++)
            if (s->blocks[k] < bi && infa_model_block(m, s->blocks[k])->header_row >= start_row)
                first = s->blocks[k];
        if (first == bi)
            infa_refactor__section(m, b->section, emit, user);
    }
}
