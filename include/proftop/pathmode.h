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
 * Short paths over src's own ids, for the table: the names show each file
 * from its base name on (names_show_files(n, start, nstart)), and the
 * functions whose keys then read alike (strip_dirs() merges them) are one,
 * shown as the first of them in dict order, with their stats summed.  No
 * key is added to the names.  short_paths_stats makes *dst the stats alone
 * (initialised here), mapping src's functions; short_paths_edges replaces
 * *dst with the whole form, callers mapped too (when something reads them).
 * 0, or -1 when out of memory (then short_paths_stats has freed dst and s).
 */
struct short_paths {
	uint32_t *start;   /* per string id: where its base name starts */
	uint32_t nstart;
	uint32_t *map;     /* src id -> shown id, NO_ID not mapped */
	uint32_t nmap;
};
int short_paths_stats(struct profile *dst, const struct profile *src, struct short_paths *s);
int short_paths_edges(struct profile *dst, const struct profile *src, struct short_paths *s);
void short_paths_free(struct short_paths *s);

/* Replaces p by its unique-tail copy.  0, or -1 when out of memory. */
int profile_make_unique(struct profile *p);

#endif
