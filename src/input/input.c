/*
 * The input layer: open, bound, decompress, walk archives.
 *
 * Plain files are read directly (the common case stays a single read, or a
 * descriptor handed on to be streamed); the first bytes decide whether
 * libarchive is needed, so a dump is never mistaken for an archive because
 * of its name.
 */
#include "autoconfig.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "proftop/input.h"

#define READ_CHUNK ((size_t)1 << 20)

/* ---- what a file is ---- */

struct magic {
	size_t off, len;
	const char *bytes;
	enum input_kind kind;
	int (*confirm)(const unsigned char *b, size_t n);   /* NULL: the bytes suffice */
};

/*
 * "ustar" at 257 alone is weak: a dump can hold those bytes there inside a
 * name.  A tar header also carries the octal sum of its 512 bytes (the sum
 * field counted as spaces); old tars summed signed chars.
 */
static int tar_checksum_ok(const unsigned char *b, size_t n)
{
	unsigned long want = 0, sum = 0;
	long ssum = 0;
	size_t i;

	if (n < 512)
		return 0;
	for (i = 148; i < 156 && b[i] == ' '; i++)
		;
	if (i == 156 || b[i] < '0' || b[i] > '7')
		return 0;
	for (; i < 156 && b[i] >= '0' && b[i] <= '7'; i++)
		want = want * 8 + (unsigned long)(b[i] - '0');
	if (i < 156 && b[i] != ' ' && b[i] != '\0')
		return 0;
	for (i = 0; i < 512; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : b[i];
		sum += c;
		ssum += (signed char)c;
	}
	return want == sum || (long)want == ssum;
}

static const struct magic magics[] = {
	{ 0, 2, "\x1f\x8b", INPUT_COMPRESSED, NULL },           /* gzip */
	{ 0, 3, "BZh", INPUT_COMPRESSED, NULL },                /* bzip2 */
	{ 0, 6, "\xfd" "7zXZ\0", INPUT_COMPRESSED, NULL },      /* xz */
	{ 0, 4, "\x28\xb5\x2f\xfd", INPUT_COMPRESSED, NULL },   /* zstd */
	{ 0, 4, "\x04\x22\x4d\x18", INPUT_COMPRESSED, NULL },   /* lz4 */
	{ 0, 2, "\x1f\x9d", INPUT_COMPRESSED, NULL },           /* compress (.Z) */
	{ 0, 3, "\x5d\x00\x00", INPUT_COMPRESSED, NULL },       /* lzma alone */
	{ 0, 4, "PK\x03\x04", INPUT_ARCHIVE, NULL },            /* zip */
	{ 0, 4, "PK\x05\x06", INPUT_ARCHIVE, NULL },            /* empty zip */
	{ 0, 6, "7z\xbc\xaf\x27\x1c", INPUT_ARCHIVE, NULL },    /* 7-Zip */
	{ 257, 5, "ustar", INPUT_ARCHIVE, tar_checksum_ok },    /* POSIX and GNU tar */
	{ 0, 5, "07070", INPUT_ARCHIVE, NULL },                 /* cpio, ASCII forms */
	{ 0, 2, "\xc7\x71", INPUT_ARCHIVE, NULL },              /* cpio, binary LE */
	{ 0, 2, "\x71\xc7", INPUT_ARCHIVE, NULL },              /* cpio, binary BE */
};

static enum input_kind sniff(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof magics / sizeof *magics; i++) {
		const struct magic *m = &magics[i];
		if (n >= m->off + m->len && memcmp(b + m->off, m->bytes, m->len) == 0 &&
		    (!m->confirm || m->confirm(b, n)))
			return m->kind;
	}
	return INPUT_PLAIN;
}

/* A pstats dump is a marshalled dict: '{', with or without FLAG_REF. */
int input_looks_like_dump(const void *p, size_t n)
{
	const unsigned char *b = p;

	return n > 0 && (b[0] == '{' || b[0] == ('{' | 0x80));
}

/* Python's float st_mtime (seconds + nanoseconds * 1e-9, rounded to a
 * double: .999999999 s becomes the next second) floored, as time.ctime
 * takes it. */
long long input_mtime(const struct stat *st)
{
	double t = (double)st->st_mtim.tv_sec + (double)st->st_mtim.tv_nsec * 1e-9;

	t = floor(t);
	if (!(t >= -9.2e18 && t <= 9.2e18))   /* no date: localtime fails */
		return (long long)st->st_mtim.tv_sec;
	return (long long)t;
}

size_t input_limit(long long file_size)
{
	unsigned long long lim = file_size > 0 ? (unsigned long long)file_size * INPUT_MAX_RATIO : 0;

	if (lim < INPUT_MIN_LIMIT)
		lim = INPUT_MIN_LIMIT;
	if (lim > INPUT_MAX_BYTES)
		lim = INPUT_MAX_BYTES;
	return (size_t)lim;
}

/* "cannot open: ..." or "cannot stat: ..." with errno's text. */
static int fail_open(struct input_file *f, struct err *e, const char *what)
{
	err_at(e, f->path, -1, "cannot %s: %s", what, strerror(errno));
	return -1;
}

/* The type is checked on the path before opening (a FIFO or a device is
 * never opened) and on the descriptor after (it may have been replaced). */
static int check_type(struct input_file *f, struct err *e)
{
	if (S_ISDIR(f->st.st_mode)) {
		err_at(e, f->path, -1, "is a directory, not a pstats dump");
		return -1;
	}
	if (!S_ISREG(f->st.st_mode)) {
		err_at(e, f->path, -1, "not a regular file");
		return -1;
	}
	return 0;
}

int input_open(struct input_file *f, const char *path, struct err *e)
{
	ssize_t n;

	memset(f, 0, sizeof *f);
	f->path = path;
	f->fd = -1;
	if (stat(path, &f->st) < 0) {
		f->missing = errno == ENOENT || errno == ENOTDIR;
		return fail_open(f, e, "open");
	}
	if (check_type(f, e) < 0)
		return -1;
	f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (f->fd < 0) {
		f->missing = errno == ENOENT;
		return fail_open(f, e, "open");
	}
	if (fstat(f->fd, &f->st) < 0) {
		fail_open(f, e, "stat");
		goto fail;
	}
	if (check_type(f, e) < 0)
		goto fail;
	do
		n = pread(f->fd, f->head, sizeof f->head, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		err_at(e, path, 0, "read error: %s", strerror(errno));
		goto fail;
	}
	f->nhead = (size_t)n;
	f->kind = sniff(f->head, f->nhead);
	return 0;
fail:
	input_close(f);
	return -1;
}

void input_close(struct input_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

int input_unchanged(const struct input_file *f)
{
	struct stat now;

	return fstat(f->fd, &now) == 0 && now.st_size == f->st.st_size &&
	       now.st_mtim.tv_sec == f->st.st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == f->st.st_mtim.tv_nsec;
}

static int check_size(const struct input_file *f, struct err *e)
{
	if ((unsigned long long)f->st.st_size <= INPUT_MAX_BYTES)
		return 0;
	err_at(e, f->path, -1, "file too large (%lld bytes, limit %zu)",
	       (long long)f->st.st_size, INPUT_MAX_BYTES);
	return -1;
}

/* ---- the one bounded grow-and-read loop ---- */

enum read_result { READ_OK, READ_TOO_BIG, READ_NOMEM, READ_FAILED };

struct bounded_read {
	/* Up to n bytes at offset `at` of the source: > 0, 0 at the end, < 0. */
	ssize_t (*read)(void *ctx, void *buf, size_t n, size_t at);
	void *ctx;
	size_t bound;         /* more bytes than this: READ_TOO_BIG */
	int sniff;            /* stop after a first block that is not a dump */
};

/*
 * Reads the source to its end into a buffer of `cap` bytes at first,
 * doubled as needed (never past bound + 1).  *out is malloc'd on READ_OK;
 * *len is what was read (on failure too: where it stopped).
 */
static enum read_result read_bounded(const struct bounded_read *r, size_t cap, char **out,
				     size_t *len)
{
	size_t have = 0;
	char *data = malloc(cap), *nd;
	ssize_t n;
	enum read_result rc = READ_OK;

	*out = NULL;
	*len = 0;
	if (!data)
		return READ_NOMEM;
	for (;;) {
		if (have == cap) {
			if (have > r->bound) {
				rc = READ_TOO_BIG;
				break;
			}
			cap = cap * 2 > r->bound + 1 ? r->bound + 1 : cap * 2;
			nd = realloc(data, cap);
			if (!nd) {
				rc = READ_NOMEM;
				break;
			}
			data = nd;
		}
		n = r->read(r->ctx, data + have, cap - have, have);
		if (n < 0) {
			rc = READ_FAILED;
			break;
		}
		if (n == 0)
			break;
		if (r->sniff && have == 0 && !input_looks_like_dump(data, (size_t)n)) {
			have = (size_t)n;
			break;
		}
		have += (size_t)n;
		if (have > r->bound) {
			rc = READ_TOO_BIG;
			break;
		}
	}
	*len = have;
	if (rc != READ_OK)
		free(data);
	else
		*out = data;
	return rc;
}

static ssize_t read_fd(void *ctx, void *buf, size_t n, size_t at)
{
	const struct input_file *f = ctx;
	ssize_t got;

	do
		got = pread(f->fd, buf, n, (off_t)at);
	while (got < 0 && (errno == EINTR || errno == EAGAIN));
	return got;
}

int input_read_all(struct input_file *f, void **buf, size_t *len, struct err *e)
{
	struct bounded_read r = { read_fd, f, INPUT_MAX_BYTES, 0 };
	size_t cap;
	char *data;

	if (check_size(f, e) < 0)
		return -1;
	cap = (size_t)f->st.st_size + 1;
	switch (read_bounded(&r, cap, &data, len)) {
	case READ_OK:
		*buf = data;
		return 0;
	case READ_TOO_BIG:
		err_at(e, f->path, -1, "file too large (grew past %zu bytes)", INPUT_MAX_BYTES);
		return -1;
	case READ_NOMEM:
		if (*len == 0)
			err_at(e, f->path, -1, "out of memory reading %zu bytes", cap);
		else
			err_at(e, f->path, -1, "out of memory");
		return -1;
	default:
		err_at(e, f->path, (long long)*len, "read error: %s", strerror(errno));
		return -1;
	}
}

/* Not a dump: its first bytes are enough for the reader's message, and a
 * disk image or a huge sparse file is refused at once. */
static int copy_head(const struct input_file *f, void **buf, size_t *len, struct err *e)
{
	*buf = malloc(f->nhead ? f->nhead : 1);
	if (!*buf) {
		err_at(e, f->path, -1, "out of memory");
		return -1;
	}
	memcpy(*buf, f->head, f->nhead);
	*len = f->nhead;
	return 0;
}

/* "ARCHIVE:MEMBER": the archive is the shortest prefix that is an existing
 * regular file, so that member paths may hold colons.  A spec that exists
 * as a file is a file. */
static int split_spec(const char *spec, char **path, const char **member, struct err *e)
{
	struct stat st;
	const char *c;

	*member = NULL;
	if (stat(spec, &st) != 0)
		for (c = strchr(spec, ':'); c; c = strchr(c + 1, ':')) {
			char *prefix = strndup(spec, (size_t)(c - spec));
			if (!prefix)
				break;
			if (stat(prefix, &st) == 0 && S_ISREG(st.st_mode)) {
				*path = prefix;
				*member = c + 1;
				return 0;
			}
			free(prefix);
		}
	*path = strdup(spec);
	if (!*path) {
		err_at(e, spec, -1, "out of memory");
		return -1;
	}
	return 0;
}

int input_kind(const char *spec, enum input_kind *kind, struct err *e)
{
	struct input_file s;
	const char *member;
	char *path;
	int rc;

	if (split_spec(spec, &path, &member, e) < 0)
		return -1;
	rc = input_open(&s, path, e);
	if (rc == 0) {
		*kind = s.kind;
		input_close(&s);
	}
	free(path);
	return rc;
}

/* ---- checking a compressed stream to its end ---- */

static const char *libarchive_msg(struct archive *a)
{
	const char *m = archive_error_string(a);
	return m ? m : "unknown error";
}

static int is_gzip(const struct input_file *s)
{
	return s->nhead >= 2 && s->head[0] == 0x1f && s->head[1] == 0x8b;
}

/* Refills z's input from the file at *off; 0 at the end of the file. */
static ssize_t gz_fill(struct input_file *s, z_stream *z, unsigned char *in, size_t size, off_t *off)
{
	ssize_t n;

	do
		n = pread(s->fd, in, size, *off);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		*off += n;
		z->next_in = in;
		z->avail_in = (uInt)n;
	}
	return n;
}

/*
 * libarchive's gzip reader never checks the CRC-32 and length that end each
 * gzip member (its source has it as a to-do): a flipped bit gives wrong
 * data, or a wrong member name, silently.  zlib checks them: the file is
 * inflated once more, to its end, within the same size limit.  Members
 * follow one another as gzip writes them; bytes after the last that do
 * not start another are ignored, as gzip and libarchive ignore them.
 */
static int gzip_verify(struct input_file *s, size_t limit, struct err *e)
{
	enum { CHUNK = 64 * 1024 };
	unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
	size_t total = 0;
	off_t off = 0;
	z_stream z;
	int rc = -1, zr;
	ssize_t n;

	memset(&z, 0, sizeof z);
	if (!in || !out || inflateInit2(&z, 15 + 16) != Z_OK) {
		free(in);
		free(out);
		err_at(e, s->path, -1, "out of memory");
		return -1;
	}
	for (;;) {
		if (z.avail_in == 0 && (n = gz_fill(s, &z, in, CHUNK, &off)) <= 0) {
			if (n < 0)
				err_at(e, s->path, (long long)off, "read error: %s", strerror(errno));
			else
				err_at(e, s->path, (long long)off, "truncated gzip data (gzip -t fails too)");
			break;
		}
		z.next_out = out;
		z.avail_out = CHUNK;
		zr = inflate(&z, Z_NO_FLUSH);
		total += CHUNK - z.avail_out;
		if (total > limit) {
			err_at(e, s->path, (long long)limit, "decompresses to more than %zu bytes; "
			       "stopped reading (a decompression bomb?)", limit);
			break;
		}
		if (zr == Z_STREAM_END) {
			if (z.avail_in == 0 && gz_fill(s, &z, in, CHUNK, &off) <= 0) {
				rc = 0;
				break;
			}
			if (z.avail_in < 2 || z.next_in[0] != 0x1f || z.next_in[1] != 0x8b) {
				rc = 0;
				break;
			}
			inflateReset(&z);
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			err_at(e, s->path, (long long)(off - (off_t)z.avail_in),
			       "corrupt gzip data: %s (gzip -t fails too)", z.msg ? z.msg : "error");
			break;
		}
	}
	inflateEnd(&z);
	free(in);
	free(out);
	return rc;
}

/* Other compressions check their data as they decode it, but only up to
 * where the archive's format stopped asking: read the stream to its end. */
static int stream_verify(struct input_file *s, size_t limit, struct err *e)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	char *sink = malloc(64 * 1024);
	size_t total = 0;
	la_ssize_t n;
	int rc = -1;

	if (!a || !sink) {
		if (a)
			archive_read_free(a);
		free(sink);
		err_at(e, s->path, -1, "out of memory");
		return -1;
	}
	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_filename(a, s->path, 64 * 1024) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ent) != ARCHIVE_OK) {
		err_at(e, s->path, -1, "%s", libarchive_msg(a));
		goto out;
	}
	while ((n = archive_read_data(a, sink, 64 * 1024)) > 0)
		if ((total += (size_t)n) > limit) {
			err_at(e, s->path, (long long)limit, "decompresses to more than %zu bytes; "
			       "stopped reading (a decompression bomb?)", limit);
			goto out;
		}
	if (n < 0)
		err_at(e, s->path, (long long)archive_filter_bytes(a, -1), "corrupt compressed data: %s",
		       libarchive_msg(a));
	else
		rc = 0;
out:
	archive_read_free(a);
	free(sink);
	return rc;
}

/*
 * A compressed input is checked to its end before what was read from it
 * counts: a checksum that does not match is an error naming the file.  A
 * single stream other than gzip was already read to its end.
 */
static int verify_compressed(struct input_file *s, int raw, struct err *e)
{
	size_t limit = input_limit((long long)s->st.st_size);

	if (s->kind != INPUT_COMPRESSED)
		return 0;
	if (is_gzip(s))
		return gzip_verify(s, limit, e);
	return raw ? 0 : stream_verify(s, limit, e);
}

/* ---- walking an archive ---- */

struct walker {
	struct input_file *src;
	struct archive *a;
	struct archive_entry *ent;
	size_t limit;
	char *name;          /* "ARCHIVE:MEMBER", or the path for a single stream */
	const char *member;  /* the member part of name */
	int raw;             /* a compressed single file, not an archive */
	size_t nmembers;
	long long declared;  /* the member's size from its header, -1 if none */
	size_t total;        /* bytes of the members so far, declared or read:
			      * skipping compressed data costs its
			      * decompression too, so all of it counts */
};

static int walker_open(struct walker *w, struct input_file *s, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->src = s;
	w->limit = input_limit((long long)s->st.st_size);
	w->a = archive_read_new();
	if (!w->a) {
		err_at(e, s->path, -1, "out of memory");
		return -1;
	}
	/* Every compression libarchive reads in-process, and the archive
	 * formats dumps get packed in; raw last: a single compressed stream. */
	archive_read_support_filter_gzip(w->a);
	archive_read_support_filter_bzip2(w->a);
	archive_read_support_filter_xz(w->a);
	archive_read_support_filter_lzma(w->a);
	archive_read_support_filter_zstd(w->a);
	archive_read_support_filter_lz4(w->a);
	archive_read_support_filter_compress(w->a);
	archive_read_support_format_tar(w->a);
	archive_read_support_format_zip(w->a);
	archive_read_support_format_cpio(w->a);
	archive_read_support_format_7zip(w->a);
	archive_read_support_format_raw(w->a);
	if (archive_read_open_filename(w->a, s->path, 64 * 1024) != ARCHIVE_OK) {
		/* Bidding reads ahead: a truncated or corrupt stream often fails
		 * here; the offset is how far into the file it got. */
		long long at = (long long)archive_filter_bytes(w->a, -1);
		err_at(e, s->path, at > 0 ? at : -1, "%s", libarchive_msg(w->a));
		archive_read_free(w->a);
		w->a = NULL;
		return -1;
	}
	return 0;
}

static void walker_close(struct walker *w)
{
	if (w->a)
		archive_read_free(w->a);
	free(w->name);
	w->a = NULL;
	w->name = NULL;
}

static int too_big(struct walker *w, struct err *e)
{
	if (w->total)
		err_at(e, w->name, (long long)(w->limit - w->total),
		       "with the members before it, the archive decompresses to more than %zu "
		       "bytes (limit: %d times the %lld-byte input, at least %zu MiB); stopped "
		       "reading (a decompression bomb?)",
		       w->limit, INPUT_MAX_RATIO, (long long)w->src->st.st_size, INPUT_MIN_LIMIT >> 20);
	else
		err_at(e, w->name, (long long)w->limit,
		       "decompresses to more than %zu bytes (limit: %d times the %lld-byte input, "
		       "at least %zu MiB); stopped reading (a decompression bomb?)",
		       w->limit, INPUT_MAX_RATIO, (long long)w->src->st.st_size, INPUT_MIN_LIMIT >> 20);
	return -1;
}

/* Next member: 1, or 0 at the end, or -1 (a damaged archive). */
static int walker_next(struct walker *w, struct err *e)
{
	const char *p;
	size_t len;
	int r;

	r = archive_read_next_header(w->a, &w->ent);
	if (r == ARCHIVE_EOF)
		return 0;
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
		if (w->member)
			err_at(e, w->src->path, (long long)archive_filter_bytes(w->a, 0),
			       "damaged archive after member '%s': %s", w->member, libarchive_msg(w->a));
		else
			err_at(e, w->src->path, (long long)archive_filter_bytes(w->a, 0),
			       "damaged or unreadable archive: %s", libarchive_msg(w->a));
		return -1;
	}
	w->raw = archive_format(w->a) == ARCHIVE_FORMAT_RAW;
	free(w->name);
	w->name = NULL;
	if (w->raw) {
		w->name = strdup(w->src->path);
		w->member = w->name ? w->name + strlen(w->name) : NULL;
	} else {
		p = archive_entry_pathname(w->ent);
		if (!p)
			p = archive_entry_pathname_utf8(w->ent);
		if (!p)
			p = "?";
		len = strlen(w->src->path) + 1 + strlen(p) + 1;
		w->name = malloc(len);
		if (w->name) {
			snprintf(w->name, len, "%s:%s", w->src->path, p);
			w->member = w->name + strlen(w->src->path) + 1;
		}
	}
	if (!w->name) {
		err_at(e, w->src->path, -1, "out of memory");
		return -1;
	}
	w->nmembers++;
	w->declared = -1;
	if (!w->raw && archive_entry_size_is_set(w->ent) && archive_entry_size(w->ent) >= 0) {
		w->declared = (long long)archive_entry_size(w->ent);
		if ((unsigned long long)w->declared > w->limit - w->total)
			return too_big(w, e);
		w->total += (size_t)w->declared;
	}
	return 1;
}

static int walker_is_file(const struct walker *w)
{
	return w->raw || archive_entry_filetype(w->ent) == AE_IFREG;
}

static long long walker_mtime(const struct walker *w)
{
	if (w->raw || !archive_entry_mtime_is_set(w->ent))
		return (long long)w->src->st.st_mtime;
	return (long long)archive_entry_mtime(w->ent);
}

static ssize_t read_member(void *ctx, void *buf, size_t n, size_t at)
{
	struct walker *w = ctx;

	(void)at;
	return (ssize_t)archive_read_data(w->a, buf, n);
}

/*
 * Reads the current member within the limit (of the archive as a whole,
 * see walker.total).  With `sniff`, a member whose first block does not
 * start like a dump is not read further and *buf is NULL.  A read error names the member and the offset in it.
 */
static int walker_read(struct walker *w, int sniff, void **buf, size_t *len, struct err *e)
{
	struct bounded_read r = { read_member, w, 0, sniff };
	size_t cap = READ_CHUNK;
	char *data;

	*buf = NULL;
	/* A declared size is already counted in total (and no format hands
	 * out more than it declares); an unknown size gets what is left. */
	r.bound = w->declared >= 0 ? w->limit : w->limit - w->total;
	if (w->declared >= 0) {
		if ((size_t)w->declared < cap)
			cap = (size_t)w->declared + 1;
	} else if (!sniff) {
		/* Size unknown: dumps compress about 3 times; guess 4 times
		 * the input so that one buffer usually does. */
		size_t guess = (size_t)w->src->st.st_size * 4 + 1;
		if (guess > cap)
			cap = guess < r.bound + 1 ? guess : r.bound + 1;
	}
	switch (read_bounded(&r, cap, &data, len)) {
	case READ_OK:
		break;
	case READ_TOO_BIG:
		return too_big(w, e);
	case READ_NOMEM:
		err_at(e, w->name, *len ? (long long)*len : -1, "out of memory");
		return -1;
	default:
		err_at(e, w->name, (long long)*len, "%s (compressed input offset %lld)",
		       libarchive_msg(w->a), (long long)archive_filter_bytes(w->a, -1));
		return -1;
	}
	if (w->declared < 0)
		w->total += *len;
	if (sniff && !input_looks_like_dump(data, *len)) {
		free(data);      /* not a dump, or empty (a hard link too) */
		*len = 0;
		return 0;
	}
	*buf = data;
	return 0;
}

/* Member names compare without a leading "./" (tar -C dir . writes one). */
static int same_member(const char *a, const char *b)
{
	while (a[0] == '.' && a[1] == '/')
		a += 2;
	while (b[0] == '.' && b[1] == '/')
		b += 2;
	return strcmp(a, b) == 0;
}

/* Hands one dump or member to fn; the bytes are freed after unless fn kept
 * them. */
static int call_fn(input_dump_fn fn, void *ctx, struct input_dump *d, struct err *e)
{
	int rc = fn(ctx, d, e);

	free(d->data);
	d->data = NULL;
	return rc ? -1 : 0;
}

static void member_of(const struct walker *w, struct input_dump *d, void *buf, size_t len)
{
	memset(d, 0, sizeof *d);
	d->name = w->name;
	d->member = w->member;
	d->data = buf;
	d->len = len;
	d->fd = -1;
	d->size = buf ? (long long)len : w->declared;
	d->mtime = walker_mtime(w);
	d->is_dump = buf != NULL;
}

static int each_in_archive(struct input_file *s, const char *member, input_dump_fn fn,
			   void *ctx, struct err *e)
{
	struct input_dump d;
	struct walker w;
	size_t dumps = 0;
	void *buf;
	size_t len;
	int r, rc = -1;

	if (walker_open(&w, s, e) < 0)
		return -1;
	while ((r = walker_next(&w, e)) > 0) {
		if (w.raw && member) {
			err_at(e, s->path, -1, "a compressed file, not an archive: it has no member '%s'",
			       member);
			goto out;
		}
		if (!walker_is_file(&w))
			continue;
		if (member && !same_member(member, w.member)) {
			archive_read_data_skip(w.a);
			continue;
		}
		/* Named members and single streams are decoded whatever they
		 * hold, so that a wrong file gets the reader's message. */
		if (walker_read(&w, !member && !w.raw, &buf, &len, e) < 0)
			goto out;
		if (!buf)
			continue;
		dumps++;
		member_of(&w, &d, buf, len);
		if (call_fn(fn, ctx, &d, e) < 0)
			goto out;
		if (member || w.raw)
			break;
	}
	if (r < 0)
		goto out;
	if (dumps == 0) {
		if (member)
			err_at(e, s->path, -1, "no member '%s' in this archive", member);
		else
			err_at(e, s->path, -1, "no pstats dump among the %zu members of this archive",
			       w.nmembers);
		goto out;
	}
	rc = verify_compressed(s, w.raw, e);
out:
	walker_close(&w);
	return rc;
}

/* A plain file: a dump comes as its descriptor, to be streamed; anything
 * else as its first bytes, for the reader's message. */
static int plain_file(struct input_file *s, const char *name, input_dump_fn fn, void *ctx,
		      long long mtime, struct err *e)
{
	struct input_dump d = { name, "", NULL, 0, -1, (long long)s->st.st_size, mtime, 0 };

	if (check_size(s, e) < 0)
		return -1;
	if (s->nhead && !input_looks_like_dump(s->head, s->nhead)) {
		if (copy_head(s, &d.data, &d.len, e) < 0)
			return -1;
		d.size = (long long)d.len;
	} else {
		d.fd = s->fd;
		d.is_dump = s->nhead > 0;
	}
	return call_fn(fn, ctx, &d, e);
}

int input_each_dump(const char *spec, input_dump_fn fn, void *ctx, struct err *e)
{
	struct input_file s;
	const char *member;
	char *path;
	int rc = -1;

	if (split_spec(spec, &path, &member, e) < 0)
		return -1;
	if (input_open(&s, path, e) < 0)
		goto out;
	if (s.kind != INPUT_PLAIN)
		rc = each_in_archive(&s, member, fn, ctx, e);
	else if (member)
		err_at(e, path, -1, "not an archive: it has no member '%s'", member);
	else
		rc = plain_file(&s, spec, fn, ctx, input_mtime(&s.st), e);
	input_close(&s);
out:
	free(path);
	return rc;
}

static int list_archive(struct input_file *s, input_dump_fn fn, void *ctx, struct err *e)
{
	struct input_dump d;
	struct walker w;
	void *buf;
	size_t len;
	int r;

	if (walker_open(&w, s, e) < 0)
		return -1;
	while ((r = walker_next(&w, e)) > 0) {
		if (!walker_is_file(&w))
			continue;
		if (walker_read(&w, 1, &buf, &len, e) < 0) {
			r = -1;
			break;
		}
		member_of(&w, &d, buf, len);
		if (call_fn(fn, ctx, &d, e) < 0) {
			r = -1;
			break;
		}
	}
	if (r == 0 && verify_compressed(s, w.raw, e) < 0)
		r = -1;
	walker_close(&w);
	return r < 0 ? -1 : 0;
}

int input_each_member(const char *path, input_dump_fn fn, void *ctx, struct err *e)
{
	struct input_file s;
	int rc;

	if (input_open(&s, path, e) < 0)
		return -1;
	if (s.kind == INPUT_PLAIN)
		rc = plain_file(&s, path, fn, ctx, (long long)s.st.st_mtime, e);
	else
		rc = list_archive(&s, fn, ctx, e);
	input_close(&s);
	return rc;
}
