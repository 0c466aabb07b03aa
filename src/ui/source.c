/*
 * A function's source: path maps, finding the file, reading the lines
 * around one within fixed bounds, and running the editor.  Curses-free.
 */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proftop/util.h"
#include "proftop/source.h"

extern char **environ;

/* ---- path maps ---- */

int path_map_check(const char *spec, struct err *e)
{
	const char *eq = strchr(spec, '=');

	err_clear(e);
	if (!eq) {
		err_at(e, NULL, -1, "'%s' is not OLD=NEW (the recorded directory, '=', the one here)", spec);
		return -1;
	}
	if (eq == spec || !eq[1]) {
		err_at(e, NULL, -1, "'%s': %s is empty (OLD=NEW, both directories)", spec,
		       eq == spec ? "OLD" : "NEW");
		return -1;
	}
	if (strchr(spec, '\n')) {
		err_at(e, NULL, -1, "a path map holds no newline");
		return -1;
	}
	return 0;
}

/* A copy without trailing slashes, but "/" itself. */
static char *dup_dir(const char *s, size_t n)
{
	char *d;

	while (n > 1 && s[n - 1] == '/')
		n--;
	d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

int path_map_add(struct path_map *m, const char *spec, struct err *e)
{
	const char *eq = strchr(spec, '=');
	struct path_map_entry *nv, ent;

	if (path_map_check(spec, e) < 0)
		return -1;
	ent.from = dup_dir(spec, (size_t)(eq - spec));
	ent.to = dup_dir(eq + 1, strlen(eq + 1));
	nv = ent.from && ent.to ? realloc(m->v, (m->n + 1) * sizeof *nv) : NULL;
	if (!nv) {
		free(ent.from);
		free(ent.to);
		err_at(e, NULL, -1, "out of memory");
		return -1;
	}
	m->v = nv;
	m->v[m->n++] = ent;
	return 0;
}

void path_map_free(struct path_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].from);
		free(m->v[i].to);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* What follows the prefix FROM in PATH, from the '/' on; NULL when FROM
 * is not a prefix in whole components. */
static const char *after_prefix(const char *from, const char *path)
{
	size_t n = strlen(from);

	if (strncmp(path, from, n) != 0)
		return NULL;
	if (from[n - 1] == '/')             /* "/": every absolute path */
		return path + n - 1;
	return path[n] == '/' || path[n] == 0 ? path + n : NULL;
}

int path_map_apply(const struct path_map *m, const char *path, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const char *rest = after_prefix(m->v[i].from, path), *to = m->v[i].to;
		int k;
		if (!rest)
			continue;
		if (to[strlen(to) - 1] == '/' && *rest == '/')   /* NEW is "/" */
			rest++;
		k = snprintf(buf, size, "%s%s", to, rest);
		return k >= 0 && (size_t)k < size ? 1 : -1;
	}
	return 0;
}

/* ---- which file ---- */

enum source_kind source_kind_of(const char *file, const char *name)
{
	size_t n = strlen(file);

	if (!n || strcmp(file, "~") == 0)
		return SOURCE_BUILTIN;
	/* the profile module's top-level marker ("profile", 0, "profiler") */
	if (strcmp(file, "profile") == 0 && strcmp(name, "profiler") == 0)
		return SOURCE_BUILTIN;
	if (file[0] == '<' && file[n - 1] == '>')
		return SOURCE_NOT_FILE;
	return SOURCE_FILE;
}

/* 0 when PATH is a regular file, else the errno that says why not. */
static int regular_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	return S_ISREG(st.st_mode) ? 0 : EINVAL;
}

static int try_path(struct source_where *w, const char *path, int mapped)
{
	int i, why;

	for (i = 0; i < w->ntried; i++)
		if (strcmp(w->tried[i].path, path) == 0)
			return -1;
	why = regular_file(path);
	if (why == 0) {
		snprintf(w->path, sizeof w->path, "%s", path);
		w->mapped = mapped;
		return 0;
	}
	if (w->ntried < SOURCE_TRIED_MAX) {
		snprintf(w->tried[w->ntried].path, sizeof w->tried[0].path, "%s", path);
		w->tried[w->ntried++].errnum = why;
	}
	return -1;
}

int source_locate(const struct path_map *m, const char *recorded, struct source_where *w)
{
	char mapped[PATH_MAX];
	int rc;

	memset(w, 0, sizeof *w);
	rc = m ? path_map_apply(m, recorded, mapped, sizeof mapped) : 0;
	if (rc < 0 && w->ntried < SOURCE_TRIED_MAX) {
		snprintf(w->tried[w->ntried].path, sizeof w->tried[0].path, "%.*s...", 200, mapped);
		w->tried[w->ntried++].errnum = ENAMETOOLONG;
	}
	if (rc > 0 && try_path(w, mapped, 1) == 0)
		return 0;
	return try_path(w, recorded, 0);
}

/* ---- reading the lines around one ---- */

/* A line cut at SOURCE_LINE_MAX ends on a whole UTF-8 character. */
static uint32_t whole_chars(const unsigned char *s, uint32_t len)
{
	uint32_t i = len, need;

	while (i > 0 && len - i < 3 && (s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0 || s[i - 1] < 0xC0)
		return len;
	need = s[i - 1] >= 0xF0 ? 4 : s[i - 1] >= 0xE0 ? 3 : 2;
	return len - (i - 1) < need ? i - 1 : len;
}

/* The reading state: which lines to keep, the line being read. */
struct reader {
	struct source_text *st;
	long want_first, want_last;
	long target;              /* the line asked for */
	long lineno;              /* the line being read, from 1 */
	int in_line;              /* its bytes so far are kept in st */
	int open_line;            /* bytes read since the last newline */
	int done;
};

static int start_line(struct reader *r)
{
	struct source_text *st = r->st;

	if (grow_array(&st->rows, &st->cap_rows, st->nrows + 1, sizeof *st->rows, 64) < 0)
		return -1;
	if (!st->nrows)
		st->first = r->lineno;
	st->rows[st->nrows].off = (uint32_t)st->nbytes;
	st->rows[st->nrows].len = 0;
	st->rows[st->nrows++].cut = 0;
	r->in_line = 1;
	return 0;
}

/* Adds bytes of the current line, as far as SOURCE_LINE_MAX keeps. */
static int add_bytes(struct reader *r, const char *p, size_t n)
{
	struct source_text *st = r->st;
	struct source_line *l;
	size_t room;

	if (!r->in_line && start_line(r) < 0)
		return -1;
	l = &st->rows[st->nrows - 1];
	room = SOURCE_LINE_MAX - l->len;
	if (n > room) {
		l->cut = 1;
		n = room;
	}
	if (!n)
		return 0;
	if (grow_array(&st->bytes, &st->cap_bytes, st->nbytes + n, 1, 64) < 0)
		return -1;
	memcpy(st->bytes + st->nbytes, p, n);
	st->nbytes += n;
	l->len += (uint32_t)n;
	return 0;
}

/* The current line ends (a newline, or the end of the file). */
static int end_line(struct reader *r)
{
	struct source_text *st = r->st;

	if (r->lineno >= r->want_first && !r->in_line && start_line(r) < 0)
		return -1;
	if (r->in_line) {
		struct source_line *l = &st->rows[st->nrows - 1];
		const unsigned char *b = (const unsigned char *)st->bytes + l->off;
		if (!l->cut && l->len && b[l->len - 1] == '\r')   /* CRLF */
			l->len--;
		if (l->cut)
			l->len = whole_chars(b, l->len);
		st->nbytes = l->off + l->len;
	}
	r->in_line = 0;
	if (r->lineno >= r->want_last)
		r->done = 1;
	r->lineno++;
	return 0;
}

static int feed(struct reader *r, const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;

	if (n)
		r->open_line = buf[n - 1] != '\n';
	while (p < end && !r->done) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (r->lineno >= r->want_first && add_bytes(r, p, (size_t)(stop - p)) < 0)
			return -1;
		if (!nl)
			break;
		if (end_line(r) < 0)
			return -1;
		p = nl + 1;
	}
	return 0;
}

static int open_regular(const char *path, struct err *e)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		err_at(e, path, -1, "%s", strerror(errno));
		return -1;
	}
	/* a FIFO would block and a device never end */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		err_at(e, path, -1, "not a regular file");
		return -1;
	}
	return fd;
}

#define READ_CHUNK ((size_t)1 << 16)

/* One pass over the file keeping [want_first, want_last]: 0, or -1 with e
 * set and buf's chunk read into. */
static int read_chunks(int fd, const char *path, struct reader *r, char *buf, struct err *e)
{
	size_t scanned = 0;
	ssize_t n;

	while (!r->done) {
		n = read(fd, buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_at(e, path, -1, "read error: %s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			if (r->open_line && end_line(r) < 0)
				return -2;
			r->st->total = r->lineno - 1;
			return 0;
		}
		if (scanned == 0 && memchr(buf, 0, (size_t)n < SOURCE_BINARY_PROBE ? (size_t)n : SOURCE_BINARY_PROBE)) {
			err_at(e, path, -1, "not a text file (a NUL byte in its first %d bytes)", SOURCE_BINARY_PROBE);
			return -1;
		}
		scanned += (size_t)n;
		if (feed(r, buf, (size_t)n) < 0)
			return -2;
		/* the line reached: what is kept so far will do, its end unknown */
		if (scanned >= SOURCE_SCAN_MAX && !r->done) {
			if (r->lineno > r->target && r->st->nrows)
				return 0;
			err_at(e, path, -1, "line %ld lies past the first %zu MiB, which is all that is read",
			       r->target, SOURCE_SCAN_MAX >> 20);
			return -1;
		}
	}
	return 0;
}

static int read_window(int fd, const char *path, struct reader *r, struct err *e)
{
	char *buf = malloc(READ_CHUNK);
	int rc = buf ? read_chunks(fd, path, r, buf, e) : -2;

	free(buf);
	if (rc == -2)
		err_at(e, path, -1, "out of memory");
	return rc < 0 ? -1 : 0;
}

static void reader_init(struct reader *r, struct source_text *st, long line)
{
	memset(r, 0, sizeof *r);
	r->st = st;
	r->lineno = 1;
	if (line <= 0)
		line = 1;
	r->target = line;
	r->want_first = line > SOURCE_CONTEXT ? line - SOURCE_CONTEXT : 1;
	r->want_last = line + SOURCE_CONTEXT;
}

int source_read(const char *path, long line, struct source_text *st, struct err *e)
{
	struct reader r;
	int fd, rc;

	memset(st, 0, sizeof *st);
	st->total = -1;
	err_clear(e);
	fd = open_regular(path, e);
	if (fd < 0)
		return -1;
	reader_init(&r, st, line);
	rc = read_window(fd, path, &r, e);
	if (rc == 0 && !st->nrows && st->total > 0) {
		/* the line is past the end: read the file's last lines */
		reader_init(&r, st, st->total);
		st->total = -1;
		rc = lseek(fd, 0, SEEK_SET) < 0 ? (err_at(e, path, -1, "%s", strerror(errno)), -1)
						: read_window(fd, path, &r, e);
	}
	close(fd);
	if (rc < 0)
		source_text_free(st);
	return rc;
}

void source_text_free(struct source_text *st)
{
	free(st->bytes);
	free(st->rows);
	memset(st, 0, sizeof *st);
	st->total = -1;
}

/* ---- the editor ---- */

const char *source_editor(void)
{
	const char *v = getenv("VISUAL");

	if (v && *v)
		return v;
	v = getenv("EDITOR");
	return v && *v ? v : "vi";
}

int editor_argv(const char *editor, const char *file, long line, char **argv, char *buf,
		size_t size)
{
	/* git's test for "needs a shell" */
	int shell = editor[strcspn(editor, "|&;<>()$`\\\"' \t\n*?[#~=%")] != 0;
	int n = 0, k;
	size_t used = 0;
	char *lineopt = buf, *path;

	k = snprintf(lineopt, size, "+%ld", line);
	if (k < 0 || (size_t)k >= size)
		return -1;
	used = (size_t)k + 1;
	path = buf + used;
	k = snprintf(path, size - used, "%s%s", (file[0] == '-' || file[0] == '+') ? "./" : "", file);
	if (k < 0 || (size_t)k >= size - used)
		return -1;
	if (shell) {
		argv[n++] = (char *)"/bin/sh";
		argv[n++] = (char *)"-c";
		/* the editor's words as the shell reads them, then the arguments */
		if (size - used - (size_t)k - 1 < strlen(editor) + 8)
			return -1;
		argv[n] = path + k + 1;
		snprintf(argv[n++], size - used - (size_t)k - 1, "%s \"$@\"", editor);
	}
	argv[n++] = (char *)editor;
	if (line > 0)
		argv[n++] = lineopt;
	argv[n++] = path;
	argv[n] = NULL;
	return 0;
}

static int spawn_editor(char **argv, pid_t *pid)
{
	posix_spawnattr_t attr;
	sigset_t none, def;
	int rc;

	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGQUIT);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawnp(pid, argv[0], NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	return rc;
}

int editor_run(const char *editor, const char *file, long line, struct err *e)
{
	struct sigaction ign, old_int, old_quit;
	char buf[3 * PATH_MAX], *argv[EDITOR_ARGV_MAX];
	pid_t pid;
	int rc, status = 0;

	err_clear(e);
	if (editor_argv(editor, file, line, argv, buf, sizeof buf) < 0) {
		err_at(e, NULL, -1, "editor '%s': command too long", editor);
		return -1;
	}
	/* as system() does: ^C and ^\ are the editor's, not a reason to quit */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	rc = spawn_editor(argv, &pid);
	if (rc == 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (rc != 0) {
		err_at(e, NULL, -1, "cannot run editor '%s': %s", editor, strerror(rc));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		err_at(e, NULL, -1, "editor '%s' not found (status 127; set $VISUAL or $EDITOR)", editor);
	else if (WIFEXITED(status))
		err_at(e, NULL, -1, "editor '%s' exited with status %d", editor, WEXITSTATUS(status));
	else
		err_at(e, NULL, -1, "editor '%s' ended by signal %d", editor,
		       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}
