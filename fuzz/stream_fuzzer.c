/*
 * libFuzzer target for the streaming reader: the input becomes a file (a
 * memfd) read by pstats_load, which decodes a plain dump a window at a time;
 * fuzz/build.sh shrinks the window to 64 bytes so objects straddle its edge.
 * Differential check: for an input that starts like a dump, the streamed
 * decode must agree with pstats_decode of the same bytes in memory (success
 * or the same error at the same offset, and the same functions and totals).
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

static void disagree(const char *what, const struct err *mem, const struct err *str)
{
	fprintf(stderr, "stream_fuzzer: streamed and in-memory decodes disagree on %s\n"
		"  memory:   offset %lld: %s\n  streamed: offset %lld: %s\n",
		what, mem->offset, mem->set ? mem->msg : "(ok)", str->offset,
		str->set ? str->msg : "(ok)");
	abort();
}

static void compare(const struct profile *a, const struct profile *b,
		    const struct err *ea, const struct err *eb)
{
	uint32_t i;

	if (a->norder != b->norder)
		disagree("the number of functions", ea, eb);
	for (i = 0; i < a->norder; i++) {
		const struct fstat *fa = &a->stats[a->order[i]], *fb = &b->stats[b->order[i]];
		if (a->order[i] != b->order[i] || fa->nc != fb->nc || fa->cc != fb->cc ||
		    fa->edge_cnt != fb->edge_cnt || memcmp(&fa->tt, &fb->tt, sizeof fa->tt) ||
		    memcmp(&fa->ct, &fb->ct, sizeof fa->ct))
			disagree("a function's stats", ea, eb);
	}
	if (a->total_calls != b->total_calls || a->prim_calls != b->prim_calls)
		disagree("the totals", ea, eb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct names names;
	struct profile mem, str;
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
			disagree("the outcome", &em, &es);
		if (rm == 0)
			compare(&mem, &str, &em, &es);
	}
	profile_free(&mem);
	profile_free(&str);
	names_free(&names);
	close(fd);
	return 0;
}
