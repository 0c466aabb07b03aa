/*
 * The table's compare actions (issue 10): path modes, hidden functions, the
 * share of the visible time, and the views they open: the diff table and
 * its edge deltas (src/tui/diff_view.c), the endpoint list
 * (src/tui/endpoint_view.c).
 */
#ifndef PROFTOP_COMPARE_UI_H
#define PROFTOP_COMPARE_UI_H

#include <stddef.h>

#include "proftop/diffview.h"
#include "proftop/tui.h"

/* path, hide, unhide, percent, diff on the table; 1 when handled. */
int compare_request(struct tui *t, struct view *v, enum action a, const char *arg);
/* The table's status words for paths, hidden functions and shares:
 * "  paths: unique  hidden: 2  %: visible"; returns the length written. */
int compare_status(const struct view *v, char *buf, size_t size);

/* The diff table (src/tui/diff_view.c) and its edge deltas (diff_detail.c). */
extern const struct tui_view_ops diff_view_ops;          /* arg: private */
struct diff_detail_arg {
	struct diff_table *dt;
	uint32_t row;                /* in dt->d.rows */
};
extern const struct tui_view_ops diff_detail_view_ops;   /* arg: struct diff_detail_arg * */
/* What both draw: a difference's colour, a row's name with its mark
 * ("[moved from line 20]") kept whole, and the width of "%+d". */
int diff_delta_attr(const struct tui *t, double delta);
void diff_draw_name(int y, int x, int w, const struct diff *d, const struct diff_row *r, int attr);
int diff_plus_width(int64_t v);
/* :diff FILE: the diff of the table's profile against FILE as OLD. */
void tui_diff_open(struct tui *t, const char *old_path);
/* proftop --diff OLD... NEW...: the diff table over the function table, its
 * q quitting; --sort (a difference key), --reverse and --filter apply.
 * 0, or -1 with the message set. */
int tui_diff_start(struct tui *t, const struct options *o);

/* The endpoint list (src/tui/endpoint_view.c), at start-up with
 * --endpoints DIR; q quits.  0, or -1 with the message set. */
extern const struct tui_view_ops endpoint_view_ops;      /* arg: const struct options * */
int tui_endpoints_start(struct tui *t, const struct options *o);

#endif
