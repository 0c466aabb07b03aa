/* Function keys: (file, line, name) interned to dense ids. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proftop/profile.h"

void names_init(struct names *n)
{
	memset(n, 0, sizeof *n);
}

void names_free(struct names *n)
{
	strtab_free(&n->strs);
	strtab_free(&n->std);
	free(n->keys);
	free(n->key_hash);
	free(n->std_id);
	memset(n, 0, sizeof *n);
}

static uint32_t key_hash(uint32_t file, int64_t line, uint32_t name)
{
	uint64_t h = ((uint64_t)file << 32 | name) * 0x9E3779B97F4A7C15ull;
	h ^= (uint64_t)line * 0xC2B2AE3D27D4EB4Full;
	h ^= h >> 31;
	return (uint32_t)h;
}

static int key_rehash(struct names *n, uint32_t nslots)
{
	uint32_t *nh = calloc(nslots, sizeof *nh);
	uint32_t i;

	if (!nh)
		return -1;
	for (i = 0; i < n->nfuncs; i++) {
		const struct fkey *k = &n->keys[i];
		uint32_t s = key_hash(k->file, k->line, k->name) & (nslots - 1);
		while (nh[s])
			s = (s + 1) & (nslots - 1);
		nh[s] = i + 1;
	}
	free(n->key_hash);
	n->key_hash = nh;
	n->key_hash_mask = nslots - 1;
	return 0;
}

static int key_reserve(struct names *n)
{
	if (n->nfuncs == NO_ID - 1)
		return -1;
	if (n->nfuncs == n->cap_funcs) {
		uint32_t ncap = n->cap_funcs ? n->cap_funcs * 2 : 1024;
		struct fkey *nk = realloc(n->keys, (size_t)ncap * sizeof *nk);
		if (!nk)
			return -1;
		n->keys = nk;
		n->cap_funcs = ncap;
	}
	if (!n->key_hash || (n->nfuncs + 1) * 2 > n->key_hash_mask + 1)
		return key_rehash(n, n->key_hash ? (n->key_hash_mask + 1) * 2 : 2048);
	return 0;
}

uint32_t names_func(struct names *n, uint32_t file, int64_t line, uint32_t name)
{
	uint32_t s, id;

	if (key_reserve(n) < 0)
		return NO_ID;
	for (s = key_hash(file, line, name) & n->key_hash_mask; n->key_hash[s];
	     s = (s + 1) & n->key_hash_mask) {
		const struct fkey *k;
		id = n->key_hash[s] - 1;
		k = &n->keys[id];
		if (k->file == file && k->name == name && k->line == line)
			return id;
	}
	id = n->nfuncs++;
	n->keys[id].file = file;
	n->keys[id].name = name;
	n->keys[id].line = line;
	n->key_hash[s] = id + 1;
	return id;
}

static int is_builtin(const struct names *n, const struct fkey *k)
{
	return k->line == 0 && strtab_len(&n->strs, k->file) == 1 &&
	       strtab_get(&n->strs, k->file)[0] == '~';
}

static uint32_t build_std(struct names *n, uint32_t id)
{
	const struct fkey *k = &n->keys[id];
	const char *name = strtab_get(&n->strs, k->name);
	size_t nlen = strtab_len(&n->strs, k->name);
	const char *file;
	size_t flen;
	char *buf;
	uint32_t sid;
	int len;

	if (is_builtin(n, k)) {
		if (nlen >= 1 && name[0] == '<' && name[nlen - 1] == '>') {
			size_t inner = nlen >= 2 ? nlen - 2 : 0;
			buf = malloc(inner + 3);
			if (!buf)
				return NO_ID;
			buf[0] = '{';
			memcpy(buf + 1, name + 1, inner);
			buf[inner + 1] = '}';
			sid = strtab_intern(&n->std, buf, inner + 2);
			free(buf);
			return sid;
		}
		return strtab_intern(&n->std, name, nlen);
	}
	file = strtab_get(&n->strs, k->file);
	flen = strtab_len(&n->strs, k->file);
	buf = malloc(flen + nlen + 32);
	if (!buf)
		return NO_ID;
	memcpy(buf, file, flen);
	len = snprintf(buf + flen, 24, ":%" PRId64 "(", k->line);
	memcpy(buf + flen + len, name, nlen);
	buf[flen + len + nlen] = ')';
	sid = strtab_intern(&n->std, buf, flen + len + nlen + 1);
	free(buf);
	return sid;
}

const char *names_std(struct names *n, uint32_t id, uint32_t *len)
{
	if (n->nstd < n->nfuncs) {
		uint32_t *ns = realloc(n->std_id, (size_t)n->cap_funcs * sizeof *ns);
		if (!ns)
			goto fail;
		n->std_id = ns;
		for (; n->nstd < n->nfuncs; n->nstd++)
			ns[n->nstd] = NO_ID;
	}
	if (n->std_id[id] == NO_ID) {
		n->std_id[id] = build_std(n, id);
		if (n->std_id[id] == NO_ID)
			goto fail;
	}
	if (len)
		*len = strtab_len(&n->std, n->std_id[id]);
	return strtab_get(&n->std, n->std_id[id]);
fail:
	if (len)
		*len = 0;
	return "";
}

size_t utf8_width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}
