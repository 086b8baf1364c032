/* Tests of the JSON text the server writes for navigation results
 * (server/srv_nav.c through the writer server/srv_jsonw.c) against an
 * independent jansson reference (nav_json_ref.c, the trees the server built
 * before): the text must parse (jansson's parser is strict: valid UTF-8, no
 * raw control characters), equal the reference as JSON, and be the very
 * bytes json_dumps(reference, JSON_COMPACT) gives. Over adversarial
 * documents (quotes, backslashes, every control character, NUL, characters
 * outside the BMP, invalid UTF-8 in section names, keys, strings and
 * comments), over the shared corpus, and over corpus files with adversarial
 * bytes spliced in; every method, every position encoding. One runner;
 * ctest runs each test in its own process: `protocol_nav_json_test <name>`.
 * Exit 77 skips when the shared corpus is absent. */
#include "infa.h"
#include "nav_json_ref.h"
#include "srv_json.h"
#include "srv_jsonw.h"
#include "srv_nav.h"
#include "testio.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
static size_t compared;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);                             \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* Pieces that JSON must escape or that UTF-16 counts differently. */
static const char *const ADVERSARIAL[] = {
    "\"",
    "\\",
    "\\\"",
    "\"\\\"\\",
    "\x01",
    "\x02\x03\x04\x05\x06\a\b",
    "\t",
    "\x0b\x0c",
    "\x0e\x0f\x10",
    "\x11\x12\x13\x14\x15\x16\x17\x18\x19",
    "\x1b\x1c\x1d",
    "\x1e\x1f",
    "\x7f",
    "/",
    "\xc3\xa9",                         /* é */
    "\xe2\x82\xac",                     /* € */
    "\xf0\x9f\x98\x80",                 /* U+1F600: a surrogate pair in UTF-16 */
    "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", /* U+10000, U+10FFFF */
    "\xe2\x80\xa8\xe2\x80\xa9",         /* U+2028, U+2029 */
    "\xef\xbb\xbf",                     /* U+FEFF */
    "\xff",
    "\x80",
    "\xc0\xaf",         /* overlong '/' */
    "\xed\xa0\x80",     /* an encoded surrogate */
    "\xf0\x9f\x98",     /* a cut 4-byte sequence */
    "\xf4\x90\x80\x80", /* past U+10FFFF */
    "%",
    "%%",
    "\xf0\x9f\x98\x80\"\\\x01\xff",
};
#define ADVERSARIAL_COUNT (sizeof ADVERSARIAL / sizeof *ADVERSARIAL)

static const char URI[] = "file:///tmp/d%20\"q\"\\\xc3\xa9.inf";

/* ---- One comparison ------------------------------------------------------ */

/* The text path's answer for one request: the JSON text, or NULL with the
 * error as {"error": {code, message}} in *error. */
static char *text_answer(const srv_nav_doc *d, const char *method, json_t *params, size_t *len,
                         json_t **error)
{
    *error = NULL;
    srv_buf out = {0};
    /* Something before the value, as in the server's reply. */
    srv_buf_append_str(&out, "{\"result\":");
    size_t start = out.len;
    srv_jw w;
    srv_jw_init(&w, &out);
    int code = 0;
    char *message = NULL;
    bool ok;
    if (strcmp(method, "workspace/symbol") == 0) {
        srv_nav_workspace_symbol(NULL, d, 1, params, &w);
        ok = true;
    } else {
        ok = srv_nav_find(method)(d, params, &w, &code, &message);
    }
    if (!ok) {
        /* As the server sends it: srv_json_string repairs the message. */
        *error = json_pack("{s:{s:i,s:o}}", "error", "code", code, "message",
                           srv_json_string(message ? message : "failed"));
        free(message);
        srv_buf_free(&out);
        return NULL;
    }
    CHECK(w.depth == 0 && !w.after_key, "%s: the writer ends inside a value", method);
    *len = out.len - start;
    char *text = srv_xstrndup(out.data + start, *len);
    srv_buf_free(&out);
    return text;
}

/* The reference for workspace/symbol over one open document: what the
 * jansson path built (name, kind, location, containerName per section). */
static json_t *ref_workspace_symbol(const srv_nav_doc *d, json_t *params);

static void show_difference(const char *got, size_t got_len, const char *want)
{
    size_t want_len = strlen(want), i = 0;
    while (i < got_len && i < want_len && got[i] == want[i])
        i++;
    size_t from = i > 60 ? i - 60 : 0;
    fprintf(stderr, "  first difference at byte %zu:\n  got  ...%.*s\n  want ...%.*s\n", i,
            (int)((got_len - from) < 140 ? got_len - from : 140), got + from,
            (int)((want_len - from) < 140 ? want_len - from : 140), want + from);
}

/* Answers the request both ways and compares. */
static void compare(const srv_nav_doc *d, const char *method, json_t *params, const char *what)
{
    json_t *want = strcmp(method, "workspace/symbol") == 0 ? ref_workspace_symbol(d, params)
                                                           : ref_nav_json(d, method, params);
    size_t len = 0;
    json_t *error = NULL;
    char *text = text_answer(d, method, params, &len, &error);
    compared++;
    if (!text) {
        CHECK(error && want && json_equal(error, want),
              "%s %s: refused by one path only, or differently", what, method);
        goto cleanup;
    }
    json_error_t jerr;
    json_t *got = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    CHECK(got != NULL, "%s %s: the text is not JSON: %s at byte %d", what, method, jerr.text,
          jerr.position);
    CHECK(json_equal(got, want), "%s %s: differs from the jansson reference", what, method);
    char *dumped = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
    bool same = dumped && strlen(dumped) == len && memcmp(dumped, text, len) == 0;
    CHECK(same, "%s %s: not the bytes jansson writes (%zu vs %zu bytes)", what, method, len,
          dumped ? strlen(dumped) : 0);
    if (!same && dumped)
        show_difference(text, len, dumped);
    free(dumped);
    json_decref(got);
cleanup:
    json_decref(error);
    json_decref(want);
    free(text);
}

/* ---- Requests over one document ----------------------------------------- */

static json_t *position_json(const infa_document *doc, srv_encoding enc, uint32_t byte)
{
    uint32_t line, character;
    srv_position_from_byte(doc, enc, byte, &line, &character);
    return json_pack("{s:i,s:i}", "line", (json_int_t)line, "character", (json_int_t)character);
}

static const char *const WHOLE_FILE[] = {
    "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full",
    "textDocument/inlayHint",      "workspace/symbol",
};

static const char *const AT_POSITION[] = {
    "textDocument/definition",        "textDocument/declaration",   "textDocument/references",
    "textDocument/documentHighlight", "textDocument/prepareRename", "textDocument/rename",
};

/* Every method over d: the whole-file ones, ranges, and the positional ones
 * at `positions` bytes (every byte when 0). */
static void compare_document(srv_nav_doc *d, size_t positions, const char *what)
{
    size_t len;
    infa_document_text(d->doc, &len);
    json_t *none = json_object();
    for (size_t i = 0; i < sizeof WHOLE_FILE / sizeof *WHOLE_FILE; i++)
        compare(d, WHOLE_FILE[i], none, what);
    json_t *query = json_pack("{s:s}", "query", "s");
    compare(d, "workspace/symbol", query, what);
    json_decref(query);
    /* Ranges, one of them reversed, and inlay categories one by one. */
    for (int k = 0; k < 4; k++) {
        uint32_t a = len ? rnd((uint32_t)len + 1) : 0, b = len ? rnd((uint32_t)len + 1) : 0;
        json_t *p = json_pack("{s:{s:o,s:o}}", "range", "start", position_json(d->doc, d->enc, a),
                              "end", position_json(d->doc, d->enc, b));
        compare(d, "textDocument/semanticTokens/range", p, what);
        unsigned saved = d->inlay;
        d->inlay = 1u << (k % 3);
        compare(d, "textDocument/inlayHint", p, what);
        d->inlay = saved;
        json_decref(p);
    }
    static const char *const names[] = {"Renamed", "Bad\"Name\\\x01",
                                        "Ren\xf0\x9f\x98\x80\xc3\xa9"};
    json_t *pos_list = json_array();
    size_t n = positions ? positions : len + 1;
    for (size_t k = 0; k < n; k++) {
        uint32_t byte = positions ? (len ? rnd((uint32_t)len + 1) : 0) : (uint32_t)k;
        json_t *pos = position_json(d->doc, d->enc, byte);
        json_array_append(pos_list, pos);
        const char *m = AT_POSITION[k % (sizeof AT_POSITION / sizeof *AT_POSITION)];
        json_t *p = json_pack("{s:O,s:{s:b},s:s}", "position", pos, "context", "includeDeclaration",
                              (int)(k / 6 % 2), "newName", names[k % 3]);
        compare(d, m, p, what);
        json_decref(p);
        json_decref(pos);
    }
    /* Refusals: parameters missing or of the wrong type. */
    json_t *bad = json_pack("{s:{s:s}}", "position", "line", "x");
    for (size_t i = 0; i < sizeof AT_POSITION / sizeof *AT_POSITION; i++)
        compare(d, AT_POSITION[i], bad, what);
    compare(d, "textDocument/selectionRange", bad, what);
    json_decref(bad);
    bad = json_pack("{s:{s:i}}", "range", "start", 0);
    compare(d, "textDocument/semanticTokens/range", bad, what);
    json_decref(bad);
    json_t *p = json_pack("{s:o}", "positions", pos_list);
    compare(d, "textDocument/selectionRange", p, what);
    json_decref(p);
    json_decref(none);
}

static void compare_text(const char *text, size_t len, const char *path, const char *what,
                         size_t positions)
{
    infa_document *doc = infa_document_new(text, len);
    static const srv_encoding encs[] = {SRV_ENC_UTF16, SRV_ENC_UTF8, SRV_ENC_UTF32};
    for (size_t e = 0; e < 3; e++) {
        srv_nav_doc d = {doc, URI, path, encs[e], INFA_INLAY_ALL};
        compare_document(&d, positions, what);
    }
    infa_document_delete(doc);
}

/* ---- Tests ---------------------------------------------------------------- */

/* The writer alone: every adversarial string and a few structures, byte
 * for byte against json_dumps of the same jansson values. */
static int test_writer(void)
{
    for (size_t i = 0; i < ADVERSARIAL_COUNT + 1; i++) {
        const char *s = i < ADVERSARIAL_COUNT ? ADVERSARIAL[i] : "nul\0inside";
        size_t n = i < ADVERSARIAL_COUNT ? strlen(s) : 10;
        srv_buf out = {0};
        srv_jw w;
        srv_jw_init(&w, &out);
        srv_jw_array_begin(&w);
        srv_jw_string(&w, s, n);
        srv_jw_object_begin(&w);
        srv_jw_key(&w, s);
        srv_jw_string(&w, s, n);
        srv_jw_key(&w, "k");
        srv_jw_array_begin(&w);
        srv_jw_array_end(&w);
        srv_jw_object_end(&w);
        srv_jw_array_end(&w);
        /* jansson's member names must be valid UTF-8: the writer repairs
         * them as srv_json_string does. */
        json_t *key_value = srv_json_stringn(s, n);
        size_t klen;
        char *key = srv_utf8_repair(s, strlen(s), &klen);
        json_t *members = json_object();
        json_object_setn_nocheck(members, key, klen, key_value);
        json_object_set_new(members, "k", json_array());
        json_t *want = json_array();
        json_array_append(want, key_value);
        json_array_append_new(want, members);
        char *dumped = json_dumps(want, JSON_COMPACT);
        CHECK(dumped && strcmp(dumped, out.data) == 0, "string %zu: got %s want %s", i, out.data,
              dumped ? dumped : "(null)");
        json_error_t jerr;
        json_t *back = json_loads(out.data, JSON_ALLOW_NUL, &jerr);
        CHECK(back && json_equal(back, want), "string %zu: does not parse back: %s", i, jerr.text);
        json_decref(back);
        free(dumped);
        free(key);
        json_decref(key_value);
        json_decref(want);
        srv_buf_free(&out);
    }
    /* Numbers, booleans, null, nesting and commas. */
    srv_buf out = {0};
    srv_jw w;
    srv_jw_init(&w, &out);
    srv_jw_object_begin(&w);
    srv_jw_key(&w, "a");
    srv_jw_array_begin(&w);
    srv_jw_uint(&w, 0);
    srv_jw_uint(&w, 4294967295u);
    srv_jw_uint(&w, (uint64_t)INT64_MAX);
    srv_jw_int(&w, -1);
    srv_jw_int(&w, INT64_MIN);
    srv_jw_bool(&w, true);
    srv_jw_bool(&w, false);
    srv_jw_null(&w);
    srv_jw_cstr(&w, NULL);
    srv_jw_array_begin(&w);
    srv_jw_array_begin(&w);
    srv_jw_array_end(&w);
    srv_jw_object_begin(&w);
    srv_jw_object_end(&w);
    srv_jw_array_end(&w);
    srv_jw_array_end(&w);
    srv_jw_key(&w, "b");
    srv_jw_object_begin(&w);
    srv_jw_key(&w, "c");
    srv_jw_uint(&w, 7);
    srv_jw_key(&w, "d");
    srv_jw_cstr(&w, "e");
    srv_jw_object_end(&w);
    srv_jw_object_end(&w);
    const char *want = "{\"a\":[0,4294967295,9223372036854775807,-1,-9223372036854775808,true,"
                       "false,null,null,[[],{}]],\"b\":{\"c\":7,\"d\":\"e\"}}";
    CHECK(strcmp(out.data, want) == 0, "structure: got %s", out.data);
    json_t *parsed = json_loads(out.data, 0, NULL);
    char *again = json_dumps(parsed, JSON_COMPACT);
    CHECK(again && strcmp(again, want) == 0, "structure: jansson writes %s", again);
    free(again);
    json_decref(parsed);
    srv_buf_free(&out);
    printf("writer: %zu strings\n", ADVERSARIAL_COUNT + 1);
    return failures ? 1 : 0;
}

/* A small INF with the piece in section names, keys, string values, file
 * names, registry values and comments, reached the way real INFs reach
 * their sections so that every method has something to say. */
static void adversarial_inf(srv_buf *b, const char *x)
{
    srv_buf_printf(b,
                   "; comment %s\r\n; second %s\r\n[Version]\r\nSignature=\"$Windows NT$\"\r\n"
                   "Class=%%cls%%\r\nProvider=%%mfg%s%%\r\n\r\n[Manufacturer]\r\n"
                   "%%mfg%s%%=Models%s,NTamd64\r\n\r\n[Models%s.NTamd64]\r\n"
                   "%%dev%%=Install%s,PCI\\VEN_%s\r\n\r\n[Install%s.NT]\r\n"
                   "CopyFiles=Files%s\r\nAddReg=Reg%s\r\nInclude=machine%s.inf\r\n\r\n"
                   "[Install%s.NT.Services]\r\nAddService=svc%s,0x00000002,Svc%s\r\n\r\n"
                   "[Svc%s]\r\nServiceType=1\r\nStartType=3\r\nErrorControl=1\r\n"
                   "ServiceBinary=%%13%%\\file%s.sys\r\n\r\n[Reg%s]\r\n"
                   "HKR,,\"Val%s\",0x00010001,1\r\nHKR,\"k%s\",,0x%s,\"%s\"\r\n\r\n"
                   "[Files%s]\r\nfile%s.sys\r\n\r\n[SourceDisksFiles]\r\nfile%s.sys=1\r\n\r\n"
                   "[DestinationDirs]\r\nFiles%s=13\r\nDefaultDestDir=12\r\n\r\n[Strings]\r\n"
                   "cls=\"C%s\"\r\nmfg%s=\"M%s\"\r\ndev=%s\r\n%s=\"%s\"\r\n"
                   "[Strings.0407]\r\ndev=\"D%s\"\r\n[%s]\r\n%s\r\n",
                   x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x,
                   x, x, x, x, x, x, x, x);
}

static int test_adversarial(void)
{
    srv_buf all = {0};
    for (size_t i = 0; i < ADVERSARIAL_COUNT; i++) {
        srv_buf b = {0};
        adversarial_inf(&b, ADVERSARIAL[i]);
        adversarial_inf(&all, ADVERSARIAL[i]);
        char what[64];
        snprintf(what, sizeof what, "adversarial %zu", i);
        compare_text(b.data, b.len, "/nonexistent/dir/x.inf", what, 0);
        srv_buf_free(&b);
    }
    /* NUL bytes in the text. */
    srv_buf nul = {0};
    adversarial_inf(&nul, "n\x01");
    for (size_t i = 0; i < nul.len; i++)
        if (nul.data[i] == '\x01')
            nul.data[i] = '\0';
    compare_text(nul.data, nul.len, NULL, "with NUL bytes", 0);
    compare_text(all.data, all.len, NULL, "every piece in one file", 400);
    srv_buf_free(&nul);
    srv_buf_free(&all);
    printf("adversarial: %zu comparisons\n", compared);
    return failures ? 1 : 0;
}

static int test_corpus(bool splice)
{
    testio_files files;
    testio_inf_files(INFLS_SHARED_DIR "/corpus", &files);
    if (files.count == 0) {
        fprintf(stderr, "no corpus at %s; skipped\n", INFLS_SHARED_DIR "/corpus");
        testio_files_free(&files);
        return 77;
    }
    for (size_t f = 0; f < files.count; f++) {
        size_t len;
        char *text = testio_read_inf(files.paths[f], &len);
        if (!text)
            continue;
        srv_buf b = {0};
        srv_buf_append(&b, text, len);
        /* Adversarial pieces at random places: inside names, keys and
         * strings as often as between them. */
        for (int k = 0; splice && k < 24 && b.len; k++) {
            const char *x = ADVERSARIAL[rnd(ADVERSARIAL_COUNT)];
            size_t at = rnd((uint32_t)b.len + 1), n = strlen(x);
            srv_buf_append(&b, x, n); /* grow, then move the tail */
            memmove(b.data + at + n, b.data + at, b.len - n - at);
            memcpy(b.data + at, x, n);
        }
        compare_text(b.data, b.len, files.paths[f], files.paths[f], 60);
        srv_buf_free(&b);
        free(text);
    }
    printf("%s: %zu files, %zu comparisons\n", splice ? "corpus with adversarial bytes" : "corpus",
           files.count, compared);
    testio_files_free(&files);
    return failures ? 1 : 0;
}

static json_t *ref_workspace_symbol(const srv_nav_doc *d, json_t *params)
{
    return ref_nav_workspace_json(d, 1, params);
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "";
    int rc = 2;
    if (strcmp(name, "writer") == 0)
        rc = test_writer();
    else if (strcmp(name, "adversarial") == 0)
        rc = test_adversarial();
    else if (strcmp(name, "corpus") == 0)
        rc = test_corpus(false);
    else if (strcmp(name, "corpus_spliced") == 0)
        rc = test_corpus(true);
    else
        fprintf(stderr, "usage: protocol_nav_json_test writer|adversarial|corpus|corpus_spliced\n");
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return rc;
}
