/*
 * The test wrapper around malloc, calloc, realloc and free, linked in with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free: it counts the
 * live heap bytes (tests/reader/mutate) and can make one allocation fail
 * (tests/oom/proftop-oom), so that every out-of-memory path can be reached.
 *
 * Fault injection, from the environment (read at the first allocation):
 *   PROFTOP_FAIL_ALLOC=N   the Nth allocation (malloc, calloc, or realloc
 *                          of a non-zero size; 1-based) returns NULL
 *   PROFTOP_COUNT_ALLOC=F  at exit, write the number of allocations made to F
 *   PROFTOP_FAIL_TRACE=1   print a backtrace where the failure is injected
 */
#ifndef PROFTOP_TEST_HEAP_WRAP_H
#define PROFTOP_TEST_HEAP_WRAP_H

#include <stddef.h>

extern size_t heap_live, heap_peak, heap_largest;

#endif
