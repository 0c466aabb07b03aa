/*
 * A status line made of parts, each with a priority: at a given width it
 * shows, in their order, the most important parts that fit, so it never runs
 * off the screen and what goes first is what matters least.  Curses-free: the
 * caller says how wide a text is on its screen.
 */
#ifndef PROFTOP_STATUS_LINE_H
#define PROFTOP_STATUS_LINE_H

#include <stddef.h>

#define STATUS_PARTS_MAX 24
#define STATUS_PART_MAX 1100     /* a filter or limit as typed (VIEW_TEXT_MAX) */

/* What a narrow screen keeps first (higher first). */
enum status_prio {
	SP_POSITION = 100,   /* " 12/340": where the cursor is */
	SP_FILTER = 90,      /* what hides rows */
	SP_MODE = 85,        /* live or paused */
	SP_PROBLEM = 80,     /* waiting for the file, unreadable, being written */
	SP_SORT = 75,
	SP_LIMIT = 70,
	SP_NEW_RUN = 65,
	SP_BASELINE = 60,
	SP_PATHS = 55,       /* path mode, hidden functions, % of visible */
	SP_RATE = 50,        /* calls/s */
	SP_AGE = 40,         /* updated 2s ago */
	SP_DUMPS = 35,
	SP_TOTAL = 30,       /* 48,210 calls (+3,105) */
};

struct status_part {
	char text[STATUS_PART_MAX];
	const char *sep;         /* put before it when a part precedes it */
	int prio;
	int shorten;             /* may be cut (with an ellipsis) rather than left out */
};

struct status_line {
	struct status_part part[STATUS_PARTS_MAX];
	size_t n;
};

/* Display width of len bytes of text on the screen drawn. */
typedef int (*status_width_fn)(const char *s, size_t len);

/* Appends a part; beyond STATUS_PARTS_MAX parts are ignored. */
void status_add(struct status_line *s, int prio, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds "  paths: short  hidden: 3" as one part per item (split at double
 * spaces), each put after two spaces. */
void status_add_split(struct status_line *s, int prio, const char *text);
/* Marks the last part added as one that may be cut to fit. */
void status_shorten_last(struct status_line *s);
/* Every part, joined; returns the length. */
size_t status_join(const struct status_line *s, char *buf, size_t size);
/* The parts that fit in `width` columns: taken by priority (equal ones in
 * their order), each when it fits with those taken before; a shortenable
 * part that does not fit whole is cut to the room left, ending in
 * `ellipsis`.  Joined in their order; returns the length. */
size_t status_fit(const struct status_line *s, int width, status_width_fn w, const char *ellipsis,
		  char *buf, size_t size);

#endif
