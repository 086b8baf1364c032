/* destination-dirid-unresolved: the DIRID a [DestinationDirs] entry gives
 * the files of a copy-files section must be one Windows resolves when it
 * copies them: not a number (InfVerif 1243), a system DIRID no table has
 * (1242), or a user-defined DIRID (32768 and up), which only a co-installer
 * or setup program defines at run time with SetupSetDirectoryId and which
 * is therefore undefined for a driver package (1241). Reported once per
 * entry that some copy-files section with files uses; a DIRID written with
 * bad number syntax is also bad-number's finding. */
#include "general_helpers.h"

/* The first file a copy-files section copies, or NULL. */
static const infa_field *first_file(const infa_model *m, uint32_t s)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        const infa_field *f = l->has_key ? &l->key : l->field_count ? &l->fields[0] : NULL;
        if (f != NULL && !f->empty && f->value_len > 0)
            return f;
    }
    return NULL;
}

static void report(infa_rule_ctx *ctx, const infa_model *m, const infa_destdir *dd,
                   uint32_t files_section, const infa_field *file)
{
    const infa_section *fs = infa_model_section(m, files_section);
    const infa_field *d = dd->dirid_f;
    infa_finding *f;
    if (!dd->dirid_valid) {
        f = infa_rule_report(ctx, d->span,
                             "DIRID '%.*s' for the files of [%.*s] (e.g. '%.*s') is not a number",
                             INFA_GEN_CLIP(d->value_len), d->value, INFA_GEN_CLIP(fs->name_len),
                             fs->name, INFA_GEN_CLIP(file->value_len), file->value);
        infa_finding_set_infverif(f, 1243);
        return;
    }
    infa_dirid_range r = infa_kb_dirid_range(dd->dirid);
    if (r == INFA_DIRID_RANGE_USER) {
        infa_rule_report(ctx, d->span,
                         "User-defined DIRID %ld for the files of [%.*s] (e.g. '%.*s') is defined "
                         "by no one when the package installs: copy them to 13",
                         dd->dirid, INFA_GEN_CLIP(fs->name_len), fs->name,
                         INFA_GEN_CLIP(file->value_len), file->value);
        return;
    }
    if (r == INFA_DIRID_RANGE_SYSTEM && infa_kb_dirid_find(dd->dirid) == NULL) {
        f = infa_rule_report(ctx, d->span,
                             "DIRID %ld for the files of [%.*s] (e.g. '%.*s') is no directory "
                             "Windows defines: copy them to 13",
                             dd->dirid, INFA_GEN_CLIP(fs->name_len), fs->name,
                             INFA_GEN_CLIP(file->value_len), file->value);
        infa_finding_set_infverif(f, 1242);
    }
}

static void check_entry(infa_rule_ctx *ctx, const infa_model *m, const infa_destdir *dd, uint32_t s)
{
    const infa_field *file = first_file(m, s);
    if (file == NULL || dd->dirid_f == NULL || dd->dirid_f->empty ||
        (!dd->dirid_valid && infa_gen__opaque(dd->dirid_f->value, dd->dirid_f->value_len)))
        return;
    report(ctx, m, dd, s, file);
}

/* One pass over [DestinationDirs]: each entry of a copy-files section, then
 * DefaultDestDir once if some copy-files section has no entry of its own. */
static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t n = infa_model_section_count(m);
    bool *has_entry = infa_xcalloc(n ? n : 1, sizeof *has_entry);
    infa_destdir deflt = {0};
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_DESTINATION_DIRS);
         infa_kind_lines_next(&k);) {
        infa_destdir dd;
        if (!infa_destdir_parse(m, k.line, &dd))
            continue;
        if (dd.is_default) {
            if (deflt.line == NULL)
                deflt = dd;
            continue;
        }
        uint32_t s = infa_model_find_section(m, k.line->key.value, k.line->key.value_len);
        if (s == INFA_NONE || !(infa_model_section(m, s)->kinds & INFA_KIND_COPY_FILES) ||
            has_entry[s])
            continue;
        has_entry[s] = true;
        check_entry(ctx, m, &dd, s);
    }
    for (uint32_t s = 0; deflt.line != NULL && s < n; s++)
        if ((infa_model_section(m, s)->kinds & INFA_KIND_COPY_FILES) && !has_entry[s] &&
            first_file(m, s) != NULL) {
            check_entry(ctx, m, &deflt, s);
            break;
        }
    free(has_entry);
}

const infa_rule infa_rule_destination_dirid_unresolved = {
    .info = {.id = "destination-dirid-unresolved",
             .summary = "Files are copied to a DIRID Windows cannot resolve",
             .href = INFA_DOCS_INSTALL "using-dirids",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1241,
    .other_infverif_codes = {1242, 1243},
    .check = check,
};
