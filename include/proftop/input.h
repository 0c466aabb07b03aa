/*
 * The input layer: where a dump's bytes come from.  It opens a path (a
 * regular file, checked and sized), bounds what it reads, decompresses
 * (gzip, bzip2, xz, lzma, zstd, lz4, compress) and walks archives (tar,
 * zip, cpio, 7-Zip, themselves possibly compressed), and hands each dump to
 * its caller as bytes or, for a plain file, as an open descriptor to
 * stream.  The kind is detected from the content, never from the name.
 * It knows nothing of the decoder: loading (pstats_load.h) and the member
 * list (archive.h) sit above both.  libarchive and zlib stay private to
 * src/input.c.
 *
 * A member is named "ARCHIVE:PATH/IN/ARCHIVE", in error messages too.
 * Decompressed sizes are bounded (see input_limit) so that a decompression
 * bomb stops early with a clear error and bounded memory.
 */
#ifndef PROFTOP_INPUT_H
#define PROFTOP_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "proftop/err.h"

/* Largest input read whole (a plain file, or what one decompresses to). */
#define INPUT_MAX_BYTES ((size_t)1 << 31)
/* A compressed input may expand to at most INPUT_MAX_RATIO times its size
 * on disk, but always to INPUT_MIN_LIMIT, and never past INPUT_MAX_BYTES.
 * Real pstats dumps compress 3-20 times; a bomb compresses a thousand times. */
#define INPUT_MIN_LIMIT ((size_t)64 << 20)
#define INPUT_MAX_RATIO 256
#define INPUT_SNIFF_BYTES 512

enum input_kind {
	INPUT_PLAIN,        /* read as is */
	INPUT_COMPRESSED,   /* one compressed stream: libarchive's raw format */
	INPUT_ARCHIVE       /* members */
};

/* A regular file, opened without blocking; its first bytes sniffed. */
struct input_file {
	const char *path;
	int fd;
	int missing;          /* after a failed open: the path does not exist */
	struct stat st;       /* as opened */
	enum input_kind kind;
	unsigned char head[INPUT_SNIFF_BYTES];
	size_t nhead;
};

/* Opens PATH: refuses a directory, a FIFO or a device before opening it
 * (and after: it may have been replaced).  0, or -1 with e set. */
int input_open(struct input_file *f, const char *path, struct err *e);
void input_close(struct input_file *f);
/* Reads the whole file, to its end whatever its size at open (a profiler
 * may be rewriting it), but never past INPUT_MAX_BYTES.  *buf is malloc'd. */
int input_read_all(struct input_file *f, void **buf, size_t *len, struct err *e);
/* 1 when the file is as opened (size and mtime), 0 when it changed since. */
int input_unchanged(const struct input_file *f);

/* A pstats dump is a marshalled dict: '{', with or without FLAG_REF. */
int input_looks_like_dump(const void *b, size_t n);

/* One dump (or, for input_each_member, one member) found in an input.
 * Its bytes are either in data (malloc'd; fn may keep them by setting data
 * to NULL), or, for a plain file, to be read from fd (size bytes at open). */
struct input_dump {
	const char *name;     /* the path, or "ARCHIVE:MEMBER" */
	const char *member;   /* the member part of name; "" for a single file */
	void *data;
	size_t len;
	int fd;               /* -1 when data holds the bytes */
	long long size;       /* bytes: read, declared by the archive, or -1 */
	long long mtime;      /* seconds since the epoch */
	int is_dump;          /* starts like a pstats dump */
};

/* Called once per dump; a non-zero return (with e set) stops the walk. */
typedef int (*input_dump_fn)(void *ctx, struct input_dump *d, struct err *e);

/*
 * Calls fn for each dump SPEC holds, in order: one for a plain or compressed
 * file and for "ARCHIVE:MEMBER"; for an archive, every regular member whose
 * content starts like a pstats dump (others are skipped; none at all is an
 * error).  A plain file comes as its descriptor, to be streamed.  Returns
 * 0, or -1 with e naming the file or member and offset.
 */
int input_each_dump(const char *spec, input_dump_fn fn, void *ctx, struct err *e);

/*
 * Calls fn for each regular member of the archive at PATH (a compressed or
 * plain single file is one member named ""), dumps with their bytes (a
 * plain file: its descriptor), other members with data NULL and is_dump 0.
 */
int input_each_member(const char *path, input_dump_fn fn, void *ctx, struct err *e);

/* What SPEC is, from its first bytes (an "ARCHIVE:MEMBER" spec is the
 * archive's kind).  A compressed tar is INPUT_COMPRESSED here: list its
 * members to tell. */
int input_kind(const char *spec, enum input_kind *kind, struct err *e);

/* A file's mtime in seconds as pstats' header shows it (Python's float
 * st_mtime, floored). */
long long input_mtime(const struct stat *st);

/* The decompressed size allowed for an input of `file_size` bytes. */
size_t input_limit(long long file_size);

#endif
