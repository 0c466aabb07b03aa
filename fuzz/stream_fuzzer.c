/*
 * libFuzzer target for the streaming reader: the input becomes a file (a
 * memfd) read by pstats_load, which decodes a plain dump a window at a time;
 * fuzz/build.sh shrinks the window to 64 bytes so objects straddle its edge.
 * Differential check: for an input that starts like a dump, the streamed
 * decode must agree with pstats_decode of the same bytes in memory (success
 * or the same error at the same offset, and the same functions and totals).
 * So must a read for the table alone (--print), in memory and streamed: a
 * first such read defers its keys (pstats.c's defer_key), and must still
 * give a full read's strings and keys, id for id, and its stats.  So must
 * live mode's read a slice at a time (pstats_job_step, here stopping every
 * 2 entries), of the whole profile and of the table alone.
 * A disagreement aborts, which libFuzzer reports as a crash.
 */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memfile.h"
#include "proftop/archive.h"
#include "proftop/input.h"
#include "proftop/pstats.h"
#include "proftop/pstats_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* WHAT names the two reads, the first one's error then the second's. */
static void disagree(const char *what, const struct err *mem, const struct err *str)
{
	fprintf(stderr, "stream_fuzzer: %s disagree\n"
		"  first:  offset %lld: %s\n  second: offset %lld: %s\n",
		what, mem->offset, mem->set ? mem->msg : "(ok)", str->offset,
		str->set ? str->msg : "(ok)");
	abort();
}

static int same_str(const struct strtab *a, const struct strtab *b, uint32_t id)
{
	return strtab_len(a, id) == strtab_len(b, id) &&
	       memcmp(strtab_get(a, id), strtab_get(b, id), strtab_len(a, id)) == 0;
}

/* WHAT two reads (PAIR) disagree on. */
static void disagree_on(const char *pair, const char *what, const struct err *ea,
			const struct err *eb)
{
	char buf[200];

	snprintf(buf, sizeof buf, "%s: %s", pair, what);
	disagree(buf, ea, eb);
}

/* Success for both, or the same error at the same offset. */
static void check_outcome(const char *pair, int ra, const struct err *ea, int rb,
			  const struct err *eb)
{
	if ((ra < 0) != (rb < 0) ||
	    (ra < 0 && (ea->offset != eb->offset || strcmp(ea->msg, eb->msg) != 0)))
		disagree_on(pair, "the outcome", ea, eb);
}

/* A full read (A) and another (B, PAIR says which): the same strings and
 * keys, id for id, and the same stats. */
static void compare_table(const struct profile *a, const struct profile *b,
			  const struct err *ea, const struct err *eb, const char *pair)
{
	const struct names *na = a->names, *nb = b->names;
	uint32_t i;

	if (na->nfuncs != nb->nfuncs || na->strs.count != nb->strs.count)
		disagree_on(pair, "the number of keys or strings", ea, eb);
	for (i = 0; i < na->strs.count; i++)
		if (!same_str(&na->strs, &nb->strs, i))
			disagree_on(pair, "a string", ea, eb);
	for (i = 0; i < na->nfuncs; i++)
		if (na->keys[i].file != nb->keys[i].file || na->keys[i].name != nb->keys[i].name ||
		    na->keys[i].line != nb->keys[i].line)
			disagree_on(pair, "a key", ea, eb);
	if (a->norder != b->norder)
		disagree_on(pair, "the number of functions", ea, eb);
	for (i = 0; i < a->norder; i++) {
		const struct fstat *fa = &a->stats[a->order[i]], *fb = &b->stats[b->order[i]];
		if (a->order[i] != b->order[i] || fa->nc != fb->nc || fa->cc != fb->cc ||
		    memcmp(&fa->tt, &fb->tt, sizeof fa->tt) || memcmp(&fa->ct, &fb->ct, sizeof fa->ct) ||
		    fa->bools != fb->bools || fa->in_stats != fb->in_stats ||
		    fa->top_level != fb->top_level)
			disagree_on(pair, "a function's stats", ea, eb);
	}
	if (a->total_calls != b->total_calls || a->prim_calls != b->prim_calls ||
	    memcmp(&a->total_tt, &b->total_tt, sizeof a->total_tt))
		disagree_on(pair, "the totals", ea, eb);
}

/* The same edges, each function's where they were: for reads of every edge. */
static void compare_edges(const struct profile *a, const struct profile *b,
			  const struct err *ea, const struct err *eb, const char *pair)
{
	uint32_t i;

	if (a->nedges != b->nedges ||
	    (a->nedges && memcmp(a->edges, b->edges, a->nedges * sizeof *a->edges)))
		disagree_on(pair, "the edges", ea, eb);
	for (i = 0; i < a->norder; i++)
		if (a->stats[a->order[i]].edge_off != b->stats[b->order[i]].edge_off ||
		    a->stats[a->order[i]].edge_cnt != b->stats[b->order[i]].edge_cnt)
			disagree_on(pair, "a function's edges", ea, eb);
}

/* The file read a slice at a time, as live mode does: every step's
 * deadline is past, so it stops as often as it checks the clock. */
static int sliced(struct profile *p, int fd, size_t size, const char *path, struct err *e)
{
	struct pstats_job *j;
	int rc;

	if (lseek(fd, 0, SEEK_SET) != 0 || !(j = pstats_job_start(p, fd, size, path, e)))
		return -1;
	while ((rc = pstats_job_step(j, 1)) > 0)
		;
	pstats_job_free(j);
	return rc;
}

enum read_how { IN_MEMORY, STREAMED, SLICED };

/* The bytes read for the table alone, HOW, each into names of its own;
 * agreeing with the full read MEM. */
static void check_table(const uint8_t *data, size_t size, const char *path, int fd,
			enum read_how how, const struct profile *mem, int rm, const struct err *em)
{
	struct names names;
	struct profile tab;
	static const char *const pairs[] = {
		[IN_MEMORY] = "a full read and one for the table alone",
		[STREAMED] = "a full read and one for the table alone, streamed",
		[SLICED] = "a full read and one for the table alone, a slice at a time",
	};
	const char *pair = pairs[how];
	struct err et;
	int rt;

	err_clear(&et);
	names_init(&names);
	profile_init(&tab, &names);
	tab.stats_only = 1;
	rt = how == STREAMED ? pstats_load(&tab, path, &et) :
	     how == SLICED ? sliced(&tab, fd, size, path, &et) :
			     pstats_decode(&tab, data, size, path, &et);
	check_outcome(pair, rm, em, rt, &et);
	if (rm == 0) {
		compare_table(mem, &tab, em, &et, pair);
		/* read again into the same names, as --watch --print reloads:
		 * the keys are replayed, not deferred */
		profile_free(&tab);
		profile_init(&tab, &names);
		tab.stats_only = 1;
		err_clear(&et);
		if (pstats_load(&tab, path, &et) < 0)
			disagree_on(pair, "a read again into the same names: the outcome", em, &et);
		compare_table(mem, &tab, em, &et, pair);
	}
	profile_free(&tab);
	names_free(&names);
}

/* The whole profile read a slice at a time, into names of its own; agreeing
 * with the full read MEM, edges too. */
static void check_sliced(int fd, size_t size, const char *path, const struct profile *mem,
			 int rm, const struct err *em)
{
	const char *pair = "a read whole and one a slice at a time";
	struct names names;
	struct profile sl;
	struct err es;
	int rs;

	err_clear(&es);
	names_init(&names);
	profile_init(&sl, &names);
	rs = sliced(&sl, fd, size, path, &es);
	check_outcome(pair, rm, em, rs, &es);
	if (rm == 0) {
		compare_table(mem, &sl, em, &es, pair);
		compare_edges(mem, &sl, em, &es, pair);
	}
	profile_free(&sl);
	names_free(&names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct names names, full_names;
	struct profile mem, str, full;
	struct err em, es, ek;
	enum input_kind kind;
	char path[64];
	int fd, rm, rs;

	fd = fuzz_memfile(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	err_clear(&em);
	err_clear(&es);
	/* One names table, as pstats_load_files shares it: same ids both ways. */
	names_init(&names);
	profile_init(&mem, &names);
	profile_init(&str, &names);
	rm = pstats_decode(&mem, data, size, path, &em);
	rs = pstats_load(&str, path, &es);
	/* Only what the input layer calls a plain file is streamed; the rest
	 * (compressed, or an archive, even one starting with '{') goes through
	 * libarchive: no in-memory twin. */
	if (size && (data[0] & 0x7f) == '{' && input_kind(path, &kind, &ek) == 0 &&
	    kind == INPUT_PLAIN) {
		const char *pair = "streamed and in-memory reads";

		check_outcome(pair, rm, &em, rs, &es);
		if (rm == 0) {
			compare_table(&mem, &str, &em, &es, pair);
			compare_edges(&mem, &str, &em, &es, pair);
		}
		/* the full read again, into names of its own: NAMES also holds
		 * what the streamed read added, which the others must not see */
		err_clear(&em);
		names_init(&full_names);
		profile_init(&full, &full_names);
		rm = pstats_decode(&full, data, size, path, &em);
		check_table(data, size, path, fd, IN_MEMORY, &full, rm, &em);
		check_table(data, size, path, fd, STREAMED, &full, rm, &em);
		check_table(data, size, path, fd, SLICED, &full, rm, &em);
		check_sliced(fd, size, path, &full, rm, &em);
		profile_free(&full);
		names_free(&full_names);
	}
	profile_free(&mem);
	profile_free(&str);
	names_free(&names);
	close(fd);
	return 0;
}
