/* Live mode in the UI: the watch on the event loop, reloads in place, keys. */
#include "autoconfig.h"

#include <curses.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/config.h"
#include "proftop/live.h"
#include "proftop/pstats_load.h"
#include "proftop/status_line.h"
#include "proftop/tui.h"
#include "proftop/live_ui.h"

/* A reload is decoded this long at a time, keys handled in between: a key
 * waits at most about one slice. */
#define LOAD_SLICE_US 20000

struct tui_live {
	const struct options *o;
	struct live live;
	int active;                /* watching */
	int tick;                  /* loop tick handle, -1 none */
	int fd;                    /* fd on the loop, -1 none */
	char last_status[512];     /* redraw when the status text moves */
	double *rates[3];          /* by id: +calls, calls/s, time/s (sorting) */
	uint32_t nrates;
	unsigned long long rates_gen;  /* live's rates_gen they were copied at */
	/* The message live mode last put on the message line, and what it
	 * says holds: cleared when that is no longer true. */
	enum { SAYS_NOTHING, SAYS_BASELINE, SAYS_PAUSED } says;
	char said[sizeof ((struct tui *)0)->message];
};

/* A message that stays true only while `what` holds. */
static void say(struct tui *t, struct tui_live *tl, int what, const char *text)
{
	tui_message(t, 0, "%s", text);
	tl->says = what;
	snprintf(tl->said, sizeof tl->said, "%s", t->message);
}

/* Clears live mode's message once it no longer holds (a new run dropped
 * the baseline it announced); 1 when the line changed. */
static int forget_untrue(struct tui *t, struct tui_live *tl)
{
	int holds = tl->says == SAYS_BASELINE ? tl->live.has_baseline :
		    tl->says == SAYS_PAUSED ? tl->live.paused : 1;

	if (holds)
		return 0;
	tl->says = SAYS_NOTHING;
	if (strcmp(t->message, tl->said) != 0)
		return 0;      /* another message took its place */
	if (tl->live.new_run_ms)
		tui_message(t, 0, "new run: the profiler restarted; the baseline is gone (z sets one)");
	else
		t->message[0] = 0;
	return 1;
}

/* t->profile is what live mode shows (live_show_in): no copy of the
 * snapshot, which was as costly as decoding it.  Its callees index is
 * built by the views that read it, when they do. */
static int ready_shown(struct tui *t)
{
	/* A baseline with nothing new yet is an empty profile: give it an
	 * order array anyway, as the view copies from it (memcpy from NULL,
	 * even of 0 bytes, is undefined). */
	if (!t->profile.order) {
		t->profile.order = malloc(sizeof *t->profile.order);
		if (!t->profile.order)
			return -1;
		t->profile.cap_order = 1;
	}
	return 0;
}

/* The rate columns' numbers, by id, where the table's sort can see them. */
static int publish_rates(struct tui *t, struct tui_live *tl)
{
	uint32_t n = t->names.nfuncs, id;
	int k;

	if (n > tl->nrates) {
		for (k = 0; k < 3; k++) {
			double *nr = realloc(tl->rates[k], (size_t)n * sizeof *nr);
			if (!nr)
				return -1;
			tl->rates[k] = nr;
		}
		tl->nrates = n;
	}
	tl->rates_gen = tl->live.rates_gen;
	for (id = 0; id < n; id++) {
		const struct live_rate *r = live_rate_of(&tl->live, id);
		tl->rates[0][id] = r ? (double)r->dcalls : 0;
		tl->rates[1][id] = r ? r->calls_s : 0;
		tl->rates[2][id] = r ? r->tt_s : 0;
	}
	for (k = 0; k < 3; k++)
		t->profile.extra[k] = tl->rates[k];
	t->profile.nextra = n;
	return 0;
}

static int sorted_by_rates(const struct view *v)
{
	unsigned i;

	for (i = 0; i < v->sort.n; i++)
		if (v->sort.field[i] >= SF_DCALLS && v->sort.field[i] <= SF_TIME_S)
			return 1;
	return 0;
}

static void redraw(struct tui *t)
{
	tui_draw(t);
	refresh();
}

/* Redraws when the status text moved (ages, 'loading N%') or rc says so. */
static void redraw_if_moved(struct tui *t, struct tui_live *tl, int rc)
{
	char status[512];

	status[0] = 0;
	tui_live_status(t, status, 0, sizeof status);
	if (rc != 0 || strcmp(status, tl->last_status) != 0) {
		snprintf(tl->last_status, sizeof tl->last_status, "%s", status);
		redraw(t);
	}
}

/* After live_poll & co.: show a changed profile, redraw when needed. */
static void update(struct tui *t, struct tui_live *tl, int rc, struct err *e)
{
	if (rc > 0 && (ready_shown(t) < 0 || publish_rates(t, tl) < 0 ||
		       view_refresh(&t->table, e) < 0)) {
		err_at(e, "", -1, "out of memory");
		rc = -1;
	} else if (rc == 0 && tl->active && tl->live.rates_gen != tl->rates_gen) {
		/* a sample without a reload still moves the rates; a tick or a
		 * load's slice that took none costs no pass over the functions */
		if (publish_rates(t, tl) < 0)
			rc = -1;
		else if (sorted_by_rates(&t->table) && view_refresh(&t->table, e) < 0)
			rc = -1;
		if (rc < 0)
			err_at(e, "", -1, "out of memory");
	}
	if (live_loading(&tl->live))
		loop_wake_work(&t->loop);
	tui_report(t, rc, e);
	if (forget_untrue(t, tl))
		rc = rc ? rc : 1;
	redraw_if_moved(t, tl, rc);
}

static void on_tick(void *data)
{
	struct tui *t = data;
	struct tui_live *tl = t->live;
	struct err e;

	err_clear(&e);
	update(t, tl, live_poll(&tl->live, loop_now_ms(), &e), &e);
}

/* A slice of a load under way, keys handled between two. */
static int on_work(void *data)
{
	struct tui *t = data;
	struct tui_live *tl = t->live;
	struct err e;

	err_clear(&e);
	update(t, tl, live_work(&tl->live, &e), &e);
	return live_loading(&tl->live);
}

static void on_fd(int fd, short revents, void *data)
{
	struct tui *t = data;
	struct tui_live *tl = t->live;

	live_on_event(&tl->live, loop_now_ms());
	on_tick(data);
}

/* Starts watching path.  With need_dump (`w` over a profile already shown)
 * a path that gives no dump now (an archive, gone) is refused, and the
 * table keeps what it shows. */
static int start(struct tui *t, struct tui_live *tl, const char *path, int need_dump, struct err *e)
{
	struct live_opts lo = { 0 };

	lo.path = path;
	lo.glob = tl->o->live.glob;
	lo.interval_ms = tl->o->live.interval_ms;
	if (!lo.interval_ms && tl->o->config)   /* the config file's `interval` */
		lo.interval_ms = (int64_t)(tl->o->config->interval * 1000 + 0.5);
	lo.since = tl->o->live.since;
	lo.nsince = tl->o->live.nsince;
	lo.now_ms = loop_now_ms();
	if (live_open(&tl->live, &t->names, &lo, e) < 0)
		return -1;
	if (need_dump && !tl->live.loads) {
		*e = tl->live.err;
		if (!e->set)
			err_at(e, path, -1, "no complete dump to follow");
		live_close(&tl->live);
		return -1;
	}
	tl->active = 1;
	live_show_in(&tl->live, &t->profile);
	if (ready_shown(t) < 0 || publish_rates(t, tl) < 0) {
		err_at(e, path, -1, "out of memory");
		return -1;
	}
	tl->fd = live_fd(&tl->live);
	if (tl->fd >= 0 && loop_watch_fd(&t->loop, tl->fd, POLLIN, on_fd, t) < 0)
		tl->fd = -1;    /* the loop is full: the tick's polling still works */
	tl->tick = loop_add_tick(&t->loop, live_tick_ms(&tl->live), on_tick, t);
	live_set_step(&tl->live, LOAD_SLICE_US);
	loop_set_work(&t->loop, on_work, t);
	return 0;
}

static void stop(struct tui *t, struct tui_live *tl)
{
	if (!tl->active)
		return;
	if (tl->fd >= 0)
		loop_unwatch_fd(&t->loop, tl->fd);
	if (tl->tick >= 0)
		loop_remove_tick(&t->loop, tl->tick);
	loop_set_work(&t->loop, NULL, NULL);
	live_close(&tl->live);
	tl->fd = tl->tick = -1;
	tl->active = 0;
	tl->last_status[0] = 0;
	memset(t->profile.extra, 0, sizeof t->profile.extra);
	t->profile.nextra = 0;
}

int tui_live_load(struct tui *t, const struct options *o, struct err *e)
{
	struct tui_live *tl = calloc(1, sizeof *tl);

	if (!tl) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	tl->o = o;
	tl->fd = tl->tick = -1;
	t->live = tl;
	if (o->live.path)
		return start(t, tl, o->live.path, 0, e);
	if (pstats_load_files(&t->profile, o->files, o->nfiles, e) < 0)
		return -1;
	return live_subtract_files(&t->profile, o->live.since, o->live.nsince, e);
}

void tui_live_free(struct tui *t)
{
	if (!t->live)
		return;
	stop(t, t->live);
	for (int k = 0; k < 3; k++)
		free(t->live->rates[k]);
	free(t->live);
	t->live = NULL;
}

/* `w`: follow the one file given, or stop following. */
static void toggle_watch(struct tui *t, struct tui_live *tl)
{
	const char *path = tl->o->live.path;
	struct err e;

	if (tl->active) {
		stop(t, tl);
		tui_message(t, 0, "stopped watching; the last snapshot stays");
		return;
	}
	if (!path && tl->o->nfiles == 1)
		path = tl->o->files[0];
	if (!path) {
		tui_message(t, 1, "watch: give one FILE (or --watch FILE|DIR) to follow");
		return;
	}
	err_clear(&e);
	if (start(t, tl, path, 1, &e) < 0 || view_refresh(&t->table, &e) < 0) {
		stop(t, tl);
		tui_error_about(t, "watch", &e);
		return;
	}
	tui_message(t, 0, "watching %s", path);
}

int tui_live_action(struct tui *t, enum action a)
{
	struct tui_live *tl = t->live;
	int64_t now = loop_now_ms();
	struct err e;
	int rc = 0;

	if (a != ACT_WATCH && a != ACT_BASELINE && a != ACT_DROP_BASELINE && a != ACT_PAUSE &&
	    a != ACT_RELOAD && a != ACT_MOVERS)
		return 0;
	if (!tl)
		return 1;
	if (a == ACT_WATCH) {
		toggle_watch(t, tl);
		return 1;
	}
	if (!tl->active) {
		tui_message(t, 1, "%s: not watching a file (w starts)", action_defs[a].name);
		return 1;
	}
	err_clear(&e);
	switch (a) {
	case ACT_MOVERS:
		tui_open(t, TV_MOVERS, NULL);
		return 1;
	case ACT_BASELINE:
		rc = live_set_baseline(&tl->live, now, &e) < 0 ? -1 : 1;
		say(t, tl, SAYS_BASELINE, "baseline set: showing only what happens from now on (Z drops it)");
		break;
	case ACT_DROP_BASELINE:
		rc = live_drop_baseline(&tl->live, &e) < 0 ? -1 : 1;
		tui_message(t, 0, "baseline dropped: showing the whole profile");
		break;
	case ACT_PAUSE:
		live_set_paused(&tl->live, !tl->live.paused);
		if (tl->live.paused)
			say(t, tl, SAYS_PAUSED, "paused: no reloads until P");
		else
			tui_message(t, 0, "resumed");
		break;
	default:
		rc = live_reload(&tl->live, now, &e);
		break;
	}
	update(t, tl, rc, &e);
	return 1;
}

const struct live *tui_live_state(struct tui *t)
{
	return t->live && t->live->active ? &t->live->live : NULL;
}

void tui_live_status_parts(struct tui *t, struct status_line *s)
{
	struct tui_live *tl = t->live;

	if (tl && tl->active)
		live_status_parts(&tl->live, loop_now_ms(), !t->utf8, s);
}

size_t tui_status_fit(struct tui *t, const struct status_line *s, char *buf, size_t size)
{
	return status_fit(s, COLS, text_width, t->utf8 ? "\u2026" : "~", buf, size);
}

size_t tui_live_status(struct tui *t, char *buf, size_t len, size_t size)
{
	struct status_line s;

	s.n = 0;
	tui_live_status_parts(t, &s);
	if (!s.n || len + 3 >= size)
		return len;
	buf[len++] = ' ';
	buf[len++] = ' ';
	return len + status_join(&s, buf + len, size - len);
}
