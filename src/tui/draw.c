/* Safe text drawing: names from a dump never reach the terminal raw. */
#include "autoconfig.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "proftop/tui.h"

/* One displayed unit: a character, or an escape such as \x1b or \u202e. */
struct unit {
	wchar_t wc;         /* 0 for an escape */
	char esc[12];
	int width;
};

/* Characters that would reorder, hide or join text: shown escaped. */
static int is_invisible(wchar_t c)
{
	return c == 0x00AD || c == 0x061C || c == 0x180E ||
	       (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
	       (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF ||
	       (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

/* Decodes one UTF-8 character strictly (no overlongs, no surrogates). */
static int decode(const unsigned char *s, size_t len, wchar_t *out)
{
	uint32_t cp;
	size_t n = utf8_decode(s, len, &cp);

	if (!n || utf8_is_surrogate(cp))
		return -1;
	*out = (wchar_t)cp;
	return (int)n;
}

/* The next unit of s; returns the bytes it took. */
static size_t next_unit(const char *s, size_t len, struct unit *u)
{
	wchar_t wc;
	int n = decode((const unsigned char *)s, len, &wc);

	u->wc = 0;
	if (n < 0) {
		snprintf(u->esc, sizeof u->esc, "\\x%02x", (unsigned char)s[0]);
		u->width = 4;
		return 1;
	}
	if (wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0)) {
		snprintf(u->esc, sizeof u->esc, "\\x%02x", (unsigned)wc);
		u->width = 4;
		return (size_t)n;
	}
	u->width = wc < 0x80 ? 1 : wcwidth(wc);
	if (u->width <= 0 || is_invisible(wc)) {
		snprintf(u->esc, sizeof u->esc, wc > 0xFFFF ? "\\U%08x" : "\\u%04x", (unsigned)wc);
		u->width = (int)strlen(u->esc);
		return (size_t)n;
	}
	u->wc = wc;
	return (size_t)n;
}

int text_width(const char *s, size_t len)
{
	struct unit u;
	size_t i = 0;
	int w = 0;

	while (i < len) {
		i += next_unit(s + i, len - i, &u);
		w += u.width;
	}
	return w;
}

static void put_unit(const struct unit *u, int attr, int esc_attr)
{
	if (u->wc) {
		wchar_t ws[2] = { u->wc, 0 };
		attrset(attr);
		addnwstr(ws, 1);
	} else {
		attrset(esc_attr);
		addstr(u->esc);
	}
}

int draw_text(int y, int x, int width, const char *s, size_t len, int attr, unsigned flags)
{
	struct unit u;
	size_t i = 0;
	int used = 0, total, esc_attr = attr | A_UNDERLINE;

	if (width <= 0)
		return 0;
	move(y, x);
	total = text_width(s, len);
	if (total > width && (flags & DRAW_ELLIPSIS_LEFT)) {
		/* Skip from the left until the tail and an ellipsis fit. */
		int skip = total - (width - 1);
		while (i < len && skip > 0) {
			i += next_unit(s + i, len - i, &u);
			skip -= u.width;
		}
		attrset(attr);
		if (MB_CUR_MAX > 1)
			addnwstr(L"\u2026", 1);
		else
			addch('~');
		used++;
		for (; skip < 0; skip++, used++)   /* a wide char cut in half */
			addch(' ');
	}
	while (i < len) {
		size_t n = next_unit(s + i, len - i, &u);
		if (used + u.width > width)
			break;
		put_unit(&u, attr, esc_attr);
		used += u.width;
		i += n;
	}
	attrset(A_NORMAL);
	return used;
}

void draw_fill(int y, int x, int width, int attr)
{
	attrset(attr);
	if (width > 0)
		mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

int tui_attr(const struct tui *t, enum tui_color c)
{
	int attr;

	if (t->colors && tui_config_attr(t, c, &attr))
		return attr;
	if (t->colors) {
		int bold = c == TC_HEAT4 || c == TC_ERROR || c == TC_TITLE ? A_BOLD : 0;
		return (int)COLOR_PAIR(c) | bold;
	}
	switch (c) {
	case TC_TITLE: case TC_STATUS: return A_REVERSE;
	case TC_CURSOR: return A_REVERSE;
	case TC_HEAT3: case TC_HEAT4: case TC_ERROR: return A_BOLD;
	case TC_ESCAPE: return A_UNDERLINE;
	default: return A_NORMAL;
	}
}

int tui_heat(const struct tui *t, double pct)
{
	if (pct >= 50)
		return tui_attr(t, TC_HEAT4);
	if (pct >= 20)
		return tui_attr(t, TC_HEAT3);
	if (pct >= 5)
		return tui_attr(t, TC_HEAT2);
	if (pct >= 1)
		return tui_attr(t, TC_HEAT1);
	return A_NORMAL;
}

/* printf pads by bytes: the bytes a title has beyond its characters. */
static int extra_bytes(const char *s)
{
	int extra = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) == 0x80)
			extra++;
	return extra;
}

void draw_column_titles(const struct tui *t, int y, const struct column_def *defs,
			const struct column_layout *lo, int n, int sort_col, int reverse)
{
	int c, attr = tui_attr(t, TC_TITLE);

	draw_fill(y, 0, COLS, attr);
	for (c = 0; c < n; c++) {
		char buf[128];
		const char *mark = "";
		int w = lo->width[c], k;
		if (!lo->shown[c] || w <= 0)
			continue;
		if (c == sort_col)
			mark = t->utf8 ? (reverse ? "\u25b2" : "\u25bc") : (reverse ? "^" : "v");
		if (c == lo->text)
			k = snprintf(buf, sizeof buf, "%s%s", defs[c].title, mark);
		else    /* right-aligned over the numbers, the mark in the last cell */
			k = snprintf(buf, sizeof buf, "%*s%s", w - (*mark ? 1 : 0) + extra_bytes(defs[c].title),
				     defs[c].title, mark);
		draw_text(y, lo->x[c], w, buf, draw_len(k, sizeof buf), c == sort_col ? attr | (int)A_UNDERLINE : attr, 0);
	}
}

void draw_column_text(const struct column_layout *lo, int c, int y, int attr, const char *text)
{
	char buf[400];
	int n;

	if (!lo->shown[c])
		return;
	n = snprintf(buf, sizeof buf, "%*s", lo->width[c], text);
	draw_text(y, lo->x[c], lo->width[c], buf, draw_len(n, sizeof buf), attr, 0);
}

size_t draw_body_height(int top)
{
	int h = LINES - top - 2;

	return h > 0 ? (size_t)h : 1;
}
