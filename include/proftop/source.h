/*
 * A function's source on this machine: where its file is (the path the
 * profile recorded, mapped by --path-map from a server's or a container's
 * directory to this checkout), the lines around its line (read bounded: a
 * huge or binary file costs neither the time nor the memory of reading it
 * whole), and the editor that opens it there.  Curses-free; the view is
 * src/tui/source_view.c.
 */
#ifndef PROFTOP_SOURCE_H
#define PROFTOP_SOURCE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"

/* ---- path maps: OLD=NEW ---- */

struct path_map_entry {
	char *from, *to;          /* trailing slashes dropped ("/" stays) */
};

struct path_map {
	struct path_map_entry *v;
	size_t n;
};

/* Is SPEC "OLD=NEW" (split at the first '=', both non-empty, no newline)?
 * 0, or -1 with e's message saying what is wrong (no file: the caller
 * names the option or the config line). */
int path_map_check(const char *spec, struct err *e);
/* Appends SPEC: 0, or -1 with e set (bad syntax, out of memory). */
int path_map_add(struct path_map *m, const char *spec, struct err *e);
void path_map_free(struct path_map *m);
/* PATH through the first entry whose OLD is a prefix of it in whole
 * components ("/app" maps "/app/x.py" but not "/apple.py"): 1 with the
 * result in buf, 0 when none matches, -1 when the result is too long. */
int path_map_apply(const struct path_map *m, const char *path, char *buf, size_t size);

/* ---- which file ---- */

enum source_kind {
	SOURCE_FILE,              /* a path to look for */
	SOURCE_BUILTIN,           /* "~" or "": built into the interpreter */
	SOURCE_NOT_FILE           /* "<string>", "<frozen ...>": never a file */
};

/* What a function key's file names (its name tells the profile module's
 * built-ins apart too). */
enum source_kind source_kind_of(const char *file, const char *name);

#define SOURCE_TRIED_MAX 2

struct source_where {
	char path[PATH_MAX];      /* the file found, "" when none */
	int mapped;               /* path came through the path map */
	int ntried;
	struct {
		char path[PATH_MAX];
		int errnum;       /* why it was not taken: ENOENT, EISDIR... */
	} tried[SOURCE_TRIED_MAX];
};

/* Looks for the recorded file: through the path map first, then as
 * recorded.  0 with w->path set, or -1 with w->tried saying what was
 * tried and why each failed. */
int source_locate(const struct path_map *m, const char *recorded, struct source_where *w);

/* ---- the lines around one ---- */

#define SOURCE_CONTEXT 5000          /* lines kept on each side of the line */
#define SOURCE_LINE_MAX 1024         /* bytes kept of one line */
#define SOURCE_SCAN_MAX ((size_t)64 << 20)   /* bytes read to reach the line */
#define SOURCE_BINARY_PROBE 8000     /* a NUL in these first bytes: binary */

struct source_line {
	uint32_t off, len;        /* into bytes */
	int cut;                  /* longer than SOURCE_LINE_MAX: the rest dropped */
};

struct source_text {
	char *bytes;
	size_t nbytes, cap_bytes;
	struct source_line *rows;   /* the lines read */
	size_t nrows, cap_rows;
	long first;               /* the number of rows[0], from 1 */
	long total;               /* the file's lines when read to its end, else -1 */
};

/* Reads the lines within SOURCE_CONTEXT of LINE (from 1; 0 or less: the
 * start of the file) of the regular file PATH, never more than
 * SOURCE_SCAN_MAX bytes.  A line past the end reads the file's last lines
 * (total says how many it has).  0, or -1 with e set: cannot open, not a
 * regular file, not text (a NUL byte near the start), the line lies past
 * what is read, out of memory. */
int source_read(const char *path, long line, struct source_text *st, struct err *e);
void source_text_free(struct source_text *st);

/* ---- the editor ---- */

/* $VISUAL, else $EDITOR, else "vi" (an empty variable counts as unset). */
const char *source_editor(void);

#define EDITOR_ARGV_MAX 8

/* The command that opens FILE at LINE (no +LINE when line <= 0) in EDITOR,
 * as git runs an editor: a plain command name runs as it is; one with
 * spaces or shell characters ("code -w") through sh -c 'EDITOR "$@"'.  A
 * relative file starting with '-' or '+' becomes ./FILE.  argv (NULL
 * ended) points into buf; 0, or -1 when buf is too small. */
int editor_argv(const char *editor, const char *file, long line, char **argv, char *buf,
		size_t size);

/* Runs the editor on FILE at LINE and waits for it, SIGINT and SIGQUIT
 * ignored meanwhile (they are the editor's).  0 when it exits with status
 * 0, else -1 with e saying how it failed. */
int editor_run(const char *editor, const char *file, long line, struct err *e);

#endif
