/* Errors travel as values up to the one place that shows them. */
#ifndef PROFTOP_ERR_H
#define PROFTOP_ERR_H

#include <stddef.h>
#include <stdio.h>

#define ERR_MSG_MAX 512

/* Exit statuses shared by every mode. */
#define EXIT_OK 0
#define EXIT_USAGE 1    /* bad command line */
#define EXIT_INPUT 2    /* a file could not be read or is not a valid dump */

struct err {
	int set;              /* 0: no error */
	/* The file the error is about, "" if none: whole, however long (an
	 * ARCHIVE:MEMBER name too).  Names are kept once each for the life of
	 * the process, so that a struct err stays a plain value to copy. */
	const char *file;
	long long offset;     /* byte offset in file, -1 if not applicable */
	int line, col;        /* 1-based position for text files, 0 if not applicable */
	char msg[ERR_MSG_MAX];
};

void err_clear(struct err *e);
/* Set an error about a byte offset in a binary file (offset -1: none). */
void err_at(struct err *e, const char *file, long long offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Set an error about a line and column of a text file. */
void err_line(struct err *e, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Names the file an error is about. */
void err_set_file(struct err *e, const char *file);
/* Format as one line: "FILE: offset N: msg", "FILE:LINE:COL: msg", "msg at
 * offset N" (no file: a pattern's) or "msg".  Returns the length of the
 * whole line, as snprintf does (buf may be NULL when size is 0). */
size_t err_format(const struct err *e, char *buf, size_t size);
/* The line, malloc'd (NULL when out of memory). */
char *err_string(const struct err *e);
/* Shows it as a command-line tool does: "proftop: LINE\n" on f. */
void err_print(FILE *f, const struct err *e);

#endif
