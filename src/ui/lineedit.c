/* Prompt line editing, readline-style; no curses here. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/keys.h"
#include "proftop/lineedit.h"

void lineedit_set(struct lineedit *l, const char *text)
{
	snprintf(l->text, sizeof l->text, "%s", text);
	l->len = strlen(l->text);
	/* a cut in the middle of a character would leave a broken tail */
	while (l->len && ((unsigned char)l->text[l->len - 1] & 0xC0) == 0x80 &&
	       l->len == sizeof l->text - 1)
		l->text[--l->len] = 0;
	l->cursor = l->len;
}

void lineedit_start(struct lineedit *l, const char *initial, struct history *h)
{
	memset(l, 0, sizeof *l);
	lineedit_set(l, initial);
	l->hist = h;
	l->hist_pos = h ? h->n : 0;
}

static size_t prev_char(const struct lineedit *l, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	/* cppcheck-suppress arrayIndexOutOfBoundsCond ; false positive: at < len < sizeof text here */
	while (at > 0 && ((unsigned char)l->text[at] & 0xC0) == 0x80)
		at--;
	return at;
}

static size_t next_char(const struct lineedit *l, size_t at)
{
	if (at >= l->len)
		return l->len;
	at++;
	while (at < l->len && ((unsigned char)l->text[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static void delete_range(struct lineedit *l, size_t from, size_t to)
{
	memmove(l->text + from, l->text + to, l->len - to + 1);
	l->len -= to - from;
	l->cursor = from;
}

static int insert_char(struct lineedit *l, int cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (l->len + n >= sizeof l->text)
		return 0;
	memmove(l->text + l->cursor + n, l->text + l->cursor, l->len - l->cursor + 1);
	memcpy(l->text + l->cursor, u, n);
	l->len += n;
	l->cursor += n;
	return 1;
}

/* C-w: the word before the cursor and the blanks after it. */
static void delete_word(struct lineedit *l)
{
	size_t at = l->cursor;

	while (at > 0 && l->text[at - 1] == ' ')
		at--;
	while (at > 0 && l->text[at - 1] != ' ')
		at--;
	delete_range(l, at, l->cursor);
}

static enum edit_result history_step(struct lineedit *l, int dir)
{
	struct history *h = l->hist;
	size_t pos;

	if (!h || (dir < 0 && l->hist_pos == 0) || (dir > 0 && l->hist_pos >= h->n))
		return EDIT_NONE;
	if (l->hist_pos == h->n)
		snprintf(l->draft, sizeof l->draft, "%s", l->text);
	pos = dir < 0 ? l->hist_pos - 1 : l->hist_pos + 1;
	l->hist_pos = pos;
	lineedit_set(l, pos == h->n ? l->draft : h->items[pos]);
	return EDIT_CHANGED;
}

static enum edit_result move_to(struct lineedit *l, size_t at)
{
	if (at == l->cursor)
		return EDIT_NONE;
	l->cursor = at;
	return EDIT_MOVED;
}

enum edit_result lineedit_key(struct lineedit *l, int key)
{
	size_t len0 = l->len;

	switch (key) {
	case TK_ENTER: return EDIT_ACCEPT;
	case TK_ESC: case 7 /* C-g */: return EDIT_CANCEL;
	case TK_LEFT: case 2 /* C-b */: return move_to(l, prev_char(l, l->cursor));
	case TK_RIGHT: case 6 /* C-f */: return move_to(l, next_char(l, l->cursor));
	case TK_HOME: case 1 /* C-a */: return move_to(l, 0);
	case TK_END: case 5 /* C-e */: return move_to(l, l->len);
	case TK_UP: case 16 /* C-p */: return history_step(l, -1);
	case TK_DOWN: case 14 /* C-n */: return history_step(l, 1);
	case TK_BACKSPACE:
		delete_range(l, prev_char(l, l->cursor), l->cursor);
		break;
	case TK_DEL: case 4 /* C-d */:
		delete_range(l, l->cursor, next_char(l, l->cursor));
		break;
	case 21: /* C-u: clears the line */
		delete_range(l, 0, l->len);
		break;
	case 11: /* C-k: to the end */
		delete_range(l, l->cursor, l->len);
		break;
	case 23: /* C-w */
		delete_word(l);
		break;
	default:
		if (key < 0x20 || key >= TK_BASE || key == 0x7f)
			return EDIT_NONE;
		if (!insert_char(l, key))
			return EDIT_NONE;
		return EDIT_CHANGED;
	}
	return l->len != len0 ? EDIT_CHANGED : EDIT_NONE;
}

/* An entry given again moves to the end: Up finds each pattern once. */
void history_add(struct history *h, const char *line)
{
	char *copy;
	size_t i;

	if (!line[0] || (h->n && strcmp(h->items[h->n - 1], line) == 0))
		return;
	for (i = 0; i < h->n; i++)
		if (strcmp(h->items[i], line) == 0) {
			copy = h->items[i];
			memmove(h->items + i, h->items + i + 1, (h->n - i - 1) * sizeof *h->items);
			h->items[h->n - 1] = copy;
			return;
		}
	copy = strdup(line);
	if (!copy)
		return;
	if (h->n == HISTORY_MAX) {
		free(h->items[0]);
		memmove(h->items, h->items + 1, (HISTORY_MAX - 1) * sizeof *h->items);
		h->n--;
	}
	h->items[h->n++] = copy;
}

void history_free(struct history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->items[i]);
	h->n = 0;
}
