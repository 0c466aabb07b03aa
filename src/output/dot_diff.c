/* The graph of a diff as dot, coloured by difference. */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/dot_diff.h"

#define TIMES "\xc3\x97"   /* U+00D7 */

struct dnode {
	uint32_t row;
	double old, new;             /* shares of each side's total time */
	double self;                 /* NEW's tottime share (OLD's when gone) */
	int64_t old_calls, new_calls;
	int has_old, has_new;
};

struct dedge {
	uint32_t from, to;           /* node indexes */
	double old, new;
	int64_t old_calls, new_calls;
};

struct dgraph {
	struct diff_table *dt;
	const struct dot_opts *o;
	struct dnode *nodes;
	size_t nnodes;
	struct dedge *edges;
	size_t nedges, cap_edges;
	uint32_t *node_of_row;
	double total_old, total_new;
	size_t dropped;
	double dropped_self;
};

/* A share of one side's total time, as graph.h defines it: not capped at
 * 100 %; 0/0 is 0 here (nothing to draw on that side). */
static double share(double num, double den)
{
	double r;

	if (den == 0.0)
		return num == 0.0 ? 0.0 : 1.0;
	r = num / den;
	return r < 0.0 ? 0.0 : r;
}

static double larger(double a, double b)
{
	return a > b ? a : b;
}


static int add_nodes(struct dgraph *g, const uint32_t *rows, size_t n)
{
	const struct diff *d = &g->dt->d;
	size_t i;

	g->nodes = malloc((n + 1) * sizeof *g->nodes);
	if (!g->nodes)
		return -1;
	for (i = 0; i < n; i++) {
		const struct diff_row *r = &d->rows[rows ? rows[i] : i];
		const struct fstat *fo = profile_stat(d->old, r->old_id), *fn = profile_stat(d->new, r->new_id);
		struct dnode *nd = &g->nodes[g->nnodes];
		nd->row = rows ? rows[i] : (uint32_t)i;
		nd->has_old = fo != NULL;
		nd->has_new = fn != NULL;
		nd->old = fo ? share(fo->ct, g->total_old) : 0.0;
		nd->new = fn ? share(fn->ct, g->total_new) : 0.0;
		nd->self = fn ? share(fn->tt, g->total_new) : fo ? share(fo->tt, g->total_old) : 0.0;
		nd->old_calls = fo ? fo->nc : 0;
		nd->new_calls = fn ? fn->nc : 0;
		if (larger(nd->old, nd->new) >= g->o->graph.node_thres)
			g->nnodes++;
	}
	for (i = 0; i < g->nnodes; i++)
		g->node_of_row[g->nodes[i].row] = (uint32_t)i;
	return 0;
}

static int push_edge(struct dgraph *g, const struct dedge *x)
{
	if (g->nedges == g->cap_edges) {
		size_t cap = g->cap_edges ? 2 * g->cap_edges : 64;
		struct dedge *ne = realloc(g->edges, cap * sizeof *ne);
		if (!ne)
			return -1;
		g->edges = ne;
		g->cap_edges = cap;
	}
	g->edges[g->nedges++] = *x;
	return 0;
}

static int add_edges(struct dgraph *g, struct err *e)
{
	const struct diff *d = &g->dt->d;
	size_t nf = (size_t)d->new->names->nfuncs + 1, i, j;
	uint32_t *row_of_id = malloc(nf * sizeof *row_of_id);

	if (!row_of_id)
		return -1;
	for (i = 0; i < nf; i++)
		row_of_id[i] = NO_ID;
	for (i = 0; i < d->nrows; i++)
		row_of_id[diff_row_id(&d->rows[i])] = (uint32_t)i;
	for (i = 0; i < g->nnodes; i++) {
		struct diff_edge *v;
		size_t n;
		if (diff_edges(g->dt, g->nodes[i].row, 0, &v, &n, e) < 0) {
			free(row_of_id);
			return -1;
		}
		for (j = 0; j < n; j++) {
			uint32_t r = row_of_id[v[j].func];   /* named by its NEW id if paired */
			struct dedge x;
			if (r == NO_ID || g->node_of_row[r] == NO_ID)
				continue;
			x.from = g->node_of_row[r];
			x.to = (uint32_t)i;
			x.old = v[j].old ? share(v[j].old->ct, g->total_old) : 0.0;
			x.new = v[j].new ? share(v[j].new->ct, g->total_new) : 0.0;
			x.old_calls = v[j].old ? v[j].old->nc : 0;
			x.new_calls = v[j].new ? v[j].new->nc : 0;
			if (larger(x.old, x.new) < g->o->graph.edge_thres)
				continue;
			if (push_edge(g, &x) < 0) {
				free(v);
				free(row_of_id);
				return -1;
			}
		}
		free(v);
	}
	free(row_of_id);
	return 0;
}

/* Keeps the nodes flagged in keep, renumbered in order, and the edges
 * between them. */
static void compact(struct dgraph *g, const uint8_t *keep, uint32_t *index)
{
	size_t i, n = 0, m = 0;

	for (i = 0; i < g->nnodes; i++) {
		index[i] = keep[i] ? (uint32_t)n : NO_ID;
		if (keep[i])
			g->nodes[n++] = g->nodes[i];
	}
	for (i = 0; i < g->nedges; i++) {
		struct dedge x = g->edges[i];
		if (index[x.from] == NO_ID || index[x.to] == NO_ID)
			continue;
		x.from = index[x.from];
		x.to = index[x.to];
		g->edges[m++] = x;
	}
	g->nnodes = n;
	g->nedges = m;
}

/* Scratch for reach() and trim(), sized for the nodes and edges found. */
struct prune {
	uint32_t *off, *adj, *queue, *dist, *index;
	uint8_t *keep;
};

static void prune_free(struct prune *pr)
{
	free(pr->off);
	free(pr->adj);
	free(pr->queue);
	free(pr->dist);
	free(pr->index);
	free(pr->keep);
}

static int prune_alloc(struct prune *pr, size_t nn, size_t ne)
{
	memset(pr, 0, sizeof *pr);
	pr->off = calloc(nn + 2, sizeof *pr->off);
	pr->adj = malloc((ne + 1) * sizeof *pr->adj);
	pr->queue = malloc((nn + 1) * sizeof *pr->queue);
	pr->dist = malloc((nn + 1) * sizeof *pr->dist);
	pr->index = malloc((nn + 1) * sizeof *pr->index);
	pr->keep = malloc(nn + 1);
	return pr->off && pr->adj && pr->queue && pr->dist && pr->index && pr->keep ? 0 : -1;
}

/*
 * --root (forward, along calls) or --leaf (backward): the nodes within depth
 * of one whose name matches, as graph.c prunes a single profile's graph.
 */
static int reach(struct dgraph *g, struct prune *pr, struct regex *re, int forward,
		 const char *what, struct err *e)
{
	const struct diff *d = &g->dt->d;
	int depth = g->o->graph.depth;
	size_t i, head = 0, tail = 0;

	memset(pr->off, 0, (g->nnodes + 2) * sizeof *pr->off);
	for (i = 0; i < g->nedges; i++)
		pr->off[(forward ? g->edges[i].from : g->edges[i].to) + 2]++;
	for (i = 2; i < g->nnodes + 2; i++)
		pr->off[i] += pr->off[i - 1];
	for (i = 0; i < g->nedges; i++) {
		const struct dedge *x = &g->edges[i];
		pr->adj[pr->off[(forward ? x->from : x->to) + 1]++] = forward ? x->to : x->from;
	}
	memset(pr->keep, 0, g->nnodes);
	for (i = 0; i < g->nnodes; i++) {
		uint32_t len;
		const char *s = names_std(d->new->names, diff_row_id(&d->rows[g->nodes[i].row]), &len);
		if (regex_match(re, s, len) == 1) {
			pr->keep[i] = 1;
			pr->dist[i] = 0;
			pr->queue[tail++] = (uint32_t)i;
		}
	}
	if (!tail) {
		err_at(e, "", -1, "%s: no function matches among those the thresholds keep"
		       " (try --node-thres 0 --edge-thres 0)", what);
		return -1;
	}
	while (head < tail) {
		uint32_t u = pr->queue[head++], k;
		if (depth >= 0 && pr->dist[u] >= (uint32_t)depth)
			continue;
		for (k = pr->off[u]; k < pr->off[u + 1]; k++) {
			uint32_t v = pr->adj[k];
			if (pr->keep[v])
				continue;
			pr->keep[v] = 1;
			pr->dist[v] = pr->dist[u] + 1;
			pr->queue[tail++] = v;
		}
	}
	compact(g, pr->keep, pr->index);
	return 0;
}

/* The node cap (graph_cap), heat being the larger share. */
static int trim(struct dgraph *g, struct prune *pr)
{
	size_t max = g->o->graph.max_nodes, i;
	struct graph_link *links;
	double *heat;
	long kept = -1;

	if (!max || g->nnodes <= max)
		return 0;
	links = malloc((g->nedges + 1) * sizeof *links);
	heat = malloc((g->nnodes + 1) * sizeof *heat);
	if (links && heat) {
		for (i = 0; i < g->nedges; i++) {
			links[i].from = g->edges[i].from;
			links[i].to = g->edges[i].to;
		}
		for (i = 0; i < g->nnodes; i++)
			heat[i] = larger(g->nodes[i].old, g->nodes[i].new);
		kept = graph_cap((uint32_t)g->nnodes, heat, links, g->nedges, max, pr->keep);
	}
	free(links);
	free(heat);
	if (kept < 0)
		return -1;
	g->dropped = g->nnodes - (size_t)kept;
	for (i = 0; i < g->nnodes; i++)
		if (!pr->keep[i])
			g->dropped_self += g->nodes[i].self;
	compact(g, pr->keep, pr->index);
	return 0;
}

/* Thresholds are applied; then --root, --leaf, and the node limit. */
static int prune(struct dgraph *g, struct err *e)
{
	struct prune pr;
	int rc = -1;

	if (prune_alloc(&pr, g->nnodes, g->nedges) < 0)
		goto out;
	if ((g->o->graph.root && reach(g, &pr, g->o->graph.root, 1, "--root", e) < 0) ||
	    (g->o->graph.leaf && reach(g, &pr, g->o->graph.leaf, 0, "--leaf", e) < 0))
		goto out;
	rc = trim(g, &pr);
out:
	prune_free(&pr);
	return rc;
}

/* Weights: each change rescaled between the smallest and largest drawn. */
static double rescale(double x, double lo, double hi)
{
	if (hi > lo)
		return (x - lo) / (hi - lo);
	return hi > 0.0 ? 1.0 : 0.0;
}

static void put_pct(FILE *out, double ratio)
{
	fprintf(out, "%.2f%%", ratio * 100.0);
}

static void put_node(FILE *out, const struct dgraph *g, const struct dnode *nd, uint32_t index,
		     double lo, double hi)
{
	const struct diff *d = &g->dt->d;
	const struct diff_row *r = &d->rows[nd->row];
	enum dot_colormap cm = g->o->colormap;
	double delta = nd->new - nd->old, w = rescale(fabs(delta), lo, hi);
	int changed = fabs(delta) >= DOT_DIFF_TOLERANCE && nd->has_old && nd->has_new;
	char color[8];
	uint32_t len;
	const char *std = names_std(d->new->names, diff_row_id(r), &len);

	dot_theme_color(cm, w, color);
	fprintf(out, "\t%u [color=\"%s\", fontcolor=\"%s\", fontsize=\"%.2f\", shape=%s, "
		"orientation=%s%s, label=\"", index, color,
		dot_theme_filled(cm) ? "#ffffff" : color, dot_theme_fontsize(cm, w),
		changed ? "cds" : "box", changed && delta < 0 ? "90" : "0",
		!nd->has_new ? ", style=\"filled,dashed\"" : !nd->has_old ? ", peripheries=2" : "");
	dot_put_function_name(out, d->new->names, diff_row_id(r), g->o->file_labels);
	fputs("\\n", out);
	put_pct(out, nd->has_new ? nd->new : nd->old);
	if (!nd->has_old)
		fputs(" (new)", out);
	else if (!nd->has_new)
		fputs(" (gone)", out);
	else
		fprintf(out, " (%s%.2f%%)", delta < 0 ? "-" : "+", fabs(delta) * 100.0);
	fputs("\\n(", out);
	put_pct(out, nd->self);
	fprintf(out, ")\\n%lld" TIMES " / %lld" TIMES "\", tooltip=\"", (long long)nd->old_calls,
		(long long)nd->new_calls);
	dot_put_text(out, std, len);
	fputs("\"];\n", out);
}

static void put_edge(FILE *out, const struct dgraph *g, const struct dedge *x, double lo, double hi)
{
	enum dot_colormap cm = g->o->colormap;
	double w = rescale(fabs(x->new - x->old), lo, hi), pen = dot_theme_penwidth(cm, w);
	char color[8];

	dot_theme_color(cm, w, color);
	fprintf(out, "\t%u -> %u [arrowsize=\"%.2f\", color=\"%s\", fontcolor=\"%s\", "
		"fontsize=\"%.2f\", label=\"", x->from, x->to, 0.5 * sqrt(pen), color, color,
		dot_theme_fontsize(cm, w));
	put_pct(out, x->old);
	fputs(" / ", out);
	put_pct(out, x->new);
	fprintf(out, "\\n%lld" TIMES " / %lld" TIMES "\", labeldistance=\"%.2f\", penwidth=\"%.2f\"];\n",
		(long long)x->old_calls, (long long)x->new_calls, pen, pen);
}

static int write_graph(FILE *out, void *ctx, struct err *e)
{
	const struct dgraph *g = ctx;
	double nlo = INFINITY, nhi = 0.0, elo = INFINITY, ehi = 0.0;
	size_t i;

	for (i = 0; i < g->nnodes; i++) {
		double c = fabs(g->nodes[i].new - g->nodes[i].old);
		nlo = c < nlo ? c : nlo;
		nhi = c > nhi ? c : nhi;
	}
	for (i = 0; i < g->nedges; i++) {
		double c = fabs(g->edges[i].new - g->edges[i].old);
		elo = c < elo ? c : elo;
		ehi = c > ehi ? c : ehi;
	}
	fputs("digraph {\n\ttooltip=\" \"\n"
	      "\tgraph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n", out);
	fprintf(out, "\tnode [fontcolor=%s, fontname=Arial, height=0, shape=box, style=%s, width=0];\n",
		dot_theme_fontcolor(g->o->colormap), dot_theme_filled(g->o->colormap) ? "filled" : "solid");
	fputs("\tedge [fontname=Arial];\n", out);
	for (i = 0; i < g->nnodes; i++)
		put_node(out, g, &g->nodes[i], (uint32_t)i, nlo, nhi);
	for (i = 0; i < g->nedges; i++)
		put_edge(out, g, &g->edges[i], elo, ehi);
	fputs("}\n", out);
	if (names_check(g->dt->d.new->names, e) < 0)
		return -1;
	if (fflush(out) != 0 || ferror(out)) {
		err_at(e, "", -1, "write error");
		return -1;
	}
	return 0;
}

int dot_diff_export(struct diff_table *dt, const uint32_t *rows, size_t n,
		    const struct dot_opts *o, const char *path, struct dot_result *r,
		    struct err *e)
{
	struct dgraph g;
	size_t i;
	int rc = -1;

	memset(&g, 0, sizeof g);
	g.dt = dt;
	g.o = o;
	g.total_old = dt->d.old->total_tt;
	g.total_new = dt->d.new->total_tt;
	if (!rows)
		n = dt->d.nrows;
	g.node_of_row = malloc((dt->d.nrows + 1) * sizeof *g.node_of_row);
	if (!g.node_of_row)
		goto out;
	for (i = 0; i < dt->d.nrows; i++)
		g.node_of_row[i] = NO_ID;
	if (add_nodes(&g, rows, n) < 0 || add_edges(&g, e) < 0 || prune(&g, e) < 0)
		goto out;
	if (r) {
		r->nodes = (uint32_t)g.nnodes;
		r->edges = g.nedges;
		r->dropped = (uint32_t)g.dropped;
		r->dropped_self = g.dropped_self;
	}
	rc = dot_write_atomic(path, o->force, write_graph, &g, e);
out:
	if (rc < 0 && !e->set)
		err_at(e, "", -1, "out of memory");
	free(g.nodes);
	free(g.edges);
	free(g.node_of_row);
	return rc;
}
