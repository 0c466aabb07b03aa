/*
 * The headless harness, in tig's style: a script of keys drives the real
 * program on a null terminal, and :save-display dumps the screen as text.
 *
 * Script lines: "#" comments; ":command args" runs a command directly (even
 * with a prompt open, so the prompt can be saved); anything else is keys:
 * characters typed as they are, and <Name> for named keys (<Down>, <C-u>,
 * <Enter>, <Esc>, <F6>, <lt> for '<'), plus <Resize COLSxLINES>,
 * <Click X,Y>, <WheelUp X,Y>, <WheelDown X,Y> and <Sleep MS> (runs the event
 * loop, for timers and watched files).  A line "<Paste>TEXT" delivers TEXT's
 * characters as one batch of input, as a terminal delivers a paste.
 */
#include "autoconfig.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "proftop/util.h"
#include "proftop/outfile.h"
#include "proftop/tui.h"

static int parse_pair(const char *s, char sep, int *a, int *b)
{
	char *end;
	long x = strtol(s, &end, 10), y;

	if (end == s || *end != sep)
		return -1;
	s = end + 1;
	y = strtol(s, &end, 10);
	if (end == s || *end || x < 0 || y < 0 || x > 10000 || y > 10000)
		return -1;
	*a = (int)x;
	*b = (int)y;
	return 0;
}

/* Runs a load under way to its end, as when it blocked: what a script
 * saves next does not depend on the machine's speed. */
static void finish_work(struct tui *t)
{
	while (!t->quit && t->loop.work_pending)
		loop_run_once(&t->loop, 0);
}

static void sleep_loop(struct tui *t, long ms)
{
	int64_t end = loop_now_ms() + ms;

	while (!t->quit) {
		int64_t left = end - loop_now_ms();
		if (left <= 0)
			break;
		loop_run_once(&t->loop, (int)left);
	}
	finish_work(t);
	tui_draw(t);
}

/* <Name ARGS>: one event, or a harness action.  0, or -1 for an unknown name. */
static int special(struct tui *t, const char *name)
{
	struct tui_event ev;
	const char *sp = strchr(name, ' ');
	char word[32];
	int cols, lines;

	memset(&ev, 0, sizeof ev);
	snprintf(word, sizeof word, "%.*s", (int)(sp ? (size_t)(sp - name) : strlen(name)), name);
	if (strcmp(word, "Resize") == 0 && sp && parse_pair(sp + 1, 'x', &cols, &lines) == 0) {
		resizeterm(lines > 0 ? lines : 1, cols > 0 ? cols : 1);
		ev.key = TK_RESIZE;
	} else if (strcmp(word, "Sleep") == 0 && sp) {
		sleep_loop(t, strtol(sp + 1, NULL, 10));
		return 0;
	} else if (strcmp(word, "Click") == 0 || strcmp(word, "WheelUp") == 0 ||
		   strcmp(word, "WheelDown") == 0) {
		ev.key = TK_MOUSE;
		ev.mouse = word[0] == 'C' ? MOUSE_CLICK : word[5] == 'U' ? MOUSE_WHEEL_UP : MOUSE_WHEEL_DOWN;
		if (sp && parse_pair(sp + 1, ',', &ev.x, &ev.y) < 0)
			return -1;
		if (!sp && ev.mouse == MOUSE_CLICK)
			return -1;
	} else if ((ev.key = key_by_name(name)) == TK_NONE) {
		return -1;
	}
	tui_event(t, &ev);
	return 0;
}

static int run_keys(struct tui *t, const char *line, const char *path, int lineno)
{
	const char *p = line;
	int paste = strncmp(line, "<Paste>", 7) == 0;

	if (paste)
		p += 7;
	while (*p && !t->quit) {
		struct tui_event ev;
		const char *close = *p == '<' && p[1] ? strchr(p + 2, '>') : NULL;
		if (close) {
			char name[64];
			size_t n = (size_t)(close - p - 1);
			snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), p + 1);
			if (special(t, name) < 0) {
				fprintf(stderr, "proftop: %s:%d: unknown key <%s>\n", path, lineno, name);
				return -1;
			}
			p = close + 1;
		} else {
			wchar_t wc;
			mbstate_t st;
			size_t n;
			memset(&st, 0, sizeof st);
			n = mbrtowc(&wc, p, strlen(p), &st);
			if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
				fprintf(stderr, "proftop: %s:%d: invalid text\n", path, lineno);
				return -1;
			}
			memset(&ev, 0, sizeof ev);
			ev.key = (int)wc;
			t->input_pending = paste && p[n];
			tui_event(t, &ev);
			t->input_pending = 0;
			p += n;
		}
		loop_run_once(&t->loop, 0);
		finish_work(t);   /* `R` starts one */
	}
	return 0;
}

/* A command line run directly, timed like a key for --key-times. */
static void run_command(struct tui *t, const char *line)
{
	int64_t start = mono_us(), cpu = cpu_us();
	size_t n = strcspn(line, " \t");

	tui_command(t, line);
	tui_draw(t);
	if (t->key_times)
		fprintf(t->key_times, ":%.*s %lld %lld\n", (int)n, line, (long long)(mono_us() - start),
			(long long)(cpu_us() - cpu));
}

int tui_run_script(struct tui *t, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;

	if (!f) {
		fprintf(stderr, "proftop: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* any length: a line cut at a buffer's end ran its tail as keys */
	/* a name that could not be formatted ends the run (tui_run says so) */
	while (rc == 0 && !t->quit && !t->names.std_failed && getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		if (line[0] == ':') {
			run_command(t, line + 1);
			continue;
		}
		rc = run_keys(t, line, path, lineno);
	}
	free(line);
	fclose(f);
	return rc;
}

/* The screen as text, trailing blanks cut: one line per row. */
static int put_screen(FILE *f, void *ctx, struct err *e)
{
	wchar_t *row = malloc(((size_t)COLS + 1) * sizeof *row);
	int y;

	(void)ctx;
	if (!row) {
		err_at(e, "", -1, "out of memory");
		return -1;
	}
	for (y = 0; y < LINES; y++) {
		int n = mvwinnwstr(stdscr, y, 0, row, COLS), i;
		if (n == ERR)
			n = 0;
		row[n] = 0;
		while (n > 0 && row[n - 1] == L' ')
			n--;
		for (i = 0; i < n; i++) {
			char mb[MB_LEN_MAX];
			mbstate_t st;
			size_t k;
			memset(&st, 0, sizeof st);
			k = wcrtomb(mb, row[i], &st);
			if (k != (size_t)-1)
				fwrite(mb, 1, k, f);
			else
				fputc('?', f);
		}
		fputc('\n', f);
	}
	free(row);
	return 0;
}

/* Through the atomic writer, as W and e write: a symlink, a FIFO or a full
 * disk never costs the file already there. */
int tui_save_display(struct tui *t, const char *path, struct err *e)
{
	(void)t;
	return outfile_write(path, put_screen, NULL, e);
}
