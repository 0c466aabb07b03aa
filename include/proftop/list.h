/*
 * A list's cursor and scroll position, one for every list view of the UI
 * (the detail view's panes and history, the call tree, the member list, the
 * endpoint list, the diff edges, the top movers, the sort menu): moving by
 * keys, paging, the wheel and clicks, always clamped to the items.  Plain
 * data, no curses: tests/unit/list_test.c drives it.
 *
 * The drawing layer sets `height` (items that fit on the screen) and shows
 * items top .. top + height - 1; the view sets `count` when its items
 * change (a reload, a collapse) and the cursor stays inside.
 */
#ifndef PROFTOP_LIST_H
#define PROFTOP_LIST_H

#include <stddef.h>

#include "proftop/keys.h"

struct tui_list {
	size_t count;         /* items */
	size_t cursor;        /* < count; 0 when empty */
	size_t top;           /* the first item on screen */
	size_t height;        /* items on screen; 0: not drawn yet */
};

/* The lines the wheel scrolls by, as in the function table. */
#define LIST_WHEEL_LINES 3

/* New item count or screen height: clamps the cursor, keeps it visible. */
void list_set_count(struct tui_list *l, size_t count);
void list_set_height(struct tui_list *l, size_t height);
/* The cursor to item (clamped), scrolling as little as keeps it visible. */
void list_move_to(struct tui_list *l, size_t item);
void list_move(struct tui_list *l, long delta);
/* The step of PgUp / PgDn: a page less one line, so a line stays in view. */
long list_page(const struct tui_list *l);
/* Moves the window, not the cursor, unless the cursor would leave it. */
void list_scroll(struct tui_list *l, long delta);
/* The item shown on screen row `row` (0: the first row of the list), or -1
 * when that row is outside the list or past its end. */
long list_item_at(const struct tui_list *l, long row);

/* Runs a movement action (move-up ... move-last): 1 when it is one. */
int list_action(struct tui_list *l, enum action a);
/* A mouse event over a list whose first row is screen row y0: the wheel
 * scrolls, a click on an item selects it.  1 when the list used it; a click
 * on a line that shows no item (a title, the status line) is not used. */
int list_mouse(struct tui_list *l, const struct tui_event *ev, int y0);

#endif
