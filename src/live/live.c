/* Live mode's snapshot and baseline state machine: when to reload, what is
 * shown, baselines and per-function rates.  The watcher (live_watch.c) says
 * what changed and loads a version; live_status.c words the state. */
#include "autoconfig.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "proftop/live.h"
#include "proftop/live_watch.h"
#include "proftop/pstats.h"
#include "proftop/pstats_load.h"
#include "proftop/util.h"

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

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The same dump read again (touched, or rewritten with the same bytes):
 * decoded into the same names, it has the same ids in the same order.
 * Compared directly, this stops at the first difference: at once when the
 * profiler moved on.  Edges left over by a repeated key make it "changed",
 * which only costs a redraw. */
static int same_snapshot(const struct profile *a, const struct profile *b)
{
	uint32_t i;

	if (a->total_calls != b->total_calls || a->norder != b->norder ||
	    a->nedges != b->nedges || a->garbage_edges || b->garbage_edges)
		return 0;
	if (a->norder && memcmp(a->order, b->order, a->norder * sizeof *a->order) != 0)
		return 0;
	for (i = 0; i < a->norder; i++) {
		const struct fstat *x = &a->stats[a->order[i]], *y = &b->stats[b->order[i]];
		if (x->cc != y->cc || x->nc != y->nc || memcmp(&x->tt, &y->tt, sizeof x->tt) != 0 ||
		    memcmp(&x->ct, &y->ct, sizeof x->ct) != 0 || x->edge_off != y->edge_off ||
		    x->edge_cnt != y->edge_cnt || x->bools != y->bools)
			return 0;
	}
	return !a->nedges || memcmp(a->edges, b->edges, a->nedges * sizeof *a->edges) == 0;
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
	return l->has_baseline ? &l->raw : l->shown;
}

static void rates_restart(struct live *l)
{
	l->nsamples = 0;
	l->since_baseline = 0;
	l->nrates = 0;
	l->calls_s = 0;
	l->rates_gen++;
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
	l->rates_gen++;
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

/* In the first interval after `z`, a snapshot just loaded gives the rates
 * since the baseline at once (by live_poll or live_work). */
static int follow_baseline(struct live *l, struct err *e)
{
	if (l->since_baseline && l->has_baseline && l->loads != l->shown_loads && rates_to_newest(l) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
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
	profile_free(l->shown);
	if (delta_subtract(l->shown, &l->raw, &l->baseline) < 0)
		return -1;
	return profile_finish(l->shown);
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
		profile_move(l->shown, next);
		if (l->want_index && profile_finish(l->shown) < 0)
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
	l->rates_gen++;
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
		profile_move(&l->raw, l->shown);
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
	profile_move(l->shown, &l->raw);
	profile_free(&l->baseline);
	l->has_baseline = 0;
	l->generation++;
	if (profile_finish(l->shown) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	return 0;
}

void live_show_in(struct live *l, struct profile *p)
{
	profile_move(p, l->shown);
	l->shown = p;
}

static void cancel_load(struct live *l);

void live_set_paused(struct live *l, int paused)
{
	/* paused shows nothing new: a load under way is redone on resuming */
	if (paused && l->loading) {
		cancel_load(l);
		l->dirty = 1;
	}
	l->paused = paused;
}

/* ---- file mode ---- */

/*
 * A big dump is reloaded as arrays of tens of megabytes.  From the heap
 * (where glibc's sliding mmap threshold puts them after the first free),
 * the next snapshot's arrays, made while the old ones live, land beside
 * the holes those leave: RSS swung by a fifth from one reload to the next.
 * Mapped, each array is given back when freed, and RSS stays flat.  Small
 * dumps keep the heap, which reuses memory without page faults.
 */
#define BIG_DUMP_BYTES ((off_t)32 << 20)
#define MAPPED_ARRAY_BYTES (4 << 20)

static void map_big_arrays(const struct live_stamp *version)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	if (version->size >= BIG_DUMP_BYTES)
		mallopt(M_MMAP_THRESHOLD, MAPPED_ARRAY_BYTES);
#else
	(void)version;
#endif
}

/* A big dump's new snapshot, callees index included, is built while the
 * old one lives, a slice at a time between keys: its smaller arrays land
 * among the old one's, whose holes then stay resident (RSS swung by a
 * tenth from one reload to the next).  Given back once the old one is
 * freed, RSS stays flat, below a reload that blocks. */
static void give_back(const struct live_stamp *version)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	if (version->size >= BIG_DUMP_BYTES)
		malloc_trim(0);
#else
	(void)version;
#endif
}

/* The end of one attempt at loading the file.  -1 only when out of memory. */
static int end_try(struct live *l, enum live_load r, int64_t now, struct err *e)
{
	struct live_stamp version = l->next_version;

	if (r == LIVE_LOAD_OK) {
		int rc = 0;
		l->dirty = 0;
		l->loaded = l->seen = version;
		memset(&l->failed, 0, sizeof l->failed);
		l->racy = live_stamp_racy(&version);
		set_state(l, LIVE_OK, now);
		map_big_arrays(&version);
		if (!l->loads || !same_snapshot(raw_of(l), &l->next))
			rc = apply_snapshot(l, &l->next, now);
		profile_free(&l->next);
		give_back(&version);
		if (rc < 0)
			err_at(e, l->path, -1, "out of memory");
		return rc;
	}
	profile_free(&l->next);
	if (r == LIVE_LOAD_NOMEM) {
		err_at(e, l->path, -1, "out of memory");
		return -1;
	}
	l->failed_loads++;
	if (r == LIVE_LOAD_MISSING) {
		l->dirty = 0;
		memset(&l->seen, 0, sizeof l->seen);
		set_state(l, LIVE_WAITING, now);
	} else if (r == LIVE_LOAD_BAD) {
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

/* Drops a load under way; its half-built snapshot was never shown. */
static void cancel_load(struct live *l)
{
	if (!l->loading)
		return;
	live_load_cancel(&l->job);
	profile_finishing_free(&l->fin);
	profile_free(&l->next);
	l->loading = l->finishing = 0;
}

/* A slice of the load under way, or all of it (budget_us 0): the
 * decoding, then the callees index, which costs as much again on a big
 * dump. */
static int step_load(struct live *l, int64_t budget_us, int64_t now, struct err *e)
{
	int64_t deadline = budget_us ? mono_us() + budget_us : 0;
	enum live_load r;
	int rc;

	if (!l->finishing) {
		r = live_load_step(&l->job, deadline, &l->err);
		if (r == LIVE_LOAD_PENDING)
			return 0;
		if (r != LIVE_LOAD_OK || !l->want_index) {
			l->loading = 0;
			return end_try(l, r, now, e);
		}
		l->finishing = 1;
	}
	rc = profile_finish_step(&l->next, &l->fin, deadline);
	if (rc > 0)
		return 0;
	profile_finishing_free(&l->fin);
	l->loading = l->finishing = 0;
	return end_try(l, rc < 0 ? LIVE_LOAD_NOMEM : LIVE_LOAD_OK, now, e);
}

/* One attempt at loading the file: started, and finished at once when
 * `all` (the first load, `R`) or without live_set_step; else live_work
 * goes on with it.  -1 only when out of memory. */
static int try_file(struct live *l, int64_t now, int all, struct err *e)
{
	enum live_load r;

	cancel_load(l);
	l->last_try_ms = now;
	/* The callees index costs a fifth of a reload; a table alone never
	 * reads it (the detail view, tree and flame build it on first use). */
	l->want_index = l->shown->finished;
	profile_init(&l->next, l->names);
	r = live_load_start(&l->job, l->path, &l->next, &l->next_version, &l->err);
	if (r != LIVE_LOAD_PENDING)
		return end_try(l, r, now, e);
	l->loading = 1;
	l->load_start_ms = now;
	return all || !l->step_us ? step_load(l, 0, now, e) : 0;
}

void live_set_step(struct live *l, int64_t step_us)
{
	l->step_us = step_us;
}

int live_loading(const struct live *l)
{
	return l->loading;
}

/* Reading the file counts for this much of a load, the index the rest. */
#define READ_SHARE 0.8

double live_load_done(const struct live *l)
{
	double pass;

	if (!l->loading)
		return 0;
	if (!l->finishing)
		return READ_SHARE * live_load_progress(&l->job);
	/* the index's two passes over the edges, each half of the rest */
	pass = l->next.nedges ? (double)l->fin.k / l->next.nedges : 1;
	if (l->fin.phase < 2)
		pass = l->fin.phase == 1 ? pass / 2 : 0;
	else
		pass = 0.5 + pass / 2;
	return READ_SHARE + (1 - READ_SHARE) * (pass > 1 ? 1 : pass);
}

/* The file changed since the load began: that read would end "changed
 * while being read"; stop it now, and load the new version once it
 * settles. */
static int load_outdated(struct live *l)
{
	struct live_stamp s;

	live_stamp_of(l->path, &s);
	return !live_stamp_same(&s, &l->next_version);
}

int live_work(struct live *l, struct err *e)
{
	unsigned long long gen = l->generation;
	int64_t now = now_ms();

	if (!l->loading)
		return 0;
	/* a version read whole is shown, even if a newer one follows */
	if (!l->finishing && load_outdated(l)) {
		cancel_load(l);
		if (!l->dirty)
			l->dirty_since_ms = now;
		l->dirty = 1;
		l->last_event_ms = now;
		return 0;
	}
	if (step_load(l, l->step_us, now, e) < 0 || follow_baseline(l, e) < 0)
		return -1;
	return l->generation != gen;
}

/* ---- directory mode ---- */

/* Tries one pending file; adds it to the merged snapshot when complete. */
static int try_dirfile(struct live *l, struct live_dirfile *f, struct profile *merged,
		       int64_t now, int *added)
{
	char path[PATH_MAX];
	struct profile one;
	struct live_stamp version;
	enum live_load r;

	if (snprintf(path, sizeof path, "%s/%s", l->dir, f->name) >= (int)sizeof path) {
		f->state = DF_BAD;
		l->nbad++;
		return 0;
	}
	if (f->failed.exists) {
		live_stamp_of(path, &version);
		if (live_stamp_same(&version, &f->failed)) {
			if (now - f->failed_ms >= BAD_AFTER_MS) {
				f->state = DF_BAD;
				l->nbad++;
			}
			return 0;
		}
	}
	profile_init(&one, l->names);
	r = live_load_dump(path, &one, &version, &l->err);
	if (r == LIVE_LOAD_OK) {
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
	if (r == LIVE_LOAD_NOMEM)
		return -1;
	if (r == LIVE_LOAD_MISSING) {
		f->state = DF_GONE;   /* vanished before it was read: nothing to add */
	} else if (r == LIVE_LOAD_BAD) {
		f->state = DF_BAD;
		l->nbad++;
	} else if (!f->failed.exists || !live_stamp_same(&version, &f->failed)) {
		f->failed = version;
		f->failed_ms = now;
	}
	l->failed_loads++;
	return 0;
}

static void free_dirfiles(struct live *l)
{
	live_dir_free(&l->files);
	l->nloaded = l->nbad = 0;
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
	if (!all && l->nloaded && now - l->last_rebuild_ms >= l->interval_ms && live_dir_changed(&l->files, l->dir)) {
		l->last_rebuild_ms = now;
		clear_dir(l);
		all = added = 1;
	}
	if (live_dir_scan(&l->files, l->dir, l->glob) < 0)
		goto nomem;
	for (i = 0; i < l->files.n; i++) {
		struct live_dirfile *f = &l->files.files[i];
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
	if (l->has_baseline ? rebuild_delta(l) < 0 : profile_finish(l->shown) < 0)
		goto nomem;
	return 0;
nomem:
	err_at(e, l->path, -1, "out of memory");
	return -1;
}

/* ---- watching ---- */

static void mark_dirty(struct live *l, int64_t now)
{
	if (!l->dirty)
		l->dirty_since_ms = now;
	l->dirty = 1;
	l->last_event_ms = now;
}

void live_on_event(struct live *l, int64_t now)
{
	if (live_watch_drain(&l->watch))
		mark_dirty(l, now);
}

int live_fd(const struct live *l)
{
	return l->watch.fd;
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
	live_stamp_of(l->path, &s);
	if (!live_stamp_same(&s, &l->seen) || l->racy) {
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
	live_stamp_of(l->path, &s);
	return live_stamp_same(&s, &l->failed);
}

static int due(const struct live *l, int64_t now)
{
	if (!l->dirty || l->loading || now - l->last_try_ms < RETRY_MS)
		return 0;
	if (!l->is_dir && l->loads && now - l->last_load_ms < MIN_RELOAD_MS)
		return 0;
	if (now - l->last_event_ms < SETTLE_MS && now - l->dirty_since_ms < MAX_WAIT_MS)
		return 0;
	return !failed_still_there(l);
}

static int attempt(struct live *l, int64_t now, int all, struct err *e)
{
	return l->is_dir ? poll_dir(l, now, all, e) : try_file(l, now, all, e);
}

int live_poll(struct live *l, int64_t now, struct err *e)
{
	unsigned long long gen = l->generation;

	if (l->paused)
		return 0;
	live_watch_arm(&l->watch);
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
	if (follow_baseline(l, e) < 0)
		return -1;
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
	/* a file is read a slice at a time too, as a change is: keys go on */
	if (attempt(l, now, l->is_dir || !l->step_us, e) < 0)
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
	names->keep_calls = 1;      /* reloads meet the keys in the same order */
	l->watch.fd = l->watch.wd = -1;   /* live_close may run before the watch */
	l->shown = &l->own;
	profile_init(&l->own, names);
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
	live_watch_open(&l->watch, l->dir, l->is_dir ? NULL : l->base, l->glob, o->no_inotify);
	l->state = LIVE_WAITING;
	l->state_since_ms = now;
	l->last_poll_ms = now;
	live_stamp_of(l->path, &l->seen);
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
	cancel_load(l);
	live_watch_close(&l->watch);
	profile_free(&l->own);   /* not a profile lent by live_show_in */
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
	if (delta_subtract(&out, p, &base) < 0) {
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
