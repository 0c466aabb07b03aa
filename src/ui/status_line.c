/* A status line that keeps its most important parts at any width. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proftop/status_line.h"

void status_add(struct status_line *s, int prio, const char *sep, const char *fmt, ...)
{
	struct status_part *p;
	va_list ap;

	if (s->n == STATUS_PARTS_MAX)
		return;
	p = &s->part[s->n++];
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof p->text, fmt, ap);
	va_end(ap);
	p->sep = sep;
	p->prio = prio;
	p->shorten = 0;
}

void status_add_split(struct status_line *s, int prio, const char *text)
{
	const char *p = text, *end;

	while (*p) {
		while (*p == ' ')
			p++;
		end = strstr(p, "  ");
		if (!end)
			end = p + strlen(p);
		if (end > p)
			status_add(s, prio, "  ", "%.*s", (int)(end - p), p);
		p = end;
	}
}

void status_shorten_last(struct status_line *s)
{
	if (s->n)
		s->part[s->n - 1].shorten = 1;
}

/* Appends len bytes of text, as much as fits (and stays valid UTF-8). */
static size_t put(char *buf, size_t at, size_t size, const char *text, size_t len)
{
	if (at + 1 >= size)
		return at;
	if (len > size - 1 - at) {
		len = size - 1 - at;
		while (len && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(buf + at, text, len);
	buf[at + len] = 0;
	return at + len;
}

/* keep[i]: bytes of part i shown (0: left out); cut[i]: ends in the ellipsis. */
static size_t join(const struct status_line *s, const size_t *keep, const int *cut, const char *ellipsis,
		   char *buf, size_t size)
{
	size_t i, len = 0;
	int first = 1;

	if (size)
		buf[0] = 0;
	for (i = 0; i < s->n; i++) {
		if (!keep[i])
			continue;
		if (!first && s->part[i].sep)
			len = put(buf, len, size, s->part[i].sep, strlen(s->part[i].sep));
		len = put(buf, len, size, s->part[i].text, keep[i]);
		if (cut[i])
			len = put(buf, len, size, ellipsis, strlen(ellipsis));
		first = 0;
	}
	return len;
}

size_t status_join(const struct status_line *s, char *buf, size_t size)
{
	size_t keep[STATUS_PARTS_MAX], i;
	int cut[STATUS_PARTS_MAX] = { 0 };

	for (i = 0; i < s->n; i++)
		keep[i] = strlen(s->part[i].text);
	return join(s, keep, cut, "", buf, size);
}

/* Bytes of text that fit in `room` columns, whole characters only. */
static size_t prefix_fitting(const char *text, int room, status_width_fn w)
{
	size_t len = 0, next;

	for (;;) {
		if (!text[len])
			return len;
		next = len + 1;
		while (text[next] && ((unsigned char)text[next] & 0xc0) == 0x80)
			next++;
		if (w(text, next) > room)
			return len;
		len = next;
	}
}

/* Parts by priority, highest first, equals in their order. */
static void by_priority(const struct status_line *s, size_t *order)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		for (j = i; j > 0 && s->part[order[j - 1]].prio < s->part[i].prio; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

/* Part k cut to the room the others leave it, ending in the ellipsis;
 * left out when hardly anything of it would show. */
static void shorten(const struct status_line *s, size_t k, size_t *keep, int *cut, int width,
		    status_width_fn w, const char *ellipsis, char *buf, size_t size)
{
	const char *text = s->part[k].text;
	size_t first = 1;
	int used, room;

	while (((unsigned char)text[first] & 0xc0) == 0x80)
		first++;
	keep[k] = first;
	cut[k] = 1;
	/* the line with its first character and the ellipsis */
	used = w(buf, join(s, keep, cut, ellipsis, buf, size));
	room = width - used + w(text, first);
	keep[k] = room > 3 ? prefix_fitting(text, room, w) : 0;
	while (keep[k] && text[keep[k] - 1] == ' ')
		keep[k]--;
	if (!keep[k])
		cut[k] = 0;
}

size_t status_fit(const struct status_line *s, int width, status_width_fn w, const char *ellipsis,
		  char *buf, size_t size)
{
	size_t keep[STATUS_PARTS_MAX] = { 0 }, order[STATUS_PARTS_MAX] = { 0 }, j, k, len;
	int cut[STATUS_PARTS_MAX] = { 0 };

	by_priority(s, order);
	for (j = 0; j < s->n; j++) {
		k = order[j];
		keep[k] = strlen(s->part[k].text);
		len = join(s, keep, cut, ellipsis, buf, size);
		if (w(buf, len) <= width || !keep[k])
			continue;
		keep[k] = 0;
		if (s->part[k].shorten)
			shorten(s, k, keep, cut, width, w, ellipsis, buf, size);
	}
	return join(s, keep, cut, ellipsis, buf, size);
}
