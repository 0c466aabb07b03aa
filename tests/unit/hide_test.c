/* Hidden functions, visible shares and unique paths in the table's
 * view-model, without a terminal. */
#include "autoconfig.h"

#include <math.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "proftop/view.h"

static uint32_t ids[5];

/* Five functions; x.py:1(alpha) twice, merged when directories are stripped. */
static void make_profile(struct profile *p)
{
	ids[0] = fixture_add(p, "/a/x.py", 1, "alpha", 5, 0.5, 1.0);
	ids[1] = fixture_add(p, "/a/y.py", 2, "beta", 1, 0.1, 3.0);
	ids[2] = fixture_add(p, "/b/x.py", 1, "alpha", 7, 0.3, 0.4);
	ids[3] = fixture_add(p, "/a/z.py", 3, "gamma", 2, 0.9, 0.9);
	ids[4] = fixture_add(p, "/a/w.py", 4, "delta", 3, 0.2, 2.0);
	profile_compute_totals(p);
}

static int shown(const struct view *v, uint32_t id)
{
	size_t i;

	for (i = 0; i < v->nrows; i++)
		if (v->rows[i] == id)
			return 1;
	return 0;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static const char *name_at(const struct view *v, size_t row)
{
	uint32_t len;

	return names_std(v->p->names, v->rows[row], &len);
}

static void test_hide(struct view *v)
{
	struct err e;

	view_move_to(v, 1);
	CHECK("hide: x hides the selected function", view_hide_toggle(v, view_current(v)) == 1 &&
	      !shown(v, ids[1]) && v->nrows == 4 && v->nhidden == 1);
	CHECK("hide: shows the top", v->pos.cursor == 0 && v->pos.top == 0);
	CHECK("hide: a hidden function fails the match", view_is_hidden(v, ids[1]) && !v->match[ids[1]]);
	CHECK("hide: toggling shows it again", view_hide_toggle(v, ids[1]) == 0 && shown(v, ids[1]) &&
	      v->nhidden == 0);
	CHECK("hide: :hide RE hides every match", view_hide_matching(v, "alpha", &e) == 2 &&
	      v->nrows == 3 && !shown(v, ids[0]) && !shown(v, ids[2]));
	CHECK("hide: a second :hide of the same counts none new", view_hide_matching(v, "alpha", &e) == 0);
	CHECK("hide: a bad pattern is an error, nothing changes",
	      view_hide_matching(v, "(", &e) == -1 && e.set && v->nhidden == 2);
	CHECK("hide: !RE hides what does not match", view_hide_matching(v, "!gamma", &e) == 2 &&
	      v->nrows == 1 && v->rows[0] == ids[3]);
	view_move_to(v, 0);
	view_unhide_all(v);
	CHECK("hide: unhide shows everything", v->nrows == 5 && v->nhidden == 0);
	CHECK("hide: unhide shows the top", v->pos.cursor == 0);
}

static void test_share(struct view *v)
{
	struct err e;

	CHECK("share: of the total by default", near(view_share(v, 0.2), 10.0));
	view_move_to(v, 3);
	view_set_share(v, 1);
	CHECK("share: a change of shares shows the top", v->pos.cursor == 0);
	CHECK("share: visible with nothing hidden is the total", near(view_share(v, 0.2), 10.0));
	view_hide_toggle(v, ids[3]);    /* 0.9 of 2.0 */
	CHECK("share: visible time leaves the hidden out", near(v->visible_tt, 1.1) &&
	      near(view_share(v, 1.1), 100.0));
	view_set_filter(v, "x\\.py", &e);
	CHECK("share: the filter narrows what is visible", near(v->visible_tt, 0.8) &&
	      near(view_share(v, 0.4), 50.0));
	view_set_share(v, 0);
	CHECK("share: back to the total", near(view_share(v, 0.4), 20.0));
	view_set_filter(v, "", &e);
	view_unhide_all(v);
}

static void test_paths(struct view *v)
{
	struct err e;
	uint32_t merged;

	view_hide_toggle(v, ids[0]);    /* /a/x.py:1(alpha) only */
	CHECK("paths: short mode", view_set_path(v, PATH_SHORT, &e) == 0 && v->nrows == 4);
	merged = view_shown_id(v, PATH_SHORT, ids[0]);
	CHECK("paths: a merged row stays while one of its functions is visible", shown(v, merged));
	view_hide_toggle(v, merged);
	CHECK("paths: hiding the merged row hides both", !shown(v, merged) && v->nhidden == 2);
	CHECK("paths: unique mode", view_set_path(v, PATH_UNIQUE, &e) == 0);
	CHECK("paths: hidden ones stay hidden in unique mode", v->nrows == 3 &&
	      !shown(v, view_shown_id(v, PATH_UNIQUE, ids[0])) &&
	      !shown(v, view_shown_id(v, PATH_UNIQUE, ids[2])));
	view_unhide_all(v);
	CHECK("paths: unique keeps all five", v->nrows == 5);
	CHECK("paths: unique names widen where files collide", strcmp(name_at(v, 0), "a/x.py:1(alpha)") == 0 &&
	      strcmp(name_at(v, 2), "b/x.py:1(alpha)") == 0);
	CHECK("paths: ... and stay short where they do not", strcmp(name_at(v, 1), "y.py:2(beta)") == 0);
	view_move_to(v, 2);
	CHECK("paths: back to full shows the top",
	      view_set_path(v, PATH_FULL, &e) == 0 && v->pos.cursor == 0);
	CHECK("paths: the cycle is unique (nothing merged), short, full",
	      path_mode_next(PATH_FULL) == PATH_UNIQUE && path_mode_next(PATH_UNIQUE) == PATH_SHORT &&
	      path_mode_next(PATH_SHORT) == PATH_FULL);
}

int main(void)
{
	struct names n;
	struct profile p;
	struct view v;
	struct err e;

	names_init(&n);
	profile_init(&p, &n);
	make_profile(&p);
	CHECK("hide: open", view_open(&v, &p, &e) == 0 && v.nrows == 5);
	test_hide(&v);
	test_share(&v);
	test_paths(&v);
	view_close(&v);
	profile_free(&p);
	names_free(&n);
	return CHECK_DONE();
}
