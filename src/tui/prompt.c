/* The prompt line: filter (applied as you type), search (incremental) and
 * the `:` command line, each with its own history.  A prompt starts empty:
 * what is typed replaces the last pattern, never extends it; Up recalls it. */
#include "autoconfig.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "proftop/tui.h"

static const char *const prompt_label[PROMPT_COUNT] = {
	[PROMPT_FILTER] = "filter: ", [PROMPT_SEARCH] = "/", [PROMPT_COMMAND] = ":",
};

void prompt_open(struct tui *t, enum prompt_kind kind)
{
	const char *current = "";

	if (kind == PROMPT_FILTER)
		current = t->table.filter;
	else if (kind == PROMPT_SEARCH)
		current = t->table.search;
	/* the pattern in force (from --filter or :filter too) is the first
	 * one Up brings back */
	history_add(&t->history[kind], current);
	snprintf(t->prompt_saved, sizeof t->prompt_saved, "%s", current);
	t->prompt_saved_pos = t->table.pos;
	t->prompt = kind;
	t->prompt_error[0] = 0;
	t->message[0] = 0;
	lineedit_start(&t->edit, "", &t->history[kind]);
}

static void set_error(struct tui *t, const struct err *e, const char *text)
{
	if (e->offset >= 0)
		snprintf(t->prompt_error, sizeof t->prompt_error, "%.200s at offset %lld", e->msg, e->offset);
	else
		snprintf(t->prompt_error, sizeof t->prompt_error, "%.200s", e->msg);
}

/* What a change of the text does at once: filter and search apply live. */
static void apply_live(struct tui *t)
{
	struct view *v = &t->table;
	struct err e;
	int rc = 0;

	err_clear(&e);
	t->prompt_error[0] = 0;
	if (t->prompt == PROMPT_FILTER) {
		rc = view_set_filter(v, t->edit.text, &e);
	} else if (t->prompt == PROMPT_SEARCH) {
		view_move_to(v, t->prompt_saved_pos.cursor);
		rc = view_search(v, t->edit.text, 1, &e);
		if (rc == 0 && t->edit.text[0])
			snprintf(t->prompt_error, sizeof t->prompt_error, "no match");
	}
	if (rc < 0)
		set_error(t, &e, t->edit.text);
}

/* Puts back the pattern and the rows as they were when the prompt opened. */
static void restore(struct tui *t)
{
	struct view *v = &t->table;
	struct err e;

	err_clear(&e);
	if (t->prompt == PROMPT_FILTER && strcmp(v->filter, t->prompt_saved) != 0)
		view_set_filter(v, t->prompt_saved, &e);
	else if (t->prompt == PROMPT_SEARCH)
		view_search(v, t->prompt_saved, 1, &e);
	/* the same rows as then: the same place in them */
	v->pos = t->prompt_saved_pos;
	view_move_to(v, v->pos.cursor);
}

static void cancel(struct tui *t)
{
	restore(t);
	t->prompt = PROMPT_NONE;
}

/* Enter on a pattern that does not compile: what was in force before the
 * prompt opened stays, not the last prefix of the typing that compiled. */
static void refuse(struct tui *t, enum prompt_kind kind)
{
	const char *what = kind == PROMPT_FILTER ? "filter" : "search";

	restore(t);
	if (t->prompt_saved[0])
		tui_message(t, 1, "%s; the %s is still %s", t->prompt_error, what, t->prompt_saved);
	else
		tui_message(t, 1, "%s; no %s set", t->prompt_error, what);
}

/* Enter takes what the prompt shows, typed or not: an empty line clears
 * the filter. */
static void commit_filter(struct tui *t, const char *line)
{
	struct err e;

	err_clear(&e);
	if (view_set_filter(&t->table, line, &e) < 0)
		tui_message(t, 1, "%.400s", e.msg);
}

static void accept(struct tui *t)
{
	enum prompt_kind kind = t->prompt;
	char line[LINE_MAX_BYTES];

	snprintf(line, sizeof line, "%s", t->edit.text);
	history_add(&t->history[kind], line);
	if (kind != PROMPT_COMMAND && t->prompt_error[0] && strcmp(t->prompt_error, "no match") != 0)
		refuse(t, kind);
	else if (kind == PROMPT_FILTER && strcmp(t->table.filter, line) != 0)
		commit_filter(t, line);
	t->prompt = PROMPT_NONE;
	if (kind == PROMPT_COMMAND)
		tui_command(t, line);
	else if (kind == PROMPT_SEARCH && strcmp(t->prompt_error, "no match") == 0)
		tui_message(t, 1, "no match for %s", line);
}

void prompt_flush(struct tui *t)
{
	if (t->live_stale && t->prompt != PROMPT_NONE)
		apply_live(t);
	t->live_stale = 0;
}

void prompt_key(struct tui *t, int key)
{
	switch (lineedit_key(&t->edit, key)) {
	case EDIT_CHANGED:
		t->live_stale = 1;
		if (!t->input_pending)
			prompt_flush(t);
		break;
	case EDIT_ACCEPT: prompt_flush(t); accept(t); break;
	case EDIT_CANCEL: t->live_stale = 0; cancel(t); break;
	default: break;
	}
}

void prompt_draw(struct tui *t)
{
	const char *label = prompt_label[t->prompt];
	int y = LINES - 1, lw = (int)strlen(label), avail, before, x;
	const char *text = t->edit.text;
	size_t start = 0;

	move(y, 0);
	clrtoeol();
	x = draw_text(y, 0, COLS, label, strlen(label), A_BOLD, 0);
	avail = COLS - lw - 1;
	if (t->prompt_error[0])
		avail -= (int)strlen(t->prompt_error) + 3;
	if (avail < 4)
		avail = COLS - lw - 1;
	/* Scroll so the cursor stays visible. */
	before = text_width(text, t->edit.cursor);
	while (before > avail && start < t->edit.cursor) {
		do
			start++;
		while (start < t->edit.cursor && ((unsigned char)text[start] & 0xC0) == 0x80);
		before = text_width(text + start, t->edit.cursor - start);
	}
	x += draw_text(y, x, avail, text + start, t->edit.len - start, A_NORMAL, 0);
	if (t->prompt_error[0] && COLS - x > 4) {
		char buf[320];
		int n = snprintf(buf, sizeof buf, "  [%s]", t->prompt_error);
		draw_text(y, x, COLS - x, buf, draw_len(n, sizeof buf), tui_attr(t, TC_ERROR), 0);
	}
	move(y, lw + before < COLS ? lw + before : COLS - 1);
}
