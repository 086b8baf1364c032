/* What the model says about small INFs: fields, sections, kinds, strings,
 * references, cursor location. */
#include "document.h"
#include "model.h"
#include "test.h"
#include "testio.h"

static infa_document *doc_of(const char *text)
{
    return infa_document_new(text, strlen(text));
}

/* The line whose key (or first field) is `name`. */
static const infa_line *line_named(const infa_model *m, const char *name)
{
    for (uint32_t i = 0; i < infa_model_line_count(m); i++) {
        const infa_line *l = infa_model_line(m, i);
        const infa_field *f = l->has_key ? &l->key : (l->field_count ? &l->fields[0] : NULL);
        if (f && f->value_len == strlen(name) && memcmp(f->value, name, f->value_len) == 0)
            return l;
    }
    return NULL;
}

static uint32_t section_named(const infa_model *m, const char *name)
{
    return infa_model_find_section(m, name, strlen(name));
}

int test_line_index_mixed_endings(void)
{
    infa_document *d = doc_of("a\r\nb\nc\rd");
    CHECK_EQ_INT(infa_document_line_count(d), 4);
    CHECK_EQ_INT(infa_document_line_start(d, 1), 3);
    CHECK_EQ_INT(infa_document_line_start(d, 2), 5);
    CHECK_EQ_INT(infa_document_line_start(d, 3), 7);
    CHECK_EQ_INT(infa_document_line_end(d, 0), 1);
    infa_point p = infa_document_point_at(d, 6);
    CHECK_EQ_INT(p.row, 2);
    CHECK_EQ_INT(p.col, 1);
    infa_document_delete(d);
    return 0;
}

int test_line_index_incremental(void)
{
    /* Edits that split and join CR LF pairs must leave the same index as a
     * fresh document of the final text. */
    static const struct {
        const char *text;
        uint32_t start, end;
        const char *insert;
    } cases[] = {
        {"a\rb", 2, 2, "\n"},
        {"a\r\nb", 2, 2, "x"},
        {"a\r\nb", 1, 2, ""},
        {"a\nb\nc", 0, 5, "\r\r"},
        {"[x]\r\nk=v\r\n", 5, 5, "\r\n[y]"},
        {"abc", 3, 3, "\n"},
        {"a\n\n\nb", 1, 4, ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        infa_document *d = doc_of(cases[i].text);
        infa_document_apply_edit(d, cases[i].start, cases[i].end, cases[i].insert,
                                 strlen(cases[i].insert));
        size_t len;
        const char *t = infa_document_text(d, &len);
        infa_document *fresh = infa_document_new(t, len);
        CHECK_EQ_INT(infa_document_line_count(d), infa_document_line_count(fresh));
        for (uint32_t r = 0; r < infa_document_line_count(d); r++)
            CHECK_EQ_INT(infa_document_line_start(d, r), infa_document_line_start(fresh, r));
        infa_document_delete(fresh);
        infa_document_delete(d);
    }
    return 0;
}

int test_fields_quotes_and_empties(void)
{
    infa_document *d = doc_of("[Sec]\n"
                              "HKR,,\"a=b\",0x00000000,\"say \"\"hi\"\"\"\n"
                              "file.sys=1,,1234\n"
                              "x = \" keep \" , trimmed ,\n"
                              "%Key%=\"%13%\\x.dll\"\n");
    const infa_model *m = infa_document_model(d);
    const infa_line *l = line_named(m, "HKR");
    CHECK(l && !l->has_key);
    CHECK_EQ_INT(l->field_count, 5);
    CHECK(l->fields[1].empty);
    CHECK_EQ_STR(l->fields[2].value, l->fields[2].value_len, "a=b");
    CHECK_EQ_STR(l->fields[4].value, l->fields[4].value_len, "say \"hi\"");
    CHECK(l->fields[4].quoted);

    l = line_named(m, "file.sys");
    CHECK(l && l->has_key);
    CHECK_EQ_INT(l->field_count, 3);
    CHECK(l->fields[1].empty);
    CHECK_EQ_STR(l->fields[2].value, l->fields[2].value_len, "1234");

    l = line_named(m, "x");
    CHECK(l);
    CHECK_EQ_INT(l->field_count, 3);
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, " keep ");
    CHECK_EQ_STR(l->fields[1].value, l->fields[1].value_len, "trimmed");
    CHECK(l->fields[2].empty);

    l = line_named(m, "%Key%");
    CHECK(l);
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, "%13%\\x.dll");
    infa_document_delete(d);
    return 0;
}

int test_fields_continuation(void)
{
    infa_document *d = doc_of("[Inst]\n"
                              "CopyFiles = A, \\ ; more below\n"
                              "            B\n"
                              "Path = \"Dir\\\"\n");
    const infa_model *m = infa_document_model(d);
    const infa_line *l = line_named(m, "CopyFiles");
    CHECK(l);
    CHECK_EQ_INT(l->field_count, 2);
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, "A");
    CHECK_EQ_STR(l->fields[1].value, l->fields[1].value_len, "B");
    CHECK_EQ_INT(l->row, 1);
    l = line_named(m, "Path");
    CHECK(l);
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, "Dir\\");
    infa_document_delete(d);
    return 0;
}

int test_sections_merge_duplicates(void)
{
    infa_document *d = doc_of("[Version]\nSignature=\"$Windows NT$\"\n"
                              "[A]\nk1=1\n[B]\n[a]\nk2=2\n");
    const infa_model *m = infa_document_model(d);
    uint32_t s = section_named(m, "A");
    CHECK(s != INFA_NONE);
    CHECK_EQ_INT(section_named(m, "a"), s);
    const infa_section *sec = infa_model_section(m, s);
    CHECK_EQ_INT(sec->block_count, 2);
    /* Merged in file order. */
    uint32_t it = 0, li;
    const char *want[] = {"k1", "k2"};
    int n = 0;
    while ((li = infa_model_section_next_line(m, s, &it)) != INFA_NONE) {
        const infa_line *l = infa_model_line(m, li);
        CHECK(n < 2);
        CHECK_EQ_STR(l->key.value, l->key.value_len, want[n]);
        n++;
    }
    CHECK_EQ_INT(n, 2);
    infa_document_delete(d);
    return 0;
}

int test_section_kinds_from_references(void)
{
    infa_document *d = doc_of("[Version]\nSignature=\"$Windows NT$\"\n"
                              "[Manufacturer]\n%Mfg%=Models,NTamd64,NTamd64.10.0...22000\n"
                              "[Models.NTamd64]\n%Dev%=Inst,ROOT\\X\n"
                              "[Models.NTamd64.10.0...22000]\n%Dev%=Inst,ROOT\\X\n"
                              "[Inst.NTamd64]\nCopyFiles=Files\nAddReg=SwReg\n"
                              "[Inst.NTamd64.HW]\nAddReg=HwReg\n"
                              "[Inst.NTamd64.Services]\nAddService=svc,0x2,SvcInst\n"
                              "[SvcInst]\nServiceBinary=%13%\\x.sys\nAddReg=SvcReg,SwReg\n"
                              "[Files]\nx.sys\n[SwReg]\n[HwReg]\n[SvcReg]\n"
                              "[Strings]\nMfg=\"M\"\nDev=\"D\"\n");
    const infa_model *m = infa_document_model(d);
    CHECK(infa_model_section(m, section_named(m, "Models.NTamd64"))->kinds & INFA_KIND_MODELS);
    CHECK(infa_model_section(m, section_named(m, "Models.NTamd64.10.0...22000"))->kinds &
          INFA_KIND_MODELS);
    CHECK(infa_model_section(m, section_named(m, "Inst.NTamd64"))->kinds & INFA_KIND_DDINSTALL);
    CHECK(infa_model_section(m, section_named(m, "Inst.NTamd64.HW"))->kinds &
          INFA_KIND_DDINSTALL_HW);
    CHECK(infa_model_section(m, section_named(m, "Inst.NTamd64.Services"))->kinds &
          INFA_KIND_DDINSTALL_SERVICES);
    CHECK(infa_model_section(m, section_named(m, "SvcInst"))->kinds & INFA_KIND_SERVICE_INSTALL);
    CHECK(infa_model_section(m, section_named(m, "Files"))->kinds & INFA_KIND_COPY_FILES);
    CHECK(infa_model_section(m, section_named(m, "HwReg"))->kinds & INFA_KIND_ADD_REGISTRY);
    /* Reached from two places: an add-registry section of both the DDInstall
     * and the service. */
    const infa_section *sw = infa_model_section(m, section_named(m, "SwReg"));
    CHECK(sw->kinds & INFA_KIND_ADD_REGISTRY);
    CHECK_EQ_INT(sw->refs_in_count, 2);
    CHECK(infa_model_section(m, section_named(m, "Strings"))->kinds & INFA_KIND_STRINGS);
    CHECK(infa_model_section(m, section_named(m, "Version"))->kinds & INFA_KIND_VERSION);
    infa_document_delete(d);
    return 0;
}

int test_section_decorations(void)
{
    infa_document *d = doc_of("[Models.NTamd64.10.0...22000]\n[Inst.NTarm64.Services]\n"
                              "[SourceDisksFiles.amd64]\n[Plain]\n");
    const infa_model *m = infa_document_model(d);
    const infa_section *s = infa_model_section(m, section_named(m, "Models.NTamd64.10.0...22000"));
    CHECK_EQ_INT(s->decoration.platform, INFA_PLATFORM_AMD64);
    CHECK_EQ_INT(s->decoration.os_major, 10);
    CHECK_EQ_INT(s->decoration.os_minor, 0);
    CHECK_EQ_INT(s->decoration.os_product_type, -1);
    CHECK_EQ_INT(s->decoration.os_build, 22000);
    CHECK_EQ_INT(s->decoration.base_len, 6);
    s = infa_model_section(m, section_named(m, "Inst.NTarm64.Services"));
    CHECK_EQ_INT(s->decoration.platform, INFA_PLATFORM_ARM64);
    CHECK(s->decoration.suffix_kind == INFA_KIND_DDINSTALL_SERVICES);
    CHECK_EQ_INT(s->decoration.base_len, 4);
    s = infa_model_section(m, section_named(m, "SourceDisksFiles.amd64"));
    CHECK_EQ_INT(s->decoration.platform, INFA_PLATFORM_AMD64);
    CHECK(s->kinds & INFA_KIND_SOURCE_DISKS_FILES);
    s = infa_model_section(m, section_named(m, "Plain"));
    CHECK_EQ_INT(s->decoration.platform, INFA_PLATFORM_NONE);
    infa_document_delete(d);
    return 0;
}

int test_strings_and_localized(void)
{
    infa_document *d = doc_of("[Strings.0407]\nName=\"Geraet\"\n"
                              "[Strings]\nName=\"Device\"\nPct=\"100%%\"\nSemi=a ; cut here\n");
    const infa_model *m = infa_document_model(d);
    const infa_string_def *defs;
    uint32_t n = infa_model_string_defs(m, "name", 4, &defs);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(defs[0].langid, 0); /* neutral first, whatever the file order */
    CHECK_EQ_STR(defs[0].value, defs[0].value_len, "Device");
    CHECK_EQ_INT(defs[1].langid, 0x0407);
    n = infa_model_string_defs(m, "Semi", 4, &defs);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(defs[0].value, defs[0].value_len, "a");
    size_t len;
    const char *in = "%Name% at %13%\\%Pct% and %%X%% %Nope%";
    char *x = infa_model_expand(m, in, strlen(in), &len);
    CHECK_EQ_STR(x, len, "Device at %13%\\100%% and %X% %Nope%");
    free(x);
    /* Token names stop at commas, quotes and blanks, as in the grammar. */
    in = "%Name, Pct% %Na me%";
    x = infa_model_expand(m, in, strlen(in), &len);
    CHECK_EQ_STR(x, len, in);
    free(x);
    infa_document_delete(d);
    return 0;
}

int test_references_spans(void)
{
    const char *text = "[Inst]\nCopyFiles = Files, @extra.sys\nNeeds = WUDFRD.NT\n[Files]\n";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    int copy = 0, needs = 0;
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (strcmp(r->directive, "CopyFiles") == 0) {
            copy++;
            CHECK_EQ_STR(text + r->span.start, r->span.end - r->span.start, "Files");
            CHECK(r->target == section_named(m, "Files"));
        }
        if (r->external)
            needs++;
    }
    CHECK_EQ_INT(copy, 1); /* @extra.sys is a file, not a section */
    CHECK_EQ_INT(needs, 1);
    infa_document_delete(d);
    return 0;
}

int test_parsed_directives(void)
{
    infa_document *d = doc_of("[DestinationDirs]\nDefaultDestDir = 12\nUmdf = 12,UMDF\n"
                              "[Umdf]\nx.dll\n[Other]\ny.sys\n"
                              "[SourceDisksFiles.amd64]\nx.dll = 1,sub\n"
                              "[Reg]\nHKR,,Val,%REG_DWORD%,5\nHKLM,Soft,,0x10\n"
                              "[Strings]\nREG_DWORD=0x00010001\n");
    const infa_model *m = infa_document_model(d);
    infa_destdir dd;
    CHECK(infa_model_destination(m, section_named(m, "Umdf"), &dd));
    CHECK(dd.dirid_valid && dd.dirid == 12 && !dd.is_default);
    CHECK(dd.subdir_f && dd.subdir_f->value_len == 4);
    CHECK(infa_model_destination(m, section_named(m, "Other"), &dd));
    CHECK(dd.is_default && dd.dirid == 12);
    infa_source_file sf[2];
    CHECK_EQ_INT(infa_model_source_files(m, "X.DLL", 5, sf, 2), 1);
    CHECK_EQ_INT(sf[0].platform, INFA_PLATFORM_AMD64);
    CHECK_EQ_STR(sf[0].subdir_f->value, sf[0].subdir_f->value_len, "sub");
    infa_addreg ar;
    CHECK(infa_addreg_parse(m, line_named(m, "HKR"), &ar));
    CHECK_EQ_INT(ar.root, INFA_ROOT_HKR);
    CHECK(ar.flags_valid);
    CHECK_EQ_INT(ar.flags, 0x00010001);
    CHECK(infa_addreg_parse(m, line_named(m, "HKLM"), &ar));
    CHECK_EQ_INT(ar.root, INFA_ROOT_HKLM);
    CHECK_EQ_INT(ar.flags, 0x10);
    infa_path p;
    infa_path_split("%12%\\UMDF\\x.dll", 15, &p);
    CHECK(p.has_dirid && p.dirid == 12);
    CHECK_EQ_STR(p.rest, p.rest_len, "UMDF\\x.dll");
    CHECK_EQ_STR(p.file_name, p.file_name_len, "x.dll");
    infa_document_delete(d);
    return 0;
}

int test_locate_cursor(void)
{
    const char *text = "[Reg]\nHKR,Sub,Val,0x00010001,%13%\\x.dll\n";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    infa_location loc = infa_model_locate(m, 2);
    CHECK(loc.in_header);
    const char *flags = strstr(text, "0x0001");
    loc = infa_model_locate(m, (uint32_t)(flags - text) + 2);
    CHECK_EQ_INT(loc.field, 3);
    const char *tok = strstr(text, "%13%");
    loc = infa_model_locate(m, (uint32_t)(tok - text) + 1);
    CHECK_EQ_INT(loc.field, 4);
    CHECK(loc.token && loc.token->kind == INFA_TOKEN_DIRID && loc.token->dirid == 13);
    infa_document_delete(d);
    return 0;
}

static uint32_t at(const char *text, const char *needle)
{
    return (uint32_t)(strstr(text, needle) - text);
}

int test_cursor_end_of_line(void)
{
    const char *text = "[A]\nk = v1, v2\n[B]\n";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    /* Right after the last character of a line, before its line end. */
    infa_location loc = infa_model_locate(m, at(text, "v2") + 2);
    CHECK(loc.line != INFA_NONE && infa_model_line(m, loc.line) == line_named(m, "k"));
    CHECK_EQ_INT(loc.field, 1);
    CHECK(!loc.in_key && !loc.in_header);
    CHECK_EQ_INT(loc.row, 1);
    CHECK_EQ_INT(loc.row_start, 4);
    CHECK_EQ_INT(loc.line_start, 4);
    /* At the end of a header line. */
    loc = infa_model_locate(m, 3);
    CHECK(loc.in_header);
    CHECK_EQ_INT(loc.section, section_named(m, "A"));
    infa_document_delete(d);
    return 0;
}

int test_cursor_end_of_file(void)
{
    const char *text = "[A]\nk = v1";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    uint32_t len = (uint32_t)strlen(text);
    infa_location loc = infa_model_locate(m, len);
    CHECK(loc.line != INFA_NONE && infa_model_line(m, loc.line) == line_named(m, "k"));
    CHECK_EQ_INT(loc.field, 0);
    /* Past the end is the end. */
    infa_location past = infa_model_locate(m, len + 7);
    CHECK_EQ_INT(past.byte, len);
    CHECK_EQ_INT(past.line, loc.line);
    CHECK_EQ_INT(past.field, 0);
    infa_document_delete(d);

    /* After the last line end: the section's empty last row. */
    text = "[A]\nk = v1\n";
    d = doc_of(text);
    m = infa_document_model(d);
    len = (uint32_t)strlen(text);
    loc = infa_model_locate(m, len);
    CHECK_EQ_INT(loc.row, 2);
    CHECK_EQ_INT(loc.row_start, len);
    CHECK_EQ_INT(loc.line, INFA_NONE);
    CHECK_EQ_INT(loc.field, INFA_NONE);
    CHECK_EQ_INT(loc.section, section_named(m, "A"));
    CHECK(!loc.in_header && !loc.in_comment);
    infa_document_delete(d);
    return 0;
}

int test_cursor_in_continuation(void)
{
    const char *text = "[A]\nk = a, \\\n  b, c\nz = 1\n";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    const infa_line *k = line_named(m, "k");
    infa_location loc = infa_model_locate(m, at(text, "b,"));
    CHECK(loc.line != INFA_NONE && infa_model_line(m, loc.line) == k);
    CHECK_EQ_INT(loc.row, 2);
    CHECK_EQ_INT(loc.row_start, at(text, "  b"));
    CHECK_EQ_INT(loc.line_start, at(text, "k ="));
    CHECK_EQ_INT(loc.field, 1);
    CHECK(!loc.in_key);
    loc = infa_model_locate(m, at(text, "c\n") + 1);
    CHECK(infa_model_line(m, loc.line) == k);
    CHECK_EQ_INT(loc.field, 2);
    /* The line after the continued one starts on its own row. */
    loc = infa_model_locate(m, at(text, "z ="));
    CHECK(infa_model_line(m, loc.line) == line_named(m, "z"));
    CHECK_EQ_INT(loc.line_start, loc.row_start);
    CHECK(loc.in_key);
    infa_document_delete(d);
    return 0;
}

int test_cursor_between_sections(void)
{
    const char *text = "[A]\nx = 1\n\n; note\n[B]\ny = 2\n";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    uint32_t a = section_named(m, "A"), b = section_named(m, "B");
    /* A blank line and a comment line between two sections belong to the
     * first. */
    infa_location loc = infa_model_locate(m, at(text, "\n\n") + 1);
    CHECK_EQ_INT(loc.section, a);
    CHECK_EQ_INT(loc.line, INFA_NONE);
    CHECK(!loc.in_header);
    loc = infa_model_locate(m, at(text, "note"));
    CHECK_EQ_INT(loc.section, a);
    CHECK(loc.in_comment);
    /* The end of the comment row is still the first section... */
    loc = infa_model_locate(m, at(text, "[B]") - 1);
    CHECK_EQ_INT(loc.section, a);
    CHECK(!loc.in_header);
    /* ...and the header's first byte is the second. */
    loc = infa_model_locate(m, at(text, "[B]"));
    CHECK_EQ_INT(loc.section, b);
    CHECK(loc.in_header);
    CHECK_EQ_INT(infa_model_block(m, loc.block)->section, b);
    infa_document_delete(d);
    /* Before the first header there is no section. */
    d = doc_of("; top\n\n[A]\n");
    m = infa_document_model(d);
    loc = infa_model_locate(m, 6);
    CHECK_EQ_INT(loc.block, INFA_NONE);
    CHECK_EQ_INT(loc.section, INFA_NONE);
    infa_document_delete(d);
    return 0;
}

int test_never_fails_on_garbage(void)
{
    static const char garbage[] = "\xff\xfe[\x00]\"\"\"%%%\\\\\\\r\r\n]]]=,,,;;\x1a[after]\n"
                                  "[unterminated\nk=\"open\n=\n,\n%a;b%=1\n";
    infa_document *d = infa_document_new(garbage, sizeof(garbage) - 1);
    infa_diagnostic_list *dl = infa_document_diagnose(d, NULL);
    CHECK(dl != NULL);
    infa_diagnostic_list_delete(dl);
    /* Deleting everything and typing it back character by character. */
    infa_document_apply_edit(d, 0, sizeof(garbage), "", 0);
    for (size_t i = 0; i + 1 < sizeof(garbage); i++)
        infa_document_apply_edit(d, (uint32_t)i, (uint32_t)i, garbage + i, 1);
    size_t len;
    const char *t = infa_document_text(d, &len);
    CHECK_EQ_INT(len, sizeof(garbage) - 1);
    CHECK(memcmp(t, garbage, len) == 0);
    infa_document_delete(d);
    return 0;
}

/* Rows of the syntax-error findings of text, in order; returns the count. */
static int syntax_error_rows(const char *text, int *rows, int max)
{
    infa_document *d = doc_of(text);
    infa_diagnostic_list *dl = infa_document_diagnose(d, NULL);
    int n = 0;
    for (size_t i = 0; i < infa_diagnostic_list_count(dl); i++) {
        const infa_diagnostic *x = infa_diagnostic_list_get(dl, i);
        if (strcmp(x->rule_id, "syntax-error") == 0 && n < max)
            rows[n++] = (int)x->range.start.row;
    }
    infa_diagnostic_list_delete(dl);
    infa_document_delete(d);
    return n;
}

int test_suppression_comment(void)
{
    /* Two headers without ']' (rows 4 and 6). A comment on the line before
     * silences the first only; without it both report, so the test would
     * fail if syntax-error reported nothing at all. */
    const char *plain = "[Version]\nSignature=\"$Windows NT$\"\n[Inst]\n"
                        "; a plain comment\n"
                        "[Broken\n"
                        "k=1\n"
                        "[Second\n";
    const char *ignored = "[Version]\nSignature=\"$Windows NT$\"\n[Inst]\n"
                          "; inf-ls: ignore syntax-error\n"
                          "[Broken\n"
                          "k=1\n"
                          "[Second\n";
    int rows[8];
    CHECK_EQ_INT(syntax_error_rows(plain, rows, 8), 2);
    CHECK_EQ_INT(rows[0], 4);
    CHECK_EQ_INT(rows[1], 6);
    CHECK_EQ_INT(syntax_error_rows(ignored, rows, 8), 1);
    CHECK_EQ_INT(rows[0], 6);
    return 0;
}

int test_unbalanced_quote_values(void)
{
    /* SetupAPI's reading (issue 11): a `"` toggles quoting and a quote left
     * open ends at the line end; the field is the text SetupAPI sees, and
     * the next line is a line of its own. No syntax error. */
    const char *text = "[Reg]\n"
                       "HKCR,\"CLSID\\{0}\\ProgID\",,%REG_SZ%,\"Server.SetUp\"Server.1\"\n"
                       "HKCR,Next,,,1\n"
                       "[Strings]\n"
                       "DEVICE.1CAA = \"NVIDIA GP107GL  \n"
                       "Joined = \"a, b ; c \\\n"
                       "After = 2\n";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    CHECK_EQ_INT(infa_model_syntax_error_count(m), 0);
    const infa_line *l = line_named(m, "HKCR");
    CHECK(l && l->field_count == 5);
    CHECK_EQ_STR(l->fields[1].value, l->fields[1].value_len, "CLSID\\{0}\\ProgID");
    CHECK_EQ_STR(l->fields[4].value, l->fields[4].value_len, "Server.SetUpServer.1");
    CHECK(l->fields[4].quoted);
    l = line_named(m, "DEVICE.1CAA");
    CHECK(l && l->field_count == 1);
    /* Blanks inside the open quote are kept, as SetupAPI keeps them. */
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, "NVIDIA GP107GL  ");
    l = line_named(m, "Joined");
    CHECK(l && l->field_count == 1);
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, "a, b ; c \\");
    l = line_named(m, "After");
    CHECK(l && l->field_count == 1);
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, "2");
    infa_document_delete(d);
    return 0;
}

int test_edits_apply(void)
{
    const char *text = "Sec = 12\r\nServiceBinary = %12%\\x.sys\r\n";
    infa_text_edit edits[2];
    memset(edits, 0, sizeof(edits));
    edits[0].range.start_byte = 6;
    edits[0].range.end_byte = 8;
    edits[0].new_text = "13";
    edits[1].range.start_byte = (uint32_t)(strstr(text, "%12%") - text) + 1;
    edits[1].range.end_byte = edits[1].range.start_byte + 2;
    edits[1].new_text = "13";
    size_t len;
    char *out = infa_edits_apply(text, strlen(text), edits, 2, &len);
    CHECK_EQ_STR(out, len, "Sec = 13\r\nServiceBinary = %13%\\x.sys\r\n");
    free(out);
    return 0;
}

int test_fields_many_and_unterminated(void)
{
    /* A line with 100000 fields: every field is kept, in order. Walking
     * children by index would make this quadratic. */
    size_t n = 100000;
    char *text = malloc(n * 2 + 16);
    size_t len = (size_t)sprintf(text, "[S]\nk=");
    for (size_t i = 0; i < n; i++) {
        text[len++] = (char)('a' + i % 26);
        text[len++] = ',';
    }
    text[len - 1] = '\n';
    infa_document *d = infa_document_new(text, len);
    const infa_model *m = infa_document_model(d);
    const infa_line *l = line_named(m, "k");
    CHECK(l);
    CHECK_EQ_INT(l->field_count, n);
    CHECK_EQ_STR(l->fields[n - 1].value, l->fields[n - 1].value_len, "d"); /* 99999 % 26 */
    infa_document_delete(d);
    free(text);

    /* An unterminated string that ends in an escaped quote keeps it. */
    d = doc_of("[S]\nk = \"say \"\"hi\"\"\n");
    m = infa_document_model(d);
    l = line_named(m, "k");
    CHECK(l && l->field_count == 1);
    CHECK_EQ_STR(l->fields[0].value, l->fields[0].value_len, "say \"hi\"");
    infa_document_delete(d);
    return 0;
}

int test_install_section_choice(void)
{
    /* SetupAPI picks X.NT<arch>, then X.NT, then X; every variant is an
     * install section. */
    infa_document *d = doc_of("[Manufacturer]\n%M%=Models,NTamd64\n%M%=Old\n"
                              "[Models.NTamd64]\n%D%=X,ROOT\\X\n[Old]\n%D%=Y,ROOT\\Y\n"
                              "[X]\n[X.NT]\n[X.NTamd64]\n[Y]\n[Y.NT]\n"
                              "[DefaultInstall.NT$ARCH$.10.0...25952]\n"
                              "[Strings]\nM=m\nD=d\n");
    const infa_model *m = infa_document_model(d);
    uint32_t seen = 0;
    for (uint32_t i = 0; i < infa_model_ref_count(m); i++) {
        const infa_ref *r = infa_model_ref(m, i);
        if (r->name_len == 1 && r->name[0] == 'X') {
            CHECK(r->target == section_named(m, "X.NTamd64"));
            seen++;
        }
        if (r->name_len == 1 && r->name[0] == 'Y') {
            CHECK(r->target == section_named(m, "Y.NT")); /* undecorated Models: x86 */
            seen++;
        }
    }
    CHECK_EQ_INT(seen, 2);
    CHECK(infa_model_section(m, section_named(m, "X"))->kinds & INFA_KIND_DDINSTALL);
    CHECK(infa_model_section(m, section_named(m, "X.NT"))->kinds & INFA_KIND_DDINSTALL);
    const infa_section *di =
        infa_model_section(m, section_named(m, "DefaultInstall.NT$ARCH$.10.0...25952"));
    CHECK_EQ_INT(di->decoration.platform, INFA_PLATFORM_TEMPLATE);
    CHECK(di->kinds & INFA_KIND_DEFAULT_INSTALL);
    infa_document_delete(d);
    return 0;
}

/* ---- The kind an unreferenced section looks like (issue 11) ----------------- */

int test_inferred_kind_of_unreferenced(void)
{
    const char *text = "[Version]\nSignature=\"$Windows NT$\"\n"
                       "[Manufacturer]\n%M%=Models\n[Models]\n%D%=Inst,ID\n"
                       "[Inst]\nAddReg=Used_Reg\n[Used_Reg]\nHKR,,A,0x10001,1\n"
                       "[Extra_Reg]\n"
                       "[Extra]\nHKR,,Foo,0x10001,1\n"
                       "[Keyed]\nMode=1\nHKR,,Foo\n"
                       "[Other]\nfoo.sys\n"
                       "[New.NTamd64]\n[New.NTamd64.HW]\n"
                       "[Svc_Service_Inst]\n[Svc_EventLog_Inst]\n[Dev_Inst]\n"
                       "[Drv.CopyFiles]\n[Old_DelReg]\n[X.Services]\n";
    infa_document *d = doc_of(text);
    const infa_model *m = infa_document_model(d);
    static const struct {
        const char *name;
        infa_kind_set kind;
    } want[] = {
        {"Used_Reg", 0}, /* reached: its real kind is in kinds, no guess */
        {"Inst", 0},
        {"Extra_Reg", INFA_KIND_ADD_REGISTRY},
        {"Extra", INFA_KIND_ADD_REGISTRY},
        {"Keyed", 0},
        {"Other", 0},
        {"New.NTamd64", INFA_KIND_DDINSTALL},
        {"New.NTamd64.HW", INFA_KIND_DDINSTALL_HW},
        {"Svc_Service_Inst", INFA_KIND_SERVICE_INSTALL},
        {"Svc_EventLog_Inst", INFA_KIND_EVENT_LOG_INSTALL},
        {"Dev_Inst", INFA_KIND_DDINSTALL},
        {"Drv.CopyFiles", INFA_KIND_COPY_FILES},
        {"Old_DelReg", INFA_KIND_DEL_REGISTRY},
        {"X.Services", INFA_KIND_DDINSTALL_SERVICES},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        uint32_t s = section_named(m, want[i].name);
        CHECK(s != INFA_NONE);
        if (infa_model_inferred_kind(m, s) != want[i].kind) {
            fprintf(stderr, "[%s]: inferred %s, expected %s\n", want[i].name,
                    infa_kind_name(infa_model_inferred_kind(m, s)), infa_kind_name(want[i].kind));
            CHECK(false);
        }
        /* A guess never becomes a kind: rules see none. */
        if (want[i].kind)
            CHECK(infa_model_section(m, s)->kinds == 0);
    }
    CHECK(infa_model_inferred_kind(m, INFA_NONE) == 0);
    infa_document_delete(d);
    return 0;
}

/* The name hints of the knowledge tables are what the corpus does: every
 * referenced section whose name has a hint's ending has that kind. A hint
 * that real INFs contradict would mislead completion. */
int test_name_hints_agree_with_corpus(void)
{
    testio_files files;
    testio_inf_files(INFLS_CORPUS_DIR, &files);
    if (files.count == 0) {
        fprintf(stderr, "no corpus at %s: skipped\n", INFLS_CORPUS_DIR);
        testio_files_free(&files);
        return TEST_SKIP;
    }
    uint32_t hinted = 0, wrong = 0;
    for (size_t i = 0; i < files.count; i++) {
        size_t len;
        char *utf8 = testio_read_inf(files.paths[i], &len);
        if (!utf8)
            continue;
        infa_document *d = infa_document_new(utf8, len);
        const infa_model *m = infa_document_model(d);
        for (uint32_t si = 0; si < infa_model_section_count(m); si++) {
            const infa_section *s = infa_model_section(m, si);
            const infa_kb_name_hint *h = infa_kb_name_hint_find(s->name, s->name_len);
            if (!s->kinds || !h)
                continue;
            hinted++;
            if (!(s->kinds & h->kind)) {
                wrong++;
                fprintf(stderr, "%s: [%.*s] ends in %s but is not a %s\n", files.paths[i],
                        (int)s->name_len, s->name, h->ending, infa_kind_name(h->kind));
            }
        }
        infa_document_delete(d);
        free(utf8);
    }
    testio_files_free(&files);
    fprintf(stderr, "%u referenced sections with a name hint, %u of another kind\n", hinted, wrong);
    CHECK(hinted > 0);
    CHECK_EQ_INT(wrong, 0);
    return 0;
}
