/*
 * The services an INF adds, for the rules that check a name against them
 * (legacy-foreign-operation, addfilter-undefined-service,
 * ndi-service-undefined). Header-only and file-static, as
 * general_helpers.h. Collected in one pass and sorted, so each lookup is a
 * binary search and a rule stays O(n log n) in the document's size.
 */
#ifndef INFA_SERVICE_NAMES_H
#define INFA_SERVICE_NAMES_H

#include "general_helpers.h"
#include "isolation_support.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *name; /* %strkey% expanded; owned */
    size_t len;
} infa_svc__name;

typedef struct {
    infa_svc__name *items;
    size_t len;
    /* A .Services section Needs a section of an included INF, which may add
     * services this INF does not name (WUDFRD.NT.Services adds WUDFRd). */
    bool included_services;
} infa_svc_names;

static int infa_svc__cmp(const void *a, const void *b)
{
    const infa_svc__name *x = a, *y = b;
    return infa_strncasecmp(x->name, x->len, y->name, y->len);
}

/* Fills *out; free with infa_svc__free. */
static inline void infa_svc__collect(const infa_model *m, infa_svc_names *out)
{
    size_t cap = 0;
    memset(out, 0, sizeof *out);
    for (uint32_t li = 0, n = infa_model_line_count(m); li < n; li++) {
        const infa_line *line = infa_model_line(m, li);
        if (!line->has_key)
            continue;
        if (infa_iso_key_value(line, "Needs") != NULL && line->block != INFA_NONE) {
            infa_kind_set k =
                infa_model_section(m, infa_model_block(m, line->block)->section)->kinds;
            if (k & (INFA_KIND_DDINSTALL_SERVICES | INFA_KIND_DEFAULT_INSTALL_SERVICES))
                out->included_services = true;
            continue;
        }
        infa_addservice as;
        if (infa_iso_key_value(line, "AddService") == NULL ||
            !infa_addservice_parse(m, line, &as) || as.name_f == NULL || as.name_f->empty)
            continue;
        if (out->len == cap) {
            cap = cap ? cap * 2 : 8;
            out->items = infa_xrealloc(out->items, cap * sizeof out->items[0]);
        }
        infa_svc__name *it = &out->items[out->len++];
        it->name = infa_gen__expand(m, as.name_f->value, as.name_f->value_len, &it->len);
    }
    if (out->len > 1)
        qsort(out->items, out->len, sizeof out->items[0], infa_svc__cmp);
}

static inline bool infa_svc__has(const infa_svc_names *s, const char *name, size_t len)
{
    infa_svc__name key = {(char *)name, len};
    return s->len > 0 && bsearch(&key, s->items, s->len, sizeof s->items[0], infa_svc__cmp) != NULL;
}

static inline void infa_svc__free(infa_svc_names *s)
{
    for (size_t i = 0; i < s->len; i++)
        free(s->items[i].name);
    free(s->items);
    memset(s, 0, sizeof *s);
}

#endif
