/* pstats dumps, written: the marshalled stats dict. */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/outfile.h"
#include "proftop/pstats_write.h"

struct encoder {
	struct mwriter *w;
	const struct profile *p;
	uint32_t *str_slot;      /* strtab id -> reference slot, NO_ID if none */
	uint32_t *func_slot;     /* function id -> reference slot */
};

static void put_str(struct encoder *en, uint32_t id)
{
	const struct strtab *t = &en->p->names->strs;
	uint32_t slot;

	if (en->str_slot && en->str_slot[id] != NO_ID) {
		mwriter_ref(en->w, en->str_slot[id]);
		return;
	}
	slot = mwriter_str(en->w, strtab_get(t, id), strtab_len(t, id), en->str_slot != NULL);
	if (en->str_slot)
		en->str_slot[id] = slot;
}

/* (file, line, name), written once and referenced after that. */
static void put_key(struct encoder *en, uint32_t func)
{
	const struct fkey *k = &en->p->names->keys[func];
	uint32_t slot;

	if (en->func_slot && en->func_slot[func] != NO_ID) {
		mwriter_ref(en->w, en->func_slot[func]);
		return;
	}
	slot = mwriter_tuple(en->w, 3, en->func_slot != NULL);
	if (en->func_slot)
		en->func_slot[func] = slot;
	put_str(en, k->file);
	mwriter_int(en->w, k->line);
	put_str(en, k->name);
}

/* A count as read: True and False stay bools. */
static void put_count(struct mwriter *w, int64_t v, int was_bool)
{
	if (was_bool)
		mwriter_bool(w, v != 0);
	else
		mwriter_int(w, v);
}

static void put_callers(struct encoder *en, const struct fstat *f)
{
	uint32_t i;

	mwriter_dict_begin(en->w);
	for (i = 0; i < f->edge_cnt; i++) {
		const struct edge *ed = &en->p->edges[f->edge_off + i];
		put_key(en, ed->caller);
		if (ed->flags & EDGE_COUNT_ONLY) {
			put_count(en->w, ed->st.nc, ed->flags & EDGE_BOOL);
			continue;
		}
		mwriter_tuple(en->w, 4, 0);
		mwriter_int(en->w, ed->st.nc);
		mwriter_int(en->w, ed->st.cc);
		mwriter_float(en->w, ed->st.tt);
		mwriter_float(en->w, ed->st.ct);
	}
	mwriter_dict_end(en->w);
}

static uint32_t *slots(size_t n)
{
	uint32_t *v = malloc((n ? n : 1) * sizeof *v);

	if (v)
		memset(v, 0xff, (n ? n : 1) * sizeof *v);   /* NO_ID */
	return v;
}

int pstats_encode(struct mwriter *w, const struct profile *p, const uint32_t *ids, size_t n)
{
	struct encoder en = { w, p, NULL, NULL };
	size_t i;
	int rc = 0;

	if (!ids) {
		ids = p->order;
		n = p->norder;
	}
	if (mwriter_has_refs(w)) {
		en.str_slot = slots(p->names->strs.count);
		en.func_slot = slots(p->names->nfuncs);
		if (!en.str_slot || !en.func_slot)
			rc = -1;
	}
	if (rc == 0) {
		mwriter_dict_begin(w);
		for (i = 0; i < n; i++) {
			const struct fstat *f = &p->stats[ids[i]];
			put_key(&en, ids[i]);
			mwriter_tuple(w, 5, 0);
			put_count(w, f->cc, f->bools & FSTAT_CC_BOOL);
			put_count(w, f->nc, f->bools & FSTAT_NC_BOOL);
			mwriter_float(w, f->tt);
			mwriter_float(w, f->ct);
			put_callers(&en, f);
		}
		mwriter_dict_end(w);
	}
	free(en.str_slot);
	free(en.func_slot);
	return rc < 0 || w->failed ? -1 : 0;
}

struct write_ctx {
	const struct mwriter *w;
	const char *path;
};

static int write_buf(FILE *out, void *ctx, struct err *e)
{
	const struct write_ctx *c = ctx;

	if (fwrite(c->w->buf, 1, c->w->len, out) != c->w->len) {
		err_at(e, strcmp(c->path, "-") == 0 ? "standard output" : c->path, -1,
		       "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int pstats_write(const char *path, const struct profile *p, const uint32_t *ids, size_t n,
		 int version, struct err *e)
{
	struct mwriter w;
	int rc;

	if (version < 0 || version > MARSHAL_VERSION_MAX) {
		err_at(e, path, -1, "marshal version %d not supported (0-%d)", version,
		       MARSHAL_VERSION_MAX);
		return -1;
	}
	mwriter_init(&w, version);
	if (pstats_encode(&w, p, ids, n) < 0) {
		err_at(e, path, -1, "out of memory encoding the dump");
		rc = -1;
	} else {
		struct write_ctx c = { &w, path };
		rc = outfile_write(path, write_buf, &c, e);
	}
	mwriter_free(&w);
	return rc;
}
