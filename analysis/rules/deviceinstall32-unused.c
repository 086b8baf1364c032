/* deviceinstall32-unused: [DeviceInstall32] creates software devices
 * (AddDevice=name,[flags],install-section, whose section lists their
 * HardwareIds). A package that creates them and installs no driver on any
 * of those IDs, because no Models entry names one, leaves the devices
 * without a driver (InfVerif 1270). */
#include "general_helpers.h"
#include "isolation_support.h"

typedef struct {
    uint32_t hash;
    char *id; /* expanded */
    size_t len;
} hwid;

typedef INFA_VEC(hwid) hwid_vec;

static int cmp_hash(const void *a, const void *b)
{
    const hwid *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* The hardware IDs of every AddDevice install section of section di. */
static void collect(const infa_model *m, uint32_t di, hwid_vec *out)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, di, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (infa_iso_key_value(l, "AddDevice") == NULL || l->field_count < 3 || l->fields[2].empty)
            continue;
        uint32_t s = infa_model_find_section(m, l->fields[2].value, l->fields[2].value_len);
        for (uint32_t sit = 0, sl;
             s != INFA_NONE && (sl = infa_model_section_next_line(m, s, &sit)) != INFA_NONE;) {
            const infa_line *h = infa_model_line(m, sl);
            if (infa_iso_key_value(h, "HardwareIds") == NULL)
                continue;
            for (uint32_t fi = 0; fi < h->field_count; fi++) {
                if (h->fields[fi].empty)
                    continue;
                hwid w;
                w.id = infa_gen__expand(m, h->fields[fi].value, h->fields[fi].value_len, &w.len);
                w.hash = infa_hash_nocase(w.id, w.len);
                INFA_VEC_PUSH(out, w);
            }
        }
    }
}

static bool installed(const infa_model *m, const hwid *ids, size_t n)
{
    for (infa_kind_lines k = infa_kind_lines_of(m, INFA_KIND_MODELS); infa_kind_lines_next(&k);) {
        for (uint32_t fi = 1; fi < k.line->field_count; fi++) {
            const infa_field *f = &k.line->fields[fi];
            if (f->empty)
                continue;
            size_t len;
            char *v = infa_gen__expand(m, f->value, f->value_len, &len);
            hwid key = {infa_hash_nocase(v, len), v, len};
            const hwid *hit = bsearch(&key, ids, n, sizeof *ids, cmp_hash);
            /* bsearch lands on one of the equal hashes: look both ways. */
            bool found = false;
            for (const hwid *p = hit; p && p >= ids && p->hash == key.hash && !found; p--)
                found = p->len == len && infa_strncasecmp(p->id, p->len, v, len) == 0;
            for (const hwid *p = hit; p && p < ids + n && p->hash == key.hash && !found; p++)
                found = p->len == len && infa_strncasecmp(p->id, p->len, v, len) == 0;
            free(v);
            if (found)
                return true;
        }
    }
    return false;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t di = infa_model_find_section(m, "DeviceInstall32", 15);
    if (di == INFA_NONE)
        return;
    hwid_vec ids = {0};
    collect(m, di, &ids);
    if (ids.len > 1)
        qsort(ids.items, ids.len, sizeof ids.items[0], cmp_hash);
    if (ids.len > 0 && !installed(m, ids.items, ids.len)) {
        const infa_section *sec = infa_model_section(m, di);
        infa_rule_report(ctx, infa_gen__first_block(m, sec)->name_span,
                         "[DeviceInstall32] creates devices with hardware IDs (e.g. '%.*s') that "
                         "no Models entry installs a driver on: add a Models entry for them",
                         INFA_GEN_CLIP(ids.items[0].len), ids.items[0].id);
    }
    for (size_t i = 0; i < ids.len; i++)
        free(ids.items[i].id);
    INFA_VEC_FREE(&ids);
}

const infa_rule infa_rule_deviceinstall32_unused = {
    .info = {.id = "deviceinstall32-unused",
             .summary = "[DeviceInstall32] creates devices no Models entry installs",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1270,
    .check = check,
};
