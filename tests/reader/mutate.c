/*
 * Corruption driver for the reader: decodes many broken variants of real
 * dumps in one process (thousands of process launches would be too slow,
 * above all under ASan) and checks that each either loads or fails with an
 * error naming a byte offset inside the input, never crashes, and never
 * holds more memory than a small multiple of the input's size.
 *
 *   mutate prefixes FILE...           every proper prefix must fail
 *   mutate mutations SEED N FILE...   N seeded mutants of each file
 *   mutate write SEED N FILE DIR      write N mutants of FILE to DIR/NNNN.prof
 *   mutate claims                     hand-made inputs claiming huge sizes
 *
 * Prints PASS:/FAIL: lines for tests/run, and "#" lines with figures.
 * Memory is counted by the tests' malloc wrapper (tests/oom/heap_wrap.c,
 * linked with -Wl,--wrap=...): the peak of live bytes while a dump is decoded.
 */
#include "autoconfig.h"

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/print.h"
#include "proftop/input.h"
#include "proftop/pstats.h"
#include "heap_wrap.h"

/* Allowed peak of live heap bytes while decoding an input of len bytes. */
#define MEM_PER_BYTE 64
#define MEM_SLACK ((size_t)4 << 20)

/* --- heap accounting: tests/oom/heap_wrap.c ----------------------------- */

/* --- decoding ------------------------------------------------------------ */

struct tally {
	unsigned long loaded, failed, bad;
	size_t worst_ratio_len, worst_ratio_peak;   /* the input with the highest peak/len */
	size_t largest_alloc;
};

static FILE *devnull;

/* Decodes buf; on success also prints reports (to /dev/null) so that odd
 * values reach the model and print layers.  Returns 0 if the outcome is
 * acceptable, else -1 with why in `why`. */
static int check_one(const unsigned char *buf, size_t len, int rate, struct tally *t,
		     char *why, size_t whysize)
{
	static const char *const sorts[] = { NULL, "cumulative", "calls,name", "stdname" };
	struct names names;
	struct profile p;
	struct err e;
	size_t base, peak, allowed;
	int rc, bad = 0;
	unsigned k;

	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	base = heap_live;
	heap_peak = heap_live;
	heap_largest = 0;
	rc = pstats_decode(&p, buf, len, "mutant", &e);
	if (rc == 0 && profile_finish(&p) < 0) {
		snprintf(why, whysize, "profile_finish failed");
		bad = 1;
	}
	peak = heap_peak - base;
	allowed = MEM_PER_BYTE * len + MEM_SLACK;
	if (!bad && peak > allowed) {
		snprintf(why, whysize, "decoding %zu bytes held %zu bytes of heap (allowed %zu)",
			 len, peak, allowed);
		bad = 1;
	}
	/* Short inputs only show the fixed start-up tables: rate the others. */
	if (rate && len && (!t->worst_ratio_len || (double)peak / (double)len >
					   (double)t->worst_ratio_peak / (double)t->worst_ratio_len)) {
		t->worst_ratio_len = len;
		t->worst_ratio_peak = peak;
	}
	if (heap_largest > t->largest_alloc)
		t->largest_alloc = heap_largest;
	if (!bad && rc < 0) {
		if (!e.set || e.offset < 0 || (size_t)e.offset > len || !e.msg[0]) {
			snprintf(why, whysize, "error without a valid offset (offset %lld, len %zu): %s",
				 e.offset, len, e.msg);
			bad = 1;
		}
		t->failed++;
	} else if (!bad) {
		for (k = 0; k < sizeof sorts / sizeof *sorts; k++) {
			struct sort_spec spec;
			struct print_opts po;
			memset(&spec, 0, sizeof spec);
			memset(&po, 0, sizeof po);
			if (sorts[k] && sort_spec_parse(&spec, sorts[k], 0, &e) < 0)
				continue;
			po.sort = &spec;
			po.reverse = k == 2;
			po.what = k == 0 ? PRINT_STATS | PRINT_CALLERS | PRINT_CALLEES : PRINT_STATS;
			print_report(devnull, &p, &po, &e);
		}
		if (profile_strip(&p) == 0 && profile_finish(&p) == 0) {
			struct print_opts po;
			memset(&po, 0, sizeof po);
			po.what = PRINT_STATS | PRINT_CALLERS;
			print_report(devnull, &p, &po, &e);
		}
		t->loaded++;
	}
	profile_free(&p);
	names_free(&names);
	if (bad)
		t->bad++;
	return bad ? -1 : 0;
}

static int read_all(const char *path, unsigned char **buf, size_t *len)
{
	struct input_file f;
	struct err e;
	void *b;
	int rc;

	err_clear(&e);
	rc = input_open(&f, path, &e) < 0 ? -1 : input_read_all(&f, &b, len, &e);
	input_close(&f);
	if (rc < 0) {
		fprintf(stderr, "mutate: %s: %s\n", path, e.msg);
		return -1;
	}
	*buf = b;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void report(const char *what, const char *file, const struct tally *t, unsigned long shown_bad)
{
	printf("# %s %s: %lu loaded, %lu rejected with an offset, %lu bad; "
	       "worst heap %zu bytes for %zu input bytes (%.1fx), largest allocation %zu\n",
	       what, file, t->loaded, t->failed, t->bad, t->worst_ratio_peak, t->worst_ratio_len,
	       t->worst_ratio_len ? (double)t->worst_ratio_peak / (double)t->worst_ratio_len : 0.0,
	       t->largest_alloc);
	if (t->bad)
		printf("FAIL: %s %s (%lu bad, first %lu shown above)\n", what, file, t->bad, shown_bad);
	else
		printf("PASS: %s %s\n", what, file);
}

static int cmd_prefixes(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 0; i < argc; i++) {
		struct tally t = { 0 };
		unsigned char *buf;
		size_t len, n;
		unsigned long shown = 0;
		char why[600];

		if (read_all(argv[i], &buf, &len) < 0)
			return 2;
		for (n = 0; n < len; n++) {
			unsigned long loaded = t.loaded;
			int rc = check_one(buf, n, 0, &t, why, sizeof why);
			if (rc == 0 && t.loaded != loaded) {
				snprintf(why, sizeof why, "a proper prefix loaded");
				t.bad++;
				rc = -1;
			}
			if (rc < 0 && shown++ < 5)
				printf("    prefix of %zu bytes: %s\n", n, why);
		}
		if (check_one(buf, len, 1, &t, why, sizeof why) < 0 || t.loaded != 1) {
			printf("    the whole file does not load\n");
			t.bad++;
		}
		report("every prefix of", base_name(argv[i]), &t, shown);
		failed |= t.bad != 0;
		free(buf);
	}
	return failed;
}

/* xorshift64*: deterministic across machines. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

/* Applies 1 to 4 random edits to buf (len may shrink). */
static void mutate(unsigned char *buf, size_t *len)
{
	static const unsigned char bytes[] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x7f, 0x80, 0xff, 0xfe,
		'(', ')', '[', '{', '0', 'N', 'T', 'F', 'i', 'I', 'l', 'f', 'g', 's', 't', 'u',
		'a', 'A', 'z', 'Z', 'r', 'R', 'c', 0xa9, 0xda, 0xe9, 0xe7, 0xfb, 0xf2, 0xa8,
	};
	static const uint32_t words[] = {
		0, 1, 2, 3, 4, 5, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};
	unsigned k, edits = 1 + (unsigned)(rnd() % 4);

	for (k = 0; k < edits && *len; k++) {
		size_t at = (size_t)(rnd() % *len);
		switch (rnd() % 6) {
		case 0:
			buf[at] ^= (unsigned char)(1u << (rnd() % 8));
			break;
		case 1:
			buf[at] = (unsigned char)rnd();
			break;
		case 2:
			buf[at] = bytes[rnd() % sizeof bytes];
			break;
		case 3:
			if (at + 4 <= *len) {
				uint32_t w = words[rnd() % (sizeof words / sizeof *words)];
				buf[at] = (unsigned char)w;
				buf[at + 1] = (unsigned char)(w >> 8);
				buf[at + 2] = (unsigned char)(w >> 16);
				buf[at + 3] = (unsigned char)(w >> 24);
			}
			break;
		case 4:
			if (rnd() % 4 == 0)
				*len = at;
			break;
		default: {
			/* Copy a chunk over another: repeated keys, refs out of place. */
			size_t from = (size_t)(rnd() % *len), n = 1 + (size_t)(rnd() % 32);
			if (from + n > *len)
				n = *len - from;
			if (at + n > *len)
				n = *len - at;
			memmove(buf + at, buf + from, n);
			break;
		}
		}
	}
}

static int cmd_mutations(int argc, char **argv)
{
	unsigned long seed, count, j;
	int i, failed = 0;

	if (argc < 3)
		return 2;
	seed = strtoul(argv[0], NULL, 10);
	count = strtoul(argv[1], NULL, 10);
	for (i = 2; i < argc; i++) {
		struct tally t = { 0 };
		unsigned char *buf, *work;
		size_t len;
		unsigned long shown = 0;
		char why[600];

		if (read_all(argv[i], &buf, &len) < 0)
			return 2;
		work = malloc(len + 1);
		if (!work)
			return 2;
		rng_state = (seed + 1) * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)i;
		for (j = 0; j < count; j++) {
			size_t n = len;
			memcpy(work, buf, len);
			mutate(work, &n);
			if (check_one(work, n, n >= len / 2, &t, why, sizeof why) < 0 && shown++ < 5)
				printf("    mutant %lu (seed %lu): %s\n", j, seed, why);
		}
		report("mutations of", base_name(argv[i]), &t, shown);
		failed |= t.bad != 0;
		free(work);
		free(buf);
	}
	return failed;
}

static int cmd_write(int argc, char **argv)
{
	unsigned long seed, count, j;
	unsigned char *buf, *work;
	size_t len;
	char path[4096];

	if (argc != 4)
		return 2;
	seed = strtoul(argv[0], NULL, 10);
	count = strtoul(argv[1], NULL, 10);
	if (read_all(argv[2], &buf, &len) < 0)
		return 2;
	work = malloc(len + 1);
	if (!work)
		return 2;
	rng_state = (seed + 1) * UINT64_C(0x9E3779B97F4A7C15);
	for (j = 0; j < count; j++) {
		size_t n = len;
		FILE *f;
		memcpy(work, buf, len);
		mutate(work, &n);
		snprintf(path, sizeof path, "%s/%04lu.prof", argv[3], j);
		f = fopen(path, "wb");
		if (!f || fwrite(work, 1, n, f) != n || fclose(f) != 0) {
			fprintf(stderr, "mutate: %s: %s\n", path, strerror(errno));
			return 2;
		}
	}
	free(work);
	free(buf);
	return 0;
}

/* Inputs that claim huge sizes up front: the reader must refuse them
 * without allocating what they claim. */
static int cmd_claims(void)
{
	static const struct { const char *name; const char *bytes; size_t len; } cases[] = {
#define C(name, s) { name, s, sizeof(s) - 1 }
		C("string of 2^31-1 bytes", "{)\x03s\xff\xff\xff\x7f" "abc"),
		C("unicode of 2^31-1 bytes", "{)\x03u\xff\xff\xff\x7f" "abc"),
		C("tuple of 2^31-1 items", "{(\xff\xff\xff\x7f" "NNNN"),
		C("list of 2^31-1 items", "{[\xff\xff\xff\x7f" "NNNN"),
		C("long of 2^31-1 digits", "{)\x03z\x01" "ai\x01\x00\x00\x00z\x01" "f)\x05l\xff\xff\xff\x7f\x01\x00"),
		C("reference 2^32-1", "{)\x03r\xff\xff\xff\xff"),
		C("string reference 2^32-1", "{)\x03R\xff\xff\xff\xff"),
#undef C
	};
	size_t i;
	int failed = 0;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tally t = { 0 };
		char why[600];
		int rc = check_one((const unsigned char *)cases[i].bytes, cases[i].len, 0, &t, why, sizeof why);
		if (rc == 0 && t.failed != 1) {
			snprintf(why, sizeof why, "it loaded");
			rc = -1;
		}
		if (rc == 0 && t.largest_alloc > MEM_SLACK) {
			snprintf(why, sizeof why, "allocated %zu bytes at once", t.largest_alloc);
			rc = -1;
		}
		if (rc < 0) {
			printf("FAIL: claim: %s: %s\n", cases[i].name, why);
			failed = 1;
		} else {
			printf("PASS: claim: %s (largest allocation %zu bytes)\n", cases[i].name, t.largest_alloc);
		}
	}
	return failed;
}

int main(int argc, char **argv)
{
	int rc;

	devnull = fopen("/dev/null", "w");
	if (!devnull || argc < 2) {
		fprintf(stderr, "usage: mutate prefixes|mutations|write|claims ...\n");
		return 2;
	}
	if (strcmp(argv[1], "prefixes") == 0)
		rc = cmd_prefixes(argc - 2, argv + 2);
	else if (strcmp(argv[1], "mutations") == 0)
		rc = cmd_mutations(argc - 2, argv + 2);
	else if (strcmp(argv[1], "write") == 0)
		rc = cmd_write(argc - 2, argv + 2);
	else if (strcmp(argv[1], "claims") == 0)
		rc = cmd_claims();
	else
		rc = 2;
	fclose(devnull);
	return rc;
}
