#include "autoconfig.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <pcre2.h>
#include <string.h>

#include "proftop/regex.h"

/* Enough for any sane pattern on a function name; (a+)+$ hits it fast. */
#define MATCH_LIMIT 200000u
#define DEPTH_LIMIT 10000u

static int has_capital(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;          /* \S, \W, \D are not capitals the user typed */
			continue;
		}
		if (isupper((unsigned char)*s))
			return 1;
	}
	return 0;
}

/* Python's re pattern as PCRE2 text, with where each byte came from. */
struct pytrans {
	char *text;
	size_t *from;        /* text offset -> pattern offset */
	size_t len;
};

static void emit(struct pytrans *t, const char *s, size_t n, size_t from)
{
	size_t i;

	for (i = 0; i < n; i++) {
		t->from[t->len] = from;
		t->text[t->len++] = s[i];
	}
}

static int hex_value(const char *s, int digits, unsigned long *v)
{
	int i;

	*v = 0;
	for (i = 0; i < digits; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 16 + (unsigned long)(isdigit((unsigned char)s[i]) ? s[i] - '0'
							  : (tolower((unsigned char)s[i]) - 'a' + 10));
	}
	return 0;
}

/* \uXXXX or \UXXXXXXXX at s, as re reads it: exactly that many digits. */
static int code_escape(struct pytrans *t, const char *s, size_t at, struct err *e)
{
	int digits = s[1] == 'u' ? 4 : 8;
	unsigned long v;
	char buf[24];

	if (hex_value(s + 2, digits, &v) < 0) {
		int n = 2;
		while (n < 2 + digits && isxdigit((unsigned char)s[n]))
			n++;
		err_at(e, "", (long long)at, "incomplete escape %.*s", n, s);
		return -1;
	}
	if (v > 0x10FFFF) {
		err_at(e, "", (long long)at, "bad escape %.*s", 2 + digits, s);
		return -1;
	}
	if (v >= 0xD800 && v <= 0xDFFF) {
		err_at(e, "", (long long)at, "%.*s: a surrogate code point cannot be matched here",
		       2 + digits, s);
		return -1;
	}
	emit(t, buf, (size_t)snprintf(buf, sizeof buf, "\\x{%lx}", v), at);
	return 2 + digits;
}

/* "{,n}" or "{,}" at s: its length, else 0. */
static size_t open_repeat(const char *s)
{
	size_t n = 2;

	if (s[0] != '{' || s[1] != ',')
		return 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	return s[n] == '}' ? n + 1 : 0;
}

/*
 * Where Python's re (pstats' --filter) and PCRE2 read the same text
 * differently: \uXXXX and \UXXXXXXXX (PCRE2 refuses them), {,n} and {,}
 * (literal text to PCRE2 before 10.43), \Z (PCRE2's also matches before a
 * final newline: \z), \v (a vertical tab, not PCRE2's class of vertical
 * spaces) and '[' inside a class (literal to re, a POSIX class to PCRE2).
 */
static int translate(struct pytrans *t, const char *p, struct err *e)
{
	size_t n = strlen(p), i = 0, first = 0, k;
	int in_class = 0, used;

	t->len = 0;
	t->text = malloc(3 * n + 1);
	t->from = malloc((3 * n + 1) * sizeof *t->from);
	if (!t->text || !t->from) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	while (i < n) {
		if (p[i] == '\\' && (p[i + 1] == 'u' || p[i + 1] == 'U')) {
			if ((used = code_escape(t, p + i, i, e)) < 0)
				return -1;
			i += (size_t)used;
		} else if (p[i] == '\\' && p[i + 1] == 'v') {
			emit(t, "\\x{0b}", 6, i);
			i += 2;
		} else if (p[i] == '\\' && p[i + 1] == 'Z' && !in_class) {
			emit(t, "\\z", 2, i);
			i += 2;
		} else if (p[i] == '\\') {
			emit(t, p + i, p[i + 1] ? 2 : 1, i);
			i += p[i + 1] ? 2 : 1;
		} else if (in_class) {
			if (p[i] == ']' && i > first)
				in_class = 0;
			if (p[i] == '[')
				emit(t, "\\", 1, i);
			emit(t, p + i, 1, i);
			i++;
		} else if (p[i] == '[') {
			in_class = 1;
			emit(t, p + i, 1, i);
			i++;
			if (p[i] == '^') {
				emit(t, p + i, 1, i);
				i++;
			}
			first = i;       /* a ']' here is a member */
		} else if ((k = open_repeat(p + i)) != 0) {
			emit(t, "{0", 2, i);
			emit(t, p + i + 1, k - 1, i + 1);
			i += k;
		} else {
			emit(t, p + i, 1, i);
			i++;
		}
	}
	t->text[t->len] = 0;
	t->from[t->len] = n;
	return 0;
}

static void pytrans_free(struct pytrans *t)
{
	free(t->text);
	free(t->from);
}

int regex_compile(struct regex *re, const char *pattern, unsigned flags, struct err *e)
{
	/* UCP: \w, \d, \b and \s follow Unicode, as in Python 3's re (pstats). */
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;
	struct pytrans py = { NULL, NULL, 0 };

	memset(re, 0, sizeof *re);
	if ((flags & REGEX_NEGATE) && pattern[0] == '!') {
		re->negate = 1;
		pattern++;
	}
	if ((flags & REGEX_SMARTCASE) && !has_capital(pattern))
		opts |= PCRE2_CASELESS;
	if (translate(&py, pattern, e) < 0) {
		e->offset += re->negate;
		pytrans_free(&py);
		return -1;
	}
	code = pcre2_compile((PCRE2_SPTR)py.text, py.len, opts, &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		err_at(e, "", (long long)py.from[erroff < py.len ? erroff : py.len] + re->negate,
		       "%s", (const char *)msg);
		pytrans_free(&py);
		return -1;
	}
	pytrans_free(&py);
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);   /* falls back to the interpreter */
	re->code = code;
	re->match_data = pcre2_match_data_create_from_pattern(code, NULL);
	re->match_ctx = pcre2_match_context_create(NULL);
	if (!re->match_data || !re->match_ctx) {
		regex_free(re);
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	pcre2_set_match_limit(re->match_ctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->match_ctx, DEPTH_LIMIT);
	return 0;
}

int regex_match(struct regex *re, const char *s, size_t len)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->match_data, re->match_ctx);

	if (rc >= 0)
		return !re->negate;
	if (rc == PCRE2_ERROR_NOMATCH)
		return re->negate;
	re->too_complex = 1;
	return -1;
}

void regex_free(struct regex *re)
{
	pcre2_match_data_free(re->match_data);
	pcre2_match_context_free(re->match_ctx);
	pcre2_code_free(re->code);
	memset(re, 0, sizeof *re);
}

int regex_set_typed(struct regex *re, int *has, char *buf, size_t size, const char *text,
		    const char *what, struct err *e)
{
	struct regex fresh;

	if (strlen(text) >= size) {
		err_at(e, "", -1, "%s too long", what);
		return -1;
	}
	if (text[0] && regex_compile(&fresh, text, REGEX_SMARTCASE | REGEX_NEGATE, e) < 0)
		return -1;
	if (*has)
		regex_free(re);
	*has = text[0] != 0;
	if (*has)
		*re = fresh;
	snprintf(buf, size, "%s", text);
	return 0;
}
