/* The marshal writer against the reader: every value pstats uses, at every
 * version, reads back the same; a dump re-encoded decodes to the same
 * profile, and encoding is deterministic. */
#include "autoconfig.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "proftop/marshal.h"
#include "proftop/marshal_write.h"
#include "proftop/pstats.h"
#include "proftop/pstats_load.h"
#include "proftop/pstats_write.h"

static int read_back(struct mwriter *w, struct names *n, struct mval *v, size_t count)
{
	struct mreader r;
	struct err e;
	size_t i;
	int rc = 0;

	err_clear(&e);
	mreader_init(&r, w->buf, w->len, "test", &n->strs, &e);
	for (i = 0; i < count && rc == 0; i++)
		rc = mreader_next(&r, &v[i]);
	if (rc == 0 && r.p != r.end)
		rc = -1;
	mreader_free(&r);
	return rc;
}

static void test_ints(int version)
{
	static const int64_t vals[] = {
		0, 1, -1, INT32_MAX, INT32_MIN, (int64_t)INT32_MAX + 1, (int64_t)INT32_MIN - 1,
		(int64_t)1 << 45, -((int64_t)1 << 45), INT64_MAX, INT64_MIN + 1,
	};
	size_t n = sizeof vals / sizeof *vals, i;
	struct mval v[sizeof vals / sizeof *vals];
	struct mwriter w;
	struct names names;
	char name[64];
	int ok;

	names_init(&names);
	mwriter_init(&w, version);
	for (i = 0; i < n; i++)
		mwriter_int(&w, vals[i]);
	ok = read_back(&w, &names, v, n) == 0;
	for (i = 0; ok && i < n; i++)
		ok = v[i].kind == MV_INT && v[i].u.i == vals[i];
	snprintf(name, sizeof name, "ints read back, marshal v%d", version);
	CHECK(name, ok);
	mwriter_free(&w);
	names_free(&names);
}

static void test_floats(int version)
{
	static const double vals[] = { 0.0, -0.0, 0.1, 1.0 / 3, 1e300, 5e-324, 123456.789e-9 };
	size_t n = sizeof vals / sizeof *vals, i;
	struct mval v[sizeof vals / sizeof *vals];
	struct mwriter w;
	struct names names;
	char name[64];
	int ok;

	names_init(&names);
	mwriter_init(&w, version);
	for (i = 0; i < n; i++)
		mwriter_float(&w, vals[i]);
	CHECK(version < 2 ? "text floats" : "binary floats", w.buf[0] == (version < 2 ? 'f' : 'g'));
	ok = read_back(&w, &names, v, n) == 0;
	for (i = 0; ok && i < n; i++)
		ok = v[i].kind == MV_FLOAT && memcmp(&v[i].u.f, &vals[i], sizeof(double)) == 0;
	snprintf(name, sizeof name, "floats read back exactly, marshal v%d", version);
	CHECK(name, ok);
	mwriter_free(&w);
	names_free(&names);
}

static void test_strings(void)
{
	char long_ascii[300];
	struct mwriter w;
	struct names names;
	struct mval v[6];
	uint32_t slot;
	int ok;

	memset(long_ascii, 'x', sizeof long_ascii);
	names_init(&names);
	mwriter_init(&w, 4);
	slot = mwriter_str(&w, "fact", 4, 1);
	CHECK("short ASCII is 'z' with FLAG_REF", w.buf[0] == ('z' | 0x80) && slot == 0);
	mwriter_str(&w, long_ascii, sizeof long_ascii, 0);
	CHECK("long ASCII is 'a'", w.buf[6] == 'a');
	mwriter_str(&w, "\xe8\xa8\x88\xe7\xae\x97", 6, 0);       /* 計算 */
	mwriter_str(&w, "caf\xe9", 4, 0);                          /* Latin-1 bytes */
	mwriter_ref(&w, slot);
	mwriter_str(&w, "", 0, 0);
	ok = read_back(&w, &names, v, 6) == 0;
	CHECK("strings read back", ok);
	if (ok) {
		CHECK("short ASCII text", strcmp(strtab_get(&names.strs, v[0].u.id), "fact") == 0);
		CHECK("long ASCII text", strtab_len(&names.strs, v[1].u.id) == sizeof long_ascii);
		CHECK("UTF-8 is 'u'", v[2].type == 'u' &&
		      strcmp(strtab_get(&names.strs, v[2].u.id), "\xe8\xa8\x88\xe7\xae\x97") == 0);
		CHECK("not UTF-8: bytes 's'", v[3].type == 's');
		CHECK("reference gives the same string", v[4].kind == MV_STR && v[4].u.id == v[0].u.id);
		CHECK("empty string", v[5].kind == MV_STR && strtab_len(&names.strs, v[5].u.id) == 0);
	}
	mwriter_free(&w);
	mwriter_init(&w, 2);
	CHECK("no reference slot before v3", mwriter_str(&w, "fact", 4, 1) == UINT32_MAX);
	CHECK("v2 writes Python 2 str", w.buf[0] == 's');
	mwriter_free(&w);
	names_free(&names);
}

static int same_profile(const struct profile *a, const struct profile *b)
{
	uint32_t i, j;

	if (a->norder != b->norder || a->total_calls != b->total_calls)
		return 0;
	for (i = 0; i < a->norder; i++) {
		const struct fstat *fa = &a->stats[a->order[i]], *fb = &b->stats[b->order[i]];
		if (a->order[i] != b->order[i] || fa->cc != fb->cc || fa->nc != fb->nc ||
		    fa->tt != fb->tt || fa->ct != fb->ct || fa->edge_cnt != fb->edge_cnt)
			return 0;
		for (j = 0; j < fa->edge_cnt; j++) {
			const struct edge *ea = &a->edges[fa->edge_off + j], *eb = &b->edges[fb->edge_off + j];
			if (ea->caller != eb->caller || ea->flags != eb->flags ||
			    memcmp(&ea->st, &eb->st, sizeof ea->st) != 0)
				return 0;
		}
	}
	return 1;
}

static void test_dump(const char *path, const char *label)
{
	struct names names;
	struct profile p, q;
	struct mwriter w, w2;
	struct err e;
	char name[128];
	int v, ok;

	names_init(&names);
	profile_init(&p, &names);
	err_clear(&e);
	ok = pstats_load(&p, path, &e) == 0;
	snprintf(name, sizeof name, "%s: loads", label);
	CHECK(name, ok);
	for (v = 0; ok && v <= MARSHAL_VERSION_MAX; v++) {
		mwriter_init(&w, v);
		mwriter_init(&w2, v);
		profile_init(&q, &names);
		ok = pstats_encode(&w, &p, NULL, 0) == 0 &&
		     pstats_decode(&q, w.buf, w.len, "re-encoded", &e) == 0;
		snprintf(name, sizeof name, "%s: v%d decodes to the same profile", label, v);
		CHECK(name, ok && same_profile(&p, &q));
		ok = ok && pstats_encode(&w2, &q, NULL, 0) == 0;
		snprintf(name, sizeof name, "%s: v%d encodes the same bytes twice", label, v);
		CHECK(name, ok && w.len == w2.len && memcmp(w.buf, w2.buf, w.len) == 0);
		profile_free(&q);
		mwriter_free(&w);
		mwriter_free(&w2);
	}
	profile_free(&p);
	names_free(&names);
}

int main(void)
{
	const char *src = getenv("SRCDIR");
	char path[4096];
	int v;

	for (v = 0; v <= MARSHAL_VERSION_MAX; v++) {
		test_ints(v);
		test_floats(v);
	}
	test_strings();
	if (!src)
		src = ".";
	snprintf(path, sizeof path, "%s/tests/data/fixtures/py313-cprofile-v4.prof", src);
	test_dump(path, "cProfile dump");
	snprintf(path, sizeof path, "%s/tests/data/fixtures/py313-profile-v4.prof", src);
	test_dump(path, "profile dump (count-only callers)");
	return CHECK_DONE();
}
