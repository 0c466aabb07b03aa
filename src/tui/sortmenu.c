/* The sort menu (s, F6): every pstats sort key and the UI's extra ones. */
#include "autoconfig.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/tui.h"
#include "proftop/util.h"
#include "proftop/list.h"
#include "proftop/live_ui.h"

struct sortmenu {
	struct view *v;
	struct tui_list pos;     /* over the entries */
	int live;                /* watching: the rate keys are offered too */
	int x0, y0, w;           /* the box, as drawn */
};

static int entries_of(const struct sortmenu *m)
{
	return (int)(sort_keys_count + sort_keys_extra_count) - (m->live ? 0 : SORT_KEYS_LIVE);
}

static const struct sort_key_def *entry(int i)
{
	return i < (int)sort_keys_count ? &sort_keys[i] : &sort_keys_extra[i - (int)sort_keys_count];
}

static int sortmenu_open(struct tui *t, struct tui_view *tv, void *arg)
{
	struct sortmenu *m = calloc(1, sizeof *m);
	int i;

	if (!m) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	m->v = arg;
	m->live = tui_live_state(t) != NULL;
	list_set_count(&m->pos, (size_t)entries_of(m));
	/* Start on the key now in use, when it is a single one. */
	for (i = 0; i < entries_of(m); i++)
		if (strcmp(entry(i)->desc, m->v->sort.desc) == 0) {
			list_move_to(&m->pos, (size_t)i);
			break;
		}
	tv->data = m;
	return 0;
}

static void sortmenu_close(struct tui *t, struct tui_view *tv)
{
	free(tv->data);
}

/* Drawn over the table, which stays visible around it. */
static void sortmenu_draw(struct tui *t, struct tui_view *tv)
{
	struct sortmenu *m = tv->data;
	int n = entries_of(m), w = 40 < COLS ? 40 : COLS, h = n + 2, x0, y0, i, first;

	t->stack[0].ops->draw(t, &t->stack[0]);
	if (h > LINES - 1)
		h = LINES - 1;
	list_set_height(&m->pos, h > 2 ? (size_t)(h - 2) : 0);
	first = (int)m->pos.top;
	x0 = (COLS - w) / 2;
	y0 = (LINES - 1 - h) / 2;
	m->x0 = x0;
	m->y0 = y0;
	m->w = w;
	draw_fill(y0, x0, w, tui_attr(t, TC_TITLE));
	draw_text(y0, x0, w, " Sort by", 8, tui_attr(t, TC_TITLE), 0);
	for (i = 0; i < h - 2; i++) {
		const struct sort_key_def *d;
		char buf[128];
		int k = first + i, attr = k == (int)m->pos.cursor ? tui_attr(t, TC_CURSOR) : 0, len;
		draw_fill(y0 + 1 + i, x0, w, attr);
		if (k >= n)
			continue;
		d = entry(k);
		len = snprintf(buf, sizeof buf, " %-11s %s", d->name, d->desc);
		draw_text(y0 + 1 + i, x0, w, buf, draw_len(len, sizeof buf), attr, 0);
	}
	if (h >= 2)
		draw_fill(y0 + h - 1, x0, w, tui_attr(t, TC_TITLE));
}

static int sortmenu_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct sortmenu *m = tv->data;
	struct view *v = m->v;
	struct err e;

	/* a short menu: a page is all of it */
	if (a == ACT_PAGE_UP || a == ACT_PAGE_DOWN)
		a = a == ACT_PAGE_UP ? ACT_MOVE_FIRST : ACT_MOVE_LAST;
	if (list_action(&m->pos, a))
		return 1;
	switch (a) {
	case ACT_ENTER:
		err_clear(&e);
		if (view_sort_by_key(v, entry((int)m->pos.cursor)->name, &e) < 0) {
			tui_error(t, &e);
		}
		tui_pop(t);
		return 1;
	case ACT_SORT:
		if (!arg) {            /* s again closes the menu */
			tui_pop(t);
			return 1;
		}
		FALLTHROUGH;
	case ACT_REVERSE: case ACT_SORT_PREV: case ACT_SORT_NEXT:
		/* the table's own sort actions apply from the menu too */
		tui_pop(t);
		tui_action(t, a, arg);
		return 1;
	default:
		return 0;
	}
}

/* Only over the box: the table around it does not take the mouse. */
static int sortmenu_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct sortmenu *m = tv->data;

	if (ev->key != TK_MOUSE || ev->x < m->x0 || ev->x >= m->x0 + m->w)
		return 0;
	return list_mouse(&m->pos, ev, m->y0 + 1);
}

static const char *sortmenu_hints(struct tui *t, struct tui_view *tv)
{
	return "Enter sort  q/Esc cancel  Up/Down choose";
}

const struct tui_view_ops sortmenu_view_ops = {
	.name = "sort-menu",
	.open = sortmenu_open,
	.close = sortmenu_close,
	.draw = sortmenu_draw,
	.request = sortmenu_request,
	.event = sortmenu_event,
	.hints = sortmenu_hints,
};
