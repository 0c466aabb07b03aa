/*
 * libFuzzer target for the dot writer's escaping: function file and names
 * come from the input (newline-separated pieces), become a chain of calls,
 * and go through graph_build and dot_write.  Beyond crashes, the output must
 * be text graphviz reads as we mean it: valid UTF-8, no control byte but
 * newline and tab, and every quoted string closed on its own line.  A
 * violation aborts, which libFuzzer reports as a crash.
 */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/dot.h"
#include "proftop/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FUNCS 8

static size_t utf8_len(const unsigned char *s, size_t len)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return n;
}

/* The properties dot's lexer relies on. */
static void check_dot(const unsigned char *s, size_t len)
{
	size_t i = 0;
	int quoted = 0;

	while (i < len) {
		size_t n = utf8_len(s + i, len - i);
		if (n == 0)
			abort();                        /* invalid UTF-8 */
		if (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
			abort();                        /* a raw control byte */
		if (quoted && (s[i] == '\n' || s[i] == '\t'))
			abort();                        /* a label spanning lines */
		if (s[i] == 0x7f)
			abort();
		if (quoted && s[i] == '\\' && i + 1 < len) {
			i += 2;
			continue;
		}
		if (s[i] == '"')
			quoted = !quoted;
		i += n;
	}
	if (quoted)
		abort();                                /* an unclosed string */
}

static void build(struct profile *p, const uint8_t *data, size_t size)
{
	const uint8_t *s = data, *end = data + size;
	uint32_t ids[MAX_FUNCS];
	size_t n = 0, i;

	while (n < MAX_FUNCS && s <= end) {
		const uint8_t *nl = memchr(s, '\n', (size_t)(end - s));
		size_t l = nl ? (size_t)(nl - s) : (size_t)(end - s);
		uint32_t str = strtab_intern(&p->names->strs, (const char *)s, l);
		if (str == NO_ID)
			return;
		/* the piece as both file and name: base names, extensions, '/' */
		ids[n] = names_func(p->names, str, (int64_t)n - 2, str);
		if (ids[n] == NO_ID)
			return;
		n++;
		if (!nl)
			break;
		s = nl + 1;
	}
	for (i = 0; i < n; i++) {
		struct callstat st = { 1, 1, 0.5, 1.0 };
		if (profile_begin(p, ids[i], 1, 1, 1.0 + (double)i, 2.0 + (double)i) < 0)
			return;
		if (i > 0 && profile_edge(p, ids[i - 1], &st, 0) < 0)
			return;
		if (profile_end(p, 1) < 0)
			return;
	}
	profile_compute_totals(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct names names;
	struct profile p;
	struct graph g;
	struct graph_opts go;
	struct err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int cm;

	names_init(&names);
	profile_init(&p, &names);
	build(&p, data, size);
	err_clear(&e);
	graph_opts_default(&go);
	go.node_thres = go.edge_thres = 0;
	memset(&g, 0, sizeof g);
	if (p.norder && profile_finish(&p) == 0 && graph_build(&g, &p, NULL, 0, &go, &e) == 0) {
		for (cm = 0; cm < DOT_CM_COUNT; cm += DOT_CM_COUNT - 1) {
			out = open_memstream(&buf, &len);
			if (!out)
				break;
			if (dot_write(out, &p, &g, (enum dot_colormap)cm, &e) == 0) {
				fclose(out);
				check_dot((const unsigned char *)buf, len);
			} else {
				fclose(out);
			}
			free(buf);
			buf = NULL;
		}
		graph_free(&g);
	}
	profile_free(&p);
	names_free(&names);
	return 0;
}
