/*
 * The source view: a function's file around its line, the line marked,
 * scrolled like a pager; and the editor (o), run with curses suspended.
 * What a file holds is drawn through draw_text like a name from a dump:
 * its control bytes never reach the terminal.
 */
#include "autoconfig.h"

#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/config.h"
#include "proftop/source.h"
#include "proftop/source_view.h"

#define TAB_WIDTH 8
#define NOTES_MAX 8

struct source_view {
	uint32_t id;                  /* of the full profile */
	long line;                    /* as recorded, 0 for none */
	struct source_where where;
	struct source_text text;
	char *notes[NOTES_MAX];       /* shown instead of lines: why there are none */
	int nnotes;
	long top;                     /* index into text.rows; -1: not placed yet */
};

static struct names *names_of(struct tui *t)
{
	return t->table.full->names;
}

static long recorded_line(struct tui *t, uint32_t id)
{
	int64_t l = names_of(t)->keys[id].line;

	return l > 0 && l < (int64_t)1 << 40 ? (long)l : 0;
}

/* ---- the path map ---- */

int tui_source_setup(struct tui *t, const struct options *o)
{
	const struct config *cfg = o->config;
	struct err e;
	const char *p;
	size_t i;

	for (i = 0; i < o->npath_maps; i++)
		if (path_map_add(&t->path_map, o->path_maps[i], &e) < 0)
			goto fail;
	for (p = cfg ? cfg->path_map : NULL; cfg && p < cfg->path_map + cfg->path_map_len; p += strlen(p) + 1)
		if (path_map_add(&t->path_map, p, &e) < 0)
			goto fail;
	return 0;
fail:
	fprintf(stderr, "proftop: path map: %s\n", e.msg);
	return -1;
}

void tui_source_free(struct tui *t)
{
	path_map_free(&t->path_map);
}

/* ---- which function, and whether it has a file ---- */

/* A message when the function has no file to look for: 1, else 0. */
static int no_source(struct tui *t, uint32_t id)
{
	struct names *n = names_of(t);
	const char *file = func_file(n, id), *std;
	uint32_t len;

	switch (source_kind_of(file, func_name(n, id))) {
	case SOURCE_BUILTIN:
		std = names_std(n, id, &len);
		tui_message(t, 0, "no source: %.*s is built into Python", (int)len, std);
		return 1;
	case SOURCE_NOT_FILE:
		tui_message(t, 0, "no source: %s is not a file (code compiled from a string, or frozen)", file);
		return 1;
	default:
		return 0;
	}
}

static void run_editor(struct tui *t, const char *path, long line)
{
	const char *editor = source_editor();
	struct err e;
	int rc;

	/* the editor gets the terminal as the shell left it */
	def_prog_mode();
	endwin();
	rc = editor_run(editor, path, line, &e);
	/* the next refresh resumes curses; all of it is drawn again */
	clearok(curscr, TRUE);
	refresh();
	if (rc < 0)
		tui_message(t, 1, "%s", e.msg);
}

static void tried_message(struct tui *t, const char *recorded, const struct source_where *w)
{
	if (w->ntried > 1)
		tui_message(t, 1, "not on this machine: %s, %s", w->tried[0].path, w->tried[1].path);
	else
		tui_message(t, 1, "not on this machine: %s (--path-map OLD=NEW maps it to a checkout)",
			    recorded);
}

static void edit_function(struct tui *t, uint32_t id)
{
	struct source_where w;
	const char *file = func_file(names_of(t), id);

	if (no_source(t, id))
		return;
	if (source_locate(&t->path_map, file, &w) < 0) {
		tried_message(t, file, &w);
		return;
	}
	run_editor(t, w.path, recorded_line(t, id));
}

int tui_source_action(struct tui *t, enum action a, enum path_mode mode, uint32_t id)
{
	if (a != ACT_SOURCE && a != ACT_EDIT)
		return 0;
	if (id != NO_ID)
		id = view_full_id(&t->table, mode, id);
	if (id == NO_ID) {
		tui_message(t, 0, "no function selected");
		return 1;
	}
	if (a == ACT_EDIT)
		edit_function(t, id);
	else if (!no_source(t, id))
		tui_push(t, &source_view_ops, &id);
	return 1;
}

/* ---- the view ---- */

static int add_note(struct source_view *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_note(struct source_view *sv, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (sv->nnotes == NOTES_MAX)
		return 0;
	va_start(ap, fmt);
	rc = vasprintf(&sv->notes[sv->nnotes], fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -1;
	sv->nnotes++;
	return 0;
}

static int missing_notes(struct source_view *sv)
{
	int i, rc = add_note(sv, "The file is not on this machine. Tried:");

	for (i = 0; i < sv->where.ntried; i++)
		rc |= add_note(sv, "  %s: %s", sv->where.tried[i].path, strerror(sv->where.tried[i].errnum));
	rc |= add_note(sv, " ");
	rc |= add_note(sv, "--path-map OLD=NEW (or path-map: in the configuration) reads the files "
		       "recorded under directory OLD from NEW here.");
	return rc;
}

static int load(struct tui *t, struct source_view *sv)
{
	const char *file = func_file(names_of(t), sv->id);
	struct err e;
	char msg[ERR_MSG_MAX + 300];

	if (source_locate(&t->path_map, file, &sv->where) < 0)
		return missing_notes(sv);
	if (source_read(sv->where.path, sv->line, &sv->text, &e) < 0) {
		err_format(&e, msg, sizeof msg);
		return add_note(sv, "%s", msg);
	}
	if (!sv->text.nrows)
		return add_note(sv, "The file is empty.");
	return 0;
}

static void free_view(struct source_view *sv)
{
	int i;

	source_text_free(&sv->text);
	for (i = 0; i < sv->nnotes; i++)
		free(sv->notes[i]);
	free(sv);
}

static int source_open(struct tui *t, struct tui_view *tv, void *arg)
{
	struct source_view *sv = calloc(1, sizeof *sv);

	if (!sv) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	sv->id = *(const uint32_t *)arg;
	sv->line = recorded_line(t, sv->id);
	sv->top = -1;
	if (load(t, sv) < 0) {
		free_view(sv);
		tui_message(t, 1, "out of memory");
		return -1;
	}
	tv->data = sv;
	return 0;
}

static void source_close(struct tui *t, struct tui_view *tv)
{
	free_view(tv->data);
}

static long body_height(void)
{
	return LINES > 3 ? LINES - 3 : 1;
}

/* The line asked for as an index into text.rows; -1 when not read. */
static long marked_index(const struct source_view *sv)
{
	long i = sv->line - sv->text.first;

	return sv->line > 0 && i >= 0 && (size_t)i < sv->text.nrows ? i : -1;
}

static void clamp_top(struct source_view *sv)
{
	long max = (long)sv->text.nrows - body_height();

	if (sv->top > max)
		sv->top = max;
	if (sv->top < 0)
		sv->top = 0;
}

/* First drawn: the marked line a quarter down the page (the code after a
 * def line is what one wants to read), or the file's end it is past. */
static void place(struct source_view *sv)
{
	long i = marked_index(sv);

	if (sv->top >= 0)
		return;
	if (i >= 0)
		sv->top = i - body_height() / 4;
	else if (sv->line > sv->text.first)
		sv->top = (long)sv->text.nrows;
	else
		sv->top = 0;
	clamp_top(sv);
}

/* Bytes of s that fit in width columns (one unit at least), up to the
 * last space that fits when s goes on past them. */
static size_t bytes_within(const char *s, size_t len, int width)
{
	size_t i = 0, space = 0;
	int used = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		int w;
		if (!n)
			n = 1;
		w = text_width(s + i, n);
		if (used + w > width && i)
			return space ? space : i;
		if (s[i] == ' ')
			space = i + 1;
		used += w;
		i += n;
	}
	return i;
}

/* Tabs to the next multiple of TAB_WIDTH columns, counted as drawn. */
static size_t expand_tabs(const char *s, size_t len, char *out, size_t size)
{
	size_t i, seg = 0, o = 0;
	int col = 0;

	for (i = 0; i < len && o < size; i++) {
		int pad;
		if (s[i] != '\t') {
			out[o++] = s[i];
			continue;
		}
		col += text_width(s + seg, i - seg);
		for (pad = TAB_WIDTH - col % TAB_WIDTH; pad > 0 && o < size; pad--, col++)
			out[o++] = ' ';
		seg = i + 1;
	}
	return o;
}

static void draw_ellipsis(struct tui *t, int y, int x, int attr)
{
	const char *e = t->utf8 ? "\u2026" : "~";

	draw_text(y, x, 1, e, strlen(e), attr, 0);
}

/* One line of code: tabs expanded, a line longer than the room (or cut on
 * reading) ends in an ellipsis. */
static void draw_code(struct tui *t, int y, int x, const struct source_line *l, const char *bytes,
		      int attr)
{
	static char buf[SOURCE_LINE_MAX * TAB_WIDTH];
	int width = COLS - x, used;
	size_t n = expand_tabs(bytes + l->off, l->len, buf, sizeof buf);

	if (width <= 0)
		return;
	if (!l->cut && text_width(buf, n) <= width) {
		draw_text(y, x, width, buf, n, attr, 0);
		return;
	}
	used = draw_text(y, x, width - 1, buf, n, attr, 0);
	draw_ellipsis(t, y, x + used, attr);
}

static int digits(long n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static void draw_lines(struct tui *t, struct source_view *sv, int y0, long h)
{
	const struct source_text *st = &sv->text;
	long mark = marked_index(sv), r;
	int w = digits(st->first + (long)st->nrows - 1);

	for (r = 0; r < h; r++) {
		long i = sv->top + r;
		int y = y0 + (int)r, attr = i == mark ? (int)A_BOLD : (int)A_NORMAL, x;
		char num[40];
		move(y, 0);
		clrtoeol();
		if (i >= (long)st->nrows)
			continue;
		snprintf(num, sizeof num, "%s %*ld  ", i == mark ? (t->utf8 ? "\u25b6" : ">") : " ", w,
			 st->first + i);
		x = draw_text(y, 0, COLS, num, strlen(num), i == mark ? (int)A_BOLD : (int)A_DIM, 0);
		draw_code(t, y, x, &st->rows[i], st->bytes, attr);
	}
}

/* Notes wrap at the screen's width: a path must be read whole to be mapped. */
static void draw_notes(struct source_view *sv, int y0, long h)
{
	int y = y0, i;

	for (i = 0; i < sv->nnotes && y < y0 + h; i++) {
		const char *s = sv->notes[i];
		size_t len = strlen(s);
		do {
			size_t take = bytes_within(s, len, COLS);
			move(y, 0);
			clrtoeol();
			draw_text(y, 0, COLS, s, take, A_NORMAL, 0);
			s += take;
			len -= take;
			while (len && *s == ' ') {
				s++;
				len--;
			}
			y++;
		} while (len && y < y0 + h);
	}
	for (; y < y0 + h; y++) {
		move(y, 0);
		clrtoeol();
	}
}

static void draw_title(struct tui *t, struct source_view *sv)
{
	struct names *n = names_of(t);
	const char *path = sv->where.path[0] ? sv->where.path : func_file(n, sv->id);
	char buf[PATH_MAX + 600];
	int k = snprintf(buf, sizeof buf, "%s:%ld  %s", path, sv->line, func_name(n, sv->id));
	int attr = tui_attr(t, TC_TITLE);

	draw_fill(0, 0, COLS, attr);
	draw_text(0, 0, COLS, buf, draw_len(k, sizeof buf), attr, DRAW_ELLIPSIS_LEFT);
}

static void draw_status(struct tui *t, struct source_view *sv)
{
	const struct source_text *st = &sv->text;
	char buf[PATH_MAX + 300];
	int k = 0, attr = tui_attr(t, TC_STATUS);
	long last = sv->top + body_height();

	if (last > (long)st->nrows)
		last = (long)st->nrows;
	if (st->nrows) {
		k = snprintf(buf, sizeof buf, " source  lines %ld-%ld of ", st->first + sv->top, st->first + last - 1);
		k += st->total >= 0 ? snprintf(buf + k, sizeof buf - (size_t)k, "%ld", st->total)
				    : snprintf(buf + k, sizeof buf - (size_t)k, "more");
		if (sv->line > 0 && marked_index(sv) < 0 && st->total >= 0 && sv->line > st->total)
			k += snprintf(buf + k, sizeof buf - (size_t)k,
				      "  line %ld is past the end: the file changed since the profile?", sv->line);
	} else {
		k = snprintf(buf, sizeof buf, " source");
	}
	if (sv->where.mapped)
		k += snprintf(buf + k, sizeof buf - (size_t)k, "  recorded as %s", func_file(names_of(t), sv->id));
	draw_fill(LINES - 2, 0, COLS, attr);
	draw_text(LINES - 2, 0, COLS, buf, draw_len(k, sizeof buf), attr, 0);
}

static void source_draw(struct tui *t, struct tui_view *tv)
{
	struct source_view *sv = tv->data;
	long h = body_height();

	draw_title(t, sv);
	if (sv->nnotes) {
		draw_notes(sv, 1, h);
	} else {
		place(sv);
		clamp_top(sv);
		draw_lines(t, sv, 1, h);
	}
	if (LINES >= 3)
		draw_status(t, sv);
}

static int source_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct source_view *sv = tv->data;
	long page = body_height() > 1 ? body_height() - 1 : 1;

	place(sv);
	switch (a) {
	case ACT_MOVE_UP: sv->top--; break;
	case ACT_MOVE_DOWN: sv->top++; break;
	case ACT_PAGE_UP: sv->top -= page; break;
	case ACT_PAGE_DOWN: sv->top += page; break;
	case ACT_MOVE_FIRST: sv->top = 0; break;
	case ACT_MOVE_LAST: sv->top = (long)sv->text.nrows; break;
	case ACT_SOURCE: tui_pop(t); return 1;
	case ACT_EDIT:
		if (sv->where.path[0])
			run_editor(t, sv->where.path, sv->line);
		else
			tried_message(t, func_file(names_of(t), sv->id), &sv->where);
		return 1;
	default: return 0;
	}
	clamp_top(sv);
	return 1;
}

static int source_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct source_view *sv = tv->data;

	if (ev->key != TK_MOUSE)
		return 0;
	if (ev->mouse == MOUSE_WHEEL_UP)
		sv->top -= LIST_WHEEL_LINES;
	else if (ev->mouse == MOUSE_WHEEL_DOWN)
		sv->top += LIST_WHEEL_LINES;
	clamp_top(sv);
	return 1;
}

static const char *source_hints(struct tui *t, struct tui_view *tv)
{
	return "Up/Down/PgUp/PgDn/Home/End scroll  o edit  q back";
}

const struct tui_view_ops source_view_ops = {
	.name = "source",
	.open = source_open,
	.close = source_close,
	.draw = source_draw,
	.request = source_request,
	.event = source_event,
	.hints = source_hints,
};
