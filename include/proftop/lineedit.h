/*
 * A readline-style line editor for the prompts, curses-free: the text is
 * UTF-8 bytes, the cursor a byte offset on a character boundary.  Each
 * prompt keeps its own history.
 */
#ifndef PROFTOP_LINEEDIT_H
#define PROFTOP_LINEEDIT_H

#include <stddef.h>

#define LINE_MAX_BYTES 1024
#define HISTORY_MAX 64

struct history {
	char *items[HISTORY_MAX];    /* oldest first */
	size_t n;
};

struct lineedit {
	char text[LINE_MAX_BYTES];
	size_t len, cursor;
	struct history *hist;        /* not owned; NULL for none */
	size_t hist_pos;             /* == hist->n: the line being typed */
	char draft[LINE_MAX_BYTES];  /* the typed line while walking history */
};

enum edit_result { EDIT_NONE, EDIT_CHANGED, EDIT_MOVED, EDIT_ACCEPT, EDIT_CANCEL };

void lineedit_start(struct lineedit *l, const char *initial, struct history *h);
void lineedit_set(struct lineedit *l, const char *text);
/* Applies one key (a keys.h code). */
enum edit_result lineedit_key(struct lineedit *l, int key);

/* Adds an accepted line (not empty); one given before moves to the end. */
void history_add(struct history *h, const char *line);
void history_free(struct history *h);

#endif
