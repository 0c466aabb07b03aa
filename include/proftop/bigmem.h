/* Big arrays filled in one sweep: a hint for how the kernel backs them. */
#ifndef PROFTOP_BIGMEM_H
#define PROFTOP_BIGMEM_H

#include <stddef.h>

/* Asks for transparent huge pages for the block [ptr, ptr + bytes) of a
 * malloc'd array, when it is big enough to matter; a hint, never an error. */
void bigmem_hint(void *ptr, size_t bytes);

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
