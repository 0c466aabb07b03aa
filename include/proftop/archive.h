/*
 * Where a dump's bytes come from: a plain file, a compressed file (gzip,
 * bzip2, xz, lzma, zstd, lz4, compress), or a member of an archive (tar,
 * zip, cpio, 7-Zip, themselves possibly compressed).  The kind is detected
 * from the content, never from the name.  Everything but plain files goes
 * through libarchive; libarchive stays private to src/archive.c.
 *
 * A member is named "ARCHIVE:PATH/IN/ARCHIVE", in error messages too.
 * Decompressed sizes are bounded (see input_limit) so that a decompression
 * bomb stops early with a clear error and bounded memory.
 */
#ifndef PROFTOP_ARCHIVE_H
#define PROFTOP_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"

/* A compressed input may expand to at most INPUT_MAX_RATIO times its size
 * on disk, but always to INPUT_MIN_LIMIT, and never past PSTATS_MAX_BYTES.
 * Real pstats dumps compress 3-20 times; a bomb compresses a thousand times. */
#define INPUT_MIN_LIMIT ((size_t)64 << 20)
#define INPUT_MAX_RATIO 256

enum input_kind {
	INPUT_PLAIN,        /* read as is */
	INPUT_COMPRESSED,   /* one compressed stream: libarchive's raw format */
	INPUT_ARCHIVE       /* members */
};

/* One dump found in an input. */
struct input_dump {
	const char *name;     /* the path, or "ARCHIVE:MEMBER" */
	void *data;           /* malloc'd; fn may keep it by setting data to NULL */
	size_t len;
	long long mtime;      /* seconds since the epoch */
};

/* Called once per dump; a non-zero return (with e set) stops the walk. */
typedef int (*input_dump_fn)(void *ctx, struct input_dump *d, struct err *e);

/*
 * Calls fn for each dump SPEC holds, in order: one for a plain or compressed
 * file and for "ARCHIVE:MEMBER"; for an archive, every regular member whose
 * content starts like a pstats dump (others are skipped; none at all is an
 * error).  Returns 0, or -1 with e naming the file or member and offset.
 */
int input_each_dump(const char *spec, input_dump_fn fn, void *ctx, struct err *e);

/* Reads the one dump SPEC holds: a plain or compressed file,
 * "ARCHIVE:MEMBER", or an archive with exactly one dump.  *buf is malloc'd;
 * mtime may be NULL. */
int input_read_one(const char *spec, void **buf, size_t *len, long long *mtime,
		   struct err *e);

/* What SPEC is, from its first bytes (an "ARCHIVE:MEMBER" spec is the
 * archive's kind).  A compressed tar is INPUT_COMPRESSED here: use
 * archive_list to tell. */
int input_kind(const char *spec, enum input_kind *kind, struct err *e);

/* A file's mtime in seconds as pstats' header shows it (Python's float
 * st_mtime, floored). */
struct stat;
long long input_mtime(const struct stat *st);

/* The decompressed size allowed for an input of `file_size` bytes. */
size_t input_limit(long long file_size);

/* A member as the UI's archive list shows it. */
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
 * decoding each dump to fill calls and total_tt.  A compressed single file
 * (not an archive) is listed as one member named "" .  *out is malloc'd;
 * free it with archive_members_free.
 */
int archive_list(const char *path, struct archive_member **out, size_t *n, struct err *e);
void archive_members_free(struct archive_member *m, size_t n);

/* Reads one member's bytes; the same as input_read_one("PATH:MEMBER"). */
int archive_read_member(const char *path, const char *member, void **buf, size_t *len,
			struct err *e);

#endif
