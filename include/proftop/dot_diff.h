/*
 * The dot graph of a diff, coloured by difference as gprof2dot's --compare
 * --compare-color-by-difference does: a node's colour weight is how much
 * its share of the total time changed (rescaled between the smallest and the
 * largest change drawn), its shape a "cds" arrow pointing right when it got
 * slower and up when faster (a plain box below the tolerance); its label
 * shows NEW's share with the change, and OLD's and NEW's calls.  Functions
 * that appeared have a double border, vanished ones a dashed one.  Edges
 * pair across both sides and show "old% / new%" and "old× / new×", coloured
 * by their own change.  Shares are of each side's total time (pstats'
 * total_tt, as graph.h defines them).  Curses-free.
 */
#ifndef PROFTOP_DOT_DIFF_H
#define PROFTOP_DOT_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/diffview.h"
#include "proftop/dot.h"

#define DOT_DIFF_TOLERANCE 0.00001   /* gprof2dot's 0.001 %, as a fraction */

/* Writes the graph of ROWS (indexes into dt->d.rows; NULL: every row) to
 * PATH ("-": stdout), atomically.  o->graph's thresholds apply to the larger
 * of a function's two shares; then root/leaf/depth keep what the matching
 * functions reach (or are reached from) along the edges drawn, and
 * max_nodes caps the nodes as graph_cap does. */
int dot_diff_export(struct diff_table *dt, const uint32_t *rows, size_t n,
		    const struct dot_opts *o, const char *path, struct dot_result *r,
		    struct err *e);

#endif
