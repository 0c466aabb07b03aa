/* The diff table's view-model and the edge deltas, without a terminal. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "proftop/diffview.h"

static struct names names;

/* f with one caller (NO_ID: none), nc calls, ct cumulative time. */
static void add(struct profile *p, uint32_t f, uint32_t caller, int64_t nc, double ct)
{
	struct callstat st = { nc, nc, ct / 2, ct };

	profile_begin(p, f, nc, nc, ct / 2, ct);
	if (caller != NO_ID)
		profile_edge(p, caller, &st, 0);
	profile_end(p, 0);
}

static const struct diff_edge *find(const struct diff_edge *v, size_t n, uint32_t func)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].func == func)
			return &v[i];
	return NULL;
}

static uint32_t row_of(const struct diff_table *dt, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < dt->d.nrows; i++)
		if (diff_row_id(&dt->d.rows[i]) == id)
			return i;
	return NO_ID;
}

int main(void)
{
	struct profile old, new;
	struct diff_table dt;
	struct diff_edge *v;
	const struct diff_edge *x;
	struct err e;
	size_t n;
	uint32_t main_id = fixture_func(&names, "/app.py", 1, "main"), work_old = fixture_func(&names, "/app.py", 4, "work");
	uint32_t work_new = fixture_func(&names, "/app.py", 7, "work"), inner_old = fixture_func(&names, "/app.py", 9, "inner");
	uint32_t inner_new = fixture_func(&names, "/app.py", 12, "inner"), gone = fixture_func(&names, "/app.py", 20, "gone");
	uint32_t fresh = fixture_func(&names, "/app.py", 30, "fresh");

	profile_init(&old, &names);
	profile_init(&new, &names);
	add(&old, main_id, NO_ID, 1, 1.0);
	add(&old, work_old, main_id, 10, 0.5);
	add(&old, inner_old, work_old, 100, 0.2);
	add(&old, gone, main_id, 2, 0.3);
	add(&new, main_id, NO_ID, 1, 2.0);
	add(&new, work_new, main_id, 10, 1.5);
	add(&new, inner_new, work_new, 300, 0.6);
	add(&new, fresh, main_id, 3, 0.4);
	profile_compute_totals(&old);
	profile_compute_totals(&new);

	CHECK("diffview: open", diff_table_open(&dt, &old, &new, &e) == 0 && dt.nrows == 5);
	CHECK("diffview: sorted by dcumtime, largest first",
	      diff_row_id(&dt.d.rows[dt.rows[0]]) == main_id || diff_row_id(&dt.d.rows[dt.rows[0]]) == work_new);
	CHECK("diffview: moved functions pair", dt.d.moved == 2 && dt.new_of_old[work_old] == work_new &&
	      dt.new_of_old[inner_old] == inner_new);

	CHECK("edges: callees of main", diff_edges(&dt, row_of(&dt, main_id), 1, &v, &n, &e) == 0 && n == 3);
	x = find(v, n, work_new);
	CHECK("edges: main -> work pairs across the move", x && x->old && x->new &&
	      x->old->ct == 0.5 && x->new->ct == 1.5);
	x = find(v, n, gone);
	CHECK("edges: main -> gone only on the old side", x && x->old && !x->new);
	x = find(v, n, fresh);
	CHECK("edges: main -> fresh only on the new side", x && !x->old && x->new && x->new->nc == 3);
	CHECK("edges: largest growth first", v[0].func == work_new);
	free(v);

	CHECK("edges: callers of moved inner", diff_edges(&dt, row_of(&dt, inner_new), 0, &v, &n, &e) == 0 &&
	      n == 1 && v[0].func == work_new && v[0].old && v[0].new &&
	      v[0].old->nc == 100 && v[0].new->nc == 300);
	free(v);
	CHECK("edges: a vanished function has its old callers", diff_edges(&dt, row_of(&dt, gone), 0, &v, &n, &e) == 0 &&
	      n == 1 && v[0].func == main_id && v[0].old && !v[0].new);
	free(v);
	CHECK("edges: ... and no callees", diff_edges(&dt, row_of(&dt, gone), 1, &v, &n, &e) == 0 && n == 0);
	free(v);

	CHECK("diffview: filter either side's name", diff_table_filter(&dt, "inner|fresh", &e) == 0 && dt.nrows == 2);
	CHECK("diffview: a bad filter keeps the old one", diff_table_filter(&dt, "(", &e) < 0 && dt.nrows == 2);
	CHECK("diffview: sort by name, reversed", diff_table_sort(&dt, diff_sort_lookup("name"), 1, &e) == 0 &&
	      diff_row_id(&dt.d.rows[dt.rows[0]]) == fresh);
	diff_table_move_to(&dt, 5);
	CHECK("diffview: the cursor stays on the rows", dt.pos.cursor == 1);
	diff_table_close(&dt);
	profile_free(&old);
	profile_free(&new);
	names_free(&names);
	return CHECK_DONE();
}
