/* `--flame OUT.svg` and `--write-folded OUT`: the estimated stacks. */
#include "autoconfig.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/batch.h"
#include "proftop/config.h"
#include "proftop/flame.h"
#include "proftop/outfile.h"
#include "proftop/pathmode.h"
#include "proftop/pstats_load.h"

/* The SVG draws 1200 pixels wide: narrower than a tenth of one is nothing. */
#define SVG_MIN_SHARE (1.0 / 12000)
/* The folded stacks keep frames down to 1/100000 of the total: what a
 * viewer can show, and a bound on the lines (a call graph of many paths
 * gives as many stacks as it may, each of them long). */
#define FOLDED_MIN_SHARE 1e-5

struct flame_run {
	struct flame_opts fo;
	struct regex root, leaf;
	int have_root, have_leaf;
	uint32_t *roots;
	size_t nroots;
	uint8_t *omit;
	const char *title;
	enum flame_colors colors;
};

static int compile(struct regex *re, const char *pattern, const char *opt)
{
	struct err e;

	if (regex_compile(re, pattern, 0, &e) == 0)
		return 0;
	fprintf(stderr, "proftop: %s: %s at offset %lld\n", opt, e.msg, e.offset);
	return -1;
}

static int parse_options(const struct options *o, struct flame_run *run)
{
	char *end;
	long long depth;

	if (o->dot.depth) {
		errno = 0;
		depth = strtoll(o->dot.depth, &end, 10);
		if (!*o->dot.depth || *end || errno || depth < 0 || depth > 1000000) {
			fprintf(stderr, "proftop: --depth: takes a whole number\nTry 'proftop --help'.\n");
			return -1;
		}
		run->fo.max_depth = (uint32_t)depth + 1;   /* the top frames are level 1 */
	}
	if (o->dot.root) {
		if (compile(&run->root, o->dot.root, "--root") < 0)
			return -1;
		run->have_root = 1;
	}
	if (o->dot.leaf) {
		if (compile(&run->leaf, o->dot.leaf, "--leaf") < 0)
			return -1;
		run->have_leaf = 1;
	}
	run->colors = o->config && o->config->flame_heat ? FLAME_COLOR_HEAT : FLAME_COLOR_MODULE;
	return 0;
}

/* --filter/--limit: the functions left out give their place to their
 * callees; --root: the top frames, those of the chosen functions matching. */
static int choose(const struct options *o, struct profile *p, struct flame_run *run, struct err *e)
{
	uint32_t *ids = NULL, i;
	size_t n = 0, k;
	int sel = batch_select_ids(o, p, &ids, &n);

	if (sel < 0) {
		free(ids);                /* allocated before a bad --filter */
		return sel;
	}
	run->omit = malloc((size_t)p->names->nfuncs + 1);
	run->roots = malloc(((size_t)p->norder + 1) * sizeof *run->roots);
	if (!run->omit || !run->roots) {
		free(ids);
		return -1;
	}
	memset(run->omit, ids ? 1 : 0, (size_t)p->names->nfuncs + 1);
	for (k = 0; ids && k < n; k++)
		run->omit[ids[k]] = 0;
	free(ids);
	run->fo.omit = run->omit;
	run->fo.nomit = p->names->nfuncs;
	if (!run->have_root)
		return 0;
	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i], len;
		const char *name = names_std(p->names, id, &len);
		if (!run->omit[id] && regex_match(&run->root, name, len) > 0)
			run->roots[run->nroots++] = id;
	}
	if (!run->nroots) {
		err_at(e, "", -1, "--root: no function matches");
		return -3;
	}
	return 0;
}

struct write_ctx {
	struct flame *fl;
	const struct flame_run *run;
};

static int write_svg(FILE *out, void *ctx, struct err *e)
{
	struct write_ctx *w = ctx;

	return flame_write_svg(out, w->fl, w->run->colors, w->run->title, e);
}

static int write_folded(FILE *out, void *ctx, struct err *e)
{
	struct write_ctx *w = ctx;

	return flame_write_folded(out, w->fl, e);
}

/* Builds the stacks to MIN_SHARE and writes them to PATH. */
static int write_one(struct profile *p, struct flame_run *run, double min_share, const char *path,
		     outfile_fn fn, struct err *e)
{
	struct flame fl;
	struct write_ctx w = { &fl, run };
	int rc;

	run->fo.min_share = min_share;
	if (flame_build(&fl, p, run->have_root ? run->roots : NULL, run->nroots, NULL, 0, &run->fo) < 0) {
		flame_free(&fl);
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	if (run->have_leaf && flame_keep_leaves(&fl, &run->leaf) == 0) {
		flame_free(&fl);
		err_at(e, "", -1, "--leaf: no function on the stacks matches");
		return -3;
	}
	if (fl.truncated)
		fprintf(stderr, "proftop: warning: the flame graph stops at %zu frames; the narrowest"
			" stacks are left out\n", fl.n);
	rc = outfile_write(path, fn, &w, e);
	flame_free(&fl);
	return rc;
}

static int report(const struct err *e, int status)
{
	err_print(stderr, e);
	return status;
}

int batch_flame(const struct options *o)
{
	struct names names;
	struct profile p;
	struct flame_run run;
	struct err e;
	char title[512];
	int rc;

	signal(SIGPIPE, SIG_DFL);
	memset(&run, 0, sizeof run);
	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	if (parse_options(o, &run) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (pstats_load_files(&p, o->files, o->nfiles, &e) < 0) {
		rc = report(&e, EXIT_INPUT);
		goto out;
	}
	if ((o->strip && profile_strip(&p) < 0) ||
	    (o->path == PATH_UNIQUE && profile_make_unique(&p) < 0)) {
		err_at(&e, "", -1, "out of memory");
		rc = report(&e, EXIT_INPUT);
		goto out;
	}
	snprintf(title, sizeof title, "Flame graph of %s%s", o->files[0], o->nfiles > 1 ? " (merged)" : "");
	run.title = title;
	rc = choose(o, &p, &run, &e);
	if (rc == 0 && o->flame.svg)
		rc = write_one(&p, &run, SVG_MIN_SHARE, o->flame.svg, write_svg, &e);
	if (rc == 0 && o->flame.folded)
		rc = write_one(&p, &run, FOLDED_MIN_SHARE, o->flame.folded, write_folded, &e);
	if (rc == -1 && !e.set)
		err_at(&e, "", -1, "out of memory");
	rc = rc == 0 ? EXIT_OK : rc == -2 ? EXIT_USAGE : rc == -3 ? report(&e, EXIT_USAGE) : report(&e, EXIT_INPUT);
out:
	if (run.have_root)
		regex_free(&run.root);
	if (run.have_leaf)
		regex_free(&run.leaf);
	free(run.roots);
	free(run.omit);
	profile_free(&p);
	names_free(&names);
	return rc;
}
