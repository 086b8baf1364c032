/* File helpers shared by the test programs and benchmarks: reading a file
 * whole, listing the INF files of a corpus, and decoding them. */
#ifndef INFLS_TESTIO_H
#define INFLS_TESTIO_H

#include <stdbool.h>
#include <stddef.h>

/* The whole file, NUL-terminated; *len (may be NULL) gets its size, 0 on
 * failure. NULL when it cannot be read. Caller must free with free(). */
char *testio_read_file(const char *path, size_t *len);

/* The file decoded to UTF-8 as inf-ls decodes INFs (UTF-16 with BOM,
 * UTF-8, else Windows-1252). NULL when it cannot be read. Caller must free
 * with free(). */
char *testio_read_inf(const char *path, size_t *len);

/* *.inf, *.inx and *.inf.in names, case-insensitively. */
bool testio_is_inf_name(const char *name);

typedef struct {
    char **paths;
    size_t count;
} testio_files;

/* Every INF file below dir (recursively), sorted by path so that runs are
 * repeatable. An unreadable or missing dir gives an empty list. Free with
 * testio_files_free. */
void testio_inf_files(const char *dir, testio_files *out);
void testio_files_free(testio_files *files);

#endif
