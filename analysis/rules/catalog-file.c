/* catalog-file: the catalog that signs the package. [Version] must name it
 * (InfVerif 1233) as a plain file name ending in .cat (1214), and the
 * catalog is never listed in [SourceDisksFiles] (1213): it is made when the
 * package is signed, not copied by the INF. */
#include "general_helpers.h"

static bool is_catalog_directive(const infa_line *l)
{
    /* CatalogFile, CatalogFile.NT, CatalogFile.NTamd64, ... */
    return l->has_key && l->key.value_len >= 11 &&
           infa_streq_nocase(l->key.value, 11, "CatalogFile") &&
           (l->key.value_len == 11 || l->key.value[11] == '.');
}

static bool ends_with_cat(const char *s, size_t len)
{
    return len > 4 && infa_streq_nocase(s + len - 4, 4, ".cat");
}

static void check_names(infa_rule_ctx *ctx, const infa_model *m, uint32_t version)
{
    const infa_section *vs = infa_model_section(m, version);
    bool any = false;
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, version, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (!is_catalog_directive(l))
            continue;
        any = true;
        if (l->field_count == 0 || l->fields[0].empty)
            continue;
        const infa_field *f = &l->fields[0];
        size_t len;
        char *v = infa_gen__expand(m, f->value, f->value_len, &len);
        bool path = memchr(v, '\\', len) || memchr(v, '/', len) || memchr(v, ':', len);
        if (!infa_gen__opaque(v, len) && !infa_gen__paired(v, len, '!') &&
            (path || !ends_with_cat(v, len))) {
            infa_finding *fd = infa_rule_report(
                ctx, f->span, "Catalog file '%.*s' must be a file name ending in .cat%s",
                INFA_GEN_CLIP(len), v, path ? ", without a path" : "");
            infa_finding_set_infverif(fd, 1214);
        }
        free(v);
    }
    if (!any) {
        const infa_block *b = infa_gen__first_block(m, vs);
        infa_rule_report(ctx, b->name_span,
                         "[%.*s] has no CatalogFile: a driver package is signed through its "
                         "catalog; add CatalogFile=<name>.cat",
                         (int)b->name_len, b->name);
    }
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t version = infa_gen__version(m);
    if (version != INFA_NONE)
        check_names(ctx, m, version);
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (!(sec->kinds & INFA_KIND_SOURCE_DISKS_FILES))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            const infa_field *name = l->has_key ? &l->key : l->field_count ? &l->fields[0] : NULL;
            if (name == NULL || !ends_with_cat(name->value, name->value_len))
                continue;
            infa_finding *f = infa_rule_report(
                ctx, name->span,
                "Catalog '%.*s' is listed in [%.*s]: signing makes the catalog, the INF does not "
                "copy it; remove the line",
                INFA_GEN_CLIP(name->value_len), name->value, (int)sec->name_len, sec->name);
            infa_finding_set_infverif(f, 1213);
        }
    }
}

const infa_rule infa_rule_catalog_file = {
    .info = {.id = "catalog-file",
             .summary = "CatalogFile missing or not a .cat name, or a catalog in SourceDisksFiles",
             .href = INFA_DOCS_VERSION,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1233,
    .other_infverif_codes = {1213, 1214},
    .check = check,
};
