/* The 1 MB benchmark document: corpus files concatenated, each file's
 * sections renamed apart (see bench_corpus.h). */
#include "bench_corpus.h"

#include "testio.h"

#include <stdlib.h>
#include <string.h>

/* Appends text with every section header renamed `[name_fN]`, except the
 * sections that SetupAPI merges by design (Version, Strings...). */
static void bench_corpus__append_renamed(infa_buf *out, const char *t, size_t len, int file)
{
    static const char *const keep[] = {"Version", "Strings", "Manufacturer", "SourceDisks",
                                       "DestinationDirs"};
    size_t i = 0;
    bool line_start = true;
    while (i < len) {
        char c = t[i];
        if (line_start && c == '[') {
            size_t j = i + 1;
            while (j < len && t[j] != ']' && t[j] != '\n' && t[j] != '\r')
                j++;
            bool keep_name = false;
            for (size_t k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
                if (j - i - 1 >= strlen(keep[k]) &&
                    infa_strncasecmp(t + i + 1, strlen(keep[k]), keep[k], strlen(keep[k])) == 0)
                    keep_name = true;
            infa_buf_append(out, t + i, j - i);
            if (!keep_name && j < len && t[j] == ']')
                infa_buf_printf(out, "_f%d", file);
            i = j;
            line_start = false;
            continue;
        }
        infa_buf_append(out, &c, 1);
        line_start = (c == '\n' || c == '\r') || (line_start && (c == ' ' || c == '\t'));
        i++;
    }
    if (len && t[len - 1] != '\n')
        infa_buf_append_str(out, "\r\n");
}

void bench_corpus_text(const char *dir, size_t target, infa_buf *out)
{
    testio_files files;
    testio_inf_files(dir, &files);
    int file = 0;
    /* Round after round over the corpus, renamed apart, up to the target. */
    while (files.count && out->len < target) {
        for (size_t i = 0; i < files.count && out->len < target; i++) {
            size_t ulen;
            char *utf8 = testio_read_inf(files.paths[i], &ulen);
            if (!utf8)
                continue;
            /* Ctrl-Z would end the concatenated file early. */
            char *z = memchr(utf8, 0x1a, ulen);
            if (z)
                ulen = (size_t)(z - utf8);
            bench_corpus__append_renamed(out, utf8, ulen, file++);
            free(utf8);
        }
    }
    testio_files_free(&files);
}
