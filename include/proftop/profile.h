/*
 * The in-memory profile: what pstats.Stats holds, stored flat.
 *
 * Strings are interned once (struct strtab).  Every function key seen in a
 * dump, as a stats key or only as a caller, gets a dense id (struct fkey).
 * The stats dict itself is `order` (ids in dict insertion order) plus one
 * `struct fstat` per id.  Caller edges of a function are one contiguous range
 * of `edges`; the reverse direction (callees) is an index built on demand.
 * Nothing here knows about curses.
 */
#ifndef PROFTOP_PROFILE_H
#define PROFTOP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/names.h"
#include "proftop/strtab.h"
#include "proftop/utf8.h"

/* One caller->callee record: cProfile's (nc, cc, tt, ct) or profile's count. */
struct callstat {
	int64_t nc, cc;
	double tt, ct;
};

#define EDGE_COUNT_ONLY 1u   /* written by the `profile` module: a plain count */
#define EDGE_BOOL 2u         /* that count was a bool in the dump (pstats prints True) */

struct edge {
	uint32_t caller;
	uint32_t flags;
	struct callstat st;
};

struct fstat {
	int64_t cc, nc;          /* primitive calls, all calls */
	double tt, ct;           /* own time, cumulative time */
	uint32_t edge_off, edge_cnt;  /* callers: edges[edge_off .. +edge_cnt) */
	uint8_t in_stats;        /* present as a stats key */
	uint8_t top_level;       /* has the ("jprofile", 0, "profiler") caller */
	uint8_t bools;           /* FSTAT_*_BOOL: a count that was a bool, as read */
};

#define FSTAT_NC_BOOL 1u
#define FSTAT_CC_BOOL 2u

/* One stats dict (pstats.Stats.stats) with pstats' totals. */
struct profile {
	struct names *names;     /* not owned */

	struct fstat *stats;     /* id -> stats (zero for callers-only ids) */
	uint32_t cap_stats;

	uint32_t *order;         /* stats dict order */
	uint32_t norder, cap_order;

	struct edge *edges;
	size_t nedges, cap_edges;
	size_t garbage_edges;    /* edges no range points to any more */

	/* callees index, built by profile_finish */
	uint32_t *callee_off, *callee_cnt;  /* per id, into callee_edge (one block) */
	uint32_t *callee_edge;              /* edge indexes grouped by caller */
	uint32_t *edge_callee;              /* edge index -> callee id */
	int finished;

	/* Per-id numbers from outside the dump (live mode's rates), by the
	 * SF_DCALLS.. sort fields; not owned, NULL for none. */
	const double *extra[3];
	uint32_t nextra;

	/* Set before loading for a report of the table alone (--print without
	 * --callers/--callees): caller edges are read and checked but not
	 * kept, but for the old profile module's top-level marker's. */
	int stats_only;

	/* pstats totals, accumulated per dump as pstats does */
	int64_t total_calls, prim_calls;
	double total_tt;

	char **files;            /* "ctime    path" lines, as pstats prints them */
	size_t nfiles;

	/* scratch for de-duplication, per id */
	uint64_t *mark;          /* stamp_gen << 32 | edge index: one access per edge */
	uint32_t stamp_gen, cap_scratch;
	uint32_t pending_func;   /* function being built, NO_ID if none */
	size_t pending_off;      /* where its edges start */
	int64_t pending_cc, pending_nc;
	double pending_tt, pending_ct;
};

void profile_init(struct profile *p, struct names *names);
void profile_free(struct profile *p);
/* Empties p for the next dump, keeping its arrays: costs what p held, not
 * the size of the names table (one profile reused across an archive's
 * thousands of members). */
void profile_clear(struct profile *p);
/* Per-id arrays for IDS ids at once, zeroed by calloc (pages untouched
 * until used): a big dump's arrays then never grow by copying and
 * clearing.  0 or -1. */
int profile_reserve(struct profile *p, size_t ids);
/* Room for EXTRA more caller edges, untouched until used: a big dump's
 * edges then never move as they grow.  0 or -1. */
int profile_reserve_edges(struct profile *p, size_t extra);

/*
 * Streaming construction of one stats dict.  Between begin and end, an edge
 * whose caller is already present overwrites its value (dict semantics).
 * end() with `add` merges into an existing entry as pstats' add_func_stats
 * does; without it an existing entry is replaced (a key repeated in a dict).
 * Each returns 0, or -1 when out of memory.
 */
int profile_begin(struct profile *p, uint32_t func, int64_t cc, int64_t nc,
		  double tt, double ct);
int profile_edge(struct profile *p, uint32_t caller, const struct callstat *st,
		 uint32_t flags);
int profile_end(struct profile *p, int add);

/*
 * For a reader that learns which function it read only some entries later
 * (its key a reference whose value, then its stats, are cache misses at
 * random in a big dump): begin() with NO_ID, its callers as above, then
 * instead of end() the entry is kept, and put once its id is known, in a
 * batch whose misses overlap.  Entries put in the order they were read
 * give what end() without `add` gives.
 */
struct profile_entry {
	int64_t cc, nc;
	double tt, ct;
	size_t edge_off;         /* its callers: edges[edge_off .. +edge_cnt) */
	uint32_t edge_cnt;
};
/* 0, or -1 when out of memory or FUNC is no id the names gave. */
int profile_put(struct profile *p, uint32_t func, const struct profile_entry *e);

/* a + b as pstats sums two counts, saturating instead of overflowing. */
int64_t profile_add_count(int64_t a, int64_t b);

/* Computes the totals and top-level flags from the stats, as pstats does
 * after loading one dump. */
void profile_compute_totals(struct profile *p);
/* Adds `other` (same names) into p exactly as pstats.Stats.add. */
int profile_add(struct profile *p, const struct profile *other);
/* Replaces p by its strip_dirs() form. */
int profile_strip(struct profile *p);
/* p's strip_dirs() form into q (initialised here, sharing p's names, with
 * copies of its header lines): map (p->names->nfuncs entries as at the call,
 * all NO_ID) gets each function's stripped id, for p's functions and
 * callers. */
int profile_strip_copy(struct profile *q, const struct profile *p, uint32_t *map);
/* Lays the edges out in the dict's order when they are not (merges leave
 * them out of order and with garbage) and builds the callees index; call
 * before querying edges by callee.  Cheap when nothing changed. */
int profile_finish(struct profile *p);
/* The same a slice at a time: until deadline_us (mono_us(); 0 for none)
 * passes, 1 when more is left, 0 when finished, -1 out of memory.  f
 * starts zeroed; the profile must not change in between.
 * profile_finishing_free resets one abandoned midway (then drop the
 * profile or finish it again from the reset f). */
struct profile_finishing {
	size_t k;        /* the next edge of the pass under way */
	int phase;
};
int profile_finish_step(struct profile *p, struct profile_finishing *f, int64_t deadline_us);
void profile_finishing_free(struct profile_finishing *f);
/* Takes ownership of a "ctime    path" header line. */
int profile_add_file_line(struct profile *p, char *line);
/* out = a copy of p (out empty, same names).  0 or -1 (out of memory). */
int profile_copy(struct profile *out, const struct profile *p);

/* Moves p's contents into out (freed first); p is left empty. */
void profile_move(struct profile *out, struct profile *p);
/* Appends copies of src's header lines to dst's. */
int profile_copy_files(struct profile *dst, const struct profile *src);

/* id's stats when it is a key of the stats dict, else NULL (a caller only,
 * or an id of another profile sharing the names). */
const struct fstat *profile_stat(const struct profile *p, uint32_t id);

#endif
