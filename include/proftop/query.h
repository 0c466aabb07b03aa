/*
 * The pure query layer: sort orders, regex filters and pstats-style
 * restrictions over arrays of function ids.  No curses, no I/O.
 */
#ifndef PROFTOP_QUERY_H
#define PROFTOP_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/profile.h"
#include "proftop/regex.h"

/* The fields pstats sorts on (indexes of its sort tuple), plus per-call
 * averages that only the UI offers. */
enum sort_field {
	SF_PCALLS,    /* cc */
	SF_CALLS,     /* nc */
	SF_TIME,      /* tt */
	SF_CUM,       /* ct */
	SF_FILE,
	SF_LINE,
	SF_NAME,
	SF_STDNAME,
	SF_TPERCALL,  /* tt / nc */
	SF_CPERCALL,  /* ct / cc */
	SF_DCALLS,    /* live: calls since the previous sample (profile.extra[0]) */
	SF_CALLS_S,   /* live: calls per second (extra[1]) */
	SF_TIME_S,    /* live: tottime per second (extra[2]) */
	SF_COUNT
};

struct sort_key_def {
	const char *name;        /* as pstats spells it */
	uint8_t nfields;
	uint8_t fields[3];
	int8_t dirs[3];          /* -1 descending, 1 ascending */
	const char *desc;        /* pstats' "Ordered by" text */
};

/* pstats' sort_arg_dict_default, in its order. */
extern const struct sort_key_def sort_keys[];
extern const size_t sort_keys_count;
/* Keys the UI adds beyond pstats (per-call averages, then live mode's
 * rates: the last SORT_KEYS_LIVE, offered only while watching). */
#define SORT_KEYS_LIVE 3
extern const struct sort_key_def sort_keys_extra[];
extern const size_t sort_keys_extra_count;

#define SORT_MAX_FIELDS 24

struct sort_spec {
	unsigned n;                        /* 0: dict order ("random listing") */
	uint8_t field[SORT_MAX_FIELDS];
	int8_t dir[SORT_MAX_FIELDS];
	char desc[512];                    /* "cumulative time, call count" */
};

/* Resolves a pstats sort word, accepting unique abbreviations exactly as
 * pstats.get_sort_arg_defs does; extra UI keys only with `extra`. */
const struct sort_key_def *sort_key_lookup(const char *word, int extra);
/* Appends a key to the spec; -1 with e set for an unknown word. */
int sort_spec_add(struct sort_spec *s, const char *word, int extra, struct err *e);
/* Parses "cumulative,name" (comma or space separated). */
int sort_spec_parse(struct sort_spec *s, const char *words, int extra, struct err *e);

/* Stable sort of ids by spec (Python's list.sort semantics). */
int query_sort(struct profile *p, const struct sort_spec *s, uint32_t *ids, size_t n);
/* The first K of query_sort's order in ids[0..k), the rest of IDS after
 * them in some order: a report's first lines without sorting them all. */
int query_sort_top(struct profile *p, const struct sort_spec *s, uint32_t *ids, size_t n,
		   size_t k);
void query_reverse(uint32_t *ids, size_t n);

/* Keeps ids whose func_std_string matches; returns the count kept.
 * Sets *too_complex when a match hit PCRE2's limits. */
size_t query_filter(struct profile *p, struct regex *re, uint32_t *ids, size_t n);

/* pstats' print restrictions: a regex, a count or a fraction. */
enum restrict_kind { RESTRICT_REGEX, RESTRICT_COUNT, RESTRICT_FRACTION };
struct restriction {
	enum restrict_kind kind;
	const char *text;        /* as given on the command line */
	long long count;
	double fraction;
};
/* Classifies TEXT as a --limit value: an integer or a float. */
int restriction_parse_limit(struct restriction *r, const char *text, struct err *e);

#endif
