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
#include <string.h>

#include "proftop/err.h"
#include "proftop/strtab.h"

enum mkind {
	MV_NONE,      /* None */
	MV_INT,       /* int, long, bool */
	MV_FLOAT,
	MV_STR,       /* bytes or text: id in the strtab */
	/* Kinds the schema records in a reference slot (mreader_fill_ref) for
	 * a container it read: pstats' function keys and caller stats. */
	MV_FUNC,      /* a tuple read as a function key: the schema's id */
	MV_STAT,      /* a tuple read as caller stats: the schema's index */
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

/* What a reference slot holds.  The kinds are a byte array of their own,
 * beside the values: a check of a ref's kind (every caller key of a dump)
 * touches a table a sixteenth of the size, which stays in cache. */
union mref_val {
	int64_t i;
	double f;
	uint32_t id;
};

struct mreader {
	const unsigned char *start, *p, *end;
	/* Streaming (mreader_init_fd): [start, end) is a window on the file,
	 * slid forward and refilled when an object needs more; `base` is the
	 * file offset of `start`.  fd < 0: the whole input is in memory. */
	int fd;
	int eof;
	size_t base;
	unsigned char *window;
	size_t window_cap;
	size_t file_size;      /* at open: bounds what a count may claim */
	size_t max_bytes;      /* refuse files growing past this */
	const char *file;
	struct err *e;
	struct strtab *strs;
	uint8_t *ref_kind;
	union mref_val *ref_val;
	size_t nrefs, cap_refs;
	/* A bit per slot: holds MV_FUNC.  The kind checked per caller edge of
	 * a dump, at random: an eighth of ref_kind, it stays in cache where
	 * ref_kind does not (1.7 MB at 1M functions). */
	uint64_t *func_bits;
	uint32_t *interned;    /* Python 2 'R' string references */
	size_t ninterned, cap_interned;
};

void mreader_init(struct mreader *r, const void *buf, size_t len,
		  const char *file, struct strtab *strs, struct err *e);
/* Reads from an open file, FILE_SIZE bytes by fstat, a window at a time
 * (memory stays small whatever the size); refuses more than MAX_BYTES.
 * The first bytes are read at once: returns 0, or -1 on a read error. */
int mreader_init_fd(struct mreader *r, int fd, size_t file_size, size_t max_bytes,
		    const char *file, struct strtab *strs, struct err *e);
void mreader_free(struct mreader *r);

/* The file offset of the next byte. */
static inline size_t mreader_pos(const struct mreader *r)
{
	return r->base + (size_t)(r->p - r->start);
}

/* Grows the reference table by one slot (slow path of mreader_new_ref). */
int mreader_grow_refs(struct mreader *r);
/* Room for N reference slots at least.  0 or -1. */
int mreader_reserve_refs(struct mreader *r, size_t n);

static inline uint32_t mreader_le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* The fast paths below are inlined into the decoder's loops. */
#define MREADER_HOT static inline __attribute__((always_inline))

static inline int mreader_is_func_ref(const struct mreader *r, uint32_t idx)
{
	return (int)(r->func_bits[idx / 64] >> (idx % 64) & 1);
}

/* Sets a slot's kind (its bit in func_bits with it). */
static inline void mreader_set_kind(struct mreader *r, uint32_t slot, uint8_t kind)
{
	uint64_t bit = (uint64_t)1 << (slot % 64);

	r->ref_kind[slot] = kind;
	r->func_bits[slot / 64] = kind == MV_FUNC ? r->func_bits[slot / 64] | bit :
				  r->func_bits[slot / 64] & ~bit;
}

/* Whether slot IDX, one read before, holds KIND (a constant at each
 * inlined call: MV_FUNC is checked in func_bits). */
static inline int mreader_ref_is(const struct mreader *r, uint32_t idx, uint8_t kind)
{
	if (idx >= r->nrefs)
		return 0;
	return kind == MV_FUNC ? mreader_is_func_ref(r, idx) : r->ref_kind[idx] == kind;
}

/* Reserves the next reference slot for an object written with FLAG_REF. */
MREADER_HOT int mreader_new_ref(struct mreader *r, uint8_t kind, uint32_t *slot)
{
	if (r->nrefs == r->cap_refs && mreader_grow_refs(r) < 0)
		return -1;
	*slot = (uint32_t)r->nrefs++;
	mreader_set_kind(r, *slot, kind);
	return 0;
}

/*
 * Fast paths for the shapes every pstats dump is made of.  Each consumes the
 * next object only when it is exactly that shape, complete and valid, and
 * returns 1; otherwise it consumes nothing and returns 0 (or -1 when out of
 * memory), and the caller falls back to mreader_next(), which handles every
 * other encoding and reports errors with their offsets.  The bulk of a dump
 * (2M caller edges in a big one) goes through here.
 */
#define MREADER_FLAG_REF 0x80

/* An 'i' int, possibly FLAG_REF'd, or an 'r' to an int. */
MREADER_HOT int mreader_fast_int(struct mreader *r, int64_t *out)
{
	const unsigned char *p = r->p;
	uint32_t slot;

	if (r->end - p < 5)
		return 0;
	if (*p == 'i') {
		*out = (int32_t)mreader_le32(p + 1);
	} else if (*p == ('i' | MREADER_FLAG_REF)) {
		*out = (int32_t)mreader_le32(p + 1);
		if (mreader_new_ref(r, MV_INT, &slot) < 0)
			return -1;
		r->ref_val[slot].i = *out;
	} else if (*p == 'r') {
		uint32_t idx = mreader_le32(p + 1);
		if (idx >= r->nrefs || r->ref_kind[idx] != MV_INT)
			return 0;
		*out = r->ref_val[idx].i;
	} else {
		return 0;
	}
	r->p = p + 5;
	return 1;
}

/* A 'g' binary float, possibly FLAG_REF'd, or an 'r' to a float or an int
 * (pstats' sums of times may be ints). */
MREADER_HOT int mreader_fast_number(struct mreader *r, double *out)
{
	const unsigned char *p = r->p;
	int64_t i;
	int rc;

	if (r->end - p >= 9 && (*p & ~MREADER_FLAG_REF) == 'g') {
		uint64_t bits = (uint64_t)mreader_le32(p + 1) | (uint64_t)mreader_le32(p + 5) << 32;
		memcpy(out, &bits, sizeof bits);
		if (*p & MREADER_FLAG_REF) {
			uint32_t slot;
			if (mreader_new_ref(r, MV_FLOAT, &slot) < 0)
				return -1;
			r->ref_val[slot].f = *out;
		}
		r->p = p + 9;
		return 1;
	}
	if (r->end - p >= 5 && *p == 'r') {
		uint32_t idx = mreader_le32(p + 1);
		if (idx < r->nrefs && r->ref_kind[idx] == MV_FLOAT) {
			*out = r->ref_val[idx].f;
			r->p = p + 5;
			return 1;
		}
	}
	rc = mreader_fast_int(r, &i);
	if (rc != 1)
		return rc < 0 ? -1 : 0;
	*out = (double)i;
	return 1;
}

/* An 'r' to an object of kind KIND: its slot in *slot, for the caller to
 * read what it holds later (mreader_ref_id), when that is a cache miss. */
MREADER_HOT int mreader_fast_ref_slot(struct mreader *r, uint8_t kind, uint32_t *slot)
{
	const unsigned char *p = r->p;
	uint32_t idx;

	if (r->end - p < 5 || *p != 'r')
		return 0;
	idx = mreader_le32(p + 1);
	if (!mreader_ref_is(r, idx, kind))
		return 0;
	*slot = idx;
	r->p = p + 5;
	return 1;
}

/* The id a slot holds (of a kind checked before). */
static inline uint32_t mreader_ref_id(const struct mreader *r, uint32_t slot)
{
	return r->ref_val[slot].id;
}

/* An 'r' to an object of kind KIND; its id in *id. */
MREADER_HOT int mreader_fast_ref(struct mreader *r, uint8_t kind, uint32_t *id)
{
	uint32_t slot;

	if (!mreader_fast_ref_slot(r, kind, &slot))
		return 0;
	*id = mreader_ref_id(r, slot);
	return 1;
}

/* An 'r' to an object of kind KIND, passed over without reading what it
 * holds (a kind check touches only the small kind array). */
MREADER_HOT int mreader_fast_skip_ref(struct mreader *r, uint8_t kind)
{
	uint32_t slot;

	return mreader_fast_ref_slot(r, kind, &slot);
}

/* The literal string at P, before END (not Python 2's 't', which also
 * goes in the interned list): the size of its header (type code and
 * length), its length in *len; 0 when P holds anything else or the window
 * ends before the string does. */
MREADER_HOT size_t mreader_peek_str(const unsigned char *p, const unsigned char *end,
				    uint32_t *len)
{
	size_t hdr;

	if (end - p < 2)
		return 0;
	switch (*p & ~MREADER_FLAG_REF) {
	case 'z': case 'Z':
		*len = p[1];
		hdr = 2;
		break;
	case 's': case 'u': case 'a': case 'A':
		if (end - p < 5)
			return 0;
		*len = mreader_le32(p + 1);
		hdr = 5;
		break;
	default:
		return 0;
	}
	return (size_t)(end - p) - hdr >= *len ? hdr : 0;
}

/* The end of taking a string of SIZE bytes as ID: its reserved ref slot
 * (or NO_ID) gets it, and the reader moves past it. */
MREADER_HOT uint32_t mreader_str_taken(struct mreader *r, size_t size, uint32_t slot,
				      uint32_t id)
{
	if (slot != NO_ID) {
		mreader_set_kind(r, slot, MV_STR);
		r->ref_val[slot].id = id;
	}
	r->p += size;
	return id;
}

/* Consumes the string mreader_peek_str found at r->p (HDR, LEN), whose
 * strtab_hash is H: interned, and recorded when FLAG_REF'd.  Its id, or
 * NO_ID when out of memory. */
MREADER_HOT uint32_t mreader_take_str(struct mreader *r, size_t hdr, uint32_t len, uint32_t h)
{
	uint32_t slot = NO_ID, id;

	if ((*r->p & MREADER_FLAG_REF) && mreader_new_ref(r, MV_RESERVED, &slot) < 0)
		return NO_ID;
	id = strtab_intern_hashed(r->strs, (const char *)r->p + hdr, len, h);
	if (id == NO_ID)
		return NO_ID;
	return mreader_str_taken(r, hdr + len, slot, id);
}

/* mreader_take_str of a string the replay found to be ID already
 * (strtab_replay_peek): taken as that one, not looked up. */
MREADER_HOT uint32_t mreader_take_known_str(struct mreader *r, size_t hdr, uint32_t len,
					     uint32_t id)
{
	uint32_t slot = NO_ID;

	if ((*r->p & MREADER_FLAG_REF) && mreader_new_ref(r, MV_RESERVED, &slot) < 0)
		return NO_ID;
	strtab_replay_take(r->strs, id);
	return mreader_str_taken(r, hdr + len, slot, id);
}

/* A small tuple ')' of exactly N items, possibly FLAG_REF'd: *ref gets its
 * reserved slot (to fill once its contents are known) or NO_ID. */
MREADER_HOT int mreader_fast_tuple(struct mreader *r, uint8_t n, uint32_t *ref)
{
	const unsigned char *p = r->p;

	if (r->end - p < 2 || p[1] != n)
		return 0;
	if (*p == ')') {
		*ref = NO_ID;
	} else if (*p == (')' | MREADER_FLAG_REF)) {
		if (mreader_new_ref(r, MV_RESERVED, ref) < 0)
			return -1;
	} else {
		return 0;
	}
	r->p = p + 2;
	return 1;
}

/* Reads the next object: a scalar whole, a container's header only.
 * A reference resolves to what its slot holds.  Returns 0 or -1 (error set). */
int mreader_next(struct mreader *r, struct mval *v);
/* Where a code object came from: what profile keys name a run by. */
struct mcode {
	uint32_t file, name;   /* strtab ids */
	int32_t line;
};
/* Reads the rest of a code object whose header ('c') mreader_next returned,
 * whatever CPython version wrote it.  0, or -1 with the error set. */
int mreader_code(struct mreader *r, const struct mval *v, struct mcode *out, int depth);

/* Records what a container read through its header turned out to be. */
void mreader_fill_ref(struct mreader *r, uint32_t ref, uint8_t kind, uint32_t id);

/* Sets an error at a byte offset of the input. */
void mreader_error(struct mreader *r, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * mreader_error, then -1.  A macro so that the -1 shows at each call site:
 * static analysers do not follow a variadic call, and without it took a
 * failed read for a successful one, and the output it left unset for garbage.
 */
#define mreader_fail(r, offset, ...) (mreader_error((r), (offset), __VA_ARGS__), -1)
const char *mkind_name(uint8_t kind);

#endif
