/* dest-file-multiple-sources: two copies land on the same destination file
 * from different source files (InfVerif 1330), e.g. A.sys,A1.sys in one
 * section and A.sys,A2.sys in another. Copies made only by install sections
 * for different platforms never meet, so they are not compared. No
 * automatic fix: give each variant its own name (and service). */
#include "isolation_support.h"

#include "util.h"

static void dir_of(const infa_iso_copy *c, const char **s, uint32_t *len)
{
    *s = "";
    *len = 0;
    if (c->destdir.subdir_f != NULL && !c->destdir.subdir_f->empty) {
        *s = c->destdir.subdir_f->value;
        *len = c->destdir.subdir_f->value_len;
    }
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (size_t i = 1; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        if (!c->has_destination || !c->destdir.dirid_valid)
            continue;
        for (size_t j = 0; j < i; j++) {
            const infa_iso_copy *o = &copies->items[j];
            if (!o->has_destination || !o->destdir.dirid_valid ||
                infa_strncasecmp(c->dest, c->dest_len, o->dest, o->dest_len) != 0 ||
                infa_strncasecmp(c->source, c->source_len, o->source, o->source_len) == 0)
                continue;
            const char *a, *b;
            uint32_t al, bl;
            dir_of(c, &a, &al);
            dir_of(o, &b, &bl);
            if (!infa_iso_same_dir(c->destdir.dirid, a, al, o->destdir.dirid, b, bl))
                continue;
            unsigned pc = infa_iso_copy_platforms(m, c), po = infa_iso_copy_platforms(m, o);
            if (pc != 0 && po != 0 && (pc & po) == 0)
                continue; /* made for different platforms: never both */
            infa_finding *f = infa_rule_report(
                ctx, c->dest_f->span,
                "Cannot copy multiple different source files ('%.*s' and '%.*s') to destination "
                "file '%.*s': give each variant its own file name",
                (int)o->source_len, o->source, (int)c->source_len, c->source, (int)c->dest_len,
                c->dest);
            infa_finding_relate(f, o->dest_f->span, "'%.*s' is copied there from '%.*s' here",
                                (int)o->dest_len, o->dest, (int)o->source_len, o->source);
            break;
        }
    }
}

const infa_rule infa_rule_dest_file_multiple_sources = {
    .info = {.id = "dest-file-multiple-sources",
             .summary = "Different source files are copied to the same destination file",
             .href = INFA_ISO_DOCS "devtest/inf-verif-error-1330",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1330,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
