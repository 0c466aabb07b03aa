/* The call tree on a hand-built profile: order, estimates, cycles, rows. */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "proftop/calls.h"

static struct names names;
static struct profile prof;

static uint32_t fn(const char *name)
{
	uint32_t file = strtab_intern(&names.strs, "app.py", 6);
	return names_func(&names, file, 1, strtab_intern(&names.strs, name, strlen(name)));
}

static void edge(uint32_t caller, int64_t nc, int64_t cc, double tt, double ct)
{
	struct callstat st = { nc, cc, tt, ct };
	profile_edge(&prof, caller, &st, 0);
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static uint32_t row_func(const struct calltree *t, size_t i)
{
	return t->nodes[t->rows[i]].func;
}

/* A chain DEEP calls long, each link also calling a few leaves: the
 * hottest path runs down the whole chain. */
#define DEEP 40000
#define LEAVES 4
static void deep_chain(void)
{
	struct calltree t;
	uint32_t prev = NO_ID, f, leaf;
	char name[32];
	clock_t t0;
	double secs;
	int i, j, ok;

	names_init(&names);
	profile_init(&prof, &names);
	for (i = 0; i < DEEP; i++) {
		snprintf(name, sizeof name, "link%d", i);
		f = fn(name);
		profile_begin(&prof, f, 1, 1, 0.001, DEEP - i);
		if (prev != NO_ID)
			edge(prev, 1, 1, 0.001, DEEP - i);
		profile_end(&prof, 0);
		for (j = 0; j < LEAVES; j++) {
			snprintf(name, sizeof name, "leaf%d_%d", i, j);
			leaf = fn(name);
			profile_begin(&prof, leaf, 1, 1, 0.001, 0.001);
			edge(f, 1, 1, 0.001, 0.001);
			profile_end(&prof, 0);
		}
		prev = f;
	}
	profile_compute_totals(&prof);
	CHECK("tree: deep chain finishes", profile_finish(&prof) == 0);
	CHECK("tree: deep chain opens", calltree_open(&t, &prof, NO_ID) == 0 && t.nrows == 1);
	t0 = clock();
	ok = calltree_expand_hottest(&t, t.rows[0]) == 0;
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK("tree: hottest path down a deep chain", ok && t.nrows == (size_t)DEEP * (1 + LEAVES));
	/* linear: milliseconds; walking up the path for every child took seconds */
	CHECK("tree: hottest path down a deep chain is not quadratic", secs < 1.0);
	calltree_free(&t);
	profile_free(&prof);
	names_free(&names);
}

/* Hidden functions give their place to their callees. */
static void hiding(uint32_t mainf, uint32_t a, uint32_t b, uint32_t c, uint32_t rec)
{
	uint8_t *hidden = calloc(names.nfuncs, 1);
	struct calltree t;

	if (!hidden)
		return;
	hidden[a] = 1;
	CHECK("hide: opens", calltree_open_hiding(&t, &prof, NO_ID, hidden, names.nfuncs) == 0);
	CHECK("hide: main expands", calltree_expand(&t, t.rows[0]) == 0 && calltree_rows(&t) == 0);
	CHECK("hide: a's callee c takes its place under main, b stays",
	      t.nrows == 3 && row_func(&t, 1) == b && row_func(&t, 2) == c);
	CHECK("hide: c holds what it had under a", near(t.nodes[t.rows[2]].time, 2) &&
	      t.nodes[t.rows[2]].calls == 2);
	CHECK("hide: ... and is marked as reached through a hidden function",
	      (t.nodes[t.rows[2]].flags & TREE_VIA_HIDDEN) && !(t.nodes[t.rows[1]].flags & TREE_VIA_HIDDEN));
	calltree_free(&t);

	hidden[b] = 1;
	calltree_open_hiding(&t, &prof, NO_ID, hidden, names.nfuncs);
	calltree_expand(&t, t.rows[0]);
	calltree_rows(&t);
	CHECK("hide a and b: main's children are c and rec", t.nrows == 3 &&
	      row_func(&t, 1) == c && row_func(&t, 2) == rec);
	CHECK("hide a and b: c reached through both adds up", near(t.nodes[t.rows[1]].time, 3) &&
	      t.nodes[t.rows[1]].calls == 3);
	calltree_free(&t);

	memset(hidden, 0, names.nfuncs);
	hidden[mainf] = 1;
	calltree_open_hiding(&t, &prof, NO_ID, hidden, names.nfuncs);
	CHECK("hide the top: its callees are the top level", t.nrows == 2 &&
	      row_func(&t, 0) == a && row_func(&t, 1) == b && t.nodes[t.rows[0]].depth == 0);
	calltree_free(&t);
	CHECK("hide: a tree rooted at a hidden function still shows it",
	      calltree_open_hiding(&t, &prof, mainf, hidden, names.nfuncs) == 0 &&
	      row_func(&t, 0) == mainf && t.nrows == 3);
	calltree_free(&t);

	memset(hidden, 0, names.nfuncs);
	hidden[rec] = 1;
	calltree_open_hiding(&t, &prof, b, hidden, names.nfuncs);
	CHECK("hide a recursive function: its self-calls go with it", t.nrows == 2 &&
	      row_func(&t, 1) == c);
	calltree_free(&t);
	free(hidden);
}

int main(void)
{
	uint32_t mainf, a, b, c, rec;
	struct calltree t;
	size_t i;

	names_init(&names);
	profile_init(&prof, &names);
	mainf = fn("main");
	a = fn("a");
	b = fn("b");
	c = fn("c");
	rec = fn("rec");
	profile_begin(&prof, mainf, 1, 1, 2.5, 10);
	profile_end(&prof, 0);
	profile_begin(&prof, a, 1, 1, 4, 6);
	edge(mainf, 1, 1, 4, 6);
	profile_end(&prof, 0);
	profile_begin(&prof, b, 1, 1, 1, 4);
	edge(mainf, 1, 1, 1, 4);
	profile_end(&prof, 0);
	profile_begin(&prof, c, 3, 3, 1.5, 3);
	edge(a, 2, 2, 1, 2);
	edge(b, 1, 1, 0.5, 1);
	profile_end(&prof, 0);
	profile_begin(&prof, rec, 1, 6, 1, 2);
	edge(b, 1, 1, 0, 2);
	edge(rec, 5, 0, 1, 1.5);
	profile_end(&prof, 0);
	profile_compute_totals(&prof);
	CHECK("tree: profile finishes", profile_finish(&prof) == 0);

	CHECK("tree: opens at the top level", calltree_open(&t, &prof, NO_ID) == 0);
	CHECK("tree: one root, the function nobody calls", t.nrows == 1 && row_func(&t, 0) == mainf);
	CHECK("tree: total is the profile's total time", near(t.total, 10));
	CHECK("tree: expand main", calltree_expand(&t, t.rows[0]) == 0 && calltree_rows(&t) == 0);
	CHECK("tree: children hottest first", t.nrows == 3 && row_func(&t, 1) == a && row_func(&t, 2) == b);
	CHECK("tree: child depth", t.nodes[t.rows[1]].depth == 1);
	CHECK("tree: child time is the edge's cumtime", near(t.nodes[t.rows[1]].time, 6));
	CHECK("tree: share", near(calltree_share(&t, t.rows[1]), 60));

	/* b -> rec -> rec: the self-call is a cycle, never expanded */
	calltree_expand(&t, t.rows[2]);
	calltree_rows(&t);
	CHECK("tree: b's children", t.nrows == 5 && row_func(&t, 3) == rec && row_func(&t, 4) == c);
	CHECK("tree: scaled estimate under b", near(t.nodes[t.rows[4]].time, 1));
	calltree_expand(&t, t.rows[3]);
	calltree_rows(&t);
	CHECK("tree: recursion shows once more", t.nrows == 6 && row_func(&t, 4) == rec);
	CHECK("tree: and is marked a cycle", t.nodes[t.rows[4]].flags & TREE_CYCLE);
	CHECK("tree: a cycle does not expand", calltree_expand(&t, t.rows[4]) == 0 &&
	      !(t.nodes[t.rows[4]].flags & TREE_EXPANDED));
	CHECK("tree: a leaf is marked", t.nodes[t.rows[5]].flags & TREE_LEAF);

	calltree_collapse(&t, t.rows[2]);
	calltree_rows(&t);
	CHECK("tree: collapse hides the subtree", t.nrows == 3);
	calltree_free(&t);

	CHECK("tree: hottest path", calltree_open(&t, &prof, NO_ID) == 0 &&
	      calltree_expand_hottest(&t, t.rows[0]) == 0);
	for (i = 0; i < t.nrows; i++)
		if (row_func(&t, i) == c)
			break;
	CHECK("tree: hottest path reaches c through a", i == 2 && row_func(&t, 1) == a);
	CHECK("tree: c under a holds a's share", near(t.nodes[t.rows[2]].time, 2));
	calltree_free(&t);

	CHECK("tree: rooted at a function", calltree_open(&t, &prof, b) == 0);
	CHECK("tree: root row then its children", t.nrows == 3 && row_func(&t, 0) == b &&
	      t.nodes[t.rows[0]].depth == 0 && t.nodes[t.rows[1]].depth == 1);
	CHECK("tree: 100% at the root", near(calltree_share(&t, t.rows[0]), 100));
	calltree_free(&t);

	hiding(mainf, a, b, c, rec);

	profile_free(&prof);
	names_free(&names);
	deep_chain();
	return CHECK_DONE();
}
