/*
 * The column engine of every table-like view (the function table, the
 * detail panes, the diff table and its edges, the call tree, the top
 * movers, the endpoints, the archive members): how wide each column is and
 * which columns a screen of a given width shows.  No curses: the views draw,
 * this decides, and tests check it without a terminal.
 *
 * The rule: a number is never cut.  A number column is as wide as its widest
 * value (and its title, and its usual width so columns do not jiggle); when
 * the screen is too narrow, whole columns are dropped, lowest `keep` rank
 * first, never the one the view is sorted by, and the one text column (the
 * function's name) takes what is left.
 */
#ifndef PROFTOP_COLUMNS_H
#define PROFTOP_COLUMNS_H

#include <stdint.h>

#define COLUMNS_MAX 24

struct column_def {
	const char *title;
	int width;      /* the usual width; a wider value widens the column */
	int keep;       /* drop rank: lower goes first when narrow; 0 the text column */
};

struct column_layout {
	int shown[COLUMNS_MAX];   /* by column index */
	int width[COLUMNS_MAX];
	int x[COLUMNS_MAX];
	int text;                 /* the text column (keep == 0), -1 none */
	int text_width;           /* what the text column gets */
	int end;                  /* the screen column after the last number column */
};

/*
 * Lays out `order` (column indices in display order, n of them) on a screen
 * `screen` wide.  value_width[c]: the widest value of column c (0 when
 * unknown or empty).  sort: a column that stays as long as it fits (-1
 * none).  text_min: the width the text column wants before number columns
 * are dropped.  Numbers take width+1 (a space before each).
 */
void columns_layout(struct column_layout *lo, const struct column_def *defs,
		    const int *order, int n, const int *value_width, int sort,
		    int screen, int text_min);

/* The column under screen column x, -1 none. */
int columns_at(const struct column_layout *lo, int n, int x);

/*
 * Measuring the widest value without formatting every row: the width of a
 * "%.Nf" number grows with its magnitude, so the extremes decide it.
 */
struct num_extent {
	double lo, hi;
	int seen, odd;            /* odd: a NaN was seen */
};
void extent_init(struct num_extent *x);
static inline void extent_add(struct num_extent *x, double d)
{
	if (d != d) {
		x->odd = 1;
		return;
	}
	if (!x->seen || d < x->lo)
		x->lo = d;
	if (!x->seen || d > x->hi)
		x->hi = d;
	x->seen = 1;
}
/* The width of the widest "%.<prec>f" (with '+' when `plus`) of what was added. */
int extent_width(const struct num_extent *x, int prec, int plus);
/* The width of a decimal integer, its sign included. */
int int_width(int64_t v);
/* The width of pstats' ncalls: "nc/cc" when they differ, else "nc". */
int calls_width(int64_t nc, int64_t cc);

static inline void width_max(int *w, int v)
{
	if (v > *w)
		*w = v;
}

#endif
