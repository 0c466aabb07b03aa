/* Callgrind files, as pyprof2calltree writes them from a pstats dump. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/bigmem.h"
#include "proftop/callgrind.h"
#include "proftop/outfile.h"
#include "proftop/print.h"
#include "proftop/util.h"

/* One call as written, from the function whose run of calls holds it: to
 * the callee whose label lies at `label` in the labels (or, when there
 * are none, the callee's id), its count and its cost. */
struct call {
	uint32_t label;
	long long nc, cost;
};

struct emitter {
	struct outbuf *ob;
	struct profile *p;
	uint8_t *kept;           /* by id: 1 kept (2, 3 while laying out calls) */
	uint8_t *ambiguous;      /* by id: another kept function has its file and name */
	/* the calls between kept functions grouped by caller, each group in
	 * its callees' label order, the groups in the order written */
	struct call *calls;
	uint32_t *first, *count;   /* by id: its group in calls */
	char *label;               /* labels (make_labels), or NULL */
	uint32_t *label_at_k;      /* by place k in the order written: its label */
	int failed;                /* out of memory while writing */
};


/* Whether seconds make a 64-bit cost: not NaN, infinite or beyond 292 years. */
static int cost_fits(double seconds)
{
	const double two63 = 9223372036854775808.0;
	double c = seconds * CALLGRIND_SCALE;

	return c >= -two63 && c < two63;
}

/* Python's int(x * 1e9), as pyprof2calltree: truncated toward zero, and
 * negative where the profile module's calibration bias made a time
 * negative (pstats sums such times as they are).  Only for a time that
 * cost_fits: callgrind_emit checks them all first. */
static long long cost(double seconds)
{
	return (long long)(seconds * CALLGRIND_SCALE);
}

static int cmp_str(const struct strtab *t, uint32_t a, uint32_t b)
{
	uint32_t la = strtab_len(t, a), lb = strtab_len(t, b);
	int c;

	if (a == b)
		return 0;
	c = memcmp(strtab_get(t, a), strtab_get(t, b), la < lb ? la : lb);
	return c ? c : (la > lb) - (la < lb);
}

/* Python's order of (file, line, name) tuples. */
static const struct names *cmp_names;
static int cmp_id(const void *pa, const void *pb)
{
	const struct fkey *ka = &cmp_names->keys[*(const uint32_t *)pa];
	const struct fkey *kb = &cmp_names->keys[*(const uint32_t *)pb];
	int c = cmp_str(&cmp_names->strs, ka->file, kb->file);

	if (c)
		return c;
	if (ka->line != kb->line)
		return ka->line < kb->line ? -1 : 1;
	return cmp_str(&cmp_names->strs, ka->name, kb->name);
}

/*
 * Output goes through a buffer of our own, formatted by hand: a 200k-function
 * file is 2M calls and 200 MB, and printf's parsing of its formats was a
 * large part of the time.
 */
#define OUT_FLUSH ((size_t)1 << 16)

struct outbuf {
	FILE *out;
	char buf[OUT_FLUSH + 64];
	size_t n;
};

static void ob_flush(struct outbuf *o)
{
	fwrite(o->buf, 1, o->n, o->out);
	o->n = 0;
}

static void ob_put(struct outbuf *o, const char *s, size_t len)
{
	if (o->n + len > OUT_FLUSH) {
		ob_flush(o);
		if (len > OUT_FLUSH) {
			fwrite(s, 1, len, o->out);
			return;
		}
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

static void ob_char(struct outbuf *o, char c)
{
	if (o->n >= OUT_FLUSH)
		ob_flush(o);
	o->buf[o->n++] = c;
}

static void ob_lld(struct outbuf *o, long long x)
{
	char d[24];
	unsigned long long u = x < 0 ? 0 - (unsigned long long)x : (unsigned long long)x;
	size_t n = sizeof d;

	do {
		d[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (x < 0)
		d[--n] = '-';
	ob_put(o, d + n, sizeof d - n);
}

/* Names go on one line each: a control character would end it early.
 * Copies S up to its NUL into OUT (room for as many bytes), each control
 * character as '?'; returns the bytes written. */
static size_t clean_text(char *out, const char *s)
{
	size_t n;

	for (n = 0; s[n]; n++)
		out[n] = (unsigned char)s[n] < 0x20 ? '?' : s[n];
	return n;
}

/* Decimal digits of x into out (room for 21); returns how many. */
static size_t put_decimal(char *out, long long x)
{
	char d[24];
	unsigned long long u = x < 0 ? 0 - (unsigned long long)x : (unsigned long long)x;
	size_t n = sizeof d, len;

	do {
		d[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (x < 0)
		d[--n] = '-';
	len = sizeof d - n;
	memcpy(out, d + n, len);
	return len;
}

/*
 * Each kept function's "cfl=FILE\ncfn=NAME\n" and line number formatted
 * once, in the order written, and copied for each call to it: a call then
 * reads one place, not its key and two strings, each at random.  As the
 * caller it is written without the 'c's.  A label is the lengths of its
 * three parts (32 bits each), then their text.
 */
#define LABEL_HEAD 12

/* Room for id's label, as label_at would write it. */
static size_t label_room(const struct names *n, uint32_t id)
{
	return LABEL_HEAD + strtab_len(&n->strs, n->keys[id].file) +
	       strtab_len(&n->strs, n->keys[id].name) + 32;
}

static size_t label_at(const struct emitter *em, uint32_t id, char *out)
{
	const struct names *n = em->p->names;
	uint32_t head[3];
	char *t = out + LABEL_HEAD;

	memcpy(t, "cfl=", 4);
	t += 4;
	t += clean_text(t, func_file(n, id));
	*t++ = '\n';
	head[0] = (uint32_t)(t - out - LABEL_HEAD);
	memcpy(t, "cfn=", 4);
	t += 4;
	t += clean_text(t, func_name(n, id));
	if (em->ambiguous[id]) {
		*t++ = ':';
		t += put_decimal(t, (long long)n->keys[id].line);
	}
	*t++ = '\n';
	head[1] = (uint32_t)(t - out - LABEL_HEAD) - head[0];
	head[2] = (uint32_t)put_decimal(t, (long long)n->keys[id].line);
	t += head[2];
	memcpy(out, head, sizeof head);
	return (size_t)(t - out);
}

/* Labels cost what their strings take, once per function: a dump sharing
 * one huge file name among many functions would make that their product,
 * so past a budget (or 4 GB) they are formatted for each line instead,
 * and em->label stays NULL.  0, or -1 when out of memory. */
static int make_labels(struct emitter *em, const uint32_t *sorted, size_t n)
{
	const struct names *names = em->p->names;
	const struct strtab *t = &names->strs;
	size_t k, room = 0, cap = 0, budget = ((size_t)256 << 20) + 8 * names->strs.len;

	if (budget > UINT32_MAX)
		budget = UINT32_MAX;
	em->label_at_k = malloc((n + 1) * sizeof *em->label_at_k);
	if (!em->label_at_k)
		return -1;
	for (k = 0; k < n; k++) {
		size_t need = label_room(names, sorted[k]);
		if (room + need > budget) {
			free(em->label);
			em->label = NULL;
			return 0;
		}
		if (room + need > cap) {
			if (grow_array(&em->label, &cap, room + need, 1, 64 * n + 4096) < 0)
				return -1;
			bigmem_hint(em->label, cap);
		}
		/* the keys, the strings' entries, then their bytes of the
		 * functions ahead: in the order of the names they lie anywhere
		 * (written here, not in a function of their own: GCC drops a
		 * call to a function that only prefetches) */
		if (k + 16 < n)
			__builtin_prefetch(&names->keys[sorted[k + 16]]);
		if (k + 8 < n) {
			__builtin_prefetch(&t->ent[names->keys[sorted[k + 8]].file]);
			__builtin_prefetch(&t->ent[names->keys[sorted[k + 8]].name]);
		}
		if (k + 4 < n) {
			__builtin_prefetch(func_file(names, sorted[k + 4]));
			__builtin_prefetch(func_name(names, sorted[k + 4]));
		}
		em->label_at_k[k] = (uint32_t)room;
		room += label_at(em, sorted[k], em->label + room);
	}
	return 0;
}

/* The label of a call's or a function's ref (its place in the labels, or
 * its id when there are none), made in buf (room for LABEL_HEAD + 64) or
 * allocated then; its lengths in head.  NULL when out of memory. */
static const char *label_of(struct emitter *em, uint32_t ref, char *buf, uint32_t head[3])
{
	const char *l;

	if (em->label) {
		l = em->label + ref;
	} else {
		size_t room = label_room(em->p->names, ref);
		char *own = room > LABEL_HEAD + 64 ? malloc(room) : buf;
		if (!own) {
			em->failed = 1;
			return NULL;
		}
		label_at(em, ref, own);
		l = own;
	}
	memcpy(head, l, LABEL_HEAD);
	return l + LABEL_HEAD;
}

static void label_done(const struct emitter *em, const char *l, const char *buf)
{
	if (!em->label && l - LABEL_HEAD != buf)
		free((char *)(l - LABEL_HEAD));
}

/* Inclusive time of the call recorded in edge ed to `callee`. */
static double call_time(const struct profile *p, const struct edge *ed, uint32_t callee)
{
	const struct fstat *cf = &p->stats[callee];

	if (!(ed->flags & EDGE_COUNT_ONLY))
		return ed->st.ct;
	if (cf->nc <= 0)
		return 0;
	return cf->ct * ((double)ed->st.nc / (double)cf->nc);
}

/* Every time written as a cost must fit one: else the function and its
 * time in e, as pyprof2calltree would fail on them. */
static int check_costs(struct emitter *em, const uint32_t *ids, size_t n, struct err *e)
{
	struct profile *p = em->p;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct fstat *f = &p->stats[ids[i]];
		double bad = !cost_fits(f->tt) ? f->tt : f->ct;
		int ok = cost_fits(f->tt) && cost_fits(f->ct);
		for (j = 0; ok && j < p->callee_cnt[ids[i]]; j++) {
			uint32_t ei = p->callee_edge[p->callee_off[ids[i]] + j];
			uint32_t callee = p->edge_callee[ei];
			if (em->kept[callee] && !cost_fits(call_time(p, &p->edges[ei], callee))) {
				ok = 0;
				bad = call_time(p, &p->edges[ei], callee);
			}
		}
		if (!ok) {
			char num[64];
			uint32_t len;
			const char *name = names_std(p->names, ids[i], &len);
			py_repr_float(num, sizeof num, bad);
			err_at(e, "", -1, "%.*s: a time of %s seconds cannot be a callgrind cost "
			       "(nanoseconds in 64 bits)", (int)len, name, num);
			return -1;
		}
	}
	return 0;
}

/* Room for a call's lines beyond its callee's label: "calls=", two
 * numbers, two lines, the separators. */
#define CALL_ROOM 96

/* One call's lines, in the buffer when they fit there. */
static void put_call(struct emitter *em, const struct call *c, const char *line, uint32_t len)
{
	struct outbuf *o = em->ob;
	char buf[LABEL_HEAD + 64];
	uint32_t head[3];
	const char *l = label_of(em, c->label, buf, head);
	size_t need;
	char *w;

	if (!l)
		return;
	need = (size_t)head[0] + head[1] + head[2] + len + CALL_ROOM;
	if (o->n + need > OUT_FLUSH)
		ob_flush(o);
	if (need > OUT_FLUSH) {     /* a label beyond the buffer */
		ob_put(o, l, (size_t)head[0] + head[1]);
		ob_put(o, "calls=", 6);
		ob_lld(o, c->nc);
		ob_char(o, ' ');
		ob_put(o, l + head[0] + head[1], head[2]);
		ob_char(o, '\n');
		ob_put(o, line, len);
		ob_char(o, ' ');
		ob_lld(o, c->cost);
		ob_char(o, '\n');
		label_done(em, l, buf);
		return;
	}
	w = o->buf + o->n;
	memcpy(w, l, (size_t)head[0] + head[1]);
	w += head[0] + head[1];
	memcpy(w, "calls=", 6);
	w += 6;
	w += put_decimal(w, c->nc);
	*w++ = ' ';
	memcpy(w, l + head[0] + head[1], head[2]);
	w += head[2];
	*w++ = '\n';
	memcpy(w, line, len);
	w += len;
	*w++ = ' ';
	w += put_decimal(w, c->cost);
	*w++ = '\n';
	o->n = (size_t)(w - o->buf);
	label_done(em, l, buf);
}

/* Calls whose labels are fetched ahead of their writing. */
#define AHEAD 32

/* The function at place k of the order written, and its calls. */
static void put_entry(struct emitter *em, const uint32_t *sorted, size_t k)
{
	uint32_t id = sorted[k], j = em->first[id], end = j + em->count[id], head[3], q;
	char buf[LABEL_HEAD + 64], line[24];
	const char *l = label_of(em, em->label ? em->label_at_k[k] : id, buf, head);

	if (!l)
		return;
	/* as the caller: "fl=" and "fn=", without the 'c's */
	ob_put(em->ob, l + 1, head[0] - 1);
	ob_put(em->ob, l + head[0] + 1, head[1] - 1);
	ob_put(em->ob, l + head[0] + head[1], head[2]);
	ob_char(em->ob, ' ');
	ob_lld(em->ob, cost(em->p->stats[id].tt));
	ob_char(em->ob, '\n');
	memcpy(line, l + head[0] + head[1], head[2]);
	label_done(em, l, buf);
	/* The callees' labels lie anywhere: fetched together, their misses
	 * overlap (here, not in a function of their own: GCC drops a call to
	 * a function that only prefetches). */
	for (q = j; em->label && q < end && q < j + AHEAD; q++) {
		__builtin_prefetch(em->label + em->calls[q].label);
		__builtin_prefetch(em->label + em->calls[q].label + 64);
	}
	for (; j < end && !em->failed; j++) {
		if (em->label && j + AHEAD < end) {
			__builtin_prefetch(em->label + em->calls[j + AHEAD].label);
			__builtin_prefetch(em->label + em->calls[j + AHEAD].label + 64);
		}
		put_call(em, &em->calls[j], line, head[2]);
	}
	ob_char(em->ob, '\n');
}

/*
 * The calls between kept functions, grouped by caller, the groups in the
 * order they are written, each in its callees' order: a counting sort.
 * The first pass counts each caller's calls reading the callees' caller
 * edges in the order given (for a whole profile, the order they lie in);
 * the second visits the callees in the order written, so that each group
 * fills in order, and stores each call as 8 bytes (callee and edge) where
 * it will be read: the scattered stores are few and small, and the edges
 * (80 MB for 2M calls) are read when written, fetched ahead.  Returns 1
 * when every time fits a cost, 0 when one does not, -1 when out of memory.
 */
static int count_calls(struct emitter *em, const uint32_t *ids, size_t n)
{
	struct profile *p = em->p;
	size_t k;
	uint32_t j;
	int fits = 1;

	for (k = 0; k < n; k++) {
		const struct fstat *f = &p->stats[ids[k]];
		if (em->kept[ids[k]] != 1)
			continue;
		em->kept[ids[k]] = 2;      /* an id given twice has one group */
		fits &= cost_fits(f->tt) && cost_fits(f->ct);
		for (j = 0; j < f->edge_cnt; j++) {
			uint32_t caller = p->edges[f->edge_off + j].caller;
			em->count[caller] += em->kept[caller] != 0;
		}
	}
	return fits;
}

static int lay_out_calls(struct emitter *em, const uint32_t *ids, const uint32_t *sorted, size_t n)
{
	struct profile *p = em->p;
	uint32_t nids = p->names->nfuncs, j;
	size_t k, total = 0;
	int fits;

	em->first = calloc((size_t)nids + 1, sizeof *em->first);
	em->count = calloc((size_t)nids + 1, sizeof *em->count);
	if (!em->first || !em->count)
		return -1;
	fits = count_calls(em, ids, n);
	for (k = 0; k < n; k++) {
		uint32_t id = sorted[k];
		if (em->kept[id] != 2)
			continue;
		em->kept[id] = 3;
		em->first[id] = (uint32_t)total;
		total += em->count[id];
		em->count[id] = 0;
	}
	em->calls = malloc((total + 1) * sizeof *em->calls);
	if (!em->calls)
		return -1;
	bigmem_hint(em->calls, (total + 1) * sizeof *em->calls);
	for (k = 0; k < n; k++) {
		uint32_t callee = sorted[k];
		const struct fstat *f = &p->stats[callee];
		if (k + 8 < n)
			__builtin_prefetch(&p->stats[sorted[k + 8]]);
		if (k + 4 < n) {
			const struct fstat *ahead = &p->stats[sorted[k + 4]];
			__builtin_prefetch(&p->edges[ahead->edge_off]);
			__builtin_prefetch((const char *)&p->edges[ahead->edge_off] + 64);
		}
		if (em->kept[callee] != 3)
			continue;
		em->kept[callee] = 1;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *ed = &p->edges[f->edge_off + j];
			double time;
			struct call *c;
			if (!em->kept[ed->caller])
				continue;
			c = &em->calls[em->first[ed->caller] + em->count[ed->caller]++];
			c->label = em->label ? em->label_at_k[k] : callee;
			c->nc = (long long)ed->st.nc;
			time = call_time(p, ed, callee);
			fits &= cost_fits(time);
			c->cost = cost_fits(time) ? cost(time) : 0;
		}
	}
	return fits;
}

/* Functions of one file sharing a name are told apart by their line
 * (strings are interned: equal names have equal ids, so grouping by the
 * ids finds them without comparing a string). */
static int cmp_file_name_ids(const void *a, const void *b)
{
	const struct fkey *ka = &cmp_names->keys[*(const uint32_t *)a];
	const struct fkey *kb = &cmp_names->keys[*(const uint32_t *)b];
	uint64_t x = (uint64_t)ka->file << 32 | ka->name, y = (uint64_t)kb->file << 32 | kb->name;

	return (x > y) - (x < y);
}

static void mark_ambiguous(struct emitter *em, uint32_t *ids, size_t n)
{
	const struct fkey *keys = em->p->names->keys;
	size_t i, j;

	qsort(ids, n, sizeof *ids, cmp_file_name_ids);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && keys[ids[j]].file == keys[ids[i]].file &&
			     keys[ids[j]].name == keys[ids[i]].name; j++)
			;
		if (j - i > 1)
			while (i < j)
				em->ambiguous[ids[i++]] = 1;
	}
}

int callgrind_emit(FILE *out, struct profile *p, const uint32_t *ids, size_t n, struct err *e)
{
	struct outbuf *ob = malloc(sizeof *ob);
	struct emitter em = { ob, p, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 };
	uint32_t *sorted = NULL;
	long long summary = 0;
	size_t i;
	int rc = -1, fits;

	if (!ids) {
		ids = p->order;
		n = p->norder;
	}
	em.kept = calloc(p->names->nfuncs + 1, 1);
	em.ambiguous = calloc(p->names->nfuncs + 1, 1);
	sorted = malloc((n + 1) * sizeof *sorted);
	if (!ob || !em.kept || !em.ambiguous || !sorted)
		goto oom;
	ob->out = out;
	ob->n = 0;
	for (i = 0; i < n; i++)
		em.kept[ids[i]] = 1;
	cmp_names = p->names;
	memcpy(sorted, ids, n * sizeof *sorted);
	mark_ambiguous(&em, sorted, n);
	qsort(sorted, n, sizeof *sorted, cmp_id);
	if (make_labels(&em, sorted, n) < 0)
		goto oom;
	fits = lay_out_calls(&em, ids, sorted, n);
	if (fits < 0)
		goto oom;
	/* A time that fits no cost: the message names the first function
	 * given that has one, as its calls are listed in the callees index. */
	if (!fits) {
		if (profile_finish(p) < 0)
			goto oom;
		if (check_costs(&em, ids, n, e) < 0)
			goto out;
		/* not reached (it checks what the layout did), but finishing
		 * may have moved the edges the calls point to */
		err_at(e, "", -1, "a time cannot be a callgrind cost");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (cost(p->stats[ids[i]].ct) > summary)
			summary = cost(p->stats[ids[i]].ct);
	fprintf(out, "event: ns : Nanoseconds\nevents: ns\nsummary: %lld\n", summary);
	for (i = 0; i < n && !em.failed; i++)
		put_entry(&em, sorted, i);
	ob_flush(ob);
	if (em.failed)
		goto oom;
	rc = 0;
	goto out;
oom:
	err_at(e, "", -1, "out of memory");
out:
	free(em.kept);
	free(em.ambiguous);
	free(em.calls);
	free(em.first);
	free(em.count);
	free(em.label);
	free(em.label_at_k);
	free(sorted);
	free(ob);
	return rc;
}

struct emit_ctx {
	struct profile *p;
	const uint32_t *ids;
	size_t n;
};

static int emit_to(FILE *out, void *ctx, struct err *e)
{
	struct emit_ctx *c = ctx;

	return callgrind_emit(out, c->p, c->ids, c->n, e);
}

int callgrind_write(const char *path, struct profile *p, const uint32_t *ids, size_t n,
		    struct err *e)
{
	struct emit_ctx c = { p, ids, n };

	return outfile_write(path, emit_to, &c, e);
}
