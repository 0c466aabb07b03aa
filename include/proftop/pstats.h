/* Decoding pstats dumps (marshal.dump of pstats' stats dict) into a
 * profile: bytes in, a profile out; where the bytes come from is the input
 * layer's business (input.h), loading files pstats_load.h's. */
#ifndef PROFTOP_PSTATS_H
#define PROFTOP_PSTATS_H

#include <stddef.h>
#include <stdint.h>

#include "proftop/err.h"
#include "proftop/profile.h"

/* Largest dump accepted; beyond it the file is refused before reading. */
#define PSTATS_MAX_BYTES ((size_t)1 << 31)

/* Decodes one dump held in memory into the empty profile p (repeated keys
 * replace earlier ones, as in a Python dict) and computes its totals. */
int pstats_decode(struct profile *p, const void *buf, size_t len,
		  const char *file, struct err *e);

/* The same, read from an open file of SIZE bytes (at open) a window at a
 * time; a file growing past PSTATS_MAX_BYTES is refused. */
int pstats_decode_fd(struct profile *p, int fd, size_t size, const char *file, struct err *e);

/*
 * The same, a slice at a time (live mode decodes while keys are handled).
 * pstats_job_start: NULL (e set) on failure.  pstats_job_step decodes
 * entries until the deadline (mono_us(); 0 for none) passes: 1 when more is
 * left, 0 when the profile is complete with its totals, -1 (e set) on a bad
 * byte.  pstats_job_free may abandon a job midway: the half-built profile
 * stays the caller's to free.  pstats_job_done_bytes: how far the file is
 * read, for progress.
 */
struct pstats_job;
struct pstats_job *pstats_job_start(struct profile *p, int fd, size_t size, const char *file,
				    struct err *e);
int pstats_job_step(struct pstats_job *j, int64_t deadline_us);
size_t pstats_job_done_bytes(const struct pstats_job *j);
void pstats_job_free(struct pstats_job *j);

#endif
