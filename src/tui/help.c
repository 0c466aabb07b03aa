/* The help screen, generated from the action and column tables. */
#include "autoconfig.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/tui.h"

/* The text is laid out for the screen's width: the key and command columns
 * as wide as their longest entry (within limits), each description wrapped
 * at spaces under its own column. */
struct help_line {
	char *text;
	int bold;
};

struct help {
	int top;
	int cols;                    /* the width the lines were laid out for */
	struct help_line *lines;
	int n, cap;
};

static void lines_free(struct help *h)
{
	int i;

	for (i = 0; i < h->n; i++)
		free(h->lines[i].text);
	free(h->lines);
	h->lines = NULL;
	h->n = h->cap = 0;
}

static int add_line(struct help *h, int bold, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_line(struct help *h, int bold, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (h->n == h->cap) {
		int ncap = h->cap ? 2 * h->cap : 128;
		struct help_line *nl = realloc(h->lines, (size_t)ncap * sizeof *nl);
		if (!nl)
			return -1;
		h->lines = nl;
		h->cap = ncap;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text)
		return -1;
	h->lines[h->n].text = text;
	h->lines[h->n++].bold = bold;
	return 0;
}

/* LEFT (already padded to `indent` columns) then TEXT wrapped into
 * `width` columns, the continuation lines indented by `indent`. */
static int add_wrapped(struct help *h, const char *left, int indent, const char *text, int width)
{
	size_t len = strlen(text);

	if (width < 16) {            /* too narrow for a column: below, indented */
		if (add_line(h, 0, "%s", left) < 0)
			return -1;
		indent = 2;
		width = h->cols - indent > 8 ? h->cols - indent : 8;
		left = "";
	}
	do {
		size_t take = len, i;
		if (utf8_width(text, len) > (size_t)width) {
			/* the last space within the width, else a hard cut */
			take = 0;
			for (i = 0; i < len && utf8_width(text, i + 1) <= (size_t)width; i++)
				if (text[i] == ' ')
					take = i;
			if (take == 0)
				take = i ? i : 1;
		}
		if (add_line(h, 0, "%-*s%.*s", indent, left, (int)take, text) < 0)
			return -1;
		left = "";
		text += take;
		len -= take;
		while (len && *text == ' ') {
			text++;
			len--;
		}
	} while (len);
	return 0;
}

/* Why a share can pass 100 %: the table, the detail view and the graph
 * (e, --dot) all show the same figure, uncapped. */
static const char *const percentages[] = {
	"%tot and %cum, the detail view's % and the graph's (e, --dot) are one figure: "
	"the time over the total pstats prints (\"in N seconds\", the sum of every "
	"function's own time), or over the visible functions' own time after %.",
	"A cumulative share can pass 100: a cumtime counts the time of every thread "
	"that ran the function (yappi, or threads profiled together); the profile "
	"module (yappi too) counts a recursive call's time again at each level; and "
	"cProfile can leave the outermost functions a little over 100 (time measured "
	"in a caller but in no function's own time). The figure is shown as measured; "
	"gprof2dot caps it at 100 %.",
};

static int add_percentages(struct help *h)
{
	size_t i;

	if (add_line(h, 0, " ") < 0 || add_line(h, 1, "Percentages") < 0)
		return -1;
	for (i = 0; i < sizeof percentages / sizeof *percentages; i++)
		if (add_wrapped(h, "", 0, percentages[i], h->cols) < 0)
			return -1;
	return 0;
}

static int layout(struct tui *t, struct help *h)
{
	char keys[128], cmd[128], left[300];
	int kw = 0, cw = 0, i, cap = COLS / 4 > 12 ? COLS / 4 : 12;

	lines_free(h);
	h->cols = COLS;
	for (i = 0; i < ACT_COUNT; i++) {
		const struct action_def *d = &action_defs[i];
		int w;
		keymap_keys_of(&t->keys, (enum action)i, keys, sizeof keys);
		w = (int)strlen(keys);
		kw = w > kw ? w : kw;
		w = 1 + (int)strlen(d->name) + (d->arg ? 1 + (int)strlen(d->arg) : 0);
		cw = w > cw ? w : cw;
	}
	kw = kw < cap ? kw : cap;
	cw = cw < cap ? cw : cap;
	if (add_line(h, 1, "Keys and :commands (q or Backspace leaves)") < 0)
		return -1;
	for (i = 0; i < ACT_COUNT; i++) {
		const struct action_def *d = &action_defs[i];
		keymap_keys_of(&t->keys, (enum action)i, keys, sizeof keys);
		snprintf(cmd, sizeof cmd, ":%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
		/* an entry wider than its column pushes the rest right */
		snprintf(left, sizeof left, "%-*s %-*s ", kw, keys, cw, cmd);
		if (add_wrapped(h, left, (int)strlen(left), d->help, COLS - (int)strlen(left)) < 0)
			return -1;
	}
	if (add_line(h, 0, " ") < 0 || add_line(h, 1, "Columns (click a title to sort by it)") < 0)
		return -1;
	for (i = 0; i < VCOL_COUNT; i++) {
		int w = (int)strlen(view_columns[i].title);
		kw = w > kw ? w : kw;
	}
	kw = kw < cap ? kw : cap;
	for (i = 0; i < VCOL_COUNT; i++) {
		snprintf(left, sizeof left, "%-*s ", kw, view_columns[i].title);
		if (add_wrapped(h, left, (int)strlen(left), view_columns[i].help,
				COLS - (int)strlen(left)) < 0)
			return -1;
	}
	return add_percentages(h);
}

static int help_open(struct tui *t, struct tui_view *tv, void *arg)
{
	struct help *h = calloc(1, sizeof *h);

	if (!h || layout(t, h) < 0) {
		if (h)
			lines_free(h);
		free(h);
		tui_message(t, 1, "out of memory");
		return -1;
	}
	tv->data = h;
	return 0;
}

static void help_close(struct tui *t, struct tui_view *tv)
{
	struct help *h = tv->data;

	lines_free(h);
	free(h);
}

static int page(void)
{
	return LINES > 2 ? LINES - 1 : 1;
}

static void clamp(struct help *h)
{
	int max = h->n - page();

	if (h->top > max)
		h->top = max;
	if (h->top < 0)
		h->top = 0;
}

static void help_draw(struct tui *t, struct tui_view *tv)
{
	struct help *h = tv->data;
	int y;

	/* after a resize: laid out again (kept as it was if memory runs out) */
	if (h->cols != COLS) {
		struct help fresh = { 0 };
		if (layout(t, &fresh) == 0) {
			lines_free(h);
			h->lines = fresh.lines;
			h->n = fresh.n;
			h->cap = fresh.cap;
			h->cols = fresh.cols;
		} else {
			lines_free(&fresh);
		}
	}
	clamp(h);
	for (y = 0; y < LINES - 1; y++) {
		const struct help_line *l = h->top + y < h->n ? &h->lines[h->top + y] : NULL;
		move(y, 0);
		clrtoeol();
		if (l)
			draw_text(y, 0, COLS, l->text, strlen(l->text), l->bold ? A_BOLD : 0, 0);
	}
}

static int help_request(struct tui *t, struct tui_view *tv, enum action a, const char *arg)
{
	struct help *h = tv->data;

	switch (a) {
	case ACT_MOVE_UP: h->top--; break;
	case ACT_MOVE_DOWN: h->top++; break;
	case ACT_PAGE_UP: h->top -= page() - 1; break;
	case ACT_PAGE_DOWN: h->top += page() - 1; break;
	case ACT_MOVE_FIRST: h->top = 0; break;
	case ACT_MOVE_LAST: h->top = h->n; break;
	case ACT_HELP: tui_pop(t); return 1;
	default: return 0;
	}
	clamp(h);
	return 1;
}

static int help_event(struct tui *t, struct tui_view *tv, const struct tui_event *ev)
{
	struct help *h = tv->data;

	if (ev->key != TK_MOUSE)
		return 0;
	if (ev->mouse == MOUSE_WHEEL_UP)
		h->top -= 3;
	else if (ev->mouse == MOUSE_WHEEL_DOWN)
		h->top += 3;
	clamp(h);
	return 1;
}

static const char *help_hints(struct tui *t, struct tui_view *tv)
{
	return "q back  Up/Down/PgUp/PgDn scroll";
}

const struct tui_view_ops help_view_ops = {
	.name = "help",
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.request = help_request,
	.event = help_event,
	.hints = help_hints,
};
