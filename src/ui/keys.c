/* Action table, key names and the keymap; no curses here. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proftop/keys.h"

const struct action_def action_defs[ACT_COUNT] = {
#define ACT_DEF(id, name, keys, arg, help) { name, keys, arg, help },
	ACTIONS(ACT_DEF)
#undef ACT_DEF
};

static const struct { const char *name; int key; } named_keys[] = {
	{ "Up", TK_UP }, { "Down", TK_DOWN }, { "Left", TK_LEFT }, { "Right", TK_RIGHT },
	{ "PgUp", TK_PGUP }, { "PgDn", TK_PGDN }, { "PageUp", TK_PGUP }, { "PageDown", TK_PGDN },
	{ "Home", TK_HOME }, { "End", TK_END }, { "Ins", TK_INS }, { "Del", TK_DEL },
	{ "Backspace", TK_BACKSPACE }, { "BS", TK_BACKSPACE }, { "Enter", TK_ENTER },
	{ "Return", TK_ENTER }, { "Esc", TK_ESC }, { "Escape", TK_ESC }, { "Tab", TK_TAB },
	{ "S-Tab", TK_BTAB }, { "Space", ' ' }, { "lt", '<' }, { "gt", '>' },
};

enum action action_by_name(const char *name)
{
	int i;

	for (i = 0; i < ACT_COUNT; i++)
		if (strcmp(action_defs[i].name, name) == 0)
			return (enum action)i;
	return ACT_NONE;
}

/* One UTF-8 character, whole string; its code point or -1. */
static int single_char(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	int n, cp, i;

	if (u[0] < 0x80)
		return u[0] && !u[1] ? u[0] : -1;
	n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
	if (!n)
		return -1;
	cp = u[0] & (0x7F >> n);
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	return u[n] ? -1 : cp;
}

int key_by_name(const char *name)
{
	size_t i;
	char *end;

	for (i = 0; i < sizeof named_keys / sizeof *named_keys; i++)
		if (strcasecmp(named_keys[i].name, name) == 0)
			return named_keys[i].key;
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		long n = strtol(name + 1, &end, 10);
		if (!*end && n >= 1 && n <= 63)
			return TK_F0 + (int)n;
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		char c = name[2];
		/* cppcheck-suppress knownConditionTrueFalse ; false positive: c is name[2], any byte */
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		/* cppcheck-suppress knownConditionTrueFalse ; false positive, as above */
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		return TK_NONE;
	}
	i = (size_t)single_char(name);
	return (int)i >= 0x20 ? (int)i : TK_NONE;
}

static void put_utf8(char *buf, size_t size, int cp)
{
	char u[5] = { 0 };

	if (cp < 0x80) {
		u[0] = (char)cp;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
	}
	snprintf(buf, size, "%s", u);
}

const char *key_to_name(int key, char *buf, size_t size)
{
	size_t i;

	if (key == ' ')
		return "Space";
	for (i = 0; i < sizeof named_keys / sizeof *named_keys; i++)
		if (named_keys[i].key == key && key >= TK_BASE)
			return named_keys[i].name;
	if (key >= TK_F0)
		snprintf(buf, size, "F%d", key - TK_F0);
	else if (key >= TK_BASE || key < 0)
		snprintf(buf, size, "?");
	else if (key < 0x20)
		snprintf(buf, size, "C-%c", 'a' + key - 1);
	else
		put_utf8(buf, size, key);
	return buf;
}

void keymap_defaults(struct keymap *km)
{
	int a;

	km->n = 0;
	for (a = 0; a < ACT_COUNT; a++) {
		const char *p = action_defs[a].keys;
		char word[32];
		while (p && *p) {
			size_t n = strcspn(p, " ");
			if (n && n < sizeof word) {
				memcpy(word, p, n);
				word[n] = 0;
				keymap_bind(km, key_by_name(word), (enum action)a);
			}
			p += n;
			p += strspn(p, " ");
		}
	}
}

int keymap_bind(struct keymap *km, int key, enum action act)
{
	size_t i;

	if (key == TK_NONE)
		return -1;
	for (i = 0; i < km->n; i++)
		if (km->map[i].key == key) {
			km->map[i].act = act;
			return 0;
		}
	if (km->n == KEYMAP_MAX)
		return -1;
	km->map[km->n].key = key;
	km->map[km->n++].act = act;
	return 0;
}

void keymap_unbind(struct keymap *km, int key)
{
	size_t i;

	for (i = 0; i < km->n; i++)
		if (km->map[i].key == key) {
			memmove(&km->map[i], &km->map[i + 1], (km->n - i - 1) * sizeof km->map[0]);
			km->n--;
			return;
		}
}

enum action keymap_lookup(const struct keymap *km, int key)
{
	size_t i;

	for (i = 0; i < km->n; i++)
		if (km->map[i].key == key)
			return km->map[i].act;
	return ACT_NONE;
}

void keymap_keys_of(const struct keymap *km, enum action act, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < km->n && used < size; i++) {
		char kb[16];
		if (km->map[i].act != act)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "",
					 key_to_name(km->map[i].key, kb, sizeof kb));
	}
}
