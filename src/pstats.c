/* pstats dumps: a dict {(file, line, name): (cc, nc, tt, ct, callers)}. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proftop/archive.h"
#include "proftop/marshal.h"
#include "proftop/pstats.h"

struct decoder {
	struct mreader r;
	struct profile *p;
	/* The id of the profile module's top-level marker once its key has
	 * been read in this dump, else NO_ID: a reference can only name an
	 * object read before it, so until then no caller is the marker. */
	uint32_t marker;
};

static int is_top_marker(const struct names *n, uint32_t caller);

static size_t pos(const struct decoder *d)
{
	return mreader_pos(&d->r);
}

static int expect_kind(struct decoder *d, const struct mval *v, uint8_t kind, const char *what)
{
	if (v->kind == kind)
		return 0;
	return mreader_fail(&d->r, v->offset, "expected %s, found %s (type code '%c')",
			    what, mkind_name(v->kind),
			    v->type >= 0x20 && v->type < 0x7f ? v->type : '?');
}

/* The general paths of read_int and read_number: any encoding, and the
 * errors.  Kept out of line so that the fast paths inline small. */
static int is_bool(const struct mval *v)
{
	return v->type == 'T' || v->type == 'F';
}

/* *was_bool (when not NULL) says whether the int was True or False. */
static __attribute__((noinline)) int read_int_slow(struct decoder *d, int64_t *out,
						   const char *what, int fast, int *was_bool)
{
	struct mval v;

	if (fast < 0)
		return mreader_fail(&d->r, pos(d), "out of memory");
	if (mreader_next(&d->r, &v) < 0 || expect_kind(d, &v, MV_INT, what) < 0)
		return -1;
	*out = v.u.i;
	if (was_bool)
		*was_bool = is_bool(&v);
	return 0;
}

static __attribute__((noinline)) int read_number_slow(struct decoder *d, double *out,
						      const char *what, int fast)
{
	struct mval v;

	if (fast < 0)
		return mreader_fail(&d->r, pos(d), "out of memory");
	if (mreader_next(&d->r, &v) < 0)
		return -1;
	if (v.kind == MV_INT) {
		*out = (double)v.u.i;
		return 0;
	}
	if (expect_kind(d, &v, MV_FLOAT, what) < 0)
		return -1;
	*out = v.u.f;
	return 0;
}

static inline int read_int(struct decoder *d, int64_t *out, const char *what)
{
	int fast = mreader_fast_int(&d->r, out);

	return fast > 0 ? 0 : read_int_slow(d, out, what, fast, NULL);
}

/* A call count: pstats prints a bool one as True or False. */
static inline int read_count(struct decoder *d, int64_t *out, const char *what, int *was_bool)
{
	int fast = mreader_fast_int(&d->r, out);

	*was_bool = 0;
	return fast > 0 ? 0 : read_int_slow(d, out, what, fast, was_bool);
}

static inline int read_number(struct decoder *d, double *out, const char *what)
{
	int fast = mreader_fast_number(&d->r, out);

	return fast > 0 ? 0 : read_number_slow(d, out, what, fast);
}

static int read_str(struct decoder *d, uint32_t *out, const char *what)
{
	struct mval v;

	if (mreader_fast_ref(&d->r, MV_STR, out))
		return 0;
	if (mreader_next(&d->r, &v) < 0 || expect_kind(d, &v, MV_STR, what) < 0)
		return -1;
	*out = v.u.id;
	return 0;
}

/*
 * The profile module names a run of a script by its code object
 * (`python -m profile`): pstats shows its repr, whose address changes with
 * every run; here it reads "<code object NAME, file "FILE", line N>".
 */
static int read_code_name(struct decoder *d, const struct mval *v, uint32_t *out)
{
	struct strtab *strs = &d->p->names->strs;
	struct mcode code;
	char *buf;
	size_t size;
	int n;

	if (mreader_code(&d->r, v, &code, 0) < 0)
		return -1;
	size = (size_t)strtab_len(strs, code.name) + strtab_len(strs, code.file) + 64;
	buf = malloc(size);
	if (!buf)
		return mreader_fail(&d->r, v->offset, "out of memory");
	n = snprintf(buf, size, "<code object %s, file \"%s\", line %ld>", strtab_get(strs, code.name),
		     strtab_get(strs, code.file), (long)code.line);
	*out = n > 0 ? strtab_intern(strs, buf, (size_t)n) : NO_ID;
	free(buf);
	if (*out == NO_ID)
		return mreader_fail(&d->r, v->offset, "out of memory");
	mreader_fill_ref(&d->r, v->ref, MV_STR, *out);
	return 0;
}

static int read_name(struct decoder *d, uint32_t *out)
{
	struct mval v;

	if (mreader_fast_ref(&d->r, MV_STR, out))
		return 0;
	if (mreader_next(&d->r, &v) < 0)
		return -1;
	if (v.kind == MV_OTHER && v.type == 'c')
		return read_code_name(d, &v, out);
	if (expect_kind(d, &v, MV_STR, "a function name") < 0)
		return -1;
	*out = v.u.id;
	return 0;
}

/* A key: (file, line, name), or a reference to one read before. */
static int read_func_key(struct decoder *d, const struct mval *v, uint32_t *func)
{
	uint32_t file, name;
	int64_t line;

	if (v->kind == MV_FUNC) {
		*func = v->u.id;
		return 0;
	}
	if (expect_kind(d, v, MV_TUPLE, "a (file, line, function) tuple") < 0)
		return -1;
	if (v->u.n != 3)
		return mreader_fail(&d->r, v->offset,
				    "function key has %lu items, expected 3 (file, line, function)",
				    (unsigned long)v->u.n);
	if (read_str(d, &file, "a file name") < 0 || read_int(d, &line, "a line number") < 0 ||
	    read_name(d, &name) < 0)
		return -1;
	*func = names_func(d->p->names, file, line, name);
	if (*func == NO_ID)
		return mreader_fail(&d->r, v->offset, "out of memory");
	if (line == 0 && d->marker == NO_ID && is_top_marker(d->p->names, *func))
		d->marker = *func;
	mreader_fill_ref(&d->r, v->ref, MV_FUNC, *func);
	return 0;
}

/* A caller's value: cProfile's (nc, cc, tt, ct) or the profile module's count. */
static int read_callstat(struct decoder *d, struct callstat *st, uint32_t *flags)
{
	struct mval v;
	uint32_t idx;
	int fast = mreader_fast_tuple(&d->r, 4, &v.ref);

	*flags = 0;
	if (fast < 0)
		return mreader_fail(&d->r, pos(d), "out of memory");
	if (fast) {
		v.offset = pos(d) - 2;
		goto items;
	}
	if (mreader_next(&d->r, &v) < 0)
		return -1;
	switch (v.kind) {
	case MV_INT:
		st->nc = st->cc = v.u.i;
		st->tt = st->ct = 0;
		*flags = EDGE_COUNT_ONLY | (is_bool(&v) ? EDGE_BOOL : 0);
		return 0;
	case MV_STAT:
		*st = d->r.stats[v.u.id];
		return 0;
	case MV_TUPLE:
		break;
	default:
		return expect_kind(d, &v, MV_TUPLE, "caller stats (nc, cc, tt, ct) or a call count");
	}
	if (v.u.n != 4)
		return mreader_fail(&d->r, v.offset, "caller stats have %lu items, expected 4",
				    (unsigned long)v.u.n);
items:
	if (read_int(d, &st->nc, "a call count") < 0 || read_int(d, &st->cc, "a call count") < 0 ||
	    read_number(d, &st->tt, "a time") < 0 || read_number(d, &st->ct, "a time") < 0)
		return -1;
	if (v.ref != NO_ID) {
		idx = mreader_add_stat(&d->r, st);
		if (idx == NO_ID)
			return mreader_fail(&d->r, v.offset, "out of memory");
		mreader_fill_ref(&d->r, v.ref, MV_STAT, idx);
	}
	return 0;
}

/* ("jprofile", 0, "profiler"): the profile module's caller of the top
 * level, which pstats' header lists (a line-0 key is rarely anything but
 * a built-in). */
static int is_top_marker(const struct names *n, uint32_t caller)
{
	const struct fkey *k = &n->keys[caller];

	return k->line == 0 && strtab_len(&n->strs, k->file) == 8 &&
	       strtab_len(&n->strs, k->name) == 8 &&
	       memcmp(strtab_get(&n->strs, k->file), "jprofile", 8) == 0 &&
	       memcmp(strtab_get(&n->strs, k->name), "profiler", 8) == 0;
}

static int read_callers(struct decoder *d)
{
	struct mval v;
	uint32_t caller, flags;
	struct callstat st;

	if (mreader_next(&d->r, &v) < 0 || expect_kind(d, &v, MV_DICT, "a dict of callers") < 0)
		return -1;
	for (;;) {
		size_t at = pos(d);
		/* Fast path: the end, or a caller key already seen ('r'); for
		 * the table alone, a key that cannot be the marker is not
		 * looked up (a random access per edge). */
		if (d->r.p < d->r.end && *d->r.p == '0') {
			d->r.p++;
			return 0;
		}
		if (d->p->stats_only && d->marker == NO_ID && mreader_fast_skip_ref(&d->r, MV_FUNC)) {
			caller = NO_ID;
		} else if (!mreader_fast_ref(&d->r, MV_FUNC, &caller)) {
			if (mreader_next(&d->r, &v) < 0)
				return -1;
			if (v.kind == MV_END)
				return 0;
			if (read_func_key(d, &v, &caller) < 0)
				return -1;
		}
		if (read_callstat(d, &st, &flags) < 0)
			return -1;
		if (d->p->stats_only && (caller == NO_ID || caller != d->marker))
			continue;
		if (profile_edge(d->p, caller, &st, flags) < 0)
			return mreader_fail(&d->r, at, "out of memory");
	}
}

static int read_entry(struct decoder *d, const struct mval *key)
{
	struct mval v;
	uint32_t func;
	int64_t cc, nc;
	double tt, ct;
	int cc_bool, nc_bool;

	if (read_func_key(d, key, &func) < 0)
		return -1;
	/* Its stats, written once its callers are read: ids come in the order
	 * functions are first met, so this is a cache miss that the reading of
	 * the callers can hide. */
	if (func < d->p->cap_stats)
		__builtin_prefetch(&d->p->stats[func], 1);
	if (mreader_next(&d->r, &v) < 0 ||
	    expect_kind(d, &v, MV_TUPLE, "a (cc, nc, tt, ct, callers) tuple") < 0)
		return -1;
	if (v.u.n != 5)
		return mreader_fail(&d->r, v.offset, "function stats have %lu items, expected 5",
				    (unsigned long)v.u.n);
	if (read_count(d, &cc, "a primitive call count", &cc_bool) < 0 ||
	    read_count(d, &nc, "a call count", &nc_bool) < 0 ||
	    read_number(d, &tt, "a time") < 0 || read_number(d, &ct, "a time") < 0)
		return -1;
	if (profile_begin(d->p, func, cc, nc, tt, ct) < 0)
		return mreader_fail(&d->r, v.offset, "out of memory");
	if (read_callers(d) < 0 || profile_end(d->p, 0) < 0)
		return -1;
	d->p->stats[func].bools = (uint8_t)((cc_bool ? FSTAT_CC_BOOL : 0) |
					    (nc_bool ? FSTAT_NC_BOOL : 0));
	return 0;
}

/* Every pstats dump is one marshal dict: '{', with FLAG_REF from marshal
 * version 3.  Checked on the first byte before a file is read whole, so a
 * disk image or a 1 GB sparse file is refused at once. */
static int check_first_byte(unsigned char b, const char *file, struct err *e)
{
	if ((b & 0x7f) == '{')
		return 0;
	if (b > 0x20 && b < 0x7f)
		err_at(e, file, 0, "not a pstats dump (starts with '%c', expected a marshal dict)", b);
	else
		err_at(e, file, 0, "not a pstats dump (starts with byte 0x%02x, expected a marshal dict)", b);
	return -1;
}

/*
 * The tables sized once from the dump's size, by what big dumps hold per
 * byte (about 400 bytes per function, 300 per distinct string, a tenth of
 * the file in string bytes, a reference per 150): they then neither copy
 * nor rehash while it is read.  Room not used is never touched, so costs
 * no memory; only the hash tables are sized for no more than expected.
 */
#define PRESIZE_MIN_BYTES ((size_t)1 << 20)

static int presize(struct decoder *d)
{
	size_t size = d->r.file_size;

	if (size < PRESIZE_MIN_BYTES)
		return 0;
	if (names_reserve(d->p->names, size / 400, size / 300, size / 8) < 0 ||
	    profile_reserve(d->p, (size_t)d->p->names->nfuncs + size / 400) < 0 ||
	    mreader_reserve_refs(&d->r, size / 100) < 0)
		return mreader_fail(&d->r, 0, "out of memory");
	return 0;
}

/* The dict, from a reader positioned at its start; then the totals. */
static int decode(struct decoder *d)
{
	struct mval v;

	if (d->r.p == d->r.end)
		return mreader_fail(&d->r, 0, "empty file, not a pstats dump");
	if (check_first_byte(*d->r.p, d->r.file, d->r.e) < 0 || presize(d) < 0)
		return -1;
	if (mreader_next(&d->r, &v) < 0)
		return -1;
	if (v.kind != MV_DICT)
		return mreader_fail(&d->r, 0, "not a pstats dump (starts with %s, expected a marshal dict)",
				    mkind_name(v.kind));
	for (;;) {
		if (mreader_next(&d->r, &v) < 0)
			return -1;
		if (v.kind == MV_END)
			break;
		if (read_entry(d, &v) < 0)
			return -1;
	}
	profile_compute_totals(d->p);
	return 0;
}

int pstats_decode(struct profile *p, const void *buf, size_t len,
		  const char *file, struct err *e)
{
	struct decoder d;
	int rc;

	d.p = p;
	d.marker = NO_ID;
	mreader_init(&d.r, buf, len, file, &p->names->strs, e);
	rc = decode(&d);
	mreader_free(&d.r);
	return rc;
}

/*
 * A plain file decoded as it is read, a window at a time, instead of read
 * whole first: for an 85 MB dump, the fresh 85 MB buffer's page faults and
 * unmapping cost more than the decoding, and doubled the peak RSS.
 */
static int decode_fd(struct profile *p, int fd, size_t size, const char *file, struct err *e)
{
	struct decoder d;
	int rc = -1;

	d.p = p;
	d.marker = NO_ID;
	if (mreader_init_fd(&d.r, fd, size, PSTATS_MAX_BYTES, file, &p->names->strs, e) == 0)
		rc = decode(&d);
	mreader_free(&d.r);
	return rc;
}

int pstats_read_file(const char *path, void **buf, size_t *len, struct err *e)
{
	*buf = NULL;
	*len = 0;
	/* A plain file, a compressed one or an archive member: the archive
	 * layer tells them apart by content. */
	return input_read_one(path, buf, len, NULL, e);
}

/* time.ctime(mtime) + "    " + name, as pstats' load_stats builds it: any
 * date localtime gives, before 1970 too (only when it fails does pstats
 * catch the error and show the name alone). */
static char *file_line(const char *name, long long mtime)
{
	static const char wday[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)mtime;
	struct tm tm;
	size_t size;
	char *line;

	size = strlen(name) + 64;
	line = malloc(size);
	if (!line)
		return NULL;
	if (localtime_r(&t, &tm))
		snprintf(line, size, "%s %s%3d %.2d:%.2d:%.2d %d    %s",
			 wday[tm.tm_wday % 7], mon[tm.tm_mon % 12], tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900, name);
	else
		snprintf(line, size, "%s", name);
	return line;
}

static int add_header_line(struct profile *p, const char *name, long long mtime, struct err *e)
{
	char *line = file_line(name, mtime);

	if (!line || profile_add_file_line(p, line) < 0) {
		free(line);
		err_at(e, name, -1, "out of memory");
		return -1;
	}
	return 0;
}

static int decode_dump(struct profile *p, const struct input_dump *d, struct err *e)
{
	if (pstats_decode(p, d->data, d->len, d->name, e) < 0)
		return -1;
	return add_header_line(p, d->name, d->mtime, e);
}

/*
 * SPEC opened when the input layer would read it as a plain file (it exists
 * as a regular file, and is neither compressed nor an archive), so that it
 * can be streamed; else -1, and the input layer takes it, errors included.
 */
static int open_plain(const char *spec, struct stat *st)
{
	enum input_kind kind;
	struct err ignored;
	int fd;

	if (stat(spec, st) != 0 || !S_ISREG(st->st_mode))
		return -1;
	if (input_kind(spec, &kind, &ignored) < 0 || kind != INPUT_PLAIN)
		return -1;
	fd = open(spec, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) ||
	    (unsigned long long)st->st_size > PSTATS_MAX_BYTES) {
		close(fd);
		return -1;
	}
	return fd;
}

static int decode_plain(struct profile *p, int fd, const struct stat *st, const char *name,
			struct err *e)
{
	if (decode_fd(p, fd, (size_t)st->st_size, name, e) < 0)
		return -1;
	return add_header_line(p, name, input_mtime(st), e);
}

int pstats_load(struct profile *p, const char *path, struct err *e)
{
	struct input_dump d = { path, NULL, 0, -1 };
	struct stat st;
	int fd = open_plain(path, &st), rc;

	if (fd >= 0) {
		rc = decode_plain(p, fd, &st, path, e);
		close(fd);
		return rc;
	}
	if (input_read_one(path, &d.data, &d.len, &d.mtime, e) < 0)
		return -1;
	rc = decode_dump(p, &d, e);
	free(d.data);
	return rc;
}

/* The dumps of one command-line argument, decoded: one for a file, each
 * dump of an archive in archive order.  The very first dump of all goes
 * into `first`, the profile the caller gave. */
struct dump_list {
	struct profile *first;   /* still empty; NULL once filled */
	struct names *names;
	struct profile *v;
	size_t n, cap;
	int stats_only;          /* as the caller's profile */
};

/* The profile the next dump goes into. */
static struct profile *next_profile(struct dump_list *l, const char *name, struct err *e)
{
	struct profile *p;

	if (l->first) {
		p = l->first;
		l->first = NULL;
		return p;
	}
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 4;
		struct profile *nv = realloc(l->v, ncap * sizeof *nv);
		if (!nv) {
			err_at(e, name, -1, "out of memory");
			return NULL;
		}
		l->v = nv;
		l->cap = ncap;
	}
	p = &l->v[l->n++];
	profile_init(p, l->names);
	p->stats_only = l->stats_only;
	return p;
}

static int check_not_empty(const struct profile *p, const char *name, struct err *e)
{
	if (p->norder != 0)
		return 0;
	err_at(e, name, -1, "no functions in this dump (empty stats dict)");
	return -1;
}

static int collect_dump(void *ctx, struct input_dump *d, struct err *e)
{
	struct profile *p = next_profile(ctx, d->name, e);

	if (!p || decode_dump(p, d, e) < 0)
		return -1;
	return check_not_empty(p, d->name, e);
}

/* input_each_dump(spec, collect_dump), with a plain file streamed. */
static int collect_spec(struct dump_list *l, const char *spec, struct err *e)
{
	struct stat st;
	struct profile *p;
	int fd = open_plain(spec, &st), rc = -1;

	if (fd < 0)
		return input_each_dump(spec, collect_dump, l, e);
	p = next_profile(l, spec, e);
	if (p && decode_plain(p, fd, &st, spec, e) == 0)
		rc = check_not_empty(p, spec, e);
	close(fd);
	return rc;
}

static void dump_list_free(struct dump_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		profile_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int add_reversed(struct profile *p, const struct dump_list *l, struct err *e)
{
	size_t i;

	for (i = l->n; i-- > 0;)
		if (profile_add(p, &l->v[i]) < 0) {
			err_at(e, "", -1, "out of memory");
			return -1;
		}
	return 0;
}

int pstats_load_files(struct profile *p, char *const *paths, size_t n, struct err *e)
{
	struct dump_list rest0 = { p, p->names, NULL, 0, 0, p->stats_only };
	struct dump_list l = { NULL, p->names, NULL, 0, 0, p->stats_only };
	size_t i;
	int rc = -1;

	if (n == 0)
		return 0;
	/* pstats.Stats(a, b, c) loads a, then adds c, then b; an archive
	 * stands for its dumps, in archive order, as if named one by one.
	 * Only one argument's dumps are held at a time (and the first's). */
	if (collect_spec(&rest0, paths[0], e) < 0)
		goto out;
	for (i = n - 1; i >= 1; i--) {
		rc = collect_spec(&l, paths[i], e);
		if (rc == 0)
			rc = add_reversed(p, &l, e);
		dump_list_free(&l);
		if (rc < 0)
			goto out;
	}
	rc = add_reversed(p, &rest0, e);
out:
	dump_list_free(&rest0);
	return rc;
}
