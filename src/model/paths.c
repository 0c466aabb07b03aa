/* Shortest distinguishing path tails. */
#include "autoconfig.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/hash.h"
#include "proftop/paths.h"

struct tail {
	uint64_t hash;      /* of the tail's bytes */
	uint32_t file;      /* string id */
	uint32_t start;     /* current tail start */
};

/* Moves a tail one component to the left; 0 when it already is the whole path. */
static int widen(const struct names *n, struct tail *t)
{
	const char *s = strtab_get(&n->strs, t->file);
	uint32_t i = t->start;

	if (i == 0)
		return 0;
	i--;                         /* the '/' before the current tail */
	while (i > 0 && s[i - 1] != '/')
		i--;
	t->start = i;
	return 1;
}

static const struct names *cmp_names;

/* Tails in the order of their hashes, equal ones by their bytes: ties lie
 * side by side, and most comparisons read no string. */
static int cmp_tails(const void *a, const void *b)
{
	const struct tail *x = a, *y = b;
	const char *sx, *sy;
	uint32_t lx, ly;
	int c;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	sx = strtab_get(&cmp_names->strs, x->file) + x->start;
	sy = strtab_get(&cmp_names->strs, y->file) + y->start;
	lx = strtab_len(&cmp_names->strs, x->file) - x->start;
	ly = strtab_len(&cmp_names->strs, y->file) - y->start;
	c = memcmp(sx, sy, lx < ly ? lx : ly);
	return c ? c : (lx > ly) - (lx < ly);
}

static void tail_hash(const struct names *n, struct tail *t)
{
	t->hash = hash_bytes_keyed(strtab_get(&n->strs, t->file) + t->start,
				   strtab_len(&n->strs, t->file) - t->start);
}

struct run {
	size_t at, n;
};

/* Below this many tails a run is sorted by comparisons; above, by radix. */
#define RADIX_MIN 256

/*
 * Sorts a run so that equal tails lie side by side: by hash, a byte at a
 * time (stable LSD passes through tmp, a byte every tail shares skipped),
 * then each run of equal hashes by its bytes (keyed 64-bit hashes of
 * different tails rarely meet, but when they do the bytes decide).  On the
 * first run, every file's base name, qsort's comparisons cost half of the
 * first `p`.
 */
static void sort_run(struct tail *a, size_t n, struct tail *tmp)
{
	size_t count[256], i, j;
	struct tail *src = a, *dst = tmp, *t;
	unsigned b, d;

	if (n < RADIX_MIN) {
		qsort(a, n, sizeof *a, cmp_tails);
		return;
	}
	for (b = 0; b < 64; b += 8) {
		size_t sum = 0, c;
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(src[i].hash >> b) & 0xff]++;
		if (count[(src[0].hash >> b) & 0xff] == n)
			continue;
		for (d = 0; d < 256; d++) {
			c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i].hash >> b) & 0xff]++] = src[i];
		t = src, src = dst, dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && a[j].hash == a[i].hash; j++)
			;
		if (j - i > 1)
			qsort(a + i, j - i, sizeof *a, cmp_tails);
	}
}

/*
 * Widens every tail that another file shares until none does.  Tails that
 * tie share their base name, and widen together: a tail can only come to
 * tie one it tied before, so each run of ties is sorted again alone (not
 * every tail, once per component the deepest tie needs).  The runs wait on
 * a stack: never more than the tails, however deep the paths.
 */
static int refine(const struct names *n, struct tail *t, size_t nt)
{
	struct run *todo = malloc((nt + 1) * sizeof *todo);
	struct tail *tmp = malloc((nt + 1) * sizeof *tmp);
	size_t ntodo = 0, i, j, k;

	if (!todo || !tmp) {
		free(todo);
		free(tmp);
		return -1;
	}
	todo[ntodo++] = (struct run){ 0, nt };
	while (ntodo) {
		struct run r = todo[--ntodo];
		struct tail *a = t + r.at;
		sort_run(a, r.n, tmp);
		for (i = 0; i < r.n; i = j) {
			int changed = 0;
			for (j = i + 1; j < r.n && cmp_tails(&a[i], &a[j]) == 0; j++)
				;
			if (j - i < 2)
				continue;
			for (k = i; k < j; k++)
				if (widen(n, &a[k])) {
					tail_hash(n, &a[k]);
					changed = 1;
				}
			if (changed)
				todo[ntodo++] = (struct run){ r.at + i, j - i };
		}
	}
	free(todo);
	free(tmp);
	return 0;
}

#define TAIL_AHEAD 8

int unique_paths_build(struct unique_paths *u, const struct profile *p)
{
	const struct names *n = p->names;
	struct tail *t;
	uint8_t *seen, *in;
	size_t nt = 0, i;
	uint32_t id;

	memset(u, 0, sizeof *u);
	u->cap = n->strs.count;
	u->start = calloc((size_t)u->cap + 1, sizeof *u->start);
	seen = calloc((size_t)u->cap + 1, 1);
	in = calloc((size_t)n->nfuncs + 1, 1);
	t = malloc(((size_t)n->nfuncs + 1) * sizeof *t);
	if (!u->start || !seen || !in || !t)
		goto fail;
	/* The profile's functions met in id order, not dict order: keys, and
	 * files interned as they were met, are then read as they lie. */
	for (i = 0; i < p->norder; i++)
		in[p->order[i]] = 1;
	for (id = 0; id < n->nfuncs; id++) {
		uint32_t f = n->keys[id].file, len;
		const char *s, *slash;
		if (id + TAIL_AHEAD < n->nfuncs)
			__builtin_prefetch(&seen[n->keys[id + TAIL_AHEAD].file]);
		if (!in[id] || seen[f])
			continue;
		seen[f] = 1;
		len = strtab_len(&n->strs, f);
		s = strtab_get(&n->strs, f);
		slash = len ? memrchr(s, '/', len) : NULL;
		t[nt] = (struct tail){ 0, f, slash ? (uint32_t)(slash + 1 - s) : 0 };
		tail_hash(n, &t[nt++]);
	}
	cmp_names = n;
	if (refine(n, t, nt) < 0)
		goto fail;
	for (i = 0; i < nt; i++)
		u->start[t[i].file] = t[i].start;
	free(in);
	free(seen);
	free(t);
	return 0;
fail:
	free(in);
	free(seen);
	free(t);
	unique_paths_free(u);
	return -1;
}

void unique_paths_free(struct unique_paths *u)
{
	free(u->start);
	u->start = NULL;
	u->cap = 0;
}

size_t unique_std_name(const struct unique_paths *u, struct names *n, uint32_t id,
		       char *buf, size_t size)
{
	const struct fkey *k = &n->keys[id];
	uint32_t flen, len;
	const char *file, *std;
	int w;

	if (k->line == 0 && strtab_len(&n->strs, k->file) == 1 && strtab_get(&n->strs, k->file)[0] == '~') {
		std = names_std(n, id, &len);
		w = snprintf(buf, size, "%.*s", (int)len, std);
	} else {
		file = unique_path(u, n, k->file, &flen);
		w = snprintf(buf, size, "%.*s:%" PRId64 "(%s)", (int)flen, file, k->line,
			     strtab_get(&n->strs, k->name));
	}
	return w < 0 ? 0 : (size_t)w < size ? (size_t)w : size - 1;
}
