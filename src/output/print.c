/* pstats' report text, reproduced byte for byte. */
#include "autoconfig.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/print.h"

void py_repr_str(FILE *out, const char *s)
{
	char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
	const unsigned char *c;

	fputc(quote, out);
	for (c = (const unsigned char *)s; *c; c++) {
		if (*c == '\\' || *c == (unsigned char)quote)
			fprintf(out, "\\%c", *c);
		else if (*c == '\n')
			fputs("\\n", out);
		else if (*c == '\r')
			fputs("\\r", out);
		else if (*c == '\t')
			fputs("\\t", out);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(out, "\\x%02x", *c);
		else
			fputc(*c, out);
	}
	fputc(quote, out);
}

/* repr(float): the shortest digits that round-trip, fixed notation for
 * exponents in [-4, 16), else d.ddde+XX. */
void py_repr_float(char *buf, size_t size, double x)
{
	char tmp[64], digits[32];
	int prec, exp10, nd = 0, i;
	char *e;

	if (isnan(x)) {
		snprintf(buf, size, "nan");
		return;
	}
	if (isinf(x)) {
		snprintf(buf, size, x < 0 ? "-inf" : "inf");
		return;
	}
	for (prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	e = strchr(tmp, 'e');
	exp10 = atoi(e + 1);
	for (i = 0; tmp + i < e; i++)
		if (tmp[i] >= '0' && tmp[i] <= '9')
			digits[nd++] = tmp[i];
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = 0;
	{
		const char *sign = x < 0 || (x == 0 && signbit(x)) ? "-" : "";
		if (exp10 >= -4 && exp10 < 16) {
			char out[64];
			int k = 0;
			if (exp10 < 0) {
				k += snprintf(out + k, sizeof out - k, "0.");
				for (i = -1; i > exp10; i--)
					out[k++] = '0';
				snprintf(out + k, sizeof out - k, "%s", digits);
			} else {
				for (i = 0; i <= exp10; i++)
					out[k++] = i < nd ? digits[i] : '0';
				out[k++] = '.';
				if (nd > exp10 + 1)
					k += snprintf(out + k, sizeof out - k, "%s", digits + exp10 + 1);
				else
					out[k++] = '0';
				out[k] = 0;
			}
			snprintf(buf, size, "%s%s", sign, out);
		} else {
			snprintf(buf, size, "%s%c%s%s%se%c%02d", sign, digits[0], nd > 1 ? "." : "",
				 nd > 1 ? digits + 1 : "", "", exp10 < 0 ? '-' : '+', abs(exp10));
		}
	}
}

/* Python formats every NaN as "nan"; C keeps the sign bit ("-nan"). */
static double py_nan(double x)
{
	return isnan(x) ? fabs(x) : x;
}

static void f8(FILE *out, double x)
{
	fprintf(out, "%8.3f", py_nan(x));
}

/* pstats' width of the names column: the widest listed name in code
 * points (max_name_len when every function is listed, the same).  A width
 * never exceeds the byte length: only a name longer in bytes than the
 * widest so far is measured. */
static size_t list_width(const struct profile *p, const uint32_t *ids, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (names_std_len(p->names, ids[i]) > w) {
			size_t x = names_std_width(p->names, ids[i]);
			if (x > w)
				w = x;
		}
	return w;
}

/*
 * A name as Python's print writes it to a pipe or file: marshal keeps a
 * file name that was not UTF-8 (os.fsdecode's surrogateescape) as lone
 * surrogates U+DC80..U+DCFF, encoded here as ED B2 80..ED B3 BF, and
 * stdout's surrogateescape turns each back into the byte it stood for.
 */
static void print_name(FILE *out, const char *s, size_t len)
{
	const char *end = s + len, *ed;

	while ((ed = memchr(s, 0xED, (size_t)(end - s))) != NULL) {
		const unsigned char *u = (const unsigned char *)ed;
		if (end - ed < 3 || (u[1] & 0xFE) != 0xB2 || (u[2] & 0xC0) != 0x80) {
			fwrite(s, 1, (size_t)(ed - s) + 1, out);
			s = ed + 1;
			continue;
		}
		fwrite(s, 1, (size_t)(ed - s), out);
		fputc(0x80 | (u[1] & 1) << 6 | (u[2] & 0x3F), out);
		s = ed + 3;
	}
	fwrite(s, 1, (size_t)(end - s), out);
}

static void print_padded(FILE *out, const char *s, uint32_t len, size_t width)
{
	size_t w = utf8_width(s, len);

	print_name(out, s, len);
	for (; w < width; w++)
		fputc(' ', out);
}

static void print_restriction_value(FILE *out, const struct restriction *r)
{
	char buf[64];

	switch (r->kind) {
	case RESTRICT_REGEX:
		py_repr_str(out, r->text);
		break;
	case RESTRICT_COUNT:
		fprintf(out, "%lld", r->count);
		break;
	case RESTRICT_FRACTION:
		py_repr_float(buf, sizeof buf, r->fraction);
		fputs(buf, out);
		break;
	}
}

/* How many of N a count or fraction restriction keeps. */
static size_t limit_kept(const struct restriction *r, size_t n)
{
	if (r->kind == RESTRICT_FRACTION)
		return r->fraction >= 0.0 && r->fraction < 1.0 ? (size_t)floor((double)n * r->fraction + .5)
								: n;
	return r->count >= 0 && (unsigned long long)r->count < n ? (size_t)r->count : n;
}

/* pstats' eval_print_amount for one restriction; appends to msg.
 * SIZE_MAX with e set when a regex hit PCRE2's limits: Python would
 * backtrack for hours on such a pattern, we refuse instead. */
static size_t apply_restriction(struct profile *p, const struct restriction *r,
				uint32_t *ids, size_t n, FILE *msg, struct err *e)
{
	size_t kept;

	if (r->kind == RESTRICT_REGEX) {
		struct regex re;
		int too_complex;
		if (regex_compile(&re, r->text, 0, e) < 0) {
			err_clear(e);
			fputs("   <Invalid regular expression ", msg);
			py_repr_str(msg, r->text);
			fputs(">\n", msg);
			return n;
		}
		kept = query_filter(p, &re, ids, n);
		too_complex = re.too_complex;
		regex_free(&re);
		if (too_complex) {
			err_at(e, "", -1, "--filter '%s': pattern too complex (hit the PCRE2 match limit)",
			       r->text);
			return SIZE_MAX;
		}
	} else {
		kept = limit_kept(r, n);
	}
	if (kept != n) {
		fprintf(msg, "   List reduced from %zu to %zu due to restriction <", n, kept);
		print_restriction_value(msg, r);
		fputs(">\n", msg);
	}
	return kept;
}

/* pstats' get_print_list: returns the selected ids and, when WIDTH is not
 * NULL, the names column's width. */
static uint32_t *print_list(FILE *out, struct profile *p, const struct print_opts *o,
			    size_t *count, size_t *width, struct err *e)
{
	uint32_t *ids = malloc((p->norder + 1) * sizeof *ids);
	char *msgbuf = NULL;
	size_t msglen = 0, n = p->norder, i;
	FILE *msg;

	if (!ids)
		return NULL;
	if (p->norder)   /* an empty dict has no order array: memcpy(NULL) is UB */
		memcpy(ids, p->order, p->norder * sizeof *ids);
	msg = open_memstream(&msgbuf, &msglen);
	if (!msg) {
		free(ids);
		return NULL;
	}
	if (o->sort && o->sort->n) {
		/* a first restriction that keeps the first K (--limit 40):
		 * only those K need their order */
		size_t k = n;

		if (!o->reverse && o->nrestrictions && o->restrictions[0].kind != RESTRICT_REGEX)
			k = limit_kept(&o->restrictions[0], n);
		if (query_sort_top(p, o->sort, ids, n, k) < 0)
			goto fail;
		if (o->reverse)
			query_reverse(ids, n);
		fprintf(msg, "   Ordered by: %s\n", o->sort->desc);
	} else {
		fputs("   Random listing order was used\n", msg);
	}
	for (i = 0; i < o->nrestrictions; i++)
		if ((n = apply_restriction(p, &o->restrictions[i], ids, n, msg, e)) == SIZE_MAX)
			goto fail;
	fclose(msg);
	if (n)
		fprintf(out, "%s\n", msgbuf);
	if (width)
		*width = n ? list_width(p, ids, n) + 2 : 0;
	free(msgbuf);
	*count = n;
	return ids;
fail:
	fclose(msg);
	free(msgbuf);
	free(ids);
	return NULL;
}

/* Whether a function has the profile module's top-level flag: read in id
 * order, where the dict order's walk is a cache miss per function of a big
 * dump (cProfile's dumps have none). */
static int any_top_level(const struct profile *p)
{
	size_t i, n = p->names->nfuncs < p->cap_stats ? p->names->nfuncs : p->cap_stats;

	for (i = 0; i < n; i++)
		if (p->stats[i].top_level)
			return 1;
	return 0;
}

static void print_header(FILE *out, struct profile *p)
{
	size_t i, n = any_top_level(p) ? p->norder : 0;

	for (i = 0; i < p->nfiles; i++)
		fprintf(out, "%s\n", p->files[i]);
	if (p->nfiles)
		fputc('\n', out);
	for (i = 0; i < n; i++)
		if (p->stats[p->order[i]].top_level) {
			const char *name = func_name(p->names, p->order[i]);
			fputs("         ", out);
			print_name(out, name, strlen(name));
			fputc('\n', out);
		}
	fprintf(out, "         %" PRId64 " function calls ", p->total_calls);
	if (p->total_calls != p->prim_calls)
		fprintf(out, "(%" PRId64 " primitive calls) ", p->prim_calls);
	fprintf(out, "in %.3f seconds\n\n", py_nan(p->total_tt));
}

/* str() of a count: a bool read from the dump is True or False. */
static void py_str_count(char *buf, size_t size, int64_t v, int was_bool)
{
	if (was_bool)
		snprintf(buf, size, "%s", v ? "True" : "False");
	else
		snprintf(buf, size, "%" PRId64, v);
}

static void print_line(FILE *out, struct profile *p, uint32_t id)
{
	const struct fstat *f = &p->stats[id];
	char c[48];
	uint32_t len;
	const char *name;

	py_str_count(c, sizeof c, f->nc, f->bools & FSTAT_NC_BOOL);
	if (f->nc != f->cc) {
		size_t n = strlen(c);
		c[n++] = '/';
		py_str_count(c + n, sizeof c - n, f->cc, f->bools & FSTAT_CC_BOOL);
	}
	fprintf(out, "%9s ", c);
	f8(out, f->tt);
	fputc(' ', out);
	if (f->nc == 0)
		fputs("         ", out);
	else {
		f8(out, f->tt / (double)f->nc);
		fputc(' ', out);
	}
	f8(out, f->ct);
	fputc(' ', out);
	if (f->cc == 0)
		fputs("         ", out);
	else {
		f8(out, f->ct / (double)f->cc);
		fputc(' ', out);
	}
	name = names_std(p->names, id, &len);
	print_name(out, name, len);
	fputc('\n', out);
}

static void print_call_heading(FILE *out, struct profile *p, size_t width, const char *title)
{
	size_t i;
	int sub = 0;

	print_padded(out, "Function ", 9, width);
	fprintf(out, "%s\n", title);
	/* Sub-header only for cProfile's tuple values: pstats looks at the
	 * first function that has callers. */
	for (i = 0; i < p->norder; i++) {
		const struct fstat *f = &p->stats[p->order[i]];
		if (f->edge_cnt) {
			sub = !(p->edges[f->edge_off].flags & EDGE_COUNT_ONLY);
			break;
		}
	}
	if (sub)
		fprintf(out, "%*s    ncalls  tottime  cumtime\n", (int)width, "");
}

/* Python's tuple order on (file, line, name): sorted(call_dict.keys()). */
static struct profile *key_cmp_profile;
static int cmp_key_tuple(const void *a, const void *b)
{
	const struct names *n = key_cmp_profile->names;
	const struct fkey *ka = &n->keys[((const uint32_t *)a)[0]];
	const struct fkey *kb = &n->keys[((const uint32_t *)b)[0]];
	int c;

	if (ka->file != kb->file) {
		uint32_t la = strtab_len(&n->strs, ka->file), lb = strtab_len(&n->strs, kb->file);
		c = memcmp(strtab_get(&n->strs, ka->file), strtab_get(&n->strs, kb->file), la < lb ? la : lb);
		if (c)
			return c;
		if (la != lb)
			return la < lb ? -1 : 1;
	}
	if (ka->line != kb->line)
		return ka->line < kb->line ? -1 : 1;
	if (ka->name != kb->name) {
		uint32_t la = strtab_len(&n->strs, ka->name), lb = strtab_len(&n->strs, kb->name);
		c = memcmp(strtab_get(&n->strs, ka->name), strtab_get(&n->strs, kb->name), la < lb ? la : lb);
		if (c)
			return c;
		return la < lb ? -1 : la > lb;
	}
	return 0;
}

/* pairs[2i] = other function, pairs[2i+1] = edge index */
static void print_call_line(FILE *out, struct profile *p, size_t width, uint32_t id,
			    uint32_t *pairs, size_t n, const char *arrow)
{
	uint32_t len;
	const char *name = names_std(p->names, id, &len);
	size_t i;

	print_padded(out, name, len, width);
	fprintf(out, "%s ", arrow);
	if (!n) {
		fputc('\n', out);
		return;
	}
	key_cmp_profile = p;
	qsort(pairs, n, 2 * sizeof *pairs, cmp_key_tuple);
	for (i = 0; i < n; i++) {
		const struct edge *e = &p->edges[pairs[2 * i + 1]];
		const char *other = names_std(p->names, pairs[2 * i], &len);
		char sub[64];
		if (!(e->flags & EDGE_COUNT_ONLY)) {
			if (i)
				fprintf(out, "%*s", (int)width + 1, "");
			if (e->st.nc != e->st.cc)
				snprintf(sub, sizeof sub, "%" PRId64 "/%" PRId64, e->st.nc, e->st.cc);
			else
				snprintf(sub, sizeof sub, "%" PRId64, e->st.nc);
			fprintf(out, "%*s ", i ? 9 : 7, sub);
			f8(out, e->st.tt);
			fputc(' ', out);
			f8(out, e->st.ct);
			fputs("  ", out);
			print_name(out, other, len);
		} else {
			const struct fstat *of = pairs[2 * i] < p->cap_stats ? &p->stats[pairs[2 * i]] : NULL;
			if (i)
				fprintf(out, "%*s", (int)width + 3, "");
			print_name(out, other, len);
			py_str_count(sub, sizeof sub, e->st.nc, e->flags & EDGE_BOOL);
			fprintf(out, "(%s) ", sub);
			f8(out, of ? of->ct : 0.0);
		}
		fputc('\n', out);
	}
}

static int print_calls(FILE *out, struct profile *p, const struct print_opts *o, int callers,
		       struct err *e)
{
	size_t n, width, i, j;
	uint32_t *ids = print_list(out, p, o, &n, &width, e);
	uint32_t *pairs;

	if (!ids)
		return -1;
	if (!n) {
		free(ids);
		return 0;
	}
	pairs = malloc((p->nedges + 1) * 2 * sizeof *pairs);
	if (!pairs) {
		free(ids);
		return -1;
	}
	print_call_heading(out, p, width, callers ? "was called by..." : "called...");
	for (i = 0; i < n; i++) {
		uint32_t id = ids[i];
		size_t k = 0;
		if (callers) {
			const struct fstat *f = &p->stats[id];
			for (j = 0; j < f->edge_cnt; j++) {
				pairs[2 * k] = p->edges[f->edge_off + j].caller;
				pairs[2 * k++ + 1] = f->edge_off + (uint32_t)j;
			}
		} else {
			for (j = 0; j < p->callee_cnt[id]; j++) {
				uint32_t ei = p->callee_edge[p->callee_off[id] + j];
				pairs[2 * k] = p->edge_callee[ei];
				pairs[2 * k++ + 1] = ei;
			}
		}
		print_call_line(out, p, width, id, pairs, k, callers ? "<-" : "->");
	}
	fputs("\n\n", out);
	free(pairs);
	free(ids);
	return 0;
}

static int print_stats(FILE *out, struct profile *p, const struct print_opts *o, struct err *e)
{
	size_t n, i;
	uint32_t *ids;

	print_header(out, p);
	ids = print_list(out, p, o, &n, NULL, e);
	if (!ids)
		return -1;
	if (n) {
		fputs("   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n", out);
		for (i = 0; i < n; i++)
			print_line(out, p, ids[i]);
		fputs("\n\n", out);
	}
	free(ids);
	return 0;
}

int print_report(FILE *out, struct profile *p, const struct print_opts *o, struct err *e)
{
	err_clear(e);
	/* Only the callees need the index (a tenth of --print's time on a big
	 * dump); the table and the callers read each function's edge range. */
	if ((o->what & PRINT_CALLEES) && profile_finish(p) < 0)
		goto oom;
	if ((o->what & PRINT_STATS) && print_stats(out, p, o, e) < 0)
		goto oom;
	if ((o->what & PRINT_CALLERS) && print_calls(out, p, o, 1, e) < 0)
		goto oom;
	if ((o->what & PRINT_CALLEES) && print_calls(out, p, o, 0, e) < 0)
		goto oom;
	if (names_check(p->names, e) < 0)
		return -1;
	if (fflush(out) != 0 || ferror(out)) {
		err_at(e, "", -1, "write error on output");
		return -1;
	}
	return 0;
oom:
	if (!e->set)     /* else a restriction said why */
		err_at(e, "", -1, "out of memory");
	return -1;
}
