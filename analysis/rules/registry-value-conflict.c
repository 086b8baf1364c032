/* registry-value-conflict: two sections write one registry value with
 * different data, so what the machine ends up with depends on which runs
 * last.
 * - InfVerif 1331: the same value of a global key (HKLM, HKCR, HKCU, HKU)
 *   from two add-registry sections that can run on one machine (their
 *   referencing sections' architectures meet).
 * - InfVerif 1332: the same value of one service's key (HKR in the AddReg
 *   of its service-install sections) from two add-registry sections, for
 *   AddService lines of one service name whose architectures meet.
 * HKR of device sections is per device and is not compared. Deleting,
 * appending (MULTI_SZ) and key-only lines write no value. A conflict seen
 * only through sections that install on builds before /w's lowest one is
 * left alone, as service-config-conflict does. Writes are sorted by value,
 * so the cost stays n log n in the lines written. */
#include "general_helpers.h"
#include "isolation_support.h"

#define ALL_PLATFORMS 0xFFu
#define FLG_DELVAL 0x00000004u
#define FLG_APPEND 0x00000008u

typedef struct {
    int code;        /* 1331 or 1332 */
    uint32_t hash;   /* of key */
    char *key;       /* ROOT\subkey\name, or service\subkey\name, lower case */
    char *shown;     /* the same as written */
    char *data;      /* type and value fields */
    uint32_t addreg; /* the add-registry section */
    uint32_t via;    /* the section that reached it (downlevel check) */
    unsigned platforms;
    const infa_line *line;
    const char *service; /* 1332: the service name (borrowed from the model) */
    uint32_t service_len;
} write_t;

typedef INFA_VEC(write_t) writes_t;

static unsigned platform_bit(infa_platform p)
{
    return p == INFA_PLATFORM_NONE || p == INFA_PLATFORM_NT || p == INFA_PLATFORM_TEMPLATE
               ? ALL_PLATFORMS
               : 1u << p;
}

static int cmp_write(const void *a, const void *b)
{
    const write_t *x = a, *y = b;
    if (x->code != y->code)
        return x->code - y->code;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->line->span.start < y->line->span.start ? -1
                                                     : x->line->span.start > y->line->span.start;
}

static char *lower_dup(const char *s, size_t len)
{
    char *d = infa_xstrndup(s, len);
    for (size_t i = 0; i < len; i++)
        d[i] = (char)infa_gen__lower(d[i]);
    return d;
}

/* Appends the value writes of add-registry section t. prefix names the key's
 * owner (a root or a service); roots selects the lines (HKR for services). */
static void collect(const infa_model *m, uint32_t t, int code, const char *owner, size_t owner_len,
                    bool hkr, uint32_t via, unsigned platforms, writes_t *out)
{
    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, t, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        infa_addreg a;
        if (!infa_addreg_parse(m, l, &a) || !a.flags_valid || a.value_f == NULL ||
            (a.flags & (INFA_FLG_ADDREG_KEYONLY | FLG_DELVAL | FLG_APPEND)))
            continue;
        bool global = a.root == INFA_ROOT_HKLM || a.root == INFA_ROOT_HKCR ||
                      a.root == INFA_ROOT_HKCU || a.root == INFA_ROOT_HKU;
        if (hkr ? a.root != INFA_ROOT_HKR : !global)
            continue;
        infa_buf key = {0}, data = {0};
        size_t n;
        char *v = infa_gen__expand(m, a.root_f->value, a.root_f->value_len, &n);
        infa_buf_printf(&key, "%.*s\\", (int)(hkr ? owner_len : n), hkr ? owner : v);
        free(v);
        const infa_field *parts[2] = {a.subkey_f, a.name_f};
        for (int i = 0; i < 2; i++) {
            v = parts[i] ? infa_gen__expand(m, parts[i]->value, parts[i]->value_len, &n)
                         : infa_xstrdup("");
            if (parts[i] == NULL)
                n = 0;
            infa_buf_printf(&key, "%s%.*s", i ? "\\" : "", (int)n, v);
            free(v);
        }
        uint32_t type = a.flags & 0xFFFF0001u;
        bool numeric = type == INFA_FLG_ADDREG_TYPE_DWORD || type == INFA_FLG_ADDREG_TYPE_QWORD;
        infa_buf_printf(&data, "%08x", type);
        for (uint32_t fi = 4; fi < l->field_count; fi++) {
            v = infa_gen__expand(m, l->fields[fi].value, l->fields[fi].value_len, &n);
            long long num;
            /* 1 and 0x1 are one DWORD. */
            if (numeric && infa_gen__parse_number_text(v, n, &num))
                infa_buf_printf(&data, ",%lld", num);
            else
                infa_buf_printf(&data, ",%.*s", (int)n, v);
            free(v);
        }
        char *k = infa_buf_take(&key);
        write_t w = {
            code, 0,     lower_dup(k, strlen(k)), k, infa_buf_take(&data), t, via, platforms,
            l,    owner, (uint32_t)owner_len};
        w.hash = infa_hash_nocase(w.key, strlen(w.key));
        INFA_VEC_PUSH(out, w);
    }
}

/* The architectures an add-registry section is written for: those of the
 * sections naming it. */
static unsigned section_platforms(const infa_model *m, uint32_t t)
{
    const infa_section *sec = infa_model_section(m, t);
    unsigned p = 0;
    for (uint32_t i = 0; i < sec->refs_in_count; i++) {
        const infa_ref *r = infa_model_ref(m, sec->refs_in[i]);
        p |= platform_bit(infa_model_section(m, r->from_section)->decoration.platform);
    }
    return p;
}

static void collect_global(const infa_model *m, writes_t *out)
{
    for (uint32_t t = 0; t < infa_model_section_count(m); t++) {
        if (!(infa_model_section(m, t)->kinds & INFA_KIND_ADD_REGISTRY))
            continue;
        unsigned p = section_platforms(m, t);
        if (p != 0)
            collect(m, t, 1331, NULL, 0, false, t, p, out);
    }
}

static void collect_services(const infa_model *m, writes_t *out)
{
    for (infa_kind_lines k =
             infa_kind_lines_of(m, INFA_KIND_ANY_DDINSTALL | INFA_KIND_DEFAULT_INSTALL_SERVICES);
         infa_kind_lines_next(&k);) {
        infa_addservice a;
        if (!k.line->has_key ||
            !infa_streq_nocase(k.line->key.value, k.line->key.value_len, "AddService") ||
            !infa_addservice_parse(m, k.line, &a) || a.name_f == NULL || a.name_f->empty ||
            a.install_f == NULL || a.install_f->empty)
            continue;
        uint32_t x = infa_model_find_section(m, a.install_f->value, a.install_f->value_len);
        if (x == INFA_NONE)
            continue;
        unsigned p = platform_bit(infa_model_section(m, k.section)->decoration.platform);
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, x, &it)) != INFA_NONE;) {
            const infa_line *l = infa_model_line(m, li);
            if (infa_iso_key_value(l, "AddReg") == NULL)
                continue;
            for (uint32_t fi = 0; fi < l->field_count; fi++) {
                uint32_t t = l->fields[fi].empty ? INFA_NONE
                                                 : infa_model_find_section(m, l->fields[fi].value,
                                                                           l->fields[fi].value_len);
                if (t != INFA_NONE)
                    collect(m, t, 1332, a.name_f->value, a.name_f->value_len, true, k.section, p,
                            out);
            }
        }
    }
}

static void report(infa_rule_ctx *ctx, const infa_model *m, const write_t *a, const write_t *b)
{
    const infa_section *sa = infa_model_section(m, a->addreg);
    const infa_section *sb = infa_model_section(m, b->addreg);
    infa_finding *f;
    if (b->code == 1331)
        f = infa_rule_report(ctx, b->line->span,
                             "Registry value '%s' is set differently by [%.*s] and [%.*s]; which "
                             "one wins depends on the order of install: write it in one place",
                             b->shown, INFA_GEN_CLIP(sa->name_len), sa->name,
                             INFA_GEN_CLIP(sb->name_len), sb->name);
    else {
        f = infa_rule_report(ctx, b->line->span,
                             "Registry value '%s' of service '%.*s' is set differently by [%.*s] "
                             "and [%.*s]: give the service one configuration",
                             b->shown + b->service_len + 1, INFA_GEN_CLIP(b->service_len),
                             b->service, INFA_GEN_CLIP(sa->name_len), sa->name,
                             INFA_GEN_CLIP(sb->name_len), sb->name);
        infa_finding_set_infverif(f, 1332);
    }
    infa_finding_relate(f, a->line->span, "[%.*s] sets it here", INFA_GEN_CLIP(sa->name_len),
                        sa->name);
}

/* infa_iso_downlevel_only, remembered per section (0 = not yet asked). */
static bool downlevel(const infa_model *m, uint8_t *memo, uint32_t s)
{
    if (memo[s] == 0)
        memo[s] = infa_iso_downlevel_only(m, s) ? 2 : 1;
    return memo[s] == 2;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    uint32_t ns = infa_model_section_count(m);
    uint8_t *down = infa_xcalloc(ns ? ns : 1, 1);
    writes_t w = {0};
    collect_global(m, &w);
    collect_services(m, &w);
    if (w.len > 1)
        qsort(w.items, w.len, sizeof w.items[0], cmp_write);
    for (size_t i = 0; i < w.len;) {
        size_t j = i + 1;
        while (j < w.len && w.items[j].code == w.items[i].code &&
               w.items[j].hash == w.items[i].hash && strcmp(w.items[j].key, w.items[i].key) == 0)
            j++;
        /* One finding per value: the first later write that disagrees with
         * the group's first write or with the first that differs from it
         * (two candidates each, so a group costs its length). */
        size_t d = j;
        bool done = false;
        for (size_t b = i + 1; b < j && !done; b++) {
            const write_t *y = &w.items[b];
            size_t cand[2] = {i, d};
            for (int c = 0; c < 2 && !done; c++) {
                if (cand[c] >= b)
                    continue;
                const write_t *x = &w.items[cand[c]];
                if (x->addreg == y->addreg || !(x->platforms & y->platforms) ||
                    infa_streq_nocase(x->data, strlen(x->data), y->data) ||
                    downlevel(m, down, x->via) || downlevel(m, down, y->via))
                    continue;
                report(ctx, m, x, y);
                done = true;
            }
            if (d == j && !infa_streq_nocase(w.items[i].data, strlen(w.items[i].data), y->data))
                d = b;
        }
        i = j;
    }
    for (size_t i = 0; i < w.len; i++) {
        free(w.items[i].key);
        free(w.items[i].shown);
        free(w.items[i].data);
    }
    INFA_VEC_FREE(&w);
    free(down);
}

const infa_rule infa_rule_registry_value_conflict = {
    .info = {.id = "registry-value-conflict",
             .summary = "One registry value set differently by two sections",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_WARNING},
    .infverif_code = 1331,
    .other_infverif_codes = {1332},
    .check = check,
};
