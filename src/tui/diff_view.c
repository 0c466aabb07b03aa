/*
 * The diff views: a table of per-function differences between OLD and NEW
 * (Δ columns first, then OLD and NEW as the width allows), and, on Enter,
 * the edge deltas of one function: its callers and callees paired across
 * both sides.  `proftop --diff OLD NEW` opens the table at start-up;
 * `:diff FILE` opens it from the function table with FILE as OLD.
 */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/dot_diff.h"
#include "proftop/pstats_load.h"
#include "proftop/tui_compare.h"

#define HEADER_LINES 3
#define NAME_MIN 30
#define WALK_MAX 64
#define EDGES_TOP 3          /* edge deltas: the name, titles, the function's numbers */
#define EDGES_NAME_MIN 20   /* the edge deltas have fewer columns to keep */

/* DCOL(id, title (after Δ when delta), width, delta, sort key or NULL) */
#define DIFF_COLUMNS(DCOL) \
	DCOL(DCUM, "cum", 9, 1, "dcumtime") \
	DCOL(DCUM_PCT, "cum%", 8, 1, "cumtime%") \
	DCOL(DTOT, "tot", 9, 1, "dtottime") \
	DCOL(DTOT_PCT, "tot%", 8, 1, "tottime%") \
	DCOL(DCALLS, "calls", 8, 1, "dcalls") \
	DCOL(DCALLS_PCT, "calls%", 8, 1, "calls%") \
	DCOL(OLD_CUM, "oldcum", 8, 0, "old") \
	DCOL(NEW_CUM, "newcum", 8, 0, "new") \
	DCOL(OLD_TOT, "oldtot", 8, 0, NULL) \
	DCOL(NEW_TOT, "newtot", 8, 0, NULL) \
	DCOL(OLD_CALLS, "oldcalls", 9, 0, NULL) \
	DCOL(NEW_CALLS, "newcalls", 9, 0, NULL) \
	DCOL(NAME, "filename:lineno(function)", 0, 0, "name")

enum {
#define DCOL_ENUM(id, title, width, delta, key) DC_##id,
	DIFF_COLUMNS(DCOL_ENUM)
#undef DCOL_ENUM
	DC_COUNT
};

static const struct { const char *title; int width, delta; const char *key; } dcols[DC_COUNT] = {
#define DCOL_DEF(id, title, width, delta, key) { title, width, delta, key },
	DIFF_COLUMNS(DCOL_DEF)
#undef DCOL_DEF
};

struct diff_ui {
	struct profile old;          /* owned; shares the table's names */
	struct diff_table dt;
	int startup;                 /* opened by --diff: q quits */
	int sort_col;
};

struct diff_open {
	char *const *files;
	size_t nfiles;
	int startup;
};

/* Column titles as drawn: delta columns with their Δ (d without UTF-8). */
static void column_defs(const struct tui *t, struct column_def *defs, char titles[][32])
{
	int c;

	for (c = 0; c < DC_COUNT; c++) {
		snprintf(titles[c], 32, "%s%s", dcols[c].delta ? (t->utf8 ? "\u0394" : "d") : "", dcols[c].title);
		defs[c].title = titles[c];
		defs[c].width = dcols[c].width;
		/* the old/new columns go first when narrow, the deltas last */
		defs[c].keep = c == DC_NAME ? 0 : DC_NAME - c;
	}
}

static const struct fstat *side(const struct profile *p, uint32_t id)
{
	return id != NO_ID && id < p->cap_stats && p->stats[id].in_stats ? &p->stats[id] : NULL;
}

static int fmt_pct(char *buf, size_t size, int w, double pct, int has_old, int has_new)
{
	if (!has_old)
		return snprintf(buf, size, "%*s", w, "new");
	if (!has_new)
		return snprintf(buf, size, "%*s", w, "gone");
	if (isnan(pct))
		return snprintf(buf, size, "%*s", w, "-");
	return snprintf(buf, size, "%+*.1f%%", w - 1, pct);
}

static int cell(const struct diff *d, const struct diff_row *r, int c, int w, char *buf, size_t size)
{
	const struct fstat *o = side(d->old, r->old_id), *n = side(d->new, r->new_id);

	switch (c) {
	case DC_DCUM: return snprintf(buf, size, "%+*.3f", w, diff_value(d, r, DF_CUM));
	case DC_DTOT: return snprintf(buf, size, "%+*.3f", w, diff_value(d, r, DF_TIME));
	case DC_DCALLS: return snprintf(buf, size, "%+*" PRId64, w, (n ? n->nc : 0) - (o ? o->nc : 0));
	case DC_DCUM_PCT: return fmt_pct(buf, size, w, diff_value(d, r, DF_CUM_PCT), !!o, !!n);
	case DC_DTOT_PCT: return fmt_pct(buf, size, w, diff_value(d, r, DF_TIME_PCT), !!o, !!n);
	case DC_DCALLS_PCT: return fmt_pct(buf, size, w, diff_value(d, r, DF_CALLS_PCT), !!o, !!n);
	case DC_OLD_CUM: return snprintf(buf, size, "%*.3f", w, o ? o->ct : 0.0);
	case DC_NEW_CUM: return snprintf(buf, size, "%*.3f", w, n ? n->ct : 0.0);
	case DC_OLD_TOT: return snprintf(buf, size, "%*.3f", w, o ? o->tt : 0.0);
	case DC_NEW_TOT: return snprintf(buf, size, "%*.3f", w, n ? n->tt : 0.0);
	case DC_OLD_CALLS: return snprintf(buf, size, "%*" PRId64, w, o ? o->nc : 0);
	case DC_NEW_CALLS: return snprintf(buf, size, "%*" PRId64, w, n ? n->nc : 0);
	default: return 0;
	}
}

/* Slower in red, faster in green, on the Δ time columns. */
static int delta_attr(const struct tui *t, double delta)
{
	if (delta > 0)
		return tui_attr(t, TC_HEAT4);
	if (delta < 0)
		return tui_attr(t, TC_HEAT1);
	return 0;
}

/* The name and its mark ("[moved from line 20]"), the mark kept whole. */
static void draw_name(int y, int x, int w, const struct diff *d, const struct diff_row *r, int attr)
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

static void measure_pct(struct num_extent *x, int *w, double pct, int has_old, int has_new)
{
	if (!has_old || !has_new)
		width_max(w, has_old ? 4 : 3);    /* "gone", "new" */
	else if (isnan(pct))
		width_max(w, 1);
	else
		extent_add(x, pct);
}

static int plus_int_width(int64_t v)
{
	return int_width(v) + (v >= 0);
}

/* The widest value of every column over all the diff's rows (columns.h). */
static void measure_columns(const struct diff *d, int *w)
{
	struct num_extent x[DC_COUNT];
	size_t i;
	int c;

	for (c = 0; c < DC_COUNT; c++) {
		extent_init(&x[c]);
		w[c] = 0;
	}
	for (i = 0; i < d->nrows; i++) {
		const struct diff_row *r = &d->rows[i];
		const struct fstat *o = side(d->old, r->old_id), *n = side(d->new, r->new_id);
		extent_add(&x[DC_DCUM], diff_value(d, r, DF_CUM));
		extent_add(&x[DC_DTOT], diff_value(d, r, DF_TIME));
		width_max(&w[DC_DCALLS], plus_int_width((n ? n->nc : 0) - (o ? o->nc : 0)));
		measure_pct(&x[DC_DCUM_PCT], &w[DC_DCUM_PCT], diff_value(d, r, DF_CUM_PCT), !!o, !!n);
		measure_pct(&x[DC_DTOT_PCT], &w[DC_DTOT_PCT], diff_value(d, r, DF_TIME_PCT), !!o, !!n);
		measure_pct(&x[DC_DCALLS_PCT], &w[DC_DCALLS_PCT], diff_value(d, r, DF_CALLS_PCT), !!o, !!n);
		extent_add(&x[DC_OLD_CUM], o ? o->ct : 0.0);
		extent_add(&x[DC_NEW_CUM], n ? n->ct : 0.0);
		extent_add(&x[DC_OLD_TOT], o ? o->tt : 0.0);
		extent_add(&x[DC_NEW_TOT], n ? n->tt : 0.0);
		width_max(&w[DC_OLD_CALLS], int_width(o ? o->nc : 0));
		width_max(&w[DC_NEW_CALLS], int_width(n ? n->nc : 0));
	}
	width_max(&w[DC_DCUM], extent_width(&x[DC_DCUM], 3, 1));
	width_max(&w[DC_DTOT], extent_width(&x[DC_DTOT], 3, 1));
	for (c = DC_DCUM_PCT; c <= DC_DCALLS_PCT; c += 2)   /* "%+.1f%%" */
		width_max(&w[c], extent_width(&x[c], 1, 1) + 1);
	for (c = DC_OLD_CUM; c <= DC_NEW_TOT; c++)
		width_max(&w[c], extent_width(&x[c], 3, 0));
}

static void compute_layout(const struct tui *t, const struct diff_ui *u, struct column_layout *lo,
			   int width)
{
	struct column_def defs[DC_COUNT];
	char titles[DC_COUNT][32];
	int order[DC_COUNT], w[DC_COUNT], c;

	for (c = 0; c < DC_COUNT; c++)
		order[c] = c;
	column_defs(t, defs, titles);
	measure_columns(&u->dt.d, w);
	columns_layout(lo, defs, order, DC_COUNT, w, u->sort_col, width,
		       width / 2 < NAME_MIN ? width / 2 : NAME_MIN);
}

static void draw_row(struct tui *t, const struct diff_ui *u, const struct column_layout *lo, int y, size_t i)
{
	const struct diff *d = &u->dt.d;
	const struct diff_row *r = &d->rows[u->dt.rows[i]];
	int cursor = i == u->dt.pos.cursor, base = cursor ? tui_attr(t, TC_CURSOR) : 0, c;

	draw_fill(y, 0, COLS, base);
	for (c = 0; c < DC_NAME; c++) {
		char buf[400];
		int n, attr = base;
		if (!lo->shown[c])
			continue;
		n = cell(d, r, c, lo->width[c], buf, sizeof buf);
		if (!cursor && (c == DC_DCUM || c == DC_DTOT))
			attr = delta_attr(t, diff_value(d, r, c == DC_DCUM ? DF_CUM : DF_TIME));
		draw_text(y, lo->x[c], lo->width[c], buf, draw_len(n, sizeof buf), attr, 0);
	}
	if (lo->shown[DC_NAME])
		draw_name(y, lo->x[DC_NAME], lo->text_width, d, r, base);
}

static void draw_side(struct tui *t, int y, const char *label, const struct profile *p)
{
	char buf[256];
	int n, x;

	move(y, 0);
	clrtoeol();
	x = draw_text(y, 0, COLS, label, strlen(label), A_BOLD, 0);
	n = snprintf(buf, sizeof buf, "%" PRId64 " calls in %.3f s  ", p->total_calls, p->total_tt);
	x += draw_text(y, x, COLS - x, buf, draw_len(n, sizeof buf), A_NORMAL, 0);
	if (p->nfiles && x < COLS)
		draw_text(y, x, COLS - x, p->files[0], strlen(p->files[0]), A_NORMAL, DRAW_ELLIPSIS_LEFT);
}

static void draw_titles(struct tui *t, const struct diff_ui *u, const struct column_layout *lo)
{
	struct column_def defs[DC_COUNT];
	char titles[DC_COUNT][32];

	column_defs(t, defs, titles);
	draw_column_titles(t, 2, defs, lo, DC_COUNT, u->sort_col, u->dt.reverse);
}

static size_t body_height(void)
{
	int h = LINES - HEADER_LINES - 2;
	return h > 0 ? (size_t)h : 1;
}

static void diff_draw(struct tui *t, struct tui_view *tv)
{
	struct diff_ui *u = tv->data;
	struct diff_table *dt = &u->dt;
	struct column_layout lo;
	char buf[DIFFVIEW_TEXT_MAX + 256];
	size_t i, h = body_height();
	int n, attr = tui_attr(t, TC_STATUS);

	list_set_count(&dt->pos, dt->nrows);
	list_set_height(&dt->pos, h);
	compute_layout(t, u, &lo, COLS);
	draw_side(t, 0, "OLD: ", dt->d.old);
	draw_side(t, 1, "NEW: ", dt->d.new);
	draw_titles(t, u, &lo);
	for (i = 0; i < h && HEADER_LINES + (int)i < LINES - 2; i++) {
		if (dt->pos.top + i < dt->nrows) {
			draw_row(t, u, &lo, HEADER_LINES + (int)i, dt->pos.top + i);
		} else {
			move(HEADER_LINES + (int)i, 0);
			clrtoeol();
		}
	}
	if (LINES < HEADER_LINES + 2)
		return;
	n = snprintf(buf, sizeof buf, " %zu/%zu", dt->nrows ? dt->pos.cursor + 1 : 0, dt->nrows);
	if (dt->nrows != dt->d.nrows)
		n += snprintf(buf + n, sizeof buf - (size_t)n, " of %zu", dt->d.nrows);
	n += snprintf(buf + n, sizeof buf - (size_t)n, "  diff  sort: %s%s", dt->sort->desc,
		      dt->reverse ? " (reversed)" : "");
	if (dt->filter[0])
		n += snprintf(buf + n, sizeof buf - (size_t)n, "  filter: %s", dt->filter);
	if (dt->d.moved)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "  moved: %zu", dt->d.moved);
	draw_fill(LINES - 2, 0, COLS, attr);
	draw_text(LINES - 2, 0, COLS, buf, draw_len(n, sizeof buf), attr, 0);
}

static int column_of_key(const struct diff_sort_def *k)
{
	int c;

	for (c = 0; c < DC_COUNT; c++)
		if (dcols[c].key && strcmp(dcols[c].key, k->name) == 0)
			return c;
	return -1;
}

static void sort_by(struct tui *t, struct diff_ui *u, const char *name, int reverse)
{
	const struct diff_sort_def *k = diff_sort_lookup(name);
	struct err e;

	if (!k) {
		tui_message(t, 1, "diff sort keys: dcumtime dtottime dcalls cumtime%% tottime%% calls%% old new name");
		return;
	}
	err_clear(&e);
	u->sort_col = column_of_key(k);
	tui_report(t, diff_table_sort(&u->dt, k, reverse, &e), &e);
}

/* < and >: the next shown column with a sort key. */
static void sort_step(struct tui *t, struct diff_ui *u, int delta)
{
	struct column_layout lo;
	int c = u->sort_col < 0 ? 0 : u->sort_col, i;

	compute_layout(t, u, &lo, COLS);
	for (i = 0; i < DC_COUNT; i++) {
		c = (c + delta + DC_COUNT) % DC_COUNT;
		if (lo.shown[c] && dcols[c].key) {
			sort_by(t, u, dcols[c].key, 0);
			return;
		}
	}
}

/* As the table's f: a new pattern replaces the one in force, which Up
 * brings back. */
static void filter_prompt(struct tui *t, const char *current)
{
	char line[DIFFVIEW_TEXT_MAX + 16];

	if (current[0]) {
		snprintf(line, sizeof line, "filter %s", current);
		history_add(&t->history[PROMPT_COMMAND], line);
	}
	prompt_open(t, PROMPT_COMMAND);
	lineedit_start(&t->edit, "filter ", &t->history[PROMPT_COMMAND]);
}

static void export(struct tui *t, struct diff_ui *u, int render, const char *path)
{
	struct dot_opts o;
	struct dot_result res = { 0 };
	struct err e;

	if (!path || !*path) {
		prompt_open(t, PROMPT_COMMAND);
		lineedit_start(&t->edit, render ? "export-render proftop-diff.svg" : "export proftop-diff.dot",
			       &t->history[PROMPT_COMMAND]);
		return;
	}
	if (render) {
		tui_message(t, 1, "export-render: export the diff as .dot, then run dot -Tsvg on it");
		return;
	}
	err_clear(&e);
	dot_opts_default(&o);
	o.graph.node_thres = o.graph.edge_thres = 0.0;   /* what is shown */
	o.file_labels = t->table.path != PATH_SHORT;
	if (dot_diff_export(&u->dt, u->dt.rows, u->dt.nrows, &o, path, &res, &e) < 0) {
		tui_error(t, &e);
		return;
	}
	tui_message(t, 0, "wrote %s: %u functions, %zu calls, coloured by difference", path,
		    res.nodes, res.edges);
}

static int diff_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct diff_ui *u = tv->data;
	struct diff_table *dt = &u->dt;
	struct err e;
	uint32_t row;

	err_clear(&e);
	if (list_action(&dt->pos, a))
		return 1;
	switch (a) {
	case ACT_SORT:
		sort_by(t, u, arg && *arg ? arg : "", dt->reverse);
		return 1;
	case ACT_SORT_PREV: case ACT_SORT_NEXT:
		sort_step(t, u, a == ACT_SORT_NEXT ? 1 : -1);
		return 1;
	case ACT_REVERSE: tui_report(t, diff_table_sort(dt, dt->sort, !dt->reverse, &e), &e); return 1;
	case ACT_FILTER:
		if (!arg)
			filter_prompt(t, dt->filter);
		else
			tui_report(t, diff_table_filter(dt, arg, &e), &e);
		return 1;
	case ACT_ENTER:
		row = diff_table_current(dt);
		if (row == NO_ID)
			tui_message(t, 0, "no function selected");
		else
			tui_push(t, &diff_detail_view_ops, &row);
		return 1;
	case ACT_EXPORT: case ACT_EXPORT_RENDER:
		export(t, u, a == ACT_EXPORT_RENDER, arg);
		return 1;
	case ACT_QUIT:
		if (u->startup)
			t->quit = 1;
		else
			tui_pop(t);
		return 1;
	case ACT_BACK:
		if (!u->startup)
			tui_pop(t);
		return 1;
	case ACT_HELP: case ACT_COMMAND: case ACT_SAVE_DISPLAY: case ACT_REDRAW:
		return 0;
	default:
		tui_message(t, 1, "%s: not available in the diff view", action_defs[a].name);
		return 1;
	}
}

static int diff_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct diff_ui *u = tv->data;
	struct column_layout lo;
	struct err e;
	int c;

	/* a click on a title sorts by its column, a second one reverses, as
	 * in the table */
	if (ev->key == TK_MOUSE && ev->mouse == MOUSE_CLICK && ev->y == HEADER_LINES - 1) {
		compute_layout(t, u, &lo, COLS);
		c = columns_at(&lo, DC_COUNT, ev->x);
		err_clear(&e);
		if (c >= 0 && c == u->sort_col)
			tui_report(t, diff_table_sort(&u->dt, u->dt.sort, !u->dt.reverse, &e), &e);
		else if (c >= 0 && dcols[c].key)
			sort_by(t, u, dcols[c].key, 0);
		else if (c >= 0)
			tui_message(t, 0, "no sort key for this column");
		return 1;
	}
	return list_mouse(&u->dt.pos, ev, HEADER_LINES);
}

static const char *diff_hints(struct tui *t, struct tui_view *tv)
{
	return "q quit  Enter edges  s sort  < > column  r reverse  f filter  e export  ? help";
}

static int diff_open(struct tui *t, struct tui_view *tv, void *arg)
{
	const struct diff_open *a = arg;
	struct diff_ui *u = calloc(1, sizeof *u);
	struct err e;

	if (!u) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	err_clear(&e);
	profile_init(&u->old, &t->names);
	if (pstats_load_files(&u->old, a->files, a->nfiles, &e) < 0 ||
	    diff_table_open(&u->dt, &u->old, t->table.full, &e) < 0) {
		tui_error(t, &e);
		profile_free(&u->old);
		free(u);
		return -1;
	}
	u->startup = a->startup;
	u->sort_col = DC_DCUM;
	tv->data = u;
	return 0;
}

static void diff_close(struct tui *t, struct tui_view *tv)
{
	struct diff_ui *u = tv->data;

	diff_table_close(&u->dt);
	profile_free(&u->old);
	free(u);
}

const struct tui_view_ops diff_view_ops = {
	.name = "diff",
	.open = diff_open,
	.close = diff_close,
	.draw = diff_draw,
	.request = diff_request,
	.event = diff_event,
	.hints = diff_hints,
};

/* ---- edge deltas ---- */

struct diff_detail {
	struct diff_ui *u;
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
	if (diff_edges(&dd->u->dt, detail_row(dd), 0, &dd->callers, &dd->ncallers, &e) < 0 ||
	    diff_edges(&dd->u->dt, detail_row(dd), 1, &dd->callees, &dd->ncallees, &e) < 0) {
		tui_report(t, -1, &e);
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

	if (!dd) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	dd->u = t->stack[t->depth - 1].data;
	dd->walk[dd->nwalk++] = *(const uint32_t *)arg;
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
	width_max(&w[EC_DCALLS], plus_int_width(e->nc - e->oc));
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
				a = delta_attr(t, e->nt - e->ot);
		}
		draw_text(y, lo->x[c], w, buf, draw_len(n, sizeof buf), a, 0);
	}
}

static void draw_edge(struct tui *t, const struct diff_detail *dd, int y, const struct diff_edge *x,
		      int cursor)
{
	const struct profile *p = dd->u->dt.d.new;
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
	const struct diff *d = &dd->u->dt.d;
	const struct diff_row *r = &d->rows[detail_row(dd)];
	const struct fstat *o = side(d->old, r->old_id), *n = side(d->new, r->new_id);
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
	draw_name(0, 0, COLS, d, r, A_BOLD);
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
	const struct diff *d = &dd->u->dt.d;
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

/* ---- entry points ---- */

void tui_diff_open(struct tui *t, const char *old_path)
{
	char *files[1];
	struct diff_open a;

	if (!old_path || !*old_path) {
		tui_message(t, 1, "diff needs the OLD dump: :diff FILE");
		return;
	}
	files[0] = (char *)old_path;
	a.files = files;
	a.nfiles = 1;
	a.startup = 0;
	tui_push(t, &diff_view_ops, &a);
}

int tui_diff_start(struct tui *t, const struct options *o)
{
	struct diff_open a = { o->diff_files, o->ndiff_files, 1 };
	struct tui_view *tv;
	const struct restriction *r;
	struct err e;
	size_t i;

	if (tui_push(t, &diff_view_ops, &a) < 0)
		return -1;
	tv = tui_top(t);
	err_clear(&e);
	if (o->sort_text)
		sort_by(t, tv->data, o->sort_text, o->reverse);
	else if (o->reverse)
		diff_table_sort(&((struct diff_ui *)tv->data)->dt, diff_sort_keys, 1, &e);
	for (i = 0; i < o->nrestrictions; i++) {
		r = &o->restrictions[i];
		if (r->kind == RESTRICT_REGEX) {
			tui_report(t, diff_table_filter(&((struct diff_ui *)tv->data)->dt, r->text, &e), &e);
			break;
		}
	}
	diff_table_move_to(&((struct diff_ui *)tv->data)->dt, 0);
	return 0;
}
