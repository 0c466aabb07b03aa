/* UTF-8 as Python counts and decodes it: no locale, no allocation. */
#ifndef PROFTOP_UTF8_H
#define PROFTOP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Number of code points in UTF-8 text (Python's len()). */
size_t utf8_width(const char *s, size_t len);
/* The UTF-8 sequence at s (len > 0): its length, with its code point in *cp,
 * or 0 when invalid (overlong, truncated, past U+10FFFF).  Surrogates pass,
 * as Python's "surrogatepass" lets them; callers that refuse them check. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
static inline int utf8_is_surrogate(uint32_t cp)
{
	return cp >= 0xD800 && cp <= 0xDFFF;
}

#endif
