/* Endpoint file names: Werkzeug's default format and custom ones. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "proftop/endpoints.h"

static int parses(const char *fmt, const char *name, const char *method, const char *path,
		  double elapsed, double when)
{
	char *m = NULL, *p = NULL;
	double e = -1, t = -1;
	int ok = endpoint_parse_name(fmt, name, &m, &p, &e, &t) == 1 && strcmp(m, method) == 0 &&
		 strcmp(p, path) == 0 && e == elapsed && t == when;

	if (!ok)
		printf("    %s: got %s %s %g %g\n", name, m ? m : "-", p ? p : "-", e, t);
	free(m);
	free(p);
	return ok;
}

static int rejects(const char *fmt, const char *name)
{
	char *m = NULL, *p = NULL;
	double e, t;

	return endpoint_parse_name(fmt, name, &m, &p, &e, &t) == 0;
}

static int path_is(const char *name, int group, const char *want)
{
	char *got = endpoint_path(name, group);
	int ok = got && strcmp(got, want) == 0;

	if (!ok)
		printf("    %s -> %s, not %s\n", name, got ? got : "(null)", want);
	free(got);
	return ok;
}

int main(void)
{
	const char *w = ENDPOINT_DEFAULT_FORMAT;
	struct err e;

	CHECK("endpoints: Werkzeug's default", parses(w, "GET.api.users.21ms.1700000000.prof", "GET", "api.users", 21, 1700000000));
	CHECK("endpoints: the root path", parses(w, "GET.root.0ms.1700000000.prof", "GET", "root", 0, 1700000000));
	CHECK("endpoints: a path ending in digits", parses(w, "POST.v2.12ms.1700000000.prof", "POST", "v2", 12, 1700000000));
	CHECK("endpoints: a path with a number segment", parses(w, "GET.item.42.3ms.1700000001.prof", "GET", "item.42", 3, 1700000001));
	CHECK("endpoints: .0f fields take no fraction: the path gets the digits",
	      parses(w, "GET.a.1.5ms.17.prof", "GET", "a.1", 5, 17));
	CHECK("endpoints: other files do not fit", rejects(w, "profile.out") && rejects(w, "GET..3ms.1.prof"));
	CHECK("endpoints: a custom format with fractions",
	      parses("{time:.6f}-{method}-{path}-{elapsed}.prof", "17.5-PUT-a-b-2.25.prof", "PUT", "a-b", 2.25, 17.5));
	CHECK("endpoints: {time} is optional", parses("{method}_{path}_{elapsed:.0f}.pstats", "GET_x_9.pstats", "GET", "x", 9, 0));
	CHECK("endpoints: the default format checks", endpoint_format_check(w, &e) == 0);
	CHECK("endpoints: an unknown placeholder is refused", endpoint_format_check("{method}.{path}.{elapsed}.{pid}", &e) < 0 &&
	      e.offset == 26);
	CHECK("endpoints: {path} is required", endpoint_format_check("{method}.{elapsed}", &e) < 0);
	CHECK("endpoints: Werkzeug's path shows with slashes", path_is("api.v1.items", 1, "/api/v1/items"));
	CHECK("endpoints: root is /", path_is("root", 1, "/"));
	CHECK("endpoints: numbers group as <int>", path_is("api.v1.users.7.orders", 1, "/api/v1/users/<int>/orders"));
	CHECK("endpoints: ... not with group off", path_is("api.v1.users.7.orders", 0, "/api/v1/users/7/orders"));
	CHECK("endpoints: a UUID groups as <uuid>",
	      path_is("files.123e4567-e89b-12d3-a456-426614174000", 1, "/files/<uuid>"));
	CHECK("endpoints: 16 hex digits or more group as <hex>",
	      path_is("blob.0123456789abcdef.x.deadbeef", 1, "/blob/<hex>/x/deadbeef"));
	CHECK("endpoints: words and versions stay", path_is("v2.users.me", 1, "/v2/users/me"));
	return CHECK_DONE();
}
