/* Keys e and E: export what is shown as a dot graph, and render it. */
#include "autoconfig.h"

#include <ctype.h>
#include <curses.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proftop/config.h"
#include "proftop/dot.h"
#include "proftop/export.h"
#include "proftop/export_ui.h"
#include "proftop/flame_view.h"

/* A render in flight: owned by the loop's watch on dot's stderr. */
struct pending {
	struct tui *t;
	struct dot_render r;
};

/* Proposes STEM.EXT, or STEM-N.EXT when that exists, in the current
 * directory; the stem keeps only characters safe in a file name. */
static void propose(char *buf, size_t size, const char *stem, const char *ext)
{
	char safe[64];
	struct stat st;
	size_t i, k = 0;
	int n;

	for (i = 0; stem[i] && k < sizeof safe - 1; i++)
		safe[k++] = isalnum((unsigned char)stem[i]) || stem[i] == '-' || stem[i] == '_' ? stem[i] : '_';
	safe[k] = 0;
	snprintf(buf, size, "%s.%s", safe, ext);
	for (n = 1; n < 1000 && lstat(buf, &st) == 0; n++)
		snprintf(buf, size, "%s-%d.%s", safe, n, ext);
}

/* Opens the command line with "export NAME" for the user to edit. */
static void prompt_for_name(struct tui *t, int render, const char *stem)
{
	char name[128], line[200];

	propose(name, sizeof name, stem, render ? tui_config_render_format(t) : "dot");
	snprintf(line, sizeof line, "%s %s", render ? "export-render" : "export", name);
	prompt_open(t, PROMPT_COMMAND);
	lineedit_start(&t->edit, line, &t->history[PROMPT_COMMAND]);
}

static void render_done(struct tui *t, struct pending *pd, int rc, const struct err *e)
{

	if (rc == 1) {
		tui_message(t, 0, "rendered %s", pd->r.out);
	} else {
		tui_error(t, e);
	}
}

static void on_render_output(int fd, short revents, void *data)
{
	struct pending *pd = data;
	struct err e;
	int rc;

	(void)revents;
	err_clear(&e);
	rc = dot_render_poll(&pd->r, 0, &e);
	if (rc == 0 && pd->r.err_fd >= 0)
		return;
	/* stderr hit EOF: dot is exiting; wait for it (briefly). */
	if (rc == 0)
		rc = dot_render_poll(&pd->r, 1, &e);
	loop_unwatch_fd(&pd->t->loop, fd);
	render_done(pd->t, pd, rc, &e);
	/* No key came: show the outcome now. */
	if (!pd->t->quit) {
		tui_draw(pd->t);
		doupdate();
	}
	free(pd);
}

/* Spawns dot on dot_path; the headless harness waits, so scripts see the
 * result at once. */
static void start_render(struct tui *t, const char *dot_path, const char *out)
{
	struct pending *pd = calloc(1, sizeof *pd);
	struct err e;
	int rc;

	err_clear(&e);
	if (!pd) {
		tui_message(t, 1, "out of memory");
		return;
	}
	pd->t = t;
	if (dot_render_start(&pd->r, dot_path, dot_format_for(out, tui_config_render_format(t)), out, 0, &e) < 0) {
		render_done(t, pd, -1, &e);
		free(pd);
		return;
	}
	if (t->headless || loop_watch_fd(&t->loop, pd->r.err_fd, POLLIN, on_render_output, pd) < 0) {
		rc = dot_render_poll(&pd->r, 1, &e);
		render_done(t, pd, rc, &e);
		free(pd);
		return;
	}
	tui_message(t, 0, "wrote %s; rendering %s...", dot_path, out);
}

/* The dot file an image is rendered from: IMAGE.svg -> IMAGE.dot. */
static int dot_beside(char *buf, size_t size, const char *image)
{
	const char *slash = strrchr(image, '/'), *ext = strrchr(image, '.');
	size_t stem = strlen(image);
	int n;

	if (ext && ext > (slash ? slash + 1 : image))
		stem = (size_t)(ext - image);
	n = snprintf(buf, size, "%.*s.dot", (int)stem, image);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The drill-down's neighbourhood without the functions hidden in the table;
 * *asked: how many functions that is. */
static int export_neighbourhood(struct tui *t, uint32_t focus, const struct dot_opts *o,
				const char *path, struct dot_result *res, size_t *asked,
				struct err *e)
{
	uint32_t *ids;
	size_t n, i, k = 0;
	int rc;

	if (graph_neighbourhood(t->table.p, focus, TUI_EXPORT_DEPTH, &ids, &n, e) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ids[i] == focus || !view_is_hidden(&t->table, ids[i]))
			ids[k++] = ids[i];
	*asked = k;
	rc = dot_export(t->table.p, ids, k, o, path, res, e);
	free(ids);
	return rc;
}

/*
 * What --dot would write for what the table shows: the config's colour map,
 * thresholds and node cap, gprof2dot's labels (the unique tails in unique
 * mode, as --path unique).  "% visible" makes shares of the visible time,
 * as the table shows them.  The drill-down's neighbourhood (FOCUS) takes the
 * thresholds as shares of the focused function's time, as the detail view's
 * shares are: what matters to it stays, however cold it is; and only what
 * stays linked to it.
 */
static void export_opts(const struct tui *t, uint32_t focus, struct dot_opts *o)
{
	const struct profile *p = t->table.p;
	double total;

	dot_opts_default(o);
	tui_config_dot(t, o);
	if (t->config) {
		o->graph.node_thres = t->config->node_thres / 100.0;
		o->graph.edge_thres = t->config->edge_thres / 100.0;
	}
	o->file_labels = t->table.path == PATH_UNIQUE;
	if (t->table.share_visible)
		o->graph.total = t->table.visible_tt;
	if (focus == NO_ID)
		return;
	o->graph.has_focus = 1;
	o->graph.focus = focus;
	total = o->graph.total > 0.0 ? o->graph.total : p->total_tt;
	if (total <= 0.0)
		return;
	o->graph.node_thres *= p->stats[focus].ct / total;
	o->graph.edge_thres *= p->stats[focus].ct / total;
}

/* What the file holds, and what it leaves out of the N functions asked
 * (the thresholds are OF the total or of the focused function's time). */
static void report(struct tui *t, const char *path, const struct dot_result *r, size_t n,
		   const char *of)
{
	size_t under = n > (size_t)r->nodes + r->dropped ? n - r->nodes - r->dropped : 0;
	char cap[120] = "", thres[120] = "";

	if (under)
		snprintf(thres, sizeof thres, "; %zu under dot.node-thres %g%%%s", under,
			 t->config ? t->config->node_thres : GRAPH_NODE_THRES * 100.0, of);
	if (r->dropped)
		snprintf(cap, sizeof cap, "; %u over dot.max-nodes (%.2f%% own time)", r->dropped,
			 r->dropped_self * 100.0);
	tui_message(t, 0, "wrote %s: %u functions, %zu calls%s%s", path, r->nodes, r->edges, thres, cap);
}

static void export(struct tui *t, int render, const char *path, const uint32_t *ids,
		   size_t n, uint32_t focus)
{
	struct dot_opts o;
	struct dot_result res = { 0 };
	char dot_path[1024];
	struct err e;
	int rc;

	err_clear(&e);
	export_opts(t, focus, &o);
	rc = render ? dot_beside(dot_path, sizeof dot_path, path)
		    : snprintf(dot_path, sizeof dot_path, "%s", path) < (int)sizeof dot_path ? 0 : -1;
	if (rc < 0) {
		tui_message(t, 1, "file name too long");
		return;
	}
	if (render && strcmp(dot_path, path) == 0) {
		tui_message(t, 1, "export-render: name the image (.svg, .png, .pdf), not the .dot");
		return;
	}
	if (view_edges(&t->table, &e) < 0)
		rc = -1;
	else if (focus != NO_ID)
		rc = export_neighbourhood(t, focus, &o, dot_path, &res, &n, &e);
	else
		rc = dot_export(t->table.p, ids, n, &o, dot_path, &res, &e);
	if (rc < 0) {
		tui_error(t, &e);
		return;
	}
	if (render)
		start_render(t, dot_path, path);
	else
		report(t, dot_path, &res, n, focus != NO_ID ? " of this function's time or unlinked" : "");
}

/* The shown functions as a dump keyed by (file, line, name): in a path
 * mode, keys made for the files as shown (the table shows the full
 * profile's with their files cut). */
static int write_shown(struct view *v, const char *path, struct err *e)
{
	struct profile q;
	uint32_t *ids;
	int rc;

	if (v->path == PATH_FULL)
		return view_edges(v, e) < 0 ? -1 : export_write(path, v->p, v->rows, v->nrows, e);
	ids = malloc((v->nrows + 1) * sizeof *ids);
	if (!ids) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	memcpy(ids, v->rows, v->nrows * sizeof *ids);
	if (view_keyed_copy(v, &q, ids, v->nrows, e) < 0) {
		free(ids);
		return -1;
	}
	rc = export_write(path, &q, ids, v->nrows, e);
	view_keyed_done(v);
	profile_free(&q);
	free(ids);
	return rc;
}

void tui_write_rows(struct tui *t, const char *path)
{
	char name[128], line[200];
	struct err e;

	if (!path || !*path) {
		propose(name, sizeof name, "proftop-profile", "prof");
		snprintf(line, sizeof line, "write %s", name);
		prompt_open(t, PROMPT_COMMAND);
		lineedit_start(&t->edit, line, &t->history[PROMPT_COMMAND]);
		return;
	}
	if (tui_flame_file(path)) {
		tui_flame_write(t, path, NO_ID, NULL, 0);
		return;
	}
	if (!t->table.nrows) {
		tui_message(t, 1, "nothing shown to write");
		return;
	}
	err_clear(&e);
	if (write_shown(&t->table, path, &e) < 0) {
		tui_error(t, &e);
		return;
	}
	tui_message(t, 0, "wrote %zu functions to %s (%s)", t->table.nrows, path,
		    export_format_for(path) == EXPORT_CALLGRIND ? "callgrind" : "pstats");
}

void tui_export_rows(struct tui *t, int render, const char *path)
{
	if (!path || !*path) {
		prompt_for_name(t, render, "proftop-graph");
		return;
	}
	if (!t->table.nrows) {
		tui_message(t, 1, "nothing shown to export");
		return;
	}
	export(t, render, path, t->table.rows, t->table.nrows, NO_ID);
}

void tui_export_focus(struct tui *t, int render, const char *path, uint32_t focus)
{
	char stem[64];

	if (!path || !*path) {
		snprintf(stem, sizeof stem, "proftop-%s", func_name(t->table.p->names, focus));
		prompt_for_name(t, render, stem);
		return;
	}
	export(t, render, path, NULL, 0, focus);
}

void tui_export_cancel(struct tui *t)
{
	int i;

	for (i = t->loop.nwatch - 1; i >= 0; i--) {
		struct pending *pd = t->loop.watch[i].data;
		if (t->loop.watch[i].cb != on_render_output)
			continue;
		loop_unwatch_fd(&t->loop, t->loop.watch[i].fd);
		dot_render_cancel(&pd->r);
		free(pd);
	}
}
