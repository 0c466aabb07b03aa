/* Live mode: watching a dump (or a directory of dumps), reloading it
 * without ever blocking, baselines and per-function rates. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proftop/live.h"
#include "proftop/status_line.h"
#include "proftop/pstats.h"
#include "proftop/pstats_load.h"

/* A burst of writes is loaded once it has been quiet this long... */
#define SETTLE_MS 30
/* ...or, for a file rewritten without pause, this long after it began. */
#define MAX_WAIT_MS 250
/* Between two attempts, and between two successful loads of a busy file. */
#define RETRY_MS 100
#define MIN_RELOAD_MS 200
/* A version that fails to parse and stays unchanged this long is bad, not
 * half-written. */
#define BAD_AFTER_MS 2000
/* Directory mode: loading new files stops for this tick after this long. */
#define DIR_BUDGET_MS 50

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | \
		    IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

enum load_result { LOAD_OK, LOAD_PARTIAL, LOAD_MISSING, LOAD_BAD, LOAD_NOMEM };

enum dirfile_state { DF_PENDING, DF_LOADED, DF_BAD, DF_GONE };

struct live_dirfile {
	char *name;
	struct live_stamp failed;   /* the version that failed, for retries */
	struct live_stamp loaded;   /* the version added */
	int64_t failed_ms;
	enum dirfile_state state;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void stamp_from_stat(struct live_stamp *s, const struct stat *st)
{
	s->exists = 1;
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	s->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

static void stamp_of(const char *path, struct live_stamp *s)
{
	struct stat st;

	memset(s, 0, sizeof *s);
	if (stat(path, &st) == 0)
		stamp_from_stat(s, &st);
}

static int stamp_same(const struct live_stamp *a, const struct live_stamp *b)
{
	if (a->exists != b->exists)
		return 0;
	return !a->exists || (a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
			      a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns);
}

/* pstats' header line for a loaded file: time.ctime(mtime) + "    " + path. */
static int add_file_line(struct profile *p, const char *path, time_t mtime)
{
	char when[64], *line;
	struct tm tm;
	size_t size = strlen(path) + sizeof when + 8;

	line = malloc(size);
	if (!line)
		return -1;
	if (localtime_r(&mtime, &tm) && strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(line, size, "%s    %s", when, path);
	else
		snprintf(line, size, "%s", path);
	if (profile_add_file_line(p, line) < 0) {
		free(line);
		return -1;
	}
	return 0;
}

/* Reads the whole file behind fd; the version read is `st` (fstat before),
 * and PARTIAL when it changed while we read. */
static enum load_result read_all(int fd, const char *path, const struct stat *st,
				 char **buf, size_t *len, struct err *e)
{
	size_t cap = (size_t)st->st_size + 1, have = 0;
	struct stat after;
	char *data = malloc(cap);

	if (!data)
		return LOAD_NOMEM;
	for (;;) {
		ssize_t n;
		if (have == cap) {
			char *nd = cap < PSTATS_MAX_BYTES ? realloc(data, cap * 2) : NULL;
			if (!nd) {
				free(data);
				err_at(e, path, -1, "grew past %zu bytes while read", cap);
				return LOAD_PARTIAL;
			}
			data = nd;
			cap *= 2;
		}
		n = read(fd, data + have, cap - have);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			err_at(e, path, (long long)have, "read error: %s", strerror(errno));
			free(data);
			return LOAD_BAD;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (fstat(fd, &after) < 0 || after.st_size != st->st_size ||
	    after.st_mtim.tv_sec != st->st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != st->st_mtim.tv_nsec || have != (size_t)st->st_size) {
		free(data);
		err_at(e, path, -1, "changed while being read");
		return LOAD_PARTIAL;
	}
	*buf = data;
	*len = have;
	return LOAD_OK;
}

/* Opens path for reading without ever blocking: the type is checked
 * before (a FIFO is never opened) and after (it may have been replaced). */
static enum load_result open_dump(const char *path, int *fd, struct stat *st, struct err *e)
{
	if (stat(path, st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			err_at(e, path, -1, "waiting for the file");
			return LOAD_MISSING;
		}
		err_at(e, path, -1, "cannot stat: %s", strerror(errno));
		return LOAD_BAD;
	}
	if (S_ISDIR(st->st_mode)) {
		err_at(e, path, -1, "is a directory, not a pstats dump");
		return LOAD_BAD;
	}
	if (!S_ISREG(st->st_mode)) {
		err_at(e, path, -1, "not a regular file");
		return LOAD_BAD;
	}
	if ((unsigned long long)st->st_size > PSTATS_MAX_BYTES) {
		err_at(e, path, -1, "file too large (%lld bytes, limit %zu)",
		       (long long)st->st_size, PSTATS_MAX_BYTES);
		return LOAD_BAD;
	}
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (*fd < 0) {
		int missing = errno == ENOENT;
		err_at(e, path, -1, missing ? "waiting for the file" : "cannot open: %s", strerror(errno));
		return missing ? LOAD_MISSING : LOAD_BAD;
	}
	/* cppcheck-suppress pointerLessThanZero ; false positive: fstat() returns an int */
	if (fstat(*fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(*fd);
		err_at(e, path, -1, "replaced while opened");
		return LOAD_PARTIAL;
	}
	return LOAD_OK;
}

/* FNV-1a, 64 bits: tells a rewrite with the same bytes from a change. */
static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

/* Loads one complete version of path into the empty profile out.  A dump
 * that does not parse may be one caught mid-write: PARTIAL. */
static enum load_result load_snapshot(const char *path, struct profile *out,
				      struct live_stamp *version, uint64_t *hash, struct err *e)
{
	enum load_result r;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd = -1;

	err_clear(e);
	memset(version, 0, sizeof *version);
	r = open_dump(path, &fd, &st, e);
	if (r != LOAD_OK)
		return r;
	stamp_from_stat(version, &st);
	r = read_all(fd, path, &st, &buf, &len, e);
	close(fd);
	if (r != LOAD_OK)
		return r;
	if (hash)
		*hash = fnv1a(buf, len);
	if (pstats_decode(out, buf, len, path, e) < 0)
		r = LOAD_PARTIAL;
	else if (add_file_line(out, path, st.st_mtim.tv_sec) < 0)
		r = LOAD_NOMEM;
	free(buf);
	return r;
}

/* ---- rates ---- */

static int sums_fill(struct live_sums *s, const struct profile *p, uint32_t nids, int64_t at)
{
	uint32_t i;

	if (nids > s->cap) {
		int64_t *nc = realloc(s->nc, (size_t)nids * sizeof *nc);
		double *tt, *ct;
		if (!nc)
			return -1;
		s->nc = nc;
		tt = realloc(s->tt, (size_t)nids * sizeof *tt);
		if (!tt)
			return -1;
		s->tt = tt;
		ct = realloc(s->ct, (size_t)nids * sizeof *ct);
		if (!ct)
			return -1;
		s->ct = ct;
		s->cap = nids;
	}
	s->n = nids;
	s->at_ms = at;
	memset(s->nc, 0, (size_t)nids * sizeof *s->nc);
	memset(s->tt, 0, (size_t)nids * sizeof *s->tt);
	memset(s->ct, 0, (size_t)nids * sizeof *s->ct);
	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i];
		s->nc[id] = p->stats[id].nc;
		s->tt[id] = p->stats[id].tt;
		s->ct[id] = p->stats[id].ct;
	}
	return 0;
}

static void sums_free(struct live_sums *s)
{
	free(s->nc);
	free(s->tt);
	free(s->ct);
	memset(s, 0, sizeof *s);
}

static int rates_reserve(struct live *l, uint32_t nids)
{
	if (nids > l->cap_history) {
		struct live_rate *r = realloc(l->rates, (size_t)nids * sizeof *r);
		float *h;
		if (!r)
			return -1;
		l->rates = r;
		h = realloc(l->history, (size_t)nids * LIVE_HISTORY * sizeof *h);
		if (!h)
			return -1;
		memset(h + (size_t)l->cap_history * LIVE_HISTORY, 0,
		       (size_t)(nids - l->cap_history) * LIVE_HISTORY * sizeof *h);
		l->history = h;
		l->cap_history = nids;
	}
	return 0;
}

/* The newest snapshot, whatever is shown. */
static struct profile *raw_of(struct live *l)
{
	return l->has_baseline ? &l->raw : &l->shown;
}

static void rates_restart(struct live *l)
{
	l->nsamples = 0;
	l->since_baseline = 0;
	l->nrates = 0;
	l->calls_s = 0;
	if (l->history)
		memset(l->history, 0, (size_t)l->cap_history * LIVE_HISTORY * sizeof *l->history);
}

/* Rates from the previous sample to the sums in l->cur, taken `at`; with
 * `slot` >= 0 the ring's slot gets calls/s. */
static void rates_compute(struct live *l, uint32_t nids, int64_t at, int slot)
{
	double dt;
	uint32_t id;

	l->span_ms = at - l->prev.at_ms;
	dt = (double)l->span_ms / 1000.0;
	if (dt <= 0)
		dt = 1e-3;
	for (id = 0; id < nids; id++) {
		struct live_rate *r = &l->rates[id];
		int64_t pnc = id < l->prev.n ? l->prev.nc[id] : 0;
		double ptt = id < l->prev.n ? l->prev.tt[id] : 0;
		double pct = id < l->prev.n ? l->prev.ct[id] : 0;
		r->dcalls = l->cur.nc[id] - pnc;
		r->dtt = l->cur.tt[id] - ptt;
		r->dct = l->cur.ct[id] - pct;
		r->calls_s = (double)r->dcalls / dt;
		r->tt_s = r->dtt / dt;
		r->ct_s = r->dct / dt;
		if (slot >= 0)
			l->history[(size_t)id * LIVE_HISTORY + (unsigned)slot] = (float)r->calls_s;
	}
	l->nrates = nids;
	l->calls_s = (double)(raw_of(l)->total_calls - l->sample_total) / dt;
}

/* Rates between the previous sample and this one; the ring gets calls/s.
 * A sample is the newest snapshot, timed when it was loaded; when none came
 * since the last sample, the file did not change (a zero) or it changed and
 * could not be read yet (no sample: a zero then twice the rate next would
 * be a lie). */
static int take_sample(struct live *l, int64_t now)
{
	uint32_t nids = l->names->nfuncs;
	struct live_sums tmp;
	int fresh = l->loads != l->sample_loads;
	int64_t at = fresh ? l->last_load_ms : now;

	if (!fresh && l->dirty)
		return 0;
	if (sums_fill(&l->cur, raw_of(l), nids, at) < 0 || rates_reserve(l, nids) < 0)
		return -1;
	l->last_sample_ms = now;
	l->sample_loads = l->loads;
	l->since_baseline = 0;
	if (l->nsamples++ > 0)
		rates_compute(l, nids, at, (int)((l->nsamples - 2) % LIVE_HISTORY));
	l->sample_total = raw_of(l)->total_calls;
	tmp = l->prev;
	l->prev = l->cur;
	l->cur = tmp;
	return 0;
}

/* In the first interval after `z`, each snapshot loaded gives the rates
 * since the baseline (the sample stays there), so the rate columns count
 * what the rows count. */
static int rates_to_newest(struct live *l)
{
	uint32_t nids = l->names->nfuncs;

	if (sums_fill(&l->cur, raw_of(l), nids, l->last_load_ms) < 0 || rates_reserve(l, nids) < 0)
		return -1;
	rates_compute(l, nids, l->last_load_ms, -1);
	l->shown_loads = l->loads;
	return 0;
}

const struct live_rate *live_rate_of(const struct live *l, uint32_t id)
{
	return id < l->nrates ? &l->rates[id] : NULL;
}

size_t live_history(const struct live *l, uint32_t id, double *out, size_t max)
{
	size_t have, n, i, first;

	if (id >= l->nrates || l->nsamples < 2)
		return 0;
	have = l->nsamples - 1 < LIVE_HISTORY ? l->nsamples - 1 : LIVE_HISTORY;
	n = have < max ? have : max;
	/* slot of the newest is (nsamples - 2) % LIVE_HISTORY */
	first = (l->nsamples - 2 + LIVE_HISTORY - (n - 1)) % LIVE_HISTORY;
	for (i = 0; i < n; i++)
		out[i] = l->history[(size_t)id * LIVE_HISTORY + (first + i) % LIVE_HISTORY];
	return n;
}

/* ---- snapshots, baseline ---- */

/* Rebuilds shown = raw - baseline. */
static int rebuild_delta(struct live *l)
{
	profile_free(&l->shown);
	if (profile_subtract(&l->shown, &l->raw, &l->baseline) < 0)
		return -1;
	return profile_finish(&l->shown);
}

/* Counts that went down: the profiler was cleared (or restarted). */
static int is_new_run(const struct profile *old, const struct profile *next)
{
	uint32_t i;

	if (next->total_calls < old->total_calls)
		return 1;
	for (i = 0; i < old->norder; i++) {
		uint32_t id = old->order[i];
		if (id >= next->cap_stats || !next->stats[id].in_stats ||
		    next->stats[id].nc < old->stats[id].nc)
			return 1;
	}
	return 0;
}

static void set_state(struct live *l, enum live_state s, int64_t now)
{
	if (l->state != s)
		l->state_since_ms = now;
	l->state = s;
}

/* Makes next (moved from) the newest snapshot. */
static int apply_snapshot(struct live *l, struct profile *next, int64_t now)
{
	struct profile *old = raw_of(l);

	l->total_delta = l->loads > 0 ? next->total_calls - old->total_calls : 0;
	l->total_calls = next->total_calls;
	if (l->loads > 0 && !l->is_dir && is_new_run(old, next)) {
		l->new_run_ms = now;
		rates_restart(l);
		/* A baseline from --since is not of this run either, but the user
		 * asked for it; one set with `z` no longer means anything. */
		if (l->has_baseline && l->baseline_ms) {
			l->has_baseline = 0;
			profile_free(&l->baseline);
			profile_free(&l->raw);
		}
	}
	l->loads++;
	if (l->has_baseline) {
		profile_move(&l->raw, next);
		if (rebuild_delta(l) < 0)
			return -1;
	} else {
		profile_move(&l->shown, next);
		if (profile_finish(&l->shown) < 0)
			return -1;
	}
	l->generation++;
	l->last_load_ms = now;
	return 0;
}

/* The rates start again at the baseline: until the next sample every rate
 * is 0 (nothing happened since), and the next sample's span starts at the
 * baseline's snapshot, so that +calls then counts what the rows count. */
static int rates_from_baseline(struct live *l, int64_t now)
{
	uint32_t nids = l->names->nfuncs;

	rates_restart(l);
	if (sums_fill(&l->prev, &l->raw, nids, l->last_load_ms) < 0 || rates_reserve(l, nids) < 0)
		return -1;
	memset(l->rates, 0, (size_t)nids * sizeof *l->rates);
	l->nrates = nids;
	l->nsamples = 1;
	l->span_ms = 0;
	l->sample_total = l->raw.total_calls;
	l->sample_loads = l->shown_loads = l->loads;
	l->last_sample_ms = now;
	l->since_baseline = 1;
	return 0;
}

int live_set_baseline(struct live *l, int64_t now, struct err *e)
{
	if (!l->has_baseline) {
		profile_move(&l->raw, &l->shown);
		l->has_baseline = 1;
	}
	profile_free(&l->baseline);
	l->baseline_ms = now ? now : 1;
	if (profile_copy(&l->baseline, &l->raw) < 0 || rebuild_delta(l) < 0 ||
	    rates_from_baseline(l, now) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	l->generation++;
	return 0;
}

int live_drop_baseline(struct live *l, struct err *e)
{
	if (!l->has_baseline)
		return 0;
	profile_move(&l->shown, &l->raw);
	profile_free(&l->baseline);
	l->has_baseline = 0;
	l->generation++;
	if (profile_finish(&l->shown) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	return 0;
}

void live_set_paused(struct live *l, int paused)
{
	l->paused = paused;
}

/* ---- file mode ---- */

/* Written so recently that a later write may keep the same mtime (its
 * clock ticks coarsely): look again at the next poll, as git does. */
static int is_racy(const struct live_stamp *v)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - v->mtime_ns < 100000000;
}

/* One attempt at loading the file.  -1 only when out of memory. */
static int try_file(struct live *l, int64_t now, struct err *e)
{
	struct profile next;
	struct live_stamp version;
	enum load_result r;
	uint64_t hash = 0;

	l->last_try_ms = now;
	profile_init(&next, l->names);
	r = load_snapshot(l->path, &next, &version, &hash, &l->err);
	if (r == LOAD_OK) {
		int rc = 0;
		l->dirty = 0;
		l->loaded = l->seen = version;
		memset(&l->failed, 0, sizeof l->failed);
		l->racy = is_racy(&version);
		set_state(l, LIVE_OK, now);
		if (!l->loads || hash != l->loaded_hash)
			rc = apply_snapshot(l, &next, now);
		l->loaded_hash = hash;
		profile_free(&next);
		if (rc < 0)
			err_at(e, l->path, -1, "out of memory");
		return rc;
	}
	profile_free(&next);
	if (r == LOAD_NOMEM) {
		err_at(e, l->path, -1, "out of memory");
		return -1;
	}
	l->failed_loads++;
	if (r == LOAD_MISSING) {
		l->dirty = 0;
		memset(&l->seen, 0, sizeof l->seen);
		set_state(l, LIVE_WAITING, now);
	} else if (r == LOAD_BAD) {
		l->dirty = 0;
		l->seen = version;
		set_state(l, LIVE_BAD, now);
	} else {
		/* Half-written: retried every tick while the file moves on
		 * (due() skips the version that failed); one that does not
		 * parse and stays put turns bad in live_poll. */
		l->dirty = 1;
		if (version.exists)
			l->seen = l->failed = version;
		set_state(l, LIVE_RETRYING, now);
	}
	return 0;
}

/* ---- directory mode ---- */

static int dirfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct live_dirfile *)a)->name, ((const struct live_dirfile *)b)->name);
}

/* Searches the first n files (sorted). */
static struct live_dirfile *find_dirfile(struct live *l, size_t n, const char *name)
{
	struct live_dirfile key = { .name = (char *)name };

	if (!n)
		return NULL;
	return bsearch(&key, l->files, n, sizeof *l->files, dirfile_cmp);
}

static void free_dirfiles(struct live *l)
{
	size_t i;

	for (i = 0; i < l->nfiles; i++)
		free(l->files[i].name);
	free(l->files);
	l->files = NULL;
	l->nfiles = l->cap_files = l->nloaded = l->nbad = 0;
}

/* Adds files matching the glob that are not known yet; keeps them sorted. */
static int scan_dir(struct live *l)
{
	DIR *d = opendir(l->dir);
	struct dirent *de;
	size_t known = l->nfiles;   /* sorted; new names are appended after */

	if (!d)
		return 0;   /* gone or unreadable: keep what we have */
	while ((de = readdir(d))) {
		if (fnmatch(l->glob, de->d_name, FNM_PERIOD) != 0 || find_dirfile(l, known, de->d_name))
			continue;
		if (l->nfiles == l->cap_files) {
			size_t ncap = l->cap_files ? l->cap_files * 2 : 64;
			struct live_dirfile *nf = realloc(l->files, ncap * sizeof *nf);
			if (!nf)
				goto nomem;
			l->files = nf;
			l->cap_files = ncap;
		}
		memset(&l->files[l->nfiles], 0, sizeof *l->files);
		l->files[l->nfiles].name = strdup(de->d_name);
		if (!l->files[l->nfiles].name)
			goto nomem;
		l->nfiles++;
	}
	closedir(d);
	if (l->nfiles > known)
		qsort(l->files, l->nfiles, sizeof *l->files, dirfile_cmp);
	return 0;
nomem:
	closedir(d);
	if (l->nfiles > known)
		qsort(l->files, l->nfiles, sizeof *l->files, dirfile_cmp);
	return -1;
}

/* Tries one pending file; adds it to the merged snapshot when complete. */
static int try_dirfile(struct live *l, struct live_dirfile *f, struct profile *merged,
		       int64_t now, int *added)
{
	char path[PATH_MAX];
	struct profile one;
	struct live_stamp version;
	enum load_result r;

	if (snprintf(path, sizeof path, "%s/%s", l->dir, f->name) >= (int)sizeof path) {
		f->state = DF_BAD;
		l->nbad++;
		return 0;
	}
	if (f->failed.exists) {
		stamp_of(path, &version);
		if (stamp_same(&version, &f->failed)) {
			if (now - f->failed_ms >= BAD_AFTER_MS) {
				f->state = DF_BAD;
				l->nbad++;
			}
			return 0;
		}
	}
	profile_init(&one, l->names);
	r = load_snapshot(path, &one, &version, NULL, &l->err);
	if (r == LOAD_OK) {
		int rc = profile_add(merged, &one);
		profile_free(&one);
		if (rc < 0)
			return -1;
		f->state = DF_LOADED;
		f->loaded = version;
		l->nloaded++;
		*added = 1;
		return 0;
	}
	profile_free(&one);
	if (r == LOAD_NOMEM)
		return -1;
	if (r == LOAD_MISSING) {
		f->state = DF_GONE;   /* vanished before it was read: nothing to add */
	} else if (r == LOAD_BAD) {
		f->state = DF_BAD;
		l->nbad++;
	} else if (!f->failed.exists || !stamp_same(&version, &f->failed)) {
		f->failed = version;
		f->failed_ms = now;
	}
	l->failed_loads++;
	return 0;
}

/* A dump already added was rewritten: an accumulating profiler per worker,
 * or a file name reused (Werkzeug's default name has a 1 s resolution). */
static int loaded_changed(struct live *l)
{
	char path[PATH_MAX];
	struct live_stamp s;
	size_t i;

	for (i = 0; i < l->nfiles; i++) {
		const struct live_dirfile *f = &l->files[i];
		if (f->state != DF_LOADED ||
		    snprintf(path, sizeof path, "%s/%s", l->dir, f->name) >= (int)sizeof path)
			continue;
		stamp_of(path, &s);
		if (s.exists && !stamp_same(&s, &f->loaded))
			return 1;
	}
	return 0;
}

/* Forgets every file and the merge, to redo it from the files as they are. */
static void clear_dir(struct live *l)
{
	free_dirfiles(l);
	profile_free(raw_of(l));
}

/* Scans, then adds every new complete file (within a time budget unless
 * `all`).  -1 when out of memory. */
static int poll_dir(struct live *l, int64_t now, int all, struct err *e)
{
	struct profile *merged = raw_of(l);
	int added = 0, pending = 0;
	int64_t start = now_ms();
	size_t i;

	l->last_try_ms = now;
	/* A rewritten dump replaces its old part: the merge is redone, at most
	 * once per interval (a vanished one keeps its part until then). */
	if (!all && l->nloaded && now - l->last_rebuild_ms >= l->interval_ms && loaded_changed(l)) {
		l->last_rebuild_ms = now;
		clear_dir(l);
		all = added = 1;
	}
	if (scan_dir(l) < 0)
		goto nomem;
	for (i = 0; i < l->nfiles; i++) {
		struct live_dirfile *f = &l->files[i];
		if (f->state != DF_PENDING)
			continue;
		if (!all && now_ms() - start > DIR_BUDGET_MS) {
			pending = 1;
			break;
		}
		if (try_dirfile(l, f, merged, now, &added) < 0)
			goto nomem;
		if (f->state == DF_PENDING)
			pending = 1;
	}
	l->dirty = pending;
	set_state(l, LIVE_OK, now);
	if (!added)
		return 0;
	profile_compute_totals(merged);
	l->total_delta = l->loads > 0 ? merged->total_calls - l->total_calls : 0;
	l->total_calls = merged->total_calls;
	l->loads++;
	l->last_load_ms = now;
	l->generation++;
	if (l->has_baseline ? rebuild_delta(l) < 0 : profile_finish(&l->shown) < 0)
		goto nomem;
	return 0;
nomem:
	err_at(e, l->path, -1, "out of memory");
	return -1;
}

/* ---- watching ---- */

static void watch_dir(struct live *l)
{
	if (l->ifd < 0 || l->wd >= 0)
		return;
	l->wd = inotify_add_watch(l->ifd, l->dir, WATCH_MASK);
}

static void mark_dirty(struct live *l, int64_t now)
{
	if (!l->dirty)
		l->dirty_since_ms = now;
	l->dirty = 1;
	l->last_event_ms = now;
}

static int relevant(const struct live *l, const char *name)
{
	if (l->is_dir)
		return fnmatch(l->glob, name, FNM_PERIOD) == 0;
	return strcmp(name, l->base) == 0;
}

void live_on_event(struct live *l, int64_t now)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));

	if (l->ifd < 0)
		return;
	for (;;) {
		ssize_t n = read(l->ifd, buf, sizeof buf);
		char *p;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
			if (ev->mask & IN_Q_OVERFLOW)
				mark_dirty(l, now);
			if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
				/* the directory itself went away: poll until it is back */
				if (ev->wd == l->wd && (ev->mask & IN_IGNORED))
					l->wd = -1;
				mark_dirty(l, now);
			}
			if (ev->len && relevant(l, ev->name))
				mark_dirty(l, now);
			p += sizeof *ev + ev->len;
		}
	}
}

int live_fd(const struct live *l)
{
	return l->ifd;
}

int64_t live_tick_ms(const struct live *l)
{
	int64_t t = l->interval_ms < RETRY_MS ? l->interval_ms : RETRY_MS;
	/* cppcheck-suppress knownConditionTrueFalse ; false positive: interval_ms may be below 10 */
	return t > 10 ? t : 10;
}

/* The stat-polling fallback, also a safety net next to inotify. */
static void poll_stat(struct live *l, int64_t now)
{
	struct live_stamp s;

	l->last_poll_ms = now;
	if (l->is_dir) {
		mark_dirty(l, now);   /* a rescan is cheap and finds new files */
		l->last_event_ms = now - SETTLE_MS;
		return;
	}
	stamp_of(l->path, &s);
	if (!stamp_same(&s, &l->seen) || l->racy) {
		l->racy = 0;
		mark_dirty(l, now);
		l->last_event_ms = now - SETTLE_MS;
	}
	if (!s.exists && l->state != LIVE_WAITING) {
		memset(&l->seen, 0, sizeof l->seen);
		set_state(l, LIVE_WAITING, now);
		snprintf(l->err.msg, sizeof l->err.msg, "waiting for the file");
	}
}

/* The version that failed to parse is still there (file mode). */
static int failed_still_there(const struct live *l)
{
	struct live_stamp s;

	if (l->is_dir || !l->failed.exists)
		return 0;
	stamp_of(l->path, &s);
	return stamp_same(&s, &l->failed);
}

static int due(const struct live *l, int64_t now)
{
	if (!l->dirty || now - l->last_try_ms < RETRY_MS)
		return 0;
	if (!l->is_dir && l->loads && now - l->last_load_ms < MIN_RELOAD_MS)
		return 0;
	if (now - l->last_event_ms < SETTLE_MS && now - l->dirty_since_ms < MAX_WAIT_MS)
		return 0;
	return !failed_still_there(l);
}

static int attempt(struct live *l, int64_t now, int all, struct err *e)
{
	return l->is_dir ? poll_dir(l, now, all, e) : try_file(l, now, e);
}

int live_poll(struct live *l, int64_t now, struct err *e)
{
	unsigned long long gen = l->generation;

	if (l->paused)
		return 0;
	watch_dir(l);
	if (now - l->last_poll_ms >= l->interval_ms)
		poll_stat(l, now);
	if (due(l, now) && attempt(l, now, 0, e) < 0)
		return -1;
	if (l->state == LIVE_RETRYING && now - l->state_since_ms >= BAD_AFTER_MS &&
	    failed_still_there(l)) {
		l->dirty = 0;
		set_state(l, LIVE_BAD, now);
	}
	if (l->loads && now - l->last_sample_ms >= l->interval_ms && take_sample(l, now) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	if (l->since_baseline && l->has_baseline && l->loads != l->shown_loads && rates_to_newest(l) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	return l->generation != gen;
}

int live_reload(struct live *l, int64_t now, struct err *e)
{
	unsigned long long gen = l->generation;

	if (l->is_dir) {
		clear_dir(l);
		l->total_calls = 0;
		l->loads = 0;
		l->generation++;
		rates_restart(l);
	}
	if (attempt(l, now, 1, e) < 0)
		return -1;
	if (l->is_dir && l->has_baseline && rebuild_delta(l) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	return l->generation != gen;
}

/* ---- open, close ---- */

static int split_path(struct live *l, const char *path)
{
	const char *slash = strrchr(path, '/');

	l->path = strdup(path);
	if (l->is_dir) {
		l->dir = strdup(path);
		l->base = strdup("");
	} else if (slash) {
		l->dir = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
		l->base = strdup(slash + 1);
	} else {
		l->dir = strdup(".");
		l->base = strdup(path);
	}
	return l->path && l->dir && l->base ? 0 : -1;
}

static int load_since(struct live *l, const struct live_opts *o, struct err *e)
{
	if (!o->nsince)
		return 0;
	if (pstats_load_files(&l->baseline, o->since, o->nsince, e) < 0)
		return -1;
	l->has_baseline = 1;
	l->baseline_ms = 0;    /* from --since: kept across a new run */
	return 0;
}

int live_open(struct live *l, struct names *names, const struct live_opts *o, struct err *e)
{
	struct stat st;
	int64_t now = o->now_ms ? o->now_ms : now_ms();

	memset(l, 0, sizeof *l);
	l->names = names;
	l->ifd = l->wd = -1;
	profile_init(&l->shown, names);
	profile_init(&l->raw, names);
	profile_init(&l->baseline, names);
	err_clear(e);
	err_clear(&l->err);
	if (!o->path || !*o->path) {
		err_at(e, "", -1, "--watch needs a file or a directory");
		return -1;
	}
	l->interval_ms = o->interval_ms > 0 ? o->interval_ms : 1000;
	l->is_dir = stat(o->path, &st) == 0 && S_ISDIR(st.st_mode);
	l->glob = strdup(o->glob ? o->glob : LIVE_DEFAULT_GLOB);
	if (!l->glob || split_path(l, o->path) < 0) {
		err_at(e, o->path, -1, "out of memory");
		goto fail;
	}
	if (load_since(l, o, e) < 0)
		goto fail;
	if (!o->no_inotify)
		l->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	watch_dir(l);
	l->state = LIVE_WAITING;
	l->state_since_ms = now;
	l->last_poll_ms = now;
	stamp_of(l->path, &l->seen);
	if (attempt(l, now, 1, e) < 0)
		goto fail;
	if (l->loads && take_sample(l, now) < 0) {
		err_at(e, "", -1, "out of memory");
		goto fail;
	}
	return 0;
fail:
	live_close(l);
	return -1;
}

void live_close(struct live *l)
{
	if (l->ifd >= 0)
		close(l->ifd);
	l->ifd = -1;
	profile_free(&l->shown);
	profile_free(&l->raw);
	profile_free(&l->baseline);
	free_dirfiles(l);
	sums_free(&l->prev);
	sums_free(&l->cur);
	free(l->rates);
	free(l->history);
	free(l->path);
	free(l->dir);
	free(l->base);
	free(l->glob);
	l->rates = NULL;
	l->history = NULL;
	l->path = l->dir = l->base = l->glob = NULL;
}

/* ---- status ---- */

static void fmt_count(char *buf, size_t size, int64_t n)
{
	char digits[32], out[48];
	int len, i, o = 0;
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

	len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	if (n < 0)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = 0;
	snprintf(buf, size, "%s", out);
}

static void fmt_age(char *buf, size_t size, int64_t ms)
{
	int64_t s = ms < 0 ? 0 : ms / 1000;

	if (s < 60)
		snprintf(buf, size, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm", (long long)(s / 60));
	else
		snprintf(buf, size, "%lldh", (long long)(s / 3600));
}

void live_status_parts(const struct live *l, int64_t now, int ascii, struct status_line *s)
{
	const char *sep = ascii ? " - " : " \xc2\xb7 ";
	char a[32], b[32];

	status_add(s, SP_MODE, "  ", "%s", l->paused ? "paused" : "live");
	if (l->is_dir)
		status_add(s, SP_DUMPS, sep, "%zu dumps", l->nloaded);
	if (l->is_dir && l->nbad)
		status_add(s, SP_DUMPS, ", ", "%zu unreadable", l->nbad);
	switch (l->state) {
	case LIVE_WAITING:
		status_add(s, SP_PROBLEM, sep, "waiting for %s", l->path);
		status_shorten_last(s);
		break;
	case LIVE_RETRYING:
		/* one read caught mid-write is routine under load; say it when
		 * it lasts */
		if (now - l->state_since_ms >= 500)
			status_add(s, SP_PROBLEM, sep, "%s is being written, retrying", l->base);
		break;
	case LIVE_BAD:
		status_add(s, SP_PROBLEM, sep, "%s", l->err.msg);
		status_shorten_last(s);
		break;
	case LIVE_OK:
		break;
	}
	if (l->new_run_ms && now - l->new_run_ms < 10000)
		status_add(s, SP_NEW_RUN, sep, "new run (profiler cleared)");
	if (!l->loads) {
		if (l->state == LIVE_OK)
			status_add(s, SP_PROBLEM, sep, "no dump yet");
		return;
	}
	fmt_age(a, sizeof a, now - l->last_load_ms);
	status_add(s, SP_AGE, sep, "updated %s ago", a);
	fmt_count(a, sizeof a, l->total_calls);
	fmt_count(b, sizeof b, l->total_delta);
	status_add(s, SP_TOTAL, sep, "%s calls (%s%s)", a, l->total_delta >= 0 ? "+" : "", b);
	if (l->nsamples >= 2) {
		fmt_count(a, sizeof a, (int64_t)(l->calls_s + (l->calls_s < 0 ? -0.5 : 0.5)));
		status_add(s, SP_RATE, sep, "%s calls/s", a);
	}
	if (l->has_baseline) {
		fmt_count(a, sizeof a, l->shown.total_calls);
		if (l->baseline_ms) {
			fmt_age(b, sizeof b, now - l->baseline_ms);
			status_add(s, SP_BASELINE, sep, "baseline %s ago: %s calls since", b, a);
		} else {
			status_add(s, SP_BASELINE, sep, "since the --since dump: %s calls", a);
		}
	}
}

void live_status(const struct live *l, int64_t now, int ascii, char *buf, size_t size)
{
	struct status_line s;

	s.n = 0;
	live_status_parts(l, now, ascii, &s);
	status_join(&s, buf, size);
}

int live_subtract_files(struct profile *p, char *const *files, size_t n, struct err *e)
{
	struct profile base, out;
	int rc = -1;

	if (!n)
		return 0;
	profile_init(&base, p->names);
	profile_init(&out, p->names);
	if (pstats_load_files(&base, files, n, e) < 0)
		goto done;
	if (profile_subtract(&out, p, &base) < 0) {
		err_at(e, "", -1, "out of memory");
		goto done;
	}
	profile_move(p, &out);
	rc = 0;
done:
	profile_free(&base);
	profile_free(&out);
	return rc;
}
