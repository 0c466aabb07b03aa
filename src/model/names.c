/* Function keys: (file, line, name) interned to dense ids. */
#include "autoconfig.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/bigmem.h"
#include "proftop/hash.h"
#include "proftop/names.h"
#include "proftop/utf8.h"
#include "proftop/util.h"

void names_init(struct names *n)
{
	memset(n, 0, sizeof *n);
	n->replay = NO_ID;
}

void names_free(struct names *n)
{
	strtab_free(&n->strs);
	strtab_free(&n->std);
	free(n->keys);
	free(n->calls);
	free(n->prev);
	free(n->key_hash);
	free(n->std_id);
	free(n->scratch);
	free(n->std_whole.key);
	free(n->std_shown.key);
	free(n->std_tail.key);
	free(n->file_rank.key);
	free(n->name_rank.key);
	free(n->sort_mem);
	for (unsigned i = 0; i < NAMES_STD_RING; i++)
		free(n->ring[i]);
	names_init(n);
}

/* Keyed: line numbers are 64 bits a forged dump chooses freely (hash.h). */
static uint32_t key_hash(uint32_t file, int64_t line, uint32_t name)
{
	uint64_t h = hash_mix(hash_seed ^ ((uint64_t)file << 32 | name));

	return (uint32_t)hash_mix(h ^ (uint64_t)line);
}

static uint32_t key_hash_of(const struct names *n, uint32_t id)
{
	return key_hash(n->keys[id].file, n->keys[id].line, n->keys[id].name);
}

/* Puts a pending key in its slot: the first empty one from its hash (the
 * table has room: its size counts every id). */
static void key_place(struct names *n, uint32_t id)
{
	uint32_t h = key_hash_of(n, id), s;

	for (s = h & n->key_hash_mask; n->key_hash[s]; s = (s + 1) & n->key_hash_mask)
		;
	n->key_hash[s] = (uint64_t)h << 32 | (id + 1);
}

/* Every pending key in key_hash: before it is probed or rebuilt. */
static void key_flush(struct names *n)
{
	unsigned i;

	for (i = 0; i < n->npending; i++)
		key_place(n, n->key_pending[i]);
	n->npending = 0;
}

/* As in strtab: slots keep the hash beside the id. */
static int key_rehash(struct names *n, uint32_t nslots)
{
	uint64_t *nh = bigmem_calloc((size_t)nslots * sizeof *nh, 1);
	uint32_t i;

	if (!nh)
		return -1;
	if (n->key_hash)
		key_flush(n);
	for (i = 0; n->key_hash && i <= n->key_hash_mask; i++) {
		uint64_t slot = n->key_hash[i];
		uint32_t s;
		if (!slot)
			continue;
		for (s = (uint32_t)(slot >> 32) & (nslots - 1); nh[s]; s = (s + 1) & (nslots - 1))
			;
		nh[s] = slot;
	}
	free(n->key_hash);
	n->key_hash = nh;
	n->key_hash_mask = nslots - 1;
	return 0;
}

static int key_reserve(struct names *n)
{
	if (n->nfuncs == NO_ID - 1)
		return -1;
	if (n->nfuncs == n->cap_funcs) {
		uint32_t ncap = n->cap_funcs ? n->cap_funcs * 2 : 1024;
		struct fkey *nk = bigmem_realloc(n->keys, (size_t)n->nfuncs * sizeof *nk,
						 (size_t)ncap * sizeof *nk);
		if (!nk)
			return -1;
		n->keys = nk;
		n->cap_funcs = ncap;
	}
	if (!n->key_hash || !hash_has_room((size_t)n->nfuncs + 1, (size_t)n->key_hash_mask + 1))
		return key_rehash(n, n->key_hash ? (n->key_hash_mask + 1) * 2 : 2048);
	return 0;
}

int names_reserve(struct names *n, size_t funcs, size_t strings, size_t bytes)
{
	size_t need = (size_t)n->nfuncs + funcs, slots = 2048;

	if (need >= NO_ID - 1 || strtab_reserve_interned(&n->strs, strings, bytes) < 0)
		return -1;
	if (need > n->cap_funcs) {
		size_t ncap = need > (size_t)n->cap_funcs * 2 ? need : (size_t)n->cap_funcs * 2;
		struct fkey *nk;
		if (ncap >= NO_ID)
			ncap = need;
		nk = bigmem_realloc(n->keys, (size_t)n->nfuncs * sizeof *nk, ncap * sizeof *nk);
		if (!nk)
			return -1;
		n->keys = nk;
		n->cap_funcs = (uint32_t)ncap;
	}
	while (!hash_has_room(need, slots))
		slots *= 2;
	if (!n->key_hash || slots > (size_t)n->key_hash_mask + 1)
		return key_rehash(n, (uint32_t)slots);
	return 0;
}

/* The slot holding the key, or the empty slot where it belongs. */
static uint32_t key_probe(const struct names *n, uint32_t file, int64_t line, uint32_t name,
			  uint32_t h)
{
	uint32_t s;

	for (s = h & n->key_hash_mask; n->key_hash[s]; s = (s + 1) & n->key_hash_mask) {
		uint64_t slot = n->key_hash[s];
		const struct fkey *k = &n->keys[(uint32_t)slot - 1];
		if ((uint32_t)(slot >> 32) == h && k->file == file && k->name == name && k->line == line)
			break;
	}
	return s;
}

static uint32_t new_key(struct names *n, uint32_t file, int64_t line, uint32_t name)
{
	uint32_t id = n->nfuncs++;

	n->keys[id].file = file;
	n->keys[id].name = name;
	n->keys[id].line = line;
	if (file >= n->key_strs)
		n->key_strs = file + 1;
	if (name >= n->key_strs)
		n->key_strs = name + 1;
	return id;
}

/*
 * A key naming a string no key has named is new: it is given its id at
 * once, and its slot (a cache miss at random: most keys of a dump are met
 * once, with a fresh name) is only prefetched, to be filled some keys
 * later, when the miss is over.
 */
static uint32_t new_key_pending(struct names *n, uint32_t file, int64_t line, uint32_t name)
{
	uint32_t id = new_key(n, file, line, name);

	__builtin_prefetch(&n->key_hash[key_hash(file, line, name) & n->key_hash_mask], 1);
	if (n->npending == NAMES_KEY_PENDING) {
		key_place(n, n->key_pending[0]);
		memmove(n->key_pending, n->key_pending + 1,
			(NAMES_KEY_PENDING - 1) * sizeof *n->key_pending);
		n->npending--;
	}
	n->key_pending[n->npending++] = id;
	return id;
}

void names_replay_start(struct names *n)
{
	uint32_t *t = n->prev;
	size_t cap = n->cap_prev;

	n->prev = n->calls;
	n->cap_prev = n->cap_calls;
	n->nprev = n->ncalls;
	n->calls = t;
	n->cap_calls = cap;
	n->ncalls = n->prev_at = n->calls_hit = 0;
	n->replay = n->nfuncs ? 0 : NO_ID;
	strtab_replay_start(&n->strs);
}

/* The key found at id: the one expected next follows it. */
static uint32_t replay_take(struct names *n, uint32_t id)
{
	if (n->replay != NO_ID && id >= n->replay)
		n->replay = id + 1;
	return id;
}

/* The file strings of the keys the replay expects next, fetched ahead: the
 * decoder checks a file name against the expected key's (pstats.c's
 * expected_file) where the string replay cannot (a name met before,
 * written again). */
static inline __attribute__((always_inline)) void replay_ahead(const struct names *n)
{
	const struct strtab *t = &n->strs;

	if (n->replay + 4 < n->nfuncs)
		__builtin_prefetch(&t->ent[n->keys[n->replay + 4].file]);
	if (n->replay + 2 < n->nfuncs)
		__builtin_prefetch(t->bytes + t->ent[n->keys[n->replay + 2].file].off - STRTAB_HEAD);
}

/* How far ahead in the calls expected a key is fetched. */
#define CALLS_AHEAD 8

/* names_func's result, recorded for the next read (keep_calls): ID, or
 * NO_ID when out of memory. */
static uint32_t called(struct names *n, uint32_t id)
{
	if (!n->keep_calls || id == NO_ID)
		return id;
	if (n->ncalls == UINT32_MAX ||
	    grow_array(&n->calls, &n->cap_calls, (size_t)n->ncalls + 1, sizeof *n->calls, 1024) < 0)
		return NO_ID;
	n->calls[n->ncalls++] = id;
	return id;
}

static uint32_t func_of(struct names *n, uint32_t file, int64_t line, uint32_t name);

/* Whether the call expected at AT (of the last read) is this key's: 1,
 * and prev_at past it, or 0.  The replay's next key is left to func_of,
 * which fetches ahead for the replay. */
static int expected(struct names *n, uint32_t at, uint32_t file, int64_t line, uint32_t name,
		    uint32_t *id)
{
	*id = n->prev[at];
	if (*id >= n->nfuncs || *id == n->replay || n->keys[*id].file != file ||
	    n->keys[*id].name != name || n->keys[*id].line != line)
		return 0;
	n->prev_at = at + 1;
	n->calls_hit++;
	return 1;
}

uint32_t names_func(struct names *n, uint32_t file, int64_t line, uint32_t name)
{
	uint32_t at = n->prev_at, had = n->nfuncs, id, skip;

	if (at + CALLS_AHEAD < n->nprev && n->prev[at + CALLS_AHEAD] < n->nfuncs)
		__builtin_prefetch(&n->keys[n->prev[at + CALLS_AHEAD]]);
	/* the call expected, or the one after it (a call dropped) */
	for (skip = 0; skip < 2 && at + skip < n->nprev; skip++)
		if (expected(n, at + skip, file, line, name, &id))
			return called(n, replay_take(n, id));
	id = func_of(n, file, line, name);
	if (id == NO_ID || at >= n->nprev)
		return called(n, id);
	for (skip = 0; skip < 2 && at + skip < n->nprev; skip++)
		if (id == n->prev[at + skip]) {         /* the replay's key */
			n->prev_at = at + skip + 1;
			n->calls_hit++;
			return called(n, id);
		}
	if (id < had)           /* a key met before in place of the expected */
		n->prev_at = at + 1;
	return called(n, id);   /* a new key: the expected call may come next */
}

static uint32_t func_of(struct names *n, uint32_t file, int64_t line, uint32_t name)
{
	uint32_t h, s, id;

	if (n->replay < n->nfuncs) {
		const struct fkey *k = &n->keys[n->replay];
		if (k->file == file && k->name == name && k->line == line) {
			replay_ahead(n);
			return n->replay++;
		}
	}
	if (key_reserve(n) < 0)
		return NO_ID;
	if (file >= n->key_strs || name >= n->key_strs)
		return new_key_pending(n, file, line, name);
	key_flush(n);
	h = key_hash(file, line, name);
	s = key_probe(n, file, line, name, h);
	if (n->key_hash[s])
		return replay_take(n, (uint32_t)n->key_hash[s] - 1);
	id = new_key(n, file, line, name);
	n->key_hash[s] = (uint64_t)h << 32 | (id + 1);
	return id;
}

uint32_t names_find(const struct names *n, uint32_t file, int64_t line, uint32_t name)
{
	uint32_t s;
	unsigned i;

	if (!n->key_hash)
		return NO_ID;
	s = key_probe(n, file, line, name, key_hash(file, line, name));
	if (n->key_hash[s])
		return (uint32_t)n->key_hash[s] - 1;
	for (i = 0; i < n->npending; i++) {
		const struct fkey *k = &n->keys[n->key_pending[i]];
		if (k->file == file && k->name == name && k->line == line)
			return n->key_pending[i];
	}
	return NO_ID;
}

static int is_builtin(const struct names *n, const struct fkey *k)
{
	return k->line == 0 && strtab_len(&n->strs, k->file) == 1 &&
	       strtab_get(&n->strs, k->file)[0] == '~';
}

int names_std_builtin(const struct names *n, uint32_t id)
{
	return is_builtin(n, &n->keys[id]);
}

/* ":%d(" for the line, as snprintf would write it, without its cost (a
 * 200k-function dump formats them all at the first sort by name). */
static size_t format_line(char *out, int64_t line)
{
	char digits[24];
	uint64_t u = line < 0 ? -(uint64_t)line : (uint64_t)line;
	size_t n = 0, len = 0;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	out[len++] = ':';
	if (line < 0)
		out[len++] = '-';
	while (n)
		out[len++] = digits[--n];
	out[len++] = '(';
	return len;
}

/* func_std_string(id) into *buf (grown as needed); returns its length, or
 * (size_t)-1 when out of memory. */
static size_t format_std(const struct names *n, uint32_t id, char **buf, size_t *cap)
{
	const struct fkey *k = &n->keys[id];
	const char *name = strtab_get(&n->strs, k->name);
	size_t nlen = strtab_len(&n->strs, k->name);
	size_t flen = strtab_len(&n->strs, k->file), len;
	int builtin = is_builtin(n, k);

	if (*cap < flen + nlen + 32) {
		char *nb = realloc(*buf, flen + nlen + 32);
		if (!nb)
			return (size_t)-1;
		*buf = nb;
		*cap = flen + nlen + 32;
	}
	if (builtin && nlen >= 1 && name[0] == '<' && name[nlen - 1] == '>') {
		size_t inner = nlen >= 2 ? nlen - 2 : 0;
		(*buf)[0] = '{';
		memcpy(*buf + 1, name + 1, inner);
		(*buf)[inner + 1] = '}';
		len = inner + 2;
	} else if (builtin) {
		memcpy(*buf, name, nlen);
		len = nlen;
	} else {
		memcpy(*buf, strtab_get(&n->strs, k->file), flen);
		len = flen + format_line(*buf + flen, k->line);
		memcpy(*buf + len, name, nlen);
		len += nlen;
		(*buf)[len++] = ')';
	}
	(*buf)[len] = 0;
	return len;
}

size_t names_std_format(const struct names *n, uint32_t id, char **buf, size_t *cap)
{
	return format_std(n, id, buf, cap);
}

static uint32_t build_std(struct names *n, uint32_t id)
{
	size_t len = format_std(n, id, &n->scratch, &n->scratch_cap);

	/* Appended, not interned: nothing looks the forms up by content. */
	return len == (size_t)-1 ? NO_ID : strtab_append(&n->std, n->scratch, len);
}

/* Bytes (NULs included) the forms not built yet would take, and how many. */
static size_t std_missing(const struct names *n, size_t *count)
{
	size_t total = 0;
	uint32_t id;

	*count = 0;
	for (id = 0; id < n->nfuncs; id++) {
		const struct fkey *k = &n->keys[id];
		if (n->std_id[id] != NO_ID)
			continue;
		total += strtab_len(&n->strs, k->file) + strtab_len(&n->strs, k->name) + 25;
		++*count;
	}
	return total;
}

/* Past this, forms are formatted on demand into a ring of buffers instead of
 * cached: a dump sharing one huge file name among many functions must not
 * make memory grow with their product. */
static size_t std_budget(const struct names *n)
{
	return ((size_t)64 << 20) + 8 * n->strs.len;
}

static const char *std_uncached(struct names *n, uint32_t id, uint32_t *len)
{
	unsigned slot = n->ring_next++ % NAMES_STD_RING;
	size_t l = format_std(n, id, &n->ring[slot], &n->ring_cap[slot]);

	if (l == (size_t)-1) {
		n->std_failed = 1;
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = (uint32_t)l;
	return n->ring[slot];
}

/* std_id covers every id. */
static int std_ids(struct names *n)
{
	if (n->nstd < n->nfuncs) {
		uint32_t *ns = realloc(n->std_id, (size_t)n->cap_funcs * sizeof *ns);
		if (!ns)
			return -1;
		n->std_id = ns;
		for (; n->nstd < n->nfuncs; n->nstd++)
			ns[n->nstd] = NO_ID;
	}
	return 0;
}

/* Room for the forms of every id known now, or the switch to formatting on
 * demand when they would pass the budget. */
static int std_make_room(struct names *n)
{
	size_t count, bytes = std_missing(n, &count);

	if (n->std.len + bytes > std_budget(n)) {
		n->std_uncached = 1;
		return 0;
	}
	if (strtab_reserve(&n->std, count, bytes) < 0)
		return -1;
	n->std_room = n->nfuncs;
	return 0;
}

int names_std_stable(struct names *n)
{
	if (std_ids(n) < 0 || (!n->std_uncached && n->std_room < n->nfuncs && std_make_room(n) < 0))
		return -1;
	return n->std_uncached ? -1 : 0;
}

static const char *whole_std(struct names *n, uint32_t id, uint32_t *len);

/* The shown form is a suffix of the whole one, the file's head cut: one
 * cache serves every showing (a builtin's file, "~", has no head). */
const char *names_std(struct names *n, uint32_t id, uint32_t *len)
{
	uint32_t l, file = n->keys[id].file;
	uint32_t off = n->shown_start && file < n->nshown ? n->shown_start[file] : 0;
	const char *whole = whole_std(n, id, &l);

	if (off > l)         /* "" for want of memory */
		off = 0;
	if (len)
		*len = l - off;
	return whole + off;
}

static const char *whole_std(struct names *n, uint32_t id, uint32_t *len)
{
	if (std_ids(n) < 0)
		goto fail;
	if (n->std_uncached)
		return std_uncached(n, id, len);
	if (n->std_id[id] == NO_ID) {
		/* Built one at a time as asked for (a report of 40 lines formats
		 * 40), into room reserved for every function known now: appending
		 * never moves n->std's bytes, and callers hold one result while
		 * asking for another (a sort by stdname holds them all), so no
		 * call moves them until a new function key appears. */
		if (n->std_room < n->nfuncs && std_make_room(n) < 0)
			goto fail;
		if (n->std_uncached)
			return std_uncached(n, id, len);
		if ((n->std_id[id] = build_std(n, id)) == NO_ID)
			goto fail;
	}
	if (len)
		*len = strtab_len(&n->std, n->std_id[id]);
	return strtab_get(&n->std, n->std_id[id]);
fail:
	n->std_failed = 1;
	if (len)
		*len = 0;
	return "";
}

int names_std_build(struct names *n, const uint32_t *ids, size_t count)
{
	uint8_t *want;
	uint32_t id;
	size_t i;

	if (names_std_stable(n) < 0)
		return 0;            /* formatted on demand: nothing to build */
	want = calloc((size_t)n->nfuncs + 1, 1);
	if (!want)
		return -1;
	for (i = 0; i < count; i++)
		if (ids[i] < n->nfuncs && n->std_id[ids[i]] == NO_ID)
			want[ids[i]] = 1;
	/* In id order: keys, and the strings interned as they were met, are
	 * then read in the order they lie in memory. */
	for (id = 0; id < n->nfuncs; id++)
		if (want[id] && (n->std_id[id] = build_std(n, id)) == NO_ID) {
			n->std_failed = 1;
			break;
		}
	free(want);
	return n->std_failed ? -1 : 0;
}

void names_show_files(struct names *n, const uint32_t *start, uint32_t count)
{
	count = start ? count : 0;
	if (start == n->shown_start && count == n->nshown)
		return;
	n->shown_start = start;
	n->nshown = count;
	n->shown_gen++;         /* what a sort kept of the files is stale */
}

int names_check(const struct names *n, struct err *e)
{
	if (!n->std_failed)
		return 0;
	err_at(e, "", -1, "out of memory");
	return -1;
}

/* Characters of "%" PRId64 for x. */
static size_t decimal_width(int64_t x)
{
	uint64_t u = x < 0 ? -(uint64_t)x : (uint64_t)x;
	size_t w = x < 0 ? 2 : 1;

	for (; u >= 10; u /= 10)
		w++;
	return w;
}

size_t names_std_len(const struct names *n, uint32_t id)
{
	const struct fkey *k = &n->keys[id];
	size_t nlen = strtab_len(&n->strs, k->name);
	uint32_t flen;

	if (is_builtin(n, k))
		return nlen;
	(void)names_shown_file(n, k->file, &flen);
	return flen + nlen + decimal_width(k->line) + 3;
}

size_t names_std_width(const struct names *n, uint32_t id)
{
	const struct fkey *k = &n->keys[id];
	uint32_t nlen = strtab_len(&n->strs, k->name);
	size_t w = utf8_width(strtab_get(&n->strs, k->name), nlen);

	uint32_t flen;
	const char *file;

	/* "{inner}" for "<inner>" has as many code points as the name. */
	if (is_builtin(n, k))
		return w;
	file = names_shown_file(n, k->file, &flen);
	w += utf8_width(file, flen);
	return w + decimal_width(k->line) + 3;     /* ":" "(" ")" */
}
