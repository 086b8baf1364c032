/* Unit tests of the server's position conversion (server/srv_position.c)
 * on real analysis documents. One runner, tests listed in one table; ctest
 * runs each in its own process: `protocol_position_test <name>`. */
#include "infa.h"
#include "srv_position.h"

#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK_EQ(actual, expected)                                                                 \
    do {                                                                                           \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                            \
        if (a_ != e_) {                                                                            \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #actual, a_, \
                    e_);                                                                           \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static infa_document *doc_of(const char *text)
{
    return infa_document_new(text, strlen(text));
}

/* "a" U+1F600 "b" CRLF "c": the emoji is 4 UTF-8 bytes and 2 UTF-16 units. */
static const char EMOJI[] = "a\xF0\x9F\x98\x80"
                            "b\r\nc";

static void test_utf16_surrogate_pairs(void)
{
    infa_document *d = doc_of(EMOJI);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 0), 0);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 1), 1);
    /* Between the two halves of the pair: rounds down to the character. */
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 2), 1);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 3), 5);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 4), 6);
    uint32_t line, ch;
    srv_position_from_byte(d, SRV_ENC_UTF16, 5, &line, &ch);
    CHECK_EQ(line, 0);
    CHECK_EQ(ch, 3);
    srv_position_from_byte(d, SRV_ENC_UTF16, 9, &line, &ch);
    CHECK_EQ(line, 1);
    CHECK_EQ(ch, 1);
    infa_document_delete(d);
}

static void test_utf8_and_utf32_units(void)
{
    infa_document *d = doc_of(EMOJI);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF8, 0, 5), 5);
    /* A byte column inside the emoji rounds down to its first byte. */
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF8, 0, 3), 1);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF32, 0, 2), 5);
    uint32_t line, ch;
    srv_position_from_byte(d, SRV_ENC_UTF8, 6, &line, &ch);
    CHECK_EQ(ch, 6);
    srv_position_from_byte(d, SRV_ENC_UTF32, 6, &line, &ch);
    CHECK_EQ(ch, 3);
    infa_document_delete(d);
}

static void test_clamping(void)
{
    infa_document *d = doc_of(EMOJI);
    /* Past the end of a line: the line end, before CRLF. */
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 99), 6);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF8, 0, 99), 6);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 1, 99), 9);
    /* Past the last line: the end of the text. */
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 7, 0), 9);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, UINT32_MAX, UINT32_MAX), 9);
    infa_document_delete(d);
}

static void test_line_terminators(void)
{
    /* CRLF, bare LF and bare CR each end a row. */
    infa_document *d = doc_of("x\r\ny\nz\rw");
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 1, 0), 3);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 2, 0), 5);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 3, 0), 7);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 2, 5), 6); /* before the bare CR */
    uint32_t line, ch;
    srv_position_from_byte(d, SRV_ENC_UTF16, 7, &line, &ch);
    CHECK_EQ(line, 3);
    CHECK_EQ(ch, 0);
    infa_document_delete(d);
}

static void test_invalid_utf8(void)
{
    /* Each invalid byte is one unit (clients see U+FFFD); an overlong or
     * truncated sequence is not taken as one character. */
    infa_document *d = doc_of("\xFF\xC0\xAF"
                              "A\xE2\x82");
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 3), 3);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 4), 4);
    CHECK_EQ(srv_position_to_byte(d, SRV_ENC_UTF16, 0, 5), 5);
    CHECK_EQ(srv_units_in("\xED\xA0\x80", 3, SRV_ENC_UTF16), 3);     /* a UTF-8 surrogate */
    CHECK_EQ(srv_units_in("\xF4\x90\x80\x80", 4, SRV_ENC_UTF32), 4); /* > U+10FFFF */
    infa_document_delete(d);
}

static void test_point_columns(void)
{
    infa_document *d = doc_of("[S]\r\nk = \xC3\xA9\xF0\x9F\x98\x80x\r\n");
    infa_point p = {1, 10}; /* the byte column of "x" */
    CHECK_EQ(srv_position_column(d, SRV_ENC_UTF16, p), 7);
    CHECK_EQ(srv_position_column(d, SRV_ENC_UTF32, p), 6);
    CHECK_EQ(srv_position_column(d, SRV_ENC_UTF8, p), 10);
    infa_point far = {1, 500}; /* past the end of the text: clamped */
    CHECK_EQ(srv_position_column(d, SRV_ENC_UTF8, far), 13);
    infa_document_delete(d);
}

static const struct {
    const char *name;
    void (*fn)(void);
} tests[] = {
    {"utf16_surrogate_pairs", test_utf16_surrogate_pairs},
    {"utf8_and_utf32_units", test_utf8_and_utf32_units},
    {"clamping", test_clamping},
    {"line_terminators", test_line_terminators},
    {"invalid_utf8", test_invalid_utf8},
    {"point_columns", test_point_columns},
};

int main(int argc, char **argv)
{
    size_t n = sizeof tests / sizeof *tests;
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < n; i++)
            puts(tests[i].name);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (argc == 2 && strcmp(argv[1], tests[i].name) != 0)
            continue;
        tests[i].fn();
        if (argc == 2)
            return failures ? 1 : 0;
    }
    if (argc == 2) {
        fprintf(stderr, "unknown test %s\n", argv[1]);
        return 2;
    }
    return failures ? 1 : 0;
}
