/* legacy-foreign-operation: an operation on something outside the driver
 * package (InfVerif 1302, "Found legacy <op> operation for '<name>'", an
 * error in every mode): DelService of a service this INF does not add, and
 * DelFiles of a file this INF does not copy. A driver package may remove
 * only what it installs; deleting another package's or Windows' service or
 * file breaks whatever relies on it. The 1300 finding of
 * declarative-forbidden-directive on the same line is about the directive
 * itself; this one is about what it deletes. */
#include "service_names.h"

static void report_file(infa_rule_ctx *ctx, const infa_model *m, const infa_iso_copies *copies,
                        const infa_field *f, const char *name, size_t len)
{
    size_t elen;
    char *file = infa_gen__expand(m, name, len, &elen);
    if (elen > 0 && !infa_gen__opaque(file, elen) &&
        infa_iso_copies_find(copies, file, elen) == NULL)
        infa_rule_report(ctx, f->span,
                         "DelFiles deletes '%.*s', a file this INF does not copy: a package may "
                         "only remove what it installs",
                         (int)elen, file);
    free(file);
}

/* `DelFiles = section[,section]...` or `DelFiles = @file`. */
static void check_delfiles(infa_rule_ctx *ctx, const infa_model *m, const infa_line *line,
                           bool *seen)
{
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    for (uint32_t fi = 0; fi < line->field_count; fi++) {
        const infa_field *f = &line->fields[fi];
        if (f->empty)
            continue;
        if (f->value[0] == '@') {
            report_file(ctx, m, copies, f, f->value + 1, f->value_len - 1);
            continue;
        }
        uint32_t s = infa_model_find_section(m, f->value, f->value_len);
        if (s == INFA_NONE || seen[s])
            continue;
        seen[s] = true; /* a section named twice is reported once */
        for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, s, &it)) != INFA_NONE;) {
            const infa_line *e = infa_model_line(m, li);
            if (e->has_key || e->field_count == 0 || e->fields[0].empty)
                continue;
            report_file(ctx, m, copies, &e->fields[0], e->fields[0].value, e->fields[0].value_len);
        }
    }
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    infa_svc_names own;
    infa_svc__collect(m, &own);
    uint32_t nsec = infa_model_section_count(m);
    bool *seen = infa_xcalloc(nsec ? nsec : 1, sizeof(bool));
    for (uint32_t li = 0, n = infa_model_line_count(m); li < n; li++) {
        const infa_line *line = infa_model_line(m, li);
        if (infa_iso_key_value(line, "DelFiles") != NULL) {
            check_delfiles(ctx, m, line, seen);
            continue;
        }
        const infa_field *f = infa_iso_key_value(line, "DelService");
        if (f == NULL || f->empty)
            continue;
        size_t len;
        char *name = infa_gen__expand(m, f->value, f->value_len, &len);
        if (!infa_gen__opaque(name, len) && !infa_svc__has(&own, name, len) &&
            !own.included_services)
            infa_rule_report(ctx, f->span,
                             "DelService deletes '%.*s', a service this INF does not add: a "
                             "package may only remove what it installs",
                             (int)len, name);
        free(name);
    }
    infa_svc__free(&own);
    free(seen);
}

const infa_rule infa_rule_legacy_foreign_operation = {
    .info = {.id = "legacy-foreign-operation",
             .summary = "DelService or DelFiles of something this INF does not install",
             .href = INFA_DOCS_ERRORS,
             .default_severity = INFA_SEVERITY_ERROR,
             .isolation = false},
    .infverif_code = 1302,
    .profiles = INFA_PROFILES_ALL,
    .check = check,
};
