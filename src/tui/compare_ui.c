/* Path modes, hiding and shares on the table; the door to the diff view. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "proftop/compare_ui.h"

static int path_request(struct tui *t, struct view *v, const char *arg)
{
	enum path_mode m = path_mode_next(v->path);
	struct err e;

	err_clear(&e);
	if (arg && *arg && path_mode_parse(arg, &m) < 0) {
		tui_message(t, 1, "path takes full, short or unique, not '%s'", arg);
		return 1;
	}
	tui_report(t, view_set_path(v, m, &e), &e);
	return 1;
}

/* x hides the selected function; :hide RE every match. */
static int hide_request(struct tui *t, struct view *v, const char *arg)
{
	uint32_t id = view_current(v);
	struct err e;
	long n;

	err_clear(&e);
	if (arg && *arg) {
		n = view_hide_matching(v, arg, &e);
		if (n < 0)
			tui_report(t, -1, &e);
		else
			tui_message(t, 0, "%ld function%s hidden (%zu in all; X shows them again)",
				    n, n == 1 ? "" : "s", v->nhidden);
		return 1;
	}
	if (id == NO_ID) {
		tui_message(t, 0, "no function selected");
		return 1;
	}
	view_hide_toggle(v, id);
	return 1;
}

static int percent_request(struct tui *t, struct view *v, const char *arg)
{
	int visible = !v->share_visible;

	if (arg && *arg) {
		if (strcmp(arg, "total") != 0 && strcmp(arg, "visible") != 0) {
			tui_message(t, 1, "percent takes total or visible, not '%s'", arg);
			return 1;
		}
		visible = strcmp(arg, "visible") == 0;
	}
	view_set_share(v, visible);
	tui_message(t, 0, "percentages of the %s", visible ? "visible functions' time" : "total time");
	return 1;
}

int compare_request(struct tui *t, struct view *v, enum action a, const char *arg)
{
	switch (a) {
	case ACT_PATH: return path_request(t, v, arg);
	case ACT_HIDE: return hide_request(t, v, arg);
	case ACT_UNHIDE:
		view_unhide_all(v);
		return 1;
	case ACT_PERCENT: return percent_request(t, v, arg);
	case ACT_DIFF:
		tui_diff_open(t, arg);
		return 1;
	default:
		return 0;
	}
}

int compare_status(const struct view *v, char *buf, size_t size)
{
	int n = 0;

	if (v->path != PATH_FULL)
		n += snprintf(buf + n, size - (size_t)n, "  paths: %s", path_mode_name(v->path));
	if (v->nhidden && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "  hidden: %zu", v->nhidden);
	if (v->share_visible && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "  %%: visible");
	return (size_t)n < size ? n : (int)size - 1;
}
