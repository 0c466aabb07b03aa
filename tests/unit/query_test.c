/* The query layer without a terminal: sort keys as pstats resolves them. */
#include "autoconfig.h"

#include <string.h>

#include "check.h"
#include "proftop/query.h"

static const char *resolve(const char *word)
{
	const struct sort_key_def *d = sort_key_lookup(word, 0);
	return d ? d->name : NULL;
}

static int same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

int main(void)
{
	struct sort_spec s;
	struct err e;

	/* pstats.get_sort_arg_defs keeps the earlier word's shorter prefixes. */
	CHECK("sort key exact", same(resolve("cumulative"), "cumulative"));
	CHECK("sort key 'cu' stays with cumtime", same(resolve("cu"), "cumtime"));
	CHECK("sort key 'cum' is ambiguous", resolve("cum") == NULL);
	CHECK("sort key 'c' is ambiguous", resolve("c") == NULL);
	CHECK("sort key 'ca' is calls", same(resolve("ca"), "calls"));
	CHECK("sort key 'file' is filename", same(resolve("file"), "filename"));
	CHECK("sort key 'tot' is tottime", same(resolve("tot"), "tottime"));
	CHECK("sort key 't' is ambiguous", resolve("t") == NULL);
	CHECK("sort key 'std' is stdname", same(resolve("std"), "stdname"));
	CHECK("unknown sort key", resolve("bogus") == NULL);

	memset(&s, 0, sizeof s);
	CHECK("spec parses a list", sort_spec_parse(&s, "time,name", 0, &e) == 0);
	CHECK("spec description", strcmp(s.desc, "internal time, function name") == 0);
	CHECK("spec fields", s.n == 2 && s.field[0] == SF_TIME && s.dir[0] == -1 && s.field[1] == SF_NAME);
	return CHECK_DONE();
}
