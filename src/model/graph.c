/* The call graph gprof2dot would draw, from a profile and a subset of it. */
#include "autoconfig.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/util.h"
#include "proftop/graph.h"

void graph_opts_default(struct graph_opts *o)
{
	memset(o, 0, sizeof *o);
	o->node_thres = GRAPH_NODE_THRES;
	o->edge_thres = GRAPH_EDGE_THRES;
	o->depth = -1;
	o->max_nodes = GRAPH_MAX_NODES;
}

void graph_free(struct graph *g)
{
	free(g->nodes);
	free(g->edges);
	memset(g, 0, sizeof *g);
}

/*
 * A share of the total time, as the table's %tot and %cum show it: not
 * capped at 1 (a cumulative time counted in several threads, or recursion
 * as the `profile` module measures it, passes the total).  Negative figures
 * count as 0, and 0/0 as 1 (a profile with no time at all shows every
 * function at 100 %, as gprof2dot does).
 */
static double share(double num, double den)
{
	double r;

	if (den == 0.0)
		return 1.0;
	r = num / den;
	return r < 0.0 ? 0.0 : r;
}

struct builder {
	struct profile *p;
	const struct graph_opts *o;
	struct graph *g;
	uint32_t *node_of;       /* function id -> node index, NO_ID */
	uint32_t *scratch;       /* per node: new indexes, BFS queue */
	uint32_t *adj_off, *adj; /* per node: neighbours, for the BFS */
	uint32_t *dist;          /* per node: BFS distance */
	uint8_t *keep, *mark;    /* per node */
	size_t cap_edges;
	double total, self;      /* the profile's TOTAL_TIME and TIME */
};

/* The total is pstats' total_tt, the table's; TIME is the sum of tt, in
 * dict order as gprof2dot adds them.  gprof2dot raises its total to the
 * largest ct instead, which hides a share over 100 %. */
static void profile_times(struct builder *b)
{
	const struct profile *p = b->p;
	uint32_t i;

	b->total = p->total_tt;
	b->self = 0.0;
	for (i = 0; i < p->norder; i++)
		b->self += p->stats[p->order[i]].tt;
	if (b->o->total > 0.0)
		b->total = b->self = b->o->total;
}

/* node_of[] marks a function asked for before it gets a node. */
#define WANTED (NO_ID - 1)

/* Nodes in the profile's (dict) order whatever the order of ids: the same
 * functions make the same file, sorted or not, from the table or --dot. */
static int add_nodes(struct builder *b, const uint32_t *ids, size_t n)
{
	const struct profile *p = b->p;
	struct graph *g = b->g;
	uint32_t nn = 0, i;

	g->nodes = malloc((n + 1) * sizeof *g->nodes);
	if (!g->nodes)
		return -1;
	for (i = 0; i < n; i++)
		b->node_of[ids[i]] = WANTED;
	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i];
		const struct fstat *f = &p->stats[id];
		struct graph_node *nd;
		double w;

		if (b->node_of[id] != WANTED)
			continue;
		b->node_of[id] = NO_ID;
		w = share(f->ct, b->total);
		if (w < b->o->node_thres)
			continue;
		b->node_of[id] = nn;
		nd = &g->nodes[nn++];
		nd->id = id;
		nd->total = w;
		nd->self = share(f->tt, b->self);
		nd->calls = f->nc;
	}
	/* Only stats keys have times; gprof2dot has no node for the rest. */
	for (i = 0; i < n; i++)
		if (b->node_of[ids[i]] == WANTED)
			b->node_of[ids[i]] = NO_ID;
	g->nnodes = nn;
	return 0;
}

static int push_edge(struct builder *b, uint32_t from, uint32_t to, double w, int64_t calls)
{
	struct graph *g = b->g;

	if (grow_array(&g->edges, &b->cap_edges, g->nedges + 1, sizeof *g->edges, 64) < 0)
		return -1;
	g->edges[g->nedges].from = from;
	g->edges[g->nedges].to = to;
	g->edges[g->nedges].total = w;
	g->edges[g->nedges].calls = calls;
	g->nedges++;
	return 0;
}

/*
 * The caller edges of every node.  A plain count (the `profile` module) gets
 * count / nc * ct of time, where nc and ct are the callee's -- unless an
 * earlier caller of the same callee was a cProfile tuple: gprof2dot's parser
 * then reuses that tuple's nc and ct (its loop variables shadow the
 * callee's), which only matters for dumps of both kinds merged together.
 */
static int add_edges(struct builder *b)
{
	const struct profile *p = b->p;
	uint32_t v, j;

	for (v = 0; v < b->g->nnodes; v++) {
		const struct fstat *f = &p->stats[b->g->nodes[v].id];
		int64_t nc = f->nc;
		double ct = f->ct;

		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *ed = &p->edges[f->edge_off + j];
			uint32_t from = b->node_of[ed->caller];
			double t, w;
			int64_t calls;

			if (ed->flags & EDGE_COUNT_ONLY) {
				t = fmin(share((double)ed->st.nc, (double)nc), 1.0) * ct;
				calls = ed->st.nc;
			} else {
				t = ed->st.ct;
				calls = ed->st.cc;
				nc = ed->st.nc;
				ct = ed->st.ct;
			}
			if (from == NO_ID)
				continue;
			w = share(t, b->total);
			if (w < b->o->edge_thres)
				continue;
			if (push_edge(b, from, v, w, calls) < 0)
				return -1;
		}
	}
	return 0;
}

static int cmp_edge(const void *a, const void *b)
{
	const struct graph_edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

/* Drops the nodes whose keep[] is 0 and the edges touching them, keeping
 * the order of both. */
static void compact(struct builder *b)
{
	struct graph *g = b->g;
	uint32_t i, n = 0;
	size_t k = 0, j;

	for (i = 0; i < g->nnodes; i++) {
		if (!b->keep[i]) {
			b->node_of[g->nodes[i].id] = NO_ID;
			continue;
		}
		b->scratch[i] = n;
		b->node_of[g->nodes[i].id] = n;
		g->nodes[n++] = g->nodes[i];
	}
	for (j = 0; j < g->nedges; j++) {
		struct graph_edge ed = g->edges[j];
		if (!b->keep[ed.from] || !b->keep[ed.to])
			continue;
		ed.from = b->scratch[ed.from];
		ed.to = b->scratch[ed.to];
		g->edges[k++] = ed;
	}
	g->nedges = k;
	g->nnodes = n;
}

/* Neighbour lists (CSR) of the current edges, callees or callers. */
static void build_adjacency(struct builder *b, int forward)
{
	struct graph *g = b->g;
	uint32_t i, sum = 0;
	size_t j;

	memset(b->adj_off, 0, ((size_t)g->nnodes + 1) * sizeof *b->adj_off);
	for (j = 0; j < g->nedges; j++)
		b->adj_off[forward ? g->edges[j].from : g->edges[j].to]++;
	for (i = 0; i <= g->nnodes; i++) {
		uint32_t c = b->adj_off[i];
		b->adj_off[i] = sum;
		sum += c;
	}
	/* Filling advances each start to its list's end; shift them back. */
	for (j = 0; j < g->nedges; j++) {
		uint32_t u = forward ? g->edges[j].from : g->edges[j].to;
		b->adj[b->adj_off[u]++] = forward ? g->edges[j].to : g->edges[j].from;
	}
	for (i = g->nnodes; i > 0; i--)
		b->adj_off[i] = b->adj_off[i - 1];
	b->adj_off[0] = 0;
}

/*
 * Keeps the nodes within depth of a node matching re, walking callees
 * (forward, --root) or callers (--leaf), as gprof2dot's prune_root and
 * prune_leaf do.  A breadth-first walk measures the shortest distance;
 * gprof2dot walks a set in hash order and can stop early on a node it first
 * reached by a longer path, which we do not reproduce.
 */
static int reach(struct builder *b, struct regex *re, int forward, const char *what,
		 struct err *e)
{
	struct graph *g = b->g;
	uint32_t *queue = b->scratch, *dist = b->dist, head = 0, tail = 0, i;

	build_adjacency(b, forward);
	memset(b->keep, 0, g->nnodes);
	for (i = 0; i < g->nnodes; i++) {
		uint32_t len;
		const char *s = names_std(b->p->names, g->nodes[i].id, &len);
		if (regex_match(re, s, len) == 1) {
			b->keep[i] = 1;
			dist[i] = 0;
			queue[tail++] = i;
		}
	}
	if (!tail) {
		err_at(e, "", -1, "%s: no function matches among those the thresholds keep"
		       " (try --node-thres 0 --edge-thres 0)", what);
		return -1;
	}
	while (head < tail) {
		uint32_t u = queue[head++], k;
		if (b->o->depth >= 0 && dist[u] >= (uint32_t)b->o->depth)
			continue;
		for (k = b->adj_off[u]; k < b->adj_off[u + 1]; k++) {
			uint32_t v = b->adj[k];
			if (b->keep[v])
				continue;
			b->keep[v] = 1;
			dist[v] = dist[u] + 1;
			queue[tail++] = v;
		}
	}
	compact(b);
	return 0;
}

/* ---- the node cap ---- */

struct cand {
	uint32_t node;
	int via;                 /* reached along a call from a kept node */
};

struct cap {
	const double *heat;
	uint32_t *off, *adj;     /* callees (CSR), calls to itself left out */
	struct cand *heap;
	size_t nheap, kept, max;
	uint8_t *keep;
};

/* Hotter first; ties: the earlier node. */
static int hotter(const struct cap *c, uint32_t x, uint32_t y)
{
	if (c->heat[x] != c->heat[y])
		return c->heat[x] > c->heat[y];
	return x < y;
}

static void heap_push(struct cap *c, uint32_t node, int via)
{
	size_t i = c->nheap++;

	while (i > 0 && hotter(c, node, c->heap[(i - 1) / 2].node)) {
		c->heap[i] = c->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	c->heap[i].node = node;
	c->heap[i].via = via;
}

static struct cand heap_pop(struct cap *c)
{
	struct cand top = c->heap[0], last = c->heap[--c->nheap];
	size_t i = 0, k;

	while ((k = 2 * i + 1) < c->nheap) {
		if (k + 1 < c->nheap && hotter(c, c->heap[k + 1].node, c->heap[k].node))
			k++;
		if (!hotter(c, c->heap[k].node, last.node))
			break;
		c->heap[i] = c->heap[k];
		i = k;
	}
	if (c->nheap)
		c->heap[i] = last;
	return top;
}

/* Keeps u and offers what it calls. */
static void take(struct cap *c, uint32_t u)
{
	uint32_t k;

	c->keep[u] = 1;
	c->kept++;
	for (k = c->off[u]; k < c->off[u + 1]; k++)
		if (!c->keep[c->adj[k]])
			heap_push(c, c->adj[k], 1);
}

/* The hottest callee of u not kept yet, NO_ID if none. */
static uint32_t hottest_callee(const struct cap *c, uint32_t u)
{
	uint32_t k, best = NO_ID;

	for (k = c->off[u]; k < c->off[u + 1]; k++)
		if (!c->keep[c->adj[k]] && (best == NO_ID || hotter(c, c->adj[k], best)))
			best = c->adj[k];
	return best;
}

/* Callee lists (CSR), and how many call each node, calls to itself left
 * out (a recursive function alone still draws its loop). */
static void build_callees(struct cap *c, uint32_t n, const struct graph_link *links,
			  size_t nlinks, uint32_t *indeg, uint32_t *fill)
{
	uint32_t i;
	size_t j;

	for (j = 0; j < nlinks; j++)
		if (links[j].from != links[j].to) {
			c->off[links[j].from + 1]++;
			indeg[links[j].to]++;
		}
	for (i = 0; i < n; i++)
		c->off[i + 1] += c->off[i];
	memcpy(fill, c->off, (size_t)n * sizeof *fill);
	for (j = 0; j < nlinks; j++)
		if (links[j].from != links[j].to)
			c->adj[fill[links[j].from]++] = links[j].to;
}

/* Marks what s reaches. */
static void mark_from(const struct cap *c, uint32_t s, uint8_t *seen, uint32_t *queue)
{
	uint32_t head = 0, tail = 0, k;

	seen[s] = 1;
	queue[tail++] = s;
	while (head < tail) {
		uint32_t u = queue[head++];
		for (k = c->off[u]; k < c->off[u + 1]; k++)
			if (!seen[c->adj[k]]) {
				seen[c->adj[k]] = 1;
				queue[tail++] = c->adj[k];
			}
	}
}

/* Marks in MARK what node s reaches along callees (forward) or callers. */
static void mark_reached(struct builder *b, uint32_t s, int forward, uint8_t *mark)
{
	uint32_t *queue = b->scratch, head = 0, tail = 0, k;

	build_adjacency(b, forward);
	memset(mark, 0, b->g->nnodes);
	queue[tail++] = s;
	mark[s] = 1;
	while (head < tail) {
		uint32_t u = queue[head++];
		for (k = b->adj_off[u]; k < b->adj_off[u + 1]; k++)
			if (!mark[b->adj[k]]) {
				mark[b->adj[k]] = 1;
				queue[tail++] = b->adj[k];
			}
	}
}

/* o->focus: what it calls and what calls it, along the edges drawn (an
 * edge the thresholds dropped leaves nothing floating). */
static void keep_focus(struct builder *b)
{
	uint32_t f = b->node_of[b->o->focus], i;

	if (f == NO_ID)
		return;   /* under the thresholds: leave the graph as it is */
	mark_reached(b, f, 0, b->mark);
	mark_reached(b, f, 1, b->keep);
	for (i = 0; i < b->g->nnodes; i++)
		b->keep[i] |= b->mark[i];
	compact(b);
}

struct hot {
	double heat;
	uint32_t node;
};

static int cmp_hot(const void *a, const void *b)
{
	const struct hot *x = a, *y = b;

	if (x->heat != y->heat)
		return x->heat > y->heat ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* The seeds: the roots (nothing calls them), then, for what they do not
 * reach (a cycle nothing outside calls), the hottest node left, until
 * every node is reachable from a seed. */
static void seed(struct cap *c, uint32_t n, const uint32_t *indeg, struct hot *order,
		 uint8_t *seen, uint32_t *queue)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (indeg[i] == 0) {
			heap_push(c, i, 0);
			if (!seen[i])
				mark_from(c, i, seen, queue);
		}
	for (i = 0; i < n; i++) {
		order[i].heat = c->heat[i];
		order[i].node = i;
	}
	qsort(order, n, sizeof *order, cmp_hot);
	for (i = 0; i < n; i++)
		if (!seen[order[i].node]) {
			heap_push(c, order[i].node, 0);
			mark_from(c, order[i].node, seen, queue);
		}
}

/* Best first from the seeds.  A seed that calls others comes with its
 * hottest callee, or not at all: kept alone it would float. */
static void grow(struct cap *c)
{
	while (c->kept < c->max && c->nheap) {
		struct cand x = heap_pop(c);
		uint32_t v;

		if (c->keep[x.node])
			continue;
		v = x.via ? NO_ID : hottest_callee(c, x.node);
		if (v != NO_ID && c->kept + 2 > c->max)
			continue;
		take(c, x.node);
		if (v != NO_ID)
			take(c, v);
	}
}

long graph_cap(uint32_t n, const double *heat, const struct graph_link *links, size_t nlinks,
	       size_t max, uint8_t *keep)
{
	struct cap c = { heat, NULL, NULL, NULL, 0, 0, max, keep };
	uint32_t *indeg = calloc((size_t)n + 1, sizeof *indeg);
	uint32_t *fill = malloc(((size_t)n + 1) * sizeof *fill);
	uint32_t *queue = malloc(((size_t)n + 1) * sizeof *queue);
	uint8_t *seen = calloc((size_t)n + 1, 1);
	struct hot *order = malloc(((size_t)n + 1) * sizeof *order);
	long rc = -1;

	c.off = calloc((size_t)n + 2, sizeof *c.off);
	c.adj = malloc((nlinks + 1) * sizeof *c.adj);
	c.heap = malloc(((size_t)n + nlinks + 1) * sizeof *c.heap);
	if (!indeg || !fill || !queue || !seen || !order || !c.off || !c.adj || !c.heap)
		goto out;
	memset(keep, 0, n);
	build_callees(&c, n, links, nlinks, indeg, fill);
	seed(&c, n, indeg, order, seen, queue);
	grow(&c);
	/* --max-nodes 1 and every seed calls: the hottest alone */
	if (!c.kept && n && max)
		take(&c, order[0].node);
	rc = (long)c.kept;
out:
	free(indeg);
	free(fill);
	free(queue);
	free(seen);
	free(order);
	free(c.off);
	free(c.adj);
	free(c.heap);
	return rc;
}

/* The node cap: graph_cap's choice, and what it leaves out. */
static int trim(struct builder *b)
{
	struct graph *g = b->g;
	struct graph_link *links;
	double *heat;
	uint32_t i;
	size_t j;
	long kept;

	if (!b->o->max_nodes || g->nnodes <= b->o->max_nodes)
		return 0;
	links = malloc((g->nedges + 1) * sizeof *links);
	heat = malloc(((size_t)g->nnodes + 1) * sizeof *heat);
	kept = -1;
	if (links && heat) {
		for (j = 0; j < g->nedges; j++) {
			links[j].from = g->edges[j].from;
			links[j].to = g->edges[j].to;
		}
		for (i = 0; i < g->nnodes; i++)
			heat[i] = g->nodes[i].total;
		kept = graph_cap(g->nnodes, heat, links, g->nedges, b->o->max_nodes, b->keep);
	}
	free(links);
	free(heat);
	if (kept < 0)
		return -1;
	g->dropped = g->nnodes - (uint32_t)kept;
	for (i = 0; i < g->nnodes; i++)
		if (!b->keep[i])
			g->dropped_self += g->nodes[i].self;
	compact(b);
	return 0;
}

static int alloc_scratch(struct builder *b)
{
	size_t nn = (size_t)b->g->nnodes + 1, ne = b->g->nedges + 1;

	b->scratch = malloc(nn * sizeof *b->scratch);
	b->keep = malloc(nn);
	b->mark = malloc(nn);
	b->dist = malloc(nn * sizeof *b->dist);
	b->adj_off = malloc(nn * sizeof *b->adj_off);
	b->adj = calloc(ne, sizeof *b->adj);
	return b->scratch && b->keep && b->mark && b->dist && b->adj_off && b->adj ? 0 : -1;
}

static int build(struct builder *b, const uint32_t *ids, size_t n, struct err *e)
{
	const struct graph_opts *o = b->o;

	profile_times(b);
	if (add_nodes(b, ids, n) < 0 || add_edges(b) < 0 || alloc_scratch(b) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	if (b->g->nedges)
		qsort(b->g->edges, b->g->nedges, sizeof *b->g->edges, cmp_edge);
	if (o->root && reach(b, o->root, 1, "--root", e) < 0)
		return -1;
	if (o->leaf && reach(b, o->leaf, 0, "--leaf", e) < 0)
		return -1;
	if (o->has_focus)
		keep_focus(b);
	if (trim(b) < 0) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	return 0;
}

int graph_build(struct graph *g, struct profile *p, const uint32_t *ids, size_t n,
		const struct graph_opts *o, struct err *e)
{
	struct builder b;
	int rc;

	memset(g, 0, sizeof *g);
	memset(&b, 0, sizeof b);
	b.p = p;
	b.o = o;
	b.g = g;
	/* No callees index: the edges come from the callers' side (building
	 * one cost a --dot as much again as reading a big dump's edges). */
	if (!(b.node_of = malloc(((size_t)p->names->nfuncs + 1) * sizeof *b.node_of))) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	memset(b.node_of, 0xff, ((size_t)p->names->nfuncs + 1) * sizeof *b.node_of);
	if (!ids) {
		ids = p->order;
		n = p->norder;
	}
	rc = build(&b, ids, n, e);
	free(b.node_of);
	free(b.scratch);
	free(b.keep);
	free(b.mark);
	free(b.dist);
	free(b.adj_off);
	free(b.adj);
	if (rc < 0)
		graph_free(g);
	return rc;
}

/* One breadth-first walk from focus, over callers or over callees. */
static void walk(struct profile *p, uint32_t focus, int depth, int up, uint8_t *seen,
		 uint32_t *queue, uint32_t *dist)
{
	uint32_t head = 0, tail = 0, j;

	queue[tail++] = focus;
	dist[focus] = 0;
	while (head < tail) {
		uint32_t u = queue[head++];
		uint32_t cnt = up ? p->stats[u].edge_cnt : p->callee_cnt[u];

		if (depth >= 0 && dist[u] >= (uint32_t)depth)
			continue;
		for (j = 0; j < cnt; j++) {
			uint32_t v = up ? p->edges[p->stats[u].edge_off + j].caller
					: p->edge_callee[p->callee_edge[p->callee_off[u] + j]];
			if (seen[v] & (up ? 1 : 2))
				continue;
			seen[v] |= up ? 1 : 2;
			dist[v] = dist[u] + 1;
			queue[tail++] = v;
		}
	}
}

int graph_neighbourhood(struct profile *p, uint32_t focus, int depth,
			uint32_t **ids, size_t *n, struct err *e)
{
	size_t nf = (size_t)p->names->nfuncs + 1, k = 0, i;
	uint8_t *seen = NULL;
	uint32_t *queue = NULL, *dist = NULL, *out = NULL;
	int rc = -1;

	*ids = NULL;
	*n = 0;
	if (profile_finish(p) < 0)
		goto out;
	seen = calloc(nf, 1);
	queue = malloc(nf * sizeof *queue);
	dist = malloc(nf * sizeof *dist);
	out = malloc(((size_t)p->norder + 1) * sizeof *out);
	if (!seen || !queue || !dist || !out)
		goto out;
	seen[focus] = 3;
	walk(p, focus, depth, 1, seen, queue, dist);
	walk(p, focus, depth, 0, seen, queue, dist);
	for (i = 0; i < p->norder; i++)
		if (seen[p->order[i]])
			out[k++] = p->order[i];
	*ids = out;
	*n = k;
	out = NULL;
	rc = 0;
out:
	if (rc < 0)
		err_at(e, "", -1, "out of memory");
	free(seen);
	free(queue);
	free(dist);
	free(out);
	return rc;
}
