/*
 * Endpoints: a directory of per-request dumps, named as Werkzeug's
 * ProfilerMiddleware names them ("{method}.{path}.{elapsed:.0f}ms.{time:.0f}.prof"
 * by default), grouped by method and path with the count of requests, their
 * total, mean and slowest elapsed time.  The file name format is a template
 * with the same placeholders, {method} {path} {elapsed} {time}, each maybe
 * with a Python format spec (":.0f" means digits only); everything else is
 * literal.  {path} is Werkzeug's: the URL path without its outer slashes,
 * its slashes turned into dots, "root" for "/"; it is shown as a path again
 * ("/api/v1/users/7"; a dot that was in the URL shows as a slash too), with
 * segments that are ids grouped: numbers as <int>, UUIDs as <uuid>, hex of
 * 16 digits or more as <hex>.  Curses-free.
 */
#ifndef PROFTOP_ENDPOINTS_H
#define PROFTOP_ENDPOINTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proftop/err.h"

#define ENDPOINT_DEFAULT_FORMAT "{method}.{path}.{elapsed:.0f}ms.{time:.0f}.prof"

struct ep_request {
	char *file;                  /* path of the dump */
	char *method, *name;         /* as in the file name: "GET", "api.v1.users.7" */
	double elapsed_ms, time;
	uint32_t endpoint;
};

struct ep_endpoint {
	char *method, *path;         /* "GET", "/api/v1/users/<int>" */
	size_t count;
	double total_ms, max_ms;
	uint32_t *req;               /* its requests, slowest first */
};

struct endpoints {
	struct ep_request *req;
	size_t nreq;
	struct ep_endpoint *ep;
	size_t nep;
	size_t skipped;              /* files whose names do not fit the format */
	int grouped;                 /* ids in paths grouped (<int> <uuid> <hex>) */
	size_t crowded;              /* dumps sharing their path and second with
					another: names were reused, some dumps
					overwritten (0 when names cannot repeat) */
	size_t rewritten;            /* dumps written again well after their
					birth: overwritten by a later request */
};

/* ESORT(id, name, description) */
#define ENDPOINT_SORTS(ESORT) \
	ESORT(TOTAL, "total", "total elapsed time") \
	ESORT(COUNT, "count", "number of requests") \
	ESORT(MEAN, "mean", "mean elapsed time") \
	ESORT(MAX, "max", "slowest request") \
	ESORT(NAME, "name", "method and path")

enum ep_sort {
#define ESORT_ENUM(id, name, desc) EP_SORT_##id,
	ENDPOINT_SORTS(ESORT_ENUM)
#undef ESORT_ENUM
	EP_SORT_COUNT_
};

/* "total" -> EP_SORT_TOTAL; -1 when unknown. */
int endpoint_sort_parse(const char *name, enum ep_sort *s);
const char *endpoint_sort_desc(enum ep_sort s);

/* Checks a format: known placeholders, {method} {path} and {elapsed} present. */
int endpoint_format_check(const char *fmt, struct err *e);
/* Parses one file name; 1 with the fields set (method/path malloc'd), 0 if
 * it does not fit, -1 out of memory. */
int endpoint_parse_name(const char *fmt, const char *name, char **method, char **path,
			double *elapsed_ms, double *time);

/* The path shown for Werkzeug's {path} ("api.v1.users.7", "root"):
 * "/api/v1/users/7", or with `group` "/api/v1/users/<int>"; malloc'd. */
char *endpoint_path(const char *name, int group);

/* Reads DIR's file names (not their contents), ids in paths grouped or not.
 * 0, or -1 with e set. */
int endpoints_scan(struct endpoints *x, const char *dir, const char *fmt, int group, struct err *e);
/* Groups the requests again, ids in paths grouped or not.  -1: no memory. */
int endpoints_group(struct endpoints *x, int group);
/* "dumps overwrote each other: ..." when x->rewritten or x->crowded. */
void endpoints_crowded_text(const struct endpoints *x, char *buf, size_t size);
void endpoints_free(struct endpoints *x);
/* Endpoint indexes in the sort's order (largest first but for name), ties
 * by name; idx has x->nep entries. */
void endpoints_sort(const struct endpoints *x, enum ep_sort s, int reverse, uint32_t *idx);
double endpoint_value(const struct ep_endpoint *ep, enum ep_sort s);

/* The --print --endpoints table. */
int endpoints_print(FILE *out, const struct endpoints *x, const char *dir, enum ep_sort s,
		    int reverse, struct err *e);

#endif
