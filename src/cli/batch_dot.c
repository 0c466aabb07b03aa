/* `--dot OUT`: the call graph as graphviz dot, optionally rendered. */
#include "autoconfig.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proftop/batch.h"
#include "proftop/outfile.h"
#include "proftop/dot.h"
#include "proftop/dot_diff.h"
#include "proftop/pstats_load.h"

static int usage_error(const char *opt, const char *msg)
{
	fprintf(stderr, "proftop: %s: %s\nTry 'proftop --help'.\n", opt, msg);
	return -1;
}

/* A percentage of the total time, as gprof2dot's -n/-e take it. */
static int parse_percent(const char *text, const char *opt, double *frac)
{
	char *end;
	double v;

	if (!text)
		return 0;
	errno = 0;
	v = strtod(text, &end);
	if (!*text || *end || errno || !isfinite(v) || v < 0.0 || v > 100.0)
		return usage_error(opt, "takes a percentage from 0 to 100");
	*frac = v / 100.0;
	return 0;
}

static int parse_count(const char *text, const char *opt, long long max, long long *out)
{
	char *end;
	long long v;

	if (!text)
		return 0;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (!*text || *end || errno || v < 0 || v > max)
		return usage_error(opt, "takes a whole number");
	*out = v;
	return 0;
}

static int compile(struct regex *re, const char *pattern, const char *opt)
{
	struct err e;

	if (regex_compile(re, pattern, 0, &e) == 0)
		return 0;
	fprintf(stderr, "proftop: %s: %s at offset %lld\n", opt, e.msg, e.offset);
	return -1;
}

struct dot_run {
	struct dot_opts dot;
	struct regex root, leaf;
	int have_root, have_leaf;
};

static int parse_dot_options(const struct options *o, struct dot_run *run)
{
	long long depth = -1, max_nodes = GRAPH_MAX_NODES;
	struct err e;

	dot_opts_default(&run->dot);
	run->dot.force = o->dot.force;
	/* --path full|unique label with the file name; short (or none) as gprof2dot */
	run->dot.file_labels = o->path_given && o->path != PATH_SHORT;
	if (parse_percent(o->dot.node_thres, "--node-thres", &run->dot.graph.node_thres) < 0 ||
	    parse_percent(o->dot.edge_thres, "--edge-thres", &run->dot.graph.edge_thres) < 0 ||
	    parse_count(o->dot.depth, "--depth", 1000000000, &depth) < 0 ||
	    parse_count(o->dot.max_nodes, "--max-nodes", 1000000000, &max_nodes) < 0)
		return -1;
	run->dot.graph.depth = (int)depth;
	run->dot.graph.max_nodes = (size_t)max_nodes;
	if (o->dot.colormap && dot_colormap_parse(o->dot.colormap, &run->dot.colormap, &e) < 0)
		return usage_error("--colormap", e.msg);
	if (o->dot.root) {
		if (compile(&run->root, o->dot.root, "--root") < 0)
			return -1;
		run->have_root = 1;
		run->dot.graph.root = &run->root;
	}
	if (o->dot.leaf) {
		if (compile(&run->leaf, o->dot.leaf, "--leaf") < 0)
			return -1;
		run->have_leaf = 1;
		run->dot.graph.leaf = &run->leaf;
	}
	return 0;
}

int batch_select_ids(const struct options *o, struct profile *p, uint32_t **ids, size_t *n)
{
	size_t i;

	*ids = NULL;
	*n = 0;
	if (!o->nrestrictions)
		return 0;
	*ids = malloc(((size_t)p->norder + 1) * sizeof **ids);
	if (!*ids)
		return -1;
	memcpy(*ids, p->order, (size_t)p->norder * sizeof **ids);
	*n = p->norder;
	if (o->sort.n && query_sort(p, &o->sort, *ids, *n) < 0)
		return -1;
	if (o->reverse)
		query_reverse(*ids, *n);
	for (i = 0; i < o->nrestrictions; i++) {
		const struct restriction *r = &o->restrictions[i];
		struct regex re;
		if (r->kind == RESTRICT_REGEX) {
			if (compile(&re, r->text, "--filter") < 0)
				return -2;
			*n = query_filter(p, &re, *ids, *n);
			regex_free(&re);
		} else if (r->kind == RESTRICT_FRACTION) {
			if (r->fraction >= 0.0 && r->fraction < 1.0)
				*n = (size_t)floor((double)*n * r->fraction + .5);
		} else if (r->count >= 0 && (unsigned long long)r->count < *n) {
			*n = (size_t)r->count;
		}
	}
	return 0;
}

/* What --dot draws: the functions ids of one profile, or the rows of a
 * diff (rows NULL: all). */
struct job {
	struct profile *p;
	const uint32_t *ids;
	size_t n;
	struct diff_table *dt;
	const uint32_t *rows;
	size_t nrows;
};

static int job_write(const struct job *j, const struct dot_run *run, const char *path,
		     struct dot_result *res, struct err *e)
{
	if (j->dt)
		return dot_diff_export(j->dt, j->rows, j->nrows, &run->dot, path, res, e);
	return dot_export(j->p, j->ids, j->n, &run->dot, path, res, e);
}

/* --render FMT: dot reads the file written (a temporary one for `--dot -`,
 * then writing to stdout). */
static int render(const struct options *o, const struct job *j, const struct dot_run *run,
		  struct dot_result *res, struct err *e)
{
	char tmpdot[PATH_MAX], out[PATH_MAX];
	const char *dot_path = o->dot.out, *out_path = out, *dir = getenv("TMPDIR");
	struct dot_render r;
	int fd, rc;

	if (strcmp(o->dot.out, "-") == 0) {
		snprintf(tmpdot, sizeof tmpdot, "%s/proftop-XXXXXX.dot", dir && *dir ? dir : "/tmp");
		fd = mkstemps(tmpdot, 4);
		if (fd < 0) {
			err_at(e, tmpdot, -1, "%s", strerror(errno));
			return -1;
		}
		close(fd);
		outfile_guard(tmpdot);
		dot_path = tmpdot;
		out_path = NULL;
	} else if (dot_render_name(out, sizeof out, o->dot.out, o->dot.render) < 0) {
		err_at(e, o->dot.out, -1, "file name too long");
		return -1;
	}
	rc = job_write(j, run, dot_path, res, e);
	if (rc == 0)
		rc = dot_render_start(&r, dot_path, o->dot.render, out_path, o->dot.force, e);
	if (rc == 0)
		rc = dot_render_poll(&r, 1, e) == 1 ? 0 : -1;
	if (dot_path == tmpdot) {
		unlink(tmpdot);
		outfile_unguard(tmpdot);
	}
	return rc;
}

static int run_job(const struct options *o, const struct job *j, const struct dot_run *run,
		   struct dot_result *res, struct err *e)
{
	if (o->dot.render)
		return render(o, j, run, res, e);
	return job_write(j, run, o->dot.out, res, e);
}

/* --dot OUT --diff OLD NEW: the graph of the differences; the thresholds
 * apply to the larger of a function's two shares. */
static int export_diff(const struct options *o, struct profile *new, const struct dot_run *run,
		       struct dot_result *res, struct err *e)
{
	struct profile old;
	struct diff_table dt;
	struct diff_print_opts po;
	struct regex re;
	struct job j = { 0 };
	uint32_t *rows = NULL;
	int rc;

	/* the rows --print --diff would print */
	if (batch_diff_opts(&po, &re, o) < 0)
		return -2;
	profile_init(&old, new->names);
	rc = pstats_load_files(&old, o->diff_files, o->ndiff_files, e);
	if (rc == 0 && o->strip && profile_strip(&old) < 0) {
		err_at(e, "", -1, "out of memory");
		rc = -1;
	}
	if (rc == 0)
		rc = diff_table_open(&dt, &old, new, e);
	if (rc == 0) {
		j.dt = &dt;
		rc = diff_select(&dt.d, &po, &rows, &j.nrows, e);
		j.rows = rows;
		j.nrows = diff_limit(&po, j.nrows);
		if (rc == 0)
			rc = run_job(o, &j, run, res, e);
		free(rows);
		diff_table_close(&dt);
	}
	if (po.filter)
		regex_free(&re);
	profile_free(&old);
	return rc;
}

static int report(const struct err *e)
{
	err_print(stderr, e);
	return EXIT_INPUT;
}

int batch_dot(const struct options *o)
{
	struct names names;
	struct profile p;
	struct dot_run run;
	struct dot_result res = { 0 };
	uint32_t *ids = NULL;
	size_t n = 0;
	struct err e;
	int rc = EXIT_OK, sel;

	signal(SIGPIPE, SIG_DFL);
	memset(&run, 0, sizeof run);
	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	if (parse_dot_options(o, &run) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (pstats_load_files(&p, o->files, o->nfiles, &e) < 0) {
		rc = report(&e);
		goto out;
	}
	/* --diff pairs full names: its labels follow --path, its names stay */
	if ((o->strip && profile_strip(&p) < 0) ||
	    (o->path == PATH_UNIQUE && !o->ndiff_files && profile_make_unique(&p) < 0)) {
		err_at(&e, "", -1, "out of memory");
		rc = report(&e);
		goto out;
	}
	sel = o->ndiff_files ? 0 : batch_select_ids(o, &p, &ids, &n);
	if (sel < 0) {
		if (sel == -1)
			fputs("proftop: out of memory\n", stderr);
		rc = sel == -1 ? EXIT_INPUT : EXIT_USAGE;
		goto out;
	}
	if (o->ndiff_files) {
		rc = export_diff(o, &p, &run, &res, &e);
	} else {
		struct job j = { &p, ids, n, NULL, NULL, 0 };
		rc = run_job(o, &j, &run, &res, &e);
	}
	if (res.dropped)
		fprintf(stderr, "proftop: warning: the graph has %u functions; keeping %u (--max-nodes),"
			" each linked to the hottest; %u dropped, with %.2f%% of the time in their own"
			" code\n", res.nodes + res.dropped, res.nodes, res.dropped,
			res.dropped_self * 100.0);
	rc = rc == -2 ? EXIT_USAGE : rc < 0 ? report(&e) : EXIT_OK;
out:
	free(ids);
	if (run.have_root)
		regex_free(&run.root);
	if (run.have_leaf)
		regex_free(&run.leaf);
	profile_free(&p);
	names_free(&names);
	return rc;
}
