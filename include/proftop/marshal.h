/*
 * A reader for Python's marshal format (versions 0-5, CPython 2.7 and 3.x),
 * driven by the caller's schema: it reads one object header or scalar at a
 * time and never builds a generic object tree.  Strings are interned into a
 * strtab as they are read.  Back-references (FLAG_REF / 'r', and Python 2's
 * interned 'R') resolve to the value recorded for them.
 */
#ifndef PROFTOP_MARSHAL_H
#define PROFTOP_MARSHAL_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/profile.h"

enum mkind {
	MV_NONE,      /* None */
	MV_INT,       /* int, long, bool */
	MV_FLOAT,
	MV_STR,       /* bytes or text: id in the strtab */
	MV_FUNC,      /* a tuple read as a function key: id in struct names */
	MV_STAT,      /* a tuple read as caller stats: index in the reader's stat list */
	MV_TUPLE,     /* header of a tuple or list: n items follow */
	MV_DICT,      /* header of a dict: key/value pairs until MV_END */
	MV_END,       /* the NULL that ends a dict */
	MV_RESERVED,  /* a reference slot whose object is still being read */
	MV_OTHER      /* anything pstats never writes */
};

struct mval {
	uint8_t kind;
	uint8_t type;          /* the marshal type code, without FLAG_REF */
	uint32_t ref;          /* reference slot to fill for a container, or NO_ID */
	size_t offset;         /* where the object starts */
	union {
		int64_t i;
		double f;
		uint32_t id;
		uint32_t n;     /* MV_TUPLE item count */
	} u;
};

struct mref {
	uint8_t kind;
	union {
		int64_t i;
		double f;
		uint32_t id;
	} u;
};

struct mreader {
	const unsigned char *start, *p, *end;
	const char *file;
	struct err *e;
	struct strtab *strs;
	struct mref *refs;
	size_t nrefs, cap_refs;
	uint32_t *interned;    /* Python 2 'R' string references */
	size_t ninterned, cap_interned;
	struct callstat *stats; /* tuples recorded as caller stats, for refs */
	size_t nstats, cap_stats;
};

void mreader_init(struct mreader *r, const void *buf, size_t len,
		  const char *file, struct strtab *strs, struct err *e);
void mreader_free(struct mreader *r);

/* Reads the next object: a scalar whole, a container's header only.
 * A reference resolves to what its slot holds.  Returns 0 or -1 (error set). */
int mreader_next(struct mreader *r, struct mval *v);
/* Records what a container read through its header turned out to be. */
void mreader_fill_ref(struct mreader *r, uint32_t ref, uint8_t kind, uint32_t id);
/* Records caller stats for later references; returns its index or NO_ID. */
uint32_t mreader_add_stat(struct mreader *r, const struct callstat *st);

/* Sets an error at a byte offset of the input; returns -1. */
int mreader_fail(struct mreader *r, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *mkind_name(uint8_t kind);

#endif
