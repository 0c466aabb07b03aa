/* Command-line parsing and dispatch; no logic of its own. */
#include "autoconfig.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/batch.h"
#include "proftop/config.h"
#include "proftop/diff.h"
#include "proftop/endpoints.h"
#include "proftop/options.h"
#include "proftop/pstats_write.h"
#include "proftop/source.h"
#include "proftop/termsafe.h"
#include "proftop/tui.h"

const struct option_def option_defs[OPT_COUNT] = {
#define OPT_DEF(id, name, short, arg, argname, help) { name, short, arg, argname, help },
	OPTIONS(OPT_DEF)
#undef OPT_DEF
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage: proftop [OPTION]... FILE...\n"
		     "Browse Python profiler dumps (pstats files from cProfile or profile).\n\n");
	for (i = 0; i < OPT_COUNT; i++) {
		const struct option_def *d = &option_defs[i];
		char left[64];
		if (d->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", d->short_name, d->name,
				 d->arg_name ? " " : "", d->arg_name ? d->arg_name : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", d->name,
				 d->arg_name ? " " : "", d->arg_name ? d->arg_name : "");
		fprintf(out, "  %-28s %s\n", left, d->help);
	}
	fprintf(out, "\nExit status: 0 ok, 1 usage error, 2 unreadable or invalid dump.\n"
		     "See proftop(1) for keys, configuration and examples.\n");
}

static int add_restriction(struct options *o, const struct restriction *r)
{
	struct restriction *nr = realloc(o->restrictions, (o->nrestrictions + 1) * sizeof *nr);

	if (!nr)
		return (fprintf(stderr, "proftop: out of memory\n"), -1);
	o->restrictions = nr;
	o->restrictions[o->nrestrictions++] = *r;
	return 0;
}

static int add_diff_file(struct options *o, const char *path)
{
	char **nf = realloc(o->diff_files, (o->ndiff_files + 1) * sizeof *nf);

	if (!nf)
		return (fprintf(stderr, "proftop: out of memory\n"), -1);
	o->diff_files = nf;
	o->diff_files[o->ndiff_files++] = (char *)path;
	return 0;
}

static int add_since_file(struct options *o, const char *path)
{
	char **nf = realloc(o->live.since, (o->live.nsince + 1) * sizeof *nf);

	if (!nf)
		return (fprintf(stderr, "proftop: out of memory\n"), -1);
	o->live.since = nf;
	o->live.since[o->live.nsince++] = (char *)path;
	return 0;
}

/* --path-map OLD=NEW, checked here: a typo is a usage error, not a
 * source view that finds nothing. */
static int add_path_map(struct options *o, const char *spec)
{
	char **nm;
	struct err e;

	if (path_map_check(spec, &e) < 0) {
		fprintf(stderr, "proftop: --path-map: %s\n", e.msg);
		return -1;
	}
	nm = realloc(o->path_maps, (o->npath_maps + 1) * sizeof *nm);
	if (!nm)
		return (fprintf(stderr, "proftop: out of memory\n"), -1);
	o->path_maps = nm;
	o->path_maps[o->npath_maps++] = (char *)spec;
	return 0;
}

/* --interval SECONDS: a positive number, at most an hour. */
static int parse_interval(struct options *o, const char *arg)
{
	char *end;
	double s = strtod(arg, &end);

	if (end == arg || *end || !(s >= 0.01 && s <= 3600)) {
		fprintf(stderr, "proftop: --interval: '%s' is not a number of seconds between 0.01 and 3600\n", arg);
		return -1;
	}
	o->live.interval_ms = (long long)(s * 1000 + 0.5);
	return 0;
}

static int runs_ui(const struct options *o);

/* --sort names pstats keys, or difference keys with --diff; the table
 * also takes its own (tpercall, cpercall, live mode's rates). */
static int parse_sort(struct options *o)
{
	struct err e;

	if (!o->sort_text)
		return 0;
	if (o->endpoints.dir) {
		enum ep_sort s;
		if (endpoint_sort_parse(o->sort_text, &s) == 0)
			return 0;
		fprintf(stderr, "proftop: --sort: unknown endpoint key '%s' (try total, count, mean, max, name)\n",
			o->sort_text);
		return -1;
	}
	if (o->ndiff_files) {
		if (diff_sort_lookup(o->sort_text))
			return 0;
		fprintf(stderr, "proftop: --sort: unknown difference key '%s' (try dcumtime, dtottime, dcalls, cumtime%%, tottime%%, calls%%, old, new, name)\n",
			o->sort_text);
		return -1;
	}
	if (sort_spec_parse(&o->sort, o->sort_text, runs_ui(o), &e) == 0)
		return 0;
	fprintf(stderr, "proftop: --sort: %s\n", e.msg);
	return -1;
}

static int parse_marshal_version(struct options *o, const char *arg)
{
	if (arg[0] >= '0' && arg[0] <= '4' && !arg[1]) {
		o->write.marshal_version = arg[0] - '0';
		return 0;
	}
	fprintf(stderr, "proftop: --marshal-version takes 0 to 4, not '%s'\n", arg);
	return -1;
}

static int parse_option(struct options *o, int id, const char *arg)
{
	struct restriction r;
	struct err e;

	switch (id) {
	case OPT_PRINT: o->mode = MODE_PRINT; return 0;
	case OPT_SORT: o->sort_text = arg; return 0;
	case OPT_REVERSE: o->reverse = 1; return 0;
	case OPT_STRIP: o->strip = 1; return 0;
	case OPT_PATH:
		if (path_mode_parse(arg, &o->path) < 0) {
			fprintf(stderr, "proftop: --path takes full, short or unique, not '%s'\n", arg);
			return -1;
		}
		o->path_given = 1;
		o->strip = o->path == PATH_SHORT;
		return 0;
	case OPT_FILTER:
		memset(&r, 0, sizeof r);
		r.kind = RESTRICT_REGEX;
		r.text = arg;
		return add_restriction(o, &r);
	case OPT_LIMIT:
		if (restriction_parse_limit(&r, arg, &e) == 0)
			return add_restriction(o, &r);
		fprintf(stderr, "proftop: %s\n", e.msg);
		return -1;
	case OPT_CALLERS: o->callers = 1; return 0;
	case OPT_CALLEES: o->callees = 1; return 0;
	case OPT_DIFF: return add_diff_file(o, arg);
	case OPT_DOT: o->dot.out = arg; return 0;
	case OPT_FLAME: o->flame.svg = arg; return 0;
	case OPT_WRITE_FOLDED: o->flame.folded = arg; return 0;
	case OPT_ROOT: o->dot.root = arg; return 0;
	case OPT_LEAF: o->dot.leaf = arg; return 0;
	case OPT_DEPTH: o->dot.depth = arg; return 0;
	case OPT_NODE_THRES: o->dot.node_thres = arg; return 0;
	case OPT_EDGE_THRES: o->dot.edge_thres = arg; return 0;
	case OPT_COLORMAP: o->dot.colormap = arg; return 0;
	case OPT_MAX_NODES: o->dot.max_nodes = arg; return 0;
	case OPT_RENDER: o->dot.render = arg; return 0;
	case OPT_FORCE: o->dot.force = 1; return 0;
	case OPT_SCRIPT: o->script = arg; return 0;
	case OPT_KEY_TIMES: o->key_times = arg; return 0;
	case OPT_WRITE_PSTATS: o->write.pstats = arg; return 0;
	case OPT_MARSHAL_VERSION: return parse_marshal_version(o, arg);
	case OPT_WRITE_CALLGRIND: o->write.callgrind = arg; return 0;
	case OPT_LIST: o->list = 1; return 0;
	case OPT_CONFIG: o->config_file = arg; return 0;
	case OPT_NO_CONFIG: o->no_config = 1; return 0;
	case OPT_DUMP_CONFIG: o->dump_config = 1; return 0;
	case OPT_WATCH: o->live.path = arg; return 0;
	case OPT_INTERVAL: return parse_interval(o, arg);
	case OPT_SINCE: return add_since_file(o, arg);
	case OPT_GLOB: o->live.glob = arg; return 0;
	case OPT_ENDPOINTS: o->endpoints.dir = arg; return 0;
	case OPT_ENDPOINT_FORMAT: o->endpoints.format = arg; return 0;
	case OPT_RAW_PATHS: o->endpoints.raw_paths = 1; return 0;
	case OPT_PATH_MAP: return add_path_map(o, arg);
	case OPT_HELP: usage(stdout); exit(EXIT_OK);
	case OPT_VERSION: printf("proftop %s\n", PACKAGE_VERSION); exit(EXIT_OK);
	default: return -1;
	}
}

/* Will main dispatch to the interactive table? */
static int runs_ui(const struct options *o)
{
	return o->mode == MODE_UI && !o->dot.out && !o->list &&
	       !o->write.pstats && !o->write.callgrind && !o->flame.svg && !o->flame.folded;
}

/* The config fills in what the command line left out: the table's sort,
 * order and paths in the UI, the dot defaults and live mode's interval. */
static void apply_config(struct options *o, const struct config *cfg)
{
	static char text[4][32];
	struct err e;

	if (runs_ui(o) && !o->sort_text && cfg->sort[0])
		sort_spec_parse(&o->sort, cfg->sort, 1, &e);   /* valid: checked on load */
	if (runs_ui(o)) {
		o->reverse |= cfg->reverse;
		o->strip |= cfg->path == PATH_SHORT && !o->path_given;
		if (!o->path_given && cfg->path == PATH_UNIQUE)
			o->path = PATH_UNIQUE;
	}
	if (!o->dot.node_thres)
		o->dot.node_thres = config_value_text(cfg, CFG_DOT_NODE_THRES, text[0], sizeof text[0]);
	if (!o->dot.edge_thres)
		o->dot.edge_thres = config_value_text(cfg, CFG_DOT_EDGE_THRES, text[1], sizeof text[1]);
	if (!o->dot.colormap)
		o->dot.colormap = config_value_text(cfg, CFG_DOT_COLORMAP, text[2], sizeof text[2]);
	if (!o->dot.max_nodes)
		o->dot.max_nodes = config_value_text(cfg, CFG_DOT_MAX_NODES, text[3], sizeof text[3]);
	if (!o->live.interval_ms)
		o->live.interval_ms = (long long)(cfg->interval * 1000 + 0.5);
}

/*
 * Loads the configuration where it is used (the UI, --dot, --flame, --watch,
 * --dump-config; --print, --diff and the writers give the same output
 * whatever the file says).  An error leaves the defaults: the UI shows it
 * on its message line; in batch modes it is a usage error when the file
 * was named with --config, else a warning.  -1: exit with EXIT_USAGE.
 */
static int load_config(struct options *o, struct config *cfg, char *msg, size_t size)
{
	int ui = runs_ui(o);
	struct err e;

	if (!ui && !o->dot.out && !o->flame.svg && !o->live.path && !o->dump_config) {
		config_defaults(cfg, NULL);
		return 0;
	}
	if (config_load(cfg, o->config_file, o->no_config, &e) == 0) {
		o->config = cfg;
		apply_config(o, cfg);
		return 0;
	}
	err_format(&e, msg, size);
	if (o->dump_config || (!ui && o->config_file)) {
		fprintf(stderr, "proftop: %s\n", msg);
		return -1;
	}
	if (ui)
		o->config_error = msg;
	else
		fprintf(stderr, "proftop: warning: %s (using the defaults)\n", msg);
	o->config = cfg;
	apply_config(o, cfg);
	return 0;
}

int main(int argc, char **argv)
{
	struct option longopts[OPT_COUNT + 1];
	char shortopts[2 * OPT_COUNT + 1];
	struct options o;
	struct config cfg;
	char cfg_msg[ERR_MSG_MAX + 300];
	size_t i, ns = 0;
	int c, rc;

	/* Text handling follows the user's locale; numbers stay as pstats prints them. */
	setlocale(LC_CTYPE, "");
	/* messages quote names from dumps, archives and configurations */
	termsafe_stderr();
	memset(&o, 0, sizeof o);
	o.write.marshal_version = PSTATS_WRITE_VERSION;
	memset(longopts, 0, sizeof longopts);
	for (i = 0; i < OPT_COUNT; i++) {
		longopts[i].name = option_defs[i].name;
		longopts[i].has_arg = option_defs[i].has_arg ? required_argument : no_argument;
		longopts[i].val = 256 + (int)i;
		if (option_defs[i].short_name) {
			shortopts[ns++] = option_defs[i].short_name;
			if (option_defs[i].has_arg)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int id = -1;
		if (c >= 256)
			id = c - 256;
		else
			for (i = 0; i < OPT_COUNT; i++)
				if (option_defs[i].short_name == c)
					id = (int)i;
		if (id < 0 || parse_option(&o, id, optarg) < 0) {
			fprintf(stderr, "Try 'proftop --help'.\n");
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (parse_sort(&o) < 0) {
		fprintf(stderr, "Try 'proftop --help'.\n");
		rc = EXIT_USAGE;
		goto out;
	}
	o.files = argv + optind;
	o.nfiles = (size_t)(argc - optind);
	if (load_config(&o, &cfg, cfg_msg, sizeof cfg_msg) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (o.dump_config) {
		rc = config_dump(stdout, &cfg) < 0 ? EXIT_USAGE : EXIT_OK;
		goto out;
	}
	if (o.nfiles && o.live.path) {
		/* name both: "--watch --interval 1 app.prof" watches "--interval" */
		fprintf(stderr, "proftop: --watch takes the one dump (or directory) to follow, here '%s'; no other FILE ('%s')\nTry 'proftop --help'.\n",
			o.live.path, o.files[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (o.endpoints.dir && (o.nfiles || o.live.path || o.ndiff_files)) {
		fprintf(stderr, "proftop: --endpoints takes the one directory of dumps; no other FILE\nTry 'proftop --help'.\n");
		rc = EXIT_USAGE;
		goto out;
	}
	if (o.nfiles == 0 && !o.live.path && !o.endpoints.dir) {
		fprintf(stderr, "proftop: no dump given\nTry 'proftop --help'.\n");
		rc = EXIT_USAGE;
		goto out;
	}
	/* a report on a terminal shows names escaped; the UI draws its own */
	if (o.mode != MODE_UI || o.write.pstats || o.write.callgrind || o.list || o.dot.out ||
	    o.flame.svg || o.flame.folded)
		termsafe_stdout();
	if (o.write.pstats || o.write.callgrind)
		rc = batch_export(&o);
	else if (o.list)
		rc = batch_list(&o);
	else if (o.dot.out)
		rc = batch_dot(&o);
	else if (o.flame.svg || o.flame.folded)
		rc = batch_flame(&o);
	else if (o.live.path && o.mode == MODE_PRINT)
		rc = batch_live_print(&o);
	else if (o.endpoints.dir && o.mode == MODE_PRINT)
		rc = batch_endpoints(&o);
	else
		rc = o.mode == MODE_UI ? tui_run(&o) : o.ndiff_files ? batch_diff(&o) : batch_print(&o);
out:
	/* every exit path frees what the options hold: sanitizer runs count leaks */
	free(o.restrictions);
	free(o.diff_files);
	free(o.live.since);
	free(o.path_maps);
	return rc;
}
