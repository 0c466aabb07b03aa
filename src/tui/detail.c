/*
 * The detail view: one function, who called it and what it called, each
 * pane with the numbers pstats records for that caller->callee pair.  Enter
 * walks to a neighbour; Back walks back along the path shown at the top.
 */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/calls.h"
#include "proftop/tui.h"
#include "proftop/flame_view.h"
#include "proftop/live_ui.h"
#include "proftop/status_line.h"
#include "proftop/list.h"
#include "proftop/export_ui.h"
#include "proftop/source_view.h"

#define DETAIL_PATH_MAX 256
#define TOP_LINES 3          /* path, column titles, the function itself */

/* Pane columns: what `<`/`>` step through and what they sort on. */
enum { PC_CALLS, PC_TOT, PC_CUM, PC_SHARE, PC_NAME, PANE_COLS };
static const struct { const char *key; struct column_def def; } pane_cols[PANE_COLS] = {
	[PC_CALLS] = { "calls", { "ncalls", 9, 2 } },
	[PC_TOT] = { "time", { "tottime", 8, 1 } },
	[PC_CUM] = { "cumulative", { "cumtime", 8, 4 } },
	[PC_SHARE] = { "cumulative", { "share", 6, 3 } },
	[PC_NAME] = { "stdname", { "function", 0, 0 } },
};
#define NAME_MIN 30

struct pane {
	struct call_list list;
	uint32_t sel;              /* selected neighbour (function id), NO_ID none */
	struct tui_list pos;       /* over list */
	int y0;                    /* the screen row of its first line, as drawn */
};

struct detail {
	uint32_t path[DETAIL_PATH_MAX];
	int npath;
	struct pane pane[2];       /* 0 callers, 1 callees */
	int focus;
	struct sort_spec sort;
	int sort_col, reverse;
	enum path_mode mode;       /* the table's path mode the ids are of */
	struct column_layout lo;   /* as last drawn */
};

static struct profile *shown(struct tui *t)
{
	return t->table.p;
}

static uint32_t focus_id(const struct detail *d)
{
	return d->path[d->npath - 1];
}

/* The pane column a sort orders by, -1 for none (several keys, or a key
 * no column shows): where the title's arrow goes. */
static int sort_column(const struct sort_spec *s)
{
	int c;

	for (c = 0; c < PANE_COLS; c++) {
		const struct sort_key_def *k = sort_key_lookup(pane_cols[c].key, 1);
		if (k && s->n && strcmp(k->desc, s->desc) == 0)
			return c;
	}
	return -1;
}

static void set_sort(struct detail *d, int col)
{
	struct err e;

	memset(&d->sort, 0, sizeof d->sort);
	d->sort_col = col;
	sort_spec_add(&d->sort, pane_cols[col].key, 1, &e);
}

/* Rebuilds both lists from the profile (it may have been reloaded) and keeps
 * each pane's selection on the same function. */
static int load_panes(struct tui *t, struct detail *d)
{
	struct profile *p = shown(t);
	struct err e;
	int i;

	if (view_edges(&t->table, &e) < 0 || profile_finish(p) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		struct pane *pn = &d->pane[i];
		size_t k;
		call_list_free(&pn->list);
		if ((i ? calls_callees : calls_callers)(p, focus_id(d), &pn->list) < 0)
			return -1;
		calls_sort(p, &pn->list, &d->sort, d->reverse);
		pn->pos.cursor = 0;
		for (k = 0; k < pn->list.n; k++)
			if (pn->list.v[k].func == pn->sel)
				pn->pos.cursor = k;
		list_set_count(&pn->pos, pn->list.n);
	}
	return 0;
}

/* The selection follows the cursor, so that a reload keeps it. */
static void follow_cursor(struct pane *pn)
{
	if (pn->list.n)
		pn->sel = pn->list.v[pn->pos.cursor].func;
}

/* After p (typed here, it goes to the table): the same functions in the
 * profile now shown, whose ids differ. */
static void follow_path_mode(struct tui *t, struct detail *d)
{
	struct err e;
	int i;

	if (d->mode == t->table.path)
		return;
	/* the callers' ids too (a path may pass through a function known only
	 * as a caller); the panes read them next anyway */
	(void)view_edges(&t->table, &e);
	for (i = 0; i < d->npath; i++) {
		uint32_t id = view_id_since(&t->table, d->mode, d->path[i]);
		if (id != NO_ID)
			d->path[i] = id;
	}
	for (i = 0; i < 2; i++)
		d->pane[i].sel = view_id_since(&t->table, d->mode, d->pane[i].sel);
	d->mode = t->table.path;
}

static void go_to(struct tui *t, struct detail *d, uint32_t id)
{
	if (d->npath == DETAIL_PATH_MAX) {
		memmove(d->path, d->path + 1, (DETAIL_PATH_MAX - 1) * sizeof *d->path);
		d->npath--;
	}
	d->path[d->npath++] = id;
	d->pane[0].sel = d->pane[1].sel = NO_ID;
	d->pane[0].pos.top = d->pane[1].pos.top = 0;
	if (load_panes(t, d) < 0)
		tui_message(t, 1, "out of memory");
}

static int detail_open(struct tui *t, struct tui_view *tv, void *arg)
{
	struct detail *d = calloc(1, sizeof *d);

	if (!d) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	d->sort = t->table.sort;
	d->reverse = t->table.reverse;
	if (!d->sort.n)
		set_sort(d, 2);
	d->sort_col = sort_column(&d->sort);
	d->pane[0].sel = d->pane[1].sel = NO_ID;
	d->mode = t->table.path;
	d->path[d->npath++] = *(const uint32_t *)arg;
	if (load_panes(t, d) < 0) {
		call_list_free(&d->pane[0].list);
		call_list_free(&d->pane[1].list);
		free(d);
		tui_message(t, 1, "out of memory");
		return -1;
	}
	tv->data = d;
	return 0;
}

static void detail_close(struct tui *t, struct tui_view *tv)
{
	struct detail *d = tv->data;

	call_list_free(&d->pane[0].list);
	call_list_free(&d->pane[1].list);
	free(d);
}

static int is_hidden(struct tui *t, uint32_t id)
{
	const struct view *v = &t->table;

	return (v->has_filter && v->match && id < v->cap_match && !v->match[id]) ||
	       view_is_hidden(v, id);
}

static void draw_path(struct tui *t, const struct detail *d)
{
	char buf[2048];
	size_t n = 0;
	int i;

	for (i = 0; i < d->npath && n < sizeof buf - 64; i++) {
		uint32_t len;
		const char *name = func_name(shown(t)->names, d->path[i]);
		len = strtab_len(&shown(t)->names->strs, shown(t)->names->keys[d->path[i]].name);
		if (i)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", t->utf8 ? " \u203a " : " > ");
		if (len > sizeof buf - n - 16)
			len = (uint32_t)(sizeof buf - n - 16);
		memcpy(buf + n, name, len);
		n += len;
	}
	move(0, 0);
	clrtoeol();
	draw_text(0, 0, COLS, buf, n, A_BOLD, DRAW_ELLIPSIS_LEFT);
}

static void column_defs(struct column_def *defs)
{
	int c;

	for (c = 0; c < PANE_COLS; c++)
		defs[c] = pane_cols[c].def;
}

/* One line's numbers, as the columns show them. */
struct line_nums {
	int64_t nc, cc;
	const double *tt, *ct;     /* NULL: not recorded (blank) */
	double share;
};

static void measure_line(const struct line_nums *l, int *w, struct num_extent *x)
{
	width_max(&w[PC_CALLS], calls_width(l->nc, l->cc));
	if (l->tt)
		extent_add(&x[PC_TOT], *l->tt);
	if (l->ct)
		extent_add(&x[PC_CUM], *l->ct);
	extent_add(&x[PC_SHARE], l->share * 100.0);
}

static void edge_nums(const struct edge *e, double share, struct line_nums *l)
{
	int count_only = (e->flags & EDGE_COUNT_ONLY) != 0;

	l->nc = e->st.nc;
	l->cc = count_only ? e->st.nc : e->st.cc;
	l->tt = count_only ? NULL : &e->st.tt;
	l->ct = count_only ? NULL : &e->st.ct;
	l->share = share;
}

/* Every number of the function's line and of both panes, whole (columns.h). */
static void layout_columns(struct tui *t, struct detail *d, const struct line_nums *own)
{
	const struct profile *p = shown(t);
	struct column_def defs[PANE_COLS];
	struct num_extent x[PANE_COLS];
	int order[PANE_COLS], w[PANE_COLS] = { 0 }, c, i;
	size_t k;

	for (c = 0; c < PANE_COLS; c++) {
		order[c] = c;
		extent_init(&x[c]);
	}
	measure_line(own, w, x);
	for (i = 0; i < 2; i++)
		for (k = 0; k < d->pane[i].list.n; k++) {
			const struct call_entry *ce = &d->pane[i].list.v[k];
			struct line_nums l;
			edge_nums(&p->edges[ce->edge], ce->share, &l);
			measure_line(&l, w, x);
		}
	width_max(&w[PC_TOT], extent_width(&x[PC_TOT], 3, 0));
	width_max(&w[PC_CUM], extent_width(&x[PC_CUM], 3, 0));
	width_max(&w[PC_SHARE], extent_width(&x[PC_SHARE], 1, 0) + 1);   /* "%" */
	column_defs(defs);
	columns_layout(&d->lo, defs, order, PANE_COLS, w, d->sort_col, COLS,
		       COLS / 2 < NAME_MIN ? COLS / 2 : NAME_MIN);
}

static void draw_titles(struct tui *t, const struct detail *d, int y)
{
	struct column_def defs[PANE_COLS];

	column_defs(defs);
	draw_column_titles(t, y, defs, &d->lo, PANE_COLS, d->sort_col, d->reverse);
}

/* One line: ncalls, tottime, cumtime, share, name; times blank when absent. */
static void draw_line(struct tui *t, const struct detail *d, int y, int attr,
		      const struct line_nums *l, uint32_t id, const char *mark)
{
	const struct column_layout *lo = &d->lo;
	char num[360];
	const char *name;
	uint32_t len;
	int x = lo->x[PC_NAME], w = lo->text_width;

	draw_fill(y, 0, COLS, attr);
	if (l->nc != l->cc)
		snprintf(num, sizeof num, "%" PRId64 "/%" PRId64, l->nc, l->cc);
	else
		snprintf(num, sizeof num, "%" PRId64, l->nc);
	draw_column_text(lo, PC_CALLS, y, attr, num);
	if (l->tt) {
		snprintf(num, sizeof num, "%.3f", *l->tt);
		draw_column_text(lo, PC_TOT, y, attr, num);
	}
	if (l->ct) {
		snprintf(num, sizeof num, "%.3f", *l->ct);
		draw_column_text(lo, PC_CUM, y, attr, num);
	}
	snprintf(num, sizeof num, "%.1f%%", l->share * 100.0);
	draw_column_text(lo, PC_SHARE, y, attr == (int)A_NORMAL ? tui_heat(t, l->share * 100.0) : attr, num);
	if (!lo->shown[PC_NAME] || w <= 0)
		return;
	if (*mark) {
		int used = draw_text(y, x, w, mark, strlen(mark), attr | A_BOLD, 0);
		x += used;
		w -= used;
	}
	name = names_std(shown(t)->names, id, &len);
	draw_text(y, x, w, name, len, attr, DRAW_ELLIPSIS_LEFT);
}

static void draw_pane(struct tui *t, struct detail *d, int which, int y, int height)
{
	struct pane *pn = &d->pane[which];
	struct profile *p = shown(t);
	char title[160];
	int n, i, attr = which == d->focus ? tui_attr(t, TC_STATUS) : (int)A_BOLD;

	n = snprintf(title, sizeof title, "%s (%zu)%s", which ? "Called" : "Called by", pn->list.n,
		     which == d->focus ? "  [Tab: other pane]" : "");
	draw_fill(y, 0, COLS, attr);
	draw_text(y, 0, COLS, title, draw_len(n, sizeof title), attr, 0);
	pn->y0 = y + 1;
	list_set_height(&pn->pos, height > 0 ? (size_t)height : 0);
	for (i = 0; i < height; i++) {
		size_t row = pn->pos.top + (size_t)i;
		int yy = y + 1 + i;
		const struct call_entry *c;
		struct line_nums l;
		const char *mark;
		int a;
		if (row >= pn->list.n) {
			move(yy, 0);
			clrtoeol();
			continue;
		}
		c = &pn->list.v[row];
		a = which == d->focus && row == pn->pos.cursor ? tui_attr(t, TC_CURSOR)
		    : is_hidden(t, c->func) ? (int)A_DIM : (int)A_NORMAL;
		mark = c->recursive ? "(recursive) " : view_is_hidden(&t->table, c->func) ? "(hidden) " : "";
		edge_nums(&p->edges[c->edge], c->share, &l);
		draw_line(t, d, yy, a, &l, c->func, mark);
	}
}

static void detail_draw(struct tui *t, struct tui_view *tv)
{
	struct detail *d = tv->data;
	struct profile *p = shown(t);
	uint32_t id;
	const struct fstat *f;
	struct line_nums own;
	int avail = LINES - 2 - TOP_LINES - 2, h0, y;
	double share;
	char status[256];
	struct status_line sl = { .n = 0 };
	int n;

	follow_path_mode(t, d);
	id = focus_id(d);
	f = &p->stats[id];
	share = view_share(&t->table, f->ct) / 100.0;   /* % total or visible */
	if (load_panes(t, d) < 0)
		tui_message(t, 1, "out of memory");
	own.nc = f->nc;
	own.cc = f->cc;
	own.tt = &f->tt;
	own.ct = &f->ct;
	own.share = share;
	layout_columns(t, d, &own);
	draw_path(t, d);
	draw_titles(t, d, 1);
	draw_line(t, d, 2, A_BOLD, &own, id, "");
	if (avail < 2)
		avail = 2;
	h0 = avail / 2;
	y = TOP_LINES;
	draw_pane(t, d, 0, y, h0);
	draw_pane(t, d, 1, y + 1 + h0, avail - h0);
	for (y = y + 2 + avail; y < LINES - 2; y++) {
		move(y, 0);
		clrtoeol();
	}
	status_add(&sl, SP_MODE, "", " detail");
	status_add(&sl, SP_POSITION, "  ", "%d deep", d->npath);
	status_add(&sl, SP_SORT, "  ", "sort: %s%s", d->sort.desc, d->reverse ? " (reversed)" : "");
	status_shorten_last(&sl);
	status_add(&sl, SP_TOTAL, "  ", "share: of this function's time");
	n = tui_status_fit(t, &sl, status, sizeof status);
	if (LINES >= 4) {
		draw_fill(LINES - 2, 0, COLS, tui_attr(t, TC_STATUS));
		draw_text(LINES - 2, 0, COLS, status, draw_len(n, sizeof status), tui_attr(t, TC_STATUS), 0);
	}
}

static void walk_back(struct tui *t, struct detail *d)
{
	uint32_t from;

	if (d->npath <= 1) {
		tui_pop(t);
		return;
	}
	from = focus_id(d);
	d->npath--;
	/* come back with the cursor on where we went */
	d->pane[0].sel = d->pane[1].sel = from;
	if (load_panes(t, d) < 0)
		tui_message(t, 1, "out of memory");
}

static void enter_selected(struct tui *t, struct detail *d)
{
	struct pane *pn = &d->pane[d->focus];

	if (!pn->list.n) {
		tui_message(t, 0, "nothing to open in this pane");
		return;
	}
	if (pn->list.v[pn->pos.cursor].func == focus_id(d)) {
		tui_message(t, 0, "a recursive call: this function itself");
		return;
	}
	go_to(t, d, pn->list.v[pn->pos.cursor].func);
}

static int sort_request(struct tui *t, struct detail *d, enum action a, const char *arg)
{
	struct err e;
	int c;

	switch (a) {
	case ACT_SORT_PREV:
	case ACT_SORT_NEXT:
		c = d->sort_col + (a == ACT_SORT_NEXT ? 1 : -1);
		set_sort(d, (c + PANE_COLS) % PANE_COLS);
		break;
	case ACT_REVERSE:
		d->reverse = !d->reverse;
		break;
	case ACT_SORT:
		if (!arg || !*arg) {
			tui_message(t, 0, "sort: give a key, e.g. :sort calls (pane columns: < and >)");
			return 1;
		}
		memset(&d->sort, 0, sizeof d->sort);
		if (sort_spec_parse(&d->sort, arg, 1, &e) < 0) {
			tui_message(t, 1, "%s", e.msg);
			set_sort(d, d->sort_col);
			return 1;
		}
		d->sort_col = sort_column(&d->sort);
		break;
	default:
		return 0;
	}
	if (load_panes(t, d) < 0)
		tui_message(t, 1, "out of memory");
	return 1;
}

/* The call history of the function shown (below). */
static const struct tui_view_ops history_view_ops;

static int detail_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct detail *d = tv->data;
	struct pane *pn = &d->pane[d->focus];

	if (list_action(&pn->pos, a)) {
		follow_cursor(pn);
		return 1;
	}
	switch (a) {
	case ACT_SWITCH_PANE: d->focus = !d->focus; return 1;
	case ACT_ENTER:
	case ACT_EXPAND: enter_selected(t, d); return 1;
	case ACT_BACK:
	case ACT_COLLAPSE: walk_back(t, d); return 1;
	case ACT_HISTORY: tui_push(t, &history_view_ops, d); return 1;
	case ACT_SOURCE:
	case ACT_EDIT:
		/* the selected caller or callee; the function itself when none */
		return tui_source_action(t, a, d->mode,
					 pn->list.n ? pn->list.v[pn->pos.cursor].func : focus_id(d));
	case ACT_TREE: {
		uint32_t id = focus_id(d);
		tui_open(t, TV_TREE, &id);
		return 1;
	}
	case ACT_EXPORT:
	case ACT_EXPORT_RENDER:
		tui_export_focus(t, a == ACT_EXPORT_RENDER, arg, focus_id(d));
		return 1;
	case ACT_FLAME: {
		uint32_t id = focus_id(d);
		if (arg && *arg)
			tui_flame_write(t, arg, id, NULL, 0);
		else
			tui_open(t, TV_FLAME, &id);
		return 1;
	}
	case ACT_HIDE:
		/* x: the selected neighbour (dimmed when hidden); :hide RE: the table's */
		if ((arg && *arg) || !pn->list.n)
			return 0;
		view_hide_toggle(&t->table, pn->list.v[pn->pos.cursor].func);
		return 1;
	default:
		return sort_request(t, d, a, arg);
	}
}

/* The mouse over a pane's lines makes it the active one, the wheel scrolls
 * it and a click selects the line under it; elsewhere the wheel scrolls the
 * active pane and a click (a title, the status line) does nothing. */
static int detail_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct detail *d = tv->data;
	int i;

	if (ev->key != TK_MOUSE)
		return 0;
	for (i = 0; i < 2; i++) {
		struct pane *pn = &d->pane[i];
		if (ev->y >= pn->y0 && (size_t)(ev->y - pn->y0) < pn->pos.height) {
			d->focus = i;
			list_mouse(&pn->pos, ev, pn->y0);
			follow_cursor(pn);
			return 1;
		}
	}
	if (ev->mouse == MOUSE_CLICK)
		return 0;
	list_mouse(&d->pane[d->focus].pos, ev, 0);
	follow_cursor(&d->pane[d->focus]);
	return 1;
}

static const char *detail_hints(struct tui *t, struct tui_view *tv)
{
	return "Enter open  Back/h/Left back  Tab pane  H history  t tree  < > sort  q leave";
}

const struct tui_view_ops detail_view_ops = {
	.name = "detail",
	.open = detail_open,
	.close = detail_close,
	.draw = detail_draw,
	.request = detail_request,
	.event = detail_event,
	.hints = detail_hints,
};

/* ---- the path walked, as a list to jump back into ---- */

struct walked {
	struct detail *d;
	struct tui_list pos;       /* over d->path */
};

static int history_open(struct tui *t, struct tui_view *tv, void *arg)
{
	struct walked *h = calloc(1, sizeof *h);

	if (!h) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	h->d = arg;
	list_set_count(&h->pos, (size_t)h->d->npath);
	list_move_to(&h->pos, (size_t)h->d->npath - 1);
	tv->data = h;
	return 0;
}

static void history_close(struct tui *t, struct tui_view *tv)
{
	free(tv->data);
}

static void history_draw(struct tui *t, struct tui_view *tv)
{
	struct walked *h = tv->data;
	const char *title = "Path walked (Enter goes back there, q leaves)";
	int y, i;

	/* a walk deeper than the screen scrolls (its end was cut off) */
	list_set_height(&h->pos, LINES > 2 ? (size_t)LINES - 2 : 1);
	draw_fill(0, 0, COLS, tui_attr(t, TC_TITLE));
	draw_text(0, 0, COLS, title, strlen(title), tui_attr(t, TC_TITLE), 0);
	for (y = 1; y < LINES - 1; y++) {
		uint32_t len;
		const char *name;
		char num[16];
		int n, attr, w;
		i = (int)h->pos.top + y - 1;
		move(y, 0);
		clrtoeol();
		if (i >= h->d->npath)
			continue;
		attr = (size_t)i == h->pos.cursor ? tui_attr(t, TC_CURSOR) : (int)A_NORMAL;
		draw_fill(y, 0, COLS, attr);
		n = snprintf(num, sizeof num, "%3d  ", i + 1);
		w = draw_text(y, 0, COLS, num, draw_len(n, sizeof num), attr, 0);
		name = names_std(shown(t)->names, h->d->path[i], &len);
		draw_text(y, w, COLS - w, name, len, attr, DRAW_ELLIPSIS_LEFT);
	}
}

static int history_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct walked *h = tv->data;
	struct detail *d = h->d;

	if (list_action(&h->pos, a))
		return 1;
	switch (a) {
	case ACT_ENTER: {
		size_t target = h->pos.cursor;
		tui_pop(t);                      /* frees h */
		d->npath = (int)target + 1;
		d->pane[0].sel = d->pane[1].sel = NO_ID;
		if (load_panes(t, d) < 0)
			tui_message(t, 1, "out of memory");
		return 1;
	}
	case ACT_HISTORY: tui_pop(t); return 1;
	default: return 0;
	}
}

static int history_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct walked *h = tv->data;

	return list_mouse(&h->pos, ev, 1);
}

static const struct tui_view_ops history_view_ops = {
	.name = "history",
	.open = history_open,
	.close = history_close,
	.draw = history_draw,
	.request = history_request,
	.event = history_event,
};
