#ifndef INFA_TEST_H
#define INFA_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_SKIP 77

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a,    \
                    a_, #b, b_);                                                                   \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_STR(a, alen, b)                                                                   \
    do {                                                                                           \
        size_t l_ = (size_t)(alen);                                                                \
        if (l_ != strlen(b) || memcmp((a), (b), l_) != 0) {                                        \
            fprintf(stderr, "%s:%d: got \"%.*s\", expected \"%s\"\n", __FILE__, __LINE__, (int)l_, \
                    (a), (b));                                                                     \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#endif
