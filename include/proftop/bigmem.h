/* Big arrays filled in one sweep: a hint for how the kernel backs them. */
#ifndef PROFTOP_BIGMEM_H
#define PROFTOP_BIGMEM_H

#include <stddef.h>

/* Asks for transparent huge pages for the block [ptr, ptr + bytes) of a
 * malloc'd array, when it is big enough to matter; a hint, never an error. */
void bigmem_hint(void *ptr, size_t bytes);

#endif
