/* Column widths and the narrow-screen drop rule (see columns.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "proftop/columns.h"

/* Titles are ours and UTF-8 ("Δcum"): count characters, not bytes. */
static int title_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

/* Whole columns only; the sort mark needs a cell beside the title. */
static int column_width(const struct column_def *d, int value_width)
{
	int w = d->width;

	width_max(&w, title_width(d->title) + 1);
	width_max(&w, value_width);
	return w;
}

static int numbers_used(const struct column_layout *lo, const int *order, int n)
{
	int k, used = 0;

	for (k = 0; k < n; k++)
		if (lo->shown[order[k]] && order[k] != lo->text)
			used += lo->width[order[k]] + 1;
	return used;
}

/* The shown number column to drop next: lowest rank, the sort column last. */
static int next_victim(const struct column_layout *lo, const struct column_def *defs,
		       const int *order, int n, int sort)
{
	int k, best = -1;

	for (k = 0; k < n; k++) {
		int c = order[k];
		if (!lo->shown[c] || c == lo->text || c == sort)
			continue;
		if (best < 0 || defs[c].keep < defs[best].keep)
			best = c;
	}
	return best;
}

void columns_layout(struct column_layout *lo, const struct column_def *defs,
		    const int *order, int n, const int *value_width, int sort,
		    int screen, int text_min)
{
	int k, used, x;

	memset(lo, 0, sizeof *lo);
	lo->text = -1;
	for (k = 0; k < n; k++) {
		int c = order[k];
		lo->shown[c] = 1;
		if (defs[c].keep == 0)
			lo->text = c;
		else
			lo->width[c] = column_width(&defs[c], value_width ? value_width[c] : 0);
	}
	if (lo->text < 0)
		text_min = 0;
	for (;;) {
		int victim;
		used = numbers_used(lo, order, n);
		if (screen - used >= text_min)
			break;
		victim = next_victim(lo, defs, order, n, sort);
		/* The sort column goes only when it alone does not fit. */
		if (victim < 0 && sort >= 0 && lo->shown[sort] && used > screen)
			victim = sort;
		if (victim < 0)
			break;
		lo->shown[victim] = 0;
	}
	lo->text_width = screen - used > 0 ? screen - used : 0;
	for (k = 0, x = 0; k < n; k++) {
		int c = order[k];
		if (!lo->shown[c])
			continue;
		lo->x[c] = x;
		if (c == lo->text) {
			lo->width[c] = lo->text_width;
			x += lo->text_width;
		} else {
			x += lo->width[c] + 1;
			lo->end = x;
		}
	}
}

int columns_at(const struct column_layout *lo, int n, int x)
{
	int c;

	for (c = 0; c < n; c++) {
		int w = c == lo->text ? lo->width[c] : lo->width[c] + 1;
		if (lo->shown[c] && x >= lo->x[c] && x < lo->x[c] + w)
			return c;
	}
	return -1;
}

void extent_init(struct num_extent *x)
{
	memset(x, 0, sizeof *x);
}

int extent_width(const struct num_extent *x, int prec, int plus)
{
	char buf[400];
	int w = x->odd ? 4 : 0;      /* "-nan" */
	if (x->seen) {
		width_max(&w, snprintf(buf, sizeof buf, "%.*f", prec, x->lo));
		width_max(&w, snprintf(buf, sizeof buf, "%.*f", prec, x->hi));
		/* "+" is one more cell for what is not already signed */
		if (plus && (x->hi >= 0 || x->lo >= 0))
			width_max(&w, snprintf(buf, sizeof buf, "%+.*f", prec, x->hi));
	}
	return w;
}

int int_width(int64_t v)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int w = v < 0 ? 2 : 1;

	while (u >= 10) {
		u /= 10;
		w++;
	}
	return w;
}

int calls_width(int64_t nc, int64_t cc)
{
	return nc != cc ? int_width(nc) + 1 + int_width(cc) : int_width(nc);
}
