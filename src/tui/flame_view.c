/*
 * The flame view: an icicle of the estimated stacks (roots on top, as
 * snakeviz draws it), each frame as wide as its estimated share.  The
 * model (proftop/flame.h) is rebuilt for what the screen can show: frames
 * narrower than half a cell and deeper than the screen are not built.
 */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/config.h"
#include "proftop/flame.h"
#include "proftop/outfile.h"
#include "proftop/status_line.h"
#include "proftop/live_ui.h"
#include "proftop/flame_view.h"

#define FLAME_TOP_LINES 1
#define FLAME_PATH_MAX 512
/* Frame colours: pairs after the UI's own, black on these. */
#define FLAME_PAIR0 TC_COUNT
#define FLAME_NCOLORS 6

struct flameview {
	struct flame fl;
	uint32_t root;                 /* NO_ID: the whole profile */
	enum path_mode mode;           /* the table's path mode the ids are of */
	uint32_t zoom[FLAME_PATH_MAX]; /* function ids from a root to the top frame */
	size_t nzoom;
	size_t zoom_back[FLAME_PATH_MAX];  /* nzoom before each Enter, for Backspace */
	size_t nzoom_back;
	uint32_t sel;                  /* the selected frame */
	uint32_t selpath[FLAME_PATH_MAX];
	size_t nselpath;
	int *c0, *c1;                  /* each frame's cells, [c0, c1) */
	/* what the frames were built from, to rebuild when it changes */
	const struct profile *built_from;
	size_t built_edges;
	uint32_t built_order;
	double built_total;
	unsigned built_hide_gen;
	char built_filter[VIEW_TEXT_MAX];
	int built_has_filter, built_cols, built_lines;
};

static struct profile *shown(struct tui *t)
{
	return t->table.p;
}

/* Functions the table's filter or hiding leaves out: their callees take
 * their place.  *omit NULL when none is; -1 when out of memory. */
static int omit_array(struct tui *t, uint8_t **omit, uint32_t *n)
{
	const struct view *v = &t->table;
	const struct profile *p = shown(t);
	uint32_t i;

	*omit = NULL;
	*n = 0;
	if (!v->has_filter && !v->nhidden)
		return 0;
	*omit = calloc((size_t)p->names->nfuncs + 1, 1);
	if (!*omit)
		return -1;
	*n = p->names->nfuncs;
	for (i = 0; i < p->norder; i++) {
		uint32_t id = p->order[i];
		(*omit)[id] = id >= v->cap_match || !v->match[id];
	}
	return 0;
}

static int frame_rows(void)
{
	return LINES > FLAME_TOP_LINES + 2 ? LINES - FLAME_TOP_LINES - 2 : 1;
}

/* The frame PATH leads to from the root, as deep as it still exists. */
static uint32_t find_path(const struct flame *fl, const uint32_t *path, size_t n)
{
	uint32_t cur = 0, c;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((c = flame_child(fl, cur, path[i])) == NO_ID)
			break;
		cur = c;
	}
	return cur;
}

/* Which depth the first row of frames shows. */
static uint32_t first_row_depth(const struct flame *fl)
{
	return fl->f[fl->top].depth + (fl->f[fl->top].func == NO_ID);
}

/* Each frame's cells, top down from the top frame (parents before children). */
static int lay_out(struct flameview *fv)
{
	const struct flame *fl = &fv->fl;
	double *x = calloc(fl->n + 1, sizeof *x), scale = fl->total > 0 ? COLS / fl->total : 0;
	size_t i;

	free(fv->c0);
	free(fv->c1);
	fv->c0 = malloc((fl->n + 1) * sizeof *fv->c0);
	fv->c1 = malloc((fl->n + 1) * sizeof *fv->c1);
	if (!x || !fv->c0 || !fv->c1) {
		free(x);
		free(fv->c0);
		free(fv->c1);
		fv->c0 = fv->c1 = NULL;
		return -1;
	}
	for (i = 0; i < fl->n; i++)
		fv->c0[i] = fv->c1[i] = 0;
	for (i = fl->top; i < fl->n; i++) {
		const struct flame_frame *fr = &fl->f[i];
		double at = x[i];
		uint32_t k;
		fv->c0[i] = (int)lround(x[i] * scale);
		fv->c1[i] = (int)lround((x[i] + fr->time) * scale);
		for (k = 0; k < fr->nchildren; k++) {
			x[fr->first_child + k] = at;
			at += fl->f[fr->first_child + k].time;
		}
	}
	free(x);
	return 0;
}

static int visible(const struct flameview *fv, uint32_t i)
{
	const struct flame *fl = &fv->fl;

	return i >= fl->top && fl->f[i].func != NO_ID && fv->c1[i] > fv->c0[i] &&
	       fl->f[i].depth - first_row_depth(fl) < (uint32_t)frame_rows();
}

/* The selection: where its path leads, else the deepest visible frame on it. */
static void select_path(struct flameview *fv)
{
	const struct flame *fl = &fv->fl;
	uint32_t s = find_path(fl, fv->selpath, fv->nselpath);

	if (s < fl->top)
		s = fl->top;
	while (s != NO_ID && s != fl->top && !visible(fv, s))
		s = fl->f[s].parent;
	if (s == fl->top && fl->f[s].func == NO_ID && fl->f[s].nchildren)
		s = fl->f[s].first_child;
	fv->sel = s;
}

static void remember_selection(struct flameview *fv)
{
	if (fv->sel >= fv->fl.n)
		return;
	size_t n = flame_path(&fv->fl, fv->sel, fv->selpath, FLAME_PATH_MAX);

	fv->nselpath = n < FLAME_PATH_MAX ? n : FLAME_PATH_MAX;
}

/* A build that ran out of memory leaves nothing to draw or move in. */
static int usable(const struct flameview *fv)
{
	return fv->fl.n > 0 && fv->c0 && fv->c1 && fv->sel < fv->fl.n;
}

static int build(struct tui *t, struct flameview *fv)
{
	struct profile *p;
	const struct view *v = &t->table;
	struct flame_opts o;
	struct err e;
	uint8_t *omit;
	int rc;

	/* a path mode's copy reads its callers when first needed: now */
	if (view_edges(&t->table, &e) < 0)
		return -1;
	p = shown(t);
	memset(&o, 0, sizeof o);
	fv->sel = 0;
	free(fv->c0);
	free(fv->c1);
	fv->c0 = fv->c1 = NULL;
	fv->built_from = NULL;        /* until it succeeds: the next use retries */
	if (omit_array(t, &omit, &o.nomit) < 0)
		return -1;
	o.omit = omit;
	o.min_share = COLS > 0 ? 0.5 / COLS : 0.01;
	/* frames down to the last row: the top frame is on the first row
	 * when zoomed, above it (the synthetic root) when not */
	o.max_depth = (uint32_t)(fv->nzoom && frame_rows() > 1 ? frame_rows() - 1 : frame_rows());
	flame_free(&fv->fl);
	rc = flame_build(&fv->fl, p, fv->root == NO_ID ? NULL : &fv->root, fv->root != NO_ID,
			 fv->zoom, fv->nzoom, &o);
	free(omit);
	if (rc < 0)
		return -1;
	fv->nzoom = fv->fl.nzoom;
	fv->built_edges = p->nedges;
	fv->built_order = p->norder;
	fv->built_total = p->total_tt;
	fv->built_hide_gen = v->hide_gen;
	snprintf(fv->built_filter, sizeof fv->built_filter, "%s", v->filter);
	fv->built_has_filter = v->has_filter;
	fv->built_cols = COLS;
	fv->built_lines = LINES;
	if (lay_out(fv) < 0)
		return -1;
	select_path(fv);
	fv->built_from = p;
	return 0;
}

static int stale(struct tui *t, const struct flameview *fv)
{
	const struct profile *p = shown(t);
	const struct view *v = &t->table;

	return p != fv->built_from || p->nedges != fv->built_edges || p->norder != fv->built_order ||
	       p->total_tt != fv->built_total || v->hide_gen != fv->built_hide_gen ||
	       v->has_filter != fv->built_has_filter || strcmp(v->filter, fv->built_filter) != 0 ||
	       COLS != fv->built_cols || LINES != fv->built_lines || fv->mode != v->path;
}

/* After p (typed here, it goes to the table): the same functions in the
 * profile now shown, whose ids differ. */
static void follow_path_mode(struct tui *t, struct flameview *fv)
{
	struct err e;
	size_t i;

	if (fv->mode == t->table.path)
		return;
	(void)view_edges(&t->table, &e);     /* the callers' ids too */
	for (i = 0; i < fv->nzoom; i++)
		fv->zoom[i] = view_id_since(&t->table, fv->mode, fv->zoom[i]);
	for (i = 0; i < fv->nselpath; i++)
		fv->selpath[i] = view_id_since(&t->table, fv->mode, fv->selpath[i]);
	if (fv->root != NO_ID)
		fv->root = view_id_since(&t->table, fv->mode, fv->root);
	fv->mode = t->table.path;
}

/* Rebuilds when the profile, the filter, hiding or the screen changed,
 * keeping the zoom and the selection where their functions still are. */
static int rebuild_if_stale(struct tui *t, struct flameview *fv)
{
	if (!stale(t, fv))
		return 0;
	follow_path_mode(t, fv);
	return build(t, fv);
}

static int flame_open(struct tui *t, struct tui_view *v, void *arg)
{
	struct flameview *fv = calloc(1, sizeof *fv);

	if (!fv) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	fv->root = arg ? *(const uint32_t *)arg : NO_ID;
	fv->mode = t->table.path;
	if (fv->root != NO_ID) {
		fv->selpath[0] = fv->root;
		fv->nselpath = 1;
	}
	if (build(t, fv) < 0) {
		flame_free(&fv->fl);
		free(fv->c0);
		free(fv->c1);
		free(fv);
		tui_message(t, 1, "out of memory");
		return -1;
	}
	remember_selection(fv);
	v->data = fv;
	return 0;
}

static void flame_close(struct tui *t, struct tui_view *v)
{
	struct flameview *fv = v->data;

	flame_free(&fv->fl);
	free(fv->c0);
	free(fv->c1);
	free(fv);
}

/* Black on a colour per module (a hue per file) or per heat (own time). */
static int frame_attr(struct tui *t, const struct flameview *fv, uint32_t i)
{
	const struct flame *fl = &fv->fl;
	static const short bgs[FLAME_NCOLORS] = { COLOR_RED, COLOR_YELLOW, COLOR_GREEN, COLOR_CYAN,
						  COLOR_MAGENTA, COLOR_BLUE };
	static int paired;
	int k;

	if (i == fv->sel)
		return tui_attr(t, TC_CURSOR) | A_BOLD;
	if (!t->colors || COLOR_PAIRS < FLAME_PAIR0 + FLAME_NCOLORS)
		return A_NORMAL;
	if (!paired) {
		for (k = 0; k < FLAME_NCOLORS; k++)
			init_pair((short)(FLAME_PAIR0 + k), COLOR_BLACK, bgs[k]);
		paired = 1;
	}
	if (t->config && t->config->flame_heat) {
		double s = fl->total > 0 ? flame_self(fl, i) / fl->total : 0;
		k = s >= 0.2 ? 0 : s >= 0.05 ? 4 : s >= 0.01 ? 1 : s >= 0.002 ? 2 : 3;
	} else {
		k = (int)(flame_module_hue(func_file(fl->p->names, fl->f[i].func)) % FLAME_NCOLORS);
	}
	return COLOR_PAIR(FLAME_PAIR0 + k);
}

/* One frame: a bar with its function's name, or a block when too narrow. */
static void draw_frame(struct tui *t, const struct flameview *fv, uint32_t i)
{
	const struct flame *fl = &fv->fl;
	int y = FLAME_TOP_LINES + (int)(fl->f[i].depth - first_row_depth(fl));
	int x = fv->c0[i], w = fv->c1[i] - fv->c0[i], attr = frame_attr(t, fv, i), k;
	const char *name = func_name(fl->p->names, fl->f[i].func);
	const char *edge = t->utf8 ? "\u258f" : "|";

	if (x >= COLS)
		return;
	if (x + w > COLS)
		w = COLS - x;
	if (w < 3) {
		for (k = 0; k < w; k++)
			draw_text(y, x + k, 1, t->utf8 ? "\u2592" : "#", t->utf8 ? 3 : 1, attr, 0);
		return;
	}
	draw_fill(y, x, w, attr);
	draw_text(y, x, 1, edge, strlen(edge), attr, 0);
	draw_text(y, x + 1, w - 1, name, strlen(name), attr, 0);
}

static void draw_title(struct tui *t, const struct flameview *fv)
{
	const struct flame *fl = &fv->fl;
	char head[512];
	int n;

	if (fv->root == NO_ID)
		n = snprintf(head, sizeof head, "Flame graph of the whole profile");
	else
		n = snprintf(head, sizeof head, "Flame graph from %s", func_name(fl->p->names, fv->root));
	if (fv->nzoom)
		n = snprintf(head + draw_len(n, sizeof head), sizeof head - draw_len(n, sizeof head),
			     ", zoomed into %s (Backspace: out)",
			     func_name(fl->p->names, fv->zoom[fv->nzoom - 1])) + (int)draw_len(n, sizeof head);
	move(0, 0);
	clrtoeol();
	draw_text(0, 0, COLS, head, draw_len(n, sizeof head), A_BOLD, 0);
}

/* The status line: the estimate, marked so, then pstats' own figures, each
 * part whole or left out (a cut number would be a wrong one), then the
 * function's file and line as room allows. */
static void draw_status(struct tui *t, const struct flameview *fv)
{
	const struct flame *fl = &fv->fl;
	const struct flame_frame *fr = &fl->f[fv->sel];
	const struct fstat *s;
	struct status_line sl = { .n = 0 };
	int attr = tui_attr(t, TC_STATUS), x;
	char buf[512], calls[48];
	size_t n;
	uint32_t len;
	const char *name;

	draw_fill(LINES - 2, 0, COLS, attr);
	if (fr->func == NO_ID) {
		draw_text(LINES - 2, 0, COLS, " flame  (nothing to show)", 25, attr, 0);
		return;
	}
	s = &fl->p->stats[fr->func];
	if (s->nc != s->cc)
		snprintf(calls, sizeof calls, "%" PRId64 "/%" PRId64, s->nc, s->cc);
	else
		snprintf(calls, sizeof calls, "%" PRId64, s->nc);
	status_add(&sl, SP_POSITION, "", " %.80s", func_name(fl->p->names, fr->func));
	status_shorten_last(&sl);
	status_add(&sl, SP_SORT, "  ", "~%.1f%% %.3fs estimated", flame_share(fl, fv->sel), fr->time);
	status_add(&sl, SP_PATHS, " | ", "pstats: %s calls tot %.3f cum %.3f", calls, s->tt, s->ct);
	n = tui_status_fit(t, &sl, buf, sizeof buf);
	x = draw_text(LINES - 2, 0, COLS, buf, draw_len((int)n, sizeof buf), attr, 0);
	name = names_std(fl->p->names, fr->func, &len);
	/* after every part, if a file name cut to a few characters says something */
	if (x + 19 <= COLS && n == status_join(&sl, buf, sizeof buf)) {
		x += draw_text(LINES - 2, x, COLS - x, " | ", 3, attr, 0);
		draw_text(LINES - 2, x, COLS - x, name, len, attr, DRAW_ELLIPSIS_LEFT);
	}
}

static void flame_draw(struct tui *t, struct tui_view *v)
{
	struct flameview *fv = v->data;
	const struct flame *fl;
	size_t i;
	int y;

	if (rebuild_if_stale(t, fv) < 0)
		tui_message(t, 1, "out of memory");
	fl = &fv->fl;
	if (!usable(fv)) {
		erase();
		draw_text(0, 0, COLS, "Flame graph: out of memory", 26, A_BOLD, 0);
		return;
	}
	draw_title(t, fv);
	for (y = FLAME_TOP_LINES; y < LINES - 2; y++) {
		move(y, 0);
		clrtoeol();
	}
	for (i = fl->top; i < fl->n; i++)
		if (visible(fv, (uint32_t)i))
			draw_frame(t, fv, (uint32_t)i);
	if (LINES >= 4)
		draw_status(t, fv);
}

/* The visible frame on the selection's row nearest to its left (dir -1)
 * or right (1), whatever its parent. */
static uint32_t beside(const struct flameview *fv, int dir)
{
	const struct flame *fl = &fv->fl;
	uint32_t best = NO_ID, d = fl->f[fv->sel].depth;
	size_t i;

	for (i = fl->top; i < fl->n; i++) {
		if (fl->f[i].depth != d || !visible(fv, (uint32_t)i) || i == fv->sel)
			continue;
		if (dir < 0 && fv->c1[i] <= fv->c0[fv->sel] &&
		    (best == NO_ID || fv->c0[i] > fv->c0[best]))
			best = (uint32_t)i;
		if (dir > 0 && fv->c0[i] >= fv->c1[fv->sel] &&
		    (best == NO_ID || fv->c0[i] < fv->c0[best]))
			best = (uint32_t)i;
	}
	return best;
}

/* The widest visible child (children are hottest first). */
static uint32_t first_child(const struct flameview *fv)
{
	const struct flame_frame *fr = &fv->fl.f[fv->sel];
	uint32_t k;

	for (k = 0; k < fr->nchildren; k++)
		if (visible(fv, fr->first_child + k))
			return fr->first_child + k;
	return NO_ID;
}

static void move_to(struct flameview *fv, uint32_t i)
{
	if (i == NO_ID || !visible(fv, i))
		return;
	fv->sel = i;
	remember_selection(fv);
}

static void zoom(struct tui *t, struct flameview *fv, int in)
{
	size_t n;

	if (in) {
		if (fv->fl.f[fv->sel].func == NO_ID || fv->nzoom_back == FLAME_PATH_MAX)
			return;
		n = flame_path(&fv->fl, fv->sel, fv->zoom, FLAME_PATH_MAX);
		n = n < FLAME_PATH_MAX ? n : FLAME_PATH_MAX;
		if (n == fv->nzoom)
			return;                /* already the top frame */
		fv->zoom_back[fv->nzoom_back++] = fv->nzoom;
		fv->nzoom = n;
	} else {
		/* back to where the last Enter zoomed from (a reload may have
		 * cut the path shorter since) */
		n = fv->nzoom_back ? fv->zoom_back[--fv->nzoom_back] : 0;
		fv->nzoom = n < fv->nzoom ? n : 0;
	}
	if (build(t, fv) < 0)
		tui_message(t, 1, "out of memory");
	remember_selection(fv);
}

static int flame_request(struct tui *t, struct tui_view *v, enum action a, const char *arg)
{
	struct flameview *fv = v->data;
	const struct flame *fl;

	if (rebuild_if_stale(t, fv) < 0)
		tui_message(t, 1, "out of memory");
	if (!usable(fv))
		return 0;                      /* quit, save-display... still work */
	fl = &fv->fl;
	switch (a) {
	case ACT_MOVE_UP:
		if (fl->f[fv->sel].parent != NO_ID && fv->sel != fl->top)
			move_to(fv, fl->f[fv->sel].parent);
		return 1;
	case ACT_MOVE_DOWN: move_to(fv, first_child(fv)); return 1;
	case ACT_COLLAPSE: move_to(fv, beside(fv, -1)); return 1;
	case ACT_EXPAND: move_to(fv, beside(fv, 1)); return 1;
	case ACT_ENTER: zoom(t, fv, 1); return 1;
	case ACT_BACK:
		if (!fv->nzoom)
			return 0;              /* not zoomed: leave */
		zoom(t, fv, 0);
		return 1;
	case ACT_FLAME:
	case ACT_WRITE:
		if (!arg || !*arg) {
			if (a == ACT_FLAME)
				return 1;
			prompt_open(t, PROMPT_COMMAND);
			lineedit_start(&t->edit, "write proftop-flame.svg", &t->history[PROMPT_COMMAND]);
			return 1;
		}
		if (a == ACT_WRITE && !tui_flame_file(arg))
			return 0;              /* a pstats or callgrind file: the table's */
		tui_flame_write(t, arg, fv->root, fv->zoom, fv->nzoom);
		return 1;
	case ACT_HIDE:
		/* x: the selected frame's function, its callees in its place;
		 * :hide RE goes to the table */
		if ((arg && *arg) || fl->f[fv->sel].func == NO_ID)
			return 0;
		tui_message(t, 0, view_hide_toggle(&t->table, fl->f[fv->sel].func)
			    ? "hidden: its callees take its place (X shows every function again)"
			    : "shown again");
		return 1;
	case ACT_TREE:
		if (fl->f[fv->sel].func != NO_ID)
			tui_open(t, TV_TREE, &fl->f[fv->sel].func);
		return 1;
	default:
		return 0;
	}
}

static const char *flame_hints(struct tui *t, struct tui_view *v)
{
	return "arrows move  Enter zoom in  Backspace out  W write .svg/.folded  q leave";
}

const struct tui_view_ops flame_view_ops = {
	.name = "flame",
	.open = flame_open,
	.close = flame_close,
	.draw = flame_draw,
	.request = flame_request,
	.hints = flame_hints,
};

/* ---- writes ---- */

int tui_flame_file(const char *path)
{
	size_t n = strlen(path);

	return (n >= 4 && strcmp(path + n - 4, ".svg") == 0) ||
	       (n >= 7 && strcmp(path + n - 7, ".folded") == 0);
}

struct flame_out {
	struct flame *fl;
	int folded, heat;
	const char *title;
};

static int write_out(FILE *out, void *ctx, struct err *e)
{
	struct flame_out *w = ctx;

	if (w->folded)
		return flame_write_folded(out, w->fl, e);
	return flame_write_svg(out, w->fl, w->heat ? FLAME_COLOR_HEAT : FLAME_COLOR_MODULE, w->title, e);
}

void tui_flame_write(struct tui *t, const char *path, uint32_t root, const uint32_t *zoom,
		     size_t nzoom)
{
	struct flame fl;
	struct flame_opts o;
	struct flame_out w;
	uint8_t *omit;
	size_t n = strlen(path);
	char title[300];
	struct err e;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&w, 0, sizeof w);
	w.folded = n >= 7 && strcmp(path + n - 7, ".folded") == 0;
	w.heat = t->config && t->config->flame_heat;
	/* as --flame and --write-folded draw them */
	o.min_share = w.folded ? 1e-5 : 1.0 / 12000;
	if (omit_array(t, &omit, &o.nomit) < 0) {
		tui_message(t, 1, "out of memory");
		return;
	}
	o.omit = omit;
	rc = flame_build(&fl, shown(t), root == NO_ID ? NULL : &root, root != NO_ID, zoom, nzoom, &o);
	free(omit);
	if (rc < 0) {
		flame_free(&fl);
		tui_message(t, 1, "out of memory");
		return;
	}
	snprintf(title, sizeof title, "Flame graph %s%s", root == NO_ID ? "of the whole profile" : "from ",
		 root == NO_ID ? "" : func_name(shown(t)->names, root));
	w.fl = &fl;
	w.title = title;
	err_clear(&e);
	if (outfile_write(path, write_out, &w, &e) < 0) {
		tui_error(t, &e);
	} else {
		tui_message(t, 0, "wrote the flame graph (estimated stacks) to %s (%s)", path,
			    w.folded ? "folded" : "SVG");
	}
	flame_free(&fl);
}
