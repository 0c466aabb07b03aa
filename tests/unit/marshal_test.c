/* The marshal reader on hand-made byte strings: every type code pstats
 * dumps can hold, the values decoded, and the offsets errors name. */
#include "autoconfig.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "proftop/marshal.h"
#include "proftop/pstats.h"

/* B("...") : a byte string literal and its length (without the NUL). */
#define B(s) (const unsigned char *)(s), sizeof(s) - 1

struct fixture {
	struct strtab strs;
	struct err e;
	struct mreader r;
};

static void open_bytes(struct fixture *f, const unsigned char *buf, size_t len)
{
	memset(&f->strs, 0, sizeof f->strs);
	err_clear(&f->e);
	mreader_init(&f->r, buf, len, "t.prof", &f->strs, &f->e);
}

static void close_bytes(struct fixture *f)
{
	mreader_free(&f->r);
	strtab_free(&f->strs);
}

/* Decodes one object; returns its kind, or -1 on error. */
static int one(const unsigned char *buf, size_t len, struct mval *v)
{
	struct fixture f;
	int rc;

	open_bytes(&f, buf, len);
	rc = mreader_next(&f.r, v) < 0 ? -1 : v->kind;
	close_bytes(&f);
	return rc;
}

static int int_is(const unsigned char *buf, size_t len, int64_t want)
{
	struct mval v;
	return one(buf, len, &v) == MV_INT && v.u.i == want;
}

static int float_is(const unsigned char *buf, size_t len, double want)
{
	struct mval v;
	return one(buf, len, &v) == MV_FLOAT && v.u.f == want;
}

static int str_is(const unsigned char *buf, size_t len, const char *want)
{
	struct fixture f;
	struct mval v;
	int ok;

	open_bytes(&f, buf, len);
	ok = mreader_next(&f.r, &v) == 0 && v.kind == MV_STR &&
	     strtab_len(&f.strs, v.u.id) == strlen(want) &&
	     memcmp(strtab_get(&f.strs, v.u.id), want, strlen(want)) == 0 &&
	     f.r.p == f.r.end;
	close_bytes(&f);
	return ok;
}

/* Reads objects until one fails; returns the error offset, or -2 if the
 * input decoded without error. */
static long long fail_offset(const unsigned char *buf, size_t len, int nobjects)
{
	struct fixture f;
	struct mval v;
	long long off = -2;
	int i;

	open_bytes(&f, buf, len);
	for (i = 0; i < nobjects; i++)
		if (mreader_next(&f.r, &v) < 0) {
			off = f.e.set ? f.e.offset : -3;
			break;
		}
	close_bytes(&f);
	return off;
}

static void scalars(void)
{
	struct mval v;

	CHECK("N is None", one(B("N"), &v) == MV_NONE);
	CHECK("T is 1", int_is(B("T"), 1));
	CHECK("F is 0", int_is(B("F"), 0));
	CHECK("0 ends a dict", one(B("0"), &v) == MV_END);
	CHECK("i positive", int_is(B("i\x2a\x00\x00\x00"), 42));
	CHECK("i negative", int_is(B("i\xfe\xff\xff\xff"), -2));
	CHECK("i with FLAG_REF", int_is(B("\xe9\x07\x00\x00\x00"), 7));
	CHECK("I (64-bit, Python 2)", int_is(B("I\x00\x00\x00\x00\x01\x00\x00\x00"), INT64_C(1) << 32));
	CHECK("I negative", int_is(B("I\xff\xff\xff\xff\xff\xff\xff\xff"), -1));
	CHECK("l one digit", int_is(B("l\x01\x00\x00\x00\x05\x00"), 5));
	CHECK("l zero", int_is(B("l\x00\x00\x00\x00"), 0));
	CHECK("l two digits", int_is(B("l\x02\x00\x00\x00\x01\x00\x02\x00"), 1 + 2 * 32768));
	CHECK("l negative, two digits", int_is(B("l\xfe\xff\xff\xff\x01\x00\x02\x00"), -(1 + 2 * 32768)));
	CHECK("l INT64_MAX",
	      int_is(B("l\x05\x00\x00\x00\xff\x7f\xff\x7f\xff\x7f\xff\x7f\x07\x00"), INT64_MAX));
	CHECK("l -INT64_MAX",
	      int_is(B("l\xfb\xff\xff\xff\xff\x7f\xff\x7f\xff\x7f\xff\x7f\x07\x00"), -INT64_MAX));
	CHECK("l 2^63 overflows",
	      fail_offset(B("l\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00"), 1) == 0);
	CHECK("l -(2^63+1) overflows",
	      fail_offset(B("l\xfb\xff\xff\xff\x01\x00\x00\x00\x00\x00\x00\x00\x08\x00"), 1) == 0);
	CHECK("l 2^75 overflows",
	      fail_offset(B("l\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00"), 1) == 0);
	CHECK("l digit >= 2^15 is an error", fail_offset(B("Ni\x01\x00\x00\x00l\x01\x00\x00\x00\x00\x80"), 3) == 6);
	CHECK("l unnormalized (top digit 0) is an error",
	      fail_offset(B("l\x02\x00\x00\x00\x01\x00\x00\x00"), 1) == 0);
	CHECK("f text float", float_is(B("f\x04" "1.25"), 1.25));
	CHECK("f text float, exponent", float_is(B("f\x05" "1e-07"), 1e-07));
	CHECK("f negative", float_is(B("f\x04-0.5"), -0.5));
	CHECK("g binary float", float_is(B("g\x00\x00\x00\x00\x00\x00\xf4\x3f"), 1.25));
	CHECK("g with FLAG_REF", float_is(B("\xe7\x00\x00\x00\x00\x00\x00\xf4\xbf"), -1.25));
	CHECK("f empty text is an error", fail_offset(B("f\x00"), 1) == 0);
	CHECK("f junk text is an error", fail_offset(B("NNf\x02" "1x"), 3) == 2);
	CHECK("unknown code is 'other'", one(B("c"), &v) == MV_OTHER);
}

static void strings(void)
{
	CHECK("s bytes", str_is(B("s\x03\x00\x00\x00" "abc"), "abc"));
	CHECK("s empty", str_is(B("s\x00\x00\x00\x00"), ""));
	CHECK("t interned (Python 2)", str_is(B("t\x02\x00\x00\x00" "ab"), "ab"));
	CHECK("u unicode (UTF-8 kept)", str_is(B("u\x04\x00\x00\x00\xc3\xa9t\xc3"), "\xc3\xa9t\xc3"));
	CHECK("u non-ASCII name", str_is(B("u\x06\x00\x00\x00\xe8\xa8\x88\xe7\xae\x97"), "\xe8\xa8\x88\xe7\xae\x97"));
	CHECK("a ascii", str_is(B("a\x03\x00\x00\x00xyz"), "xyz"));
	CHECK("A ascii interned", str_is(B("A\x01\x00\x00\x00q"), "q"));
	CHECK("z short ascii", str_is(B("z\x05hello"), "hello"));
	CHECK("Z short ascii interned", str_is(B("Z\x02hi"), "hi"));
	CHECK("z with FLAG_REF", str_is(B("\xda\x03" "abc"), "abc"));
	CHECK("Z with FLAG_REF", str_is(B("\xda\x00"), ""));
	CHECK("s truncated: offset of the object", fail_offset(B("Ns\x05\x00\x00\x00" "ab"), 2) == 1);
	CHECK("s length truncated", fail_offset(B("NNs\x05\x00"), 3) == 2);
	CHECK("z truncated", fail_offset(B("z\x05" "ab"), 1) == 0);
	CHECK("z without length", fail_offset(B("Nz"), 2) == 1);
	CHECK("u negative length", fail_offset(B("u\xff\xff\xff\xff"), 1) == 0);
	CHECK("a length 2^31-1", fail_offset(B("a\xff\xff\xff\x7fxx"), 1) == 0);
}

static void containers(void)
{
	struct mval v;

	CHECK("( tuple header", one(B("(\x03\x00\x00\x00NNN"), &v) == MV_TUPLE && v.u.n == 3);
	CHECK(") small tuple header", one(B(")\x02NN"), &v) == MV_TUPLE && v.u.n == 2);
	CHECK("[ list header", one(B("[\x01\x00\x00\x00N"), &v) == MV_TUPLE && v.u.n == 1);
	CHECK("{ dict header", one(B("{0"), &v) == MV_DICT);
	CHECK("( with FLAG_REF keeps its slot", one(B("\xa8\x00\x00\x00\x00"), &v) == MV_TUPLE && v.ref == 0);
	CHECK(") with FLAG_REF keeps its slot", one(B("\xa9\x00"), &v) == MV_TUPLE && v.ref == 0);
	CHECK("{ with FLAG_REF keeps its slot", one(B("\xfb" "0"), &v) == MV_DICT && v.ref == 0);
	CHECK("( without FLAG_REF has no slot", one(B("(\x00\x00\x00\x00"), &v) == MV_TUPLE && v.ref == NO_ID);
	CHECK("( count beyond the file", fail_offset(B("N(\x05\x00\x00\x00NN"), 2) == 1);
	CHECK("( count 2^31-1", fail_offset(B("(\xff\xff\xff\x7f"), 1) == 0);
	CHECK("( negative count", fail_offset(B("(\xff\xff\xff\xff"), 1) == 0);
	CHECK("[ count truncated", fail_offset(B("[\x01\x00"), 1) == 0);
	CHECK(") without count", fail_offset(B(")"), 1) == 0);
	CHECK("empty input", fail_offset(B(""), 1) == 0);
}

static void references(void)
{
	struct fixture f;
	struct mval v;
	uint32_t first;

	/* r to a string, to an int, to a float. */
	open_bytes(&f, B("\xda\x03" "abc\xe9\x05\x00\x00\x00\xe7\x00\x00\x00\x00\x00\x00\xf4\x3f"
			 "r\x00\x00\x00\x00r\x01\x00\x00\x00r\x02\x00\x00\x00"));
	CHECK("ref: string read", mreader_next(&f.r, &v) == 0 && v.kind == MV_STR);
	first = v.u.id;
	CHECK("ref: int read", mreader_next(&f.r, &v) == 0 && v.u.i == 5);
	CHECK("ref: float read", mreader_next(&f.r, &v) == 0 && v.u.f == 1.25);
	CHECK("r 0 is the string", mreader_next(&f.r, &v) == 0 && v.kind == MV_STR && v.u.id == first);
	CHECK("r 1 is the int", mreader_next(&f.r, &v) == 0 && v.kind == MV_INT && v.u.i == 5);
	CHECK("r 2 is the float", mreader_next(&f.r, &v) == 0 && v.kind == MV_FLOAT && v.u.f == 1.25);
	close_bytes(&f);

	/* A FLAG_REF tuple read as a function key, then referenced. */
	open_bytes(&f, B("\xa9\x03r\x00\x00\x00\x00"));
	CHECK("ref: tuple header", mreader_next(&f.r, &v) == 0 && v.kind == MV_TUPLE && v.ref == 0);
	CHECK("r to an unfinished tuple says so",
	      mreader_next(&f.r, &v) == 0 && v.kind == MV_RESERVED);
	f.r.p -= 5;
	mreader_fill_ref(&f.r, 0, MV_FUNC, 7);
	CHECK("r to a filled tuple is the function",
	      mreader_next(&f.r, &v) == 0 && v.kind == MV_FUNC && v.u.id == 7);
	close_bytes(&f);

	/* A FLAG_REF'd r to a function key is one too (the kind bits). */
	open_bytes(&f, B("\xa9\x03\xf2\x00\x00\x00\x00r\x01\x00\x00\x00"));
	CHECK("ref of a ref: tuple header", mreader_next(&f.r, &v) == 0 && v.ref == 0);
	mreader_fill_ref(&f.r, 0, MV_FUNC, 7);
	CHECK("ref of a ref: read", mreader_next(&f.r, &v) == 0 && v.kind == MV_FUNC && v.u.id == 7);
	first = 0;
	CHECK("ref of a ref: r to it is a function key on the fast path",
	      mreader_fast_ref(&f.r, MV_FUNC, &first) == 1 && first == 7);
	close_bytes(&f);

	/* A string taken whole with its hash computed ahead, then referenced. */
	open_bytes(&f, B("\xda\x03" "abcr\x00\x00\x00\x00"));
	{
		uint32_t len = 0, id;
		size_t hdr = mreader_peek_str(f.r.p, f.r.end, &len);
		CHECK("peek: a short string", hdr == 2 && len == 3);
		id = mreader_take_str(&f.r, hdr, len, strtab_hash("abc", 3));
		CHECK("take: interned as strtab_intern would", id == strtab_intern(&f.strs, "abc", 3));
		CHECK("take: r to it is the string", mreader_next(&f.r, &v) == 0 && v.kind == MV_STR && v.u.id == id);
		CHECK("a string is not a function key", mreader_fast_ref(&f.r, MV_FUNC, &first) == 0);
	}
	close_bytes(&f);
	CHECK("peek: a string past the window's end is not taken",
	      mreader_peek_str((const unsigned char *)"z\x05" "ab", (const unsigned char *)"z\x05" "ab" + 4,
			       &first) == 0);

	CHECK("r past the last slot", fail_offset(B("\xe9\x01\x00\x00\x00r\x01\x00\x00\x00"), 2) == 5);
	CHECK("r with no slots", fail_offset(B("r\x00\x00\x00\x00"), 1) == 0);
	CHECK("r 2^32-1", fail_offset(B("r\xff\xff\xff\xff"), 1) == 0);
	CHECK("r truncated", fail_offset(B("\xe9\x01\x00\x00\x00r\x00"), 2) == 5);

	/* Python 2: 't' strings are numbered for 'R'; other strings are not. */
	open_bytes(&f, B("s\x01\x00\x00\x00xt\x02\x00\x00\x00" "ab" "R\x00\x00\x00\x00"));
	CHECK("R: s read", mreader_next(&f.r, &v) == 0);
	CHECK("R: t read", mreader_next(&f.r, &v) == 0);
	first = v.u.id;
	CHECK("R 0 is the first interned string",
	      mreader_next(&f.r, &v) == 0 && v.kind == MV_STR && v.u.id == first);
	close_bytes(&f);
	CHECK("R past the interned strings", fail_offset(B("s\x01\x00\x00\x00xR\x00\x00\x00\x00"), 2) == 6);
}

/* Decodes a whole dump; returns 0 or the error offset (+1000000 marks that
 * decoding failed without an offset). */
static long long decode(struct names *n, struct profile *p, const unsigned char *buf, size_t len)
{
	struct err e;

	err_clear(&e);
	names_init(n);
	profile_init(p, n);
	if (pstats_decode(p, buf, len, "t.prof", &e) == 0)
		return -1;
	return e.offset >= 0 ? e.offset : 1000000;
}

static void pstats_dumps(void)
{
	struct names n;
	struct profile p;
	uint32_t a, b;
	const struct fstat *fa, *fb;
	const struct edge *ed;

	/*
	 * A version 4 style dump: FLAG_REF on keys, strings and numbers, a
	 * caller key given as a reference to a stats key, a caller stats tuple
	 * that is later referenced whole, and ints where pstats has floats.
	 *   slot 0: key a ('a.py', 5, 'f'), 1: 'a.py', 2: 5, 3: 'f'
	 *   slot 4: key b, 5: 'g', 6: caller stats of a in b
	 */
	static const unsigned char v4[] =
		"{"
		"\xa9\x03\xda\x04" "a.py" "\xe9\x05\x00\x00\x00\xda\x01" "f"
		")\x05i\x01\x00\x00\x00i\x01\x00\x00\x00g\x00\x00\x00\x00\x00\x00\xf0\x3f"
		"g\x00\x00\x00\x00\x00\x00\x00\x40{0"
		"\xa9\x03r\x01\x00\x00\x00i\x09\x00\x00\x00\xda\x01g"
		")\x05i\x02\x00\x00\x00i\x03\x00\x00\x00i\x01\x00\x00\x00" "f\x03" "1.5"
		"{r\x00\x00\x00\x00\xa9\x04i\x03\x00\x00\x00i\x02\x00\x00\x00g\x00\x00\x00\x00\x00\x00\xe0\x3f"
		"i\x01\x00\x00\x00"
		"0"
		"0";

	CHECK("v4 dump decodes", decode(&n, &p, v4, sizeof v4 - 1) == -1);
	a = fixture_func(&n, "a.py", 5, "f");
	b = fixture_func(&n, "a.py", 9, "g");
	CHECK("v4: two functions, keys shared", p.norder == 2 && n.nfuncs == 2 && a == 0 && b == 1);
	fa = &p.stats[a];
	fb = &p.stats[b];
	CHECK("v4: stats of f", fa->cc == 1 && fa->nc == 1 && fa->tt == 1.0 && fa->ct == 2.0 && fa->edge_cnt == 0);
	CHECK("v4: stats of g (int and text float times)",
	      fb->cc == 2 && fb->nc == 3 && fb->tt == 1.0 && fb->ct == 1.5 && fb->edge_cnt == 1);
	ed = &p.edges[fb->edge_off];
	CHECK("v4: g's caller is f through a reference", ed->caller == a && !(ed->flags & EDGE_COUNT_ONLY));
	CHECK("v4: caller stats", ed->st.nc == 3 && ed->st.cc == 2 && ed->st.tt == 0.5 && ed->st.ct == 1.0);
	CHECK("v4: totals as pstats", p.total_calls == 4 && p.prim_calls == 3 && p.total_tt == 2.0);
	profile_free(&p);
	names_free(&n);

	/* The profile module: callers are plain counts; Python 2 'R' names. */
	static const unsigned char prof[] =
		"{"
		"(\x03\x00\x00\x00t\x04\x00\x00\x00" "b.py" "i\x01\x00\x00\x00t\x01\x00\x00\x00h"
		"(\x05\x00\x00\x00i\x04\x00\x00\x00i\x04\x00\x00\x00" "f\x04" "0.25f\x04" "0.75"
		"{(\x03\x00\x00\x00R\x00\x00\x00\x00i\x02\x00\x00\x00R\x01\x00\x00\x00"
		"i\x04\x00\x00\x00"
		"0"
		"0";
	CHECK("profile-module dump decodes", decode(&n, &p, prof, sizeof prof - 1) == -1);
	a = fixture_func(&n, "b.py", 1, "h");
	b = fixture_func(&n, "b.py", 2, "h");
	CHECK("profile: the caller key from R refs", n.nfuncs == 2 && a == 0 && b == 1);
	fa = &p.stats[a];
	CHECK("profile: stats", fa->cc == 4 && fa->nc == 4 && fa->tt == 0.25 && fa->ct == 0.75 && fa->edge_cnt == 1);
	ed = &p.edges[fa->edge_off];
	CHECK("profile: a count-only caller edge",
	      ed->caller == b && (ed->flags & EDGE_COUNT_ONLY) && ed->st.nc == 4);
	profile_free(&p);
	names_free(&n);

	/* Error offsets inside a whole dump. */
	CHECK("dump: int where the dict should be", decode(&n, &p, B("i\x00\x00\x00\x00")) == 0);
	profile_free(&p);
	names_free(&n);
	CHECK("dump: bad key tuple length",
	      decode(&n, &p, B("{)\x02z\x01" "ai\x01\x00\x00\x00")) == 1);
	profile_free(&p);
	names_free(&n);
	CHECK("dump: reference to the unfinished key inside itself",
	      decode(&n, &p, B("{\xa9\x03r\x00\x00\x00\x00")) == 3);
	profile_free(&p);
	names_free(&n);
}

int main(void)
{
	scalars();
	strings();
	containers();
	references();
	pstats_dumps();
	return CHECK_DONE();
}
