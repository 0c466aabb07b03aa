/* `--print --endpoints DIR`: per-request dumps grouped by endpoint. */
#include "autoconfig.h"

#include <signal.h>
#include <stdio.h>

#include "proftop/batch.h"
#include "proftop/endpoints.h"

int batch_endpoints(const struct options *o)
{
	const char *fmt = o->endpoints.format ? o->endpoints.format : ENDPOINT_DEFAULT_FORMAT;
	enum ep_sort s = EP_SORT_TOTAL;
	struct endpoints x;
	struct err e;
	int rc = EXIT_OK;

	signal(SIGPIPE, SIG_DFL);
	err_clear(&e);
	if (o->sort_text)
		endpoint_sort_parse(o->sort_text, &s);   /* checked by main */
	if (endpoints_scan(&x, o->endpoints.dir, fmt, !o->endpoints.raw_paths, &e) < 0) {
		err_print(stderr, &e);
		return e.offset >= 0 || !e.file[0] ? EXIT_USAGE : EXIT_INPUT;
	}
	if (endpoints_print(stdout, &x, o->endpoints.dir, s, o->reverse, &e) < 0) {
		err_print(stderr, &e);
		rc = EXIT_INPUT;
	}
	endpoints_free(&x);
	return rc;
}
