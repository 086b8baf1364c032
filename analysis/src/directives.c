/*
 * Parsed directives: AddReg, DestinationDirs, SourceDisksFiles, CopyFiles
 * entries, AddService, numbers and %DIRID% paths, read from the model.
 */
#include "model_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- Parsed directives ------------------------------------------------------------------- */

static bool infa_directives__number_text(const char *s, size_t len, long long *out)
{
    while (len && infa_model__is_space(*s)) {
        s++;
        len--;
    }
    while (len && infa_model__is_space(s[len - 1]))
        len--;
    if (len == 0)
        return false;
    bool neg = false;
    size_t i = 0;
    if (s[0] == '-') {
        neg = true;
        i = 1;
    }
    unsigned long long v = 0;
    if (i + 1 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        i += 2;
        if (i == len)
            return false;
        for (; i < len; i++) {
            int c = (unsigned char)s[i];
            if (!isxdigit(c))
                return false;
            v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
            if (v > 0xFFFFFFFFFFFFull)
                return false;
        }
    } else {
        if (i == len)
            return false;
        for (; i < len; i++) {
            int c = (unsigned char)s[i];
            if (!isdigit(c))
                return false;
            v = v * 10 + (unsigned)(c - '0');
            if (v > 0xFFFFFFFFFFFFull)
                return false;
        }
    }
    *out = neg ? -(long long)v : (long long)v;
    return true;
}

bool infa_parse_number(const infa_model *m, const infa_field *f, long long *out)
{
    if (!f || f->empty)
        return false;
    size_t len;
    char *v = infa_model_expand(m, f->value, f->value_len, &len);
    bool ok = infa_directives__number_text(v, len, out);
    free(v);
    return ok;
}

static const infa_field *infa_directives__field(const infa_line *l, uint32_t i)
{
    return i < l->field_count ? &l->fields[i] : NULL;
}

/* A flags field: a 32-bit number, or 0 when absent or empty. Returns false
 * (leaving *flags alone) when it is not one. */
static bool infa_directives__flags(const infa_model *m, const infa_field *f, uint32_t *flags)
{
    if (!f || f->empty) {
        *flags = 0;
        return true;
    }
    long long v;
    if (!infa_parse_number(m, f, &v) || v < 0 || v > 0xFFFFFFFFll)
        return false;
    *flags = (uint32_t)v;
    return true;
}

bool infa_addreg_parse(const infa_model *m, const infa_line *line, infa_addreg *out)
{
    memset(out, 0, sizeof(*out));
    if (!line || line->has_key || line->field_count == 0)
        return false;
    out->root_f = infa_directives__field(line, 0);
    out->subkey_f = infa_directives__field(line, 1);
    out->name_f = infa_directives__field(line, 2);
    out->flags_f = infa_directives__field(line, 3);
    out->value_f = infa_directives__field(line, 4);
    out->value_count = line->field_count > 4 ? line->field_count - 4 : 0;
    size_t rl;
    char *root = infa_model_expand(m, out->root_f->value, out->root_f->value_len, &rl);
    const infa_kb_reg_root *kr = infa_kb_reg_root_find(root, rl);
    out->root = kr ? kr->root : rl ? INFA_ROOT_UNKNOWN : INFA_ROOT_NONE;
    free(root);
    out->flags_present = out->flags_f && !out->flags_f->empty;
    out->flags_valid = infa_directives__flags(m, out->flags_f, &out->flags);
    return true;
}

bool infa_destdir_parse(const infa_model *m, const infa_line *line, infa_destdir *out)
{
    memset(out, 0, sizeof(*out));
    if (!line || !line->has_key)
        return false;
    out->line = line;
    out->is_default = infa_streq_nocase(line->key.value, line->key.value_len, "DefaultDestDir");
    out->dirid_f = infa_directives__field(line, 0);
    out->subdir_f = infa_directives__field(line, 1);
    if (out->subdir_f && out->subdir_f->empty)
        out->subdir_f = NULL;
    long long v;
    if (out->dirid_f && infa_parse_number(m, out->dirid_f, &v)) {
        out->dirid_valid = true;
        out->dirid = (long)v;
    }
    return true;
}

bool infa_model_destination(const infa_model *m, uint32_t file_list_section, infa_destdir *out)
{
    infa_model__ensure_cross(m);
    memset(out, 0, sizeof(*out));
    if (file_list_section >= m->section_count)
        return false;
    const infa_section *target = &m->sections[file_list_section];
    const infa_line *deflt = NULL;
    for (uint32_t s = 0; s < m->section_count; s++) {
        const infa_section *sec = &m->sections[s];
        if (!(sec->kinds & INFA_KIND_DESTINATION_DIRS))
            continue;
        uint32_t it = 0, li;
        while ((li = infa_model_section_next_line(m, s, &it)) != INFA_NONE) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key)
                continue;
            if (infa_streq_nocase(l->key.value, l->key.value_len, "DefaultDestDir")) {
                if (!deflt)
                    deflt = l;
                continue;
            }
            size_t kl;
            char *k = infa_model_expand(m, l->key.value, l->key.value_len, &kl);
            bool match = infa_strncasecmp(k, kl, target->name, target->name_len) == 0;
            free(k);
            if (match)
                return infa_destdir_parse(m, l, out);
        }
    }
    if (deflt)
        return infa_destdir_parse(m, deflt, out);
    return false;
}

uint32_t infa_model_source_files(const infa_model *m, const char *name, size_t len,
                                 infa_source_file *out, uint32_t max)
{
    infa_model__ensure_cross(m);
    uint32_t n = 0;
    for (uint32_t s = 0; s < m->section_count; s++) {
        const infa_section *sec = &m->sections[s];
        if (!(sec->kinds & INFA_KIND_SOURCE_DISKS_FILES))
            continue;
        uint32_t it = 0, li;
        while ((li = infa_model_section_next_line(m, s, &it)) != INFA_NONE) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key || infa_strncasecmp(l->key.value, l->key.value_len, name, len) != 0)
                continue;
            if (n < max) {
                infa_source_file *f = &out[n];
                f->line = l;
                f->file_f = &l->key;
                f->diskid_f = infa_directives__field(l, 0);
                f->subdir_f = infa_directives__field(l, 1);
                if (f->subdir_f && f->subdir_f->empty)
                    f->subdir_f = NULL;
                f->platform = sec->decoration.platform;
            }
            n++;
        }
    }
    return n;
}

bool infa_copy_entry_parse(const infa_model *m, const infa_line *line, infa_copy_entry *out)
{
    (void)m;
    memset(out, 0, sizeof(*out));
    if (!line)
        return false;
    out->line = line;
    if (line->has_key) {
        /* `CopyFiles = @file` lines reach here through the directive. */
        out->dest_f = infa_directives__field(line, 0);
    } else {
        out->dest_f = infa_directives__field(line, 0);
        out->source_f = infa_directives__field(line, 1);
        if (out->source_f && out->source_f->empty)
            out->source_f = NULL;
        out->flags_f = infa_directives__field(line, 3);
        if (out->flags_f && out->flags_f->empty)
            out->flags_f = NULL;
    }
    return out->dest_f != NULL && !out->dest_f->empty;
}

bool infa_addservice_parse(const infa_model *m, const infa_line *line, infa_addservice *out)
{
    memset(out, 0, sizeof(*out));
    if (!line || !line->has_key ||
        !infa_streq_nocase(line->key.value, line->key.value_len, "AddService"))
        return false;
    out->line = line;
    out->name_f = infa_directives__field(line, 0);
    out->flags_f = infa_directives__field(line, 1);
    out->install_f = infa_directives__field(line, 2);
    out->eventlog_f = infa_directives__field(line, 3);
    out->flags_valid = infa_directives__flags(m, out->flags_f, &out->flags);
    return out->name_f != NULL;
}

void infa_path_split(const char *value, size_t len, infa_path *out)
{
    memset(out, 0, sizeof(*out));
    out->rest = value;
    out->rest_len = (uint32_t)len;
    if (len >= 3 && value[0] == '%') {
        size_t j = 1;
        if (j < len && value[j] == '-')
            j++;
        size_t digits = j;
        while (j < len && isdigit((unsigned char)value[j]))
            j++;
        if (j > digits && j < len && value[j] == '%') {
            out->has_dirid = true;
            out->dirid = strtol(value + 1, NULL, 10);
            out->dirid_len = (uint32_t)(j + 1);
            size_t r = j + 1;
            if (r < len && value[r] == '\\')
                r++;
            out->rest = value + r;
            out->rest_len = (uint32_t)(len - r);
            out->rest_offset = (uint32_t)r;
        }
    }
    const char *fn = out->rest;
    size_t fl = out->rest_len;
    for (size_t i = out->rest_len; i > 0; i--) {
        if (out->rest[i - 1] == '\\' || out->rest[i - 1] == '/') {
            fn = out->rest + i;
            fl = out->rest_len - i;
            break;
        }
    }
    out->file_name = fn;
    out->file_name_len = (uint32_t)fl;
}
