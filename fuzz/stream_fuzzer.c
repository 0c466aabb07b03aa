/*
 * libFuzzer target for the streaming reader: the input becomes a file (a
 * memfd) read by pstats_load, which decodes a plain dump a window at a time;
 * fuzz/build.sh shrinks the window to 64 bytes so objects straddle its edge.
 * Differential check: for an input that starts like a dump, the streamed
 * decode must agree with pstats_decode of the same bytes in memory (success
 * or the same error at the same offset, and the same functions and totals).
 * So must a read for the table alone (--print), in memory and streamed: a
 * first such read defers its keys (pstats.c's defer_key), and must still
 * give a full read's strings and keys, id for id, and its stats.
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

static void compare(const struct profile *a, const struct profile *b,
		    const struct err *ea, const struct err *eb)
{
	uint32_t i;

	if (a->norder != b->norder)
		disagree("streamed and in-memory reads: the number of functions", ea, eb);
	for (i = 0; i < a->norder; i++) {
		const struct fstat *fa = &a->stats[a->order[i]], *fb = &b->stats[b->order[i]];
		if (a->order[i] != b->order[i] || fa->nc != fb->nc || fa->cc != fb->cc ||
		    fa->edge_cnt != fb->edge_cnt || memcmp(&fa->tt, &fb->tt, sizeof fa->tt) ||
		    memcmp(&fa->ct, &fb->ct, sizeof fa->ct))
			disagree("streamed and in-memory reads: a function's stats", ea, eb);
	}
	if (a->total_calls != b->total_calls || a->prim_calls != b->prim_calls)
		disagree("streamed and in-memory reads: the totals", ea, eb);
}

static int same_str(const struct strtab *a, const struct strtab *b, uint32_t id)
{
	return strtab_len(a, id) == strtab_len(b, id) &&
	       memcmp(strtab_get(a, id), strtab_get(b, id), strtab_len(a, id)) == 0;
}

/* A full read (A) and a read for the table alone (B), each into names of
 * its own. */
static void compare_table(const struct profile *a, const struct profile *b,
			  const struct err *ea, const struct err *eb)
{
	const struct names *na = a->names, *nb = b->names;
	uint32_t i;

	if (na->nfuncs != nb->nfuncs || na->strs.count != nb->strs.count)
		disagree("a full read and one for the table alone: the number of keys or strings", ea, eb);
	for (i = 0; i < na->strs.count; i++)
		if (!same_str(&na->strs, &nb->strs, i))
			disagree("a full read and one for the table alone: a string", ea, eb);
	for (i = 0; i < na->nfuncs; i++)
		if (na->keys[i].file != nb->keys[i].file || na->keys[i].name != nb->keys[i].name ||
		    na->keys[i].line != nb->keys[i].line)
			disagree("a full read and one for the table alone: a key", ea, eb);
	if (a->norder != b->norder)
		disagree("a full read and one for the table alone: the number of functions", ea, eb);
	for (i = 0; i < a->norder; i++) {
		const struct fstat *fa = &a->stats[a->order[i]], *fb = &b->stats[b->order[i]];
		if (a->order[i] != b->order[i] || fa->nc != fb->nc || fa->cc != fb->cc ||
		    memcmp(&fa->tt, &fb->tt, sizeof fa->tt) || memcmp(&fa->ct, &fb->ct, sizeof fa->ct) ||
		    fa->bools != fb->bools || fa->in_stats != fb->in_stats ||
		    fa->top_level != fb->top_level)
			disagree("a full read and one for the table alone: a function's stats", ea, eb);
	}
	if (a->total_calls != b->total_calls || a->prim_calls != b->prim_calls ||
	    memcmp(&a->total_tt, &b->total_tt, sizeof a->total_tt) ||
	    a->max_name_len != b->max_name_len)
		disagree("a full read and one for the table alone: the totals", ea, eb);
}

/* The bytes read for the table alone, in memory (STREAMED 0) or from the
 * file, each into names of its own; agreeing with the full read MEM. */
static void check_table(const uint8_t *data, size_t size, const char *path, int streamed,
			const struct profile *mem, int rm, const struct err *em)
{
	struct names names;
	struct profile tab;
	struct err et;
	int rt;

	err_clear(&et);
	names_init(&names);
	profile_init(&tab, &names);
	tab.stats_only = 1;
	rt = streamed ? pstats_load(&tab, path, &et) : pstats_decode(&tab, data, size, path, &et);
	if ((rm < 0) != (rt < 0) || (rm < 0 && (em->offset != et.offset ||
						strcmp(em->msg, et.msg) != 0)))
		disagree("a full read and one for the table alone: the outcome", em, &et);
	if (rm == 0)
		compare_table(mem, &tab, em, &et);
	profile_free(&tab);
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
		if ((rm < 0) != (rs < 0) || (rm < 0 && (em.offset != es.offset ||
							strcmp(em.msg, es.msg) != 0)))
			disagree("streamed and in-memory reads: the outcome", &em, &es);
		if (rm == 0)
			compare(&mem, &str, &em, &es);
		/* the full read again, into names of its own as the table's */
		err_clear(&em);
		names_init(&full_names);
		profile_init(&full, &full_names);
		rm = pstats_decode(&full, data, size, path, &em);
		check_table(data, size, path, 0, &full, rm, &em);
		check_table(data, size, path, 1, &full, rm, &em);
		profile_free(&full);
		names_free(&full_names);
	}
	profile_free(&mem);
	profile_free(&str);
	names_free(&names);
	close(fd);
	return 0;
}
