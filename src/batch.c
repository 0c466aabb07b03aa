/* `--print`: pstats' text report. */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include "proftop/batch.h"
#include "proftop/print.h"
#include "proftop/pstats.h"

static int report_error(const struct err *e)
{
	char buf[1024];

	err_format(e, buf, sizeof buf);
	fprintf(stderr, "proftop: %s\n", buf);
	return EXIT_INPUT;
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
	if (pstats_load_files(&p, o->files, o->nfiles, &e) < 0) {
		rc = report_error(&e);
		goto out;
	}
	if (o->strip && profile_strip(&p) < 0) {
		err_at(&e, "", -1, "out of memory");
		rc = report_error(&e);
		goto out;
	}
	po.sort = &o->sort;
	po.reverse = o->reverse;
	po.restrictions = o->restrictions;
	po.nrestrictions = o->nrestrictions;
	po.what = (o->callers ? PRINT_CALLERS : 0) | (o->callees ? PRINT_CALLEES : 0);
	if (!po.what)
		po.what = PRINT_STATS;
	if (print_report(stdout, &p, &po, &e) < 0)
		rc = report_error(&e);
out:
	profile_free(&p);
	names_free(&names);
	return rc;
}
