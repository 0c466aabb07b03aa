#!/usr/bin/env bash
# `proftop --print` against each Python's own pstats, byte for byte.
#
# For every interpreter found (tests/lib.sh `pythons`), tests/data/gen_dumps.py
# makes cProfile and profile dumps at every marshal version it writes, then
# tests/data/oracle.py prints what that interpreter's pstats says for each
# job below, and proftop must print the same bytes.  Every sort key on one
# dump per interpreter; the other options on a few; every marshal version
# with the default report.  Python 2.7's pstats text differs in form (print
# statement spacing), so there the totals and per-function numbers are
# compared instead (tests/data/py2_numbers.py).
. "$(dirname "$0")/../lib.sh"

gen=$SRCDIR/tests/data/gen_dumps.py
oracle=$SRCDIR/tests/data/oracle.py

# The pstats sort words of Python 3.7+, some unique prefixes, and lists.
sort_words="calls ncalls cumtime cumulative file filename line module name nfl
pcalls stdname time tottime cu fil f nf pc st tot ti l m ca nc time,name
calls,cumulative,filename pcalls,line,stdname name,nfl"

# job NAME ARG...: one line of the jobs file (tab separated).
job() {
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$jobs"
}

make_jobs() {
	local d=$1 max=$2 k v
	local c=$d/cprofile-v$max.prof p=$d/profile-v$max.prof
	local cb=$d/cprofile-b.prof pb=$d/profile-b.prof
	for k in $sort_words; do
		job "sort-$k" --sort "$k" "$c"
	done
	job "default" "$c"
	job "reverse-time" --sort time --reverse "$c"
	job "reverse-nfl" --sort nfl --reverse "$p"
	job "strip" --strip "$c"
	job "strip-sort-file" --strip --sort filename "$c"
	job "strip-profile" --strip --sort cumulative "$p"
	job "filter-fact" --sort calls --filter fact "$c"
	job "filter-space" --filter "work load" --sort stdname "$c"
	job "filter-none" --filter "no_such_function_xyz" "$c"
	job "filter-invalid" --sort time --filter "(" "$c"
	job "filter-unicode" --sort name --filter "na.ve" "$c"
	job "limit-10" --sort cumulative --limit 10 "$c"
	job "limit-0" --sort cumulative --limit 0 "$c"
	job "limit-big" --limit 100000 "$c"
	job "limit-frac" --sort time --limit 0.25 "$c"
	job "limit-frac-1" --sort time --limit 1.0 "$c"
	job "interleaved" --sort calls --filter "work" --limit 0.5 --filter "is_|fact" --limit 3 "$c"
	job "interleaved-2" --sort name --limit 20 --filter "<" "$c"
	job "interleaved-std" --sort stdname --filter "work" --limit 0.5 --filter "e" --limit 7 "$c"
	job "callers-std-limit" --callers --sort stdname --limit 12 "$c"
	job "filter-escape" --filter '\(f' "$c"
	job "filter-anchor" --sort name --filter 'fact\)$' "$c"
	job "filter-alternation" --filter '[ie]s_(even|odd)' "$c"
	job "filter-caseless" --filter '(?i)FACT' "$c"
	job "filter-lookahead" --sort stdname --filter 'work(?! load)' "$c"
	job "filter-quote-invalid" --filter "it's(" "$c"
	job "filter-both-quotes" --filter "it's \"x\"" "$c"
	job "limit-float-5" --limit 5.0 "$c"
	job "limit-negative" --sort calls --limit -1 "$c"
	job "limit-frac-0" --sort calls --limit 0.0 "$c"
	job "limit-exponent" --sort calls --limit 1e-1 "$c"
	job "limit-tiny" --sort calls --limit 0.001 "$c"
	job "callers" --callers "$c"
	job "callers-sort" --sort cumulative --callers --filter "is_" "$c"
	job "callees" --sort name --callees "$c"
	job "callees-limit" --callees --limit 5 "$c"
	job "callers-callees" --sort time --callers --callees --limit 4 "$c"
	job "callers-strip" --strip --callers "$c"
	job "profile-default" "$p"
	job "profile-callers" --callers --sort name "$p"
	job "profile-callees" --callees --filter "work" "$p"
	job "merge-2" "$c" "$cb"
	job "merge-3" --sort cumulative "$d/cprofile-v0.prof" "$cb" "$c"
	job "merge-3-callers" --callers --sort stdname "$cb" "$d/cprofile-v0.prof" "$c"
	job "merge-profile" --sort calls "$p" "$pb"
	job "merge-profile-callers" --callers --sort stdname "$pb" "$p"
	job "merge-strip" --strip --sort stdname --callees "$c" "$cb"
	job "merge-same-twice" --sort stdname "$c" "$c"
	job "multi-key-reverse" --sort calls,name --reverse "$c"
	job "repeated-key" --sort time,time,line "$c"
	if [ -e "$d/edge-v$max.prof" ]; then
		local e=$d/edge-v$max.prof e0=$d/edge-v0.prof
		job "edge-default" "$e"
		job "edge-callers" --callers "$e"
		job "edge-callees" --callees --sort stdname "$e"
		job "edge-strip" --strip --sort stdname "$e"
		job "edge-nfl" --sort nfl "$e"
		job "edge-calls" --sort calls,pcalls "$e"
		job "edge-line-limit" --sort line --limit 0.5 "$e"
		job "edge-filter-unicode" --filter "名前" "$e"
		job "edge-v0" --sort stdname "$e0"
		job "edge-v0-callers" --callers --sort stdname "$e0"
		job "edge-merge" --sort stdname "$e" "$e0"
		job "filter-unicode-dot" --sort stdname --filter "計." "$c"
	job "filter-unicode-word" --filter '\w+_gr\w+e' "$c"
	job "filter-unicode-caseless" --filter '(?i)NAÏVE' "$c"
	fi
	for ((v = 0; v <= max; v++)); do
		job "cprofile-v$v" --sort stdname "$d/cprofile-v$v.prof"
		job "profile-v$v" --sort stdname "$d/profile-v$v.prof"
		job "cprofile-v$v-callees" --callees --sort stdname "$d/cprofile-v$v.prof"
		job "profile-v$v-callers" --callers --sort stdname "$d/profile-v$v.prof"
	done
}

# compare TAG NAME ARG...: proftop --print ARG... against $expected/NAME.
compare() {
	local tag=$1 name=$2
	shift 2
	if [ -e "$expected/$name.skip" ]; then
		skip "$tag $name: $(cat "$expected/$name.skip")"
		return
	fi
	if [ ! -e "$expected/$name.out" ]; then
		fail "$tag $name: the oracle wrote nothing"
		return
	fi
	"$PROFTOP" --print "$@" >"$actual/$name.out" 2>"$actual/$name.err"
	local rc=$?
	if [ $rc -ne 0 ]; then
		fail "$tag $name: proftop exited $rc"
		sed 's/^/    /' "$actual/$name.err" | head -5
		return
	fi
	same_text "$tag $name" "$expected/$name.out" "$actual/$name.out"
}

# dumps_of ARG...: the dumps a job reads, as "cprofile-v4+cprofile-b".
dumps_of() {
	local a out=""
	for a in "$@"; do
		case "$a" in *.prof) a=${a##*/}; out+=${out:++}${a%.prof} ;; esac
	done
	echo "$out"
}

run_jobs() {
	local tag=$1 name args
	while IFS= read -r line; do
		name=${line%%$'\t'*}
		IFS=$'\t' read -r -a args <<<"${line#*$'\t'}"
		compare "$tag $(dumps_of "${args[@]}")" "$name" "${args[@]}"
	done <"$jobs"
}

# Python 2.7's pstats prints with the print statement (no space after a bare
# arrow) and lists dicts in hash order, which no reader can reproduce.  So:
# trailing blanks are dropped, and unless the job sorts by stdname (a total
# order) the lines are compared as sorted sets.
py2_normalize() {
	local ordered=$1 file=$2
	if [ "$ordered" = 1 ]; then
		sed 's/[[:space:]]*$//' "$file"
	else
		sed 's/[[:space:]]*$//' "$file" | LC_ALL=C sort
	fi
}

run_py2_jobs() {
	local tag=$1 name args ordered
	while IFS= read -r line; do
		name=${line%%$'\t'*}
		IFS=$'\t' read -r -a args <<<"${line#*$'\t'}"
		ordered=0
		case "$line" in *$'\t'--sort$'\t'stdname$'\t'*) ordered=1 ;; esac
		if [ -e "$expected/$name.skip" ]; then
			skip "$tag $name: $(cat "$expected/$name.skip")"
			continue
		fi
		case "$ordered$line" in 0*$'\t'--limit$'\t'*)
			skip "$tag $name: Python 2's dict order decides which lines a limit keeps"
			continue ;;
		esac
		if ! "$PROFTOP" --print "${args[@]}" >"$actual/$name.raw" 2>"$actual/$name.err"; then
			fail "$tag $name: proftop failed"
			sed 's/^/    /' "$actual/$name.err" | head -5
			continue
		fi
		py2_normalize $ordered "$expected/$name.out" >"$expected/$name.norm"
		py2_normalize $ordered "$actual/$name.raw" >"$actual/$name.norm"
		same_text "$tag $(dumps_of "${args[@]}") $name (normalized)" "$expected/$name.norm" "$actual/$name.norm"
	done <"$jobs"
}

# proftop_numbers FILE...: the totals and per-function numbers of proftop's
# report in tests/data/py2_numbers.py's form (fixed pstats columns).
proftop_numbers() {
	"$PROFTOP" --print --sort stdname "$@" | awk '
		/ function calls / && !seen {
			seen = 1
			if ($4 ~ /^\(/) printf "TOTALS %s %s %s\n", $1, substr($4, 2), $8
			else printf "TOTALS %s %s %s\n", $1, $1, $5
		}
		table && $0 == "" { table = 0 }
		table {
			nc = substr($0, 1, 9); gsub(/ /, "", nc)
			printf "%s %s %s %s\n", nc, substr($0, 11, 8) + 0 == 0 ? "0.000" : sprintf("%.3f", substr($0, 11, 8)),
				sprintf("%.3f", substr($0, 29, 8)), substr($0, 47)
		}
		/^   ncalls  tottime/ { table = 1 }'
}

# The totals and numbers of each Python 2 dump (and merges) against pstats.
py2_numbers() {
	local py=$1 tag=$2 d=$3 max=$4 v set name
	local sets=()
	for ((v = 0; v <= max; v++)); do
		sets+=("cprofile-v$v" "profile-v$v")
	done
	sets+=("cprofile-v$max cprofile-b" "profile-b profile-v0 profile-v$max")
	for set in "${sets[@]}"; do
		local files=()
		for name in $set; do files+=("$d/$name.prof"); done
		name="numbers ${set// /+}"
		"$py" "$SRCDIR/tests/data/py2_numbers.py" "${files[@]}" | LC_ALL=C sort >"$expected/num.out"
		proftop_numbers "${files[@]}" | LC_ALL=C sort >"$actual/num.out"
		same_text "$tag $name" "$expected/num.out" "$actual/num.out"
	done
}

found=0
while read -r py; do
	ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
	max=$("$py" -c 'import marshal; print(marshal.version)')
	found=1
	tag=py$ver
	[ "$py" = /usr/bin/python3 ] && tag=py$ver-debian
	d=$TESTTMP/$tag
	mkdir -p "$d/dumps" "$d/expected" "$d/actual"
	if ! "$py" "$gen" "$d/dumps" >"$d/gen.log" 2>&1; then
		fail "$tag: gen_dumps.py failed"
		sed 's/^/    /' "$d/gen.log" | tail -5
		continue
	fi
	if [ "${ver%%.*}" = 3 ]; then
		"$py" "$SRCDIR/tests/data/gen_edge.py" "$d/dumps/edge-v$max.prof" &&
			"$py" "$SRCDIR/tests/data/gen_edge.py" "$d/dumps/edge-v0.prof" 0 ||
			fail "$tag: gen_edge.py failed"
	fi
	jobs=$d/jobs expected=$d/expected actual=$d/actual
	: >"$jobs"
	make_jobs "$d/dumps" "$max"
	if ! "$py" "$oracle" "$jobs" "$expected" >"$d/oracle.log" 2>&1; then
		fail "$tag: the pstats oracle failed"
		sed 's/^/    /' "$d/oracle.log" | tail -5
		continue
	fi
	if [ "${ver%%.*}" = 2 ]; then
		run_py2_jobs "$tag"
		py2_numbers "$py" "$tag" "$d/dumps" "$max"
	else
		run_jobs "$tag"
	fi
done < <(pythons)
[ "$found" = 1 ] || skip "oracle: no Python interpreter found"

# Dumps of different Python 3 versions merged, against the newest pstats.
py3=$(newest_python3)
cross=()
for d in "$TESTTMP"/py3.*/dumps; do
	[ -e "$d/cprofile-v0.prof" ] && cross+=("$d")
done
if [ -z "$py3" ] || [ ${#cross[@]} -lt 2 ]; then
	skip "cross-version merges: fewer than two Python 3 versions"
else
	d=$TESTTMP/cross
	mkdir -p "$d/expected" "$d/actual"
	jobs=$d/jobs expected=$d/expected actual=$d/actual
	: >"$jobs"
	first=${cross[0]} last=${cross[${#cross[@]}-1]}
	job "cross-cprofile" --sort stdname "$first/cprofile-v4.prof" "$last/cprofile-v4.prof"
	job "cross-all-v0" --sort cumulative,name --limit 30 "${cross[@]/%//cprofile-v0.prof}"
	job "cross-profile-callers" --callers --sort stdname "$first/profile-v3.prof" "$last/profile-v2.prof"
	job "cross-strip-callees" --strip --callees --sort name "$last/cprofile-b.prof" "$first/cprofile-b.prof"
	if "$py3" "$oracle" "$jobs" "$expected" >"$d/oracle.log" 2>&1; then
		run_jobs "cross"
	else
		fail "cross: the pstats oracle failed"
		sed 's/^/    /' "$d/oracle.log" | tail -5
	fi
fi

# A dump of 20,000 functions, times in whole milliseconds (ties), against
# the newest Python 3: a report's first lines come from a partial sort there.
if [ -z "$py3" ]; then
	skip "many functions: no Python 3 found"
else
	d=$TESTTMP/many
	mkdir -p "$d/expected" "$d/actual"
	"$py3" - "$d/many.prof" <<'PY'
import marshal, random, sys
rnd = random.Random(7)
st = {}
for i in range(20000):
    key = ("/srv/app/mod%d.py" % (i % 300), i, "f%d" % rnd.randrange(5000))
    nc = rnd.randrange(1, 3000)
    tt = rnd.randrange(0, 2000) / 1000.0
    st[key] = (nc - rnd.randrange(0, 2), nc, tt, tt + rnd.randrange(0, 3000) / 1000.0, {})
with open(sys.argv[1], "wb") as f:
    marshal.dump(st, f)
PY
	jobs=$d/jobs expected=$d/expected actual=$d/actual
	: >"$jobs"
	m=$d/many.prof
	job "cumulative-40" --sort cumulative --limit 40 "$m"
	job "time-1250" --sort time --limit 1250 "$m"
	job "calls-frac" --sort calls --limit 0.01 "$m"
	job "pcalls-3-filter" --sort pcalls --limit 3 --filter 'mod1' "$m"
	job "line-5" --sort line --limit 5 "$m"
	job "cumulative-reverse" --sort cumulative --reverse --limit 40 "$m"
	job "filter-first" --sort time --filter 'mod2' --limit 10 "$m"
	job "callers-cumulative" --callers --sort cumulative --limit 10 "$m"
	job "two-keys" --sort time,name --limit 20 "$m"
	if "$py3" "$oracle" "$jobs" "$expected" >"$d/oracle.log" 2>&1; then
		run_jobs "many"
	else
		fail "many: the pstats oracle failed"
		sed 's/^/    /' "$d/oracle.log" | tail -5
	fi
fi

# The bundled sample, against the newest Python 3.
sample=$SRCDIR/data/sample.prof
if [ -z "$py3" ]; then
	skip "sample: no Python 3 found"
elif [ ! -e "$sample" ]; then
	fail "sample: $sample is missing"
else
	d=$TESTTMP/sample
	mkdir -p "$d/expected" "$d/actual"
	jobs=$d/jobs expected=$d/expected actual=$d/actual
	: >"$jobs"
	job "default" "$sample"
	job "sort-cumulative" --sort cumulative "$sample"
	job "sort-time-limit" --sort tottime --limit 20 "$sample"
	job "strip-calls" --strip --sort calls,name "$sample"
	job "callers" --callers --sort cumulative --limit 15 "$sample"
	job "callees" --callees --strip --sort time --filter "app" "$sample"
	# marshal.load reads one object: pstats ignores bytes after the dict.
	cat "$sample" >"$d/trailing.prof" && printf 'trailing bytes' >>"$d/trailing.prof"
	job "trailing-bytes" --sort calls --limit 10 "$d/trailing.prof"
	if "$py3" "$oracle" "$jobs" "$expected" >"$d/oracle.log" 2>&1; then
		run_jobs "sample"
	else
		fail "sample: the pstats oracle failed"
		sed 's/^/    /' "$d/oracle.log" | tail -5
	fi
fi
