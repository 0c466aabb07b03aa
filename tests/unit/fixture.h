/* Profiles built by hand for the unit tests. */
#ifndef PROFTOP_TEST_FIXTURE_H
#define PROFTOP_TEST_FIXTURE_H

#include <string.h>

#include "proftop/profile.h"

/* The id of the function key (FILE, LINE, NAME), interned on first use. */
static inline uint32_t fixture_func(struct names *n, const char *file, int64_t line,
				    const char *name)
{
	uint32_t f = strtab_intern(&n->strs, file, strlen(file));
	uint32_t m = strtab_intern(&n->strs, name, strlen(name));

	return names_func(n, f, line, m);
}

/* That function added to p with NC calls (all primitive), no callers. */
static inline uint32_t fixture_add(struct profile *p, const char *file, int64_t line,
				   const char *name, int64_t nc, double tt, double ct)
{
	uint32_t id = fixture_func(p->names, file, line, name);

	profile_begin(p, id, nc, nc, tt, ct);
	profile_end(p, 0);
	return id;
}

#endif
