/* Text reports byte-identical to Python's pstats print_stats/callers/callees. */
#ifndef PROFTOP_PRINT_H
#define PROFTOP_PRINT_H

#include <stdio.h>

#include "proftop/err.h"
#include "proftop/profile.h"
#include "proftop/query.h"

#define PRINT_STATS 1u
#define PRINT_CALLERS 2u
#define PRINT_CALLEES 4u

struct print_opts {
	const struct sort_spec *sort;     /* NULL or n == 0: dict order */
	int reverse;
	const struct restriction *restrictions;
	size_t nrestrictions;
	unsigned what;                    /* PRINT_* */
};

/* Writes the report; -1 with e set on a write error or out of memory. */
int print_report(FILE *out, struct profile *p, const struct print_opts *o, struct err *e);

/* Python's repr() of a str and of a float, as pstats' messages show them. */
void py_repr_str(FILE *out, const char *s);
void py_repr_float(char *buf, size_t size, double x);

#endif
