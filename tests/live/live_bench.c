/*
 * What a live reload costs: FILE_A and FILE_B (two versions of one big dump)
 * are renamed in turn over a watched path and each reload is timed, as the
 * UI's tick would run it (read, hash, decode, new-run check, callees index,
 * rate sample), then again with a baseline set (plus the subtraction).
 *
 *   live_bench FILE_A FILE_B N    prints PASS/FAIL lines and the timings
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proftop/live.h"

static double ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int copy_over(const char *from, const char *to)
{
	char tmp[4200], buf[1 << 16];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	snprintf(tmp, sizeof tmp, "%s.tmp", to);
	out = fopen(tmp, "wb");
	if (!in || !out)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return -1;
	fclose(in);
	if (fclose(out) != 0)
		return -1;
	return rename(tmp, to);
}

/* Reloads n times; returns how many showed the expected total. */
static int run(struct live *l, const char *a, const char *b, const char *path, int n,
	       int64_t total_a, int64_t total_b, double *t)
{
	int i, ok = 0;
	struct err e;

	for (i = 0; i < n; i++) {
		double t0;
		if (copy_over(i % 2 ? a : b, path) < 0)
			return -1;
		t0 = ms();
		if (live_reload(l, 0, &e) < 0)
			return -1;
		t[i] = ms() - t0;
		ok += l->total_calls == (i % 2 ? total_a : total_b);
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	return ok;
}

int main(int argc, char **argv)
{
	struct live_opts o = { 0 };
	struct names names;
	struct live l;
	struct err e;
	char path[4096];
	int n = argc > 3 ? atoi(argv[3]) : 20, ok;
	int64_t total_a, total_b;
	double *t;
	long size;
	FILE *f;

	if (argc < 3 || n < 2) {
		fprintf(stderr, "usage: live_bench FILE_A FILE_B [N]\n");
		return 2;
	}
	t = calloc((size_t)n, sizeof *t);
	snprintf(path, sizeof path, "%s.watched", argv[1]);
	if (!t || copy_over(argv[1], path) < 0)
		return 2;
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) < 0)
		return 2;
	size = ftell(f);
	fclose(f);
	names_init(&names);
	o.path = path;
	o.no_inotify = 1;
	if (live_open(&l, &names, &o, &e) < 0 || !l.loads) {
		printf("FAIL: bench: %s loads\n", argv[1]);
		return 1;
	}
	total_a = l.total_calls;
	copy_over(argv[2], path);
	live_reload(&l, 0, &e);
	total_b = l.total_calls;
	printf("%s: bench: the two versions differ\n", total_a != total_b ? "PASS" : "FAIL");

	ok = run(&l, argv[1], argv[2], path, n, total_a, total_b, t);
	printf("%s: bench: every reload shows its version\n", ok == n ? "PASS" : "FAIL");
	printf("    reload of %.2f MB, %u functions, %zu edges: best %.2f ms, p50 %.2f ms, p95 %.2f ms\n",
	       (double)size / 1e6, live_shown(&l)->norder, live_shown(&l)->nedges, t[0], t[n / 2],
	       t[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1]);

	/* what the UI adds: its own copy of the shown profile, indexed */
	{
		struct profile copy;
		int i;
		for (i = 0; i < n; i++) {
			double t0 = ms();
			profile_init(&copy, &names);
			if (profile_copy(&copy, live_shown(&l)) < 0 || profile_finish(&copy) < 0)
				return 1;
			t[i] = ms() - t0;
			ok = copy.total_calls == live_shown(&l)->total_calls;
			profile_free(&copy);
		}
		qsort(t, (size_t)n, sizeof *t, cmp);
		printf("%s: bench: the UI's copy has the same totals\n", ok ? "PASS" : "FAIL");
		printf("    the UI's copy + callees index: best %.2f ms, p50 %.2f ms\n", t[0], t[n / 2]);
	}

	live_set_baseline(&l, 1, &e);
	ok = run(&l, argv[1], argv[2], path, n, total_a, total_b, t);
	printf("%s: bench: every reload with a baseline shows its version\n", ok == n ? "PASS" : "FAIL");
	printf("    with a baseline: best %.2f ms, p50 %.2f ms, p95 %.2f ms\n", t[0], t[n / 2],
	       t[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1]);
	live_close(&l);
	names_free(&names);
	unlink(path);
	free(t);
	return 0;
}
