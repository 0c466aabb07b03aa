/* The flame graph's estimated stacks (see flame.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/util.h"
#include "proftop/calls.h"
#include "proftop/flame.h"

/* Omitted functions calling omitted functions, spliced in one place. */
#define SPLICE_DEPTH 256

struct kid {
	uint32_t func;
	uint32_t flags;
	double time;
	int64_t calls;
};

struct builder {
	struct flame *fl;
	struct profile *p;
	const struct flame_opts *o;
	uint8_t *onpath;              /* per function id: on the stack above */
	struct kid *kids;
	size_t nkids, cap_kids;
	double min_time;
	size_t max_frames;
	const uint32_t *roots;        /* the synthetic root's children */
	size_t nroots;
	int splice_roots;             /* the profile's own: omitted ones spliced */
};

static int omitted(const struct builder *b, uint32_t f)
{
	return b->o->omit && f < b->o->nomit && b->o->omit[f];
}

static int push_kid(struct builder *b, uint32_t func, double time, int64_t calls, uint32_t flags)
{
	if (grow_array(&b->kids, &b->cap_kids, b->nkids + 1, sizeof *b->kids, 64) < 0)
		return -1;
	b->kids[b->nkids].func = func;
	b->kids[b->nkids].time = time;
	b->kids[b->nkids].calls = calls;
	b->kids[b->nkids].flags = flags;
	b->nkids++;
	return 0;
}

/* The share of f's cumulative time a stack holding TIME of it has. */
static double path_scale(const struct profile *p, uint32_t f, double time)
{
	double scale = p->stats[f].ct > 0 ? time / p->stats[f].ct : 0;

	return scale > 1 ? 1 : scale;
}

/*
 * f's callees on a stack holding `scale` of f's time.  A callee on the
 * stack is a cycle: cut.  An omitted callee gives its own callees instead,
 * marked on the stack while they are gathered.  Narrow ones are left out
 * before anything is spliced, which bounds the work by the width.
 */
static int gather(struct builder *b, uint32_t f, double scale, int depth, uint32_t flags)
{
	const struct profile *p = b->p;
	uint32_t i, cnt = p->callee_cnt[f];

	for (i = 0; i < cnt; i++) {
		uint32_t ei = p->callee_edge[p->callee_off[f] + i], c = p->edge_callee[ei];
		double t = calls_edge_time(p, ei, c, scale);
		int rc;
		if (b->onpath[c] || !(t > 0) || t < b->min_time)
			continue;
		if (!omitted(b, c)) {
			if (push_kid(b, c, t, p->edges[ei].st.nc, flags) < 0)
				return -1;
			continue;
		}
		if (depth == SPLICE_DEPTH)
			continue;
		b->onpath[c] = 1;
		rc = gather(b, c, path_scale(p, c, t), depth + 1, FLAME_VIA_OMITTED);
		b->onpath[c] = 0;
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The synthetic root's children: ROOTS, each whole, or (SPLICE) the
 * profile's own roots, an omitted one giving its place to its callees. */
static int gather_roots(struct builder *b, const uint32_t *roots, size_t nroots, int splice)
{
	const struct profile *p = b->p;
	size_t i;

	for (i = 0; i < nroots; i++) {
		uint32_t id = roots[i];
		int rc;
		if (!splice || !omitted(b, id)) {
			if (push_kid(b, id, p->stats[id].ct, p->stats[id].nc, 0) < 0)
				return -1;
			continue;
		}
		b->onpath[id] = 1;
		rc = gather(b, id, 1.0, 1, FLAME_VIA_OMITTED);
		b->onpath[id] = 0;
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int cmp_kid_func(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;

	return x->func < y->func ? -1 : x->func > y->func;
}

static int cmp_kid_hotter(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	return x->func < y->func ? -1 : x->func > y->func;
}

/* One child per function (reached along several spliced paths, or a root
 * given twice, they add up), hottest first. */
static void merge_kids(struct builder *b)
{
	size_t i, n = 0;

	if (b->nkids < 2)
		return;
	qsort(b->kids, b->nkids, sizeof *b->kids, cmp_kid_func);
	for (i = 0; i < b->nkids; i++) {
		struct kid *k = &b->kids[i];
		if (n && b->kids[n - 1].func == k->func) {
			b->kids[n - 1].time += k->time;
			b->kids[n - 1].calls += k->calls;
			b->kids[n - 1].flags |= k->flags;
		} else {
			b->kids[n++] = *k;
		}
	}
	b->nkids = n;
	qsort(b->kids, b->nkids, sizeof *b->kids, cmp_kid_hotter);
}

/*
 * Children never wider than their parent.  Edges claim more time than their
 * caller has when the caller recurses through others (the outermost exec
 * of `python -m cProfile`: every module it imports is run by a nested
 * exec, and exec's edges add those up), or when a dump's numbers disagree.
 * The hottest children, the outermost ones there, keep their time, the
 * rest share what is left: scaling all down would shrink the one that
 * holds the others.
 */
static void clamp_kids(struct builder *b, double parent)
{
	double left = parent;
	size_t k, n = 0;

	for (k = 0; k < b->nkids; k++) {
		struct kid *x = &b->kids[k];
		if (x->time > left)
			x->time = left;
		left -= x->time;
		if (x->time > 0 && x->time >= b->min_time)
			b->kids[n++] = *x;
	}
	b->nkids = n;
}

static int reserve(struct flame *fl, size_t more)
{
	size_t ncap;
	struct flame_frame *nf;

	if (fl->n + more <= fl->cap)
		return 0;
	ncap = fl->cap ? fl->cap : 256;
	while (ncap < fl->n + more)
		ncap *= 2;
	nf = realloc(fl->f, ncap * sizeof *nf);
	if (!nf)
		return -1;
	fl->f = nf;
	fl->cap = ncap;
	return 0;
}

static void add_frame(struct flame *fl, uint32_t func, uint32_t parent, uint32_t depth,
		      double time, int64_t calls, uint32_t flags)
{
	struct flame_frame *fr = &fl->f[fl->n++];

	fr->func = func;
	fr->parent = parent;
	fr->first_child = NO_ID;
	fr->nchildren = 0;
	fr->depth = depth;
	fr->flags = flags;
	fr->time = time;
	fr->calls = calls;
}

/* Lists frame i's children, once. */
static int expand(struct builder *b, uint32_t i)
{
	struct flame *fl = b->fl;
	uint32_t f = fl->f[i].func, first = (uint32_t)fl->n;
	size_t k;

	b->nkids = 0;
	if (f == NO_ID) {
		if (gather_roots(b, b->roots, b->nroots, b->splice_roots) < 0)
			return -1;
	} else if (gather(b, f, path_scale(b->p, f, fl->f[i].time), 0, 0) < 0) {
		return -1;
	}
	merge_kids(b);
	clamp_kids(b, fl->f[i].time);
	if (fl->n + b->nkids > b->max_frames) {
		fl->truncated = 1;
		return 0;
	}
	if (reserve(fl, b->nkids) < 0)
		return -1;
	for (k = 0; k < b->nkids; k++)
		add_frame(fl, b->kids[k].func, i, fl->f[i].depth + 1, b->kids[k].time,
			  b->kids[k].calls, b->kids[k].flags);
	fl->f[i].first_child = first;
	fl->f[i].nchildren = (uint32_t)b->nkids;
	return 0;
}

/* Follows ZOOM from the root, keeping only the path's frames. */
static int follow_zoom(struct builder *b, const uint32_t *zoom, size_t nzoom)
{
	struct flame *fl = b->fl;
	uint32_t cur = 0;
	size_t z;

	for (z = 0; z < nzoom; z++) {
		uint32_t c;
		double keep = b->min_time;
		b->min_time = 0;            /* the path may be narrow */
		if (expand(b, cur) < 0)
			return -1;
		b->min_time = keep;
		c = flame_child(fl, cur, zoom[z]);
		if (c == NO_ID) {
			fl->n = fl->f[cur].nchildren ? fl->f[cur].first_child : fl->n;
			fl->f[cur].first_child = NO_ID;
			fl->f[cur].nchildren = 0;
			break;
		}
		fl->f[fl->f[cur].first_child] = fl->f[c];
		c = fl->f[cur].first_child;
		fl->n = (size_t)c + 1;
		fl->f[cur].nchildren = 1;
		cur = c;
		b->onpath[zoom[z]] = 1;
	}
	fl->nzoom = z;
	fl->top = cur;
	fl->total = fl->f[cur].time;
	return 0;
}

struct visit {
	uint32_t frame, next;
};

/* Depth first from the top frame, the functions on the stack marked. */
static int grow(struct builder *b)
{
	struct flame *fl = b->fl;
	const struct flame_opts *o = b->o;
	struct visit *st = NULL;
	size_t sp = 0, cap = 0;
	uint32_t top_depth = fl->f[fl->top].depth;
	int rc = -1;

	if (expand(b, fl->top) < 0)
		return -1;
	cap = 64;
	st = malloc(cap * sizeof *st);
	if (!st)
		return -1;
	st[sp].frame = fl->top;
	st[sp++].next = 0;
	while (sp) {
		struct visit *v = &st[sp - 1];
		uint32_t c;
		if (v->next >= fl->f[v->frame].nchildren || fl->truncated) {
			if (v->frame != fl->top)
				b->onpath[fl->f[v->frame].func] = 0;
			sp--;
			continue;
		}
		c = fl->f[v->frame].first_child + v->next++;
		if (o->max_depth && fl->f[c].depth - top_depth >= o->max_depth)
			continue;
		b->onpath[fl->f[c].func] = 1;
		if (expand(b, c) < 0)
			goto out;
		if (sp == cap) {
			struct visit *ns = realloc(st, 2 * cap * sizeof *ns);
			if (!ns)
				goto out;
			st = ns;
			cap *= 2;
		}
		st[sp].frame = c;
		st[sp++].next = 0;
	}
	rc = 0;
out:
	free(st);
	return rc;
}

int flame_build(struct flame *fl, struct profile *p, const uint32_t *roots, size_t nroots,
		const uint32_t *zoom, size_t nzoom, const struct flame_opts *o)
{
	struct builder b;
	uint32_t *own = NULL;
	double total = 0;
	size_t i;
	int rc = -1;

	memset(fl, 0, sizeof *fl);
	fl->p = p;
	memset(&b, 0, sizeof b);
	b.fl = fl;
	b.p = p;
	b.o = o;
	b.max_frames = o->max_frames ? o->max_frames : FLAME_MAX_FRAMES;
	if (profile_finish(p) < 0 || reserve(fl, 1) < 0)
		return -1;
	b.onpath = calloc((size_t)p->names->nfuncs + 1, 1);
	if (!b.onpath)
		return -1;
	if (roots) {
		for (i = 0; i < nroots; i++)
			total += p->stats[roots[i]].ct;
		b.roots = roots;
		b.nroots = nroots;
	} else {
		own = calls_top_level(p, 0, &b.nroots, &total);
		if (!own)
			goto out;
		b.roots = own;
		b.splice_roots = 1;
		if (total < p->total_tt)
			total = p->total_tt;
	}
	add_frame(fl, NO_ID, NO_ID, 0, total, 0, 0);
	if (follow_zoom(&b, zoom, nzoom) < 0)
		goto out;
	b.min_time = o->min_share * fl->total;
	rc = grow(&b);
out:
	free(own);
	free(b.onpath);
	free(b.kids);
	return rc;
}

void flame_free(struct flame *fl)
{
	free(fl->f);
	memset(fl, 0, sizeof *fl);
}

double flame_self(const struct flame *fl, uint32_t i)
{
	const struct flame_frame *fr = &fl->f[i];
	double t = fr->time;
	uint32_t k;

	for (k = 0; k < fr->nchildren; k++)
		if (!(fl->f[fr->first_child + k].flags & FLAME_DROPPED))
			t -= fl->f[fr->first_child + k].time;
	return t > 0 ? t : 0;
}

double flame_share(const struct flame *fl, uint32_t i)
{
	return fl->total > 0 ? 100.0 * fl->f[i].time / fl->total : 0;
}

size_t flame_path(const struct flame *fl, uint32_t i, uint32_t *out, size_t max)
{
	size_t n = 0, k;
	uint32_t j;

	for (j = i; j != NO_ID && fl->f[j].func != NO_ID; j = fl->f[j].parent)
		n++;
	k = n;
	for (j = i; j != NO_ID && fl->f[j].func != NO_ID; j = fl->f[j].parent) {
		k--;
		if (k < max)
			out[k] = fl->f[j].func;
	}
	return n;
}

uint32_t flame_child(const struct flame *fl, uint32_t i, uint32_t func)
{
	const struct flame_frame *fr = &fl->f[i];
	uint32_t k;

	for (k = 0; k < fr->nchildren; k++)
		if (fl->f[fr->first_child + k].func == func)
			return fr->first_child + k;
	return NO_ID;
}

size_t flame_keep_leaves(struct flame *fl, struct regex *leaf)
{
	size_t i, matched = 0;
	double *kept = calloc(fl->n + 1, sizeof *kept);

	if (!kept)
		return 0;
	/* parents come before their children: top down, then bottom up */
	for (i = 1; i < fl->n; i++) {
		struct flame_frame *fr = &fl->f[i];
		uint32_t len;
		const char *name = names_std(fl->p->names, fr->func, &len);
		fr->flags &= ~(FLAME_FULL | FLAME_DROPPED);
		if (regex_match(leaf, name, len) > 0) {
			fr->flags |= FLAME_FULL;
			matched++;
		} else if (fr->parent != NO_ID && (fl->f[fr->parent].flags & FLAME_FULL)) {
			fr->flags |= FLAME_FULL;
		}
	}
	for (i = fl->n - 1; i >= 1; i--) {
		struct flame_frame *fr = &fl->f[i];
		if (!(fr->flags & FLAME_FULL)) {
			fr->time = kept[i];
			if (!(kept[i] > 0))
				fr->flags |= FLAME_DROPPED;
		}
		if (!(fr->flags & FLAME_DROPPED))
			kept[fr->parent] += fr->time;
	}
	if (!(fl->f[0].flags & FLAME_FULL))
		fl->f[0].time = kept[0];
	fl->total = fl->f[fl->top].time;
	free(kept);
	return matched;
}
