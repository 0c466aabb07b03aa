/* Per-request dumps grouped by endpoint, from their file names. */
#include "autoconfig.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proftop/util.h"
#include "proftop/endpoints.h"

static const struct { const char *name, *desc; } sorts[] = {
#define ESORT_DEF(id, name, desc) { name, desc },
	ENDPOINT_SORTS(ESORT_DEF)
#undef ESORT_DEF
};

int endpoint_sort_parse(const char *name, enum ep_sort *s)
{
	int i;

	for (i = 0; i < EP_SORT_COUNT_; i++)
		if (strcmp(name, sorts[i].name) == 0) {
			*s = (enum ep_sort)i;
			return 0;
		}
	return -1;
}

const char *endpoint_sort_desc(enum ep_sort s)
{
	return sorts[s].desc;
}

/* ---- the file name template ---- */

enum field { F_METHOD, F_PATH, F_ELAPSED, F_TIME, F_NONE };
static const char *const field_names[] = { "method", "path", "elapsed", "time" };

/* The placeholder at fmt ("{name[:spec]}"): its field, whether it takes
 * digits only, and its length; F_NONE when it is not one. */
static enum field placeholder(const char *fmt, int *integer, size_t *len)
{
	const char *end = strchr(fmt, '}');
	size_t n, i;

	*integer = 0;
	if (fmt[0] != '{' || !end)
		return F_NONE;
	n = strcspn(fmt + 1, ":}");
	for (i = 0; i < 4; i++)
		if (strlen(field_names[i]) == n && strncmp(fmt + 1, field_names[i], n) == 0)
			break;
	if (i == 4)
		return F_NONE;
	/* ".0f" and "d" print no fraction */
	*integer = fmt[1 + n] == ':' && (strncmp(fmt + 2 + n, ".0f}", 4) == 0 || strncmp(fmt + 2 + n, "d}", 2) == 0);
	*len = (size_t)(end - fmt) + 1;
	return (enum field)i;
}

int endpoint_format_check(const char *fmt, struct err *e)
{
	int seen[4] = { 0 }, integer;
	size_t len;
	const char *p;

	for (p = fmt; *p; p++) {
		enum field f;
		if (*p != '{')
			continue;
		f = placeholder(p, &integer, &len);
		if (f == F_NONE) {
			err_at(e, "", (long long)(p - fmt), "unknown placeholder in '%s' (use {method} {path} {elapsed} {time})", fmt);
			return -1;
		}
		seen[f]++;
		p += len - 1;
	}
	if (!seen[F_METHOD] || !seen[F_PATH] || !seen[F_ELAPSED]) {
		err_at(e, "", -1, "the endpoint format '%s' needs {method}, {path} and {elapsed}", fmt);
		return -1;
	}
	return 0;
}

struct capture {
	const char *s[4];
	size_t n[4];
};

/* How many characters of s a field may take at most, given its kind. */
static size_t field_span(enum field f, int integer, const char *s)
{
	size_t i = 0;

	if (f == F_METHOD) {
		while (isalpha((unsigned char)s[i]))
			i++;
		return i;
	}
	if (f == F_PATH)
		return strlen(s);
	while (isdigit((unsigned char)s[i]))
		i++;
	if (!integer && s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
		i++;
		while (isdigit((unsigned char)s[i]))
			i++;
	}
	return i;
}

/* Is a prefix of s of length k a valid value of the field? */
static int field_ok(enum field f, int integer, const char *s, size_t k)
{
	size_t i;

	if (k == 0)
		return 0;
	if (f == F_METHOD || f == F_PATH)
		return 1;
	for (i = 0; i < k && isdigit((unsigned char)s[i]); i++)
		;
	if (i == k)
		return 1;
	if (integer || s[i] != '.' || i == 0 || i + 1 == k)
		return 0;
	for (i++; i < k && isdigit((unsigned char)s[i]); i++)
		;
	return i == k;
}

/* Matches fmt against s with backtracking; longer fields first. */
static int match(const char *fmt, const char *s, struct capture *c)
{
	enum field f;
	int integer;
	size_t len, k;

	while (*fmt && *fmt != '{') {
		if (*fmt++ != *s++)
			return 0;
	}
	if (!*fmt)
		return *s == 0;
	f = placeholder(fmt, &integer, &len);
	for (k = field_span(f, integer, s); k > 0; k--) {
		if (!field_ok(f, integer, s, k))
			continue;
		c->s[f] = s;
		c->n[f] = k;
		if (match(fmt + len, s + k, c))
			return 1;
	}
	return 0;
}

int endpoint_parse_name(const char *fmt, const char *name, char **method, char **path,
			double *elapsed_ms, double *time)
{
	struct capture c;

	memset(&c, 0, sizeof c);
	if (!match(fmt, name, &c) || !c.s[F_METHOD] || !c.s[F_PATH] || !c.s[F_ELAPSED])
		return 0;
	*method = strndup(c.s[F_METHOD], c.n[F_METHOD]);
	*path = strndup(c.s[F_PATH], c.n[F_PATH]);
	if (!*method || !*path) {
		free(*method);
		free(*path);
		return -1;
	}
	*elapsed_ms = strtod(c.s[F_ELAPSED], NULL);
	*time = c.s[F_TIME] ? strtod(c.s[F_TIME], NULL) : 0.0;
	return 1;
}

/* ---- paths ---- */

static int all_of(const char *s, size_t n, const char *set)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr(set, s[i]))
			return 0;
	return n > 0;
}

#define HEX "0123456789abcdefABCDEF"

/* The placeholder a path segment is grouped under, or NULL to keep it:
 * a number, a UUID, or a long hex id (a hash, an object id). */
static const char *segment_kind(const char *s, size_t n)
{
	static const size_t uuid_parts[] = { 8, 4, 4, 4, 12 };
	size_t i, at = 0;

	if (all_of(s, n, "0123456789"))
		return "<int>";
	if (n >= 16 && all_of(s, n, HEX))
		return "<hex>";
	if (n != 36)
		return NULL;
	for (i = 0; i < 5; i++) {
		if (!all_of(s + at, uuid_parts[i], HEX) || (i < 4 && s[at + uuid_parts[i]] != '-'))
			return NULL;
		at += uuid_parts[i] + 1;
	}
	return "<uuid>";
}

char *endpoint_path(const char *name, int group)
{
	size_t len = strlen(name), n, at = 0;
	char *out = malloc(len * 4 + 8);       /* each segment grows at most to "/<uuid>" */
	const char *p = name;

	if (!out)
		return NULL;
	if (strcmp(name, "root") == 0)         /* Werkzeug's name for "/" */
		p = "";
	while (*p) {
		const char *kind;
		n = strcspn(p, ".");
		kind = group ? segment_kind(p, n) : NULL;
		out[at++] = '/';
		if (kind) {
			memcpy(out + at, kind, strlen(kind));
			at += strlen(kind);
		} else {
			memcpy(out + at, p, n);
			at += n;
		}
		p += n;
		if (*p)
			p++;
	}
	if (!at)
		out[at++] = '/';
	out[at] = 0;
	return out;
}

/* ---- scanning ---- */

static int find_endpoint(struct endpoints *x, const char *method, const char *path, size_t *cap)
{
	size_t i;

	for (i = 0; i < x->nep; i++)
		if (strcmp(x->ep[i].method, method) == 0 && strcmp(x->ep[i].path, path) == 0)
			return (int)i;
	if (grow_array(&x->ep, cap, x->nep + 1, sizeof *x->ep, 16) < 0)
		return -1;
	memset(&x->ep[x->nep], 0, sizeof *x->ep);
	x->ep[x->nep].method = strdup(method);
	x->ep[x->nep].path = strdup(path);
	if (!x->ep[x->nep].method || !x->ep[x->nep].path) {
		free(x->ep[x->nep].method);
		free(x->ep[x->nep].path);
		return -1;
	}
	return (int)x->nep++;
}

static int grow_requests(struct endpoints *x, size_t *cap)
{
	struct ep_request *r;
	size_t nc;

	if (x->nreq < *cap)
		return 0;
	nc = *cap ? 2 * *cap : 64;
	r = realloc(x->req, nc * sizeof *r);
	if (!r)
		return -1;
	x->req = r;
	*cap = nc;
	return 0;
}

/* Written again well after it was first created: a later request got the
 * same name (dump_stats truncates and rewrites the file in place, so its
 * birth time stays the first request's).  A single write takes a few ms. */
static int rewritten(const char *file)
{
#ifdef STATX_BTIME
	struct statx st;
	long long born, written;

	if (statx(AT_FDCWD, file, 0, STATX_BTIME | STATX_MTIME, &st) != 0 || !(st.stx_mask & STATX_BTIME))
		return 0;
	born = st.stx_btime.tv_sec * 1000000000LL + st.stx_btime.tv_nsec;
	written = st.stx_mtime.tv_sec * 1000000000LL + st.stx_mtime.tv_nsec;
	return written - born > 100000000;
#else
	(void)file;
	return 0;
#endif
}

static int add_request(struct endpoints *x, const char *dir, const char *name, const char *fmt,
		       size_t *cap_req)
{
	char *method, *path, *file;
	double elapsed, when;
	int rc = endpoint_parse_name(fmt, name, &method, &path, &elapsed, &when);
	size_t len = strlen(dir) + strlen(name) + 2;
	struct ep_request *r;

	if (rc <= 0) {
		x->skipped += rc == 0;
		return rc;
	}
	file = malloc(len);
	if (!file || grow_requests(x, cap_req) < 0) {
		free(file);
		free(method);
		free(path);
		return -1;
	}
	snprintf(file, len, "%s/%s", dir, name);
	x->rewritten += rewritten(file);
	r = &x->req[x->nreq++];
	r->file = file;
	r->method = method;
	r->name = path;
	r->elapsed_ms = elapsed;
	r->time = when;
	r->endpoint = 0;
	return 0;
}

static const struct endpoints *cmp_x;

static int cmp_slower(const void *a, const void *b)
{
	const struct ep_request *x = &cmp_x->req[*(const uint32_t *)a];
	const struct ep_request *y = &cmp_x->req[*(const uint32_t *)b];

	if (x->elapsed_ms != y->elapsed_ms)
		return x->elapsed_ms > y->elapsed_ms ? -1 : 1;
	return strcmp(x->file, y->file);
}

/* Each endpoint's requests, slowest first. */
static int list_requests(struct endpoints *x)
{
	size_t i, *fill = calloc(x->nep + 1, sizeof *fill);

	if (!fill)
		return -1;
	for (i = 0; i < x->nep; i++)
		if (!(x->ep[i].req = malloc((x->ep[i].count + 1) * sizeof *x->ep[i].req))) {
			free(fill);
			return -1;
		}
	for (i = 0; i < x->nreq; i++) {
		uint32_t ep = x->req[i].endpoint;
		x->ep[ep].req[fill[ep]++] = (uint32_t)i;
	}
	free(fill);
	cmp_x = x;
	for (i = 0; i < x->nep; i++)
		qsort(x->ep[i].req, x->ep[i].count, sizeof *x->ep[i].req, cmp_slower);
	return 0;
}

static void free_endpoints(struct endpoints *x)
{
	size_t i;

	for (i = 0; i < x->nep; i++) {
		free(x->ep[i].method);
		free(x->ep[i].path);
		free(x->ep[i].req);
	}
	free(x->ep);
	x->ep = NULL;
	x->nep = 0;
}

int endpoints_group(struct endpoints *x, int group)
{
	size_t cap = 0, i;

	free_endpoints(x);
	x->grouped = group;
	for (i = 0; i < x->nreq; i++) {
		struct ep_request *r = &x->req[i];
		char *path = endpoint_path(r->name, group);
		int ep = path ? find_endpoint(x, r->method, path, &cap) : -1;
		free(path);
		if (ep < 0)
			return -1;
		r->endpoint = (uint32_t)ep;
		x->ep[ep].count++;
		x->ep[ep].total_ms += r->elapsed_ms;
		if (r->elapsed_ms > x->ep[ep].max_ms)
			x->ep[ep].max_ms = r->elapsed_ms;
	}
	return list_requests(x);
}

/* ---- dumps that may have overwritten each other ---- */

/* Does the format give the field in whole numbers (or, with absent_too,
 * not at all)? */
static int coarse(const char *fmt, enum field want, int absent_too)
{
	const char *p;
	size_t len;
	int integer;

	for (p = strchr(fmt, '{'); p; p = strchr(p + 1, '{'))
		if (placeholder(p, &integer, &len) == want)
			return integer;
	return absent_too;
}

static int cmp_name_second(const void *a, const void *b)
{
	const struct ep_request *x = &cmp_x->req[*(const uint32_t *)a];
	const struct ep_request *y = &cmp_x->req[*(const uint32_t *)b];
	int c = strcmp(x->method, y->method);

	if (!c)
		c = strcmp(x->name, y->name);
	if (!c && x->time != y->time)
		c = x->time < y->time ? -1 : 1;
	return c;
}

/* Werkzeug's default name holds the method, the path, the elapsed ms and
 * the time in whole seconds: two requests to one path that took the same
 * ms in the same second get one name, and the later dump replaces the
 * earlier.  Lost dumps leave no trace, but dumps that share their path and
 * second show that such names were being reused. */
static int count_crowded(struct endpoints *x, const char *fmt)
{
	uint32_t *idx;
	size_t i, j;

	x->crowded = 0;
	if (!coarse(fmt, F_ELAPSED, 0) || !coarse(fmt, F_TIME, 1) || x->nreq < 2)
		return 0;
	idx = malloc(x->nreq * sizeof *idx);
	if (!idx)
		return -1;
	for (i = 0; i < x->nreq; i++)
		idx[i] = (uint32_t)i;
	cmp_x = x;
	qsort(idx, x->nreq, sizeof *idx, cmp_name_second);
	for (i = 0; i < x->nreq; i = j) {
		for (j = i + 1; j < x->nreq && cmp_name_second(&idx[i], &idx[j]) == 0; j++)
			;
		if (j - i > 1)
			x->crowded += j - i;
	}
	free(idx);
	return 0;
}

int endpoints_scan(struct endpoints *x, const char *dir, const char *fmt, int group, struct err *e)
{
	size_t cap_req = 0;
	struct dirent *de;
	DIR *d;

	memset(x, 0, sizeof *x);
	if (endpoint_format_check(fmt, e) < 0)
		return -1;
	d = opendir(dir);
	if (!d) {
		err_at(e, dir, -1, "%s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (add_request(x, dir, de->d_name, fmt, &cap_req) < 0) {
			closedir(d);
			endpoints_free(x);
			err_at(e, "", -1, "out of memory");
			return -1;
		}
	}
	closedir(d);
	if (endpoints_group(x, group) < 0 || count_crowded(x, fmt) < 0) {
		endpoints_free(x);
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	return 0;
}

void endpoints_free(struct endpoints *x)
{
	size_t i;

	for (i = 0; i < x->nreq; i++) {
		free(x->req[i].file);
		free(x->req[i].method);
		free(x->req[i].name);
	}
	free_endpoints(x);
	free(x->req);
	memset(x, 0, sizeof *x);
}

void endpoints_crowded_text(const struct endpoints *x, char *buf, size_t size)
{
	if (x->rewritten)
		snprintf(buf, size, "dumps overwritten: %zu of %zu rewritten by later requests; counts too low",
			 x->rewritten, x->nreq);
	else
		snprintf(buf, size, "dumps may have been overwritten: %zu of %zu share a path and second",
			 x->crowded, x->nreq);
}

/* ---- sorting and printing ---- */

double endpoint_value(const struct ep_endpoint *ep, enum ep_sort s)
{
	switch (s) {
	case EP_SORT_TOTAL: return ep->total_ms;
	case EP_SORT_COUNT: return (double)ep->count;
	case EP_SORT_MEAN: return ep->count ? ep->total_ms / (double)ep->count : 0.0;
	case EP_SORT_MAX: return ep->max_ms;
	default: return 0.0;
	}
}

static struct {
	const struct endpoints *x;
	enum ep_sort s;
} sort_by;

static int cmp_name(const struct ep_endpoint *a, const struct ep_endpoint *b)
{
	int c = strcmp(a->path, b->path);

	return c ? c : strcmp(a->method, b->method);
}

static int cmp_endpoints(const void *pa, const void *pb)
{
	const struct ep_endpoint *a = &sort_by.x->ep[*(const uint32_t *)pa];
	const struct ep_endpoint *b = &sort_by.x->ep[*(const uint32_t *)pb];
	double va, vb;

	if (sort_by.s != EP_SORT_NAME) {
		va = endpoint_value(a, sort_by.s);
		vb = endpoint_value(b, sort_by.s);
		if (va != vb)
			return va > vb ? -1 : 1;
	}
	return cmp_name(a, b);
}

void endpoints_sort(const struct endpoints *x, enum ep_sort s, int reverse, uint32_t *idx)
{
	size_t i;

	for (i = 0; i < x->nep; i++)
		idx[i] = (uint32_t)i;
	sort_by.x = x;
	sort_by.s = s;
	qsort(idx, x->nep, sizeof *idx, cmp_endpoints);
	for (i = 0; reverse && i < x->nep / 2; i++) {
		uint32_t t = idx[i];
		idx[i] = idx[x->nep - 1 - i];
		idx[x->nep - 1 - i] = t;
	}
}

int endpoints_print(FILE *out, const struct endpoints *x, const char *dir, enum ep_sort s,
		    int reverse, struct err *e)
{
	uint32_t *idx = malloc((x->nep + 1) * sizeof *idx);
	size_t i;

	if (!idx) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	endpoints_sort(x, s, reverse, idx);
	fprintf(out, "%s: %zu requests to %zu endpoints", dir, x->nreq, x->nep);
	if (x->skipped)
		fprintf(out, " (%zu other files)", x->skipped);
	fprintf(out, "\n   Ordered by: %s%s\n\n", endpoint_sort_desc(s), reverse ? " (reversed)" : "");
	if (x->crowded || x->rewritten) {
		char warn[200];
		endpoints_crowded_text(x, warn, sizeof warn);
		fprintf(out, "   %s\n   (their names repeat within a second: name dumps with {time:.6f})\n\n", warn);
	}
	fprintf(out, "%8s %12s %10s %10s  %s\n", "requests", "total ms", "mean ms", "max ms", "endpoint");
	for (i = 0; i < x->nep; i++) {
		const struct ep_endpoint *ep = &x->ep[idx[i]];
		fprintf(out, "%8zu %12.0f %10.1f %10.0f  %s %s\n", ep->count, ep->total_ms,
			endpoint_value(ep, EP_SORT_MEAN), ep->max_ms, ep->method, ep->path);
	}
	free(idx);
	if (fflush(out) != 0 || ferror(out)) {
		err_at(e, "", -1, "write error on output");
		return -1;
	}
	return 0;
}
