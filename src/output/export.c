/* Exports by file name: callgrind or pstats. */
#include "autoconfig.h"

#include <string.h>

#include "proftop/callgrind.h"
#include "proftop/export.h"
#include "proftop/pstats_write.h"

static int ends_with(const char *s, const char *tail)
{
	size_t ls = strlen(s), lt = strlen(tail);

	return ls >= lt && strcmp(s + ls - lt, tail) == 0;
}

enum export_format export_format_for(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	/* valgrind's own name, and the extensions KCachegrind users give */
	if (strncmp(base, "callgrind.out", 13) == 0 || ends_with(base, ".callgrind") ||
	    ends_with(base, ".cg"))
		return EXPORT_CALLGRIND;
	return EXPORT_PSTATS;
}

int export_write(const char *path, struct profile *p, const uint32_t *ids, size_t n,
		 struct err *e)
{
	if (export_format_for(path) == EXPORT_CALLGRIND)
		return callgrind_write(path, p, ids, n, e);
	return pstats_write(path, p, ids, n, PSTATS_WRITE_VERSION, e);
}
