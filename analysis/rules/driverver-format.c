/* driverver-format: DriverVer = MM/DD/YYYY[,w.x.y.z]. A date that is not
 * MM/DD/YYYY (InfVerif 1218) or a version that is not up to four numbers of
 * 16 bits (1217) makes driver ranking compare the wrong thing. */
#include "general_helpers.h"

/* Digits only, 1..maxd of them, value in [lo, hi]. */
static bool number_in(const char *s, size_t len, size_t maxd, long lo, long hi)
{
    if (len == 0 || len > maxd)
        return false;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    return v >= lo && v <= hi;
}

static bool valid_date(const char *s, size_t len)
{
    const char *p[3];
    size_t l[3];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '/') {
            if (n == 3)
                return false;
            p[n] = s + start;
            l[n++] = i - start;
            start = i + 1;
        }
    }
    return n == 3 && number_in(p[0], l[0], 2, 1, 12) && number_in(p[1], l[1], 2, 1, 31) &&
           l[2] == 4 && number_in(p[2], l[2], 4, 0, 9999);
}

static bool valid_version(const char *s, size_t len)
{
    size_t parts = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (!number_in(s + start, i - start, 5, 0, 65535))
                return false;
            parts++;
            start = i + 1;
        }
    }
    /* SetupAPI pads a shorter version with zeros, so only more than four
     * parts, a non-number or a part over 16 bits is wrong. */
    return parts >= 1 && parts <= 4;
}

static void check_line(infa_rule_ctx *ctx, const infa_model *m, const infa_line *l)
{
    for (uint32_t k = 0; k < 2 && k < l->field_count; k++) {
        const infa_field *f = &l->fields[k];
        if (f->empty && k == 1)
            continue;
        size_t len;
        char *v = infa_gen__expand(m, f->value, f->value_len, &len);
        if (!infa_gen__opaque(v, len)) {
            if (k == 0 && !valid_date(v, len)) {
                infa_finding *fd = infa_rule_report(
                    ctx, f->span, "DriverVer date '%.*s' is not MM/DD/YYYY", INFA_GEN_CLIP(len), v);
                infa_finding_set_infverif(fd, 1218);
            } else if (k == 1 && !valid_version(v, len)) {
                infa_rule_report(ctx, f->span,
                                 "DriverVer version '%.*s' is not w.x.y.z, up to four numbers "
                                 "from 0 to 65535",
                                 INFA_GEN_CLIP(len), v);
            }
        }
        free(v);
    }
}

static void check_block(infa_rule_ctx *ctx, uint32_t block)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t first, count = infa_rule_block_lines(m, block, &first);
    for (uint32_t li = first; li < first + count; li++) {
        const infa_line *l = infa_model_line(m, li);
        if (l->block != INFA_NONE && l->has_key && l->field_count > 0 &&
            infa_streq_nocase(l->key.value, l->key.value_len, "DriverVer"))
            check_line(ctx, m, l);
    }
}

const infa_rule infa_rule_driverver_format = {
    .info = {.id = "driverver-format",
             .summary = "DriverVer date is not MM/DD/YYYY or version not w.x.y.z",
             .href = INFA_DOCS_INSTALL "inf-driverver-directive",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1217,
    .other_infverif_codes = {1218},
    .scope = INFA_RULE_BLOCK,
    .reads = INFA_FACT_SECTION | INFA_FACT_STRINGS,
    .check_block = check_block,
};
