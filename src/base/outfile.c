/* Atomic output files: a temporary file beside the target, then rename. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proftop/outfile.h"

/*
 * Where a write to PATH lands: PATH itself, or with OUTFILE_FOLLOW_SYMLINK
 * the file a symlink PATH names (*target is then malloc'd).  What a rename
 * must not replace is refused.  *mode: the existing file's mode, 0 if none.
 */
static int check_target(const char *path, unsigned flags, char **target, mode_t *mode,
			struct err *e)
{
	struct stat st;

	*mode = 0;
	*target = NULL;
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		err_at(e, path, -1, "%s", strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode) && !(flags & OUTFILE_FOLLOW_SYMLINK)) {
		err_at(e, path, -1, "is a symlink; not writing through it%s",
		       (flags & OUTFILE_HINT_FORCE) ? " (--force would replace its target)" : "");
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		*target = realpath(path, NULL);
		if (!*target || stat(*target, &st) < 0) {
			err_at(e, path, -1, "cannot follow the symlink: %s", strerror(errno));
			free(*target);
			*target = NULL;
			return -1;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		err_at(e, path, -1, "exists and is not a regular file");
		free(*target);
		*target = NULL;
		return -1;
	}
	*mode = st.st_mode & 07777;
	return 0;
}

/*
 * Temporaries to remove if SIGINT, SIGTERM or SIGHUP ends the program while
 * they exist.  A handler may only unlink, so the paths are copied here
 * beforehand.  Only a signal left at its default action is caught: the
 * curses UI has its own handlers that end its loop, and its writes finish
 * or clean up before it exits.
 */
#define GUARD_SLOTS 4
static const int guard_signals[] = { SIGINT, SIGTERM, SIGHUP };
static char guard_path[GUARD_SLOTS][PATH_MAX];
static volatile sig_atomic_t guard_used[GUARD_SLOTS];
#define NGUARD_SIGNALS (sizeof guard_signals / sizeof *guard_signals)
static struct sigaction guard_saved[NGUARD_SIGNALS];
static int guard_caught[NGUARD_SIGNALS];
static int guard_count;

static void on_guard_signal(int sig)
{
	int saved = errno, i;

	for (i = 0; i < GUARD_SLOTS; i++)
		if (guard_used[i])
			unlink(guard_path[i]);
	errno = saved;
	raise(sig);          /* SA_RESETHAND: the default action now */
}

static void block_guard_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NGUARD_SIGNALS; i++)
		sigaddset(&set, guard_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void catch_guard_signals(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_guard_signal;
	sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);   /* glibc spells them unsigned */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NGUARD_SIGNALS; i++) {
		guard_caught[i] = sigaction(guard_signals[i], NULL, &guard_saved[i]) == 0 &&
				  guard_saved[i].sa_handler == SIG_DFL &&
				  sigaction(guard_signals[i], &sa, NULL) == 0;
	}
}

void outfile_guard(const char *tmp)
{
	sigset_t old;
	int i;

	if (strlen(tmp) >= PATH_MAX)
		return;
	block_guard_signals(&old);
	for (i = 0; i < GUARD_SLOTS && guard_used[i]; i++)
		;
	if (i < GUARD_SLOTS) {
		memcpy(guard_path[i], tmp, strlen(tmp) + 1);
		guard_used[i] = 1;
		if (guard_count++ == 0)
			catch_guard_signals();
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void outfile_unguard(const char *tmp)
{
	sigset_t old;
	size_t k;
	int i;

	block_guard_signals(&old);
	for (i = 0; i < GUARD_SLOTS; i++) {
		if (!guard_used[i] || strcmp(guard_path[i], tmp) != 0)
			continue;
		guard_used[i] = 0;
		if (--guard_count == 0)
			for (k = 0; k < NGUARD_SIGNALS; k++)
				if (guard_caught[k])
					sigaction(guard_signals[k], &guard_saved[k], NULL);
		break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* "DIR/.BASE.XXXXXX" beside path; mkstemp makes it 0600. */
static int open_temp(const char *path, char **tmp, struct err *e)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	size_t size = strlen(path) + 16;
	sigset_t old;
	int fd;

	*tmp = malloc(size);
	if (!*tmp) {
		err_at(e, path, -1, "out of memory");
		return -1;
	}
	snprintf(*tmp, size, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);
	/* blocked: a signal between creating and guarding would leave it */
	block_guard_signals(&old);
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd >= 0)
		outfile_guard(*tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		err_at(e, path, -1, "cannot create a temporary file beside it: %s", strerror(errno));
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

static int write_stdout(outfile_fn fn, void *ctx, struct err *e)
{
	if (fn(stdout, ctx, e) < 0)
		return -1;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_at(e, "-", -1, "write error on standard output: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The temporary file a write to PATH goes into, made beside where it lands
 * (check_target: *target for a followed symlink, else NULL), with the mode
 * the file will have: the existing one's, or 0666 less the umask.  Its
 * descriptor, or -1 with e set and nothing left allocated.
 */
static int open_replacement(const char *path, unsigned flags, char **target, char **tmp,
			    struct err *e)
{
	mode_t mode, mask;
	int fd;

	if (check_target(path, flags, target, &mode, e) < 0)
		return -1;
	fd = open_temp(*target ? *target : path, tmp, e);
	if (fd < 0) {
		free(*target);
		*target = NULL;
		return -1;
	}
	if (!mode) {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	(void)fchmod(fd, mode);
	return fd;
}

int outfile_write_flags(const char *path, unsigned flags, outfile_fn fn, void *ctx,
			struct err *e)
{
	mode_t mode;
	char *tmp, *target;
	const char *dest;
	FILE *f;
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return write_stdout(fn, ctx, e);
	fd = open_replacement(path, flags, &target, &tmp, e);
	if (fd < 0)
		return -1;
	dest = target ? target : path;
	f = fdopen(fd, "wb");
	if (!f) {
		err_at(e, path, -1, "%s", strerror(errno));
		close(fd);
		unlink(tmp);
		outfile_unguard(tmp);
		free(tmp);
		free(target);
		return -1;
	}
	rc = fn(f, ctx, e);
	if (rc == 0 && (fflush(f) != 0 || ferror(f) || (fsync(fd) < 0 && errno != EINVAL))) {
		err_at(e, path, -1, "write error: %s", strerror(errno));
		rc = -1;
	}
	if (fclose(f) != 0 && rc == 0) {
		err_at(e, path, -1, "write error: %s", strerror(errno));
		rc = -1;
	}
	/* Checked again: a symlink planted while we wrote is not followed by
	 * rename, but would be replaced; refuse it as at the start. */
	if (rc == 0 && !target && check_target(path, flags & ~OUTFILE_FOLLOW_SYMLINK, &target, &mode, e) < 0)
		rc = -1;
	if (rc == 0 && rename(tmp, dest) < 0) {
		err_at(e, path, -1, "cannot rename the temporary file over it: %s", strerror(errno));
		rc = -1;
	}
	if (rc < 0) {
		if (!e->file[0])
			err_set_file(e, path);
		unlink(tmp);
	}
	outfile_unguard(tmp);
	free(tmp);
	free(target);
	return rc;
}

int outfile_write(const char *path, outfile_fn fn, void *ctx, struct err *e)
{
	return outfile_write_flags(path, 0, fn, ctx, e);
}

int outfile_temp(const char *path, unsigned flags, char **tmp, char **dest, struct err *e)
{
	char *target;
	int fd;

	*tmp = *dest = NULL;
	fd = open_replacement(path, flags, &target, tmp, e);
	if (fd < 0)
		return -1;
	close(fd);
	*dest = target ? target : strdup(path);
	if (!*dest) {
		unlink(*tmp);
		outfile_unguard(*tmp);
		free(*tmp);
		*tmp = NULL;
		err_at(e, path, -1, "out of memory");
		return -1;
	}
	return 0;
}
