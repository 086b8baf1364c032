/*
 * Inlay hints: the facts an author otherwise looks up. After a DIRID (in
 * DestinationDirs or a %NN% path) the folder it names; after an AddReg
 * flags field its REG_* type and modifiers; after an AddService flags field
 * the SPSVCINST_* flags. Names and folders come from the kb tables.
 */
#include "document.h"
#include "infa.h"
#include "kb.h"
#include "model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct infa_inlay_list {
    INFA_VEC(infa_inlay_hint) items;
};

static void infa_inlay__push(infa_inlay_list *l, infa_document *doc, uint32_t byte, char *label,
                             unsigned category)
{
    infa_inlay_hint h;
    memset(&h, 0, sizeof h);
    h.byte = byte;
    h.position = infa_document_point_at(doc, byte);
    h.label = label;
    h.category = category;
    INFA_VEC_PUSH(&l->items, h);
}

static void infa_inlay__dirid(infa_inlay_list *l, infa_document *doc, uint32_t byte, long id)
{
    const char *folder = infa_kb_dirid_folder(id);
    if (folder)
        infa_inlay__push(l, doc, byte, infa_xasprintf("→ %s", folder), INFA_INLAY_DIRID);
}

/* "FLG_ADDREG_NOCLOBBER" -> "NOCLOBBER": the hint has little room. */
static const char *infa_inlay__short(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(name, prefix, n) == 0 ? name + n : name;
}

static void infa_inlay__addreg(infa_inlay_list *l, infa_document *doc, const infa_model *m,
                               const infa_line *line)
{
    infa_addreg ar;
    if (!infa_addreg_parse(m, line, &ar) || !ar.flags_f || ar.flags_f->empty || !ar.flags_valid)
        return;
    infa_kb_addreg_decoded d;
    infa_kb_addreg_flags_decode(ar.flags, &d);
    infa_buf b = {0};
    if (d.reg_type && d.type_status == INFA_ADDREG_TYPE_KNOWN)
        infa_buf_append_str(&b, d.reg_type);
    else if (d.type_status == INFA_ADDREG_TYPE_CUSTOM)
        infa_buf_printf(&b, "type 0x%X as binary", (unsigned)d.custom_type);
    else
        infa_buf_append_str(&b, "invalid type");
    for (size_t i = 0; i < d.mod_count; i++)
        infa_buf_printf(&b, " | %s", infa_inlay__short(d.mods[i]->name, "FLG_ADDREG_"));
    if (d.unknown_bits)
        infa_buf_printf(&b, " | 0x%X?", (unsigned)d.unknown_bits);
    infa_inlay__push(l, doc, ar.flags_f->span.end, infa_buf_take(&b), INFA_INLAY_REG_FLAGS);
}

static void infa_inlay__addservice(infa_inlay_list *l, infa_document *doc, const infa_model *m,
                                   const infa_line *line)
{
    infa_addservice as;
    if (!infa_addservice_parse(m, line, &as) || !as.flags_f || as.flags_f->empty ||
        !as.flags_valid || as.flags == 0)
        return;
    infa_buf b = {0};
    const infa_kb_const *exact = infa_kb_const_find(INFA_KB_CONSTS_SPSVCINST, as.flags);
    if (exact) {
        infa_buf_append_str(&b, infa_inlay__short(exact->name, "SPSVCINST_"));
    } else {
        const infa_kb_const *rows[32];
        uint32_t unknown = 0;
        size_t n = infa_kb_const_decode(INFA_KB_CONSTS_SPSVCINST, as.flags, rows, 32, &unknown);
        for (size_t i = 0; i < n; i++)
            infa_buf_printf(&b, "%s%s", i ? " | " : "",
                            infa_inlay__short(rows[i]->name, "SPSVCINST_"));
        if (unknown)
            infa_buf_printf(&b, "%s0x%X?", n ? " | " : "", (unsigned)unknown);
    }
    infa_inlay__push(l, doc, as.flags_f->span.end, infa_buf_take(&b), INFA_INLAY_SERVICE_FLAGS);
}

infa_inlay_list *infa_document_inlay_hints(infa_document *doc, uint32_t start_byte,
                                           uint32_t end_byte, unsigned categories)
{
    infa_inlay_list *l = infa_xcalloc(1, sizeof *l);
    const infa_model *m = infa_document_model(doc);
    size_t len;
    infa_document_text(doc, &len);
    if (end_byte > len)
        end_byte = (uint32_t)len;
    uint32_t first_row = infa_document_point_at(doc, start_byte).row;
    uint32_t last_row = infa_document_point_at(doc, end_byte).row;
    uint32_t rs = infa_document_line_start(doc, first_row);
    uint32_t re = infa_document_line_end(doc, last_row);
    for (uint32_t bi = 0, nb = infa_model_block_count(m); bi < nb; bi++) {
        const infa_block *b = infa_model_block(m, bi);
        if (b->span.end < rs || b->span.start > re)
            continue;
        const infa_section *sec = infa_model_section(m, b->section);
        infa_kind_set kinds = sec ? sec->kinds : 0;
        for (uint32_t i = 0; i < b->line_count; i++) {
            const infa_line *line = infa_model_line(m, b->first_line + i);
            if (line->span.end < rs || line->span.start > re)
                continue;
            size_t before = l->items.len;
            if ((categories & INFA_INLAY_DIRID) && (kinds & INFA_KIND_DESTINATION_DIRS)) {
                infa_destdir dd;
                if (infa_destdir_parse(m, line, &dd) && dd.dirid_valid && dd.dirid_f &&
                    !memchr(dd.dirid_f->value, '%', dd.dirid_f->value_len))
                    infa_inlay__dirid(l, doc, dd.dirid_f->span.end, dd.dirid);
            }
            if (categories & INFA_INLAY_DIRID) {
                const infa_token *toks;
                uint32_t n = infa_model_tokens_in(m, line->span, &toks);
                for (uint32_t k = 0; k < n; k++)
                    if (toks[k].kind == INFA_TOKEN_DIRID)
                        infa_inlay__dirid(l, doc, toks[k].span.end, toks[k].dirid);
            }
            if ((categories & INFA_INLAY_REG_FLAGS) && (kinds & INFA_KIND_ADD_REGISTRY))
                infa_inlay__addreg(l, doc, m, line);
            if (categories & INFA_INLAY_SERVICE_FLAGS)
                infa_inlay__addservice(l, doc, m, line);
            /* Hints outside the requested rows of a long continued line. */
            size_t k = before;
            for (size_t j = before; j < l->items.len; j++) {
                uint32_t row = l->items.items[j].position.row;
                if (row < first_row || row > last_row) {
                    free((char *)l->items.items[j].label);
                    continue;
                }
                l->items.items[k++] = l->items.items[j];
            }
            l->items.len = k;
        }
    }
    return l;
}

void infa_inlay_list_delete(infa_inlay_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->items.len; i++) {
        free((char *)list->items.items[i].label);
        free((char *)list->items.items[i].tooltip);
    }
    INFA_VEC_FREE(&list->items);
    free(list);
}

size_t infa_inlay_list_count(const infa_inlay_list *list)
{
    return list ? list->items.len : 0;
}

const infa_inlay_hint *infa_inlay_list_get(const infa_inlay_list *list, size_t index)
{
    return list && index < list->items.len ? &list->items.items[index] : NULL;
}
