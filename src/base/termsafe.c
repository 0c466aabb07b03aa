/* Escaping text on its way to a terminal. */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proftop/utf8.h"
#include "proftop/termsafe.h"

int termsafe_hidden(uint32_t c)
{
	return c == 0x00AD || c == 0x061C || c == 0x180E ||
	       (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
	       (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF ||
	       (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

/* The length of the sequence s[0] starts, 0 for a byte that starts none. */
static size_t lead_length(unsigned char b)
{
	return b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 :
	       b >= 0xF0 && b <= 0xF4 ? 4 : 0;
}

/* s holds the first len bytes of a sequence that would be longer. */
static int cut_short(const unsigned char *s, size_t len)
{
	size_t i, n = lead_length(s[0]);

	if (n <= len)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

size_t termsafe_unit(const char *text, size_t len, int final, char esc[12])
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t c;
	size_t n = utf8_decode(s, len, &c);

	esc[0] = 0;
	if (!n && !final && cut_short(s, len))
		return 0;
	if (!n || utf8_is_surrogate(c)) {
		snprintf(esc, 12, "\\x%02x", s[0]);
		return 1;
	}
	if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0))
		snprintf(esc, 12, "\\x%02x", (unsigned)c);
	else if (termsafe_hidden(c))
		snprintf(esc, 12, c > 0xFFFF ? "\\U%08x" : "\\u%04x", (unsigned)c);
	return n;
}

#if defined(__GLIBC__)

/* What a filtering stream writes to: a descriptor, and the bytes of a
 * character the last write cut short. */
struct sink {
	int fd;
	unsigned char carry[4];
	size_t ncarry;
};

static struct sink err_sink = { STDERR_FILENO, { 0 }, 0 };
static struct sink out_sink = { STDOUT_FILENO, { 0 }, 0 };

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Escapes text[0..len) into out (room for 12 bytes per input byte). */
static size_t escape_into(char *out, const char *text, size_t len, size_t *used, int final)
{
	size_t i = 0, o = 0, n;
	char esc[12];

	while (i < len) {
		n = termsafe_unit(text + i, len - i, final, esc);
		if (!n)
			break;
		if (esc[0]) {
			memcpy(out + o, esc, strlen(esc));
			o += strlen(esc);
		} else {
			memcpy(out + o, text + i, n);
			o += n;
		}
		i += n;
	}
	*used = i;
	return o;
}

/* A character cut between two writes is completed from the next one. */
static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
	struct sink *k = cookie;
	char in[260], out[260 * 12];
	size_t done = 0;

	while (done < size || k->ncarry) {
		size_t take = size - done, room = sizeof in - k->ncarry, used, o;
		if (take > room)
			take = room;
		memcpy(in, k->carry, k->ncarry);
		memcpy(in + k->ncarry, buf + done, take);
		o = escape_into(out, in, k->ncarry + take, &used, 0);
		if (write_all(k->fd, out, o) < 0)
			return -1;
		done += take;
		/* what is left is a cut-short character, at most 3 bytes */
		k->ncarry = k->ncarry + take - used;
		memmove(k->carry, in + used, k->ncarry);
		if (done == size)
			break;
	}
	return (ssize_t)size;
}

static FILE *filtering(struct sink *k, int mode)
{
	cookie_io_functions_t io = { NULL, sink_write, NULL, NULL };
	FILE *f = fopencookie(k, "w", io);

	if (f)
		setvbuf(f, NULL, mode, BUFSIZ);
	return f;
}

void termsafe_stderr(void)
{
	FILE *f = filtering(&err_sink, _IONBF);

	if (f) {
		fflush(stderr);
		stderr = f;
	}
}

void termsafe_stdout(void)
{
	FILE *f;

	if (!isatty(STDOUT_FILENO) || !(f = filtering(&out_sink, _IOLBF)))
		return;
	fflush(stdout);
	stdout = f;
}

#else

void termsafe_stderr(void)
{
}

void termsafe_stdout(void)
{
}

#endif
