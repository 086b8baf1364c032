/* Knowledge-base tests: the tables cover every fact in the shared reference
 * files, the decoders give the documented answers, and lookups ignore case. */
#include "test.h"

#include "kb.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- small markdown reader ------------------------------------------------ */

typedef struct {
    char *text;
    size_t len;
} md_file;

/* Returns false (and the test should skip) when the reference is absent. */
static bool md_load(const char *name, md_file *out)
{
    char path[1024];
    const char *dir = getenv("INFLS_REFERENCE_DIR");
    if (dir == NULL)
        dir = INFLS_REFERENCE_DIR;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "skip: cannot open %s: %s\n", path, strerror(errno));
        return false;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    out->text = malloc((size_t)n + 1);
    out->len = fread(out->text, 1, (size_t)n, f);
    out->text[out->len] = '\0';
    fclose(f);
    return true;
}

#define MAX_CELLS 12
#define CELL_LEN 2048

typedef struct {
    char cells[MAX_CELLS][CELL_LEN];
    int count;
} md_row;

/* Splits a table line into trimmed cells. `\|` inside a cell is data. */
static bool md_split_row(const char *line, size_t len, md_row *row)
{
    row->count = 0;
    if (len == 0 || line[0] != '|')
        return false;
    size_t i = 1;
    while (i < len && row->count < MAX_CELLS) {
        char *cell = row->cells[row->count];
        size_t n = 0;
        while (i < len && !(line[i] == '|' && line[i - 1] != '\\')) {
            if (n + 1 < CELL_LEN)
                cell[n++] = line[i];
            i++;
        }
        if (i >= len)
            break; /* text after the last '|' is not a cell */
        i++;
        while (n > 0 && isspace((unsigned char)cell[n - 1]))
            n--;
        cell[n] = '\0';
        size_t lead = 0;
        while (isspace((unsigned char)cell[lead]))
            lead++;
        memmove(cell, cell + lead, n - lead + 1);
        row->count++;
    }
    return row->count > 0;
}

/* Calls fn for every table row between the heading lines that start with
 * `from` and `to` (either may be NULL = start / end of file). */
typedef void (*row_fn)(const md_row *row, void *user);

static void md_rows(const md_file *md, const char *from, const char *to, row_fn fn, void *user)
{
    bool on = from == NULL;
    md_row *row = malloc(sizeof(*row));
    const char *p = md->text, *end = md->text + md->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (!on && from && len >= strlen(from) && memcmp(p, from, strlen(from)) == 0)
            on = true;
        else if (on && to && len >= strlen(to) && memcmp(p, to, strlen(to)) == 0)
            break;
        else if (on && md_split_row(p, len, row))
            fn(row, user);
        p = nl ? nl + 1 : end;
    }
    free(row);
}

/* Identifiers inside **bold** or `code` spans of a cell, written to names
 * (each < 64 chars). Returns how many. */
static int md_marked_identifiers(const char *cell, char names[][64], int cap)
{
    int n = 0;
    const char *p = cell;
    while (*p && n < cap) {
        const char *close = NULL;
        size_t open_len = 0;
        if (p[0] == '*' && p[1] == '*') {
            open_len = 2;
            close = strstr(p + 2, "**");
        } else if (p[0] == '`') {
            open_len = 1;
            close = strchr(p + 1, '`');
        }
        if (close == NULL) {
            p++;
            continue;
        }
        const char *q = p + open_len;
        /* A span like `[Version]` or `CatalogFile.nt[...]` is a section or a
         * decorated form, not a plain key. */
        bool plain = true;
        for (const char *r = q; r < close; r++)
            if (*r == '[' || *r == '.' || *r == '=' || *r == '%' || *r == '\\')
                plain = false;
        while (plain && q < close && n < cap) {
            while (q < close && !isalpha((unsigned char)*q))
                q++;
            size_t k = 0;
            while (q < close && (isalnum((unsigned char)*q) || *q == '_') && k < 63)
                names[n][k++] = *q++;
            if (k > 0) {
                names[n][k] = '\0';
                n++;
            }
        }
        p = close + (open_len == 2 ? 2 : 1);
    }
    return n;
}

static bool parse_long(const char *s, long *out)
{
    char buf[64];
    size_t n = 0;
    for (; *s && n < sizeof(buf) - 1; s++)
        if (*s != '*' && *s != ' ')
            buf[n++] = *s;
    buf[n] = '\0';
    if (n == 0)
        return false;
    char *end;
    long v = strtol(buf, &end, 0);
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

/* Parses "0x00010001" or "`0x00010001`" (whole cell). */
static bool parse_hex_cell(const char *cell, uint32_t *out)
{
    char buf[64];
    size_t n = 0;
    for (; *cell && n < sizeof(buf) - 1; cell++)
        if (*cell != '`' && *cell != ' ')
            buf[n++] = *cell;
    buf[n] = '\0';
    if (n < 3 || buf[0] != '0' || (buf[1] != 'x' && buf[1] != 'X'))
        return false;
    char *end;
    unsigned long v = strtoul(buf, &end, 16);
    if (*end != '\0')
        return false;
    *out = (uint32_t)v;
    return true;
}

/* First backticked token of a cell (without the backticks). */
static bool first_code(const char *cell, char *out, size_t cap)
{
    const char *a = strchr(cell, '`');
    if (a == NULL)
        return false;
    const char *b = strchr(a + 1, '`');
    if (b == NULL || (size_t)(b - a - 1) >= cap)
        return false;
    memcpy(out, a + 1, (size_t)(b - a - 1));
    out[b - a - 1] = '\0';
    return true;
}

static bool nonempty(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static bool docs_url(const char *s)
{
    return s != NULL && strncmp(s, "https://learn.microsoft.com/", 28) == 0;
}

/* ---- DIRIDs -------------------------------------------------------------- */

typedef struct {
    int seen;
    int missing;
} cover;

static void dirid_row(const md_row *row, void *user)
{
    cover *c = user;
    long id;
    if (row->count < 2 || !parse_long(row->cells[0], &id))
        return;
    c->seen++;
    const infa_kb_dirid *d = infa_kb_dirid_find(id);
    if (d == NULL || d->id != id || !nonempty(d->description) || !nonempty(d->path) ||
        !docs_url(d->url)) {
        fprintf(stderr, "DIRID %ld: missing or incomplete table row\n", id);
        c->missing++;
        return;
    }
    /* The six-column tables carry the 24H2 and /h columns; check them. */
    if (row->count >= 6) {
        bool depr = strstr(row->cells[3], "deprecated") != NULL;
        bool hexc = strncmp(row->cells[4], "yes", 3) == 0;
        if (depr != d->deprecated_24h2 || hexc != d->h_exception) {
            fprintf(stderr, "DIRID %ld: deprecated=%d h_exception=%d, reference says %d/%d\n", id,
                    d->deprecated_24h2, d->h_exception, depr, hexc);
            c->missing++;
        }
    }
}

int test_dirids_cover_reference(void)
{
    md_file md;
    if (!md_load("dirids.md", &md))
        return TEST_SKIP;
    cover c = {0, 0};
    md_rows(&md, "## 3.", "## 6.", dirid_row, &c);
    free(md.text);
    fprintf(stderr, "%d DIRIDs in dirids.md, %zu rows in the table\n", c.seen,
            infa_kb_dirid_count());
    CHECK(c.seen >= 30); /* the parser really found the tables */
    CHECK_EQ_INT(c.missing, 0);
    return 0;
}

int test_dirid_lookups(void)
{
    const infa_kb_dirid *d13 = infa_kb_dirid_find(13);
    CHECK(d13 && d13->isolation == INFA_DIRID_DRIVER_STORE);
    CHECK(strstr(d13->description, "Driver Store") != NULL);
    CHECK(infa_kb_dirid_find(12)->isolation == INFA_DIRID_USE_13);
    CHECK(infa_kb_dirid_find(16422)->isolation == INFA_DIRID_APP_INSTALL);
    CHECK(infa_kb_dirid_find(16428)->isolation == INFA_DIRID_APP_INSTALL);
    CHECK(infa_kb_dirid_find(1)->isolation == INFA_DIRID_SOURCE);
    CHECK(infa_kb_dirid_find(65535) == infa_kb_dirid_find(-1));
    CHECK(infa_kb_dirid_find(17)->deprecated_24h2);
    CHECK(!infa_kb_dirid_find(11)->deprecated_24h2);
    CHECK(infa_kb_dirid_find(99) == NULL);
    CHECK(infa_kb_dirid_range(16384 + 5) == INFA_DIRID_RANGE_SHELL);
    CHECK(infa_kb_dirid_range(66002) == INFA_DIRID_RANGE_PRINTER);
    CHECK(infa_kb_dirid_range(40000) == INFA_DIRID_RANGE_USER);
    CHECK(infa_kb_dirid_range(-2) == INFA_DIRID_RANGE_INVALID);
    for (size_t i = 1; i < infa_kb_dirid_count(); i++)
        CHECK(infa_kb_dirid_at(i - 1)->id < infa_kb_dirid_at(i)->id); /* bsearch order */
    return 0;
}

/* ---- sections ------------------------------------------------------------ */

static void section_row(const md_row *row, void *user)
{
    cover *c = user;
    const char *cell = row->cells[0];
    const char *a = strstr(cell, "`[");
    if (a == NULL)
        return;
    a += 2;
    const char *b = strchr(a, ']');
    if (b == NULL)
        return;
    size_t len = (size_t)(b - a);
    if (memchr(a, '-', len))
        return; /* [models-section-name]: a placeholder, not a name */
    c->seen++;
    if (len >= 9 && strncmp(a, "DDInstall", 9) == 0) {
        if (len == 9)
            return; /* the base DDInstall is author-named */
        const infa_kb_ddinstall_suffix *s = infa_kb_ddinstall_suffix_find(a + 9, len - 9);
        if (s == NULL || !nonempty(s->description) || !docs_url(s->url)) {
            fprintf(stderr, "DDInstall suffix %.*s: missing\n", (int)(len - 9), a + 9);
            c->missing++;
        }
        return;
    }
    const infa_kb_section *s = infa_kb_section_find(a, len);
    if (s == NULL || !nonempty(s->description) || !docs_url(s->url) || s->kind == 0) {
        fprintf(stderr, "section [%.*s]: missing\n", (int)len, a);
        c->missing++;
    }
}

int test_sections_cover_reference(void)
{
    md_file md;
    if (!md_load("sections-and-directives.md", &md))
        return TEST_SKIP;
    cover c = {0, 0};
    md_rows(&md, "## 1.", "## 2.", section_row, &c);
    free(md.text);
    fprintf(stderr, "%d section rows checked\n", c.seen);
    CHECK(c.seen >= 25);
    CHECK_EQ_INT(c.missing, 0);
    return 0;
}

int test_section_names_split(void)
{
    infa_kb_section_split_result r;
    const char *n = "Inst.NTamd64.HW";
    infa_kb_section_split(n, strlen(n), &r);
    CHECK_EQ_INT(r.base_len, 4);
    CHECK(r.platform && strcmp(r.platform->decoration, ".NTamd64") == 0);
    CHECK(r.suffix && r.suffix->kind == INFA_KIND_DDINSTALL_HW);
    n = "Inst.nt.services";
    infa_kb_section_split(n, strlen(n), &r);
    CHECK_EQ_INT(r.base_len, 4);
    CHECK(r.platform && r.platform->arch == NULL);
    CHECK(r.suffix && r.suffix->kind == INFA_KIND_DDINSTALL_SERVICES);
    n = "Plain";
    infa_kb_section_split(n, strlen(n), &r);
    CHECK_EQ_INT(r.base_len, 5);
    CHECK(r.platform == NULL && r.suffix == NULL);

#define KIND_OF(s) infa_kb_section_system_kind(s, strlen(s))
    CHECK(KIND_OF("version") == INFA_KIND_VERSION);
    CHECK(KIND_OF("SourceDisksFiles.amd64") == INFA_KIND_SOURCE_DISKS_FILES);
    CHECK(KIND_OF("SourceDisksFiles.NTamd64") == INFA_KIND_UNKNOWN);
    CHECK(KIND_OF("Strings.0407") == INFA_KIND_STRINGS);
    CHECK(KIND_OF("DefaultInstall.NTarm64") == INFA_KIND_DEFAULT_INSTALL);
    CHECK(KIND_OF("DefaultInstall.NTarm64.Services") == INFA_KIND_DEFAULT_INSTALL_SERVICES);
    CHECK(KIND_OF("ClassInstall32.NT.Services") == INFA_KIND_CLASS_INSTALL32_SERVICES);
    CHECK(KIND_OF("SignatureAttributes.Elam") == INFA_KIND_SIGNATURE_ATTRIBUTES);
    CHECK(KIND_OF("MyDevice.NTamd64") == INFA_KIND_UNKNOWN);
    CHECK(KIND_OF("StringsExtra") == INFA_KIND_UNKNOWN);
#undef KIND_OF
    return 0;
}

/* ---- directives ---------------------------------------------------------- */

static void directive_row(const md_row *row, void *user)
{
    cover *c = user;
    char names[8][64];
    int n = md_marked_identifiers(row->cells[0], names, 8);
    for (int i = 0; i < n; i++) {
        c->seen++;
        const infa_kb_directive *d = infa_kb_directive_find(names[i], strlen(names[i]));
        if (d == NULL || !nonempty(d->description) || !nonempty(d->syntax) || !docs_url(d->url)) {
            fprintf(stderr, "directive %s: missing or incomplete\n", names[i]);
            c->missing++;
        }
    }
}

int test_directives_cover_reference(void)
{
    md_file md;
    if (!md_load("sections-and-directives.md", &md))
        return TEST_SKIP;
    cover c = {0, 0};
    md_rows(&md, "## 2.", "## 6.", directive_row, &c);
    free(md.text);
    fprintf(stderr, "%d directive/entry names checked, %zu rows in the table\n", c.seen,
            infa_kb_directive_count());
    CHECK(c.seen >= 80);
    CHECK_EQ_INT(c.missing, 0);
    return 0;
}

/* Section 1 lists, per system section, the directives it holds (syntax
 * column). Each must exist AND be allowed in that section's kind. */
static infa_kind_set section_cell_kind(const char *cell)
{
    const char *a = strstr(cell, "`[");
    if (a == NULL)
        return 0;
    a += 2;
    size_t len = strcspn(a, "]");
    if (len >= 9 && strncmp(a, "DDInstall", 9) == 0) {
        if (len == 9)
            return INFA_KIND_DDINSTALL;
        const infa_kb_ddinstall_suffix *s = infa_kb_ddinstall_suffix_find(a + 9, len - 9);
        return s ? s->kind : 0;
    }
    return infa_kb_section_system_kind(a, len);
}

static void section_syntax_row(const md_row *row, void *user)
{
    cover *c = user;
    if (row->count < 2)
        return;
    infa_kind_set kind = section_cell_kind(row->cells[0]);
    if (kind == 0)
        return;
    const char *p = row->cells[1];
    while ((p = strchr(p, '`')) != NULL) {
        const char *q = strchr(p + 1, '`');
        if (q == NULL)
            break;
        const char *n = p + 1;
        while (n < q && *n == ' ')
            n++;
        size_t len = 0;
        while (n + len < q && isalnum((unsigned char)n[len]))
            len++;
        char next = n + len < q ? n[len] : '\0';
        /* `Name`, `Name=...` or `Name[.nt...]=...`; lower-case words and
         * the `File`/`Attribute` placeholders are not directive names. */
        bool is_name = len > 0 && isupper((unsigned char)n[0]) &&
                       (next == '\0' || next == '=' || next == '[' || next == ' ') &&
                       !(len == 4 && strncmp(n, "File", 4) == 0) &&
                       !(len == 9 && strncmp(n, "Attribute", 9) == 0);
        if (is_name) {
            c->seen++;
            if (infa_kb_directive_find_in(n, len, kind) == NULL) {
                fprintf(stderr, "%.*s: not allowed in %s by the table\n", (int)len, n,
                        infa_kind_name(kind));
                c->missing++;
            }
        }
        p = q + 1;
    }
}

int test_section_directives_allowed(void)
{
    md_file md;
    if (!md_load("sections-and-directives.md", &md))
        return TEST_SKIP;
    cover c = {0, 0};
    md_rows(&md, "## 1.", "## 2.", section_syntax_row, &c);
    free(md.text);
    fprintf(stderr, "%d (section, directive) pairs checked\n", c.seen);
    CHECK(c.seen >= 60);
    CHECK_EQ_INT(c.missing, 0);
    return 0;
}

int test_directive_rows_complete(void)
{
    int bad = 0;
    for (size_t i = 0; i < infa_kb_directive_count(); i++) {
        const infa_kb_directive *d = infa_kb_directive_at(i);
        bool ok = nonempty(d->name) && nonempty(d->syntax) && nonempty(d->description) &&
                  docs_url(d->url);
        /* Only HardwareId (Autorun.inf) belongs to no INF section kind. */
        if (d->where == 0 && strcmp(d->name, "HardwareId") != 0)
            ok = false;
        for (int r = 0; r < 2; r++)
            if (d->refs[r].kind && infa_kind_count(d->refs[r].kind) != 1)
                ok = false;
        if (d->value_table && infa_kb_consts((infa_kb_consts_id)d->value_table) == NULL)
            ok = false;
        if (!ok) {
            fprintf(stderr, "directive row %zu (%s) is incomplete\n", i, d->name);
            bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    return 0;
}

/* Every author-named kind must be reachable: some directive or line
 * reference gives it, or the model could never assign it. */
int test_every_kind_reachable(void)
{
    infa_kind_set reached = 0;
    for (size_t i = 0; i < infa_kb_directive_count(); i++)
        for (int r = 0; r < 2; r++)
            reached |= infa_kb_directive_at(i)->refs[r].kind;
    for (size_t i = 0; i < infa_kb_line_ref_count(); i++)
        reached |= infa_kb_line_ref_at(i)->ref.kind;
    for (size_t i = 0; i < infa_kb_section_count(); i++)
        reached |= infa_kb_section_at(i)->kind;
    for (size_t i = 0; i < infa_kb_ddinstall_suffix_count(); i++)
        reached |= infa_kb_ddinstall_suffix_at(i)->kind;
    /* `.security` sections are found by name, next to their list. */
    reached |= INFA_KIND_FILE_LIST_SECURITY | INFA_KIND_REG_SECURITY;
    int bad = 0;
    for (int i = 0; i < INFA_KIND_COUNT; i++) {
        infa_kind_set k = (infa_kind_set)1 << i;
        if (!(reached & k)) {
            fprintf(stderr, "kind %s is never assigned\n", infa_kind_name(k));
            bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    return 0;
}

int test_kinds_table(void)
{
    for (int i = 0; i < INFA_KIND_COUNT; i++) {
        infa_kind_set k = (infa_kind_set)1 << i;
        const infa_kb_kind_info *info = infa_kb_kind_info_get(k);
        CHECK(info != NULL);
        CHECK(info->kind == k);
        CHECK(nonempty(info->name) && nonempty(info->description));
        CHECK(info->url == NULL || docs_url(info->url));
        CHECK_EQ_INT(infa_kind_index(k), i);
        for (int j = 0; j < i; j++)
            CHECK(strcmp(info->name, infa_kind_name((infa_kind_set)1 << j)) != 0);
    }
    CHECK(strcmp(infa_kind_name(INFA_KIND_DDINSTALL_HW), "DDInstall.HW section") == 0);
    CHECK(strcmp(infa_kind_name(INFA_KIND_SERVICE_INSTALL), "service-install section") == 0);
    CHECK(strcmp(infa_kind_name(0), "unknown section") == 0);
    CHECK(strcmp(infa_kind_name(INFA_KIND_VERSION | INFA_KIND_STRINGS), "unknown section") == 0);

    infa_kind_set s = INFA_KIND_REG_SECURITY | INFA_KIND_ADD_REGISTRY | INFA_KIND_VERSION, k;
    infa_kind_set seen[4];
    int n = 0;
    while ((k = infa_kind_next(&s)) && n < 4)
        seen[n++] = k;
    CHECK_EQ_INT(n, 3);
    CHECK(seen[0] == INFA_KIND_VERSION && seen[1] == INFA_KIND_ADD_REGISTRY &&
          seen[2] == INFA_KIND_REG_SECURITY);
    CHECK(s == 0);
    CHECK_EQ_INT(infa_kind_count(INFA_KIND_ANY_DDINSTALL), 14);
    return 0;
}

static void collect_name(const infa_kb_directive *row, void *user)
{
    /* user is an array of 3 flags: PnpLockdown, DriverVer, AddReg. */
    bool *found = user;
    if (strcmp(row->name, "PnpLockdown") == 0)
        found[0] = true;
    if (strcmp(row->name, "DriverVer") == 0)
        found[1] = true;
    if (strcmp(row->name, "AddReg") == 0)
        found[2] = true;
}

int test_directive_lookups(void)
{
    bool found[3] = {false, false, false};
    infa_kb_directives_for_kind(INFA_KIND_VERSION, collect_name, found);
    CHECK(found[0] && found[1] && !found[2]);
    memset(found, 0, sizeof(found));
    infa_kb_directives_for_kind(INFA_KIND_DDINSTALL_HW, collect_name, found);
    CHECK(!found[0] && found[2]);

    const infa_kb_directive *d = infa_kb_directive_find("addservice", 10);
    CHECK(d && strcmp(d->name, "AddService") == 0);
    CHECK(d->refs[0].field == 3 && d->refs[0].kind == INFA_KIND_SERVICE_INSTALL);
    CHECK(d->refs[1].field == 4 && d->refs[1].kind == INFA_KIND_EVENT_LOG_INSTALL);
    CHECK(d->value_field == 2 && d->value_table == INFA_KB_CONSTS_SPSVCINST);
    d = infa_kb_directive_find("COPYFILES", 9);
    CHECK(d && d->refs[0].field == 0 && d->refs[0].kind == INFA_KIND_COPY_FILES);
    CHECK(d->refs[0].flags & INFA_KB_REF_AT_IS_FILE);
    d = infa_kb_directive_find("Needs", 5);
    CHECK(d && (d->refs[0].flags & INFA_KB_REF_EXTERNAL) &&
          (d->refs[0].flags & INFA_KB_REF_SAME_KIND));
    d = infa_kb_directive_find("AddInterface", 12);
    CHECK(d && d->refs[0].field == 3 && d->refs[0].kind == INFA_KIND_INTERFACE_INSTALL);
    CHECK(infa_kb_directive_find("pnplockdown", 11) != NULL);
    CHECK(infa_kb_directive_find("CatalogFile.NTamd64", 19) != NULL);
    CHECK(infa_kb_directive_find("catalogfile.ntARM64", 19) != NULL);
    CHECK(infa_kb_directive_find("CatalogFile.amd64", 17) == NULL);
    CHECK(infa_kb_directive_find("NoSuchDirective", 15) == NULL);
    CHECK(infa_kb_directive_find("AddRegX", 7) == NULL);

    /* Same name, different sections, different rows. */
    const infa_kb_directive *svc =
        infa_kb_directive_find_in("ServiceBinary", 13, INFA_KIND_SERVICE_INSTALL);
    const infa_kb_directive *wdf =
        infa_kb_directive_find_in("ServiceBinary", 13, INFA_KIND_WDF_SERVICE_INSTALL);
    CHECK(svc && wdf && svc != wdf);
    CHECK(svc->flags & INFA_KB_F_REQUIRED);
    CHECK(infa_kb_directive_find_in("AddReg", 6, INFA_KIND_VERSION) == NULL);
    CHECK(infa_kb_directive_find_in("StartType", 9, INFA_KIND_SERVICE_INSTALL)->value_table ==
          INFA_KB_CONSTS_START_TYPE);

    const infa_kb_line_ref *lr = infa_kb_line_ref_find(INFA_KIND_MODELS);
    CHECK(lr && lr->ref.kind == INFA_KIND_DDINSTALL && lr->ref.field == 1);
    lr = infa_kb_line_ref_find(INFA_KIND_DESTINATION_DIRS);
    CHECK(lr && (lr->key_kind & INFA_KIND_COPY_FILES) &&
          strcmp(lr->except_key, "DefaultDestDir") == 0);
    return 0;
}

/* ---- AddReg ---------------------------------------------------------------- */

typedef struct {
    cover c;
    const char *prefix; /* FLG_ADDREG_, FLG_DELREG_, FLG_BITREG_ */
    infa_kb_consts_id table;
} flag_cover;

static void flag_row(const md_row *row, void *user)
{
    flag_cover *fc = user;
    uint32_t value;
    char name[128];
    if (row->count < 2 || !parse_hex_cell(row->cells[0], &value) ||
        !first_code(row->cells[1], name, sizeof(name)) ||
        strncmp(name, fc->prefix, strlen(fc->prefix)) != 0)
        return;
    fc->c.seen++;
    if (fc->table == INFA_KB_CONSTS_NONE) {
        const infa_kb_addreg_flag *f = infa_kb_addreg_flag_find_name(name, strlen(name));
        if (f == NULL || f->value != value || !nonempty(f->description)) {
            fprintf(stderr, "%s (0x%08x): missing or wrong value\n", name, value);
            fc->c.missing++;
        }
        return;
    }
    const infa_kb_const *k = infa_kb_const_find_name(fc->table, name, strlen(name));
    if (k == NULL || k->value != value || !nonempty(k->description)) {
        fprintf(stderr, "%s (0x%08x): missing or wrong value\n", name, value);
        fc->c.missing++;
    }
}

int test_addreg_flags_cover_reference(void)
{
    md_file md;
    if (!md_load("addreg.md", &md))
        return TEST_SKIP;
    flag_cover add = {{0, 0}, "FLG_ADDREG_", INFA_KB_CONSTS_NONE};
    flag_cover del = {{0, 0}, "FLG_DELREG_", INFA_KB_CONSTS_DELREG};
    flag_cover bit = {{0, 0}, "FLG_BITREG_", INFA_KB_CONSTS_BITREG};
    md_rows(&md, NULL, NULL, flag_row, &add);
    md_rows(&md, NULL, NULL, flag_row, &del);
    md_rows(&md, NULL, NULL, flag_row, &bit);
    free(md.text);
    fprintf(stderr, "FLG_ADDREG %d, FLG_DELREG %d, FLG_BITREG %d rows checked\n", add.c.seen,
            del.c.seen, bit.c.seen);
    CHECK(add.c.seen >= 18 && del.c.seen >= 5 && bit.c.seen >= 4);
    CHECK_EQ_INT(add.c.missing + del.c.missing + bit.c.missing, 0);
    for (size_t i = 0; i < infa_kb_addreg_flag_count(); i++)
        CHECK(nonempty(infa_kb_addreg_flag_at(i)->description));
    return 0;
}

/* addreg.md 4.2 maps type values to registry types; decode must agree. */
static void decode_row(const md_row *row, void *user)
{
    cover *c = user;
    uint32_t value;
    if (row->count < 2 || !parse_hex_cell(row->cells[0], &value) ||
        strncmp(row->cells[1], "REG_", 4) != 0)
        return;
    c->seen++;
    infa_kb_addreg_decoded d;
    infa_kb_addreg_flags_decode(value, &d);
    if (d.type_status != INFA_ADDREG_TYPE_KNOWN || strcmp(d.reg_type, row->cells[1]) != 0) {
        fprintf(stderr, "decode 0x%08x: got %s, reference says %s\n", value,
                d.reg_type ? d.reg_type : "(invalid)", row->cells[1]);
        c->missing++;
    }
}

int test_addreg_decode_matches_reference(void)
{
    md_file md;
    if (!md_load("addreg.md", &md))
        return TEST_SKIP;
    cover c = {0, 0};
    md_rows(&md, "### 4.2", "### 4.3", decode_row, &c);
    free(md.text);
    CHECK_EQ_INT(c.seen, 7);
    CHECK_EQ_INT(c.missing, 0);
    return 0;
}

int test_addreg_decode(void)
{
    infa_kb_addreg_decoded d;
    infa_kb_addreg_flags_decode(0x00010001, &d);
    CHECK(d.type_status == INFA_ADDREG_TYPE_KNOWN);
    CHECK(strcmp(d.type_flag->name, "FLG_ADDREG_TYPE_DWORD") == 0);
    CHECK(strcmp(d.reg_type, "REG_DWORD") == 0);
    CHECK_EQ_INT(d.mod_count, 0);

    infa_kb_addreg_flags_decode(0x00020000, &d);
    CHECK(strcmp(d.type_flag->name, "FLG_ADDREG_TYPE_EXPAND_SZ") == 0);
    CHECK(strcmp(d.reg_type, "REG_EXPAND_SZ") == 0);

    infa_kb_addreg_flags_decode(0x00000001, &d);
    CHECK(strcmp(d.type_flag->name, "FLG_ADDREG_TYPE_BINARY") == 0);

    infa_kb_addreg_flags_decode(0x00010003, &d);
    CHECK(strcmp(d.reg_type, "REG_DWORD") == 0);
    CHECK_EQ_INT(d.mod_count, 1);
    CHECK(strcmp(d.mods[0]->name, "FLG_ADDREG_NOCLOBBER") == 0);

    infa_kb_addreg_flags_decode(0x00010008, &d);
    CHECK(strcmp(d.reg_type, "REG_MULTI_SZ") == 0);
    CHECK(d.mod_count == 1 && d.mods[0]->rejected_isolated);
    CHECK(!d.append_without_multi);

    infa_kb_addreg_flags_decode(0x00000008, &d); /* APPEND on REG_SZ: 1265 */
    CHECK(d.append_without_multi);

    infa_kb_addreg_flags_decode(0x00380001, &d); /* the docs' custom type 0x38 */
    CHECK(d.type_status == INFA_ADDREG_TYPE_CUSTOM);
    CHECK_EQ_INT(d.custom_type, 0x38);

    infa_kb_addreg_flags_decode(0x00070001, &d); /* REG_MULTI_SZ as custom: 1263 */
    CHECK(d.type_status == INFA_ADDREG_TYPE_INVALID);
    infa_kb_addreg_flags_decode(0x00030000, &d); /* custom without bit 0: 1264 */
    CHECK(d.type_status == INFA_ADDREG_TYPE_INVALID);
    CHECK(d.reg_type == NULL);

    infa_kb_addreg_flags_decode(0x00000040, &d);
    CHECK_EQ_INT(d.unknown_bits, 0x40);
    infa_kb_addreg_flags_decode(0x00000022, &d);
    CHECK(d.conflicting);
    infa_kb_addreg_flags_decode(0x00005000, &d);
    CHECK(d.conflicting);
    CHECK_EQ_INT(d.mod_count, 2);

    CHECK(strcmp(infa_kb_addreg_flag_find(0x1)->name, "FLG_ADDREG_TYPE_BINARY") == 0);
    CHECK(infa_kb_addreg_flag_find_name("flg_addreg_append", 17)->rejected_isolated);

    /* Completion data: the EXPAND_SZ item and a deprecated APPEND item. */
    bool expand = false, append = false;
    for (size_t i = 0; i < infa_kb_addreg_combo_count(); i++) {
        const infa_kb_addreg_combo *c = infa_kb_addreg_combo_at(i);
        uint32_t v = (uint32_t)strtoul(c->insert, NULL, 16);
        CHECK_EQ_INT(v, c->value);
        if (c->value == 0x00020000 && strcmp(c->label, "FLG_ADDREG_TYPE_EXPAND_SZ") == 0 &&
            strstr(c->description, "%13%"))
            expand = true;
        if (c->value == 0x00010008 && c->rejected_isolated)
            append = true;
        if (c->reg_type) {
            infa_kb_addreg_decoded cd;
            infa_kb_addreg_flags_decode(c->value, &cd);
            CHECK(cd.reg_type && strcmp(cd.reg_type, c->reg_type) == 0);
        }
    }
    CHECK(expand && append);
    return 0;
}

int test_registry_roots_and_hkr(void)
{
    CHECK(strcmp(infa_kb_reg_root_at(0)->name, "HKR") == 0);
    CHECK(!infa_kb_reg_root_find("hkr", 3)->global);
    CHECK(infa_kb_reg_root_find("HkLm", 4)->global);
    CHECK(infa_kb_reg_root_find("HKEY", 4) == NULL);
    /* Each root parses to its own value (infa_addreg_parse reads .root). */
    static const struct {
        const char *name;
        infa_reg_root root;
    } roots[] = {{"HKCR", INFA_ROOT_HKCR},
                 {"HKCU", INFA_ROOT_HKCU},
                 {"HKLM", INFA_ROOT_HKLM},
                 {"HKU", INFA_ROOT_HKU},
                 {"HKR", INFA_ROOT_HKR}};
    CHECK_EQ_INT((int)infa_kb_reg_root_count(), 5);
    for (size_t i = 0; i < 5; i++) {
        const infa_kb_reg_root *r = infa_kb_reg_root_find(roots[i].name, strlen(roots[i].name));
        CHECK(r != NULL && r->root == roots[i].root);
    }

    CHECK(strstr(infa_kb_hkr_target_find(INFA_KIND_DDINSTALL)->key, "software"));
    CHECK(strstr(infa_kb_hkr_target_find(INFA_KIND_DDINSTALL_HW)->key, "hardware"));
    CHECK(strstr(infa_kb_hkr_target_find(INFA_KIND_SERVICE_INSTALL)->key, "service"));
    CHECK(strstr(infa_kb_hkr_target_find(INFA_KIND_INTERFACE_INSTALL)->key, "interface"));
    CHECK(infa_kb_hkr_target_find(INFA_KIND_DEFAULT_INSTALL)->not_allowed);

    const infa_kb_hkr_value *v = infa_kb_hkr_value_find("upperfilters", 12);
    CHECK(v && v->rejected_isolated && strcmp(v->reg_type, "REG_MULTI_SZ") == 0);
    CHECK(infa_kb_hkr_value_find("DeviceCharacteristics", 21) != NULL);
    return 0;
}

/* ---- numeric constants ----------------------------------------------------- */

/* Every `| 0x… | `NAME` |` row of sections-and-directives.md (service
 * values, SPSVCINST, COPYFLG, DELFLG) must be in some constant table. */
static void const_row(const md_row *row, void *user)
{
    cover *c = user;
    uint32_t value;
    char name[128];
    if (row->count < 2 || !parse_hex_cell(row->cells[0], &value) ||
        !first_code(row->cells[1], name, sizeof(name)))
        return;
    c->seen++;
    for (int id = 1; id < INFA_KB_CONSTS__COUNT; id++) {
        const infa_kb_const *k = infa_kb_const_find_name((infa_kb_consts_id)id, name, strlen(name));
        if (k && k->value == value && nonempty(k->description))
            return;
    }
    fprintf(stderr, "%s (0x%x): no constant row\n", name, value);
    c->missing++;
}

int test_constants_cover_reference(void)
{
    md_file md;
    if (!md_load("sections-and-directives.md", &md))
        return TEST_SKIP;
    cover c = {0, 0};
    md_rows(&md, NULL, NULL, const_row, &c);
    free(md.text);
    fprintf(stderr, "%d constant rows checked\n", c.seen);
    CHECK(c.seen >= 45);
    CHECK_EQ_INT(c.missing, 0);
    return 0;
}

int test_service_constants(void)
{
    CHECK(strcmp(infa_kb_start_type_find(3)->name, "SERVICE_DEMAND_START") == 0);
    CHECK(strcmp(infa_kb_start_type_find(0)->name, "SERVICE_BOOT_START") == 0);
    CHECK(infa_kb_start_type_find(5) == NULL);
    CHECK(strcmp(infa_kb_service_type_find(1)->name, "SERVICE_KERNEL_DRIVER") == 0);
    CHECK(strcmp(infa_kb_error_control_find(1)->name, "SERVICE_ERROR_NORMAL") == 0);
    CHECK(strcmp(infa_kb_const_find(INFA_KB_CONSTS_SPSVCINST, 2)->name, "SPSVCINST_ASSOCSERVICE") ==
          0);

    const infa_kb_const *bits[32];
    uint32_t unknown = 1;
    size_t n = infa_kb_const_decode(INFA_KB_CONSTS_SPSVCINST, 0x1fa, bits, 32, &unknown);
    CHECK_EQ_INT(n, 7);
    CHECK_EQ_INT(unknown, 0);
    CHECK(strcmp(bits[0]->name, "SPSVCINST_ASSOCSERVICE") == 0);
    CHECK(strcmp(bits[6]->name, "SPSVCINST_NOCLOBBER_DESCRIPTION") == 0);
    n = infa_kb_const_decode(INFA_KB_CONSTS_SERVICE_TYPE, 0x110, bits, 32, &unknown);
    CHECK_EQ_INT(n, 2);
    n = infa_kb_const_decode(INFA_KB_CONSTS_COPYFLG, 0x80000003, bits, 1, &unknown);
    CHECK_EQ_INT(n, 1); /* capped */
    CHECK_EQ_INT(unknown, 0x80000000u);

    CHECK(infa_kb_const_find_name(INFA_KB_CONSTS_START_TYPE, "service_demand_start", 20)->value ==
          3);
    CHECK(infa_kb_consts(INFA_KB_CONSTS_NONE) == NULL);
    CHECK(infa_kb_consts(INFA_KB_CONSTS__COUNT) == NULL);

    /* Tables are in ascending order with unique values. */
    for (int id = 1; id < INFA_KB_CONSTS__COUNT; id++) {
        const infa_kb_const_table *t = infa_kb_consts((infa_kb_consts_id)id);
        CHECK(t && (int)t->id == id && t->count > 0 && docs_url(t->url) && nonempty(t->title));
        for (size_t i = 1; i < t->count; i++)
            CHECK(t->rows[i - 1].value < t->rows[i].value);
    }
    return 0;
}

/* ---- isolation facts ------------------------------------------------------- */

static void subrule_row(const md_row *row, void *user)
{
    cover *c = user;
    char id[128];
    if (row->count < 3 || strncmp(row->cells[0], "20", 2) != 0 ||
        !first_code(row->cells[0], id, sizeof(id)))
        return;
    c->seen++;
    for (size_t i = 0; i < infa_kb_global_reg_count(); i++)
        if (strcmp(infa_kb_global_reg_at(i)->rule_id, id) == 0)
            return;
    fprintf(stderr, "isolation sub-rule %s has no registry row\n", id);
    c->missing++;
}

static void intrinsic_row(const md_row *row, void *user)
{
    cover *c = user;
    char directive[128];
    if (row->count < 2 || !first_code(row->cells[1], directive, sizeof(directive)))
        return;
    size_t len = strcspn(directive, "=");
    c->seen++;
    bool found = false;
    for (size_t i = 0; i < infa_kb_service_intrinsic_count(); i++)
        if (strncmp(infa_kb_service_intrinsic_at(i)->directive, directive, len) == 0 &&
            infa_kb_service_intrinsic_at(i)->directive[len] == '\0')
            found = true;
    if (!found || !infa_kb_directive_find_in(directive, len, INFA_KIND_SERVICE_INSTALL)) {
        fprintf(stderr, "rule 18 directive %.*s: no intrinsic or directive row\n", (int)len,
                directive);
        c->missing++;
    }
}

int test_isolation_facts_cover_reference(void)
{
    md_file md;
    if (!md_load("isolation-rules.md", &md))
        return TEST_SKIP;
    cover sub = {0, 0}, intr = {0, 0};
    md_rows(&md, "### 20.", "### 21.", subrule_row, &sub);
    md_rows(&md, "### 18.", "### 19.", intrinsic_row, &intr);
    free(md.text);
    fprintf(stderr, "%d sub-rules, %d intrinsic rows checked\n", sub.seen, intr.seen);
    CHECK_EQ_INT(sub.seen, 8);
    CHECK(intr.seen >= 12);
    CHECK_EQ_INT(sub.missing + intr.missing, 0);
    return 0;
}

static const infa_kb_global_reg *gmatch(const char *root, const char *key, const char *val)
{
    return infa_kb_global_reg_match(root, strlen(root), key, strlen(key), val,
                                    val ? strlen(val) : 0);
}

int test_isolation_lookups(void)
{
#define GMATCH(root, key, val) gmatch(root, key, val)
    const infa_kb_global_reg *g =
        GMATCH("hklm", "\\System\\CurrentControlSet\\Services\\foo\\Parameters", NULL);
    CHECK(g && strcmp(g->rule_id, "registry-own-service") == 0);
    g = GMATCH("HKLM", "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce", "x");
    CHECK(g && strcmp(g->prefix + strlen(g->prefix) - 7, "RunOnce") == 0);
    g = GMATCH("HKLM", "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Runner", "x");
    CHECK(g == NULL);
    g = GMATCH("HKLM", "SYSTEM\\CurrentControlSet\\Control\\MediaCategories\\{1}", "Display");
    CHECK(g && strcmp(g->rule_id, "registry-mediacategories-display") == 0);
    g = GMATCH("HKLM", "SYSTEM\\CurrentControlSet\\Control\\MediaCategories\\{1}", "Other");
    CHECK(g == NULL);
    g = GMATCH("HKCR", "AudioEngine\\AudioProcessingObjects\\{x}", NULL);
    CHECK(g && strcmp(g->rule_id, "registry-apo-hkcr") == 0);
#undef GMATCH

    const char *k = "SOFTWARE\\Khronos\\Vulkan";
    CHECK(infa_kb_reg_exception_match(INFA_KB_PROFILE_WHQL, "HKLM", 4, k, strlen(k)) != NULL);
    CHECK(infa_kb_reg_exception_match(INFA_KB_PROFILE_UNIVERSAL, "HKLM", 4, k, strlen(k)) == NULL);
    CHECK(infa_kb_reg_exception_match(INFA_KB_PROFILE_UNIVERSAL, "hkcr", 4, "CLSID", 5) != NULL);
    k = "SOFTWARE\\Classes\\CLSID";
    CHECK(infa_kb_reg_exception_match(INFA_KB_PROFILE_UNIVERSAL, "HKLM", 4, k, strlen(k)) != NULL);

    CHECK(infa_kb_path_has_prefix("\\A\\B", 4, "a"));
    CHECK(!infa_kb_path_has_prefix("AB", 2, "A"));
    CHECK(infa_kb_path_has_prefix("x", 1, ""));

    const infa_kb_inbox_binary *b = infa_kb_inbox_binary_find("wudfrd.SYS", 10);
    CHECK(b && strcmp(b->include_inf, "WUDFRD.inf") == 0);
    CHECK(b->needs[0] && b->needs[1] && b->needs[2] && b->needs[3] == NULL);
    CHECK(infa_kb_inbox_binary_find("MsHidKmdf.sys", 13) != NULL);
    CHECK(infa_kb_inbox_binary_find("mydriver.sys", 12) == NULL);

    const infa_kb_service_intrinsic *s = infa_kb_service_intrinsic_find("start", 5);
    CHECK(s && strcmp(s->directive, "StartType") == 0 && s->verified);
    s = infa_kb_service_intrinsic_find("TriggerInfo", 11);
    CHECK(s && s->is_subkey);
    return 0;
}

int test_lookups_ignore_case(void)
{
    CHECK(infa_kb_section_find("VERSION", 7) == infa_kb_section_find("version", 7));
    CHECK(infa_kb_section_find("sourcedisksfiles", 16) != NULL);
    CHECK(infa_kb_ddinstall_suffix_find(".hw", 3) == infa_kb_ddinstall_suffix_find(".HW", 3));
    CHECK(infa_kb_ddinstall_suffix_find(".SERVICES", 9) != NULL);
    CHECK(infa_kb_platform_find(".ntAMD64", 8) == infa_kb_platform_find(".NTamd64", 8));
    CHECK(infa_kb_directive_find("ADDREG", 6) == infa_kb_directive_find("AddReg", 6));
    CHECK(infa_kb_directive_find("umdfdispatcher", 14) != NULL);
    CHECK(infa_kb_addreg_flag_find_name("flg_addreg_type_dword", 21)->value == 0x00010001);
    CHECK(infa_kb_const_find_name(INFA_KB_CONSTS_COPYFLG, "copyflg_nodecomp", 16)->value == 0x800);
    CHECK(infa_kb_hkr_value_find("LOWERFILTERS", 12) != NULL);
    /* Lengths are honoured: a prefix of a name is not the name. */
    CHECK(infa_kb_directive_find("AddRegistry", 3) == NULL);
    CHECK(infa_kb_directive_find("AddRegistry", 6) == infa_kb_directive_find("AddReg", 6));
    return 0;
}

/* kb/infverif.c is infverif-codes.tsv row for row: code, /k /u /w levels and
 * InfVerif's message. */
int test_infverif_codes_cover_reference(void)
{
    md_file f;
    if (!md_load("infverif-codes.tsv", &f))
        return TEST_SKIP;
    size_t row = 0;
    int bad = 0;
    for (char *line = strtok(f.text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (!isdigit((unsigned char)line[0]))
            continue;
        char *c[5] = {line, NULL, NULL, NULL, NULL};
        for (int i = 1; i < 5; i++) {
            c[i] = c[i - 1] ? strchr(c[i - 1], '\t') : NULL;
            if (c[i] != NULL)
                *c[i]++ = '\0';
        }
        CHECK(c[4] != NULL);
        const infa_kb_infverif *iv = infa_kb_infverif_at(row++);
        CHECK(iv != NULL);
        CHECK(infa_kb_infverif_find(atoi(c[0])) == iv);
        static const char *const names[] = {"None", "Warning", "Error"};
        for (int m = 0; m < 3; m++)
            if (strcmp(names[iv->level[m]], c[1 + m]) != 0) {
                fprintf(stderr, "InfVerif %s level %d: %s, tsv says %s\n", c[0], m,
                        names[iv->level[m]], c[1 + m]);
                bad++;
            }
        if (strcmp(iv->message, c[4]) != 0) {
            fprintf(stderr, "InfVerif %s message differs\n", c[0]);
            bad++;
        }
    }
    free(f.text);
    CHECK_EQ_INT(row, infa_kb_infverif_count());
    CHECK_EQ_INT(row, 202);
    CHECK_EQ_INT(bad, 0);
    CHECK(infa_kb_infverif_find(999) == NULL && infa_kb_infverif_find(1004) == NULL);
    return 0;
}

/* ---- facts the rules read (issue 12) --------------------------------------- */

int test_rule_facts(void)
{
    /* The numbers malformed-addreg and registry-global-root test, against the
     * rows addreg_flags_cover_reference checks. */
    static const struct {
        const char *name;
        uint32_t value;
        const char *reg_type;
    } flags[] = {{"FLG_ADDREG_TYPE_SZ", INFA_FLG_ADDREG_TYPE_SZ, "REG_SZ"},
                 {"FLG_ADDREG_TYPE_MULTI_SZ", INFA_FLG_ADDREG_TYPE_MULTI_SZ, "REG_MULTI_SZ"},
                 {"FLG_ADDREG_TYPE_EXPAND_SZ", INFA_FLG_ADDREG_TYPE_EXPAND_SZ, "REG_EXPAND_SZ"},
                 {"FLG_ADDREG_TYPE_BINARY", INFA_FLG_ADDREG_TYPE_BINARY, "REG_BINARY"},
                 {"FLG_ADDREG_TYPE_DWORD", INFA_FLG_ADDREG_TYPE_DWORD, "REG_DWORD"},
                 {"FLG_ADDREG_TYPE_NONE", INFA_FLG_ADDREG_TYPE_NONE, "REG_NONE"},
                 {"FLG_ADDREG_TYPE_QWORD", INFA_FLG_ADDREG_TYPE_QWORD, "REG_QWORD"},
                 {"FLG_ADDREG_KEYONLY", INFA_FLG_ADDREG_KEYONLY, NULL}};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        const infa_kb_addreg_flag *f =
            infa_kb_addreg_flag_find_name(flags[i].name, strlen(flags[i].name));
        CHECK(f != NULL && f->value == flags[i].value);
        if (flags[i].reg_type != NULL) {
            infa_kb_addreg_decoded d;
            infa_kb_addreg_flags_decode(flags[i].value, &d);
            CHECK(d.type_status == INFA_ADDREG_TYPE_KNOWN &&
                  strcmp(d.type_flag->reg_type, flags[i].reg_type) == 0);
        }
    }
    /* universal-copy-destination: 11, 12 and 13 are rows that /u accepts. */
    for (long id = 11; id <= 13; id++)
        CHECK(infa_kb_dirid_find(id) != NULL && infa_kb_dirid_find(id)->universal_ok);
    CHECK(!infa_kb_dirid_find(10)->universal_ok);
    /* string-token-undefined */
    CHECK(infa_kb_env_var_is("systemroot", 10));
    CHECK(infa_kb_env_var_is("ProgramFiles(x86)", 17));
    CHECK(!infa_kb_env_var_is("DriverName", 10));
    CHECK(infa_kb_env_var_count() >= 20);
    for (size_t i = 0; i < infa_kb_env_var_count(); i++)
        CHECK(infa_kb_env_var_at(i) != NULL);
    /* unused-section */
    CHECK(infa_kb_section_read_by_name("oem urls", 8));
    CHECK(infa_kb_section_read_by_name("AutoRun", 7));
    CHECK(!infa_kb_section_read_by_name("Foo", 3));
    CHECK(infa_kb_section_read_by_name_count() >= 10);
    /* Rows that keep unknown-directive and completion right where the
     * vocabulary is only partly documented. */
    static const struct {
        const char *name;
        infa_kind_set where;
    } rows[] = {{"DelFiles", INFA_KIND_DEFAULT_UNINSTALL},
                {"DelReg", INFA_KIND_DEFAULT_UNINSTALL},
                {"AddReg", INFA_KIND_WDF_SERVICE_INSTALL},
                {"ClockType", INFA_KIND_AUTOLOGGER},
                {"FileMax", INFA_KIND_AUTOLOGGER},
                {"MinimumBuffers", INFA_KIND_AUTOLOGGER},
                {"MatchAllKeyword", INFA_KIND_AUTOLOGGER_PROVIDER},
                {"Characteristics", INFA_KIND_DDINSTALL},
                {"BusType", INFA_KIND_DDINSTALL}};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        CHECK(infa_kb_directive_find_in(rows[i].name, strlen(rows[i].name), rows[i].where) != NULL);
    CHECK_EQ_INT((int)infa_kb_section_entry_point_count(), 4);
    for (size_t i = 0; i < infa_kb_section_entry_point_count(); i++) {
        const char *e = infa_kb_section_entry_point_at(i);
        CHECK(e != NULL && infa_kb_section_find(e, strlen(e)) != NULL);
    }
    return 0;
}
