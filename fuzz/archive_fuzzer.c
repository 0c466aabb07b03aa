/*
 * libFuzzer target for input through the archive layer: the input becomes a
 * file (a memfd) loaded as a command-line argument would be -- plain,
 * compressed (gzip, bzip2, xz, zstd, ...) or an archive of dumps (tar, zip,
 * cpio, 7-Zip) -- then printed; and listed as the UI's archive list does.
 * libarchive itself is not instrumented: this guards archive.c's handling of
 * what it returns (member names, sizes, the decompression limit, errors).
 */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "memfile.h"
#include "proftop/archive.h"
#include "proftop/print.h"
#include "proftop/pstats_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *out;
	struct archive_member *members = NULL;
	struct print_opts po;
	struct names names;
	struct profile p;
	struct err e;
	char path[64], *paths[1];
	size_t n = 0;
	int fd;

	if (!out && !(out = fopen("/dev/null", "w")))
		return 0;
	fd = fuzz_memfile(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	paths[0] = path;
	err_clear(&e);
	names_init(&names);
	profile_init(&p, &names);
	if (pstats_load_files(&p, paths, 1, &e) == 0) {
		memset(&po, 0, sizeof po);
		po.what = PRINT_STATS | PRINT_CALLERS;
		print_report(out, &p, &po, &e);
	}
	profile_free(&p);
	names_free(&names);
	err_clear(&e);
	if (archive_list(path, &members, &n, &e) == 0)
		archive_members_free(members, n);
	close(fd);
	return 0;
}
