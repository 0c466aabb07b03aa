/*
 * The diff table: per-function differences between OLD and NEW (Δ columns
 * first, then OLD and NEW as the width allows); Enter opens the function's
 * edge deltas (diff_detail.c).  `proftop --diff OLD NEW` opens the table at start-up;
 * `:diff FILE` opens it from the function table with FILE as OLD.
 */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/dot_diff.h"
#include "proftop/pstats_load.h"
#include "proftop/compare_ui.h"

#define NAME_MIN 30

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
	const struct fstat *o = profile_stat(d->old, r->old_id), *n = profile_stat(d->new, r->new_id);

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
static void measure_pct(struct num_extent *x, int *w, double pct, int has_old, int has_new)
{
	if (!has_old || !has_new)
		width_max(w, has_old ? 4 : 3);    /* "gone", "new" */
	else if (isnan(pct))
		width_max(w, 1);
	else
		extent_add(x, pct);
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
		const struct fstat *o = profile_stat(d->old, r->old_id), *n = profile_stat(d->new, r->new_id);
		extent_add(&x[DC_DCUM], diff_value(d, r, DF_CUM));
		extent_add(&x[DC_DTOT], diff_value(d, r, DF_TIME));
		width_max(&w[DC_DCALLS], diff_plus_width((n ? n->nc : 0) - (o ? o->nc : 0)));
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
			attr = diff_delta_attr(t, diff_value(d, r, c == DC_DCUM ? DF_CUM : DF_TIME));
		draw_text(y, lo->x[c], lo->width[c], buf, draw_len(n, sizeof buf), attr, 0);
	}
	if (lo->shown[DC_NAME])
		diff_draw_name(y, lo->x[DC_NAME], lo->text_width, d, r, base);
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


static void diff_draw(struct tui *t, struct tui_view *tv)
{
	struct diff_ui *u = tv->data;
	struct diff_table *dt = &u->dt;
	struct column_layout lo;
	char buf[DIFFVIEW_TEXT_MAX + 256];
	size_t i, h = draw_body_height(TABLE_TOP);
	int n, attr = tui_attr(t, TC_STATUS);

	list_set_count(&dt->pos, dt->nrows);
	list_set_height(&dt->pos, h);
	compute_layout(t, u, &lo, COLS);
	draw_side(t, 0, "OLD: ", dt->d.old);
	draw_side(t, 1, "NEW: ", dt->d.new);
	draw_titles(t, u, &lo);
	for (i = 0; i < h && TABLE_TOP + (int)i < LINES - 2; i++) {
		if (dt->pos.top + i < dt->nrows) {
			draw_row(t, u, &lo, TABLE_TOP + (int)i, dt->pos.top + i);
		} else {
			move(TABLE_TOP + (int)i, 0);
			clrtoeol();
		}
	}
	if (LINES < TABLE_TOP + 2)
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
			tui_push(t, &diff_detail_view_ops,
				 &(struct diff_detail_arg){ &u->dt, row });
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
	if (ev->key == TK_MOUSE && ev->mouse == MOUSE_CLICK && ev->y == TABLE_TOP - 1) {
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
	return list_mouse(&u->dt.pos, ev, TABLE_TOP);
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
