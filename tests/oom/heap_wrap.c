/* The malloc wrapper of the tests: heap accounting and fault injection. */
#include "autoconfig.h"

#include <errno.h>
#include <execinfo.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "heap_wrap.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t size);
void __real_free(void *ptr);
int __real_posix_memalign(void **ptr, size_t align, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
void __wrap_free(void *ptr);
int __wrap_posix_memalign(void **ptr, size_t align, size_t size);

size_t heap_live, heap_peak, heap_largest;

static unsigned long alloc_count, fail_at;
static const char *count_file;
static int configured, trace;

static void write_count(void)
{
	FILE *f = fopen(count_file, "w");

	if (f) {
		fprintf(f, "%lu\n", alloc_count);
		fclose(f);
	}
}

/* Counts an allocation; 1 if it is the one to fail. */
static int injected_failure(void)
{
	if (!configured) {
		const char *n = getenv("PROFTOP_FAIL_ALLOC");
		configured = 1;
		fail_at = n ? strtoul(n, NULL, 10) : 0;
		count_file = getenv("PROFTOP_COUNT_ALLOC");
		trace = getenv("PROFTOP_FAIL_TRACE") != NULL;
		if (count_file && *count_file)
			atexit(write_count);
	}
	if (++alloc_count != fail_at)
		return 0;
	if (trace) {
		/* where the failure is injected, to find the path that
		 * mishandles it (link with -rdynamic for names) */
		void *frames[16];
		backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
	}
	return 1;
}

static void heap_add(void *ptr, size_t asked)
{
	if (!ptr)
		return;
	heap_live += malloc_usable_size(ptr);
	if (heap_live > heap_peak)
		heap_peak = heap_live;
	if (asked > heap_largest)
		heap_largest = asked;
}

static void heap_sub(void *ptr)
{
	size_t n;

	if (!ptr)
		return;
	/* Blocks allocated inside libc (open_memstream) are freed here too
	 * without having been counted: never go below zero. */
	n = malloc_usable_size(ptr);
	heap_live = n < heap_live ? heap_live - n : 0;
}

void *__wrap_malloc(size_t size)
{
	void *p = injected_failure() ? NULL : __real_malloc(size);

	heap_add(p, size);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = injected_failure() ? NULL : __real_calloc(n, size);

	heap_add(p, n * size);
	return p;
}

void *__wrap_realloc(void *ptr, size_t size)
{
	size_t old = ptr ? malloc_usable_size(ptr) : 0;
	void *p;

	if (size && injected_failure())
		return NULL;
	p = __real_realloc(ptr, size);
	if (p || size == 0) {
		heap_live = old < heap_live ? heap_live - old : 0;
		heap_add(p, size);
	}
	return p;
}

/* bigmem_alloc's big blocks */
int __wrap_posix_memalign(void **ptr, size_t align, size_t size)
{
	int rc;

	if (injected_failure())
		return ENOMEM;
	rc = __real_posix_memalign(ptr, align, size);
	if (rc == 0)
		heap_add(*ptr, size);
	return rc;
}

void __wrap_free(void *ptr)
{
	heap_sub(ptr);
	__real_free(ptr);
}
