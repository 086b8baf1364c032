/*
 * The cursor context: where a byte offset sits in the model (block,
 * section, logical line, key or field, comment, %token%). Hover, completion
 * and navigation all start from it, so they agree on every edge: the end of
 * a line, the end of the file, a continuation row, the gap between two
 * sections.
 */
#include "model_internal.h"

#include <string.h>

/* The block the byte falls in: the last whose span starts at or before it
 * (a byte between two blocks belongs to the first; a header's first byte to
 * its own block), INFA_NONE before the first. */
static uint32_t infa_cursor__block_at(const infa_model *m, uint32_t byte)
{
    uint32_t lo = 0, hi = m->block_count;
    if (hi == 0 || byte < m->blocks[0].pub.span.start)
        return INFA_NONE;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->blocks[mid].pub.span.start <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

infa_location infa_model_locate(const infa_model *m, uint32_t byte)
{
    infa_model__ensure_cross(m);
    infa_location loc;
    memset(&loc, 0, sizeof(loc));
    loc.block = loc.section = loc.line = loc.field = INFA_NONE;
    if (byte > m->len)
        byte = (uint32_t)m->len;
    uint32_t row = infa_model_row_at(m, byte);
    loc.byte = byte;
    loc.row = row;
    loc.row_start = infa_model_row_start(m, row);
    if (loc.row_start > byte)
        loc.row_start = byte;
    loc.line_start = loc.row_start;
    uint32_t bi = infa_cursor__block_at(m, byte);
    const infa_model__block *b = bi == INFA_NONE ? &m->preamble : &m->blocks[bi];
    if (bi != INFA_NONE) {
        loc.block = bi;
        loc.section = b->pub.section;
        if (row == b->pub.header_row && byte >= b->pub.header.start) {
            loc.in_header = true;
            return loc;
        }
    }
    /* The line on this row (a logical line may span rows). */
    const infa_line *line = NULL;
    uint32_t line_index = INFA_NONE;
    for (uint32_t i = 0; i < b->line_count; i++) {
        const infa_line *l = &b->lines[i];
        uint32_t last_row = infa_model_row_at(m, l->span.end);
        if (l->row <= row && row <= last_row) {
            line = l;
            line_index = (bi == INFA_NONE ? 0 : m->block_first_line[bi]) + i;
            break;
        }
        if (l->row > row)
            break;
    }
    /* Comments: a ';' before the cursor on this row, outside quotes. */
    uint32_t rs = loc.row_start;
    bool q = false;
    for (uint32_t i = rs; i < byte && i < m->len; i++) {
        if (m->text[i] == '"')
            q = !q;
        else if (m->text[i] == ';' && !q) {
            /* Inside a %token% a ';' is not a comment; rare enough to ignore. */
            loc.in_comment = true;
            break;
        }
    }
    if (!line)
        return loc;
    loc.line = line_index;
    if (line->span.start < loc.line_start)
        loc.line_start = line->span.start;
    if (line->has_key && byte <= line->key.span.end) {
        loc.in_key = true;
    } else {
        /* Field: count the fields whose start is at or before the cursor;
         * the cursor right after a comma belongs to the next field. */
        uint32_t fi = 0;
        if (line->field_count == 0) {
            loc.field = 0;
        } else {
            for (uint32_t i = 0; i < line->field_count; i++) {
                if (line->fields[i].span.start <= byte)
                    fi = i;
            }
            /* Between fields: if a comma sits between the field's end and the
             * cursor, it is the next (possibly new) field. */
            const infa_field *f = &line->fields[fi];
            uint32_t commas = 0;
            for (uint32_t i = f->span.end; i < byte && i < m->len; i++) {
                if (m->text[i] == ',')
                    commas++;
            }
            loc.field = fi + commas;
            if (!line->has_key && fi == 0 && commas == 0)
                loc.in_key = line->field_count == 1;
        }
    }
    /* The %token% under the cursor. */
    const infa_token *toks;
    infa_span sp = {line->span.start, line->span.end};
    uint32_t nt = infa_model_tokens_in(m, sp, &toks);
    for (uint32_t i = 0; i < nt; i++) {
        if (toks[i].span.start <= byte && byte <= toks[i].span.end) {
            loc.token = &toks[i];
            break;
        }
    }
    return loc;
}
