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

#endif
