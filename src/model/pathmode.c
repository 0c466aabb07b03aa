/* Path modes, and the unique-tail copy of a profile. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/bigmem.h"
#include "proftop/pathmode.h"
#include "proftop/paths.h"

static const char *const mode_names[] = { "full", "short", "unique" };

int path_mode_parse(const char *name, enum path_mode *mode)
{
	int i;

	for (i = 0; i < (int)(sizeof mode_names / sizeof *mode_names); i++)
		if (strcmp(name, mode_names[i]) == 0) {
			*mode = (enum path_mode)i;
			return 0;
		}
	return -1;
}

const char *path_mode_name(enum path_mode mode)
{
	return mode_names[mode];
}

/* Unique tails first: shorter names that merge nothing; merging (short) is a
 * second, deliberate step. */
enum path_mode path_mode_next(enum path_mode m)
{
	return m == PATH_FULL ? PATH_UNIQUE : m == PATH_UNIQUE ? PATH_SHORT : PATH_FULL;
}

#define MAP_AHEAD 8

/* The string id of file's tail, interned once per file (a file holds
 * many functions, and each lookup by content costs a hash probe). */
static uint32_t tail_of(struct unique_copy *uc, struct names *n, uint32_t file)
{
	uint32_t len, t = file < uc->ntail ? uc->tail_id[file] : NO_ID;
	const char *tail;

	if (t != NO_ID)
		return t;
	tail = unique_path(&uc->tails, n, file, &len);
	t = tail == strtab_get(&n->strs, file) ? file : strtab_intern(&n->strs, tail, len);
	if (file < uc->ntail)
		uc->tail_id[file] = t;
	return t;
}

/* The copy's id of src id, interning its renamed key on first use. */
static uint32_t mapped(struct unique_copy *uc, struct names *n, uint32_t *map, uint32_t id)
{
	uint32_t file;

	if (map[id] != NO_ID)
		return map[id];
	file = tail_of(uc, n, n->keys[id].file);
	if (file != NO_ID)
		map[id] = names_func(n, file, n->keys[id].line, n->keys[id].name);
	return map[id];
}

static int copy_stats(struct profile *dst, const struct profile *src,
		      struct unique_copy *u, uint32_t *map)
{
	struct names *n = src->names;
	uint32_t i, j;

	for (i = 0; i < src->norder; i++) {
		uint32_t id = src->order[i], to = mapped(u, n, map, id);
		const struct fstat *f = &src->stats[id];
		if (to == NO_ID || profile_begin(dst, to, f->cc, f->nc, f->tt, f->ct) < 0)
			return -1;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *e = &src->edges[f->edge_off + j];
			uint32_t from = mapped(u, n, map, e->caller);
			if (from == NO_ID || profile_edge(dst, from, &e->st, e->flags) < 0)
				return -1;
		}
		if (profile_end(dst, 1) < 0)
			return -1;
		if (f->top_level)
			dst->stats[to].top_level = 1;
	}
	return 0;
}

/* Every function of src mapped (renamed keys interned): 1 when no two met
 * the same copy id, so that the copy is src renumbered with nothing to
 * merge; 0 when two did; -1 when out of memory. */
static int map_functions(const struct profile *src, struct unique_copy *u, uint32_t *map)
{
	struct names *n = src->names;
	uint8_t *taken;
	uint32_t i;
	int rc = 1;

	/* Room for every renamed key at once: no rehash half way. */
	if (names_reserve(n, src->norder, 0, 0) < 0)
		return -1;
	for (i = 0; i < src->norder; i++) {
		/* ids lie in dict order, not in id order: their keys and map
		 * entries fetched some way ahead, the misses overlap */
		if (i + MAP_AHEAD < src->norder) {
			__builtin_prefetch(&n->keys[src->order[i + MAP_AHEAD]]);
			__builtin_prefetch(&map[src->order[i + MAP_AHEAD]]);
		}
		if (mapped(u, n, map, src->order[i]) == NO_ID)
			return -1;
	}
	/* a renamed key can be one the names table held already */
	taken = calloc((size_t)n->nfuncs + 1, 1);
	if (!taken)
		return -1;
	for (i = 0; i < src->norder && rc; i++) {
		uint32_t to = map[src->order[i]];
		if (taken[to])
			rc = 0;
		taken[to] = 1;
	}
	free(taken);
	return rc;
}

/* The functions renumbered, their callers not yet: what profile_end gives a
 * fresh entry (counts not marked as bools). */
static int copy_functions(struct profile *dst, const struct profile *src, const uint32_t *map)
{
	uint32_t nids = src->names->nfuncs, i;

	dst->stats = calloc((size_t)nids + 1, sizeof *dst->stats);
	dst->order = malloc(((size_t)src->norder + 1) * sizeof *dst->order);
	if (!dst->stats || !dst->order)
		return -1;
	bigmem_hint(dst->stats, ((size_t)nids + 1) * sizeof *dst->stats);
	dst->cap_stats = nids;
	dst->cap_order = src->norder;
	for (i = 0; i < src->norder; i++) {
		struct fstat *g = &dst->stats[map[src->order[i]]];
		*g = src->stats[src->order[i]];
		g->bools = 0;
		g->edge_off = g->edge_cnt = 0;
		dst->order[i] = map[src->order[i]];
	}
	dst->norder = src->norder;
	return 0;
}

/* Every caller mapped; then per id, a stamp and where its edge went. */
static uint64_t *map_callers(struct unique_copy *uc)
{
	const struct profile *src = uc->src;
	uint32_t i, j;

	for (i = 0; i < src->norder; i++) {
		const struct fstat *f = &src->stats[src->order[i]];
		for (j = 0; j < f->edge_cnt; j++)
			if (mapped(uc, src->names, uc->map, src->edges[f->edge_off + j].caller) == NO_ID)
				return NULL;
	}
	return calloc((size_t)src->names->nfuncs + 1, sizeof(uint64_t));
}

int pathmode_unique_edges(struct profile *dst, struct unique_copy *uc)
{
	const struct profile *src = uc->src;
	uint64_t *seen;
	uint32_t i, j;
	size_t k = 0;

	if (!uc->pending)
		return 0;
	seen = map_callers(uc);
	dst->edges = malloc((src->nedges - src->garbage_edges + 1) * sizeof *dst->edges);
	if (!seen || !dst->edges) {
		free(seen);
		free(dst->edges);
		dst->edges = NULL;
		return -1;
	}
	bigmem_hint(dst->edges, (src->nedges - src->garbage_edges + 1) * sizeof *dst->edges);
	for (i = 0; i < src->norder; i++) {
		const struct fstat *f = &src->stats[src->order[i]];
		struct fstat *g = &dst->stats[uc->map[src->order[i]]];
		uint64_t stamp = (uint64_t)(i + 1) << 32;
		g->edge_off = (uint32_t)k;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *e = &src->edges[f->edge_off + j];
			uint32_t from = uc->map[e->caller];
			/* two callers renamed alike: one edge, the later value
			 * (a dict's repeated key, as profile_edge keeps it) */
			if ((seen[from] & ~(uint64_t)UINT32_MAX) == stamp) {
				struct edge *d = &dst->edges[(uint32_t)seen[from]];
				d->flags = e->flags;
				d->st = e->st;
				continue;
			}
			seen[from] = stamp | k;
			dst->edges[k] = *e;
			dst->edges[k++].caller = from;
		}
		g->edge_cnt = (uint32_t)(k - g->edge_off);
	}
	free(seen);
	dst->nedges = dst->cap_edges = k;
	dst->finished = 0;
	pathmode_unique_free(uc);
	return 0;
}

void pathmode_unique_free(struct unique_copy *uc)
{
	unique_paths_free(&uc->tails);
	free(uc->tail_id);
	memset(uc, 0, sizeof *uc);
}

/* The tail ids, one per string the names hold now (every file of src). */
static int tails_reserve(struct unique_copy *uc, const struct names *n)
{
	uint32_t i;

	uc->ntail = n->strs.count;
	uc->tail_id = malloc(((size_t)uc->ntail + 1) * sizeof *uc->tail_id);
	if (!uc->tail_id)
		return -1;
	for (i = 0; i < uc->ntail; i++)
		uc->tail_id[i] = NO_ID;
	return 0;
}

int pathmode_unique_begin(struct profile *dst, const struct profile *src, uint32_t **map,
			 uint32_t *cap, struct unique_copy *uc)
{
	uint32_t i, nids = src->names->nfuncs;
	int rc = -1;

	memset(uc, 0, sizeof *uc);
	profile_init(dst, src->names);
	*cap = 0;
	/* Renamed keys are interned as we go: the map covers the ids of src only. */
	*map = malloc(((size_t)nids + 1) * sizeof **map);
	if (!*map)
		return -1;
	for (i = 0; i < nids; i++)
		(*map)[i] = NO_ID;
	if (unique_paths_build(&uc->tails, src) < 0 || tails_reserve(uc, src->names) < 0)
		goto out;
	rc = map_functions(src, uc, *map);
	if (rc == 1) {
		rc = copy_functions(dst, src, *map);
		uc->pending = 1;
		uc->src = src;
		uc->map = *map;
	} else if (rc == 0) {
		rc = copy_stats(dst, src, uc, *map);
	}
	if (!uc->pending)
		pathmode_unique_free(uc);
	if (rc == 0)
		rc = profile_copy_files(dst, src);
	if (rc < 0)
		goto out;
	dst->total_calls = src->total_calls;
	dst->prim_calls = src->prim_calls;
	dst->total_tt = src->total_tt;
	for (i = 0; i < dst->norder; i++) {
		/* the byte length bounds the width, and costs no scan */
		size_t w = names_std_len(dst->names, dst->order[i]) > dst->max_name_len
			   ? names_std_width(dst->names, dst->order[i]) : 0;
		if (w > dst->max_name_len)
			dst->max_name_len = w;
	}
	*cap = nids;
out:
	if (rc < 0) {
		pathmode_unique_free(uc);
		profile_free(dst);
		free(*map);
		*map = NULL;
	}
	return rc;
}

int pathmode_unique_copy(struct profile *dst, const struct profile *src, uint32_t **map,
			uint32_t *cap)
{
	struct unique_copy uc;

	if (pathmode_unique_begin(dst, src, map, cap, &uc) < 0)
		return -1;
	if (pathmode_unique_edges(dst, &uc) < 0) {
		pathmode_unique_free(&uc);
		profile_free(dst);
		free(*map);
		*map = NULL;
		return -1;
	}
	return 0;
}

int profile_make_unique(struct profile *p)
{
	struct profile q;
	uint32_t *map, cap;

	if (pathmode_unique_copy(&q, p, &map, &cap) < 0)
		return -1;
	free(map);
	profile_free(p);
	*p = q;
	return 0;
}
