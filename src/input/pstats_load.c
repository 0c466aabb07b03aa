/*
 * pstats.Stats(*paths): the input layer's dumps, decoded, merged in pstats'
 * order.  Stats(a, b, c) loads a, then adds c, then b; an archive stands
 * for its dumps in archive order, as if they were named one by one.
 *
 * An argument's dumps must be added last to first, but arrive first to
 * last: each is decoded as it arrives (so errors come in file order) into
 * one reused profile, then packed (its functions and edges, no per-id
 * arrays) until its turn.  Memory and time follow the data, not the
 * number of members.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proftop/input.h"
#include "proftop/pstats.h"
#include "proftop/pstats_load.h"

_Static_assert(PSTATS_MAX_BYTES == INPUT_MAX_BYTES, "one bound for what is read");

char *pstats_file_line(const char *name, long long mtime)
{
	static const char wday[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)mtime;
	struct tm tm;
	size_t size = strlen(name) + 64;
	char *line = malloc(size);

	if (!line)
		return NULL;
	/* any date localtime gives, before 1970 too (only when it fails does
	 * pstats catch the error and show the name alone) */
	if (localtime_r(&t, &tm))
		snprintf(line, size, "%s %s%3d %.2d:%.2d:%.2d %d    %s",
			 wday[tm.tm_wday % 7], mon[tm.tm_mon % 12], tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900, name);
	else
		snprintf(line, size, "%s", name);
	return line;
}

/* Decodes one dump into the empty profile p, with its header line. */
static int decode_dump(struct profile *p, const struct input_dump *d, struct err *e)
{
	char *line;
	int rc;

	if (d->fd >= 0)
		rc = pstats_decode_fd(p, d->fd, (size_t)d->size, d->name, e);
	else
		rc = pstats_decode(p, d->data, d->len, d->name, e);
	if (rc < 0)
		return -1;
	line = pstats_file_line(d->name, d->mtime);
	if (!line || profile_add_file_line(p, line) < 0) {
		free(line);
		err_at(e, d->name, -1, "out of memory");
		return -1;
	}
	return 0;
}

static int check_not_empty(const struct profile *p, const char *name, struct err *e)
{
	if (p->norder != 0)
		return 0;
	err_at(e, name, -1, "no functions in this dump (empty stats dict)");
	return -1;
}

/* ---- one spec ---- */

struct one {
	struct profile *p;
	size_t count;
	char *first, *second;
};

static int load_first(void *ctx, struct input_dump *d, struct err *e)
{
	struct one *o = ctx;

	if (o->count++ == 0) {
		o->first = strdup(d->name);
		return decode_dump(o->p, d, e);
	}
	if (o->count == 2)
		o->second = strdup(d->name);
	return 0;
}

int pstats_load(struct profile *p, const char *spec, struct err *e)
{
	struct one o = { p, 0, NULL, NULL };
	int rc = input_each_dump(spec, load_first, &o, e);

	if (rc == 0 && o.count > 1) {
		err_at(e, spec, -1, "this archive holds %zu dumps (%s, %s, ...): open one as "
		       "ARCHIVE:MEMBER", o.count, o.first ? o.first : "?", o.second ? o.second : "?");
		rc = -1;
	}
	free(o.first);
	free(o.second);
	return rc;
}

/* ---- dumps set aside ---- */

/* A function of a packed dump: what profile_add reads of it. */
struct packed_func {
	uint32_t id, edge_cnt;
	size_t edge_off;         /* into pack.edges */
	int64_t cc, nc;
	double tt, ct;
	uint8_t top_level;
};

struct packed_dump {
	char *line;              /* its header line, owned */
	size_t func_off, nfuncs; /* into pack.funcs */
	int64_t total_calls, prim_calls;
	double total_tt;
};

struct pack {
	struct packed_dump *dumps;
	size_t ndumps, cap_dumps;
	struct packed_func *funcs;
	size_t nfuncs, cap_funcs;
	struct edge *edges;
	size_t nedges, cap_edges;
};

static int room(void **v, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	void *nv;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int pack_room(struct pack *k, const struct profile *p)
{
	size_t i, edges = 0;

	for (i = 0; i < p->norder; i++)
		edges += p->stats[p->order[i]].edge_cnt;
	return room((void **)&k->dumps, &k->cap_dumps, k->ndumps + 1, sizeof *k->dumps) < 0 ||
	       room((void **)&k->funcs, &k->cap_funcs, k->nfuncs + p->norder, sizeof *k->funcs) < 0 ||
	       room((void **)&k->edges, &k->cap_edges, k->nedges + edges, sizeof *k->edges) < 0 ? -1 : 0;
}

/* Appends p's stats dict to k, and takes its header line. */
static int pack_add(struct pack *k, struct profile *p)
{
	struct packed_dump *d;
	uint32_t i;

	if (pack_room(k, p) < 0)
		return -1;
	d = &k->dumps[k->ndumps++];
	d->line = p->nfiles ? p->files[0] : NULL;
	p->nfiles = 0;
	d->func_off = k->nfuncs;
	d->nfuncs = p->norder;
	d->total_calls = p->total_calls;
	d->prim_calls = p->prim_calls;
	d->total_tt = p->total_tt;
	for (i = 0; i < p->norder; i++) {
		const struct fstat *f = &p->stats[p->order[i]];
		struct packed_func *g = &k->funcs[k->nfuncs++];
		g->id = p->order[i];
		g->cc = f->cc;
		g->nc = f->nc;
		g->tt = f->tt;
		g->ct = f->ct;
		g->top_level = f->top_level;
		g->edge_off = k->nedges;
		g->edge_cnt = f->edge_cnt;
		if (f->edge_cnt)
			memcpy(&k->edges[k->nedges], &p->edges[f->edge_off],
			       f->edge_cnt * sizeof *k->edges);
		k->nedges += f->edge_cnt;
	}
	return 0;
}

static int64_t add_count(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return a < 0 ? INT64_MIN : INT64_MAX;
	return r;
}

/* profile_add(p, d) for a packed dump: pstats.Stats.add of one dump. */
static int pack_replay(struct profile *p, const struct pack *k, struct packed_dump *d)
{
	size_t i, j;

	for (i = d->func_off; i < d->func_off + d->nfuncs; i++) {
		const struct packed_func *f = &k->funcs[i];
		if (profile_begin(p, f->id, f->cc, f->nc, f->tt, f->ct) < 0)
			return -1;
		for (j = f->edge_off; j < f->edge_off + f->edge_cnt; j++)
			if (profile_edge(p, k->edges[j].caller, &k->edges[j].st, k->edges[j].flags) < 0)
				return -1;
		if (profile_end(p, 1) < 0)
			return -1;
		if (f->top_level)
			p->stats[f->id].top_level = 1;
	}
	if (d->line) {
		if (profile_add_file_line(p, d->line) < 0)
			return -1;
		d->line = NULL;
	}
	p->total_calls = add_count(p->total_calls, d->total_calls);
	p->prim_calls = add_count(p->prim_calls, d->prim_calls);
	p->total_tt += d->total_tt;
	return 0;
}

static void pack_free(struct pack *k)
{
	size_t i;

	for (i = 0; i < k->ndumps; i++)
		free(k->dumps[i].line);
	free(k->dumps);
	free(k->funcs);
	free(k->edges);
	memset(k, 0, sizeof *k);
}

/* ---- one argument's dumps ---- */

struct arg_dumps {
	struct profile *first;   /* still empty: the very first dump goes here */
	struct profile last;     /* the argument's latest dump, once has_last */
	int has_last;
	struct pack before;      /* the dumps before it, in order */
};

static void arg_init(struct arg_dumps *a, struct profile *first, const struct profile *p)
{
	memset(a, 0, sizeof *a);
	a->first = first;
	profile_init(&a->last, p->names);
	a->last.stats_only = p->stats_only;
}

/* Ready for the next argument; the reused profile keeps its arrays. */
static void arg_reset(struct arg_dumps *a)
{
	profile_clear(&a->last);
	pack_free(&a->before);
	a->has_last = 0;
}

static void arg_free(struct arg_dumps *a)
{
	profile_free(&a->last);
	pack_free(&a->before);
}

static int take_dump(void *ctx, struct input_dump *d, struct err *e)
{
	struct arg_dumps *a = ctx;
	struct profile *p = a->first;

	if (p) {
		a->first = NULL;
	} else {
		p = &a->last;
		if (a->has_last && pack_add(&a->before, p) < 0) {
			err_at(e, d->name, -1, "out of memory");
			return -1;
		}
		profile_clear(p);
		a->has_last = 1;
	}
	if (decode_dump(p, d, e) < 0)
		return -1;
	return check_not_empty(p, d->name, e);
}

/* Adds the argument's dumps to p, last to first. */
static int arg_add(struct profile *p, struct arg_dumps *a, struct err *e)
{
	size_t i;

	if (a->has_last && profile_add(p, &a->last) < 0)
		goto nomem;
	for (i = a->before.ndumps; i-- > 0;)
		if (pack_replay(p, &a->before, &a->before.dumps[i]) < 0)
			goto nomem;
	return 0;
nomem:
	err_at(e, "", -1, "out of memory");
	return -1;
}

int pstats_load_files(struct profile *p, char *const *paths, size_t n, struct err *e)
{
	struct arg_dumps rest0, l;
	size_t i;
	int rc = -1;

	if (n == 0)
		return 0;
	/* Only one argument's dumps are held at a time (and the first's). */
	arg_init(&rest0, p, p);
	arg_init(&l, NULL, p);
	if (input_each_dump(paths[0], take_dump, &rest0, e) < 0)
		goto out;
	for (i = n - 1; i >= 1; i--) {
		rc = input_each_dump(paths[i], take_dump, &l, e);
		if (rc == 0)
			rc = arg_add(p, &l, e);
		arg_reset(&l);
		if (rc < 0)
			goto out;
	}
	rc = arg_add(p, &rest0, e);
out:
	arg_free(&rest0);
	arg_free(&l);
	return rc;
}
