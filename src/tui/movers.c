/*
 * Top movers (live mode): the functions that moved in the last sample
 * interval, by time/s or calls/s, with a sparkline of their last samples.
 * The table's filter applies; Enter opens the drill-down.
 */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/live.h"
#include "proftop/tui.h"
#include "proftop/list.h"
#include "proftop/live_ui.h"

#define SPARK_WIDTH 16

/* What the rows are sorted by; `<` `>` and `r` step through them. */
enum mover_key { MK_TIME, MK_CALLS, MK_CUM, MK_COUNT };
static const char *const key_names[MK_COUNT] = { "time/s", "calls/s", "cumtime/s" };

struct movers {
	uint32_t *ids;
	size_t n, cap;
	struct tui_list pos;         /* over ids */
	enum mover_key key;
	const struct live *live;
	const struct profile *p;     /* the table's, by full id: tottime for ties */
};

static double key_value(const struct live_rate *r, enum mover_key k)
{
	return k == MK_CALLS ? r->calls_s : k == MK_CUM ? r->ct_s : r->tt_s;
}

/* qsort has no context argument: the rows are sorted one view at a time. */
static const struct movers *sorting;

static int by_key(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	double vx = key_value(live_rate_of(sorting->live, x), sorting->key);
	double vy = key_value(live_rate_of(sorting->live, y), sorting->key);

	double tx, ty;

	if (vx != vy)
		return vx < vy ? 1 : -1;
	/* ties (the same rate) by tottime, as the table's rate sorts */
	tx = x < sorting->p->cap_stats ? sorting->p->stats[x].tt : 0;
	ty = y < sorting->p->cap_stats ? sorting->p->stats[y].tt : 0;
	if (tx != ty)
		return tx < ty ? 1 : -1;
	return (x > y) - (x < y);
}

/* Passes the table's filter (only known for full paths). */
static int shown_in_table(const struct tui *t, uint32_t id)
{
	const struct view *v = &t->table;

	if (!v->has_filter || v->p != v->full)
		return 1;
	return id < v->cap_match && v->match[id];
}

/* Rebuilds the rows from the newest rates, keeping the cursor's function. */
static void rebuild(struct tui *t, struct movers *m)
{
	uint32_t keep = m->n && m->pos.cursor < m->n ? m->ids[m->pos.cursor] : NO_ID;
	uint32_t id, nids;
	size_t i;

	m->live = tui_live_state(t);
	m->n = 0;
	if (!m->live)
		return;
	nids = m->live->nrates;
	if (nids > m->cap) {
		uint32_t *ni = realloc(m->ids, (size_t)nids * sizeof *ni);
		if (!ni)
			return;
		m->ids = ni;
		m->cap = nids;
	}
	for (id = 0; id < nids; id++) {
		const struct live_rate *r = live_rate_of(m->live, id);
		if ((r->dcalls || r->dtt != 0 || r->dct != 0) && shown_in_table(t, id))
			m->ids[m->n++] = id;
	}
	m->p = t->table.full;
	sorting = m;
	qsort(m->ids, m->n, sizeof *m->ids, by_key);
	m->pos.cursor = 0;
	for (i = 0; i < m->n; i++)
		if (m->ids[i] == keep)
			m->pos.cursor = i;
}

static int movers_open(struct tui *t, struct tui_view *tv, void *arg)
{
	struct movers *m;

	if (!tui_live_state(t)) {
		tui_message(t, 1, "movers: only in live mode (w or --watch)");
		return -1;
	}
	m = calloc(1, sizeof *m);
	if (!m) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	tv->data = m;
	return 0;
}

static void movers_close(struct tui *t, struct tui_view *tv)
{
	struct movers *m = tv->data;

	free(m->ids);
	free(m);
}

/* A sparkline of the last samples of calls/s, scaled to their maximum. */
static int sparkline(const struct tui *t, const struct live *l, uint32_t id, char *buf, size_t size)
{
	static const char *const blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = " .:-=+*#@";
	double h[SPARK_WIDTH], max = 0;
	size_t n = live_history(l, id, h, SPARK_WIDTH), i, len = 0;

	for (i = 0; i < n; i++)
		if (h[i] > max)
			max = h[i];
	for (i = 0; i < SPARK_WIDTH - n && len + 1 < size; i++)
		buf[len++] = ' ';
	for (i = 0; i < n; i++) {
		int level = max > 0 && h[i] > 0 ? 1 + (int)(h[i] / max * 7.999) : 0;
		const char *b = blocks[level];
		size_t bl = strlen(b);
		if (!t->utf8) {
			b = &ascii[level];
			bl = 1;
		}
		if (len + bl >= size)
			break;
		memcpy(buf + len, b, bl);
		len += bl;
	}
	buf[len] = 0;
	return (int)len;
}

enum { MC_CALLS_S, MC_DCALLS, MC_TIME_S, MC_CUM_S, MC_TREND, MC_NAME, MC_COUNT };
static const struct column_def mover_cols[MC_COUNT] = {
	{ "calls/s", 10, 4 }, { "calls", 9, 2 }, { "time/s", 9, 5 }, { "cumtime/s", 9, 3 },
	{ "calls/s trend", SPARK_WIDTH, 1 }, { "function", 0, 0 },
};

static int sort_column(enum mover_key k)
{
	return k == MK_CALLS ? MC_CALLS_S : k == MK_CUM ? MC_CUM_S : MC_TIME_S;
}

/* Every row's rates whole (columns.h). */
static void movers_layout(const struct movers *m, struct column_layout *lo)
{
	struct num_extent x[MC_COUNT];
	int order[MC_COUNT], w[MC_COUNT] = { 0 }, c;
	size_t i;

	for (c = 0; c < MC_COUNT; c++) {
		order[c] = c;
		extent_init(&x[c]);
	}
	for (i = 0; i < m->n; i++) {
		const struct live_rate *r = live_rate_of(m->live, m->ids[i]);
		extent_add(&x[MC_CALLS_S], r->calls_s);
		width_max(&w[MC_DCALLS], int_width(r->dcalls));
		extent_add(&x[MC_TIME_S], r->tt_s);
		extent_add(&x[MC_CUM_S], r->ct_s);
	}
	w[MC_CALLS_S] = extent_width(&x[MC_CALLS_S], 1, 0);
	w[MC_TIME_S] = extent_width(&x[MC_TIME_S], 4, 0);
	w[MC_CUM_S] = extent_width(&x[MC_CUM_S], 4, 0);
	columns_layout(lo, mover_cols, order, MC_COUNT, w, sort_column(m->key), COLS,
		       COLS / 2 < 30 ? COLS / 2 : 30);
}

static void draw_cell(const struct column_layout *lo, int c, int y, int attr, const char *buf, int n)
{
	if (lo->shown[c])
		draw_text(y, lo->x[c], lo->width[c], buf, draw_len(n, 400), attr, 0);
}

static void draw_row(struct tui *t, struct movers *m, const struct column_layout *lo, int y, size_t row)
{
	uint32_t id = m->ids[row], len;
	const struct live_rate *r = live_rate_of(m->live, id);
	int attr = row == m->pos.cursor ? tui_attr(t, TC_CURSOR) : 0, n;
	char buf[400];
	const char *name;

	draw_fill(y, 0, COLS, attr);
	n = snprintf(buf, sizeof buf, "%*.1f", lo->width[MC_CALLS_S], r->calls_s);
	draw_cell(lo, MC_CALLS_S, y, attr, buf, n);
	n = snprintf(buf, sizeof buf, "%*" PRId64, lo->width[MC_DCALLS], r->dcalls);
	draw_cell(lo, MC_DCALLS, y, attr, buf, n);
	n = snprintf(buf, sizeof buf, "%*.4f", lo->width[MC_TIME_S], r->tt_s);
	draw_cell(lo, MC_TIME_S, y, attr, buf, n);
	n = snprintf(buf, sizeof buf, "%*.4f", lo->width[MC_CUM_S], r->ct_s);
	draw_cell(lo, MC_CUM_S, y, attr, buf, n);
	n = sparkline(t, m->live, id, buf, sizeof buf);
	draw_cell(lo, MC_TREND, y, attr, buf, n);
	name = names_std(t->table.full->names, id, &len);
	if (lo->shown[MC_NAME])
		draw_text(y, lo->x[MC_NAME], lo->text_width, name, len, attr, DRAW_ELLIPSIS_LEFT);
}

static void movers_draw(struct tui *t, struct tui_view *tv)
{
	struct movers *m = tv->data;
	struct status_line s;
	char buf[512], line[STATUS_PARTS_MAX * (STATUS_PART_MAX + 8)];
	size_t i, len, h = LINES > 4 ? (size_t)LINES - 4 : 1;
	struct column_layout lo;
	int n, y;

	rebuild(t, m);
	if (!m->live) {
		tui_pop(t);     /* watching stopped under us */
		return;
	}
	list_set_count(&m->pos, m->n);
	list_set_height(&m->pos, h);
	n = snprintf(buf, sizeof buf, "Top movers over the last %.1f s, by %s%s",
		     (double)m->live->span_ms / 1000.0, key_names[m->key],
		     t->table.has_filter ? " (the table's filter applies)" : "");
	move(0, 0);
	clrtoeol();
	draw_text(0, 0, COLS, buf, draw_len(n, sizeof buf), A_BOLD, 0);
	movers_layout(m, &lo);
	draw_column_titles(t, 1, mover_cols, &lo, MC_COUNT, sort_column(m->key), 0);
	for (i = 0, y = 2; i < h && y < LINES - 2; i++, y++) {
		if (m->pos.top + i < m->n) {
			draw_row(t, m, &lo, y, m->pos.top + i);
		} else {
			move(y, 0);
			clrtoeol();
			if (i == 0 && m->n == 0)
				draw_text(y, 0, COLS, "  nothing moved", 15, A_DIM, 0);
		}
	}
	s.n = 0;
	status_add(&s, SP_POSITION, "", " %zu/%zu", m->n ? m->pos.cursor + 1 : 0, m->n);
	tui_live_status_parts(t, &s);
	len = tui_status_fit(t, &s, line, sizeof line);
	draw_fill(LINES - 2, 0, COLS, tui_attr(t, TC_STATUS));
	draw_text(LINES - 2, 0, COLS, line, len, tui_attr(t, TC_STATUS), 0);
}

static void open_detail(struct tui *t, struct movers *m)
{
	uint32_t id;

	if (!m->n)
		return;
	id = m->ids[m->pos.cursor];
	/* The drill-down reads the table's profile: its ids when paths are
	 * short or unique (a unique one went through the short map). */
	id = view_shown_id(&t->table, t->table.path, id);
	if (id != NO_ID)
		tui_open(t, TV_DETAIL, &id);
}

static int movers_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct movers *m = tv->data;

	if (list_action(&m->pos, a))
		return 1;
	switch (a) {
	case ACT_SORT_NEXT: case ACT_REVERSE: m->key = (m->key + 1) % MK_COUNT; break;
	case ACT_SORT_PREV: m->key = (m->key + MK_COUNT - 1) % MK_COUNT; break;
	case ACT_ENTER: open_detail(t, m); break;
	case ACT_MOVERS: tui_pop(t); break;
	default: return 0;
	}
	return 1;
}

static int movers_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct movers *m = tv->data;

	return list_mouse(&m->pos, ev, 2);
}

static const char *movers_hints(struct tui *t, struct tui_view *tv)
{
	return "q back  Enter drill down  < > sort by time/s, calls/s, cumtime/s  z baseline  P pause";
}

const struct tui_view_ops movers_view_ops = {
	.name = "movers",
	.open = movers_open,
	.close = movers_close,
	.draw = movers_draw,
	.request = movers_request,
	.event = movers_event,
	.hints = movers_hints,
};
