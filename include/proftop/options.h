/*
 * Command-line options: one table (OPTIONS) declares each option once; the
 * getopt table, --help and the man page check are generated from it.
 */
#ifndef PROFTOP_OPTIONS_H
#define PROFTOP_OPTIONS_H

#include <stddef.h>

#include "proftop/pathmode.h"
#include "proftop/query.h"

/* OPT(id, long name, short, has_arg, arg name, help) */
#define OPTIONS(OPT) \
	OPT(PRINT, "print", 0, 0, NULL, "print a pstats report (text identical to Python's pstats) and exit") \
	OPT(SORT, "sort", 0, 1, "KEY[,KEY..]", "sort by pstats keys: calls cumulative filename line name nfl pcalls stdname time (unique prefixes too); the table also by tpercall cpercall and, live, +calls calls/s time/s") \
	OPT(REVERSE, "reverse", 0, 0, NULL, "reverse the sort order") \
	OPT(STRIP, "strip", 0, 0, NULL, "strip directories from file names, merging functions as pstats' strip_dirs()") \
	OPT(PATH, "path", 0, 1, "full|short|unique", "file names in full, short (as --strip) or as the shortest tails that keep files apart (nothing merged); also the --dot labels") \
	OPT(FILTER, "filter", 0, 1, "RE", "keep functions whose filename:lineno(function) matches RE (repeatable; in order with --limit)") \
	OPT(LIMIT, "limit", 0, 1, "N|FRACTION", "keep the first N lines, or that fraction of them (repeatable)") \
	OPT(CALLERS, "callers", 0, 0, NULL, "with --print: print who called each function (print_callers) instead of the table") \
	OPT(CALLEES, "callees", 0, 0, NULL, "with --print: print what each function called (print_callees) instead of the table") \
	OPT(DIFF, "diff", 0, 1, "OLD", "compare OLD (repeatable: merged) with the FILEs given; with --print, a text table of differences; with --dot, their graph coloured by difference (the filter, limits and --root/--leaf/--depth apply alike)") \
	OPT(DOT, "dot", 0, 1, "OUT", "write the call graph as graphviz dot to OUT ('-': stdout) and exit; --filter/--limit choose the functions") \
	OPT(FLAME, "flame", 0, 1, "OUT.svg", "write a flame graph (estimated stacks) as a self-contained SVG to OUT and exit; --filter/--limit choose the functions (the others give their place to their callees), --root/--leaf/--depth apply") \
	OPT(WRITE_FOLDED, "write-folded", 0, 1, "OUT", "write the estimated stacks in the folded format (a;b;c MICROSECONDS) of flamegraph.pl, inferno and speedscope to OUT ('-': stdout) and exit; as --flame chooses them") \
	OPT(ROOT, "root", 0, 1, "RE", "with --dot: keep functions reachable from those whose filename:lineno(function) matches RE; with --flame: the flame graph of those functions") \
	OPT(LEAF, "leaf", 0, 1, "RE", "with --dot: keep functions from which those matching RE are reachable; with --flame: only the stacks that reach them") \
	OPT(DEPTH, "depth", 0, 1, "N", "with --dot: --root/--leaf go at most N calls deep; with --flame: stacks at most N calls below the top") \
	OPT(NODE_THRES, "node-thres", 0, 1, "PCT", "with --dot: drop functions below PCT % of the total time (default 0.5)") \
	OPT(EDGE_THRES, "edge-thres", 0, 1, "PCT", "with --dot: drop calls below PCT % of the total time (default 0.1)") \
	OPT(COLORMAP, "colormap", 0, 1, "NAME", "with --dot: colour map color, pink, gray, bw or print (gprof2dot's)") \
	OPT(MAX_NODES, "max-nodes", 0, 1, "N", "with --dot: keep at most N functions, grown from the hottest along calls so that none is left without an edge, with a warning (default 200, 0: no limit)") \
	OPT(RENDER, "render", 0, 1, "FORMAT", "with --dot OUT: also run graphviz dot -TFORMAT (svg, png, pdf...) into OUT with that extension") \
	OPT(FORCE, "force", 0, 0, NULL, "with --dot: write through a symlink (replacing its target) instead of refusing") \
	OPT(SCRIPT, "script", 0, 1, "FILE", "drive the interactive table headless from a key script (tests; also $PROFTOP_SCRIPT)") \
	OPT(KEY_TIMES, "key-times", 0, 1, "FILE", "in the interactive table, write each key's action, handling time and CPU time (microseconds) to FILE") \
	OPT(WRITE_PSTATS, "write-pstats", 0, 1, "OUT", "write what --print would list (merged; --strip, --since, --filter/--limit applied) as a pstats dump to OUT ('-': stdout) and exit") \
	OPT(MARSHAL_VERSION, "marshal-version", 0, 1, "N", "with --write-pstats: marshal version 0-4 (default 4, Python 3.4+; Python 2.7 reads 0-2)") \
	OPT(WRITE_CALLGRIND, "write-callgrind", 0, 1, "OUT", "write the profile as a callgrind file (KCachegrind, callgrind_annotate) to OUT and exit") \
	OPT(LIST, "list", 0, 0, NULL, "list the dumps in each FILE (archive members: bytes, calls, seconds) and exit") \
	OPT(CONFIG, "config", 0, 1, "FILE", "read the configuration from FILE instead of $PROFTOP_CONFIG or ~/.config/proftop/config.yaml") \
	OPT(NO_CONFIG, "no-config", 0, 0, NULL, "read no configuration file: the defaults only") \
	OPT(DUMP_CONFIG, "dump-config", 0, 0, NULL, "print the configuration in effect as YAML and exit (1 if the file has an error)") \
	OPT(WATCH, "watch", 'w', 1, "FILE|DIR", "live mode: follow FILE as a profiler rewrites it, or merge the dumps in DIR as they appear") \
	OPT(INTERVAL, "interval", 0, 1, "SECONDS", "live mode: how often to poll the file and sample rates (default 1)") \
	OPT(SINCE, "since", 0, 1, "FILE", "show only what happened after the dump FILE (repeatable: merged); live mode's first baseline") \
	OPT(GLOB, "glob", 0, 1, "PATTERN", "with --watch DIR: which files are dumps (default *.prof)") \
	OPT(ENDPOINTS, "endpoints", 0, 1, "DIR", "per-request dumps in DIR (Werkzeug ProfilerMiddleware's) grouped by endpoint; with --print, a text table") \
	OPT(ENDPOINT_FORMAT, "endpoint-format", 0, 1, "FORMAT", "with --endpoints: the dump names' format (default {method}.{path}.{elapsed:.0f}ms.{time:.0f}.prof)") \
	OPT(RAW_PATHS, "raw-paths", 0, 0, NULL, "with --endpoints: keep ids in paths apart (by default numbers, UUIDs and long hex group as <int> <uuid> <hex>)") \
	OPT(PATH_MAP, "path-map", 0, 1, "OLD=NEW", "read source files recorded under directory OLD (a server's, a container's) from NEW on this machine, for the UI's source view (v) and editor (o); repeatable, the first matching prefix wins, before the configuration's path-map") \
	OPT(HELP, "help", 'h', 0, NULL, "show this help and exit") \
	OPT(VERSION, "version", 'V', 0, NULL, "show the version and exit")

enum option_id {
#define OPT_ENUM(id, name, short, arg, argname, help) OPT_##id,
	OPTIONS(OPT_ENUM)
#undef OPT_ENUM
	OPT_COUNT
};

struct option_def {
	const char *name;
	char short_name;
	int has_arg;
	const char *arg_name;
	const char *help;
};
extern const struct option_def option_defs[OPT_COUNT];

enum run_mode { MODE_UI, MODE_PRINT };

struct config;

struct options {
	enum run_mode mode;
	struct sort_spec sort;
	const char *sort_text;              /* --sort as given (diff keys differ) */
	int reverse;
	int strip;
	enum path_mode path;                /* --path (short also sets strip) */
	int path_given;
	int callers, callees;
	struct restriction *restrictions;   /* --filter and --limit, in order */
	size_t nrestrictions;
	char **files;
	size_t nfiles;
	struct {                            /* --write-pstats, --write-callgrind */
		const char *pstats, *callgrind;
		int marshal_version;
	} write;
	int list;                           /* --list */
	char **diff_files;                  /* --diff OLD..., in order */
	size_t ndiff_files;
	const char *script, *key_times;     /* --script, --key-times (the UI) */
	struct {                            /* --dot and its options, as given */
		const char *out, *root, *leaf, *depth, *node_thres, *edge_thres;
		const char *colormap, *max_nodes, *render;
		int force;
	} dot;
	struct {                            /* --flame, --write-folded */
		const char *svg, *folded;
	} flame;
	const char *config_file;            /* --config */
	int no_config, dump_config;
	const struct config *config;        /* loaded by main: defaults on an error */
	const char *config_error;           /* the file's error for the UI to show, or NULL */
	struct {                            /* --endpoints DIR, --endpoint-format */
		const char *dir, *format;
		int raw_paths;              /* --raw-paths: ids in paths not grouped */
	} endpoints;
	char **path_maps;                   /* --path-map OLD=NEW, in order */
	size_t npath_maps;
	struct {                            /* live mode: --watch, --interval, --since, --glob */
		const char *path, *glob;
		long long interval_ms;      /* 0: the default */
		char **since;
		size_t nsince;
	} live;
};

#endif
