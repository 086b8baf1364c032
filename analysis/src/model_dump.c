/* A canonical text form of the model, for tests that compare models and for
 * debugging. Two models dump equal when every fact a feature can read is
 * equal. */
#include "model_dump.h"

#include "util.h"

#include <stdlib.h>

static void infa_dump__field(infa_buf *out, const infa_field *f)
{
    infa_buf_printf(out, "[%u,%u)%s%s\"", f->span.start, f->span.end, f->quoted ? "q" : "",
                    f->empty ? "e" : "");
    infa_buf_append(out, f->value, f->value_len);
    infa_buf_append(out, "\"", 1);
}

char *infa_model_dump(const infa_model *m)
{
    infa_buf out = {0};
    uint32_t nl = infa_model_line_count(m);
    infa_buf_printf(&out, "lines %u preamble %u\n", nl, infa_model_preamble_line_count(m));
    for (uint32_t i = 0; i < nl; i++) {
        const infa_line *l = infa_model_line(m, i);
        infa_buf_printf(&out, "L%u row %u block %d [%u,%u)", i, l->row, (int)l->block,
                        l->span.start, l->span.end);
        if (l->has_key) {
            infa_buf_append_str(&out, " key ");
            infa_dump__field(&out, &l->key);
        }
        for (uint32_t k = 0; k < l->field_count; k++) {
            infa_buf_append_str(&out, " | ");
            infa_dump__field(&out, &l->fields[k]);
        }
        infa_buf_append_str(&out, "\n");
    }
    for (uint32_t i = 0; i < infa_model_block_count(m); i++) {
        const infa_block *b = infa_model_block(m, i);
        infa_buf_printf(&out, "B%u [%u,%u) header [%u,%u) row %u name [%u,%u) \"", i, b->span.start,
                        b->span.end, b->header.start, b->header.end, b->header_row,
                        b->name_span.start, b->name_span.end);
        infa_buf_append(&out, b->name, b->name_len);
        infa_buf_printf(&out, "\" lines %u+%u section %u\n", b->first_line, b->line_count,
                        b->section);
    }
    for (uint32_t i = 0; i < infa_model_section_count(m); i++) {
        const infa_section *s = infa_model_section(m, i);
        infa_buf_printf(&out, "S%u \"", i);
        infa_buf_append(&out, s->name, s->name_len);
        infa_buf_printf(
            &out, "\" kinds %llx plat %d suffix %llx base %u os %d.%d.%d.%ld.%ld blocks",
            (unsigned long long)s->kinds, (int)s->decoration.platform,
            (unsigned long long)s->decoration.suffix_kind, s->decoration.base_len,
            s->decoration.os_major, s->decoration.os_minor, s->decoration.os_product_type,
            s->decoration.os_suite_mask, s->decoration.os_build);
        for (uint32_t k = 0; k < s->block_count; k++)
            infa_buf_printf(&out, " %u", s->blocks[k]);
        infa_buf_append_str(&out, " refs_in");
        for (uint32_t k = 0; k < s->refs_in_count; k++)
            infa_buf_printf(&out, " %u", s->refs_in[k]);
        infa_buf_append_str(&out, "\n");
    }
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        infa_buf_printf(&out, "R%u [%u,%u) line %u field %d %s kind %llx from %u target %d%s \"", i,
                        r->span.start, r->span.end, r->line, (int)r->field, r->directive,
                        (unsigned long long)r->target_kind, r->from_section, (int)r->target,
                        r->external ? " external" : "");
        infa_buf_append(&out, r->name, r->name_len);
        infa_buf_append_str(&out, "\"\n");
    }
    for (uint32_t i = 0; i < infa_model_string_key_count(m); i++) {
        uint32_t kl;
        const char *k = infa_model_string_key(m, i, &kl);
        const infa_string_def *defs;
        uint32_t n = infa_model_string_defs(m, k, kl, &defs);
        infa_buf_append_str(&out, "K \"");
        infa_buf_append(&out, k, kl);
        infa_buf_append_str(&out, "\"");
        for (uint32_t d = 0; d < n; d++) {
            infa_buf_printf(&out, " %04x:L%u:\"", defs[d].langid, defs[d].line);
            infa_buf_append(&out, defs[d].value, defs[d].value_len);
            infa_buf_append_str(&out, "\"");
        }
        infa_buf_append_str(&out, "\n");
    }
    for (uint32_t i = 0; i < infa_model_syntax_error_count(m); i++) {
        const infa_syntax_error *e = infa_model_syntax_error(m, i);
        infa_buf_printf(&out, "E [%u,%u) %s\n", e->span.start, e->span.end, e->message);
    }
    return infa_buf_take(&out);
}
