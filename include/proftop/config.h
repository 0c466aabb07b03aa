/*
 * The configuration file: YAML read with libyaml's document API.
 *
 * CONFIG_OPTIONS declares every option once: its name (dotted for a nested
 * one: "dot.node-thres" is `node-thres:` under `dot:`), its type, its default
 * (as text, parsed by the same code as a file's value) and its help.  The
 * parser, the defaults, --dump-config (which writes data/proftop.yaml) and the
 * documentation check all come from it.  Curses-free.
 *
 * Where it is read from: --config FILE, else $PROFTOP_CONFIG, else
 * $XDG_CONFIG_HOME/proftop/config.yaml (default ~/.config/proftop/config.yaml);
 * --no-config reads nothing.  A missing file is only an error when it was
 * named (--config or $PROFTOP_CONFIG).  Any error leaves the whole
 * configuration at its defaults: a file is applied entirely or not at all.
 */
#ifndef PROFTOP_CONFIG_H
#define PROFTOP_CONFIG_H

#include <limits.h>
#include <stdio.h>

#include "proftop/err.h"
#include "proftop/graph.h"
#include "proftop/keys.h"
#include "proftop/view.h"

enum config_type {
	CT_BOOL,      /* true/false (yes/no, on/off) */
	CT_SORT,      /* pstats sort keys, or tpercall/cpercall; "" for dict order */
	CT_COLUMNS,   /* a list of column names */
	CT_PATH,      /* full | short */
	CT_SECONDS,   /* a number of seconds */
	CT_PERCENT,   /* 0 to 100 */
	CT_COUNT,     /* a whole number >= 0 */
	CT_COLORMAP,  /* a dot colour map */
	CT_FORMAT,    /* a graphviz output format */
	CT_COLOR,     /* "[attribute...] [colour] [on colour]" */
	CT_FLAME_COLORS, /* module | heat */
	CT_BIND,      /* action: key(s) */
	CT_PATH_MAP   /* OLD=NEW, or a list of them */
};

/* CFG(id, name, type, default, help) */
#define CONFIG_OPTIONS(CFG) \
	CFG(SORT, "sort", CT_SORT, "cumulative", "the table's sort when it opens (not --print's): pstats keys (calls cumulative filename line name nfl pcalls stdname time), tpercall, cpercall, or live mode's +calls calls/s time/s; \"\" keeps the dump's order") \
	CFG(REVERSE, "reverse", CT_BOOL, "false", "reverse the sort order") \
	CFG(COLUMNS, "columns", CT_COLUMNS, "ncalls tottime tpercall cumtime cpercall pct-own pct-cum name", "the table's columns, in order: ncalls tottime tpercall cumtime cpercall pct-own pct-cum name; live mode adds +calls calls/s time/s before the name unless listed here") \
	CFG(PATH, "path", CT_PATH, "full", "file names in full, short (directories stripped, as pstats' strip_dirs) or unique (the shortest tails that keep files apart)") \
	CFG(MOUSE, "mouse", CT_BOOL, "true", "use the mouse in every list: click a line to select it, wheel to scroll") \
	CFG(INTERVAL, "interval", CT_SECONDS, "1", "live mode: seconds between checks of a watched dump (0.01 to 3600)") \
	CFG(PATH_MAP, "path-map", CT_PATH_MAP, "", "where the source view (v) and the editor (o) read files recorded elsewhere: OLD=NEW, or a list of them, maps a path under directory OLD (a server's, a container's, /app) to NEW on this machine; the first matching prefix wins, after --path-map's") \
	CFG(DOT_NODE_THRES, "dot.node-thres", CT_PERCENT, "0.5", "leave out functions below this share of the total time, in percent") \
	CFG(DOT_EDGE_THRES, "dot.edge-thres", CT_PERCENT, "0.1", "leave out calls below this share of the total time, in percent") \
	CFG(DOT_COLORMAP, "dot.colormap", CT_COLORMAP, "color", "colour map: color, pink, gray, bw or print") \
	CFG(DOT_MAX_NODES, "dot.max-nodes", CT_COUNT, "200", "keep at most this many functions, grown from the hottest along calls so that none is left without an edge; 0 for no limit") \
	CFG(DOT_RENDER, "dot.render", CT_FORMAT, "svg", "format graphviz renders to: svg, png, pdf, ps, eps, jpg or gif") \
	CFG(FLAME_COLORS, "flame.colors", CT_FLAME_COLORS, "module", "colour frames by module (one hue per file) or by heat (their own time's share)") \
	CFG(COLOR_TITLE, "colors.title", CT_COLOR, "bold black on green", "the title line and the column headers") \
	CFG(COLOR_STATUS, "colors.status", CT_COLOR, "black on cyan", "the status line") \
	CFG(COLOR_CURSOR, "colors.cursor", CT_COLOR, "black on cyan", "the selected line") \
	CFG(COLOR_HEAT1, "colors.heat1", CT_COLOR, "green", "times of 1 % of the total or more") \
	CFG(COLOR_HEAT2, "colors.heat2", CT_COLOR, "yellow", "5 % or more") \
	CFG(COLOR_HEAT3, "colors.heat3", CT_COLOR, "magenta", "20 % or more") \
	CFG(COLOR_HEAT4, "colors.heat4", CT_COLOR, "bold red", "50 % or more") \
	CFG(COLOR_ESCAPE, "colors.escape", CT_COLOR, "magenta", "escaped bytes (\\xNN) in names from the dump") \
	CFG(COLOR_ERROR, "colors.error", CT_COLOR, "bold red", "error messages") \
	CFG(BIND, "bind", CT_BIND, NULL, "keys per action; an action listed here gets exactly these keys in place of its defaults, and a key listed here leaves the action it had")

struct config_option_def {
	const char *name;
	enum config_type type;
	const char *def;                 /* NULL: the type's own default */
	const char *help;
};

enum config_option_id {
#define CFG_OPT_ENUM(id, name, type, def, help) CFG_##id,
	CONFIG_OPTIONS(CFG_OPT_ENUM)
#undef CFG_OPT_ENUM
	CFG_COUNT
};
extern const struct config_option_def config_option_defs[CFG_COUNT];

/* The colour elements are the colors.* options, in the order of the UI's
 * enum tui_color (COLOR_TITLE = 1 is colors[0]). */
#define CFG_COLOR_FIRST CFG_COLOR_TITLE
#define CFG_COLOR_COUNT (CFG_COLOR_ERROR - CFG_COLOR_TITLE + 1)

/* Attributes of a colour element. */
enum {
	CFG_ATTR_BOLD = 1u << 0, CFG_ATTR_DIM = 1u << 1, CFG_ATTR_UNDERLINE = 1u << 2,
	CFG_ATTR_REVERSE = 1u << 3, CFG_ATTR_ITALIC = 1u << 4, CFG_ATTR_BLINK = 1u << 5,
	CFG_ATTR_STANDOUT = 1u << 6
};

struct config_color {
	short fg, bg;            /* -1: the terminal's default; 0-255 */
	unsigned attrs;          /* CFG_ATTR_* */
};

#define CONFIG_PATH_MAP_BYTES 8192

struct config {
	char sort[128];                  /* as written (valid), "" for dict order */
	int reverse;
	int columns[VCOL_COUNT];         /* enum view_column, in display order */
	int ncolumns;
	enum path_mode path;
	int mouse;
	double interval;                 /* seconds */
	double node_thres, edge_thres;   /* percent */
	enum dot_colormap colormap;
	unsigned long max_nodes;
	char render[8];
	int flame_heat;                  /* flame.colors: heat (1) or module (0) */
	struct config_color colors[CFG_COLOR_COUNT];
	struct keymap keys;
	char path_map[CONFIG_PATH_MAP_BYTES];   /* "OLD=NEW" strings, each NUL-ended */
	size_t path_map_len;
	char source[PATH_MAX];           /* the file loaded, "" for none */
};

/* The config file's column name of a view column ("pct-own"); NULL if none. */
const char *config_column_name(int col);

/* Fills cfg with the defaults of CONFIG_OPTIONS and the default keymap.
 * -1 with e set if a default in the table does not parse (config_test). */
int config_defaults(struct config *cfg, struct err *e);

/* Loads one file over the defaults.  0, or -1 with e set ("FILE:LINE:COL:
 * message") and cfg left at the defaults. */
int config_load_file(struct config *cfg, const char *path, struct err *e);

/* The file to read: `explicit` (from --config), else $PROFTOP_CONFIG, else
 * the XDG path.  Returns 1 with buf set when the file must exist (named by
 * the user), 0 with buf set to the XDG path (which may be missing), -1 when
 * there is nowhere to look (no HOME). */
int config_path(const char *explicit, char *buf, size_t size);

/* Defaults, then the file config_path() finds, unless no_config.  0, or -1
 * with e set and cfg at the defaults. */
int config_load(struct config *cfg, const char *explicit, int no_config, struct err *e);

/* Writes cfg as commented YAML that config_load_file reads back unchanged.
 * -1 on a write error. */
int config_dump(FILE *out, const struct config *cfg);

/* Option `id` as it would be written in the file ("0.5", "color"); "" for
 * bind.  Returns buf. */
const char *config_value_text(const struct config *cfg, int id, char *buf, size_t size);

/* A colour name: "default" (-1), black..white (0-7), bright-black..bright-white
 * (8-15), color0..color255.  -2 if unknown. */
int config_color_by_name(const char *name);
/* The nearest colour a terminal of `ncolors` colours can show (8, 16, 88 or
 * 256): the colour itself when it has it, else the closest of the basic 8 or
 * 16 by RGB distance.  -1 stays -1. */
int config_color_fit(int color, int ncolors);

#endif
