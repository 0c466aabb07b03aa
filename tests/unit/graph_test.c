/* The graph model without a dump: gprof2dot's ratios and prunes on small
 * hand-built profiles, the neighbourhood walk, --max-nodes. */
#include "autoconfig.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "proftop/graph.h"

static struct names names;
static struct profile prof;

static uint32_t fn(const char *name)
{
	uint32_t file = strtab_intern(&names.strs, "m.py", 4);
	return names_func(&names, file, 1, strtab_intern(&names.strs, name, strlen(name)));
}

/* One stats entry; callers given as (caller, nc, ct) or, with count_only,
 * (caller, count, 0). */
static void add(const char *name, int64_t nc, double tt, double ct, int ncallers,
		const char *const *callers, const int64_t *cnc, const double *cct,
		const int *count_only)
{
	int i;

	profile_begin(&prof, fn(name), nc, nc, tt, ct);
	for (i = 0; i < ncallers; i++) {
		struct callstat st = { cnc[i], cnc[i], 0.0, cct[i] };
		profile_edge(&prof, fn(callers[i]), &st, count_only && count_only[i] ? EDGE_COUNT_ONLY : 0);
	}
	profile_end(&prof, 0);
}

static void reset(void)
{
	profile_free(&prof);
	names_free(&names);
	names_init(&names);
	profile_init(&prof, &names);
}

static const struct graph_node *node(const struct graph *g, const char *name)
{
	uint32_t i;

	for (i = 0; i < g->nnodes; i++)
		if (strcmp(func_name(&names, g->nodes[i].id), name) == 0)
			return &g->nodes[i];
	return NULL;
}

static const struct graph_edge *edge(const struct graph *g, const char *from, const char *to)
{
	size_t j;

	for (j = 0; j < g->nedges; j++)
		if (strcmp(func_name(&names, g->nodes[g->edges[j].from].id), from) == 0 &&
		    strcmp(func_name(&names, g->nodes[g->edges[j].to].id), to) == 0)
			return &g->edges[j];
	return NULL;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-12;
}

static void thresholds(void)
{
	static const char *const a[] = { "a" };
	static const int64_t one[] = { 1 }, three[] = { 3 };
	static const double six[] = { 6.0 }, tiny[] = { 0.04 }, zero[] = { 0.0 };
	static const int counted[] = { 1 };
	struct graph_opts o;
	struct graph g;
	struct err e;

	reset();
	add("a", 1, 3.96, 10.0, 0, NULL, NULL, NULL, NULL);
	add("b", 1, 6.0, 6.0, 1, a, one, six, NULL);
	add("c", 1, 0.04, 0.04, 1, a, one, tiny, NULL);
	add("d", 6, 0.0, 2.0, 1, a, three, zero, counted);
	profile_compute_totals(&prof);
	graph_opts_default(&o);
	CHECK("graph builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	/* a big dump's callees index costs a --dot as much as its edges */
	CHECK("the graph builds no callees index", !prof.finished && !prof.callee_edge);
	CHECK("total ratio is ct over total_tt", node(&g, "a") && near(node(&g, "a")->total, 1.0));
	CHECK("self ratio is tt over the sum of tt", node(&g, "b") && near(node(&g, "b")->self, 0.6));
	CHECK("a node below 0.5 % goes", node(&g, "c") == NULL && edge(&g, "a", "c") == NULL);
	CHECK("edge ratio from the caller's ct", edge(&g, "a", "b") && near(edge(&g, "a", "b")->total, 0.6));
	graph_free(&g);

	o.node_thres = o.edge_thres = 0.0;
	CHECK("graph builds at 0 %", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("every function at 0 %", g.nnodes == 4 && g.nedges == 3);
	/* 3 calls of d's 6, d's ct 2.0, over the total 10 */
	CHECK("a plain count gets count/nc of the callee's ct",
	      edge(&g, "a", "d") && near(edge(&g, "a", "d")->total, 0.1) && edge(&g, "a", "d")->calls == 3);
	graph_free(&g);

	o.node_thres = 0.5;
	o.edge_thres = 0.0;
	CHECK("graph builds at 50 %", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("50 % keeps a and b only, and their edge", g.nnodes == 2 && node(&g, "a") && node(&g, "b") && g.nedges == 1);
	graph_free(&g);
}

/* gprof2dot reuses a cProfile caller tuple's nc and ct for a later plain
 * count of the same callee (its loop variables shadow the callee's). */
static void shadowed_counts(void)
{
	static const char *const xy[] = { "x", "y" };
	static const int64_t cnc[] = { 2, 1 };
	static const double cct[] = { 1.0, 0.0 };
	static const int counted[] = { 0, 1 };
	struct graph_opts o;
	struct graph g;
	struct err e;

	reset();
	add("x", 1, 4.0, 10.0, 0, NULL, NULL, NULL, NULL);
	add("y", 1, 4.0, 4.0, 0, NULL, NULL, NULL, NULL);
	add("d", 10, 2.0, 2.0, 2, xy, cnc, cct, counted);
	profile_compute_totals(&prof);
	graph_opts_default(&o);
	o.node_thres = o.edge_thres = 0.0;
	CHECK("mixed callers build", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	/* 1/2 (the tuple's nc) * 1.0 (its ct) over the total 10 */
	CHECK("a count after a tuple uses the tuple's nc and ct",
	      edge(&g, "y", "d") && near(edge(&g, "y", "d")->total, 0.05));
	graph_free(&g);
}

static void no_time(void)
{
	static const char *const a[] = { "a" };
	static const int64_t one[] = { 1 };
	static const double zero[] = { 0.0 };
	struct graph_opts o;
	struct graph g;
	struct err e;

	reset();
	add("a", 1, 0.0, 0.0, 0, NULL, NULL, NULL, NULL);
	add("b", 1, 0.0, 0.0, 1, a, one, zero, NULL);
	profile_compute_totals(&prof);
	graph_opts_default(&o);
	CHECK("a profile without time builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("0/0 counts as 100 %, as gprof2dot's ratio()",
	      g.nnodes == 2 && near(g.nodes[0].total, 1.0) && near(g.nodes[1].self, 1.0) &&
	      g.nedges == 1 && near(g.edges[0].total, 1.0));
	graph_free(&g);
}

/* a -> b -> c -> d, and e -> c: a chain with a side caller. */
static void chain(void)
{
	static const char *const a[] = { "a" }, *const ce[] = { "c" };
	static const char *const be[] = { "b", "e" };
	static const int64_t one[] = { 1 }, ones[] = { 1, 1 };
	static const double c8[] = { 8.0 }, c3[] = { 3.0, 3.0 }, c2[] = { 2.0 };

	reset();
	add("a", 1, 5.0, 10.0, 0, NULL, NULL, NULL, NULL);
	add("b", 1, 1.0, 8.0, 1, a, one, c8, NULL);
	add("e", 1, 1.0, 4.0, 0, NULL, NULL, NULL, NULL);
	add("c", 2, 1.0, 6.0, 2, be, ones, c3, NULL);
	add("d", 1, 2.0, 2.0, 1, ce, one, c2, NULL);
	profile_compute_totals(&prof);
}

static int has(const uint32_t *ids, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(func_name(&names, ids[i]), name) == 0)
			return 1;
	return 0;
}

static void neighbourhood(void)
{
	uint32_t *ids;
	size_t n;
	struct err e;

	chain();
	CHECK("neighbourhood depth 1", graph_neighbourhood(&prof, fn("c"), 1, &ids, &n, &e) == 0 &&
	      n == 4 && has(ids, n, "b") && has(ids, n, "e") && has(ids, n, "c") && has(ids, n, "d"));
	free(ids);
	CHECK("neighbourhood depth 0 is the function", graph_neighbourhood(&prof, fn("c"), 0, &ids, &n, &e) == 0 &&
	      n == 1 && has(ids, n, "c"));
	free(ids);
	CHECK("neighbourhood unlimited", graph_neighbourhood(&prof, fn("b"), -1, &ids, &n, &e) == 0 &&
	      n == 4 && !has(ids, n, "e"));
	free(ids);
}

static void root_leaf_trim(void)
{
	struct graph_opts o;
	struct graph g;
	struct regex re;
	struct err e;

	chain();
	graph_opts_default(&o);
	regex_compile(&re, "\\(b\\)", 0, &e);
	o.root = &re;
	o.depth = 1;
	CHECK("root depth 1 builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("root depth 1 keeps b and c", g.nnodes == 2 && node(&g, "b") && node(&g, "c") && g.nedges == 1);
	graph_free(&g);
	o.root = NULL;
	o.leaf = &re;
	o.depth = -1;
	CHECK("leaf builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("leaf keeps a and b", g.nnodes == 2 && node(&g, "a") && edge(&g, "a", "b"));
	graph_free(&g);
	regex_free(&re);
	regex_compile(&re, "nothing", 0, &e);
	o.leaf = &re;
	CHECK("a leaf matching nothing is an error", graph_build(&g, &prof, NULL, 0, &o, &e) < 0 &&
	      strstr(e.msg, "--leaf") != NULL);
	regex_free(&re);
	o.leaf = NULL;
	o.max_nodes = 3;
	CHECK("max_nodes builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("max_nodes keeps the 3 hottest", g.nnodes == 3 && g.dropped == 2 && node(&g, "a") &&
	      node(&g, "b") && node(&g, "c") && g.nedges == 2);
	graph_free(&g);
}

/* The drill-down's export: only what stays linked to the focus. */
static void focus(void)
{
	struct graph_opts o;
	struct graph g;
	struct err e;

	chain();
	graph_opts_default(&o);
	o.node_thres = 0.0;
	o.edge_thres = 0.35;   /* a -> b only */
	o.has_focus = 1;
	o.focus = fn("b");
	CHECK("focus builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("focus keeps what is linked to it", g.nnodes == 2 && node(&g, "a") && node(&g, "b") &&
	      edge(&g, "a", "b"));
	graph_free(&g);
	o.edge_thres = 0.0;
	o.focus = fn("c");
	CHECK("focus builds at 0 %", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("focus at 0 % keeps its callers' callers and its callees",
	      g.nnodes == 5 && node(&g, "a") && node(&g, "e") && node(&g, "d"));
	graph_free(&g);
}

static void subset(void)
{
	struct graph_opts o;
	struct graph g;
	struct err e;
	uint32_t ids[3];

	chain();
	ids[0] = fn("d");
	ids[1] = fn("b");
	ids[2] = fn("c");
	graph_opts_default(&o);
	CHECK("subset builds", graph_build(&g, &prof, ids, 3, &o, &e) == 0);
	/* the table's sort must not change the file: nodes in dict order */
	CHECK("subset nodes in the profile's order, not the order given", g.nnodes == 3 &&
	      g.nodes[0].id == ids[1] && g.nodes[1].id == ids[2] && g.nodes[2].id == ids[0]);
	CHECK("subset edges among the subset only", g.nedges == 2 && edge(&g, "b", "c") && edge(&g, "c", "d"));
	CHECK("subset ratios stay relative to the whole profile", near(node(&g, "b")->total, 0.8));
	graph_free(&g);
}

/* A cumulative time past the total (threads, `profile` recursion) shows
 * as the table shows it, over 100 %. */
static void over_total(void)
{
	static const char *const a[] = { "a" };
	static const int64_t one[] = { 1 };
	static const double c9[] = { 9.0 };
	struct graph_opts o;
	struct graph g;
	struct err e;

	reset();
	add("a", 1, 1.0, 13.0, 0, NULL, NULL, NULL, NULL);
	add("b", 1, 9.0, 9.0, 1, a, one, c9, NULL);
	profile_compute_totals(&prof);
	graph_opts_default(&o);
	CHECK("over the total builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("a share over 100 % is not capped", node(&g, "a") && near(node(&g, "a")->total, 1.3));
	CHECK("the others are of total_tt too", node(&g, "b") && near(node(&g, "b")->total, 0.9) &&
	      edge(&g, "a", "b") && near(edge(&g, "a", "b")->total, 0.9));
	graph_free(&g);
}

/* Nodes with no edge in g. */
static uint32_t isolated(const struct graph *g)
{
	uint32_t i, n = 0;
	size_t j;

	for (i = 0; i < g->nnodes; i++) {
		for (j = 0; j < g->nedges; j++)
			if (g->edges[j].from == i || g->edges[j].to == i)
				break;
		n += j == g->nedges;
	}
	return n;
}

/*
 * r -> h1 -> h2 -> h3 (hot), and a second root s -> t where s is hotter
 * than h3 but t colder: keeping the hottest three leaves s alone; the cap
 * keeps what it keeps linked.  Then x <-> y, a cycle nothing else calls.
 */
static void cap_islands(void)
{
	static const char *const r[] = { "r" }, *const h1[] = { "h1" }, *const h2[] = { "h2" };
	static const char *const s[] = { "s" }, *const x[] = { "x" }, *const y[] = { "y" };
	static const int64_t one[] = { 1 };
	static const double c8[] = { 8.0 }, c7[] = { 7.0 }, c6[] = { 6.0 }, c1[] = { 1.0 };
	static const double c2[] = { 2.0 }, c05[] = { 0.5 };
	struct graph_opts o;
	struct graph g;
	struct err e;

	reset();
	add("r", 1, 1.0, 9.0, 0, NULL, NULL, NULL, NULL);
	add("h1", 1, 1.0, 8.0, 1, r, one, c8, NULL);
	add("h2", 1, 1.0, 7.0, 1, h1, one, c7, NULL);
	add("h3", 1, 6.0, 6.0, 1, h2, one, c6, NULL);
	add("s", 1, 6.5, 7.5, 0, NULL, NULL, NULL, NULL);
	add("t", 1, 1.0, 1.0, 1, s, one, c1, NULL);
	add("x", 2, 1.0, 2.0, 1, y, one, c05, NULL);
	add("y", 1, 1.0, 2.0, 1, x, one, c2, NULL);
	profile_compute_totals(&prof);
	graph_opts_default(&o);
	o.node_thres = o.edge_thres = 0.0;
	CHECK("uncapped builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("uncapped: nothing isolated", g.nnodes == 8 && isolated(&g) == 0);
	graph_free(&g);
	o.max_nodes = 3;
	CHECK("cap 3 builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("cap 3: nothing isolated", g.nnodes == 3 && isolated(&g) == 0);
	CHECK("cap 3: the hot chain from its root, not s alone", node(&g, "r") && node(&g, "h1") &&
	      node(&g, "h2") && !node(&g, "s"));
	graph_free(&g);
	o.max_nodes = 4;
	CHECK("cap 4 builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("cap 4: a second root comes with its callee", g.nnodes == 4 && isolated(&g) == 0 &&
	      node(&g, "s") && edge(&g, "s", "t"));
	CHECK("cap 4: dropped counted with their self time", g.dropped == 4 &&
	      near(g.dropped_self, (1.0 + 6.0 + 1.0 + 1.0) / prof.total_tt));
	graph_free(&g);
	o.max_nodes = 7;
	CHECK("cap 7 builds", graph_build(&g, &prof, NULL, 0, &o, &e) == 0);
	CHECK("cap 7: the cycle comes as a pair or not at all", g.nnodes <= 7 && isolated(&g) == 0 &&
	      !node(&g, "x") == !node(&g, "y"));
	graph_free(&g);
}

/* graph_cap alone: a cycle nothing calls is still reached; one node left. */
static void cap_cycle(void)
{
	static const double heat[] = { 1.0, 2.0, 0.5 };
	static const struct graph_link links[] = { { 0, 1 }, { 1, 0 }, { 1, 2 } };
	uint8_t keep[3];

	CHECK("a cycle nothing calls is seeded", graph_cap(3, heat, links, 3, 2, keep) == 2 &&
	      keep[0] && keep[1] && !keep[2]);
	CHECK("a cap of 1 keeps the hottest", graph_cap(3, heat, links, 3, 1, keep) == 1 &&
	      keep[1] && !keep[0] && !keep[2]);
	CHECK("a call to itself does not make a root", graph_cap(1, heat, (const struct graph_link[]){ { 0, 0 } },
	      1, 1, keep) == 1 && keep[0]);
}

int main(void)
{
	names_init(&names);
	profile_init(&prof, &names);
	thresholds();
	shadowed_counts();
	no_time();
	neighbourhood();
	root_leaf_trim();
	subset();
	focus();
	over_total();
	cap_islands();
	cap_cycle();
	profile_free(&prof);
	names_free(&names);
	return CHECK_DONE();
}
