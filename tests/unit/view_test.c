/* The table's view-model, the action/key table, the line editor and the
 * event loop, all without a terminal. */
#include "autoconfig.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "proftop/keys.h"
#include "proftop/lineedit.h"
#include "proftop/loop.h"
#include "proftop/view.h"

static uint32_t ids[6];

/* Six functions; two of them merge when directories are stripped. */
static void make_profile(struct profile *p)
{
	ids[0] = fixture_add(p, "/a/x.py", 1, "alpha", 5, 0.5, 1.0);
	ids[1] = fixture_add(p, "/a/y.py", 2, "Beta", 1, 0.1, 3.0);
	ids[2] = fixture_add(p, "/b/x.py", 1, "alpha", 7, 0.3, 0.4);
	ids[3] = fixture_add(p, "/a/z.py", 3, "gamma", 2, 0.9, 0.9);
	ids[4] = fixture_add(p, "/a/w.py", 4, "delta", 3, 0.2, 2.0);
	ids[5] = fixture_add(p, "/a/v.py", 5, "beta_two", 4, 0.0, 0.1);
	profile_compute_totals(p);
}

static int rows_are(const struct view *v, const uint32_t *want, size_t n)
{
	size_t i;

	if (v->nrows != n)
		return 0;
	for (i = 0; i < n; i++)
		if (v->rows[i] != want[i])
			return 0;
	return 1;
}

static void test_sort_and_cursor(struct view *v)
{
	struct err e;
	const uint32_t by_time[] = { ids[3], ids[0], ids[2], ids[4], ids[1], ids[5] };
	const uint32_t by_cum[] = { ids[1], ids[4], ids[0], ids[3], ids[2], ids[5] };
	const uint32_t by_cum_rev[] = { ids[5], ids[2], ids[3], ids[0], ids[4], ids[1] };

	CHECK("view opens in dict order", v->nrows == 6 && v->rows[0] == ids[0] && v->sort_col == -1);
	view_move_to(v, 2);
	CHECK("sort by time", view_sort_by_key(v, "time", &e) == 0 && rows_are(v, by_time, 6));
	CHECK("sort marks the tottime column", v->sort_col == VCOL_TOTTIME);
	CHECK("sort shows the top, the cursor on row 1", v->pos.cursor == 0 && v->pos.top == 0);
	view_move_to(v, 4);
	CHECK("sort by column", view_sort_by_column(v, VCOL_CUMTIME, &e) == 0 && rows_are(v, by_cum, 6));
	CHECK("sort by column shows the top", v->pos.cursor == 0 && v->pos.top == 0);
	view_move_to(v, 3);
	CHECK("reverse", view_set_reverse(v, 1, &e) == 0 && rows_are(v, by_cum_rev, 6));
	CHECK("reverse shows the top", v->pos.cursor == 0 && view_current(v) == ids[5]);
	view_set_reverse(v, 0, &e);
	CHECK("sort step right", view_sort_step(v, 1, NULL, &e) == 0 && v->sort_col == VCOL_CPERCALL);
	{
		int shown[VCOL_COUNT] = { 1, 1, 0, 1, 0, 1, 1, 1 };
		CHECK("sort step skips hidden columns", view_sort_step(v, 1, shown, &e) == 0 &&
		      v->sort_col == VCOL_PCT_OWN);
		CHECK("sort step left skips hidden columns", view_sort_step(v, -1, shown, &e) == 0 &&
		      v->sort_col == VCOL_CUMTIME);
	}
	CHECK("sort by an unknown key fails", view_sort_by_key(v, "bogus", &e) < 0 && e.msg[0]);
	CHECK("sort by a key with no column", view_sort_by_key(v, "name", &e) == 0 && v->sort_col == -1);
}

static void test_filter(struct view *v)
{
	struct err e;

	view_sort_by_key(v, "line", &e);
	view_set_height(v, 2);
	view_move_to(v, 5);
	CHECK("smart-case: lower case matches any case",
	      view_set_filter(v, "beta", &e) == 0 && v->nrows == 2);
	CHECK("a filter shows the top", v->pos.cursor == 0 && v->pos.top == 0);
	view_move_to(v, 1);
	CHECK("smart-case: a capital is case-sensitive",
	      view_set_filter(v, "Beta", &e) == 0 && v->nrows == 1 && v->rows[0] == ids[1]);
	CHECK("! negates", view_set_filter(v, "!alpha", &e) == 0 && v->nrows == 4);
	err_clear(&e);
	CHECK("invalid pattern fails with an offset",
	      view_set_filter(v, "al(pha", &e) < 0 && e.offset == 6 && e.msg[0]);
	CHECK("invalid pattern keeps the last filter", strcmp(v->filter, "!alpha") == 0 && v->nrows == 4);
	view_move_to(v, 3);
	err_clear(&e);
	CHECK("invalid pattern keeps the cursor",
	      view_set_filter(v, "[", &e) < 0 && v->pos.cursor == 3 && v->pos.top == 2);
	CHECK("filter matches file:line(name)", view_set_filter(v, "^/b/x\\.py:1\\(", &e) == 0 &&
	      v->nrows == 1 && v->rows[0] == ids[2]);
	CHECK("empty filter clears", view_set_filter(v, "", &e) == 0 && v->nrows == 6 && !v->has_filter);
	view_move_to(v, 5);
	CHECK("limit N", view_set_limit(v, "2", &e) == 0 && v->nrows == 2 && v->nfiltered == 6);
	CHECK("a limit shows the top", v->pos.cursor == 0 && v->pos.top == 0);
	CHECK("limit fraction", view_set_limit(v, "0.5", &e) == 0 && v->nrows == 3);
	CHECK("bad limit fails", view_set_limit(v, "x", &e) < 0 && v->nrows == 3);
	CHECK("no limit", view_set_limit(v, "", &e) == 0 && v->nrows == 6);
}

static void test_movement(struct view *v)
{
	view_set_height(v, 3);
	view_move_to(v, 0);
	view_move(v, -5);
	CHECK("move clamps at the top", v->pos.cursor == 0 && v->pos.top == 0);
	view_move(v, 4);
	CHECK("move scrolls to keep the cursor shown", v->pos.cursor == 4 && v->pos.top == 2);
	view_move(v, 100);
	CHECK("move clamps at the bottom", v->pos.cursor == 5 && v->pos.top == 3);
	view_scroll(v, -2);
	CHECK("scroll drags the cursor into the window", v->pos.top == 1 && v->pos.cursor == 3);
	view_scroll(v, -10);
	CHECK("scroll clamps", v->pos.top == 0 && v->pos.cursor == 2);
}

static void test_search(struct view *v)
{
	struct err e;

	view_move_to(v, 0);   /* sorted by line: alpha(/a), alpha(/b), Beta, gamma, delta, beta_two */
	CHECK("search finds from the cursor", view_search(v, "beta", 0, &e) == 1 && view_current(v) == ids[1]);
	CHECK("search next", view_search_next(v, 1) == 1 && view_current(v) == ids[5]);
	CHECK("search next wraps", view_search_next(v, 1) == 1 && view_current(v) == ids[1]);
	CHECK("search previous wraps", view_search_next(v, -1) == 1 && view_current(v) == ids[5]);
	CHECK("search with no match", view_search(v, "nothing", 0, &e) == 0 && view_current(v) == ids[5]);
	CHECK("invalid search", view_search(v, "[", 0, &e) < 0 && e.offset >= 0);
}

static void test_paths(struct view *v)
{
	struct err e;

	view_select_id(v, ids[2]);
	CHECK("short paths merge as strip_dirs", view_set_path(v, PATH_SHORT, &e) == 0 && v->nrows == 5);
	CHECK("a path mode shows the top", v->pos.cursor == 0 && v->pos.top == 0);
	view_select_id(v, v->strip_map[ids[2]]);
	CHECK("merged as strip_dirs merges", v->strip_map[ids[2]] == v->strip_map[ids[0]]);
	{
		uint32_t len;
		const char *s = names_std(v->p->names, view_current(v), &len);
		CHECK("short names", strcmp(s, "x.py:1(alpha)") == 0);
		CHECK("merged stats add up", v->p->stats[view_current(v)].nc == 12);
	}
	CHECK("full paths again", view_set_path(v, PATH_FULL, &e) == 0 && v->nrows == 6 &&
	      v->pos.cursor == 0);
	CHECK("stripped copy is cached", v->stripped != NULL);
	view_select_id(v, ids[2]);
	{
		size_t row = v->pos.cursor, top = v->pos.top;
		CHECK("refresh keeps the cursor and the scroll", view_refresh(v, &e) == 0 &&
		      v->stripped == NULL && view_current(v) == ids[2] && v->pos.cursor == row &&
		      v->pos.top == top);
	}
}

/* Stripping interns basenames of paths already in the table; the table may
 * move while it does. */
static void test_intern_inside(void)
{
	struct strtab t;
	char path[64];
	uint32_t i, id, base, ok = 1;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 20000 && ok; i++) {
		int n = snprintf(path, sizeof path, "/some/dir/file%u.py", i);
		id = strtab_intern(&t, path, (size_t)n);
		base = strtab_intern(&t, strtab_get(&t, id) + 10, (size_t)n - 10);
		ok = base != NO_ID && strcmp(strtab_get(&t, base), path + 10) == 0;
	}
	CHECK("interning a string that lives in the table", ok);
	strtab_free(&t);
}

static void test_keys(void)
{
	struct keymap km;
	char buf[64];

	CHECK("key C-w", key_by_name("C-w") == 23);
	CHECK("key F6", key_by_name("F6") == TK_F0 + 6);
	CHECK("key PgDn", key_by_name("PgDn") == TK_PGDN);
	CHECK("key Enter", key_by_name("Enter") == TK_ENTER);
	CHECK("key q and <", key_by_name("q") == 'q' && key_by_name("<") == '<');
	CHECK("key UTF-8", key_by_name("\xc3\xa9") == 0xe9);
	CHECK("unknown key", key_by_name("Hyper-x") == TK_NONE && key_by_name("ab") == TK_NONE);
	CHECK("key names round trip", strcmp(key_to_name(key_by_name("C-u"), buf, sizeof buf), "C-u") == 0 &&
	      strcmp(key_to_name(TK_F0 + 12, buf, sizeof buf), "F12") == 0 &&
	      strcmp(key_to_name(TK_PGUP, buf, sizeof buf), "PgUp") == 0);
	CHECK("action by name", action_by_name("quit") == ACT_QUIT && action_by_name("nope") == ACT_NONE);
	keymap_defaults(&km);
	CHECK("default keymap", keymap_lookup(&km, 'q') == ACT_QUIT && keymap_lookup(&km, TK_F0 + 6) == ACT_SORT &&
	      keymap_lookup(&km, 'j') == ACT_MOVE_DOWN && keymap_lookup(&km, '/') == ACT_SEARCH);
	keymap_bind(&km, 'Q', ACT_QUIT);
	keymap_unbind(&km, 'q');
	CHECK("rebinding", keymap_lookup(&km, 'Q') == ACT_QUIT && keymap_lookup(&km, 'q') == ACT_NONE);
	keymap_keys_of(&km, ACT_SORT, buf, sizeof buf);
	CHECK("keys of an action", strcmp(buf, "s F6") == 0);
	{
		int a, ok = 1;
		for (a = 0; a < ACT_COUNT; a++)
			ok &= action_defs[a].name && action_defs[a].help && action_by_name(action_defs[a].name) == a;
		CHECK("every action has a unique name and help", ok);
	}
}

static void type(struct lineedit *l, const char *s)
{
	for (; *s; s++)
		lineedit_key(l, (unsigned char)*s);
}

static void test_lineedit(void)
{
	struct history h = { { 0 }, 0 };
	struct lineedit l;

	lineedit_start(&l, "abc", &h);
	CHECK("starts with the current value", strcmp(l.text, "abc") == 0 && l.cursor == 3);
	type(&l, " def");
	CHECK("C-w deletes a word", lineedit_key(&l, 23) == EDIT_CHANGED && strcmp(l.text, "abc ") == 0);
	lineedit_key(&l, TK_HOME);
	lineedit_key(&l, 'X');
	CHECK("Home and insert", strcmp(l.text, "Xabc ") == 0 && l.cursor == 1);
	lineedit_key(&l, 5);
	lineedit_key(&l, TK_BACKSPACE);
	CHECK("C-e and Backspace", strcmp(l.text, "Xabc") == 0);
	CHECK("C-u clears", lineedit_key(&l, 21) == EDIT_CHANGED && l.len == 0);
	lineedit_key(&l, 0xe9);
	lineedit_key(&l, 'z');
	lineedit_key(&l, TK_LEFT);
	lineedit_key(&l, TK_LEFT);
	CHECK("Left steps over a UTF-8 character", l.cursor == 0 && strcmp(l.text, "\xc3\xa9z") == 0);
	lineedit_key(&l, TK_DEL);
	CHECK("Del removes a whole character", strcmp(l.text, "z") == 0);
	CHECK("Enter accepts, Esc cancels", lineedit_key(&l, TK_ENTER) == EDIT_ACCEPT &&
	      lineedit_key(&l, TK_ESC) == EDIT_CANCEL);
	history_add(&h, "one");
	history_add(&h, "two");
	history_add(&h, "two");
	CHECK("history skips repeats", h.n == 2);
	history_add(&h, "one");
	CHECK("an entry given again moves to the end", h.n == 2 && strcmp(h.items[1], "one") == 0);
	history_add(&h, "two");
	lineedit_start(&l, "draft", &h);
	lineedit_key(&l, TK_UP);
	CHECK("Up walks back", strcmp(l.text, "two") == 0);
	lineedit_key(&l, TK_UP);
	lineedit_key(&l, TK_UP);
	CHECK("Up stops at the oldest", strcmp(l.text, "one") == 0);
	lineedit_key(&l, TK_DOWN);
	lineedit_key(&l, TK_DOWN);
	CHECK("Down returns to the draft", strcmp(l.text, "draft") == 0);
	history_free(&h);
}

static int ticks, reads;

static void on_tick(void *data)
{
	ticks++;
}

static void on_read(int fd, short revents, void *data)
{
	char b;

	if (read(fd, &b, 1) == 1)
		reads++;
}

static void test_loop(void)
{
	struct loop l;
	int fds[2], i;

	loop_init(&l);
	CHECK("pipe", pipe(fds) == 0);
	loop_watch_fd(&l, fds[0], POLLIN, on_read, NULL);
	loop_add_tick(&l, 5, on_tick, NULL);
	CHECK("write", write(fds[1], "x", 1) == 1);
	loop_run_once(&l, 0);
	CHECK("a readable fd runs its callback", reads == 1);
	for (i = 0; i < 100 && ticks == 0; i++)
		loop_run_once(&l, -1);
	CHECK("a tick fires without input", ticks >= 1 && reads == 1);
	loop_unwatch_fd(&l, fds[0]);
	CHECK("unwatch", l.nwatch == 0);
	close(fds[0]);
	close(fds[1]);
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
	err_clear(&e);
	CHECK("view_open", view_open(&v, &p, &e) == 0);
	test_sort_and_cursor(&v);
	test_filter(&v);
	test_movement(&v);
	test_search(&v);
	test_paths(&v);
	view_close(&v);
	profile_free(&p);
	names_free(&n);
	test_intern_inside();
	test_keys();
	test_lineedit();
	test_loop();
	return CHECK_DONE();
}
