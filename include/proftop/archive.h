/*
 * An archive's members as the member list and --list show them: each dump
 * with its totals.  Above both the input layer (which walks the archive)
 * and the decoder (which the totals need); neither calls the other.
 */
#ifndef PROFTOP_ARCHIVE_H
#define PROFTOP_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"

struct archive_member {
	char *name;           /* path inside the archive */
	long long size;       /* uncompressed bytes */
	long long mtime;
	int is_dump;          /* content starts like a pstats dump */
	int decoded;          /* calls and total_tt are valid */
	int64_t calls;        /* total calls, as pstats' header counts them */
	double total_tt;      /* total time in seconds */
	char *error;          /* why a dump did not decode, or NULL */
};

/*
 * Lists the regular members of the archive at PATH (plain or compressed),
 * decoding each dump to fill calls and total_tt.  A compressed or plain
 * single file is listed as one member named "".  *out is malloc'd; free it
 * with archive_members_free.
 */
int archive_list(const char *path, struct archive_member **out, size_t *n, struct err *e);
void archive_members_free(struct archive_member *m, size_t n);

#endif
