/*
 * The diff table's view-model and its edge deltas: the rows of a struct diff
 * filtered and sorted by a difference key, with a cursor; and, for one row,
 * its callers and callees paired across OLD and NEW (an edge matches on
 * (caller, callee) once functions are paired, so a moved function's edges
 * pair too).  Plain data, no curses: tests/unit/diffview_test.c drives it.
 */
#ifndef PROFTOP_DIFFVIEW_H
#define PROFTOP_DIFFVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/diff.h"
#include "proftop/err.h"
#include "proftop/profile.h"
#include "proftop/regex.h"
#include "proftop/list.h"

#define DIFFVIEW_TEXT_MAX 1024

struct diff_table {
	struct diff d;
	uint32_t *new_of_old;        /* OLD id -> the paired NEW id (itself if unpaired) */
	uint32_t cap_ids;
	uint32_t *rows;              /* indexes into d.rows: filtered, sorted */
	size_t nrows;
	const struct diff_sort_def *sort;
	int reverse;
	char filter[DIFFVIEW_TEXT_MAX];
	struct regex filter_re;
	int has_filter;
	struct tui_list pos;         /* over rows; the drawing layer sets its height */
};

/* Pairs old and new (same names table, not owned), sorted by dcumtime. */
int diff_table_open(struct diff_table *dt, struct profile *old, struct profile *new,
		    struct err *e);
void diff_table_close(struct diff_table *dt);
/* A difference key (diff_sort_keys' names).  A sort or a filter shows the
 * top of the new rows, the cursor on the first. */
int diff_table_sort(struct diff_table *dt, const struct diff_sort_def *key, int reverse,
		    struct err *e);
/* Smart-case, ! negates, "" clears; matches either side's name. */
int diff_table_filter(struct diff_table *dt, const char *text, struct err *e);
void diff_table_move_to(struct diff_table *dt, size_t row);
/* The d.rows index under the cursor, or NO_ID when nothing is shown. */
uint32_t diff_table_current(const struct diff_table *dt);
/* "[new]", "[gone]", "[moved from line N]" or "" for a row. */
void diff_row_mark(const struct diff *d, const struct diff_row *r, char *buf, size_t size);

/* One caller or callee of a row, on each side (NULL where absent). */
struct diff_edge {
	uint32_t func;               /* the neighbour: its NEW id, else its OLD id */
	const struct callstat *old, *new;
};

/* The callers (callees != 0: the callees) of d.rows[row], paired, sorted by
 * the cumulative time difference, largest first.  *out is malloc'd. */
int diff_edges(struct diff_table *dt, uint32_t row, int callees, struct diff_edge **out,
	       size_t *n, struct err *e);

#endif
