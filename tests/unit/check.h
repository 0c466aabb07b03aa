/* A tiny single-header test runner: CHECK prints PASS:/FAIL: lines that
 * tests/run counts. */
#ifndef PROFTOP_TEST_CHECK_H
#define PROFTOP_TEST_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(name, cond)                                                       \
	do {                                                                    \
		if (cond) {                                                     \
			printf("PASS: %s\n", name);                             \
		} else {                                                        \
			printf("FAIL: %s (%s:%d: %s)\n", name, __FILE__, __LINE__, #cond); \
			check_failures++;                                       \
		}                                                               \
	} while (0)

#define CHECK_DONE() (check_failures ? 1 : 0)

#endif
