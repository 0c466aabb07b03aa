/*
 * Profile arithmetic for live mode's baselines: what happened between two
 * snapshots of one run.  Pure: no I/O, no curses.
 */
#ifndef PROFTOP_DELTA_H
#define PROFTOP_DELTA_H

#include "proftop/profile.h"

/*
 * out = cur - base, per function and per caller edge, in cur's dict order
 * with cur's file lines.  A function or edge whose four numbers (cc, nc, tt,
 * ct) are all unchanged is left out: nothing happened to it since base.  A
 * function or edge absent from base counts in full; one only in base is left
 * out.  Counts saturate instead of overflowing; a number below the
 * baseline's stays negative (base was not an earlier snapshot of this run).
 * Totals are recomputed as pstats does for a loaded dict, so --print of the
 * result equals pstats over the dict {f: cur[f] - base[f]}.  out must be
 * empty; all three share one names table.  0, or -1 when out of memory.
 */
int delta_subtract(struct profile *out, const struct profile *cur, const struct profile *base);

#endif
