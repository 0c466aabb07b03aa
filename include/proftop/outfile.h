/*
 * Atomic output files: written to a temporary file beside the target and
 * renamed over it, so a failure never truncates or half-writes an existing
 * file.  A symlink is refused (writing through it would replace whatever it
 * points to), as is an existing file that is not a regular file.
 */
#ifndef PROFTOP_OUTFILE_H
#define PROFTOP_OUTFILE_H

#include <stdio.h>

#include "proftop/err.h"

/* Writes the output: 0, or -1 with e set (a write error is detected by
 * outfile_write itself). */
typedef int (*outfile_fn)(FILE *out, void *ctx, struct err *e);

/* Calls fn on a temporary file beside PATH and renames it over PATH; "-"
 * writes to stdout.  An existing file keeps its mode; a new one gets
 * 0666 & ~umask.  Returns 0, or -1 with e naming PATH. */
int outfile_write(const char *path, outfile_fn fn, void *ctx, struct err *e);

#define OUTFILE_FOLLOW_SYMLINK 1u  /* write to a symlink's target (a --force) */
#define OUTFILE_HINT_FORCE 2u      /* a refused symlink's message names --force */
int outfile_write_flags(const char *path, unsigned flags, outfile_fn fn, void *ctx,
			struct err *e);

/* For an output another program writes (graphviz): creates an empty
 * temporary file beside PATH's target, with the target's mode; *tmp and
 * *dest (where to rename it once written) are malloc'd.  0, or -1 with e set. */
int outfile_temp(const char *path, unsigned flags, char **tmp, char **dest, struct err *e);

/* A temporary file removed if SIGINT, SIGTERM or SIGHUP (left at their
 * default action) end the program before outfile_unguard: outfile_write's
 * and outfile_temp's are guarded from their creation; whoever renames or
 * removes outfile_temp's unguards it.  Up to four at a time. */
void outfile_guard(const char *tmp);
void outfile_unguard(const char *tmp);

#endif
