/* The flame graph's model on hand-built profiles: estimates, cycles cut,
 * omitted functions spliced, clamping, zoom paths, depth and leaves. */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "proftop/flame.h"

static struct names names;
static struct profile prof;

static uint32_t fn(const char *name)
{
	uint32_t file = strtab_intern(&names.strs, "app.py", 6);
	return names_func(&names, file, 1, strtab_intern(&names.strs, name, strlen(name)));
}

static void edge(uint32_t caller, int64_t nc, double ct)
{
	struct callstat st = { nc, nc, ct, ct };
	profile_edge(&prof, caller, &st, 0);
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/*
 * main (1.0) calls a (0.6) and b (0.3); a calls c (0.4) and b (0.1); b
 * calls c (0.2); c calls a (0.05: a cycle).  b has two callers, so its
 * callee c is split between the stacks main;b and main;a;b.
 */
static uint32_t m, a, b, c;
static void open_graph(void)
{
	names_init(&names);
	profile_init(&prof, &names);
	m = fn("main"), a = fn("a"), b = fn("b"), c = fn("c");
	profile_begin(&prof, m, 1, 1, 0.1, 1.0);
	profile_end(&prof, 0);
	profile_begin(&prof, a, 1, 1, 0.1, 0.6);
	edge(m, 1, 0.6);
	edge(c, 1, 0.05);
	profile_end(&prof, 0);
	profile_begin(&prof, b, 2, 2, 0.2, 0.4);
	edge(m, 1, 0.3);
	edge(a, 1, 0.1);
	profile_end(&prof, 0);
	profile_begin(&prof, c, 2, 2, 0.55, 0.6);
	edge(a, 1, 0.4);
	edge(b, 1, 0.2);
	profile_end(&prof, 0);
	profile_compute_totals(&prof);
}

static uint32_t at(const struct flame *fl, const uint32_t *path, size_t n)
{
	uint32_t cur = 0;
	size_t i;

	for (i = 0; i < n && cur != NO_ID; i++)
		cur = flame_child(fl, cur, path[i]);
	return cur;
}

static void estimates(void)
{
	struct flame fl;
	struct flame_opts o;
	uint32_t p1[] = { m }, p2[] = { m, a, b, c }, p3[] = { m, b, c }, p4[] = { m, a, c, a };
	uint32_t path[8];

	memset(&o, 0, sizeof o);
	CHECK_INT("build", 0, flame_build(&fl, &prof, NULL, 0, NULL, 0, &o));
	CHECK("main is the one root, with its cumtime", at(&fl, p1, 1) != NO_ID &&
	      near(fl.f[at(&fl, p1, 1)].time, 1.0) && fl.f[0].nchildren == 1);
	CHECK("the total: the roots' time where it passes the tottimes' sum", near(fl.total, 1.0) && prof.total_tt < 1.0);
	/* b on main;a holds 0.1 of b's 0.4: c below it gets 0.2 * 0.25 */
	CHECK("c under main;a;b: its edge scaled by the stack's share",
	      at(&fl, p2, 4) != NO_ID && near(fl.f[at(&fl, p2, 4)].time, 0.05));
	CHECK("c under main;b: 0.2 * 0.75", near(fl.f[at(&fl, p3, 3)].time, 0.15));
	CHECK("a under main;a;c: a cycle, cut", at(&fl, p4, 4) == NO_ID);
	CHECK("children hottest first", fl.f[fl.f[at(&fl, p1, 1)].first_child].func == a);
	CHECK("own time: main's 0.1", near(flame_self(&fl, at(&fl, p1, 1)), 0.1));
	CHECK_INT("path of main;a;b;c", 4, flame_path(&fl, at(&fl, p2, 4), path, 8));
	CHECK("path reads from the root", path[0] == m && path[3] == c);
	flame_free(&fl);
}

static void omitted(void)
{
	struct flame fl;
	struct flame_opts o;
	uint8_t *omit = calloc(names.nfuncs + 1, 1);
	uint32_t p1[] = { m, c }, p2[] = { m, b };

	memset(&o, 0, sizeof o);
	omit[a] = 1;
	o.omit = omit;
	o.nomit = names.nfuncs;
	flame_build(&fl, &prof, NULL, 0, NULL, 0, &o);
	CHECK("a omitted: its callee c in its place", at(&fl, p1, 2) != NO_ID &&
	      near(fl.f[at(&fl, p1, 2)].time, 0.4));
	CHECK("a omitted: b reached two ways adds up", near(fl.f[at(&fl, p2, 2)].time, 0.4));
	CHECK("marked as reached through an omitted function",
	      fl.f[at(&fl, p1, 2)].flags & FLAME_VIA_OMITTED);
	flame_free(&fl);
	free(omit);
}

static void zoom_depth_width(void)
{
	struct flame fl;
	struct flame_opts o;
	uint32_t z[] = { m, a, b }, gone[] = { m, c, a };
	size_t i;
	uint32_t deepest = 0;

	memset(&o, 0, sizeof o);
	flame_build(&fl, &prof, NULL, 0, z, 3, &o);
	CHECK_INT("zoom: the whole path found", 3, fl.nzoom);
	CHECK("zoom: the top frame is main;a;b, 100 %", fl.f[fl.top].func == b &&
	      near(flame_share(&fl, fl.top), 100.0));
	CHECK("zoom: only the path above it", fl.f[0].nchildren == 1 && fl.f[fl.f[0].first_child].nchildren == 1);
	flame_free(&fl);
	flame_build(&fl, &prof, NULL, 0, gone, 3, &o);
	CHECK_INT("zoom: a path that no longer exists stops where it does", 1, fl.nzoom);
	flame_free(&fl);
	o.max_depth = 2;
	flame_build(&fl, &prof, NULL, 0, NULL, 0, &o);
	for (i = 0; i < fl.n; i++)
		if (fl.f[i].depth > deepest)
			deepest = fl.f[i].depth;
	CHECK_INT("max_depth 2: two levels of frames", 2, deepest);
	flame_free(&fl);
	o.max_depth = 0;
	o.min_share = 0.2;
	flame_build(&fl, &prof, NULL, 0, NULL, 0, &o);
	for (i = 1; i < fl.n; i++)
		if (fl.f[i].time < 0.2 - 1e-12)
			break;
	CHECK("min_share: no frame narrower than a fifth", i == fl.n);
	flame_free(&fl);
}

static void rooted_and_leaves(void)
{
	struct flame fl;
	struct flame_opts o;
	struct regex re;
	struct err e;
	uint32_t roots[] = { b };

	memset(&o, 0, sizeof o);
	flame_build(&fl, &prof, roots, 1, NULL, 0, &o);
	CHECK("rooted at b: b's cumtime is the total", near(fl.total, 0.4) && fl.f[0].nchildren == 1);
	flame_free(&fl);
	regex_compile(&re, "\\(b\\)", 0, &e);
	flame_build(&fl, &prof, NULL, 0, NULL, 0, &o);
	CHECK_INT("leaf b: two frames match", 2, flame_keep_leaves(&fl, &re));
	CHECK("leaf b: the stacks reaching it weigh 0.3 + 0.1", near(fl.total, 0.4));
	flame_free(&fl);
	regex_free(&re);
}

/* Edges claiming more than their caller has: the hottest keeps its time. */
static void clamped(void)
{
	struct flame fl;
	struct flame_opts o;
	uint32_t x, y, z;

	profile_free(&prof);
	names_free(&names);
	names_init(&names);
	profile_init(&prof, &names);
	x = fn("x"), y = fn("y"), z = fn("z");
	profile_begin(&prof, x, 1, 1, 0.1, 1.0);
	profile_end(&prof, 0);
	profile_begin(&prof, y, 1, 1, 0.8, 0.8);
	edge(x, 1, 0.8);
	profile_end(&prof, 0);
	profile_begin(&prof, z, 1, 1, 0.6, 0.6);
	edge(x, 1, 0.6);
	profile_end(&prof, 0);
	profile_compute_totals(&prof);
	memset(&o, 0, sizeof o);
	flame_build(&fl, &prof, NULL, 0, NULL, 0, &o);
	{
		uint32_t top = fl.f[0].first_child, k0 = fl.f[top].first_child;
		CHECK("clamped: the hottest child keeps its time", near(fl.f[k0].time, 0.8));
		CHECK("clamped: the next gets what is left", near(fl.f[k0 + 1].time, 0.2));
		CHECK("clamped: no own time below zero", near(flame_self(&fl, top), 0));
	}
	flame_free(&fl);
}

int main(void)
{
	open_graph();
	estimates();
	omitted();
	zoom_depth_width();
	rooted_and_leaves();
	clamped();
	profile_free(&prof);
	names_free(&names);
	return check_failures ? 1 : 0;
}
