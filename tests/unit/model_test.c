/* The profile model on hand-made dumps: pstats.Stats.add and strip_dirs()
 * semantics, totals, top-level functions and the callees index. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "proftop/pstats.h"

/* A tiny marshal writer for the shapes pstats dumps are made of. */
struct w {
	unsigned char b[1 << 16];
	size_t n;
};

static void put(struct w *w, const void *s, size_t n)
{
	if (w->n + n <= sizeof w->b)
		memcpy(w->b + w->n, s, n);
	w->n += n;
}

static void byte(struct w *w, unsigned c)
{
	unsigned char b = (unsigned char)c;
	put(w, &b, 1);
}

static void i32(struct w *w, int32_t v)
{
	uint32_t u = (uint32_t)v;
	unsigned char b[5] = { 'i', (unsigned char)u, (unsigned char)(u >> 8),
			       (unsigned char)(u >> 16), (unsigned char)(u >> 24) };
	put(w, b, 5);
}

/* A reference to the object flagged IDX-th. */
static void ref(struct w *w, uint32_t idx)
{
	unsigned char b[5] = { 'r', (unsigned char)idx, (unsigned char)(idx >> 8),
			       (unsigned char)(idx >> 16), (unsigned char)(idx >> 24) };
	put(w, b, 5);
}

static void f64(struct w *w, double d)
{
	uint64_t u;
	int k;

	memcpy(&u, &d, sizeof u);
	byte(w, 'g');
	for (k = 0; k < 8; k++)
		byte(w, (unsigned)(u >> (8 * k)) & 0xff);
}

static void str(struct w *w, const char *s)
{
	byte(w, 'z');
	byte(w, (unsigned)strlen(s));
	put(w, s, strlen(s));
}

static void key(struct w *w, const char *file, int line, const char *name)
{
	byte(w, ')');
	byte(w, 3);
	str(w, file);
	i32(w, line);
	str(w, name);
}

/* Stats of one function; its callers follow, then end(). */
static void entry(struct w *w, const char *file, int line, const char *name,
		  int cc, int nc, double tt, double ct)
{
	key(w, file, line, name);
	byte(w, ')');
	byte(w, 5);
	i32(w, cc);
	i32(w, nc);
	f64(w, tt);
	f64(w, ct);
	byte(w, '{');
}

static void caller(struct w *w, const char *file, int line, const char *name,
		   int nc, int cc, double tt, double ct)
{
	key(w, file, line, name);
	byte(w, ')');
	byte(w, 4);
	i32(w, nc);
	i32(w, cc);
	f64(w, tt);
	f64(w, ct);
}

static void caller_count(struct w *w, const char *file, int line, const char *name, int n)
{
	key(w, file, line, name);
	i32(w, n);
}

static void end(struct w *w)
{
	byte(w, '0');
}

static int load(struct profile *p, struct names *n, const struct w *w)
{
	struct err e;

	err_clear(&e);
	profile_init(p, n);
	if (pstats_decode(p, w->b, w->n, "t.prof", &e) < 0) {
		printf("  %s at %lld\n", e.msg, e.offset);
		return -1;
	}
	return 0;
}

/* The edge of `func` whose caller is `from`, or NULL. */
static const struct edge *edge_from(const struct profile *p, uint32_t func, uint32_t from)
{
	const struct fstat *f = &p->stats[func];
	uint32_t k;

	for (k = 0; k < f->edge_cnt; k++)
		if (p->edges[f->edge_off + k].caller == from)
			return &p->edges[f->edge_off + k];
	return NULL;
}

static void merge(void)
{
	struct names n;
	struct profile a, b;
	struct w w1 = { { 0 }, 0 }, w2 = { { 0 }, 0 };
	uint32_t f, g, h;
	const struct edge *e;

	/* a: g calls f; g is top level (the profile module's marker caller). */
	byte(&w1, '{');
	entry(&w1, "a.py", 1, "f", 1, 1, 0.5, 1.0);
	caller(&w1, "a.py", 2, "g", 1, 1, 0.5, 1.0);
	end(&w1);
	entry(&w1, "a.py", 2, "g", 1, 1, 0.25, 1.25);
	caller(&w1, "jprofile", 0, "profiler", 1, 1, 0.0, 0.0);
	end(&w1);
	end(&w1);
	/* b: g and the new h call f; h comes first in b's order. */
	byte(&w2, '{');
	entry(&w2, "a.py", 3, "h", 2, 2, 0.125, 0.25);
	end(&w2);
	entry(&w2, "a.py", 1, "f", 2, 3, 1.0, 2.0);
	caller(&w2, "a.py", 2, "g", 1, 1, 0.25, 0.5);
	caller(&w2, "a.py", 3, "h", 2, 1, 0.75, 1.5);
	end(&w2);
	end(&w2);

	names_init(&n);
	CHECK("merge: first dump loads", load(&a, &n, &w1) == 0);
	CHECK("merge: second dump loads", load(&b, &n, &w2) == 0);
	CHECK("merge: totals of one dump", a.total_calls == 2 && a.prim_calls == 2 && a.total_tt == 0.75);
	f = fixture_func(&n, "a.py", 1, "f");
	g = fixture_func(&n, "a.py", 2, "g");
	h = fixture_func(&n, "a.py", 3, "h");
	CHECK("merge: top level found", a.stats[g].top_level && !a.stats[f].top_level);
	CHECK("merge: add", profile_add(&a, &b) == 0 && profile_finish(&a) == 0);
	CHECK("merge: dict order: old keys, then new ones in their order",
	      a.norder == 3 && a.order[0] == f && a.order[1] == g && a.order[2] == h);
	CHECK("merge: stats summed", a.stats[f].cc == 3 && a.stats[f].nc == 4 &&
	      a.stats[f].tt == 1.5 && a.stats[f].ct == 3.0);
	CHECK("merge: totals summed", a.total_calls == 7 && a.prim_calls == 6 && a.total_tt == 1.875);
	e = edge_from(&a, f, g);
	CHECK("merge: a shared caller's tuples summed",
	      e && e->st.nc == 2 && e->st.cc == 2 && e->st.tt == 0.75 && e->st.ct == 1.5);
	e = edge_from(&a, f, h);
	CHECK("merge: a new caller added", e && e->st.nc == 2 && e->st.cc == 1 && a.stats[f].edge_cnt == 2);
	CHECK("merge: callees index", a.callee_cnt[g] == 1 && a.callee_cnt[h] == 1 && a.callee_cnt[f] == 0);
	CHECK("merge: top level kept", a.stats[g].top_level);
	profile_free(&b);
	profile_free(&a);
	names_free(&n);
}

static void strip(void)
{
	struct names n;
	struct profile p;
	struct w w = { { 0 }, 0 };
	uint32_t f, b, c;
	const struct edge *e;

	/*
	 * x/m.py:1(f) and y/m.py:1(f) become one m.py:1(f), summed.  Its callers
	 * x/c.py:5(g) and y/c.py:5(g) become the same key inside ONE callers
	 * dict: pstats' strip_dirs() then keeps the last, it does not sum.
	 */
	byte(&w, '{');
	entry(&w, "x/m.py", 1, "f", 1, 1, 0.5, 0.5);
	caller(&w, "x/c.py", 5, "g", 1, 1, 0.5, 0.5);
	end(&w);
	entry(&w, "y/m.py", 1, "f", 2, 2, 0.25, 0.25);
	caller(&w, "y/c.py", 5, "g", 2, 2, 0.25, 0.25);
	end(&w);
	entry(&w, "~", 0, "<built-in method len>", 3, 3, 0.125, 0.125);
	caller(&w, "x/c.py", 5, "g", 1, 1, 0.0625, 0.0625);
	caller(&w, "y/c.py", 5, "g", 2, 2, 0.0625, 0.0625);
	end(&w);
	end(&w);

	names_init(&n);
	CHECK("strip: dump loads", load(&p, &n, &w) == 0);
	CHECK("strip: strip and finish", profile_strip(&p) == 0 && profile_finish(&p) == 0);
	f = fixture_func(&n, "m.py", 1, "f");
	b = fixture_func(&n, "~", 0, "<built-in method len>");
	c = fixture_func(&n, "c.py", 5, "g");
	CHECK("strip: two functions merged", p.norder == 2 && p.order[0] == f && p.order[1] == b);
	CHECK("strip: merged stats summed", p.stats[f].cc == 3 && p.stats[f].nc == 3 && p.stats[f].tt == 0.75);
	e = edge_from(&p, f, c);
	CHECK("strip: callers of merged functions summed",
	      p.stats[f].edge_cnt == 1 && e && e->st.nc == 3 && e->st.tt == 0.75);
	e = edge_from(&p, b, c);
	CHECK("strip: colliding callers in one dict: the last wins, as pstats",
	      p.stats[b].edge_cnt == 1 && e && e->st.nc == 2 && e->st.tt == 0.0625);
	CHECK("strip: totals kept", p.total_calls == 6 && p.total_tt == 0.875);
	profile_free(&p);
	names_free(&n);
}

static void counts(void)
{
	struct names n;
	struct profile p;
	struct w w = { { 0 }, 0 };
	uint32_t f, g;
	const struct edge *e;

	/* The profile module: plain counts; a repeated key replaces. */
	byte(&w, '{');
	entry(&w, "a.py", 1, "f", 9, 9, 9.0, 9.0);
	end(&w);
	entry(&w, "a.py", 2, "g", 1, 1, 0.5, 0.5);
	end(&w);
	entry(&w, "a.py", 1, "f", 4, 5, 1.0, 2.0);
	caller_count(&w, "a.py", 2, "g", 5);
	caller_count(&w, "a.py", 2, "g", 4);
	end(&w);
	end(&w);

	names_init(&n);
	CHECK("counts: dump loads", load(&p, &n, &w) == 0 && profile_finish(&p) == 0);
	f = fixture_func(&n, "a.py", 1, "f");
	g = fixture_func(&n, "a.py", 2, "g");
	CHECK("counts: a repeated key replaces, keeping its place",
	      p.norder == 2 && p.order[0] == f && p.stats[f].cc == 4 && p.stats[f].nc == 5);
	e = edge_from(&p, f, g);
	CHECK("counts: a repeated caller replaces",
	      p.stats[f].edge_cnt == 1 && e && (e->flags & EDGE_COUNT_ONLY) && e->st.nc == 4);
	CHECK("counts: totals from the final dict", p.total_calls == 6 && p.prim_calls == 5 && p.total_tt == 1.5);
	profile_free(&p);
	names_free(&n);
}

/*
 * Entries are put in the profile a batch at a time, their keys mostly
 * references to caller tuples read before: across batches, each gets its
 * own stats and callers, in dict order, and a repeated key still replaces
 * in place.
 */
static void batched(void)
{
	enum { N = 300 };
	struct names n;
	struct profile p;
	struct w w = { { 0 }, 0 };
	char name[16];
	uint32_t ok = 1, f, g, i;
	const struct edge *e;

	/* g(i) calls f(i): each f's key a flagged tuple (slot i), read as a
	 * caller first, then an 'r' to it as its own entry's key */
	byte(&w, '{');
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof name, "g%u", i);
		entry(&w, "g.py", (int)i + 1, name, 1, 1, 0.5, 1.0);
		snprintf(name, sizeof name, "f%u", i);
		byte(&w, ')' | 0x80);
		byte(&w, 3);
		str(&w, "f.py");
		i32(&w, (int)i + 1);
		str(&w, name);
		byte(&w, ')');
		byte(&w, 4);
		i32(&w, 1);
		i32(&w, 1);
		f64(&w, 0.25);
		f64(&w, 0.5);
		end(&w);
	}
	for (i = 0; i < N; i++) {
		ref(&w, i);
		byte(&w, ')');
		byte(&w, 5);
		i32(&w, (int)i + 2);
		if (i == 7)
			byte(&w, 'T');      /* a bool count, kept per entry */
		else
			i32(&w, (int)i + 2);
		f64(&w, 0.25);
		f64(&w, (double)i);
		byte(&w, '{');
		end(&w);
	}
	/* f0 again, last: replaces its values, keeps its place */
	ref(&w, 0);
	byte(&w, ')');
	byte(&w, 5);
	i32(&w, 99);
	i32(&w, 99);
	f64(&w, 0.125);
	f64(&w, 7.0);
	byte(&w, '{');
	end(&w);
	end(&w);

	names_init(&n);
	CHECK("batched: dump loads", load(&p, &n, &w) == 0 && profile_finish(&p) == 0);
	CHECK_INT("batched: every function once", 2 * N, p.norder);
	for (i = 0; i < N && ok; i++) {
		snprintf(name, sizeof name, "g%u", i);
		g = fixture_func(&n, "g.py", (int)i + 1, name);
		snprintf(name, sizeof name, "f%u", i);
		f = fixture_func(&n, "f.py", (int)i + 1, name);
		e = edge_from(&p, g, f);
		ok = p.order[i] == g && p.order[N + i] == f && e && e->st.ct == 0.5 &&
		     p.stats[f].edge_cnt == 0 && p.stats[g].edge_cnt == 1 &&
		     (i == 0 || (p.stats[f].cc == (int64_t)i + 2 && p.stats[f].ct == (double)i)) &&
		     p.stats[f].bools == (i == 7 ? FSTAT_NC_BOOL : 0);
		if (!ok)
			printf("  function %u differs\n", i);
	}
	CHECK("batched: each entry its own stats and callers, in dict order", ok);
	f = fixture_func(&n, "f.py", 1, "f0");
	CHECK("batched: a repeated key replaces, keeping its place",
	      p.order[N] == f && p.stats[f].cc == 99 && p.stats[f].ct == 7.0);
	profile_free(&p);
	names_free(&n);
}

/* Keys naming fresh strings go in the hash table late: every lookup
 * still finds each, before and after it is placed, and across a rehash. */
static void pending_keys(void)
{
	struct names n;
	uint32_t ids[40], s[40], id, i, ok = 1, found = 1;
	char buf[16];

	names_init(&n);
	for (i = 0; i < 40; i++) {
		snprintf(buf, sizeof buf, "f%u", i);
		s[i] = strtab_intern(&n.strs, buf, strlen(buf));
		ids[i] = names_func(&n, s[0], (int64_t)i, s[i]);
		ok &= ids[i] == i;
		/* the newest ones are still out of the table */
		found &= names_find(&n, s[0], (int64_t)i, s[i]) == i &&
			 names_find(&n, s[0], (int64_t)i / 2, s[i / 2]) == i / 2;
		if (i == 20)
			ok &= names_reserve(&n, 5000, 0, 0) == 0;
	}
	CHECK("pending keys: ids in order", ok);
	CHECK("pending keys: each found at once", found);
	id = names_func(&n, s[0], 39, s[39]);
	CHECK("pending keys: met again, the same id", id == 39 && n.nfuncs == 40);
	for (i = 0, ok = 1; i < 40; i++)
		ok &= names_func(&n, s[0], (int64_t)i, s[i]) == i;
	CHECK("pending keys: all met again", ok && n.nfuncs == 40);
	CHECK("pending keys: a new line of an old name is new",
	      names_func(&n, s[0], 100, s[3]) == 40 && names_find(&n, s[0], 3, s[3]) == 3);
	names_free(&n);
}

/* Call I of the kept calls' base sequence: each key new, then met again
 * some keys later. */
static uint32_t kept_key(uint32_t i)
{
	return i % 2 ? (i / 2 + 57) % 60 : i / 2;
}

/* The base sequence again (NEW keys inserted before calls 10 and 50 when
 * set): 1 when every call of it gives the id FIRST holds. */
static int kept_round(struct names *n, const uint32_t *s, const uint32_t *first, int new)
{
	uint32_t i, k, ok = 1;

	names_replay_start(n);
	for (i = 0; i < 120; i++) {
		if (new && (i == 10 || i == 50))
			names_func(n, s[0], 1000 + (int64_t)i, s[1]);
		k = kept_key(i);
		ok &= names_func(n, s[k % 7], (int64_t)k, s[k]) == first[i];
	}
	return ok;
}

/* Live mode's names keep every names_func result of a read (keep_calls),
 * and the next read expects them: keys met again as well as new ones.
 * The same calls give the same ids, each answered as expected, and so do
 * they with new keys among them or with calls dropped; other calls (keys
 * differing from the expected one in the name or the file alone, another
 * order) still give each key its own id. */
static void kept_calls(void)
{
	struct names n;
	uint32_t s[60], first[120], id, i, k, f, m, ok = 1, logged = 1;
	char buf[16];

	names_init(&n);
	n.keep_calls = 1;
	names_replay_start(&n);
	for (i = 0; i < 60; i++) {
		snprintf(buf, sizeof buf, "g%u", i);
		s[i] = strtab_intern(&n.strs, buf, strlen(buf));
	}
	for (i = 0; i < 120; i++) {
		k = kept_key(i);
		first[i] = names_func(&n, s[k % 7], (int64_t)k, s[k]);
	}
	for (i = 0; i < 120; i++)
		logged &= n.calls[i] == first[i];
	CHECK("kept calls: every result logged", n.ncalls == 120 && logged);
	ok = kept_round(&n, s, first, 0);
	CHECK("kept calls: the same calls, the same ids, each as expected",
	      ok && n.nfuncs == 60 && n.calls_hit == 120);
	ok = kept_round(&n, s, first, 1);
	CHECK("kept calls: new keys among them, the rest as expected",
	      ok && n.nfuncs == 62 && n.calls_hit == 120);
	ok = kept_round(&n, s, first, 0);
	CHECK("kept calls: calls dropped, the rest as expected", ok && n.calls_hit == 120);
	names_replay_start(&n);
	for (i = 0, ok = 1; i < 120; i++) {
		k = kept_key(i);
		f = s[(k + (i % 3 == 1)) % 7];
		m = s[(k + (i % 3 == 0)) % 60];
		id = names_func(&n, f, (int64_t)k, m);
		ok &= i % 3 == 2 ? id == first[i] : id != first[i] && id == names_find(&n, f, (int64_t)k, m);
	}
	CHECK("kept calls: keys differing in the name or the file alone", ok && n.nfuncs > 62);
	names_replay_start(&n);
	for (i = 0, ok = 1; i < 120; i++) {
		k = (i * 7 + 3) % 60;   /* another order */
		ok &= names_func(&n, s[k % 7], (int64_t)k, s[k]) == first[2 * k];
	}
	CHECK("kept calls: another order, each key its own id", ok);
	names_free(&n);
}

#define RK 120      /* keys a replay dump draws from */
#define DK 400      /* keys a deferred-keys dump draws from */

/* Key K's parts: keys that differ in the file alone, the line alone or
 * the name alone are all there (K below 27 takes every mix of three), and
 * names that begin others. */
static void key_parts(unsigned k, char *file, char *name, int *line)
{
	snprintf(file, 16, "m%u.py", k % 3);
	*line = (int)(k / 3 % 3);
	snprintf(name, 16, "f%u_%u", k / 9 % 3, k / 27 * 10 + 1);   /* f0_1, f0_11 */
}

/* A dump of the keys marked in USE, in the order ORDER, each with two
 * callers drawn from all keys (some never stats keys themselves). */
static void replay_dump(struct w *w, const unsigned *order, const int *use, unsigned seed)
{
	char file[16], name[16], cf[16], cn[16];
	unsigned i, k, c;
	int line;

	w->n = 0;
	byte(w, '{');
	srand(seed);
	for (i = 0; i < RK; i++) {
		k = order[i];
		if (!use[k])
			continue;
		key_parts(k, file, name, &line);
		entry(w, file, line, name, (int)k + 1, (int)k + 2, 0.25 * k, 0.5 * k);
		for (c = 0; c < 2; c++) {
			unsigned from = (unsigned)rand() % (RK + 10);
			key_parts(from, cf, cn, &line);
			caller(w, cf, line, cn, (int)c + 1, (int)c + 1, 0.125, 0.25);
		}
		end(w);
	}
	end(w);
}

/* Whether P (names N) holds what Q (names M) does: the same keys in the
 * same order, the same stats, callers of the same keys. */
static int same_profile(const struct profile *p, struct names *n, const struct profile *q,
			struct names *m)
{
	uint32_t i, j, len;

	if (p->norder != q->norder)
		return 0;
	for (i = 0; i < p->norder; i++) {
		uint32_t a = p->order[i], b = q->order[i];
		const struct fstat *fa = &p->stats[a], *fb = &q->stats[b];
		if (strcmp(names_std(n, a, &len), names_std(m, b, &len)) != 0 || fa->cc != fb->cc ||
		    fa->ct != fb->ct || fa->edge_cnt != fb->edge_cnt)
			return 0;
		for (j = 0; j < fa->edge_cnt; j++) {
			const struct edge *ea = &p->edges[fa->edge_off + j], *eb = &q->edges[fb->edge_off + j];
			if (strcmp(names_std(n, ea->caller, &len), names_std(m, eb->caller, &len)) != 0 ||
			    ea->st.nc != eb->st.nc)
				return 0;
		}
	}
	return 1;
}

/* Every key is its own: the table finds each at its id (a replay that took
 * a key for another, or stored one twice, would not). */
static int keys_distinct(const struct names *n)
{
	uint32_t id;

	for (id = 0; id < n->nfuncs; id++)
		if (names_find(n, n->keys[id].file, n->keys[id].line, n->keys[id].name) != id)
			return 0;
	return 1;
}

/*
 * A dump read again into the names it was read into (a reload) meets its
 * keys and strings in the order they were stored, and takes them without
 * lookups.  Read again as it was, and then changed (keys gone, new keys,
 * the order shuffled in places), each time it must be what a fresh read
 * of the same dump is, and no key or string may be stored twice.
 */
static void replay(void)
{
	static struct w w;
	struct names n, m;
	struct profile p, q;
	unsigned order[RK], i, round, t;
	int use[RK];
	uint32_t funcs, strs;

	for (i = 0; i < RK; i++) {
		order[i] = i;
		use[i] = i % 5 != 4;
	}
	names_init(&n);
	replay_dump(&w, order, use, 1);
	CHECK("replay: first read", load(&p, &n, &w) == 0);
	profile_free(&p);
	funcs = n.nfuncs;
	strs = n.strs.count;
	CHECK("replay: read again", load(&p, &n, &w) == 0);
	CHECK("replay: read again, nothing stored twice",
	      n.nfuncs == funcs && n.strs.count == strs && keys_distinct(&n));
	profile_free(&p);
	srand(11);
	for (round = 0; round < 6; round++) {
		int ok;
		for (i = 0; i < RK; i++) {
			if (rand() % 4 == 0)
				use[i] = !use[i];
			if (rand() % 6 == 0) {
				unsigned j = (unsigned)rand() % RK;
				t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		}
		replay_dump(&w, order, use, 2 + round);
		names_init(&m);
		ok = load(&p, &n, &w) == 0 && load(&q, &m, &w) == 0 && same_profile(&p, &n, &q, &m) &&
		     keys_distinct(&n);
		CHECK("replay: a changed dump read again is what a fresh read is", ok);
		profile_free(&p);
		profile_free(&q);
		names_free(&m);
	}
	names_free(&n);
}

/*
 * A dump as cProfile's dict gives it: key tuples and strings flagged, met
 * first inside callers dicts and referred to after ('r'), soon after and
 * later, from callers and as stats keys; file names written in full again,
 * or referred to; a line-0 key now and then.
 */
struct dw {
	struct w w;
	uint32_t nrefs;
	uint32_t key_ref[DK];    /* a key's tuple's reference, 0 before it is met */
	uint32_t file_ref[DK];   /* a file string's reference, 0 before */
};

static void flagged_str(struct dw *d, const char *s)
{
	byte(&d->w, 'z' | 0x80);
	byte(&d->w, (unsigned)strlen(s));
	put(&d->w, s, strlen(s));
	d->nrefs++;
}

static void deferred_key(struct dw *d, unsigned k)
{
	char file[24], name[24];
	unsigned f = k % 37;

	if (d->key_ref[k]) {
		ref(&d->w, d->key_ref[k] - 1);
		return;
	}
	byte(&d->w, ')' | 0x80);
	byte(&d->w, 3);
	d->key_ref[k] = ++d->nrefs;
	snprintf(file, sizeof file, "/app/pkg/mod%u.py", f);
	if (d->file_ref[f] && rand() % 2) {
		ref(&d->w, d->file_ref[f] - 1);
	} else if (rand() % 3) {
		flagged_str(d, file);
		if (!d->file_ref[f])
			d->file_ref[f] = d->nrefs;
	} else {
		str(&d->w, file);
	}
	i32(&d->w, k % 11 == 0 ? 0 : (int)k);
	snprintf(name, sizeof name, k % 13 == 0 ? "<%s>" : "f%s", k % 7 ? "x" : "yy");
	snprintf(name + strlen(name), sizeof name - strlen(name), "%u", k);
	flagged_str(d, name);
}

static void deferred_dump(struct dw *d, unsigned seed)
{
	unsigned i, c, nc;

	memset(d, 0, sizeof *d);
	srand(seed);
	byte(&d->w, '{');
	for (i = 0; i < DK; i += 1 + (unsigned)rand() % 2) {
		deferred_key(d, i);
		byte(&d->w, ')');
		byte(&d->w, 5);
		i32(&d->w, (int)i + 1);
		i32(&d->w, (int)i + 2);
		f64(&d->w, 0.5 * i);
		f64(&d->w, 0.75 * i);
		byte(&d->w, '{');
		nc = (unsigned)rand() % 7;
		for (c = 0; c < nc; c++) {
			/* mostly keys met just before or not yet, some far back */
			unsigned from = rand() % 4 ? i + (unsigned)rand() % 12 : (unsigned)rand() % DK;
			deferred_key(d, from < DK ? from : DK - 1);
			byte(&d->w, ')');
			byte(&d->w, 4);
			i32(&d->w, (int)c + 1);
			i32(&d->w, (int)c + 1);
			f64(&d->w, 0.125);
			f64(&d->w, 0.25);
		}
		end(&d->w);
	}
	end(&d->w);
}

/* Whether two reads of one dump hold the same strings and keys under the
 * same ids, and the same stats. */
static int same_ids(const struct profile *p, const struct profile *q)
{
	const struct names *n = p->names, *m = q->names;
	uint32_t i;

	if (n->nfuncs != m->nfuncs || n->strs.count != m->strs.count || p->norder != q->norder)
		return 0;
	for (i = 0; i < n->strs.count; i++)
		if (strtab_len(&n->strs, i) != strtab_len(&m->strs, i) ||
		    memcmp(strtab_get(&n->strs, i), strtab_get(&m->strs, i), strtab_len(&n->strs, i)) != 0)
			return 0;
	for (i = 0; i < n->nfuncs; i++)
		if (n->keys[i].file != m->keys[i].file || n->keys[i].line != m->keys[i].line ||
		    n->keys[i].name != m->keys[i].name)
			return 0;
	for (i = 0; i < p->norder; i++)
		if (p->order[i] != q->order[i] || p->stats[p->order[i]].ct != q->stats[q->order[i]].ct ||
		    p->stats[p->order[i]].nc != q->stats[q->order[i]].nc)
			return 0;
	return 1;
}

/* The table alone (--print) defers interning caller keys: read so, a dump
 * must give what a full read gives, id for id. */
static void deferred(void)
{
	static struct dw d;
	unsigned seed;
	int ok = 1;

	for (seed = 1; seed <= 20 && ok; seed++) {
		struct names n, m;
		struct profile p, q;
		struct err e;

		deferred_dump(&d, seed);
		if (d.w.n > sizeof d.w.b) {
			printf("  seed %u: the dump outgrew its buffer\n", seed);
			ok = 0;
			break;
		}
		err_clear(&e);
		names_init(&n);
		names_init(&m);
		profile_init(&p, &n);
		profile_init(&q, &m);
		p.stats_only = 1;
		ok = pstats_decode(&p, d.w.b, d.w.n, "t.prof", &e) == 0 &&
		     pstats_decode(&q, d.w.b, d.w.n, "t.prof", &e) == 0 && same_ids(&p, &q);
		if (!ok)
			printf("  seed %u: %s\n", seed, e.msg);
		profile_free(&p);
		profile_free(&q);
		names_free(&n);
		names_free(&m);
	}
	CHECK("deferred caller keys: the table alone reads the ids a full read does", ok);
}

int main(void)
{
	deferred();
	pending_keys();
	kept_calls();
	replay();
	merge();
	strip();
	counts();
	batched();
	return CHECK_DONE();
}
