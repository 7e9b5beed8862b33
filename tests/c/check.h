/* A minimal check harness shared by the C ABI tests (C99): CHECK(cond) counts and reports
 * failures with the library's last error; check_summary() prints the tally and gives the
 * exit code. */
#ifndef HATCHNET_TEST_CHECK_H
#define HATCHNET_TEST_CHECK_H

#include <stdio.h>

#include "hatchnet/hatchnet.h"

static int failures = 0, checks = 0;

#define CHECK(cond)                                                              \
    do {                                                                         \
        ++checks;                                                                \
        if (!(cond)) {                                                           \
            ++failures;                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n",        \
                    __FILE__, __LINE__, #cond, hn_last_error());                 \
        }                                                                        \
    } while (0)

static inline int check_summary(void) {
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}

#endif
