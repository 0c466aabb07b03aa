/* The table's short paths (over the full profile's ids, base names shown)
 * against pstats' strip_dirs() as profile_strip_copy makes it (stripped
 * keys interned): the same rows, names, figures, callers and, under every
 * sort key, the same order, on random profiles full of merges and ties. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "proftop/pathmode.h"
#include "proftop/query.h"

static unsigned long long rng = 88172645463325252ull;

/* The profiles' shape: SHAPE_MIXED adds files whose base name no other
 * shares (their functions are their own group, as most are in a wide
 * profile), SHAPE_ALONE has only those (nothing merges). */
enum { SHAPE_MERGES, SHAPE_MIXED, SHAPE_ALONE } shape;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A file from a few directories and base names, some without a directory;
 * a builtin now and then. */
static uint32_t random_func(struct names *n)
{
	static const char *const dirs[] = { "/a/", "/b/c/", "", "/b/", "rel/" };
	static const char *const bases[] = { "x.py", "y.py", "c/x.py", "__init__.py" };
	static const char *const names[] = { "f", "g", "<lambda>", "h" };
	char file[64];

	if (rnd(12) == 0)
		return fixture_func(n, "~", 0, rnd(2) ? "<built-in method len>" : "<method 'x' of 'y'>");
	if (shape == SHAPE_ALONE || (shape == SHAPE_MIXED && rnd(2))) {
		unsigned k = rnd(40);     /* one directory per base name */
		snprintf(file, sizeof file, "/%s/alone%u.py", k % 2 ? "a" : "b/c", k);
		return fixture_func(n, file, (int64_t)rnd(3), names[rnd(4)]);
	}
	snprintf(file, sizeof file, "%s%s", dirs[rnd(5)], bases[rnd(4)]);
	return fixture_func(n, file, (int64_t)rnd(3), names[rnd(4)]);
}

/* Functions in a random order with figures full of ties, each with a few
 * callers (some of them callers only), every count a plain int. */
static void make_profile(struct profile *p, unsigned nfuncs)
{
	unsigned i, j;

	for (i = 0; i < nfuncs; i++) {
		uint32_t id = random_func(p->names);
		int64_t nc = rnd(4);
		unsigned ncallers = rnd(4);
		profile_begin(p, id, nc - rnd(2), nc, rnd(3) * 0.25, rnd(3) * 0.5);
		for (j = 0; j < ncallers; j++) {
			struct callstat st = { rnd(3), rnd(3), rnd(2) * 0.5, rnd(2) * 0.25 };
			profile_edge(p, random_func(p->names), &st, 0);
		}
		profile_end(p, 0);
		if (rnd(10) == 0)
			p->stats[id].top_level = 1;
	}
	profile_compute_totals(p);
}

static int same_name(struct names *n, uint32_t a, uint32_t b)
{
	uint32_t la, lb;
	char sa[256];
	const char *s = names_std(n, a, &la);

	snprintf(sa, sizeof sa, "%.*s", (int)la, s);
	s = names_std(n, b, &lb);
	return la == lb && memcmp(sa, s, la) == 0;
}

static int same_stats(const struct fstat *a, const struct fstat *b)
{
	return a->cc == b->cc && a->nc == b->nc && a->tt == b->tt && a->ct == b->ct &&
	       a->bools == b->bools && a->top_level == b->top_level && a->edge_cnt == b->edge_cnt;
}

/* Row by row: names (each as its profile shows it) and figures. */
static int same_rows(struct names *n, const struct profile *ref, const struct profile *q,
		     const uint32_t *rid, const uint32_t *qid, int edges)
{
	uint32_t i, j;

	if (ref->norder != q->norder)
		return 0;
	for (i = 0; i < ref->norder; i++) {
		const struct fstat *a = &ref->stats[rid[i]], *b = &q->stats[qid[i]];
		if (!same_name(n, rid[i], qid[i]) ||
		    (edges ? !same_stats(a, b) : a->cc != b->cc || a->nc != b->nc ||
		     a->tt != b->tt || a->ct != b->ct || a->bools != b->bools ||
		     a->top_level != b->top_level))
			return 0;
		for (j = 0; edges && j < a->edge_cnt; j++) {
			const struct edge *x = &ref->edges[a->edge_off + j], *y = &q->edges[b->edge_off + j];
			if (!same_name(n, x->caller, y->caller) || x->st.nc != y->st.nc ||
			    x->st.cc != y->st.cc || x->st.tt != y->st.tt || x->st.ct != y->st.ct ||
			    x->flags != y->flags)
				return 0;
		}
	}
	return 1;
}

/* Both sorted by every key (both directions): the same names in the same
 * order, ties kept in the dict's order alike. */
static int same_orders(struct names *n, struct profile *ref, struct profile *q)
{
	size_t k, sz = ((size_t)ref->norder + 1) * sizeof(uint32_t);
	uint32_t *a = malloc(sz), *b = malloc(sz);
	int ok = a && b;

	for (k = 0; ok && k < sort_keys_count; k++) {
		struct sort_spec s;
		struct err e;
		memset(&s, 0, sizeof s);
		if (sort_spec_add(&s, sort_keys[k].name, 0, &e) < 0)
			continue;
		memcpy(a, ref->order, ref->norder * sizeof *a);
		memcpy(b, q->order, q->norder * sizeof *b);
		ok = query_sort(ref, &s, a, ref->norder) == 0 && query_sort(q, &s, b, q->norder) == 0 &&
		     same_rows(n, ref, q, a, b, 0);
	}
	free(a);
	free(b);
	return ok;
}

static void test_random(unsigned seed, unsigned nfuncs)
{
	struct names n;
	struct profile p, ref, q;
	struct short_paths sp;
	uint32_t *map, i;
	char what[112];
	int stats_ok, order_ok;

	rng = 88172645463325252ull ^ seed;
	names_init(&n);
	profile_init(&p, &n);
	make_profile(&p, nfuncs);
	map = malloc(((size_t)n.nfuncs + 1) * sizeof *map);
	for (i = 0; i < n.nfuncs; i++)
		map[i] = NO_ID;
	CHECK("short paths: strip_dirs reference made", profile_strip_copy(&ref, &p, map) == 0);
	CHECK("short paths: stats made", short_paths_stats(&q, &p, &sp) == 0);
	CHECK("short paths: no key added", sp.nmap == n.nfuncs);
	if (shape == SHAPE_ALONE)
		CHECK("short paths: nothing merges", q.norder == p.norder);
	else if (nfuncs >= 100)
		CHECK("short paths: functions merge", q.norder < p.norder && q.norder > 1);
	/* the reference's stripped keys read the same either way */
	names_show_files(&n, sp.start, sp.nstart);
	stats_ok = same_rows(&n, &ref, &q, ref.order, q.order, 0);
	order_ok = same_orders(&n, &ref, &q);
	snprintf(what, sizeof what, "short paths (shape %d, seed %u, %u functions): rows and figures as strip_dirs", shape, seed, nfuncs);
	CHECK(what, stats_ok);
	snprintf(what, sizeof what, "short paths (shape %d, seed %u, %u functions): every sort's order as strip_dirs'", shape, seed, nfuncs);
	CHECK(what, order_ok);
	CHECK("short paths: callers made", short_paths_edges(&q, &p, &sp) == 0);
	snprintf(what, sizeof what, "short paths (shape %d, seed %u, %u functions): callers as strip_dirs'", shape, seed, nfuncs);
	CHECK(what, same_rows(&n, &ref, &q, ref.order, q.order, 1));
	for (i = 0; i < p.norder; i++)
		if (sp.map[p.order[i]] == NO_ID || sp.map[sp.map[p.order[i]]] != sp.map[p.order[i]])
			break;
	CHECK("short paths: every function shown as the first of its group", i == p.norder);
	names_show_files(&n, NULL, 0);
	short_paths_free(&sp);
	free(map);
	profile_free(&q);
	profile_free(&ref);
	profile_free(&p);
	names_free(&n);
}

/* Each showing cuts the one form: none is made again, none moves. */
static void test_showings(void)
{
	struct names n;
	uint32_t id, len, start[8] = { 0 }, other[8] = { 0 }, f;
	const char *whole;

	names_init(&n);
	id = fixture_func(&n, "/a/b/x.py", 3, "f");
	f = n.keys[id].file;
	start[f] = 3;     /* "b/x.py" */
	other[f] = 5;     /* "x.py" */
	whole = names_std(&n, id, &len);
	CHECK_STR("showings: whole", "/a/b/x.py:3(f)", whole);
	names_show_files(&n, start, 8);
	CHECK_STR("showings: a tail", "b/x.py:3(f)", names_std(&n, id, &len));
	CHECK_INT("showings: its length", strlen("b/x.py:3(f)"), names_std_len(&n, id));
	names_show_files(&n, other, 8);
	CHECK_STR("showings: a base name", "x.py:3(f)", names_std(&n, id, &len));
	names_show_files(&n, NULL, 0);
	CHECK("showings: whole again, the same form", names_std(&n, id, &len) == whole);
	names_show_files(&n, start, 8);
	CHECK("showings: the tail is the whole form cut", names_std(&n, id, &len) == whole + 3);
	CHECK_STR("showings: the file shown", "b/x.py", names_shown_file(&n, f, &len));
	CHECK_STR("showings: the file recorded", "/a/b/x.py", func_file(&n, id));
	names_show_files(&n, NULL, 0);
	names_free(&n);
}

int main(void)
{
	unsigned seed;

	test_showings();
	for (shape = SHAPE_MERGES; shape <= SHAPE_ALONE; shape++)
		for (seed = 1; seed <= 12; seed++)
			test_random(seed, seed < 4 ? 8 : 20 * seed);
	return check_failures != 0;
}
