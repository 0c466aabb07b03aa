/* Path modes, and the unique-tail copy of a profile. */
#include "config.h"

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

/* The copy's id of src id, interning its renamed key on first use. */
static uint32_t mapped(const struct unique_paths *u, struct names *n, uint32_t *map, uint32_t id)
{
	uint32_t file = n->keys[id].file, len;
	const char *tail;

	if (map[id] != NO_ID)
		return map[id];
	tail = unique_path(u, n, file, &len);
	if (tail != strtab_get(&n->strs, file))
		file = strtab_intern(&n->strs, tail, len);
	if (file != NO_ID)
		map[id] = names_func(n, file, n->keys[id].line, n->keys[id].name);
	return map[id];
}

static int copy_stats(struct profile *dst, const struct profile *src,
		      const struct unique_paths *u, uint32_t *map)
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

/* Every function of src and every caller mapped (renamed keys interned),
 * and whether no two src ids met the same copy id: then the copy is src's
 * arrays renumbered, with nothing to merge.  1 one to one, 0 not, -1 when
 * out of memory. */
static int map_all(const struct profile *src, const struct unique_paths *u, uint32_t *map)
{
	struct names *n = src->names;
	uint32_t i, j, nids = n->nfuncs;
	uint8_t *taken;
	int rc = 1;

	for (i = 0; i < src->norder; i++) {
		const struct fstat *f = &src->stats[src->order[i]];
		if (mapped(u, n, map, src->order[i]) == NO_ID)
			return -1;
		for (j = 0; j < f->edge_cnt; j++)
			if (mapped(u, n, map, src->edges[f->edge_off + j].caller) == NO_ID)
				return -1;
	}
	/* A renamed key can be one the names table held already (a function
	 * known only as a caller, in the file the tail names) */
	taken = calloc((size_t)n->nfuncs + 1, 1);
	if (!taken)
		return -1;
	for (i = 0; i < nids && rc; i++) {
		if (map[i] == NO_ID)
			continue;
		if (taken[map[i]])
			rc = 0;
		taken[map[i]] = 1;
	}
	free(taken);
	return rc;
}

/* The copy when keys map one to one: stats, order and edges renumbered in
 * one pass each, as profile_begin/edge/end would have built them (a fresh
 * entry per function: counts not marked as bools, callers in their order). */
static int copy_renumbered(struct profile *dst, const struct profile *src, const uint32_t *map)
{
	uint32_t nids = src->names->nfuncs, i, j;
	size_t k = 0;

	dst->stats = calloc((size_t)nids + 1, sizeof *dst->stats);
	dst->order = malloc(((size_t)src->norder + 1) * sizeof *dst->order);
	dst->edges = malloc((src->nedges - src->garbage_edges + 1) * sizeof *dst->edges);
	if (!dst->stats || !dst->order || !dst->edges)
		return -1;
	bigmem_hint(dst->stats, ((size_t)nids + 1) * sizeof *dst->stats);
	bigmem_hint(dst->edges, (src->nedges - src->garbage_edges + 1) * sizeof *dst->edges);
	dst->cap_stats = nids;
	dst->cap_order = src->norder;
	for (i = 0; i < src->norder; i++) {
		const struct fstat *f = &src->stats[src->order[i]];
		struct fstat *g = &dst->stats[map[src->order[i]]];
		*g = *f;
		g->bools = 0;
		g->edge_off = (uint32_t)k;
		for (j = 0; j < f->edge_cnt; j++, k++) {
			dst->edges[k] = src->edges[f->edge_off + j];
			dst->edges[k].caller = map[dst->edges[k].caller];
		}
		dst->order[i] = map[src->order[i]];
	}
	dst->norder = src->norder;
	dst->nedges = dst->cap_edges = k;
	return 0;
}

int profile_unique_copy(struct profile *dst, const struct profile *src, uint32_t **map,
			uint32_t *cap)
{
	struct unique_paths u;
	uint32_t i, nids = src->names->nfuncs;
	int rc = -1;

	profile_init(dst, src->names);
	*cap = 0;
	/* Renamed keys are interned as we go: the map covers the ids of src only. */
	*map = malloc(((size_t)nids + 1) * sizeof **map);
	if (!*map)
		return -1;
	for (i = 0; i < nids; i++)
		(*map)[i] = NO_ID;
	if (unique_paths_build(&u, src) < 0)
		goto out;
	rc = map_all(src, &u, *map);
	if (rc == 1)
		rc = copy_renumbered(dst, src, *map);
	else if (rc == 0)
		rc = copy_stats(dst, src, &u, *map);
	unique_paths_free(&u);
	if (rc == 0)
		rc = profile_copy_files(dst, src);
	if (rc < 0)
		goto out;
	dst->total_calls = src->total_calls;
	dst->prim_calls = src->prim_calls;
	dst->total_tt = src->total_tt;
	for (i = 0; i < dst->norder; i++) {
		size_t w = names_std_width(dst->names, dst->order[i]);
		if (w > dst->max_name_len)
			dst->max_name_len = w;
	}
	*cap = nids;
out:
	if (rc < 0) {
		profile_free(dst);
		free(*map);
		*map = NULL;
	}
	return rc;
}

int profile_make_unique(struct profile *p)
{
	struct profile q;
	uint32_t *map, cap;

	if (profile_unique_copy(&q, p, &map, &cap) < 0)
		return -1;
	free(map);
	profile_free(p);
	*p = q;
	return 0;
}
