/* Reloads keep the cursor's function even through a snapshot without it
 * (live mode right after a baseline), unless the user moved meanwhile. */
#include "autoconfig.h"

#include <string.h>

#include "check.h"
#include "proftop/view.h"

static struct names names;
static struct profile prof;
static uint32_t ids[4];

/* Replaces the profile in place, as a reload does, with the functions in `which`. */
static void load(const char *which)
{
	const char *c;

	profile_free(&prof);
	profile_init(&prof, &names);
	for (c = which; *c; c++) {
		uint32_t id = ids[*c - 'a'];
		profile_begin(&prof, id, 1, 1, 0.1 * (*c - 'a' + 1), 0.1 * (*c - 'a' + 1));
		profile_end(&prof, 0);
	}
	profile_compute_totals(&prof);
}

static uint32_t fn(const char *name)
{
	uint32_t f = strtab_intern(&names.strs, "app.py", 6);
	return names_func(&names, f, 1, strtab_intern(&names.strs, name, strlen(name)));
}

int main(void)
{
	struct view v;
	struct err e;

	names_init(&names);
	profile_init(&prof, &names);
	ids[0] = fn("a");
	ids[1] = fn("b");
	ids[2] = fn("c");
	ids[3] = fn("d");
	load("abcd");
	CHECK("lost: view opens", view_open(&v, &prof, &e) == 0);
	CHECK("lost: select c", view_select_id(&v, ids[2]) == 0 && view_current(&v) == ids[2]);
	load("ab");
	CHECK("lost: reload without c", view_refresh(&v, &e) == 0 && view_current(&v) != ids[2]);
	load("");
	CHECK("lost: reload with nothing", view_refresh(&v, &e) == 0 && view_current(&v) == NO_ID);
	load("abcd");
	CHECK("lost: c comes back, so does the cursor", view_refresh(&v, &e) == 0 && view_current(&v) == ids[2]);
	load("abd");
	view_refresh(&v, &e);
	view_select_id(&v, ids[0]);
	load("abcd");
	CHECK("lost: moved meanwhile, the cursor stays where the user put it",
	      view_refresh(&v, &e) == 0 && view_current(&v) == ids[0]);
	view_close(&v);
	profile_free(&prof);
	names_free(&names);
	return CHECK_DONE();
}
