#!/usr/bin/env bash
# pstats lists, above the totals, the functions called by the old profile
# module's ("jprofile", 0, "profiler") caller.  --print of the table alone
# keeps no caller edges (stats_only) but that one; with --callers all of
# them.  Both compared with the newest Python's pstats, byte for byte.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "top level: no Python 3"; exit 0; }
cd "$TESTTMP" || exit 1
"$py" - <<'PY'
import marshal
top = ("jprofile", 0, "profiler")
main = ("app.py", 1, "main")
work = ("app.py", 5, "work")
stats = {
    main: (1, 1, 0.25, 1.0, {top: (1, 1, 0.25, 1.0)}),
    work: (3, 3, 0.75, 0.75, {main: (3, 3, 0.75, 0.75)}),
}
with open("top.prof", "wb") as f:
    marshal.dump(stats, f)
PY
for args in "--sort cumulative" "--sort cumulative --callers" "--strip --sort name"; do
	# shellcheck disable=SC2086
	"$py" -c '
import pstats, sys
s = pstats.Stats("top.prof")
if "--strip" in sys.argv: s.strip_dirs()
s.sort_stats(sys.argv[sys.argv.index("--sort") + 1])
(s.print_callers if "--callers" in sys.argv else s.print_stats)()' $args > want.txt
	# shellcheck disable=SC2086
	"$PROFTOP" --print $args top.prof > got.txt 2>&1
	same_text "top level: --print $args lists what the profile module's caller called" want.txt got.txt
done
check "top level: the header names main" grep -qx '         main' got.txt
