/*
 * The YAML configuration: libyaml's document API, walked with the one table
 * of options (CONFIG_OPTIONS), each type with a parser and a writer, so the
 * defaults, a file and --dump-config all go through the same code.
 */
#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "proftop/config.h"
#include "proftop/query.h"
#include "proftop/source.h"

const struct config_option_def config_option_defs[CFG_COUNT] = {
#define CFG_DEF(id, name, type, def, help) { name, type, def, help },
	CONFIG_OPTIONS(CFG_DEF)
#undef CFG_DEF
};

/* The sections' own help, written above them by --dump-config. */
static const struct { const char *name, *help; } sections[] = {
	{ "dot", "graphviz export, for --dot and the UI's export keys (command-line options override)" },
	{ "flame", "the flame graph: the F view, --flame and the UI's SVG writes" },
	{ "colors", "per element: [attributes] [colour] [on colour]; attributes bold dim underline reverse italic blink standout; colours default black red green yellow blue magenta cyan white, bright-black .. bright-white, color0 .. color255" },
	{ "bind", NULL },
};

static const char *const column_names[VCOL_COUNT] = {
#define CFG_COL_NAME(id, title, width, key, help) #id,
	VIEW_COLUMNS(CFG_COL_NAME)
#undef CFG_COL_NAME
};

static const char *const column_titles[VCOL_COUNT] = {
#define CFG_COL_TITLE(id, title, width, key, help) title,
	VIEW_COLUMNS(CFG_COL_TITLE)
#undef CFG_COL_TITLE
};

static const char *const colormap_names[DOT_CM_COUNT] = {
#define CFG_CM_NAME(id, name) name,
	DOT_COLORMAPS(CFG_CM_NAME)
#undef CFG_CM_NAME
};

static const char *const render_formats[] = { "svg", "png", "pdf", "ps", "eps", "jpg", "gif" };

static const char *const attr_names[] = {
	"bold", "dim", "underline", "reverse", "italic", "blink", "standout"
};

static const char *const basic_colors[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

#define NELEM(a) (sizeof (a) / sizeof *(a))

/* Where a value came from, for error messages. */
struct ctx {
	const char *file;
	yaml_document_t *doc;
	struct config *cfg;
	struct err *e;
	int line, col;          /* of the value being parsed, 1-based */
	int seen[CFG_COUNT];    /* line of an option's first setting, 0 if not */
	struct { const char *name; int line; } sections[8];   /* seen so far */
	int nsections;
};

#define FAIL(c, ...) (err_line((c)->e, (c)->file, (c)->line, (c)->col, __VA_ARGS__), -1)

static void at_node(struct ctx *c, const yaml_node_t *n)
{
	c->line = (int)n->start_mark.line + 1;
	c->col = (int)n->start_mark.column + 1;
}

/* ---- names ---- */

const char *config_column_name(int col)
{
	static char names[VCOL_COUNT][24];
	char *p;

	if (col < 0 || col >= VCOL_COUNT)
		return NULL;
	if (view_column_live(col))
		return column_titles[col];   /* +calls calls/s time/s, as sort keys */
	if (!names[col][0]) {
		/* From the X-macro id: PCT_OWN -> pct-own. */
		snprintf(names[col], sizeof names[col], "%s", column_names[col]);
		for (p = names[col]; *p; p++)
			*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	}
	return names[col];
}

static int column_by_name(const char *name)
{
	static const char *const old_live[] = { "dcalls", "calls-s", "time-s" };
	static const int live_cols[] = { VCOL_DCALLS, VCOL_CALLS_S, VCOL_TIME_S };
	int i;

	for (i = 0; i < VCOL_COUNT; i++)
		if (strcmp(config_column_name(i), name) == 0)
			return i;
	for (i = 0; i < 3; i++)     /* the live columns' names before they took their titles */
		if (strcmp(old_live[i], name) == 0)
			return live_cols[i];
	return -1;
}

int config_color_by_name(const char *name)
{
	size_t i;
	char *end;
	long n;

	if (strcmp(name, "default") == 0)
		return -1;
	for (i = 0; i < NELEM(basic_colors); i++) {
		if (strcmp(name, basic_colors[i]) == 0)
			return (int)i;
		if (strncmp(name, "bright-", 7) == 0 && strcmp(name + 7, basic_colors[i]) == 0)
			return (int)i + 8;
	}
	if (strncmp(name, "color", 5) == 0 && isdigit((unsigned char)name[5])) {
		errno = 0;
		n = strtol(name + 5, &end, 10);
		if (!*end && !errno && n >= 0 && n <= 255 && (name[5] != '0' || !name[6]))
			return (int)n;
	}
	return -2;
}

static void color_name(int color, char *buf, size_t size)
{
	if (color < 0)
		snprintf(buf, size, "default");
	else if (color < 8)
		snprintf(buf, size, "%s", basic_colors[color]);
	else if (color < 16)
		snprintf(buf, size, "bright-%s", basic_colors[color - 8]);
	else
		snprintf(buf, size, "color%d", color);
}

/* xterm's palette, for fitting a 256-colour choice into 8 or 16. */
static void color_rgb(int color, int rgb[3])
{
	static const int basic[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
		{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	int i;

	if (color < 16) {
		for (i = 0; i < 3; i++)
			rgb[i] = basic[color][i];
	} else if (color < 232) {
		color -= 16;
		rgb[0] = level[color / 36];
		rgb[1] = level[color / 6 % 6];
		rgb[2] = level[color % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (color - 232);
	}
}

int config_color_fit(int color, int ncolors)
{
	int want[3], have[3], best = 0, i, k;
	long bestd = -1;

	if (color < 0 || color < ncolors)
		return color;
	color_rgb(color, want);
	for (i = 0; i < (ncolors >= 16 ? 16 : 8); i++) {
		long d = 0;
		color_rgb(i, have);
		for (k = 0; k < 3; k++)
			d += (long)(want[k] - have[k]) * (want[k] - have[k]);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/* Levenshtein distance, for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, row[64];

	if (lb >= NELEM(row) || la >= NELEM(row))
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* Tracks the closest of several candidate names. */
struct suggest {
	const char *word;
	char best[64];          /* "" none yet */
	size_t dist;
};

static void suggest_init(struct suggest *s, const char *word)
{
	s->word = word;
	s->best[0] = 0;
	s->dist = 0;
}

/* Close enough to be a typo: 2 edits, or a third of the name. */
static void suggest_try(struct suggest *s, const char *cand)
{
	size_t d = edit_distance(s->word, cand);
	size_t limit = strlen(cand) / 3 > 2 ? strlen(cand) / 3 : 2;

	if (d <= limit && (!s->best[0] || d < s->dist)) {
		snprintf(s->best, sizeof s->best, "%s", cand);
		s->dist = d;
	}
}

static void suggest_text(const struct suggest *s, char *buf, size_t size)
{
	if (s->best[0])
		snprintf(buf, size, " (did you mean '%s'?)", s->best);
	else
		buf[0] = 0;
}

/* ---- scalar types: text -> field ---- */

static int parse_bool(struct ctx *c, const char *name, const char *s, int *out)
{
	static const char *const yes[] = { "true", "yes", "on" }, *const no[] = { "false", "no", "off" };
	size_t i;

	for (i = 0; i < NELEM(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	}
	return FAIL(c, "%s: expected true or false, not '%s'", name, s);
}

static int parse_number(struct ctx *c, const char *name, const char *s, double lo, double hi,
			double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v) || isspace((unsigned char)*s))
		return FAIL(c, "%s: expected a number, not '%s'", name, s);
	if (v < lo || v > hi)
		return FAIL(c, "%s: %s is out of range (%g to %g)", name, s, lo, hi);
	*out = v;
	return 0;
}

static int parse_sort(struct ctx *c, const char *name, const char *s)
{
	struct sort_spec spec;
	struct err e;

	memset(&spec, 0, sizeof spec);
	if (strlen(s) >= sizeof c->cfg->sort)
		return FAIL(c, "%s: too long", name);
	if (sort_spec_parse(&spec, s, 1, &e) < 0)
		return FAIL(c, "%s: %s", name, e.msg);
	snprintf(c->cfg->sort, sizeof c->cfg->sort, "%s", s);
	return 0;
}

static int parse_choice(struct ctx *c, const char *name, const char *s,
			const char *const *choices, size_t n, int *out)
{
	struct suggest sg;
	char hint[128];
	size_t i;

	suggest_init(&sg, s);
	for (i = 0; i < n; i++) {
		if (strcmp(s, choices[i]) == 0)
			return *out = (int)i, 0;
		suggest_try(&sg, choices[i]);
	}
	suggest_text(&sg, hint, sizeof hint);
	return FAIL(c, "%s: unknown value '%s'%s", name, s, hint);
}

static int parse_color(struct ctx *c, const char *name, const char *s, struct config_color *out)
{
	struct config_color col = { -1, -1, 0 };
	char buf[128], *word, *save = NULL;
	int ncolor = 0, on = 0;
	size_t i;

	if (strlen(s) >= sizeof buf)
		return FAIL(c, "%s: too long", name);
	snprintf(buf, sizeof buf, "%s", s);
	for (word = strtok_r(buf, " \t", &save); word; word = strtok_r(NULL, " \t", &save)) {
		int v;
		for (i = 0; i < NELEM(attr_names); i++)
			if (strcmp(word, attr_names[i]) == 0)
				break;
		if (i < NELEM(attr_names) && !ncolor && !on) {
			col.attrs |= 1u << i;
			continue;
		}
		if (strcmp(word, "on") == 0) {
			if (on)
				return FAIL(c, "%s: expected [attributes] [colour] [on colour], not '%s'", name, s);
			on = 1;
			continue;
		}
		v = config_color_by_name(word);
		if (v == -2)
			return FAIL(c, "%s: unknown colour or attribute '%s'", name, word);
		if (on == 1 && ncolor <= 1) {
			col.bg = (short)v;
			on = 2;
		} else if (!on && !ncolor) {
			col.fg = (short)v;
		} else {
			return FAIL(c, "%s: expected [attributes] [colour] [on colour], not '%s'", name, s);
		}
		ncolor++;
	}
	if (on == 1)
		return FAIL(c, "%s: 'on' needs a background colour", name);
	if (!ncolor && !col.attrs && strcmp(s, "normal") != 0 && s[0])
		return FAIL(c, "%s: expected [attributes] [colour] [on colour], not '%s'", name, s);
	*out = col;
	return 0;
}

static int add_column(struct ctx *c, const char *name, const char *word)
{
	struct suggest sg;
	char hint[128];
	int col = column_by_name(word), i;

	if (col < 0) {
		suggest_init(&sg, word);
		for (i = 0; i < VCOL_COUNT; i++)
			suggest_try(&sg, config_column_name(i));
		suggest_text(&sg, hint, sizeof hint);
		return FAIL(c, "%s: unknown column '%s'%s", name, word, hint);
	}
	for (i = 0; i < c->cfg->ncolumns; i++)
		if (c->cfg->columns[i] == col)
			return FAIL(c, "%s: column '%s' given twice", name, word);
	c->cfg->columns[c->cfg->ncolumns++] = col;
	return 0;
}

/* Words separated by spaces or commas, for defaults and scalar lists. */
static int parse_column_words(struct ctx *c, const char *name, const char *s)
{
	char buf[256], *word, *save = NULL;

	snprintf(buf, sizeof buf, "%s", s);
	c->cfg->ncolumns = 0;
	for (word = strtok_r(buf, " ,", &save); word; word = strtok_r(NULL, " ,", &save))
		if (add_column(c, name, word) < 0)
			return -1;
	return c->cfg->ncolumns ? 0 : FAIL(c, "%s: no column given", name);
}

/* One "OLD=NEW" more (the source view's path maps), in the order given. */
static int add_path_map(struct ctx *c, const char *name, const char *s)
{
	struct config *cfg = c->cfg;
	size_t n = strlen(s) + 1;
	struct err e;

	if (path_map_check(s, &e) < 0)
		return FAIL(c, "%s: %s", name, e.msg);
	if (n > sizeof cfg->path_map - cfg->path_map_len)
		return FAIL(c, "%s: too long (%zu bytes in all at most)", name, sizeof cfg->path_map);
	memcpy(cfg->path_map + cfg->path_map_len, s, n);
	cfg->path_map_len += n;
	return 0;
}

/* Sets option `id` from one text value. */
static int set_scalar(struct ctx *c, int id, const char *s)
{
	const struct config_option_def *d = &config_option_defs[id];
	struct config *cfg = c->cfg;
	double v;
	int i;

	switch (d->type) {
	case CT_BOOL:
		return parse_bool(c, d->name, s, id == CFG_REVERSE ? &cfg->reverse : &cfg->mouse);
	case CT_SORT:
		return parse_sort(c, d->name, s);
	case CT_COLUMNS:
		return parse_column_words(c, d->name, s);
	case CT_PATH: {
		static const char *const modes[] = { "full", "short", "unique" };
		if (parse_choice(c, d->name, s, modes, NELEM(modes), &i) < 0)
			return -1;
		cfg->path = (enum path_mode)i;   /* the order of enum path_mode */
		return 0;
	}
	case CT_SECONDS:
		return parse_number(c, d->name, s, 0.01, 3600, &cfg->interval);   /* as --interval */
	case CT_PERCENT:
		return parse_number(c, d->name, s, 0, 100,
				    id == CFG_DOT_NODE_THRES ? &cfg->node_thres : &cfg->edge_thres);
	case CT_COUNT:
		if (!*s || strspn(s, "0123456789") != strlen(s))
			return FAIL(c, "%s: expected a whole number, not '%s'", d->name, s);
		if (parse_number(c, d->name, s, 0, 1000000, &v) < 0)
			return -1;
		cfg->max_nodes = (unsigned long)v;
		return 0;
	case CT_COLORMAP:
		if (parse_choice(c, d->name, s, colormap_names, DOT_CM_COUNT, &i) < 0)
			return -1;
		cfg->colormap = (enum dot_colormap)i;
		return 0;
	case CT_FORMAT:
		if (parse_choice(c, d->name, s, render_formats, NELEM(render_formats), &i) < 0)
			return -1;
		snprintf(cfg->render, sizeof cfg->render, "%s", render_formats[i]);
		return 0;
	case CT_COLOR:
		return parse_color(c, d->name, s, &cfg->colors[id - CFG_COLOR_FIRST]);
	case CT_PATH_MAP:
		cfg->path_map_len = 0;
		return *s ? add_path_map(c, d->name, s) : 0;
	case CT_FLAME_COLORS: {
		static const char *const schemes[] = { "module", "heat" };
		if (parse_choice(c, d->name, s, schemes, NELEM(schemes), &i) < 0)
			return -1;
		cfg->flame_heat = i;
		return 0;
	}
	case CT_BIND:
		break;
	}
	return FAIL(c, "%s: expected a mapping of action: keys", d->name);
}

/* ---- bind ---- */

/* Keys one action gets from the file, in order. */
struct binding {
	int keys[16];
	int nkeys;
	int listed;
};

static int bind_key(struct ctx *c, struct binding *b, enum action a, const char *name,
		    int key_line[][2], struct binding *all)
{
	int key = key_by_name(name), other;

	if (key == TK_NONE)
		return FAIL(c, "bind: unknown key name '%s' (keys are like q, Q, C-w, F6, Up, PgDn, Enter, Space, Esc)", name);
	for (other = 0; other < ACT_COUNT; other++) {
		int i;
		for (i = 0; i < all[other].nkeys; i++)
			if (all[other].keys[i] == key)
				return FAIL(c, "bind: %s is already bound to %s at line %d",
					    name, action_defs[other].name, key_line[other][0]);
	}
	if (b->nkeys == (int)NELEM(b->keys))
		return FAIL(c, "bind: too many keys for %s", action_defs[a].name);
	b->keys[b->nkeys++] = key;
	return 0;
}

/* One key name (" " is Space too), or several separated by spaces: "q Q". */
static int bind_words(struct ctx *c, struct binding *all, enum action a, const char *s,
		      int key_line[][2])
{
	char buf[256], *word, *save = NULL;

	if (*s && key_by_name(s) != TK_NONE)
		return bind_key(c, &all[a], a, s, key_line, all);
	snprintf(buf, sizeof buf, "%s", s);
	for (word = strtok_r(buf, " \t", &save); word; word = strtok_r(NULL, " \t", &save))
		if (bind_key(c, &all[a], a, word, key_line, all) < 0)
			return -1;
	return 0;
}

/* The default keys of a, in the ACTIONS order. */
static int default_keys(enum action a, int *keys, int max)
{
	const char *p = action_defs[a].keys;
	char word[32];
	int n = 0;

	while (p && *p) {
		size_t len = strcspn(p, " ");
		if (len && len < sizeof word && n < max) {
			memcpy(word, p, len);
			word[len] = 0;
			keys[n++] = key_by_name(word);
		}
		p += len;
		p += strspn(p, " ");
	}
	return n;
}

/* Listed actions get exactly their keys; the others keep the defaults that
 * no listed action took.  Built in ACTIONS order so a dump loads back to the
 * same map. */
static int build_keymap(struct ctx *c, struct binding *all)
{
	struct keymap *km = &c->cfg->keys;
	int a, i, o, k;

	km->n = 0;
	for (a = 0; a < ACT_COUNT; a++) {
		int keys[16], n;
		if (all[a].listed) {
			for (i = 0; i < all[a].nkeys; i++)
				if (keymap_bind(km, all[a].keys[i], (enum action)a) < 0)
					return FAIL(c, "bind: too many keys");
			continue;
		}
		n = default_keys((enum action)a, keys, (int)NELEM(keys));
		for (i = 0; i < n; i++) {
			int taken = 0;
			for (o = 0; o < ACT_COUNT && !taken; o++)
				for (k = 0; k < all[o].nkeys; k++)
					taken |= all[o].keys[k] == keys[i];
			if (!taken && keymap_bind(km, keys[i], (enum action)a) < 0)
				return FAIL(c, "bind: too many keys");
		}
	}
	return 0;
}

static int walk_bind(struct ctx *c, yaml_node_t *map)
{
	struct binding all[ACT_COUNT];
	int key_line[ACT_COUNT][2];
	yaml_node_pair_t *pair;

	memset(all, 0, sizeof all);
	memset(key_line, 0, sizeof key_line);
	at_node(c, map);
	if (map->type != YAML_MAPPING_NODE)
		return FAIL(c, "bind: expected a mapping of action: keys");
	for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, pair->value);
		const char *name;
		struct suggest sg;
		char hint[128];
		enum action a;
		int i;

		at_node(c, k);
		if (k->type != YAML_SCALAR_NODE)
			return FAIL(c, "bind: expected an action name");
		name = (const char *)k->data.scalar.value;
		a = action_by_name(name);
		if (a == ACT_NONE) {
			suggest_init(&sg, name);
			for (i = 0; i < ACT_COUNT; i++)
				suggest_try(&sg, action_defs[i].name);
			suggest_text(&sg, hint, sizeof hint);
			return FAIL(c, "bind: unknown action '%s'%s", name, hint);
		}
		if (all[a].listed)
			return FAIL(c, "bind: %s is given twice (first at line %d)", name, key_line[a][0]);
		all[a].listed = 1;
		key_line[a][0] = c->line;
		at_node(c, v);
		if (v->type == YAML_SCALAR_NODE) {
			if (bind_words(c, all, a, (const char *)v->data.scalar.value, key_line) < 0)
				return -1;
		} else if (v->type == YAML_SEQUENCE_NODE) {
			yaml_node_item_t *it;
			for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
				yaml_node_t *kn = yaml_document_get_node(c->doc, *it);
				at_node(c, kn);
				if (kn->type != YAML_SCALAR_NODE)
					return FAIL(c, "bind: %s: expected a key name", name);
				if (bind_key(c, &all[a], a, (const char *)kn->data.scalar.value,
					     key_line, all) < 0)
					return -1;
			}
		} else {
			return FAIL(c, "bind: %s: expected a key name or a list of them", name);
		}
	}
	return build_keymap(c, all);
}

/* ---- the walk ---- */

static int option_by_name(const char *name)
{
	int i;

	for (i = 0; i < CFG_COUNT; i++)
		if (strcmp(config_option_defs[i].name, name) == 0)
			return i;
	return -1;
}

/* Does any option live under "prefix."? */
static int is_section(const char *prefix)
{
	size_t n = strlen(prefix);
	int i;

	for (i = 0; i < CFG_COUNT; i++)
		if (strncmp(config_option_defs[i].name, prefix, n) == 0 &&
		    config_option_defs[i].name[n] == '.')
			return 1;
	return 0;
}

/* The names one level below prefix ("" for the top), for suggestions. */
static void suggest_level(struct suggest *sg, const char *prefix)
{
	size_t n = strlen(prefix);
	char word[64];
	int i;

	for (i = 0; i < CFG_COUNT; i++) {
		const char *name = config_option_defs[i].name;
		if (n && (strncmp(name, prefix, n) != 0 || name[n] != '.'))
			continue;
		name += n ? n + 1 : 0;
		snprintf(word, sizeof word, "%.*s", (int)strcspn(name, "."), name);
		suggest_try(sg, word);
	}
}

static const char *node_kind(const yaml_node_t *n)
{
	return n->type == YAML_MAPPING_NODE ? "a mapping" :
	       n->type == YAML_SEQUENCE_NODE ? "a list" : "a single value";
}

static int walk_mapping(struct ctx *c, yaml_node_t *map, const char *prefix);

static int set_option(struct ctx *c, int id, yaml_node_t *v)
{
	const struct config_option_def *d = &config_option_defs[id];
	yaml_node_item_t *it;

	at_node(c, v);
	if (d->type == CT_BIND)
		return walk_bind(c, v);
	if (d->type == CT_COLUMNS && v->type == YAML_SEQUENCE_NODE) {
		c->cfg->ncolumns = 0;
		for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			yaml_node_t *item = yaml_document_get_node(c->doc, *it);
			at_node(c, item);
			if (item->type != YAML_SCALAR_NODE)
				return FAIL(c, "%s: expected a column name, not %s", d->name, node_kind(item));
			if (add_column(c, d->name, (const char *)item->data.scalar.value) < 0)
				return -1;
		}
		at_node(c, v);
		return c->cfg->ncolumns ? 0 : FAIL(c, "%s: no column given", d->name);
	}
	if (d->type == CT_PATH_MAP && v->type == YAML_SEQUENCE_NODE) {
		c->cfg->path_map_len = 0;
		for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			yaml_node_t *item = yaml_document_get_node(c->doc, *it);
			at_node(c, item);
			if (item->type != YAML_SCALAR_NODE)
				return FAIL(c, "%s: expected OLD=NEW, not %s", d->name, node_kind(item));
			if (add_path_map(c, d->name, (const char *)item->data.scalar.value) < 0)
				return -1;
		}
		return 0;
	}
	if (v->type != YAML_SCALAR_NODE)
		return FAIL(c, "%s: expected %s, not %s", d->name,
			    d->type == CT_COLUMNS ? "a list of columns" :
			    d->type == CT_PATH_MAP ? "OLD=NEW or a list of them" : "a single value", node_kind(v));
	return set_scalar(c, id, (const char *)v->data.scalar.value);
}

static int walk_pair(struct ctx *c, yaml_node_t *k, yaml_node_t *v, const char *prefix)
{
	char full[128], hint[128];
	struct suggest sg;
	const char *name;
	int id;

	at_node(c, k);
	if (k->type != YAML_SCALAR_NODE)
		return FAIL(c, "expected an option name, not %s", node_kind(k));
	name = (const char *)k->data.scalar.value;
	snprintf(full, sizeof full, "%s%s%s", prefix, *prefix ? "." : "", name);
	id = option_by_name(full);
	if (id >= 0) {
		if (c->seen[id])
			return FAIL(c, "%s is given twice (first at line %d)", full, c->seen[id]);
		c->seen[id] = c->line;
		return set_option(c, id, v);
	}
	if (is_section(full) && !strchr(name, '.')) {
		int i;
		for (i = 0; i < c->nsections; i++)
			if (strcmp(c->sections[i].name, name) == 0)
				return FAIL(c, "%s is given twice (first at line %d)", full, c->sections[i].line);
		if (c->nsections < (int)NELEM(c->sections)) {
			c->sections[c->nsections].name = name;
			c->sections[c->nsections++].line = c->line;
		}
		at_node(c, v);
		if (v->type != YAML_MAPPING_NODE)
			return FAIL(c, "%s: expected a mapping of options, not %s", full, node_kind(v));
		return walk_mapping(c, v, full);
	}
	suggest_init(&sg, name);
	suggest_level(&sg, prefix);
	suggest_text(&sg, hint, sizeof hint);
	return FAIL(c, "unknown option '%s'%s", full, hint);
}

static int walk_mapping(struct ctx *c, yaml_node_t *map, const char *prefix)
{
	yaml_node_pair_t *pair;

	for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, pair->value);
		if (walk_pair(c, k, v, prefix) < 0)
			return -1;
	}
	return 0;
}

/* ---- defaults, loading ---- */

int config_defaults(struct config *cfg, struct err *e)
{
	struct err ignored = { 0 };
	struct ctx c;
	int i, rc = 0;

	memset(cfg, 0, sizeof *cfg);
	memset(&c, 0, sizeof c);
	c.file = "(defaults)";
	c.cfg = cfg;
	c.e = e ? e : &ignored;
	err_clear(c.e);
	for (i = 0; i < CFG_COUNT; i++)
		if (config_option_defs[i].def && set_scalar(&c, i, config_option_defs[i].def) < 0)
			rc = -1;
	keymap_defaults(&cfg->keys);
	return rc;
}

/*
 * Bounds on what is read: libyaml has none, and spends tens of seconds on a
 * few hundred KB of nesting or on 100k anchors.  A configuration needs a few
 * levels and no anchors at all; these leave room for any sensible use.
 */
#define CONFIG_MAX_BYTES ((size_t)1 << 20)
#define CONFIG_MAX_DEPTH 32
#define CONFIG_MAX_ANCHORS 64
#define CONFIG_MAX_ALIASES 256

/* The text being read, for byte offsets turned into marks. */
struct text {
	const unsigned char *buf;
	size_t len;
};

/* The reader (bad UTF-8, control characters) only knows a byte offset. */
static void offset_to_mark(const struct text *t, size_t offset, int *line, int *col)
{
	size_t i;

	*line = *col = 1;
	for (i = 0; i < offset && i < t->len; i++) {
		if (t->buf[i] == '\n') {
			++*line;
			*col = 1;
		} else if ((t->buf[i] & 0xC0) != 0x80) {
			++*col;      /* columns count characters, as libyaml's marks do */
		}
	}
}

static int syntax_error(struct ctx *c, const yaml_parser_t *p, const struct text *t)
{
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;

	c->line = (int)m->line + 1;
	c->col = (int)m->column + 1;
	if (p->error == YAML_READER_ERROR) {
		offset_to_mark(t, p->problem_offset, &c->line, &c->col);
		if (p->problem_value != -1)
			return FAIL(c, "%s (#x%X)", p->problem ? p->problem : "invalid input", (unsigned)p->problem_value);
		return FAIL(c, "%s", p->problem ? p->problem : "invalid input");
	}
	if (p->error == YAML_MEMORY_ERROR)
		return FAIL(c, "out of memory");
	if (p->context)
		return FAIL(c, "%s, %s at %d:%d", p->problem ? p->problem : "syntax error", p->context,
			    (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
	return FAIL(c, "%s", p->problem ? p->problem : "syntax error");
}

/* The anchor an event defines, if any. */
static const yaml_char_t *event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT: return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT: return ev->data.mapping_start.anchor;
	default: return NULL;
	}
}

/* One event against the limits: 0, or -1 with the error at the event. */
static int check_event(struct ctx *c, const yaml_event_t *ev, int *depth, int *anchors,
		       int *aliases)
{
	c->line = (int)ev->start_mark.line + 1;
	c->col = (int)ev->start_mark.column + 1;
	if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		if (++*depth > CONFIG_MAX_DEPTH)
			return FAIL(c, "nested deeper than %d levels", CONFIG_MAX_DEPTH);
	} else if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT) {
		--*depth;
	} else if (ev->type == YAML_ALIAS_EVENT && ++*aliases > CONFIG_MAX_ALIASES) {
		return FAIL(c, "more than %d aliases", CONFIG_MAX_ALIASES);
	}
	if (event_anchor(ev) && ++*anchors > CONFIG_MAX_ANCHORS)
		return FAIL(c, "more than %d anchors", CONFIG_MAX_ANCHORS);
	return 0;
}

/* A first pass over the events, which stops at the first limit passed:
 * the document loader would spend its time before any check could run. */
static int check_limits(struct ctx *c, const struct text *t)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, anchors = 0, aliases = 0, rc = 0, done = 0;

	if (!yaml_parser_initialize(&parser))
		return FAIL(c, "out of memory");
	yaml_parser_set_input_string(&parser, t->buf, t->len);
	while (rc == 0 && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(c, &parser, t);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = check_event(c, &ev, &depth, &anchors, &aliases);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* Reads t's one document into c->doc (storage the caller gives) and walks it. */
static int load_text(struct ctx *c, const struct text *t)
{
	yaml_parser_t parser;
	yaml_node_t *root;
	int rc = 0, empty;

	if (check_limits(c, t) < 0)
		return -1;
	if (!yaml_parser_initialize(&parser))
		return FAIL(c, "out of memory");
	yaml_parser_set_input_string(&parser, t->buf, t->len);
	if (!yaml_parser_load(&parser, c->doc)) {
		rc = syntax_error(c, &parser, t);
		yaml_parser_delete(&parser);
		return rc;
	}
	root = yaml_document_get_root_node(c->doc);
	empty = !root;
	if (root) {
		at_node(c, root);
		if (root->type == YAML_MAPPING_NODE)
			rc = walk_mapping(c, root, "");
		else if (root->type != YAML_SCALAR_NODE || root->data.scalar.length)
			rc = FAIL(c, "expected a mapping of option: value, not %s", node_kind(root));
	}
	yaml_document_delete(c->doc);
	if (rc == 0 && !empty) {
		/* One document only: a second one would be silently ignored. */
		yaml_document_t next;
		if (!yaml_parser_load(&parser, &next)) {
			rc = syntax_error(c, &parser, t);
		} else {
			root = yaml_document_get_root_node(&next);
			if (root) {
				at_node(c, root);
				rc = FAIL(c, "only one YAML document is read; remove this one or the '---' before it");
			}
			yaml_document_delete(&next);
		}
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* The null device reads as an empty file (PROFTOP_CONFIG=/dev/null). */
static int is_null_device(const struct stat *st)
{
	struct stat null;

	return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 &&
	       S_ISCHR(null.st_mode) && st->st_rdev == null.st_rdev;
}

/*
 * The file's text, malloc'd into t.  Only a regular file is read (a FIFO or
 * a terminal would block, a device never end), and at most
 * CONFIG_MAX_BYTES of it.  Opened without blocking: opening a FIFO waits
 * for a writer.
 */
static int read_text(struct ctx *c, const char *path, struct text *t)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	t->buf = NULL;
	t->len = 0;
	if (fd < 0) {
		err_at(c->e, path, -1, "%s", strerror(errno));
		return -1;
	}
	c->line = c->col = 1;
	if (fstat(fd, &st) < 0 || (!S_ISREG(st.st_mode) && !is_null_device(&st))) {
		close(fd);
		return FAIL(c, "not a regular file; only a regular file is read as the configuration");
	}
	buf = malloc(CONFIG_MAX_BYTES + 1);
	if (!buf) {
		close(fd);
		return FAIL(c, "out of memory");
	}
	while (len <= CONFIG_MAX_BYTES &&
	       (n = read(fd, buf + len, CONFIG_MAX_BYTES + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_at(c->e, path, -1, "read error: %s", strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	t->buf = buf;
	t->len = len;
	if (len > CONFIG_MAX_BYTES) {
		offset_to_mark(t, CONFIG_MAX_BYTES, &c->line, &c->col);
		free(buf);
		t->buf = NULL;
		return FAIL(c, "larger than %zu MiB, the most a configuration may be",
			    CONFIG_MAX_BYTES >> 20);
	}
	return 0;
}

int config_load_file(struct config *cfg, const char *path, struct err *e)
{
	yaml_document_t doc;
	struct text t;
	struct ctx c;
	int rc;

	config_defaults(cfg, NULL);
	memset(&c, 0, sizeof c);
	c.file = path;
	c.cfg = cfg;
	c.doc = &doc;
	c.e = e;
	err_clear(e);
	rc = read_text(&c, path, &t);
	if (rc == 0)
		rc = load_text(&c, &t);
	free((void *)t.buf);
	if (rc < 0) {
		config_defaults(cfg, NULL);
		return -1;
	}
	snprintf(cfg->source, sizeof cfg->source, "%s", path);
	return 0;
}

int config_path(const char *explicit, char *buf, size_t size)
{
	const char *env = getenv("PROFTOP_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (explicit || (env && *env)) {
		snprintf(buf, size, "%s", explicit ? explicit : env);
		return 1;
	}
	/* The XDG spec says to ignore a relative XDG_CONFIG_HOME. */
	if (xdg && xdg[0] == '/')
		snprintf(buf, size, "%s/proftop/config.yaml", xdg);
	else if (home && *home)
		snprintf(buf, size, "%s/.config/proftop/config.yaml", home);
	else
		return -1;
	return 0;
}

int config_load(struct config *cfg, const char *explicit, int no_config, struct err *e)
{
	char path[PATH_MAX];
	int must;

	err_clear(e);
	config_defaults(cfg, NULL);
	if (no_config)
		return 0;
	must = config_path(explicit, path, sizeof path);
	if (must < 0)
		return 0;
	if (!must) {
		/* stat, not open: opening a FIFO would wait for a writer */
		struct stat st;
		if (stat(path, &st) < 0 && errno == ENOENT)
			return 0;
	}
	return config_load_file(cfg, path, e);
}

/* ---- dump ---- */

/* YAML's plain scalars that would read as something else. */
static int needs_quotes(const char *s)
{
	static const char *const special[] = {
		"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"
	};
	const char *p;
	size_t i;

	if (!*s || !isalnum((unsigned char)*s) || s[strlen(s) - 1] == ' ')
		return 1;
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_./+ ", *p))
			return 1;
	for (i = 0; i < NELEM(special); i++)
		if (strcasecmp(s, special[i]) == 0)
			return 1;
	/* Would read as a number: digits with at most signs, dots and exponents. */
	return strspn(s, "0123456789.+-eE") == strlen(s) && strpbrk(s, "0123456789");
}

static void put_scalar(FILE *out, const char *s)
{
	const unsigned char *p;

	if (!needs_quotes(s)) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02X", *p);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			fprintf(out, "\\x%02X", *++p);   /* C1 controls are not printable YAML */
		else
			putc(*p, out);
	}
	putc('"', out);
}

static void put_number(FILE *out, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof buf, "%.17g", v);
	fputs(buf, out);
}

static void put_color(FILE *out, const struct config_color *col)
{
	char buf[160], name[16];
	size_t used = 0, i;

	buf[0] = 0;
	for (i = 0; i < NELEM(attr_names); i++)
		if (col->attrs & (1u << i))
			used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? " " : "", attr_names[i]);
	if (col->fg >= 0 || col->bg >= 0 || !col->attrs) {
		color_name(col->fg, name, sizeof name);
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? " " : "", name);
	}
	if (col->bg >= 0) {
		color_name(col->bg, name, sizeof name);
		snprintf(buf + used, sizeof buf - used, " on %s", name);
	}
	put_scalar(out, buf);
}

static void put_comment(FILE *out, const char *indent, const char *text)
{
	/* Wrapped at about 76 columns, on spaces. */
	const char *p = text;
	size_t width = 76 - strlen(indent) - 2;

	while (*p) {
		size_t n = strlen(p), cut = n;
		if (n > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (!cut)
				cut = strcspn(p, " ");
		}
		fprintf(out, "%s# %.*s\n", indent, (int)cut, p);
		p += cut;
		p += strspn(p, " ");
	}
}

static void put_bind(FILE *out, const struct config *cfg)
{
	int a;
	size_t i;

	for (a = 0; a < ACT_COUNT; a++) {
		int first = 1;
		put_comment(out, "  ", action_defs[a].help);
		fprintf(out, "  %s: [", action_defs[a].name);
		for (i = 0; i < cfg->keys.n; i++) {
			char kb[16];
			if ((int)cfg->keys.map[i].act != a)
				continue;
			fputs(first ? "" : ", ", out);
			put_scalar(out, key_to_name(cfg->keys.map[i].key, kb, sizeof kb));
			first = 0;
		}
		fputs("]\n", out);
	}
}

static void put_value(FILE *out, const struct config *cfg, int id)
{
	const struct config_option_def *d = &config_option_defs[id];
	int i;

	switch (d->type) {
	case CT_BOOL:
		fputs((id == CFG_REVERSE ? cfg->reverse : cfg->mouse) ? "true" : "false", out);
		break;
	case CT_SORT: put_scalar(out, cfg->sort); break;
	case CT_COLUMNS:
		putc('[', out);
		for (i = 0; i < cfg->ncolumns; i++)
			fprintf(out, "%s%s", i ? ", " : "", config_column_name(cfg->columns[i]));
		putc(']', out);
		break;
	case CT_PATH: fputs(path_mode_name(cfg->path), out); break;
	case CT_SECONDS: put_number(out, cfg->interval); break;
	case CT_PERCENT:
		put_number(out, id == CFG_DOT_NODE_THRES ? cfg->node_thres : cfg->edge_thres);
		break;
	case CT_COUNT: fprintf(out, "%lu", cfg->max_nodes); break;
	case CT_COLORMAP: fputs(colormap_names[cfg->colormap], out); break;
	case CT_FORMAT: put_scalar(out, cfg->render); break;
	case CT_COLOR: put_color(out, &cfg->colors[id - CFG_COLOR_FIRST]); break;
	case CT_PATH_MAP: {
		const char *p;
		putc('[', out);
		for (p = cfg->path_map; p < cfg->path_map + cfg->path_map_len; p += strlen(p) + 1) {
			fputs(p == cfg->path_map ? "" : ", ", out);
			put_scalar(out, p);
		}
		putc(']', out);
		break;
	}
	case CT_FLAME_COLORS: fputs(cfg->flame_heat ? "heat" : "module", out); break;
	case CT_BIND: break;
	}
}

const char *config_value_text(const struct config *cfg, int id, char *buf, size_t size)
{
	FILE *f;

	buf[0] = 0;
	if (id < 0 || id >= CFG_COUNT || size < 2 || !(f = fmemopen(buf, size, "w")))
		return buf;
	put_value(f, cfg, id);
	fclose(f);
	return buf;
}

static const char *section_help(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NELEM(sections); i++)
		if (strlen(sections[i].name) == len && strncmp(sections[i].name, name, len) == 0)
			return sections[i].help;
	return NULL;
}

int config_dump(FILE *out, const struct config *cfg)
{
	const char *section = "";
	size_t seclen = 0;
	int id;

	fputs("# proftop configuration, read from --config FILE, else $PROFTOP_CONFIG, else\n"
	      "# $XDG_CONFIG_HOME/proftop/config.yaml (~/.config/proftop/config.yaml).\n"
	      "# Any option may be left out.  proftop --dump-config prints the one in\n"
	      "# effect; proftop --no-config --dump-config prints the defaults.\n", out);
	for (id = 0; id < CFG_COUNT; id++) {
		const struct config_option_def *d = &config_option_defs[id];
		const char *dot = strchr(d->name, '.');
		size_t len = dot ? (size_t)(dot - d->name) : 0;
		const char *indent = len ? "  " : "";

		if (len != seclen || strncmp(d->name, section, len) != 0) {
			section = d->name;
			seclen = len;
			if (len) {
				const char *help = section_help(d->name, len);
				putc('\n', out);
				if (help)
					put_comment(out, "", help);
				fprintf(out, "%.*s:\n", (int)len, d->name);
			}
		}
		if (!len)
			putc('\n', out);
		put_comment(out, indent, d->help);
		fprintf(out, "%s%s:", indent, len ? dot + 1 : d->name);
		if (d->type == CT_BIND) {
			putc('\n', out);
			put_bind(out, cfg);
			continue;
		}
		putc(' ', out);
		put_value(out, cfg, id);
		putc('\n', out);
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}
