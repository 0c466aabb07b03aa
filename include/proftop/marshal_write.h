/*
 * A writer for Python's marshal format, versions 0-4, producing what
 * CPython's marshal.dumps does for the types pstats uses: ints, floats,
 * strings, tuples and dicts.  The caller decides what is shared: an object
 * written with `flag` gets a reference slot (version 3 and later, as
 * FLAG_REF) that mwriter_ref can point back to.
 *
 *   version 0/1: floats as text ('f'); 2: binary floats ('g');
 *   3: references ('r' + FLAG_REF); 4: short ASCII strings ('z'/'a') and
 *   small tuples (')').  Python 2.7 reads versions 0-2.
 */
#ifndef PROFTOP_MARSHAL_WRITE_H
#define PROFTOP_MARSHAL_WRITE_H

#include <stddef.h>
#include <stdint.h>

#define MARSHAL_VERSION_MAX 4

struct mwriter {
	unsigned char *buf;
	size_t len, cap;
	int version;
	int failed;          /* out of memory: everything after is dropped */
	uint32_t nrefs;      /* reference slots given so far */
};

void mwriter_init(struct mwriter *w, int version);
void mwriter_free(struct mwriter *w);

/* Whether this version has references. */
static inline int mwriter_has_refs(const struct mwriter *w)
{
	return w->version >= 3;
}

void mwriter_int(struct mwriter *w, int64_t v);
void mwriter_bool(struct mwriter *w, int v);
void mwriter_float(struct mwriter *w, double v);
/* Text: 'z'/'a' (ASCII, v4), 'u' (UTF-8); bytes that are not UTF-8, and
 * every string in versions 0-2 (Python 2's str), as 's'.
 * This and mwriter_tuple return the reference slot given (flag, version 3
 * and later) or UINT32_MAX. */
uint32_t mwriter_str(struct mwriter *w, const char *s, size_t len, int flag);
uint32_t mwriter_tuple(struct mwriter *w, uint32_t n, int flag);
void mwriter_dict_begin(struct mwriter *w);
void mwriter_dict_end(struct mwriter *w);
/* A back-reference to a slot (version 3 and later only). */
void mwriter_ref(struct mwriter *w, uint32_t slot);

#endif
