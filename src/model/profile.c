/* The stats dict: building, merging (pstats.Stats.add), strip_dirs, indexes. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/bigmem.h"
#include "proftop/profile.h"
#include "proftop/util.h"

void profile_init(struct profile *p, struct names *names)
{
	memset(p, 0, sizeof *p);
	p->names = names;
	p->pending_func = NO_ID;
}

static void drop_index(struct profile *p)
{
	free(p->callee_off);          /* callee_cnt is in its block */
	free(p->callee_edge);
	free(p->edge_callee);
	p->callee_off = p->callee_cnt = p->callee_edge = p->edge_callee = NULL;
	p->finished = 0;
}

void profile_free(struct profile *p)
{
	size_t i;

	drop_index(p);
	free(p->stats);
	free(p->order);
	free(p->edges);
	free(p->mark);
	for (i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->files);
	profile_init(p, p->names);
}

/* Past this, a grown block is a fresh calloc'd one and the old items are
 * copied: cheaper than realloc's memset of the new part. */
#define GROW_FRESH_BYTES ((size_t)1 << 20)

/* *PTR grown from OLD to NEW items of SIZE bytes, the new ones zero.  A
 * big block is calloc'd: its pages then stay untouched (and out of the
 * RSS) until used, where a memset would fault them all in at once (the
 * presizing of a big dump's arrays, after its first entry made them small:
 * 5% of a --print). */
static int grow_zeroed(void **ptr, size_t old, size_t new, size_t size, int touch)
{
	void *np;

	if (!*ptr || new * size >= GROW_FRESH_BYTES) {
		np = bigmem_calloc(new * size, touch);
		if (np) {
			if (*ptr)
				memcpy(np, *ptr, old * size);
			free(*ptr);
		}
	} else {
		np = realloc(*ptr, new * size);
		if (np) {
			bigmem_hint(np, new * size);
			memset((char *)np + old * size, 0, (new - old) * size);
		}
	}
	if (!np)
		return -1;
	*ptr = np;
	return 0;
}

/* Per-id arrays cover every id the names table has handed out. */
static int ensure_ids(struct profile *p)
{
	uint32_t n = p->names->nfuncs;
	uint32_t ncap;

	if (n <= p->cap_stats && n <= p->cap_scratch)
		return 0;
	/* Doubling from small, up to what the names table holds: a small dump
	 * (an archive member, among thousands) keeps small arrays. */
	ncap = p->cap_stats < p->cap_scratch ? p->cap_stats : p->cap_scratch;
	ncap = ncap ? ncap * 2 : 64;
	if (ncap > p->names->cap_funcs)
		ncap = p->names->cap_funcs;
	if (ncap < n)
		ncap = n;
	if (n > p->cap_stats) {
		if (grow_zeroed((void **)&p->stats, p->cap_stats, ncap, sizeof *p->stats, 1) < 0)
			return -1;
		p->cap_stats = ncap;
	}
	if (n > p->cap_scratch) {
		if (grow_zeroed((void **)&p->mark, p->cap_scratch, ncap, sizeof *p->mark, 0) < 0)
			return -1;
		p->cap_scratch = ncap;
	}
	return 0;
}

int profile_reserve(struct profile *p, size_t ids)
{
	if (ids >= NO_ID)
		return -1;
	if (ids > p->cap_stats) {
		if (grow_zeroed((void **)&p->stats, p->cap_stats, ids, sizeof *p->stats, 1) < 0)
			return -1;
		p->cap_stats = (uint32_t)ids;
	}
	if (ids > p->cap_scratch) {
		if (grow_zeroed((void **)&p->mark, p->cap_scratch, ids, sizeof *p->mark, 0) < 0)
			return -1;
		p->cap_scratch = (uint32_t)ids;
	}
	return 0;
}

/* Per id, which function's build last saw it as a caller (a stamp) and
 * at which edge, packed so that the per-edge check is one memory access. */
static int marked(const struct profile *p, uint32_t id, uint32_t gen)
{
	return (uint32_t)(p->mark[id] >> 32) == gen;
}

static uint32_t marked_edge(const struct profile *p, uint32_t id)
{
	return (uint32_t)p->mark[id];
}

static void mark(struct profile *p, uint32_t id, uint32_t gen, uint32_t edge)
{
	p->mark[id] = (uint64_t)gen << 32 | edge;
}

static uint32_t next_stamp(struct profile *p)
{
	if (++p->stamp_gen == 0) {
		memset(p->mark, 0, (size_t)p->cap_scratch * sizeof *p->mark);
		p->stamp_gen = 1;
	}
	return p->stamp_gen;
}

/*
 * The edges array, grown to NCAP.  Past 32 MiB it moves to a new block on
 * huge pages: realloc moves pages where they do not stay huge, and every
 * later pass over the edges (the callees index, an export) would pay for
 * 4 KiB ones.  Below, realloc: freeing blocks of that size makes glibc
 * serve later big ones from its heap, whose pages it keeps.
 */
#define EDGES_MOVE_BYTES ((size_t)32 << 20)

static struct edge *grow_edges(struct edge *old, size_t n, size_t ncap)
{
	struct edge *ne;

	if (ncap * sizeof *ne < EDGES_MOVE_BYTES) {
		ne = realloc(old, ncap * sizeof *ne);
		bigmem_hint(ne, ncap * sizeof *ne);
		return ne;
	}
	ne = bigmem_alloc(ncap * sizeof *ne);
	if (!ne)
		return NULL;
	bigmem_move(ne, old, n * sizeof *ne);
	free(old);
	return ne;
}

static int reserve_edges(struct profile *p, size_t extra)
{
	size_t ncap;
	struct edge *ne;

	if (p->nedges + extra <= p->cap_edges)
		return 0;
	ncap = p->cap_edges ? p->cap_edges : 64;
	while (ncap < p->nedges + extra)
		ncap *= 2;
	if (ncap > UINT32_MAX)
		return -1;
	ne = grow_edges(p->edges, p->nedges, ncap);
	if (!ne)
		return -1;
	p->edges = ne;
	p->cap_edges = ncap;
	return 0;
}

int profile_reserve_edges(struct profile *p, size_t extra)
{
	return reserve_edges(p, extra);
}

int profile_begin(struct profile *p, uint32_t func, int64_t cc, int64_t nc,
		  double tt, double ct)
{
	/* An id the names table never handed out would index past the arrays. */
	if (func != NO_ID && (ensure_ids(p) < 0 || func >= p->cap_stats))
		return -1;
	p->pending_func = func;
	p->pending_off = p->nedges;
	p->pending_cc = cc;
	p->pending_nc = nc;
	p->pending_tt = tt;
	p->pending_ct = ct;
	next_stamp(p);
	return 0;
}

/*
 * The function's edge from CALLER read so far, or NULL: a dict's callers
 * are distinct tuples, but two may be equal keys.  A short dict is scanned
 * (its edges are in cache), where a per-id mark would cost a cache miss per
 * edge when callers come from all over the program; past SCAN_MAX callers
 * the marks take over, set then for the edges so far.
 */
#define SCAN_MAX 32

static struct edge *pending_edge(struct profile *p, uint32_t caller)
{
	size_t i, n = p->nedges - p->pending_off;

	if (n < SCAN_MAX) {
		for (i = p->pending_off; i < p->nedges; i++)
			if (p->edges[i].caller == caller)
				return &p->edges[i];
		return NULL;
	}
	if (n == SCAN_MAX)
		for (i = p->pending_off; i < p->nedges; i++)
			mark(p, p->edges[i].caller, p->stamp_gen, (uint32_t)i);
	return marked(p, caller, p->stamp_gen) ? &p->edges[marked_edge(p, caller)] : NULL;
}

int profile_edge(struct profile *p, uint32_t caller, const struct callstat *st,
		 uint32_t flags)
{
	struct edge *e;

	/* Called per edge (millions): the growth checks stay inline; a caller
	 * past what ensure_ids covers is not an id the names table gave. */
	if (caller >= p->cap_scratch && (ensure_ids(p) < 0 || caller >= p->cap_scratch))
		return -1;
	e = pending_edge(p, caller);
	if (!e) {
		if (p->nedges == p->cap_edges && reserve_edges(p, 1) < 0)
			return -1;
		if (p->nedges - p->pending_off >= SCAN_MAX)
			mark(p, caller, p->stamp_gen, (uint32_t)p->nedges);
		e = &p->edges[p->nedges++];
		e->caller = caller;
	}
	e->flags = flags;
	e->st = *st;
	return 0;
}

/* Counts add as Python's ints, within int64: only a forged dump gets near
 * 2^63, and saturating keeps that defined (signed overflow is UB). */
static int64_t add_count(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return a < 0 ? INT64_MIN : INT64_MAX;
	return r;
}

int64_t profile_add_count(int64_t a, int64_t b)
{
	return add_count(a, b);
}

/* pstats' add_callers: a tuple adds element-wise, a plain count adds to nc. */
static void add_callstat(struct edge *to, const struct edge *from)
{
	to->flags &= ~EDGE_BOOL;          /* True + True is 2 */
	to->st.nc = add_count(to->st.nc, from->st.nc);
	to->st.cc = add_count(to->st.cc, from->st.cc);
	to->st.tt += from->st.tt;
	to->st.ct += from->st.ct;
}

/* Merges the pending edges into the function's existing range, keeping the
 * existing callers first and new ones after, in their order. */
static int merge_pending_edges(struct profile *p, struct fstat *f)
{
	size_t q = p->pending_off, j, k;
	uint32_t o = f->edge_off, n = f->edge_cnt, i;
	uint32_t gen = next_stamp(p);

	for (i = 0; i < n; i++) {
		mark(p, p->edges[o + i].caller, gen, o + i);
	}
	for (j = k = q; j < p->nedges; j++) {
		const struct edge *e = &p->edges[j];
		if (marked(p, e->caller, gen))
			add_callstat(&p->edges[marked_edge(p, e->caller)], e);
		else
			p->edges[k++] = *e;
	}
	p->nedges = k;
	if ((size_t)o + n == q) {
		f->edge_cnt = (uint32_t)(n + (k - q));
		return 0;
	}
	/* Old range elsewhere: lay out old + new at the tail. */
	if (reserve_edges(p, n) < 0)
		return -1;
	memmove(&p->edges[q + n], &p->edges[q], (k - q) * sizeof *p->edges);
	memcpy(&p->edges[q], &p->edges[o], (size_t)n * sizeof *p->edges);
	p->nedges = k + n;
	p->garbage_edges += n;
	f->edge_off = (uint32_t)q;
	f->edge_cnt = (uint32_t)(n + (k - q));
	return 0;
}

static int append_order(struct profile *p, uint32_t func)
{
	if (p->norder == p->cap_order) {
		uint32_t ncap = p->cap_order ? p->cap_order * 2 : 64;
		uint32_t *no = realloc(p->order, (size_t)ncap * sizeof *no);
		if (!no)
			return -1;
		p->order = no;
		p->cap_order = ncap;
	}
	p->order[p->norder++] = func;
	return 0;
}

/* An entry replacing any the function had (end() without `add`). */
static int put_entry(struct profile *p, uint32_t func, const struct profile_entry *e)
{
	struct fstat *f = &p->stats[func];

	p->finished = 0;
	f->bools = 0;     /* a sum is an int; a fresh value's reader sets them */
	if (!f->in_stats) {
		if (append_order(p, func) < 0)
			return -1;
		f->in_stats = 1;
	} else {
		p->garbage_edges += f->edge_cnt;
	}
	f->cc = e->cc;
	f->nc = e->nc;
	f->tt = e->tt;
	f->ct = e->ct;
	f->edge_off = (uint32_t)e->edge_off;
	f->edge_cnt = e->edge_cnt;
	return 0;
}

int profile_put(struct profile *p, uint32_t func, const struct profile_entry *e)
{
	if (ensure_ids(p) < 0 || func >= p->cap_stats)
		return -1;
	return put_entry(p, func, e);
}

int profile_end(struct profile *p, int add)
{
	struct profile_entry e = { p->pending_cc, p->pending_nc, p->pending_tt, p->pending_ct,
				   p->pending_off, (uint32_t)(p->nedges - p->pending_off) };
	struct fstat *f;

	if (p->pending_func == NO_ID)
		return -1;
	f = &p->stats[p->pending_func];
	if (!add || !f->in_stats) {
		if (put_entry(p, p->pending_func, &e) < 0)
			return -1;
	} else {
		p->finished = 0;
		f->bools = 0;
		f->cc = add_count(e.cc, f->cc);
		f->nc = add_count(e.nc, f->nc);
		f->tt = e.tt + f->tt;
		f->ct = e.ct + f->ct;
		if (f->edge_cnt == 0) {
			f->edge_off = (uint32_t)e.edge_off;
			f->edge_cnt = e.edge_cnt;
		} else if (e.edge_cnt && merge_pending_edges(p, f) < 0) {
			return -1;
		}
	}
	p->pending_func = NO_ID;
	return 0;
}

/* The id of ("jprofile", 0, "profiler"), the caller cProfile never writes
 * but the old profile module does, or NO_ID when no dump named it. */
static uint32_t top_level_marker(const struct names *n)
{
	uint32_t file = strtab_find(&n->strs, "jprofile", 8);
	uint32_t name = strtab_find(&n->strs, "profiler", 8);

	if (file == NO_ID || name == NO_ID)
		return NO_ID;
	return names_find(n, file, 0, name);
}

/* Stats are read in dict order, their ids in the order first met: fetched
 * this far ahead, their cache misses overlap. */
#define TOTALS_AHEAD 8

void profile_compute_totals(struct profile *p)
{
	uint32_t marker = top_level_marker(p->names);
	uint32_t i, j;

	p->total_calls = p->prim_calls = 0;
	p->total_tt = 0;
	for (i = 0; i < p->norder; i++) {
		struct fstat *f = &p->stats[p->order[i]];
		if (i + TOTALS_AHEAD < p->norder)
			__builtin_prefetch(&p->stats[p->order[i + TOTALS_AHEAD]]);
		p->total_calls = add_count(p->total_calls, f->nc);
		p->prim_calls = add_count(p->prim_calls, f->cc);
		p->total_tt += f->tt;
		for (j = 0; marker != NO_ID && j < f->edge_cnt; j++)
			if (p->edges[f->edge_off + j].caller == marker)
				f->top_level = 1;
	}
}

int profile_add_file_line(struct profile *p, char *line)
{
	char **nf = realloc(p->files, (p->nfiles + 1) * sizeof *nf);

	if (!nf)
		return -1;
	p->files = nf;
	p->files[p->nfiles++] = line;
	return 0;
}

int profile_add(struct profile *p, const struct profile *other)
{
	uint32_t i, j;

	for (i = 0; i < other->norder; i++) {
		uint32_t id = other->order[i];
		const struct fstat *f = &other->stats[id];
		if (profile_begin(p, id, f->cc, f->nc, f->tt, f->ct) < 0)
			return -1;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *e = &other->edges[f->edge_off + j];
			if (profile_edge(p, e->caller, &e->st, e->flags) < 0)
				return -1;
		}
		if (profile_end(p, 1) < 0)
			return -1;
		if (f->top_level)
			p->stats[id].top_level = 1;
	}
	if (profile_copy_files(p, other) < 0)
		return -1;
	p->total_calls = add_count(p->total_calls, other->total_calls);
	p->prim_calls = add_count(p->prim_calls, other->prim_calls);
	p->total_tt += other->total_tt;
	return 0;
}

/* The stripped id of id: its file's basename (cached per file id in
 * base_of, which holds strs.count entries as it was at the start). */
static uint32_t strip_id(struct names *n, uint32_t id, uint32_t *base_of, uint32_t nbase)
{
	const struct fkey k = n->keys[id];
	uint32_t base = k.file < nbase ? base_of[k.file] : NO_ID;

	if (base == NO_ID) {
		const char *file = strtab_get(&n->strs, k.file);
		uint32_t len = strtab_len(&n->strs, k.file);
		const char *slash = len ? memrchr(file, '/', len) : NULL;
		base = slash ? strtab_intern(&n->strs, slash + 1,
					     len - (uint32_t)(slash + 1 - file)) : k.file;
		if (base == NO_ID)
			return NO_ID;
		if (k.file < nbase)
			base_of[k.file] = base;
	}
	return base == k.file ? id : names_func(n, base, k.line, k.name);
}

/* map[id] for id and its callers, interning stripped keys on first use. */
static uint32_t mapped_strip(struct names *n, uint32_t *map, uint32_t id, uint32_t *base_of,
			     uint32_t nbase)
{
	if (map[id] == NO_ID)
		map[id] = strip_id(n, id, base_of, nbase);
	return map[id];
}

int profile_copy_files(struct profile *dst, const struct profile *src)
{
	size_t i;

	for (i = 0; i < src->nfiles; i++) {
		char *line = strdup(src->files[i]);
		if (!line || profile_add_file_line(dst, line) < 0) {
			free(line);
			return -1;
		}
	}
	return 0;
}

int profile_strip_copy(struct profile *q, const struct profile *p, uint32_t *map)
{
	struct names *n = p->names;
	uint32_t nbase = n->strs.count, i, j;
	uint32_t *base_of = malloc(((size_t)nbase + 1) * sizeof *base_of);

	profile_init(q, n);
	if (!base_of)
		return -1;
	for (i = 0; i < nbase; i++)
		base_of[i] = NO_ID;
	/* one pass, every edge kept or merged: room for all of them at once */
	if (reserve_edges(q, p->nedges) < 0)
		goto fail;
	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i], to = mapped_strip(n, map, id, base_of, nbase);
		const struct fstat *f = &p->stats[id];
		int fresh;
		if (to == NO_ID || profile_begin(q, to, f->cc, f->nc, f->tt, f->ct) < 0)
			goto fail;
		fresh = !q->stats[to].in_stats;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *e = &p->edges[f->edge_off + j];
			uint32_t from = mapped_strip(n, map, e->caller, base_of, nbase);
			if (from == NO_ID || profile_edge(q, from, &e->st, e->flags) < 0)
				goto fail;
		}
		if (profile_end(q, 1) < 0)
			goto fail;
		if (fresh)        /* strip_dirs keeps a value it does not sum */
			q->stats[to].bools = f->bools;
		if (f->top_level)
			q->stats[to].top_level = 1;
	}
	if (profile_copy_files(q, p) < 0)
		goto fail;
	q->total_calls = p->total_calls;
	q->prim_calls = p->prim_calls;
	q->total_tt = p->total_tt;
	free(base_of);
	return 0;
fail:
	free(base_of);
	profile_free(q);
	return -1;
}

int profile_strip(struct profile *p)
{
	struct profile q;
	uint32_t *map;
	uint32_t i, nids = p->names->nfuncs;

	map = malloc(((size_t)nids + 1) * sizeof *map);
	if (!map)
		return -1;
	for (i = 0; i < nids; i++)
		map[i] = NO_ID;
	if (profile_strip_copy(&q, p, map) < 0) {
		free(map);
		return -1;
	}
	free(map);
	profile_free(p);
	*p = q;
	return 0;
}

/* The edges laid out again, every function's range in the stats dict's
 * order and nothing between them (garbage dropped). */
static int lay_out_edges(struct profile *p)
{
	struct edge *ne;
	size_t n = 0;
	uint32_t i;

	ne = bigmem_alloc((p->nedges - p->garbage_edges + 1) * sizeof *ne);
	if (!ne)
		return -1;
	for (i = 0; i < p->norder; i++) {
		struct fstat *f = &p->stats[p->order[i]];
		memcpy(&ne[n], &p->edges[f->edge_off], (size_t)f->edge_cnt * sizeof *ne);
		f->edge_off = (uint32_t)n;
		n += f->edge_cnt;
	}
	free(p->edges);
	p->edges = ne;
	p->nedges = p->cap_edges = n;
	p->garbage_edges = 0;
	return 0;
}

/*
 * The index's arrays, on huge pages for a big dump: a 4 KiB page faulted in
 * per thousand edges cost more than the sort.  The offsets and counts are
 * one block (callee_cnt points into callee_off's).
 */
static int alloc_index(struct profile *p, uint32_t nids)
{
	p->callee_off = bigmem_alloc(2 * ((size_t)nids + 1) * sizeof *p->callee_off);
	p->callee_edge = bigmem_alloc((p->nedges + 1) * sizeof *p->callee_edge);
	p->edge_callee = bigmem_alloc((p->nedges + 1) * sizeof *p->edge_callee);
	if (!p->callee_off || !p->callee_edge || !p->edge_callee)
		return -1;
	p->callee_cnt = p->callee_off + nids + 1;
	memset(p->callee_cnt, 0, ((size_t)nids + 1) * sizeof *p->callee_cnt);
	return 0;
}

/* Ranges of the dict's functions read this far ahead: ids are handed out in
 * the order functions are first met, not in dict order, and the stats of the
 * next ones, fetched ahead, overlap their cache misses. */
#define FILL_AHEAD 8

/* Each edge's callee.  1 when the functions' ranges lie one after the other
 * in dict order, covering the edges: the edges' own order is then the walk
 * over the dict's functions, and the sort can read them straight. */
static int fill_edge_callees(struct profile *p)
{
	size_t pos = 0;
	uint32_t i, j;
	int in_order = 1;

	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i];
		const struct fstat *f = &p->stats[id];
		uint32_t *to = &p->edge_callee[f->edge_off];
		if (i + FILL_AHEAD < p->norder)
			__builtin_prefetch(&p->stats[p->order[i + FILL_AHEAD]]);
		if (!f->edge_cnt)
			continue;
		if (f->edge_off != pos)
			in_order = 0;
		for (j = 0; j < f->edge_cnt; j++)
			to[j] = id;
		pos = (size_t)f->edge_off + f->edge_cnt;
	}
	return in_order && pos == p->nedges;
}

/*
 * A counting sort of the edges by caller, stable: a caller's callees come
 * in the stats dict's order.  The edges, in that order (fill_edge_callees),
 * are read straight, twice: a walk over the functions' ranges would fetch
 * each function's stats at random again.  Each pass goes from f->k on and
 * returns 1 when the deadline passed first.
 */
#define FINISH_PER_CHECK 65536

static int past(int64_t deadline_us, size_t k, size_t from)
{
	return deadline_us && k > from && k % FINISH_PER_CHECK == 0 && mono_us() >= deadline_us;
}

static int finish_count(struct profile *p, struct profile_finishing *f, int64_t deadline_us)
{
	size_t k;

	for (k = f->k; k < p->nedges; k++) {
		if (past(deadline_us, k, f->k)) {
			f->k = k;
			return 1;
		}
		p->callee_cnt[p->edges[k].caller]++;
	}
	return 0;
}

static void finish_offsets(struct profile *p, uint32_t nids)
{
	uint32_t *cnt = p->callee_cnt, *off = p->callee_off, i, sum = 0;

	for (i = 0; i < nids; i++) {
		off[i] = sum;
		sum += cnt[i];
		cnt[i] = 0;
	}
	off[nids] = sum;
}

static int finish_place(struct profile *p, struct profile_finishing *f, int64_t deadline_us)
{
	uint32_t *cnt = p->callee_cnt, *off = p->callee_off;
	size_t k;

	for (k = f->k; k < p->nedges; k++) {
		uint32_t c = p->edges[k].caller;
		if (past(deadline_us, k, f->k)) {
			f->k = k;
			return 1;
		}
		p->callee_edge[off[c] + cnt[c]++] = (uint32_t)k;
	}
	return 0;
}

/* The arrays, and each edge's callee (a walk over the functions, not
 * sliced: 5-15 ms at 200k functions). */
static int finish_alloc(struct profile *p)
{
	drop_index(p);
	if (ensure_ids(p) < 0 || alloc_index(p, p->names->nfuncs) < 0)
		goto fail;
	/* Out of order after merges or replaced keys: laid out again. */
	if (!fill_edge_callees(p)) {
		if (lay_out_edges(p) < 0)
			goto fail;
		(void)fill_edge_callees(p);
	}
	return 0;
fail:
	drop_index(p);
	return -1;
}

int profile_finish_step(struct profile *p, struct profile_finishing *f, int64_t deadline_us)
{
	if (p->finished)
		return 0;
	if (f->phase == 0) {
		if (finish_alloc(p) < 0)
			return -1;
		f->phase = 1;
		f->k = 0;
	}
	if (f->phase == 1) {
		if (finish_count(p, f, deadline_us))
			return 1;
		finish_offsets(p, p->names->nfuncs);
		f->phase = 2;
		f->k = 0;
	}
	if (finish_place(p, f, deadline_us))
		return 1;
	profile_finishing_free(f);
	p->finished = 1;
	return 0;
}

void profile_finishing_free(struct profile_finishing *f)
{
	memset(f, 0, sizeof *f);
}

int profile_finish(struct profile *p)
{
	struct profile_finishing f = { 0 };
	int rc = profile_finish_step(p, &f, 0);

	profile_finishing_free(&f);
	return rc;
}

const struct fstat *profile_stat(const struct profile *p, uint32_t id)
{
	return id != NO_ID && id < p->cap_stats && p->stats[id].in_stats ? &p->stats[id] : NULL;
}

void profile_clear(struct profile *p)
{
	uint32_t i;
	size_t k;

	for (i = 0; i < p->norder; i++)
		memset(&p->stats[p->order[i]], 0, sizeof *p->stats);
	for (k = 0; k < p->nfiles; k++)
		free(p->files[k]);
	drop_index(p);
	p->norder = 0;
	p->nedges = p->garbage_edges = 0;
	p->nfiles = 0;
	p->total_calls = p->prim_calls = 0;
	p->total_tt = 0;
	p->pending_func = NO_ID;
}

int profile_copy(struct profile *out, const struct profile *p)
{
	uint32_t i, j;

	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i];
		const struct fstat *f = &p->stats[id];
		if (profile_begin(out, id, f->cc, f->nc, f->tt, f->ct) < 0)
			return -1;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *e = &p->edges[f->edge_off + j];
			if (profile_edge(out, e->caller, &e->st, e->flags) < 0)
				return -1;
		}
		if (profile_end(out, 0) < 0)
			return -1;
		out->stats[id].top_level = f->top_level;
	}
	if (profile_copy_files(out, p) < 0)
		return -1;
	out->total_calls = p->total_calls;
	out->prim_calls = p->prim_calls;
	out->total_tt = p->total_tt;
	return 0;
}

void profile_move(struct profile *out, struct profile *p)
{
	struct names *n = p->names;

	profile_free(out);
	*out = *p;
	profile_init(p, n);
}
