/*
 * Caller/callee queries and the call tree, over one profile's edges.
 * Pure data: the detail and tree views draw what these compute.
 */
#ifndef PROFTOP_CALLS_H
#define PROFTOP_CALLS_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/profile.h"
#include "proftop/query.h"

/* One neighbour of a function: the edge as pstats records it for that
 * caller->callee pair, and the share of the function's time through it. */
struct call_entry {
	uint32_t func;         /* the caller (or callee) */
	uint32_t edge;         /* index in profile.edges */
	double share;          /* of the focused function's cumtime (calls for count-only edges) */
	uint8_t recursive;     /* the function calls itself through this edge */
};

struct call_list {
	struct call_entry *v;
	size_t n;
};

/* Who called f / what f called.  The profile must be finished. */
int calls_callers(struct profile *p, uint32_t f, struct call_list *out);
int calls_callees(struct profile *p, uint32_t f, struct call_list *out);
/* Stable sort by the table's keys, applied to the edge's numbers and the
 * neighbour's name. */
int calls_sort(struct profile *p, struct call_list *l, const struct sort_spec *s, int reverse);
void call_list_free(struct call_list *l);

/* The estimated time of CALLEE along edge EI on a path holding SCALE (0 to 1)
 * of its caller's cumulative time: the edge's cumtime (for the `profile`
 * module's plain counts, the callee's cumtime in proportion to the calls)
 * times SCALE.  The call tree and the flame graph both estimate so. */
double calls_edge_time(const struct profile *p, uint32_t ei, uint32_t callee, double scale);

/*
 * The top-level functions, in dict order: those no recorded caller called
 * (or the `profile` module marked so), and when they hold under 99% of the
 * total time, up to 4 more, the hottest of those with calls no recorded
 * caller made (`python -m cProfile`'s outermost exec: the script's imports
 * call exec again, so it has callers), else the hottest.  WITH_ZERO keeps
 * those of no time.  *n set, *sum their cumulative time; malloc'd, NULL
 * when out of memory.
 */
uint32_t *calls_top_level(const struct profile *p, int with_zero, size_t *n, double *sum);

/*
 * The call tree: rooted at a function, or at the top-level functions.
 * A child's time is estimated from edge data as gprof2dot does: the edge's
 * cumtime scaled by the share of the parent's cumtime that this path holds.
 * A function already on the path is a cycle: marked, never expanded.
 */
#define TREE_CYCLE 1u
#define TREE_EXPANDED 2u
#define TREE_LEAF 4u           /* calls nothing */
#define TREE_VIA_HIDDEN 8u     /* reached through a hidden function */

struct tree_node {
	uint32_t func;         /* NO_ID for the synthetic root */
	uint32_t parent;       /* node index, NO_ID for the root */
	uint32_t first_child, nchildren;
	uint32_t edge;         /* edge from the parent, NO_ID at the top */
	uint32_t depth;
	uint32_t flags;
	double time;           /* estimated cumulative time along this path */
	int64_t calls;         /* calls along the edge (or the function's) */
};

struct calltree {
	struct profile *p;
	struct tree_node *nodes;
	size_t n, cap;
	uint32_t *rows;        /* visible nodes, depth first */
	size_t nrows, cap_rows;
	double total;          /* 100 % */
	const uint8_t *hidden; /* per function id, nonzero: hidden; not owned */
	uint32_t nhidden;
};

/* root NO_ID: the top-level functions.  The profile must be finished. */
int calltree_open(struct calltree *t, struct profile *p, uint32_t root);
/* The same with hidden functions (hidden[id] nonzero, for ids < nhidden;
 * the array must outlive the tree): a hidden function is not a node of its
 * own, its callees take its place under its caller (a hidden top-level
 * function's callees are top level), their times scaled by the share of
 * its time the path holds, one node per function (reached through several
 * hidden ones, they add up).  The root itself shows even when hidden. */
int calltree_open_hiding(struct calltree *t, struct profile *p, uint32_t root,
			 const uint8_t *hidden, uint32_t nhidden);
void calltree_free(struct calltree *t);
/* Expanding a node lists its children once; collapsing hides them. */
int calltree_expand(struct calltree *t, uint32_t node);
void calltree_collapse(struct calltree *t, uint32_t node);
/* Expands the hottest child repeatedly from node down to a leaf or cycle. */
int calltree_expand_hottest(struct calltree *t, uint32_t node);
/* Recomputes rows after expand/collapse. */
int calltree_rows(struct calltree *t);
/* Share of the tree's total, in percent. */
double calltree_share(const struct calltree *t, uint32_t node);

#endif
