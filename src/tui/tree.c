/*
 * The call tree: callees expanded under callers, each with the share of
 * time estimated along its path.  Rooted at a function or at the top level.
 */
#include "autoconfig.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/calls.h"
#include "proftop/tui.h"
#include "proftop/flame_view.h"
#include "proftop/live_ui.h"
#include "proftop/list.h"
#include "proftop/source_view.h"

#define TREE_TOP_LINES 2

struct treeview {
	struct calltree tree;
	uint32_t root;                 /* NO_ID: the top level */
	uint32_t focus;                /* the function `t` toggles back to */
	enum path_mode mode;           /* the table's path mode the ids are of */
	struct tui_list list;          /* over tree.rows */
	/* what the tree was built from, to rebuild after a reload */
	const struct profile *built_from;
	size_t built_edges;
	uint32_t built_order;
	double built_total;
	unsigned built_hide_gen;
};

static struct profile *shown(struct tui *t)
{
	return t->table.p;
}

static int build(struct tui *t, struct treeview *tv)
{
	struct profile *p = shown(t);
	struct view *v = &t->table;
	struct err e;

	calltree_free(&tv->tree);
	/* hidden functions give their place to their callees */
	if (view_edges(v, &e) < 0 || profile_finish(p) < 0 ||
	    calltree_open_hiding(&tv->tree, p, tv->root, v->nhidden ? v->hidden : NULL,
				 v->cap_hidden) < 0)
		return -1;
	tv->built_hide_gen = v->hide_gen;
	tv->built_from = p;
	tv->built_edges = p->nedges;
	tv->built_order = p->norder;
	tv->built_total = p->total_tt;
	tv->list.cursor = tv->list.top = 0;
	list_set_count(&tv->list, tv->tree.nrows);
	return 0;
}

/* Function ids from the root down to node. */
static size_t node_path(const struct calltree *tr, uint32_t node, uint32_t *out, size_t max)
{
	size_t n = 0, i;

	for (; node != NO_ID && n < max; node = tr->nodes[node].parent)
		if (tr->nodes[node].func != NO_ID)
			out[n++] = tr->nodes[node].func;
	for (i = 0; i < n / 2; i++) {
		uint32_t x = out[i];
		out[i] = out[n - 1 - i];
		out[n - 1 - i] = x;
	}
	return n;
}

/* After the profile changed under us: rebuild, then open the same path. */
static int rebuild_keeping_path(struct tui *t, struct treeview *tv)
{
	uint32_t path[512];
	size_t n = tv->tree.nrows ? node_path(&tv->tree, tv->tree.rows[tv->list.cursor], path, 512) : 0, i, r;
	uint32_t node = 0;

	/* after p (typed here, it goes to the table): the same functions in
	 * the profile now shown, whose ids differ */
	if (tv->mode != t->table.path) {
		struct err e;
		/* the callers' ids too: the tree reads them next anyway */
		(void)view_edges(&t->table, &e);
		for (i = 0; i < n; i++)
			path[i] = view_id_since(&t->table, tv->mode, path[i]);
		if (tv->root != NO_ID)
			tv->root = view_id_since(&t->table, tv->mode, tv->root);
		if (tv->focus != NO_ID)
			tv->focus = view_id_since(&t->table, tv->mode, tv->focus);
		tv->mode = t->table.path;
	}
	if (build(t, tv) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		for (r = 0; r < tv->tree.nrows; r++) {
			uint32_t cand = tv->tree.rows[r];
			if (tv->tree.nodes[cand].func == path[i] &&
			    (i == 0 || tv->tree.nodes[cand].parent == node))
				break;
		}
		if (r == tv->tree.nrows)
			break;
		node = tv->tree.rows[r];
		if (i + 1 < n && (calltree_expand(&tv->tree, node) < 0 || calltree_rows(&tv->tree) < 0))
			return -1;
		list_set_count(&tv->list, tv->tree.nrows);
		list_move_to(&tv->list, r);
	}
	return 0;
}

static int tree_open(struct tui *t, struct tui_view *v, void *arg)
{
	struct treeview *tv = calloc(1, sizeof *tv);

	if (!tv) {
		tui_message(t, 1, "out of memory");
		return -1;
	}
	tv->focus = arg ? *(const uint32_t *)arg : NO_ID;
	tv->mode = t->table.path;
	tv->root = tv->focus;
	if (build(t, tv) < 0) {
		calltree_free(&tv->tree);
		free(tv);
		tui_message(t, 1, "out of memory");
		return -1;
	}
	v->data = tv;
	return 0;
}

static void tree_close(struct tui *t, struct tui_view *v)
{
	struct treeview *tv = v->data;

	calltree_free(&tv->tree);
	free(tv);
}

/* The tree reads the table's hidden array, which a reload may have moved
 * (grown for new functions): point at it again before any use.  Its
 * contents changing is hide_gen's business (stale). */
static void refresh_hidden(struct tui *t, struct treeview *tv)
{
	if (tv->tree.hidden) {
		tv->tree.hidden = t->table.hidden;
		tv->tree.nhidden = t->table.cap_hidden;
	}
}

static int stale(struct tui *t, const struct treeview *tv)
{
	const struct profile *p = shown(t);

	return p != tv->built_from || p->nedges != tv->built_edges || p->norder != tv->built_order ||
	       p->total_tt != tv->built_total || t->table.hide_gen != tv->built_hide_gen;
}

enum { TREE_SHARE, TREE_TIME, TREE_CALLS, TREE_NAME, TREE_COLS };
static const struct column_def tree_cols[TREE_COLS] = {
	{ "share", 6, 3 }, { "time", 8, 2 }, { "calls", 9, 1 }, { "function", 0, 0 },
};

/* Every row's numbers whole (columns.h), over all rows the tree shows. */
static void tree_layout(struct treeview *tv, struct column_layout *lo)
{
	const struct calltree *tr = &tv->tree;
	struct num_extent share, time;
	int order[TREE_COLS] = { 0, 1, 2, 3 }, w[TREE_COLS] = { 0 };
	size_t r;

	extent_init(&share);
	extent_init(&time);
	for (r = 0; r < tr->nrows; r++) {
		const struct tree_node *n = &tr->nodes[tr->rows[r]];
		extent_add(&share, calltree_share(tr, tr->rows[r]));
		extent_add(&time, n->time);
		width_max(&w[TREE_CALLS], int_width(n->calls));
	}
	w[TREE_SHARE] = extent_width(&share, 1, 0) + 1;   /* "%" */
	w[TREE_TIME] = extent_width(&time, 3, 0);
	columns_layout(lo, tree_cols, order, TREE_COLS, w, -1, COLS, COLS / 2 < 30 ? COLS / 2 : 30);
}

static void draw_node(struct tui *t, struct treeview *tv, const struct column_layout *lo, int y,
		      size_t row)
{
	const struct calltree *tr = &tv->tree;
	uint32_t node = tr->rows[row], len;
	const struct tree_node *n = &tr->nodes[node];
	int attr = row == tv->list.cursor ? tui_attr(t, TC_CURSOR) : (int)A_NORMAL, x, w;
	double share = calltree_share(tr, node);
	char buf[360];
	const char *mark, *name;
	int k;

	draw_fill(y, 0, COLS, attr);
	snprintf(buf, sizeof buf, "%.1f%%", share);
	draw_column_text(lo, TREE_SHARE, y, row == tv->list.cursor ? attr : tui_heat(t, share), buf);
	snprintf(buf, sizeof buf, "%.3f", n->time);
	draw_column_text(lo, TREE_TIME, y, attr, buf);
	snprintf(buf, sizeof buf, "%" PRId64, n->calls);
	draw_column_text(lo, TREE_CALLS, y, attr, buf);
	if (!lo->shown[TREE_NAME])
		return;
	x = lo->x[TREE_NAME];
	for (k = 0; k < (int)n->depth && x < COLS; k++)
		x += draw_text(y, x, COLS - x, "  ", 2, attr, 0);
	if (n->flags & TREE_CYCLE)
		mark = t->utf8 ? "\u21bb " : "@ ";
	else if (n->flags & TREE_LEAF)
		mark = "  ";
	else if (n->flags & TREE_EXPANDED)
		mark = t->utf8 ? "\u25be " : "- ";
	else
		mark = t->utf8 ? "\u25b8 " : "+ ";
	if (x < COLS)
		x += draw_text(y, x, COLS - x, mark, strlen(mark), attr | A_BOLD, 0);
	if (x >= COLS)
		return;
	w = COLS - x;
	name = names_std(shown(t)->names, n->func, &len);
	x += draw_text(y, x, w, name, len, attr, DRAW_ELLIPSIS_LEFT);
	if ((n->flags & TREE_CYCLE) && x < COLS)
		x += draw_text(y, x, COLS - x, " (cycle)", 8, attr | A_DIM, 0);
	if ((n->flags & TREE_VIA_HIDDEN) && x < COLS)
		draw_text(y, x, COLS - x, " (via hidden)", 13, attr | A_DIM, 0);
}

/* The title and the status line keep whole parts on a narrow screen: the
 * root's name is cut before the hint goes, the hint before a word is cut. */
static int tree_title(struct tui *t, struct treeview *tv, char *buf, size_t size)
{
	struct status_line sl = { .n = 0 };

	if (tv->root == NO_ID) {
		status_add(&sl, SP_MODE, "", "Call tree from the top level");
		status_add(&sl, SP_AGE, " ", "(t: from the function)");
	} else {
		status_add(&sl, SP_MODE, "", "Call tree from %s", func_name(shown(t)->names, tv->root));
		status_shorten_last(&sl);
		status_add(&sl, SP_AGE, " ", "(t: from the top level)");
	}
	return (int)tui_status_fit(t, &sl, buf, size);
}

static int tree_status(struct tui *t, struct treeview *tv, char *buf, size_t size)
{
	struct status_line sl = { .n = 0 };

	status_add(&sl, SP_MODE, "", " tree");
	status_add(&sl, SP_POSITION, "  ", "%zu/%zu", tv->tree.nrows ? tv->list.cursor + 1 : 0,
		   tv->tree.nrows);
	status_add(&sl, SP_TOTAL, "  ", "share: estimated from caller/callee edges");
	return (int)tui_status_fit(t, &sl, buf, size);
}

static void tree_draw(struct tui *t, struct tui_view *v)
{
	struct treeview *tv = v->data;
	struct column_layout lo;
	char head[256];
	int y, n;

	refresh_hidden(t, tv);
	if (stale(t, tv) && rebuild_keeping_path(t, tv) < 0)
		tui_message(t, 1, "out of memory");
	list_set_count(&tv->list, tv->tree.nrows);
	list_set_height(&tv->list, LINES > TREE_TOP_LINES + 2 ? (size_t)(LINES - TREE_TOP_LINES - 2) : 1);
	n = tree_title(t, tv, head, sizeof head);
	move(0, 0);
	clrtoeol();
	draw_text(0, 0, COLS, head, draw_len(n, sizeof head), A_BOLD, 0);
	tree_layout(tv, &lo);
	draw_column_titles(t, 1, tree_cols, &lo, TREE_COLS, -1, 0);
	for (y = TREE_TOP_LINES; y < LINES - 2; y++) {
		size_t row = tv->list.top + (size_t)(y - TREE_TOP_LINES);
		if (row < tv->tree.nrows) {
			draw_node(t, tv, &lo, y, row);
		} else {
			move(y, 0);
			clrtoeol();
		}
	}
	if (LINES >= 4) {
		n = tree_status(t, tv, head, sizeof head);
		draw_fill(LINES - 2, 0, COLS, tui_attr(t, TC_STATUS));
		draw_text(LINES - 2, 0, COLS, head, draw_len(n, sizeof head), tui_attr(t, TC_STATUS), 0);
	}
}

static void cursor_to_node(struct treeview *tv, uint32_t node)
{
	size_t r;

	for (r = 0; r < tv->tree.nrows; r++)
		if (tv->tree.rows[r] == node)
			list_move_to(&tv->list, r);
}

static int tree_request(struct tui *t, struct tui_view *v, enum action a, const char *arg)
{
	struct treeview *tv = v->data;
	struct calltree *tr = &tv->tree;
	uint32_t node;
	int rc = 0;

	/* a reload may have come between the last drawing and this key */
	refresh_hidden(t, tv);
	if (stale(t, tv) && rebuild_keeping_path(t, tv) < 0) {
		tui_message(t, 1, "out of memory");
		return 1;
	}
	list_set_count(&tv->list, tr->nrows);
	if (list_action(&tv->list, a))
		return 1;
	node = tr->nrows ? tr->rows[tv->list.cursor] : NO_ID;
	switch (a) {
	case ACT_EXPAND:
		if (node == NO_ID)
			return 1;
		if (tr->nodes[node].flags & TREE_CYCLE)
			tui_message(t, 0, "a cycle: this function is already on the path above");
		rc = calltree_expand(tr, node) < 0 ? -1 : calltree_rows(tr);
		break;
	case ACT_COLLAPSE:
		if (node == NO_ID)
			return 1;
		if (tr->nodes[node].flags & TREE_EXPANDED) {
			calltree_collapse(tr, node);
			rc = calltree_rows(tr);
		} else if (tr->nodes[node].parent != NO_ID && tr->nodes[tr->nodes[node].parent].func != NO_ID) {
			cursor_to_node(tv, tr->nodes[node].parent);
		}
		break;
	case ACT_EXPAND_HOT:
		if (node != NO_ID)
			rc = calltree_expand_hottest(tr, node);
		break;
	case ACT_ENTER:
		if (node != NO_ID)
			tui_open(t, TV_DETAIL, &tr->nodes[node].func);
		return 1;
	case ACT_SOURCE:
	case ACT_EDIT:
		return tui_source_action(t, a, tv->mode, node == NO_ID ? NO_ID : tr->nodes[node].func);
	case ACT_FLAME:
		/* F: the selected function's flame graph; :flame FILE writes it */
		if (node == NO_ID)
			return 0;
		if (arg && *arg)
			tui_flame_write(t, arg, tr->nodes[node].func, NULL, 0);
		else
			tui_open(t, TV_FLAME, &tr->nodes[node].func);
		return 1;
	case ACT_HIDE:
		/* x: the node's function, spliced out; :hide RE goes to the table */
		if (arg && *arg)
			return 0;
		if (node == NO_ID)
			return 1;
		tui_message(t, 0, view_hide_toggle(&t->table, tr->nodes[node].func)
			    ? "hidden: its callees take its place (X shows every function again)"
			    : "shown again");
		return 1;
	case ACT_TREE:
		tv->root = tv->root == NO_ID ? tv->focus : NO_ID;
		if (tv->root == NO_ID && tv->focus == NO_ID)
			return 1;
		rc = build(t, tv);
		break;
	default:
		return 0;
	}
	if (rc < 0)
		tui_message(t, 1, "out of memory");
	list_set_count(&tv->list, tr->nrows);
	return 1;
}

static int tree_event(struct tui *t, struct tui_view *v, const struct tui_event *ev)
{
	struct treeview *tv = v->data;

	return list_mouse(&tv->list, ev, TREE_TOP_LINES);
}

static const char *tree_hints(struct tui *t, struct tui_view *v)
{
	return "+/Right expand  -/Left collapse  * hottest path  Enter detail  t root  q leave";
}

const struct tui_view_ops tree_view_ops = {
	.name = "tree",
	.open = tree_open,
	.close = tree_close,
	.draw = tree_draw,
	.request = tree_request,
	.event = tree_event,
	.hints = tree_hints,
};
