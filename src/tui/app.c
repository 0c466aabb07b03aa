/* The application: the terminal, signals, loading, the table of views, the
 * actions no view handles, and the input loop. */
#include "autoconfig.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "proftop/pstats_load.h"
#include "proftop/tui.h"
#include "proftop/live_ui.h"
#include "proftop/members.h"
#include "proftop/compare_ui.h"
#include "proftop/export_ui.h"
#include "proftop/flame_view.h"
#include "proftop/source_view.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* ncurses leaks its pre-screen when newterm() refuses a terminal type; not
 * ours to fix, so the sanitizer build does not count it. */
#define THIRD_PARTY_ALLOC_BEGIN() __lsan_disable()
#define THIRD_PARTY_ALLOC_END() __lsan_enable()
#else
#define THIRD_PARTY_ALLOC_BEGIN() ((void)0)
#define THIRD_PARTY_ALLOC_END() ((void)0)
#endif

/* A signal handler can only reach a global: the write end of the pipe the
 * event loop watches, so SIGINT/SIGTERM/SIGHUP end the loop cleanly. */
static int signal_fd = -1;

static void on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;

	if (signal_fd >= 0 && write(signal_fd, &b, 1) < 0) {
		/* nothing to do: the pipe is full, a quit is pending anyway */
	}
	errno = saved;
}

static void save_display(struct tui *t, const char *path)
{
	struct err e;

	if (!path || !*path) {
		tui_message(t, 1, "save-display needs a FILE");
		return;
	}
	err_clear(&e);
	tui_draw(t);
	if (tui_save_display(t, path, &e) < 0)
		tui_error(t, &e);
}

static const struct tui_view_ops *const views[TV_COUNT] = {
	[TV_TABLE] = &table_view_ops,
	[TV_DETAIL] = &detail_view_ops,
	[TV_TREE] = &tree_view_ops,
	[TV_HELP] = &help_view_ops,
	[TV_SORTMENU] = &sortmenu_view_ops,
	[TV_MOVERS] = &movers_view_ops,
	[TV_FLAME] = &flame_view_ops,
};

/* What an action does when the view on top leaves it alone. */
static void default_action(struct tui *t, enum action a, const char *arg)
{
	switch (a) {
	case ACT_QUIT:
		if (t->depth > 1)
			tui_pop(t);
		else
			t->quit = 1;
		break;
	case ACT_BACK: tui_pop(t); break;
	case ACT_HELP: tui_open(t, TV_HELP, NULL); break;
	case ACT_COMMAND: prompt_open(t, PROMPT_COMMAND); break;
	case ACT_SAVE_DISPLAY: save_display(t, arg); break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	default:
		if (tui_live_action(t, a))
			break;
		/* Table actions typed as commands in a sub-view apply to the table. */
		if (t->depth > 1 && t->stack[0].ops->request(t, &t->stack[0], a, arg))
			break;
		tui_message(t, 1, "%s: not available here", action_defs[a].name);
		break;
	}
}

static int translate_key(int rc, wint_t wc, struct tui_event *ev)
{
	memset(ev, 0, sizeof *ev);
	if (rc == OK) {
		switch (wc) {
		case 10: case 13: ev->key = TK_ENTER; break;
		case 27: ev->key = TK_ESC; break;
		case 9: ev->key = TK_TAB; break;
		case 8: case 127: ev->key = TK_BACKSPACE; break;
		default: ev->key = (int)wc; break;
		}
		return 0;
	}
	switch (wc) {
	case KEY_UP: ev->key = TK_UP; break;
	case KEY_DOWN: ev->key = TK_DOWN; break;
	case KEY_LEFT: ev->key = TK_LEFT; break;
	case KEY_RIGHT: ev->key = TK_RIGHT; break;
	case KEY_PPAGE: ev->key = TK_PGUP; break;
	case KEY_NPAGE: ev->key = TK_PGDN; break;
	case KEY_HOME: ev->key = TK_HOME; break;
	case KEY_END: ev->key = TK_END; break;
	case KEY_IC: ev->key = TK_INS; break;
	case KEY_DC: ev->key = TK_DEL; break;
	case KEY_BACKSPACE: ev->key = TK_BACKSPACE; break;
	case KEY_ENTER: ev->key = TK_ENTER; break;
	case KEY_BTAB: ev->key = TK_BTAB; break;
	case KEY_RESIZE: ev->key = TK_RESIZE; break;
	case KEY_MOUSE: {
		MEVENT me;
		if (getmouse(&me) != OK)
			return -1;
		ev->key = TK_MOUSE;
		ev->x = me.x;
		ev->y = me.y;
		if (me.bstate & BUTTON4_PRESSED)
			ev->mouse = MOUSE_WHEEL_UP;
		else if (me.bstate & BUTTON5_PRESSED)
			ev->mouse = MOUSE_WHEEL_DOWN;
		else if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
			ev->mouse = MOUSE_CLICK;
		else
			return -1;
		break;
	}
	default:
		if (wc >= (wint_t)KEY_F(1) && wc <= (wint_t)KEY_F(63)) {
			ev->key = TK_F0 + (int)(wc - KEY_F(0));
			break;
		}
		return -1;
	}
	return 0;
}

static void read_input(struct tui *t)
{
	struct tui_event ev;
	wint_t wc;
	int rc, any = 0;

	wint_t next;
	int nrc;

	/* One key ahead: a key knows whether more input is waiting. */
	rc = wget_wch(stdscr, &wc);
	while (!t->quit && rc != ERR) {
		nrc = wget_wch(stdscr, &next);
		t->input_pending = nrc != ERR;
		if (translate_key(rc, wc, &ev) == 0) {
			tui_event(t, &ev);
			any = 1;
		}
		rc = nrc;
		wc = next;
	}
	t->input_pending = 0;
	if (any && !t->quit && t->live_stale) {
		prompt_flush(t);
		tui_draw(t);
	}
	if (any && !t->quit)
		refresh();
}

static void on_input(int fd, short revents, void *data)
{
	struct tui *t = data;

	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		t->quit = 1;            /* the terminal went away */
		return;
	}
	read_input(t);
}

static void on_signal_pipe(int fd, short revents, void *data)
{
	struct tui *t = data;
	unsigned char b = 0;

	if (read(fd, &b, 1) == 1) {
		t->quit = 1;
		t->exit_status = 128 + b;
	}
}

/*
 * A crash (ours or a library's) must not leave the user's terminal in raw
 * mode on the alternate screen: the handler writes the terminal's own
 * "leave" sequences and puts back the saved tty modes (both async-signal
 * safe), then lets the signal take its default course.
 */
static char crash_restore[256];
static size_t crash_restore_len;
static struct termios crash_termios;
static int crash_termios_saved;

static void on_fatal(int sig)
{
	if (crash_restore_len)
		(void)!write(STDOUT_FILENO, crash_restore, crash_restore_len);
	if (crash_termios_saved)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &crash_termios);
	raise(sig);               /* SA_RESETHAND: the default action now */
}

/* Appends raw bytes to the restore sequence. */
static void add_restore_text(const char *s)
{
	size_t n = strlen(s);

	if (crash_restore_len + n < sizeof crash_restore) {
		memcpy(crash_restore + crash_restore_len, s, n);
		crash_restore_len += n;
	}
}

static void add_restore(const char *cap)
{
	const char *s = tigetstr(cap);

	if (s && s != (char *)-1)
		add_restore_text(s);
}

/* Every signal whose default action ends the program (INT, TERM and HUP
 * have their own clean exit through the loop).  An ignored or handled one
 * is left as it is. */
static void catch_fatal_signals(void)
{
	static const int fatal[] = {
		SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS,
		SIGXCPU, SIGXFSZ, SIGALRM, SIGVTALRM, SIGPROF, SIGUSR1, SIGUSR2, SIGPIPE,
#ifdef SIGSTKFLT
		SIGSTKFLT,
#endif
#ifdef SIGPWR
		SIGPWR,
#endif
#ifdef SIGPOLL
		SIGPOLL,
#endif
	};
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);   /* glibc spells them unsigned */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof fatal / sizeof *fatal; i++)
		if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(fatal[i], &sa, NULL);
#ifdef SIGRTMIN
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(sig, &sa, NULL);
#endif
}

/* Called with the terminal open, before curses changes its modes. */
static void setup_crash_restore(int mouse)
{
	add_restore("sgr0");
	add_restore("cnorm");
	add_restore("rmkx");
	add_restore("rmcup");
	if (mouse) {
		/* what ncurses turned on: the terminal's XM, else X10 and SGR */
		const char *xm = tigetstr("XM");
		if (xm && xm != (char *)-1 && (xm = tiparm(xm, 0)) != NULL)
			add_restore_text(xm);
		add_restore_text("\033[?1006l\033[?1000l");
	}
	catch_fatal_signals();
}

static int setup_signals(struct tui *t)
{
	struct sigaction sa;

	if (pipe(t->sig_pipe) < 0)
		return -1;
	fcntl(t->sig_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(t->sig_pipe[1], F_SETFL, O_NONBLOCK);
	fcntl(t->sig_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(t->sig_pipe[1], F_SETFD, FD_CLOEXEC);
	signal_fd = t->sig_pipe[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return loop_watch_fd(&t->loop, t->sig_pipe[0], POLLIN, on_signal_pipe, t);
}

static void init_colors(struct tui *t)
{
	short bg = COLOR_BLACK;

	if (!has_colors() || start_color() != OK || COLOR_PAIRS < TC_COUNT)
		return;
	if (use_default_colors() == OK)
		bg = -1;
	if (tui_config_colors(t, bg)) {
		t->colors = 1;
		return;
	}
	init_pair(TC_TITLE, COLOR_BLACK, COLOR_GREEN);
	init_pair(TC_STATUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(TC_CURSOR, COLOR_BLACK, COLOR_CYAN);
	init_pair(TC_HEAT1, COLOR_GREEN, bg);
	init_pair(TC_HEAT2, COLOR_YELLOW, bg);
	init_pair(TC_HEAT3, COLOR_MAGENTA, bg);
	init_pair(TC_HEAT4, COLOR_RED, bg);
	init_pair(TC_ESCAPE, COLOR_MAGENTA, bg);
	init_pair(TC_ERROR, COLOR_RED, bg);
	t->colors = 1;
}

/* Opens curses on the terminal, or on /dev/null for the harness. */
static int open_terminal(struct tui *t)
{
	const char *term = getenv("TERM");
	SCREEN *s;

	if (t->headless) {
		t->term_out = fopen("/dev/null", "w");
		/* cppcheck-suppress incompatibleFileOpen ; headless: input and output are both /dev/null */
		t->term_in = fopen("/dev/null", "r");
		if (!t->term_out || !t->term_in) {
			fprintf(stderr, "proftop: cannot open /dev/null\n");
			return -1;
		}
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "proftop: not a terminal; use --print for a text report\n");
			return -1;
		}
		if (!term || !*term || strcmp(term, "dumb") == 0) {
			fprintf(stderr, "proftop: TERM=%s cannot show the interactive table; use --print for a text report\n",
				term ? term : "");
			return -1;
		}
		t->term_in = stdin;
		t->term_out = stdout;
		crash_termios_saved = tcgetattr(STDIN_FILENO, &crash_termios) == 0;
	}
	THIRD_PARTY_ALLOC_BEGIN();
	s = newterm(term && *term ? term : "vt100", t->term_out, t->term_in);
	THIRD_PARTY_ALLOC_END();
	if (!s) {
		fprintf(stderr, "proftop: unknown terminal type '%s'; use --print for a text report\n",
			term ? term : "");
		return -1;
	}
	t->screen = s;
	if (!t->headless && !tigetstr("cup")) {
		endwin();
		fprintf(stderr, "proftop: TERM=%s cannot move the cursor; use --print for a text report\n", term);
		return -1;
	}
	if (!t->headless)
		setup_crash_restore(tui_config_mouse(t));
	/* ncurses would read typed keys into its own buffer while refreshing,
	 * where poll() cannot see them */
	typeahead(-1);
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	if (tui_config_mouse(t))
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	init_colors(t);
	return 0;
}

static void close_terminal(struct tui *t)
{
	if (t->screen) {
		if (!t->headless)
			curs_set(1);
		endwin();
		delscreen(t->screen);
		t->screen = NULL;
	}
	if (t->headless) {
		if (t->term_out)
			fclose(t->term_out);
		if (t->term_in)
			fclose(t->term_in);
	}
}

static int report_load_error(const struct err *e)
{
	err_print(stderr, e);
	return EXIT_INPUT;
}

/* --sort, --reverse, --filter (one smart-case pattern here), --limit, --strip. */
static int apply_options(struct tui *t, const struct options *o)
{
	struct view *v = &t->table;
	struct err e;
	size_t i;
	int done_filter = 0, done_limit = 0;

	err_clear(&e);
	if ((o->strip || o->path != PATH_FULL) &&
	    view_set_path(v, o->strip ? PATH_SHORT : o->path, &e) < 0)
		goto fail;
	if (o->sort.n && view_set_sort(v, &o->sort, -2, &e) < 0)
		goto fail;
	if (o->reverse && view_set_reverse(v, 1, &e) < 0)
		goto fail;
	for (i = 0; i < o->nrestrictions; i++) {
		const struct restriction *r = &o->restrictions[i];
		if (r->kind == RESTRICT_REGEX && !done_filter++) {
			if (view_set_filter(v, r->text, &e) < 0) {
				fprintf(stderr, "proftop: --filter '%s': %s at offset %lld\n",
					r->text, e.msg, e.offset);
				return EXIT_USAGE;
			}
		} else if (r->kind != RESTRICT_REGEX && !done_limit++) {
			if (view_set_limit(v, r->text, &e) < 0)
				goto fail;
		}
	}
	return 0;
fail:
	err_print(stderr, &e);
	return EXIT_USAGE;
}

static int load(struct tui *t, const struct options *o)
{
	struct err e;
	int rc;

	err_clear(&e);
	names_init(&t->names);
	profile_init(&t->profile, &t->names);
	/* --endpoints: the table starts empty, an endpoint fills it */
	if (!o->endpoints.dir && tui_live_load(t, o, &e) < 0)   /* --watch, or the FILEs */
		return report_load_error(&e);
	if (view_open(&t->table, &t->profile, &e) < 0)
		return report_load_error(&e);
	rc = apply_options(t, o);
	view_move_to(&t->table, 0);   /* start at the top whatever the options did */
	return rc;
}

static void run_interactive(struct tui *t)
{
	loop_watch_fd(&t->loop, fileno(t->term_in), POLLIN, on_input, t);
	tui_draw(t);
	refresh();
	while (!t->quit && !t->names.std_failed) {
		/* keys ncurses already holds, and KEY_RESIZE queued when a
		 * SIGWINCH interrupted poll */
		read_input(t);
		if (t->quit || loop_run_once(&t->loop, -1) < 0)
			break;
	}
}

static void free_tui(struct tui *t)
{
	int i;

	tui_export_cancel(t);
	while (t->depth > 1)
		tui_pop(t);
	t->depth = 0;
	for (i = 0; i < PROMPT_COUNT; i++)
		history_free(&t->history[i]);
	tui_live_free(t);
	tui_source_free(t);
	view_close(&t->table);
	profile_free(&t->profile);
	names_free(&t->names);
	if (t->key_times)
		fclose(t->key_times);
	if (t->sig_pipe[0] > 0) {
		signal_fd = -1;
		close(t->sig_pipe[0]);
		close(t->sig_pipe[1]);
	}
}

int tui_run(const struct options *o)
{
	struct tui *t = calloc(1, sizeof *t);
	const char *script = o->script ? o->script : getenv("PROFTOP_SCRIPT");
	int rc;

	if (!t) {
		fprintf(stderr, "proftop: out of memory\n");
		return EXIT_INPUT;
	}
	t->utf8 = MB_CUR_MAX > 1;
	t->headless = script && *script;
	t->views = views;
	t->default_action = default_action;
	loop_init(&t->loop);
	keymap_defaults(&t->keys);
	tui_config_apply(t, o);
	rc = tui_source_setup(t, o) < 0 ? EXIT_INPUT : load(t, o);
	if (rc == 0 && o->key_times && !(t->key_times = fopen(o->key_times, "w"))) {
		fprintf(stderr, "proftop: %s: %s\n", o->key_times, strerror(errno));
		rc = EXIT_USAGE;
	}
	if (rc == 0 && (setup_signals(t) < 0 || open_terminal(t) < 0))
		rc = EXIT_USAGE;
	if (rc == 0) {
		tui_open(t, TV_TABLE, NULL);
		tui_config_started(t, o);
		/* --diff OLD NEW, --endpoints DIR: their view on top; an
		 * unreadable OLD or DIR ends it here */
		if ((o->ndiff_files && tui_diff_start(t, o) < 0) ||
		    (o->endpoints.dir && tui_endpoints_start(t, o) < 0) ||
		    tui_members_start(t, o) < 0) {
			fprintf(stderr, "proftop: %s\n", t->message);
			rc = EXIT_INPUT;
			t->quit = 1;
		}
		if (t->quit) {
			/* nothing to run */
		} else if (t->headless) {
			tui_draw(t);
			if (tui_run_script(t, script) < 0)
				rc = EXIT_USAGE;
		} else {
			run_interactive(t);
		}
		if (t->exit_status)
			rc = t->exit_status;
	}
	close_terminal(t);
	/* names shown empty for want of memory: the screen was wrong */
	if (t->names.std_failed && rc == 0) {
		fprintf(stderr, "proftop: out of memory\n");
		rc = EXIT_INPUT;
	}
	free_tui(t);
	free(t);
	return rc;
}
