/* The incremental model must equal the model of a fresh parse of the same
 * text after any sequence of edits. */
#include "document.h"
#include "model_dump.h"
#include "test.h"
#include "testio.h"

#include <stdint.h>

/* A small deterministic generator, so a failure can be replayed. */
static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

/* Snippets chosen to move structure around: headers, quotes, tokens,
 * continuations, comments and every kind of line end. */
static const char *const snippets[] = {
    "",
    "x",
    ",",
    "=",
    "\"",
    "%",
    "%%",
    "\\",
    ";",
    "[",
    "]",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "[New]\n",
    "k = v\n",
    "HKR,,V,0x10001,1\n",
    "%Str%",
    "%13%\\",
    "\\\n",
    "; c\n",
    "\"a;b\"",
    "CopyFiles = Files\n",
};

static int compare_with_fresh(infa_document *d, const char *what, uint32_t step)
{
    size_t len;
    const char *t = infa_document_text(d, &len);
    infa_document *fresh = infa_document_new(t, len);
    char *a = infa_model_dump(infa_document_model(d));
    char *b = infa_model_dump(infa_document_model(fresh));
    int rc = 0;
    if (strcmp(a, b) != 0) {
        size_t i = 0;
        while (a[i] && a[i] == b[i])
            i++;
        size_t from = i > 200 ? i - 200 : 0;
        fprintf(stderr, "%s: model differs from a fresh parse after edit %u (seed %llu)\n", what,
                step, (unsigned long long)rng_state);
        fprintf(stderr, "incremental: ...%.400s\nfresh:       ...%.400s\n", a + from, b + from);
        rc = 1;
    }
    free(a);
    free(b);
    infa_document_delete(fresh);
    return rc;
}

static int random_edits(const char *what, const char *text, size_t len, uint32_t edits)
{
    infa_document *d = infa_document_new(text, len);
    for (uint32_t step = 0; step < edits; step++) {
        size_t cur;
        infa_document_text(d, &cur);
        uint32_t start = cur ? rng() % (uint32_t)(cur + 1) : 0;
        uint32_t del = (rng() % 4 == 0) ? rng() % 40 : rng() % 3;
        if (start + del > cur)
            del = (uint32_t)(cur - start);
        const char *ins = snippets[rng() % (sizeof(snippets) / sizeof(snippets[0]))];
        infa_document_apply_edit(d, start, start + del, ins, strlen(ins));
        /* Comparing after every edit costs a full parse each time; compare
         * often enough to pin a failure to a short run of edits. */
        if ((step % 5 == 4 || step + 1 == edits) && compare_with_fresh(d, what, step)) {
            infa_document_delete(d);
            return 1;
        }
    }
    infa_document_delete(d);
    return 0;
}

int test_incremental_equals_fresh_synthetic(void)
{
    static const char text[] =
        "[Version]\r\nSignature=\"$Windows NT$\"\r\nClass=System\r\n\r\n"
        "[Manufacturer]\r\n%Mfg%=Models,NTamd64\r\n"
        "[Models.NTamd64]\r\n%Dev%=Inst,ROOT\\X\r\n"
        "[Inst.NT]\r\nCopyFiles=Files ; comment\r\nAddReg=Reg\r\n"
        "[Inst.NT.Services]\r\nAddService=svc,0x2,Svc\r\n"
        "[Svc]\r\nServiceBinary=%12%\\x.sys\r\nAddReg=SvcReg\r\n"
        "[DestinationDirs]\r\nFiles=12\r\n[Files]\r\nx.sys\r\n"
        "[Reg]\r\nHKR,,\"a;b\",0x10001,\\\r\n  5\r\n[SvcReg]\r\nHKR,Parameters,V,,\"%Str%\"\r\n"
        "[Strings]\r\nMfg=\"M\"\r\nDev=\"D\"\r\nStr=\"S\"\r\n";
    for (uint64_t seed = 1; seed <= 20; seed++) {
        rng_state = seed * 0x9E3779B97F4A7C15ull;
        if (random_edits("synthetic", text, sizeof(text) - 1, 60))
            return 1;
    }
    return 0;
}

int test_incremental_equals_fresh_corpus(void)
{
    testio_files files;
    testio_inf_files(INFLS_CORPUS_DIR, &files);
    if (files.count == 0) {
        fprintf(stderr, "no corpus at %s: skipped\n", INFLS_CORPUS_DIR);
        return TEST_SKIP;
    }
    /* Every 9th corpus file, a few dozen edits each: a few hundred edits per
     * run, different files as the corpus changes. */
    uint32_t tested = 0, total_edits = 0;
    rng_state = 0x5eed;
    int rc = 0;
    for (size_t i = 0; i < files.count && !rc; i += 9) {
        size_t len;
        char *utf8 = testio_read_inf(files.paths[i], &len);
        if (!utf8)
            continue;
        rc = random_edits(files.paths[i], utf8, len, 30);
        total_edits += 30;
        tested++;
        free(utf8);
    }
    testio_files_free(&files);
    fprintf(stderr, "%u corpus files, %u random edits, incremental == fresh: %s\n", tested,
            total_edits, rc ? "NO" : "yes");
    return rc;
}

int test_incremental_reuses_untouched_blocks(void)
{
    /* 200 sections; typing in one re-extracts that one only. */
    char *text = malloc(200 * 64);
    size_t len = 0;
    for (int i = 0; i < 200; i++)
        len += (size_t)sprintf(text + len, "[Sec%03d]\r\nKey%03d = value,%d\r\n", i, i, i);
    infa_document *d = infa_document_new(text, len);
    CHECK_EQ_INT(infa_model_block_count(infa_document_model(d)), 200);
    const char *at = strstr(text, "Key100");
    uint32_t off = (uint32_t)(at - text) + 3;
    infa_document_apply_edit(d, off, off, "X", 1);
    CHECK_EQ_INT(infa_model_last_extracted(infa_document_model(d)), 1);
    CHECK(compare_with_fresh(d, "reuse", 0) == 0);
    /* A new header in the middle splits one block into two. */
    infa_document_apply_edit(d, off, off, "\r\n[Split]\r\n", 11);
    CHECK(infa_model_last_extracted(infa_document_model(d)) <= 3);
    CHECK_EQ_INT(infa_model_block_count(infa_document_model(d)), 201);
    CHECK(compare_with_fresh(d, "split", 1) == 0);
    infa_document_delete(d);
    free(text);
    return 0;
}
