/* Runs one test by name, in its own process (libuv style). The build names
 * the table: -DTEST_LIST="xyz_test_list.h", a list of TEST_ENTRY(name). */
#include "test.h"

#include <stdio.h>
#include <string.h>

#define TEST_ENTRY(name) int test_##name(void);
#include TEST_LIST
#undef TEST_ENTRY

static const struct {
    const char *name;
    int (*fn)(void);
} tests[] = {
#define TEST_ENTRY(name) {#name, test_##name},
#include TEST_LIST
#undef TEST_ENTRY
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TEST\ntests:\n", argv[0]);
        for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
            fprintf(stderr, "  %s\n", tests[i].name);
        return 2;
    }
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
        if (strcmp(argv[1], tests[i].name) == 0)
            return tests[i].fn();
    fprintf(stderr, "no test named %s\n", argv[1]);
    return 2;
}
