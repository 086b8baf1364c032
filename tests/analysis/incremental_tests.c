/* The incremental model must equal the model of a fresh parse of the same
 * text after any sequence of edits. */
#include "document.h"
#include "infa_encoding.h"
#include "model_dump.h"
#include "test.h"

#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>

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

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

int test_incremental_equals_fresh_corpus(void)
{
    DIR *top = opendir(INFLS_CORPUS_DIR);
    if (!top) {
        fprintf(stderr, "no corpus at %s: skipped\n", INFLS_CORPUS_DIR);
        return TEST_SKIP;
    }
    /* Every 9th corpus file, a few dozen edits each: a few hundred edits per
     * run, different files as the corpus changes. */
    struct dirent *pe;
    uint32_t seen = 0, tested = 0, total_edits = 0;
    rng_state = 0x5eed;
    int rc = 0;
    while (!rc && (pe = readdir(top))) {
        if (pe->d_name[0] == '.')
            continue;
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/%s", INFLS_CORPUS_DIR, pe->d_name);
        DIR *sub = opendir(dir);
        if (!sub)
            continue;
        struct dirent *fe;
        while (!rc && (fe = readdir(sub))) {
            if (fe->d_name[0] == '.')
                continue;
            if (seen++ % 9 != 0)
                continue;
            char path[8192];
            snprintf(path, sizeof(path), "%s/%s", dir, fe->d_name);
            size_t len;
            char *raw = read_file(path, &len);
            if (!raw)
                continue;
            infa_text_encoding enc;
            size_t ulen;
            char *utf8 = infa_text_decode(raw, len, &enc, &ulen);
            rc = random_edits(path, utf8, ulen, 30);
            total_edits += 30;
            tested++;
            free(utf8);
            free(raw);
        }
        closedir(sub);
    }
    closedir(top);
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
