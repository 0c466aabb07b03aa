/* The string table: interning across growth, and its hash table sized to
 * what is reserved, not to the next power of two. */
#include "autoconfig.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "proftop/strtab.h"

/* Bytes the allocator holds in blocks of their own (the big tables). */
static size_t big_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.hblkhd;
}

static void interning(void)
{
	struct strtab t;
	char buf[32];
	uint32_t i, ok = 1, found = 1;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 20000; i++) {
		snprintf(buf, sizeof buf, "s%u", i);
		ok &= strtab_intern(&t, buf, strlen(buf)) == i;
		if (i == 3001)   /* a table of no power of two, then growth */
			ok &= strtab_reserve_interned(&t, 777, 7000) == 0;
	}
	CHECK("interning: dense ids in order, across reserves and growth", ok);
	for (i = 0; i < 20000; i++) {
		snprintf(buf, sizeof buf, "s%u", i);
		found &= strtab_find(&t, buf, strlen(buf)) == i &&
			 strtab_intern(&t, buf, strlen(buf)) == i &&
			 strcmp(strtab_get(&t, i), buf) == 0;
	}
	CHECK("interning: every string found again, once", found && t.count == 20000);
	CHECK("interning: an absent string is not found", strtab_find(&t, "s20000", 6) == NO_ID);
	strtab_free(&t);
}

/*
 * A dump's strings are reserved for at once (a 1M-function dump: 1.5M):
 * its hash table, zeroed at once and probed at random, is then what that
 * many strings need at the table's load, not up to twice it rounded to a
 * power of two (32 MB instead of 17 MB at 1.5M strings).
 */
static void sizing(void)
{
	const size_t count = 750000, need = count * 8 * 10 / 7;
	struct strtab t;
	size_t before, grew;

	memset(&t, 0, sizeof t);
	/* the ids and bytes first: what follows is the hash table's */
	CHECK("sizing: a first string, room for more",
	      strtab_intern(&t, "a", 1) == 0 && strtab_reserve(&t, count, 0) == 0);
	before = big_bytes();
	CHECK("sizing: reserved", strtab_reserve_interned(&t, count, 0) == 0);
	grew = big_bytes() - before;
	if (grew == 0) {
		printf("SKIP: sizing: the hash table's size: this allocator counts no blocks (a sanitizer's)\n");
	} else {
		if (grew > need + need / 8 + ((size_t)4 << 20))
			printf("  %zu strings: the table took %zu bytes, %zu needed\n", count, grew, need);
		CHECK("sizing: the hash table as big as the strings need, no power of two",
		      grew >= need && grew <= need + need / 8 + ((size_t)4 << 20));
	}
	CHECK("sizing: still interning", strtab_intern(&t, "b", 1) == 1 && strtab_find(&t, "a", 1) == 0);
	strtab_free(&t);
}

/* Strings met again in the order stored are taken from the replay; any
 * other is looked up, and the replay goes on after what was found. */
static void replaying(void)
{
	static const char *s[] = { "f0_11", "f0_1", "m.py", "f0_1x", "" };
	struct strtab t;
	uint32_t i, ok = 1;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 5; i++)
		ok &= strtab_intern(&t, s[i], strlen(s[i])) == i;
	strtab_replay_start(&t);
	CHECK("replay: starts at the first string", strtab_replay_peek(&t, "f0_11", 5) == 0);
	CHECK("replay: a string that begins the expected one is not it",
	      strtab_replay_peek(&t, "f0_1", 4) == NO_ID && strtab_intern(&t, "f0_1", 4) == 1);
	CHECK("replay: goes on after the one found", strtab_replay_peek(&t, "m.py", 4) == 2);
	CHECK("replay: one the expected one begins is not it either",
	      strtab_intern(&t, "m.p", 3) == 5 && strtab_replay_peek(&t, "m.py", 4) == 2);
	for (i = 2; i < 5; i++)
		ok &= strtab_intern(&t, s[i], strlen(s[i])) == i;
	ok &= strtab_intern(&t, "f0_11", 5) == 0;      /* behind: looked up */
	CHECK("replay: the rest in order, then one met before, each its own id",
	      ok && t.count == 6);
	strtab_free(&t);
}

int main(void)
{
	interning();
	sizing();
	replaying();
	return CHECK_DONE();
}
