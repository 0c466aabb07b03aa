/*
 * Comparing two profiles (OLD and NEW, sharing one names table): rows pair a
 * function's OLD and NEW stats.  Functions match on (file, line, name); one
 * left unmatched on both sides matches on (file, name) when that pair is
 * unique on each side (the code above it moved).  Pure: no curses, no I/O.
 */
#ifndef PROFTOP_DIFF_H
#define PROFTOP_DIFF_H

#include <stdint.h>
#include <stdio.h>

#include "proftop/err.h"
#include "proftop/profile.h"
#include "proftop/regex.h"

struct diff_row {
	uint32_t old_id, new_id;     /* NO_ID where absent on that side */
};

enum diff_field {
	DF_CALLS, DF_TIME, DF_CUM,          /* deltas (new - old) */
	DF_CALLS_PCT, DF_TIME_PCT, DF_CUM_PCT,
	DF_OLD_CUM, DF_NEW_CUM, DF_NAME,
	DF_COUNT
};

struct diff_sort_def {
	const char *name;
	enum diff_field field;
	int dir;                     /* -1 descending */
	const char *desc;
};
extern const struct diff_sort_def diff_sort_keys[];
extern const size_t diff_sort_keys_count;

struct diff {
	struct profile *old, *new;
	struct diff_row *rows;
	size_t nrows;
	size_t moved;                /* rows matched on (file, name) only */
};

/* Pairs the functions of both profiles; rows in NEW's order, then vanished
 * ones in OLD's order. */
int diff_build(struct diff *d, struct profile *old, struct profile *new);
void diff_free(struct diff *d);

/* The id naming a row (NEW's if present). */
static inline uint32_t diff_row_id(const struct diff_row *r)
{
	return r->new_id != NO_ID ? r->new_id : r->old_id;
}
/* Value of a field for a row; percentages are NAN when OLD is zero. */
double diff_value(const struct diff *d, const struct diff_row *r, enum diff_field f);

const struct diff_sort_def *diff_sort_lookup(const char *name);
/* Stable sort of row indexes. */
int diff_sort(const struct diff *d, const struct diff_sort_def *key, uint32_t *idx, size_t n);
/* Keeps rows whose name (either side) matches. */
size_t diff_filter(const struct diff *d, struct regex *re, uint32_t *idx, size_t n);

/* The text table of --print --diff. */
struct diff_print_opts {
	const struct diff_sort_def *sort;
	int reverse;
	long long limit;             /* < 0: all */
	double fraction;             /* of the rows shown, as --limit 0.2; < 0: all */
	struct regex *filter;        /* NULL: all */
};
int diff_print(FILE *out, const struct diff *d, const struct diff_print_opts *o, struct err *e);
/* The rows diff_print shows, in its order, before the limits: indexes into
 * d->rows, *idx malloc'd.  -1 with e set when out of memory. */
int diff_select(const struct diff *d, const struct diff_print_opts *o, uint32_t **idx,
		size_t *n, struct err *e);
/* How many of N selected rows the limits keep. */
size_t diff_limit(const struct diff_print_opts *o, size_t n);

#endif
