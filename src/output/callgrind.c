/* Callgrind files, as pyprof2calltree writes them from a pstats dump. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/callgrind.h"
#include "proftop/outfile.h"
#include "proftop/print.h"

struct emitter {
	FILE *out;
	struct profile *p;
	uint8_t *kept;           /* by id */
	uint8_t *ambiguous;      /* by id: another kept function has its file and name */
};

/* Whether seconds make a 64-bit cost: not NaN, infinite or beyond 292 years. */
static int cost_fits(double seconds)
{
	const double two63 = 9223372036854775808.0;
	double c = seconds * CALLGRIND_SCALE;

	return c >= -two63 && c < two63;
}

/* Python's int(x * 1e9), as pyprof2calltree: truncated toward zero, and
 * negative where the profile module's calibration bias made a time
 * negative (pstats sums such times as they are).  Only for a time that
 * cost_fits: callgrind_emit checks them all first. */
static long long cost(double seconds)
{
	return (long long)(seconds * CALLGRIND_SCALE);
}

static int cmp_str(const struct strtab *t, uint32_t a, uint32_t b)
{
	uint32_t la = strtab_len(t, a), lb = strtab_len(t, b);
	int c;

	if (a == b)
		return 0;
	c = memcmp(strtab_get(t, a), strtab_get(t, b), la < lb ? la : lb);
	return c ? c : (la > lb) - (la < lb);
}

/* Python's order of (file, line, name) tuples; with by_name, of (file, name). */
static const struct names *cmp_names;
static int cmp_label(uint32_t a, uint32_t b, int by_name)
{
	const struct fkey *ka = &cmp_names->keys[a], *kb = &cmp_names->keys[b];
	int c = cmp_str(&cmp_names->strs, ka->file, kb->file);

	if (c)
		return c;
	if (!by_name && ka->line != kb->line)
		return ka->line < kb->line ? -1 : 1;
	c = cmp_str(&cmp_names->strs, ka->name, kb->name);
	if (c || !by_name)
		return c;
	return ka->line < kb->line ? -1 : ka->line > kb->line;
}

static int cmp_id(const void *a, const void *b)
{
	return cmp_label(*(const uint32_t *)a, *(const uint32_t *)b, 0);
}

static int cmp_id_by_name(const void *a, const void *b)
{
	return cmp_label(*(const uint32_t *)a, *(const uint32_t *)b, 1);
}

/* pairs of (callee, edge): sorted by the callee's label */
static int cmp_pair(const void *a, const void *b)
{
	return cmp_label(((const uint32_t *)a)[0], ((const uint32_t *)b)[0], 0);
}

/* Names go on one line each: a control character would end it early. */
static void put_text(FILE *out, const char *s)
{
	size_t n;

	for (;;) {
		for (n = 0; (unsigned char)s[n] >= 0x20; n++)
			;
		fwrite(s, 1, n, out);
		if (!s[n])
			return;
		fputc('?', out);
		s += n + 1;
	}
}

static void put_fn(struct emitter *em, const char *prefix, uint32_t id)
{
	const struct names *n = em->p->names;

	fprintf(em->out, "%sfl=", prefix);
	put_text(em->out, func_file(n, id));
	fprintf(em->out, "\n%sfn=", prefix);
	put_text(em->out, func_name(n, id));
	if (em->ambiguous[id])
		fprintf(em->out, ":%lld", (long long)n->keys[id].line);
	fputc('\n', em->out);
}

/* Inclusive time of the call recorded in edge ei to `callee`. */
static double call_time(const struct profile *p, const struct edge *ed, uint32_t callee)
{
	const struct fstat *cf = &p->stats[callee];

	if (!(ed->flags & EDGE_COUNT_ONLY))
		return ed->st.ct;
	if (cf->nc <= 0)
		return 0;
	return cf->ct * ((double)ed->st.nc / (double)cf->nc);
}

/* Every time written as a cost must fit one: else the function and its
 * time in e, as pyprof2calltree would fail on them. */
static int check_costs(struct emitter *em, const uint32_t *ids, size_t n, struct err *e)
{
	struct profile *p = em->p;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct fstat *f = &p->stats[ids[i]];
		double bad = !cost_fits(f->tt) ? f->tt : f->ct;
		int ok = cost_fits(f->tt) && cost_fits(f->ct);
		for (j = 0; ok && j < p->callee_cnt[ids[i]]; j++) {
			uint32_t ei = p->callee_edge[p->callee_off[ids[i]] + j];
			uint32_t callee = p->edge_callee[ei];
			if (em->kept[callee] && !cost_fits(call_time(p, &p->edges[ei], callee))) {
				ok = 0;
				bad = call_time(p, &p->edges[ei], callee);
			}
		}
		if (!ok) {
			char num[64];
			uint32_t len;
			const char *name = names_std(p->names, ids[i], &len);
			py_repr_float(num, sizeof num, bad);
			err_at(e, "", -1, "%.*s: a time of %s seconds cannot be a callgrind cost "
			       "(nanoseconds in 64 bits)", (int)len, name, num);
			return -1;
		}
	}
	return 0;
}

static void put_entry(struct emitter *em, uint32_t id, uint32_t *pairs)
{
	struct profile *p = em->p;
	long long line = (long long)p->names->keys[id].line;
	uint32_t j, k = 0;

	put_fn(em, "", id);
	fprintf(em->out, "%lld %lld\n", line, cost(p->stats[id].tt));
	for (j = 0; j < p->callee_cnt[id]; j++) {
		uint32_t ei = p->callee_edge[p->callee_off[id] + j];
		uint32_t callee = p->edge_callee[ei];
		if (!em->kept[callee])
			continue;
		pairs[2 * k] = callee;
		pairs[2 * k++ + 1] = ei;
	}
	qsort(pairs, k, 2 * sizeof *pairs, cmp_pair);
	for (j = 0; j < k; j++) {
		const struct edge *ed = &p->edges[pairs[2 * j + 1]];
		put_fn(em, "c", pairs[2 * j]);
		fprintf(em->out, "calls=%lld %lld\n%lld %lld\n", (long long)ed->st.nc,
			(long long)p->names->keys[pairs[2 * j]].line, line,
			cost(call_time(p, ed, pairs[2 * j])));
	}
	fputc('\n', em->out);
}

/* Functions of one file sharing a name are told apart by their line
 * (strings are interned: equal names have equal ids). */
static void mark_ambiguous(struct emitter *em, uint32_t *ids, size_t n)
{
	const struct fkey *keys = em->p->names->keys;
	size_t i, j;

	qsort(ids, n, sizeof *ids, cmp_id_by_name);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && keys[ids[j]].file == keys[ids[i]].file &&
			     keys[ids[j]].name == keys[ids[i]].name; j++)
			;
		if (j - i > 1)
			while (i < j)
				em->ambiguous[ids[i++]] = 1;
	}
}

int callgrind_emit(FILE *out, struct profile *p, const uint32_t *ids, size_t n, struct err *e)
{
	struct emitter em = { out, p, NULL, NULL };
	uint32_t *sorted = NULL, *pairs = NULL;
	long long summary = 0;
	size_t i;
	int rc = -1;

	if (!ids) {
		ids = p->order;
		n = p->norder;
	}
	if (profile_finish(p) < 0)
		goto oom;
	em.kept = calloc(p->names->nfuncs + 1, 1);
	em.ambiguous = calloc(p->names->nfuncs + 1, 1);
	sorted = malloc((n + 1) * sizeof *sorted);
	pairs = malloc((p->nedges + 1) * 2 * sizeof *pairs);
	if (!em.kept || !em.ambiguous || !sorted || !pairs)
		goto oom;
	for (i = 0; i < n; i++)
		em.kept[ids[i]] = 1;
	if (check_costs(&em, ids, n, e) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (cost(p->stats[ids[i]].ct) > summary)
			summary = cost(p->stats[ids[i]].ct);
	cmp_names = p->names;
	memcpy(sorted, ids, n * sizeof *sorted);
	mark_ambiguous(&em, sorted, n);
	qsort(sorted, n, sizeof *sorted, cmp_id);
	fprintf(out, "event: ns : Nanoseconds\nevents: ns\nsummary: %lld\n", summary);
	for (i = 0; i < n; i++)
		put_entry(&em, sorted[i], pairs);
	rc = 0;
	goto out;
oom:
	err_at(e, "", -1, "out of memory");
out:
	free(em.kept);
	free(em.ambiguous);
	free(sorted);
	free(pairs);
	return rc;
}

struct emit_ctx {
	struct profile *p;
	const uint32_t *ids;
	size_t n;
};

static int emit_to(FILE *out, void *ctx, struct err *e)
{
	struct emit_ctx *c = ctx;

	return callgrind_emit(out, c->p, c->ids, c->n, e);
}

int callgrind_write(const char *path, struct profile *p, const uint32_t *ids, size_t n,
		    struct err *e)
{
	struct emit_ctx c = { p, ids, n };

	return outfile_write(path, emit_to, &c, e);
}
