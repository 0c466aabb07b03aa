/*
 * libFuzzer target for the YAML config loader: the input becomes a file (a
 * memfd) read by config_load_file.  Round-trip check: a config that loads is
 * written back with config_dump (what `--dump-config` prints), and that text
 * must load again and dump to the very same text.  An error must name the
 * file, a line and a column, and leave the defaults.
 */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memfile.h"
#include "proftop/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dump(const struct config *cfg, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		abort();
	if (config_dump(f, cfg) < 0) {
		fprintf(stderr, "config_fuzzer: config_dump failed\n");
		abort();
	}
	fclose(f);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg, again, defaults;
	struct err e;
	char path[64], path2[64];
	char *text1, *text2, *text0;
	size_t len1, len2, len0;
	int fd, fd2;

	fd = fuzz_memfile(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	if (config_load_file(&cfg, path, &e) < 0) {
		/* Errors name the file, and the config is the defaults. */
		if (!e.set || strcmp(e.file, path) != 0 || !e.msg[0] || e.line < 1 || e.col < 1) {
			fprintf(stderr, "config_fuzzer: error without its place: '%s' '%s' %d:%d\n",
				e.file, e.msg, e.line, e.col);
			abort();
		}
		config_defaults(&defaults, NULL);
		text0 = dump(&defaults, &len0);
		text1 = dump(&cfg, &len1);
		if (len0 != len1 || memcmp(text0, text1, len0) != 0) {
			fprintf(stderr, "config_fuzzer: a failed load left a config unlike the defaults\n");
			abort();
		}
		free(text0);
		free(text1);
		close(fd);
		return 0;
	}
	close(fd);
	text1 = dump(&cfg, &len1);
	fd2 = fuzz_memfile(text1, len1, path2, sizeof path2);
	if (fd2 < 0) {
		free(text1);
		return 0;
	}
	if (config_load_file(&again, path2, &e) < 0) {
		fprintf(stderr, "config_fuzzer: the dumped config does not load back: %s\n"
			"----\n%s----\n", e.msg, text1);
		abort();
	}
	close(fd2);
	text2 = dump(&again, &len2);
	if (len1 != len2 || memcmp(text1, text2, len1) != 0) {
		fprintf(stderr, "config_fuzzer: dump, load, dump changed the text\n"
			"---- first\n%s---- second\n%s----\n", text1, text2);
		abort();
	}
	free(text1);
	free(text2);
	return 0;
}
