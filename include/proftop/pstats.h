/* Reading pstats dumps (marshal.dump of pstats' stats dict) into a profile. */
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

/* The same, read from fd (SIZE bytes by fstat) a window at a time as it is
 * decoded: a bad dump is refused at its first bad byte, unread beyond. */
int pstats_decode_fd(struct profile *p, int fd, size_t size, const char *file, struct err *e);

/* Reads a whole regular file into memory; *buf is malloc'd. */
int pstats_read_file(const char *path, void **buf, size_t *len, struct err *e);

/* Reads and decodes one file, and records its "ctime    path" header line. */
int pstats_load(struct profile *p, const char *path, struct err *e);

/* Loads PATHS as pstats.Stats(*PATHS) does: the first, then the others
 * added in reverse order.  On error, names the file and byte offset. */
int pstats_load_files(struct profile *p, char *const *paths, size_t n, struct err *e);

#endif
