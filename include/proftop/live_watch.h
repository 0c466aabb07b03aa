/*
 * Live mode's watcher: what version of a file is there (stamps), loading
 * one complete version of a dump without ever blocking, the directory
 * scan, and inotify.  It knows nothing of snapshots, baselines or rates
 * (live.h), nor of the screen.
 */
#ifndef PROFTOP_LIVE_WATCH_H
#define PROFTOP_LIVE_WATCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "proftop/err.h"
#include "proftop/profile.h"
#include "proftop/pstats.h"

/* Identity of a file version: any change means "reload". */
struct live_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns, ctime_ns;
	int exists;
};

/* The version at path now (exists 0 when there is none). */
void live_stamp_of(const char *path, struct live_stamp *s);
int live_stamp_same(const struct live_stamp *a, const struct live_stamp *b);
/* Written so recently that a later write may keep the same mtime. */
int live_stamp_racy(const struct live_stamp *v);

enum live_load {
	LIVE_LOAD_OK,
	LIVE_LOAD_PARTIAL,         /* caught mid-write, or changed while read */
	LIVE_LOAD_MISSING,
	LIVE_LOAD_BAD,             /* there but never a dump (a FIFO, too large...) */
	LIVE_LOAD_NOMEM,
	LIVE_LOAD_PENDING          /* a job started, not finished */
};

/* Loads one complete version of path into the empty profile out, decoded
 * as it is read: a file that is no dump is refused at its first bad byte,
 * unread beyond.  *version is the version read. */
enum live_load live_load_dump(const char *path, struct profile *out,
			      struct live_stamp *version, struct err *e);

/* The same a slice at a time, for a UI that handles keys meanwhile.
 * live_load_start gives PENDING (then step until it is not) or what
 * live_load_dump would; live_load_step decodes until deadline_us
 * (mono_us(); 0 for none) and gives PENDING or the end's result, the file
 * closed.  live_load_cancel abandons a job (out stays the caller's). */
struct live_job {
	struct pstats_job *pj;
	int fd;
	struct stat st;              /* at open: the version being read */
	const char *path;            /* not owned */
	struct profile *out;         /* not owned */
};

enum live_load live_load_start(struct live_job *j, const char *path, struct profile *out,
			       struct live_stamp *version, struct err *e);
enum live_load live_load_step(struct live_job *j, int64_t deadline_us, struct err *e);
/* How much of the file is read, 0 to 1. */
double live_load_progress(const struct live_job *j);
void live_load_cancel(struct live_job *j);

/* Directory mode: the files matching a glob, sorted by name. */
enum live_dirfile_state { DF_PENDING, DF_LOADED, DF_BAD, DF_GONE };

struct live_dirfile {
	char *name;
	struct live_stamp failed;   /* the version that failed, for retries */
	struct live_stamp loaded;   /* the version added */
	int64_t failed_ms;
	enum live_dirfile_state state;
};

struct live_dirlist {
	struct live_dirfile *files;
	size_t n, cap;
};

/* Adds files of dir matching glob that are not known yet (DF_PENDING);
 * keeps them sorted.  A directory gone or unreadable adds nothing.  -1
 * when out of memory. */
int live_dir_scan(struct live_dirlist *d, const char *dir, const char *glob);
/* A file already loaded was rewritten since. */
int live_dir_changed(const struct live_dirlist *d, const char *dir);
void live_dir_free(struct live_dirlist *d);

/* inotify on one directory: a file in it (name) or the dumps matching a
 * glob (name NULL).  Without inotify (or with no_inotify) fd is -1 and the
 * caller polls stamps. */
struct live_watch {
	int fd, wd;
	const char *dir, *name, *glob;   /* not owned */
};

void live_watch_open(struct live_watch *w, const char *dir, const char *name,
		     const char *glob, int no_inotify);
/* Watches the directory if not yet (it may have been missing). */
void live_watch_arm(struct live_watch *w);
/* Drains the events without blocking: 1 when one may concern what is
 * watched (the caller reloads), else 0. */
int live_watch_drain(struct live_watch *w);
void live_watch_close(struct live_watch *w);

#endif
