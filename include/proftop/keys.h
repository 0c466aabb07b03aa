/*
 * Actions and key names, curses-free.
 *
 * ACTIONS declares every action once: its name (also its `:` command and the
 * name a config file binds), its default keys, the argument its command takes
 * and its help line.  The enum, the default keymap, the help screen, the
 * command line and the man page list are all generated from it.
 */
#ifndef PROFTOP_KEYS_H
#define PROFTOP_KEYS_H

#include <stddef.h>

/* A(id, name, default keys (space separated key names), argument or NULL, help) */
#define ACTIONS(A) \
	A(MOVE_UP, "move-up", "Up k C-p", NULL, "move the cursor up") \
	A(MOVE_DOWN, "move-down", "Down j C-n", NULL, "move the cursor down") \
	A(PAGE_UP, "page-up", "PgUp C-b", NULL, "move one page up") \
	A(PAGE_DOWN, "page-down", "PgDn C-f Space", NULL, "move one page down") \
	A(MOVE_FIRST, "move-first", "Home g", NULL, "go to the first line") \
	A(MOVE_LAST, "move-last", "End G", NULL, "go to the last line") \
	A(SORT_PREV, "sort-prev", "<", NULL, "sort by the column on the left") \
	A(SORT_NEXT, "sort-next", ">", NULL, "sort by the column on the right") \
	A(SORT, "sort", "s F6", "KEY", "sort by a pstats key (no KEY: a menu of them)") \
	A(REVERSE, "reverse", "r", NULL, "reverse the sort order") \
	A(FILTER, "filter", "f F4", "RE", "keep functions matching RE (smart-case, !RE negates; no RE: an empty prompt, applied as typed, Up recalls earlier ones)") \
	A(LIMIT, "limit", NULL, "N", "show only the first N lines, or that fraction (no N: all)") \
	A(SEARCH, "search", "/", "RE", "search forward for RE (no RE: an empty prompt, incremental, Up recalls earlier ones)") \
	A(SEARCH_NEXT, "search-next", "n", NULL, "go to the next search match") \
	A(SEARCH_PREV, "search-prev", "N", NULL, "go to the previous search match") \
	A(PATH, "path", "p", "full|short|unique", "file names: full, short (stripped, merged) or unique (shortest distinct tails); no argument: cycle unique, short, full") \
	A(HIDE, "hide", "x", "RE", "hide every function matching RE (no RE: hide the selected one, or show it again); in the call tree its callees take its place") \
	A(UNHIDE, "unhide", "X", NULL, "show every hidden function again") \
	A(PERCENT, "percent", "%", "total|visible", "percentages of the total time or of the visible functions' (no argument: toggle)") \
	A(DIFF, "diff", NULL, "FILE", "compare the profile with FILE as the old one (a table of differences)") \
	A(ENTER, "enter", "Enter", NULL, "open the selected entry") \
	A(BACK, "back", "Backspace Esc h", NULL, "leave a sub-view (in the detail view: walk back)") \
	A(SWITCH_PANE, "switch-pane", "Tab", NULL, "detail view: switch between the callers and callees panes") \
	A(EXPAND, "expand", "Right +", NULL, "call tree: expand the node (detail view: open the selected function)") \
	A(COLLAPSE, "collapse", "Left -", NULL, "call tree: collapse, or go to the parent (detail view: walk back)") \
	A(EXPAND_HOT, "expand-hottest", "*", NULL, "call tree: expand the hottest path below the node") \
	A(TREE, "tree", "t", NULL, "call tree of the selected function (in the tree: from the top level)") \
	A(FLAME, "flame", "F", "FILE", "flame graph of the estimated stacks (detail view, call tree: of the selected function); FILE: write it (SVG, or folded stacks for *.folded)") \
	A(HISTORY, "history", "H", NULL, "detail view: list the path walked, Enter goes back there") \
	A(EXPORT, "export", "e", "FILE", "write what is shown as a graphviz dot graph (drill-down: the neighbourhood); no FILE: propose one") \
	A(WRITE, "write", "W", "FILE", "write the shown functions as a pstats dump (callgrind for callgrind.out*/*.callgrind, the flame graph for *.svg/*.folded); no FILE: propose one") \
	A(EXPORT_RENDER, "export-render", "E", "FILE", "export, then render into FILE with graphviz dot in the background (.svg, .png, .pdf)") \
	A(WATCH, "watch", "w", NULL, "live mode: follow the file as it is rewritten (again: stop)") \
	A(BASELINE, "baseline", "z", NULL, "live mode: from now on show only what happens after this moment") \
	A(DROP_BASELINE, "drop-baseline", "Z", NULL, "live mode: drop the baseline, show the whole profile") \
	A(PAUSE, "pause", "P", NULL, "live mode: pause or resume reloading") \
	A(RELOAD, "reload", "R", NULL, "live mode: reload now (a directory: rescan it all)") \
	A(MOVERS, "movers", "M", NULL, "live mode: top movers, the functions busiest in the last interval") \
	A(MARK, "mark", "m Ins", NULL, "archive member list: mark the member to open with others (merged)") \
	A(OPEN_ALL, "open-all", "a", NULL, "archive member list: open every dump, merged") \
	A(SOURCE, "source", "v", NULL, "show the selected function's source from disk around its line (files recorded elsewhere: --path-map)") \
	A(EDIT, "edit", "o", NULL, "open the selected function's file at its line in $VISUAL, else $EDITOR, else vi") \
	A(HELP, "help", "? F1", NULL, "show this help") \
	A(COMMAND, "command", ":", NULL, "type a command") \
	A(SAVE_DISPLAY, "save-display", NULL, "FILE", "write the screen as text to FILE") \
	A(REDRAW, "redraw", "C-l", NULL, "redraw the screen") \
	A(QUIT, "quit", "q", NULL, "leave a sub-view, or quit")

enum action {
	ACT_NONE = -1,
#define ACT_ENUM(id, name, keys, arg, help) ACT_##id,
	ACTIONS(ACT_ENUM)
#undef ACT_ENUM
	ACT_COUNT
};

struct action_def {
	const char *name;
	const char *keys;       /* default key names, space separated, or NULL */
	const char *arg;        /* the command's argument, NULL if none */
	const char *help;
};
extern const struct action_def action_defs[ACT_COUNT];

/* Key codes: Unicode code points for characters (C-a is 1), then named keys. */
enum {
	TK_NONE = -1,
	TK_BASE = 0x110000,
	TK_UP = TK_BASE, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME,
	TK_END, TK_INS, TK_DEL, TK_BACKSPACE, TK_ENTER, TK_ESC, TK_TAB, TK_BTAB,
	TK_RESIZE,              /* the terminal changed size */
	TK_MOUSE,               /* details in the event */
	TK_F0 = TK_BASE + 0x100 /* TK_F0 + n is Fn */
};

enum mouse_kind { MOUSE_NONE, MOUSE_CLICK, MOUSE_WHEEL_UP, MOUSE_WHEEL_DOWN };

/* One input event: a key, or a mouse event at a screen cell. */
struct tui_event {
	int key;
	enum mouse_kind mouse;
	int x, y;
};

/* "quit" -> ACT_QUIT; ACT_NONE if unknown. */
enum action action_by_name(const char *name);
/* "C-w", "F6", "PgDn", "Enter", "q", "<" -> key code; TK_NONE if unknown. */
int key_by_name(const char *name);
/* The canonical name of a key, for the help screen and messages. */
const char *key_to_name(int key, char *buf, size_t size);

#define KEYMAP_MAX 256

/* Which action each key runs.  Several keys may run one action. */
struct keymap {
	struct { int key; enum action act; } map[KEYMAP_MAX];
	size_t n;
};

/* Fills km with the defaults from ACTIONS. */
void keymap_defaults(struct keymap *km);
/* Binds key to act (replacing its old action); -1 when the map is full. */
int keymap_bind(struct keymap *km, int key, enum action act);
void keymap_unbind(struct keymap *km, int key);
enum action keymap_lookup(const struct keymap *km, int key);
/* The names of the keys bound to act, "k, Up"; "" if none. */
void keymap_keys_of(const struct keymap *km, enum action act, char *buf, size_t size);

#endif
