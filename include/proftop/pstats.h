/* Decoding pstats dumps (marshal.dump of pstats' stats dict) into a
 * profile: bytes in, a profile out; where the bytes come from is the input
 * layer's business (input.h), loading files pstats_load.h's. */
#ifndef PROFTOP_PSTATS_H
#define PROFTOP_PSTATS_H

#include <stddef.h>

#include "proftop/err.h"
#include "proftop/profile.h"

/* Largest dump accepted; beyond it the file is refused before reading. */
#define PSTATS_MAX_BYTES ((size_t)1 << 31)

/* Decodes one dump held in memory into the empty profile p (repeated keys
 * replace earlier ones, as in a Python dict) and computes its totals. */
int pstats_decode(struct profile *p, const void *buf, size_t len,
		  const char *file, struct err *e);

/* The same, read from an open file of SIZE bytes (at open) a window at a
 * time; a file growing past PSTATS_MAX_BYTES is refused. */
int pstats_decode_fd(struct profile *p, int fd, size_t size, const char *file, struct err *e);

#endif
