/* A tiny single-header test runner: CHECK prints PASS:/FAIL: lines that
 * tests/run counts. */
#ifndef PROFTOP_TEST_CHECK_H
#define PROFTOP_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* Comparisons that say what was expected and what came. */
#define CHECK_INT(name, expected, actual)                                       \
	do {                                                                    \
		long long check_e_ = (long long)(expected), check_a_ = (long long)(actual); \
		if (check_e_ == check_a_) {                                     \
			printf("PASS: %s\n", name);                             \
		} else {                                                        \
			printf("FAIL: %s (%s:%d: %s: expected %lld, got %lld)\n", name, \
			       __FILE__, __LINE__, #actual, check_e_, check_a_); \
			check_failures++;                                       \
		}                                                               \
	} while (0)

#define CHECK_STR(name, expected, actual)                                       \
	do {                                                                    \
		const char *check_e_ = (expected), *check_a_ = (actual);        \
		if (check_e_ && check_a_ && strcmp(check_e_, check_a_) == 0) {  \
			printf("PASS: %s\n", name);                             \
		} else {                                                        \
			printf("FAIL: %s (%s:%d: %s: expected \"%s\", got \"%s\")\n", name, \
			       __FILE__, __LINE__, #actual, check_e_ ? check_e_ : "(null)", \
			       check_a_ ? check_a_ : "(null)");                 \
			check_failures++;                                       \
		}                                                               \
	} while (0)

/* Equal within tol (absolute). */
#define CHECK_DBL(name, expected, actual, tol)                                  \
	do {                                                                    \
		double check_e_ = (expected), check_a_ = (actual);              \
		if (fabs(check_e_ - check_a_) <= (tol)) {                       \
			printf("PASS: %s\n", name);                             \
		} else {                                                        \
			printf("FAIL: %s (%s:%d: %s: expected %.17g, got %.17g)\n", name, \
			       __FILE__, __LINE__, #actual, check_e_, check_a_); \
			check_failures++;                                       \
		}                                                               \
	} while (0)

#define CHECK_DONE() (check_failures ? 1 : 0)

#endif
