/*
 * The diff's edge deltas: on Enter in the diff table, one function's
 * callers and callees paired across OLD and NEW, with their differences;
 * Enter walks to a caller or callee, Backspace back.
 */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/compare_ui.h"

#define WALK_MAX 64
#define EDGES_TOP 3          /* the name, titles, the function's numbers */
#define EDGES_NAME_MIN 20    /* fewer columns to keep than the diff table */

int diff_delta_attr(const struct tui *t, double delta)
{
	if (delta > 0)
		return tui_attr(t, TC_HEAT4);
	if (delta < 0)
		return tui_attr(t, TC_HEAT1);
	return 0;
}

/* The name and its mark ("[moved from line 20]"), the mark kept whole. */
void diff_draw_name(int y, int x, int w, const struct diff *d, const struct diff_row *r, int attr)
{
	char mark[64];
	uint32_t len;
	const char *name = names_std(d->new->names, diff_row_id(r), &len);
	int mw;

	diff_row_mark(d, r, mark, sizeof mark);
	mw = mark[0] ? (int)strlen(mark) + 1 : 0;
	if (mw >= w)
		mw = 0;
	x += draw_text(y, x, w - mw, name, len, attr, DRAW_ELLIPSIS_LEFT);
	if (mw) {
		draw_text(y, x, 1, " ", 1, attr, 0);
		draw_text(y, x + 1, mw - 1, mark, strlen(mark), attr | A_BOLD, 0);
	}
}

int diff_plus_width(int64_t v)
{
	return int_width(v) + (v >= 0);
}

struct diff_detail {
	struct diff_table *dt;     /* the diff table's, not owned */
	uint32_t walk[WALK_MAX];     /* rows walked, the last one shown */
	int nwalk;
	struct diff_edge *callers, *callees;
	size_t ncallers, ncallees;
	struct tui_list pos;         /* over list_len(): the callers, then the callees */
	struct column_layout lo;     /* as last drawn */
};

/* The edge deltas' columns. */
enum { EC_OLD, EC_NEW, EC_DCALLS, EC_OLD_CUM, EC_NEW_CUM, EC_DCUM, EC_NAME, EC_COUNT };

struct edge_nums {
	int64_t oc, nc;
	double ot, nt;
};

static uint32_t detail_row(const struct diff_detail *dd)
{
	return dd->walk[dd->nwalk - 1];
}

/* The list: a heading, the callers, a heading, the callees. */
static size_t list_len(const struct diff_detail *dd)
{
	return dd->ncallers + dd->ncallees + 2;
}

/* The cursor moves to `to`, or past a heading there to the nearest edge in
 * the direction `dir`, else the other way (Enter on a heading does nothing,
 * so the cursor never stays on one while there is an edge). */
static void settle(struct diff_detail *dd, long to, long dir)
{
	long last = (long)list_len(dd) - 1, k;

	to = to < 0 ? 0 : to > last ? last : to;
	for (k = to; k >= 0 && k <= last; k += dir)
		if (k != 0 && k != (long)dd->ncallers + 1)
			break;
	if (k < 0 || k > last)
		for (k = to; k >= 0 && k <= last; k -= dir)
			if (k != 0 && k != (long)dd->ncallers + 1)
				break;
	list_move_to(&dd->pos, (size_t)(k < 0 || k > last ? to : k));
}

static int load_edges(struct tui *t, struct diff_detail *dd)
{
	struct err e;

	free(dd->callers);
	free(dd->callees);
	dd->callers = dd->callees = NULL;
	dd->ncallers = dd->ncallees = 0;
	err_clear(&e);
	if (diff_edges(dd->dt, detail_row(dd), 0, &dd->callers, &dd->ncallers, &e) < 0 ||
	    diff_edges(dd->dt, detail_row(dd), 1, &dd->callees, &dd->ncallees, &e) < 0) {
		tui_error(t, &e);
		return -1;
	}
	dd->pos.top = 0;
	list_set_count(&dd->pos, list_len(dd));
	settle(dd, 0, 1);
	return 0;
}

static int detail_open(struct tui *t, struct tui_view *tv, void *arg)
{
	struct diff_detail *dd = calloc(1, sizeof *dd);
	const struct diff_detail_arg *da = arg;

	if (!dd) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	dd->dt = da->dt;
	dd->walk[dd->nwalk++] = da->row;
	if (load_edges(t, dd) < 0) {
		free(dd);
		return -1;
	}
	tv->data = dd;
	return 0;
}

static void detail_close(struct tui *t, struct tui_view *tv)
{
	struct diff_detail *dd = tv->data;

	free(dd->callers);
	free(dd->callees);
	free(dd);
}

static void edge_defs(const struct tui *t, struct column_def *defs)
{
	static const struct column_def plain[EC_COUNT] = {
		{ "old", 7, 2 }, { "new", 7, 3 }, { "dcalls", 7, 4 },
		{ "oldcum", 8, 1 }, { "newcum", 8, 5 }, { "dcum", 8, 6 }, { "function", 0, 0 },
	};
	int c;

	for (c = 0; c < EC_COUNT; c++)
		defs[c] = plain[c];
	if (t->utf8) {
		defs[EC_DCALLS].title = "\u0394calls";
		defs[EC_DCUM].title = "\u0394cum";
	}
}

static void edge_side_nums(const struct diff_edge *x, struct edge_nums *e)
{
	e->oc = x->old ? x->old->nc : 0;
	e->nc = x->new ? x->new->nc : 0;
	e->ot = x->old ? x->old->ct : 0.0;
	e->nt = x->new ? x->new->ct : 0.0;
}

static void measure_edge(const struct edge_nums *e, int *w, struct num_extent *x)
{
	width_max(&w[EC_OLD], int_width(e->oc));
	width_max(&w[EC_NEW], int_width(e->nc));
	width_max(&w[EC_DCALLS], diff_plus_width(e->nc - e->oc));
	extent_add(&x[EC_OLD_CUM], e->ot);
	extent_add(&x[EC_NEW_CUM], e->nt);
	extent_add(&x[EC_DCUM], e->nt - e->ot);
}

/* Every number of the function's line and of its edges, whole (columns.h). */
static void edges_layout(const struct tui *t, struct diff_detail *dd, const struct edge_nums *own)
{
	struct column_def defs[EC_COUNT];
	struct num_extent x[EC_COUNT];
	int order[EC_COUNT], w[EC_COUNT] = { 0 }, c;
	size_t i;

	for (c = 0; c < EC_COUNT; c++) {
		order[c] = c;
		extent_init(&x[c]);
	}
	measure_edge(own, w, x);
	for (i = 0; i < dd->ncallers + dd->ncallees; i++) {
		struct edge_nums e;
		edge_side_nums(i < dd->ncallers ? &dd->callers[i] : &dd->callees[i - dd->ncallers], &e);
		measure_edge(&e, w, x);
	}
	width_max(&w[EC_OLD_CUM], extent_width(&x[EC_OLD_CUM], 3, 0));
	width_max(&w[EC_NEW_CUM], extent_width(&x[EC_NEW_CUM], 3, 0));
	width_max(&w[EC_DCUM], extent_width(&x[EC_DCUM], 3, 1));
	edge_defs(t, defs);
	columns_layout(&dd->lo, defs, order, EC_COUNT, w, -1, COLS, COLS / 3 < EDGES_NAME_MIN ? COLS / 3 : EDGES_NAME_MIN);
}

/* calls old, new, Δ; cumtime old, new, Δ. */
static void draw_numbers(struct tui *t, const struct column_layout *lo, int y, int attr,
			 const struct edge_nums *e)
{
	char buf[400];
	int c, n;

	for (c = 0; c < EC_NAME; c++) {
		int w = lo->width[c], a = attr;
		if (!lo->shown[c])
			continue;
		switch (c) {
		case EC_OLD: n = snprintf(buf, sizeof buf, "%*" PRId64, w, e->oc); break;
		case EC_NEW: n = snprintf(buf, sizeof buf, "%*" PRId64, w, e->nc); break;
		case EC_DCALLS: n = snprintf(buf, sizeof buf, "%+*" PRId64, w, e->nc - e->oc); break;
		case EC_OLD_CUM: n = snprintf(buf, sizeof buf, "%*.3f", w, e->ot); break;
		case EC_NEW_CUM: n = snprintf(buf, sizeof buf, "%*.3f", w, e->nt); break;
		default:
			n = snprintf(buf, sizeof buf, "%+*.3f", w, e->nt - e->ot);
			if (attr == (int)A_NORMAL)
				a = diff_delta_attr(t, e->nt - e->ot);
		}
		draw_text(y, lo->x[c], w, buf, draw_len(n, sizeof buf), a, 0);
	}
}

static void draw_edge(struct tui *t, const struct diff_detail *dd, int y, const struct diff_edge *x,
		      int cursor)
{
	const struct profile *p = dd->dt->d.new;
	int attr = cursor ? tui_attr(t, TC_CURSOR) : (int)A_NORMAL;
	uint32_t len;
	const char *name = names_std(p->names, x->func, &len);
	const char *mark = !x->old ? "[new] " : !x->new ? "[gone] " : "";
	const struct column_layout *lo = &dd->lo;
	struct edge_nums e;
	int w, at = lo->x[EC_NAME];

	draw_fill(y, 0, COLS, attr);
	edge_side_nums(x, &e);
	draw_numbers(t, lo, y, attr, &e);
	if (!lo->shown[EC_NAME] || lo->text_width <= 0)
		return;
	w = draw_text(y, at, lo->text_width, mark, strlen(mark), attr | A_BOLD, 0);
	draw_text(y, at + w, lo->text_width - w, name, len, attr, DRAW_ELLIPSIS_LEFT);
}

static const struct diff_edge *item(const struct diff_detail *dd, size_t i, int *heading)
{
	*heading = i == 0 || i == dd->ncallers + 1;
	if (*heading)
		return NULL;
	return i <= dd->ncallers ? &dd->callers[i - 1] : &dd->callees[i - dd->ncallers - 2];
}

static void detail_draw(struct tui *t, struct tui_view *tv)
{
	struct diff_detail *dd = tv->data;
	const struct diff *d = &dd->dt->d;
	const struct diff_row *r = &d->rows[detail_row(dd)];
	const struct fstat *o = profile_stat(d->old, r->old_id), *n = profile_stat(d->new, r->new_id);
	int h = LINES - EDGES_TOP - 2, y;
	struct column_def defs[EC_COUNT];
	struct edge_nums own;
	size_t i;
	char buf[128];

	list_set_height(&dd->pos, h > 0 ? (size_t)h : 1);
	move(0, 0);
	clrtoeol();
	own.oc = o ? o->nc : 0;
	own.nc = n ? n->nc : 0;
	own.ot = o ? o->ct : 0.0;
	own.nt = n ? n->ct : 0.0;
	edges_layout(t, dd, &own);
	diff_draw_name(0, 0, COLS, d, r, A_BOLD);
	edge_defs(t, defs);
	draw_column_titles(t, 1, defs, &dd->lo, EC_COUNT, -1, 0);
	draw_fill(2, 0, COLS, A_BOLD);
	draw_numbers(t, &dd->lo, 2, A_BOLD, &own);
	for (i = 0, y = EDGES_TOP; y < LINES - 2; i++, y++) {
		size_t k = dd->pos.top + i;
		int heading, len;
		const struct diff_edge *x;
		if (k >= list_len(dd)) {
			move(y, 0);
			clrtoeol();
			continue;
		}
		x = item(dd, k, &heading);
		if (heading) {
			len = snprintf(buf, sizeof buf, "%s (%zu)", k ? "Called" : "Called by",
				       k ? dd->ncallees : dd->ncallers);
			draw_fill(y, 0, COLS, k == dd->pos.cursor ? tui_attr(t, TC_CURSOR) : tui_attr(t, TC_STATUS));
			draw_text(y, 0, COLS, buf, draw_len(len, sizeof buf),
				  k == dd->pos.cursor ? tui_attr(t, TC_CURSOR) : tui_attr(t, TC_STATUS), 0);
			continue;
		}
		draw_edge(t, dd, y, x, k == dd->pos.cursor);
	}
	if (LINES >= 4) {
		int len = snprintf(buf, sizeof buf, " diff edges  %d deep  %zu callers, %zu callees",
				   dd->nwalk, dd->ncallers, dd->ncallees);
		draw_fill(LINES - 2, 0, COLS, tui_attr(t, TC_STATUS));
		draw_text(LINES - 2, 0, COLS, buf, draw_len(len, sizeof buf), tui_attr(t, TC_STATUS), 0);
	}
}

/* Enter on a neighbour: its own edge deltas. */
static void walk_to(struct tui *t, struct diff_detail *dd)
{
	const struct diff *d = &dd->dt->d;
	int heading;
	const struct diff_edge *x = item(dd, dd->pos.cursor, &heading);
	size_t i;

	if (heading)
		return;
	for (i = 0; i < d->nrows; i++)
		if (diff_row_id(&d->rows[i]) == x->func)
			break;
	if (i == d->nrows) {
		tui_message(t, 0, "not a profiled function on either side");
		return;
	}
	if (dd->nwalk == WALK_MAX) {
		memmove(dd->walk, dd->walk + 1, (WALK_MAX - 1) * sizeof *dd->walk);
		dd->nwalk--;
	}
	dd->walk[dd->nwalk++] = (uint32_t)i;
	load_edges(t, dd);
}

static int detail_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct diff_detail *dd = tv->data;
	size_t before = dd->pos.cursor;

	if (list_action(&dd->pos, a)) {
		/* off a heading, on in the direction moved */
		settle(dd, (long)dd->pos.cursor, dd->pos.cursor < before ? -1 : 1);
		return 1;
	}
	switch (a) {
	case ACT_ENTER: case ACT_EXPAND: walk_to(t, dd); return 1;
	case ACT_BACK: case ACT_COLLAPSE:
		if (dd->nwalk > 1) {
			dd->nwalk--;
			load_edges(t, dd);
		} else {
			tui_pop(t);
		}
		return 1;
	case ACT_QUIT: tui_pop(t); return 1;
	case ACT_HELP: case ACT_COMMAND: case ACT_SAVE_DISPLAY: case ACT_REDRAW:
		return 0;
	default:
		tui_message(t, 1, "%s: not available in the diff view", action_defs[a].name);
		(void)arg;
		return 1;
	}
}

/* A click on an edge selects it, on a heading nothing; the wheel scrolls,
 * the cursor stepping off a heading the way it went. */
static int detail_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct diff_detail *dd = tv->data;
	int heading;
	long k;

	if (ev->key != TK_MOUSE)
		return 0;
	if (ev->mouse == MOUSE_CLICK) {
		k = list_item_at(&dd->pos, (long)ev->y - EDGES_TOP);
		if (k < 0)
			return 0;
		item(dd, (size_t)k, &heading);
		if (!heading)
			list_move_to(&dd->pos, (size_t)k);
		return 1;
	}
	if (!list_mouse(&dd->pos, ev, EDGES_TOP))
		return 0;
	settle(dd, (long)dd->pos.cursor, ev->mouse == MOUSE_WHEEL_UP ? -1 : 1);
	return 1;
}

static const char *detail_hints(struct tui *t, struct tui_view *tv)
{
	return "Enter open  Back/h walk back  q leave";
}

const struct tui_view_ops diff_detail_view_ops = {
	.name = "diff-edges",
	.open = detail_open,
	.close = detail_close,
	.draw = detail_draw,
	.request = detail_request,
	.event = detail_event,
	.hints = detail_hints,
};
