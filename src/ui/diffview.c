/* The diff table's view-model and the edge deltas of one row. */
#include "autoconfig.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/diffview.h"

static int oom(struct err *e)
{
	err_at(e, "", -1, "out of memory");
	return -1;
}

static int has_stats(const struct profile *p, uint32_t id)
{
	return id != NO_ID && id < p->cap_stats && p->stats[id].in_stats;
}

/* Rows = every diff row passing the filter, in the sort's order; the top
 * in view, the cursor on the first row (a new order or filter puts the old
 * cursor's function anywhere, as in the table). */
static int rebuild(struct diff_table *dt, struct err *e)
{
	size_t i;

	dt->nrows = dt->d.nrows;
	for (i = 0; i < dt->nrows; i++)
		dt->rows[i] = (uint32_t)i;
	if (dt->has_filter)
		dt->nrows = diff_filter(&dt->d, &dt->filter_re, dt->rows, dt->nrows);
	if (diff_sort(&dt->d, dt->sort, dt->rows, dt->nrows) < 0)
		return oom(e);
	for (i = 0; dt->reverse && i < dt->nrows / 2; i++) {
		uint32_t t = dt->rows[i];
		dt->rows[i] = dt->rows[dt->nrows - 1 - i];
		dt->rows[dt->nrows - 1 - i] = t;
	}
	diff_table_move_to(dt, 0);
	return 0;
}

int diff_table_open(struct diff_table *dt, struct profile *old, struct profile *new,
		    struct err *e)
{
	uint32_t i;

	memset(dt, 0, sizeof *dt);
	dt->pos.height = 1;
	dt->sort = &diff_sort_keys[0];
	if (profile_finish(old) < 0 || profile_finish(new) < 0 || diff_build(&dt->d, old, new) < 0)
		return oom(e);
	dt->cap_ids = new->names->nfuncs;
	dt->new_of_old = malloc(((size_t)dt->cap_ids + 1) * sizeof *dt->new_of_old);
	dt->rows = malloc((dt->d.nrows + 1) * sizeof *dt->rows);
	if (!dt->new_of_old || !dt->rows) {
		diff_table_close(dt);
		return oom(e);
	}
	for (i = 0; i < dt->cap_ids; i++)
		dt->new_of_old[i] = i;
	for (i = 0; i < dt->d.nrows; i++) {
		const struct diff_row *r = &dt->d.rows[i];
		if (r->old_id != NO_ID && r->new_id != NO_ID)
			dt->new_of_old[r->old_id] = r->new_id;
	}
	if (rebuild(dt, e) < 0) {
		diff_table_close(dt);
		return -1;
	}
	return 0;
}

void diff_table_close(struct diff_table *dt)
{
	diff_free(&dt->d);
	if (dt->has_filter)
		regex_free(&dt->filter_re);
	free(dt->new_of_old);
	free(dt->rows);
	memset(dt, 0, sizeof *dt);
}

int diff_table_sort(struct diff_table *dt, const struct diff_sort_def *key, int reverse,
		    struct err *e)
{
	dt->sort = key;
	dt->reverse = !!reverse;
	return rebuild(dt, e);
}

int diff_table_filter(struct diff_table *dt, const char *text, struct err *e)
{
	if (regex_set_typed(&dt->filter_re, &dt->has_filter, dt->filter, sizeof dt->filter, text,
			    "filter", e) < 0)
		return -1;
	return rebuild(dt, e);
}

void diff_table_move_to(struct diff_table *dt, size_t row)
{
	list_set_count(&dt->pos, dt->nrows);
	list_move_to(&dt->pos, row);
}

uint32_t diff_table_current(const struct diff_table *dt)
{
	return dt->rows && dt->pos.cursor < dt->nrows ? dt->rows[dt->pos.cursor] : NO_ID;
}

void diff_row_mark(const struct diff *d, const struct diff_row *r, char *buf, size_t size)
{
	int o = has_stats(d->old, r->old_id), n = has_stats(d->new, r->new_id);

	if (o && n && r->old_id != r->new_id)
		snprintf(buf, size, "[moved from line %" PRId64 "]", d->new->names->keys[r->old_id].line);
	else
		snprintf(buf, size, "%s", !o ? "[new]" : !n ? "[gone]" : "");
}

/* ---- edge deltas ---- */

struct edge_set {
	struct diff_edge *v;
	size_t n;
	uint32_t *slot;              /* NEW-side id -> index in v, NO_ID */
};

static int add_side(struct edge_set *s, uint32_t key, uint32_t func, const struct callstat *st,
		    int is_new)
{
	struct diff_edge *x;

	if (s->slot[key] == NO_ID) {
		s->slot[key] = (uint32_t)s->n;
		s->v[s->n].func = func;
		s->v[s->n].old = s->v[s->n].new = NULL;
		s->n++;
	}
	x = &s->v[s->slot[key]];
	if (is_new) {
		x->new = st;
		x->func = func;
	} else {
		x->old = st;
	}
	return 0;
}

/* Neighbours of id in p: (neighbour id, its callstat) by index. */
static uint32_t neighbours(const struct profile *p, uint32_t id, int callees)
{
	if (id == NO_ID || (!has_stats(p, id) && !callees))
		return 0;
	/* the callee index covers every id the rows use: both sides were
	 * loaded, then finished, before the diff was built */
	if (callees)
		return p->callee_cnt ? p->callee_cnt[id] : 0;
	return p->stats[id].edge_cnt;
}

static const struct edge *neighbour(const struct profile *p, uint32_t id, int callees, uint32_t j,
				    uint32_t *other)
{
	size_t ei = callees ? p->callee_edge[p->callee_off[id] + j] : p->stats[id].edge_off + j;

	*other = callees ? p->edge_callee[ei] : p->edges[ei].caller;
	return &p->edges[ei];
}

static double ct_delta(const struct diff_edge *x)
{
	return (x->new ? x->new->ct : 0.0) - (x->old ? x->old->ct : 0.0);
}

static int cmp_edge_delta(const void *a, const void *b)
{
	const struct diff_edge *p = a, *q = b;
	double x = ct_delta(p), y = ct_delta(q);

	if (x != y)
		return x > y ? -1 : 1;
	return p->func < q->func ? -1 : p->func > q->func;
}

static void collect(struct diff_table *dt, struct edge_set *s, const struct profile *p,
		    uint32_t id, int callees, int is_new)
{
	uint32_t j, cnt, other;

	if (id == NO_ID)
		return;
	cnt = neighbours(p, id, callees);
	for (j = 0; j < cnt; j++) {
		const struct edge *ed = neighbour(p, id, callees, j, &other);
		uint32_t key = !is_new && other < dt->cap_ids ? dt->new_of_old[other] : other;
		add_side(s, key, key, &ed->st, is_new);
	}
}

int diff_edges(struct diff_table *dt, uint32_t row, int callees, struct diff_edge **out,
	       size_t *n, struct err *e)
{
	const struct diff_row *r = &dt->d.rows[row];
	struct profile *old = dt->d.old, *new = dt->d.new;
	size_t nf = (size_t)new->names->nfuncs + 1, i;
	struct edge_set s;

	*out = NULL;
	*n = 0;
	if (profile_finish(old) < 0 || profile_finish(new) < 0)
		return oom(e);
	s.n = 0;
	s.v = malloc(((size_t)neighbours(old, r->old_id, callees) +
		      neighbours(new, r->new_id, callees) + 1) * sizeof *s.v);
	s.slot = malloc(nf * sizeof *s.slot);
	if (!s.v || !s.slot) {
		free(s.v);
		free(s.slot);
		return oom(e);
	}
	for (i = 0; i < nf; i++)
		s.slot[i] = NO_ID;
	/* NEW first: a paired neighbour is named by its NEW id. */
	collect(dt, &s, new, r->new_id, callees, 1);
	collect(dt, &s, old, r->old_id, callees, 0);
	free(s.slot);
	qsort(s.v, s.n, sizeof *s.v, cmp_edge_delta);
	*out = s.v;
	*n = s.n;
	return 0;
}
