/* The flame graph written out: folded stacks and a self-contained SVG. */
#include "autoconfig.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/flame.h"
#include "proftop/termsafe.h"

/* ---- folded stacks: "a;b;c N" ---- */

struct strbuf {
	char *s;
	size_t len, cap;
};

static int sb_put(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		char *ns;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		ns = realloc(b->s, ncap);
		if (!ns)
			return -1;
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
	return 0;
}

/* A name as one frame of a folded line: `;` separates frames and a newline
 * lines, so both (and every other control or invisible character) are
 * written as the UI shows escapes, \xNN or \uNNNN. */
static int sb_put_frame(struct strbuf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		char esc[12];
		size_t n = termsafe_unit(s + i, len - i, 1, esc);
		if (n == 0)
			n = 1;
		if (!esc[0] && (s[i] == ';' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
			snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)s[i]);
		if (sb_put(b, esc[0] ? esc : s + i, esc[0] ? strlen(esc) : n) < 0)
			return -1;
		i += n;
	}
	return 0;
}

struct fold_visit {
	uint32_t frame, next;
	size_t len;                 /* the stack text's length above it */
};

/* Weights are rounded with the remainder carried to the next stack, so
 * that they add up to the total within a microsecond however many tiny
 * stacks there are (rounding each alone lost a fifth of the time on a
 * graph of half a million of them). */
static void put_stack(FILE *out, struct flame *fl, const struct strbuf *b, uint32_t i,
		      double *exact, long long *written)
{
	long long us;

	*exact += flame_self(fl, i) * 1e6;
	us = llround(*exact) - *written;
	if (us <= 0)
		return;
	fwrite(b->s, 1, b->len, out);
	fprintf(out, " %lld\n", us);
	*written += us;
}

/* Appends frame i's name (after a `;` unless first) to b. */
static int push_name(struct flame *fl, struct strbuf *b, uint32_t i)
{
	uint32_t len;
	const char *name = names_std(fl->p->names, fl->f[i].func, &len);

	if (b->len && sb_put(b, ";", 1) < 0)
		return -1;
	return sb_put_frame(b, name, len);
}

int flame_write_folded(FILE *out, struct flame *fl, struct err *e)
{
	struct strbuf b = { 0 };
	struct fold_visit *st = NULL;
	size_t sp = 0, cap = 64;
	uint32_t up[64], nup = 0, j;
	double exact = 0;
	long long written = 0;
	int rc = -1;

	st = malloc(cap * sizeof *st);
	if (!st || sb_put(&b, "", 0) < 0)
		goto out;
	/* the frames above a zoomed top frame open every stack */
	for (j = fl->top; j != NO_ID && fl->f[j].func != NO_ID && nup < 64; j = fl->f[j].parent)
		up[nup++] = j;
	while (nup > 1)
		if (push_name(fl, &b, up[--nup]) < 0)
			goto out;
	st[sp].frame = fl->top;
	st[sp].next = 0;
	st[sp++].len = b.len;
	if (fl->f[fl->top].func != NO_ID) {
		if (push_name(fl, &b, fl->top) < 0)
			goto out;
		put_stack(out, fl, &b, fl->top, &exact, &written);
	}
	while (sp) {
		struct fold_visit *v = &st[sp - 1];
		uint32_t c;
		if (v->next >= fl->f[v->frame].nchildren) {
			b.len = v->len;
			sp--;
			continue;
		}
		c = fl->f[v->frame].first_child + v->next++;
		if (fl->f[c].flags & FLAME_DROPPED)
			continue;
		if (sp == cap) {
			struct fold_visit *ns = realloc(st, 2 * cap * sizeof *ns);
			if (!ns)
				goto out;
			st = ns;
			cap *= 2;
		}
		st[sp].frame = c;
		st[sp].next = 0;
		st[sp++].len = b.len;
		if (push_name(fl, &b, c) < 0)
			goto out;
		put_stack(out, fl, &b, c, &exact, &written);
	}
	rc = 0;
out:
	if (rc < 0)
		err_at(e, "", -1, "out of memory");
	free(st);
	free(b.s);
	return rc < 0 ? rc : names_check(fl->p->names, e);
}

/* ---- SVG ---- */

#define SVG_WIDTH 1200.0
#define SVG_ROW 17
#define SVG_TOP 40              /* the title and the note above the frames */
#define SVG_CHAR 7.0            /* a 12px monospace character, roughly */
#define SVG_MIN_PX 0.1

/* Text for XML: its five specials as entities, and what the UI shows as
 * escapes (controls, C1 controls, invalid UTF-8, bidi and invisible
 * characters) as \xNN / \uNNNN text; at most MAXCHARS characters, cut with
 * "..". */
static void put_xml(FILE *out, const char *s, size_t len, size_t maxchars)
{
	size_t i = 0, chars = 0;

	while (i < len) {
		char esc[12];
		size_t n = termsafe_unit(s + i, len - i, 1, esc);
		if (n == 0)
			n = 1;
		if (maxchars && chars + 1 >= maxchars && i + n < len) {
			fputs("..", out);
			return;
		}
		chars++;
		if (!esc[0] && (unsigned char)s[i] < 0x20)
			snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)s[i]);
		if (esc[0])
			fputs(esc, out);
		else if (s[i] == '&')
			fputs("&amp;", out);
		else if (s[i] == '<')
			fputs("&lt;", out);
		else if (s[i] == '>')
			fputs("&gt;", out);
		else if (s[i] == '"')
			fputs("&quot;", out);
		else if (s[i] == '\'')
			fputs("&apos;", out);
		else
			fwrite(s + i, 1, n, out);
		i += n;
	}
}

unsigned flame_module_hue(const char *file)
{
	uint32_t h = 2166136261u;       /* FNV-1a: stable across runs and machines */
	const char *base = strrchr(file, '/');

	for (file = base ? base + 1 : file; *file; file++)
		h = (h ^ (unsigned char)*file) * 16777619u;
	return h % 360u;
}

int flame_colors_parse(const char *s, enum flame_colors *c)
{
	if (strcmp(s, "module") == 0)
		*c = FLAME_COLOR_MODULE;
	else if (strcmp(s, "heat") == 0)
		*c = FLAME_COLOR_HEAT;
	else
		return -1;
	return 0;
}

/* Warm colours as flame graphs have them: by module, a hue between red
 * and yellow per file; by heat, from pale yellow (cool) to red (the frame's
 * own time a large share). */
static void frame_rgb(const struct flame *fl, uint32_t i, enum flame_colors colors, int rgb[3])
{
	double v;

	if (colors == FLAME_COLOR_HEAT) {
		v = fl->total > 0 ? flame_self(fl, i) / fl->total : 0;
		v = v > 0 ? sqrt(v) : 0;
		rgb[0] = 230 + (int)(25 * v);
		rgb[1] = 220 - (int)(200 * v);
		rgb[2] = 120 - (int)(100 * v);
		return;
	}
	v = flame_module_hue(func_file(fl->p->names, fl->f[i].func)) / 360.0;
	rgb[0] = 205 + (int)(50 * v);
	rgb[1] = (int)(80 + 150 * v);
	rgb[2] = (int)(55 * (1 - v));
}

/* The depth drawn on the first row: the top frame's, or its children's
 * when it is the synthetic root. */
static uint32_t flame_top_row_depth(const struct flame *fl)
{
	return fl->f[fl->top].depth + (fl->f[fl->top].func == NO_ID);
}

static void put_frame(FILE *out, struct flame *fl, uint32_t i, double x, double w,
		      enum flame_colors colors)
{
	const struct flame_frame *fr = &fl->f[i];
	int y = SVG_TOP + (int)(fr->depth - flame_top_row_depth(fl)) * SVG_ROW, rgb[3];
	uint32_t len;
	const char *name = names_std(fl->p->names, fr->func, &len);
	size_t chars = (size_t)(w / SVG_CHAR);

	frame_rgb(fl, i, colors, rgb);
	fputs("<g><title>", out);
	put_xml(out, name, len, 0);
	fprintf(out, "\n%.2f%% of the total, %.6f s (estimated)\n", flame_share(fl, i), fr->time);
	if (fr->parent != NO_ID && fl->f[fr->parent].func != NO_ID)
		fprintf(out, "%lld calls from its caller (pstats)", (long long)fr->calls);
	else
		fprintf(out, "%lld calls (pstats)", (long long)fr->calls);
	fprintf(out, "</title><rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"rgb(%d,%d,%d)\"/>",
		x, y, w, SVG_ROW - 1, rgb[0], rgb[1], rgb[2]);
	if (chars >= 3) {
		const char *fn = func_name(fl->p->names, fr->func);
		fprintf(out, "<text x=\"%.2f\" y=\"%d\">", x + 3, y + SVG_ROW - 5);
		put_xml(out, fn, strlen(fn), chars - 1);
		fputs("</text>", out);
	}
	fputs("</g>\n", out);
}

/* Each frame's left edge, top down (parents come before their children). */
static double *frame_xs(const struct flame *fl)
{
	double *x = calloc(fl->n + 1, sizeof *x), scale = fl->total > 0 ? SVG_WIDTH / fl->total : 0;
	size_t i;

	if (!x)
		return NULL;
	for (i = fl->top; i < fl->n; i++) {
		const struct flame_frame *fr = &fl->f[i];
		double at = x[i];
		uint32_t k;
		for (k = 0; k < fr->nchildren; k++) {
			uint32_t c = fr->first_child + k;
			if (fl->f[c].flags & FLAME_DROPPED)
				continue;
			x[c] = at;
			at += fl->f[c].time * scale;
		}
	}
	return x;
}

int flame_write_svg(FILE *out, struct flame *fl, enum flame_colors colors, const char *title,
		    struct err *e)
{
	double *x = frame_xs(fl), scale = fl->total > 0 ? SVG_WIDTH / fl->total : 0;
	uint32_t maxdepth = 0, top_depth = flame_top_row_depth(fl);
	size_t i;
	int height;

	if (!x) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	for (i = fl->top; i < fl->n; i++)
		if (!(fl->f[i].flags & FLAME_DROPPED) && fl->f[i].func != NO_ID &&
		    fl->f[i].time * scale >= SVG_MIN_PX && fl->f[i].depth - top_depth > maxdepth)
			maxdepth = fl->f[i].depth - top_depth;
	height = SVG_TOP + (int)(maxdepth + 1) * SVG_ROW + 10;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" height=\"%d\""
		" viewBox=\"0 0 %.0f %d\">\n"
		"<style>text{font-family:monospace;font-size:12px;fill:#000}"
		" rect{stroke:#fff;stroke-width:0.5} g:hover rect{stroke:#000}"
		" .note{font-size:11px;fill:#555}</style>\n"
		"<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" fill=\"#fdfdf6\" stroke=\"none\"/>\n"
		"<text x=\"6\" y=\"16\">", SVG_WIDTH + 10, height, SVG_WIDTH + 10, height);
	put_xml(out, title, strlen(title), 0);
	fputs("</text>\n<text class=\"note\" x=\"6\" y=\"32\">Stacks estimated from pstats"
	      " caller/callee edges (a callee's time split among its callers by the calls'"
	      " cumulative times; recursion cut): every width is an estimate.</text>\n"
	      "<g transform=\"translate(5,0)\">\n", out);
	for (i = fl->top; i < fl->n; i++) {
		double w = fl->f[i].time * scale;
		if (fl->f[i].func == NO_ID || (fl->f[i].flags & FLAME_DROPPED) || w < SVG_MIN_PX)
			continue;
		put_frame(out, fl, (uint32_t)i, x[i], w, colors);
	}
	fputs("</g>\n</svg>\n", out);
	free(x);
	return names_check(fl->p->names, e);
}
