/* Tests of the diagnostics text that the server sends (srv_diag_cache in
 * server/srv_json.c) against an independent jansson reference
 * (diag_json_ref.c): over the shared corpus in every profile and position
 * encoding, after random edits (a kept cache against a fresh one), and the
 * cache's reuse of moved findings. One runner; ctest runs each test in its
 * own process: `protocol_diag_json_test <name>`. Exit 77 skips when the
 * shared corpus is absent. */
#include "diag_json_ref.h"
#include "infa.h"
#include "srv_json.h"
#include "testio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);                             \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static const char URI[] = "file:///tmp/d%20\"q\".inf";

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* Compares the cache's text, and each diagnostic's span through
 * srv_diag_cache_match, with the reference tree. */
static void check_against_reference(srv_diag_cache *c, const infa_document *doc, srv_encoding enc,
                                    const infa_diagnostic_list *list, const char *what)
{
    size_t len;
    const char *text = srv_diag_cache_text(c, &len);
    json_error_t jerr;
    json_t *got = json_loadb(text, len, 0, &jerr);
    json_t *want = ref_diagnostics_json(doc, URI, enc, list);
    CHECK(got != NULL, "%s: the text is not JSON: %s at %d", what, jerr.text, jerr.position);
    CHECK(json_equal(got, want), "%s: text differs from the reference (%zu findings)", what,
          json_array_size(want));
    if (got && !json_equal(got, want)) {
        for (size_t i = 0; i < json_array_size(want); i++) {
            if (json_equal(json_array_get(got, i), json_array_get(want, i)))
                continue;
            char *a = json_dumps(json_array_get(got, i), JSON_COMPACT);
            char *b = json_dumps(json_array_get(want, i), JSON_COMPACT);
            fprintf(stderr, "  first difference at %zu:\n  got  %s\n  want %s\n", i,
                    a ? a : "(none)", b ? b : "(none)");
            free(a);
            free(b);
            break;
        }
    }
    /* Code actions find their diagnostics through the spans. */
    size_t n = infa_diagnostic_list_count(list);
    for (size_t i = 0; i < n && i < 50; i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        json_t *matched = json_array();
        srv_diag_cache_match(c, d->rule_id, d->range.start.row, matched);
        bool found = false;
        size_t k;
        json_t *m;
        json_array_foreach(matched, k, m)
        {
            found |= json_equal(m, json_array_get(want, i));
            json_t *line =
                json_object_get(json_object_get(json_object_get(m, "range"), "start"), "line");
            CHECK(json_integer_value(line) == (json_int_t)d->range.start.row &&
                      strcmp(json_string_value(json_object_get(m, "code")), d->rule_id) == 0,
                  "%s: match returned another rule or row", what);
        }
        CHECK(found, "%s: match misses diagnostic %zu (%s)", what, i, d->rule_id);
        json_decref(matched);
    }
    json_decref(got);
    json_decref(want);
}

/* srv_json_append_string writes what jansson writes for the repaired
 * string, byte for byte, over random byte strings rich in what needs
 * escaping or repair. */
static void test_strings(void)
{
    static const char *const pieces[] = {"\"",
                                         "\\",
                                         "/",
                                         "\n",
                                         "\r",
                                         "\t",
                                         "\b",
                                         "\f",
                                         "\x01",
                                         "\x1f",
                                         "\x7f",
                                         "a",
                                         "Zz 09",
                                         "\xC3\xA9",
                                         "\xE2\x82\xAC",
                                         "\xF0\x9F\x98\x80",
                                         "\xE2\x80\xA8",
                                         "\xFF",
                                         "\xC3",
                                         "\xE2\x82",
                                         "\xED\xA0\x80",
                                         "\xC0\xAF",
                                         "\xF4\x90\x80\x80",
                                         "\x80",
                                         "%13%"};
    size_t npieces = sizeof pieces / sizeof *pieces;
    for (int round = 0; round < 20000; round++) {
        char s[256];
        size_t len = 0;
        size_t count = rnd(12);
        for (size_t i = 0; i < count; i++) {
            const char *p = pieces[rnd((uint32_t)npieces)];
            size_t n = strlen(p);
            memcpy(s + len, p, n);
            len += n;
        }
        if (round % 7 == 0 && len) /* a raw random byte somewhere */
            s[rnd((uint32_t)len)] = (char)(1 + rnd(255));
        srv_buf out = {0};
        srv_json_append_string(&out, s, len);
        json_t *j = srv_json_stringn(s, len);
        char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        CHECK(out.len == strlen(want) && memcmp(out.data, want, out.len) == 0,
              "string %d: got %s, want %s", round, out.data, want);
        json_decref(j);
        free(want);
        srv_buf_free(&out);
        if (failures > 5)
            return;
    }
}

static const infa_profile PROFILES[] = {INFA_PROFILE_ISOLATED, INFA_PROFILE_UNIVERSAL,
                                        INFA_PROFILE_DECLARATIVE, INFA_PROFILE_DESKTOP};
static const srv_encoding ENCODINGS[] = {SRV_ENC_UTF16, SRV_ENC_UTF8, SRV_ENC_UTF32};

/* Every corpus file, in every profile and encoding, through one cache per
 * file (so entries are reused and dropped between runs). */
static int test_corpus(void)
{
    testio_files files;
    testio_inf_files(INFLS_SHARED_DIR "/corpus", &files);
    if (files.count == 0) {
        fprintf(stderr, "no corpus at %s; skipped\n", INFLS_SHARED_DIR "/corpus");
        return 77;
    }
    size_t findings = 0;
    for (size_t f = 0; f < files.count && failures < 5; f++) {
        size_t len;
        char *text = testio_read_inf(files.paths[f], &len);
        if (!text)
            continue;
        infa_document *doc = infa_document_new(text, len);
        srv_diag_cache *c = srv_diag_cache_new();
        for (size_t e = 0; e < sizeof ENCODINGS / sizeof *ENCODINGS; e++) {
            for (size_t p = 0; p < sizeof PROFILES / sizeof *PROFILES; p++) {
                infa_config *cfg = infa_config_new();
                infa_config_set_profile(cfg, PROFILES[p]);
                infa_diagnostic_list *list = infa_document_diagnose(doc, cfg);
                srv_diag_cache_update(c, doc, URI, ENCODINGS[e], list);
                char what[512];
                snprintf(what, sizeof what, "%s, profile %zu, %s", files.paths[f], p,
                         srv_encoding_name(ENCODINGS[e]));
                check_against_reference(c, doc, ENCODINGS[e], list, what);
                findings += infa_diagnostic_list_count(list);
                infa_diagnostic_list_delete(list);
                infa_config_delete(cfg);
            }
        }
        srv_diag_cache_delete(c);
        infa_document_delete(doc);
        free(text);
    }
    printf("%zu files, %zu findings compared\n", files.count, findings);
    testio_files_free(&files);
    return 0;
}

static char *read_example(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/%s", INFLS_SOURCE_DIR, name);
    char *t = testio_read_file(path, len);
    if (!t) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    return t;
}

/* After each random edit, the cache kept across edits writes exactly what
 * a fresh cache writes, which matches the reference; `changed` says whether
 * the text changed. */
static void test_edits_match_fresh(void)
{
    static const char *const inserts[] = {"x",
                                          "\r\n",
                                          "[New]\r\n",
                                          "%13%",
                                          "\xC3\xA9",
                                          "\"",
                                          "\xF0\x9F\x98\x80",
                                          ",",
                                          "=",
                                          "HKR,,A,0x10001,1\r\n",
                                          "\xFF",
                                          ";"};
    size_t len;
    char *text = read_example("legacy.inf", &len);
    infa_document *doc = infa_document_new(text, len);
    infa_config *cfg = infa_config_new();
    srv_diag_cache *kept = srv_diag_cache_new();
    srv_buf previous = {0};
    srv_buf_append(&previous, "", 0);
    for (int step = 0; step < 400 && failures < 5; step++) {
        size_t doc_len;
        infa_document_text(doc, &doc_len);
        uint32_t at = rnd((uint32_t)doc_len + 1);
        if (rnd(2) && doc_len) {
            uint32_t end = at + rnd(12);
            infa_document_apply_edit(doc, at, end > doc_len ? (uint32_t)doc_len : end, "", 0);
        } else {
            const char *ins = inserts[rnd(sizeof inserts / sizeof *inserts)];
            infa_document_apply_edit(doc, at, at, ins, strlen(ins));
        }
        srv_encoding enc = ENCODINGS[(size_t)(step / 100) % 3];
        if (step % 50 == 49)
            infa_config_set_profile(cfg, PROFILES[rnd(4)]);
        infa_diagnostic_list *list = infa_document_diagnose(doc, cfg);
        bool changed = srv_diag_cache_update(kept, doc, URI, enc, list);
        srv_diag_cache *fresh = srv_diag_cache_new();
        srv_diag_cache_update(fresh, doc, URI, enc, list);
        size_t a_len, b_len;
        const char *a = srv_diag_cache_text(kept, &a_len);
        const char *b = srv_diag_cache_text(fresh, &b_len);
        CHECK(a_len == b_len && memcmp(a, b, a_len) == 0, "step %d: kept cache differs", step);
        bool differs = a_len != previous.len || memcmp(a, previous.data, a_len) != 0;
        CHECK(changed == differs, "step %d: changed says %d, text %s", step, changed,
              differs ? "changed" : "did not");
        CHECK(srv_diag_cache_entries(kept) <= infa_diagnostic_list_count(list),
              "step %d: %zu entries for %zu findings", step, srv_diag_cache_entries(kept),
              infa_diagnostic_list_count(list));
        char what[64];
        snprintf(what, sizeof what, "edit step %d", step);
        check_against_reference(kept, doc, enc, list, what);
        previous.len = 0;
        srv_buf_append(&previous, a, a_len);
        srv_diag_cache_delete(fresh);
        infa_diagnostic_list_delete(list);
    }
    srv_buf_free(&previous);
    srv_diag_cache_delete(kept);
    infa_config_delete(cfg);
    infa_document_delete(doc);
    free(text);
}

/* The same findings again build nothing; moved findings (a line inserted
 * above them) are reused with new positions; findings that went away are
 * dropped. */
static void test_reuse_and_eviction(void)
{
    size_t len;
    char *text = read_example("legacy.inf", &len);
    infa_document *doc = infa_document_new(text, len);
    srv_diag_cache *c = srv_diag_cache_new();

    infa_diagnostic_list *list = infa_document_diagnose(doc, NULL);
    size_t n = infa_diagnostic_list_count(list);
    CHECK(n > 3, "legacy.inf has %zu findings", n);
    CHECK(srv_diag_cache_update(c, doc, URI, SRV_ENC_UTF16, list), "first update");
    CHECK(srv_diag_cache_misses(c) == srv_diag_cache_entries(c) && srv_diag_cache_entries(c) > 3,
          "first update builds every entry (%zu of %zu)", srv_diag_cache_misses(c),
          srv_diag_cache_entries(c));
    size_t entries = srv_diag_cache_entries(c);
    infa_diagnostic_list_delete(list);

    list = infa_document_diagnose(doc, NULL);
    CHECK(!srv_diag_cache_update(c, doc, URI, SRV_ENC_UTF16, list), "same findings: unchanged");
    CHECK(srv_diag_cache_misses(c) == 0, "same findings: %zu built", srv_diag_cache_misses(c));
    infa_diagnostic_list_delete(list);

    /* A comment line at the top moves every finding down one row. */
    infa_document_apply_edit(doc, 0, 0, "; moved\r\n", 9);
    list = infa_document_diagnose(doc, NULL);
    CHECK(srv_diag_cache_update(c, doc, URI, SRV_ENC_UTF16, list), "moved findings: changed");
    CHECK(srv_diag_cache_misses(c) == 0, "moved findings: %zu built", srv_diag_cache_misses(c));
    check_against_reference(c, doc, SRV_ENC_UTF16, list, "moved");
    infa_diagnostic_list_delete(list);

    /* Another encoding or URI starts over. */
    list = infa_document_diagnose(doc, NULL);
    srv_diag_cache_update(c, doc, URI, SRV_ENC_UTF8, list);
    CHECK(srv_diag_cache_misses(c) == entries, "new encoding rebuilds: %zu of %zu",
          srv_diag_cache_misses(c), entries);
    check_against_reference(c, doc, SRV_ENC_UTF8, list, "utf-8");
    infa_diagnostic_list_delete(list);

    /* An empty document: every entry goes. */
    infa_document_set_text(doc, "", 0);
    list = infa_document_diagnose(doc, NULL);
    CHECK(srv_diag_cache_update(c, doc, URI, SRV_ENC_UTF8, list), "emptied: changed");
    size_t tlen;
    const char *t = srv_diag_cache_text(c, &tlen);
    CHECK(srv_diag_cache_entries(c) == infa_diagnostic_list_count(list),
          "emptied: %zu entries kept", srv_diag_cache_entries(c));
    CHECK(infa_diagnostic_list_count(list) > 0 || (tlen == 2 && memcmp(t, "[]", 2) == 0),
          "emptied: %.*s", (int)tlen, t);
    infa_diagnostic_list_delete(list);

    srv_diag_cache_delete(c);
    infa_document_delete(doc);
    free(text);
}

/* Findings built by hand that differ in one field each, in one update:
 * each must come out as its own JSON, however similar. */
static void test_each_field_counts(void)
{
    const char *text = "[A]\r\nkey = va\xC3\xA9lue\r\n";
    infa_document *doc = infa_document_new(text, strlen(text));
    infa_range r0 = {4, 7, {1, 0}, {1, 3}}, r1 = {10, 16, {1, 6}, {1, 12}};
    infa_related rel_a[] = {{r0, "first"}, {r1, "second"}};
    infa_related rel_b[] = {{r0, "first"}, {r1, "other"}};
    infa_related rel_c[] = {{r1, "first"}, {r1, "second"}};
    infa_diagnostic base = {r1,
                            INFA_SEVERITY_WARNING,
                            "rule-a",
                            "message \"quoted\"\n",
                            "https://example.invalid/a",
                            1234,
                            INFA_TAG_UNNECESSARY,
                            rel_a,
                            2,
                            true};
    infa_diagnostic d[12];
    for (size_t i = 0; i < 12; i++)
        d[i] = base;
    d[1].related = rel_b;   /* a related message */
    d[2].related = rel_c;   /* a related range */
    d[3].related_count = 1; /* fewer related */
    d[4].severity = INFA_SEVERITY_ERROR;
    d[5].rule_id = "rule-b";
    d[6].message = "message \"quoted\"";
    d[7].href = NULL;
    d[8].infverif_code = 0;
    d[9].tags = INFA_TAG_UNNECESSARY | INFA_TAG_DEPRECATED;
    d[10].fixable = false;
    d[11].range = r0; /* only moved */
    srv_diag_cache *c = srv_diag_cache_new();
    for (int round = 0; round < 2; round++) {
        srv_diag_cache_update_array(c, doc, URI, SRV_ENC_UTF16, d, 12);
        CHECK(srv_diag_cache_misses(c) == (round ? 0u : 10u), "round %d: %zu built", round,
              srv_diag_cache_misses(c));
        size_t len;
        const char *out = srv_diag_cache_text(c, &len);
        json_t *got = json_loadb(out, len, 0, NULL);
        json_t *want = json_array();
        for (size_t i = 0; i < 12; i++)
            json_array_append_new(want, ref_diagnostic_json(doc, URI, SRV_ENC_UTF16, &d[i]));
        CHECK(json_equal(got, want), "round %d: %.*s", round, (int)len, out);
        json_decref(got);
        json_decref(want);
    }
    srv_diag_cache_delete(c);
    infa_document_delete(doc);
}

static int run_void(void (*fn)(void))
{
    fn();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr,
                "usage: %s strings|corpus|edits_match_fresh|reuse_and_eviction|each_field_counts\n",
                argv[0]);
        return 2;
    }
    int rc;
    if (strcmp(argv[1], "strings") == 0)
        rc = run_void(test_strings);
    else if (strcmp(argv[1], "corpus") == 0)
        rc = test_corpus();
    else if (strcmp(argv[1], "edits_match_fresh") == 0)
        rc = run_void(test_edits_match_fresh);
    else if (strcmp(argv[1], "reuse_and_eviction") == 0)
        rc = run_void(test_reuse_and_eviction);
    else if (strcmp(argv[1], "each_field_counts") == 0)
        rc = run_void(test_each_field_counts);
    else {
        fprintf(stderr, "unknown test %s\n", argv[1]);
        return 2;
    }
    if (rc)
        return rc;
    return failures ? 1 : 0;
}
