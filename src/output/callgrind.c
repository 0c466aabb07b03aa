/* Callgrind files, as pyprof2calltree writes them from a pstats dump. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "proftop/callgrind.h"
#include "proftop/outfile.h"
#include "proftop/print.h"

/* One call as written: to `callee`, from the function whose run of calls
 * holds it. */
struct call {
	uint32_t callee;
	long long nc;
	double time;
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
	size_t *label_off;         /* by id: its label in label */
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
 * Each kept function's "fl=FILE\nfn=NAME\n" and line number formatted
 * once, in the order written, and copied for each call to it ("c" before
 * each line): a call then reads one place, not its key and two strings,
 * each at random.  A label is the lengths of its three parts (32 bits
 * each), then their text.
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

	memcpy(t, "fl=", 3);
	t += 3;
	t += clean_text(t, func_file(n, id));
	*t++ = '\n';
	head[0] = (uint32_t)(t - out - LABEL_HEAD);
	memcpy(t, "fn=", 3);
	t += 3;
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
 * so past a budget they are formatted for each line instead. */
static int make_labels(struct emitter *em, const uint32_t *sorted, size_t n)
{
	const struct names *names = em->p->names;
	size_t k, room = 0, budget = ((size_t)256 << 20) + 8 * names->strs.len;

	for (k = 0; k < n && room <= budget; k++)
		room += label_room(names, sorted[k]);
	if (room > budget)
		return 0;
	em->label = malloc(room + 1);
	em->label_off = malloc(((size_t)names->nfuncs + 1) * sizeof *em->label_off);
	if (!em->label || !em->label_off)
		return -1;
	for (k = 0, room = 0; k < n; k++) {
		em->label_off[sorted[k]] = room;
		room += label_at(em, sorted[k], em->label + room);
	}
	return 0;
}

/* Writes id's label lines (as a callee's with call); its line number's
 * text in *line, *line_len. */
static void put_fn(struct emitter *em, int call, uint32_t id, char *line, uint32_t *line_len)
{
	char one[LABEL_HEAD + 64], *buf = one;
	const char *l;
	uint32_t head[3];

	*line_len = 0;          /* nothing, when out of memory below */
	if (em->label) {
		l = em->label + em->label_off[id];
	} else {
		size_t room = label_room(em->p->names, id);
		if (room > sizeof one && !(buf = malloc(room))) {
			em->failed = 1;
			return;
		}
		label_at(em, id, buf);
		l = buf;
	}
	memcpy(head, l, sizeof head);
	l += LABEL_HEAD;
	if (call)
		ob_char(em->ob, 'c');
	ob_put(em->ob, l, head[0]);
	if (call)
		ob_char(em->ob, 'c');
	ob_put(em->ob, l + head[0], head[1]);
	memcpy(line, l + head[0] + head[1], head[2]);
	*line_len = head[2];
	if (buf != one)
		free(buf);
}

/* Inclusive time of the call recorded in edge ei to `callee`. */
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

static void put_entry(struct emitter *em, uint32_t id)
{
	struct profile *p = em->p;
	uint32_t j = em->first[id], end = j + em->count[id], k, len, clen;
	char line[24], cline[24];

	/* The callees' labels lie anywhere: their cache misses overlap. */
	for (k = j; em->label && k < end; k++)
		__builtin_prefetch(em->label + em->label_off[em->calls[k].callee]);
	put_fn(em, 0, id, line, &len);
	ob_put(em->ob, line, len);
	ob_char(em->ob, ' ');
	ob_lld(em->ob, cost(p->stats[id].tt));
	ob_char(em->ob, '\n');
	for (; j < end; j++) {
		const struct call *c = &em->calls[j];
		put_fn(em, 1, c->callee, cline, &clen);
		ob_put(em->ob, "calls=", 6);
		ob_lld(em->ob, c->nc);
		ob_char(em->ob, ' ');
		ob_put(em->ob, cline, clen);
		ob_char(em->ob, '\n');
		ob_put(em->ob, line, len);
		ob_char(em->ob, ' ');
		ob_lld(em->ob, cost(c->time));
		ob_char(em->ob, '\n');
	}
	ob_char(em->ob, '\n');
}

/* Calls of one caller in their callees' label order. */
static const uint32_t *cmp_rank;
static int cmp_call(const void *a, const void *b)
{
	uint32_t ra = cmp_rank[((const struct call *)a)->callee];
	uint32_t rb = cmp_rank[((const struct call *)b)->callee];

	return (ra > rb) - (ra < rb);
}

static void sort_calls(struct call *c, uint32_t n, const uint32_t *rank)
{
	uint32_t i, j;

	if (n > 16) {
		cmp_rank = rank;
		qsort(c, n, sizeof *c, cmp_call);
		return;
	}
	for (i = 1; i < n; i++) {
		struct call x = c[i];
		for (j = i; j > 0 && rank[c[j - 1].callee] > rank[x.callee]; j--)
			c[j] = c[j - 1];
		c[j] = x;
	}
}

/*
 * The calls between kept functions, grouped by caller, the groups in the
 * order they are written: a counting sort that reads each callee's caller
 * edges (one contiguous range) in the order given, which for a whole
 * profile is the order they lie in, so that neither the edges (80 MB for
 * 2M calls) nor the groups are read at random.  Returns 1 when every time
 * fits a cost, 0 when one does not, -1 when out of memory.
 */
static int lay_out_calls(struct emitter *em, const uint32_t *ids, const uint32_t *sorted, size_t n)
{
	struct profile *p = em->p;
	uint32_t nids = p->names->nfuncs, j, *fill, *rank;
	size_t k, total = 0;
	int fits = 1;

	em->first = calloc((size_t)nids + 1, sizeof *em->first);
	em->count = calloc((size_t)nids + 1, sizeof *em->count);
	fill = calloc((size_t)nids + 1, sizeof *fill);
	rank = calloc((size_t)nids + 1, sizeof *rank);
	if (!em->first || !em->count || !fill || !rank)
		goto oom;
	for (k = 0; k < n; k++) {
		const struct fstat *f = &p->stats[ids[k]];
		if (em->kept[ids[k]] != 1)
			continue;
		em->kept[ids[k]] = 2;      /* an id given twice has one group */
		fits &= cost_fits(f->tt) && cost_fits(f->ct);
		for (j = 0; j < f->edge_cnt; j++) {
			uint32_t caller = p->edges[f->edge_off + j].caller;
			if (em->kept[caller]) {
				em->count[caller]++;
				total++;
			}
		}
	}
	for (k = 0, total = 0; k < n; k++) {
		uint32_t id = sorted[k];
		if (em->kept[id] != 2)
			continue;
		em->kept[id] = 3;
		rank[id] = (uint32_t)k;
		em->first[id] = (uint32_t)total;
		total += em->count[id];
		em->count[id] = 0;
	}
	em->calls = malloc((total + 1) * sizeof *em->calls);
	if (!em->calls)
		goto oom;
	for (k = 0; k < n; k++) {
		uint32_t callee = ids[k];
		const struct fstat *f = &p->stats[callee];
		if (em->kept[callee] != 3)
			continue;
		em->kept[callee] = 1;
		for (j = 0; j < f->edge_cnt; j++) {
			const struct edge *ed = &p->edges[f->edge_off + j];
			struct call *c;
			if (!em->kept[ed->caller])
				continue;
			c = &em->calls[em->first[ed->caller] + fill[ed->caller]++];
			c->callee = callee;
			c->nc = (long long)ed->st.nc;
			c->time = call_time(p, ed, callee);
			fits &= cost_fits(c->time);
		}
	}
	for (k = 0; k < n; k++) {
		uint32_t id = sorted[k];
		if (fill[id] && !em->count[id]) {
			em->count[id] = fill[id];
			sort_calls(&em->calls[em->first[id]], fill[id], rank);
		}
	}
	free(fill);
	free(rank);
	return fits;
oom:
	free(fill);
	free(rank);
	return -1;
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
	}
	for (i = 0; i < n; i++)
		if (cost(p->stats[ids[i]].ct) > summary)
			summary = cost(p->stats[ids[i]].ct);
	fprintf(out, "event: ns : Nanoseconds\nevents: ns\nsummary: %lld\n", summary);
	if (make_labels(&em, sorted, n) < 0)
		goto oom;
	for (i = 0; i < n && !em.failed; i++)
		put_entry(&em, sorted[i]);
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
	free(em.label_off);
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
