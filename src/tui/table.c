/* The function table: the view at the bottom of the stack. */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "proftop/columns.h"
#include "proftop/tui.h"
#include "proftop/flame_view.h"
#include "proftop/live.h"
#include "proftop/live_ui.h"
#include "proftop/compare_ui.h"
#include "proftop/export_ui.h"
#include "proftop/source_view.h"

#define NAME_MIN 40   /* drop number columns before the name gets narrower */
#define MEASURE_AHEAD 8

/* Drop rank per column: lower goes first when the screen is narrow; the
 * sort column stays (columns.h). */
static const int keep_rank[VCOL_COUNT] = {
	[VCOL_DCALLS] = 1, [VCOL_TPERCALL] = 2, [VCOL_CPERCALL] = 3, [VCOL_PCT_CUM] = 4,
	[VCOL_NCALLS] = 5, [VCOL_TOTTIME] = 6, [VCOL_PCT_OWN] = 7, [VCOL_CUMTIME] = 8,
	[VCOL_CALLS_S] = 9, [VCOL_TIME_S] = 10, [VCOL_NAME] = 0,
};

/* Sorted by a cumulative figure, %cum outlasts %tot on a narrow screen:
 * the share beside the sort column is the one of its kind. */
static void column_defs(struct column_def *defs, int sort_col)
{
	int c;

	for (c = 0; c < VCOL_COUNT; c++) {
		defs[c].title = view_columns[c].title;
		defs[c].width = view_columns[c].width;
		defs[c].keep = keep_rank[c];
	}
	if (sort_col == VCOL_CUMTIME || sort_col == VCOL_CPERCALL || sort_col == VCOL_PCT_CUM) {
		defs[VCOL_PCT_CUM].keep = keep_rank[VCOL_PCT_OWN];
		defs[VCOL_PCT_OWN].keep = keep_rank[VCOL_PCT_CUM];
	}
}

/* The columns wanted, in display order: the configuration's, or all.  The
 * live columns only while watching; then before the name unless the
 * configuration places them. */
static int wanted_columns(const struct tui *t, int *order)
{
	int live = tui_live_state((struct tui *)t) != NULL;
	int c, i, k = 0, n = tui_config_columns(t, order), placed = 0, at;

	if (n <= 0) {
		for (c = 0; c < VCOL_COUNT; c++)
			order[c] = c;
		n = VCOL_COUNT;
		placed = 1;          /* the default order has them before the name */
	}
	for (i = 0; i < n; i++) {
		if (view_column_live(order[i])) {
			placed = 1;
			if (!live)
				continue;
		}
		order[k++] = order[i];
	}
	if (!live || placed)
		return k;
	for (at = 0; at < k && order[at] != VCOL_NAME; at++)
		;
	memmove(order + at + 3, order + at, (size_t)(k - at) * sizeof *order);
	order[at] = VCOL_DCALLS;
	order[at + 1] = VCOL_CALLS_S;
	order[at + 2] = VCOL_TIME_S;
	return k + 3;
}

/* The widest value of every number column over the whole shown profile (not
 * only the rows in view: a column must not change width as one scrolls). */
static void measure_columns(const struct view *v, const struct live *lv, int *w)
{
	const struct profile *p = v->p;
	struct num_extent x[VCOL_COUNT];
	uint32_t i;
	int c;

	for (c = 0; c < VCOL_COUNT; c++) {
		extent_init(&x[c]);
		w[c] = 0;
	}
	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i];
		const struct fstat *f = &p->stats[id];
		/* dict order is not id order: the stats are fetched some way
		 * ahead, so that their cache misses overlap */
		if (i + MEASURE_AHEAD < p->norder)
			__builtin_prefetch(&p->stats[p->order[i + MEASURE_AHEAD]]);
		width_max(&w[VCOL_NCALLS], calls_width(f->nc, f->cc));
		extent_add(&x[VCOL_TOTTIME], f->tt);
		extent_add(&x[VCOL_CUMTIME], f->ct);
		if (f->nc)
			extent_add(&x[VCOL_TPERCALL], f->tt / (double)f->nc);
		if (f->cc)
			extent_add(&x[VCOL_CPERCALL], f->ct / (double)f->cc);
		extent_add(&x[VCOL_PCT_OWN], view_share(v, f->tt));
		extent_add(&x[VCOL_PCT_CUM], view_share(v, f->ct));
		if (lv) {
			const struct live_rate *r = live_rate_of(lv, id);
			width_max(&w[VCOL_DCALLS], int_width(r ? r->dcalls : 0));
			extent_add(&x[VCOL_CALLS_S], r ? r->calls_s : 0.0);
			extent_add(&x[VCOL_TIME_S], r ? r->tt_s : 0.0);
		}
	}
	for (c = 0; c < VCOL_COUNT; c++) {
		static const int prec[VCOL_COUNT] = {
			[VCOL_TOTTIME] = 3, [VCOL_CUMTIME] = 3, [VCOL_TPERCALL] = 3, [VCOL_CPERCALL] = 3,
			[VCOL_PCT_OWN] = 1, [VCOL_PCT_CUM] = 1, [VCOL_CALLS_S] = 1, [VCOL_TIME_S] = 3,
		};
		width_max(&w[c], extent_width(&x[c], prec[c], 0));
	}
}

/* The widths, measured again only when the figures they come from may have
 * changed (a pass over every function: 15 ms at 200k, per key and per
 * draw).  Live rates move with every sample, unseen by the view: their own
 * generation says when (a live reload redraws the status line a hundred
 * times while the rates stand still). */
static const int *column_widths(struct view *v, const struct live *lv)
{
	struct view_widths *c = &v->widths;
	double total = v->share_visible ? v->visible_tt : v->p->total_tt;
	unsigned long long live_gen = lv ? lv->rates_gen : 0;

	if (!c->valid || c->live != (lv != NULL) || c->live_gen != live_gen ||
	    c->gen != v->content_gen || c->p != v->p ||
	    c->share_visible != v->share_visible || memcmp(&c->share_total, &total, sizeof total) != 0) {
		measure_columns(v, lv, c->w);
		c->valid = 1;
		c->live = lv != NULL;
		c->live_gen = live_gen;
		c->gen = v->content_gen;
		c->p = v->p;
		c->share_visible = v->share_visible;
		c->share_total = total;
	}
	return c->w;
}

static void compute_layout(struct tui *t, struct column_layout *lo, int width)
{
	struct view *v = &t->table;
	struct column_def defs[VCOL_COUNT];
	int order[VCOL_COUNT], n = wanted_columns(t, order);
	int name_min = width / 2 < NAME_MIN ? width / 2 : NAME_MIN;

	column_defs(defs, v->sort_col);
	columns_layout(lo, defs, order, n, column_widths(v, tui_live_state(t)), v->sort_col,
		       width, name_min);
}


static int table_open(struct tui *t, struct tui_view *tv, void *arg)
{
	tv->data = &t->table;
	return 0;
}

/* pstats' totals line, or a shorter form of it when the screen is narrow:
 * its numbers are dropped whole, never cut. */
static int totals_text(const struct profile *p, int width, char *buf, size_t size)
{
	int prim = p->total_calls != p->prim_calls, form, n = 0;

	for (form = 0; form < 4; form++) {
		if (form == 0 && prim)
			n = snprintf(buf, size, "%" PRId64 " function calls (%" PRId64 " primitive calls) in %.3f seconds",
				     p->total_calls, p->prim_calls, p->total_tt);
		else if (form == 0)
			n = snprintf(buf, size, "%" PRId64 " function calls in %.3f seconds", p->total_calls, p->total_tt);
		else if (form == 1 && prim)
			n = snprintf(buf, size, "%" PRId64 " calls (%" PRId64 " primitive) in %.3f s",
				     p->total_calls, p->prim_calls, p->total_tt);
		else if (form <= 2)
			n = snprintf(buf, size, "%" PRId64 " calls in %.3f s", p->total_calls, p->total_tt);
		else
			n = snprintf(buf, size, "%.3f s", p->total_tt);
		if (n >= 0 && n <= width)
			break;
	}
	return n;
}

static void draw_header(struct tui *t, const struct view *v)
{
	const struct profile *p = v->p;
	char buf[256];
	int n;

	move(0, 0);
	clrtoeol();
	if (p->nfiles) {
		int w = draw_text(0, 0, COLS, p->files[0], strlen(p->files[0]), A_BOLD, DRAW_ELLIPSIS_LEFT);
		if (p->nfiles > 1) {
			n = snprintf(buf, sizeof buf, " (+%zu more)", p->nfiles - 1);
			draw_text(0, w, COLS - w, buf, draw_len(n, sizeof buf), A_NORMAL, 0);
		}
	}
	move(1, 0);
	clrtoeol();
	n = totals_text(p, COLS, buf, sizeof buf);
	draw_text(1, 0, COLS, buf, draw_len(n, sizeof buf), A_NORMAL, 0);
}

static void draw_titles(struct tui *t, const struct view *v, const struct column_layout *lo)
{
	struct column_def defs[VCOL_COUNT];

	column_defs(defs, v->sort_col);
	draw_column_titles(t, 2, defs, lo, VCOL_COUNT, v->sort_col, v->reverse);
}

static int cell_text(const struct view *v, const struct live *lv, uint32_t id, int col,
		     int w, char *buf, size_t size)
{
	const struct fstat *f = &v->p->stats[id];
	const struct live_rate *r = lv && view_column_live(col) ? live_rate_of(lv, id) : NULL;

	switch (col) {
	case VCOL_NCALLS:
		if (f->nc != f->cc) {
			char c[48];
			snprintf(c, sizeof c, "%" PRId64 "/%" PRId64, f->nc, f->cc);
			return snprintf(buf, size, "%*s", w, c);
		}
		return snprintf(buf, size, "%*" PRId64, w, f->nc);
	case VCOL_TOTTIME: return snprintf(buf, size, "%*.3f", w, f->tt);
	case VCOL_TPERCALL:
		return f->nc ? snprintf(buf, size, "%*.3f", w, f->tt / (double)f->nc) : snprintf(buf, size, "%*s", w, "");
	case VCOL_CUMTIME: return snprintf(buf, size, "%*.3f", w, f->ct);
	case VCOL_CPERCALL:
		return f->cc ? snprintf(buf, size, "%*.3f", w, f->ct / (double)f->cc) : snprintf(buf, size, "%*s", w, "");
	case VCOL_PCT_OWN: return snprintf(buf, size, "%*.1f", w, view_share(v, f->tt));
	case VCOL_PCT_CUM: return snprintf(buf, size, "%*.1f", w, view_share(v, f->ct));
	case VCOL_DCALLS: return snprintf(buf, size, "%*" PRId64, w, r ? r->dcalls : 0);
	case VCOL_CALLS_S: return snprintf(buf, size, "%*.1f", w, r ? r->calls_s : 0.0);
	case VCOL_TIME_S: return snprintf(buf, size, "%*.3f", w, r ? r->tt_s : 0.0);
	default: return 0;
	}
}

static void draw_row(struct tui *t, const struct view *v, const struct column_layout *lo, int y, size_t row)
{
	uint32_t id = v->rows[row], len;
	const struct fstat *f = &v->p->stats[id];
	int cursor = row == v->pos.cursor, base = cursor ? tui_attr(t, TC_CURSOR) : 0, c;
	const char *name;

	draw_fill(y, 0, COLS, base);
	for (c = 0; c < VCOL_NAME; c++) {
		char buf[400];
		int n, attr = base;
		if (!lo->shown[c])
			continue;
		n = cell_text(v, tui_live_state(t), id, c, lo->width[c], buf, sizeof buf);
		if (!cursor && c == VCOL_PCT_OWN)
			attr = tui_heat(t, view_share(v, f->tt));
		else if (!cursor && c == VCOL_PCT_CUM)
			attr = tui_heat(t, view_share(v, f->ct));
		draw_text(y, lo->x[c], lo->width[c], buf, draw_len(n, sizeof buf), attr, 0);
	}
	name = names_std(v->p->names, id, &len);
	if (lo->shown[VCOL_NAME])
		draw_text(y, lo->x[VCOL_NAME], lo->text_width, name, len, base, DRAW_ELLIPSIS_LEFT);
}

/* Parts dropped by priority so the line never runs off the screen. */
static void draw_status(struct tui *t, const struct view *v)
{
	struct status_line s;
	char buf[STATUS_PARTS_MAX * (STATUS_PART_MAX + 8)];
	size_t n;
	int attr = tui_attr(t, TC_STATUS);

	s.n = 0;
	status_add(&s, SP_POSITION, "", " %zu/%zu", v->nrows ? v->pos.cursor + 1 : 0, v->nrows);
	if (v->nrows != v->nsorted)
		status_add(&s, SP_POSITION, "", " of %zu", v->nsorted);
	status_add(&s, SP_SORT, "  ", "sort: %s%s", v->sort.n ? v->sort.desc : "dict order",
		   v->reverse ? " (reversed)" : "");
	status_shorten_last(&s);
	if (v->filter[0]) {
		status_add(&s, SP_FILTER, "  ", "filter: %s", v->filter);
		status_shorten_last(&s);
	}
	if (v->limit[0])
		status_add(&s, SP_LIMIT, "  ", "limit: %s", v->limit);
	buf[0] = 0;
	compare_status(v, buf, sizeof buf);
	status_add_split(&s, SP_PATHS, buf);
	tui_live_status_parts(t, &s);
	n = tui_status_fit(t, &s, buf, sizeof buf);
	draw_fill(LINES - 2, 0, COLS, attr);
	draw_text(LINES - 2, 0, COLS, buf, n, attr, 0);
}

static void table_draw(struct tui *t, struct tui_view *tv)
{
	struct view *v = tv->data;
	struct column_layout lo;
	size_t i, h = draw_body_height(TABLE_TOP);

	view_set_height(v, h);
	compute_layout(t, &lo, COLS);
	draw_header(t, v);
	draw_titles(t, v, &lo);
	for (i = 0; i < h && TABLE_TOP + (int)i < LINES - 2; i++) {
		int y = TABLE_TOP + (int)i;
		if (v->pos.top + i < v->nrows) {
			draw_row(t, v, &lo, y, v->pos.top + i);
		} else {
			move(y, 0);
			clrtoeol();
		}
	}
	if (LINES >= TABLE_TOP + 2)
		draw_status(t, v);
}

static void search_result(struct tui *t, struct view *v, int found)
{
	if (found == 0)
		tui_message(t, 1, "no match for %s", v->search[0] ? v->search : "(no search)");
}

/* Actions that take an argument; NULL opens a prompt or a menu. */
static int table_arg_request(struct tui *t, struct view *v, enum action a, const char *arg)
{
	struct err e;
	int rc;

	err_clear(&e);
	switch (a) {
	case ACT_SORT:
		if (!arg || !*arg)
			return tui_open(t, TV_SORTMENU, v), 1;
		tui_report(t, view_sort_by_key(v, arg, &e), &e);
		return 1;
	case ACT_FILTER:
		if (!arg)
			return prompt_open(t, PROMPT_FILTER), 1;
		tui_report(t, view_set_filter(v, arg, &e), &e);
		return 1;
	case ACT_SEARCH:
		if (!arg)
			return prompt_open(t, PROMPT_SEARCH), 1;
		rc = view_search(v, arg, 0, &e);
		tui_report(t, rc, &e);
		if (rc >= 0)
			search_result(t, v, rc);
		return 1;
	case ACT_LIMIT:
		tui_report(t, view_set_limit(v, arg ? arg : "", &e), &e);
		return 1;
	case ACT_EXPORT:
	case ACT_EXPORT_RENDER:
		tui_export_rows(t, a == ACT_EXPORT_RENDER, arg);
		return 1;
	case ACT_WRITE:
		tui_write_rows(t, arg);
		return 1;
	case ACT_FLAME:
		if (arg && *arg)
			tui_flame_write(t, arg, NO_ID, NULL, 0);
		else
			tui_open(t, TV_FLAME, NULL);
		return 1;
	default:
		/* path, hide, unhide, percent, diff: src/tui/compare_ui.c */
		return compare_request(t, v, a, arg);
	}
}

static int table_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct view *v = tv->data;
	struct column_layout lo;
	struct err e;

	err_clear(&e);
	list_set_count(&v->pos, v->nrows);
	if (list_action(&v->pos, a))
		return 1;
	switch (a) {
	case ACT_SORT_PREV: case ACT_SORT_NEXT:
		/* only the columns the screen shows */
		compute_layout(t, &lo, COLS);
		tui_report(t, view_sort_step(v, a == ACT_SORT_PREV ? -1 : 1, lo.shown, &e), &e);
		return 1;
	case ACT_REVERSE: tui_report(t, view_set_reverse(v, !v->reverse, &e), &e); return 1;
	case ACT_SEARCH_NEXT: search_result(t, v, view_search_next(v, 1)); return 1;
	case ACT_SEARCH_PREV: search_result(t, v, view_search_next(v, -1)); return 1;
	case ACT_SOURCE:
	case ACT_EDIT:
		/* not for a sub-view's keys passed down: its own selection counts */
		return tui_top(t) == tv && tui_source_action(t, a, v->path, view_current(v));
	case ACT_ENTER:
	case ACT_TREE: {
		uint32_t id = view_current(v);
		if (id == NO_ID)
			tui_message(t, 0, "no function selected");
		else
			tui_open(t, a == ACT_ENTER ? TV_DETAIL : TV_TREE, &id);
		return 1;
	}
	default:
		return table_arg_request(t, v, a, arg);
	}
}

static int table_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct view *v = tv->data;
	struct column_layout lo;
	struct err e;
	int col;

	if (ev->key != TK_MOUSE)
		return 0;
	err_clear(&e);
	if (ev->mouse == MOUSE_CLICK && ev->y == TABLE_TOP - 1) {
		compute_layout(t, &lo, COLS);
		col = columns_at(&lo, VCOL_COUNT, ev->x);
		/* A second click on the sorted column reverses it. */
		if (col >= 0 && col == v->sort_col)
			tui_report(t, view_set_reverse(v, !v->reverse, &e), &e);
		else if (col >= 0)
			tui_report(t, view_sort_by_column(v, col, &e), &e);
		return 1;
	}
	/* rows only: a click on the status or key-hint line selects nothing */
	list_set_count(&v->pos, v->nrows);
	return list_mouse(&v->pos, ev, TABLE_TOP);
}

static const char *table_hints(struct tui *t, struct tui_view *tv)
{
	return "q quit  ? help  s sort  r reverse  f filter  / search  p paths  : command";
}

const struct tui_view_ops table_view_ops = {
	.name = "table",
	.open = table_open,
	.draw = table_draw,
	.request = table_request,
	.event = table_event,
	.hints = table_hints,
};
