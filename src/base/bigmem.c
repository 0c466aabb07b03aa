/* Huge pages for the big arrays of a big dump. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
#define HUGE_PAGE_BYTES ((size_t)2 << 20)
#define HUGE_HINT_BYTES HUGE_PAGE_BYTES

/* BYTES rounded up to whole huge pages; the caller keeps it from overflow. */
static size_t round_huge(size_t bytes)
{
	return (bytes + HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
}

static size_t bigmem_round(size_t bytes)
{
	if (bytes < HUGE_HINT_BYTES || bytes > SIZE_MAX / 4)
		return bytes;
	return round_huge(bytes);
}

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

/*
 * SIZE bytes (a multiple of huge pages) on a huge page boundary, hinted
 * before anything writes them: huge pages from end to end.  malloc's own
 * big blocks start with its header, written before any hint can be given:
 * the block's first 2 MiB then fault in 4 KiB pages (511 faults per array,
 * the most of a --print after the huge pages).  An aligned block's header
 * lies before it.
 */
static void *huge_block(size_t size)
{
	void *p;

	if (posix_memalign(&p, HUGE_PAGE_BYTES, size) != 0)
		return NULL;
	bigmem_hint(p, size);
	return p;
}

void *bigmem_realloc(void *ptr, size_t old_bytes, size_t bytes)
{
	size_t size = bigmem_round(bytes);
	void *np;

	if (size < HUGE_HINT_BYTES || old_bytes >= HUGE_HINT_BYTES) {
		np = realloc(ptr, size);
		bigmem_hint(np, size);
		return np;
	}
	np = huge_block(size);
	if (!np)
		return NULL;
	if (ptr)
		memcpy(np, ptr, old_bytes);
	free(ptr);
	return np;
}

/* A block read at random before it is written all over (a hash table) is
 * zeroed at once: a read of an untouched page maps the shared zero page,
 * and the write that follows splits it into 4 KiB pages faulted one by
 * one.  Others are left to fault in as used. */
void *bigmem_calloc(size_t bytes, int touch)
{
	size_t size = bigmem_round(bytes);
	void *np;

	if (!touch || size < HUGE_HINT_BYTES) {
		np = calloc(1, size);
		bigmem_hint(np, size);
		return np;
	}
	np = huge_block(size);
	if (np)
		memset(np, 0, size);
	return np;
}

int bigmem_is_big(size_t bytes)
{
	/* rounding up at most doubles such a block: its 256 small pages'
	 * faults cost more than the memory */
	return bytes >= HUGE_PAGE_BYTES / 2;
}

void *bigmem_alloc(size_t bytes)
{
	if (!bigmem_is_big(bytes))
		return malloc(bytes);
	if (bytes > SIZE_MAX - HUGE_PAGE_BYTES)
		return NULL;
	return huge_block(round_huge(bytes));
}

/* Whole pages of [from, to) given back to the system (a page past `to`
 * may not be copied yet: the system's page size, not 4 KiB). */
static void release_pages(uintptr_t from, uintptr_t to)
{
#ifdef MADV_DONTNEED
	static uintptr_t page;

	if (!page) {
		long n = sysconf(_SC_PAGESIZE);
		page = n > 0 ? (uintptr_t)n : 4096;
	}
	from = (from + page - 1) & ~(page - 1);
	to &= ~(page - 1);
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_DONTNEED);
#else
	(void)from;
	(void)to;
#endif
}

void bigmem_move(void *dst, void *src, size_t bytes)
{
	uintptr_t s = (uintptr_t)src;
	size_t done, n;

	for (done = 0; done < bytes; done += n) {
		n = bytes - done < HUGE_PAGE_BYTES ? bytes - done : HUGE_PAGE_BYTES;
		memcpy((char *)dst + done, (char *)src + done, n);
		release_pages(s + done, s + done + n);
	}
}
