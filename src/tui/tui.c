/*
 * The view stack, the message line, actions and `:` commands: the floor of
 * the curses layer.  It opens other files' views only by kind (tui_open)
 * and leaves unhandled actions to the application (app.c), so no view's
 * file and this one call each other.
 */
#include "autoconfig.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/pstats_load.h"
#include "proftop/tui.h"

int tui_show_files(struct tui *t, char *const *files, size_t n)
{
	struct err e;
	int rc;

	err_clear(&e);
	profile_free(&t->profile);
	profile_init(&t->profile, &t->names);
	rc = pstats_load_files(&t->profile, files, n, &e);
	if (view_refresh(&t->table, &e) < 0 || rc < 0) {
		tui_error(t, &e);
		return -1;
	}
	view_move_to(&t->table, 0);
	return tui_open(t, TV_TABLE, NULL);
}

void tui_error_about(struct tui *t, const char *what, const struct err *e)
{
	char *s = err_string(e);

	if (what)
		tui_message(t, 1, "%s: %s", what, s ? s : e->msg);
	else
		tui_message(t, 1, "%s", s ? s : e->msg);
	free(s);
}

void tui_error(struct tui *t, const struct err *e)
{
	tui_error_about(t, NULL, e);
}

void tui_report(struct tui *t, int rc, const struct err *e)
{
	if (rc < 0)
		tui_error(t, e);
}

void tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof t->message, fmt, ap);
	va_end(ap);
	t->message_error = error;
}

struct tui_view *tui_top(struct tui *t)
{
	return &t->stack[t->depth - 1];
}

int tui_push(struct tui *t, const struct tui_view_ops *ops, void *arg)
{
	struct tui_view *tv;

	if (t->depth == TUI_STACK_MAX) {
		tui_message(t, 1, "too many views open");
		return -1;
	}
	tv = &t->stack[t->depth];
	tv->ops = ops;
	tv->data = NULL;
	if (ops->open && ops->open(t, tv, arg) < 0)
		return -1;
	t->depth++;
	return 0;
}

/* Another file's view, from the application's table of them. */
int tui_open(struct tui *t, enum tui_view_kind kind, void *arg)
{
	return tui_push(t, t->views[kind], arg);
}

void tui_pop(struct tui *t)
{
	struct tui_view *tv;

	if (t->depth <= 1)
		return;
	tv = &t->stack[--t->depth];
	if (tv->ops->close)
		tv->ops->close(t, tv);
	clear();
}

void tui_action(struct tui *t, enum action a, const char *arg)
{
	struct tui_view *top = tui_top(t);

	if (a == ACT_NONE)
		return;
	if (top->ops->request && top->ops->request(t, top, a, arg))
		return;
	t->default_action(t, a, arg);
}

void tui_command(struct tui *t, const char *line)
{
	char name[64];
	const char *arg;
	size_t n;
	enum action a;

	line += strspn(line, " \t");
	n = strcspn(line, " \t");
	if (n == 0)
		return;
	snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), line);
	arg = line + n;
	arg += strspn(arg, " \t");
	a = action_by_name(name);
	if (a == ACT_NONE) {
		tui_message(t, 1, "unknown command '%s' (? lists them)", name);
		return;
	}
	if (*arg && !action_defs[a].arg) {
		tui_message(t, 1, "%s takes no argument", name);
		return;
	}
	if (a != ACT_SAVE_DISPLAY)     /* a saved screen shows the last message */
		t->message[0] = 0;
	tui_action(t, a, *arg ? arg : (action_defs[a].arg ? "" : NULL));
}

