#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proftop/err.h"

void err_clear(struct err *e)
{
	memset(e, 0, sizeof *e);
	e->offset = -1;
}

__attribute__((format(printf, 3, 0)))
static void err_vset(struct err *e, const char *file, const char *fmt, va_list ap)
{
	e->set = 1;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

void err_at(struct err *e, const char *file, long long offset, const char *fmt, ...)
{
	va_list ap;

	err_clear(e);
	va_start(ap, fmt);
	err_vset(e, file, fmt, ap);
	va_end(ap);
	e->offset = offset;
}

void err_line(struct err *e, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	err_clear(e);
	va_start(ap, fmt);
	err_vset(e, file, fmt, ap);
	va_end(ap);
	e->line = line;
	e->col = col;
}

void err_format(const struct err *e, char *buf, size_t size)
{
	if (!e->file[0] && e->offset >= 0)   /* a position in a pattern or format */
		snprintf(buf, size, "%s at offset %lld", e->msg, e->offset);
	else if (!e->file[0])
		snprintf(buf, size, "%s", e->msg);
	else if (e->line > 0)
		snprintf(buf, size, "%s:%d:%d: %s", e->file, e->line, e->col, e->msg);
	else if (e->offset >= 0)
		snprintf(buf, size, "%s: offset %lld: %s", e->file, e->offset, e->msg);
	else
		snprintf(buf, size, "%s: %s", e->file, e->msg);
}
