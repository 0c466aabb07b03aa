/*
 * Unique short paths: for each file, the shortest tail of whole path
 * components that no other file in the set ends with ("views/__init__.py"
 * when two packages both have an __init__.py).  Display only: nothing is
 * merged, unlike strip_dirs().
 */
#ifndef PROFTOP_PATHS_H
#define PROFTOP_PATHS_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/profile.h"

/* Per string id (a file name), the byte offset where its unique tail starts;
 * 0 for ids that are not files of p. */
struct unique_paths {
	uint32_t *start;
	uint32_t cap;
};

/* Computes the tails for every file of the functions p knows. */
int unique_paths_build(struct unique_paths *u, const struct profile *p);
void unique_paths_free(struct unique_paths *u);
/* The tail of file string id. */
static inline const char *unique_path(const struct unique_paths *u, const struct names *n,
				      uint32_t file, uint32_t *len)
{
	uint32_t off = file < u->cap ? u->start[file] : 0;
	*len = strtab_len(&n->strs, file) - off;
	return strtab_get(&n->strs, file) + off;
}
/* "tail:line(name)" (or the builtin form) into buf; returns its length. */
size_t unique_std_name(const struct unique_paths *u, struct names *n, uint32_t id,
		       char *buf, size_t size);

#endif
