/* Huge pages for the big arrays of a big dump. */
#include "autoconfig.h"

#include <stdint.h>
#include <sys/mman.h>

#include "proftop/bigmem.h"

/*
 * The big arrays of a big dump (2M edges: 80 MB; the stats; the strings and
 * their hash tables; the marshal references) are filled in one sweep, and
 * faulting them in 4 KiB at a time cost more than decoding them (a third
 * of the time on an 85 MB dump).  Transparent huge pages make that a fault
 * per 2 MiB, where the system allows them on request.  Only a hint: the
 * whole block from its page start, so that glibc's mapping stays one area
 * and realloc can still grow it in place.
 */
#define HUGE_HINT_BYTES ((size_t)4 << 20)

void bigmem_hint(void *ptr, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = (uintptr_t)ptr & ~(uintptr_t)4095;
	uintptr_t end = ((uintptr_t)ptr + bytes + 4095) & ~(uintptr_t)4095;

	if (ptr && bytes >= HUGE_HINT_BYTES)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)ptr;
	(void)bytes;
#endif
}
