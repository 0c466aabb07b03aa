/*
 * The UI's graph export (keys e and E, commands export and export-render):
 * the table's shown functions, or the drill-down's neighbourhood of the
 * focused function, written as dot; E also renders it with graphviz in the
 * background, its outcome shown as a message when dot exits.
 */
#ifndef PROFTOP_EXPORT_UI_H
#define PROFTOP_EXPORT_UI_H

#include <stdint.h>

#include "proftop/tui.h"

/* Levels of callers and callees the drill-down export takes. */
#define TUI_EXPORT_DEPTH 2

/* From the table: the rows shown.  render: E (export-render).  A NULL or
 * empty path opens the command line with a proposed file name. */
/* :write FILE: the table's shown functions as a pstats (or callgrind) file. */
void tui_write_rows(struct tui *t, const char *path);
void tui_export_rows(struct tui *t, int render, const char *path);
/* From the drill-down: focus and its neighbourhood. */
void tui_export_focus(struct tui *t, int render, const char *path, uint32_t focus);
/* Stops renders still running (at exit): kills dot, removes its temp file. */
void tui_export_cancel(struct tui *t);

#endif
