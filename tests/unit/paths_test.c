/* Unique short paths: the shortest tails that keep files apart. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
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

/* The tail of PATH after widening WIDER times from its base name, as
 * paths.c widens: a '/' taken in each time, the leading one last. */
static size_t tail_at(const char *path, unsigned wider)
{
	const char *slash = strrchr(path, '/');
	size_t i = slash ? (size_t)(slash + 1 - path) : 0;

	while (wider-- && i > 0) {
		i--;
		while (i > 0 && path[i - 1] != '/')
			i--;
	}
	return i;
}

#define RANDOM_FILES 700

/* Whether every file of PATH[0..NF) is shown from the start of the
 * shortest tail no other file has at the same widening. */
static int shortest_unique(const struct unique_paths *u, char (*path)[64], size_t nf,
			   unsigned set)
{
	size_t i, j;

	for (i = 0; i < nf; i++) {
		uint32_t fid = strtab_find(&names.strs, path[i], strlen(path[i])), got;
		size_t want = 0, at;
		unsigned w;
		for (w = 0; w < 64; w++) {
			at = tail_at(path[i], w);
			for (j = 0; j < nf; j++)
				if (j != i && strcmp(path[i] + at, path[j] + tail_at(path[j], w)) == 0)
					break;
			if (j == nf) {
				want = at;
				break;
			}
		}
		unique_path(u, &names, fid, &got);
		if (strlen(path[i]) - got != want) {
			printf("    set %u: %s shown from byte %zu, want %zu\n", set, path[i],
			       strlen(path[i]) - got, want);
			return 0;
		}
	}
	return 1;
}

/* Random sets of files much alike (a few hundred base names, each shared
 * by a few files; shared directories; relative and absolute paths, "//"),
 * in random order, enough to take the radix sort's way. */
static int random_sets(void)
{
	static const char *part[] = { "a", "b", "pkg", "sub", "", "x.y" };
	static char path[RANDOM_FILES][64];
	int ok = 1;
	unsigned set;

	srand(7);
	for (set = 0; set < 10 && ok; set++) {
		struct unique_paths u;
		size_t nf = 0, i, j;
		names_init(&names);
		profile_init(&prof, &names);
		for (i = 0; i < 4 * RANDOM_FILES && nf < RANDOM_FILES; i++) {
			char *s = path[nf];
			unsigned depth = (unsigned)rand() % 5, k;
			int len = rand() % 3 ? sprintf(s, "/") : 0;
			for (k = 0; k < depth; k++)
				len += sprintf(s + len, "%s/", part[rand() % 6]);
			if (rand() % 8)
				sprintf(s + len, "m%d.py", rand() % 300);
			else
				sprintf(s + len, "__init__.py");
			for (j = 0; j < nf && strcmp(path[j], s) != 0; j++)
				;
			if (j == nf)
				add(path[nf++], 1, "f");
		}
		if (unique_paths_build(&u, &prof) < 0)
			return 0;
		ok = shortest_unique(&u, path, nf, set);
		unique_paths_free(&u);
		profile_free(&prof);
		names_free(&names);
	}
	return ok;
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
	CHECK("paths: random sets of files much alike, each shown from its shortest unique tail",
	      random_sets());
	return CHECK_DONE();
}
