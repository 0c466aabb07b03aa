/* The column engine: numbers whole at every screen width, whole columns
 * dropped by rank, the sort column kept while it fits. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "proftop/columns.h"

enum { C_CALLS, C_TOT, C_CUM, C_PCT, C_NAME, NCOLS };
static const struct column_def defs[NCOLS] = {
	{ "ncalls", 9, 2 }, { "tottime", 8, 1 }, { "cumtime", 8, 4 }, { "%cum", 5, 3 }, { "name", 0, 0 },
};

static int fits_whole(const struct column_layout *lo, const int *value_width, int screen)
{
	int c;

	for (c = 0; c < NCOLS; c++) {
		if (!lo->shown[c] || c == lo->text)
			continue;
		if (lo->width[c] < value_width[c] || lo->x[c] + lo->width[c] > screen)
			return 0;
	}
	return 1;
}

int main(void)
{
	int order[NCOLS] = { 0, 1, 2, 3, 4 };
	int w[NCOLS] = { 13, 8, 8, 5, 0 };     /* "403526/400726" is 13 */
	struct column_layout lo;
	struct num_extent x;
	int screen, whole = 1, kept = 1, text_ok = 1;

	columns_layout(&lo, defs, order, NCOLS, w, C_CUM, 120, 40);
	CHECK("a 13-character count widens its column to 13", lo.width[C_CALLS] == 13);
	CHECK("the next column starts after it and a space", lo.x[C_TOT] == 14);
	CHECK("everything shown at 120 columns", lo.shown[C_CALLS] && lo.shown[C_TOT] && lo.shown[C_CUM] && lo.shown[C_PCT]);
	CHECK("the name takes the rest", lo.text_width == 120 - (14 + 9 + 9 + 6));

	columns_layout(&lo, defs, order, NCOLS, w, C_TOT, 45, 22);
	CHECK("45 columns sorted by tottime keep tottime", lo.shown[C_TOT]);
	CHECK("the lowest ranks go first", !lo.shown[C_CALLS]);
	CHECK("the highest rank stays", lo.shown[C_CUM]);

	for (screen = 0; screen <= 200; screen++) {
		columns_layout(&lo, defs, order, NCOLS, w, C_TOT, screen, screen / 2 < 40 ? screen / 2 : 40);
		whole &= fits_whole(&lo, w, screen);
		if (screen >= 9 + 0)
			kept &= lo.shown[C_TOT];
		text_ok &= lo.text_width >= 0 && lo.x[C_NAME] + lo.text_width <= screen;
	}
	CHECK("at every width from 0 to 200, every shown number is whole on the screen", whole);
	CHECK("the sort column stays wherever it fits", kept);
	CHECK("the name never runs off the screen", text_ok);

	columns_layout(&lo, defs, order, NCOLS, w, C_TOT, 5, 2);
	CHECK("a sort column wider than the screen goes too", !lo.shown[C_TOT]);

	CHECK("columns_at finds the column under x", columns_at(&lo, NCOLS, 0) == C_NAME);
	columns_layout(&lo, defs, order, NCOLS, w, -1, 120, 40);
	CHECK("columns_at: the calls column", columns_at(&lo, NCOLS, 3) == C_CALLS);
	CHECK("columns_at: its trailing space is still it", columns_at(&lo, NCOLS, 13) == C_CALLS);
	CHECK("columns_at: then tottime", columns_at(&lo, NCOLS, 14) == C_TOT);

	extent_init(&x);
	extent_add(&x, 0.5);
	extent_add(&x, 1266.5);
	extent_add(&x, -0.000125);
	CHECK("extent: the widest %.3f of 0.5, 1266.5, -0.000125 is 8", extent_width(&x, 3, 0) == 8);
	CHECK("extent: with a + sign 9", extent_width(&x, 3, 1) == 9);
	extent_init(&x);
	extent_add(&x, -123.25);
	CHECK("extent: a negative extreme counts its sign", extent_width(&x, 1, 0) == 6);
	extent_add(&x, NAN);
	CHECK("extent: NaN needs 4 cells (-nan)", extent_width(&x, 0, 0) == 4);
	CHECK("int_width of 0, -1, 403526", int_width(0) == 1 && int_width(-1) == 2 && int_width(403526) == 6);
	CHECK("int_width of INT64_MIN", int_width(INT64_MIN) == 20);
	CHECK("calls_width: 403526/400726 is 13, 7/7 is 1", calls_width(403526, 400726) == 13 && calls_width(7, 7) == 1);
	return CHECK_DONE();
}
