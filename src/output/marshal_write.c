/* Python's marshal format, written. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/marshal_write.h"
#include "proftop/profile.h"

#define FLAG_REF 0x80

void mwriter_init(struct mwriter *w, int version)
{
	memset(w, 0, sizeof *w);
	w->version = version;
}

void mwriter_free(struct mwriter *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

static unsigned char *room(struct mwriter *w, size_t n)
{
	unsigned char *p;

	if (w->failed)
		return NULL;
	if (w->cap - w->len < n) {
		size_t ncap = w->cap ? w->cap : 4096;
		while (ncap - w->len < n)
			ncap *= 2;
		p = realloc(w->buf, ncap);
		if (!p) {
			w->failed = 1;
			return NULL;
		}
		w->buf = p;
		w->cap = ncap;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

static void put_byte(struct mwriter *w, unsigned char b)
{
	unsigned char *p = room(w, 1);

	if (p)
		*p = b;
}

static void put_le32(struct mwriter *w, uint32_t v)
{
	unsigned char *p = room(w, 4);

	if (p) {
		p[0] = (unsigned char)v;
		p[1] = (unsigned char)(v >> 8);
		p[2] = (unsigned char)(v >> 16);
		p[3] = (unsigned char)(v >> 24);
	}
}

static void put_bytes(struct mwriter *w, const void *s, size_t n)
{
	unsigned char *p = room(w, n);

	if (p && n)
		memcpy(p, s, n);
}

/* The type code, with FLAG_REF when the object gets a slot. */
static uint32_t put_type(struct mwriter *w, char type, int flag)
{
	if (flag && mwriter_has_refs(w)) {
		put_byte(w, (unsigned char)type | FLAG_REF);
		return w->nrefs++;
	}
	put_byte(w, (unsigned char)type);
	return UINT32_MAX;
}

/* 'i' when it fits 32 bits, else 'l': 15-bit digits, sign in the count. */
void mwriter_int(struct mwriter *w, int64_t v)
{
	uint64_t mag;
	unsigned char digits[10][2];
	int n = 0, i;

	if (v >= INT32_MIN && v <= INT32_MAX) {
		put_byte(w, 'i');
		put_le32(w, (uint32_t)(int32_t)v);
		return;
	}
	mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	while (mag) {
		digits[n][0] = (unsigned char)(mag & 0xff);
		digits[n][1] = (unsigned char)((mag >> 8) & 0x7f);
		mag >>= 15;
		n++;
	}
	put_byte(w, 'l');
	put_le32(w, (uint32_t)(v < 0 ? -n : n));
	for (i = 0; i < n; i++)
		put_bytes(w, digits[i], 2);
}

void mwriter_bool(struct mwriter *w, int v)
{
	put_byte(w, v ? 'T' : 'F');
}

void mwriter_float(struct mwriter *w, double v)
{
	char text[32];
	unsigned char b[8];
	uint64_t bits;
	int n, i;

	if (w->version > 1) {
		memcpy(&bits, &v, sizeof bits);
		for (i = 0; i < 8; i++)
			b[i] = (unsigned char)(bits >> (8 * i));
		put_byte(w, 'g');
		put_bytes(w, b, 8);
		return;
	}
	/* repr with 17 significant digits, as marshal's w_float_str: exact. */
	n = snprintf(text, sizeof text, "%.17g", v);
	put_byte(w, 'f');
	put_byte(w, (unsigned char)n);
	put_bytes(w, text, (size_t)n);
}

/* UTF-8 as Python decodes it with "surrogatepass" (what marshal uses). */
static int is_utf8(const unsigned char *s, size_t n, int *ascii)
{
	size_t i = 0, len;
	uint32_t c;

	*ascii = 1;
	while (i < n) {
		if (s[i] >= 0x80)
			*ascii = 0;
		len = utf8_decode(s + i, n - i, &c);
		if (!len)
			return 0;
		i += len;
	}
	return 1;
}

uint32_t mwriter_str(struct mwriter *w, const char *s, size_t len, int flag)
{
	int ascii;
	uint32_t slot;

	/* Versions 0-2 are for Python 2, which reads 's' as its str (what its
	 * own dumps hold); 'u' would make unicode names, which its pstats
	 * cannot print to a byte stream. */
	if (w->version <= 2 || !is_utf8((const unsigned char *)s, len, &ascii)) {
		slot = put_type(w, 's', flag);
	} else if (ascii && w->version >= 4 && len < 256) {
		slot = put_type(w, 'z', flag);
		put_byte(w, (unsigned char)len);
		put_bytes(w, s, len);
		return slot;
	} else {
		slot = put_type(w, ascii && w->version >= 4 ? 'a' : 'u', flag);
	}
	put_le32(w, (uint32_t)len);
	put_bytes(w, s, len);
	return slot;
}

uint32_t mwriter_tuple(struct mwriter *w, uint32_t n, int flag)
{
	uint32_t slot;

	if (w->version >= 4 && n < 256) {
		slot = put_type(w, ')', flag);
		put_byte(w, (unsigned char)n);
		return slot;
	}
	slot = put_type(w, '(', flag);
	put_le32(w, n);
	return slot;
}

void mwriter_dict_begin(struct mwriter *w)
{
	put_byte(w, '{');
}

void mwriter_dict_end(struct mwriter *w)
{
	put_byte(w, '0');
}

void mwriter_ref(struct mwriter *w, uint32_t slot)
{
	put_byte(w, 'r');
	put_le32(w, slot);
}
