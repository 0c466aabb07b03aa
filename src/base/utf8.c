#include "autoconfig.h"

#include <stdint.h>
#include <string.h>

#include "proftop/utf8.h"

/* Counts bytes that do not continue a sequence (not 10xxxxxx), eight at a
 * time: names are long and mostly ASCII. */
size_t utf8_width(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ull;
	size_t i = 0, cont = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* bit 7 of each byte set for 10xxxxxx only; then move it to
		 * bit 0 and sum the eight bytes with a multiply */
		w = (w & ~(w << 1) & high) >> 7;
		cont += (size_t)((w * 0x0101010101010101ull) >> 56);
	}
	for (; i < len; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return len - cont;
}

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return n;
}
