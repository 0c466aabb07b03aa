/* Profile arithmetic: copy, move, and cur - base for live baselines. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/delta.h"

/* Counts are Python ints; within int64 a forged dump could overflow, and
 * saturating keeps that defined. */
static int64_t sub_count(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static struct callstat sub_stat(const struct callstat *a, const struct callstat *b)
{
	struct callstat d;

	d.nc = sub_count(a->nc, b->nc);
	d.cc = sub_count(a->cc, b->cc);
	d.tt = a->tt - b->tt;
	d.ct = a->ct - b->ct;
	return d;
}

static int stat_is_zero(const struct callstat *s)
{
	return s->nc == 0 && s->cc == 0 && s->tt == 0 && s->ct == 0;
}

/* Where each caller of one base function sits in base's edges. */
struct edge_index {
	uint32_t *stamp, *slot;
	uint32_t gen, n;
};

static int index_init(struct edge_index *x, uint32_t nids)
{
	x->n = nids;
	x->gen = 0;
	x->stamp = calloc((size_t)nids + 1, sizeof *x->stamp);
	x->slot = malloc(((size_t)nids + 1) * sizeof *x->slot);
	return x->stamp && x->slot ? 0 : -1;
}

static void index_load(struct edge_index *x, const struct profile *base, const struct fstat *b)
{
	uint32_t j;

	if (++x->gen == 0) {
		memset(x->stamp, 0, ((size_t)x->n + 1) * sizeof *x->stamp);
		x->gen = 1;
	}
	for (j = 0; b && j < b->edge_cnt; j++) {
		uint32_t caller = base->edges[b->edge_off + j].caller;
		x->stamp[caller] = x->gen;
		x->slot[caller] = b->edge_off + j;
	}
}

/* The base stats of id, or NULL when base has none. */
static const struct fstat *base_stat(const struct profile *base, uint32_t id)
{
	if (id >= base->cap_stats || !base->stats[id].in_stats)
		return NULL;
	return &base->stats[id];
}

static int subtract_func(struct profile *out, const struct profile *cur,
			 const struct profile *base, struct edge_index *x, uint32_t id)
{
	static const struct callstat zero;
	const struct fstat *f = &cur->stats[id];
	const struct fstat *b = base_stat(base, id);
	struct callstat fs = { f->nc, f->cc, f->tt, f->ct };
	struct callstat bs = b ? (struct callstat){ b->nc, b->cc, b->tt, b->ct } : zero;
	struct callstat d = sub_stat(&fs, &bs);
	uint32_t j;

	if (stat_is_zero(&d))
		return 0;
	if (profile_begin(out, id, d.cc, d.nc, d.tt, d.ct) < 0)
		return -1;
	index_load(x, base, b);
	for (j = 0; j < f->edge_cnt; j++) {
		const struct edge *e = &cur->edges[f->edge_off + j];
		const struct callstat *be = e->caller < x->n && x->stamp[e->caller] == x->gen
			? &base->edges[x->slot[e->caller]].st : &zero;
		struct callstat de = sub_stat(&e->st, be);
		if (!stat_is_zero(&de) && profile_edge(out, e->caller, &de, e->flags) < 0)
			return -1;
	}
	if (profile_end(out, 0) < 0)
		return -1;
	out->stats[id].top_level = f->top_level;
	return 0;
}

int delta_subtract(struct profile *out, const struct profile *cur, const struct profile *base)
{
	struct edge_index x;
	uint32_t i;
	int rc = -1;

	if (index_init(&x, cur->names->nfuncs) < 0)
		goto out;
	for (i = 0; i < cur->norder; i++)
		if (subtract_func(out, cur, base, &x, cur->order[i]) < 0)
			goto out;
	if (profile_copy_files(out, cur) < 0)
		goto out;
	profile_compute_totals(out);
	rc = 0;
out:
	free(x.stamp);
	free(x.slot);
	return rc;
}
