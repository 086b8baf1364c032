/* targetos-decoration: a [Manufacturer] line names its Models section with
 * TargetOSVersion decorations,
 * NT[arch][.[major][.[minor][.[product-type][.[suite-mask][.[build]]]]]].
 * A decoration that does not read so (no NT, an unknown architecture, a
 * part that is no number, more than five parts) matches no system and the
 * Models section it names is never used (InfVerif 1287). stampinf's
 * NT$ARCH$ of an .inx is left alone. */
#include "general_helpers.h"

/* Length of the architecture after "NT" that the kb's platform table knows
 * (0 for none), or -1 when letters follow that name no architecture. */
static int arch_len(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && s[n] != '.')
        n++;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < infa_kb_platform_count(); i++) {
        const infa_kb_platform *p = infa_kb_platform_at(i);
        if (p->nt && p->arch != NULL && infa_streq_nocase(s, n, p->arch))
            return (int)n;
    }
    return -1;
}

static bool number_part(const char *s, size_t len)
{
    if (len == 0)
        return true; /* an empty part keeps the default */
    size_t i = 0;
    bool hex = len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    if (hex)
        i = 2;
    for (; i < len; i++)
        if (!(hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])))
            return false;
    return true;
}

/* Why a decoration does not read, or NULL. */
static const char *problem(const char *s, size_t len)
{
    if (len < 2 || infa_gen__lower(s[0]) != 'n' || infa_gen__lower(s[1]) != 't')
        return "it does not start with NT";
    s += 2;
    len -= 2;
    int a = arch_len(s, len);
    if (a < 0)
        return "the architecture is none of x86, amd64, arm, arm64, ia64";
    s += a;
    len -= (size_t)a;
    int parts = 0;
    while (len > 0) {
        if (s[0] != '.')
            return "the parts after NT and the architecture are not dot-separated numbers";
        s++;
        len--;
        size_t n = 0;
        while (n < len && s[n] != '.')
            n++;
        if (++parts > 5)
            return "it has more than five version parts";
        if (!number_part(s, n))
            return "a version part is not a number";
        s += n;
        len -= n;
    }
    return NULL;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_MANUFACTURER);
         infa_kind_lines_next(&k);) {
        const infa_line *l = k.line;
        if (!l->has_key || l->field_count < 2)
            continue;
        const infa_field *models = &l->fields[0];
        for (uint32_t fi = 1; fi < l->field_count; fi++) {
            const infa_field *f = &l->fields[fi];
            if (f->empty)
                continue;
            size_t len;
            char *v = infa_gen__expand(m, f->value, f->value_len, &len);
            const char *why = infa_gen__opaque(v, len) ? NULL : problem(v, len);
            if (why != NULL)
                infa_rule_report(ctx, f->span,
                                 "Decoration '%.*s' of Models section '%.*s' is no "
                                 "TargetOSVersion: %s (NT[arch][.major[.minor[.type[.suite[."
                                 "build]]]]])",
                                 INFA_GEN_CLIP(len), v, INFA_GEN_CLIP(models->value_len),
                                 models->value, why);
            free(v);
        }
    }
}

const infa_rule infa_rule_targetos_decoration = {
    .info = {.id = "targetos-decoration",
             .summary = "A [Manufacturer] TargetOSVersion decoration does not parse",
             .href = INFA_DOCS_INSTALL "inf-manufacturer-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1287,
    .check = check,
};
