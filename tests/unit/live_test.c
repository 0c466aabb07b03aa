/*
 * Live mode without a terminal: a dump rewritten under the watcher in every
 * way a profiler does it (truncate and write in slow chunks, rename over,
 * delete and re-create, clear), baselines, rates and directory mode.  Dumps
 * are written here by a tiny marshal writer, so no Python is needed.
 */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "proftop/delta.h"
#include "proftop/live.h"
#include "proftop/status_line.h"
#include "proftop/pstats.h"

/* ---- a pstats dump writer (marshal version 2 shapes) ---- */

struct buf {
	unsigned char *b;
	size_t n, cap;
};

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		b->b = realloc(b->b, b->cap);
		if (!b->b)
			abort();
	}
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void put_byte(struct buf *b, int c)
{
	unsigned char x = (unsigned char)c;
	put(b, &x, 1);
}

static void put_i32(struct buf *b, int32_t v)
{
	uint32_t u = (uint32_t)v;
	unsigned char x[4] = { (unsigned char)u, (unsigned char)(u >> 8), (unsigned char)(u >> 16),
			       (unsigned char)(u >> 24) };
	put(b, x, 4);
}

static void put_int(struct buf *b, int32_t v)
{
	put_byte(b, 'i');
	put_i32(b, v);
}

static void put_float(struct buf *b, double d)
{
	uint64_t u;
	int i;

	memcpy(&u, &d, sizeof u);
	put_byte(b, 'g');
	for (i = 0; i < 8; i++)
		put_byte(b, (int)(u >> (8 * i)) & 0xff);
}

static void put_str(struct buf *b, const char *s)
{
	put_byte(b, 'u');
	put_i32(b, (int32_t)strlen(s));
	put(b, s, strlen(s));
}

static void put_key(struct buf *b, const char *name)
{
	put_byte(b, '(');
	put_i32(b, 3);
	put_str(b, "app.py");
	put_int(b, (int32_t)strlen(name));   /* any stable line number */
	put_str(b, name);
}

/* A function of the test program: calls, and its caller (or NULL). */
struct tfunc {
	const char *name;
	int nc;
	double tt, ct;
	const char *caller;
};

static void make_dump(struct buf *b, const struct tfunc *f, size_t n)
{
	size_t i;

	b->n = 0;
	put_byte(b, '{');
	for (i = 0; i < n; i++) {
		put_key(b, f[i].name);
		put_byte(b, '(');
		put_i32(b, 5);
		put_int(b, f[i].nc);
		put_int(b, f[i].nc);
		put_float(b, f[i].tt);
		put_float(b, f[i].ct);
		put_byte(b, '{');
		if (f[i].caller) {
			put_key(b, f[i].caller);
			put_byte(b, '(');
			put_i32(b, 4);
			put_int(b, f[i].nc);
			put_int(b, f[i].nc);
			put_float(b, f[i].tt);
			put_float(b, f[i].ct);
		}
		put_byte(b, '0');
	}
	put_byte(b, '0');
}

/* The dumps of one "run": main() calls work(), calls grow with k. */
static void run_dump(struct buf *b, int k)
{
	struct tfunc f[3] = {
		{ "main", 1, 0.5, 1.0 + k, NULL },
		{ "work", 10 * k, 0.25 * k, 0.5 * k, "main" },
		{ "idle", 3, 0.125, 0.125, "main" },
	};
	make_dump(b, f, 3);
}

static char dir[256];

static const char *at(const char *name)
{
	static char path[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof path[i], "%s/%s", dir, name);
	return path[i];
}

static void write_file(const char *path, const struct buf *b, size_t upto)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, b->b, upto) != (ssize_t)upto || close(fd) < 0)
		abort();
}

static void write_slowly(const char *path, const struct buf *b, size_t chunk, int sleep_us)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t off;

	if (fd < 0)
		abort();
	for (off = 0; off < b->n; off += chunk) {
		size_t n = b->n - off < chunk ? b->n - off : chunk;
		if (write(fd, b->b + off, n) != (ssize_t)n)
			abort();
		usleep((useconds_t)sleep_us);
	}
	close(fd);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fake time: each step is past every debounce. */
static int64_t clock_ms;

static int step(struct live *l)
{
	struct err e;
	int rc;

	clock_ms += 1100;
	live_on_event(l, clock_ms);
	rc = live_poll(l, clock_ms, &e);
	if (rc < 0)
		printf("    live_poll: %s\n", e.msg);
	return rc;
}

static uint32_t fid(struct names *n, const char *name)
{
	uint32_t file = strtab_find(&n->strs, "app.py", 6);
	uint32_t nm = strtab_find(&n->strs, name, strlen(name));

	if (file == NO_ID || nm == NO_ID)
		return NO_ID;
	return names_find(n, file, (int64_t)strlen(name), nm);
}

static int64_t calls_of(struct live *l, const char *name)
{
	uint32_t id = fid(l->names, name);
	struct profile *p = live_shown(l);

	if (id == NO_ID || id >= p->cap_stats || !p->stats[id].in_stats)
		return -1;
	return p->stats[id].nc;
}

static int open_live(struct live *l, struct names *n, const char *path, int no_inotify)
{
	struct live_opts o = { 0 };
	struct err e;

	o.path = path;
	o.interval_ms = 1000;
	o.no_inotify = no_inotify;
	clock_ms = mono_ms();
	o.now_ms = clock_ms;
	if (live_open(l, n, &o, &e) < 0) {
		printf("    live_open: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static void test_file(int no_inotify)
{
	const char *mode = no_inotify ? "polling" : "inotify";
	struct names n;
	struct live l;
	struct buf b = { 0 };
	char name[128], status[512];
	struct err e;
	int changed;

	names_init(&n);
	unlink(at("app.prof"));
	run_dump(&b, 1);
	CHECK("open waits for a missing file", open_live(&l, &n, at("app.prof"), no_inotify) == 0 &&
	      l.state == LIVE_WAITING && live_shown(&l)->norder == 0);
	live_status(&l, clock_ms, 1, status, sizeof status);
	snprintf(name, sizeof name, "%s: status says waiting", mode);
	CHECK(name, strstr(status, "waiting for ") != NULL);

	write_file(at("app.prof"), &b, b.n);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: a created file is loaded", mode);
	CHECK(name, changed == 1 && l.state == LIVE_OK && calls_of(&l, "work") == 10);

	/* truncated, then half written: the last good snapshot stays */
	run_dump(&b, 2);
	write_file(at("app.prof"), &b, 0);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: an empty file keeps the last snapshot", mode);
	CHECK(name, changed == 0 && l.state == LIVE_RETRYING && calls_of(&l, "work") == 10);
	write_file(at("app.prof"), &b, b.n / 2);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: a half-written file keeps the last snapshot", mode);
	CHECK(name, changed == 0 && l.state == LIVE_RETRYING && calls_of(&l, "work") == 10);
	live_status(&l, clock_ms + 600, 1, status, sizeof status);
	snprintf(name, sizeof name, "%s: status says retrying", mode);
	CHECK(name, strstr(status, "being written") != NULL);
	write_file(at("app.prof"), &b, b.n);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: the completed file is loaded", mode);
	CHECK(name, changed == 1 && l.state == LIVE_OK && calls_of(&l, "work") == 20 &&
	      l.total_delta == 10 && l.new_run_ms == 0);

	/* rename over */
	run_dump(&b, 3);
	write_file(at("app.prof.tmp"), &b, b.n);
	rename(at("app.prof.tmp"), at("app.prof"));
	changed = step(&l);
	snprintf(name, sizeof name, "%s: a file renamed over is loaded", mode);
	CHECK(name, changed == 1 && calls_of(&l, "work") == 30);

	/* deleted: waiting, last snapshot kept; re-created smaller: new run */
	unlink(at("app.prof"));
	changed = step(&l);
	snprintf(name, sizeof name, "%s: a deleted file is waited for", mode);
	CHECK(name, changed == 0 && l.state == LIVE_WAITING && calls_of(&l, "work") == 30);
	run_dump(&b, 1);
	write_file(at("app.prof"), &b, b.n);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: a re-created file is followed as a new run", mode);
	CHECK(name, changed == 1 && l.state == LIVE_OK && calls_of(&l, "work") == 10 && l.new_run_ms != 0);
	live_status(&l, clock_ms, 0, status, sizeof status);
	snprintf(name, sizeof name, "%s: status says new run", mode);
	CHECK(name, strstr(status, "new run") != NULL && strstr(status, "\xc2\xb7") != NULL);

	/* baseline: only what happens after it */
	CHECK("baseline set", live_set_baseline(&l, clock_ms, &e) == 0 && live_shown(&l)->norder == 0);
	run_dump(&b, 4);
	write_file(at("app.prof"), &b, b.n);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: with a baseline, only the new calls", mode);
	CHECK(name, changed == 1 && calls_of(&l, "work") == 30 && calls_of(&l, "idle") == -1 &&
	      calls_of(&l, "main") == 0 && live_shown(&l)->total_calls == 30);
	CHECK("baseline dropped shows everything", live_drop_baseline(&l, &e) == 0 &&
	      calls_of(&l, "work") == 40 && calls_of(&l, "idle") == 3);
	CHECK("baseline again", live_set_baseline(&l, clock_ms, &e) == 0);
	/* cleared: the baseline no longer applies */
	run_dump(&b, 2);
	write_file(at("app.prof"), &b, b.n);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: a cleared profiler drops a z baseline", mode);
	CHECK(name, changed == 1 && !l.has_baseline && calls_of(&l, "work") == 20 && l.new_run_ms != 0);

	/* pause: nothing moves; R while paused still reloads */
	live_set_paused(&l, 1);
	run_dump(&b, 5);
	write_file(at("app.prof"), &b, b.n);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: paused, nothing is reloaded", mode);
	CHECK(name, changed == 0 && calls_of(&l, "work") == 20);
	live_set_paused(&l, 0);
	changed = step(&l);
	snprintf(name, sizeof name, "%s: resumed, the change is loaded", mode);
	CHECK(name, changed == 1 && calls_of(&l, "work") == 50);

	/* the path turns into a directory, then a FIFO: never blocks */
	unlink(at("app.prof"));
	mkdir(at("app.prof"), 0755);
	step(&l);
	snprintf(name, sizeof name, "%s: a directory is reported, snapshot kept", mode);
	CHECK(name, l.state == LIVE_BAD && strstr(l.err.msg, "directory") && calls_of(&l, "work") == 50);
	rmdir(at("app.prof"));
	if (mkfifo(at("app.prof"), 0644) == 0) {
		alarm(20);
		step(&l);
		alarm(0);
		snprintf(name, sizeof name, "%s: a FIFO is reported without blocking", mode);
		CHECK(name, l.state == LIVE_BAD && strstr(l.err.msg, "regular") && calls_of(&l, "work") == 50);
		unlink(at("app.prof"));
	}
	/* a huge (sparse) file is refused without being read */
	{
		int fd = open(at("app.prof"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int ok = fd >= 0 && ftruncate(fd, (off_t)3 << 30) == 0;
		if (fd >= 0)
			close(fd);
		if (ok) {
			int64_t t0 = mono_ms();
			step(&l);
			snprintf(name, sizeof name, "%s: a huge file is refused at once, snapshot kept", mode);
			CHECK(name, l.state == LIVE_BAD && strstr(l.err.msg, "too large") &&
			      calls_of(&l, "work") == 50 && mono_ms() - t0 < 1000);
		}
		unlink(at("app.prof"));
	}
	/* unreadable (root reads anything: then as nobody, in a child) */
	write_file(at("app.prof"), &b, b.n);
	chmod(at("app.prof"), 0);
	snprintf(name, sizeof name, "%s: an unreadable file is reported", mode);
	if (geteuid() != 0) {
		step(&l);
		CHECK(name, l.state == LIVE_BAD && strstr(l.err.msg, "cannot open") && calls_of(&l, "work") == 50);
	} else {
		pid_t child;
		int wstatus = -1;
		chmod(dir, 0755);
		fflush(stdout);
		child = fork();
		if (child == 0) {
			struct names n2;
			struct live l2;
			names_init(&n2);
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(2);
			if (open_live(&l2, &n2, at("app.prof"), no_inotify) < 0)
				_exit(1);
			_exit(l2.state == LIVE_BAD && strstr(l2.err.msg, "Permission denied") && !l2.loads ? 0 : 1);
		}
		if (child > 0)
			waitpid(child, &wstatus, 0);
		chmod(dir, 0700);
		if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 2)
			printf("SKIP: %s: cannot become nobody\n", name);
		else
			CHECK(name, WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
	}
	chmod(at("app.prof"), 0644);
	unlink(at("app.prof"));
	/* garbage that stays: bad after a while, not retried forever */
	write_file(at("app.prof"), &(struct buf){ (unsigned char *)"not a dump", 10, 10 }, 10);
	step(&l);
	step(&l);
	step(&l);
	snprintf(name, sizeof name, "%s: a file that never parses turns bad", mode);
	CHECK(name, l.state == LIVE_BAD && calls_of(&l, "work") == 50);
	live_close(&l);
	names_free(&n);
	free(b.b);
	unlink(at("app.prof"));
}

/* A writer truncating and writing in slow chunks while the watcher runs in
 * real time: every snapshot shown is a complete one. */
static void test_slow_writer(void)
{
	struct names n;
	struct live l;
	struct buf b = { 0 };
	int64_t end, last_seen = 10;
	int bad = 0, rounds, loads;
	pid_t child;

	names_init(&n);
	run_dump(&b, 1);
	write_file(at("slow.prof"), &b, b.n);
	if (open_live(&l, &n, at("slow.prof"), 0) < 0)
		return;
	loads = (int)l.loads;
	child = fork();
	if (child == 0) {
		for (rounds = 2; rounds <= 5; rounds++) {
			run_dump(&b, rounds);
			write_slowly(at("slow.prof"), &b, 7, 20000);
			usleep(150000);
		}
		_exit(0);
	}
	end = mono_ms() + 8000;
	while (mono_ms() < end) {
		struct err e;
		int64_t w;
		live_on_event(&l, mono_ms());
		if (live_poll(&l, mono_ms(), &e) < 0)
			bad++;
		w = calls_of(&l, "work");
		if (w % 10 != 0 || w < last_seen)
			bad++;
		last_seen = w;
		if (waitpid(child, NULL, WNOHANG) == child) {
			child = 0;
			usleep(300000);
			live_on_event(&l, mono_ms());
			live_poll(&l, mono_ms(), &e);
			break;
		}
		usleep(5000);
	}
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	CHECK("slow chunked writer: never a partial snapshot", bad == 0);
	CHECK("slow chunked writer: ends on the last dump", calls_of(&l, "work") == 50 && l.state == LIVE_OK);
	CHECK("slow chunked writer: caught mid-write at least once", l.failed_loads > 0);
	CHECK("slow chunked writer: several snapshots loaded", l.loads > (unsigned long long)loads + 1);
	live_close(&l);
	names_free(&n);
	free(b.b);
}

/* ---- a load a slice at a time (the UI's, between keys) ---- */

#define SLICED_FUNCS 2000

/* run_dump's functions and SLICED_FUNCS more: a dump of many slices. */
static void sliced_dump(struct buf *b, int k)
{
	static char names[SLICED_FUNCS][16];
	struct tfunc f[3 + SLICED_FUNCS] = {
		{ "main", 1, 0.5, 1.0 + k, NULL },
		{ "work", 10 * k, 0.25 * k, 0.5 * k, "main" },
		{ "idle", 3, 0.125, 0.125, "main" },
	};
	size_t i;

	for (i = 0; i < SLICED_FUNCS; i++) {
		snprintf(names[i], sizeof names[i], "f%zu", i);
		f[3 + i] = (struct tfunc){ names[i], k, 0.001, 0.001, "work" };
	}
	make_dump(b, f, 3 + SLICED_FUNCS);
}

/* live_poll at a fake time past every debounce. */
static int poll_now(struct live *l)
{
	struct err e;

	clock_ms += 1100;
	live_on_event(l, clock_ms);
	return live_poll(l, clock_ms, &e);
}

/* Slices until the load under way ends: how many; *shown 1 when one
 * showed a new snapshot, -1 on an error. */
static int work_all(struct live *l, int *shown)
{
	struct err e;
	int n = 0, rc;

	*shown = 0;
	while (live_loading(l) && n < 100000) {
		rc = live_work(l, &e);
		if (rc < 0 || (rc > 0 && *shown))
			*shown = -1;
		else if (rc > 0)
			*shown = 1;
		n++;
	}
	return n;
}

static void test_sliced(void)
{
	struct names n;
	struct live l;
	struct buf b = { 0 }, half = { 0 };
	int slices, shown;

	names_init(&n);
	sliced_dump(&b, 1);
	write_file(at("sliced.prof"), &b, b.n);
	if (open_live(&l, &n, at("sliced.prof"), 1) < 0)
		return;
	CHECK("sliced: the first load is whole", l.state == LIVE_OK && !live_loading(&l) &&
	      calls_of(&l, "work") == 10);
	live_set_step(&l, 1);   /* a microsecond: every slice stops at its first look at the clock */

	/* the table alone reads no callees: no index is built for it */
	CHECK("sliced: the first load builds no callees index", !live_shown(&l)->finished);
	sliced_dump(&b, 8);
	write_file(at("sliced.prof"), &b, b.n);
	poll_now(&l);
	work_all(&l, &shown);
	CHECK("sliced: ... nor a reload while none is read", shown == 1 && !live_shown(&l)->finished &&
	      calls_of(&l, "work") == 80);

	/* a view read the callees: the next snapshot's index is built, in slices */
	CHECK("sliced: a view builds the index", profile_finish(live_shown(&l)) == 0);
	sliced_dump(&b, 2);
	write_file(at("sliced.prof"), &b, b.n);
	CHECK("sliced: a reload starts, the old snapshot shown", poll_now(&l) == 0 && live_loading(&l) &&
	      calls_of(&l, "work") == 80);
	slices = work_all(&l, &shown);
	CHECK("sliced: ... it takes several slices, shown once complete, its index built", slices >= 4 &&
	      shown == 1 && calls_of(&l, "work") == 20 && l.state == LIVE_OK && live_shown(&l)->finished);

	/* rewritten while it loads: dropped, the new version loaded next */
	sliced_dump(&b, 3);
	write_file(at("sliced.prof"), &b, b.n);
	poll_now(&l);
	live_work(&l, &(struct err){ 0 });
	sliced_dump(&b, 4);
	write_file(at("sliced.prof.tmp"), &b, b.n);
	rename(at("sliced.prof.tmp"), at("sliced.prof"));
	work_all(&l, &shown);
	CHECK("sliced: rewritten while loading: nothing half-read shown", shown == 0 &&
	      calls_of(&l, "work") == 20);
	poll_now(&l);
	work_all(&l, &shown);
	CHECK("sliced: ... the new version loaded next", shown == 1 && calls_of(&l, "work") == 40);

	/* half-written: read to its end, the last good snapshot kept */
	sliced_dump(&half, 5);
	write_file(at("sliced.prof"), &half, half.n / 2);
	poll_now(&l);
	slices = work_all(&l, &shown);
	CHECK("sliced: a half-written dump keeps the last snapshot", slices >= 2 && shown == 0 &&
	      l.state == LIVE_RETRYING && calls_of(&l, "work") == 40);

	/* deleted while it loads: waited for, the last snapshot kept */
	write_file(at("sliced.prof"), &half, half.n);
	poll_now(&l);
	live_work(&l, &(struct err){ 0 });
	unlink(at("sliced.prof"));
	work_all(&l, &shown);
	poll_now(&l);
	CHECK("sliced: deleted while loading: waited for", shown == 0 && !live_loading(&l) &&
	      l.state == LIVE_WAITING && calls_of(&l, "work") == 40);
	write_file(at("sliced.prof"), &half, half.n);
	poll_now(&l);
	work_all(&l, &shown);
	CHECK("sliced: ... and loaded when re-created", shown == 1 && calls_of(&l, "work") == 50);

	/* paused while it loads: dropped, loaded on resuming */
	write_file(at("sliced.prof"), &b, b.n);
	poll_now(&l);
	live_set_paused(&l, 1);
	CHECK("sliced: pausing drops a load under way", !live_loading(&l) && calls_of(&l, "work") == 50);
	live_set_paused(&l, 0);
	poll_now(&l);
	work_all(&l, &shown);
	CHECK("sliced: ... resumed, it is loaded", shown == 1 && calls_of(&l, "work") == 40);

	/* R: reloaded a slice at a time too */
	sliced_dump(&b, 7);
	write_file(at("sliced.prof"), &b, b.n);
	CHECK("sliced: R starts a load", live_reload(&l, clock_ms, &(struct err){ 0 }) == 0 &&
	      live_loading(&l) && calls_of(&l, "work") == 40);
	slices = work_all(&l, &shown);
	CHECK("sliced: ... finished by slices", slices >= 4 && shown == 1 && calls_of(&l, "work") == 70);

	/* closed while it loads: nothing leaks (ASan) */
	sliced_dump(&b, 6);
	write_file(at("sliced.prof"), &b, b.n);
	poll_now(&l);
	live_work(&l, &(struct err){ 0 });
	CHECK("sliced: closed while loading", live_loading(&l));
	live_close(&l);
	names_free(&n);
	free(b.b);
	free(half.b);
	unlink(at("sliced.prof"));
}

static void test_rates(void)
{
	struct names n;
	struct live l;
	struct buf b = { 0 };
	const struct live_rate *r;
	double hist[LIVE_HISTORY];
	size_t nh;
	struct err e;
	uint32_t work;

	names_init(&n);
	run_dump(&b, 1);
	write_file(at("rates.prof"), &b, b.n);
	if (open_live(&l, &n, at("rates.prof"), 0) < 0)
		return;
	work = fid(&n, "work");
	CHECK("rates: none before two samples", live_rate_of(&l, work) == NULL);
	run_dump(&b, 3);
	write_file(at("rates.prof"), &b, b.n);
	clock_ms += 2000;   /* two seconds later: 20 calls */
	live_on_event(&l, clock_ms);
	live_poll(&l, clock_ms, &e);
	r = live_rate_of(&l, work);
	CHECK("rates: calls and calls/s", r && r->dcalls == 20 && r->calls_s == 10.0);
	CHECK("rates: time/s", r && r->dtt == 0.5 && r->tt_s == 0.25);
	CHECK("rates: all calls/s", l.calls_s == 10.0);
	clock_ms += 1000;   /* nothing new: falls to zero */
	live_poll(&l, clock_ms, &e);
	r = live_rate_of(&l, work);
	CHECK("rates: zero when nothing happens", r && r->dcalls == 0 && r->calls_s == 0);
	nh = live_history(&l, work, hist, LIVE_HISTORY);
	CHECK("rates: history oldest first", nh == 2 && hist[0] == 10.0 && hist[1] == 0);
	live_set_paused(&l, 1);
	clock_ms += 5000;
	live_poll(&l, clock_ms, &e);
	CHECK("rates: kept while paused", live_rate_of(&l, work) != NULL && live_history(&l, work, hist, 8) == 2);
	live_set_paused(&l, 0);
	run_dump(&b, 1);    /* cleared */
	write_file(at("rates.prof"), &b, b.n);
	clock_ms += 1100;
	live_on_event(&l, clock_ms);
	live_poll(&l, clock_ms, &e);
	CHECK("rates: restart on a new run", live_rate_of(&l, work) == NULL && l.new_run_ms);
	live_close(&l);
	names_free(&n);
	free(b.b);
}

/* z: the rates start at the baseline, so until the next interval +calls
 * counts what the rows count. */
static void test_baseline_rates(void)
{
	struct names n;
	struct live l;
	struct buf b = { 0 };
	const struct live_rate *r;
	struct err e;
	uint32_t work;

	names_init(&n);
	run_dump(&b, 1);
	write_file(at("zrates.prof"), &b, b.n);
	if (open_live(&l, &n, at("zrates.prof"), 0) < 0)
		return;
	work = fid(&n, "work");
	run_dump(&b, 3);
	write_file(at("zrates.prof"), &b, b.n);
	clock_ms += 1000;   /* a sample: 20 calls in the last second */
	live_on_event(&l, clock_ms);
	live_poll(&l, clock_ms, &e);
	CHECK("baseline rates: 20 calls before z", (r = live_rate_of(&l, work)) && r->dcalls == 20);
	live_set_baseline(&l, clock_ms, &e);
	r = live_rate_of(&l, work);
	CHECK("baseline rates: 0 right after z", r && r->dcalls == 0 && r->calls_s == 0 &&
	      live_shown(&l)->stats[work].nc == 0);
	run_dump(&b, 4);
	write_file(at("zrates.prof"), &b, b.n);
	clock_ms += 250;    /* a load within the interval, once the writes settled */
	live_on_event(&l, clock_ms);
	clock_ms += 50;
	live_poll(&l, clock_ms, &e);
	r = live_rate_of(&l, work);
	CHECK("baseline rates: +calls counts from the baseline, as the rows do",
	      r && r->dcalls == 10 && live_shown(&l)->stats[work].nc == 10);
	CHECK("baseline rates: over the time since the baseline's snapshot", r && l.span_ms == 300);
	live_close(&l);
	names_free(&n);
	free(b.b);
}

/* Status lines keep whole parts by priority (widths in bytes here). */
static int byte_width(const char *s, size_t len)
{
	(void)s;
	return (int)len;
}

static void test_status_fit(void)
{
	struct status_line s;
	char buf[512];

	s.n = 0;
	status_add(&s, SP_POSITION, "", " 3/40");
	status_add(&s, SP_SORT, "  ", "sort: cumulative time");
	status_shorten_last(&s);
	status_add(&s, SP_MODE, "  ", "live");
	status_add(&s, SP_AGE, " - ", "updated 2s ago");
	status_add(&s, SP_TOTAL, " - ", "48,210 calls (+3,105)");
	status_add(&s, SP_RATE, " - ", "900 calls/s");
	status_join(&s, buf, sizeof buf);
	CHECK("status: all parts joined",
	      strcmp(buf, " 3/40  sort: cumulative time  live - updated 2s ago - 48,210 calls (+3,105) - 900 calls/s") == 0);
	status_fit(&s, 200, byte_width, "~", buf, sizeof buf);
	CHECK("status: all fit when wide", strlen(buf) == 89);
	status_fit(&s, 60, byte_width, "~", buf, sizeof buf);
	CHECK("status: the totals go first, then the age",
	      strcmp(buf, " 3/40  sort: cumulative time  live - 900 calls/s") == 0);
	status_fit(&s, 30, byte_width, "~", buf, sizeof buf);
	CHECK("status: a long sort is cut with an ellipsis before the mode goes",
	      strcmp(buf, " 3/40  sort: cumulative~  live") == 0);
	status_fit(&s, 6, byte_width, "~", buf, sizeof buf);
	CHECK("status: the position stays", strcmp(buf, " 3/40") == 0);
}

static void test_dir(void)
{
	struct names n;
	struct live l;
	struct buf b = { 0 };
	struct live_opts o = { 0 };
	char sub[600];
	struct err e;
	int changed;

	names_init(&n);
	snprintf(sub, sizeof sub, "%s/dumps", dir);
	mkdir(sub, 0755);
	run_dump(&b, 1);
	write_file(at("dumps/GET.root.1ms.1.prof"), &b, b.n);
	write_file(at("dumps/GET.root.1ms.2.prof"), &b, b.n);
	write_file(at("dumps/notes.txt"), &b, b.n);
	o.path = sub;
	o.interval_ms = 1000;
	clock_ms = mono_ms();
	o.now_ms = clock_ms;
	CHECK("dir: opens", live_open(&l, &n, &o, &e) == 0);
	CHECK("dir: merges the matching dumps", l.is_dir && l.nloaded == 2 && calls_of(&l, "work") == 20 &&
	      calls_of(&l, "main") == 2);
	run_dump(&b, 2);
	write_file(at("dumps/GET.root.1ms.3.prof"), &b, b.n / 2);
	changed = step(&l);
	CHECK("dir: a half-written dump waits", changed == 0 && l.nloaded == 2);
	write_file(at("dumps/GET.root.1ms.3.prof"), &b, b.n);
	changed = step(&l);
	CHECK("dir: a new dump is added once complete", changed == 1 && l.nloaded == 3 &&
	      calls_of(&l, "work") == 40 && l.total_delta == 24);
	changed = step(&l);
	CHECK("dir: nothing new, nothing reloaded", changed == 0 && l.nloaded == 3 && calls_of(&l, "work") == 40);
	CHECK("dir: baseline", live_set_baseline(&l, clock_ms, &e) == 0);
	write_file(at("dumps/GET.root.1ms.4.prof"), &b, b.n);
	changed = step(&l);
	CHECK("dir: baseline shows only the new dump", changed == 1 && calls_of(&l, "work") == 20 &&
	      calls_of(&l, "main") == 1);
	live_drop_baseline(&l, &e);
	unlink(at("dumps/GET.root.1ms.1.prof"));
	step(&l);
	CHECK("dir: a vanished dump keeps its part", calls_of(&l, "work") == 60);
	CHECK("dir: R rescans without it", live_reload(&l, clock_ms, &e) == 1 && l.nloaded == 3 &&
	      calls_of(&l, "work") == 50);
	run_dump(&b, 5);
	write_file(at("dumps/GET.root.1ms.2.prof"), &b, b.n);
	changed = step(&l);
	CHECK("dir: a rewritten dump replaces its part", changed == 1 && l.nloaded == 3 &&
	      calls_of(&l, "work") == 90 && l.total_delta == 40);
	live_close(&l);
	names_free(&n);
	free(b.b);
}

static void test_subtract(void)
{
	struct names n;
	struct profile a, c, d;
	struct buf b = { 0 };
	struct err e;
	uint32_t work, mainf;

	names_init(&n);
	profile_init(&a, &n);
	profile_init(&c, &n);
	profile_init(&d, &n);
	run_dump(&b, 2);
	pstats_decode(&a, b.b, b.n, "a", &e);
	run_dump(&b, 7);
	pstats_decode(&c, b.b, b.n, "c", &e);
	CHECK("subtract: runs", delta_subtract(&d, &c, &a) == 0);
	work = fid(&n, "work");
	mainf = fid(&n, "main");
	CHECK("subtract: function numbers are new minus old",
	      d.stats[work].nc == 50 && d.stats[work].tt == 0.25 * 7 - 0.25 * 2 &&
	      d.stats[work].ct == 0.5 * 7 - 0.5 * 2);
	CHECK("subtract: unchanged functions left out", d.norder == 2 && !d.stats[fid(&n, "idle")].in_stats);
	CHECK("subtract: edges are new minus old", d.stats[work].edge_cnt == 1 &&
	      d.edges[d.stats[work].edge_off].caller == mainf &&
	      d.edges[d.stats[work].edge_off].st.nc == 50);
	CHECK("subtract: totals recomputed", d.total_calls == 50 && d.total_tt == 0.25 * 7 - 0.25 * 2);
	CHECK("subtract: a function with only time changed stays", d.stats[mainf].in_stats &&
	      d.stats[mainf].nc == 0 && d.stats[mainf].ct == 5.0);
	profile_free(&d);
	profile_init(&d, &n);
	CHECK("copy: same numbers", profile_copy(&d, &c) == 0 && d.norder == c.norder &&
	      d.stats[work].nc == 70 && d.total_calls == c.total_calls && d.nedges == c.nedges);
	profile_free(&a);
	profile_free(&c);
	profile_free(&d);
	names_free(&n);
	free(b.b);
}

int main(void)
{
	const char *tmp = getenv("TESTTMP");

	snprintf(dir, sizeof dir, "%s/live_testXXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("FAIL: live: cannot make a scratch directory\n");
		return 1;
	}
	test_subtract();
	test_file(0);
	test_file(1);
	test_rates();
	test_baseline_rates();
	test_status_fit();
	test_dir();
	test_slow_writer();
	test_sliced();
	if (!check_failures) {
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("    could not remove %s\n", dir);
	}
	return CHECK_DONE();
}
