/* String interning: each distinct string stored once, addressed by id. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/bigmem.h"
#include "proftop/hash.h"
#include "proftop/strtab.h"

/* Keyed: a forged dump cannot choose names that all collide (hash.h). */
uint32_t strtab_hash(const char *s, size_t len)
{
	return (uint32_t)hash_bytes_keyed(s, len);
}

/*
 * Slots keep the hash beside where the string's bytes are, so that probing
 * and growing touch only the table, and a string whose hash matches is
 * checked with one more cache miss: its id and length are written just
 * before its bytes (STR_HEAD), not looked up in ent[] (a second miss, per
 * repeated string of a dump).  Offsets are never 0 (the header comes
 * first), so 0 is an empty slot.
 */
#define STR_HEAD STRTAB_HEAD

static uint64_t make_slot(uint32_t h, size_t off)
{
	return (uint64_t)h << 32 | (uint32_t)off;
}

static uint32_t head_word(const struct strtab *t, uint32_t off, unsigned which)
{
	uint32_t w;

	memcpy(&w, t->bytes + off - STR_HEAD + 4 * which, sizeof w);
	return w;
}

/* The id of the string at a slot. */
static uint32_t slot_id(const struct strtab *t, uint64_t slot)
{
	return head_word(t, (uint32_t)slot, 0);
}

/* The slot after K, wrapping. */
static uint32_t next_slot(const struct strtab *t, uint32_t k)
{
	return k + 1 == t->hash_slots ? 0 : k + 1;
}

static int rehash(struct strtab *t, size_t nslots)
{
	struct strtab old = *t;
	uint64_t *nh;
	uint32_t i;

	if (nslots > UINT32_MAX || !(nh = bigmem_calloc(nslots * sizeof *nh, 1)))
		return -1;
	t->hash = nh;
	t->hash_slots = (uint32_t)nslots;
	for (i = 0; old.hash && i < old.hash_slots; i++) {
		uint64_t slot = old.hash[i];
		uint32_t k;
		if (!slot)
			continue;
		for (k = strtab_home(t, (uint32_t)(slot >> 32)); nh[k]; k = next_slot(t, k))
			;
		nh[k] = slot;
	}
	free(old.hash);
	return 0;
}

/* The id arrays grown to IDS entries and the bytes to BYTES, where short. */
static int grow_to(struct strtab *t, size_t ids, size_t bytes)
{
	if (ids > t->cap_ids) {
		struct strent *ne;
		if (ids >= UINT32_MAX)
			return -1;
		ne = bigmem_realloc(t->ent, (size_t)t->count * sizeof *ne, ids * sizeof *ne);
		if (!ne)
			return -1;
		t->ent = ne;
		t->cap_ids = (uint32_t)ids;
	}
	if (bytes > t->cap) {
		char *nb;
		if (bytes > UINT32_MAX)
			return -1;
		/* what append zeroed past the end is kept (strtab_append) */
		nb = bigmem_realloc(t->bytes, t->cap - t->len < 64 ? t->cap : t->len + 64, bytes);
		if (!nb)
			return -1;
		t->bytes = nb;
		t->cap = bytes;
	}
	return 0;
}

/* Room for one more string of LEN bytes (not the hash table), doubling. */
static int reserve_space(struct strtab *t, size_t len)
{
	size_t ids = t->cap_ids, bytes = t->cap ? t->cap : 4096;

	if (t->count == t->cap_ids)
		ids = t->cap_ids ? (size_t)t->cap_ids * 2 : 256;
	while (bytes < t->len + STR_HEAD + len + 1)
		bytes *= 2;
	return grow_to(t, ids, bytes);
}

static int reserve(struct strtab *t, size_t len)
{
	if (reserve_space(t, len) < 0)
		return -1;
	if (!t->hash || !hash_has_room(t->count + 1, t->hash_slots))
		return rehash(t, t->hash ? (size_t)t->hash_slots * 2 : 1024);
	return 0;
}

int strtab_reserve(struct strtab *t, size_t count, size_t bytes)
{
	return grow_to(t, t->count + count, t->len + bytes + count * STR_HEAD);
}

/* The slots that keep COUNT entries within the load: whole cache lines
 * of them, no fewer than a first table's. */
static size_t slots_for(size_t count)
{
	size_t n = count / 7 * 10 + 10;

	n = (n + 7) / 8 * 8;
	return n < 1024 ? 1024 : n;
}

int strtab_reserve_interned(struct strtab *t, size_t count, size_t bytes)
{
	size_t slots = slots_for(t->count + count), ids = t->count + count;

	if (count >= UINT32_MAX / 2)
		return -1;
	bytes += count * STR_HEAD;
	/* Doubling, so that many small reservations stay linear. */
	if (ids > t->cap_ids && ids < (size_t)t->cap_ids * 2)
		ids = (size_t)t->cap_ids * 2;
	if (t->len + bytes > t->cap && t->len + bytes < t->cap * 2)
		bytes = t->cap * 2 - t->len;
	if (grow_to(t, ids, t->len + bytes) < 0)
		return -1;
	if (!t->hash || slots > t->hash_slots)
		return rehash(t, slots);
	return 0;
}

/* A new string at the end of the bytes (room reserved), after its header. */
static uint32_t store(struct strtab *t, const char *s, size_t len)
{
	uint32_t id = t->count++, head[2] = { id, (uint32_t)len };

	memcpy(t->bytes + t->len, head, sizeof head);
	t->len += STR_HEAD;
	t->ent[id].off = (uint32_t)t->len;
	t->ent[id].len = (uint32_t)len;
	memcpy(t->bytes + t->len, s, len);
	t->bytes[t->len + len] = 0;
	t->len += len + 1;
	return id;
}

uint32_t strtab_append(struct strtab *t, const char *s, size_t len)
{
	uint32_t id;

	if (t->hash || len >= UINT32_MAX || reserve_space(t, len) < 0)
		return NO_ID;
	id = store(t, s, len);
	/* The room after the last string was reserved, never written; PCRE2's
	 * JIT reads a little past a subject's end (harmlessly, but valgrind
	 * says it depends on uninitialised bytes): keep some of it zeroed. */
	memset(t->bytes + t->len, 0, t->cap - t->len < 64 ? t->cap - t->len : 64);
	return id;
}

/* The slot holding S, or the empty slot where it belongs. */
static uint32_t probe(const struct strtab *t, const char *s, size_t len, uint32_t h)
{
	uint32_t k;

	for (k = strtab_home(t, h); t->hash[k]; k = next_slot(t, k)) {
		uint64_t slot = t->hash[k];
		uint32_t off = (uint32_t)slot;
		if ((uint32_t)(slot >> 32) == h && head_word(t, off, 1) == len &&
		    memcmp(t->bytes + off, s, len) == 0)
			break;
	}
	return k;
}

void strtab_prefetch_match(const struct strtab *t, uint32_t h)
{
	uint64_t slot;

	if (!t->hash)
		return;
	slot = t->hash[strtab_home(t, h)];
	if (slot && (uint32_t)(slot >> 32) == h) {
		/* the header and the first bytes; a long path's next line too */
		__builtin_prefetch(t->bytes + (uint32_t)slot - STR_HEAD);
		__builtin_prefetch(t->bytes + (uint32_t)slot - STR_HEAD + 64);
	}
}

uint32_t strtab_intern(struct strtab *t, const char *s, size_t len)
{
	return strtab_intern_hashed(t, s, len, len < UINT32_MAX ? strtab_hash(s, len) : 0);
}

uint32_t strtab_intern_hashed(struct strtab *t, const char *s, size_t len, uint32_t h)
{
	uint32_t k, id;
	/* s may point into the table itself (a basename of an interned path):
	 * reserve() can move the bytes, so keep its offset, not the pointer. */
	size_t inside = t->bytes && s >= t->bytes && s < t->bytes + t->len ? (size_t)(s - t->bytes) + 1 : 0;

	if (len >= UINT32_MAX || reserve(t, len) < 0)
		return NO_ID;
	if (inside)
		s = t->bytes + inside - 1;
	if ((id = strtab_replay_peek(t, s, (uint32_t)len)) != NO_ID) {
		strtab_replay_take(t, id);
		return id;
	}
	k = probe(t, s, len, h);
	if (t->hash[k]) {
		id = slot_id(t, t->hash[k]);
		strtab_replay_take(t, id);
		return id;
	}
	id = store(t, s, len);
	t->hash[k] = make_slot(h, t->ent[id].off);
	return id;
}

void strtab_replay_start(struct strtab *t)
{
	t->replay = t->count ? t->ent[0].off : 0;
}

uint32_t strtab_find(const struct strtab *t, const char *s, size_t len)
{
	uint32_t k;

	if (!t->hash || len >= UINT32_MAX)
		return NO_ID;
	k = probe(t, s, len, strtab_hash(s, len));
	return t->hash[k] ? slot_id(t, t->hash[k]) : NO_ID;
}

void strtab_free(struct strtab *t)
{
	free(t->bytes);
	free(t->ent);
	free(t->hash);
	memset(t, 0, sizeof *t);
}
