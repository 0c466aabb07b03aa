/* The configuration applied to the curses layer: key bindings, colour pairs
 * (fitted to the terminal's palette), attributes, mouse, and a file's error
 * shown at start-up instead of stopping it. */
#include "autoconfig.h"

#include <curses.h>

#include "proftop/config.h"
#include "proftop/dot.h"
#include "proftop/tui.h"

_Static_assert(CFG_COLOR_COUNT == TC_COUNT - 1, "colors.* options follow enum tui_color");

void tui_config_apply(struct tui *t, const struct options *o)
{
	t->config = o->config;
	if (t->config)
		t->keys = t->config->keys;
}

void tui_config_started(struct tui *t, const struct options *o)
{
	if (o->config_error)
		tui_message(t, 1, "%s", o->config_error);
}

int tui_config_mouse(const struct tui *t)
{
	return !t->config || t->config->mouse;
}

int tui_config_colors(struct tui *t, short bg)
{
	int i;

	if (!t->config)
		return 0;
	for (i = 0; i < CFG_COLOR_COUNT; i++) {
		const struct config_color *c = &t->config->colors[i];
		/* No default colours: white on the background init_colors chose. */
		short fg = c->fg < 0 ? (bg < 0 ? -1 : COLOR_WHITE) : (short)config_color_fit(c->fg, COLORS);
		short b = c->bg < 0 ? bg : (short)config_color_fit(c->bg, COLORS);
		init_pair((short)(TC_TITLE + i), fg, b);
	}
	return 1;
}

int tui_config_attr(const struct tui *t, enum tui_color c, int *attr)
{
	static const struct { unsigned cfg; int curses; } map[] = {
		{ CFG_ATTR_BOLD, A_BOLD }, { CFG_ATTR_DIM, A_DIM }, { CFG_ATTR_UNDERLINE, A_UNDERLINE },
		{ CFG_ATTR_REVERSE, A_REVERSE }, { CFG_ATTR_ITALIC, A_ITALIC },
		{ CFG_ATTR_BLINK, A_BLINK }, { CFG_ATTR_STANDOUT, A_STANDOUT },
	};
	unsigned attrs;
	size_t i;

	if (!t->config || c < TC_TITLE || c >= TC_COUNT)
		return 0;
	attrs = t->config->colors[c - TC_TITLE].attrs;
	*attr = (int)COLOR_PAIR(c);
	for (i = 0; i < sizeof map / sizeof *map; i++)
		if (attrs & map[i].cfg)
			*attr |= map[i].curses;
	return 1;
}

void tui_config_dot(const struct tui *t, struct dot_opts *o)
{
	/* Not the thresholds: an export shows exactly what the table shows. */
	if (t->config) {
		o->colormap = t->config->colormap;
		o->graph.max_nodes = t->config->max_nodes;
	}
}

const char *tui_config_render_format(const struct tui *t)
{
	return t->config ? t->config->render : "svg";
}

int tui_config_columns(const struct tui *t, int *order)
{
	int i;

	if (!t->config)
		return 0;
	for (i = 0; i < t->config->ncolumns && i < VCOL_COUNT; i++)
		order[i] = t->config->columns[i];
	return i;
}
