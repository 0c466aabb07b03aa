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

#endif
