/*
 * The fuzzers that read through a path (the archive layer, the streaming
 * reader, the config loader) get their input as a file: a memfd, named by
 * its /proc/self/fd path.
 */
#ifndef PROFTOP_FUZZ_MEMFILE_H
#define PROFTOP_FUZZ_MEMFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* DATA as a file: its descriptor (close it when done) and PATH, or -1. */
static inline int fuzz_memfile(const void *data, size_t size, char *path, size_t psize)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, psize, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
