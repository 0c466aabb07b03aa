/* `--print --watch FILE|DIR`: one snapshot of what live mode would show
 * (a directory's dumps merged, --since subtracted), as pstats' report. */
#include "autoconfig.h"

#include <signal.h>
#include <stdio.h>

#include "proftop/batch.h"
#include "proftop/live.h"
#include "proftop/print.h"

int batch_live_print(const struct options *o)
{
	struct live_opts lo = { 0 };
	struct print_opts po = { 0 };
	struct names names;
	struct live l;
	struct profile *p;
	struct err e;
	char buf[1024];
	int rc = EXIT_OK;

	signal(SIGPIPE, SIG_DFL);
	names_init(&names);
	lo.path = o->live.path;
	lo.glob = o->live.glob;
	lo.since = o->live.since;
	lo.nsince = o->live.nsince;
	lo.no_inotify = 1;
	if (live_open(&l, &names, &lo, &e) < 0) {
		err_print(stderr, &e);
		names_free(&names);
		return EXIT_INPUT;
	}
	if (!l.loads) {
		err_format(&l.err, buf, sizeof buf);
		fprintf(stderr, "proftop: %s\n", l.is_dir ? "no complete dump in the directory" : buf);
		rc = EXIT_INPUT;
		goto out;
	}
	p = live_shown(&l);
	if (o->strip && profile_strip(p) < 0) {
		fprintf(stderr, "proftop: out of memory\n");
		rc = EXIT_INPUT;
		goto out;
	}
	batch_print_opts(&po, o);
	if (print_report(stdout, p, &po, &e) < 0) {
		err_print(stderr, &e);
		rc = EXIT_INPUT;
	}
out:
	live_close(&l);
	names_free(&names);
	return rc;
}
