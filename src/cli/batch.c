/* `--print`: pstats' text report. */
#include "autoconfig.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "proftop/batch.h"
#include "proftop/diff.h"
#include "proftop/pathmode.h"
#include "proftop/live.h"
#include "proftop/print.h"
#include "proftop/pstats_load.h"

static int report_error(const struct err *e)
{
	err_print(stderr, e);
	return EXIT_INPUT;
}

void batch_print_opts(struct print_opts *po, const struct options *o)
{
	po->sort = &o->sort;
	po->reverse = o->reverse;
	po->restrictions = o->restrictions;
	po->nrestrictions = o->nrestrictions;
	po->what = (o->callers ? PRINT_CALLERS : 0) | (o->callees ? PRINT_CALLEES : 0);
	if (!po->what)
		po->what = PRINT_STATS;
}

int batch_print(const struct options *o)
{
	struct names names;
	struct profile p;
	struct print_opts po = { 0 };
	struct err e;
	int rc = EXIT_OK;

	/* A closed pipe (| head) ends the report quietly. */
	signal(SIGPIPE, SIG_DFL);
	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	batch_print_opts(&po, o);
	/* the table alone needs no caller edges: not keeping them halves the
	 * time and the memory of a big dump */
	p.stats_only = po.what == PRINT_STATS && !o->live.nsince;
	if (pstats_load_files(&p, o->files, o->nfiles, &e) < 0 ||
	    live_subtract_files(&p, o->live.since, o->live.nsince, &e) < 0) {
		rc = report_error(&e);
		goto out;
	}
	if ((o->strip && profile_strip(&p) < 0) ||
	    (o->path == PATH_UNIQUE && profile_make_unique(&p) < 0)) {
		err_at(&e, "", -1, "out of memory");
		rc = report_error(&e);
		goto out;
	}
	if (print_report(stdout, &p, &po, &e) < 0)
		rc = report_error(&e);
out:
	profile_free(&p);
	names_free(&names);
	return rc;
}

static int load_side(struct profile *p, char *const *files, size_t n, int strip, struct err *e)
{
	if (pstats_load_files(p, files, n, e) < 0)
		return -1;
	if (strip && profile_strip(p) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	return 0;
}

int batch_diff_opts(struct diff_print_opts *po, struct regex *re, const struct options *o)
{
	struct err e;
	size_t i;

	memset(po, 0, sizeof *po);
	po->limit = -1;
	po->fraction = -1.0;
	po->sort = o->sort_text ? diff_sort_lookup(o->sort_text) : &diff_sort_keys[0];
	po->reverse = o->reverse;
	for (i = 0; i < o->nrestrictions; i++) {
		const struct restriction *r = &o->restrictions[i];
		if (r->kind == RESTRICT_COUNT) {
			po->limit = r->count;
		} else if (r->kind == RESTRICT_FRACTION) {
			po->fraction = r->fraction;
		} else if (r->kind == RESTRICT_REGEX) {
			if (po->filter) {
				fputs("proftop: --filter: --diff takes one pattern\n", stderr);
				regex_free(re);
				return -1;
			}
			if (regex_compile(re, r->text, 0, &e) < 0) {
				fprintf(stderr, "proftop: --filter: %s at offset %lld\n", e.msg, e.offset);
				return -1;
			}
			po->filter = re;
		}
	}
	return 0;
}

int batch_diff(const struct options *o)
{
	struct names names;
	struct profile old, new;
	struct diff d = { 0 };
	struct diff_print_opts po;
	struct regex re;
	int rc = EXIT_OK;
	struct err e;

	signal(SIGPIPE, SIG_DFL);
	err_clear(&e);
	names_init(&names);
	profile_init(&old, &names);
	profile_init(&new, &names);
	if (batch_diff_opts(&po, &re, o) < 0) {
		po.filter = NULL;
		rc = EXIT_USAGE;
		goto out;
	}
	if (load_side(&old, o->diff_files, o->ndiff_files, o->strip, &e) < 0 ||
	    load_side(&new, o->files, o->nfiles, o->strip, &e) < 0) {
		rc = report_error(&e);
		goto out;
	}
	if (diff_build(&d, &old, &new) < 0) {
		err_at(&e, "", -1, "out of memory");
		rc = report_error(&e);
		goto out;
	}
	if (diff_print(stdout, &d, &po, &e) < 0)
		rc = report_error(&e);
out:
	diff_free(&d);
	if (po.filter)
		regex_free(&re);
	profile_free(&old);
	profile_free(&new);
	names_free(&names);
	return rc;
}
