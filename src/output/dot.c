/* Graphviz dot export, written atomically, and rendering with `dot`. */
#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proftop/dot.h"
#include "proftop/outfile.h"
#include "proftop/termsafe.h"

extern char **environ;

/* ---- colour maps ---- */

/* gprof2dot's themes: colours are (hue, saturation, lightness) interpolated
 * by weight, then gamma-corrected; fonts and pens grow with the weight. */
struct theme {
	const char *name;
	double min_hsl[3], max_hsl[3];
	double gamma;
	int filled;                 /* nodestyle "filled", else "solid" */
	const char *fontcolor;
	double min_font, max_font, min_pen, max_pen;
};

static const struct theme themes[DOT_CM_COUNT] = {
	[DOT_CM_COLOR] = { "color", { 2.0 / 3.0, 0.80, 0.25 }, { 0.0, 1.0, 0.5 }, 1.0, 1, "white",
			   10.0, 10.0, 0.5, 4.0 },
	[DOT_CM_PINK] = { "pink", { 0.0, 1.0, 0.90 }, { 0.0, 1.0, 0.5 }, 2.2, 1, "white",
			  10.0, 10.0, 0.5, 4.0 },
	[DOT_CM_GRAY] = { "gray", { 0.0, 0.0, 0.85 }, { 0.0, 0.0, 0.0 }, 2.2, 1, "white",
			  10.0, 10.0, 0.5, 4.0 },
	[DOT_CM_BW] = { "bw", { 0.0, 0.0, 0.0 }, { 0.0, 0.0, 0.0 }, 2.2, 1, "white",
			8.0, 24.0, 0.1, 8.0 },
	[DOT_CM_PRINT] = { "print", { 0.0, 0.0, 0.0 }, { 0.0, 0.0, 0.0 }, 2.2, 0, "black",
			   18.0, 30.0, 0.1, 8.0 },
};

void dot_opts_default(struct dot_opts *o)
{
	memset(o, 0, sizeof *o);
	graph_opts_default(&o->graph);
	o->colormap = DOT_CM_COLOR;
}

int dot_colormap_parse(const char *name, enum dot_colormap *cm, struct err *e)
{
	int i;

	for (i = 0; i < DOT_CM_COUNT; i++)
		if (strcmp(name, themes[i].name) == 0) {
			*cm = (enum dot_colormap)i;
			return 0;
		}
	err_at(e, "", -1, "unknown colour map '%s' (color, pink, gray, bw, print)", name);
	return -1;
}

static double hue_to_rgb(double m1, double m2, double h)
{
	if (h < 0.0)
		h += 1.0;
	else if (h > 1.0)
		h -= 1.0;
	if (h * 6 < 1.0)
		return m1 + (m2 - m1) * h * 6.0;
	if (h * 2 < 1.0)
		return m2;
	if (h * 3 < 2.0)
		return m1 + (m2 - m1) * (2.0 / 3.0 - h) * 6.0;
	return m1;
}

static int channel(double f)
{
	if (f <= 0.0)
		return 0;
	if (f >= 1.0)
		return 255;
	return (int)(255.0 * f + 0.5);
}

/* A share over 100 % (graph.h) draws as 100 %. */
static double weight(double w)
{
	return fmin(fmax(w, 0.0), 1.0);
}

/* "#rrggbb" for a weight in [0, 1] (CSS3's HSL to RGB, then gamma). */
static void theme_color(const struct theme *t, double w, char buf[8])
{
	double hsl[3], m1, m2, rgb[3];
	int i;

	w = weight(w);
	for (i = 0; i < 3; i++)
		hsl[i] = t->min_hsl[i] + w * (t->max_hsl[i] - t->min_hsl[i]);
	hsl[0] -= floor(hsl[0]);
	hsl[1] = fmin(fmax(hsl[1], 0.0), 1.0);
	hsl[2] = fmin(fmax(hsl[2], 0.0), 1.0);
	m2 = hsl[2] <= 0.5 ? hsl[2] * (hsl[1] + 1.0) : hsl[2] + hsl[1] - hsl[2] * hsl[1];
	m1 = hsl[2] * 2.0 - m2;
	rgb[0] = hue_to_rgb(m1, m2, hsl[0] + 1.0 / 3.0);
	rgb[1] = hue_to_rgb(m1, m2, hsl[0]);
	rgb[2] = hue_to_rgb(m1, m2, hsl[0] - 1.0 / 3.0);
	for (i = 0; i < 3; i++)
		rgb[i] = pow(rgb[i], t->gamma);
	snprintf(buf, 8, "#%02x%02x%02x", channel(rgb[0]), channel(rgb[1]), channel(rgb[2]));
}

static double theme_fontsize(const struct theme *t, double w)
{
	return fmax(pow(weight(w), 2.0) * t->max_font, t->min_font);
}

static double theme_penwidth(const struct theme *t, double w)
{
	return fmax(weight(w) * t->max_pen, t->min_pen);
}

/* ---- dot syntax ---- */

static const char *const keywords[] = { "node", "edge", "graph", "digraph", "subgraph", "strict" };

/* An attribute value: bare when it is a plain word or number dot reads as
 * such, quoted otherwise -- dot's keywords must be quoted to be values. */
static void put_id(FILE *out, const char *s)
{
	size_t i, n = strlen(s);
	int bare = n > 0 && !(s[0] == '0' && (s[1] == 'x' || s[1] == 'X'));

	for (i = 0; bare && i < n; i++)
		bare = isalnum((unsigned char)s[i]) != 0;
	for (i = 0; bare && i < sizeof keywords / sizeof *keywords; i++)
		bare = strcasecmp(s, keywords[i]) != 0;
	if (bare) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			putc('\\', out);
		putc(s[i], out);
	}
	putc('"', out);
}

/* Length of the valid UTF-8 sequence at s (no overlongs, no surrogates,
 * nothing above U+10FFFF), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t c;
	size_t n = utf8_decode(s, len, &c);

	return n && !utf8_is_surrogate(c) ? n : 0;
}

static uint32_t utf8_code(const unsigned char *s, size_t n)
{
	uint32_t c = 0;

	utf8_decode(s, n, &c);
	return c;
}

/* gprof2dot truncates names this long (dot's quoted strings are limited). */
#define MAX_NAME_CHARS 4096

/*
 * Text inside a quoted label or tooltip.  Quotes and backslashes are
 * escaped for dot; `&` becomes an entity because graphviz decodes entities
 * in labels; a newline or tab is written \n or \t as gprof2dot's escape()
 * writes it (dot breaks the line at \n); other control bytes, C1 controls and
 * invalid UTF-8 become visible \xNN text (dot would reject or mangle them, an
 * SVG viewer's terminal would run them), bidi and invisible characters \uNNNN.
 */
static void put_text(FILE *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, chars = 0, total = utf8_width(text, len);

	while (i < len) {
		size_t n = utf8_seq(s + i, len - i);
		if (total >= MAX_NAME_CHARS && chars == MAX_NAME_CHARS - 1) {
			fputs("\xe2\x80\xa6", out);
			return;
		}
		chars++;
		if (n == 0 || s[i] < 0x20 || s[i] == 0x7f) {
			if (n && s[i] == '\n')
				fputs("\\n", out);
			else if (n && s[i] == '\t')
				fputs("\\t", out);
			else
				fprintf(out, "\\\\x%02x", s[i]);
			i++;
			continue;
		}
		if (n > 1 && (utf8_code(s + i, n) < 0xA0 || termsafe_hidden(utf8_code(s + i, n)))) {
			/* C1 controls (U+009B is a CSI) and bidi overrides */
			uint32_t c = utf8_code(s + i, n);
			fprintf(out, c < 0xA0 ? "\\\\x%02x" : c > 0xFFFF ? "\\\\U%08x" : "\\\\u%04x",
				(unsigned)c);
			i += n;
			continue;
		}
		if (s[i] == '"')
			fputs("\\\"", out);
		else if (s[i] == '\\')
			fputs("\\\\", out);
		else if (s[i] == '&')
			fputs("&amp;", out);
		else
			fwrite(s + i, 1, n, out);
		i += n;
	}
}

/* gprof2dot's pstats name: "module:line:name", module being the file's base
 * name without its extension (posixpath's splitext and basename). */
static void put_function_name(FILE *out, struct names *nm, uint32_t id, int file_labels)
{
	uint32_t flen;
	/* as shown: the table's unique paths show tails (names_show_files) */
	const char *file = names_shown_file(nm, nm->keys[id].file, &flen);
	const char *base = strrchr(file, '/'), *dot, *name;
	size_t blen;
	char line[32];

	base = base && !file_labels ? base + 1 : file;
	dot = file_labels ? NULL : strrchr(base, '.');
	blen = strlen(base);
	if (dot) {
		const char *c = base;
		while (c < dot && *c == '.')
			c++;
		if (c < dot)
			blen = (size_t)(dot - base);
	}
	put_text(out, base, blen);
	snprintf(line, sizeof line, ":%lld:", (long long)nm->keys[id].line);
	fputs(line, out);
	name = func_name(nm, id);
	put_text(out, name, strtab_len(&nm->strs, nm->keys[id].name));
}

static void put_percent(FILE *out, double ratio)
{
	fprintf(out, "%.2f%%", ratio * 100.0);
}

#define TIMES "\xc3\x97"   /* U+00D7, gprof2dot's multiplication sign */

static void put_node(FILE *out, struct profile *p, const struct theme *t,
		     const struct graph_node *nd, uint32_t index, int file_labels)
{
	char color[8], fg[8];
	uint32_t len;
	const char *std = names_std(p->names, nd->id, &len);

	theme_color(t, nd->total, color);
	if (t->filled)
		snprintf(fg, sizeof fg, "#ffffff");
	else
		memcpy(fg, color, sizeof fg);
	fprintf(out, "\t%u [color=\"%s\", fontcolor=\"%s\", fontsize=\"%.2f\", label=\"",
		index, color, fg, theme_fontsize(t, nd->total));
	put_function_name(out, p->names, nd->id, file_labels);
	fputs("\\n", out);
	put_percent(out, nd->total);
	fputs("\\n(", out);
	put_percent(out, nd->self);
	fprintf(out, ")\\n%lld" TIMES "\", tooltip=\"", (long long)nd->calls);
	put_text(out, std, len);
	fputs("\"];\n", out);
}

static void put_edge(FILE *out, const struct theme *t, const struct graph_edge *ed)
{
	char color[8];
	double pen = theme_penwidth(t, ed->total);

	theme_color(t, ed->total, color);
	fprintf(out, "\t%u -> %u [arrowsize=\"%.2f\", color=\"%s\", fontcolor=\"%s\", "
		"fontsize=\"%.2f\", label=\"", ed->from, ed->to, 0.5 * sqrt(pen), color, color,
		theme_fontsize(t, ed->total));
	put_percent(out, ed->total);
	fprintf(out, "\\n%lld" TIMES "\", labeldistance=\"%.2f\", penwidth=\"%.2f\"];\n",
		(long long)ed->calls, pen, pen);
}

int dot_write(FILE *out, struct profile *p, const struct graph *g, enum dot_colormap cm,
	      struct err *e)
{
	struct dot_opts o;

	dot_opts_default(&o);
	o.colormap = cm;
	return dot_write_opts(out, p, g, &o, e);
}

int dot_write_opts(FILE *out, struct profile *p, const struct graph *g,
		   const struct dot_opts *o, struct err *e)
{
	const struct theme *t = &themes[o->colormap];
	uint32_t i;
	size_t j;

	/* The tooltip avoids graphviz's "%3" tooltip on unnamed graphs in SVG. */
	fputs("digraph {\n\ttooltip=\" \"\n"
	      "\tgraph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n", out);
	fputs("\tnode [fontcolor=", out);
	put_id(out, t->fontcolor);
	fprintf(out, ", fontname=Arial, height=0, shape=box, style=%s, width=0];\n",
		t->filled ? "filled" : "solid");
	fputs("\tedge [fontname=Arial];\n", out);
	for (i = 0; i < g->nnodes; i++)
		put_node(out, p, t, &g->nodes[i], i, o->file_labels);
	for (j = 0; j < g->nedges; j++)
		put_edge(out, t, &g->edges[j]);
	fputs("}\n", out);
	if (names_check(p->names, e) < 0)
		return -1;
	if (fflush(out) != 0 || ferror(out)) {
		err_at(e, "", -1, "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int dot_write_atomic(const char *path, int force, dot_writer w, void *ctx, struct err *e)
{
	return outfile_write_flags(path, OUTFILE_HINT_FORCE | (force ? OUTFILE_FOLLOW_SYMLINK : 0),
				   w, ctx, e);
}

struct graph_job {
	struct profile *p;
	const struct graph *g;
	const struct dot_opts *o;
};

static int write_job(FILE *out, void *ctx, struct err *e)
{
	const struct graph_job *j = ctx;

	return dot_write_opts(out, j->p, j->g, j->o, e);
}

static int export_graph(struct profile *p, const uint32_t *ids, size_t n,
			const struct dot_opts *o, const char *path, struct dot_result *r,
			struct err *e)
{
	struct graph g;
	struct graph_job job = { p, &g, o };
	int rc;

	if (graph_build(&g, p, ids, n, &o->graph, e) < 0)
		return -1;
	if (r) {
		r->nodes = g.nnodes;
		r->edges = g.nedges;
		r->dropped = g.dropped;
		r->dropped_self = g.dropped_self;
	}
	rc = dot_write_atomic(path, o->force, write_job, &job, e);
	graph_free(&g);
	return rc;
}

int dot_export(struct profile *p, const uint32_t *ids, size_t n, const struct dot_opts *o,
	       const char *path, struct dot_result *r, struct err *e)
{
	return export_graph(p, ids, n, o, path, r, e);
}

/* ---- rendering ---- */

static const char *const known_formats[] = { "svg", "png", "pdf", "ps", "eps", "jpg", "jpeg", "gif" };

const char *dot_format_for(const char *path, const char *fallback)
{
	const char *base = strrchr(path, '/'), *ext;
	size_t i;

	base = base ? base + 1 : path;
	ext = strrchr(base, '.');
	/* "x.foo" only: ".hidden" is a name, "x." has no extension */
	if (!ext || ext == base || !ext[1])
		return fallback;
	for (i = 0; i < sizeof known_formats / sizeof *known_formats; i++)
		if (strcasecmp(ext + 1, known_formats[i]) == 0)
			return known_formats[i];
	return ext + 1;
}

int dot_render_name(char *buf, size_t size, const char *dot_path, const char *format)
{
	const char *ext = strrchr(dot_path, '.');
	size_t stem = strlen(dot_path);
	int n;

	if (ext && !strchr(ext, '/') && (strcmp(ext, ".dot") == 0 || strcmp(ext, ".gv") == 0))
		stem = (size_t)(ext - dot_path);
	n = snprintf(buf, size, "%.*s.%s", (int)stem, dot_path, format);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* A graphviz -T value: letters, digits and the ':' of "svg:cairo". */
static int valid_format(const char *f)
{
	if (!*f || !isalnum((unsigned char)*f))
		return 0;
	for (; *f; f++)
		if (!isalnum((unsigned char)*f) && *f != ':' && *f != '_')
			return 0;
	return 1;
}

static int spawn_dot(struct dot_render *r, const char *dot_path, const char *format,
		     int errpipe[2], struct err *e)
{
	posix_spawn_file_actions_t fa;
	char targ[64];
	char *argv[7];
	int n = 0, rc;

	snprintf(targ, sizeof targ, "-T%s", format);
	argv[n++] = (char *)"dot";
	argv[n++] = targ;
	if (r->tmp[0]) {
		argv[n++] = (char *)"-o";
		argv[n++] = r->tmp;
	}
	argv[n++] = (char *)dot_path;
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, errpipe[1], 2);
	posix_spawn_file_actions_addclose(&fa, errpipe[0]);
	rc = posix_spawnp(&r->pid, "dot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		r->pid = 0;
		err_at(e, "", -1, "cannot run dot: %s%s", strerror(rc),
		       rc == ENOENT ? " (install graphviz)" : "");
		return -1;
	}
	return 0;
}

int dot_render_start(struct dot_render *r, const char *dot_path, const char *format,
		     const char *out_path, int force, struct err *e)
{
	int errpipe[2];

	memset(r, 0, sizeof *r);
	r->err_fd = -1;
	if (!valid_format(format)) {
		err_at(e, "", -1, "invalid render format '%s'", format);
		return -1;
	}
	if (out_path) {
		char *tmp, *dest;
		if (outfile_temp(out_path, OUTFILE_HINT_FORCE | (force ? OUTFILE_FOLLOW_SYMLINK : 0),
				 &tmp, &dest, e) < 0)
			return -1;
		snprintf(r->out, sizeof r->out, "%s", dest);
		snprintf(r->tmp, sizeof r->tmp, "%s", tmp);
		free(dest);
		free(tmp);
	}
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		err_at(e, "", -1, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (spawn_dot(r, dot_path, format, errpipe, e) < 0) {
		close(errpipe[0]);
		close(errpipe[1]);
		goto fail;
	}
	close(errpipe[1]);
	r->err_fd = errpipe[0];
	(void)fcntl(r->err_fd, F_SETFL, O_NONBLOCK);
	return 0;
fail:
	if (r->tmp[0])
		unlink(r->tmp);
	outfile_unguard(r->tmp);
	r->tmp[0] = 0;
	return -1;
}

/* Reads what dot wrote on stderr so far, keeping the start of it. */
static void drain_stderr(struct dot_render *r)
{
	char buf[512];
	ssize_t n;

	while (r->err_fd >= 0 && (n = read(r->err_fd, buf, sizeof buf)) != 0) {
		size_t room = sizeof r->errbuf - 1 - r->errlen, k;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return;
			break;
		}
		k = (size_t)n < room ? (size_t)n : room;
		memcpy(r->errbuf + r->errlen, buf, k);
		r->errlen += k;
	}
	if (r->err_fd >= 0)
		close(r->err_fd);
	r->err_fd = -1;
}

/* dot's message as one line: the first line of its stderr. */
static void render_failed(struct dot_render *r, int status, struct err *e)
{
	char *nl;

	r->errbuf[r->errlen] = 0;
	nl = strchr(r->errbuf, '\n');
	if (nl)
		*nl = 0;
	if (WIFSIGNALED(status))
		err_at(e, "", -1, "dot was killed by signal %d", WTERMSIG(status));
	else if (r->errbuf[0])
		err_at(e, "", -1, "dot failed: %s", r->errbuf);
	else
		err_at(e, "", -1, "dot failed with status %d", WEXITSTATUS(status));
}

int dot_render_poll(struct dot_render *r, int wait, struct err *e)
{
	int status, rc;
	pid_t got;

	if (!r->pid)
		return -1;
	if (wait && r->err_fd >= 0) {
		/* Read stderr to EOF before waiting: dot may block on a full pipe. */
		(void)fcntl(r->err_fd, F_SETFL, 0);
		drain_stderr(r);
	}
	for (;;) {
		drain_stderr(r);
		got = waitpid(r->pid, &status, wait ? 0 : WNOHANG);
		if (got == 0)
			return 0;
		if (got > 0 || errno != EINTR)
			break;
	}
	if (got > 0 && r->err_fd >= 0) {
		/* dot has exited: read the rest of its stderr up to EOF. */
		(void)fcntl(r->err_fd, F_SETFL, 0);
		drain_stderr(r);
	}
	if (r->err_fd >= 0)
		close(r->err_fd);
	r->err_fd = -1;
	r->pid = 0;
	rc = got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 1 : -1;
	if (got < 0)
		err_at(e, "", -1, "waitpid: %s", strerror(errno));
	else if (rc < 0)
		render_failed(r, status, e);
	if (rc == 1 && r->tmp[0] && rename(r->tmp, r->out) < 0) {
		err_at(e, r->out, -1, "cannot rename the rendered file over it: %s", strerror(errno));
		rc = -1;
	}
	if (rc < 0 && r->tmp[0])
		unlink(r->tmp);
	outfile_unguard(r->tmp);
	r->tmp[0] = 0;
	return rc;
}

void dot_render_cancel(struct dot_render *r)
{
	if (r->pid) {
		kill(r->pid, SIGTERM);
		while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
			;
		r->pid = 0;
	}
	if (r->err_fd >= 0)
		close(r->err_fd);
	r->err_fd = -1;
	if (r->tmp[0])
		unlink(r->tmp);
	outfile_unguard(r->tmp);
	r->tmp[0] = 0;
}

/* ---- pieces for other writers ---- */

void dot_theme_color(enum dot_colormap cm, double w, char buf[8])
{
	theme_color(&themes[cm], w, buf);
}

double dot_theme_fontsize(enum dot_colormap cm, double w)
{
	return theme_fontsize(&themes[cm], w);
}

double dot_theme_penwidth(enum dot_colormap cm, double w)
{
	return theme_penwidth(&themes[cm], w);
}

int dot_theme_filled(enum dot_colormap cm)
{
	return themes[cm].filled;
}

const char *dot_theme_fontcolor(enum dot_colormap cm)
{
	return themes[cm].fontcolor;
}

void dot_put_text(FILE *out, const char *text, size_t len)
{
	put_text(out, text, len);
}

void dot_put_function_name(FILE *out, struct names *nm, uint32_t id, int file_labels)
{
	put_function_name(out, nm, id, file_labels);
}
