/*
 * The table's compare actions (issue 10): path modes, hidden functions, the
 * share of the visible time, and the views they open: the diff table and
 * its edge deltas (src/tui/diff_view.c), the endpoint list
 * (src/tui/endpoint_view.c).
 */
#ifndef PROFTOP_TUI_COMPARE_H
#define PROFTOP_TUI_COMPARE_H

#include <stddef.h>

#include "proftop/tui.h"

/* path, hide, unhide, percent, diff on the table; 1 when handled. */
int compare_request(struct tui *t, struct view *v, enum action a, const char *arg);
/* The table's status words for paths, hidden functions and shares:
 * "  paths: unique  hidden: 2  %: visible"; returns the length written. */
int compare_status(const struct view *v, char *buf, size_t size);

/* The diff views (src/tui/diff_view.c). */
extern const struct tui_view_ops diff_view_ops;          /* arg: private */
extern const struct tui_view_ops diff_detail_view_ops;   /* arg: const uint32_t *row */
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
