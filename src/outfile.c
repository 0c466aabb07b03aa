/* Atomic output files: a temporary file beside the target, then rename. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

/* "DIR/.BASE.XXXXXX" beside path; mkstemp makes it 0600. */
static int open_temp(const char *path, char **tmp, struct err *e)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	size_t size = strlen(path) + 16;
	int fd;

	*tmp = malloc(size);
	if (!*tmp) {
		err_at(e, path, -1, "out of memory");
		return -1;
	}
	snprintf(*tmp, size, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);
	fd = mkostemp(*tmp, O_CLOEXEC);
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
			snprintf(e->file, sizeof e->file, "%s", path);
		unlink(tmp);
	}
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
		free(*tmp);
		*tmp = NULL;
		err_at(e, path, -1, "out of memory");
		return -1;
	}
	return 0;
}
