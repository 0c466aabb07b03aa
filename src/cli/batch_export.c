/* --write-pstats, --write-callgrind and --list: exports from batch mode. */
#include "autoconfig.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/archive.h"
#include "proftop/batch.h"
#include "proftop/callgrind.h"
#include "proftop/live.h"
#include "proftop/pathmode.h"
#include "proftop/print.h"
#include "proftop/pstats_load.h"
#include "proftop/pstats_write.h"

static int fail(const struct err *e, int status)
{
	err_print(stderr, e);
	return status;
}

/* One --filter/--limit step on the sorted list, as pstats' eval_print_amount. */
static int restrict_ids(struct profile *p, const struct restriction *r, uint32_t *ids,
			size_t *n, struct err *e)
{
	struct regex re;

	switch (r->kind) {
	case RESTRICT_REGEX:
		if (regex_compile(&re, r->text, 0, e) < 0) {
			char msg[ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", e->msg);
			err_at(e, "", -1, "--filter '%s': %s at offset %lld", r->text, msg, e->offset);
			return -1;
		}
		*n = query_filter(p, &re, ids, *n);
		regex_free(&re);
		return 0;
	case RESTRICT_FRACTION:
		if (r->fraction >= 0.0 && r->fraction < 1.0)
			*n = (size_t)floor((double)*n * r->fraction + .5);
		return 0;
	case RESTRICT_COUNT:
		if (r->count >= 0 && (unsigned long long)r->count < *n)
			*n = (size_t)r->count;
		return 0;
	}
	return 0;
}

/*
 * The functions --print would list: sorted, then --filter and --limit in
 * order.  Returned in dict order, so that the written dump lists them as
 * the original did.  NULL with e set on error.
 */
static uint32_t *select_ids(struct profile *p, const struct options *o, size_t *count,
			    struct err *e)
{
	uint32_t *ids = malloc((p->norder + 1) * sizeof *ids);
	uint8_t *keep = calloc(p->names->nfuncs + 1, 1);
	size_t n = p->norder, i, k = 0;

	if (!ids || !keep)
		goto oom;
	memcpy(ids, p->order, p->norder * sizeof *ids);
	if (o->nrestrictions && o->sort.n) {
		if (query_sort(p, &o->sort, ids, n) < 0)
			goto oom;
		if (o->reverse)
			query_reverse(ids, n);
	}
	for (i = 0; i < o->nrestrictions; i++)
		if (restrict_ids(p, &o->restrictions[i], ids, &n, e) < 0)
			goto out;
	for (i = 0; i < n; i++)
		keep[ids[i]] = 1;
	for (i = 0; i < p->norder; i++)
		if (keep[p->order[i]])
			ids[k++] = p->order[i];
	free(keep);
	*count = k;
	return ids;
oom:
	err_at(e, "", -1, "out of memory");
out:
	free(ids);
	free(keep);
	return NULL;
}

static int print_too(struct profile *p, const struct options *o, struct err *e)
{
	struct print_opts po = { 0 };

	batch_print_opts(&po, o);
	return print_report(stdout, p, &po, e);
}

int batch_export(const struct options *o)
{
	struct names names;
	struct profile p;
	uint32_t *ids = NULL;
	size_t n = 0;
	struct err e;
	int rc = EXIT_INPUT;

	if (o->ndiff_files || o->dot.out) {
		fprintf(stderr, "proftop: --write-pstats and --write-callgrind do not combine with %s\n"
			"Try 'proftop --help'.\n", o->dot.out ? "--dot" : "--diff");
		return EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_DFL);
	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	/* The profile --print would show: merged, less the --since baseline
	 * (a delta), stripped or with unique paths. */
	if (pstats_load_files(&p, o->files, o->nfiles, &e) < 0 ||
	    live_subtract_files(&p, o->live.since, o->live.nsince, &e) < 0)
		goto out;
	if ((o->strip && profile_strip(&p) < 0) ||
	    (o->path == PATH_UNIQUE && profile_make_unique(&p) < 0)) {
		err_at(&e, "", -1, "out of memory");
		goto out;
	}
	/* No callees index: neither writer reads one (--print's report
	 * builds its own when it lists callees). */
	ids = select_ids(&p, o, &n, &e);
	if (!ids) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (o->mode == MODE_PRINT && print_too(&p, o, &e) < 0)
		goto out;
	if (o->write.pstats &&
	    pstats_write(o->write.pstats, &p, ids, n, o->write.marshal_version, &e) < 0)
		goto out;
	if (o->write.callgrind && callgrind_write(o->write.callgrind, &p, ids, n, &e) < 0)
		goto out;
	rc = EXIT_OK;
out:
	if (rc != EXIT_OK)
		fail(&e, rc);
	free(ids);
	profile_free(&p);
	names_free(&names);
	return rc;
}

static void list_one(const char *path, const struct archive_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		printf("%12lld ", m[i].size);
		if (m[i].decoded)
			printf("%12lld %10.3f ", (long long)m[i].calls, m[i].total_tt);
		else
			printf("%12s %10s ", "-", "-");
		printf("%s%s%s", path, m[i].name[0] ? ":" : "", m[i].name);
		if (m[i].error)
			printf("  (%s)", m[i].error);
		else if (!m[i].is_dump)
			printf("  (not a pstats dump)");
		putchar('\n');
	}
}

int batch_list(const struct options *o)
{
	struct archive_member *m;
	struct err e;
	size_t i, n;
	int rc = EXIT_OK;

	signal(SIGPIPE, SIG_DFL);
	printf("%12s %12s %10s %s\n", "bytes", "calls", "seconds", "dump");
	for (i = 0; i < o->nfiles; i++) {
		err_clear(&e);
		if (archive_list(o->files[i], &m, &n, &e) < 0) {
			rc = fail(&e, EXIT_INPUT);
			continue;
		}
		list_one(o->files[i], m, n);
		archive_members_free(m, n);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "proftop: write error on output\n");
		rc = EXIT_INPUT;
	}
	return rc;
}
