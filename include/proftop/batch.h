/* Batch modes: load, print, exit status. */
#ifndef PROFTOP_BATCH_H
#define PROFTOP_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/options.h"


struct print_opts;
/* The --print report the options ask for (sort, restrictions, what). */
void batch_print_opts(struct print_opts *po, const struct options *o);
int batch_print(const struct options *o);
/* --write-pstats/--write-callgrind (with --print: the report too). */
int batch_export(const struct options *o);
/* --list: the dumps in each file, archive members one by one. */
int batch_list(const struct options *o);
struct diff_print_opts;
struct regex;
/* The rows --sort, --reverse, --filter and --limit choose with --diff, for
 * --print and --dot alike; the filter compiled into re (po->filter set,
 * free it).  -1 after a usage error on stderr. */
int batch_diff_opts(struct diff_print_opts *po, struct regex *re, const struct options *o);
/* --print --diff OLD NEW: the table of differences. */
int batch_diff(const struct options *o);
/* --dot OUT: the call graph as graphviz dot, optionally rendered. */
int batch_dot(const struct options *o);
struct profile;
/* --sort, --reverse, --filter and --limit choose the functions drawn (--dot,
 * --flame), as they choose the lines --print prints.  *ids stays NULL for
 * the whole profile.  0; -1 out of memory; -2 after a usage error on stderr. */
int batch_select_ids(const struct options *o, struct profile *p, uint32_t **ids, size_t *n);
/* --flame OUT.svg, --write-folded OUT: the estimated stacks. */
int batch_flame(const struct options *o);
/* --print --watch FILE|DIR: the snapshot live mode starts with. */
int batch_live_print(const struct options *o);
/* --print --endpoints DIR: the requests grouped by endpoint. */
int batch_endpoints(const struct options *o);

#endif
