/*
 * The one event loop: poll() over the terminal and any other registered file
 * descriptors (live mode's inotify fd, a child's pipe), plus periodic ticks.
 * Nothing in the UI blocks anywhere else.  Curses-free.
 */
#ifndef PROFTOP_LOOP_H
#define PROFTOP_LOOP_H

#include <stdint.h>

#define LOOP_MAX_WATCHES 16
#define LOOP_MAX_TICKS 8

/* Called when fd is readable (or errored); `revents` as poll() gives it. */
typedef void (*loop_fd_cb)(int fd, short revents, void *data);
/* Called every `interval_ms`, at the earliest. */
typedef void (*loop_tick_cb)(void *data);
/* A slice of background work: 1 while more is left. */
typedef int (*loop_work_cb)(void *data);

struct loop {
	struct { int fd; short events; loop_fd_cb cb; void *data; } watch[LOOP_MAX_WATCHES];
	int nwatch;
	struct { int64_t interval_ms, due_ms; loop_tick_cb cb; void *data; } tick[LOOP_MAX_TICKS];
	int ntick;
	loop_work_cb work;
	void *work_data;
	int work_pending;
	int quit;
};

void loop_init(struct loop *l);
/* Watches fd for `events` (POLLIN...); -1 when full. */
int loop_watch_fd(struct loop *l, int fd, short events, loop_fd_cb cb, void *data);
void loop_unwatch_fd(struct loop *l, int fd);
/* Calls cb every interval_ms; returns a handle for loop_remove_tick, -1 when full. */
int loop_add_tick(struct loop *l, int64_t interval_ms, loop_tick_cb cb, void *data);
void loop_remove_tick(struct loop *l, int handle);
/* Background work, one slice per turn while it says more is left: the
 * loop then only looks for events, it does not wait.  cb NULL removes it;
 * loop_wake_work says there is work again. */
void loop_set_work(struct loop *l, loop_work_cb cb, void *data);
void loop_wake_work(struct loop *l);
/* Waits up to timeout_ms (-1: until something happens) and runs what is
 * ready.  Returns the number of callbacks run, 0 on timeout or a signal. */
int loop_run_once(struct loop *l, int timeout_ms);
int64_t loop_now_ms(void);

#endif
