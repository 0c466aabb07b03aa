/* Live mode's watcher: stamps, loading a dump without blocking, the
 * directory scan and inotify. */
#include "autoconfig.h"

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

#include "proftop/util.h"
#include "proftop/live_watch.h"
#include "proftop/pstats.h"

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | \
		    IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

/* ---- stamps ---- */

static void stamp_from_stat(struct live_stamp *s, const struct stat *st)
{
	s->exists = 1;
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	s->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

void live_stamp_of(const char *path, struct live_stamp *s)
{
	struct stat st;

	memset(s, 0, sizeof *s);
	if (stat(path, &st) == 0)
		stamp_from_stat(s, &st);
}

int live_stamp_same(const struct live_stamp *a, const struct live_stamp *b)
{
	if (a->exists != b->exists)
		return 0;
	return !a->exists || (a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
			      a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns);
}

/* Written so recently that a later write may keep the same mtime (its
 * clock ticks coarsely): look again at the next poll, as git does. */
int live_stamp_racy(const struct live_stamp *v)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - v->mtime_ns < 100000000;
}

/* ---- loading ---- */

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

/* Opens path for reading without ever blocking: the type is checked
 * before (a FIFO is never opened) and after (it may have been replaced). */
static enum live_load open_dump(const char *path, int *fd, struct stat *st, struct err *e)
{
	if (stat(path, st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			err_at(e, path, -1, "waiting for the file");
			return LIVE_LOAD_MISSING;
		}
		err_at(e, path, -1, "cannot stat: %s", strerror(errno));
		return LIVE_LOAD_BAD;
	}
	if (S_ISDIR(st->st_mode)) {
		err_at(e, path, -1, "is a directory, not a pstats dump");
		return LIVE_LOAD_BAD;
	}
	if (!S_ISREG(st->st_mode)) {
		err_at(e, path, -1, "not a regular file");
		return LIVE_LOAD_BAD;
	}
	if ((unsigned long long)st->st_size > PSTATS_MAX_BYTES) {
		err_at(e, path, -1, "file too large (%lld bytes, limit %zu)",
		       (long long)st->st_size, PSTATS_MAX_BYTES);
		return LIVE_LOAD_BAD;
	}
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (*fd < 0) {
		int missing = errno == ENOENT;
		err_at(e, path, -1, missing ? "waiting for the file" : "cannot open: %s", strerror(errno));
		return missing ? LIVE_LOAD_MISSING : LIVE_LOAD_BAD;
	}
	/* cppcheck-suppress pointerLessThanZero ; false positive: fstat() returns an int */
	if (fstat(*fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(*fd);
		err_at(e, path, -1, "replaced while opened");
		return LIVE_LOAD_PARTIAL;
	}
	return LIVE_LOAD_OK;
}

/* The file did not move between the two fstat()s around a read. */
static int same_version(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Never held whole: a 1 GiB file that is no dump costs one window.  One
 * that does not parse, or that moved while read, may be one caught
 * mid-write: PARTIAL. */
enum live_load live_load_start(struct live_job *j, const char *path, struct profile *out,
			       struct live_stamp *version, struct err *e)
{
	enum live_load r;

	err_clear(e);
	memset(version, 0, sizeof *version);
	memset(j, 0, sizeof *j);
	j->fd = -1;
	r = open_dump(path, &j->fd, &j->st, e);
	if (r != LIVE_LOAD_OK)
		return r;
	stamp_from_stat(version, &j->st);
	j->path = path;
	j->out = out;
	j->pj = pstats_job_start(out, j->fd, (size_t)j->st.st_size, path, e);
	if (!j->pj) {
		live_load_cancel(j);
		return LIVE_LOAD_PARTIAL;
	}
	return LIVE_LOAD_PENDING;
}

/* The end of a read: the file must not have moved since it was opened. */
static enum live_load load_end(struct live_job *j, int bad, struct err *e)
{
	struct stat after;
	enum live_load r = LIVE_LOAD_OK;

	if (fstat(j->fd, &after) < 0 || !same_version(&j->st, &after)) {
		err_at(e, j->path, -1, "changed while being read");
		r = LIVE_LOAD_PARTIAL;
	} else if (bad) {
		r = LIVE_LOAD_PARTIAL;
	} else if (add_file_line(j->out, j->path, j->st.st_mtim.tv_sec) < 0) {
		r = LIVE_LOAD_NOMEM;
	}
	live_load_cancel(j);
	return r;
}

enum live_load live_load_step(struct live_job *j, int64_t deadline_us, struct err *e)
{
	int rc = pstats_job_step(j->pj, deadline_us);

	return rc > 0 ? LIVE_LOAD_PENDING : load_end(j, rc < 0, e);
}

double live_load_progress(const struct live_job *j)
{
	if (!j->pj || j->st.st_size <= 0)
		return 0;
	return (double)pstats_job_done_bytes(j->pj) / (double)j->st.st_size;
}

void live_load_cancel(struct live_job *j)
{
	pstats_job_free(j->pj);
	j->pj = NULL;
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
}

enum live_load live_load_dump(const char *path, struct profile *out,
			      struct live_stamp *version, struct err *e)
{
	struct live_job j;
	enum live_load r = live_load_start(&j, path, out, version, e);

	return r == LIVE_LOAD_PENDING ? live_load_step(&j, 0, e) : r;
}

/* ---- directory scan ---- */

static int dirfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct live_dirfile *)a)->name, ((const struct live_dirfile *)b)->name);
}

/* Searches the first n files (sorted). */
static struct live_dirfile *find_dirfile(const struct live_dirlist *d, size_t n, const char *name)
{
	struct live_dirfile key = { .name = (char *)name };

	if (!n)
		return NULL;
	return bsearch(&key, d->files, n, sizeof *d->files, dirfile_cmp);
}

void live_dir_free(struct live_dirlist *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->files[i].name);
	free(d->files);
	d->files = NULL;
	d->n = d->cap = 0;
}

static int add_dirfile(struct live_dirlist *d, const char *name)
{
	if (grow_array(&d->files, &d->cap, d->n + 1, sizeof *d->files, 64) < 0)
		return -1;
	memset(&d->files[d->n], 0, sizeof *d->files);
	d->files[d->n].name = strdup(name);
	if (!d->files[d->n].name)
		return -1;
	d->n++;
	return 0;
}

int live_dir_scan(struct live_dirlist *d, const char *dir, const char *glob)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	size_t known = d->n;   /* sorted; new names are appended after */
	int rc = 0;

	if (!dh)
		return 0;   /* gone or unreadable: keep what we have */
	while (rc == 0 && (de = readdir(dh))) {
		if (fnmatch(glob, de->d_name, FNM_PERIOD) != 0 || find_dirfile(d, known, de->d_name))
			continue;
		rc = add_dirfile(d, de->d_name);
	}
	closedir(dh);
	if (d->n > known)
		qsort(d->files, d->n, sizeof *d->files, dirfile_cmp);
	return rc;
}

int live_dir_changed(const struct live_dirlist *d, const char *dir)
{
	char path[PATH_MAX];
	struct live_stamp s;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct live_dirfile *f = &d->files[i];
		if (f->state != DF_LOADED ||
		    snprintf(path, sizeof path, "%s/%s", dir, f->name) >= (int)sizeof path)
			continue;
		live_stamp_of(path, &s);
		if (s.exists && !live_stamp_same(&s, &f->loaded))
			return 1;
	}
	return 0;
}

/* ---- inotify ---- */

void live_watch_open(struct live_watch *w, const char *dir, const char *name,
		     const char *glob, int no_inotify)
{
	w->dir = dir;
	w->name = name;
	w->glob = glob;
	w->wd = -1;
	w->fd = no_inotify ? -1 : inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	live_watch_arm(w);
}

void live_watch_arm(struct live_watch *w)
{
	if (w->fd < 0 || w->wd >= 0)
		return;
	w->wd = inotify_add_watch(w->fd, w->dir, WATCH_MASK);
}

static int relevant(const struct live_watch *w, const char *name)
{
	if (!w->name)
		return fnmatch(w->glob, name, FNM_PERIOD) == 0;
	return strcmp(name, w->name) == 0;
}

/* One buffer of events: 1 when one may concern what is watched. */
static int read_events(struct live_watch *w, const char *buf, ssize_t n)
{
	const char *p;
	int hit = 0;

	for (p = buf; p < buf + n;) {
		const struct inotify_event *ev = (const struct inotify_event *)(const void *)p;
		if (ev->mask & IN_Q_OVERFLOW)
			hit = 1;
		if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
			/* the directory itself went away: poll until it is back */
			if (ev->wd == w->wd && (ev->mask & IN_IGNORED))
				w->wd = -1;
			hit = 1;
		}
		if (ev->len && relevant(w, ev->name))
			hit = 1;
		p += sizeof *ev + ev->len;
	}
	return hit;
}

int live_watch_drain(struct live_watch *w)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	int hit = 0;

	if (w->fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return hit;
		hit |= read_events(w, buf, n);
	}
}

void live_watch_close(struct live_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = w->wd = -1;
}
