/*
 * The flame view (key F) and the UI's flame graph writes (W or :write to a
 * *.svg or *.folded name, :flame FILE).  The model is proftop/flame.h.
 */
#ifndef PROFTOP_FLAME_VIEW_H
#define PROFTOP_FLAME_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/tui.h"

/* arg: const uint32_t *root (a function of the table's shown profile), or
 * NULL for the whole profile. */
extern const struct tui_view_ops flame_view_ops;

/* Does PATH name a flame graph (*.svg, *.folded)? */
int tui_flame_file(const char *path);
/* Writes the flame graph from ROOT (NO_ID: the whole profile), zoomed
 * along ZOOM, as PATH's name says (SVG unless *.folded); the table's
 * filter and hidden functions apply.  The outcome goes to the message
 * line. */
void tui_flame_write(struct tui *t, const char *path, uint32_t root, const uint32_t *zoom,
		     size_t nzoom);

#endif
