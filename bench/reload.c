/*
 * Times loading a dump again and again, as live mode reloads it: the first
 * load fills the names table, every reload decodes into a fresh profile that
 * shares it (ids stay stable), then the old profile is dropped.
 *
 *   bench/reload FILE [N]     prints "first MS  reload best MS  p50 MS  p95 MS"
 *
 * A `--print`-shaped pass (sort by cumulative time, totals) is not included:
 * this measures what a reload costs before the UI redraws.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "proftop/profile.h"
#include "proftop/pstats_load.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int load(struct profile *p, char *path)
{
	struct err e;
	char msg[1024];

	err_clear(&e);
	if (pstats_load_files(p, &path, 1, &e) == 0)
		return 0;
	err_format(&e, msg, sizeof msg);
	fprintf(stderr, "reload: %s\n", msg);
	return -1;
}

int main(int argc, char **argv)
{
	struct names names;
	struct profile p;
	double first, *t;
	int n = argc > 2 ? atoi(argv[2]) : 50, i, rc = 0;

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: reload FILE [N]\n");
		return 1;
	}
	t = malloc((size_t)n * sizeof *t);
	if (!t)
		return 1;
	names_init(&names);
	profile_init(&p, &names);
	first = now_ms();
	if (load(&p, argv[1]) < 0) {
		rc = 1;
		goto out;
	}
	first = now_ms() - first;
	for (i = 0; i < n; i++) {
		struct profile next;
		double t0 = now_ms();
		profile_init(&next, &names);
		if (load(&next, argv[1]) < 0) {
			profile_free(&next);
			rc = 1;
			goto out;
		}
		profile_free(&p);
		p = next;
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	printf("first %.2f  reload best %.2f  p50 %.2f  p95 %.2f\n",
	       first, t[0], t[n / 2], t[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1]);
out:
	profile_free(&p);
	names_free(&names);
	free(t);
	return rc;
}
