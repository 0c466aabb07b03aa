/* query_sort's fast paths give exactly the order of a plain stable sort. */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "proftop/query.h"

/* A deterministic generator, so that a failure reproduces. */
static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Few distinct values, so that ties (and their stable order) matter. */
static double pick_time(void)
{
	static const double vals[] = { 0.0, -0.0, 1e-9, 0.5, 0.5, 2.0, 1e300, -1.0, 3.25 };
	return vals[next() % (sizeof vals / sizeof *vals)];
}

static int64_t pick_count(void)
{
	static const int64_t vals[] = { 0, 1, 1, 2, 7, 1000, -3, INT64_MAX, INT64_MIN };
	return vals[next() % (sizeof vals / sizeof *vals)];
}

/* Strings that share long prefixes, end inside one another ("a" before
 * "a\0" before "a\0b"), hold NULs and bytes above 0x7f. */
static uint32_t pick_string(struct names *n, int file)
{
	static const char *const stems[] = {
		"/usr/lib/python3/site-packages/pkg/", "/usr/lib/python3/site-packages/pkg/x",
		"/usr/lib/python3/site-packages/pkh/", "", "a", "ab", "abcdefgh", "abcdefghi",
		"abcdefgh\xff", "\xc3\xa9t\xc3\xa9", "<built-in method>", "{x}",
	};
	char buf[96];
	size_t len;
	const char *stem = stems[next() % (sizeof stems / sizeof *stems)];

	len = strlen(stem);
	memcpy(buf, stem, len);
	if (next() % 3 == 0)
		buf[len++] = 0;                  /* an embedded NUL */
	if (!file || next() % 2)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%u", (unsigned)(next() % 40));
	return strtab_intern(&n->strs, buf, len);
}

static void build(struct profile *p, struct names *n, uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		uint32_t id = names_func(n, pick_string(n, 1), (int64_t)(next() % 50) - 5, pick_string(n, 0));
		if (p->norder && id < p->cap_stats && p->stats[id].in_stats)
			continue;       /* a key drawn twice: keep the first */
		profile_begin(p, id, pick_count(), pick_count(), pick_time(), pick_time());
		profile_end(p, 0);
	}
}

/* Files that all share a long start, one of them ending exactly there:
 * the string sort skips what every string shares. */
static void build_prefixed(struct profile *p, struct names *n, uint32_t count)
{
	static const char *const files[] = {
		"/srv/app/lib/python3/site-packages/pk", "/srv/app/lib/python3/site-packages/pkg/",
		"/srv/app/lib/python3/site-packages/pkg/x", "/srv/app/lib/python3/site-packages/pkh/",
	};
	char buf[96];
	uint32_t i;

	for (i = 0; i < count; i++) {
		const char *f = files[next() % (sizeof files / sizeof *files)];
		size_t len = strlen(f);
		uint32_t id;
		memcpy(buf, f, len);
		if (next() % 3 == 0)
			buf[len++] = 0;
		if (next() % 2)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%u", (unsigned)(next() % 40));
		id = names_func(n, strtab_intern(&n->strs, buf, len), (int64_t)(next() % 50),
				pick_string(n, 0));
		if (p->norder && id < p->cap_stats && p->stats[id].in_stats)
			continue;
		profile_begin(p, id, pick_count(), pick_count(), pick_time(), pick_time());
		profile_end(p, 0);
	}
}

/*
 * Standard names' edge cases: files that are prefixes of one another, some
 * through a ':' ("a:" of "a:1(" and of "a:b:"); built-ins, "{...}" and bare,
 * one equal to a "file:" or a whole form; names holding bytes below ')'
 * (space, '!', '(') or UTF-8; equal file and line with other names; lines
 * negative, of every width, or too wide for a 64-bit key (BIG).
 */
static void build_std(struct profile *p, struct names *n, uint32_t count, int nested, int big)
{
	static const char *const flat[] = {
		"a", "a.py", "a.py2", "ab", "b/c.py", "", "\xc3\xa9.py", "~", "a b", "a!",
	};
	static const char *const nesting[] = { "a:", "a:1(", "a:b", "a:1(f)" };
	static const char *const names[] = {
		"f", "f ", "f!", "f(", "f)", "f\x01", "fg", "", "\xc3\xa9t\xc3\xa9", "<lambda>",
		"<>", "<", "{x}", "x:", "a:", "<method 'x' of 'y' objects>", "len",
	};
	static const char *const builtins[] = {
		"<lambda>", "<>", "<", "{x}", "x:", "a:", "len", "<method 'x' of 'y' objects>", "f ",
	};
	/* built-ins' forms that prefix others, or that a "file:" prefixes */
	static const char *const nesting_builtins[] = { "a:1(f)", "a:1(", "ab:", "" };
	static const int64_t lines[] = { 0, 1, 9, 10, 99, 100, 101, -1, -10, -9, 1000000, 12 };
	uint32_t i;

	for (i = 0; i < count; i++) {
		const char *f = next() % 4 ? flat[next() % (sizeof flat / sizeof *flat)]
			: nested && next() % 2 ? nesting[next() % (sizeof nesting / sizeof *nesting)] : "~";
		const char *nm = names[next() % (sizeof names / sizeof *names)];
		int64_t line = lines[next() % (sizeof lines / sizeof *lines)];
		uint32_t id;
		if (big && next() % 8 == 0)
			line = next() % 2 ? INT64_MIN : INT64_MAX - (int64_t)(next() % 3);
		if (strcmp(f, "~") == 0 && next() % 2) {
			line = 0;                        /* a built-in */
			nm = nested && next() % 4 == 0
				? nesting_builtins[next() % (sizeof nesting_builtins / sizeof *nesting_builtins)]
				: builtins[next() % (sizeof builtins / sizeof *builtins)];
		} else if (strcmp(f, "~") == 0 && line == 0) {
			line = 7;                        /* "~:7(...)", not a built-in */
		}
		id = names_func(n, strtab_intern(&n->strs, f, strlen(f)), line,
				strtab_intern(&n->strs, nm, strlen(nm)));
		if (p->norder && id < p->cap_stats && p->stats[id].in_stats)
			continue;
		profile_begin(p, id, pick_count(), pick_count(), pick_time(), pick_time());
		profile_end(p, 0);
	}
}

static int cmp_bytes(const char *a, uint32_t la, const char *b, uint32_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	if (c)
		return c < 0 ? -1 : 1;
	return la < lb ? -1 : la > lb;
}

/* The reference: Python's tuple comparison on the spec's fields. */
static int ref_field(struct profile *p, unsigned field, uint32_t a, uint32_t b)
{
	const struct fstat *fa = &p->stats[a], *fb = &p->stats[b];
	struct names *n = p->names;
	const struct fkey *ka = &n->keys[a], *kb = &n->keys[b];
	double x, y;
	int64_t i, j;
	const char *sa, *sb;
	uint32_t la, lb;

	switch (field) {
	case SF_PCALLS: i = fa->cc; j = fb->cc; break;
	case SF_CALLS: i = fa->nc; j = fb->nc; break;
	case SF_LINE: i = ka->line; j = kb->line; break;
	case SF_FILE:
		sa = names_shown_file(n, ka->file, &la);
		sb = names_shown_file(n, kb->file, &lb);
		return cmp_bytes(sa, la, sb, lb);
	case SF_NAME:
		return cmp_bytes(strtab_get(&n->strs, ka->name), strtab_len(&n->strs, ka->name),
				 strtab_get(&n->strs, kb->name), strtab_len(&n->strs, kb->name));
	case SF_STDNAME:
		sa = names_std(n, a, &la);
		sb = names_std(n, b, &lb);
		return cmp_bytes(sa, la, sb, lb);
	case SF_TIME: x = fa->tt; y = fb->tt; goto floats;
	case SF_CUM: x = fa->ct; y = fb->ct; goto floats;
	case SF_TPERCALL: x = fa->nc ? fa->tt / (double)fa->nc : 0; y = fb->nc ? fb->tt / (double)fb->nc : 0; goto floats;
	default: x = fa->cc ? fa->ct / (double)fa->cc : 0; y = fb->cc ? fb->ct / (double)fb->cc : 0; goto floats;
	}
	return i < j ? -1 : i > j;
floats:
	return x < y ? -1 : x > y;
}

static int ref_cmp(struct profile *p, const struct sort_spec *s, uint32_t a, uint32_t b)
{
	unsigned f;

	for (f = 0; f < s->n; f++) {
		int c = ref_field(p, s->field[f], a, b);
		if (c)
			return c * s->dir[f];
	}
	return 0;
}

static void ref_sort(struct profile *p, const struct sort_spec *s, uint32_t *ids, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint32_t x = ids[i];
		for (j = i; j > 0 && ref_cmp(p, s, x, ids[j - 1]) < 0; j--)
			ids[j] = ids[j - 1];
		ids[j] = x;
	}
}

static size_t n_ids(const struct profile *p)
{
	return p->names->nfuncs;
}

/* Times and counts spread wide, a few ties among them: the top K of a
 * numeric sort are then few candidates. */
static void build_spread(struct profile *p, struct names *n, uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		uint32_t id = names_func(n, pick_string(n, 1), (int64_t)i, pick_string(n, 0));
		if (p->norder && id < p->cap_stats && p->stats[id].in_stats)
			continue;
		profile_begin(p, id, (int64_t)(next() % 30000), (int64_t)(next() % 30000),
			      (double)(next() % 20000) / 1000, (double)(next() % 20000) / 1000);
		profile_end(p, 0);
	}
}

/* query_sort_top's first K are query_sort's, and every id is still there. */
static int top_as_sort(struct profile *p, const char *key, int extra, size_t k)
{
	struct sort_spec s;
	struct err e;
	size_t n = p->norder, i;
	uint32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	unsigned char *seen = calloc(n_ids(p), 1);
	int ok = a && b && seen;

	memset(&s, 0, sizeof s);
	if (ok) {
		memcpy(a, p->order, n * sizeof *a);
		memcpy(b, p->order, n * sizeof *b);
		ok = sort_spec_parse(&s, key, extra, &e) == 0 && query_sort_top(p, &s, a, n, k) == 0 &&
		     query_sort(p, &s, b, n) == 0 && memcmp(a, b, k * sizeof *a) == 0;
	}
	for (i = 0; ok && i < n; i++) {
		ok = !seen[a[i]];
		seen[a[i]] = 1;
	}
	free(a);
	free(b);
	free(seen);
	return ok;
}

static int same_as_reference(struct profile *p, const char *key, int extra)
{
	struct sort_spec s;
	struct err e;
	uint32_t *a = malloc((p->norder + 1) * sizeof *a), *b = malloc((p->norder + 1) * sizeof *b);
	int ok;

	memset(&s, 0, sizeof s);
	if (!a || !b || sort_spec_parse(&s, key, extra, &e) < 0) {
		free(a);
		free(b);
		return 0;
	}
	if (p->norder) {        /* an empty profile has no order array yet */
		memcpy(a, p->order, p->norder * sizeof *a);
		memcpy(b, p->order, p->norder * sizeof *b);
	}
	ok = query_sort(p, &s, a, p->norder) == 0;
	ref_sort(p, &s, b, p->norder);
	ok = ok && memcmp(a, b, p->norder * sizeof *a) == 0;
	free(a);
	free(b);
	return ok;
}

/* The sort, then reversed as --reverse and the table's r do it. */
static int reversed_as_reference(struct profile *p, const char *key)
{
	struct sort_spec s;
	struct err e;
	uint32_t *a = malloc((p->norder + 1) * sizeof *a), *b = malloc((p->norder + 1) * sizeof *b);
	int ok;

	memset(&s, 0, sizeof s);
	if (!a || !b || sort_spec_parse(&s, key, 0, &e) < 0) {
		free(a);
		free(b);
		return 0;
	}
	if (p->norder) {        /* an empty profile has no order array yet */
		memcpy(a, p->order, p->norder * sizeof *a);
		memcpy(b, p->order, p->norder * sizeof *b);
	}
	ok = query_sort(p, &s, a, p->norder) == 0;
	query_reverse(a, p->norder);
	ref_sort(p, &s, b, p->norder);
	query_reverse(b, p->norder);
	ok = ok && memcmp(a, b, p->norder * sizeof *a) == 0;
	free(a);
	free(b);
	return ok;
}

/* The only nesting parts: "abcdefg:" prefixes "abcdefg:!:", whose forms
 * sort the other way ('!' before the line's digits). */
static int boundary_nest_holds(void)
{
	static const char *const files[] = { "abcdefg", "abcdefg:!", "abcdefg" };
	struct names n;
	struct profile p;
	uint32_t i;
	int ok;

	names_init(&n);
	profile_init(&p, &n);
	for (i = 0; i < 3; i++) {
		profile_begin(&p, names_func(&n, strtab_intern(&n.strs, files[i], strlen(files[i])),
					     1 + i, strtab_intern(&n.strs, "f", 1)), 1, 1, 1.0, 1.0);
		profile_end(&p, 0);
	}
	ok = same_as_reference(&p, "stdname", 0);
	profile_free(&p);
	names_free(&n);
	return ok;
}

/* Every string key, and reversed, on profiles of 0 to 3 functions, then
 * bigger ones (runs past the radix sort's threshold), with and without
 * files that nest, with and without lines too wide for a key. */
static int std_cases_hold(void)
{
	static const char *const keys[] = {
		"stdname", "name", "filename", "module", "nfl", "stdname,time", "line,stdname",
	};
	static const uint32_t sizes[] = { 0, 1, 2, 3, 3, 3, 8, 40, 300, 2500 };
	size_t k, z;
	unsigned variant;
	int ok = 1;

	for (variant = 0; variant < 4; variant++)
		for (z = 0; z < sizeof sizes / sizeof *sizes; z++) {
			struct names n;
			struct profile p;
			names_init(&n);
			profile_init(&p, &n);
			build_std(&p, &n, sizes[z], variant & 1, variant & 2);
			for (k = 0; k < sizeof keys / sizeof *keys; k++)
				if (!same_as_reference(&p, keys[k], 0) ||
				    !reversed_as_reference(&p, keys[k])) {
					printf("# %s differs: %u functions, nested %u, big %u\n", keys[k],
					       (unsigned)p.norder, variant & 1, variant >> 1);
					ok = 0;
				}
			profile_free(&p);
			names_free(&n);
		}
	return ok && boundary_nest_holds();
}

/* A second profile read into the same names (a reload, a merge) after
 * string sorts kept every id's keys and ranks: new keys, new strings, parts that
 * now nest; each profile sorted again, and again. */
static int cache_holds(unsigned nested)
{
	static const char *const keys[] = { "stdname", "stdname,time", "nfl", "name", "filename", "stdname" };
	struct names n;
	struct profile a, b, c;
	size_t k;
	int ok = 1;

	names_init(&n);
	profile_init(&a, &n);
	profile_init(&b, &n);
	profile_init(&c, &n);
	build_std(&a, &n, 400, 0, 0);
	for (k = 0; k < sizeof keys / sizeof *keys; k++)
		ok &= same_as_reference(&a, keys[k], 0);
	build_std(&b, &n, 400, nested, 0);      /* mostly the same keys, a few new */
	for (k = 0; k < sizeof keys / sizeof *keys; k++)
		ok &= same_as_reference(&b, keys[k], 0) && same_as_reference(&a, keys[k], 0);
	build(&c, &n, 400);                     /* new strings and keys */
	for (k = 0; k < sizeof keys / sizeof *keys; k++)
		ok &= same_as_reference(&c, keys[k], 0) && same_as_reference(&a, keys[k], 0) &&
		      same_as_reference(&b, keys[k], 0) && reversed_as_reference(&c, keys[k]);
	/* a new key of known strings only: a line no function had */
	profile_begin(&a, names_func(&n, n.keys[0].file, 123456789, n.keys[0].name), 1, 1, 1.0, 1.0);
	profile_end(&a, 0);
	ok &= same_as_reference(&a, "stdname", 0) && same_as_reference(&c, "stdname", 0);
	profile_free(&a);
	profile_free(&b);
	profile_free(&c);
	names_free(&n);
	return ok;
}

/* Files shown from their base name on (the table's short paths), then
 * whole again, then from another cut: what a sort kept of the files of one
 * showing is not used for another. */
static int showing_holds(void)
{
	static const char *const files[] = { "x/a.py", "y/a.py", "x/b.py", "a.py", "z/a.py2", "q/a", "x/" };
	static const char *const fnames[] = { "f", "g", "f " };
	static const int64_t lines[] = { 1, 10, 9, 2 };
	static const char *const keys[] = { "stdname", "filename", "nfl", "stdname,time" };
	struct names n;
	struct profile p;
	uint32_t *base = NULL, *second = NULL, cap, i;
	size_t k, round;
	int ok = 1;

	names_init(&n);
	profile_init(&p, &n);
	for (i = 0; i < 200; i++) {
		const char *f = files[next() % (sizeof files / sizeof *files)];
		const char *nm = fnames[next() % (sizeof fnames / sizeof *fnames)];
		uint32_t id = names_func(&n, strtab_intern(&n.strs, f, strlen(f)),
					 lines[next() % (sizeof lines / sizeof *lines)],
					 strtab_intern(&n.strs, nm, strlen(nm)));
		if (id < p.cap_stats && p.stats[id].in_stats)
			continue;
		profile_begin(&p, id, pick_count(), pick_count(), pick_time(), pick_time());
		profile_end(&p, 0);
	}
	cap = n.strs.count + 1;
	base = calloc(cap, sizeof *base);
	second = calloc(cap, sizeof *second);
	for (i = 0; base && second && i < n.strs.count; i++) {
		const char *str = strtab_get(&n.strs, i), *slash = strrchr(str, '/');
		base[i] = slash ? (uint32_t)(slash + 1 - str) : 0;
		second[i] = strtab_len(&n.strs, i) > 1 ? 1 : 0;
	}
	for (round = 0; base && second && round < 4; round++) {
		names_show_files(&n, round == 1 ? base : round == 3 ? second : NULL, cap);
		for (k = 0; k < sizeof keys / sizeof *keys; k++)
			ok &= same_as_reference(&p, keys[k], 0) && reversed_as_reference(&p, keys[k]);
	}
	names_show_files(&n, NULL, 0);
	free(base);
	free(second);
	profile_free(&p);
	names_free(&n);
	return ok && base && second;
}

static int is_permutation(struct profile *p, const char *key)
{
	struct sort_spec s;
	struct err e;
	uint32_t *a = malloc(p->norder * sizeof *a);
	unsigned char *seen = calloc(n_ids(p), 1);
	uint32_t i;
	int ok = a && seen;

	memset(&s, 0, sizeof s);
	if (ok) {
		memcpy(a, p->order, p->norder * sizeof *a);
		ok = sort_spec_parse(&s, key, 0, &e) == 0 && query_sort(p, &s, a, p->norder) == 0;
	}
	for (i = 0; ok && i < p->norder; i++) {
		ok = !seen[a[i]];
		seen[a[i]] = 1;
	}
	free(a);
	free(seen);
	return ok;
}

int main(void)
{
	static const char *const keys[] = {
		"cumulative", "time", "calls", "pcalls", "line", "stdname", "filename", "name",
		"nfl", "calls,name", "filename,cumulative", "name,line,time", "line,stdname",
	};
	static const char *const extra[] = { "tpercall", "cpercall" };
	static const char *const shared[] = { "stdname", "filename", "nfl", "filename,cumulative" };
	struct names n;
	struct profile p;
	char name[64];
	size_t i;

	names_init(&n);
	profile_init(&p, &n);
	build(&p, &n, 3000);
	for (i = 0; i < sizeof keys / sizeof *keys; i++) {
		snprintf(name, sizeof name, "sort %s is the stable order", keys[i]);
		CHECK(name, same_as_reference(&p, keys[i], 0));
	}
	for (i = 0; i < sizeof extra / sizeof *extra; i++) {
		snprintf(name, sizeof name, "sort %s is the stable order", extra[i]);
		CHECK(name, same_as_reference(&p, extra[i], 1));
	}
	/* A NaN leaves the keys unordered: the comparison sort takes over, and
	 * every function is still listed once. */
	p.stats[p.order[17]].ct = NAN;
	CHECK("sort cumulative with a NaN keeps every function", is_permutation(&p, "cumulative"));
	profile_free(&p);

	profile_init(&p, &n);
	build_prefixed(&p, &n, 3000);
	for (i = 0; i < sizeof shared / sizeof *shared; i++) {
		snprintf(name, sizeof name, "sort %s over a shared start is the stable order", shared[i]);
		CHECK(name, same_as_reference(&p, shared[i], 0));
	}
	profile_free(&p);

	profile_init(&p, &n);
	build(&p, &n, 1);
	CHECK("sort of one function", same_as_reference(&p, "time", 0));
	profile_free(&p);
	names_free(&n);

	/* The top of a report (--print --limit): the heap's candidates, and
	 * the whole sort where ties or a NaN leave it to that. */
	names_init(&n);
	profile_init(&p, &n);
	build_spread(&p, &n, 20000);
	{
		static const char *const top_keys[] = { "cumulative", "time", "calls", "pcalls", "line" };
		static const size_t ks[] = { 1, 2, 40, 1000, 1200, 0 };
		size_t j;
		int all = 1;

		for (i = 0; i < sizeof top_keys / sizeof *top_keys; i++)
			for (j = 0; j < sizeof ks / sizeof *ks; j++)
				all &= top_as_sort(&p, top_keys[i], 0, ks[j] ? ks[j] : p.norder / 16);
		CHECK("the top K of a numeric sort are the sort's first K, every id kept", all);
		CHECK("the top K by time per call (an extra key)", top_as_sort(&p, "tpercall", 1, 40));
		p.stats[p.order[p.norder / 2]].ct = NAN;
		CHECK("the top K by cumulative with a NaN: the whole sort's", top_as_sort(&p, "cumulative", 0, 40));
	}
	profile_free(&p);
	profile_init(&p, &n);
	build(&p, &n, 20000);
	CHECK("the top K among many ties: the whole sort's first K",
	      top_as_sort(&p, "cumulative", 0, 40) && top_as_sort(&p, "calls", 0, 3));
	profile_free(&p);
	names_free(&n);

	CHECK("string sorts (standard names' edge cases) are the stable order, and reversed",
	      std_cases_hold());
	CHECK("string sorts again after a second profile's keys and strings", cache_holds(0));
	CHECK("string sorts again after a second profile's nesting parts", cache_holds(1));
	CHECK("string sorts follow the files as shown (short paths, whole, another cut)",
	      showing_holds());
	return CHECK_DONE();
}
