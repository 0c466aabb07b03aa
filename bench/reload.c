/*
 * What a live-mode reload costs, as the UI runs it: two versions of a dump
 * (FILE_A, FILE_B: a profiler's successive snapshots) are renamed in turn
 * over a watched path, and each reload is timed through the live API
 * (stat, decode as read, new-run check, callees index), then what the UI
 * does with it (the table's view refreshed, sorted by cumulative time).
 *
 *   bench/reload FILE_A FILE_B [N]
 *       "first CPU_MS  reload best CPU_MS  p50 CPU_MS  rss MB, MB after 1, MB after N MB
 *       (max dev P%)": CPU time of this process per reload (a shared
 *       machine moves wall time, not CPU time); RSS after the first load,
 *       after the first and the last reload, and the largest deviation
 *       from the first load's.
 *   bench/reload --dir DIR
 *       "open CPU_MS  wall MS  N dumps": live mode opening a directory.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proftop/live.h"
#include "proftop/profile.h"
#include "proftop/view.h"
#include "proftop/pstats_load.h"

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double rss_mb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, res = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return (double)res * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void fail(const char *what, const struct err *e)
{
	char msg[1024];

	err_format(e, msg, sizeof msg);
	fprintf(stderr, "reload: %s: %s\n", what, msg);
}

/* The version `from` becomes the watched file, as a profiler renames it
 * over (a hard link: no copy of 85 MB in the timing's way). */
static int swap_in(const char *from, const char *dir, const char *watched)
{
	char tmp[4200];

	snprintf(tmp, sizeof tmp, "%s/next.prof", dir);
	unlink(tmp);
	if (link(from, tmp) < 0 && symlink(from, tmp) < 0)
		return -1;
	return rename(tmp, watched);
}

/* What the UI does after a reload (tui/live_ui.c): its profile is the one
 * shown (live_show_in), and the table's view is refreshed; the callees
 * index is left to the views that read it, as the table does not. */
static int ui_update(struct profile *ui, struct view *v, struct err *e)
{
	(void)ui;
	return view_refresh(v, e);
}

static int open_dir(const char *dir)
{
	struct names names;
	struct live l;
	struct live_opts o = { 0 };
	struct err e;
	double c0 = cpu_ms(), w0 = wall_ms();

	names_init(&names);
	o.path = dir;
	if (live_open(&l, &names, &o, &e) < 0) {
		fail(dir, &e);
		names_free(&names);
		return 1;
	}
	printf("open %.1f  wall %.1f  %zu dumps\n", cpu_ms() - c0, wall_ms() - w0, l.nloaded);
	live_close(&l);
	names_free(&names);
	return 0;
}

struct bench {
	struct names names;
	struct live l;
	struct profile ui;
	struct view v;
	char dir[64], watched[128];
};

static int start(struct bench *b, const char *first, double *ms, struct err *e)
{
	struct live_opts o = { 0 };
	double c0 = cpu_ms();

	snprintf(b->dir, sizeof b->dir, "/tmp/proftop-reload-XXXXXX");
	if (!mkdtemp(b->dir))
		return -1;
	snprintf(b->watched, sizeof b->watched, "%s/live.prof", b->dir);
	if (swap_in(first, b->dir, b->watched) < 0)
		return -1;
	names_init(&b->names);
	profile_init(&b->ui, &b->names);
	o.path = b->watched;
	o.no_inotify = 1;
	if (live_open(&b->l, &b->names, &o, e) < 0 || !b->l.loads)
		return -1;
	live_show_in(&b->l, &b->ui);
	if (view_open(&b->v, &b->ui, e) < 0 ||
	    view_sort_by_key(&b->v, "cumulative", e) < 0)
		return -1;
	*ms = cpu_ms() - c0;
	return 0;
}

static void finish(struct bench *b)
{
	view_close(&b->v);
	profile_free(&b->ui);
	live_close(&b->l);
	names_free(&b->names);
	unlink(b->watched);
	rmdir(b->dir);
}

int main(int argc, char **argv)
{
	struct bench b;
	struct err e;
	double first, *t, *rss, rss0, dev = 0;
	int n, i, rc = 0;

	if (argc == 3 && strcmp(argv[1], "--dir") == 0)
		return open_dir(argv[2]);
	n = argc > 3 ? atoi(argv[3]) : 20;
	if (argc < 3 || n < 1) {
		fprintf(stderr, "usage: reload FILE_A FILE_B [N] | reload --dir DIR\n");
		return 1;
	}
	t = malloc((size_t)n * sizeof *t);
	rss = malloc((size_t)n * sizeof *rss);
	memset(&b, 0, sizeof b);
	err_clear(&e);
	if (!t || !rss || start(&b, argv[1], &first, &e) < 0) {
		fail(argv[1], &e);
		return 1;
	}
	rss0 = rss_mb();
	for (i = 0; i < n; i++) {
		double c0;
		if (swap_in(argv[1 + (i + 1) % 2], b.dir, b.watched) < 0) {
			perror("reload: rename");
			rc = 1;
			break;
		}
		c0 = cpu_ms();
		if (live_reload(&b.l, (int64_t)wall_ms(), &e) != 1 || ui_update(&b.ui, &b.v, &e) < 0) {
			fail("reload", &e);
			rc = 1;
			break;
		}
		t[i] = cpu_ms() - c0;
		rss[i] = rss_mb();
		if (getenv("RELOAD_TRACE"))
			fprintf(stderr, "reload %d: %.1f ms, %.0f MB\n", i + 1, t[i], rss[i]);
		if (rss[i] / rss0 - 1 > dev || 1 - rss[i] / rss0 > dev)
			dev = rss[i] / rss0 > 1 ? rss[i] / rss0 - 1 : 1 - rss[i] / rss0;
	}
	if (!rc) {
		qsort(t, (size_t)n, sizeof *t, cmp_double);
		printf("first %.1f  reload best %.1f  p50 %.1f  rss %.0f, %.0f after 1, %.0f after %d MB (max dev %.1f%%)\n",
		       first, t[0], t[n / 2], rss0, rss[0], rss[n - 1], n, dev * 100);
	}
	finish(&b);
	free(t);
	free(rss);
	return rc;
}
