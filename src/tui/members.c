/*
 * An archive of dumps opens as the list of its members: name, size, calls
 * and total time.  Enter opens the selected dump (or the marked ones,
 * merged), `a` all of them; Back from the table returns to the list.
 */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/archive.h"
#include "proftop/input.h"
#include "proftop/pstats.h"
#include "proftop/tui.h"
#include "proftop/list.h"
#include "proftop/members.h"

#define TOP_LINES 3

struct members {
	char *path;                    /* the archive */
	struct archive_member *m;      /* its dumps only */
	size_t n;
	uint8_t *marked;
	size_t nmarked;
	struct tui_list list;          /* over m */
};

static int members_open(struct tui *t, struct tui_view *tv, void *arg)
{
	tv->data = arg;
	return 0;
}

static void members_close(struct tui *t, struct tui_view *tv)
{
	struct members *u = tv->data;

	archive_members_free(u->m, u->n);
	free(u->marked);
	free(u->path);
	free(u);
}

enum { MB_MARK, MB_BYTES, MB_CALLS, MB_SECONDS, MB_NAME, MB_COLS };
static const struct column_def member_cols[MB_COLS] = {
	{ "", 1, 4 }, { "bytes", 12, 1 }, { "calls", 12, 2 }, { "seconds", 10, 3 }, { "member", 0, 0 },
};

/* Every member's figures whole (columns.h). */
static void members_layout(const struct members *u, struct column_layout *lo)
{
	struct num_extent secs;
	int order[MB_COLS] = { 0, 1, 2, 3, 4 }, w[MB_COLS] = { 0 };
	size_t i;

	extent_init(&secs);
	for (i = 0; i < u->n; i++) {
		const struct archive_member *m = &u->m[i];
		width_max(&w[MB_BYTES], int_width(m->size));
		if (m->decoded) {
			width_max(&w[MB_CALLS], int_width(m->calls));
			extent_add(&secs, m->total_tt);
		}
	}
	w[MB_SECONDS] = extent_width(&secs, 3, 0);
	columns_layout(lo, member_cols, order, MB_COLS, w, -1, COLS, COLS / 2 < 30 ? COLS / 2 : 30);
}

static void draw_row(struct tui *t, const struct members *u, const struct column_layout *lo, int y, size_t i)
{
	const struct archive_member *m = &u->m[i];
	int attr = i == u->list.cursor ? tui_attr(t, TC_CURSOR) : (int)A_NORMAL;
	char buf[360];

	draw_fill(y, 0, COLS, attr);
	draw_column_text(lo, MB_MARK, y, attr, u->marked[i] ? "*" : " ");
	snprintf(buf, sizeof buf, "%lld", m->size);
	draw_column_text(lo, MB_BYTES, y, attr, buf);
	snprintf(buf, sizeof buf, "%" PRId64, m->calls);
	draw_column_text(lo, MB_CALLS, y, attr, m->decoded ? buf : "-");
	snprintf(buf, sizeof buf, "%.3f", m->total_tt);
	draw_column_text(lo, MB_SECONDS, y, attr, m->decoded ? buf : "-");
	if (lo->shown[MB_NAME])
		draw_text(y, lo->x[MB_NAME], lo->text_width, m->name, strlen(m->name), attr, DRAW_ELLIPSIS_LEFT);
}

static void members_draw(struct tui *t, struct tui_view *tv)
{
	struct members *u = tv->data;
	size_t i;
	char buf[512];
	struct column_layout lo;
	int n, y;

	list_set_count(&u->list, u->n);
	list_set_height(&u->list, LINES > TOP_LINES + 2 ? (size_t)(LINES - TOP_LINES - 2) : 1);
	move(0, 0);
	clrtoeol();
	draw_text(0, 0, COLS, u->path, strlen(u->path), A_BOLD, DRAW_ELLIPSIS_LEFT);
	n = snprintf(buf, sizeof buf, "%zu dumps in this archive: Enter opens one (or the marked ones, merged), m marks, a opens all",
		     u->n);
	move(1, 0);
	clrtoeol();
	draw_text(1, 0, COLS, buf, (size_t)n, A_NORMAL, 0);
	members_layout(u, &lo);
	draw_column_titles(t, 2, member_cols, &lo, MB_COLS, -1, 0);
	for (i = 0, y = TOP_LINES; y < LINES - 2; i++, y++) {
		if (u->list.top + i < u->n) {
			draw_row(t, u, &lo, y, u->list.top + i);
		} else {
			move(y, 0);
			clrtoeol();
		}
	}
	if (LINES >= TOP_LINES + 2) {
		n = snprintf(buf, sizeof buf, " %zu/%zu  members  %zu marked", u->n ? u->list.cursor + 1 : 0, u->n,
			     u->nmarked);
		draw_fill(LINES - 2, 0, COLS, tui_attr(t, TC_STATUS));
		draw_text(LINES - 2, 0, COLS, buf, (size_t)n, tui_attr(t, TC_STATUS), 0);
	}
}

/* Loads the chosen members, merged as pstats merges files, into the table. */
static void open_members(struct tui *t, struct members *u, int all)
{
	char **specs = calloc(u->n + 1, sizeof *specs);
	size_t i, k = 0;
	int rc = 0;

	if (!specs) {
		tui_message(t, 1, "out of memory");
		return;
	}
	for (i = 0; i < u->n && rc == 0; i++) {
		if (!(all || (u->nmarked ? u->marked[i] : i == u->list.cursor)))
			continue;
		size_t size = strlen(u->path) + strlen(u->m[i].name) + 2;
		if (!(specs[k] = malloc(size)))
			rc = -1;
		else
			snprintf(specs[k++], size, "%s:%s", u->path, u->m[i].name);
	}
	if (rc < 0)
		tui_message(t, 1, "out of memory");
	else if (tui_show_files(t, specs, k) == 0)
		tui_message(t, 0, "%zu of %zu dumps", k, u->n);
	for (i = 0; i < k; i++)
		free(specs[i]);
	free(specs);
}

static int members_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct members *u = tv->data;
	size_t c = u->list.cursor;

	if (list_action(&u->list, a))
		return 1;
	switch (a) {
	case ACT_MARK:
		u->marked[c] = !u->marked[c];
		u->nmarked += u->marked[c] ? 1 : (size_t)-1;
		list_move(&u->list, 1);
		return 1;
	case ACT_ENTER: open_members(t, u, 0); return 1;
	case ACT_OPEN_ALL: open_members(t, u, 1); return 1;
	case ACT_BACK: case ACT_QUIT: t->quit = 1; return 1;
	default: return 0;
	}
}

static int members_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct members *u = tv->data;

	return list_mouse(&u->list, ev, TOP_LINES);
}

static const char *members_hints(struct tui *t, struct tui_view *tv)
{
	return "Enter open  m mark  a all  q quit";
}

static const struct tui_view_ops members_view_ops = {
	.name = "members",
	.open = members_open,
	.close = members_close,
	.draw = members_draw,
	.request = members_request,
	.event = members_event,
	.hints = members_hints,
};

int tui_members_start(struct tui *t, const struct options *o)
{
	struct archive_member *all;
	struct members *u;
	enum input_kind kind;
	size_t n, i;
	struct err e;

	err_clear(&e);
	if (o->nfiles != 1 || strchr(o->files[0], ':') || input_kind(o->files[0], &kind, &e) < 0 ||
	    kind == INPUT_PLAIN)
		return 0;
	if (archive_list(o->files[0], &all, &n, &e) < 0)
		return 0;            /* the table already said what was wrong */
	u = calloc(1, sizeof *u);
	if (!u || !(u->path = strdup(o->files[0])) || !(u->marked = calloc(n + 1, 1))) {
		if (u) {
			free(u->path);
			free(u);
		}
		archive_members_free(all, n);
		return -1;
	}
	/* only the dumps: the rest of an archive is not ours to open */
	for (i = 0; i < n; i++) {
		if (all[i].is_dump) {
			all[u->n++] = all[i];
		} else {
			free(all[i].name);
			free(all[i].error);
		}
	}
	u->m = all;
	list_set_count(&u->list, u->n);
	if (u->n < 2) {                 /* one dump: the table shows it already */
		archive_members_free(u->m, u->n);
		free(u->marked);
		free(u->path);
		free(u);
		return 0;
	}
	return tui_push(t, &members_view_ops, u);
}
