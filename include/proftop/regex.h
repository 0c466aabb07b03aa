/* PCRE2 patterns: compiled once, JIT when available, bounded matching. */
#ifndef PROFTOP_REGEX_H
#define PROFTOP_REGEX_H

#include <stddef.h>

#include "proftop/err.h"

#define REGEX_SMARTCASE 1u  /* caseless unless the pattern has a capital */
#define REGEX_NEGATE 2u     /* a leading '!' keeps what does not match */

struct regex {
	void *code;             /* pcre2_code_8 */
	void *match_data;       /* pcre2_match_data_8 */
	void *match_ctx;        /* pcre2_match_context_8 */
	int negate;
	int too_complex;        /* set when a match hit the limits */
};

/* Compiles PATTERN; on error sets e->msg to PCRE2's message and e->offset to
 * the pattern offset.  Returns 0 or -1. */
int regex_compile(struct regex *re, const char *pattern, unsigned flags, struct err *e);
/* 1: match (or non-match with '!'), 0: not, -1: limits exceeded. */
int regex_match(struct regex *re, const char *s, size_t len);
void regex_free(struct regex *re);

/*
 * A pattern the user typed (a filter, a search), kept with its text: TEXT
 * ("" for none) compiled smart-case with '!' negating replaces what *re
 * held (*has: whether it holds one), and BUF (SIZE bytes) gets the text.
 * -1 with e set ("WHAT too long", or the compile error) changes nothing.
 */
int regex_set_typed(struct regex *re, int *has, char *buf, size_t size, const char *text,
		    const char *what, struct err *e);

#endif
