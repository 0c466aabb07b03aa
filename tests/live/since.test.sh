#!/usr/bin/env bash
# --print --since OLD NEW (NEW minus OLD, live mode's baseline arithmetic) and
# --print --watch DIR (live mode's merged directory) against Python's pstats
# printing the dict computed in Python.
. "$(dirname "$0")/../lib.sh"
here=$SRCDIR/tests/live

py3=$(newest_python3)
if [ -z "$py3" ]; then
	skip "since: no Python 3 interpreter found"
	exit 0
fi
# Only a Python with ordered dicts and today's pstats text is an oracle for
# the dict order and the empty call lines (Python 2 prints "<-" bare).
pys=$py3

for py in $pys; do
	v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	d=$TESTTMP/py$v
	mkdir -p "$d"
	if ! (cd "$d" && "$py" "$here/workload.py" "$d") 2>"$d/err"; then
		fail "since py$v: workload ran"
		sed 's/^/    /' "$d/err"
		continue
	fi
	# The oracle runs under the same Python that wrote the dumps: pstats'
	# text differs between versions.
	for pair in a:b b:c a:c; do
		old=$d/${pair%:*}.prof new=$d/${pair#*:}.prof
		for what in stats callers callees; do
			for sort in cumulative time "calls name" stdname; do
				flag=
				[ "$what" = stats ] || flag=--$what
				"$py" "$here/since_oracle.py" "$old" "$new" "$what" $sort >"$d/want" 2>"$d/err" || { fail "since py$v $pair $what: oracle"; continue; }
				"$PROFTOP" --print $flag --sort "${sort// /,}" --since "$old" "$new" >"$d/got" 2>&1
				same_text "since py$v $pair $what sort=$sort" "$d/want" "$d/got"
			done
		done
	done
	# live mode's first snapshot with --since: the same numbers
	"$py" "$here/since_oracle.py" "$d/a.prof" "$d/b.prof" stats cumulative >"$d/want"
	"$PROFTOP" --print --sort cumulative --since "$d/a.prof" --watch "$d/b.prof" >"$d/got" 2>&1
	same_text "since py$v: --watch FILE --since OLD" "$d/want" "$d/got"
	# nothing new: an empty report, not an error
	"$PROFTOP" --print --since "$d/c.prof" "$d/c.prof" >"$d/got" 2>&1
	check "since py$v: same dump twice gives 0 calls" grep -q ' 0 function calls in 0.000 seconds' "$d/got"

	files=$(cd "$d/dir" && ls *.prof | LC_ALL=C sort | sed "s|^|$d/dir/|")
	for sort in none cumulative; do
		# shellcheck disable=SC2086
		(cd "$d/dir" && "$py" "$here/merge_oracle.py" $sort $files) >"$d/want"
		args=()
		[ "$sort" = none ] || args=(--sort "$sort")
		"$PROFTOP" --print "${args[@]}" --watch "$d/dir" >"$d/got" 2>&1
		same_text "watch dir py$v: merged like pstats.add, sort=$sort" "$d/want" "$d/got"
	done
	"$PROFTOP" --print --watch "$d/dir" --glob '*.1001.prof' >"$d/got" 2>&1
	(cd "$d/dir" && "$py" "$here/merge_oracle.py" none "$d/dir/GET.root.2ms.1001.prof") >"$d/want"
	same_text "watch dir py$v: --glob picks the files" "$d/want" "$d/got"
done

# errors are reported, not crashed on
if "$PROFTOP" --print --since "$TESTTMP/missing.prof" "$d/b.prof" >/dev/null 2>"$TESTTMP/err"; then
	fail "since: a missing OLD is an error"
else
	check "since: a missing OLD is an error" grep -q 'missing.prof' "$TESTTMP/err"
fi
mkdir -p "$TESTTMP/empty"
"$PROFTOP" --print --watch "$TESTTMP/empty" >/dev/null 2>"$TESTTMP/err"
check "watch dir: no dump is exit status 2" test $? -eq 2
"$PROFTOP" --print --watch "$TESTTMP/nothing.prof" >/dev/null 2>"$TESTTMP/err"
check "watch file: a missing file is exit status 2" test $? -eq 2
"$PROFTOP" --watch "$d/b.prof" "$d/c.prof" >/dev/null 2>&1
check "watch: an extra FILE is a usage error" test $? -eq 1
"$PROFTOP" --watch "$d/b.prof" --interval 0 >/dev/null 2>&1
check "watch: --interval 0 is a usage error" test $? -eq 1
