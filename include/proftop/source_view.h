/*
 * v and o (src/tui/source_view.c): the selected function's source from
 * disk around its line, and the editor at that line.  Every view with a
 * selected function hands its id here; the lookup always goes by the full
 * path the profile recorded (whatever the path mode shows), through the
 * path map of --path-map and the configuration.
 */
#ifndef PROFTOP_SOURCE_VIEW_H
#define PROFTOP_SOURCE_VIEW_H

#include <stdint.h>

#include "proftop/tui.h"

/* The path map: --path-map's entries, then the configuration's.  0, or -1
 * (out of memory, said on stderr). */
int tui_source_setup(struct tui *t, const struct options *o);
void tui_source_free(struct tui *t);

/* Runs ACT_SOURCE (the source view) or ACT_EDIT (the editor) for the
 * function `id` of the table's profile as shown in path mode `mode`
 * (NO_ID: nothing selected).  Returns 1 when `a` is one of them. */
int tui_source_action(struct tui *t, enum action a, enum path_mode mode, uint32_t id);

extern const struct tui_view_ops source_view_ops;   /* arg: const uint32_t *full_id */

#endif
