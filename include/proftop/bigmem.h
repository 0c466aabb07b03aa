/* Big arrays filled in one sweep: a hint for how the kernel backs them. */
#ifndef PROFTOP_BIGMEM_H
#define PROFTOP_BIGMEM_H

#include <stddef.h>

/* Asks for transparent huge pages for the block [ptr, ptr + bytes) of a
 * malloc'd array, when it is big enough to matter; a hint, never an error. */
void bigmem_hint(void *ptr, size_t bytes);
/*
 * realloc (the first OLD_BYTES kept) and calloc of a block that may be
 * big: a big block is made of whole huge pages, on a huge page boundary,
 * hinted before it is written (malloc's big blocks are not aligned, and
 * their first and last 2 MiB faulted in 4 KiB at a time: 511 faults per
 * array).  The room past BYTES is never touched unless used: it costs no
 * memory.  TOUCH: a block that will be read before it is written all over
 * (a hash table) is zeroed at once, in huge pages.
 */
void *bigmem_realloc(void *ptr, size_t old_bytes, size_t bytes);
void *bigmem_calloc(size_t bytes, int touch);

/* malloc for an array filled soon after: from 1 MiB, a block of whole
 * huge pages (rounded up), aligned on one and hinted, so that a fault
 * brings in 2 MiB where it would bring 4 KiB.  free() releases it; NULL
 * when out of memory. */
void *bigmem_alloc(size_t bytes);
/* Whether bigmem_alloc rounds a block of BYTES up to huge pages. */
int bigmem_is_big(size_t bytes);
/* Copies BYTES of SRC, a block about to be freed, to DST, giving SRC's
 * pages back as it goes: moving a big block then never holds both
 * copies whole (moving the 42 MB of a 1M-edge array raised the peak). */
void bigmem_move(void *dst, void *src, size_t bytes);

#endif
