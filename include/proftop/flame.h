/*
 * The flame graph's model: estimated stacks, curses-free.
 *
 * pstats keeps caller->callee edges, not stacks, so the stacks are an
 * estimate, made as snakeviz and flameprof make it and as the call tree
 * (calls.h) makes its times: a callee's time under a caller is the edge's
 * cumulative time, scaled by the share of the caller's cumulative time the
 * stack above holds.  A function already on the stack is a cycle and is
 * cut there (the call tree's rule, gprof2dot's for pstats: its time is
 * already in the frame above), so recursion is never counted twice.  Every
 * time here is an estimate but the top frames' own cumulative times.
 *
 * Omitted functions (hidden, or not passing the filter) give their place
 * to their callees, as hidden ones do in the call tree.  The work is
 * bounded: frames narrower than min_share are not built (their time stays
 * in their parent's own time), nor frames deeper than max_depth, nor more
 * than max_frames in all; no path of the call graph is ever enumerated
 * below that width.
 */
#ifndef PROFTOP_FLAME_H
#define PROFTOP_FLAME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proftop/err.h"
#include "proftop/profile.h"
#include "proftop/regex.h"

#define FLAME_VIA_OMITTED 1u   /* reached through omitted functions */
#define FLAME_DROPPED 2u       /* left out by flame_keep_leaves */
#define FLAME_FULL 4u          /* a leaf match or below one */

struct flame_frame {
	uint32_t func;            /* NO_ID for the synthetic root (frame 0) */
	uint32_t parent;          /* frame index, NO_ID for the root */
	uint32_t first_child, nchildren;  /* contiguous, hottest first */
	uint32_t depth;           /* the synthetic root is 0, its children 1 */
	uint32_t flags;
	double time;              /* estimated cumulative time on this stack */
	int64_t calls;            /* calls along the edge from the parent (pstats') */
};

struct flame_opts {
	double min_share;         /* of the top frame's time: narrower frames
				   * are not built */
	uint32_t max_depth;       /* levels below the top frame; 0: no limit */
	size_t max_frames;        /* 0: FLAME_MAX_FRAMES */
	const uint8_t *omit;      /* per function id, nonzero: spliced out */
	uint32_t nomit;
};

#define FLAME_MAX_FRAMES 2000000u

struct flame {
	struct profile *p;        /* not owned */
	struct flame_frame *f;
	size_t n, cap;
	uint32_t top;             /* the zoomed frame (0: the whole graph) */
	size_t nzoom;             /* how much of the zoom path was found */
	double total;             /* the top frame's time: 100 % */
	int truncated;            /* max_frames stopped the building */
};

/*
 * Builds the frames of p (finished here).  ROOTS (NULL: every function no
 * one calls, omitted ones giving their place to their callees) are the
 * synthetic root's children, each with its own cumulative time.  ZOOM (a
 * path of function ids from a root down, NZOOM long) chooses the top frame:
 * only that path's frames are built above it, and its subtree below, with
 * min_share and max_depth counted from it.  Its part not found (a function
 * gone after a reload) is dropped: fl->nzoom says how much was kept.
 * Returns 0, or -1 when out of memory.
 */
int flame_build(struct flame *fl, struct profile *p, const uint32_t *roots, size_t nroots,
		const uint32_t *zoom, size_t nzoom, const struct flame_opts *o);
void flame_free(struct flame *fl);

/* Keeps only the stacks that reach a function matching LEAF (--leaf): a
 * match keeps its frame whole with what is under it; a frame above one
 * keeps the time of the stacks that reach it.  Returns how many frames
 * match. */
size_t flame_keep_leaves(struct flame *fl, struct regex *leaf);

/* A frame's own time: its time less its children's (never negative). */
double flame_self(const struct flame *fl, uint32_t i);
/* A frame's share of the top frame's time, in percent. */
double flame_share(const struct flame *fl, uint32_t i);
/* The function ids from the top-most frame down to i (the root left out),
 * into out (max); the count (which may pass max: only max are written). */
size_t flame_path(const struct flame *fl, uint32_t i, uint32_t *out, size_t max);
/* The child of frame i running FUNC, or NO_ID. */
uint32_t flame_child(const struct flame *fl, uint32_t i, uint32_t func);

/*
 * Writers (src/flame_write.c), for outfile_write: the folded stacks
 * ("a;b;c N", weights in integer microseconds of own time) and a
 * self-contained SVG.  Names are func_std_string's, escaped.
 */
enum flame_colors { FLAME_COLOR_MODULE, FLAME_COLOR_HEAT };
int flame_write_folded(FILE *out, struct flame *fl, struct err *e);
int flame_write_svg(FILE *out, struct flame *fl, enum flame_colors colors, const char *title,
		    struct err *e);
/* The colour scheme by name ("module", "heat"): 0, or -1. */
int flame_colors_parse(const char *s, enum flame_colors *c);
/* A hue for a file name, stable across runs: 0 to 359. */
unsigned flame_module_hue(const char *file);

#endif
