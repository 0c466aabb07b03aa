/*
 * The floor for decoding a dump (issue 15): a bare walk over its marshal
 * tokens, read a 1 MiB window at a time as the decoder reads, skipping every
 * payload; nothing interned, no reference resolved, nothing kept.
 *
 *   bench/walk FILE      prints "TOKENS REFS"
 *
 * Only the codes a pstats dump is made of; anything else stops the walk.
 */
#include "autoconfig.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW ((size_t)1 << 20)

struct walk {
	int fd;
	unsigned char *buf;
	size_t cap, len, at;
};

/* At least N bytes from `at` in the window (fewer only at the end). */
static size_t have(struct walk *w, size_t n)
{
	ssize_t got;

	if (w->len - w->at >= n)
		return w->len - w->at;
	memmove(w->buf, w->buf + w->at, w->len - w->at);
	w->len -= w->at;
	w->at = 0;
	while (n > w->cap) {
		w->cap *= 2;
		w->buf = realloc(w->buf, w->cap);
		if (!w->buf)
			exit(1);
	}
	while (w->len < w->cap && (got = read(w->fd, w->buf + w->len, w->cap - w->len)) > 0)
		w->len += (size_t)got;
	return w->len - w->at;
}

static uint32_t le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Bytes after the code byte, or -1 for a code the walk does not know. */
static long payload(struct walk *w, unsigned char code)
{
	switch (code & 0x7f) {
	case 'N': case 'T': case 'F': case '0': case '{':
		return 0;
	case 'i': case 'r': case '(': case '[':
		return 4;
	case 'g': case 'I':
		return 8;
	case ')':
		return 1;
	case 'z': case 'Z':
		return have(w, 2) < 2 ? -1 : 1 + (long)w->buf[w->at + 1];
	case 's': case 't': case 'u': case 'a': case 'A':
		return have(w, 5) < 5 ? -1 : 4 + (long)le32(w->buf + w->at + 1);
	case 'l':
		return have(w, 5) < 5 ? -1 : 4 + 2 * labs((long)(int32_t)le32(w->buf + w->at + 1));
	default:
		return -1;
	}
}

int main(int argc, char **argv)
{
	struct walk w = { -1, NULL, WINDOW, 0, 0 };
	unsigned long long tokens = 0, refs = 0;
	long n;

	if (argc != 2 || (w.fd = open(argv[1], O_RDONLY)) < 0) {
		fprintf(stderr, "usage: walk FILE\n");
		return 1;
	}
	w.buf = malloc(w.cap);
	if (!w.buf)
		return 1;
	while (have(&w, 1) > 0) {
		unsigned char code = w.buf[w.at];
		if ((n = payload(&w, code)) < 0 || have(&w, 1 + (size_t)n) < 1 + (size_t)n)
			break;
		tokens++;
		refs += (code & 0x7f) == 'r';
		w.at += 1 + (size_t)n;
	}
	printf("%llu %llu\n", tokens, refs);
	free(w.buf);
	close(w.fd);
	return 0;
}
