/* Live mode's status text: "live · updated 2s ago · 48,210 calls (+3,105)". */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>

#include "proftop/live.h"
#include "proftop/status_line.h"

static void fmt_count(char *buf, size_t size, int64_t n)
{
	char digits[32], out[48];
	int len, i, o = 0;
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

	len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	if (n < 0)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = 0;
	snprintf(buf, size, "%s", out);
}

static void fmt_age(char *buf, size_t size, int64_t ms)
{
	int64_t s = ms < 0 ? 0 : ms / 1000;

	if (s < 60)
		snprintf(buf, size, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm", (long long)(s / 60));
	else
		snprintf(buf, size, "%lldh", (long long)(s / 3600));
}

#define LOADING_SAID_MS 200

void live_status_parts(const struct live *l, int64_t now, int ascii, struct status_line *s)
{
	const char *sep = ascii ? " - " : " \xc2\xb7 ";
	char a[32], b[32];

	status_add(s, SP_MODE, "  ", "%s", l->paused ? "paused" : "live");
	if (l->is_dir)
		status_add(s, SP_DUMPS, sep, "%zu dumps", l->nloaded);
	if (l->is_dir && l->nbad)
		status_add(s, SP_DUMPS, ", ", "%zu unreadable", l->nbad);
	switch (l->state) {
	case LIVE_WAITING:
		status_add(s, SP_PROBLEM, sep, "waiting for %s", l->path);
		status_shorten_last(s);
		break;
	case LIVE_RETRYING:
		/* one read caught mid-write is routine under load; say it when
		 * it lasts */
		if (now - l->state_since_ms >= 500)
			status_add(s, SP_PROBLEM, sep, "%s is being written, retrying", l->base);
		break;
	case LIVE_BAD:
		/* a dump that does not decode: where, as --print says it */
		if (l->err.offset >= 0)
			status_add(s, SP_PROBLEM, sep, "%s: offset %lld: %s", l->base,
				   l->err.offset, l->err.msg);
		else
			status_add(s, SP_PROBLEM, sep, "%s", l->err.msg);
		status_shorten_last(s);
		break;
	case LIVE_OK:
		break;
	}
	/* said when it lasts: a small dump loads in a slice or two */
	if (l->loading && now - l->load_start_ms >= LOADING_SAID_MS)
		status_add(s, SP_PROBLEM, sep, "loading %d%%", (int)(live_load_done(l) * 100));
	if (l->new_run_ms && now - l->new_run_ms < 10000)
		status_add(s, SP_NEW_RUN, sep, "new run (profiler cleared)");
	if (!l->loads) {
		if (l->state == LIVE_OK)
			status_add(s, SP_PROBLEM, sep, "no dump yet");
		return;
	}
	fmt_age(a, sizeof a, now - l->last_load_ms);
	status_add(s, SP_AGE, sep, "updated %s ago", a);
	fmt_count(a, sizeof a, l->total_calls);
	fmt_count(b, sizeof b, l->total_delta);
	status_add(s, SP_TOTAL, sep, "%s calls (%s%s)", a, l->total_delta >= 0 ? "+" : "", b);
	if (l->nsamples >= 2) {
		fmt_count(a, sizeof a, (int64_t)(l->calls_s + (l->calls_s < 0 ? -0.5 : 0.5)));
		status_add(s, SP_RATE, sep, "%s calls/s", a);
	}
	if (l->has_baseline) {
		fmt_count(a, sizeof a, l->shown->total_calls);
		if (l->baseline_ms) {
			fmt_age(b, sizeof b, now - l->baseline_ms);
			status_add(s, SP_BASELINE, sep, "baseline %s ago: %s calls since", b, a);
		} else {
			status_add(s, SP_BASELINE, sep, "since the --since dump: %s calls", a);
		}
	}
}

void live_status(const struct live *l, int64_t now, int ascii, char *buf, size_t size)
{
	struct status_line s;

	s.n = 0;
	live_status_parts(l, now, ascii, &s);
	status_join(&s, buf, size);
}
