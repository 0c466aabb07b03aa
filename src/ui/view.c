/* The table's view-model over arrays of function ids. */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/view.h"

/* Hidden functions (at the end of this file). */
static int hide_reserve(struct view *v, size_t n);
static void hide_derive(struct view *v);

const struct view_column_def view_columns[VCOL_COUNT] = {
#define VCOL_DEF(id, title, width, key, help) { title, width, key, help },
	VIEW_COLUMNS(VCOL_DEF)
#undef VCOL_DEF
};

static int build_stripped(struct view *v);
static int build_path_profile(struct view *v, enum path_mode mode);
static void show_files(struct view *v);

static int oom(struct err *e)
{
	err_at(e, "", -1, "out of memory");
	return -1;
}

/* Room for every id of the shared names table (they only grow). */
static int reserve(struct view *v)
{
	size_t n = (size_t)v->p->names->nfuncs + 1;
	uint32_t *s, *r;
	uint8_t *m;

	if (n > v->cap_ids) {
		s = realloc(v->sorted, n * sizeof *s);
		if (s)
			v->sorted = s;
		r = realloc(v->rows, n * sizeof *r);
		if (r)
			v->rows = r;
		if (!s || !r)
			return -1;
		v->cap_ids = n;
	}
	if (n > v->cap_match) {
		m = realloc(v->match, n);
		if (!m)
			return -1;
		memset(m + v->cap_match, 1, n - v->cap_match);
		v->match = m;
		v->cap_match = (uint32_t)n;
	}
	return hide_reserve(v, n);
}

/* After a failed change of profile the rows hold the other profile's ids:
 * none are shown rather than read past the new one's arrays. */
static void show_none(struct view *v)
{
	v->nsorted = v->nfiltered = v->nrows = 0;
	list_set_count(&v->pos, 0);
}

static int resort(struct view *v)
{
	/* every caller reserved; this guards the next sort after one failed */
	if (reserve(v) < 0) {
		v->nsorted = 0;
		return -1;
	}
	v->nsorted = v->p->norder;
	if (v->p->order)   /* an empty profile (--endpoints at start) has none */
		memcpy(v->sorted, v->p->order, v->nsorted * sizeof *v->sorted);
	if (query_sort(v->p, &v->sort, v->sorted, v->nsorted) < 0)
		return -1;
	if (v->reverse)
		query_reverse(v->sorted, v->nsorted);
	return 0;
}

/* v->names_at for the shown profile, or NULL when the forms are made on
 * demand (they would not stay put) or memory is short. */
static const struct view_name *names_in_order(struct view *v)
{
	struct names *n = v->p->names;
	uint32_t i;

	if (v->names_at && v->names_p == v->p && v->names_gen == v->content_gen &&
	    v->names_nfuncs == n->nfuncs && v->names_bytes == n->std.bytes)
		return v->names_at;
	v->names_p = NULL;
	if (names_std_stable(n) < 0)
		return NULL;
	if (!v->names_at || v->p->norder > v->cap_names_at) {
		struct view_name *na = realloc(v->names_at, (size_t)v->p->norder * sizeof *na);
		if (!na)
			return NULL;
		v->names_at = na;
		v->cap_names_at = v->p->norder;
	}
	for (i = 0; i < v->p->norder; i++)
		v->names_at[i].s = names_std(n, v->p->order[i], &v->names_at[i].len);
	if (n->std_failed)
		return NULL;
	v->names_p = v->p;
	v->names_gen = v->content_gen;
	v->names_nfuncs = n->nfuncs;
	v->names_bytes = n->std.bytes;
	return v->names_at;
}

/* The tottime of the functions that pass, in dict order.  Only the
 * percentages of the visible time read it: a sum that fetches every
 * function's stats at random (they lie in the order ids were handed out)
 * would cost each filter keystroke more than the regex does. */
static void sum_visible(struct view *v)
{
	uint32_t i;

	v->visible_tt = 0.0;
	for (i = 0; i < v->p->norder; i++) {
		uint32_t id = v->p->order[i];
		if (v->match[id])
			v->visible_tt += v->p->stats[id].tt;
	}
}

#define FILTER_AHEAD 8

static void rematch(struct view *v)
{
	const struct view_name *at = v->has_filter ? names_in_order(v) : NULL;
	uint32_t i;

	hide_derive(v);
	for (i = 0; i < v->p->norder; i++) {
		uint32_t id = v->p->order[i], len;
		const char *s;
		if (!v->has_filter) {
			v->match[id] = 1;
		} else if (at) {
			/* the forms lie in the order they were built (a sort by
			 * name builds them all in id order): fetched ahead, the
			 * misses overlap */
			if (i + FILTER_AHEAD < v->p->norder)
				__builtin_prefetch(at[i + FILTER_AHEAD].s);
			v->match[id] = regex_match(&v->filter_re, at[i].s, at[i].len) == 1;
		} else {
			s = names_std(v->p->names, id, &len);
			v->match[id] = regex_match(&v->filter_re, s, len) == 1;
		}
		if (v->nhidden && v->hidden[id])
			v->match[id] = 0;
	}
	if (v->share_visible)
		sum_visible(v);
}

static size_t limit_count(const struct view *v, size_t n)
{
	const struct restriction *r = &v->limit_r;

	if (!v->limit[0])
		return n;
	if (r->kind == RESTRICT_FRACTION) {
		if (r->fraction >= 0.0 && r->fraction < 1.0)
			return (size_t)floor((double)n * r->fraction + .5);
		return n;
	}
	if (r->count >= 0 && (unsigned long long)r->count < n)
		return (size_t)r->count;
	return n;
}

/* rows = sorted & match, then the limit. */
static void fill_rows(struct view *v)
{
	size_t i, k = 0;

	for (i = 0; i < v->nsorted; i++)
		if (v->match[v->sorted[i]])
			v->rows[k++] = v->sorted[i];
	v->nfiltered = k;
	v->nrows = limit_count(v, k);
}

/* A reload: the cursor follows `keep`. */
static void rebuild_rows(struct view *v, uint32_t keep)
{
	fill_rows(v);
	if (keep == NO_ID || view_select_id(v, keep) < 0)
		view_move_to(v, v->pos.cursor);
}

/* A change the user made to what is shown (order, filter, limit, paths,
 * hiding, shares): the old cursor's function may be anywhere in the new
 * order, and following it would leave the new top off screen.  Shows the
 * top, the cursor on its first row. */
static void show_top(struct view *v)
{
	fill_rows(v);
	v->lost = NO_ID;
	view_move_to(v, 0);
}

void view_rematch(struct view *v)
{
	rematch(v);
	show_top(v);
}

int view_open(struct view *v, struct profile *p, struct err *e)
{
	memset(v, 0, sizeof *v);
	v->lost = v->landed = NO_ID;
	v->full = v->p = p;
	v->sort_col = -1;
	v->content_gen = 1;
	v->pos.height = 1;
	if (reserve(v) < 0)
		return oom(e);
	if (resort(v) < 0)
		return oom(e);
	rematch(v);
	show_top(v);
	return 0;
}

/* Files shown whole; the short and unique paths freed (a reload: the
 * files may be other ones). */
static void drop_path_forms(struct view *v)
{
	if (v->full)
		names_show_files(v->full->names, NULL, 0);
	unique_paths_free(&v->tails);
	if (v->stripped) {
		profile_free(v->stripped);
		free(v->stripped);
		v->stripped = NULL;
	}
	short_paths_free(&v->shortp);
	v->strip_map = NULL;
	v->cap_strip_map = 0;
	v->strip_pending = 0;
}

/* The names show the files as the path mode does. */
static void show_files(struct view *v)
{
	if (v->path == PATH_UNIQUE)
		names_show_files(v->full->names, v->tails.start, v->tails.cap);
	else if (v->path == PATH_SHORT)
		names_show_files(v->full->names, v->shortp.start, v->shortp.nstart);
	else
		names_show_files(v->full->names, NULL, 0);
}

void view_close(struct view *v)
{
	drop_path_forms(v);
	if (v->has_filter)
		regex_free(&v->filter_re);
	if (v->has_search)
		regex_free(&v->search_re);
	free(v->hidden_full);
	free(v->hidden);
	free(v->match);
	free(v->names_at);
	free(v->sorted);
	free(v->rows);
	memset(v, 0, sizeof *v);
}

int view_refresh(struct view *v, struct err *e)
{
	uint32_t cur = view_current(v), keep = cur;

	if (v->lost != NO_ID && cur == v->landed)
		keep = v->lost;

	/* Stripped ids live in the shared names table, so `keep` survives. */
	drop_path_forms(v);
	v->content_gen++;
	v->p = v->full;
	/* Room for the new ids before they are shown, as view_set_path; on
	 * failure the rows (the old snapshot's ids) are dropped rather than
	 * sorted into arrays too short for the new one. */
	if ((v->path != PATH_FULL && build_path_profile(v, v->path) < 0) || reserve(v) < 0)
		goto fail;
	if (v->path == PATH_SHORT)
		v->p = v->stripped;
	show_files(v);
	if (resort(v) < 0)
		goto fail;
	rematch(v);
	rebuild_rows(v, keep);
	if (keep != NO_ID && view_current(v) != keep) {
		v->lost = keep;
		v->landed = view_current(v);
	} else {
		v->lost = NO_ID;
	}
	return 0;
fail:
	v->p = v->full;
	show_none(v);
	return oom(e);
}

/* The column whose key is exactly this spec, -1 if none. */
static int column_of_spec(const struct sort_spec *s)
{
	int c;

	for (c = 0; c < VCOL_COUNT; c++) {
		const struct sort_key_def *d = sort_key_lookup(view_columns[c].sort_key, 1);
		if (d && d->nfields == s->n && memcmp(d->fields, s->field, s->n) == 0 &&
		    memcmp(d->dirs, s->dir, s->n) == 0)
			return c;
	}
	return -1;
}

int view_set_sort(struct view *v, const struct sort_spec *s, int col, struct err *e)
{
	v->sort = *s;
	v->sort_col = col == -2 ? column_of_spec(s) : col;
	if (resort(v) < 0)
		return oom(e);
	show_top(v);
	return 0;
}

static int column_of_key(const struct sort_key_def *d)
{
	int c;

	for (c = 0; c < VCOL_COUNT; c++) {
		const struct sort_key_def *cd = sort_key_lookup(view_columns[c].sort_key, 1);
		if (cd && cd->nfields == d->nfields && memcmp(cd->fields, d->fields, d->nfields) == 0)
			return c;
	}
	return -1;
}

int view_sort_by_key(struct view *v, const char *words, struct err *e)
{
	struct sort_spec s;
	const struct sort_key_def *d;
	int col = -1;

	memset(&s, 0, sizeof s);
	if (sort_spec_parse(&s, words, 1, e) < 0)
		return -1;
	if (s.n == 0) {
		err_at(e, "", -1, "no sort key given");
		return -1;
	}
	/* A single key marks its column; a list marks the first one's. */
	d = sort_key_lookup(words, 1);
	if (!d) {
		char first[64];
		size_t n = strcspn(words, ", ");
		snprintf(first, sizeof first, "%.*s", (int)(n < 63 ? n : 63), words);
		d = sort_key_lookup(first, 1);
	}
	if (d)
		col = column_of_key(d);
	return view_set_sort(v, &s, col, e);
}

int view_sort_by_column(struct view *v, int col, struct err *e)
{
	struct sort_spec s;

	if (col < 0 || col >= VCOL_COUNT) {
		err_at(e, "", -1, "no such column");
		return -1;
	}
	memset(&s, 0, sizeof s);
	if (sort_spec_add(&s, view_columns[col].sort_key, 1, e) < 0)
		return -1;
	return view_set_sort(v, &s, col, e);
}

int view_sort_step(struct view *v, int delta, const int *shown, struct err *e)
{
	int col = v->sort_col, i;

	if (col < 0)
		col = delta > 0 ? -1 : VCOL_COUNT;
	for (i = 0; i < VCOL_COUNT; i++) {
		col = (col + delta + VCOL_COUNT) % VCOL_COUNT;
		if (!shown || shown[col])
			return view_sort_by_column(v, col, e);
	}
	return 0;
}

int view_set_reverse(struct view *v, int reverse, struct err *e)
{
	(void)e;
	reverse = !!reverse;
	if (reverse == v->reverse)
		return 0;
	v->reverse = reverse;
	/* Reversing the stable sort's result is exactly pstats' reverse order. */
	query_reverse(v->sorted, v->nsorted);
	show_top(v);
	return 0;
}

/* Puts back a filter that worked before (compiling it cannot fail). */
static void restore_filter(struct view *v, const char *text)
{
	struct err ignored;

	if (v->has_filter)
		regex_free(&v->filter_re);
	v->has_filter = 0;
	if (text[0] && regex_compile(&v->filter_re, text, REGEX_SMARTCASE | REGEX_NEGATE, &ignored) == 0)
		v->has_filter = 1;
	snprintf(v->filter, sizeof v->filter, "%s", v->has_filter ? text : "");
	rematch(v);
}

int view_set_filter(struct view *v, const char *text, struct err *e)
{
	uint32_t keep = view_current(v);
	size_t top = v->pos.top;
	char previous[VIEW_TEXT_MAX];

	snprintf(previous, sizeof previous, "%s", v->filter);
	if (regex_set_typed(&v->filter_re, &v->has_filter, v->filter, sizeof v->filter, text,
			    "filter", e) < 0)
		return -1;
	rematch(v);
	if (v->has_filter && v->filter_re.too_complex) {
		/* Some names could not be tested: keep the last filter that could,
		 * and the rows and cursor it showed. */
		restore_filter(v, previous);
		rebuild_rows(v, keep);
		v->pos.top = top;
		view_move_to(v, v->pos.cursor);
		err_at(e, "", -1, "pattern too complex (hit the PCRE2 match limit); the filter is unchanged");
		return -1;
	}
	show_top(v);
	return 0;
}

int view_set_limit(struct view *v, const char *text, struct err *e)
{
	struct restriction r;

	memset(&r, 0, sizeof r);
	if (text[0]) {
		if (strlen(text) >= sizeof v->limit) {
			err_at(e, "", -1, "limit too long");
			return -1;
		}
		if (restriction_parse_limit(&r, text, e) < 0)
			return -1;
	}
	snprintf(v->limit, sizeof v->limit, "%s", text);
	r.text = v->limit;
	v->limit_r = r;
	show_top(v);
	return 0;
}

/* The short paths' profile: its stats now, its callers when first read
 * (the table shows the stats alone); kept until a reload. */
static int build_stripped(struct view *v)
{
	struct profile *q = calloc(1, sizeof *q);

	if (!q || short_paths_stats(q, v->full, &v->shortp) < 0) {
		free(q);
		return -1;
	}
	v->stripped = q;
	v->strip_map = v->shortp.map;
	v->cap_strip_map = v->shortp.nmap;
	v->strip_pending = 1;
	return 0;
}

static int strip_edges(struct view *v)
{
	if (short_paths_edges(v->stripped, v->full, &v->shortp) < 0)
		return -1;
	v->strip_pending = 0;
	return 0;
}

static int build_path_profile(struct view *v, enum path_mode mode)
{
	if (mode == PATH_SHORT && !v->stripped)
		return build_stripped(v);
	if (mode == PATH_UNIQUE && !v->tails.start)
		return unique_paths_build(&v->tails, v->full);
	return 0;
}

uint32_t view_shown_id(const struct view *v, enum path_mode mode, uint32_t full_id)
{
	if (mode != PATH_SHORT || full_id == NO_ID)
		return full_id;
	return full_id < v->cap_strip_map ? v->strip_map[full_id] : NO_ID;
}

uint32_t view_full_id(const struct view *v, enum path_mode mode, uint32_t id)
{
	uint32_t i;

	if (mode != PATH_SHORT || id == NO_ID)
		return id;
	for (i = 0; i < v->full->norder; i++)
		if (view_shown_id(v, mode, v->full->order[i]) == id)
			return v->full->order[i];
	return NO_ID;
}

uint32_t view_id_since(const struct view *v, enum path_mode from, uint32_t id)
{
	if (from == v->path)
		return id;
	return view_shown_id(v, v->path, view_full_id(v, from, id));
}

/* Whether the order of the functions depends on how files are shown. */
static int sort_reads_files(const struct sort_spec *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->field[i] == SF_FILE || s->field[i] == SF_STDNAME)
			return 1;
	return 0;
}

/* Whether mode shows the full profile's functions and figures in its
 * order: unique tails do, short paths when no two functions merged (their
 * stats are then the full ones, in the same order; a live profile's
 * figures per sample are the full one's alone). */
static int same_functions(const struct view *v, enum path_mode mode)
{
	if (mode != PATH_SHORT)
		return 1;
	return v->stripped->norder == v->full->norder && !v->full->nextra;
}

int view_set_path(struct view *v, enum path_mode mode, struct err *e)
{
	int same;

	if (mode == v->path)
		return 0;
	/* Room for the copy's ids before it is shown: a view left showing
	 * ids past its arrays would read past them at the next sort. */
	if (build_path_profile(v, mode) < 0 || reserve(v) < 0)
		return oom(e);
	/* the same functions in the same order: only a sort by a file's name
	 * reorders them */
	same = !sort_reads_files(&v->sort) && same_functions(v, mode) &&
	       (v->p == v->full || (v->p == v->stripped && same_functions(v, PATH_SHORT)));
	v->path = mode;
	v->content_gen++;
	v->p = mode == PATH_SHORT ? v->stripped : v->full;
	show_files(v);
	if (!same && resort(v) < 0) {
		show_none(v);
		return oom(e);
	}
	rematch(v);
	show_top(v);
	return 0;
}

int view_edges(struct view *v, struct err *e)
{
	if (v->p == v->stripped && v->strip_pending && strip_edges(v) < 0)
		return oom(e);
	return 0;
}

int view_keyed_copy(struct view *v, struct profile *out, uint32_t *ids, size_t n,
		    struct err *e)
{
	uint32_t *map = NULL, cap = v->full->names->nfuncs, i;
	int rc;

	/* the copy's keys name the cut files themselves */
	names_show_files(v->full->names, NULL, 0);
	if (v->path == PATH_UNIQUE) {
		rc = pathmode_unique_copy(out, v->full, &map, &cap);
	} else {
		map = malloc(((size_t)cap + 1) * sizeof *map);
		for (i = 0; map && i < cap; i++)
			map[i] = NO_ID;
		rc = map ? profile_strip_copy(out, v->full, map) : -1;
	}
	if (rc < 0) {
		free(map);
		show_files(v);
		return oom(e);
	}
	for (i = 0; i < n; i++)
		ids[i] = ids[i] < cap ? map[ids[i]] : NO_ID;
	free(map);
	return 0;
}

void view_keyed_done(struct view *v)
{
	show_files(v);
}

double view_share(const struct view *v, double t)
{
	double total = v->share_visible ? v->visible_tt : v->p->total_tt;

	return total > 0 ? 100.0 * t / total : 0.0;
}

/* The cursor's list follows nrows on every move: the rows change under it
 * (sort, filter, reload) without it being told. */
void view_set_height(struct view *v, size_t height)
{
	list_set_count(&v->pos, v->nrows);
	list_set_height(&v->pos, height ? height : 1);
}

void view_move_to(struct view *v, size_t row)
{
	list_set_count(&v->pos, v->nrows);
	list_move_to(&v->pos, row);
}

void view_move(struct view *v, long delta)
{
	list_set_count(&v->pos, v->nrows);
	list_move(&v->pos, delta);
}

void view_scroll(struct view *v, long delta)
{
	list_set_count(&v->pos, v->nrows);
	list_scroll(&v->pos, delta);
}

uint32_t view_current(const struct view *v)
{
	return v->pos.cursor < v->nrows ? v->rows[v->pos.cursor] : NO_ID;
}

int view_select_id(struct view *v, uint32_t id)
{
	size_t i;

	for (i = 0; i < v->nrows; i++)
		if (v->rows[i] == id) {
			view_move_to(v, i);
			return 0;
		}
	return -1;
}

static int row_matches(struct view *v, size_t row)
{
	uint32_t len;
	const char *s = names_std(v->p->names, v->rows[row], &len);

	return regex_match(&v->search_re, s, len) == 1;
}

int view_search_next(struct view *v, int dir)
{
	size_t i, row;

	if (!v->has_search || v->nrows == 0)
		return 0;
	for (i = 1; i <= v->nrows; i++) {
		row = dir > 0 ? (v->pos.cursor + i) % v->nrows
			      : (v->pos.cursor + v->nrows - i % v->nrows) % v->nrows;
		if (row_matches(v, row)) {
			view_move_to(v, row);
			return 1;
		}
	}
	return 0;
}

int view_search(struct view *v, const char *text, int here, struct err *e)
{
	if (regex_set_typed(&v->search_re, &v->has_search, v->search, sizeof v->search, text,
			    "search", e) < 0)
		return -1;
	if (!v->has_search || v->nrows == 0)
		return 0;
	if (here && row_matches(v, v->pos.cursor))
		return 1;
	return view_search_next(v, 1);
}

/* ---- hidden functions and the share of the visible time ---- */

static int grow_flags(uint8_t **a, uint32_t *cap, size_t n)
{
	uint8_t *m;

	if (n <= *cap)
		return 0;
	m = realloc(*a, n);
	if (!m)
		return -1;
	memset(m + *cap, 0, n - *cap);
	*a = m;
	*cap = (uint32_t)n;
	return 0;
}

static int hide_reserve(struct view *v, size_t n)
{
	if (grow_flags(&v->hidden_full, &v->cap_hidden_full, n) < 0 ||
	    grow_flags(&v->hidden, &v->cap_hidden, n) < 0)
		return -1;
	return 0;
}

/* hidden[] for the shown profile: a shown id is hidden when every full
 * function shown as it is. */
static void hide_derive(struct view *v)
{
	const struct profile *full = v->full;
	uint32_t i;

	memset(v->hidden, 0, v->cap_hidden);
	if (!v->nhidden)
		return;
	for (i = 0; i < full->norder; i++) {
		uint32_t s = view_shown_id(v, v->path, full->order[i]);
		if (s != NO_ID && s < v->cap_hidden)
			v->hidden[s] = 1;
	}
	for (i = 0; i < full->norder; i++) {
		uint32_t f = full->order[i], s = view_shown_id(v, v->path, f);
		if (s != NO_ID && s < v->cap_hidden && !v->hidden_full[f])
			v->hidden[s] = 0;
	}
}

int view_is_hidden(const struct view *v, uint32_t id)
{
	return v->nhidden && id < v->cap_hidden && v->hidden[id];
}

/* Sets every full function shown as id to `on`; returns how many changed. */
static size_t set_hidden(struct view *v, uint32_t id, int on)
{
	const struct profile *full = v->full;
	size_t changed = 0;
	uint32_t i;

	for (i = 0; i < full->norder; i++) {
		uint32_t f = full->order[i];
		if (view_shown_id(v, v->path, f) != id || v->hidden_full[f] == on)
			continue;
		v->hidden_full[f] = (uint8_t)on;
		changed++;
	}
	if (on)
		v->nhidden += changed;
	else
		v->nhidden -= changed;
	return changed;
}

int view_hide_toggle(struct view *v, uint32_t id)
{
	int on = !view_is_hidden(v, id);

	if (v->path != PATH_SHORT) {
		/* one to one: no walk over every function */
		if (id < v->cap_hidden_full && v->hidden_full[id] != on) {
			v->hidden_full[id] = (uint8_t)on;
			if (on)
				v->nhidden++;
			else
				v->nhidden--;
		}
	} else {
		set_hidden(v, id, on);
	}
	v->hide_gen++;
	view_rematch(v);
	return on;
}

long view_hide_matching(struct view *v, const char *text, struct err *e)
{
	const struct profile *p = v->p, *full = v->full;
	struct regex re;
	uint8_t *hit;
	long n = 0;
	uint32_t i;

	if (!text[0]) {
		err_at(e, "", -1, "hide needs a pattern");
		return -1;
	}
	if (regex_compile(&re, text, REGEX_SMARTCASE | REGEX_NEGATE, e) < 0)
		return -1;
	hit = calloc((size_t)p->names->nfuncs + 1, 1);
	if (!hit) {
		regex_free(&re);
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	for (i = 0; i < p->norder; i++) {
		uint32_t len, id = p->order[i];
		const char *s = names_std(p->names, id, &len);
		hit[id] = regex_match(&re, s, len) == 1;
	}
	/* One pass over the full functions whatever the path mode. */
	for (i = 0; i < full->norder; i++) {
		uint32_t f = full->order[i], s = view_shown_id(v, v->path, f);
		if (s == NO_ID || !hit[s] || v->hidden_full[f])
			continue;
		v->hidden_full[f] = 1;
		v->nhidden++;
		n++;
	}
	free(hit);
	regex_free(&re);
	if (n)
		v->hide_gen++;
	view_rematch(v);
	return n;
}

void view_unhide_all(struct view *v)
{
	if (v->hidden_full)
		memset(v->hidden_full, 0, v->cap_hidden_full);
	v->nhidden = 0;
	v->hide_gen++;
	view_rematch(v);
}

void view_set_share(struct view *v, int visible)
{
	v->share_visible = !!visible;
	if (v->share_visible)
		sum_visible(v);
	/* the same rows, other figures: the top, as after any change the user makes */
	v->lost = NO_ID;
	view_move_to(v, 0);
}
