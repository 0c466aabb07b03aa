/*
 * Loading dumps as pstats.Stats does: the input layer's dumps (files,
 * compressed files, archive members) decoded and merged.  Above both the
 * input layer and the decoder.
 */
#ifndef PROFTOP_PSTATS_LOAD_H
#define PROFTOP_PSTATS_LOAD_H

#include <stddef.h>

#include "proftop/err.h"
#include "proftop/profile.h"

/* Reads and decodes the one dump SPEC holds (a file, a compressed file or
 * "ARCHIVE:MEMBER") into the empty profile p, and records its header line. */
int pstats_load(struct profile *p, const char *spec, struct err *e);

/* Loads PATHS as pstats.Stats(*PATHS) does: the first, then the others
 * added in reverse order; an archive stands for its dumps in archive order.
 * On error, names the file and byte offset. */
int pstats_load_files(struct profile *p, char *const *paths, size_t n, struct err *e);

/* pstats' header line for a dump: time.ctime(mtime) + "    " + name, or
 * the name alone when localtime fails.  malloc'd; NULL when out of memory. */
char *pstats_file_line(const char *name, long long mtime);

#endif
