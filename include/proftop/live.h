/*
 * Live mode: follow a dump that a running profiler keeps rewriting, or a
 * directory it keeps writing dumps into.  Curses-free: the UI owns the one
 * event loop and calls in here from it (live_fd() readable -> live_on_event();
 * every live_tick_ms() -> live_poll()); nothing here ever blocks.
 * Three files: live.c (this state machine), live_watch.c (the watcher,
 * live_watch.h: stamps, loading, directory scan, inotify), live_status.c
 * (the status line's words).
 *
 * What is shown (live_shown()) is one struct profile at a fixed address,
 * rebuilt in place after each reload, so a struct view over it only needs
 * view_refresh().  It is live mode's own, or the caller's (live_show_in):
 * the UI's table then shows the snapshot itself, not a copy of it.  It is either the last good snapshot, or, with a baseline,
 * the snapshot minus the baseline (delta_subtract).
 *
 * Snapshots: a file caught half-written (empty, truncated, growing, replaced
 * while read) is not an error: the last good snapshot stays shown and the
 * load is retried on the next change or tick.  A missing file is waited for
 * and followed when it comes back; a path that is a directory, a FIFO, too
 * large or unreadable is reported in the state, never opened for long.  A
 * snapshot whose counts went down is a new run (the profiler was cleared):
 * the baseline and the rates restart.
 *
 * Directory mode: every file matching the glob (default "*.prof") is added
 * once, when it first parses, into one merged profile (pstats.Stats.add);
 * only new files are read.  A file already added that is rewritten (one
 * accumulating dump per worker, or a reused name) replaces its old part:
 * the merge is redone from the files as they are, at most once per
 * interval.  Files that vanish keep their contribution until then
 * (Werkzeug's ProfilerMiddleware never deletes); live_reload() rescans from
 * scratch, which drops them.
 */
#ifndef PROFTOP_LIVE_H
#define PROFTOP_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proftop/delta.h"
#include "proftop/err.h"
#include "proftop/live_watch.h"
#include "proftop/profile.h"

#define LIVE_HISTORY 32            /* samples kept per function for sparklines */
#define LIVE_DEFAULT_GLOB "*.prof"

struct live_opts {
	const char *path;          /* FILE or DIR */
	const char *glob;          /* directory mode; NULL: LIVE_DEFAULT_GLOB */
	int64_t interval_ms;       /* stat polling and rate samples; 0: 1000 */
	char *const *since;        /* --since dumps, merged, as the first baseline */
	size_t nsince;
	int no_inotify;            /* tests: force the polling fallback */
	int64_t now_ms;            /* tests: the clock at open; 0: CLOCK_MONOTONIC */
};

enum live_state {
	LIVE_OK,                   /* showing the newest complete snapshot */
	LIVE_WAITING,              /* the file does not exist (yet, or any more) */
	LIVE_RETRYING,             /* caught mid-write: last snapshot kept, retrying */
	LIVE_BAD                   /* there but unusable (see live.err) */
};

/* Per function, between the last two samples (taken every interval). */
struct live_rate {
	int64_t dcalls;            /* calls made in that span */
	double dtt, dct;           /* time added in that span */
	double calls_s, tt_s, ct_s;  /* the same per second */
};

/* Per id sums of a snapshot, for rates and for spotting a new run. */
struct live_sums {
	int64_t *nc;
	double *tt, *ct;
	uint32_t n, cap;
	int64_t at_ms;
};

struct live {
	struct names *names;       /* not owned; shared with every profile here */
	char *path, *dir, *base, *glob;
	int is_dir;
	int64_t interval_ms;

	/* watching */
	struct live_watch watch;   /* inotify; fd -1 when polling only */
	struct live_stamp loaded;  /* the version shown (file mode) */
	struct live_stamp seen;    /* the last version stat() saw */
	struct live_stamp failed;  /* the last version that did not parse */
	int racy;                  /* loaded within the mtime's granularity */
	int dirty;                 /* a change not loaded yet */
	int64_t dirty_since_ms, last_event_ms, last_poll_ms, last_try_ms, last_load_ms;
	int paused;

	/* snapshots */
	struct profile *shown;     /* what the UI shows: &own, or live_show_in's */
	struct profile own;
	struct profile raw;        /* the newest snapshot, when shown holds a delta */
	struct profile baseline;
	int has_baseline;
	int64_t baseline_ms;
	unsigned long long generation;  /* bumps whenever shown changed */
	unsigned long long loads, failed_loads;

	/* status */
	enum live_state state;
	struct err err;            /* why LIVE_BAD / LIVE_RETRYING */
	int64_t state_since_ms;
	int64_t new_run_ms;        /* last time a new run was seen, 0 never */
	int64_t total_calls, total_delta;  /* newest snapshot, change since the previous */
	int64_t last_size;

	/* rates */
	struct live_sums prev, cur;
	struct live_rate *rates;   /* by id; valid for id < nrates */
	uint32_t nrates;
	unsigned long long rates_gen;  /* bumps whenever a rate changed */
	float *history;            /* calls/s, LIVE_HISTORY per id, a ring */
	uint32_t cap_history;
	double calls_s;            /* all functions' calls per second, last span */
	int64_t span_ms;           /* between the last two samples */
	int64_t sample_total;      /* total calls at the last sample */
	unsigned long long sample_loads;  /* loads at the last sample */
	unsigned nsamples;         /* samples taken since the last restart */
	int since_baseline;        /* `z` set the last sample: rates run from it */
	unsigned long long shown_loads;  /* loads the rates last followed */
	int64_t last_sample_ms;

	/* directory mode */
	struct live_dirlist files;
	size_t nloaded, nbad;
	int64_t last_rebuild_ms;   /* a rewritten dump redid the merge */

	/* file mode: a load decoded a slice at a time (live_work); its
	 * snapshot is shown only once complete */
	int64_t step_us;           /* live_set_step's; 0: a load blocks */
	int loading, finishing;    /* finishing: read, its index being built */
	int want_index;            /* the shown snapshot's callees index was
	                            * built (a view read it): the next one's is
	                            * built too, else left to whoever reads it */
	struct live_job job;
	struct profile_finishing fin;
	int64_t load_start_ms;
	struct profile next;
	struct live_stamp next_version;
};

/* Starts watching; loads what is there now (a missing or unusable path is
 * a state, not an error).  -1 with e set for bad options or no memory. */
int live_open(struct live *l, struct names *names, const struct live_opts *o, struct err *e);
void live_close(struct live *l);

/* The inotify fd to poll for POLLIN, or -1 (polling only). */
int live_fd(const struct live *l);
/* How often the UI should call live_poll(), in milliseconds. */
int64_t live_tick_ms(const struct live *l);
/* Drains the fd; marks what changed.  Never blocks. */
void live_on_event(struct live *l, int64_t now_ms);
/* Polls, reloads when due, takes rate samples (every interval).  Returns 1
 * when live_shown() changed (call view_refresh), 0 if not, -1 when out of
 * memory (e set).  Redraw after each call anyway: ages and rates move. */
int live_poll(struct live *l, int64_t now_ms, struct err *e);

/* The profile to show; its address never changes. */
static inline struct profile *live_shown(struct live *l)
{
	return l->shown;
}

/* From now on what is shown is p (the caller's, at a fixed address, with
 * l's names): p takes what is shown now.  live_close leaves p as it is:
 * the last snapshot stays. */
void live_show_in(struct live *l, struct profile *p);

/* With step_us > 0, a reload that live_poll or live_reload starts (not
 * live_open's first load) is decoded a slice of about step_us at a time
 * by live_work (its snapshot shown once complete), while live_loading
 * says one is under way; a change of the file meanwhile drops it, to load
 * the new version.  live_work: same returns as live_poll. */
void live_set_step(struct live *l, int64_t step_us);
int live_loading(const struct live *l);
/* How much of the load under way is done, 0 to 1 (the callees index
 * included, which costs about a fifth of it). */
double live_load_done(const struct live *l);
int live_work(struct live *l, struct err *e);

/* `R`: reload now (directory mode: rescan from scratch); with step_us, a
 * file is loaded a slice at a time, as after a change.  Same returns. */
int live_reload(struct live *l, int64_t now_ms, struct err *e);
/* `P`: while paused nothing is reloaded nor sampled; rates keep their values. */
void live_set_paused(struct live *l, int paused);
/* `z`: from now on show only what happens after the current snapshot. */
int live_set_baseline(struct live *l, int64_t now_ms, struct err *e);
/* `Z`: show the whole snapshot again. */
int live_drop_baseline(struct live *l, struct err *e);

/* Rates of one function; NULL when none were measured yet. */
const struct live_rate *live_rate_of(const struct live *l, uint32_t id);
/* The last calls/s samples of id, oldest first; returns how many. */
size_t live_history(const struct live *l, uint32_t id, double *out, size_t max);

/* --print --since: replaces p by p minus the dumps FILES (merged as
 * pstats.Stats(*FILES)); p's names must be those the files load into. */
int live_subtract_files(struct profile *p, char *const *files, size_t n, struct err *e);

struct status_line;
/* The status line's parts: "live", "updated 2s ago", "48,210 calls
 * (+3,105)"...; with `ascii`, " - " separates them instead of a middle dot. */
void live_status_parts(const struct live *l, int64_t now_ms, int ascii, struct status_line *s);
/* The same parts joined: "live · updated 2s ago · 48,210 calls (+3,105)". */
void live_status(const struct live *l, int64_t now_ms, int ascii, char *buf, size_t size);

#endif
