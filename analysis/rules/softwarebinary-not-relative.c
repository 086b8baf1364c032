/* softwarebinary-not-relative: AddSoftware's SoftwareBinary runs a file of
 * the driver package, so it names the file inside the package: under %13%
 * (the package's Driver Store folder), as the AddSoftware page writes it.
 * Another DIRID, a drive letter, a UNC or rooted path, or a `..` that climbs
 * out names something the package does not carry (InfVerif 1141). */
#include "general_helpers.h"
#include "isolation_support.h"

/* Why the path leaves the package, or NULL. */
static const char *outside(const infa_path *p, const char *v, size_t len)
{
    if (p->has_dirid)
        return p->dirid == 13 ? NULL : "it starts at another DIRID than 13";
    if (len >= 2 && isalpha((unsigned char)v[0]) && v[1] == ':')
        return "it is an absolute path";
    if (len >= 1 && (v[0] == '\\' || v[0] == '/'))
        return "it is a rooted path";
    int depth = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && v[j] != '\\' && v[j] != '/')
            j++;
        if (j - i == 2 && v[i] == '.' && v[i + 1] == '.')
            depth--;
        else if (!(j - i == 1 && v[i] == '.') && j > i)
            depth++;
        if (depth < 0)
            return "its '..' climbs out of the package";
        i = j + 1;
    }
    return NULL;
}

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *line = infa_model_line(m, li);
        const infa_field *f = infa_iso_key_value(line, "SoftwareBinary");
        uint32_t s = infa_iso_line_section(m, line);
        if (f == NULL || s == INFA_NONE ||
            !(infa_model_section(m, s)->kinds & INFA_KIND_SOFTWARE_INSTALL))
            continue;
        char *v;
        infa_path p;
        if (!infa_iso_path_value(m, f, &v, &p))
            continue;
        size_t len = strlen(v);
        /* A DIRID decides; otherwise text with a placeholder cannot be judged. */
        const char *why = p.has_dirid || !infa_gen__opaque(v, len) ? outside(&p, v, len) : NULL;
        if (why != NULL)
            infa_rule_report(ctx, f->span,
                             "SoftwareBinary '%.*s' is not a file of the driver package: %s; "
                             "copy the binary to DIRID 13 and write %%13%%\\name",
                             INFA_GEN_CLIP(len), v, why);
        free(v);
    }
}

const infa_rule infa_rule_softwarebinary_not_relative = {
    .info = {.id = "softwarebinary-not-relative",
             .summary = "AddSoftware's SoftwareBinary is not a file of the driver package",
             .href = INFA_DOCS_INSTALL "inf-addsoftware-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1141,
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
