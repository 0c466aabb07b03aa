/* Caller/callee lists and the call tree. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/calls.h"
#include "proftop/util.h"

void call_list_free(struct call_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static double edge_share(const struct edge *e, const struct fstat *f)
{
	if (e->flags & EDGE_COUNT_ONLY)
		return f->nc ? (double)e->st.nc / (double)f->nc : 0;
	return f->ct > 0 ? e->st.ct / f->ct : 0;
}

int calls_callers(struct profile *p, uint32_t f, struct call_list *out)
{
	const struct fstat *fs = &p->stats[f];
	uint32_t i;

	out->n = 0;
	out->v = malloc(((size_t)fs->edge_cnt + 1) * sizeof *out->v);
	if (!out->v)
		return -1;
	for (i = 0; i < fs->edge_cnt; i++) {
		const struct edge *e = &p->edges[fs->edge_off + i];
		struct call_entry *c = &out->v[out->n++];
		c->func = e->caller;
		c->edge = fs->edge_off + i;
		c->share = edge_share(e, fs);
		c->recursive = e->caller == f;
	}
	return 0;
}

int calls_callees(struct profile *p, uint32_t f, struct call_list *out)
{
	uint32_t i, cnt = f < p->names->nfuncs && p->callee_cnt ? p->callee_cnt[f] : 0;
	const struct fstat *fs = &p->stats[f];

	out->n = 0;
	out->v = malloc(((size_t)cnt + 1) * sizeof *out->v);
	if (!out->v)
		return -1;
	for (i = 0; i < cnt; i++) {
		uint32_t ei = p->callee_edge[p->callee_off[f] + i];
		const struct edge *e = &p->edges[ei];
		struct call_entry *c = &out->v[out->n++];
		c->func = p->edge_callee[ei];
		c->edge = ei;
		/* the share of f's own cumulative time spent in this callee */
		c->share = (e->flags & EDGE_COUNT_ONLY) ? edge_share(e, &p->stats[c->func])
			   : fs->ct > 0 ? e->st.ct / fs->ct : 0;
		c->recursive = c->func == f;
	}
	return 0;
}

struct call_sorter {
	struct profile *p;
	const struct sort_spec *s;
};

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_dbl(double a, double b)
{
	return a < b ? -1 : a > b;
}

static int cmp_strs(const struct strtab *t, uint32_t a, uint32_t b)
{
	uint32_t la = strtab_len(t, a), lb = strtab_len(t, b);
	int c = memcmp(strtab_get(t, a), strtab_get(t, b), la < lb ? la : lb);

	return c ? (c < 0 ? -1 : 1) : cmp_i64(la, lb);
}

static int cmp_entry_field(const struct call_sorter *so, unsigned field,
			   const struct call_entry *a, const struct call_entry *b)
{
	const struct callstat *x = &so->p->edges[a->edge].st, *y = &so->p->edges[b->edge].st;
	struct names *n = so->p->names;
	uint32_t la, lb;
	const char *sa, *sb;
	int c;

	switch (field) {
	case SF_PCALLS: return cmp_i64(x->cc, y->cc);
	case SF_CALLS: return cmp_i64(x->nc, y->nc);
	case SF_TIME: return cmp_dbl(x->tt, y->tt);
	case SF_CUM: return cmp_dbl(x->ct, y->ct);
	case SF_TPERCALL: return cmp_dbl(x->nc ? x->tt / (double)x->nc : 0, y->nc ? y->tt / (double)y->nc : 0);
	case SF_CPERCALL: return cmp_dbl(x->cc ? x->ct / (double)x->cc : 0, y->cc ? y->ct / (double)y->cc : 0);
	case SF_FILE:   /* as shown (the table's unique paths show tails) */
		sa = names_shown_file(n, n->keys[a->func].file, &la);
		sb = names_shown_file(n, n->keys[b->func].file, &lb);
		c = memcmp(sa, sb, la < lb ? la : lb);
		return c ? (c < 0 ? -1 : 1) : cmp_i64(la, lb);
	case SF_LINE: return cmp_i64(n->keys[a->func].line, n->keys[b->func].line);
	case SF_NAME: return cmp_strs(&n->strs, n->keys[a->func].name, n->keys[b->func].name);
	case SF_STDNAME:
		sa = names_std(n, a->func, &la);
		sb = names_std(n, b->func, &lb);
		c = memcmp(sa, sb, la < lb ? la : lb);
		return c ? (c < 0 ? -1 : 1) : cmp_i64(la, lb);
	default: return 0;
	}
}

static const struct call_sorter *call_sorter;

static int cmp_entries(const void *va, const void *vb)
{
	const struct call_entry *a = va, *b = vb;
	unsigned i;

	for (i = 0; i < call_sorter->s->n; i++) {
		int c = cmp_entry_field(call_sorter, call_sorter->s->field[i], a, b);
		if (c)
			return c * call_sorter->s->dir[i];
	}
	/* edges are unique per list: their index is a stable tie-break */
	return a->edge < b->edge ? -1 : a->edge > b->edge;
}

int calls_sort(struct profile *p, struct call_list *l, const struct sort_spec *s, int reverse)
{
	struct call_sorter so = { p, s };
	size_t i;

	if (s->n) {
		call_sorter = &so;
		qsort(l->v, l->n, sizeof *l->v, cmp_entries);
		call_sorter = NULL;
	}
	if (reverse)
		for (i = 0; i < l->n / 2; i++) {
			struct call_entry t = l->v[i];
			l->v[i] = l->v[l->n - 1 - i];
			l->v[l->n - 1 - i] = t;
		}
	return 0;
}

/* ---- call tree ---- */

static int tree_reserve(struct calltree *t, size_t extra)
{
	size_t ncap;
	struct tree_node *nn;

	if (t->n + extra <= t->cap)
		return 0;
	ncap = t->cap ? t->cap : 256;
	while (ncap < t->n + extra)
		ncap *= 2;
	if (ncap >= NO_ID)
		return -1;
	nn = realloc(t->nodes, ncap * sizeof *nn);
	if (!nn)
		return -1;
	t->nodes = nn;
	t->cap = ncap;
	return 0;
}

static uint32_t add_node(struct calltree *t, uint32_t func, uint32_t parent, uint32_t edge,
			 double time, int64_t calls)
{
	struct tree_node *n = &t->nodes[t->n];
	const struct profile *p = t->p;

	memset(n, 0, sizeof *n);
	n->func = func;
	n->parent = parent;
	n->edge = edge;
	n->time = time;
	n->calls = calls;
	n->first_child = NO_ID;
	/* the synthetic root's children are the top level: depth 0 */
	n->depth = parent == NO_ID || t->nodes[parent].func == NO_ID ? 0 : t->nodes[parent].depth + 1;
	if (func != NO_ID && (!p->callee_cnt || p->callee_cnt[func] == 0))
		n->flags |= TREE_LEAF;
	return (uint32_t)t->n++;
}

static int on_path(const struct calltree *t, uint32_t node, uint32_t func)
{
	for (; node != NO_ID; node = t->nodes[node].parent)
		if (t->nodes[node].func == func)
			return 1;
	return 0;
}

static int cmp_hotter(const void *a, const void *b)
{
	const struct tree_node *x = a, *y = b;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	return x->func < y->func ? -1 : x->func > y->func;
}

/* Estimated time of f's callee along edge ei, on a path holding `scale` of
 * f's cumulative time. */
double calls_edge_time(const struct profile *p, uint32_t ei, uint32_t callee, double scale)
{
	const struct edge *e = &p->edges[ei];
	const struct fstat *c = &p->stats[callee];

	if (e->flags & EDGE_COUNT_ONLY)
		return c->nc ? c->ct * ((double)e->st.nc / (double)c->nc) * scale : 0;
	return e->st.ct * scale;
}

/* ---- hidden functions: their callees in their place ---- */

struct kid {
	uint32_t func, edge;
	double time;
	int64_t calls;
	uint32_t flags;
};

struct kids {
	struct kid *v;
	size_t n, cap;
};

#define SPLICE_DEPTH 32          /* hidden functions calling hidden functions */

static int is_hidden(const struct calltree *t, uint32_t f)
{
	return t->hidden && f < t->nhidden && t->hidden[f];
}

static int push_kid(struct kids *k, const struct kid *x)
{
	if (grow_array(&k->v, &k->cap, k->n + 1, sizeof *k->v, 16) < 0)
		return -1;
	k->v[k->n++] = *x;
	return 0;
}

static double path_scale(const struct profile *p, uint32_t f, double time)
{
	double scale = p->stats[f].ct > 0 ? time / p->stats[f].ct : 0;

	return scale > 1 ? 1 : scale;
}

/*
 * f's callees along a path holding `scale` of f's time.  A hidden callee
 * gives its own callees instead, scaled by the share of its time this path
 * holds; chain[] holds the hidden functions being spliced, whose time is
 * already counted: calls back into them are dropped.
 */
static int gather(const struct calltree *t, uint32_t f, double scale, struct kids *k,
		  uint32_t *chain, int depth, uint32_t flags)
{
	const struct profile *p = t->p;
	uint32_t i, cnt = p->callee_cnt[f];

	for (i = 0; i < cnt; i++) {
		uint32_t ei = p->callee_edge[p->callee_off[f] + i];
		struct kid x = { p->edge_callee[ei], ei, 0, p->edges[ei].st.nc, flags };
		int d;
		x.time = calls_edge_time(p, ei, x.func, scale);
		if (!is_hidden(t, x.func)) {
			if (push_kid(k, &x) < 0)
				return -1;
			continue;
		}
		for (d = 0; d < depth && chain[d] != x.func; d++)
			;
		if (d < depth || depth == SPLICE_DEPTH)
			continue;
		chain[depth] = x.func;
		if (gather(t, x.func, path_scale(p, x.func, x.time), k, chain, depth + 1,
			   TREE_VIA_HIDDEN) < 0)
			return -1;
	}
	return 0;
}

static int cmp_kid_func(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;

	return x->func < y->func ? -1 : x->func > y->func;
}

/* One child per function: a function reached along several spliced paths
 * adds up. */
static void merge_kids(struct kids *k)
{
	size_t i, n = 0;

	if (k->n < 2)                /* also: no array at all (qsort wants one) */
		return;
	qsort(k->v, k->n, sizeof *k->v, cmp_kid_func);
	for (i = 0; i < k->n; i++) {
		if (n && k->v[n - 1].func == k->v[i].func) {
			k->v[n - 1].time += k->v[i].time;
			k->v[n - 1].calls += k->v[i].calls;
			k->v[n - 1].flags |= k->v[i].flags;
		} else {
			k->v[n++] = k->v[i];
		}
	}
	k->n = n;
}

#define TOP_COVER 0.99         /* of the total time */
#define TOP_ADDED_MAX 4

/* Calls of F that no recorded caller made. */
static int untracked_calls(const struct profile *p, uint32_t f)
{
	const struct fstat *s = &p->stats[f];
	int64_t from_callers = 0;
	uint32_t i;

	for (i = 0; i < s->edge_cnt; i++)
		if (__builtin_add_overflow(from_callers, p->edges[s->edge_off + i].st.nc, &from_callers))
			return 0;   /* a dump's nonsense counts */
	return from_callers < s->nc;
}

static int listed(const uint32_t *v, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

/* The hottest function not listed yet, among those with untracked calls
 * when UNTRACKED; NO_ID when none. */
static uint32_t hottest_other(const struct profile *p, const uint32_t *r, size_t n, int untracked)
{
	uint32_t i, best = NO_ID;

	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i];
		const struct fstat *s = &p->stats[id];
		if (s->ct > 0 && (best == NO_ID || s->ct > p->stats[best].ct) && !listed(r, n, id) &&
		    (!untracked || untracked_calls(p, id)))
			best = id;
	}
	return best;
}

uint32_t *calls_top_level(const struct profile *p, int with_zero, size_t *n, double *sum)
{
	uint32_t *r = malloc(((size_t)p->norder + 1) * sizeof *r), i;
	int added;

	*n = 0;
	*sum = 0;
	if (!r)
		return NULL;
	for (i = 0; i < p->norder; i++) {
		const struct fstat *s = &p->stats[p->order[i]];
		if ((s->edge_cnt == 0 || s->top_level) && (with_zero || s->ct > 0)) {
			r[(*n)++] = p->order[i];
			*sum += s->ct;
		}
	}
	for (added = 0; added < TOP_ADDED_MAX && *sum < TOP_COVER * p->total_tt; added++) {
		uint32_t best = hottest_other(p, r, *n, 1);
		if (best == NO_ID)
			best = hottest_other(p, r, *n, 0);
		if (best == NO_ID)
			break;
		r[(*n)++] = best;
		*sum += p->stats[best].ct;
	}
	return r;
}

static int list_roots(struct calltree *t)
{
	const struct profile *p = t->p;
	uint32_t i, first = (uint32_t)t->n, chain[SPLICE_DEPTH];
	struct kids k = { 0 };
	size_t ntop, j;
	double sum;
	uint32_t *top = calls_top_level(p, 1, &ntop, &sum);
	int rc = -1;

	if (!top)
		return -1;
	for (j = 0; j < ntop; j++) {
		uint32_t id = top[j];
		struct kid x = { id, NO_ID, p->stats[id].ct, p->stats[id].nc, 0 };
		if (!is_hidden(t, id)) {
			if (push_kid(&k, &x) < 0)
				goto out;
			continue;
		}
		chain[0] = id;
		if (gather(t, id, 1.0, &k, chain, 1, TREE_VIA_HIDDEN) < 0)
			goto out;
	}
	if (t->hidden)
		merge_kids(&k);
	if (tree_reserve(t, k.n) < 0)
		goto out;
	for (i = 0; i < k.n; i++) {
		uint32_t c = add_node(t, k.v[i].func, 0, k.v[i].edge, k.v[i].time, k.v[i].calls);
		t->nodes[c].flags |= k.v[i].flags;
	}
	t->nodes[0].first_child = first;
	t->nodes[0].nchildren = (uint32_t)t->n - first;
	qsort(&t->nodes[first], t->n - first, sizeof *t->nodes, cmp_hotter);
	rc = 0;
out:
	free(top);
	free(k.v);
	return rc;
}

int calltree_open(struct calltree *t, struct profile *p, uint32_t root)
{
	return calltree_open_hiding(t, p, root, NULL, 0);
}

int calltree_open_hiding(struct calltree *t, struct profile *p, uint32_t root,
			 const uint8_t *hidden, uint32_t nhidden)
{
	memset(t, 0, sizeof *t);
	t->p = p;
	t->hidden = hidden;
	t->nhidden = nhidden;
	if (tree_reserve(t, 1) < 0)
		return -1;
	if (root == NO_ID) {
		add_node(t, NO_ID, NO_ID, NO_ID, 0, 0);
		t->nodes[0].flags |= TREE_EXPANDED;
		if (list_roots(t) < 0)
			return -1;
		t->total = p->total_tt;
	} else {
		add_node(t, root, NO_ID, NO_ID, p->stats[root].ct, p->stats[root].nc);
		t->total = p->stats[root].ct;
		if (calltree_expand(t, 0) < 0)
			return -1;
	}
	return calltree_rows(t);
}

void calltree_free(struct calltree *t)
{
	free(t->nodes);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* expand_node's children when functions are hidden: gathered, merged. */
static int expand_spliced(struct calltree *t, uint32_t node, const unsigned char *path)
{
	const struct tree_node *n = &t->nodes[node];
	uint32_t f = n->func, first = (uint32_t)t->n, chain[SPLICE_DEPTH];
	struct kids k = { 0 };
	size_t i;
	int rc = -1;

	if (gather(t, f, path_scale(t->p, f, n->time), &k, chain, 0, 0) < 0)
		goto out;
	merge_kids(&k);
	if (tree_reserve(t, k.n) < 0)
		goto out;
	for (i = 0; i < k.n; i++) {
		uint32_t c = add_node(t, k.v[i].func, node, k.v[i].edge, k.v[i].time, k.v[i].calls);
		t->nodes[c].flags |= k.v[i].flags;
		if (path ? path[k.v[i].func] != 0 : on_path(t, node, k.v[i].func))
			t->nodes[c].flags |= TREE_CYCLE;
	}
	t->nodes[node].first_child = first;
	t->nodes[node].nchildren = (uint32_t)k.n;
	qsort(&t->nodes[first], k.n, sizeof *t->nodes, cmp_hotter);
	rc = 0;
out:
	free(k.v);
	return rc;
}

/* Lists node's children; a child is a cycle when its function is on the
 * path, read from `path` (per function, nonzero: on it) when given, else by
 * walking up, which costs the depth for every child. */
static int expand_node(struct calltree *t, uint32_t node, const unsigned char *path)
{
	struct profile *p = t->p;
	struct tree_node *n = &t->nodes[node];
	uint32_t f = n->func, i, cnt, first;
	double scale;

	if (n->flags & (TREE_CYCLE | TREE_LEAF))
		return 0;
	n->flags |= TREE_EXPANDED;
	if (n->first_child != NO_ID || f == NO_ID)
		return 0;
	if (t->hidden)
		return expand_spliced(t, node, path);
	cnt = p->callee_cnt[f];
	if (tree_reserve(t, cnt) < 0)
		return -1;
	n = &t->nodes[node];
	scale = path_scale(p, f, n->time);
	first = (uint32_t)t->n;
	for (i = 0; i < cnt; i++) {
		uint32_t ei = p->callee_edge[p->callee_off[f] + i];
		uint32_t callee = p->edge_callee[ei];
		uint32_t c = add_node(t, callee, node, ei, calls_edge_time(p, ei, callee, scale),
				      p->edges[ei].st.nc);
		if (path ? path[callee] != 0 : on_path(t, node, callee))
			t->nodes[c].flags |= TREE_CYCLE;
	}
	t->nodes[node].first_child = first;
	t->nodes[node].nchildren = cnt;
	qsort(&t->nodes[first], cnt, sizeof *t->nodes, cmp_hotter);
	return 0;
}

int calltree_expand(struct calltree *t, uint32_t node)
{
	return expand_node(t, node, NULL);
}

void calltree_collapse(struct calltree *t, uint32_t node)
{
	t->nodes[node].flags &= ~TREE_EXPANDED;
}

int calltree_expand_hottest(struct calltree *t, uint32_t node)
{
	/* The functions on the path, kept as it grows: walking up for every
	 * child made a path thousands deep quadratic (seconds). */
	unsigned char *path = calloc((size_t)t->p->names->nfuncs + 1, 1);
	uint32_t up;
	int rc = 0;

	if (!path)
		return -1;
	for (up = node; up != NO_ID; up = t->nodes[up].parent)
		if (t->nodes[up].func != NO_ID)
			path[t->nodes[up].func] = 1;
	while (node != NO_ID) {
		const struct tree_node *n;
		if (expand_node(t, node, path) < 0) {
			rc = -1;
			break;
		}
		n = &t->nodes[node];
		if (!(n->flags & TREE_EXPANDED) || n->nchildren == 0)
			break;
		/* children are sorted hottest first; never follow a cycle */
		node = (t->nodes[n->first_child].flags & TREE_CYCLE) ? NO_ID : n->first_child;
		if (node != NO_ID)
			path[t->nodes[node].func] = 1;
	}
	free(path);
	return rc < 0 ? rc : calltree_rows(t);
}

static int push_row(struct calltree *t, uint32_t node)
{
	if (grow_array(&t->rows, &t->cap_rows, t->nrows + 1, sizeof *t->rows, 256) < 0)
		return -1;
	t->rows[t->nrows++] = node;
	return 0;
}

int calltree_rows(struct calltree *t)
{
	uint32_t *stack;
	size_t sp = 0;

	t->nrows = 0;
	stack = malloc((t->n + 1) * sizeof *stack);
	if (!stack)
		return -1;
	stack[sp++] = 0;
	while (sp) {
		uint32_t node = stack[--sp];
		const struct tree_node *n = &t->nodes[node];
		uint32_t i;
		if (n->func != NO_ID && push_row(t, node) < 0) {
			free(stack);
			return -1;
		}
		if (!(n->flags & TREE_EXPANDED) || n->first_child == NO_ID)
			continue;
		for (i = n->nchildren; i > 0; i--)      /* hottest popped first */
			stack[sp++] = n->first_child + i - 1;
	}
	free(stack);
	return 0;
}

double calltree_share(const struct calltree *t, uint32_t node)
{
	return t->total > 0 ? 100.0 * t->nodes[node].time / t->total : 0;
}
