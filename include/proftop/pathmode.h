/*
 * How file names are shown: in full, stripped to the base name (pstats'
 * strip_dirs(), which merges functions), or as unique tails (paths.h: the
 * shortest suffix that keeps every file apart, which merges nothing).  The
 * table, --print and the dot labels all take one of these.
 */
#ifndef PROFTOP_PATHMODE_H
#define PROFTOP_PATHMODE_H

#include <stdint.h>

#include "proftop/paths.h"
#include "proftop/profile.h"

enum path_mode { PATH_FULL, PATH_SHORT, PATH_UNIQUE };

/* "full", "short", "unique" -> mode; -1 when unknown. */
int path_mode_parse(const char *name, enum path_mode *mode);
const char *path_mode_name(enum path_mode mode);
/* The mode after `m` in the `p` key's cycle: full -> unique -> short -> full. */
enum path_mode path_mode_next(enum path_mode m);

/*
 * *dst (initialised here, same names table) becomes a copy of src whose
 * file names are their unique tails.  Tails differ per file, so function
 * keys map one to one: the order, totals and edges stay as they are.
 * *map (malloc'd, cap entries, one per function id at the time): src id ->
 * dst id, NO_ID for ids src does not use.  0, or -1 when out of memory.
 */
int pathmode_unique_copy(struct profile *dst, const struct profile *src, uint32_t **map,
			uint32_t *cap);

/*
 * The same copy in two steps, for the table: the functions at once (what
 * the table shows), their callers when first needed (the detail view, the
 * call tree, the exports): a path mode then costs the stats, not a second
 * copy of every edge.  pathmode_unique_begin is pathmode_unique_copy without
 * the edges while uc->pending; pathmode_unique_edges adds them (0, or -1
 * when out of memory) and frees uc.  src and *map must stay as they are in
 * between.
 */
struct unique_copy {
	int pending;
	const struct profile *src;
	uint32_t *map;
	struct unique_paths tails;
	uint32_t *tail_id;       /* per file string id: its tail's, NO_ID not yet */
	uint32_t ntail;
};
int pathmode_unique_begin(struct profile *dst, const struct profile *src, uint32_t **map,
			 uint32_t *cap, struct unique_copy *uc);
int pathmode_unique_edges(struct profile *dst, struct unique_copy *uc);
void pathmode_unique_free(struct unique_copy *uc);

/* Replaces p by its unique-tail copy.  0, or -1 when out of memory. */
int profile_make_unique(struct profile *p);

#endif
