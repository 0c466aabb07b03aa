/* Path modes: the unique-tail copy of a profile (--path unique), and the
 * table's short paths over the profile's own ids. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/bigmem.h"
#include "proftop/hash.h"

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

/* The copy in two steps: the functions, then their callers (uc, pending
 * in between, holds what the second step reads). */
struct unique_copy {
	int pending;
	const struct profile *src;
	uint32_t *map;
	struct unique_paths tails;
	uint32_t *tail_id;       /* per file string id: its tail's, NO_ID not yet */
	uint32_t ntail;
};

static void unique_free(struct unique_copy *uc);

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

static int unique_edges(struct profile *dst, struct unique_copy *uc)
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
	unique_free(uc);
	return 0;
}

static void unique_free(struct unique_copy *uc)
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

static int unique_begin(struct profile *dst, const struct profile *src, uint32_t **map,
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
		unique_free(uc);
	if (rc == 0)
		rc = profile_copy_files(dst, src);
	if (rc < 0)
		goto out;
	dst->total_calls = src->total_calls;
	dst->prim_calls = src->prim_calls;
	dst->total_tt = src->total_tt;
	*cap = nids;
out:
	if (rc < 0) {
		unique_free(uc);
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

	if (unique_begin(dst, src, map, cap, &uc) < 0)
		return -1;
	if (unique_edges(dst, &uc) < 0) {
		unique_free(&uc);
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

/* ---- short paths over the profile's own ids ---- */

/* Open addressing, hash << 32 | (id + 1) per slot, 0 empty. */
struct id_table {
	uint64_t *slot;
	uint32_t mask, count;
};

/* Room for `more` entries past those held: rehashed once, not as they come. */
static int table_room(struct id_table *t, size_t more)
{
	size_t nslots = t->slot ? (size_t)t->mask + 1 : 1024;
	uint32_t i, s;
	uint64_t *ns;

	if (t->slot && hash_has_room(t->count + more, nslots))
		return 0;
	while (!hash_has_room(t->count + more, nslots))
		nslots *= 2;
	if (nslots > (size_t)UINT32_MAX)
		return -1;
	ns = calloc(nslots, sizeof *ns);
	if (!ns)
		return -1;
	for (i = 0; t->slot && i <= t->mask; i++) {
		if (!t->slot[i])
			continue;
		for (s = (uint32_t)(t->slot[i] >> 32) & (nslots - 1); ns[s]; s = (s + 1) & (nslots - 1))
			;
		ns[s] = t->slot[i];
	}
	free(t->slot);
	t->slot = ns;
	t->mask = (uint32_t)(nslots - 1);
	return 0;
}

static int table_grow(struct id_table *t)
{
	return table_room(t, 1);
}

/* The files (by base name) and functions (by stripped key) met so far. */
struct base_groups {
	struct names *n;
	struct short_paths *s;
	uint32_t *canon;          /* string id -> first file met with its base name */
	uint8_t *cls;             /* string id -> FILE_* */
	struct id_table files, funcs;
};

/* cls: a file of src's functions; a canonical file that another shares
 * its base name with (only their functions can merge) */
enum { FILE_USED = 1, FILE_SHARED = 2 };

static const char *base_name(const struct base_groups *g, uint32_t f, uint32_t *len)
{
	*len = strtab_len(&g->n->strs, f) - g->s->start[f];
	return strtab_get(&g->n->strs, f) + g->s->start[f];
}

/* The first file met whose base name is f's; NO_ID when out of memory. */
static uint32_t canon_file(struct base_groups *g, uint32_t f)
{
	const char *s = strtab_get(&g->n->strs, f), *slash, *b;
	uint32_t len = strtab_len(&g->n->strs, f), blen, h, i;

	if (g->canon[f] != NO_ID)
		return g->canon[f];
	slash = len ? memrchr(s, '/', len) : NULL;
	g->s->start[f] = slash ? (uint32_t)(slash + 1 - s) : 0;
	b = base_name(g, f, &blen);
	h = (uint32_t)hash_bytes_keyed(b, blen);
	if (table_grow(&g->files) < 0)
		return NO_ID;
	for (i = h & g->files.mask; g->files.slot[i]; i = (i + 1) & g->files.mask) {
		uint32_t c = (uint32_t)g->files.slot[i] - 1, clen;
		const char *cb;
		if ((uint32_t)(g->files.slot[i] >> 32) != h)
			continue;
		cb = base_name(g, c, &clen);
		if (clen == blen && memcmp(cb, b, blen) == 0)
			return g->canon[f] = c;
	}
	g->files.slot[i] = (uint64_t)h << 32 | (f + 1);
	g->files.count++;
	return g->canon[f] = f;
}

/* The hash of id's stripped key, its canonical file in *file (NO_ID when
 * out of memory). */
static uint32_t group_hash(struct base_groups *g, uint32_t id, uint32_t *file)
{
	const struct fkey *k = &g->n->keys[id];
	uint64_t x;

	*file = k->file < g->s->nstart ? canon_file(g, k->file) : k->file;
	/* keyed: a forged dump chooses its line numbers (hash.h) */
	x = hash_mix(hash_seed ^ ((uint64_t)*file << 32 | k->name));
	return (uint32_t)hash_mix(x ^ (uint64_t)k->line);
}

/* The shown id of id: the first function met whose key strips to id's. */
static uint32_t group_of(struct base_groups *g, uint32_t id)
{
	const struct fkey *k = &g->n->keys[id];
	uint32_t file, h = group_hash(g, id, &file), i;

	if (file == NO_ID || table_grow(&g->funcs) < 0)
		return NO_ID;
	for (i = h & g->funcs.mask; g->funcs.slot[i]; i = (i + 1) & g->funcs.mask) {
		uint32_t r = (uint32_t)g->funcs.slot[i] - 1;
		const struct fkey *rk = &g->n->keys[r];
		if ((uint32_t)(g->funcs.slot[i] >> 32) == h && rk->line == k->line &&
		    rk->name == k->name &&
		    (rk->file < g->s->nstart ? g->canon[rk->file] : rk->file) == file)
			return r;
	}
	g->funcs.slot[i] = (uint64_t)h << 32 | (id + 1);
	g->funcs.count++;
	return id;
}

static uint32_t short_id(struct base_groups *g, uint32_t id)
{
	if (g->s->map[id] == NO_ID)
		g->s->map[id] = group_of(g, id);
	return g->s->map[id];
}

static int groups_init(struct base_groups *g, struct names *n, struct short_paths *s)
{
	memset(g, 0, sizeof *g);
	g->n = n;
	g->s = s;
	g->canon = malloc(((size_t)s->nstart + 1) * sizeof *g->canon);
	if (!g->canon)
		return -1;
	memset(g->canon, 0xff, (size_t)s->nstart * sizeof *g->canon);   /* NO_ID */
	return 0;
}

static void groups_free(struct base_groups *g)
{
	free(g->cls);
	free(g->canon);
	free(g->files.slot);
	free(g->funcs.slot);
}

void short_paths_free(struct short_paths *s)
{
	free(s->start);
	free(s->map);
	memset(s, 0, sizeof *s);
}

#define SHORT_AHEAD 8

/* How many of src's functions lie in a FILE_SHARED class. */
static uint32_t shared_count(const struct base_groups *g, const struct profile *src)
{
	const struct fkey *keys = g->n->keys;
	uint32_t i, n = 0;

	for (i = 0; i < src->norder; i++) {
		uint32_t f = keys[src->order[i]].file;
		n += f < g->s->nstart && g->cls[g->canon[f]] == FILE_SHARED;
	}
	return n;
}
/* Marks the files of src's functions (FILE_USED), in id order. */
static uint32_t mark_files(struct base_groups *g, const struct profile *src)
{
	const struct fkey *keys = g->n->keys;
	uint32_t i, nfiles = 0;

	for (i = 0; i < src->norder; i++) {
		uint32_t f;
		if (i + SHORT_AHEAD < src->norder)
			__builtin_prefetch(&keys[src->order[i + SHORT_AHEAD]]);
		f = keys[src->order[i]].file;
		if (f < g->s->nstart && !g->cls[f]) {
			g->cls[f] = FILE_USED;
			nfiles++;
		}
	}
	return nfiles;
}

/* Each file's base-name class (canon), once per file rather than per
 * function, in string order (the strings lie in that order); a class of
 * more than one file is FILE_SHARED. */
static int file_classes(struct base_groups *g, const struct profile *src)
{
	uint32_t f, nfiles;

	g->cls = calloc((size_t)g->s->nstart + 1, 1);
	if (!g->cls)
		return -1;
	nfiles = mark_files(g, src);
	if (table_room(&g->files, nfiles) < 0)
		return -1;
	for (f = 0; f < g->s->nstart; f++) {
		uint32_t c;
		if (!g->cls[f])
			continue;
		c = canon_file(g, f);
		if (c == NO_ID)
			return -1;
		if (c != f)
			g->cls[c] = FILE_SHARED;
	}
	return 0;
}

/* The shown ids of src's functions.  Keys are unique, so a function whose
 * file shares its base name with no other is its own group: only the
 * others go through the table. */
static int group_shared(struct base_groups *g, const struct profile *src)
{
	const struct fkey *keys = g->n->keys;
	uint32_t i;

	if (table_room(&g->funcs, shared_count(g, src)) < 0)
		return -1;
	for (i = 0; i < src->norder; i++) {
		uint32_t id = src->order[i], f = keys[id].file;
		if (i + SHORT_AHEAD < src->norder)
			__builtin_prefetch(&keys[src->order[i + SHORT_AHEAD]]);
		if (f >= g->s->nstart || g->cls[g->canon[f]] != FILE_SHARED)
			g->s->map[id] = id;
		else if (short_id(g, id) == NO_ID)
			return -1;
	}
	return 0;
}

/* The stats summed per shown id, as profile_end sums a repeated key. */
static int short_sum_stats(struct profile *q, const struct profile *p, const uint32_t *map)
{
	uint32_t i;

	if (profile_reserve(q, p->names->nfuncs) < 0)
		return -1;
	q->order = malloc(((size_t)p->norder + 1) * sizeof *q->order);
	if (!q->order)
		return -1;
	q->cap_order = p->norder;
	for (i = 0; i < p->norder; i++) {
		const struct fstat *f = &p->stats[p->order[i]];
		struct fstat *g = &q->stats[map[p->order[i]]];
		if (i + SHORT_AHEAD < p->norder) {
			uint32_t ahead = p->order[i + SHORT_AHEAD];
			__builtin_prefetch(&p->stats[ahead]);
			__builtin_prefetch(&q->stats[map[ahead]], 1);
		}
		if (!g->in_stats) {
			*g = *f;     /* strip_dirs keeps a value it does not sum */
			g->edge_off = g->edge_cnt = 0;
			q->order[q->norder++] = map[p->order[i]];
			continue;
		}
		g->cc = profile_add_count(f->cc, g->cc);
		g->nc = profile_add_count(f->nc, g->nc);
		g->tt = f->tt + g->tt;
		g->ct = f->ct + g->ct;
		g->bools = 0;     /* a sum is an int */
		g->top_level |= f->top_level;
	}
	return 0;
}

static void short_totals(struct profile *q, const struct profile *p)
{
	q->total_calls = p->total_calls;
	q->prim_calls = p->prim_calls;
	q->total_tt = p->total_tt;
}

int short_paths_stats(struct profile *dst, const struct profile *src, struct short_paths *s)
{
	struct names *n = src->names;
	struct base_groups g;

	memset(s, 0, sizeof *s);
	profile_init(dst, n);
	s->nstart = n->strs.count;
	s->nmap = n->nfuncs;
	s->start = calloc((size_t)s->nstart + 1, sizeof *s->start);
	s->map = malloc(((size_t)s->nmap + 1) * sizeof *s->map);
	if (!s->start || !s->map || groups_init(&g, n, s) < 0)
		goto fail_s;
	memset(s->map, 0xff, (size_t)s->nmap * sizeof *s->map);   /* NO_ID */
	if (file_classes(&g, src) < 0 || group_shared(&g, src) < 0)
		goto fail;
	groups_free(&g);
	if (short_sum_stats(dst, src, s->map) < 0 || profile_copy_files(dst, src) < 0)
		goto fail_s;
	short_totals(dst, src);
	return 0;
fail:
	groups_free(&g);
fail_s:
	profile_free(dst);
	short_paths_free(s);
	return -1;
}

/* The groups of src's functions again, as short_paths_stats left them. */
static int regroup(struct base_groups *g, const struct profile *src)
{
	uint32_t i;

	for (i = 0; i < src->norder; i++) {
		uint32_t id = src->order[i];
		if (g->s->map[id] == id && group_of(g, id) == NO_ID)
			return -1;
	}
	return 0;
}

static int short_copy(struct profile *q, const struct profile *p, struct base_groups *g)
{
	uint32_t i, j;

	if (profile_reserve_edges(q, p->nedges) < 0)
		return -1;
	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i], to = g->s->map[id];
		const struct fstat *f = &p->stats[id];
		int fresh;
		if (profile_begin(q, to, f->cc, f->nc, f->tt, f->ct) < 0)
			return -1;
		fresh = !q->stats[to].in_stats;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *e = &p->edges[f->edge_off + j];
			uint32_t from = short_id(g, e->caller);
			if (from == NO_ID || profile_edge(q, from, &e->st, e->flags) < 0)
				return -1;
		}
		if (profile_end(q, 1) < 0)
			return -1;
		if (fresh)        /* strip_dirs keeps a value it does not sum */
			q->stats[to].bools = f->bools;
		if (f->top_level)
			q->stats[to].top_level = 1;
	}
	return profile_copy_files(q, p);
}

int short_paths_edges(struct profile *dst, const struct profile *src, struct short_paths *s)
{
	struct base_groups g;
	struct profile q;
	int rc = -1;

	profile_init(&q, src->names);
	if (groups_init(&g, src->names, s) < 0)
		return -1;
	if (regroup(&g, src) == 0 && short_copy(&q, src, &g) == 0) {
		short_totals(&q, src);
		profile_move(dst, &q);
		rc = 0;
	}
	profile_free(&q);
	groups_free(&g);
	return rc;
}
