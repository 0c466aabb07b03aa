/* Sort, filter and restrict arrays of function ids. */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/bigmem.h"
#include "proftop/util.h"
#include "proftop/query.h"

#define K1(name, f, d, desc) { name, 1, { f, 0, 0 }, { d, 0, 0 }, desc }
#define K2(name, f, desc) { name, 2, { f, SF_TIME, 0 }, { -1, -1, 0 }, desc }

const struct sort_key_def sort_keys[] = {
	K1("calls", SF_CALLS, -1, "call count"),
	K1("ncalls", SF_CALLS, -1, "call count"),
	K1("cumtime", SF_CUM, -1, "cumulative time"),
	K1("cumulative", SF_CUM, -1, "cumulative time"),
	K1("filename", SF_FILE, 1, "file name"),
	K1("line", SF_LINE, 1, "line number"),
	K1("module", SF_FILE, 1, "file name"),
	K1("name", SF_NAME, 1, "function name"),
	{ "nfl", 3, { SF_NAME, SF_FILE, SF_LINE }, { 1, 1, 1 }, "name/file/line" },
	K1("pcalls", SF_PCALLS, -1, "primitive call count"),
	K1("stdname", SF_STDNAME, 1, "standard name"),
	K1("time", SF_TIME, -1, "internal time"),
	K1("tottime", SF_TIME, -1, "internal time"),
};
const size_t sort_keys_count = sizeof sort_keys / sizeof *sort_keys;

const struct sort_key_def sort_keys_extra[] = {
	K1("tpercall", SF_TPERCALL, -1, "internal time per call"),
	K1("cpercall", SF_CPERCALL, -1, "cumulative time per call"),
	/* Live mode's rates, spelled as their column titles.  Rates are all 0
	 * when the load stops: ties go to tottime, not to the dump's order. */
	K2("+calls", SF_DCALLS, "calls in the last interval"),
	K2("calls/s", SF_CALLS_S, "calls per second"),
	K2("time/s", SF_TIME_S, "time per second"),
};
const size_t sort_keys_extra_count = sizeof sort_keys_extra / sizeof *sort_keys_extra;

/* Names the rate keys had before they took their titles' spelling. */
static const struct { const char *old, *name; } sort_key_aliases[] = {
	{ "dcalls", "+calls" }, { "callrate", "calls/s" }, { "timerate", "time/s" },
};

/*
 * pstats.get_sort_arg_defs: each word in order inserts its prefixes, longest
 * first; on meeting a prefix already inserted it marks that prefix bad and
 * stops.  Bad prefixes are deleted at the end.  Simulated here as written.
 */
struct fragment {
	const char *word;
	size_t len;
	size_t owner;
	int bad;
};

static const struct sort_key_def *lookup_in(const char *word, const struct sort_key_def *defs, size_t n)
{
	struct fragment frags[256];
	size_t nfrags = 0, wlen = strlen(word), i, k;

	for (i = 0; i < n; i++) {
		size_t len;
		for (len = strlen(defs[i].name); len > 0; len--) {
			int found = 0;
			for (k = 0; k < nfrags; k++)
				if (frags[k].len == len && memcmp(frags[k].word, defs[i].name, len) == 0) {
					frags[k].bad = 1;
					found = 1;
					break;
				}
			if (found || nfrags == sizeof frags / sizeof *frags)
				break;
			frags[nfrags++] = (struct fragment){ defs[i].name, len, i, 0 };
		}
	}
	for (k = 0; k < nfrags; k++)
		if (!frags[k].bad && frags[k].len == wlen && memcmp(frags[k].word, word, wlen) == 0)
			return &defs[frags[k].owner];
	return NULL;
}

const struct sort_key_def *sort_key_lookup(const char *word, int extra)
{
	const struct sort_key_def *d = lookup_in(word, sort_keys, sort_keys_count);
	size_t i;

	if (!d && extra) {
		for (i = 0; i < sizeof sort_key_aliases / sizeof *sort_key_aliases; i++)
			if (strcmp(word, sort_key_aliases[i].old) == 0)
				word = sort_key_aliases[i].name;
		for (i = 0; i < sort_keys_extra_count; i++)
			if (strcmp(word, sort_keys_extra[i].name) == 0)
				return &sort_keys_extra[i];
	}
	return d;
}

int sort_spec_add(struct sort_spec *s, const char *word, int extra, struct err *e)
{
	const struct sort_key_def *d = sort_key_lookup(word, extra);
	size_t i, used;

	if (!d) {
		err_at(e, "", -1, "unknown sort key '%s' (try calls, cumulative, filename, line, name, nfl, pcalls, stdname, time%s)",
		       word, extra ? "; tpercall, cpercall; live mode: +calls, calls/s, time/s" : "");
		return -1;
	}
	if (s->n + d->nfields > SORT_MAX_FIELDS) {
		err_at(e, "", -1, "too many sort keys");
		return -1;
	}
	for (i = 0; i < d->nfields; i++) {
		s->field[s->n] = d->fields[i];
		s->dir[s->n++] = d->dirs[i];
	}
	used = strlen(s->desc);
	snprintf(s->desc + used, sizeof s->desc - used, "%s%s", used ? ", " : "", d->desc);
	return 0;
}

int sort_spec_parse(struct sort_spec *s, const char *words, int extra, struct err *e)
{
	char buf[256];
	const char *p = words;

	while (*p) {
		size_t n = strcspn(p, ", ");
		if (n) {
			if (n >= sizeof buf) {
				err_at(e, "", -1, "sort key too long");
				return -1;
			}
			memcpy(buf, p, n);
			buf[n] = 0;
			if (sort_spec_add(s, buf, extra, e) < 0)
				return -1;
		}
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

struct sorter {
	struct profile *p;
	const struct sort_spec *s;
};

static int cmp_num(double a, double b)
{
	return a < b ? -1 : a > b;
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	if (c)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

static int cmp_str(const struct strtab *t, uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	return cmp_bytes(strtab_get(t, a), strtab_len(t, a), strtab_get(t, b), strtab_len(t, b));
}

/* Files as shown (names_show_files: the table's unique paths). */
static int cmp_shown_file(const struct names *n, uint32_t a, uint32_t b)
{
	uint32_t la, lb;
	const char *sa = names_shown_file(n, n->keys[a].file, &la);
	const char *sb = names_shown_file(n, n->keys[b].file, &lb);

	return cmp_bytes(sa, la, sb, lb);
}

static double per_call(double t, int64_t n)
{
	return n ? t / (double)n : 0;
}

/* Live mode's numbers for id, 0 where there are none. */
static double extra_of(const struct profile *p, unsigned field, uint32_t id)
{
	const double *v = p->extra[field - SF_DCALLS];

	return v && id < p->nextra ? v[id] : 0;
}

static int cmp_field(const struct sorter *so, unsigned field, uint32_t a, uint32_t b)
{
	const struct fstat *fa = &so->p->stats[a], *fb = &so->p->stats[b];
	struct names *n = so->p->names;
	const char *sa, *sb;
	uint32_t la, lb;

	switch (field) {
	case SF_PCALLS: return fa->cc < fb->cc ? -1 : fa->cc > fb->cc;
	case SF_CALLS: return fa->nc < fb->nc ? -1 : fa->nc > fb->nc;
	case SF_TIME: return cmp_num(fa->tt, fb->tt);
	case SF_CUM: return cmp_num(fa->ct, fb->ct);
	case SF_FILE:
		if (n->shown_start)
			return cmp_shown_file(n, a, b);
		return cmp_str(&n->strs, n->keys[a].file, n->keys[b].file);
	case SF_LINE: return n->keys[a].line < n->keys[b].line ? -1 : n->keys[a].line > n->keys[b].line;
	case SF_NAME: return cmp_str(&n->strs, n->keys[a].name, n->keys[b].name);
	case SF_STDNAME:
		sa = names_std(n, a, &la);
		sb = names_std(n, b, &lb);
		return cmp_bytes(sa, la, sb, lb);
	case SF_TPERCALL: return cmp_num(per_call(fa->tt, fa->nc), per_call(fb->tt, fb->nc));
	case SF_CPERCALL: return cmp_num(per_call(fa->ct, fa->cc), per_call(fb->ct, fb->cc));
	case SF_DCALLS: case SF_CALLS_S: case SF_TIME_S:
		return cmp_num(extra_of(so->p, field, a), extra_of(so->p, field, b));
	default: return 0;
	}
}

static int compare(const struct sorter *so, uint32_t a, uint32_t b)
{
	unsigned i;

	for (i = 0; i < so->s->n; i++) {
		int c = cmp_field(so, so->s->field[i], a, b);
		if (c)
			return c * so->s->dir[i];
	}
	return 0;
}

/* Bottom-up merge sort: stable, like Python's sort. */
static void merge_sort(const struct sorter *so, uint32_t *ids, uint32_t *tmp, size_t n)
{
	size_t width, i;
	uint32_t *src = ids, *dst = tmp;

	for (i = 0; i + 1 < n; i += 2)        /* pairs first: cheap start */
		if (compare(so, ids[i + 1], ids[i]) < 0) {
			uint32_t t = ids[i];
			ids[i] = ids[i + 1];
			ids[i + 1] = t;
		}
	for (width = 2; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t lo = i, mid = i + width < n ? i + width : n;
			size_t hi = i + 2 * width < n ? i + 2 * width : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				dst[k++] = compare(so, src[b], src[a]) < 0 ? src[b++] : src[a++];
			while (a < mid)
				dst[k++] = src[a++];
			while (b < hi)
				dst[k++] = src[b++];
		}
		uint32_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != ids)
		memcpy(ids, src, n * sizeof *ids);
}

/*
 * The common sorts (cumulative, time, calls: one numeric field) run as a
 * stable LSD radix sort on 64-bit keys that order as the field does: a few
 * linear passes over contiguous keys instead of n log n comparisons that each
 * fetch two random stats entries.  Stable and the same order, so the result
 * is the merge sort's exactly.  NaN, which compares neither way, keeps the
 * comparison sort.
 */
static int order_key_double(double x, uint64_t *key)
{
	uint64_t bits;

	if (x != x)
		return -1;
	memcpy(&bits, &x, sizeof bits);
	if (x == 0)
		bits = 0;       /* -0.0 equals 0.0: the same key */
	*key = bits >> 63 ? ~bits : bits | (uint64_t)1 << 63;
	return 0;
}

static int order_key(const struct profile *p, unsigned field, uint32_t id, uint64_t *key)
{
	const struct fstat *f = &p->stats[id];
	int64_t i;

	switch (field) {
	case SF_PCALLS: i = f->cc; break;
	case SF_CALLS: i = f->nc; break;
	case SF_LINE: i = p->names->keys[id].line; break;
	case SF_TIME: return order_key_double(f->tt, key);
	case SF_CUM: return order_key_double(f->ct, key);
	case SF_TPERCALL: return order_key_double(per_call(f->tt, f->nc), key);
	case SF_CPERCALL: return order_key_double(per_call(f->ct, f->cc), key);
	case SF_DCALLS: case SF_CALLS_S: case SF_TIME_S:
		return order_key_double(extra_of(p, field, id), key);
	default: return -1;
	}
	*key = (uint64_t)i ^ (uint64_t)1 << 63;
	return 0;
}

#define GATHER_AHEAD 8

/*
 * One sort's scratch memory: one block, reserved big and handed out in
 * stack order, so that each step and each field reuses the pages the one
 * before wrote.  A page's first write costs more than the sort's work on
 * it (a first sort by name was mostly faults), and pages never written
 * cost nothing.
 */
struct scratch {
	char *mem;
	size_t cap, used;
};

static void *scratch_get(struct scratch *sc, size_t count, size_t size)
{
	size_t at = (sc->used + 15) & ~(size_t)15;

	if (at > sc->cap || count > (sc->cap - at) / size)
		return NULL;
	sc->used = at + count * size;
	return sc->mem + at;
}

/* Stable LSD radix sort of ids by keys[0..n) (keys has room for 2n; its
 * first n are clobbered).  0, or -1 when out of memory. */
static int radix_by_key(struct scratch *sc, uint64_t *keys, uint32_t *ids, size_t n)
{
	size_t mark = sc->used, i;
	uint64_t *src = keys, *dst = keys + n, *tk;
	uint32_t *id_buf = scratch_get(sc, n, sizeof *id_buf), *isrc = ids, *idst = id_buf, *ti;
	size_t (*count)[256] = scratch_get(sc, 8, sizeof *count);
	unsigned b;

	if (!id_buf || !count)
		return -1;
	memset(count, 0, 8 * sizeof *count);
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][(src[i] >> (8 * b)) & 0xff]++;
	for (b = 0; b < 8; b++) {
		size_t sum = 0, c;
		unsigned d;
		if (count[b][(src[0] >> (8 * b)) & 0xff] == n)
			continue;       /* every key has this byte: nothing moves */
		for (d = 0; d < 256; d++) {
			c = count[b][d];
			count[b][d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			size_t at = count[b][(src[i] >> (8 * b)) & 0xff]++;
			dst[at] = src[i];
			idst[at] = isrc[i];
		}
		tk = src, src = dst, dst = tk;
		ti = isrc, isrc = idst, idst = ti;
	}
	if (isrc != ids)
		memcpy(ids, isrc, n * sizeof *ids);
	sc->used = mark;
	return 0;
}

/* Stable LSD radix sort of ids by one numeric field: 1 sorted, 0 when a
 * NaN is met (ids untouched: its keys are all gathered before any moves),
 * -1 when out of memory. */
static int radix_by_number(struct scratch *sc, struct profile *p, unsigned field, int dir,
			   uint32_t *ids, size_t n)
{
	size_t mark = sc->used, i;
	uint64_t *keys = scratch_get(sc, 2 * n, sizeof *keys);
	int rc = -1;

	if (!keys)
		return -1;
	for (i = 0; i < n; i++) {
		/* ids lie in dict order, their stats wherever they were first
		 * met: fetched some way ahead, the misses overlap. */
		if (i + GATHER_AHEAD < n)
			__builtin_prefetch(&p->stats[ids[i + GATHER_AHEAD]]);
		if (order_key(p, field, ids[i], &keys[i]) < 0) {
			rc = 0;
			goto out;
		}
		if (dir < 0)
			keys[i] = ~keys[i];
	}
	rc = radix_by_key(sc, keys, ids, n) < 0 ? -1 : 1;
out:
	sc->used = mark;
	return rc;
}

static const char *field_string(struct profile *p, unsigned field, uint32_t id, uint32_t *len)
{
	struct names *n = p->names;

	switch (field) {
	case SF_FILE:   /* as shown: the table's unique paths show tails */
		return names_shown_file(n, n->keys[id].file, len);
	case SF_NAME:
		*len = strtab_len(&n->strs, n->keys[id].name);
		return strtab_get(&n->strs, n->keys[id].name);
	default:
		return names_std(n, id, len);
	}
}

/*
 * String fields sort as Python compares str: bytes, then length.  A stable
 * MSD sort, eight bytes at a time: each round sorts a run of strings on
 * their next 8 bytes (big-endian, so that integer order is byte order) and
 * on how many bytes are left, capped at 9 (a string ending inside the chunk
 * sorts before a longer one sharing it), then goes on with each run still
 * tied and longer.  Keys are compared from a contiguous array, never through
 * the strings, and a run whose keys are all equal (every path sharing a long
 * directory prefix) costs one linear pass, not a sort.
 */
struct skey {
	uint64_t chunk;
	uint32_t more;
	uint32_t at;            /* index into the strings being sorted */
};

static int skey_cmp(const struct skey *a, const struct skey *b)
{
	if (a->chunk != b->chunk)
		return a->chunk < b->chunk ? -1 : 1;
	return a->more < b->more ? -1 : a->more > b->more;
}

static void skey_sort(struct skey *k, struct skey *tmp, size_t n)
{
	struct skey *src = k, *dst = tmp, *t;
	size_t width, i;

	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t mid = i + width < n ? i + width : n;
			size_t hi = i + 2 * width < n ? i + 2 * width : n;
			size_t a = i, b = mid, o = i;
			while (a < mid && b < hi)
				dst[o++] = skey_cmp(&src[b], &src[a]) < 0 ? src[b++] : src[a++];
			while (a < mid)
				dst[o++] = src[a++];
			while (b < hi)
				dst[o++] = src[b++];
		}
		t = src, src = dst, dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof *k);
}

/* The same order for big runs: LSD radix, the remaining length first,
 * then the chunk's bytes from the last; passes where every key has the same
 * byte are skipped. */
static void skey_radix(struct skey *k, struct skey *tmp, size_t n, size_t (*count)[256])
{
	struct skey *src = k, *dst = tmp, *t;
	size_t i;
	unsigned pass, d;

	memset(count, 0, 9 * sizeof *count);
	for (i = 0; i < n; i++) {
		count[0][k[i].more]++;
		for (pass = 1; pass < 9; pass++)
			count[pass][(k[i].chunk >> (8 * (pass - 1))) & 0xff]++;
	}
	for (pass = 0; pass < 9; pass++) {
		size_t sum = 0, c;
		unsigned first = pass ? (unsigned)(src[0].chunk >> (8 * (pass - 1))) & 0xff : src[0].more;
		if (count[pass][first] == n)
			continue;
		for (d = 0; d < 256; d++) {
			c = count[pass][d];
			count[pass][d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			unsigned b = pass ? (unsigned)(src[i].chunk >> (8 * (pass - 1))) & 0xff : src[i].more;
			dst[count[pass][b]++] = src[i];
		}
		t = src, src = dst, dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof *k);
}

/* A string to sort: LEN bytes at S, then the byte CLOSE unless it is 0
 * (the ':' or ')' that closes a part of a standard name, and orders it:
 * "a1:" before "a:"). */
struct vstr {
	const char *s;
	uint32_t len;
	char close;
};

static size_t vstr_len(const struct vstr *v)
{
	return v->len + (v->close != 0);
}

static void skey_fill(struct skey *k, const struct vstr *v, size_t depth)
{
	size_t rem = vstr_len(v) - depth, i;
	uint64_t w = 0;

	if (depth + 8 <= v->len) {
		memcpy(&w, v->s + depth, 8);
		w = __builtin_bswap64(w);
	} else {
		for (i = 0; i < rem && i < 8; i++)
			w |= (uint64_t)(unsigned char)(depth + i < v->len ? v->s[depth + i] : v->close)
			     << (56 - 8 * i);
	}
	k->chunk = w;
	k->more = rem < 9 ? (uint32_t)rem : 9;
}

struct srun {
	size_t lo, hi, depth;
};

/* Bytes every string shares at its start: the MSD rounds over a prefix
 * common to all (a long directory every file name starts with) each cost
 * a pass over every string, this one pass. */
static size_t common_prefix(const struct vstr *v, size_t n)
{
	size_t lcp = n ? v[0].len : 0, i, j;

	for (i = 1; i < n && lcp > 0; i++) {
		if (i + GATHER_AHEAD < n)
			__builtin_prefetch(v[i + GATHER_AHEAD].s);
		if (v[i].len < lcp)
			lcp = v[i].len;
		for (j = 0; j < lcp && v[i].s[j] == v[0].s[j]; j++)
			;
		lcp = j;
	}
	return lcp;
}

/* What a sort of strings tells besides their order: where each group of
 * equal strings starts (by place in the order), and whether a string is a
 * proper prefix of another. */
struct sorted {
	uint32_t *order;
	uint8_t *starts;
	int nested;
};

/*
 * Marks the groups of one sorted run.  A string ending in this chunk
 * (fewer than 9 bytes left) is a proper prefix of the next group's when
 * that shares its last bytes: any string it prefixes sorts right after
 * it, or after strings that prefix-share with it too.
 */
static void mark_groups(const struct skey *k, size_t lo, size_t hi, struct sorted *out)
{
	size_t i, j;

	for (i = lo; i < hi; i = j) {
		unsigned rem = k[i].more;
		for (j = i + 1; j < hi && skey_cmp(&k[j], &k[i]) == 0; j++)
			;
		out->starts[i] = 1;
		if (j < hi && rem < 9 &&
		    (rem == 0 || k[j].chunk >> (64 - 8 * rem) == k[i].chunk >> (64 - 8 * rem)))
			out->nested = 1;
	}
}

/* Stable MSD sort of strings into out->order, out->starts (n of each).  0,
 * or -1 when out of memory. */
static int sort_vstr(struct scratch *sc, const struct vstr *v, size_t n, struct sorted *out)
{
	size_t mark = sc->used, nstack = 0, cap = 0, i, j;
	struct skey *k = scratch_get(sc, n, sizeof *k), *tmp = scratch_get(sc, n, sizeof *tmp);
	size_t (*count)[256] = scratch_get(sc, 9, sizeof *count);
	struct srun *stack = NULL, r;
	int rc = -1;

	if (!k || !tmp || !count)
		goto out;
	memset(out->starts, 0, n);
	for (i = 0; i < n; i++)
		k[i].at = (uint32_t)i;
	r = (struct srun){ 0, n, common_prefix(v, n) };
	while (n > 0) {
		int same = 1;
		for (i = r.lo; i < r.hi; i++) {
			if (i + GATHER_AHEAD < r.hi)
				__builtin_prefetch(v[k[i + GATHER_AHEAD].at].s + r.depth);
			skey_fill(&k[i], &v[k[i].at], r.depth);
			same = same && skey_cmp(&k[i], &k[r.lo]) == 0;
		}
		if (!same && r.hi - r.lo >= 1024)
			skey_radix(k + r.lo, tmp, r.hi - r.lo, count);
		else if (!same)
			skey_sort(k + r.lo, tmp, r.hi - r.lo);
		mark_groups(k, r.lo, r.hi, out);
		for (i = r.lo; i < r.hi; i = j) {
			for (j = i + 1; j < r.hi && skey_cmp(&k[j], &k[i]) == 0; j++)
				;
			if (j - i < 2 || k[i].more < 9)
				continue;       /* alone, or tied to its end: done */
			if (grow_array(&stack, &cap, nstack + 1, sizeof *stack, 64) < 0)
				goto out;
			stack[nstack++] = (struct srun){ i, j, r.depth + 8 };
		}
		if (!nstack)
			break;
		r = stack[--nstack];
	}
	for (i = 0; i < n; i++)
		out->order[i] = k[i].at;
	rc = 0;
out:
	free(stack);
	sc->used = mark;
	return rc;
}

/*
 * rank[i]: the place of string i among the distinct ones in order (equal
 * strings share one).  Sets *nested when one is a proper prefix of
 * another.  The number of ranks, or -1 when out of memory.
 */
static int64_t rank_vstr(struct scratch *sc, const struct vstr *v, size_t n, uint32_t *rank,
			 int *nested)
{
	size_t mark = sc->used, i;
	struct sorted s = { scratch_get(sc, n, sizeof *s.order), scratch_get(sc, n, 1), 0 };
	int64_t r = -1;

	if (!s.order || !s.starts || sort_vstr(sc, v, n, &s) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		r += s.starts[i];
		rank[s.order[i]] = (uint32_t)r;
	}
	*nested |= s.nested;
	sc->used = mark;
	return r + 1;
}

/* The string id a file or name sort reads (field_string's string). */
static uint32_t field_sid(const struct names *n, unsigned field, uint32_t id)
{
	return field == SF_FILE ? n->keys[id].file : n->keys[id].name;
}

/* Each id's string's rank in keys[0..n) (keys holding 2n): each
 * distinct string is read and sorted once (a few hundred files among 200k
 * functions; names that are all distinct are read in the order they were
 * interned, which is the order they lie in memory).  0, or -1 when out of
 * memory. */
static int rank_keys(struct scratch *sc, struct profile *p, unsigned field, const uint32_t *ids,
		     size_t n, uint64_t *keys)
{
	struct names *nm = p->names;
	size_t mark = sc->used, m = 0, i;
	uint32_t *slot = scratch_get(sc, (size_t)nm->strs.count + 1, sizeof *slot);
	struct vstr *v = scratch_get(sc, n, sizeof *v);
	uint32_t *rank = scratch_get(sc, n, sizeof *rank);
	int nested = 0, rc = -1;

	if (!slot || !rank || !v)
		goto out;
	memset(slot, 0, ((size_t)nm->strs.count + 1) * sizeof *slot);
	for (i = 0; i < n; i++) {
		uint32_t sid = field_sid(nm, field, ids[i]);
		if (!slot[sid]) {
			slot[sid] = (uint32_t)++m;
			v[m - 1].s = field_string(p, field, ids[i], &v[m - 1].len);
			v[m - 1].close = 0;
		}
		keys[i] = slot[sid] - 1;
	}
	if (rank_vstr(sc, v, m, rank, &nested) < 0)
		goto out;
	for (i = 0; i < n; i++)
		keys[i] = rank[keys[i]];
	rc = 0;
out:
	sc->used = mark;
	return rc;
}

/* Whether K holds keys of every id read from the names as they are now;
 * READS_FILES: from the files as shown, too. */
static int keys_valid(const struct names *nm, const struct names_keys *k, int reads_files)
{
	return k->key && k->funcs == nm->nfuncs && k->strs == nm->strs.count &&
	       (!reads_files || k->shown == nm->shown_gen);
}

/* Room in K for SIZE bytes of every id, marked as read now (the caller
 * fills it at once); NULL when out of memory. */
static void *keys_room(struct names *nm, struct names_keys *k, size_t size)
{
	size_t all = nm->nfuncs;
	void *kept = realloc(k->key, (all ? all : 1) * size);

	if (!kept)
		return NULL;
	k->key = kept;
	k->funcs = nm->nfuncs;
	k->strs = nm->strs.count;
	k->shown = nm->shown_gen;
	return kept;
}

static struct names_keys *rank_slot(struct names *nm, unsigned field)
{
	return field == SF_FILE ? &nm->file_rank : &nm->name_rank;
}

/* The ranks of every id's file or name, kept in names as a standard
 * name's keys are (std_cache_build): 0, or -1 when out of memory. */
static int rank_cache_build(struct scratch *sc, struct profile *p, unsigned field)
{
	struct names *nm = p->names;
	size_t mark = sc->used, all = nm->nfuncs, i;
	uint32_t *ids = scratch_get(sc, all, sizeof *ids), *r;
	uint64_t *keys = scratch_get(sc, 2 * all, sizeof *keys);
	int rc = -1;

	if (!ids || !keys)
		goto out;
	for (i = 0; i < all; i++)
		ids[i] = (uint32_t)i;
	if (rank_keys(sc, p, field, ids, all, keys) < 0 ||
	    !(r = keys_room(nm, rank_slot(nm, field), sizeof *r)))
		goto out;
	for (i = 0; i < all; i++)
		r[i] = (uint32_t)keys[i];
	rc = 0;
out:
	sc->used = mark;
	return rc;
}

static const uint32_t *rank_cache(struct names *nm, unsigned field)
{
	const struct names_keys *k = rank_slot(nm, field);

	return keys_valid(nm, k, field == SF_FILE) ? k->key : NULL;
}

/* A sort by file or function name: by the ranks of every id's string,
 * kept until a key or string comes.  1 sorted, -1 when out of memory. */
static int sort_by_rank(struct scratch *sc, struct profile *p, unsigned field, uint32_t *ids,
			size_t n)
{
	const uint32_t *rank = rank_cache(p->names, field);
	size_t mark = sc->used, i;
	uint64_t *keys;
	int rc;

	if (!rank && (rank_cache_build(sc, p, field) < 0 || !(rank = rank_cache(p->names, field))))
		return -1;
	if (!(keys = scratch_get(sc, 2 * n, sizeof *keys)))
		return -1;
	for (i = 0; i < n; i++)
		keys[i] = rank[ids[i]];
	rc = radix_by_key(sc, keys, ids, n) < 0 ? -1 : 1;
	sc->used = mark;
	return rc;
}

/*
 * A sort by standard name without building 200k strings.  pstats' form
 * "file:line(name)" orders as its three parts "file:", "line(" and "name)"
 * one after the other, provided no part is a proper prefix of another
 * part in its place (then the first part that differs differs inside both
 * and decides).  Lines' digits hold no '(': their parts never nest; names'
 * come last.  A built-in's form is one whole first part, ranked with the
 * files' (equal to a "file:", it is a prefix of their forms: first).  So
 * each distinct file and name is sorted once, and the ids by one integer
 * of the three ranks, unless files nest ("a:" and "a:b:") or the ranks
 * pass 64 bits: then the full forms are sorted.
 */
struct std_parts {
	struct vstr *head, *tail;    /* "file:" or a built-in's form; "name)" */
	size_t nhead, ntail;
	uint32_t *slot;         /* by string id: file's head, built-in's head, name's tail (+1) */
	uint32_t nstr;
	char *text;             /* built-ins' forms, side by side */
	size_t text_len;
	char *form;             /* a built-in's, being formatted */
	size_t form_cap;
	unsigned width;         /* most digits of a line */
};

static uint32_t std_part(struct vstr *v, size_t *nv, const char *s, uint32_t len, char close)
{
	v[*nv] = (struct vstr){ s, len, close };
	return (uint32_t)++*nv;
}

/* A built-in's head: its whole form. */
static int64_t std_builtin_head(struct std_parts *sp, const struct names *nm, uint32_t id)
{
	uint32_t *slot = &sp->slot[sp->nstr + nm->keys[id].name];
	size_t len;

	if (!*slot) {
		len = names_std_format(nm, id, &sp->form, &sp->form_cap);
		if (len == (size_t)-1)
			return -1;
		memcpy(sp->text + sp->text_len, sp->form, len);
		*slot = std_part(sp->head, &sp->nhead, sp->text + sp->text_len, (uint32_t)len, 0);
		sp->text_len += len;
	}
	return *slot - 1;
}

static unsigned digits_of(uint64_t u)
{
	unsigned d = 1;

	for (; u >= 10; u /= 10)
		d++;
	return d;
}

/*
 * What std_gather reads of the id some places ahead: its key, then its
 * strings' slots and places, then their bytes, each once the step before
 * has arrived.  Ids lie in dict order, their keys and strings wherever
 * they were first met: the misses overlap instead of following one
 * another.
 */
static void std_prefetch(const struct std_parts *sp, const struct names *nm,
			 const uint32_t *ids, size_t n, size_t i, int names_too)
{
	const struct fkey *k;

	if (i + 3 * GATHER_AHEAD < n)
		__builtin_prefetch(&nm->keys[ids[i + 3 * GATHER_AHEAD]]);
	if (i + 2 * GATHER_AHEAD < n) {
		k = &nm->keys[ids[i + 2 * GATHER_AHEAD]];
		__builtin_prefetch(&sp->slot[k->file]);
		__builtin_prefetch(&nm->strs.ent[k->file]);
		if (names_too) {
			__builtin_prefetch(&sp->slot[2 * (size_t)sp->nstr + k->name]);
			__builtin_prefetch(&nm->strs.ent[k->name]);
		}
	}
	if (i + GATHER_AHEAD < n) {
		k = &nm->keys[ids[i + GATHER_AHEAD]];
		__builtin_prefetch(strtab_get(&nm->strs, k->file));
		if (names_too)
			__builtin_prefetch(strtab_get(&nm->strs, k->name));
	}
}

/* Each id's head in heads[i], its tail in tails[i] (NO_ID for a
 * built-in; no tails when tails is NULL); 0 or -1 when out of memory. */
static int std_gather(struct std_parts *sp, const struct names *nm, const uint32_t *ids,
		      size_t n, uint64_t *heads, uint64_t *tails)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct fkey *k = &nm->keys[ids[i]];
		uint32_t *slot;
		unsigned d;
		std_prefetch(sp, nm, ids, n, i, tails != NULL);
		if (names_std_builtin(nm, ids[i])) {
			int64_t h = std_builtin_head(sp, nm, ids[i]);
			if (h < 0)
				return -1;
			heads[i] = (uint64_t)h;
			if (tails)
				tails[i] = NO_ID;
			continue;
		}
		slot = &sp->slot[k->file];
		if (!*slot) {
			/* as shown: a path mode shows a tail of it */
			uint32_t flen;
			const char *f = names_shown_file(nm, k->file, &flen);
			*slot = std_part(sp->head, &sp->nhead, f, flen, ':');
		}
		heads[i] = *slot - 1;
		if (tails) {
			slot = &sp->slot[2 * (size_t)sp->nstr + k->name];
			if (!*slot)
				*slot = std_part(sp->tail, &sp->ntail, strtab_get(&nm->strs, k->name),
						 strtab_len(&nm->strs, k->name), ')');
			tails[i] = *slot - 1;
		}
		d = digits_of(k->line < 0 ? -(uint64_t)k->line : (uint64_t)k->line);
		sp->width = d > sp->width ? d : sp->width;
	}
	return 0;
}

#define STD_LINE_WIDTH 17       /* digits a line key holds in 64 bits */

/*
 * The order of a line's part as strings compare it ("-" before digits,
 * "10(" before "9(", "1(" before "10("): its digits padded with zeros to
 * WIDTH digits, then their count; 0 is left for a built-in, whose form ends
 * where a line's part would start.  TOP: line_top(WIDTH).
 */
static uint64_t line_top(unsigned width)
{
	uint64_t top = 20;

	while (width--)
		top *= 10;
	return top;
}

static uint64_t line_key(int64_t line, unsigned width, uint64_t top)
{
	uint64_t u = line < 0 ? -(uint64_t)line : (uint64_t)line;
	unsigned d = digits_of(u), i;

	for (i = d; i < width; i++)
		u *= 10;
	return 1 + (line < 0 ? 0 : top) + u * 20 + d;
}

static unsigned bits_of(uint64_t x)
{
	return x ? 64 - (unsigned)__builtin_clzll(x) : 0;
}

/* Room for the parts; built-ins' forms are no longer than their names. */
static int std_parts_room(struct scratch *sc, struct std_parts *sp, const struct names *nm,
			  size_t n)
{
	sp->nstr = nm->strs.count;
	sp->slot = scratch_get(sc, 3 * (size_t)sp->nstr + 1, sizeof *sp->slot);
	sp->head = scratch_get(sc, n, sizeof *sp->head);
	sp->tail = scratch_get(sc, n, sizeof *sp->tail);
	sp->text = scratch_get(sc, nm->strs.len, 1);
	if (!sp->slot || !sp->head || !sp->tail || !sp->text)
		return -1;
	memset(sp->slot, 0, (3 * (size_t)sp->nstr + 1) * sizeof *sp->slot);
	return 0;
}

/*
 * The parts copied side by side, less the bytes they all share (a long
 * directory; "function_"), their ':' or ')' written out: read in the order
 * they were interned, which is the order they lie in, they are read once;
 * the sort's rounds, which read them in no order, then read one compact
 * block instead of missing the cache on every part.  0 or -1.
 */
static int pack_parts(struct scratch *sc, struct vstr *v, size_t n)
{
	size_t lcp = common_prefix(v, n), bytes = 0, i;
	char *at;

	for (i = 0; i < n; i++)
		bytes += vstr_len(&v[i]) - lcp;
	if (!(at = scratch_get(sc, bytes + 1, 1)))
		return -1;
	for (i = 0; i < n; i++) {
		size_t len = v[i].len - lcp;
		memcpy(at, v[i].s + lcp, len);
		if (v[i].close)
			at[len++] = v[i].close;
		v[i] = (struct vstr){ at, (uint32_t)len, 0 };
		at += len;
	}
	return 0;
}

/*
 * The rank of every id's name part, kept in names (std_tail) for any
 * showing of the files: a path mode's new showing then ranks the files
 * alone.  NO_ID for a built-in, whose whole form is its head.  IDS: every
 * id, TAILS their parts (std_gather).  The ranks, or NULL when out of
 * memory.
 */
static const uint32_t *std_tail_keep(struct scratch *sc, struct names *nm, struct std_parts *sp,
				     const uint32_t *ids, size_t n, const uint64_t *tails)
{
	size_t mark = sc->used, i;
	uint32_t *trank = scratch_get(sc, sp->ntail, sizeof *trank), *r = NULL;
	int64_t nt;
	int nested = 0;     /* a name part comes last: nesting orders nothing wrong */

	if (!trank || pack_parts(sc, sp->tail, sp->ntail) < 0 ||
	    (nt = rank_vstr(sc, sp->tail, sp->ntail, trank, &nested)) < 0 ||
	    !(r = keys_room(nm, &nm->std_tail, sizeof *r)))
		goto out;
	for (i = 0; i < n; i++)
		r[ids[i]] = tails[i] == NO_ID ? NO_ID : trank[tails[i]];
	nm->std_tail.count = (uint32_t)nt;
out:
	sc->used = mark;
	return r;
}

/* keys[i]: ids[i]'s key, keys holding 2n; ids are every id.  1, 0 when
 * the full forms must be sorted, -1 when out of memory. */
static int std_keys(struct scratch *sc, struct names *nm, const uint32_t *ids, size_t n,
		    uint64_t *keys)
{
	struct std_parts sp = { 0 };
	size_t mark = sc->used, i;
	uint64_t *heads = keys, *tails = keys + n;
	const uint32_t *trank = keys_valid(nm, &nm->std_tail, 0) ? nm->std_tail.key : NULL;
	uint32_t *hrank = scratch_get(sc, n, sizeof *hrank);
	uint64_t top;
	unsigned hb, lb, tb;
	int64_t nh;
	int nested = 0, rc = -1;

	if (!hrank || std_parts_room(sc, &sp, nm, n) < 0 ||
	    std_gather(&sp, nm, ids, n, heads, trank ? NULL : tails) < 0)
		goto out;
	rc = 0;
	if (sp.width > STD_LINE_WIDTH)
		goto out;
	rc = -1;
	if (!trank && !(trank = std_tail_keep(sc, nm, &sp, ids, n, tails)))
		goto out;
	if (pack_parts(sc, sp.head, sp.nhead) < 0 ||
	    (nh = rank_vstr(sc, sp.head, sp.nhead, hrank, &nested)) < 0)
		goto out;
	top = line_top(sp.width);
	hb = bits_of((uint64_t)nh - 1);
	lb = bits_of(2 * top);
	tb = bits_of(nm->std_tail.count ? (uint64_t)nm->std_tail.count - 1 : 0);
	rc = 0;
	if (nested || hb + lb + tb > 64)
		goto out;
	for (i = 0; i < n; i++) {
		uint32_t t = trank[ids[i]];
		uint64_t key = t == NO_ID ? 0 : line_key(nm->keys[ids[i]].line, sp.width, top) << tb | t;
		keys[i] = (hb ? (uint64_t)hrank[heads[i]] << (lb + tb) : 0) | key;
	}
	rc = 1;
out:
	free(sp.form);
	sc->used = mark;
	return rc;
}

/* Where a standard name's keys are kept for the files as now shown. */
static struct names_keys *std_slot(struct names *nm)
{
	return nm->shown_start ? &nm->std_shown : &nm->std_whole;
}

static const uint64_t *std_cache(struct names *nm)
{
	const struct names_keys *k = std_slot(nm);

	/* the whole files' keys hold for every showing of them */
	return keys_valid(nm, k, k == &nm->std_shown) ? k->key : NULL;
}

/*
 * Every id's key, kept in names: a key depends on the other ids only
 * through the order of the distinct parts, which ranking all of them keeps
 * for any subset (a wider line width or more ranks scale every key alike),
 * so each later sort by standard name is one radix pass.  Built in id
 * order, which is the order keys lie in.  1, 0 when the full forms must be
 * sorted, -1 when out of memory.
 */
static int std_cache_build(struct scratch *sc, struct names *nm)
{
	size_t mark = sc->used, all = nm->nfuncs, i;
	uint32_t *ids = scratch_get(sc, all, sizeof *ids);
	uint64_t *keys = scratch_get(sc, 2 * all, sizeof *keys), *kept;
	int rc = -1;

	if (!ids || !keys)
		goto out;
	for (i = 0; i < all; i++)
		ids[i] = (uint32_t)i;
	rc = std_keys(sc, nm, ids, all, keys);
	if (rc <= 0)
		goto out;
	rc = -1;
	if (!(kept = keys_room(nm, std_slot(nm), sizeof *kept)))
		goto out;
	memcpy(kept, keys, all * sizeof *kept);
	rc = 1;
out:
	sc->used = mark;
	return rc;
}

/* 1 sorted, 0 when the full forms must be, -1 when out of memory. */
static int sort_by_std_parts(struct scratch *sc, struct profile *p, uint32_t *ids, size_t n)
{
	struct names *nm = p->names;
	const uint64_t *kept = std_cache(nm);
	size_t mark = sc->used, i;
	uint64_t *keys;
	int rc;

	if (!kept) {
		if ((rc = std_cache_build(sc, nm)) <= 0)
			return rc;
		kept = std_cache(nm);
	}
	if (!(keys = scratch_get(sc, 2 * n, sizeof *keys)))
		return -1;
	for (i = 0; i < n; i++)
		keys[i] = kept[ids[i]];
	rc = radix_by_key(sc, keys, ids, n) < 0 ? -1 : 1;
	sc->used = mark;
	return rc;
}

/* The full forms, built and sorted: when their parts nest. */
static int sort_by_form(struct scratch *sc, struct profile *p, uint32_t *ids, size_t n)
{
	size_t mark = sc->used, i;
	struct vstr *v = scratch_get(sc, n, sizeof *v);
	struct sorted s = { scratch_get(sc, n, sizeof *s.order), scratch_get(sc, n, 1), 0 };
	uint32_t *out = scratch_get(sc, n, sizeof *out);
	int rc = -1;

	if (!v || !s.order || !s.starts || !out || names_std_build(p->names, ids, n) < 0)
		goto out;
	for (i = 0; i < n; i++)  /* cached forms: none moves while we hold them */
	{
		v[i].s = field_string(p, SF_STDNAME, ids[i], &v[i].len);
		v[i].close = 0;
	}
	if (sort_vstr(sc, v, n, &s) < 0)
		goto out;
	for (i = 0; i < n; i++)
		out[i] = ids[s.order[i]];
	memcpy(ids, out, n * sizeof *ids);
	rc = 1;
out:
	sc->used = mark;
	return rc;
}

/* Stable sort of ids by a string field: 1 sorted, -1 out of memory. */
static int sort_by_string(struct scratch *sc, struct profile *p, unsigned field, uint32_t *ids,
			  size_t n)
{
	int rc;

	if (field != SF_STDNAME)
		return sort_by_rank(sc, p, field, ids, n);
	rc = sort_by_std_parts(sc, p, ids, n);
	return rc ? rc : sort_by_form(sc, p, ids, n);
}

static int is_string_field(unsigned field)
{
	return field == SF_FILE || field == SF_NAME || field == SF_STDNAME;
}

/*
 * Every pstats sort key, and the UI's, without comparisons through the
 * stats: a stable sort on the last field, then on the one before, and so on
 * (stable sorts composed from the last key to the first give the order of a
 * stable sort on all keys at once), each field by radix or by string.  1
 * when sorted, 0 when the comparison sort must do it (a NaN, which compares
 * neither way; a descending string), -1 when out of memory.
 */
static int fast_sort_in(struct scratch *sc, struct profile *p, const struct sort_spec *s,
			uint32_t *ids, size_t n)
{
	unsigned f;
	size_t i;
	uint64_t key;

	for (f = 0; f < s->n; f++) {
		/* This sort holds every form at once. */
		if (s->field[f] == SF_STDNAME && names_std_stable(p->names) < 0)
			return 0;
		if (is_string_field(s->field[f])) {
			if (s->dir[f] < 0)
				return 0;
			continue;
		}
		/* One numeric field (the usual sorts) finds a NaN itself,
		 * before it moves any id: no pass over the stats for it. */
		for (i = 0; s->n > 1 && i < n; i++)
			if (order_key(p, s->field[f], ids[i], &key) < 0)
				return 0;
	}
	for (f = s->n; f-- > 0;) {
		int rc = is_string_field(s->field[f])
			? sort_by_string(sc, p, s->field[f], ids, n)
			: radix_by_number(sc, p, s->field[f], s->dir[f], ids, n);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return 0;       /* a NaN: only a lone field gets here */
	}
	return 1;
}

/* The most a sort's steps hold at once: a numeric field's keys and ids
 * (20 bytes a function); a string field's slots by string id (three for a
 * standard name's parts), copies of the strings' bytes (four for the
 * parts), about a hundred bytes a function; the steps' counts and
 * roundings.  Reserved, not written: what a sort leaves untouched costs
 * nothing. */
static size_t scratch_room(const struct profile *p, const struct sort_spec *s, size_t n)
{
	size_t strs = (size_t)p->names->strs.count + 1, bytes = p->names->strs.len + strs;
	size_t room = 24 * n + ((size_t)1 << 20), all = p->names->nfuncs;
	unsigned f;

	/* A standard name's keys are built for every id, not only these. */
	if (all < n)
		all = n;
	for (f = 0; f < s->n; f++)
		if (is_string_field(s->field[f]))
			return room + 12 * strs + 4 * bytes + 100 * all;
	return room;
}

/* The sorts' scratch, kept in the names, of at least ROOM bytes. */
static int scratch_open(struct scratch *sc, struct profile *p, size_t room)
{
	if (room > p->names->sort_mem_cap) {
		free(p->names->sort_mem);
		p->names->sort_mem_cap = 0;
		if (!(p->names->sort_mem = bigmem_alloc(room)))
			return -1;
		p->names->sort_mem_cap = room;
	}
	sc->mem = p->names->sort_mem;
	sc->cap = p->names->sort_mem_cap;
	sc->used = 0;
	return 0;
}

static int fast_sort(struct profile *p, const struct sort_spec *s, uint32_t *ids, size_t n)
{
	struct scratch sc;

	if (n > SIZE_MAX / 1024 || p->names->strs.len > SIZE_MAX / 16)
		return -1;
	if (scratch_open(&sc, p, scratch_room(p, s, n)) < 0)
		return -1;
	return fast_sort_in(&sc, p, s, ids, n);
}

int query_sort(struct profile *p, const struct sort_spec *s, uint32_t *ids, size_t n)
{
	struct sorter so = { p, s };
	uint32_t *tmp;
	int rc;

	if (s->n == 0 || n < 2)
		return 0;
	rc = fast_sort(p, s, ids, n);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return -1;
	merge_sort(&so, ids, tmp, n);
	free(tmp);
	return 0;
}

/* The heap of the K best keys so far, worst on top (a max-heap): KEY put
 * in place of the top. */
static void heap_replace_top(uint64_t *heap, size_t k, uint64_t key)
{
	size_t i = 0, c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= k)
			break;
		if (c + 1 < k && heap[c + 1] > heap[c])
			c++;
		if (heap[c] <= key)
			break;
		heap[i] = heap[c];
		i = c;
	}
	heap[i] = key;
}

static void heap_push(uint64_t *heap, size_t n, uint64_t key)
{
	size_t i = n;

	while (i && heap[(i - 1) / 2] < key) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = key;
}

/* Candidates at most, as good as the Kth best, for a top K: past this many
 * ties the whole sort does it. */
static size_t top_most(size_t k)
{
	return 4 * k + 1024;
}

/*
 * The top K of one numeric field: the keys gathered once, the Kth best
 * found with a heap of K, and only the ids as good as it sorted.  1 when
 * done, 0 when the whole sort must do it (a NaN; ties so many at the Kth
 * key that the candidates are not few), -1 when out of memory.
 */
static int top_by_number(struct scratch *sc, struct profile *p, unsigned field, int dir,
			 uint32_t *ids, size_t n, size_t k)
{
	uint64_t *keys = scratch_get(sc, n, sizeof *keys);
	uint64_t *heap = scratch_get(sc, k, sizeof *heap);
	size_t i, nc = 0, rest = 0, most = top_most(k);
	uint32_t *cand = scratch_get(sc, most, sizeof *cand);
	uint64_t worst;

	if (!keys || !heap || !cand)
		return -1;
	for (i = 0; i < n; i++) {
		if (i + GATHER_AHEAD < n)
			__builtin_prefetch(&p->stats[ids[i + GATHER_AHEAD]]);
		if (order_key(p, field, ids[i], &keys[i]) < 0)
			return 0;
		if (dir < 0)
			keys[i] = ~keys[i];
		if (i < k)
			heap_push(heap, i, keys[i]);
		else if (keys[i] < heap[0])
			heap_replace_top(heap, k, keys[i]);
	}
	worst = heap[0];
	for (i = 0; i < n; i++)
		nc += keys[i] <= worst;
	if (nc > most)
		return 0;
	for (i = 0, nc = 0; i < n; i++) {
		if (keys[i] > worst)
			ids[rest++] = ids[i];   /* rest <= i: compacted in place */
		else
			cand[nc++] = ids[i];
	}
	/* the candidates first, in their order; the rest after them */
	memmove(ids + nc, ids, rest * sizeof *ids);
	memcpy(ids, cand, nc * sizeof *ids);
	return radix_by_number(sc, p, field, dir, ids, nc) < 0 ? -1 : 1;
}

int query_sort_top(struct profile *p, const struct sort_spec *s, uint32_t *ids, size_t n,
		   size_t k)
{
	struct scratch sc;
	int rc;

	/* below a few thousand, or a good part of them, the sort is as quick */
	if (s->n != 1 || is_string_field(s->field[0]) || k == 0 || n < 4096 || k > n / 16 ||
	    n > SIZE_MAX / 64)
		return query_sort(p, s, ids, n);
	/* the keys and the heap; the candidates, and their radix sort's keys
	 * and ids (20 bytes each); its counts and roundings */
	if (scratch_open(&sc, p, 8 * n + 8 * k + 24 * top_most(k) + ((size_t)1 << 20)) < 0)
		return -1;
	rc = top_by_number(&sc, p, s->field[0], s->dir[0], ids, n, k);
	return rc != 0 ? (rc < 0 ? -1 : 0) : query_sort(p, s, ids, n);
}

void query_reverse(uint32_t *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		uint32_t t = ids[i];
		ids[i] = ids[n - 1 - i];
		ids[n - 1 - i] = t;
	}
}

size_t query_filter(struct profile *p, struct regex *re, uint32_t *ids, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		uint32_t len;
		const char *s = names_std(p->names, ids[i], &len);
		if (regex_match(re, s, len) == 1)
			ids[k++] = ids[i];
	}
	return k;
}

int restriction_parse_limit(struct restriction *r, const char *text, struct err *e)
{
	char *end;

	memset(r, 0, sizeof *r);
	r->text = text;
	errno = 0;
	if (strpbrk(text, ".eEnN")) {
		r->kind = RESTRICT_FRACTION;
		r->fraction = strtod(text, &end);
	} else {
		r->kind = RESTRICT_COUNT;
		r->count = strtoll(text, &end, 10);
	}
	if (!*text || *end || errno) {
		err_at(e, "", -1, "--limit takes a whole number or a fraction, not '%s'", text);
		return -1;
	}
	return 0;
}
