/*
 * Callgrind export for KCachegrind/QCachegrind and callgrind_annotate, with
 * the conventions of pyprof2calltree 1.4 (Debian's package):
 *
 *   event: ns : Nanoseconds / events: ns; costs are int(seconds * 1e9);
 *   one block per function, sorted by (file, line, name): fl=FILE,
 *   fn=NAME (NAME:LINE when two functions of a file share a name), a self
 *   cost line "LINE TOTTIME", then per callee cfl=/cfn=, "calls=NCALLS
 *   CALLEE_LINE" and "LINE INCLUSIVE" with the call's cumulative time.
 *
 * Only the functions given are written, and only the calls between them, so
 * that a filtered file is self-consistent.  For the `profile` module's
 * dumps, whose caller records hold only a count, a call's inclusive cost is
 * the callee's cumulative time shared out by call counts (an estimate).
 * Negative times (an over-calibrated `profile`) are written as 0.
 */
#ifndef PROFTOP_CALLGRIND_H
#define PROFTOP_CALLGRIND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proftop/err.h"
#include "proftop/profile.h"

#define CALLGRIND_SCALE 1e9      /* cost units per second: nanoseconds */

/* Writes the functions IDS (NULL: all of p) to OUT.  0, or -1 with e set. */
int callgrind_emit(FILE *out, struct profile *p, const uint32_t *ids, size_t n, struct err *e);
/* The same, atomically to PATH ("-": stdout). */
int callgrind_write(const char *path, struct profile *p, const uint32_t *ids, size_t n,
		    struct err *e);

#endif
