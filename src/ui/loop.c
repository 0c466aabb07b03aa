/* poll() over registered fds and timers. */
#include "autoconfig.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include "proftop/util.h"
#include "proftop/loop.h"

int64_t loop_now_ms(void)
{
	return mono_us() / 1000;
}

void loop_init(struct loop *l)
{
	memset(l, 0, sizeof *l);
}

int loop_watch_fd(struct loop *l, int fd, short events, loop_fd_cb cb, void *data)
{
	if (l->nwatch == LOOP_MAX_WATCHES)
		return -1;
	l->watch[l->nwatch].fd = fd;
	l->watch[l->nwatch].events = events;
	l->watch[l->nwatch].cb = cb;
	l->watch[l->nwatch++].data = data;
	return 0;
}

void loop_unwatch_fd(struct loop *l, int fd)
{
	int i;

	for (i = 0; i < l->nwatch; i++)
		if (l->watch[i].fd == fd) {
			memmove(&l->watch[i], &l->watch[i + 1], (size_t)(l->nwatch - i - 1) * sizeof l->watch[0]);
			l->nwatch--;
			return;
		}
}

int loop_add_tick(struct loop *l, int64_t interval_ms, loop_tick_cb cb, void *data)
{
	int i;

	for (i = 0; i < LOOP_MAX_TICKS; i++)
		if (!l->tick[i].cb) {
			l->tick[i].interval_ms = interval_ms > 0 ? interval_ms : 1;
			l->tick[i].due_ms = loop_now_ms() + l->tick[i].interval_ms;
			l->tick[i].cb = cb;
			l->tick[i].data = data;
			if (i >= l->ntick)
				l->ntick = i + 1;
			return i;
		}
	return -1;
}

void loop_remove_tick(struct loop *l, int handle)
{
	if (handle >= 0 && handle < LOOP_MAX_TICKS)
		l->tick[handle].cb = NULL;
}

/* The wait until the next tick, capped by the caller's timeout. */
static int next_timeout(const struct loop *l, int timeout_ms, int64_t now)
{
	int i;

	for (i = 0; i < l->ntick; i++) {
		int64_t left;
		if (!l->tick[i].cb)
			continue;
		left = l->tick[i].due_ms - now;
		if (left < 0)
			left = 0;
		if (timeout_ms < 0 || left < timeout_ms)
			timeout_ms = (int)left;
	}
	return timeout_ms;
}

static int run_ticks(struct loop *l)
{
	int64_t now = loop_now_ms();
	int i, ran = 0;

	for (i = 0; i < l->ntick; i++)
		if (l->tick[i].cb && l->tick[i].due_ms <= now) {
			l->tick[i].due_ms = now + l->tick[i].interval_ms;
			l->tick[i].cb(l->tick[i].data);
			ran++;
		}
	return ran;
}

void loop_set_work(struct loop *l, loop_work_cb cb, void *data)
{
	l->work = cb;
	l->work_data = data;
	l->work_pending = 0;
}

void loop_wake_work(struct loop *l)
{
	l->work_pending = l->work != NULL;
}

/* One slice of the background work, after the events: a key waits at most
 * one slice. */
static int run_work(struct loop *l)
{
	if (!l->work_pending || !l->work)
		return 0;
	l->work_pending = l->work(l->work_data) > 0;
	return 1;
}

int loop_run_once(struct loop *l, int timeout_ms)
{
	struct pollfd fds[LOOP_MAX_WATCHES];
	int i, n = l->nwatch, rc, ran = 0;

	for (i = 0; i < n; i++) {
		fds[i].fd = l->watch[i].fd;
		fds[i].events = l->watch[i].events;
		fds[i].revents = 0;
	}
	rc = poll(fds, (nfds_t)n, l->work_pending ? 0 : next_timeout(l, timeout_ms, loop_now_ms()));
	if (rc < 0 && errno != EINTR)
		return -1;
	/* Callbacks may unwatch: match by fd, not by index. */
	for (i = 0; rc > 0 && i < n; i++) {
		int k;
		if (!fds[i].revents)
			continue;
		for (k = 0; k < l->nwatch; k++)
			if (l->watch[k].fd == fds[i].fd) {
				l->watch[k].cb(fds[i].fd, fds[i].revents, l->watch[k].data);
				ran++;
				break;
			}
	}
	ran += run_ticks(l);
	return ran + run_work(l);
}
