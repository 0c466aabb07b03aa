/* Small helpers every layer may use. */
#ifndef PROFTOP_UTIL_H
#define PROFTOP_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof *(a))

/* A case that goes on into the next one on purpose (gcc and clang). */
#if defined(__GNUC__) && __GNUC__ >= 7 || defined(__clang__)
#define FALLTHROUGH __attribute__((fallthrough))
#else
#define FALLTHROUGH do {} while (0)
#endif

/*
 * Room for NEED elements of SIZE bytes in the array *ITEMS (ITEMS is the
 * address of the array pointer) of capacity *CAP: the capacity doubles,
 * starting from FIRST (> 0), so appending one at a time costs amortised
 * O(1).  0, or -1 when out of memory or the size overflows, the array then
 * untouched.
 */
int grow_array(void *items, size_t *cap, size_t need, size_t size, size_t first);

/* Microseconds on the monotonic clock (for intervals, never dates). */
int64_t mono_us(void);
/* Microseconds of CPU time (user and system) this process has used. */
int64_t cpu_us(void);

#endif
