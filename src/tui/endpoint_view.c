/*
 * The endpoint list (proftop --endpoints DIR): per-request dumps grouped by
 * method and path, with the number of requests and their total, mean and
 * slowest elapsed time.  Right (+) lists an endpoint's requests, slowest
 * first; Enter opens the merged profile of an endpoint, or one request's,
 * in the function table, and Back comes back here.
 */
#include "autoconfig.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/endpoints.h"
#include "proftop/pstats.h"
#include "proftop/compare_ui.h"
#include "proftop/list.h"
#include "proftop/status_line.h"

/* The directory, the counts, the titles; a warning above the titles when
 * dumps may have overwritten each other. */
static int header_lines(const struct endpoints *x)
{
	return x->crowded || x->rewritten ? 4 : 3;
}

struct ep_row {
	uint32_t ep, req;            /* req NO_ID: the endpoint's own row */
};

struct ep_ui {
	struct endpoints x;
	char dir[1024];
	enum ep_sort sort;
	int reverse;
	uint32_t *order;             /* endpoints in sort order */
	uint8_t *expanded;           /* per endpoint */
	struct ep_row *rows;
	size_t nrows;
	struct tui_list pos;         /* over rows */
};

static void rebuild(struct ep_ui *u)
{
	struct ep_row keep = { NO_ID, NO_ID };
	size_t i, j, k = 0;

	if (u->pos.cursor < u->nrows)
		keep = u->rows[u->pos.cursor];
	endpoints_sort(&u->x, u->sort, u->reverse, u->order);
	for (i = 0; i < u->x.nep; i++) {
		const struct ep_endpoint *ep = &u->x.ep[u->order[i]];
		u->rows[k].ep = u->order[i];
		u->rows[k++].req = NO_ID;
		for (j = 0; u->expanded[u->order[i]] && j < ep->count; j++) {
			u->rows[k].ep = u->order[i];
			u->rows[k++].req = ep->req[j];
		}
	}
	u->nrows = k;
	for (i = 0; i < k; i++)
		if (u->rows[i].ep == keep.ep && u->rows[i].req == keep.req)
			u->pos.cursor = i;
	list_set_count(&u->pos, k);
}

enum { EC_COUNT_COL, EC_TOTAL, EC_MEAN, EC_MAX, EC_NAME, EP_COLS };
static const struct column_def ep_cols[EP_COLS] = {
	{ "requests", 8, 2 }, { "total ms", 12, 4 }, { "mean ms", 10, 3 }, { "max ms", 10, 1 },
	{ "endpoint", 0, 0 },
};

static int sort_column(enum ep_sort s)
{
	switch (s) {
	case EP_SORT_COUNT: return EC_COUNT_COL;
	case EP_SORT_MEAN: return EC_MEAN;
	case EP_SORT_MAX: return EC_MAX;
	case EP_SORT_NAME: return EC_NAME;
	default: return EC_TOTAL;
	}
}

/* Every endpoint's and request's figures whole (columns.h). */
static void ep_layout(const struct ep_ui *u, struct column_layout *lo)
{
	struct num_extent total, mean, max;
	int order[EP_COLS] = { 0, 1, 2, 3, 4 }, w[EP_COLS] = { 0 };
	size_t i;

	extent_init(&total);
	extent_init(&mean);
	extent_init(&max);
	for (i = 0; i < u->x.nep; i++) {
		const struct ep_endpoint *ep = &u->x.ep[i];
		width_max(&w[EC_COUNT_COL], int_width((int64_t)ep->count));
		extent_add(&total, ep->total_ms);
		extent_add(&mean, endpoint_value(ep, EP_SORT_MEAN));
		extent_add(&max, ep->max_ms);
	}
	for (i = 0; i < u->x.nreq; i++)
		extent_add(&total, u->x.req[i].elapsed_ms);
	w[EC_TOTAL] = extent_width(&total, 0, 0);
	w[EC_MEAN] = extent_width(&mean, 1, 0);
	w[EC_MAX] = extent_width(&max, 0, 0);
	columns_layout(lo, ep_cols, order, EP_COLS, w, sort_column(u->sort), COLS,
		       COLS / 2 < 30 ? COLS / 2 : 30);
}

static void draw_row(struct tui *t, const struct ep_ui *u, const struct column_layout *lo, int y, size_t i)
{
	const struct ep_row *r = &u->rows[i];
	const struct ep_endpoint *ep = &u->x.ep[r->ep];
	int attr = i == u->pos.cursor ? tui_attr(t, TC_CURSOR) : (int)A_NORMAL, n, x = lo->x[EC_NAME];
	char buf[2048];

	draw_fill(y, 0, COLS, attr);
	if (r->req == NO_ID) {
		snprintf(buf, sizeof buf, "%zu", ep->count);
		draw_column_text(lo, EC_COUNT_COL, y, attr, buf);
		snprintf(buf, sizeof buf, "%.0f", ep->total_ms);
		draw_column_text(lo, EC_TOTAL, y, attr, buf);
		snprintf(buf, sizeof buf, "%.1f", endpoint_value(ep, EP_SORT_MEAN));
		draw_column_text(lo, EC_MEAN, y, attr, buf);
		snprintf(buf, sizeof buf, "%.0f", ep->max_ms);
		draw_column_text(lo, EC_MAX, y, attr, buf);
		if (!lo->shown[EC_NAME])
			return;
		n = snprintf(buf, sizeof buf, "%s %s", ep->method, ep->path);
		draw_text(y, x, lo->text_width, buf, draw_len(n, sizeof buf), attr, DRAW_ELLIPSIS_LEFT);
		return;
	}
	snprintf(buf, sizeof buf, "%.0f", u->x.req[r->req].elapsed_ms);
	draw_column_text(lo, EC_TOTAL, y, attr, buf);
	if (!lo->shown[EC_NAME])
		return;
	n = snprintf(buf, sizeof buf, "%s", t->utf8 ? "  \u2514 " : "  - ");
	x += draw_text(y, x, lo->text_width, buf, draw_len(n, sizeof buf), attr, 0);
	{
		const char *file = u->x.req[r->req].file, *base = strrchr(file, '/');
		base = base ? base + 1 : file;
		draw_text(y, x, lo->x[EC_NAME] + lo->text_width - x, base, strlen(base), attr, DRAW_ELLIPSIS_LEFT);
	}
}

static void draw_status(struct tui *t, const struct ep_ui *u)
{
	struct status_line s;
	char buf[STATUS_PARTS_MAX * (STATUS_PART_MAX + 8)];
	size_t n;

	s.n = 0;
	status_add(&s, SP_POSITION, "", " %zu/%zu", u->nrows ? u->pos.cursor + 1 : 0, u->nrows);
	status_add(&s, SP_MODE, "  ", "endpoints");
	status_add(&s, SP_SORT, "  ", "sort: %s%s", endpoint_sort_desc(u->sort), u->reverse ? " (reversed)" : "");
	status_shorten_last(&s);
	status_add(&s, SP_PATHS, "  ", "%s", u->x.grouped ? "ids grouped" : "raw paths");
	n = status_fit(&s, COLS, text_width, t->utf8 ? "\u2026" : "~", buf, sizeof buf);
	draw_fill(LINES - 2, 0, COLS, tui_attr(t, TC_STATUS));
	draw_text(LINES - 2, 0, COLS, buf, n, tui_attr(t, TC_STATUS), 0);
}

static void ep_draw(struct tui *t, struct tui_view *tv)
{
	struct ep_ui *u = tv->data;
	char buf[1400];
	int head = header_lines(&u->x), n, h = LINES - head - 2, y;
	struct column_layout lo;
	size_t i;

	list_set_height(&u->pos, h > 0 ? (size_t)h : 1);
	move(0, 0);
	clrtoeol();
	n = snprintf(buf, sizeof buf, "%s", u->dir);
	draw_text(0, 0, COLS, buf, draw_len(n, sizeof buf), A_BOLD, DRAW_ELLIPSIS_LEFT);
	move(1, 0);
	clrtoeol();
	n = snprintf(buf, sizeof buf, "%zu requests to %zu endpoints", u->x.nreq, u->x.nep);
	if (u->x.skipped)
		n += snprintf(buf + n, sizeof buf - (size_t)n, " (%zu other files)", u->x.skipped);
	draw_text(1, 0, COLS, buf, draw_len(n, sizeof buf), A_NORMAL, 0);
	if (u->x.crowded || u->x.rewritten) {
		move(2, 0);
		clrtoeol();
		endpoints_crowded_text(&u->x, buf, sizeof buf);
		draw_text(2, 0, COLS, buf, strlen(buf), tui_attr(t, TC_ERROR), 0);
	}
	ep_layout(u, &lo);
	draw_column_titles(t, head - 1, ep_cols, &lo, EP_COLS, sort_column(u->sort), u->reverse);
	for (i = 0, y = head; y < LINES - 2; i++, y++) {
		if (u->pos.top + i < u->nrows) {
			draw_row(t, u, &lo, y, u->pos.top + i);
		} else {
			move(y, 0);
			clrtoeol();
		}
	}
	if (LINES >= head + 2)
		draw_status(t, u);
}

static void enter(struct tui *t, struct ep_ui *u)
{
	const struct ep_row *r;
	const struct ep_endpoint *ep;
	char **files;
	size_t i;

	if (!u->nrows) {
		tui_message(t, 0, "no dumps named like the endpoint format in %s", u->dir);
		return;
	}
	r = &u->rows[u->pos.cursor];
	ep = &u->x.ep[r->ep];
	if (r->req != NO_ID) {
		tui_show_files(t, &u->x.req[r->req].file, 1);
		return;
	}
	files = malloc((ep->count + 1) * sizeof *files);
	if (!files) {
		tui_message(t, 1, "out of memory");
		return;
	}
	for (i = 0; i < ep->count; i++)
		files[i] = u->x.req[ep->req[i]].file;
	tui_show_files(t, files, ep->count);
	free(files);
}

static void expand(struct ep_ui *u, int on)
{
	struct ep_row *r;
	size_t i;

	if (!u->nrows)
		return;
	r = &u->rows[u->pos.cursor];
	if (!on && r->req != NO_ID) {
		/* collapse from a request: back to its endpoint's row */
		for (i = u->pos.cursor; i > 0 && u->rows[i].req != NO_ID; i--)
			;
		u->pos.cursor = i;
	}
	u->expanded[r->ep] = (uint8_t)on;
	rebuild(u);
}

static void sort_by(struct tui *t, struct ep_ui *u, const char *name)
{
	enum ep_sort s;

	if (!name || endpoint_sort_parse(name, &s) < 0) {
		tui_message(t, 1, "endpoint sort keys: total count mean max name");
		return;
	}
	u->sort = s;
	rebuild(u);
}

/* Arrays sized by the endpoints and requests, after a (re)grouping. */
static int size_arrays(struct ep_ui *u)
{
	uint32_t *order = realloc(u->order, (u->x.nep + 1) * sizeof *order);
	uint8_t *expanded;
	struct ep_row *rows;

	if (!order)
		return -1;
	u->order = order;
	expanded = realloc(u->expanded, u->x.nep + 1);
	if (!expanded)
		return -1;
	u->expanded = expanded;
	memset(u->expanded, 0, u->x.nep + 1);
	rows = realloc(u->rows, (u->x.nep + u->x.nreq + 1) * sizeof *rows);
	if (!rows)
		return -1;
	u->rows = rows;
	return 0;
}

/* `p`: ids in paths grouped (<int> <uuid> <hex>) or each path apart;
 * `:path full` keeps them apart, `:path short` groups. */
static void group_paths(struct tui *t, struct ep_ui *u, const char *arg)
{
	int group = !u->x.grouped;

	if (arg && *arg)
		group = strcmp(arg, "full") != 0;
	u->nrows = 0;
	u->pos.cursor = 0;
	if (endpoints_group(&u->x, group) < 0 || size_arrays(u) < 0) {
		tui_message(t, 1, "out of memory");
		return;
	}
	rebuild(u);
	list_move_to(&u->pos, 0);
	tui_message(t, 0, group ? "paths: ids grouped as <int> <uuid> <hex> (p shows each path)"
			  : "paths: each as requested (p groups ids)");
}

static int ep_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct ep_ui *u = tv->data;

	if (list_action(&u->pos, a))
		return 1;
	switch (a) {
	case ACT_EXPAND: expand(u, 1); return 1;
	case ACT_COLLAPSE: expand(u, 0); return 1;
	case ACT_ENTER: enter(t, u); return 1;
	case ACT_SORT: sort_by(t, u, arg); return 1;
	case ACT_SORT_PREV: case ACT_SORT_NEXT:
		u->sort = (enum ep_sort)(((int)u->sort + (a == ACT_SORT_NEXT ? 1 : EP_SORT_COUNT_ - 1)) % EP_SORT_COUNT_);
		rebuild(u);
		return 1;
	case ACT_REVERSE: u->reverse = !u->reverse; rebuild(u); return 1;
	case ACT_PATH: group_paths(t, u, arg); return 1;
	case ACT_QUIT: case ACT_BACK: t->quit = a == ACT_QUIT; return 1;
	case ACT_HELP: case ACT_COMMAND: case ACT_SAVE_DISPLAY: case ACT_REDRAW:
		return 0;
	default:
		tui_message(t, 1, "%s: not available in the endpoint list (Enter opens a profile)",
			    action_defs[a].name);
		return 1;
	}
}

static int ep_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct ep_ui *u = tv->data;

	return list_mouse(&u->pos, ev, header_lines(&u->x));
}

static const char *ep_hints(struct tui *t, struct tui_view *tv)
{
	return "q quit  Enter profile  Right/+ requests  Left/- fold  s sort  < > key  r reverse  p ids  ? help";
}

static int ep_open(struct tui *t, struct tui_view *tv, void *arg)
{
	const struct options *o = arg;
	const char *fmt = o->endpoints.format ? o->endpoints.format : ENDPOINT_DEFAULT_FORMAT;
	struct ep_ui *u = calloc(1, sizeof *u);
	struct err e;

	if (!u) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	err_clear(&e);
	if (endpoints_scan(&u->x, o->endpoints.dir, fmt, !o->endpoints.raw_paths, &e) < 0) {
		tui_error(t, &e);
		free(u);
		return -1;
	}
	snprintf(u->dir, sizeof u->dir, "%s", o->endpoints.dir);
	u->order = malloc((u->x.nep + 1) * sizeof *u->order);
	u->expanded = calloc(u->x.nep + 1, 1);
	u->rows = calloc(u->x.nep + u->x.nreq + 1, sizeof *u->rows);
	if (!u->order || !u->expanded || !u->rows) {
		free(u->order);
		free(u->expanded);
		free(u->rows);
		endpoints_free(&u->x);
		free(u);
		tui_message(t, 1, "out of memory");
		return -1;
	}
	if (o->sort_text)
		endpoint_sort_parse(o->sort_text, &u->sort);   /* checked by main */
	u->reverse = o->reverse;
	rebuild(u);
	tv->data = u;
	return 0;
}

static void ep_close(struct tui *t, struct tui_view *tv)
{
	struct ep_ui *u = tv->data;

	endpoints_free(&u->x);
	free(u->order);
	free(u->expanded);
	free(u->rows);
	free(u);
}

const struct tui_view_ops endpoint_view_ops = {
	.name = "endpoints",
	.open = ep_open,
	.close = ep_close,
	.draw = ep_draw,
	.request = ep_request,
	.event = ep_event,
	.hints = ep_hints,
};

int tui_endpoints_start(struct tui *t, const struct options *o)
{
	return tui_push(t, &endpoint_view_ops, (void *)o);
}
