/* The list views' cursor (include/proftop/list.h); curses-free. */
#include "autoconfig.h"

#include "proftop/list.h"

static size_t max_top(const struct tui_list *l)
{
	return l->count > l->height ? l->count - l->height : 0;
}

/* Clamps the cursor to the items and scrolls so it shows; the window never
 * hangs past the last item while earlier ones could fill it.  Height 0 is a
 * list not drawn yet (a view that opens on its tenth item): no window to
 * keep the cursor in, so the first drawing decides, as if scrolled from 0. */
static void keep_visible(struct tui_list *l)
{
	if (l->count == 0) {
		l->cursor = l->top = 0;
		return;
	}
	if (l->cursor >= l->count)
		l->cursor = l->count - 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->height && l->cursor >= l->top + l->height)
		l->top = l->cursor - l->height + 1;
	if (l->top > max_top(l))
		l->top = max_top(l);
}

void list_set_count(struct tui_list *l, size_t count)
{
	l->count = count;
	keep_visible(l);
}

void list_set_height(struct tui_list *l, size_t height)
{
	l->height = height;
	keep_visible(l);
}

void list_move_to(struct tui_list *l, size_t item)
{
	l->cursor = item;
	keep_visible(l);
}

void list_move(struct tui_list *l, long delta)
{
	if (delta < 0 && (size_t)-delta > l->cursor)
		list_move_to(l, 0);
	else if (delta > 0 && (size_t)delta >= l->count - l->cursor)
		list_move_to(l, l->count ? l->count - 1 : 0);
	else
		list_move_to(l, l->cursor + (size_t)delta);
}

long list_page(const struct tui_list *l)
{
	return l->height > 1 ? (long)l->height - 1 : 1;
}

void list_scroll(struct tui_list *l, long delta)
{
	size_t h = l->height ? l->height : 1, m = max_top(l);

	if (delta < 0)
		l->top = (size_t)-delta > l->top ? 0 : l->top - (size_t)-delta;
	else
		l->top = l->top >= m || (size_t)delta >= m - l->top ? m : l->top + (size_t)delta;
	if (l->cursor < l->top)
		l->cursor = l->top;
	if (l->cursor >= l->top + h)
		l->cursor = l->top + h - 1;
	keep_visible(l);
}

long list_item_at(const struct tui_list *l, long row)
{
	if (row < 0 || (size_t)row >= l->height || l->top >= l->count ||
	    (size_t)row >= l->count - l->top)
		return -1;
	return (long)(l->top + (size_t)row);
}

int list_action(struct tui_list *l, enum action a)
{
	switch (a) {
	case ACT_MOVE_UP: list_move(l, -1); return 1;
	case ACT_MOVE_DOWN: list_move(l, 1); return 1;
	case ACT_PAGE_UP: list_move(l, -list_page(l)); return 1;
	case ACT_PAGE_DOWN: list_move(l, list_page(l)); return 1;
	case ACT_MOVE_FIRST: list_move_to(l, 0); return 1;
	case ACT_MOVE_LAST: list_move_to(l, l->count ? l->count - 1 : 0); return 1;
	default: return 0;
	}
}

int list_mouse(struct tui_list *l, const struct tui_event *ev, int y0)
{
	long item;

	if (ev->key != TK_MOUSE)
		return 0;
	switch (ev->mouse) {
	case MOUSE_WHEEL_UP: list_scroll(l, -LIST_WHEEL_LINES); return 1;
	case MOUSE_WHEEL_DOWN: list_scroll(l, LIST_WHEEL_LINES); return 1;
	case MOUSE_CLICK:
		item = list_item_at(l, (long)ev->y - y0);
		if (item < 0)
			return 0;
		list_move_to(l, (size_t)item);
		return 1;
	default:
		return 0;
	}
}
