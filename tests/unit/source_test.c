/* A function's source, curses-free: path maps, finding the file, the
 * bounded reading around a line, and the editor's command line. */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "proftop/source.h"

static char dir[] = "/tmp/source_test.XXXXXX";

static void write_file(const char *name, const char *text, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(text, 1, len, f) != len)
		perror(path);
	if (f)
		fclose(f);
}

static const char *line_of(const struct source_text *st, long n, char *buf, size_t size)
{
	const struct source_line *l;

	if (n < st->first || (size_t)(n - st->first) >= st->nrows)
		return "(not read)";
	l = &st->rows[n - st->first];
	snprintf(buf, size, "%.*s", (int)l->len, st->bytes + l->off);
	return buf;
}

static void test_map(void)
{
	struct path_map m = { 0 };
	struct err e;
	char buf[256];

	CHECK_INT("map: no '=' refused", -1, path_map_check("/app", &e));
	CHECK("map: the message says OLD=NEW", strstr(e.msg, "OLD=NEW") != NULL);
	CHECK_INT("map: empty OLD refused", -1, path_map_check("=/src", &e));
	CHECK("map: the message names OLD", strstr(e.msg, "OLD is empty") != NULL);
	CHECK_INT("map: empty NEW refused", -1, path_map_check("/app=", &e));
	CHECK_INT("map: OLD=NEW accepted", 0, path_map_check("/app=/src", &e));

	CHECK_INT("map: add", 0, path_map_add(&m, "/app/=/home/me/src", &e));
	CHECK_INT("map: add a second", 0, path_map_add(&m, "/=/chroot/", &e));
	CHECK_INT("map: /app/x.py maps", 1, path_map_apply(&m, "/app/x.py", buf, sizeof buf));
	CHECK_STR("map: /app/ -> /home/me/src", "/home/me/src/x.py", buf);
	CHECK_INT("map: /apple.py is not under /app: the next entry", 1,
		  path_map_apply(&m, "/apple.py", buf, sizeof buf));
	CHECK_STR("map: / -> /chroot/", "/chroot/apple.py", buf);
	CHECK_INT("map: a relative path matches nothing", 0, path_map_apply(&m, "x.py", buf, sizeof buf));
	CHECK_INT("map: too long for the buffer", -1, path_map_apply(&m, "/app/x.py", buf, 8));
	path_map_free(&m);

	/* first matching prefix wins, whatever the lengths */
	CHECK_INT("map: add /srv", 0, path_map_add(&m, "/srv=/a", &e));
	CHECK_INT("map: add /srv/app", 0, path_map_add(&m, "/srv/app=/b", &e));
	path_map_apply(&m, "/srv/app/x.py", buf, sizeof buf);
	CHECK_STR("map: the first entry wins", "/a/app/x.py", buf);
	path_map_apply(&m, "/srv", buf, sizeof buf);
	CHECK_STR("map: the prefix itself", "/a", buf);
	path_map_free(&m);
	CHECK_INT("map: relative NEW", 0, path_map_add(&m, "/srv/app=src", &e));
	path_map_apply(&m, "/srv/app/pkg/x.py", buf, sizeof buf);
	CHECK_STR("map: into a relative directory", "src/pkg/x.py", buf);
	path_map_free(&m);
}

static void test_kind(void)
{
	CHECK_INT("kind: ~ is built in", SOURCE_BUILTIN, source_kind_of("~", "<built-in method builtins.exec>"));
	CHECK_INT("kind: the profile module's built-ins", SOURCE_BUILTIN, source_kind_of("", "len"));
	CHECK_INT("kind: its top-level marker", SOURCE_BUILTIN, source_kind_of("profile", "profiler"));
	CHECK_INT("kind: <string>", SOURCE_NOT_FILE, source_kind_of("<string>", "<module>"));
	CHECK_INT("kind: frozen", SOURCE_NOT_FILE, source_kind_of("<frozen importlib._bootstrap>", "_load"));
	CHECK_INT("kind: a path", SOURCE_FILE, source_kind_of("/srv/app.py", "f"));
}

static void test_locate(void)
{
	struct path_map m = { 0 };
	struct source_where w;
	struct err e;
	char spec[600], rec[600];

	write_file("here.py", "x = 1\n", 6);
	snprintf(spec, sizeof spec, "/nowhere/app=%s", dir);
	path_map_add(&m, spec, &e);
	CHECK_INT("locate: through the map", 0, source_locate(&m, "/nowhere/app/here.py", &w));
	CHECK("locate: the mapped path", strstr(w.path, dir) == w.path && w.mapped);
	CHECK_INT("locate: missing", -1, source_locate(&m, "/nowhere/app/gone.py", &w));
	CHECK_INT("locate: both paths tried", 2, w.ntried);
	CHECK("locate: mapped first", strstr(w.tried[0].path, dir) == w.tried[0].path);
	CHECK_STR("locate: then as recorded", "/nowhere/app/gone.py", w.tried[1].path);
	CHECK_INT("locate: why", ENOENT, w.tried[1].errnum);
	snprintf(rec, sizeof rec, "%s/here.py", dir);
	CHECK_INT("locate: unmapped, as recorded", 0, source_locate(&m, rec, &w));
	CHECK_INT("locate: not mapped", 0, w.mapped);
	CHECK_INT("locate: a directory is no source", -1, source_locate(NULL, dir, &w));
	CHECK_INT("locate: said so", EISDIR, w.tried[0].errnum);
	path_map_free(&m);
}

static void test_read(void)
{
	struct source_text st;
	struct err e;
	char path[512], buf[2048], *big;
	size_t i, n;

	write_file("small.py", "a\r\nb\n\tc\nlast", 12);
	snprintf(path, sizeof path, "%s/small.py", dir);
	CHECK_INT("read: small", 0, source_read(path, 2, &st, &e));
	CHECK_INT("read: from line 1", 1, st.first);
	CHECK_INT("read: every line, the last without a newline", 4, st.nrows);
	CHECK_INT("read: the total known", 4, st.total);
	CHECK_STR("read: CRLF's CR dropped", "a", line_of(&st, 1, buf, sizeof buf));
	CHECK_STR("read: a tab kept (the view expands it)", "\tc", line_of(&st, 3, buf, sizeof buf));
	CHECK_STR("read: the last line", "last", line_of(&st, 4, buf, sizeof buf));
	source_text_free(&st);

	CHECK_INT("read: a line past the end reads the end", 0, source_read(path, 99, &st, &e));
	CHECK_INT("read: ... and says how many lines", 4, st.total);
	CHECK_INT("read: ... its lines", 4, st.nrows);
	source_text_free(&st);

	write_file("empty.py", "", 0);
	snprintf(path, sizeof path, "%s/empty.py", dir);
	CHECK_INT("read: empty", 0, source_read(path, 1, &st, &e));
	CHECK_INT("read: no lines", 0, st.nrows);
	CHECK_INT("read: total 0", 0, st.total);
	source_text_free(&st);

	/* many lines: only the window around the line is kept */
	n = 3 * SOURCE_CONTEXT;
	big = malloc(n * 8 + 1);   /* sprintf's NUL after the last line */
	for (i = 0; i < n; i++)
		sprintf(big + i * 8, "l%06zu\n", i + 1);
	write_file("long.py", big, n * 8);
	snprintf(path, sizeof path, "%s/long.py", dir);
	CHECK_INT("read: a long file", 0, source_read(path, (long)(2 * SOURCE_CONTEXT), &st, &e));
	CHECK_INT("read: the window's first line", SOURCE_CONTEXT, st.first);
	CHECK_INT("read: the window's lines", 2 * SOURCE_CONTEXT + 1, st.nrows);
	CHECK_INT("read: the end unknown", -1, st.total);
	snprintf(path, sizeof path, "l%06d", 2 * SOURCE_CONTEXT);
	CHECK_STR("read: the line itself", path, line_of(&st, 2 * SOURCE_CONTEXT, buf, sizeof buf));
	source_text_free(&st);
	free(big);

	/* a very long line: kept to SOURCE_LINE_MAX, cut on a whole character */
	big = malloc(3 * SOURCE_LINE_MAX + 16);
	big[0] = 'x';
	for (i = 1; i + 2 < 3 * SOURCE_LINE_MAX; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);      /* é: the cut falls inside one */
	memcpy(big + i, "\nnext\n", 6);
	write_file("wide.py", big, i + 6);
	snprintf(path, sizeof path, "%s/wide.py", dir);
	CHECK_INT("read: a wide line", 0, source_read(path, 1, &st, &e));
	CHECK_INT("read: its line is cut", 1, st.rows[0].cut);
	CHECK_INT("read: at a whole character", SOURCE_LINE_MAX - 1, st.rows[0].len);
	CHECK_STR("read: the next line whole", "next", line_of(&st, 2, buf, sizeof buf));
	source_text_free(&st);
	free(big);

	write_file("bin.pyc", "\x42\x0d\x0d\x0a\0\0\0\0code", 12);
	snprintf(path, sizeof path, "%s/bin.pyc", dir);
	CHECK_INT("read: a binary file refused", -1, source_read(path, 1, &st, &e));
	CHECK("read: said so", strstr(e.msg, "not a text file") != NULL);
	CHECK_INT("read: a directory refused", -1, source_read(dir, 1, &st, &e));
	CHECK("read: not a regular file", strstr(e.msg, "not a regular file") != NULL);
	CHECK_INT("read: a device refused", -1, source_read("/dev/null", 1, &st, &e));
	snprintf(path, sizeof path, "%s/gone.py", dir);
	CHECK_INT("read: missing", -1, source_read(path, 1, &st, &e));
	CHECK("read: why", strstr(e.msg, "No such file") != NULL);
}

static void test_editor_argv(void)
{
	char *argv[EDITOR_ARGV_MAX], buf[512];

	CHECK_INT("argv: plain", 0, editor_argv("vi", "/x/a.py", 12, argv, buf, sizeof buf));
	CHECK_STR("argv: the editor", "vi", argv[0]);
	CHECK_STR("argv: +LINE", "+12", argv[1]);
	CHECK_STR("argv: FILE", "/x/a.py", argv[2]);
	CHECK("argv: ends", argv[3] == NULL);
	editor_argv("code -w", "a.py", 3, argv, buf, sizeof buf);
	CHECK_STR("argv: with arguments, a shell", "/bin/sh", argv[0]);
	CHECK_STR("argv: -c", "-c", argv[1]);
	CHECK_STR("argv: git's form", "code -w \"$@\"", argv[2]);
	CHECK_STR("argv: $0", "code -w", argv[3]);
	CHECK_STR("argv: $1", "+3", argv[4]);
	CHECK_STR("argv: $2", "a.py", argv[5]);
	editor_argv("vi", "-rf.py", 0, argv, buf, sizeof buf);
	CHECK_STR("argv: no line, a dash file made safe", "./-rf.py", argv[1]);
	CHECK("argv: two words", argv[2] == NULL);
	CHECK_INT("argv: too small a buffer", -1, editor_argv("vi", "/x/a.py", 12, argv, buf, 6));
}

static void test_editor_env(void)
{
	unsetenv("VISUAL");
	unsetenv("EDITOR");
	CHECK_STR("editor: vi by default", "vi", source_editor());
	setenv("EDITOR", "nano", 1);
	CHECK_STR("editor: $EDITOR", "nano", source_editor());
	setenv("VISUAL", "", 1);
	CHECK_STR("editor: an empty $VISUAL is unset", "nano", source_editor());
	setenv("VISUAL", "vim", 1);
	CHECK_STR("editor: $VISUAL first", "vim", source_editor());
}

int main(void)
{
	char cmd[600];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_map();
	test_kind();
	test_locate();
	test_read();
	test_editor_argv();
	test_editor_env();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_failures ? 1 : 0;
}
