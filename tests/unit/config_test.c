/* The configuration without a terminal: the table's defaults, colours, key
 * bindings, and the --dump-config round trip.  Files are written to
 * $TESTTMP (or /tmp). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "proftop/config.h"

static char tmpdir[512];

/* Writes text to a new file and loads it; returns config_load_file's result. */
static int load_text(struct config *cfg, const char *text, struct err *e)
{
	static int n;
	char path[600];
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "%s/config_test_%d_%d.yaml", tmpdir, (int)getpid(), n++);
	f = fopen(path, "w");
	if (!f)
		return -2;
	fputs(text, f);
	fclose(f);
	rc = config_load_file(cfg, path, e);
	unlink(path);
	return rc;
}

/* cfg written by config_dump, malloc'd. */
static char *dump(const struct config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	config_dump(f, cfg);
	fclose(f);
	return buf;
}

static int same_dump(const struct config *a, const struct config *b)
{
	char *da = dump(a), *db = dump(b);
	int same = da && db && strcmp(da, db) == 0;

	free(da);
	free(db);
	return same;
}

/* Does the error read "FILE:LINE:COL: ..." with this line, column and text? */
static int error_is(const struct err *e, int line, int col, const char *msg)
{
	return e->set && e->line == line && e->col == col && strstr(e->msg, msg) != NULL;
}

static void test_defaults(void)
{
	struct config cfg;
	struct keymap km;
	struct err e;
	size_t i;
	int ok = 1;

	CHECK("config: every default in the table parses", config_defaults(&cfg, &e) == 0);
	keymap_defaults(&km);
	for (i = 0; i < km.n; i++)
		ok &= keymap_lookup(&cfg.keys, km.map[i].key) == km.map[i].act;
	CHECK("config: default bindings are ACTIONS' keys", ok && cfg.keys.n == km.n);
	CHECK("config: default path is full", cfg.path == PATH_FULL);
	CHECK("config: default dot thresholds are gprof2dot's",
	      cfg.node_thres == GRAPH_NODE_THRES * 100 && cfg.edge_thres == GRAPH_EDGE_THRES * 100);
	CHECK("config: default max-nodes is graph's", cfg.max_nodes == GRAPH_MAX_NODES);
	CHECK("config: every column shown by default (live ones come with live mode)",
	      cfg.ncolumns == VCOL_COUNT - 3);
	CHECK("config: column names come from VIEW_COLUMNS",
	      strcmp(config_column_name(VCOL_PCT_OWN), "pct-own") == 0 &&
	      strcmp(config_column_name(VCOL_NAME), "name") == 0 && !config_column_name(VCOL_COUNT));
}

static void test_colors(void)
{
	CHECK("colour: default", config_color_by_name("default") == -1);
	CHECK("colour: red", config_color_by_name("red") == 1);
	CHECK("colour: bright-white", config_color_by_name("bright-white") == 15);
	CHECK("colour: color255", config_color_by_name("color255") == 255);
	CHECK("colour: color256 is unknown", config_color_by_name("color256") == -2);
	CHECK("colour: color01 is unknown", config_color_by_name("color01") == -2);
	CHECK("colour: bright-default is unknown", config_color_by_name("bright-default") == -2);
	CHECK("colour fit: kept when the terminal has it", config_color_fit(100, 256) == 100);
	CHECK("colour fit: default stays default", config_color_fit(-1, 8) == -1);
	CHECK("colour fit: 196 (#ff0000) is bright red in 16", config_color_fit(196, 16) == 9);
	CHECK("colour fit: 196 is red in 8", config_color_fit(196, 8) == 1);
	CHECK("colour fit: 231 (#ffffff) is bright white in 16", config_color_fit(231, 16) == 15);
	CHECK("colour fit: 232 (dark grey) is black in 8", config_color_fit(232, 8) == 0);
	CHECK("colour fit: bright blue is blue in 8", config_color_fit(12, 8) == 4);
}

static void test_values(void)
{
	struct config cfg;
	struct err e;

	CHECK("load: values of every type",
	      load_text(&cfg, "sort: tpercall\nreverse: yes\ncolumns: [name, ncalls]\npath: short\n"
			      "mouse: off\ninterval: 0.25\ndot:\n  node-thres: 2\n  colormap: gray\n"
			      "  max-nodes: 0\n  render: png\ncolors:\n  title: bold color196 on default\n",
			&e) == 0);
	CHECK("load: sort", strcmp(cfg.sort, "tpercall") == 0);
	CHECK("load: reverse", cfg.reverse == 1);
	CHECK("load: columns in order",
	      cfg.ncolumns == 2 && cfg.columns[0] == VCOL_NAME && cfg.columns[1] == VCOL_NCALLS);
	CHECK("load: path", cfg.path == PATH_SHORT);
	CHECK("load: mouse", cfg.mouse == 0);
	CHECK("load: interval", cfg.interval == 0.25);
	CHECK("load: dot", cfg.node_thres == 2 && cfg.edge_thres == 0.1 &&
	      cfg.colormap == DOT_CM_GRAY && cfg.max_nodes == 0 && strcmp(cfg.render, "png") == 0);
	CHECK("load: colour", cfg.colors[CFG_COLOR_TITLE - CFG_COLOR_FIRST].fg == 196 &&
	      cfg.colors[CFG_COLOR_TITLE - CFG_COLOR_FIRST].bg == -1 &&
	      cfg.colors[CFG_COLOR_TITLE - CFG_COLOR_FIRST].attrs == CFG_ATTR_BOLD);
	CHECK("load: source remembered", strstr(cfg.source, "config_test_") != NULL);
	CHECK("load: columns as a string", load_text(&cfg, "columns: cumtime name\n", &e) == 0 &&
	      cfg.ncolumns == 2 && cfg.columns[0] == VCOL_CUMTIME);
	CHECK("load: an empty file is the defaults", load_text(&cfg, "", &e) == 0);
	CHECK("load: comments only are the defaults", load_text(&cfg, "# nothing\n", &e) == 0);
}

static void test_bind(void)
{
	struct config cfg;
	struct keymap km;
	struct err e;

	CHECK("bind: quit Q", load_text(&cfg, "bind: {quit: Q}\n", &e) == 0);
	CHECK("bind: Q quits", keymap_lookup(&cfg.keys, 'Q') == ACT_QUIT);
	CHECK("bind: q no longer quits (the listed keys replace the defaults)",
	      keymap_lookup(&cfg.keys, 'q') == ACT_NONE);
	CHECK("bind: other actions keep their keys", keymap_lookup(&cfg.keys, 'j') == ACT_MOVE_DOWN);

	CHECK("bind: a key taken from another action", load_text(&cfg, "bind:\n  filter: s\n", &e) == 0);
	CHECK("bind: s filters", keymap_lookup(&cfg.keys, 's') == ACT_FILTER);
	CHECK("bind: sort keeps F6", keymap_lookup(&cfg.keys, key_by_name("F6")) == ACT_SORT);
	CHECK("bind: f no longer filters", keymap_lookup(&cfg.keys, 'f') == ACT_NONE);

	CHECK("bind: several keys as a list and as words",
	      load_text(&cfg, "bind:\n  quit: [q, Q]\n  limit: l L\n", &e) == 0 &&
	      keymap_lookup(&cfg.keys, 'q') == ACT_QUIT && keymap_lookup(&cfg.keys, 'Q') == ACT_QUIT &&
	      keymap_lookup(&cfg.keys, 'l') == ACT_LIMIT && keymap_lookup(&cfg.keys, 'L') == ACT_LIMIT);
	CHECK("bind: [] unbinds", load_text(&cfg, "bind: {help: []}\n", &e) == 0 &&
	      keymap_lookup(&cfg.keys, '?') == ACT_NONE);

	CHECK("bind: unknown action", load_text(&cfg, "bind:\n  quitt: Q\n", &e) < 0 &&
	      error_is(&e, 2, 3, "unknown action 'quitt' (did you mean 'quit'?)"));
	CHECK("bind: unknown key", load_text(&cfg, "bind:\n  quit: Ctrl-q\n", &e) < 0 &&
	      error_is(&e, 2, 9, "unknown key name 'Ctrl-q'"));
	CHECK("bind: duplicate key", load_text(&cfg, "bind:\n  quit: x\n  help: [y, x]\n", &e) < 0 &&
	      error_is(&e, 3, 13, "x is already bound to quit at line 2"));
	keymap_defaults(&km);
	CHECK("bind: an error leaves the default keys", cfg.keys.n == km.n &&
	      memcmp(cfg.keys.map, km.map, km.n * sizeof km.map[0]) == 0);
}

static void test_errors(void)
{
	struct config cfg, def;
	struct err e;

	config_defaults(&def, NULL);
	CHECK("error: unknown option with a suggestion", load_text(&cfg, "sort: time\nreverze: true\n", &e) < 0 &&
	      error_is(&e, 2, 1, "unknown option 'reverze' (did you mean 'reverse'?)"));
	CHECK("error: leaves every option at its default", same_dump(&cfg, &def));
	CHECK("error: wrong type", load_text(&cfg, "mouse: [1]\n", &e) < 0 &&
	      error_is(&e, 1, 8, "mouse: expected a single value, not a list"));
	CHECK("error: syntax", load_text(&cfg, "sort: [\n", &e) < 0 && e.line == 2 && e.col == 1);
	CHECK("error: the file name is in the error", load_text(&cfg, "x: 1\n", &e) < 0 &&
	      strstr(e.file, "config_test_") != NULL);
	CHECK("error: a missing file", config_load_file(&cfg, "/nonexistent/proftop.yaml", &e) < 0 &&
	      strcmp(e.msg, "No such file or directory") == 0);
}

static void test_round_trip(void)
{
	struct config cfg, back;
	struct err e;
	char *text, path[600];
	FILE *f;

	CHECK("round trip: load", load_text(&cfg,
		"sort: cumulative,name\nreverse: true\ncolumns: [name, tottime]\ninterval: 0.1\n"
		"dot: {node-thres: 0.333333333333333333, edge-thres: 3, colormap: bw}\n"
		"colors: {cursor: reverse, heat1: dim color17 on color250, error: default on red}\n"
		"bind: {quit: [Q, '\"'], filter: ['&', '\\', '#'], search: ' ', help: <}\n", &e) == 0);
	text = dump(&cfg);
	snprintf(path, sizeof path, "%s/config_test_rt_%d.yaml", tmpdir, (int)getpid());
	f = fopen(path, "w");
	if (f && text) {
		fputs(text, f);
		fclose(f);
	}
	CHECK("round trip: the dump loads", config_load_file(&back, path, &e) == 0);
	CHECK("round trip: and dumps the same", same_dump(&cfg, &back));
	CHECK("round trip: same keymap", cfg.keys.n == back.keys.n &&
	      memcmp(cfg.keys.map, back.keys.map, cfg.keys.n * sizeof cfg.keys.map[0]) == 0);
	CHECK("round trip: exact double", back.node_thres == cfg.node_thres);
	unlink(path);
	free(text);
}

int main(void)
{
	const char *t = getenv("TESTTMP");

	snprintf(tmpdir, sizeof tmpdir, "%s", t && *t ? t : "/tmp");
	test_defaults();
	test_colors();
	test_values();
	test_bind();
	test_errors();
	test_round_trip();
	return CHECK_DONE();
}
