/* One frame: an event handled by the prompt, the top view or the keymap,
 * then the top view and the bottom line drawn. */
#include "autoconfig.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "proftop/util.h"
#include "proftop/tui.h"


/* The hints that fit whole: they are items split by two spaces, the most
 * useful first, so a narrow screen loses the last ones, never half of one. */
static size_t hints_fit(const char *h, int width)
{
	size_t fit = 0, end = 0, len = strlen(h);

	while (end < len) {
		const char *gap = strstr(h + end, "  ");
		size_t next = gap ? (size_t)(gap - h) : len;

		if (text_width(h, next) > width)
			break;
		fit = next;
		end = gap ? next + 2 : len;
	}
	return fit ? fit : len;
}

void tui_draw(struct tui *t)
{
	struct tui_view *top = tui_top(t);
	int y = LINES - 1;

	top->ops->draw(t, top);
	if (t->prompt != PROMPT_NONE) {
		prompt_draw(t);
		if (!t->headless)
			curs_set(1);
		return;
	}
	if (!t->headless)
		curs_set(0);
	move(y, 0);
	clrtoeol();
	if (t->message[0])
		draw_text(y, 0, COLS, t->message, strlen(t->message),
			  t->message_error ? tui_attr(t, TC_ERROR) : 0, 0);
	else if (top->ops->hints) {
		const char *h = top->ops->hints(t, top);
		draw_text(y, 0, COLS, h, hints_fit(h, COLS), A_NORMAL, 0);
	}
}

void tui_resized(struct tui *t)
{
	clear();
}

static const char *handle(struct tui *t, const struct tui_event *ev)
{
	static const char *const prompt_names[PROMPT_COUNT] = {
		"", "filter-prompt", "search-prompt", "command-prompt",
	};
	struct tui_view *top = tui_top(t);
	enum action a;
	char kb[16];

	if (ev->key == TK_RESIZE) {
		tui_resized(t);
		return "resize";
	}
	if (t->prompt != PROMPT_NONE && ev->key != TK_MOUSE) {
		const char *what = prompt_names[t->prompt];
		prompt_key(t, ev->key);
		return what;
	}
	t->message[0] = 0;
	if (top->ops->event && top->ops->event(t, top, ev))
		return "mouse";
	if (ev->key == TK_MOUSE)
		return "mouse";
	a = keymap_lookup(&t->keys, ev->key);
	if (a == ACT_NONE) {
		tui_message(t, 1, "%s is not bound to anything (? lists the keys)",
			    key_to_name(ev->key, kb, sizeof kb));
		return "unbound";
	}
	tui_action(t, a, NULL);
	return action_defs[a].name;
}

void tui_event(struct tui *t, const struct tui_event *ev)
{
	int64_t start = mono_us(), cpu = cpu_us();
	const char *what;

	if (ev->key == TK_MOUSE || ev->key == TK_RESIZE)
		prompt_flush(t);      /* the views see the text typed so far */
	what = handle(t, ev);
	if (!t->input_pending)
		prompt_flush(t);
	if (!t->quit && !(t->input_pending && t->prompt != PROMPT_NONE))
		tui_draw(t);
	if (t->key_times)
		fprintf(t->key_times, "%s %lld %lld\n", what, (long long)(mono_us() - start),
			(long long)(cpu_us() - cpu));
}
