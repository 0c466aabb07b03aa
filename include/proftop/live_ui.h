/*
 * Live mode in the UI: the watch registered on the one event loop, the
 * table's profile reloaded in place (view_refresh keeps sort, filter and
 * cursor; sub-views rebuild from the profile when they draw), the keys
 * w z Z P R and the status text.  The curses-free work is in live.h.
 */
#ifndef PROFTOP_LIVE_UI_H
#define PROFTOP_LIVE_UI_H

#include <stddef.h>

#include "proftop/err.h"
#include "proftop/options.h"
#include "proftop/status_line.h"
#include "proftop/keys.h"

struct tui;

/* Loads t->profile as the options say: --watch FILE|DIR starts live mode
 * (a missing file is waited for, not an error), otherwise the FILEs.  Call
 * after names_init/profile_init and loop_init, before view_open. */
int tui_live_load(struct tui *t, const struct options *o, struct err *e);
/* Stops watching and frees live mode's state. */
void tui_live_free(struct tui *t);

/* Runs w, z, Z, P, R, M: 1 when a is one of them (handled), 0 if not. */
int tui_live_action(struct tui *t, enum action a);

struct live;
/* The live state while watching, else NULL. */
const struct live *tui_live_state(struct tui *t);
/* Top movers (src/tui/movers.c): functions by time/s or calls/s. */
extern const struct tui_view_ops movers_view_ops;

/* Adds live mode's parts to a status line ("live", "updated 2s ago",
 * "48,210 calls (+3,105)"...); nothing when not watching. */
void tui_live_status_parts(struct tui *t, struct status_line *s);
/* A status line as it fits the screen's width (see status_fit). */
size_t tui_status_fit(struct tui *t, const struct status_line *s, char *buf, size_t size);
/* Appends "  live · updated 2s ago · 48,210 calls (+3,105)" to buf (of
 * size `size`, holding `len` bytes), whatever the width; returns the new
 * length.  Nothing when not watching. */
size_t tui_live_status(struct tui *t, char *buf, size_t len, size_t size);

#endif
