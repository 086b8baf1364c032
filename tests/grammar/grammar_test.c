/* Grammar tests: the tree-sitter corpus run with the compiled parser, the
 * shared corpus of real INFs, robustness on hostile input, and the encoding
 * module. One runner, one table; ctest runs each test in its own process:
 *
 *   grammar-tests <test-name>
 *   grammar-tests corpus <grammar/test/corpus/file.txt>
 *   grammar-tests shared-corpus <dir>     (exit 77 when <dir> is absent)
 */
#define _POSIX_C_SOURCE 200809L

#include "corpus_format.h"
#include "infa_encoding.h"
#include "tree_sitter_inf.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>

#define SKIP_CODE 77

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    infa_buf buf = {0};
    char chunk[65536];
    size_t n;

    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        infa_buf_append(&buf, chunk, n);
    fclose(f);
    *len = buf.len;
    return infa_buf_take(&buf);
}

static TSTree *parse(const char *text, size_t len)
{
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, tree_sitter_inf())) {
        fprintf(stderr, "language ABI not supported by this libtree-sitter\n");
        exit(1);
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
    ts_parser_delete(parser);
    return tree;
}

/* The first ERROR or MISSING node in document order, or a null node. */
static TSNode first_problem(TSNode node)
{
    if (ts_node_is_missing(node) || strcmp(ts_node_type(node), "ERROR") == 0)
        return node;
    if (!ts_node_has_error(node))
        return (TSNode){0};
    uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode found = first_problem(ts_node_child(node, i));
        if (!ts_node_is_null(found))
            return found;
    }
    return (TSNode){0};
}

/* A fragment of quotes and letters only: SetupAPI reads any line it lands
 * in (a quote toggles quoting, the line end closes an open one), so the
 * grammar must too, with no ERROR or MISSING node anywhere. */
static bool is_quote_fragment(const char *frag)
{
    bool quote = false;
    for (const char *p = frag; *p; p++) {
        if (*p == '"')
            quote = true;
        else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return false;
    }
    return quote;
}

/* Fails when a quote fragment left an ERROR or MISSING node. */
static void check_quote_fragment_clean(const char *where, const char *frag, size_t at, TSTree *tree)
{
    if (!is_quote_fragment(frag))
        return;
    TSNode problem = first_problem(ts_tree_root_node(tree));
    if (ts_node_is_null(problem))
        return;
    TSPoint p = ts_node_start_point(problem);
    fprintf(stderr, "FAIL %s: fragment \"%s\" at byte %zu: %s%s at %u:%u\n", where, frag, at,
            ts_node_is_missing(problem) ? "MISSING " : "", ts_node_type(problem), p.row + 1,
            p.column + 1);
    failures++;
}

/* Nodes of a type in the whole tree. A cursor, because ts_node_child(i) is
 * linear in i and values can have hundreds of thousands of fields. */
static uint32_t count_named(TSNode node, const char *type)
{
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    uint32_t n = 0;
    for (;;) {
        if (strcmp(ts_node_type(ts_tree_cursor_current_node(&cursor)), type) == 0)
            n++;
        if (ts_tree_cursor_goto_first_child(&cursor))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (!ts_tree_cursor_goto_parent(&cursor)) {
                ts_tree_cursor_delete(&cursor);
                return n;
            }
        }
    }
}

/* ---- tree-sitter corpus files ------------------------------------------ */

static int run_corpus_file(const char *path)
{
    size_t len;
    char *data = read_file(path, &len);
    corpus_cases cases;

    if (!data) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    if (!corpus_parse(data, len, &cases)) {
        fprintf(stderr, "%s: malformed corpus file\n", path);
        free(data);
        return 1;
    }
    CHECK(cases.len > 0);
    for (size_t i = 0; i < cases.len; i++) {
        corpus_case *c = &cases.items[i];
        if (c->skip)
            continue;
        TSTree *tree = parse(c->input, c->input_len);
        TSNode root = ts_tree_root_node(tree);
        if (c->error) {
            if (!ts_node_has_error(root)) {
                fprintf(stderr, "FAIL %s: expected an error\n", c->name);
                failures++;
            }
        } else {
            char *raw = ts_node_string(root);
            char *actual = corpus_normalise_sexp(raw, strlen(raw));
            if (strcmp(actual, c->expected) != 0) {
                fprintf(stderr, "FAIL %s\n  expected: %s\n  actual:   %s\n", c->name, c->expected,
                        actual);
                failures++;
            }
            free(actual);
            free(raw);
        }
        ts_tree_delete(tree);
    }
    printf("%s: %zu cases\n", path, cases.len);
    corpus_free(&cases);
    free(data);
    return failures ? 1 : 0;
}

/* ---- the shared corpus of real INF files ------------------------------- */

/* Lines whose first non-blank character is `[`, up to a Ctrl-Z, leaving
 * out lines joined to the previous one by a trailing `\\` (on a line without
 * `;`, to keep this simple): an estimate of the sections that does not
 * depend on the grammar. */
static uint32_t count_header_lines(const char *text, size_t len)
{
    uint32_t n = 0;
    bool line_start = true, joined = false, semicolon = false;
    char last = 0;
    for (size_t i = 0; i < len && text[i] != 0x1a; i++) {
        char c = text[i];
        if (c == '\n' && i > 0 && text[i - 1] == '\r')
            continue;
        if (c == '\n' || c == '\r') {
            joined = last == '\\' && !semicolon;
            line_start = true;
            last = 0;
            semicolon = false;
            continue;
        }
        semicolon = semicolon || c == ';';
        if (c != ' ' && c != '\t')
            last = c;
        if (line_start && (c == ' ' || c == '\t'))
            continue;
        n += line_start && c == '[' && !joined;
        line_start = false;
    }
    return n;
}

static bool has_inf_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    return infa_streq_nocase(dot, strlen(dot), ".inf") ||
           infa_streq_nocase(dot, strlen(dot), ".inx") ||
           infa_streq_nocase(dot, strlen(dot), ".in");
}

typedef INFA_VEC(char *) path_list;

static void collect_files(const char *dir, path_list *out)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = infa_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect_files(path, out);
            free(path);
        } else if (has_inf_extension(e->d_name)) {
            INFA_VEC_PUSH(out, path);
        } else {
            free(path);
        }
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_shared_corpus(const char *dir)
{
    struct stat st;
    path_list files = {0};

    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("SKIP: %s not found\n", dir);
        return SKIP_CODE;
    }
    collect_files(dir, &files);
    qsort(files.items, files.len, sizeof files.items[0], cmp_str);
    CHECK(files.len > 0);
    for (size_t i = 0; i < files.len; i++) {
        size_t len, text_len;
        char *bytes = read_file(files.items[i], &len);
        infa_text_encoding enc;
        if (!bytes) {
            fprintf(stderr, "cannot read %s\n", files.items[i]);
            failures++;
            continue;
        }
        char *text = infa_text_decode(bytes, len, &enc, &text_len);
        TSTree *tree = parse(text, text_len);
        TSNode root = ts_tree_root_node(tree);
        TSNode problem = first_problem(root);
        uint32_t sections = count_named(root, "section");
        uint32_t headers = count_header_lines(text, text_len);
        if (!ts_node_is_null(problem)) {
            /* SetupAPI reads every file of the corpus, unbalanced quotes
             * included, so the grammar must too (issue 11). */
            TSPoint p = ts_node_start_point(problem);
            fprintf(stderr, "FAIL %s (%s): %s%s at %u:%u\n", files.items[i],
                    infa_encoding_name(enc.kind), ts_node_is_missing(problem) ? "MISSING " : "",
                    ts_node_type(problem), p.row + 1, p.column + 1);
            failures++;
        } else if (sections == 0 || sections != headers) {
            /* No real file continues a line into a header, so every line
             * that starts with `[` must have become a section. */
            fprintf(stderr, "FAIL %s: %u header lines but %u sections\n", files.items[i], headers,
                    sections);
            failures++;
        }
        CHECK(ts_node_end_byte(root) <= text_len);
        ts_tree_delete(tree);
        free(text);
        free(bytes);
    }
    printf("%zu files parsed, none with an ERROR or MISSING node\n", files.len);
    for (size_t i = 0; i < files.len; i++)
        free(files.items[i]);
    INFA_VEC_FREE(&files);
    return failures ? 1 : 0;
}

/* ---- robustness ---------------------------------------------------------- */

/* The parse finishes, the root is a source_file and it covers the input. */
static void check_parses_whole(const char *text, size_t len)
{
    TSTree *tree = parse(text, len);
    TSNode root = ts_tree_root_node(tree);
    CHECK(tree != NULL);
    CHECK(strcmp(ts_node_type(root), "source_file") == 0);
    CHECK(ts_node_end_byte(root) == len);
    ts_tree_delete(tree);
}

static void test_robust_invalid_utf8(void)
{
    static const char text[] = "[Ver\xC3sion]\nk = \xFF\xFE\x80v\xE2\x82, \"\xC0\xAF\" ; \xF5\n"
                               "\xED\xA0\x80 = %\xE0%\n[Strings]\nok = 1\n";
    size_t len = sizeof text - 1;
    check_parses_whole(text, len);
    TSTree *tree = parse(text, len);
    /* The damage stays inside the values: both sections are found. */
    CHECK(count_named(ts_tree_root_node(tree), "section") == 2);
    ts_tree_delete(tree);
}

static void test_robust_nul_bytes(void)
{
    static const char text[] = "[A\0B]\nk\0 = v\0w, \"\0\"\n\0\n[C]\nx = 1\n";
    size_t len = sizeof text - 1;
    check_parses_whole(text, len);
    TSTree *tree = parse(text, len);
    CHECK(count_named(ts_tree_root_node(tree), "section") == 2);
    ts_tree_delete(tree);
}

static void test_robust_10mb_line(void)
{
    static const char unit[] = "%DIRID%\\sub dir\\file.sys, \"quoted, text\", 0x0001, ";
    const size_t target = 10u * 1024 * 1024;
    infa_buf buf = {0};
    infa_buf_append_str(&buf, "[Big]\nk = ");
    while (buf.len < target)
        infa_buf_append_str(&buf, unit);
    infa_buf_append_str(&buf, "end\n[After]\nx = 1\n");
    size_t len = buf.len;
    char *text = infa_buf_take(&buf);

    TSTree *tree = parse(text, len);
    TSNode root = ts_tree_root_node(tree);
    CHECK(ts_node_end_byte(root) == len);
    CHECK(!ts_node_has_error(root));
    CHECK(count_named(root, "section") == 2);
    CHECK(count_named(root, "entry") == 2);
    ts_tree_delete(tree);
    free(text);
}

/* Random mixes of the characters that matter to the lexer: every parse must
 * end with a tree covering the input. Deterministic, so failures replay. */
static void test_robust_fuzz(void)
{
    static const char alphabet[] = "[]=,;\"%\\ \t\r\n\x1a\0$@#!aZ9_.\x80\xff\xc3";
    uint32_t state = 12345;
    char text[400];

    for (int iter = 0; iter < 4000; iter++) {
        state = state * 1103515245u + 12345u;
        size_t len = (state >> 16) % sizeof text;
        for (size_t i = 0; i < len; i++) {
            state = state * 1103515245u + 12345u;
            text[i] = alphabet[(state >> 16) % (sizeof alphabet - 1)];
        }
        TSTree *tree = parse(text, len);
        TSNode root = ts_tree_root_node(tree);
        if (strcmp(ts_node_type(root), "source_file") != 0 || ts_node_end_byte(root) > len) {
            fprintf(stderr, "fuzz iteration %d: bad root %s for:", iter, ts_node_type(root));
            for (size_t i = 0; i < len; i++)
                fprintf(stderr, " %02x", (unsigned char)text[i]);
            fprintf(stderr, "\n");
            failures++;
        }
        ts_tree_delete(tree);
    }
}

/* ---- encoding ------------------------------------------------------------ */

static bool round_trips(const char *bytes, size_t len, infa_encoding expect_kind)
{
    infa_text_encoding enc;
    size_t text_len, back_len;
    char *text = infa_text_decode(bytes, len, &enc, &text_len);
    char *back = infa_text_encode(text, text_len, enc, &back_len);
    bool ok = enc.kind == expect_kind && back_len == len && memcmp(back, bytes, len) == 0;
    if (!ok)
        fprintf(stderr, "round trip failed: detected %s, %zu -> %zu bytes\n",
                infa_encoding_name(enc.kind), len, back_len);
    free(text);
    free(back);
    return ok;
}

static bool decodes_to(const char *bytes, size_t len, const char *utf8, size_t utf8_len)
{
    size_t text_len;
    char *text = infa_text_decode(bytes, len, NULL, &text_len);
    bool ok = text_len == utf8_len && memcmp(text, utf8, utf8_len) == 0 && text[text_len] == 0;
    free(text);
    return ok;
}

static void test_encoding_detect(void)
{
    infa_text_encoding e;

    e = infa_encoding_detect("\xFF\xFE[\0A\0]\0", 8);
    CHECK(e.kind == INFA_ENCODING_UTF16LE && e.bom && !e.non_ascii && !e.has_trailing_byte);
    e = infa_encoding_detect("\xFE\xFF\0[\0\xE9", 6);
    CHECK(e.kind == INFA_ENCODING_UTF16BE && e.bom && e.non_ascii);
    e = infa_encoding_detect("\xEF\xBB\xBF[A]", 6);
    CHECK(e.kind == INFA_ENCODING_UTF8_BOM && e.bom && !e.non_ascii);
    e = infa_encoding_detect("[\0V\0e\0r\0]\0", 10);
    CHECK(e.kind == INFA_ENCODING_UTF16LE && !e.bom);
    e = infa_encoding_detect("\0[\0V\0e\0r\0]", 10);
    CHECK(e.kind == INFA_ENCODING_UTF16BE && !e.bom);
    e = infa_encoding_detect("[Version]\r\n", 11);
    CHECK(e.kind == INFA_ENCODING_UTF8 && !e.bom && !e.non_ascii);
    e = infa_encoding_detect("k = \xC3\xA9", 6);
    CHECK(e.kind == INFA_ENCODING_UTF8 && e.non_ascii);
    e = infa_encoding_detect("k = caf\xE9", 8);
    CHECK(e.kind == INFA_ENCODING_CP1252 && e.non_ascii);
    e = infa_encoding_detect("", 0);
    CHECK(e.kind == INFA_ENCODING_UTF8 && !e.bom);
    e = infa_encoding_detect("\xFF\xFE", 2);
    CHECK(e.kind == INFA_ENCODING_UTF16LE && e.bom);
}

static void test_encoding_cp1252(void)
{
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    /* Byte 0xFF alone after ASCII is not UTF-8, so this is read as 1252. */
    CHECK(round_trips(all, sizeof all, INFA_ENCODING_CP1252));
    CHECK(
        decodes_to("\x80\x81\x9F\xE9\xFF", 5, "\xE2\x82\xAC\xC2\x81\xC5\xB8\xC3\xA9\xC3\xBF", 11));
    CHECK(round_trips("\x81\x8D\x8F\x90\x9D", 5, INFA_ENCODING_CP1252));

    infa_text_encoding enc = {.kind = INFA_ENCODING_CP1252};
    size_t n;
    char *out = infa_text_encode("\xE2\x82\xAC \xE4\xB8\xAD \xC3\xA9", 10, enc, &n);
    CHECK(n == 5 && memcmp(out, "\x80 ? \xE9", 5) == 0);
    free(out);
}

static void test_encoding_utf16(void)
{
    /* BOM, ASCII, é, a surrogate pair (U+1F600), CRLF. */
    static const char le[] = "\xFF\xFE[\0A\0]\0\xE9\0\x3D\xD8\x00\xDE\r\0\n\0";
    CHECK(round_trips(le, sizeof le - 1, INFA_ENCODING_UTF16LE));
    CHECK(decodes_to(le, sizeof le - 1, "[A]\xC3\xA9\xF0\x9F\x98\x80\r\n", 11));

    static const char be[] = "\xFE\xFF\0[\0A\0]\0\xE9\xD8\x3D\xDE\x00";
    CHECK(round_trips(be, sizeof be - 1, INFA_ENCODING_UTF16BE));

    /* An unpaired high and a lone low surrogate, and an odd trailing byte. */
    static const char odd[] = "\xFF\xFEk\0\x00\xD8x\0\x00\xDC\x41";
    CHECK(round_trips(odd, sizeof odd - 1, INFA_ENCODING_UTF16LE));
    infa_text_encoding enc;
    free(infa_text_decode(odd, sizeof odd - 1, &enc, NULL));
    CHECK(enc.has_trailing_byte && enc.trailing_byte == 0x41);

    /* UTF-16LE without BOM, with a NUL character inside. */
    static const char nobom[] = "[\0A\0]\0\r\0\n\0k\0\0\0";
    CHECK(round_trips(nobom, sizeof nobom - 1, INFA_ENCODING_UTF16LE));

    /* Encoding text typed in the editor: malformed UTF-8 becomes U+FFFD. */
    infa_text_encoding le_bom = {.kind = INFA_ENCODING_UTF16LE, .bom = true};
    size_t n;
    char *out = infa_text_encode("a\xFF", 2, le_bom, &n);
    CHECK(n == 6 && memcmp(out,
                           "\xFF\xFE"
                           "a\0\xFD\xFF",
                           6) == 0);
    free(out);
}

static void test_encoding_utf8(void)
{
    static const char bom[] = "\xEF\xBB\xBF[A]\nk = caf\xC3\xA9";
    CHECK(round_trips(bom, sizeof bom - 1, INFA_ENCODING_UTF8_BOM));
    CHECK(decodes_to(bom, sizeof bom - 1, "[A]\nk = caf\xC3\xA9", 13));
    /* After a BOM, bytes are kept even when they are not UTF-8. */
    static const char bom_bad[] = "\xEF\xBB\xBFk = \xFF\xE9";
    CHECK(round_trips(bom_bad, sizeof bom_bad - 1, INFA_ENCODING_UTF8_BOM));
    static const char plain[] = "[Version]\r\nSignature=\"$Windows NT$\"\r\n";
    CHECK(round_trips(plain, sizeof plain - 1, INFA_ENCODING_UTF8));
    CHECK(decodes_to(plain, sizeof plain - 1, plain, sizeof plain - 1));
    /* Overlong and surrogate forms are not UTF-8: the file is ANSI. */
    CHECK(round_trips("\xC0\xAF", 2, INFA_ENCODING_CP1252));
    CHECK(round_trips("\xED\xA0\x80", 3, INFA_ENCODING_CP1252));
    CHECK(round_trips("", 0, INFA_ENCODING_UTF8));
}

static int run_encoding_corpus(const char *dir)
{
    struct stat st;
    path_list files = {0};
    size_t counts[5] = {0};

    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("SKIP: %s not found\n", dir);
        return SKIP_CODE;
    }
    collect_files(dir, &files);
    CHECK(files.len > 0);
    for (size_t i = 0; i < files.len; i++) {
        size_t len;
        char *bytes = read_file(files.items[i], &len);
        infa_text_encoding enc = infa_encoding_detect(bytes ? bytes : "", bytes ? len : 0);
        if (!bytes || !round_trips(bytes, len, enc.kind)) {
            fprintf(stderr, "FAIL %s\n", files.items[i]);
            failures++;
        }
        counts[enc.kind]++;
        free(bytes);
        free(files.items[i]);
    }
    INFA_VEC_FREE(&files);
    /* The corpus has both ANSI and UTF-16LE files (MANIFEST.tsv). */
    CHECK(counts[INFA_ENCODING_UTF16LE] > 0);
    CHECK(counts[INFA_ENCODING_UTF8] > 0);
    printf("round-tripped: %zu UTF-16LE, %zu UTF-16BE, %zu UTF-8+BOM, %zu UTF-8, %zu CP1252\n",
           counts[0], counts[1], counts[2], counts[3], counts[4]);
    return failures ? 1 : 0;
}

/* Damage on one line stays on that line: after inserting a broken fragment
 * anywhere, every header line still becomes a section. (Fragments leave out
 * `\\` and Ctrl-Z, which legitimately join or end lines.) */
static void test_recovery(void)
{
    static const char base[] = "[Version]\nSignature=\"$Windows NT$\"\nClass=Net ; c\n\n"
                               "[Manufacturer]\n%Mfg%=Std,NTamd64\n"
                               "[Std.NTamd64]\n%Desc%=Inst, PCI\\VEN_1&DEV_2\n"
                               "[Inst.NT]\nCopyFiles=Files\nAddReg=Reg\n"
                               "[Reg]\nHKR,,\"x\",0x10001,1\nHKR,Ndi\\Params,,,\"%%a%%\"\n"
                               "[Files]\nx.sys,,,2\n"
                               "[Strings]\nMfg=\"Contoso\"\nDesc = \"Device, \"\"quoted\"\"\"\n";
    static const char *const fragments[] = {
        "\"",       "\"unterminated",
        "[",        "[broken",
        "]",        "]]",
        "%",        "%x",
        "%%%",      "=",
        ",,",       "\"a\"\"",
        "$ARCH",    "@X@@",
        "\x01\x02", "\xff\xfe",
        "\0",       "[\"x",
        ";",        "\"\"\"",
    };
    uint32_t state = 4242;
    size_t base_len = sizeof base - 1;

    for (int iter = 0; iter < 1500; iter++) {
        /* Not after the final line end: a lone `[` as the whole last line
         * of a file is an ERROR, not a section (see grammar/README.md). */
        state = state * 1103515245u + 12345u;
        size_t at = (state >> 16) % base_len;
        state = state * 1103515245u + 12345u;
        const char *frag = fragments[(state >> 16) % (sizeof fragments / sizeof fragments[0])];
        size_t flen = frag[0] ? strlen(frag) : 1; /* "\0" is one NUL byte */
        char text[sizeof base + 32];
        memcpy(text, base, at);
        memcpy(text + at, frag, flen);
        memcpy(text + at + flen, base + at, base_len - at);
        size_t len = base_len + flen;

        TSTree *tree = parse(text, len);
        uint32_t sections = count_named(ts_tree_root_node(tree), "section");
        uint32_t headers = count_header_lines(text, len);
        if (sections != headers) {
            char *sexp = ts_node_string(ts_tree_root_node(tree));
            fprintf(stderr,
                    "iteration %d: fragment #%zu at %zu: %u header lines, %u sections\n%s\n", iter,
                    (size_t)((state >> 16) % (sizeof fragments / sizeof fragments[0])), at, headers,
                    sections, sexp);
            free(sexp);
            failures++;
        }
        check_quote_fragment_clean("recovery", frag, at, tree);
        ts_tree_delete(tree);
        if (failures > 3)
            break;
    }
}

/* The recovery test on real files: one broken fragment at a time, at a
 * pseudo-random place in each file of the shared corpus. */
static int run_recovery_corpus(const char *dir)
{
    static const char *const fragments[] = {
        "\"",  "\"unterminated", "[",     "[broken",  "]",    "%", "%x",     "=",
        ",,",  "\"a\"\"",        "$ARCH", "\xff\xfe", "[\"x", ";", "\"\"\"", "%;",
        "[%a", "[\"\"",          "%\"%",  "]]]\"",
    };
    struct stat st;
    path_list files = {0};
    uint32_t state = 99;

    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("SKIP: %s not found\n", dir);
        return SKIP_CODE;
    }
    collect_files(dir, &files);
    qsort(files.items, files.len, sizeof files.items[0], cmp_str);
    for (size_t i = 0; i < files.len && failures < 5; i++) {
        size_t raw_len, len;
        char *raw = read_file(files.items[i], &raw_len);
        char *text = raw ? infa_text_decode(raw, raw_len, NULL, &len) : NULL;
        for (size_t f = 0; text && len > 0 && f < sizeof fragments / sizeof fragments[0]; f++) {
            state = state * 1103515245u + 12345u;
            size_t at = (state >> 8) % len;
            size_t flen = strlen(fragments[f]);
            char *mutated = infa_xmalloc(len + flen);
            memcpy(mutated, text, at);
            memcpy(mutated + at, fragments[f], flen);
            memcpy(mutated + at + flen, text + at, len - at);
            TSTree *tree = parse(mutated, len + flen);
            uint32_t sections = count_named(ts_tree_root_node(tree), "section");
            uint32_t headers = count_header_lines(mutated, len + flen);
            if (sections != headers) {
                fprintf(stderr,
                        "FAIL %s: fragment \"%s\" at byte %zu: %u header lines, %u sections\n",
                        files.items[i], fragments[f], at, headers, sections);
                failures++;
            }
            check_quote_fragment_clean(files.items[i], fragments[f], at, tree);
            ts_tree_delete(tree);
            free(mutated);
        }
        free(text);
        free(raw);
    }
    printf("%zu files, %zu fragments each\n", files.len, sizeof fragments / sizeof fragments[0]);
    for (size_t i = 0; i < files.len; i++)
        free(files.items[i]);
    INFA_VEC_FREE(&files);
    return failures ? 1 : 0;
}

/* ---- queries and incremental parsing ------------------------------------ */

/* Every query file in grammar/queries compiles against the grammar: node
 * names, fields and captures in the queries match the node types. */
static int run_queries(const char *dir)
{
    static const char *const names[] = {"highlights.scm", "folds.scm"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = infa_xasprintf("%s/%s", dir, names[i]);
        size_t len;
        char *src = read_file(path, &len);
        uint32_t offset = 0;
        TSQueryError err = TSQueryErrorNone;
        if (!src) {
            fprintf(stderr, "FAIL cannot read %s\n", path);
            failures++;
            free(path);
            continue;
        }
        TSQuery *q = ts_query_new(tree_sitter_inf(), src, (uint32_t)len, &offset, &err);
        if (!q) {
            fprintf(stderr, "FAIL %s: query error %d at byte %u\n", path, (int)err, offset);
            failures++;
        } else {
            CHECK(ts_query_pattern_count(q) > 0);
            ts_query_delete(q);
        }
        free(src);
        free(path);
    }
    return failures ? 1 : 0;
}

static TSPoint point_at(const char *text, size_t offset)
{
    TSPoint p = {0, 0};
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= offset || text[i + 1] != '\n'))) {
            p.row++;
            p.column = 0;
        } else if (text[i] != '\r') {
            p.column++;
        }
    }
    return p;
}

/* Incremental reparses after random small edits give the same tree as a
 * fresh parse: the scanner state (a continuation owing its line end) and
 * the zero-width tokens survive reuse. Edits hit the characters that
 * matter most: quotes, backslashes, brackets, percents, commas, line ends. */
static void test_incremental(void)
{
    static const char base[] =
        "; header comment\n[Version]\nSignature = \"$Windows NT$\"\nProvider=%Prov%\n"
        "[Models.NT$ARCH$]\n%Desc% = Inst, USB\\VID_1&PID_2 ; c\n"
        "[Inst.AddReg]\nHKR,,\"a=b\",0x10001, 1 ,,\\\n  2, \\ ; more\n  3\n"
        "HKR,,EventMessageFile,,\"%%SystemRoot%%\\x.dll;%12%\\y.sys\"\r\n"
        "[Strings]\rProv = \"Contoso \"\"Inc\"\"\"\nDesc=Device\x1a tail\n";
    static const char inserts[] = "\"\\[]%,;=\n\r $@ a";
    uint32_t state = 777;
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_inf());

    for (int iter = 0; iter < 600; iter++) {
        size_t len = sizeof base - 1;
        char text[sizeof base + 4];
        memcpy(text, base, len);
        TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);

        /* Up to three successive edits on the same tree. */
        for (int k = 0; k < 3; k++) {
            state = state * 1103515245u + 12345u;
            size_t at = (state >> 16) % (len + 1);
            state = state * 1103515245u + 12345u;
            bool insert = ((state >> 16) & 1) || at == len;
            TSInputEdit edit;
            edit.start_byte = (uint32_t)at;
            edit.start_point = point_at(text, at);
            if (insert) {
                char c = inserts[(state >> 17) % (sizeof inserts - 1)];
                memmove(text + at + 1, text + at, len - at);
                text[at] = c;
                len++;
                edit.old_end_byte = (uint32_t)at;
                edit.old_end_point = edit.start_point;
                edit.new_end_byte = (uint32_t)at + 1;
                edit.new_end_point = point_at(text, at + 1);
            } else {
                edit.old_end_byte = (uint32_t)at + 1;
                edit.old_end_point = point_at(text, at + 1);
                memmove(text + at, text + at + 1, len - at - 1);
                len--;
                edit.new_end_byte = (uint32_t)at;
                edit.new_end_point = edit.start_point;
            }
            ts_tree_edit(tree, &edit);
            TSTree *incremental = ts_parser_parse_string(parser, tree, text, (uint32_t)len);
            TSTree *fresh = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
            char *a = ts_node_string(ts_tree_root_node(incremental));
            char *b = ts_node_string(ts_tree_root_node(fresh));
            if (strcmp(a, b) != 0) {
                fprintf(stderr, "iteration %d edit %d (%s at %zu): incremental tree differs\n",
                        iter, k, insert ? "insert" : "delete", at);
                fprintf(stderr, "  incremental: %s\n  fresh:       %s\n", a, b);
                failures++;
            }
            free(a);
            free(b);
            ts_tree_delete(fresh);
            ts_tree_delete(tree);
            tree = incremental;
            if (failures)
                break;
        }
        ts_tree_delete(tree);
        if (failures)
            break;
    }
    ts_parser_delete(parser);
}

/* ---- runner -------------------------------------------------------------- */

static const struct {
    const char *name;
    void (*fn)(void);
} tests[] = {
    {"robust_invalid_utf8", test_robust_invalid_utf8},
    {"robust_nul_bytes", test_robust_nul_bytes},
    {"robust_10mb_line", test_robust_10mb_line},
    {"robust_fuzz", test_robust_fuzz},
    {"encoding_detect", test_encoding_detect},
    {"encoding_cp1252", test_encoding_cp1252},
    {"encoding_utf16", test_encoding_utf16},
    {"encoding_utf8", test_encoding_utf8},
    {"incremental", test_incremental},
    {"recovery", test_recovery},
};

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "corpus") == 0)
        return run_corpus_file(argv[2]);
    if (argc == 3 && strcmp(argv[1], "shared-corpus") == 0)
        return run_shared_corpus(argv[2]);
    if (argc == 3 && strcmp(argv[1], "recovery-corpus") == 0)
        return run_recovery_corpus(argv[2]);
    if (argc == 3 && strcmp(argv[1], "queries") == 0)
        return run_queries(argv[2]);
    if (argc == 3 && strcmp(argv[1], "encoding-corpus") == 0)
        return run_encoding_corpus(argv[2]);
    if (argc == 2) {
        for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
            if (strcmp(argv[1], tests[i].name) == 0) {
                tests[i].fn();
                return failures ? 1 : 0;
            }
        }
    }
    fprintf(stderr,
            "usage: %s <test> | corpus FILE | shared-corpus DIR | encoding-corpus DIR | queries "
            "DIR | recovery-corpus DIR\n",
            argv[0]);
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        fprintf(stderr, "  %s\n", tests[i].name);
    return 2;
}
