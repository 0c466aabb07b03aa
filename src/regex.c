#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <stdio.h>
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

int regex_compile(struct regex *re, const char *pattern, unsigned flags, struct err *e)
{
	/* UCP: \w, \d, \b and \s follow Unicode, as in Python 3's re (pstats). */
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;

	memset(re, 0, sizeof *re);
	if ((flags & REGEX_NEGATE) && pattern[0] == '!') {
		re->negate = 1;
		pattern++;
	}
	if ((flags & REGEX_SMARTCASE) && !has_capital(pattern))
		opts |= PCRE2_CASELESS;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		err_at(e, "", (long long)erroff + re->negate, "%s", (const char *)msg);
		return -1;
	}
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
