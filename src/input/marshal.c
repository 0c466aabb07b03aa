/* Schema-driven reader for CPython's marshal format. */
#include "autoconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "proftop/util.h"
#include "proftop/bigmem.h"
#include "proftop/marshal.h"

#define FLAG_REF 0x80

void mreader_init(struct mreader *r, const void *buf, size_t len,
		  const char *file, struct strtab *strs, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->start = r->p = buf;
	r->end = r->start + len;
	r->file_size = len;
	r->file = file;
	r->strs = strs;
	r->e = e;
}

/*
 * Streaming: a 1 MiB window, grown only for an object larger than that (a
 * long string).  Reading a big dump whole first would cost more than
 * decoding it: page faults on a fresh buffer of the file's size, then
 * unmapping it; a window stays in cache.
 */
#ifndef WINDOW_BYTES   /* the fuzz build shrinks it to cross window edges */
#define WINDOW_BYTES ((size_t)1 << 20)
#endif

static int refill(struct mreader *r, size_t n);

int mreader_init_fd(struct mreader *r, int fd, size_t file_size, size_t max_bytes,
		    const char *file, struct strtab *strs, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->file = file;
	r->strs = strs;
	r->e = e;
	r->fd = fd;
	r->file_size = file_size;
	r->max_bytes = max_bytes;
	return refill(r, 1);
}

void mreader_free(struct mreader *r)
{
	free(r->ref_kind);
	free(r->ref_val);
	free(r->func_bits);
	r->func_bits = NULL;
	free(r->interned);
	free(r->window);
	r->ref_kind = NULL;
	r->ref_val = NULL;
	r->interned = NULL;
	r->window = NULL;
	r->start = r->p = r->end = NULL;
}

void mreader_error(struct mreader *r, size_t offset, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_at(r->e, r->file, (long long)offset, "%s", msg);
}

int mreader_reserve_refs(struct mreader *r, size_t n)
{
	size_t cap = r->cap_refs;
	union mref_val *nv;
	uint64_t *nb;

	if (n <= cap)
		return 0;
	while (cap < n) {
		if (cap > SIZE_MAX / 2 / sizeof *nv)
			return -1;
		cap = cap ? cap * 2 : 64;
	}
	nv = bigmem_realloc(r->ref_val, r->nrefs * sizeof *nv, cap * sizeof *nv);
	if (!nv)
		return -1;
	r->ref_val = nv;
	/* whole words of bits: the kinds' capacity is a multiple of 64 */
	nb = realloc(r->func_bits, cap / 64 * sizeof *nb);
	if (!nb)
		return -1;
	r->func_bits = nb;
	memset(nb + r->cap_refs / 64, 0, (cap - r->cap_refs) / 64 * sizeof *nb);
	return grow_array(&r->ref_kind, &r->cap_refs, cap, sizeof *r->ref_kind, 64);
}

int mreader_grow_refs(struct mreader *r)
{
	return mreader_reserve_refs(r, r->nrefs + 1);
}

static size_t pos(const struct mreader *r)
{
	return mreader_pos(r);
}

/* Bytes left from p to the end of the input (for a file, as of its size at
 * open): what a length or count read from the data may claim at most. */
static size_t left(const struct mreader *r)
{
	size_t in_window = r->p ? (size_t)(r->end - r->p) : 0;
	size_t window_end = r->start ? r->base + (size_t)(r->end - r->start) : 0;

	if (r->fd < 0 || r->eof || r->file_size <= window_end)
		return in_window;
	return in_window + (r->file_size - window_end);
}

/*
 * Slides the window so that it starts at p and holds at least n bytes, or
 * everything up to the end of the file.  Grows it for an object bigger than
 * the window, but never beyond what the file can hold.  -1 on a read error
 * or a file grown too large.
 */
static int refill(struct mreader *r, size_t n)
{
	size_t keep = r->window ? (size_t)(r->end - r->p) : 0, cap = r->window_cap;
	size_t window_off = r->window ? mreader_pos(r) : 0;

	if (r->fd < 0 || r->eof)
		return 0;
	if (n > left(r))
		n = left(r);     /* the file cannot hold it: let need() report */
	if (cap < WINDOW_BYTES || n > cap) {
		unsigned char *w;
		cap = cap < WINDOW_BYTES ? WINDOW_BYTES : cap;
		while (cap < n)
			cap *= 2;
		w = malloc(cap);
		if (!w)
			return mreader_fail(r, window_off, "out of memory");
		if (keep)
			memcpy(w, r->p, keep);
		free(r->window);
		r->window = w;
		r->window_cap = cap;
	} else if (keep) {
		memmove(r->window, r->p, keep);
	}
	r->base = window_off;
	r->start = r->p = r->window;
	r->end = r->window + keep;
	while ((size_t)(r->end - r->start) < r->window_cap) {
		ssize_t got = read(r->fd, r->window + (r->end - r->start),
				   r->window_cap - (size_t)(r->end - r->start));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err_at(r->e, r->file, (long long)(r->base + (size_t)(r->end - r->start)),
			       "read error: %s", strerror(errno));
			return -1;
		}
		if (got == 0) {
			r->eof = 1;
			break;
		}
		r->end += got;
		if (r->base + (size_t)(r->end - r->start) > r->max_bytes) {
			err_at(r->e, r->file, -1, "file too large (grew past %zu bytes)", r->max_bytes);
			return -1;
		}
	}
	return 0;
}

static int need(struct mreader *r, size_t n, size_t at)
{
	if ((size_t)(r->end - r->p) < n && refill(r, n) < 0)
		return -1;
	if ((size_t)(r->end - r->p) < n)
		return mreader_fail(r, at, "truncated data (object needs %zu more bytes, file ends after %zu)",
				    n, left(r));
	return 0;
}

static uint32_t le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t le64(const unsigned char *b)
{
	return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
}

/* A signed 32-bit length or count that must fit in what is left. */
static int read_count(struct mreader *r, size_t at, size_t item_min, uint32_t *out)
{
	int32_t n;

	if (need(r, 4, at) < 0)
		return -1;
	n = (int32_t)le32(r->p);
	r->p += 4;
	if (n < 0)
		return mreader_fail(r, at, "negative size %ld", (long)n);
	if (item_min && (size_t)n > left(r) / item_min)
		return mreader_fail(r, at, "size %ld exceeds the %zu bytes left in the file",
				    (long)n, left(r));
	*out = (uint32_t)n;
	return 0;
}

static int read_long(struct mreader *r, size_t at, int64_t *out)
{
	uint32_t size;
	int32_t n;
	uint64_t mag = 0;
	uint32_t i;

	if (need(r, 4, at) < 0)
		return -1;
	n = (int32_t)le32(r->p);
	r->p += 4;
	size = n < 0 ? (uint32_t)(-(int64_t)n) : (uint32_t)n;
	if (size > left(r) / 2)
		return mreader_fail(r, at, "long of %lu digits exceeds the file", (unsigned long)size);
	if (need(r, 2 * (size_t)size, at) < 0)
		return -1;
	for (i = 0; i < size; i++) {
		unsigned d = (unsigned)r->p[0] | (unsigned)r->p[1] << 8;
		r->p += 2;
		if (d >= 1u << 15)
			return mreader_fail(r, at, "bad long digit %u", d);
		if (i == size - 1 && d == 0)
			return mreader_fail(r, at, "unnormalized long");
		/* the fifth digit holds bits 60-74: up to 2^64 - 1 here, and
		 * the sign decides below (-2^63 fits, 2^63 does not) */
		if (i >= 5 || (i == 4 && d >= 16))
			return mreader_fail(r, at, "integer too large (more than 64 bits)");
		mag |= (uint64_t)d << (15 * i);
	}
	if (n >= 0) {
		if (mag > (uint64_t)INT64_MAX)
			return mreader_fail(r, at, "integer too large (more than 64 bits)");
		*out = (int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX + 1)
			return mreader_fail(r, at, "integer too large (more than 64 bits)");
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	}
	return 0;
}

/* What Python's float text parser takes (marshal's 'f'): an optional sign,
 * then inf, infinity or nan in any case, or decimal digits with an optional
 * point and exponent.  strtod takes more: hex, "nan(...)", spaces. */
static int py_float_text(const char *s)
{
	int digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	if (strcasecmp(s, "inf") == 0 || strcasecmp(s, "infinity") == 0 || strcasecmp(s, "nan") == 0)
		return 1;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (!digits)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == 0;
}

static int read_text_float(struct mreader *r, size_t at, double *out)
{
	char buf[257];
	char *endp;
	unsigned n;

	if (need(r, 1, at) < 0)
		return -1;
	n = *r->p++;
	if (need(r, n, at) < 0)
		return -1;
	memcpy(buf, r->p, n);
	buf[n] = 0;
	r->p += n;
	if (!py_float_text(buf))
		return mreader_fail(r, at, "bad float text");
	*out = strtod(buf, &endp);
	if (*endp)
		return mreader_fail(r, at, "bad float text");
	return 0;
}

static int read_string(struct mreader *r, size_t at, size_t n, struct mval *v)
{
	uint32_t id;

	if (need(r, n, at) < 0)
		return -1;
	id = strtab_intern(r->strs, (const char *)r->p, n);
	if (id == NO_ID)
		return mreader_fail(r, at, "out of memory");
	r->p += n;
	v->kind = MV_STR;
	v->u.id = id;
	return 0;
}

static int read_ref(struct mreader *r, size_t at, struct mval *v)
{
	uint32_t idx;
	if (need(r, 4, at) < 0)
		return -1;
	idx = le32(r->p);
	r->p += 4;
	if (idx >= r->nrefs)
		return mreader_fail(r, at, "bad reference %lu (only %zu objects so far)",
				    (unsigned long)idx, r->nrefs);
	v->kind = r->ref_kind[idx];
	memcpy(&v->u, &r->ref_val[idx], sizeof v->u);
	return 0;
}

static int read_py2_stringref(struct mreader *r, size_t at, struct mval *v)
{
	uint32_t idx;

	if (need(r, 4, at) < 0)
		return -1;
	idx = le32(r->p);
	r->p += 4;
	if (idx >= r->ninterned)
		return mreader_fail(r, at, "bad string reference %lu", (unsigned long)idx);
	v->kind = MV_STR;
	v->u.id = r->interned[idx];
	return 0;
}

static int read_container(struct mreader *r, uint8_t type, size_t at, struct mval *v)
{
	uint32_t n;

	switch (type) {
	case '(':
	case '[':
		if (read_count(r, at, 1, &n) < 0)
			return -1;
		break;
	case ')':
		if (need(r, 1, at) < 0)
			return -1;
		n = *r->p++;
		break;
	default:
		v->kind = MV_DICT;
		return 0;
	}
	v->kind = MV_TUPLE;
	v->u.n = n;
	return 0;
}

/* Reads the payload of a scalar or the header of a container. */
static int read_body(struct mreader *r, uint8_t type, size_t at, struct mval *v)
{
	uint32_t n;

	switch (type) {
	case 'N': v->kind = MV_NONE; return 0;
	case 'T': v->kind = MV_INT; v->u.i = 1; return 0;
	case 'F': v->kind = MV_INT; v->u.i = 0; return 0;
	case '0': v->kind = MV_END; return 0;
	case 'i':
		if (need(r, 4, at) < 0)
			return -1;
		v->kind = MV_INT;
		v->u.i = (int32_t)le32(r->p);
		r->p += 4;
		return 0;
	case 'I':
		if (need(r, 8, at) < 0)
			return -1;
		v->kind = MV_INT;
		v->u.i = (int64_t)le64(r->p);
		r->p += 8;
		return 0;
	case 'l':
		v->kind = MV_INT;
		return read_long(r, at, &v->u.i);
	case 'g': {
		uint64_t bits;
		if (need(r, 8, at) < 0)
			return -1;
		bits = le64(r->p);
		memcpy(&v->u.f, &bits, sizeof bits);
		r->p += 8;
		v->kind = MV_FLOAT;
		return 0;
	}
	case 'f':
		v->kind = MV_FLOAT;
		return read_text_float(r, at, &v->u.f);
	case 's': case 't': case 'u': case 'a': case 'A':
		if (read_count(r, at, 0, &n) < 0 || read_string(r, at, n, v) < 0)
			return -1;
		if (type == 't' && (grow_array(&r->interned, &r->cap_interned,
					 r->ninterned + 1, sizeof *r->interned, 64) < 0))
			return mreader_fail(r, at, "out of memory");
		if (type == 't')
			r->interned[r->ninterned++] = v->u.id;
		return 0;
	case 'z': case 'Z':
		if (need(r, 1, at) < 0)
			return -1;
		n = *r->p++;
		return read_string(r, at, n, v);
	case 'r':
		return read_ref(r, at, v);
	case 'R':
		return read_py2_stringref(r, at, v);
	case '(': case ')': case '[': case '{':
		return read_container(r, type, at, v);
	default:
		v->kind = MV_OTHER;
		return 0;
	}
}

int mreader_next(struct mreader *r, struct mval *v)
{
	size_t at = pos(r);
	uint8_t code;
	int flag;
	uint32_t slot = NO_ID;

	if (need(r, 1, at) < 0)
		return -1;
	code = *r->p++;
	flag = code & FLAG_REF;
	v->type = code & ~FLAG_REF;
	v->offset = at;
	v->ref = NO_ID;
	if (flag && mreader_new_ref(r, MV_RESERVED, &slot) < 0)
		return mreader_fail(r, at, "out of memory");
	if (read_body(r, v->type, at, v) < 0)
		return -1;
	if (slot != NO_ID) {
		if (v->kind == MV_TUPLE || v->kind == MV_DICT || v->type == 'c') {
			v->ref = slot;
		} else {
			mreader_set_kind(r, slot, v->kind);
			memcpy(&r->ref_val[slot], &v->u, sizeof v->u);
		}
	}
	return 0;
}

/* Deep enough for any code object's constants; a forged nesting is refused. */
#define SKIP_DEPTH_MAX 64

static int skip(struct mreader *r, const struct mval *v, int depth);

static int skip_next(struct mreader *r, int depth)
{
	struct mval v;

	if (mreader_next(r, &v) < 0)
		return -1;
	return skip(r, &v, depth);
}

static int skip_int32(struct mreader *r, size_t at, int32_t *out)
{
	if (need(r, 4, at) < 0)
		return -1;
	if (out)
		*out = (int32_t)le32(r->p);
	r->p += 4;
	return 0;
}

static int peek_type(struct mreader *r, size_t at, uint8_t *type)
{
	if (need(r, 1, at) < 0)
		return -1;
	*type = *r->p & ~FLAG_REF;
	return 0;
}

static int next_str(struct mreader *r, uint32_t *id, const char *what)
{
	struct mval v;

	if (mreader_next(r, &v) < 0)
		return -1;
	if (v.kind != MV_STR)
		return mreader_fail(r, v.offset, "code object: expected %s, found %s", what, mkind_name(v.kind));
	*id = v.u.id;
	return 0;
}

/*
 * A code object, whose layout changed with CPython's versions: 4 int fields
 * (2.7), 5 (3.6-3.7: then freevars and cellvars tuples; 3.11+: then a
 * localspluskinds bytes object and a qualname), or 6 (3.8-3.10).  The int
 * fields end where co_code, a bytes object, starts.
 */
int mreader_code(struct mreader *r, const struct mval *v, struct mcode *out, int depth)
{
	uint8_t type;
	int nints = 0, i;

	if (depth > SKIP_DEPTH_MAX)
		return mreader_fail(r, v->offset, "objects nested too deep");
	for (;;) {
		if (peek_type(r, v->offset, &type) < 0)
			return -1;
		if ((type == 's' && nints >= 4) || nints == 6)
			break;
		if (skip_int32(r, v->offset, NULL) < 0)
			return -1;
		nints++;
	}
	if (type != 's')
		return mreader_fail(r, v->offset, "code object: unknown layout");
	for (i = 0; i < 4; i++)             /* code, consts, names, varnames */
		if (skip_next(r, depth + 1) < 0)
			return -1;
	if (peek_type(r, v->offset, &type) < 0)
		return -1;
	if (type == 'r') {                    /* a shared b'' or (): what was it? */
		uint32_t idx;
		if (need(r, 5, v->offset) < 0)
			return -1;
		idx = le32(r->p + 1);
		type = idx < r->nrefs && r->ref_kind[idx] == MV_STR ? 's' : '(';
	}
	if (nints == 5 && type == 's') {      /* 3.11+: localspluskinds */
		if (skip_next(r, depth + 1) < 0 || next_str(r, &out->file, "a file name") < 0 ||
		    next_str(r, &out->name, "a name") < 0 || skip_next(r, depth + 1) < 0 ||
		    skip_int32(r, v->offset, &out->line) < 0 ||
		    skip_next(r, depth + 1) < 0 || skip_next(r, depth + 1) < 0)
			return -1;
	} else {                              /* freevars, cellvars */
		if (skip_next(r, depth + 1) < 0 || skip_next(r, depth + 1) < 0 ||
		    next_str(r, &out->file, "a file name") < 0 || next_str(r, &out->name, "a name") < 0 ||
		    skip_int32(r, v->offset, &out->line) < 0 || skip_next(r, depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* Skips what follows a header read by mreader_next. */
static int skip(struct mreader *r, const struct mval *v, int depth)
{
	struct mcode code;
	uint32_t n, i;

	if (depth > SKIP_DEPTH_MAX)
		return mreader_fail(r, v->offset, "objects nested too deep");
	switch (v->kind) {
	case MV_TUPLE:
		for (i = 0; i < v->u.n; i++)
			if (skip_next(r, depth + 1) < 0)
				return -1;
		return 0;
	case MV_DICT:
		for (;;) {
			struct mval k;
			if (mreader_next(r, &k) < 0)
				return -1;
			if (k.kind == MV_END)
				return 0;
			if (skip(r, &k, depth + 1) < 0 || skip_next(r, depth + 1) < 0)
				return -1;
		}
	case MV_OTHER:
		break;
	default:
		return 0;
	}
	switch (v->type) {
	case 'S': case '.':
		return 0;
	case '<': case '>':
		if (read_count(r, v->offset, 1, &n) < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (skip_next(r, depth + 1) < 0)
				return -1;
		return 0;
	case 'x': {
		double ignored;
		return read_text_float(r, v->offset, &ignored) < 0 ? -1 :
		       read_text_float(r, v->offset, &ignored);
	}
	case 'y':
		if (need(r, 16, v->offset) < 0)
			return -1;
		r->p += 16;
		return 0;
	case 'c':
		return mreader_code(r, v, &code, depth);
	default:
		return mreader_fail(r, v->offset, "unsupported marshal type code 0x%02x", v->type);
	}
}

void mreader_fill_ref(struct mreader *r, uint32_t ref, uint8_t kind, uint32_t id)
{
	if (ref == NO_ID || ref >= r->nrefs)
		return;
	mreader_set_kind(r, ref, kind);
	r->ref_val[ref].id = id;
}

const char *mkind_name(uint8_t kind)
{
	static const char *const names[] = {
		[MV_NONE] = "None", [MV_INT] = "int", [MV_FLOAT] = "float",
		[MV_STR] = "string", [MV_FUNC] = "function key", [MV_STAT] = "caller stats",
		[MV_TUPLE] = "tuple", [MV_DICT] = "dict", [MV_END] = "end of dict",
		[MV_RESERVED] = "reference to an unfinished object", [MV_OTHER] = "unsupported object",
	};
	return kind < sizeof names / sizeof *names ? names[kind] : "?";
}
