/* The list views' cursor (src/ui/list.c), without a terminal. */
#include "autoconfig.h"

#include <string.h>

#include "check.h"
#include "proftop/list.h"

static struct tui_list make(size_t count, size_t height)
{
	struct tui_list l;

	memset(&l, 0, sizeof l);
	list_set_height(&l, height);
	list_set_count(&l, count);
	return l;
}

static struct tui_event mouse(enum mouse_kind k, int y)
{
	struct tui_event ev;

	memset(&ev, 0, sizeof ev);
	ev.key = TK_MOUSE;
	ev.mouse = k;
	ev.x = 5;
	ev.y = y;
	return ev;
}

static void test_empty(void)
{
	struct tui_list l = make(0, 10);
	struct tui_event ev = mouse(MOUSE_CLICK, 2);
	enum action a;
	int all = 1;

	for (a = ACT_MOVE_UP; a <= ACT_MOVE_LAST; a++)
		all &= list_action(&l, a) == 1 && l.cursor == 0 && l.top == 0;
	CHECK("empty: every movement handled, cursor and top stay 0", all);
	CHECK("empty: no item under any row", list_item_at(&l, 0) == -1);
	CHECK("empty: a click is not used", list_mouse(&l, &ev, 2) == 0 && l.cursor == 0);
	ev = mouse(MOUSE_WHEEL_DOWN, 3);
	CHECK("empty: the wheel keeps 0", list_mouse(&l, &ev, 2) == 1 && l.cursor == 0 && l.top == 0);
	CHECK("not a movement: not handled", list_action(&l, ACT_ENTER) == 0);
}

static void test_moves(void)
{
	struct tui_list l = make(100, 10);

	list_action(&l, ACT_MOVE_UP);
	CHECK("up at the first item stays", l.cursor == 0);
	list_action(&l, ACT_PAGE_DOWN);
	CHECK("page down: a page less one line", l.cursor == 9 && l.top == 0);
	list_action(&l, ACT_MOVE_DOWN);
	CHECK("down past the window scrolls one line", l.cursor == 10 && l.top == 1);
	list_action(&l, ACT_MOVE_LAST);
	CHECK("last: window ends at the last item", l.cursor == 99 && l.top == 90);
	list_action(&l, ACT_MOVE_DOWN);
	CHECK("down at the last item stays", l.cursor == 99);
	list_action(&l, ACT_PAGE_UP);
	CHECK("page up", l.cursor == 90 && l.top == 90);
	list_action(&l, ACT_MOVE_UP);
	CHECK("up past the window scrolls one line", l.cursor == 89 && l.top == 89);
	list_move(&l, -1000);
	CHECK("a big step up clamps to the first", l.cursor == 0 && l.top == 0);
	list_move(&l, 1000);
	CHECK("a big step down clamps to the last", l.cursor == 99 && l.top == 90);
	list_move_to(&l, 500);
	CHECK("move_to past the end clamps", l.cursor == 99);
	list_action(&l, ACT_MOVE_FIRST);
	CHECK("first", l.cursor == 0 && l.top == 0);
}

static void test_small_heights(void)
{
	struct tui_list l = make(5, 0);

	CHECK("height 0: page is one line", list_page(&l) == 1);
	list_action(&l, ACT_PAGE_DOWN);
	CHECK("height 0: page down moves one", l.cursor == 1);
	CHECK("height 0: no row shows an item", list_item_at(&l, 0) == -1);
	list_scroll(&l, 3);
	CHECK("height 0: scrolling keeps the cursor in the items", l.cursor < 5 && l.top <= l.cursor);
	/* a view opening on its 8th item before its first drawing */
	l = make(20, 0);
	list_move_to(&l, 7);
	list_set_height(&l, 10);
	CHECK("not drawn yet: the first drawing shows from the top", l.top == 0 && l.cursor == 7);
	list_move_to(&l, 15);
	list_set_height(&l, 0);
	list_set_height(&l, 10);
	CHECK("not drawn yet: a later cursor at the window's end", l.top == 6 && l.cursor == 15);

	l = make(5, 1);
	list_action(&l, ACT_PAGE_DOWN);
	CHECK("height 1: page down moves one", l.cursor == 1 && l.top == 1);
	list_action(&l, ACT_MOVE_LAST);
	CHECK("height 1: last shows the last", l.cursor == 4 && l.top == 4);
	CHECK("height 1: row 0 is the cursor's item", list_item_at(&l, 0) == 4 && list_item_at(&l, 1) == -1);
	list_scroll(&l, -3);
	CHECK("height 1: the wheel up takes the cursor along", l.top == 1 && l.cursor == 1);
}

static void test_shrink(void)
{
	struct tui_list l = make(100, 10);

	list_move_to(&l, 95);
	list_set_count(&l, 40);       /* a live reload with fewer functions */
	CHECK("shrink: cursor on the new last item", l.cursor == 39);
	CHECK("shrink: window ends at the last item", l.top == 30);
	list_set_count(&l, 3);
	CHECK("shrink below a screen: top 0", l.cursor == 2 && l.top == 0);
	list_set_count(&l, 0);
	CHECK("shrink to nothing", l.cursor == 0 && l.top == 0);
	list_set_count(&l, 50);
	CHECK("grow again from nothing", l.cursor == 0 && l.top == 0);
	l = make(100, 10);
	list_move_to(&l, 50);
	list_set_height(&l, 4);
	CHECK("a smaller screen keeps the cursor visible", l.top <= 50 && 50 < l.top + 4);
	list_move_to(&l, 99);
	list_set_height(&l, 30);
	CHECK("a taller screen fills up from above", l.top == 70 && l.cursor == 99);
}

static void test_mouse(void)
{
	struct tui_list l = make(50, 10);
	struct tui_event ev;

	ev = mouse(MOUSE_WHEEL_DOWN, 0);
	CHECK("wheel down used", list_mouse(&l, &ev, 3) == 1);
	CHECK("wheel down scrolls 3, cursor taken along", l.top == 3 && l.cursor == 3);
	list_move_to(&l, 8);
	list_mouse(&l, &ev, 3);
	CHECK("wheel keeps a cursor still inside the window", l.top == 6 && l.cursor == 8);
	ev = mouse(MOUSE_WHEEL_UP, 0);
	list_mouse(&l, &ev, 3);
	list_mouse(&l, &ev, 3);
	list_mouse(&l, &ev, 3);
	CHECK("wheel up stops at the top, cursor inside", l.top == 0 && l.cursor == 8);
	list_move_to(&l, 49);
	ev = mouse(MOUSE_WHEEL_DOWN, 0);
	list_mouse(&l, &ev, 3);
	CHECK("wheel down stops at the end", l.top == 40 && l.cursor == 49);

	ev = mouse(MOUSE_CLICK, 5);
	CHECK("click on a row used", list_mouse(&l, &ev, 3) == 1);
	CHECK("click selects the item under it", l.cursor == 42 && l.top == 40);
	ev = mouse(MOUSE_CLICK, 2);
	CHECK("click above the list not used", list_mouse(&l, &ev, 3) == 0 && l.cursor == 42);
	ev = mouse(MOUSE_CLICK, 13);
	CHECK("click below the list not used", list_mouse(&l, &ev, 3) == 0 && l.cursor == 42);

	l = make(4, 10);
	ev = mouse(MOUSE_CLICK, 3 + 6);
	CHECK("click past the last item not used", list_mouse(&l, &ev, 3) == 0 && l.cursor == 0);
	ev = mouse(MOUSE_CLICK, 3 + 3);
	CHECK("click on the last item", list_mouse(&l, &ev, 3) == 1 && l.cursor == 3);
	ev.key = 'j';
	CHECK("a key is not a mouse event", list_mouse(&l, &ev, 3) == 0);
}

int main(void)
{
	test_empty();
	test_moves();
	test_small_heights();
	test_shrink();
	test_mouse();
	return CHECK_DONE();
}
