/* filelist-empty-name: a line of a CopyFiles, DelFiles or RenFiles section
 * whose file name is empty (`,source.sys`) names no file to act on
 * (InfVerif 1229). */
#include "general_helpers.h"

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_kind_set lists = INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & lists))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            const infa_field *name = l->has_key ? &l->key : l->field_count ? &l->fields[0] : NULL;
            if (name == NULL || (!name->empty && name->value_len > 0))
                continue;
            const char *what = sec->kinds & INFA_KIND_COPY_FILES  ? "destination"
                               : sec->kinds & INFA_KIND_REN_FILES ? "new"
                                                                  : "";
            infa_rule_report(ctx, l->span, "This [%.*s] entry has no %s%sfile name",
                             (int)sec->name_len, sec->name, what, what[0] ? " " : "");
        }
    }
}

const infa_rule infa_rule_filelist_empty_name = {
    .info = {.id = "filelist-empty-name",
             .summary = "A CopyFiles, DelFiles or RenFiles entry without a file name",
             .href = INFA_DOCS_INSTALL "inf-copyfiles-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1229,
    .check = check,
};
