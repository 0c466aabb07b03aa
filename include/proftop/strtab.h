/* Interned strings: each stored once, named by a dense id. */
#ifndef PROFTOP_STRTAB_H
#define PROFTOP_STRTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NO_ID UINT32_MAX

struct strent {
	uint32_t off, len;
};

struct strtab {
	char *bytes;            /* every string, each followed by a NUL */
	size_t len, cap;
	struct strent *ent;     /* id -> where in bytes, how long: side by side,
				 * one cache miss to check an interned string */
	uint32_t count, cap_ids;
	uint64_t *hash;         /* open addressing: hash << 32 | offset in bytes,
				 * 0 = empty; each string's id and length are
				 * written just before its bytes */
	uint32_t hash_slots;    /* any number: sized to what a dump needs, not
				 * to the next power of two (up to twice that) */
	uint32_t replay;        /* strtab_replay_start: where the string met
				 * next is expected (bytes offset), 0 for none */
};

/* Each string's id and length lie just before its bytes (strtab.c). */
#define STRTAB_HEAD 8

/*
 * Strings are stored in the order first met.  A reload of a dump meets
 * them in that order again: each is then checked against the string after
 * the last one met (bytes read in the order they lie), not looked up in
 * the hash table (two cache misses at random).  strtab_replay_start
 * expects the first string; a lookup that finds one further on goes on
 * from there.
 */
void strtab_replay_start(struct strtab *t);
/* The id of S if it is the string stored at byte AT (a replay's place),
 * else NO_ID. */
static inline uint32_t strtab_replay_peek_at(const struct strtab *t, uint32_t at, const char *s,
					     uint32_t len)
{
	uint32_t w[2];

	if (!at || at >= t->len || !t->bytes)
		return NO_ID;
	memcpy(w, t->bytes + at - STRTAB_HEAD, sizeof w);
	return w[1] == len && (!len || memcmp(t->bytes + at, s, len) == 0) ? w[0] : NO_ID;
}
/* The id of S if it is the string expected next, else NO_ID; then
 * strtab_replay_take(t, id) when S is taken as that string. */
static inline uint32_t strtab_replay_peek(const struct strtab *t, const char *s, uint32_t len)
{
	return strtab_replay_peek_at(t, t->replay, s, len);
}
static inline void strtab_replay_take(struct strtab *t, uint32_t id)
{
	/* no replay (a first read): nothing more is read */
	if (t->replay && t->ent[id].off >= t->replay)
		t->replay = t->ent[id].off + t->ent[id].len + 1 + STRTAB_HEAD;
}

/* The slot a hash starts probing at: H scaled to the table, where a mask
 * would need a power of two of slots. */
static inline uint32_t strtab_home(const struct strtab *t, uint32_t h)
{
	return (uint32_t)((uint64_t)h * t->hash_slots >> 32);
}

uint32_t strtab_intern(struct strtab *t, const char *s, size_t len);
/*
 * Interning in steps, for a reader that meets several strings at once (a
 * function key's file and name): each string's slot in the hash table is a
 * cache miss at random, and one checked already there another.  Hashing
 * every string first, then prefetching its slot, then (once the slots have
 * arrived) the bytes of the string a slot names, makes those misses overlap
 * instead of following one another.
 */
uint32_t strtab_hash(const char *s, size_t len);
static inline void strtab_prefetch(const struct strtab *t, uint32_t h)
{
	if (t->hash)
		__builtin_prefetch(&t->hash[strtab_home(t, h)]);
}
/* Reads the slot H starts at (prefetched before) and prefetches the string
 * it names if its hash is H: what strtab_intern_hashed will compare. */
void strtab_prefetch_match(const struct strtab *t, uint32_t h);
/* strtab_intern of S whose strtab_hash is H. */
uint32_t strtab_intern_hashed(struct strtab *t, const char *s, size_t len, uint32_t h);
/* The id of a string already interned, or NO_ID. */
uint32_t strtab_find(const struct strtab *t, const char *s, size_t len);
/* Stores a string without looking for an equal one: for a table only ever
 * appended to (never interned into, which would return NO_ID). */
uint32_t strtab_append(struct strtab *t, const char *s, size_t len);
/* Room for COUNT more strings of BYTES in all (NULs included): appending
 * them will not move the bytes.  0 or -1. */
int strtab_reserve(struct strtab *t, size_t count, size_t bytes);
/* strtab_reserve, and a hash table that COUNT more interned strings will
 * not make grow.  0 or -1. */
int strtab_reserve_interned(struct strtab *t, size_t count, size_t bytes);
void strtab_free(struct strtab *t);
static inline const char *strtab_get(const struct strtab *t, uint32_t id)
{
	return t->bytes + t->ent[id].off;
}
static inline uint32_t strtab_len(const struct strtab *t, uint32_t id)
{
	return t->ent[id].len;
}

#endif
