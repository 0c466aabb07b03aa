/*
 * The table's view-model: which functions are shown, in which order, and
 * where the cursor is.  Plain data over arrays of function ids, no curses,
 * so tests drive it without a terminal (tests/unit/view_test.c).
 *
 * `sorted` holds every function of the shown profile in sort order; `match`
 * says per id whether it passes the filter; `rows` is `sorted` restricted by
 * `match` and the limit.  A sort change re-sorts and rebuilds `rows` without
 * running the regex; a filter change reruns the regex without sorting; a
 * reverse only reverses.  No row is ever copied, only ids.
 */
#ifndef PROFTOP_VIEW_H
#define PROFTOP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/pathmode.h"
#include "proftop/profile.h"
#include "proftop/query.h"
#include "proftop/regex.h"
#include "proftop/list.h"

/* COL(id, title, width, sort key (pstats name or UI extra), help) */
#define VIEW_COLUMNS(COL) \
	COL(NCALLS, "ncalls", 9, "calls", "calls (total/primitive when they differ)") \
	COL(TOTTIME, "tottime", 8, "time", "time spent in the function itself") \
	COL(TPERCALL, "percall", 8, "tpercall", "tottime per call") \
	COL(CUMTIME, "cumtime", 8, "cumulative", "time including what it called") \
	COL(CPERCALL, "percall", 8, "cpercall", "cumtime per primitive call") \
	COL(PCT_OWN, "%tot", 5, "time", "tottime as a share of the total time") \
	COL(PCT_CUM, "%cum", 5, "cumulative", "cumtime as a share of the total time") \
	COL(DCALLS, "+calls", 8, "dcalls", "live mode: calls since the previous snapshot") \
	COL(CALLS_S, "calls/s", 9, "callrate", "live mode: calls per second over the last interval") \
	COL(TIME_S, "time/s", 8, "timerate", "live mode: tottime per second over the last interval") \
	COL(NAME, "filename:lineno(function)", 0, "stdname", "the function")

enum view_column {
#define VCOL_ENUM(id, title, width, key, help) VCOL_##id,
	VIEW_COLUMNS(VCOL_ENUM)
#undef VCOL_ENUM
	VCOL_COUNT
};

struct view_column_def {
	const char *title;
	int width;                /* 0: takes the rest of the line */
	const char *sort_key;
	const char *help;
};
extern const struct view_column_def view_columns[VCOL_COUNT];
/* Columns that only mean something while live mode samples rates. */
static inline int view_column_live(int c)
{
	return c == VCOL_DCALLS || c == VCOL_CALLS_S || c == VCOL_TIME_S;
}

#define VIEW_TEXT_MAX 1024

struct view {
	struct profile *full;        /* not owned */
	/* Short paths: base names (names_show_files), the functions they
	 * merge as one, the first of them; over the full profile's ids. */
	struct profile *stripped;    /* owned; strip_dirs() form, built on first use */
	struct short_paths shortp;   /* its base names and full id -> shown id */
	uint32_t *strip_map;         /* shortp.map: NO_ID if none */
	uint32_t cap_strip_map;
	int strip_pending;           /* stripped has its stats, not yet its callers */
	/* Unique paths show the full profile, its ids and order, each file
	 * by its tail (names_show_files): nothing merges, nothing is copied. */
	struct unique_paths tails;   /* built on first use, until a reload */
	struct profile *p;           /* the profile shown: full or stripped */
	enum path_mode path;

	/* Hidden functions (x, :hide): by full id, the truth; by shown id,
	 * derived for the shown profile.  Hidden ones fail `match`. */
	uint8_t *hidden_full, *hidden;
	uint32_t cap_hidden_full, cap_hidden;
	size_t nhidden;              /* full ids hidden */
	unsigned hide_gen;           /* changes whenever the hidden set does */
	int share_visible;           /* percentages of the visible time, not the total */
	double visible_tt;           /* tottime of the functions that pass filter and
	                              * hiding; kept while share_visible only */

	struct sort_spec sort;       /* n == 0: dict order */
	int sort_col;                /* column marked as the sort, -1 if none */
	int reverse;

	char filter[VIEW_TEXT_MAX];  /* the last valid filter, "" for none */
	struct regex filter_re;
	int has_filter;
	uint8_t *match;              /* id -> passes the filter */
	uint32_t cap_match;

	char limit[32];              /* "" none, else as typed */
	struct restriction limit_r;

	uint32_t *sorted;            /* every function of p in sort order */
	uint32_t *rows;              /* what is shown */
	size_t nsorted, nfiltered, nrows, cap_ids;

	struct tui_list pos;         /* cursor and window over rows; the drawing
	                              * layer sets its height */

	char search[VIEW_TEXT_MAX];  /* last search, "" none */
	struct regex search_re;
	int has_search;

	/* Changes whenever the shown profile's figures may have: a reload, a
	 * path change.  What is measured over every function (the table's
	 * column widths) is kept until it changes. */
	unsigned content_gen;
	struct view_widths {
		int valid;
		unsigned gen;
		const struct profile *p;
		int share_visible;
		double share_total;
		int live;                  /* measured with live mode's rates */
		unsigned long long live_gen;  /* their generation then */
		int w[VCOL_COUNT];
	} widths;

	/* The shown functions' names in dict order, for the filter: read in
	 * sequence, not through two lookups by id per function and keystroke.
	 * Valid while the names' forms stay where they are. */
	struct view_name { const char *s; uint32_t len; } *names_at;
	size_t cap_names_at;
	unsigned names_gen;
	const struct profile *names_p;
	const char *names_bytes;
	uint32_t names_nfuncs;

	/* A reload that left the cursor's function out (a baseline just set,
	 * nothing new yet) remembers it, and goes back to it once it returns,
	 * unless the cursor was moved from where it landed. */
	uint32_t lost, landed;
};

/* Shows p (not owned) in dict order with no filter. */
int view_open(struct view *v, struct profile *p, struct err *e);
void view_close(struct view *v);
/* The profile was reloaded in place: rebuild, keeping sort, filter and the
 * cursor's function. */
int view_refresh(struct view *v, struct err *e);

/*
 * Every change the user makes to what is shown (sort, reverse, filter,
 * limit, path mode, hiding, shares) shows the top of the new order with the
 * cursor on its first row; only view_refresh (a reload) keeps the cursor's
 * function.
 */

/* col: the column to mark, -1 none, -2 the one whose key is exactly s. */
int view_set_sort(struct view *v, const struct sort_spec *s, int col, struct err *e);
/* A pstats key word or an extra one (tpercall, cpercall); marks its column. */
int view_sort_by_key(struct view *v, const char *words, struct err *e);
int view_sort_by_column(struct view *v, int col, struct err *e);
/* `<` / `>`: the column to the left or right of the marked one, skipping
 * those whose shown[col] is 0 (shown NULL: every column). */
int view_sort_step(struct view *v, int delta, const int *shown, struct err *e);
int view_set_reverse(struct view *v, int reverse, struct err *e);

/* Smart-case PCRE2, leading '!' negates, "" clears.  An invalid pattern sets
 * e (offset = position in text) and keeps the previous filter, its rows and
 * the cursor. */
int view_set_filter(struct view *v, const char *text, struct err *e);
/* "N", "FRACTION" or "" (none). */
int view_set_limit(struct view *v, const char *text, struct err *e);
int view_set_path(struct view *v, enum path_mode mode, struct err *e);

/* The shown profile with its callers: short paths leave them out until
 * something reads them (the detail view, the call tree, exports).
 * 0, or -1 with e set when out of memory. */
int view_edges(struct view *v, struct err *e);

/* For writers that key functions by (file, line, name) (a pstats dump, a
 * callgrind file): in a path mode, the shown profile as a copy whose keys
 * name the files as shown, made for the occasion (new keys in the names);
 * ids[0..n), shown ids, become its ids.  Files are shown whole until
 * view_keyed_done.  0, or -1 with e set (files shown as before). */
int view_keyed_copy(struct view *v, struct profile *out, uint32_t *ids, size_t n,
		    struct err *e);
void view_keyed_done(struct view *v);

/* Cursor movement, always clamped to the rows; keeps the cursor visible. */
void view_set_height(struct view *v, size_t height);
void view_move(struct view *v, long delta);
void view_move_to(struct view *v, size_t row);
void view_scroll(struct view *v, long delta);   /* the window, not the cursor */
uint32_t view_current(const struct view *v);    /* NO_ID when empty */
/* Puts the cursor on id if shown; returns 0 if found, -1 if not. */
int view_select_id(struct view *v, uint32_t id);

/* Regex search over the shown names.  Sets the search; moves to the first
 * match from the cursor (included when `here`), wrapping.  Returns 1 when
 * found, 0 when not, -1 with e set for an invalid pattern. */
int view_search(struct view *v, const char *text, int here, struct err *e);
/* Next (dir 1) or previous (dir -1) match of the last search: 1 found, 0 not. */
int view_search_next(struct view *v, int dir);

/* Shares of the total time (or of the visible time), in percent. */
double view_share(const struct view *v, double t);

/* The shown profile's id of a full function id in a path mode, and back
 * (the first function in dict order shown as id); NO_ID if none.  Full
 * and unique paths show the same ids. */
uint32_t view_shown_id(const struct view *v, enum path_mode mode, uint32_t full_id);
uint32_t view_full_id(const struct view *v, enum path_mode mode, uint32_t id);
/* An id of the profile shown in path mode `from` as the profile shown now
 * has it (a sub-view's ids after p); NO_ID if none. */
uint32_t view_id_since(const struct view *v, enum path_mode from, uint32_t id);

/* Hidden functions.  Hiding is kept by full function id,
 * so it survives path changes and reloads; a stripped row is hidden when
 * every function merged into it is. */
/* Reruns the filter and hiding over the shown profile; shows the top. */
void view_rematch(struct view *v);
int view_is_hidden(const struct view *v, uint32_t id);
/* Hides the shown function id, or shows it again when hidden: 1 hidden, 0
 * shown. */
int view_hide_toggle(struct view *v, uint32_t id);
/* Hides every shown function whose name matches text (smart-case, !
 * negates); the number newly hidden, or -1 with e set. */
long view_hide_matching(struct view *v, const char *text, struct err *e);
void view_unhide_all(struct view *v);
/* Percentages of the total (0) or of the visible functions' tottime (1). */
void view_set_share(struct view *v, int visible);

#endif
