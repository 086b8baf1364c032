/* undefined-section: a directive names a section the file does not define
 * (InfVerif 1203). References into Include'd INFs (Needs) are never checked,
 * and install sections are found the way SetupAPI finds them: a Models line
 * naming `Inst` is satisfied by [Inst], [Inst.NT] or [Inst.NT<arch>], and a
 * Manufacturer line `%Mfg% = Models,NTamd64` needs [Models.NTamd64]. */
#include "general_helpers.h"

/* Kinds whose sections SetupAPI looks up with a platform decoration added. */
#define DECORATED_KINDS                                                                            \
    (INFA_KIND_ANY_DDINSTALL | INFA_KIND_DEFAULT_INSTALL | INFA_KIND_DEFAULT_INSTALL_SERVICES |    \
     INFA_KIND_CLASS_INSTALL32 | INFA_KIND_CLASS_INSTALL32_SERVICES |                              \
     INFA_KIND_INSTALL_INTERFACE | INFA_KIND_INTERFACE_INSTALL | INFA_KIND_DEFAULT_UNINSTALL)

/* Is there a section `name.<platform>` (same suffix-less shape)? */
static bool decorated_exists(const infa_model *m, const char *name, size_t len)
{
    for (uint32_t i = 0; i < infa_model_section_count(m); i++) {
        const infa_section *s = infa_model_section(m, i);
        if (s->name_len <= len + 1 || s->name[len] != '.')
            continue;
        if (infa_strncasecmp(s->name, len, name, len) != 0)
            continue;
        infa_kb_section_split_result sp;
        infa_kb_section_split(s->name, s->name_len, &sp);
        if (sp.base_len == len && sp.platform != NULL && sp.suffix == NULL)
            return true;
        /* stampinf templates: [Inst.NT$ARCH$] */
        if (memchr(s->name + len, '$', s->name_len - len) != NULL)
            return true;
    }
    return false;
}

/* Is there any [base.something] (a decorated Models section)? */
static bool decorated_models_exist(const infa_model *m, const char *base, size_t len)
{
    for (uint32_t i = 0; i < infa_model_section_count(m); i++) {
        const infa_section *s = infa_model_section(m, i);
        if (s->name_len > len + 1 && s->name[len] == '.' &&
            infa_strncasecmp(s->name, len, base, len) == 0)
            return true;
    }
    return false;
}

/* The closest section name, for "did you mean". */
static const infa_section *closest_section(const infa_model *m, const char *name, size_t len,
                                           uint32_t *budget)
{
    if (*budget < infa_model_section_count(m))
        return NULL;
    *budget -= infa_model_section_count(m);
    size_t cap = infa_gen__typo_cap(len), best = cap + 1;
    const infa_section *hit = NULL;
    for (uint32_t i = 0; i < infa_model_section_count(m); i++) {
        const infa_section *s = infa_model_section(m, i);
        size_t d = infa_gen__distance(name, len, s->name, s->name_len, cap);
        if (d < best) {
            best = d;
            hit = s;
        }
    }
    return hit;
}

/* can_fix: the span holds the name exactly as written (no %token%), so a
 * suggestion can replace it. */
static infa_finding *report_missing(infa_rule_ctx *ctx, infa_span span, const char *what,
                                    const char *name, size_t len, bool can_fix, uint32_t *budget)
{
    const infa_model *m = infa_rule_model(ctx);
    const infa_section *near = closest_section(m, name, len, budget);
    infa_finding *f;
    if (near != NULL) {
        f = infa_rule_report(ctx, span, "%s [%.*s] is not defined; did you mean [%.*s]?", what,
                             INFA_GEN_CLIP(len), name, (int)near->name_len, near->name);
        const infa_block *b = infa_gen__first_block(m, near);
        infa_finding_relate(f, b->name_span, "[%.*s] is defined here", (int)near->name_len,
                            near->name);
        if (can_fix) {
            infa_fix *fix = infa_finding_add_fix(f, false, true, "Change to '%.*s'",
                                                 (int)near->name_len, near->name);
            infa_fix_edit(fix, span, near->name, near->name_len);
        }
    } else {
        f = infa_rule_report(ctx, span, "%s [%.*s] is not defined", what, INFA_GEN_CLIP(len), name);
    }
    return f;
}

/* The source text of span has no quotes or tokens, so replacing it with a
 * plain name keeps the meaning. */
static bool plain_text(const infa_model *m, infa_span span)
{
    size_t tlen;
    const char *text = infa_model_text(m, &tlen);
    if (span.end > tlen || span.start >= span.end)
        return false;
    for (uint32_t i = span.start; i < span.end; i++)
        if (text[i] == '%' || text[i] == '"' || text[i] == '\\' || text[i] == ';')
            return false;
    return true;
}

static const char *what_of(infa_kind_set kind)
{
    if (kind & INFA_KIND_ANY_DDINSTALL)
        return "Install section";
    if (kind & INFA_KIND_MODELS)
        return "Models section";
    if (kind & (INFA_KIND_COPY_FILES | INFA_KIND_DEL_FILES | INFA_KIND_REN_FILES))
        return "File-list section";
    if (kind & INFA_KIND_ADD_REGISTRY)
        return "Add-registry section";
    if (kind & INFA_KIND_SERVICE_INSTALL)
        return "Service-install section";
    return "Section";
}

static void check_refs(infa_rule_ctx *ctx, uint32_t *budget)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->target != INFA_NONE || r->external || r->name_len == 0)
            continue;
        if (r->from_section != INFA_NONE) {
            infa_kind_set from = infa_model_section(m, r->from_section)->kinds;
            /* Manufacturer: check_manufacturer handles decorations.
             * DestinationDirs: an entry for a section that does not exist
             * is dead but harmless, and not what 1203 is about. */
            if (from & (INFA_KIND_MANUFACTURER | INFA_KIND_DESTINATION_DIRS))
                continue;
        }
        /* `@file` names a file (SetupAPI takes it in DelFiles too). */
        if (r->name[0] == '@')
            continue;
        size_t len;
        char *name = infa_gen__expand(m, r->name, r->name_len, &len);
        bool skip = len == 0 || infa_gen__opaque(name, len) ||
                    infa_gen__has_section(m, name, len) ||
                    ((r->target_kind & DECORATED_KINDS) && decorated_exists(m, name, len));
        if (!skip)
            report_missing(ctx, r->span, what_of(r->target_kind), name, len, plain_text(m, r->span),
                           budget);
        free(name);
    }
}

/* A Models section for one architecture: SetupAPI looks for [Inst.NT<arch>],
 * then [Inst.NT], then [Inst]. A variant for another architecture does not
 * count, so [Models.NTarm64] naming Inst with only [Inst.NTamd64] fails to
 * install on arm64. (Names with no variant at all are check_refs' finding.) */
static void check_models_arch(infa_rule_ctx *ctx)
{
    static const struct {
        infa_platform platform;
        const char *decoration;
    } ARCH[] = {{INFA_PLATFORM_X86, "NTx86"},
                {INFA_PLATFORM_AMD64, "NTamd64"},
                {INFA_PLATFORM_ARM, "NTarm"},
                {INFA_PLATFORM_ARM64, "NTarm64"},
                {INFA_PLATFORM_IA64, "NTia64"}};
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (!(s->kinds & INFA_KIND_MODELS))
            continue;
        const char *dec = NULL;
        for (size_t a = 0; a < sizeof(ARCH) / sizeof(ARCH[0]); a++)
            if (ARCH[a].platform == s->decoration.platform)
                dec = ARCH[a].decoration;
        if (dec == NULL)
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            if (!l->has_key || l->field_count == 0 || l->fields[0].empty)
                continue;
            const infa_field *f = &l->fields[0];
            size_t len;
            char *name = infa_gen__expand(m, f->value, f->value_len, &len);
            if (len > 0 && !infa_gen__opaque(name, len) && !infa_gen__has_section(m, name, len)) {
                char *nt = infa_xasprintf("%.*s.NT", (int)len, name);
                char *arch = infa_xasprintf("%.*s.%s", (int)len, name, dec);
                /* the lookups first: the scan for other variants is the
                 * rare, slow path */
                if (!infa_gen__has_section(m, nt, strlen(nt)) &&
                    !infa_gen__has_section(m, arch, strlen(arch)) &&
                    decorated_exists(m, name, len)) {
                    infa_finding *fd = infa_rule_report(
                        ctx, f->span,
                        "Install section [%s] is not defined: on this architecture SetupAPI "
                        "looks for [%s], [%s] or [%.*s], and only other architectures' variants "
                        "exist",
                        arch, arch, nt, INFA_GEN_CLIP(len), name);
                    infa_finding_relate(fd, infa_gen__first_block(m, s)->name_span,
                                        "the Models section for %s", dec);
                }
                free(nt);
                free(arch);
            }
            free(name);
        }
    }
}

/* `%Mfg% = Models[,decoration...]`: each listed decoration needs its own
 * [Models.decoration]; the undecorated [Models] is needed only when no
 * decoration is listed. */
static void check_manufacturer(infa_rule_ctx *ctx, uint32_t *budget)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
        const infa_section *s = infa_model_section(m, si);
        if (!(s->kinds & INFA_KIND_MANUFACTURER))
            continue;
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            const infa_field *name_f;
            uint32_t first_dec;
            if (l->has_key) {
                if (l->field_count == 0)
                    continue;
                name_f = &l->fields[0];
                first_dec = 1;
            } else if (l->field_count == 1) {
                name_f = &l->fields[0]; /* bare manufacturer name = its Models section */
                first_dec = 1;
            } else {
                continue;
            }
            if (name_f->empty || name_f->value_len == 0)
                continue;
            size_t blen;
            char *base = infa_gen__expand(m, name_f->value, name_f->value_len, &blen);
            if (blen == 0 || infa_gen__opaque(base, blen)) {
                free(base);
                continue;
            }
            /* No Models section at all for this line: one finding, not one
             * per decoration. */
            if (l->field_count > first_dec && !infa_gen__has_section(m, base, blen) &&
                !decorated_models_exist(m, base, blen)) {
                infa_rule_report(ctx, name_f->span,
                                 "No Models section for '%.*s': none of the %u decorated "
                                 "sections this line lists ([%.*s.%.*s], ...) is defined",
                                 INFA_GEN_CLIP(blen), base, (unsigned)(l->field_count - first_dec),
                                 INFA_GEN_CLIP(blen), base,
                                 INFA_GEN_CLIP(l->fields[first_dec].value_len),
                                 l->fields[first_dec].value);
                free(base);
                continue;
            }
            bool any_dec = false;
            for (uint32_t fi = first_dec; fi < l->field_count; fi++) {
                const infa_field *d = &l->fields[fi];
                if (d->empty || d->value_len == 0)
                    continue;
                any_dec = true;
                size_t dlen;
                char *dec = infa_gen__expand(m, d->value, d->value_len, &dlen);
                if (!infa_gen__opaque(dec, dlen)) {
                    char *full = infa_xasprintf("%.*s.%.*s", (int)blen, base, (int)dlen, dec);
                    size_t flen = strlen(full);
                    if (!infa_gen__has_section(m, full, flen))
                        report_missing(ctx, d->span, "Models section", full, flen, false, budget);
                    free(full);
                }
                free(dec);
            }
            if (!any_dec && !infa_gen__has_section(m, base, blen))
                report_missing(ctx, name_f->span, "Models section", base, blen,
                               plain_text(m, name_f->span), budget);
            free(base);
        }
    }
}

static void check(infa_rule_ctx *ctx)
{
    uint32_t budget = INFA_GEN_SUGGEST_BUDGET;
    check_refs(ctx, &budget);
    check_models_arch(ctx);
    check_manufacturer(ctx, &budget);
}

const infa_rule infa_rule_undefined_section = {
    .info = {.id = "undefined-section",
             .summary = "A directive names a section that the INF does not define",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1203,
    .check = check,
};
