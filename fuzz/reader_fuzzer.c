/*
 * libFuzzer target for the dump reader: arbitrary bytes go through
 * pstats_decode (marshal + pstats), then the whole --print path: a merge as
 * pstats.Stats.add does, sorting, restrictions, the three reports and
 * strip_dirs.  Output goes to /dev/null; only crashes, leaks, sanitizer
 * reports and timeouts matter.
 */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "proftop/print.h"
#include "proftop/pstats.h"
#include "proftop/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull(void)
{
	static FILE *out;

	if (!out)
		out = fopen("/dev/null", "w");
	return out;
}

static void report(struct profile *p, const char *sort, const struct restriction *r, size_t nr)
{
	struct sort_spec spec;
	struct print_opts po;
	struct err e;

	memset(&spec, 0, sizeof spec);
	memset(&po, 0, sizeof po);
	err_clear(&e);
	if (sort && sort_spec_parse(&spec, sort, 1, &e) < 0)
		return;
	po.sort = &spec;
	po.restrictions = r;
	po.nrestrictions = nr;
	po.what = PRINT_STATS | PRINT_CALLERS | PRINT_CALLEES;
	print_report(devnull(), p, &po, &e);
	po.reverse = 1;
	po.what = PRINT_STATS;
	print_report(devnull(), p, &po, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct restriction limits[] = {
		{ RESTRICT_REGEX, "fuzz|<", 0, 0 },
		{ RESTRICT_FRACTION, "0.5", 0, 0.5 },
		{ RESTRICT_COUNT, "3", 3, 0 },
	};
	struct names names;
	struct profile p, q;
	struct err e;

	if (!devnull())
		return 0;
	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	if (pstats_decode(&p, data, size, "fuzz.prof", &e) == 0) {
		report(&p, "cumulative,name", limits, 3);
		/* pstats.Stats(a, a): the same dump added to itself. */
		profile_init(&q, &names);
		if (pstats_decode(&q, data, size, "fuzz.prof", &e) == 0 && profile_add(&p, &q) == 0)
			report(&p, "tpercall,calls,line", NULL, 0);
		profile_free(&q);
		if (profile_strip(&p) == 0)
			report(&p, "nfl,stdname,cpercall,time", limits + 1, 1);
		report(&p, NULL, NULL, 0);
	}
	profile_free(&p);
	names_free(&names);
	return 0;
}
