/* os-version-gate: an install section uses a directive newer than the lowest
 * build its Models decoration installs on (InfVerif 1199), e.g.
 * AddEventProvider (17763) reached from [Models.NTamd64] with no build. The
 * build each directive needs comes from the kb directive table (min_build).
 * The lowest build flows from each Models section through its DDInstall
 * sections, their .Services/.HW/... siblings and every section they name.
 * No automatic fix: decorate the Models section for that build (and keep an
 * older one for downlevel if needed). */
#include "isolation_support.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t from, to;
} edge;

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t n = infa_model_section_count(m);
    if (n == 0)
        return;
    INFA_VEC(edge) edges = {0};
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->target == INFA_NONE || r->from_section == INFA_NONE || r->external ||
            infa_iso_ref_is(r, "DestinationDirs"))
            continue;
        INFA_VEC_PUSH(&edges, ((edge){r->from_section, r->target}));
    }
    for (uint32_t s = 0; s < n; s++) {
        const infa_section *sec = infa_model_section(m, s);
        if (sec->decoration.suffix_offset == INFA_NONE || sec->decoration.suffix_offset == 0)
            continue;
        uint32_t base = infa_model_find_section(m, sec->name, sec->decoration.suffix_offset);
        if (base != INFA_NONE && base != s)
            INFA_VEC_PUSH(&edges, ((edge){base, s}));
    }
    if (edges.len > 1)
        qsort(edges.items, edges.len, sizeof(edge), cmp_edge);
    uint32_t *first = infa_xcalloc(n + 1, sizeof(uint32_t));
    for (size_t i = 0; i < edges.len; i++)
        first[edges.items[i].from + 1]++;
    for (uint32_t s = 0; s < n; s++)
        first[s + 1] += first[s];

    long *lowest = infa_xmalloc(n * sizeof(long));
    uint32_t *via = infa_xmalloc(n * sizeof(uint32_t)); /* the Models section */
    for (uint32_t s = 0; s < n; s++) {
        lowest[s] = -1;
        via[s] = INFA_NONE;
    }
    uint32_t *work = infa_xmalloc((n + 1) * sizeof(uint32_t) * 4);
    size_t wcap = (size_t)(n + 1) * 4, wlen = 0;
    for (uint32_t s = 0; s < n; s++) {
        const infa_section *ms = infa_model_section(m, s);
        if (!(ms->kinds & INFA_KIND_MODELS))
            continue;
        infa_iso_models mi;
        infa_iso_models_parse(m, s, &mi);
        long build = mi.major > 10 ? 99999 : mi.build;
        for (uint32_t e = first[s]; e < first[s + 1]; e++) {
            uint32_t t = edges.items[e].to;
            if (infa_model_section(m, t)->kinds & (INFA_KIND_MODELS | INFA_KIND_MANUFACTURER))
                continue;
            if (lowest[t] < 0 || build < lowest[t]) {
                lowest[t] = build;
                via[t] = s;
                if (wlen < wcap)
                    work[wlen++] = t;
            }
        }
    }
    while (wlen > 0) {
        uint32_t s = work[--wlen];
        for (uint32_t e = first[s]; e < first[s + 1]; e++) {
            uint32_t t = edges.items[e].to;
            if (infa_model_section(m, t)->kinds & (INFA_KIND_MODELS | INFA_KIND_MANUFACTURER))
                continue;
            if (lowest[t] < 0 || lowest[s] < lowest[t]) {
                lowest[t] = lowest[s];
                via[t] = via[s];
                if (wlen < wcap)
                    work[wlen++] = t;
            }
        }
    }
    for (uint32_t s = 0; s < n; s++) {
        if (lowest[s] < 0)
            continue;
        const infa_section *sec = infa_model_section(m, s);
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *line = infa_model_line(m, li);
            if (!line->has_key)
                continue;
            const infa_kb_directive *d =
                infa_kb_directive_find_in(line->key.value, line->key.value_len, sec->kinds);
            if (d == NULL || d->min_build == 0 || (long)d->min_build <= lowest[s])
                continue;
            const infa_section *ms = infa_model_section(m, via[s]);
            infa_finding *f = infa_rule_report(
                ctx, line->key.span,
                "The syntax '%s' was introduced in OS version 10.0.%u, but DDInstall sections "
                "utilizing the syntax will install on earlier OS versions: [%.*s] installs from "
                "build %ld; decorate it for 10.0...%u",
                d->name, d->min_build, (int)ms->name_len, ms->name, lowest[s], d->min_build);
            infa_finding_relate(f, infa_model_block(m, ms->blocks[0])->name_span,
                                "the Models section that reaches it");
        }
    }
    free(work);
    free(via);
    free(lowest);
    free(first);
    INFA_VEC_FREE(&edges);
}

const infa_rule infa_rule_os_version_gate = {
    .info = {.id = "os-version-gate",
             .summary = "A directive newer than the lowest build the Models decoration allows",
             .href = INFA_ISO_DOCS "develop/validating-windows-drivers",
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1199,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
