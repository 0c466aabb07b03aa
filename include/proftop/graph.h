/*
 * The call graph of a profile, selected and pruned the way gprof2dot does it
 * for pstats input, so that the same dump and thresholds give the same nodes
 * and edges.
 *
 * gprof2dot's pstats conventions, which this module reproduces:
 *  - a node's self ratio is tt over the sum of tt;
 *  - an edge's time is the caller's ct entry (cProfile) or, for the `profile`
 *    module's plain counts, count / callee's nc * callee's ct; its calls are
 *    the caller's primitive count; a negative ratio counts as 0, 0/0 as 1;
 *  - no cycle integration happens for pstats input (the times are already
 *    cumulative), so the prune only compares these ratios: a node below
 *    node_thres goes, then an edge whose callee went or whose ratio is below
 *    edge_thres goes; nodes left without edges stay;
 *  - then --root keeps what the roots reach (within depth) and --leaf what
 *    reaches the leaves, keeping only edges between kept nodes.
 * One deliberate difference: a node's total ratio is its cumulative time
 * over pstats' total time (total_tt), the share the table's %cum shows, and
 * is not capped at 100 %.  gprof2dot divides by the larger of total_tt and
 * the largest ct and caps at 100 %, which hides that a cumulative time can
 * pass the total (counted in several threads, or recursion as the `profile`
 * module measures it); on dumps where no ct passes total_tt both agree.
 * Nodes are always in the profile's (dict) order, as gprof2dot reads them.
 * Curses-free; shared by the batch --dot mode and the UI's export keys.
 */
#ifndef PROFTOP_GRAPH_H
#define PROFTOP_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/profile.h"
#include "proftop/regex.h"

#define GRAPH_NODE_THRES 0.005   /* gprof2dot's defaults, as fractions */
#define GRAPH_EDGE_THRES 0.001
#define GRAPH_MAX_NODES 200

/* COLORMAP(id, name): gprof2dot's colour maps, by its names: how a graph is
 * drawn (dot.h), named here so that the configuration can choose one. */
#define DOT_COLORMAPS(COLORMAP) \
	COLORMAP(COLOR, "color") \
	COLORMAP(PINK, "pink") \
	COLORMAP(GRAY, "gray") \
	COLORMAP(BW, "bw") \
	COLORMAP(PRINT, "print")

enum dot_colormap {
#define DOT_CM_ENUM(id, name) DOT_CM_##id,
	DOT_COLORMAPS(DOT_CM_ENUM)
#undef DOT_CM_ENUM
	DOT_CM_COUNT
};

struct graph_opts {
	double node_thres, edge_thres;  /* fractions of the total time */
	struct regex *root, *leaf;      /* matched on func_std_string; NULL: none */
	int depth;                      /* for root/leaf; < 0: unlimited */
	int has_focus;                  /* keep only what FOCUS (a function id) */
	uint32_t focus;                 /* calls or is called by, along the edges
					 * the thresholds keep */
	size_t max_nodes;               /* graph_cap's limit; 0: none */
	double total;                   /* > 0: ratios of this time (the visible
					 * functions' tottime) instead of the
					 * profile's total and sum of tottime */
};

/* Fills o with gprof2dot's defaults and GRAPH_MAX_NODES. */
void graph_opts_default(struct graph_opts *o);

struct graph_node {
	uint32_t id;             /* function id */
	double total, self;      /* ratios of the total time and of the self time */
	int64_t calls;           /* nc, as pstats' ncalls */
};

struct graph_edge {
	uint32_t from, to;       /* node indexes: caller, callee */
	double total;            /* ratio of the total time */
	int64_t calls;
};

struct graph {
	struct graph_node *nodes;    /* in the order of the ids given */
	uint32_t nnodes;
	struct graph_edge *edges;    /* sorted by (from, to) */
	size_t nedges;
	uint32_t dropped;            /* nodes left out by max_nodes */
	double dropped_self;         /* their self ratios, summed */
};

void graph_free(struct graph *g);

/*
 * Builds the graph of the functions IDS (all of p->order when ids is NULL;
 * their order does not matter): thresholds, then root/leaf, then focus,
 * then max_nodes (graph_cap).  Ratios are always relative to the whole profile, so a
 * subset shows the same percentages as the full graph.
 * Returns 0, or -1 with e set (no function matching root/leaf, out of memory).
 */
int graph_build(struct graph *g, struct profile *p, const uint32_t *ids, size_t n,
		const struct graph_opts *o, struct err *e);

/* A call between two nodes, by index, for graph_cap. */
struct graph_link {
	uint32_t from, to;
};

/*
 * The node cap: chooses at most MAX of N nodes (keep[i] 0 or 1) so that
 * nothing kept floats.  It grows from the seeds -- the roots, that nothing
 * calls, and for a cycle nothing outside calls its hottest node -- always
 * taking the hottest node called by one already kept, so each kept node is
 * a seed or is called by a kept node; a seed that calls others is only
 * taken with its hottest callee.  No kept node is without an edge unless it
 * had none before (or MAX is 1).  HEAT orders the nodes (hotter first, ties
 * by index).  Returns how many were kept, or -1 when out of memory.
 */
long graph_cap(uint32_t n, const double *heat, const struct graph_link *links, size_t nlinks,
	       size_t max, uint8_t *keep);

/*
 * The neighbourhood of FOCUS: FOCUS, its callers up to DEPTH levels up and its
 * callees up to DEPTH levels down (DEPTH < 0: unlimited), as stats keys in
 * dict order.  *ids is malloc'd.  Returns 0 or -1 (out of memory).
 */
int graph_neighbourhood(struct profile *p, uint32_t focus, int depth,
			uint32_t **ids, size_t *n, struct err *e);

#endif
