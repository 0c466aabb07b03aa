/* Prints every caller and callee edge as calls.h reports them, one line
 * each, for comparison with pstats' own dicts (tests/calls/edges_oracle.py). */
#include "autoconfig.h"

#include <inttypes.h>
#include <stdio.h>

#include "proftop/calls.h"
#include "proftop/pstats_load.h"

static void print_list(struct profile *p, const char *dir, uint32_t f, const struct call_list *l)
{
	size_t i;
	uint32_t len, olen;

	for (i = 0; i < l->n; i++) {
		const struct edge *e = &p->edges[l->v[i].edge];
		const char *name = names_std(p->names, f, &len);
		printf("%s %.*s | ", dir, (int)len, name);
		name = names_std(p->names, l->v[i].func, &olen);
		printf("%.*s | ", (int)olen, name);
		if (e->flags & EDGE_COUNT_ONLY)
			printf("%" PRId64 "\n", e->st.nc);
		else
			printf("%" PRId64 " %" PRId64 " %.9g %.9g\n", e->st.nc, e->st.cc, e->st.tt, e->st.ct);
	}
}

int main(int argc, char **argv)
{
	struct names names;
	struct profile p;
	struct err e;
	uint32_t i;

	names_init(&names);
	profile_init(&p, &names);
	if (pstats_load_files(&p, argv + 1, (size_t)argc - 1, &e) < 0 || profile_finish(&p) < 0) {
		fprintf(stderr, "load failed: %s\n", e.msg);
		return 2;
	}
	for (i = 0; i < p.norder; i++) {
		struct call_list l;
		uint32_t f = p.order[i];
		if (calls_callers(&p, f, &l) < 0)
			return 2;
		print_list(&p, "callers", f, &l);
		call_list_free(&l);
		if (calls_callees(&p, f, &l) < 0)
			return 2;
		print_list(&p, "callees", f, &l);
		call_list_free(&l);
	}
	profile_free(&p);
	names_free(&names);
	return 0;
}
