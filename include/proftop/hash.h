/*
 * Keyed hashing for the interning tables (strings, function keys).
 *
 * Dumps are untrusted.  With a fixed hash function a forged dump can make
 * every string or every (file, line, name) key land in one probe sequence,
 * and loading turns quadratic: 40000 such names took 7 s instead of 0.15 s.
 * So the hash is keyed with a random value chosen once per process.  Ids
 * are dense in insertion order and never depend on the hash, so nothing a
 * user sees does either.
 */
#ifndef PROFTOP_HASH_H
#define PROFTOP_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Random per process, set before main() runs; never changes after. */
extern uint64_t hash_seed;

/* splitmix64's finaliser: a bijection in which every input bit reaches
 * every output bit, so no difference pattern survives it unchanged. */
static inline uint64_t hash_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 31;
	return x;
}

/* Keyed hash of LEN bytes. */
uint64_t hash_bytes_keyed(const void *s, size_t len);

/*
 * Whether an open-addressing table of SLOTS 8-byte slots holds COUNT
 * entries at most 7/10 full: 8 slots share a cache line, so a probe past
 * its first slot mostly stays on that line, and the table (a cache miss at
 * random per lookup) is kept small: at 1M functions, 16 MB instead of the
 * 32 MB that at most half full took.
 */
static inline int hash_has_room(size_t count, size_t slots)
{
	return count * 10 <= slots * 7;
}

#endif
