/*
 * Exports by file name, for the UI's ":write FILE": a callgrind file when
 * the name says so (callgrind.out*, *.callgrind, *.cg), else a pstats dump
 * (marshal version 4).  Both are written atomically (see outfile.h).
 */
#ifndef PROFTOP_EXPORT_H
#define PROFTOP_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/profile.h"

enum export_format { EXPORT_PSTATS, EXPORT_CALLGRIND };

/* The format a file name asks for. */
enum export_format export_format_for(const char *path);
/* Writes the functions IDS (NULL: all) of p to PATH in that format. */
int export_write(const char *path, struct profile *p, const uint32_t *ids, size_t n,
		 struct err *e);

#endif
