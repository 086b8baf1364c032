/* bad-number: a field that SetupAPI reads as a number is not one. SetupAPI
 * reads these fields with SetupGetIntField: decimal, or hex with 0x, after
 * %strkey% substitution; anything else fails, and the directive then falls
 * back to 0 or is skipped (an AddReg flags field that does not parse makes
 * the value a REG_SZ). Covered fields: AddReg flags, DestinationDirs DIRIDs,
 * AddService flags, the numeric service entries (ServiceType, StartType,
 * ErrorControl, BootFlags), SourceDisksNames / SourceDisksFiles disk ids and
 * the flags field of copy-file lines. */
#include "general_helpers.h"

#include <stdio.h>

/* Reports f when its expanded text is not a number. `what` names the field. */
/* The number a constant name stands for in this field, from the knowledge
 * tables (SERVICE_DEMAND_START, FLG_ADDREG_TYPE_DWORD, ...). */
static bool constant_value(const char *what, const char *name, size_t len, uint32_t *out)
{
    static const struct {
        const char *what;
        infa_kb_consts_id table;
    } TABLES[] = {{"ServiceType", INFA_KB_CONSTS_SERVICE_TYPE},
                  {"StartType", INFA_KB_CONSTS_START_TYPE},
                  {"ErrorControl", INFA_KB_CONSTS_ERROR_CONTROL},
                  {"BootFlags", INFA_KB_CONSTS_BOOT_FLAGS},
                  {"AddService flags value", INFA_KB_CONSTS_SPSVCINST},
                  {"Copy flags value", INFA_KB_CONSTS_COPYFLG}};
    if (strcmp(what, "AddReg flags value") == 0) {
        const infa_kb_addreg_flag *row = infa_kb_addreg_flag_find_name(name, len);
        if (row != NULL)
            *out = row->value;
        return row != NULL;
    }
    for (size_t i = 0; i < sizeof(TABLES) / sizeof(TABLES[0]); i++) {
        if (strcmp(what, TABLES[i].what) != 0)
            continue;
        const infa_kb_const *row = infa_kb_const_find_name(TABLES[i].table, name, len);
        if (row != NULL)
            *out = row->value;
        return row != NULL;
    }
    return false;
}

static void check_field(infa_rule_ctx *ctx, const infa_model *m, const infa_field *f,
                        const char *what)
{
    if (f == NULL || f->empty || f->value_len == 0)
        return;
    size_t elen;
    char *e = infa_gen__expand(m, f->value, f->value_len, &elen);
    long long n;
    if (infa_gen__parse_number_text(e, elen, &n)) {
        free(e);
        return;
    }
    /* %13% in a DIRID field: a DIRID token where a bare number belongs. */
    if (elen >= 3 && e[0] == '%' && e[elen - 1] == '%') {
        bool digits = true;
        for (size_t i = 1; i + 1 < elen; i++)
            digits = digits && isdigit((unsigned char)e[i]);
        if (digits) {
            infa_finding *fd =
                infa_rule_report(ctx, f->span, "%s must be a bare number: write %.*s, not %.*s",
                                 what, (int)(elen - 2), e + 1, INFA_GEN_CLIP(elen), e);
            infa_fix *fix =
                infa_finding_add_fix(fd, true, true, "Write %.*s", (int)(elen - 2), e + 1);
            infa_fix_edit(fix, f->span, e + 1, elen - 2);
            free(e);
            return;
        }
    }
    bool ident = elen > 0 && (isalpha((unsigned char)e[0]) || e[0] == '_');
    for (size_t i = 0; i < elen && ident; i++)
        ident = isalnum((unsigned char)e[i]) || e[i] == '_';
    if (infa_gen__opaque(e, elen)) {
        /* an undefined %token% or a template placeholder: not ours */
    } else if (ident) {
        uint32_t value;
        if (!f->quoted && memchr(f->value, '%', f->value_len) == NULL &&
            constant_value(what, e, elen, &value)) {
            /* SERVICE_DEMAND_START written without percents */
            infa_finding *fd = infa_rule_report(
                ctx, f->span,
                "%s '%.*s' is not a number: SetupAPI reads no constant names; write 0x%X", what,
                INFA_GEN_CLIP(elen), e, (unsigned)value);
            char *num = infa_xasprintf("0x%X", (unsigned)value);
            infa_fix *fix = infa_finding_add_fix(fd, true, true, "Write %s", num);
            infa_fix_edit(fix, f->span, num, strlen(num));
            free(num);
        } else {
            bool macro = true;
            for (size_t i = 0; i < elen && macro; i++)
                macro = !islower((unsigned char)e[i]);
            infa_rule_report(ctx, f->span,
                             "%s '%.*s' is not a number: SetupAPI reads no names here; write the "
                             "number, or a %%strkey%% defined in [Strings]%s",
                             what, INFA_GEN_CLIP(elen), e,
                             macro && memchr(e, '_', elen) != NULL
                                 ? " (a preprocessor macro must be replaced before the INF is used)"
                                 : "");
        }
    } else {
        infa_rule_report(ctx, f->span,
                         "%s '%.*s' is not a number: write it in decimal, or in hex with 0x", what,
                         INFA_GEN_CLIP(elen), e);
    }
    free(e);
}

static bool name_has_prefix(const infa_section *s, const char *prefix)
{
    size_t pl = strlen(prefix);
    return s->name_len >= pl && infa_strncasecmp(s->name, pl, prefix, pl) == 0 &&
           (s->name_len == pl || s->name[pl] == '.');
}

/* Service entries whose value is a number. */
static const char *const SERVICE_NUMERIC[] = {"ServiceType", "StartType", "ErrorControl",
                                              "BootFlags"};

static void check_section(infa_rule_ctx *ctx, const infa_model *m, uint32_t si)
{
    const infa_section *s = infa_model_section(m, si);
    bool addreg = s->kinds == INFA_KIND_ADD_REGISTRY;
    bool destdirs = (s->kinds & INFA_KIND_DESTINATION_DIRS) ||
                    infa_streq_nocase(s->name, s->name_len, "DestinationDirs");
    bool service = (s->kinds & INFA_KIND_SERVICE_INSTALL) != 0;
    bool services = (s->kinds & (INFA_KIND_DDINSTALL_SERVICES | INFA_KIND_DEFAULT_INSTALL_SERVICES |
                                 INFA_KIND_CLASS_INSTALL32_SERVICES)) != 0;
    bool names =
        (s->kinds & INFA_KIND_SOURCE_DISKS_NAMES) || name_has_prefix(s, "SourceDisksNames");
    bool files =
        (s->kinds & INFA_KIND_SOURCE_DISKS_FILES) || name_has_prefix(s, "SourceDisksFiles");
    bool copy = s->kinds == INFA_KIND_COPY_FILES;
    if (!(addreg || destdirs || service || services || names || files || copy))
        return;

    for (uint32_t it = 0, li; (li = infa_model_section_next_line(m, si, &it)) != INFA_NONE;) {
        const infa_line *l = infa_model_line(m, li);
        if (addreg && !l->has_key) {
            infa_addreg a;
            if (infa_addreg_parse(m, l, &a) && a.flags_present && !a.flags_valid)
                check_field(ctx, m, a.flags_f, "AddReg flags value");
        }
        if (destdirs && l->has_key && l->field_count > 0)
            check_field(ctx, m, &l->fields[0], "DIRID");
        if (service && l->has_key && l->field_count > 0) {
            for (size_t k = 0; k < sizeof(SERVICE_NUMERIC) / sizeof(SERVICE_NUMERIC[0]); k++)
                if (infa_streq_nocase(l->key.value, l->key.value_len, SERVICE_NUMERIC[k]))
                    check_field(ctx, m, &l->fields[0], SERVICE_NUMERIC[k]);
        }
        if (services && l->has_key && l->field_count > 1 &&
            infa_streq_nocase(l->key.value, l->key.value_len, "AddService"))
            check_field(ctx, m, &l->fields[1], "AddService flags value");
        if (names && l->has_key)
            check_field(ctx, m, &l->key, "Disk id");
        if (files && l->has_key && l->field_count > 0)
            check_field(ctx, m, &l->fields[0], "Disk id");
        if (copy && !l->has_key) {
            infa_copy_entry ce;
            if (infa_copy_entry_parse(m, l, &ce) && ce.flags_f != NULL)
                check_field(ctx, m, ce.flags_f, "Copy flags value");
        }
    }
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    for (uint32_t si = 0; si < infa_model_section_count(m); si++)
        check_section(ctx, m, si);
}

const infa_rule infa_rule_bad_number = {
    .info = {.id = "bad-number",
             .summary = "A numeric field (flags, DIRID, service value, disk id) is not a number",
             .href = INFA_DOCS_SYNTAX,
             .default_severity = INFA_SEVERITY_ERROR},
    .check = check,
};
