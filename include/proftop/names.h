/*
 * Function keys (file, line, name) and their strings, interned once and
 * shared by every profile loaded in one run; pstats' standard names of them.
 */
#ifndef PROFTOP_NAMES_H
#define PROFTOP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/strtab.h"

/* (file, line, name): a function key, as pstats keys its dict. */
struct fkey {
	uint32_t file, name;
	int64_t line;
};

#define NAMES_STD_RING 8
#define NAMES_KEY_PENDING 8

/* One sort's keys of every id (query.c), and what they were read from. */
struct names_keys {
	void *key;               /* uint64_t or uint32_t by id; NULL: none */
	uint32_t funcs, strs;    /* nfuncs and strs.count then */
	unsigned shown;          /* shown_gen then */
	uint32_t count;          /* distinct ranks (std_tail) */
};

/* Function keys and their strings; shared by every profile loaded from the
 * same source so that ids stay stable across merges and reloads. */
struct names {
	struct strtab strs;
	struct fkey *keys;       /* id -> key */
	uint32_t nfuncs, cap_funcs;
	uint64_t *key_hash;      /* open addressing: hash << 32 | (id+1), 0 = empty */
	uint32_t key_hash_mask;
	/* names_replay_start: the id of the key expected next (keys, like
	 * strings, come in the order first met), NO_ID for none */
	uint32_t replay;
	/* With keep_calls (live mode's reloads): every names_func result of
	 * the read under way, in call order (calls), and the last read's
	 * (prev), which a reload expects from prev_at on: they name the keys
	 * met again too (a caller key after its stats key), each checked
	 * and fetched ahead instead of a hash lookup at random.  A new key
	 * or a call dropped moves prev_at so that the rest still line up.
	 * calls_hit counts the calls answered so. */
	int keep_calls;
	uint32_t *calls, *prev;
	uint32_t ncalls, nprev, prev_at, calls_hit;
	size_t cap_calls, cap_prev;
	/* Every key's strings have ids below this: a key naming a string at
	 * or past it is new without a look in key_hash. */
	uint32_t key_strs;
	/* Such new keys go in key_hash a few keys later, their slots
	 * prefetched meanwhile (names_func); the ids still out of it: */
	uint32_t key_pending[NAMES_KEY_PENDING];
	unsigned npending;
	/* lazily built func_std_string() forms, by id */
	struct strtab std;
	uint32_t *std_id;
	uint32_t nstd;
	uint32_t std_room;       /* ids whose forms n->std has room reserved for */
	/* when the cache would pass its budget: formatted on demand instead */
	int std_uncached;
	char *ring[NAMES_STD_RING];
	size_t ring_cap[NAMES_STD_RING];
	unsigned ring_next;
	char *scratch;
	size_t scratch_cap;
	/* set when names_std() gave "" for want of memory: what was written
	 * with it is incomplete, and its writer fails */
	int std_failed;

	/* Files shown from a byte on (the table's unique and short paths):
	 * per file string id below nshown, where its shown part starts; NULL
	 * shows them whole. */
	const uint32_t *shown_start;
	uint32_t nshown;
	unsigned shown_gen;          /* changes whenever the showing does */

	/* Sorts' keys of every id (query.c), each derived from all keys at
	 * once and valid while nfuncs and the string count are what they
	 * were then (keys and strings only ever come, never change), and, for
	 * keys that read files, the showing too.  A standard name's keys are
	 * kept for the whole files and for one other showing, so that a path
	 * mode's way back is one radix pass; its name parts' ranks alone are
	 * kept for any showing, so that a new one ranks only files. */
	struct names_keys std_whole, std_shown, std_tail, file_rank, name_rank;
	/* The sorts' scratch (query.c), kept from one sort to the next: a
	 * fresh block's pages were zeroed by the system as each sort wrote
	 * them, a third of a sort by name.  What one sort touched stays
	 * resident; the peak is a sort's own. */
	char *sort_mem;
	size_t sort_mem_cap;
};

void names_init(struct names *n);
void names_free(struct names *n);
/* Room for FUNCS more function keys (and their hash table), and for
 * STRINGS more strings of BYTES in all: sized once from a dump's size, the
 * tables neither copy nor rehash while it is read.  0 or -1. */
int names_reserve(struct names *n, size_t funcs, size_t strings, size_t bytes);
/* A reload of a dump meets its keys and strings in the order they were
 * first met, and each is first checked against the one after the last one
 * met (strtab_replay_start): no hash lookups, memory read in order.  With
 * keep_calls, the keys met again too (see calls). */
void names_replay_start(struct names *n);
/* Interns a function key, returns its id (NO_ID when out of memory). */
uint32_t names_func(struct names *n, uint32_t file, int64_t line, uint32_t name);
/* The id of a function key already interned, or NO_ID. */
uint32_t names_find(const struct names *n, uint32_t file, int64_t line, uint32_t name);
/* Python's len() of names_std(id), computed without building the string. */
size_t names_std_width(const struct names *n, uint32_t id);
/* Its length in bytes: never less than its width, and cheaper (no scan). */
size_t names_std_len(const struct names *n, uint32_t id);
/* "file:line(name)" or "{built-in ...}" as pstats' func_std_string.  The
 * result stays valid until NAMES_STD_RING - 1 more calls (forms are cached
 * unless a hostile dump would make the cache huge). */
const char *names_std(struct names *n, uint32_t id, uint32_t *len);
/* Builds the cached forms of these ids at once, in id order (a sort by
 * stdname reads them all; asked for in sort order, each form cost cache
 * misses on its key and strings).  0, or -1 when out of memory. */
int names_std_build(struct names *n, const uint32_t *ids, size_t count);
/* 1 when names_std(id) is a built-in's "{...}" or bare name, 0 when it is
 * "file:line(name)". */
int names_std_builtin(const struct names *n, uint32_t id);
/* names_std(id) written into *buf (grown as needed, NUL-terminated), not
 * cached: its length, or (size_t)-1 when out of memory. */
size_t names_std_format(const struct names *n, uint32_t id, char **buf, size_t *cap);
/* -1 with e set to "out of memory" once names_std() has failed, else 0. */
int names_check(const struct names *n, struct err *e);
/* 0 when every names_std() result from now on stays valid until a new
 * function key appears (so that a caller may hold them all); -1 when forms
 * are formatted on demand instead, or out of memory. */
int names_std_stable(struct names *n);

/*
 * Shows every file from the byte start[file] on (count entries, per file
 * string id; NULL: whole), in names_std and its lengths, and wherever a
 * file is shown (names_shown_file).  The forms are the whole ones cut:
 * one cache serves every showing, and a showing costs no form.  start must
 * stay as it is while shown.
 */
void names_show_files(struct names *n, const uint32_t *start, uint32_t count);
/* The shown part of file string id. */
static inline const char *names_shown_file(const struct names *n, uint32_t file, uint32_t *len)
{
	uint32_t off = n->shown_start && file < n->nshown ? n->shown_start[file] : 0;

	*len = strtab_len(&n->strs, file) - off;
	return strtab_get(&n->strs, file) + off;
}

/* The file as recorded (where its source lies), whatever is shown. */
static inline const char *func_file(const struct names *n, uint32_t id)
{
	return strtab_get(&n->strs, n->keys[id].file);
}
static inline const char *func_name(const struct names *n, uint32_t id)
{
	return strtab_get(&n->strs, n->keys[id].name);
}

#endif
