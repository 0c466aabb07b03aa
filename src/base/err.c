#include "autoconfig.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/err.h"

/*
 * The file names errors were about, each stored once: an error is a value
 * copied up the stack and never freed, and its name may be any length (an
 * archive member's path inside a long archive path).  Bounded by the
 * distinct names met, not by the errors made (live mode retries a file
 * for hours).
 */
static struct {
	char **slot;          /* open addressing */
	size_t cap, n;
} names;

/* When out of memory: the name cut, as it was before names were kept. */
static char fallback[256];

static uint64_t name_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static int names_grow(void)
{
	size_t cap = names.cap ? names.cap * 2 : 64, i, j;
	char **slot = calloc(cap, sizeof *slot);

	if (!slot)
		return -1;
	for (i = 0; i < names.cap; i++)
		if (names.slot[i]) {
			for (j = name_hash(names.slot[i]) & (cap - 1); slot[j]; j = (j + 1) & (cap - 1))
				;
			slot[j] = names.slot[i];
		}
	free(names.slot);
	names.slot = slot;
	names.cap = cap;
	return 0;
}

static const char *keep_name(const char *s)
{
	size_t i;

	if (!s || !*s)
		return "";
	if ((names.n + 1) * 2 > names.cap && names_grow() < 0)
		goto cut;
	for (i = name_hash(s) & (names.cap - 1); names.slot[i]; i = (i + 1) & (names.cap - 1))
		if (strcmp(names.slot[i], s) == 0)
			return names.slot[i];
	names.slot[i] = strdup(s);
	if (!names.slot[i])
		goto cut;
	names.n++;
	return names.slot[i];
cut:
	snprintf(fallback, sizeof fallback, "%s", s);
	return fallback;
}

void err_clear(struct err *e)
{
	memset(e, 0, sizeof *e);
	e->file = "";
	e->offset = -1;
}

void err_set_file(struct err *e, const char *file)
{
	e->file = keep_name(file);
}

__attribute__((format(printf, 3, 0)))
static void err_vset(struct err *e, const char *file, const char *fmt, va_list ap)
{
	e->set = 1;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	err_set_file(e, file);
}

void err_at(struct err *e, const char *file, long long offset, const char *fmt, ...)
{
	va_list ap;

	err_clear(e);
	va_start(ap, fmt);
	err_vset(e, file, fmt, ap);
	va_end(ap);
	e->offset = offset;
}

void err_line(struct err *e, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	err_clear(e);
	va_start(ap, fmt);
	err_vset(e, file, fmt, ap);
	va_end(ap);
	e->line = line;
	e->col = col;
}

size_t err_format(const struct err *e, char *buf, size_t size)
{
	const char *file = e->file ? e->file : "";
	int n;

	if (!file[0] && e->offset >= 0)   /* a position in a pattern or format */
		n = snprintf(buf, size, "%s at offset %lld", e->msg, e->offset);
	else if (!file[0])
		n = snprintf(buf, size, "%s", e->msg);
	else if (e->line > 0)
		n = snprintf(buf, size, "%s:%d:%d: %s", file, e->line, e->col, e->msg);
	else if (e->offset >= 0)
		n = snprintf(buf, size, "%s: offset %lld: %s", file, e->offset, e->msg);
	else
		n = snprintf(buf, size, "%s: %s", file, e->msg);
	return n > 0 ? (size_t)n : 0;
}

char *err_string(const struct err *e)
{
	size_t len = err_format(e, NULL, 0);
	char *s = malloc(len + 1);

	if (s)
		err_format(e, s, len + 1);
	return s;
}

void err_print(FILE *f, const struct err *e)
{
	char cut[1024], *s = err_string(e);

	if (!s)
		err_format(e, cut, sizeof cut);
	fprintf(f, "proftop: %s\n", s ? s : cut);
	free(s);
}
