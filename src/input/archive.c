/* The member list: the input layer's walk, each dump decoded for its totals. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/util.h"
#include "proftop/archive.h"
#include "proftop/input.h"
#include "proftop/pstats.h"

struct listing {
	const char *path;
	struct archive_member *v;
	size_t n, cap;
};

static int decode(struct profile *p, const struct input_dump *d, struct err *e)
{
	if (d->fd >= 0)
		return pstats_decode_fd(p, d->fd, (size_t)d->size, d->name, e);
	return pstats_decode(p, d->data, d->len, d->name, e);
}

/* A dump's totals, in a names table of its own: members share nothing. */
static void summarize(struct archive_member *m, const struct input_dump *d)
{
	struct names names;
	struct profile p;
	struct err e;

	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	if (decode(&p, d, &e) == 0) {
		m->decoded = 1;
		m->calls = p.total_calls;
		m->total_tt = p.total_tt;
	} else {
		m->error = err_string(&e);
	}
	profile_free(&p);
	names_free(&names);
}

static struct archive_member *add_member(struct listing *l, const char *name)
{
	struct archive_member *m;

	if (grow_array(&l->v, &l->cap, l->n + 1, sizeof *l->v, 16) < 0)
		return NULL;
	m = &l->v[l->n];
	memset(m, 0, sizeof *m);
	m->name = strdup(name);
	if (!m->name)
		return NULL;
	l->n++;
	return m;
}

static int list_one(void *ctx, struct input_dump *d, struct err *e)
{
	struct listing *l = ctx;
	struct archive_member *m = add_member(l, d->member);

	if (!m) {
		err_at(e, l->path, -1, "out of memory");
		return -1;
	}
	m->size = d->size;
	m->mtime = d->mtime;
	m->is_dump = d->is_dump;
	if (m->is_dump)
		summarize(m, d);
	return 0;
}

int archive_list(const char *path, struct archive_member **out, size_t *n, struct err *e)
{
	struct listing l = { path, NULL, 0, 0 };
	int rc = input_each_member(path, list_one, &l, e);

	if (rc < 0) {
		archive_members_free(l.v, l.n);
		l.v = NULL;
		l.n = 0;
	}
	*out = l.v;
	*n = l.n;
	return rc;
}

void archive_members_free(struct archive_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].error);
	}
	free(m);
}
