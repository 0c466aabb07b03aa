/* Hidden functions and the share of the visible time, for the view-model. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/view.h"

static int grow(uint8_t **a, uint32_t *cap, size_t n)
{
	uint8_t *m;

	if (n <= *cap)
		return 0;
	m = realloc(*a, n);
	if (!m)
		return -1;
	memset(m + *cap, 0, n - *cap);
	*a = m;
	*cap = (uint32_t)n;
	return 0;
}

int view_hide_reserve(struct view *v, size_t n)
{
	if (grow(&v->hidden_full, &v->cap_hidden_full, n) < 0 ||
	    grow(&v->hidden, &v->cap_hidden, n) < 0)
		return -1;
	return 0;
}

/* hidden[] for the shown profile: a shown id is hidden when every full
 * function shown as it is. */
void view_hide_derive(struct view *v)
{
	const struct profile *full = v->full;
	uint32_t i;

	memset(v->hidden, 0, v->cap_hidden);
	if (!v->nhidden)
		return;
	for (i = 0; i < full->norder; i++) {
		uint32_t s = view_shown_id(v, v->path, full->order[i]);
		if (s != NO_ID && s < v->cap_hidden)
			v->hidden[s] = 1;
	}
	for (i = 0; i < full->norder; i++) {
		uint32_t f = full->order[i], s = view_shown_id(v, v->path, f);
		if (s != NO_ID && s < v->cap_hidden && !v->hidden_full[f])
			v->hidden[s] = 0;
	}
}

int view_is_hidden(const struct view *v, uint32_t id)
{
	return v->nhidden && id < v->cap_hidden && v->hidden[id];
}

/* Sets every full function shown as id to `on`; returns how many changed. */
static size_t set_hidden(struct view *v, uint32_t id, int on)
{
	const struct profile *full = v->full;
	size_t changed = 0;
	uint32_t i;

	for (i = 0; i < full->norder; i++) {
		uint32_t f = full->order[i];
		if (view_shown_id(v, v->path, f) != id || v->hidden_full[f] == on)
			continue;
		v->hidden_full[f] = (uint8_t)on;
		changed++;
	}
	if (on)
		v->nhidden += changed;
	else
		v->nhidden -= changed;
	return changed;
}

int view_hide_toggle(struct view *v, uint32_t id)
{
	int on = !view_is_hidden(v, id);

	if (v->path == PATH_FULL) {
		/* one to one: no walk over every function */
		if (id < v->cap_hidden_full && v->hidden_full[id] != on) {
			v->hidden_full[id] = (uint8_t)on;
			if (on)
				v->nhidden++;
			else
				v->nhidden--;
		}
	} else {
		set_hidden(v, id, on);
	}
	v->hide_gen++;
	view_rematch(v);
	return on;
}

long view_hide_matching(struct view *v, const char *text, struct err *e)
{
	const struct profile *p = v->p, *full = v->full;
	struct regex re;
	uint8_t *hit;
	long n = 0;
	uint32_t i;

	if (!text[0]) {
		err_at(e, "", -1, "hide needs a pattern");
		return -1;
	}
	if (regex_compile(&re, text, REGEX_SMARTCASE | REGEX_NEGATE, e) < 0)
		return -1;
	hit = calloc((size_t)p->names->nfuncs + 1, 1);
	if (!hit) {
		regex_free(&re);
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	for (i = 0; i < p->norder; i++) {
		uint32_t len, id = p->order[i];
		const char *s = names_std(p->names, id, &len);
		hit[id] = regex_match(&re, s, len) == 1;
	}
	/* One pass over the full functions whatever the path mode. */
	for (i = 0; i < full->norder; i++) {
		uint32_t f = full->order[i], s = view_shown_id(v, v->path, f);
		if (s == NO_ID || !hit[s] || v->hidden_full[f])
			continue;
		v->hidden_full[f] = 1;
		v->nhidden++;
		n++;
	}
	free(hit);
	regex_free(&re);
	if (n)
		v->hide_gen++;
	view_rematch(v);
	return n;
}

void view_unhide_all(struct view *v)
{
	if (v->hidden_full)
		memset(v->hidden_full, 0, v->cap_hidden_full);
	v->nhidden = 0;
	v->hide_gen++;
	view_rematch(v);
}

void view_set_share(struct view *v, int visible)
{
	v->share_visible = !!visible;
	/* the same rows, other figures: the top, as after any change the user makes */
	v->lost = NO_ID;
	view_move_to(v, 0);
}
