/* Unique short paths: the shortest tails that keep files apart. */
#include "autoconfig.h"

#include <string.h>

#include "check.h"
#include "proftop/paths.h"

static struct names names;
static struct profile prof;

static uint32_t add(const char *file, int64_t line, const char *name)
{
	uint32_t f = strtab_intern(&names.strs, file, strlen(file));
	uint32_t id = names_func(&names, f, line, strtab_intern(&names.strs, name, strlen(name)));

	profile_begin(&prof, id, 1, 1, 0.5, 0.5);
	profile_end(&prof, 0);
	return id;
}

static int shows(const struct unique_paths *u, uint32_t id, const char *want)
{
	char buf[256];

	unique_std_name(u, &names, id, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		printf("    got '%s', want '%s'\n", buf, want);
	return strcmp(buf, want) == 0;
}

int main(void)
{
	struct unique_paths u;
	uint32_t views, models, util, json, builtin, rel, abs_a, deep1, deep2;

	names_init(&names);
	profile_init(&prof, &names);
	views = add("/srv/app/views/__init__.py", 12, "get");
	models = add("/srv/app/models/__init__.py", 12, "get");
	util = add("/srv/app/util.py", 3, "helper");
	json = add("/usr/lib/python3.11/json/__init__.py", 183, "dumps");
	builtin = add("~", 0, "<built-in method builtins.len>");
	rel = add("a.py", 1, "f");
	abs_a = add("/x/a.py", 1, "f");
	deep1 = add("/one/pkg/sub/mod.py", 5, "g");
	deep2 = add("/two/pkg/sub/mod.py", 5, "g");

	CHECK("paths: build", unique_paths_build(&u, &prof) == 0);
	CHECK("paths: one level keeps two __init__.py apart", shows(&u, views, "views/__init__.py:12(get)"));
	CHECK("paths: the other one too", shows(&u, models, "models/__init__.py:12(get)"));
	CHECK("paths: a unique base name stays short", shows(&u, util, "util.py:3(helper)"));
	CHECK("paths: a third __init__.py", shows(&u, json, "json/__init__.py:183(dumps)"));
	CHECK("paths: built-ins keep pstats' form", shows(&u, builtin, "{built-in method builtins.len}"));
	CHECK("paths: a relative path that is its own tail", shows(&u, rel, "a.py:1(f)"));
	CHECK("paths: the absolute one widens", shows(&u, abs_a, "x/a.py:1(f)"));
	CHECK("paths: widen until they differ", shows(&u, deep1, "one/pkg/sub/mod.py:5(g)") &&
	      shows(&u, deep2, "two/pkg/sub/mod.py:5(g)"));
	unique_paths_free(&u);
	profile_free(&prof);
	names_free(&names);
	return CHECK_DONE();
}
