/* The help screen, generated from the action and column tables. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/tui.h"

struct help {
	int top;
};

/* Line i of the help text into buf; -1 past the end. */
static int help_line(struct tui *t, int i, char *buf, size_t size, int *bold)
{
	char keys[128], cmd[64];

	*bold = 0;
	if (i == 0) {
		*bold = 1;
		return snprintf(buf, size, "Keys and :commands (q or Backspace leaves)");
	}
	i--;
	if (i < ACT_COUNT) {
		const struct action_def *d = &action_defs[i];
		keymap_keys_of(&t->keys, (enum action)i, keys, sizeof keys);
		snprintf(cmd, sizeof cmd, ":%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
		return snprintf(buf, size, "%-14s %-20s %s", keys, cmd, d->help);
	}
	i -= ACT_COUNT;
	if (i == 0)
		return snprintf(buf, size, " ");
	if (i == 1) {
		*bold = 1;
		return snprintf(buf, size, "Columns (click a title to sort by it)");
	}
	i -= 2;
	if (i < VCOL_COUNT)
		return snprintf(buf, size, "%-14s %s", view_columns[i].title, view_columns[i].help);
	return -1;
}

static int help_count(void)
{
	return 1 + ACT_COUNT + 2 + VCOL_COUNT;
}

static int help_open(struct tui *t, struct tui_view *tv, void *arg)
{
	tv->data = calloc(1, sizeof(struct help));
	if (!tv->data) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	return 0;
}

static void help_close(struct tui *t, struct tui_view *tv)
{
	free(tv->data);
}

static int page(void)
{
	return LINES > 2 ? LINES - 1 : 1;
}

static void clamp(struct help *h)
{
	int max = help_count() - page();

	if (h->top > max)
		h->top = max;
	if (h->top < 0)
		h->top = 0;
}

static void help_draw(struct tui *t, struct tui_view *tv)
{
	struct help *h = tv->data;
	int y;

	clamp(h);
	for (y = 0; y < LINES - 1; y++) {
		char buf[512];
		int bold, n = help_line(t, h->top + y, buf, sizeof buf, &bold);
		move(y, 0);
		clrtoeol();
		if (n > 0)
			draw_text(y, 0, COLS, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1,
				  bold ? A_BOLD : 0, 0);
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
	case ACT_MOVE_LAST: h->top = help_count(); break;
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
