/*
 * libFuzzer target for the filter path: input is a flags byte, a pattern up
 * to the first NUL, then subject names separated by newlines.  Compiles with
 * regex_compile (smart case, '!' negation), matches every name with the
 * match/depth limits, and runs query_filter over the same names as function
 * keys so func_std_string forms are matched as the UI and --filter do.
 */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/print.h"
#include "proftop/query.h"
#include "proftop/regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void filter_names(struct regex *re, const uint8_t *s, size_t len)
{
	struct names names;
	struct profile p;
	uint32_t ids[64];
	size_t n = 0;
	const uint8_t *end = s + len;

	names_init(&names);
	profile_init(&p, &names);
	while (s < end && n < sizeof ids / sizeof *ids) {
		const uint8_t *nl = memchr(s, '\n', (size_t)(end - s));
		size_t l = nl ? (size_t)(nl - s) : (size_t)(end - s);
		uint32_t str = strtab_intern(&names.strs, (const char *)s, l);
		uint32_t id;
		if (str == NO_ID)
			break;
		/* name and file from the same text: "~" file gives {built-in} forms */
		id = names_func(&names, n % 3 ? str : strtab_intern(&names.strs, "~", 1),
				(int64_t)n, str);
		if (id == NO_ID)
			break;
		ids[n++] = id;
		regex_match(re, (const char *)s, l);
		s += l + (nl != NULL);
	}
	query_filter(&p, re, ids, n);
	profile_free(&p);
	names_free(&names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *out;
	const uint8_t *nul;
	struct regex re;
	struct err e;
	char *pattern;
	size_t plen;

	if (size < 1)
		return 0;
	if (!out && !(out = fopen("/dev/null", "w")))
		return 0;
	nul = memchr(data + 1, 0, size - 1);
	plen = nul ? (size_t)(nul - data - 1) : size - 1;
	pattern = malloc(plen + 1);
	if (!pattern)
		return 0;
	memcpy(pattern, data + 1, plen);
	pattern[plen] = 0;
	err_clear(&e);
	/* the message an invalid --filter prints */
	py_repr_str(out, pattern);
	if (regex_compile(&re, pattern, data[0] & (REGEX_SMARTCASE | REGEX_NEGATE), &e) == 0) {
		if (nul)
			filter_names(&re, nul + 1, size - (size_t)(nul + 1 - data));
		regex_free(&re);
	}
	free(pattern);
	return 0;
}
