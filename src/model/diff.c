/* Two profiles side by side: pairing, deltas, sorting and the text table. */
#include "autoconfig.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/diff.h"

const struct diff_sort_def diff_sort_keys[] = {
	{ "dcumtime", DF_CUM, -1, "cumulative time difference" },
	{ "dtottime", DF_TIME, -1, "internal time difference" },
	{ "dcalls", DF_CALLS, -1, "call count difference" },
	{ "cumtime%", DF_CUM_PCT, -1, "cumulative time change %" },
	{ "tottime%", DF_TIME_PCT, -1, "internal time change %" },
	{ "calls%", DF_CALLS_PCT, -1, "call count change %" },
	{ "old", DF_OLD_CUM, -1, "old cumulative time" },
	{ "new", DF_NEW_CUM, -1, "new cumulative time" },
	{ "name", DF_NAME, 1, "standard name" },
};
const size_t diff_sort_keys_count = sizeof diff_sort_keys / sizeof *diff_sort_keys;

/* An unmatched function, for matching on (file, name). */
struct loose {
	uint32_t file, name, row;
};

static int cmp_loose(const void *a, const void *b)
{
	const struct loose *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static size_t group_end(const struct loose *v, size_t i, size_t n)
{
	size_t j = i + 1;

	while (j < n && v[j].file == v[i].file && v[j].name == v[i].name)
		j++;
	return j;
}

/* Pairs a lone vanished function with a lone appeared one of the same file
 * and name: the same function, moved to another line.  gone[].row holds
 * OLD's id; matched ones are marked in `matched` (by id). */
static void match_moved(struct diff *d, struct loose *gone, size_t ngone,
			struct loose *added, size_t nadded, uint8_t *matched)
{
	size_t i = 0, j = 0;

	qsort(gone, ngone, sizeof *gone, cmp_loose);
	qsort(added, nadded, sizeof *added, cmp_loose);
	while (i < ngone && j < nadded) {
		size_t ie = group_end(gone, i, ngone), je = group_end(added, j, nadded);
		int c = gone[i].file != added[j].file ? (gone[i].file < added[j].file ? -1 : 1)
			: gone[i].name != added[j].name ? (gone[i].name < added[j].name ? -1 : 1) : 0;
		if (c == 0) {
			if (ie - i == 1 && je - j == 1) {
				d->rows[added[j].row].old_id = gone[i].row;
				matched[gone[i].row] = 1;
				d->moved++;
			}
			i = ie;
			j = je;
		} else if (c < 0) {
			i = ie;
		} else {
			j = je;
		}
	}
}

int diff_build(struct diff *d, struct profile *old, struct profile *new)
{
	const struct names *n = new->names;
	struct loose *gone = NULL, *added = NULL;
	uint8_t *matched = NULL;
	size_t ngone = 0, nadded = 0;
	uint32_t k;
	int rc = -1;

	memset(d, 0, sizeof *d);
	d->old = old;
	d->new = new;
	d->rows = malloc(((size_t)old->norder + new->norder + 1) * sizeof *d->rows);
	gone = malloc(((size_t)old->norder + 1) * sizeof *gone);
	added = malloc(((size_t)new->norder + 1) * sizeof *added);
	matched = calloc((size_t)n->nfuncs + 1, 1);
	if (!d->rows || !gone || !added || !matched)
		goto out;
	for (k = 0; k < new->norder; k++) {
		uint32_t id = new->order[k];
		struct diff_row *r = &d->rows[d->nrows];
		r->new_id = id;
		r->old_id = profile_stat(old, id) ? id : NO_ID;
		if (r->old_id == NO_ID)
			added[nadded++] = (struct loose){ n->keys[id].file, n->keys[id].name, (uint32_t)d->nrows };
		d->nrows++;
	}
	for (k = 0; k < old->norder; k++) {
		uint32_t id = old->order[k];
		if (!profile_stat(new, id))
			gone[ngone++] = (struct loose){ n->keys[id].file, n->keys[id].name, id };
	}
	match_moved(d, gone, ngone, added, nadded, matched);
	/* Vanished functions follow, in OLD's order. */
	for (k = 0; k < old->norder; k++) {
		uint32_t id = old->order[k];
		if (!profile_stat(new, id) && !matched[id])
			d->rows[d->nrows++] = (struct diff_row){ id, NO_ID };
	}
	rc = 0;
out:
	free(gone);
	free(added);
	free(matched);
	if (rc < 0)
		diff_free(d);
	return rc;
}

void diff_free(struct diff *d)
{
	free(d->rows);
	d->rows = NULL;
	d->nrows = 0;
}

static double field_of(const struct fstat *f, enum diff_field which)
{
	if (!f)
		return 0;
	switch (which) {
	case DF_CALLS: case DF_CALLS_PCT: return (double)f->nc;
	case DF_TIME: case DF_TIME_PCT: return f->tt;
	default: return f->ct;
	}
}

double diff_value(const struct diff *d, const struct diff_row *r, enum diff_field f)
{
	const struct fstat *o = profile_stat(d->old, r->old_id), *n = profile_stat(d->new, r->new_id);
	double a, b;

	switch (f) {
	case DF_OLD_CUM: return o ? o->ct : 0;
	case DF_NEW_CUM: return n ? n->ct : 0;
	case DF_NAME: return 0;
	default: break;
	}
	a = field_of(o, f);
	b = field_of(n, f);
	if (f == DF_CALLS || f == DF_TIME || f == DF_CUM)
		return b - a;
	return a != 0 ? (b - a) / a * 100.0 : NAN;
}

const struct diff_sort_def *diff_sort_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < diff_sort_keys_count; i++)
		if (strcmp(diff_sort_keys[i].name, name) == 0)
			return &diff_sort_keys[i];
	return NULL;
}

struct diff_sorter {
	const struct diff *d;
	const struct diff_sort_def *key;
	uint32_t *pos;               /* original position: a stable tie-break */
};

static const struct diff_sorter *sorter;

static int cmp_rows(const void *a, const void *b)
{
	uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;
	const struct diff_row *ra = &sorter->d->rows[ia], *rb = &sorter->d->rows[ib];
	int c = 0;

	if (sorter->key->field == DF_NAME) {
		uint32_t la, lb;
		const char *sa = names_std(sorter->d->new->names, diff_row_id(ra), &la);
		const char *sb = names_std(sorter->d->new->names, diff_row_id(rb), &lb);
		c = memcmp(sa, sb, la < lb ? la : lb);
		c = c ? (c < 0 ? -1 : 1) : (la < lb ? -1 : la > lb);
	} else {
		double va = diff_value(sorter->d, ra, sorter->key->field);
		double vb = diff_value(sorter->d, rb, sorter->key->field);
		/* a function that appeared has grown without bound */
		if (isnan(va))
			va = INFINITY;
		if (isnan(vb))
			vb = INFINITY;
		c = va < vb ? -1 : va > vb;
	}
	c *= sorter->key->dir;
	if (c)
		return c;
	return sorter->pos[ia] < sorter->pos[ib] ? -1 : sorter->pos[ia] > sorter->pos[ib];
}

int diff_sort(const struct diff *d, const struct diff_sort_def *key, uint32_t *idx, size_t n)
{
	struct diff_sorter s = { d, key, NULL };
	size_t i;

	s.pos = malloc((d->nrows + 1) * sizeof *s.pos);
	if (!s.pos)
		return -1;
	for (i = 0; i < n; i++)
		s.pos[idx[i]] = (uint32_t)i;
	sorter = &s;
	qsort(idx, n, sizeof *idx, cmp_rows);
	sorter = NULL;
	free(s.pos);
	return 0;
}

size_t diff_filter(const struct diff *d, struct regex *re, uint32_t *idx, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const struct diff_row *r = &d->rows[idx[i]];
		uint32_t len;
		const char *s = names_std(d->new->names, diff_row_id(r), &len);
		int m = regex_match(re, s, len);
		if (m != 1 && r->old_id != NO_ID && r->old_id != r->new_id && r->new_id != NO_ID) {
			s = names_std(d->new->names, r->old_id, &len);
			m = regex_match(re, s, len);
		}
		if (m == 1)
			idx[k++] = idx[i];
	}
	return k;
}

static void print_totals(FILE *out, const char *label, const struct profile *p)
{
	size_t i;

	fprintf(out, "%s:", label);
	for (i = 0; i < p->nfiles; i++)
		fprintf(out, "%s%s", i ? ", " : " ", p->files[i]);
	fprintf(out, "\n         %" PRId64 " function calls", p->total_calls);
	if (p->total_calls != p->prim_calls)
		fprintf(out, " (%" PRId64 " primitive calls)", p->prim_calls);
	fprintf(out, " in %.3f seconds\n", p->total_tt);
}

static void print_pct(FILE *out, double pct, int present_old, int present_new)
{
	if (!present_old)
		fprintf(out, " %8s", "new");
	else if (!present_new)
		fprintf(out, " %8s", "gone");
	else if (isnan(pct))
		fprintf(out, " %8s", "-");
	else
		fprintf(out, " %+7.1f%%", pct);
}

static void print_row(FILE *out, const struct diff *d, const struct diff_row *r)
{
	const struct fstat *o = profile_stat(d->old, r->old_id), *n = profile_stat(d->new, r->new_id);
	uint32_t len;
	const char *name = names_std(d->new->names, diff_row_id(r), &len);

	fprintf(out, "%9" PRId64 " %9" PRId64 " %+9" PRId64,
		o ? o->nc : 0, n ? n->nc : 0, (n ? n->nc : 0) - (o ? o->nc : 0));
	fprintf(out, " %9.3f %9.3f %+9.3f", o ? o->tt : 0, n ? n->tt : 0, diff_value(d, r, DF_TIME));
	print_pct(out, diff_value(d, r, DF_TIME_PCT), !!o, !!n);
	fprintf(out, " %9.3f %9.3f %+9.3f", o ? o->ct : 0, n ? n->ct : 0, diff_value(d, r, DF_CUM));
	print_pct(out, diff_value(d, r, DF_CUM_PCT), !!o, !!n);
	fputs("  ", out);
	fwrite(name, 1, len, out);
	if (o && n && r->old_id != r->new_id)
		fprintf(out, " [moved from line %" PRId64 "]", d->new->names->keys[r->old_id].line);
	else if (!o)
		fputs(" [new]", out);
	else if (!n)
		fputs(" [gone]", out);
	fputc('\n', out);
}

int diff_select(const struct diff *d, const struct diff_print_opts *o, uint32_t **out,
		size_t *count, struct err *e)
{
	uint32_t *idx = malloc((d->nrows + 1) * sizeof *idx);
	size_t n = d->nrows, i;

	*out = NULL;
	*count = 0;
	if (!idx) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	if (o->filter)
		n = diff_filter(d, o->filter, idx, n);
	if (o->sort && diff_sort(d, o->sort, idx, n) < 0) {
		free(idx);
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	if (o->reverse)
		for (i = 0; i < n / 2; i++) {
			uint32_t t = idx[i];
			idx[i] = idx[n - 1 - i];
			idx[n - 1 - i] = t;
		}
	*out = idx;
	*count = n;
	return 0;
}

size_t diff_limit(const struct diff_print_opts *o, size_t n)
{
	if (o->fraction >= 0.0 && o->fraction < 1.0)
		n = (size_t)floor((double)n * o->fraction + .5);
	if (o->limit >= 0 && (unsigned long long)o->limit < n)
		n = (size_t)o->limit;
	return n;
}

int diff_print(FILE *out, const struct diff *d, const struct diff_print_opts *o, struct err *e)
{
	uint32_t *idx;
	size_t n, i, limit;

	if (diff_select(d, o, &idx, &n, e) < 0)
		return -1;
	print_totals(out, "OLD", d->old);
	print_totals(out, "NEW", d->new);
	fprintf(out, "\n   Ordered by: %s\n", o->sort ? o->sort->desc : "new profile's order");
	limit = diff_limit(o, n);
	if (limit < n) {
		fprintf(out, "   List reduced from %zu to %zu\n", n, limit);
		n = limit;
	}
	fprintf(out, "\n%9s %9s %9s %9s %9s %9s %8s %9s %9s %9s %8s\n",
		"ncalls", "ncalls", "ncalls", "tottime", "tottime", "tottime", "tottime",
		"cumtime", "cumtime", "cumtime", "cumtime");
	fprintf(out, "%9s %9s %9s %9s %9s %9s %8s %9s %9s %9s %8s  %s\n",
		"old", "new", "diff", "old", "new", "diff", "diff%", "old", "new", "diff", "diff%",
		"filename:lineno(function)");
	for (i = 0; i < n; i++)
		print_row(out, d, &d->rows[idx[i]]);
	free(idx);
	if (names_check(d->old->names, e) < 0 || names_check(d->new->names, e) < 0)
		return -1;
	if (fflush(out) != 0 || ferror(out)) {
		err_at(e, "", -1, "write error on output");
		return -1;
	}
	return 0;
}
