/* pstats dumps: a dict {(file, line, name): (cc, nc, tt, ct, callers)}. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/util.h"
#include "proftop/marshal.h"
#include "proftop/pstats.h"

/* Keys deferred at most (defer_key), and the longest string one holds. */
#define PEND_KEYS 8
#define PEND_STR_MAX 160

/* A deferred key's string. */
struct pend_str {
	uint32_t id;            /* known, or NO_ID: to intern or read */
	uint32_t ref;           /* a reference's slot to read, or NO_ID */
	uint32_t slot;          /* a literal's reference slot, or NO_ID */
	uint32_t len, h;
	char bytes[PEND_STR_MAX];
};

/* A key deferred. */
struct pend_key {
	size_t offset;          /* the tuple's, for errors */
	uint32_t slot;          /* its reference slot, or NO_ID */
	uint32_t *out;          /* a stats key's: where its id goes */
	int64_t line;
	struct pend_str file, name;
	int matched;            /* the strings its slots name prefetched */
};

struct decoder {
	struct mreader r;
	struct profile *p;
	/* The id of the profile module's top-level marker once its key has
	 * been read in this dump, else NO_ID: a reference can only name an
	 * object read before it, so until then no caller is the marker. */
	uint32_t marker;
	/* caller stats tuples written with FLAG_REF, for later references */
	struct callstat *stats;
	size_t nstats, cap_stats;
	/* Entries read, not yet put in the profile (put_logged). */
	struct logged {
		struct profile_entry e;
		size_t offset;          /* where its stats tuple starts */
		uint32_t key;           /* its id, or (is_slot) the reference slot
					 * holding it */
		uint8_t is_slot, bools;
	} log[64];
	unsigned nlog;
	/* pstats' totals summed as the entries are put, in dict order, and
	 * the entries put; whether the profile started empty */
	int64_t total_calls, prim_calls;
	double total_tt;
	size_t nput;
	int started_empty;
	/* Keys read, not yet interned (defer_key): a ring. */
	struct pend_key pend[PEND_KEYS];
	unsigned pend_first, npend;
	int defer;                      /* keys may be deferred */
};

static int is_top_marker(const struct names *n, uint32_t caller);
static int pend_flush(struct decoder *d);

static int cannot_refer(unsigned char type)
{
	switch (type & ~MREADER_FLAG_REF) {
	case '(': case ')': case '{': case '[': case '0':
	case 'i': case 'g': case 'I': case 'l': case 'N': case 'T': case 'F':
		return 1;
	default:
		return 0;
	}
}

/*
 * mreader_next for the decoder.  With caller keys deferred, an object that
 * may refer to one of them, or intern a string before theirs, waits until
 * they are done: anything but a container's header or a number.  At the
 * window's end its type is not known yet: they are done first.
 */
static int next_obj(struct decoder *d, struct mval *v)
{
	if (d->npend && (d->r.p >= d->r.end || !cannot_refer(*d->r.p)) && pend_flush(d) < 0)
		return -1;
	return mreader_next(&d->r, v);
}

/* Records caller stats for later references: their index, or NO_ID. */
static uint32_t add_stat(struct decoder *d, const struct callstat *st)
{
	if (grow_array(&d->stats, &d->cap_stats, d->nstats + 1, sizeof *d->stats, 64) < 0)
		return NO_ID;
	d->stats[d->nstats] = *st;
	return (uint32_t)d->nstats++;
}

static size_t pos(const struct decoder *d)
{
	return mreader_pos(&d->r);
}

static int expect_kind(struct decoder *d, const struct mval *v, uint8_t kind, const char *what)
{
	if (v->kind == kind)
		return 0;
	return mreader_fail(&d->r, v->offset, "expected %s, found %s (type code '%c')",
			    what, mkind_name(v->kind),
			    v->type >= 0x20 && v->type < 0x7f ? v->type : '?');
}

/* The general paths of read_int and read_number: any encoding, and the
 * errors.  Kept out of line so that the fast paths inline small. */
static int is_bool(const struct mval *v)
{
	return v->type == 'T' || v->type == 'F';
}

/* *was_bool (when not NULL) says whether the int was True or False. */
static __attribute__((noinline)) int read_int_slow(struct decoder *d, int64_t *out,
						   const char *what, int fast, int *was_bool)
{
	struct mval v;

	if (fast < 0)
		return mreader_fail(&d->r, pos(d), "out of memory");
	if (next_obj(d, &v) < 0 || expect_kind(d, &v, MV_INT, what) < 0)
		return -1;
	*out = v.u.i;
	if (was_bool)
		*was_bool = is_bool(&v);
	return 0;
}

static __attribute__((noinline)) int read_number_slow(struct decoder *d, double *out,
						      const char *what, int fast)
{
	struct mval v;

	if (fast < 0)
		return mreader_fail(&d->r, pos(d), "out of memory");
	if (next_obj(d, &v) < 0)
		return -1;
	if (v.kind == MV_INT) {
		*out = (double)v.u.i;
		return 0;
	}
	if (expect_kind(d, &v, MV_FLOAT, what) < 0)
		return -1;
	*out = v.u.f;
	return 0;
}

static inline int read_int(struct decoder *d, int64_t *out, const char *what)
{
	int fast = mreader_fast_int(&d->r, out);

	return fast > 0 ? 0 : read_int_slow(d, out, what, fast, NULL);
}

/* A call count: pstats prints a bool one as True or False. */
static inline int read_count(struct decoder *d, int64_t *out, const char *what, int *was_bool)
{
	int fast = mreader_fast_int(&d->r, out);

	*was_bool = 0;
	return fast > 0 ? 0 : read_int_slow(d, out, what, fast, was_bool);
}

static inline int read_number(struct decoder *d, double *out, const char *what)
{
	int fast = mreader_fast_number(&d->r, out);

	return fast > 0 ? 0 : read_number_slow(d, out, what, fast);
}

static int read_str(struct decoder *d, uint32_t *out, const char *what)
{
	struct mval v;

	if (mreader_fast_ref(&d->r, MV_STR, out))
		return 0;
	if (next_obj(d, &v) < 0 || expect_kind(d, &v, MV_STR, what) < 0)
		return -1;
	*out = v.u.id;
	return 0;
}

/*
 * The profile module names a run of a script by its code object
 * (`python -m profile`): pstats shows its repr, whose address changes with
 * every run; here it reads "<code object NAME, file "FILE", line N>".
 */
static int read_code_name(struct decoder *d, const struct mval *v, uint32_t *out)
{
	struct strtab *strs = &d->p->names->strs;
	struct mcode code;
	char *buf;
	size_t size;
	int n;

	if (mreader_code(&d->r, v, &code, 0) < 0)
		return -1;
	size = (size_t)strtab_len(strs, code.name) + strtab_len(strs, code.file) + 64;
	buf = malloc(size);
	if (!buf)
		return mreader_fail(&d->r, v->offset, "out of memory");
	n = snprintf(buf, size, "<code object %s, file \"%s\", line %ld>", strtab_get(strs, code.name),
		     strtab_get(strs, code.file), (long)code.line);
	*out = n > 0 ? strtab_intern(strs, buf, (size_t)n) : NO_ID;
	free(buf);
	if (*out == NO_ID)
		return mreader_fail(&d->r, v->offset, "out of memory");
	mreader_fill_ref(&d->r, v->ref, MV_STR, *out);
	return 0;
}

static int read_name(struct decoder *d, uint32_t *out)
{
	struct mval v;

	if (mreader_fast_ref(&d->r, MV_STR, out))
		return 0;
	if (next_obj(d, &v) < 0)
		return -1;
	if (v.kind == MV_OTHER && v.type == 'c')
		return read_code_name(d, &v, out);
	if (expect_kind(d, &v, MV_STR, "a function name") < 0)
		return -1;
	*out = v.u.id;
	return 0;
}

/*
 * A key's strings met ahead: where each is, and its hash once its slot in
 * the string table is prefetched.  Interning the file name, then the
 * function's, cost two cache misses each (the slot, then the string a
 * matching slot names), one after the other; found at once, all four
 * overlap two by two.
 */
struct key_ahead {
	size_t hdr;      /* 0: not a literal string complete in the window */
	uint32_t len, h;
	uint32_t id;     /* the string the replay expects it to be, or NO_ID */
	int at_replay;   /* found where the string replay expected it */
};

/* A reload's file name met before, written again (where the string replay
 * expects only new ones): the file of the key the replay expects, when it
 * is that string; else NO_ID. */
static uint32_t expected_file(const struct decoder *d, const unsigned char *s, uint32_t len)
{
	const struct names *n = d->p->names;
	uint32_t f;

	if (n->replay >= n->nfuncs)
		return NO_ID;
	f = n->keys[n->replay].file;
	return strtab_len(&n->strs, f) == len && memcmp(strtab_get(&n->strs, f), s, len) == 0 ? f
												  : NO_ID;
}

/* REPLAY_AT: where the replay expects this string (strtab_replay_peek_at);
 * IS_FILE: a file name, which may also be the expected key's. */
static void ahead_str(struct decoder *d, const unsigned char *p, struct key_ahead *a,
		      uint32_t replay_at, int is_file)
{
	struct strtab *t = d->r.strs;

	a->hdr = mreader_peek_str(p, d->r.end, &a->len);
	a->id = NO_ID;
	if (!a->hdr)
		return;
	a->id = strtab_replay_peek_at(t, replay_at, (const char *)p + a->hdr, a->len);
	a->at_replay = a->id != NO_ID;
	if (a->id == NO_ID && is_file)
		a->id = expected_file(d, p + a->hdr, a->len);
	if (a->id == NO_ID) {
		a->h = strtab_hash((const char *)p + a->hdr, a->len);
		strtab_prefetch(t, a->h);
	}
}

/* The key's file and name strings at the reader, when literal: hashed, and
 * their slots then the bytes they name prefetched.  A line ('i' or 'r')
 * takes 5 bytes. */
static void key_ahead(struct decoder *d, struct key_ahead *file, struct key_ahead *name)
{
	const unsigned char *p = d->r.p, *q = NULL;
	size_t left = (size_t)(d->r.end - p);
	uint32_t at = d->r.strs->replay;

	name->hdr = 0;
	name->id = NO_ID;
	ahead_str(d, p, file, at, 1);
	if (file->hdr && file->at_replay)   /* the name is expected next */
		at += file->len + 1 + STRTAB_HEAD;
	/* where the line is: after the string, or a 5-byte 'r' to one; only
	 * bytes in the window are looked at */
	if (file->hdr)
		q = p + file->hdr + file->len;
	else if (left > 5 && *p == 'r')
		q = p + 5;
	if (q && d->r.end - q > 5 && ((*q & ~MREADER_FLAG_REF) == 'i' || *q == 'r'))
		ahead_str(d, q + 5, name, at, 0);
	if (file->hdr && file->id == NO_ID)
		strtab_prefetch_match(d->r.strs, file->h);
	if (name->hdr && name->id == NO_ID)
		strtab_prefetch_match(d->r.strs, name->h);
}

static int read_key_str(struct decoder *d, const struct key_ahead *a, uint32_t *out, int is_name)
{
	if (!a->hdr)
		return is_name ? read_name(d, out) : read_str(d, out, "a file name");
	*out = a->id != NO_ID ? mreader_take_known_str(&d->r, a->hdr, a->len, a->id)
			      : mreader_take_str(&d->r, a->hdr, a->len, a->h);
	return *out == NO_ID ? mreader_fail(&d->r, pos(d), "out of memory") : 0;
}

/* A key: (file, line, name), or a reference to one read before. */
static int read_func_key(struct decoder *d, const struct mval *v, uint32_t *func)
{
	struct key_ahead fa, na;
	uint32_t file, name;
	int64_t line;

	if (v->kind == MV_FUNC) {
		*func = v->u.id;
		return 0;
	}
	if (expect_kind(d, v, MV_TUPLE, "a (file, line, function) tuple") < 0)
		return -1;
	if (v->u.n != 3)
		return mreader_fail(&d->r, v->offset,
				    "function key has %lu items, expected 3 (file, line, function)",
				    (unsigned long)v->u.n);
	if (d->npend && pend_flush(d) < 0)
		return -1;
	key_ahead(d, &fa, &na);
	if (read_key_str(d, &fa, &file, 0) < 0 || read_int(d, &line, "a line number") < 0 ||
	    read_key_str(d, &na, &name, 1) < 0)
		return -1;
	*func = names_func(d->p->names, file, line, name);
	if (*func == NO_ID)
		return mreader_fail(&d->r, v->offset, "out of memory");
	if (line == 0 && d->marker == NO_ID && is_top_marker(d->p->names, *func))
		d->marker = *func;
	mreader_fill_ref(&d->r, v->ref, MV_FUNC, *func);
	return 0;
}

/*
 * Keys deferred.  In a big dump's first read, interning a key's two
 * strings is two cache misses at random (the slot, then the string a
 * matching slot names), which key_ahead overlaps with each other but the
 * decoder still waits for: a third of a 1M-function --print.  For the table
 * alone (no caller edges), a caller key's id is wanted only by a later
 * reference to it, and a stats key's only by put_logged; so its strings are
 * hashed and copied and their slots prefetched, and the key is interned
 * some keys later: the misses of several keys overlap.  Keys still come in
 * the order met (their ids, and a reload's replay, depend on it): anything
 * that may refer to a deferred key or intern a string first waits for them
 * (next_obj, read_func_key).
 */

/* A string a deferrable key may hold at P: literal, whole in the window and
 * short (its header size in *hdr), or a reference to one read before
 * (*hdr 0).  0 when neither. */
static int pend_peek_str(const struct decoder *d, const unsigned char *p, size_t *hdr,
			 uint32_t *len)
{
	*hdr = mreader_peek_str(p, d->r.end, len);
	if (*hdr)
		return *len <= PEND_STR_MAX;
	return d->r.end - p >= 5 && *p == 'r' && mreader_ref_is(&d->r, mreader_le32(p + 1), MV_STR);
}

/* Takes the string pend_peek_str found at the reader. */
static int pend_take_str(struct decoder *d, struct pend_str *s)
{
	struct mreader *r = &d->r;
	size_t hdr = mreader_peek_str(r->p, r->end, &s->len);

	s->slot = s->id = s->ref = NO_ID;
	if (!hdr) {     /* what the slot holds is read when the key is interned */
		s->ref = mreader_le32(r->p + 1);
		__builtin_prefetch(&r->ref_val[s->ref]);
		r->p += 5;
		return 0;
	}
	if ((*r->p & MREADER_FLAG_REF) && mreader_new_ref(r, MV_RESERVED, &s->slot) < 0)
		return -1;
	/* hashed where it lies: read back from the copy, its words would
	 * wait for the copy's stores */
	s->h = strtab_hash((const char *)r->p + hdr, s->len);
	memcpy(s->bytes, r->p + hdr, s->len);
	strtab_prefetch(r->strs, s->h);
	r->p += hdr + s->len;
	return 0;
}

static void pend_match(struct decoder *d, struct pend_key *k)
{
	if (k->file.ref == NO_ID)
		strtab_prefetch_match(d->r.strs, k->file.h);
	if (k->name.ref == NO_ID)
		strtab_prefetch_match(d->r.strs, k->name.h);
	k->matched = 1;
}

static int pend_str_id(struct decoder *d, struct pend_str *s)
{
	if (s->ref != NO_ID)
		s->id = mreader_ref_id(&d->r, s->ref);
	if (s->id == NO_ID) {
		s->id = strtab_intern_hashed(d->r.strs, s->bytes, s->len, s->h);
		if (s->id == NO_ID)
			return -1;
	}
	mreader_fill_ref(&d->r, s->slot, MV_STR, s->id);
	return 0;
}

/* The oldest deferred key interned, and its reference slot filled. */
static int pend_one(struct decoder *d)
{
	struct pend_key *k = &d->pend[d->pend_first];
	uint32_t func;

	d->pend_first = (d->pend_first + 1) % PEND_KEYS;
	d->npend--;
	if (!k->matched)
		pend_match(d, k);
	if (pend_str_id(d, &k->file) < 0 || pend_str_id(d, &k->name) < 0 ||
	    (func = names_func(d->p->names, k->file.id, k->line, k->name.id)) == NO_ID)
		return mreader_fail(&d->r, k->offset, "out of memory");
	mreader_fill_ref(&d->r, k->slot, MV_FUNC, func);
	if (k->out)
		*k->out = func;
	return 0;
}

static int pend_flush(struct decoder *d)
{
	unsigned i;

	for (i = 0; i < d->npend; i++) {
		struct pend_key *k = &d->pend[(d->pend_first + i) % PEND_KEYS];
		if (!k->matched)
			pend_match(d, k);
	}
	while (d->npend)
		if (pend_one(d) < 0)
			return -1;
	return 0;
}

/* A key at the reader deferred, its id to go to *OUT when not NULL (a
 * stats key's, for put_logged): 1; 0 when it is not of the shape
 * deferred (nothing consumed: the line 0 of the profile module's marker,
 * a string long or not whole in the window, a reference to a deferred
 * string, a key of two references); -1 on error. */
static int defer_key(struct decoder *d, uint32_t *out)
{
	const unsigned char *p = d->r.p, *end = d->r.end;
	struct pend_key *k;
	size_t hdr, name_hdr;
	uint32_t len, idx;

	if (end - p < 2 || (*p & ~MREADER_FLAG_REF) != ')' || p[1] != 3 ||
	    !pend_peek_str(d, p += 2, &hdr, &len))
		return 0;
	p += hdr ? hdr + len : 5;
	if (end - p < 5)
		return 0;
	if ((*p & ~MREADER_FLAG_REF) == 'i') {
		if (!mreader_le32(p + 1))
			return 0;
	} else if (*p != 'r' || !mreader_ref_is(&d->r, idx = mreader_le32(p + 1), MV_INT) ||
		   !d->r.ref_val[idx].i) {
		return 0;
	}
	/* a key of two references interns no string: nothing to overlap */
	if (!pend_peek_str(d, p + 5, &name_hdr, &len) || !(hdr | name_hdr))
		return 0;
	if (d->npend == PEND_KEYS && pend_one(d) < 0)
		return -1;
	k = &d->pend[(d->pend_first + d->npend) % PEND_KEYS];
	k->offset = pos(d);
	k->out = out;
	k->matched = 0;
	if (mreader_fast_tuple(&d->r, 3, &k->slot) < 0 || pend_take_str(d, &k->file) < 0 ||
	    mreader_fast_int(&d->r, &k->line) < 0 || pend_take_str(d, &k->name) < 0)
		return mreader_fail(&d->r, k->offset, "out of memory");
	d->npend++;
	/* the strings named by the slots of the key half the ring before */
	if (d->npend > PEND_KEYS / 2)
		pend_match(d, &d->pend[(d->pend_first + d->npend - 1 - PEND_KEYS / 2) % PEND_KEYS]);
	return 1;
}

/* A caller's value: cProfile's (nc, cc, tt, ct) or the profile module's count. */
static int read_callstat(struct decoder *d, struct callstat *st, uint32_t *flags)
{
	struct mval v;
	uint32_t idx;
	int fast = mreader_fast_tuple(&d->r, 4, &v.ref);

	*flags = 0;
	if (fast < 0)
		return mreader_fail(&d->r, pos(d), "out of memory");
	if (fast) {
		v.offset = pos(d) - 2;
		goto items;
	}
	if (next_obj(d, &v) < 0)
		return -1;
	switch (v.kind) {
	case MV_INT:
		st->nc = st->cc = v.u.i;
		st->tt = st->ct = 0;
		*flags = EDGE_COUNT_ONLY | (is_bool(&v) ? EDGE_BOOL : 0);
		return 0;
	case MV_STAT:
		*st = d->stats[v.u.id];
		return 0;
	case MV_TUPLE:
		break;
	default:
		return expect_kind(d, &v, MV_TUPLE, "caller stats (nc, cc, tt, ct) or a call count");
	}
	if (v.u.n != 4)
		return mreader_fail(&d->r, v.offset, "caller stats have %lu items, expected 4",
				    (unsigned long)v.u.n);
items:
	if (read_int(d, &st->nc, "a call count") < 0 || read_int(d, &st->cc, "a call count") < 0 ||
	    read_number(d, &st->tt, "a time") < 0 || read_number(d, &st->ct, "a time") < 0)
		return -1;
	if (v.ref != NO_ID) {
		idx = add_stat(d, st);
		if (idx == NO_ID)
			return mreader_fail(&d->r, v.offset, "out of memory");
		mreader_fill_ref(&d->r, v.ref, MV_STAT, idx);
	}
	return 0;
}

/* ("jprofile", 0, "profiler"): the profile module's caller of the top
 * level, which pstats' header lists (a line-0 key is rarely anything but
 * a built-in). */
static int is_top_marker(const struct names *n, uint32_t caller)
{
	const struct fkey *k = &n->keys[caller];

	return k->line == 0 && strtab_len(&n->strs, k->file) == 8 &&
	       strtab_len(&n->strs, k->name) == 8 &&
	       memcmp(strtab_get(&n->strs, k->file), "jprofile", 8) == 0 &&
	       memcmp(strtab_get(&n->strs, k->name), "profiler", 8) == 0;
}

static int read_callers(struct decoder *d)
{
	struct mval v;
	uint32_t caller, flags;
	struct callstat st;
	int rc;

	if (next_obj(d, &v) < 0 || expect_kind(d, &v, MV_DICT, "a dict of callers") < 0)
		return -1;
	for (;;) {
		size_t at = pos(d);
		/* Fast path: the end, or a caller key already seen ('r'); for
		 * the table alone, a key that cannot be the marker is not
		 * looked up (a random access per edge). */
		if (d->r.p < d->r.end && *d->r.p == '0') {
			d->r.p++;
			return 0;
		}
		if (d->p->stats_only && d->marker == NO_ID && mreader_fast_skip_ref(&d->r, MV_FUNC)) {
			caller = NO_ID;
		} else if (d->defer && (rc = defer_key(d, NULL)) != 0) {
			if (rc < 0)
				return -1;
			caller = NO_ID;     /* not the marker, whose line is 0 */
		} else if (!mreader_fast_ref(&d->r, MV_FUNC, &caller)) {
			if (next_obj(d, &v) < 0)
				return -1;
			if (v.kind == MV_END)
				return 0;
			if (read_func_key(d, &v, &caller) < 0)
				return -1;
		}
		if (read_callstat(d, &st, &flags) < 0)
			return -1;
		if (d->p->stats_only && (caller == NO_ID || caller != d->marker))
			continue;
		if (profile_edge(d->p, caller, &st, flags) < 0)
			return mreader_fail(&d->r, at, "out of memory");
	}
}

/*
 * An entry's key is mostly a reference to a tuple read long before (as a
 * caller), and its stats lie wherever its id was given: in a big dump the
 * reference's value, then the stats, are two cache misses at random, one
 * after the other, per entry (a third of a 1M-function --print, where a
 * 200k one finds them in cache).  Entries are kept as read, then put in
 * the profile a batch at a time: every value fetched, then every stats
 * entry, then the entries put, each loop's misses overlapping.
 */
static int put_logged(struct decoder *d)
{
	struct logged *l = d->log;
	unsigned i, n = d->nlog;

	if (pend_flush(d) < 0)      /* every deferred key, the entries' among them */
		return -1;
	d->nlog = 0;
	for (i = 0; i < n; i++) {
		if (l[i].is_slot)
			l[i].key = mreader_ref_id(&d->r, l[i].key);
		if (l[i].key < d->p->cap_stats)
			__builtin_prefetch(&d->p->stats[l[i].key], 1);
	}
	for (i = 0; i < n; i++) {
		if (profile_put(d->p, l[i].key, &l[i].e) < 0)
			return mreader_fail(&d->r, l[i].offset, "out of memory");
		d->p->stats[l[i].key].bools = l[i].bools;
		d->total_calls = profile_add_count(d->total_calls, l[i].e.nc);
		d->prim_calls = profile_add_count(d->prim_calls, l[i].e.cc);
		d->total_tt += l[i].e.tt;
	}
	d->nput += n;
	return 0;
}

/*
 * The totals, once every entry is put.  The sums taken as they were put
 * hold when no key came twice (its value replaced, its place kept: the
 * dict order then has fewer functions than entries were put) and no
 * caller was the profile module's marker (whose callees get the top-level
 * flag): a second walk of the stats in dict order would be a cache miss
 * per function of a big dump.
 */
static void finish_totals(struct decoder *d)
{
	if (!d->started_empty || d->p->norder != d->nput || d->marker != NO_ID) {
		profile_compute_totals(d->p);
		return;
	}
	d->p->total_calls = d->total_calls;
	d->p->prim_calls = d->prim_calls;
	d->p->total_tt = d->total_tt;
}

/* KEY the entry's key, SLOT the reference slot holding its id (NO_ID:
 * KEY is to be read); KEY NULL: a key tuple at the reader, to be deferred
 * when it can be. */
static int read_entry(struct decoder *d, const struct mval *key, uint32_t slot)
{
	struct mval v, kv;
	struct logged *l;
	uint32_t func = slot;
	int64_t cc, nc;
	double tt, ct;
	int cc_bool, nc_bool, deferred = 0;

	if (d->nlog == sizeof d->log / sizeof *d->log && put_logged(d) < 0)
		return -1;
	l = &d->log[d->nlog];
	if (!key) {
		deferred = defer_key(d, &l->key);
		if (deferred < 0 || (!deferred && next_obj(d, &kv) < 0))
			return -1;
		key = &kv;
	}
	if (!deferred && slot == NO_ID && read_func_key(d, key, &func) < 0)
		return -1;
	if (next_obj(d, &v) < 0 ||
	    expect_kind(d, &v, MV_TUPLE, "a (cc, nc, tt, ct, callers) tuple") < 0)
		return -1;
	if (v.u.n != 5)
		return mreader_fail(&d->r, v.offset, "function stats have %lu items, expected 5",
				    (unsigned long)v.u.n);
	if (read_count(d, &cc, "a primitive call count", &cc_bool) < 0 ||
	    read_count(d, &nc, "a call count", &nc_bool) < 0 ||
	    read_number(d, &tt, "a time") < 0 || read_number(d, &ct, "a time") < 0)
		return -1;
	l->e.edge_off = d->p->nedges;
	if (profile_begin(d->p, NO_ID, cc, nc, tt, ct) < 0 || read_callers(d) < 0)
		return -1;
	l->e.cc = cc;
	l->e.nc = nc;
	l->e.tt = tt;
	l->e.ct = ct;
	l->e.edge_cnt = (uint32_t)(d->p->nedges - l->e.edge_off);
	l->offset = v.offset;
	if (!deferred)              /* else set, or to be, by pend_one */
		l->key = func;
	l->is_slot = slot != NO_ID;
	l->bools = (uint8_t)((cc_bool ? FSTAT_CC_BOOL : 0) | (nc_bool ? FSTAT_NC_BOOL : 0));
	d->nlog++;
	return 0;
}

/* Every pstats dump is one marshal dict: '{', with FLAG_REF from marshal
 * version 3.  Checked on the first byte before a file is read whole, so a
 * disk image or a 1 GB sparse file is refused at once. */
static int check_first_byte(unsigned char b, const char *file, struct err *e)
{
	if ((b & 0x7f) == '{')
		return 0;
	if (b > 0x20 && b < 0x7f)
		err_at(e, file, 0, "not a pstats dump (starts with '%c', expected a marshal dict)", b);
	else
		err_at(e, file, 0, "not a pstats dump (starts with byte 0x%02x, expected a marshal dict)", b);
	return -1;
}

/*
 * The tables sized once from the dump's size, by what big dumps hold per
 * byte (about 400 bytes per function, 300 per distinct string, a tenth of
 * the file in string bytes, a reference per 150, a caller edge per 40 at
 * most): they then neither copy nor rehash while it is read.  Room not
 * used is never touched, so costs no memory; only the hash tables are
 * sized for no more than expected.
 */
#define PRESIZE_MIN_BYTES ((size_t)1 << 20)

/* What is expected beyond what the names already hold: a dump read again
 * (live mode's reload) finds nearly all of its names there. */
static size_t beyond(size_t expected, size_t have)
{
	return expected > have ? expected - have : 0;
}

/* Called once the first entry decoded: a file that is no dump (a 1 GB
 * sparse one) is refused before any table is sized for it. */
static int presize(struct decoder *d)
{
	const struct names *n = d->p->names;
	size_t size = d->r.file_size;

	if (size < PRESIZE_MIN_BYTES)
		return 0;
	if (names_reserve(d->p->names, beyond(size / 400, n->nfuncs),
			  beyond(size / 300, n->strs.count), beyond(size / 8, n->strs.len)) < 0 ||
	    profile_reserve(d->p, (size_t)n->nfuncs + beyond(size / 400, n->nfuncs)) < 0 ||
	    (!d->p->stats_only && profile_reserve_edges(d->p, size / 40) < 0) ||
	    mreader_reserve_refs(&d->r, size / 100) < 0)
		return mreader_fail(&d->r, 0, "out of memory");
	return 0;
}

/* The dict's opening, from a reader positioned at its start. */
static int decode_open(struct decoder *d)
{
	struct mval v;

	if (d->r.p == d->r.end)
		return mreader_fail(&d->r, 0, "empty file, not a pstats dump");
	if (check_first_byte(*d->r.p, d->r.file, d->r.e) < 0)
		return -1;
	if (next_obj(d, &v) < 0)
		return -1;
	if (v.kind != MV_DICT)
		return mreader_fail(&d->r, 0, "not a pstats dump (starts with %s, expected a marshal dict)",
				    mkind_name(v.kind));
	return 0;
}

/* The clock is read once per this many entries: a few microseconds of
 * decoding each, a clock read per entry would show. */
#ifndef ENTRIES_PER_CHECK   /* the fuzz build slices small dumps too */
#define ENTRIES_PER_CHECK 256
#endif

/* Entries until the dict's end (then the totals: 0) or until the deadline
 * (mono_us(); 0 for none) passes (1).  *first is 1 until one entry is read. */
static int decode_entries(struct decoder *d, int *first, int64_t deadline_us)
{
	struct mval v, *key;
	unsigned n = 0;
	uint32_t slot;

	for (;;) {
		if (deadline_us && ++n % ENTRIES_PER_CHECK == 0 && mono_us() >= deadline_us)
			return put_logged(d) < 0 ? -1 : 1;
		key = &v;
		slot = NO_ID;
		/* A key met before as a caller ('r'): its kind checked in the
		 * reader's bits, where mreader_next reads its kind byte too (two
		 * cache misses at random, not one); the id it holds is read
		 * later (put_logged). */
		if (mreader_fast_ref_slot(&d->r, MV_FUNC, &slot)) {
			v.kind = MV_FUNC;
			v.u.id = NO_ID;     /* read from the slot, never from v */
		} else if (d->defer && d->r.p < d->r.end && (*d->r.p & ~MREADER_FLAG_REF) == ')') {
			key = NULL;         /* read (or deferred) by read_entry */
		} else if (next_obj(d, &v) < 0) {
			return -1;
		} else if (v.kind == MV_END) {
			break;
		}
		if (read_entry(d, key, slot) < 0 || (*first && presize(d) < 0))
			return -1;
		if (*first) {
			*first = 0;
			/* the tables sized for a big dump are a slice's worth */
			if (deadline_us && d->r.file_size >= PRESIZE_MIN_BYTES)
				return put_logged(d) < 0 ? -1 : 1;
		}
	}
	if (put_logged(d) < 0)      /* and the deferred keys */
		return -1;
	finish_totals(d);
	return 0;
}

/* The dict, from a reader positioned at its start; then the totals. */
static int decode(struct decoder *d)
{
	int first = 1;

	if (decode_open(d) < 0)
		return -1;
	return decode_entries(d, &first, 0);
}

static void decoder_init(struct decoder *d, struct profile *p)
{
	/* a dump read again (a reload): its keys and strings come in the
	 * order they were stored */
	names_replay_start(p->names);
	d->p = p;
	d->marker = NO_ID;
	d->nlog = 0;
	d->total_calls = d->prim_calls = 0;
	d->total_tt = 0;
	d->nput = 0;
	d->started_empty = p->norder == 0;
	d->pend_first = d->npend = 0;
	/* a first read of a dump for the table alone (a reload's replay
	 * finds its strings without the misses) */
	d->defer = p->stats_only && !p->names->strs.replay && p->names->replay == NO_ID;
	d->stats = NULL;
	d->nstats = d->cap_stats = 0;
}

static void decoder_free(struct decoder *d)
{
	mreader_free(&d->r);
	free(d->stats);
}

int pstats_decode(struct profile *p, const void *buf, size_t len,
		  const char *file, struct err *e)
{
	struct decoder d;
	int rc;

	decoder_init(&d, p);
	mreader_init(&d.r, buf, len, file, &p->names->strs, e);
	rc = decode(&d);
	decoder_free(&d);
	return rc;
}

struct pstats_job {
	struct decoder d;
	int opened, first;
};

struct pstats_job *pstats_job_start(struct profile *p, int fd, size_t size, const char *file,
				    struct err *e)
{
	struct pstats_job *j = calloc(1, sizeof *j);

	if (!j) {
		err_at(e, file, -1, "out of memory");
		return NULL;
	}
	decoder_init(&j->d, p);
	j->first = 1;
	if (mreader_init_fd(&j->d.r, fd, size, PSTATS_MAX_BYTES, file, &p->names->strs, e) < 0) {
		pstats_job_free(j);
		return NULL;
	}
	return j;
}

int pstats_job_step(struct pstats_job *j, int64_t deadline_us)
{
	if (!j->opened) {
		if (decode_open(&j->d) < 0)
			return -1;
		j->opened = 1;
	}
	return decode_entries(&j->d, &j->first, deadline_us);
}

size_t pstats_job_done_bytes(const struct pstats_job *j)
{
	return mreader_pos(&j->d.r);
}

void pstats_job_free(struct pstats_job *j)
{
	if (!j)
		return;
	decoder_free(&j->d);
	free(j);
}

/*
 * A plain file decoded as it is read, a window at a time, instead of read
 * whole first: for an 85 MB dump, the fresh 85 MB buffer's page faults and
 * unmapping cost more than the decoding, and doubled the peak RSS.
 */
int pstats_decode_fd(struct profile *p, int fd, size_t size, const char *file, struct err *e)
{
	struct pstats_job *j = pstats_job_start(p, fd, size, file, e);
	int rc;

	if (!j)
		return -1;
	rc = pstats_job_step(j, 0);
	pstats_job_free(j);
	return rc;
}
