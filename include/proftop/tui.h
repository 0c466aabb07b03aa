/*
 * The curses layer: a stack of views drawn on one screen, one event loop, a
 * prompt line, and the headless harness (--script) that drives it all
 * without a terminal.
 *
 * A view is a `struct tui_view_ops` table; adding a view (detail, call tree,
 * endpoint list) means writing one file with one such table and pushing it
 * with tui_push().  The table of functions is the view at the bottom.
 */
#ifndef PROFTOP_TUI_H
#define PROFTOP_TUI_H

#include <stdio.h>

#include "proftop/columns.h"
#include "proftop/options.h"
#include "proftop/profile.h"
#include "proftop/source.h"
#include "proftop/keys.h"
#include "proftop/lineedit.h"
#include "proftop/loop.h"
#include "proftop/view.h"

struct tui;
struct tui_view;

struct tui_view_ops {
	const char *name;
	/* Sets tv->data up; arg is what tui_push was given.  0 or -1 (message set). */
	int (*open)(struct tui *t, struct tui_view *tv, void *arg);
	void (*close)(struct tui *t, struct tui_view *tv);
	/* Draws the whole screen but the last line (the prompt/message line). */
	void (*draw)(struct tui *t, struct tui_view *tv);
	/* Runs an action (with the command's argument, or NULL).  Returns 1 when
	 * handled, 0 to let the defaults (quit pops, help, command...) run. */
	int (*request)(struct tui *t, struct tui_view *tv, enum action a, const char *arg);
	/* Optional: sees raw events (mouse) before the keymap; 1 when used. */
	int (*event)(struct tui *t, struct tui_view *tv, const struct tui_event *ev);
	/* Optional: the key hints for the bottom line. */
	const char *(*hints)(struct tui *t, struct tui_view *tv);
};

struct tui_view {
	const struct tui_view_ops *ops;
	void *data;
};

#define TUI_STACK_MAX 32

/* The views one file opens in another (tui_open): the application's table
 * (app.c) names them, so no view links to another view's file. */
enum tui_view_kind { TV_TABLE, TV_DETAIL, TV_TREE, TV_HELP, TV_SORTMENU, TV_MOVERS,
		     TV_FLAME, TV_COUNT };

enum prompt_kind { PROMPT_NONE, PROMPT_FILTER, PROMPT_SEARCH, PROMPT_COMMAND, PROMPT_COUNT };

struct tui {
	struct names names;
	struct profile profile;
	struct view table;              /* the function table's view-model */
	struct tui_live *live;          /* live mode (src/tui/live_ui.c) */

	struct tui_view stack[TUI_STACK_MAX];
	int depth;
	const struct tui_view_ops *const *views;   /* [TV_COUNT] */
	/* What an action does when the view on top leaves it alone. */
	void (*default_action)(struct tui *t, enum action a, const char *arg);

	struct keymap keys;
	const struct config *config;    /* the options' configuration, or NULL */
	struct path_map path_map;       /* --path-map, then the configuration's */
	struct loop loop;
	int quit, exit_status;

	int headless;
	int colors;                     /* has_colors() and pairs set up */
	int utf8;                       /* the locale's charset is UTF-8 */

	char message[512];
	int message_error;

	/* the prompt line */
	enum prompt_kind prompt;
	struct lineedit edit;
	struct history history[PROMPT_COUNT];
	char prompt_error[300];
	char prompt_saved[VIEW_TEXT_MAX];  /* the pattern Esc (or a bad one) restores */
	struct tui_list prompt_saved_pos;  /* and the table's cursor and scroll then */

	/* More input is already waiting (a paste, fast typing): a prompt's
	 * edit then only marks its filter or search stale, and the screen is
	 * not drawn, until the batch's last key (one re-filter, not one per
	 * character). */
	int input_pending;
	int live_stale;

	FILE *key_times;                /* --key-times */
	void *screen;                   /* SCREEN * */
	FILE *term_in, *term_out;
	int sig_pipe[2];
};

/* Entry point for the interactive mode; returns the exit status. */
int tui_run(const struct options *o);

/* The view stack.  tui_push returns 0 or -1 (message set). */
int tui_push(struct tui *t, const struct tui_view_ops *ops, void *arg);
void tui_pop(struct tui *t);
struct tui_view *tui_top(struct tui *t);
/* Pushes the view of that kind. */
int tui_open(struct tui *t, enum tui_view_kind kind, void *arg);

/* Loads FILES (merged as pstats merges them) into the table's profile and
 * shows the table on top: 0, or -1 with the error on the message line. */
int tui_show_files(struct tui *t, char *const *files, size_t n);

/* Runs one action as if its key was pressed. */
void tui_action(struct tui *t, enum action a, const char *arg);
/* Runs a `:` command line: "sort cumulative". */
void tui_command(struct tui *t, const char *line);
void tui_message(struct tui *t, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Shows an error on the message line, as err_format words it (with
 * "WHAT: " before it); tui_report only when rc < 0. */
void tui_error(struct tui *t, const struct err *e);
void tui_error_about(struct tui *t, const char *what, const struct err *e);
void tui_report(struct tui *t, int rc, const struct err *e);

/* Handles one input event as the keymap, the prompt and the views say. */
void tui_event(struct tui *t, const struct tui_event *ev);
/* Draws the top view and the bottom line into the screen buffer. */
void tui_draw(struct tui *t);
/* Handles the terminal's new size (the headless harness sets it first). */
void tui_resized(struct tui *t);

/* The headless harness (src/tui/script.c): runs a key script, one key
 * sequence or `:command` per line; returns 0 or -1 (message on stderr). */
int tui_run_script(struct tui *t, const char *path);
/* Writes the screen as UTF-8 text, one line per row, trailing blanks cut. */
int tui_save_display(struct tui *t, const char *path, struct err *e);

/* Drawing helpers shared by views (src/tui/draw.c). */
#define DRAW_ELLIPSIS_LEFT 1u   /* too long: drop the start, keep the end */
/* Draws bytes from a dump at (y, x) in at most width columns: control and
 * escape bytes, invalid UTF-8 and bidi/zero-width characters are shown as
 * \xNN / \uNNNN, never sent to the terminal.  Returns the columns used. */
int draw_text(int y, int x, int width, const char *s, size_t len, int attr, unsigned flags);
/* The length to draw of what snprintf wrote into a buffer of SIZE: it
 * returns what it would have written, and a forged dump's 300-digit time or
 * a 4000-character name is longer than any buffer. */
static inline size_t draw_len(int n, size_t size)
{
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}
/* Display width of the same text (escapes included). */
int text_width(const char *s, size_t len);
/* A title line over columns laid out by columns_layout (proftop/columns.h):
 * number titles right-aligned, the sort column marked and underlined. */
void draw_column_titles(const struct tui *t, int y, const struct column_def *defs,
			const struct column_layout *lo, int n, int sort_col, int reverse);
/* Text right-aligned in number column c as laid out (nothing when hidden). */
void draw_column_text(const struct column_layout *lo, int c, int y, int attr, const char *text);
/* A table view's top lines: two of header (files and totals, or OLD and
 * NEW), then the column titles. */
#define TABLE_TOP 3
/* The rows left for a list under TOP lines, above the status and message
 * lines (at least one). */
size_t draw_body_height(int top);
/* Fills the rest of a line with spaces in attr. */
void draw_fill(int y, int x, int width, int attr);
/* Colour pairs (fallback attributes when the terminal has no colour). */
enum tui_color { TC_TITLE = 1, TC_STATUS, TC_CURSOR, TC_HEAT1, TC_HEAT2,
		 TC_HEAT3, TC_HEAT4, TC_ESCAPE, TC_ERROR, TC_COUNT };
int tui_attr(const struct tui *t, enum tui_color c);
/* The attribute for a share of the total time, in percent. */
int tui_heat(const struct tui *t, double pct);

/* The views in this directory, each opened by its kind (tui_open). */
extern const struct tui_view_ops table_view_ops;
extern const struct tui_view_ops help_view_ops;
extern const struct tui_view_ops sortmenu_view_ops;
extern const struct tui_view_ops detail_view_ops;   /* arg: const uint32_t *function */
extern const struct tui_view_ops tree_view_ops;     /* arg: const uint32_t *root, NULL: top level */

/* The configuration (src/tui/config_ui.c): keys and the config pointer
 * before load, the file's error once the table shows, mouse and colours
 * when the terminal opens (init_pairs them: 1, or 0 without a config). */
void tui_config_apply(struct tui *t, const struct options *o);
void tui_config_started(struct tui *t, const struct options *o);
int tui_config_mouse(const struct tui *t);
/* The table's columns from the configuration, in display order (enum
 * view_column) into order[VCOL_COUNT]; their count, 0 for the default. */
int tui_config_columns(const struct tui *t, int *order);
int tui_config_colors(struct tui *t, short bg);
/* The attribute of c from the configuration: 1 with *attr set, or 0. */
int tui_config_attr(const struct tui *t, enum tui_color c, int *attr);
/* The UI's exports: colour map and max nodes; the format E proposes. */
struct dot_opts;
void tui_config_dot(const struct tui *t, struct dot_opts *o);
const char *tui_config_render_format(const struct tui *t);

/* Prompt line (src/tui/prompt.c). */
void prompt_open(struct tui *t, enum prompt_kind kind);
void prompt_key(struct tui *t, int key);
/* Applies a filter or search left stale by a batch of input. */
void prompt_flush(struct tui *t);
void prompt_draw(struct tui *t);

#endif
