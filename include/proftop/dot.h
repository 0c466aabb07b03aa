/*
 * Graphviz export: the graph of struct graph written as dot text that reads
 * like gprof2dot's (same labels, colour maps, font and pen scaling), written
 * atomically, and rendered by spawning graphviz's `dot` with an argv.
 * Curses-free: the batch --dot mode and the UI's e/E keys both use it.
 */
#ifndef PROFTOP_DOT_H
#define PROFTOP_DOT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "proftop/err.h"
#include "proftop/graph.h"
#include "proftop/profile.h"

struct dot_opts {
	struct graph_opts graph;
	enum dot_colormap colormap;
	int force;        /* write through a symlink (replacing its target) */
	int file_labels;  /* label "FILE:LINE:NAME" with the file name as the
			   * profile has it (full or unique tail), not
			   * gprof2dot's module name */
};

/* gprof2dot's defaults: thresholds 0.5 % / 0.1 %, colour map "color". */
void dot_opts_default(struct dot_opts *o);
/* Resolves a colour map name; -1 with e set for an unknown one. */
int dot_colormap_parse(const char *name, enum dot_colormap *cm, struct err *e);

/* Writes g as a dot digraph.  -1 with e set on a write error. */
int dot_write(FILE *out, struct profile *p, const struct graph *g, enum dot_colormap cm,
	      struct err *e);
/* The same with every option (colour map, labels). */
int dot_write_opts(FILE *out, struct profile *p, const struct graph *g,
		   const struct dot_opts *o, struct err *e);

/* Writes whatever w writes to PATH atomically ("-": stdout), refusing a
 * symlink unless force, as dot_export does. */
typedef int (*dot_writer)(FILE *out, void *ctx, struct err *e);
int dot_write_atomic(const char *path, int force, dot_writer w, void *ctx, struct err *e);

/* Pieces for other graph writers (the diff's, src/dot_diff.c): a colour map's
 * "#rrggbb", font size and pen width for a weight in [0, 1], its node style
 * and font colour; text escaped for a quoted label; a node's function name
 * as the labels show it. */
void dot_theme_color(enum dot_colormap cm, double w, char buf[8]);
double dot_theme_fontsize(enum dot_colormap cm, double w);
double dot_theme_penwidth(enum dot_colormap cm, double w);
int dot_theme_filled(enum dot_colormap cm);
const char *dot_theme_fontcolor(enum dot_colormap cm);
void dot_put_text(FILE *out, const char *text, size_t len);
void dot_put_function_name(FILE *out, struct names *nm, uint32_t id, int file_labels);

/* What an export wrote, for the caller's messages (--max-nodes warning). */
struct dot_result {
	uint32_t nodes, dropped;     /* dropped: left out by the node cap */
	double dropped_self;         /* their share of the self time */
	size_t edges;
};

/*
 * Builds the graph of IDS (NULL: the whole profile) and writes it to PATH,
 * "-" meaning stdout.  A file is written to a temporary file beside it and
 * renamed over it, so a failure leaves an existing file untouched; a symlink
 * is refused unless o->force, which replaces the link's target instead.
 */
int dot_export(struct profile *p, const uint32_t *ids, size_t n, const struct dot_opts *o,
	       const char *path, struct dot_result *r, struct err *e);

/* The render format a file name asks for: its extension (the usual ones in
 * any case, others as typed, for dot to accept or refuse), or `fallback`
 * when the name has none. */
const char *dot_format_for(const char *path, const char *fallback);
/* OUT.dot -> OUT.FORMAT (the .dot or .gv extension replaced, else appended). */
int dot_render_name(char *buf, size_t size, const char *dot_path, const char *format);

/*
 * A `dot -TFORMAT` child.  It writes to a temporary file beside the output,
 * renamed over it on success; its stderr is collected for the error message.
 * Nothing here blocks unless asked: the UI starts a render, polls it from its
 * loop, and may cancel it.
 */
struct dot_render {
	pid_t pid;              /* 0: none */
	int err_fd;             /* read end of dot's stderr */
	char out[PATH_MAX];     /* final output, "" for stdout */
	char tmp[PATH_MAX];     /* dot's -o file, renamed to out */
	char errbuf[1024];      /* start of dot's stderr */
	size_t errlen;
};

/* Spawns `dot -TFORMAT -o TMP DOT_PATH` (OUT_PATH NULL: to our stdout).
 * Refuses a symlinked OUT_PATH unless force.  0, or -1 with e set. */
int dot_render_start(struct dot_render *r, const char *dot_path, const char *format,
		     const char *out_path, int force, struct err *e);
/* 0: still running; 1: done and renamed; -1: failed, e holds dot's message.
 * With `wait`, blocks until dot exits. */
int dot_render_poll(struct dot_render *r, int wait, struct err *e);
/* Kills and reaps a running render and removes its temporary file. */
void dot_render_cancel(struct dot_render *r);

#endif
