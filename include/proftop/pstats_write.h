/*
 * Writing a profile as a pstats dump: marshal.dump of the stats dict
 * {(file, line, name): (cc, nc, tt, ct, {caller: stats})}, as
 * pstats.Stats.dump_stats writes it, loadable by Python's pstats and
 * snakeviz.  Any profile can be written: a merged, stripped or filtered
 * one, or a delta built by the caller.
 */
#ifndef PROFTOP_PSTATS_WRITE_H
#define PROFTOP_PSTATS_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/marshal_write.h"
#include "proftop/profile.h"

#define PSTATS_WRITE_VERSION 4   /* marshal version by default (Python 3.4+) */

/*
 * Encodes the entries IDS (in that order; NULL: p->order, the dict order)
 * with all their callers, cProfile's (nc, cc, tt, ct) tuples and the
 * profile module's plain counts as they were read.  Strings and function
 * keys are shared through references from version 3 on.  0, or -1 when
 * out of memory.
 */
int pstats_encode(struct mwriter *w, const struct profile *p, const uint32_t *ids, size_t n);

/* Encodes and writes atomically to PATH ("-": stdout).  0, or -1 with e set. */
int pstats_write(const char *path, const struct profile *p, const uint32_t *ids, size_t n,
		 int version, struct err *e);

#endif
