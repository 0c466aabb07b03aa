#!/usr/bin/env bash
# The table at 200k functions (issue 15's wide shape): keys that redraw the
# screen, the path modes and a 2,000-character paste into the filter
# prompt cost little next to loading the dump.  CPU time (user + system,
# the least of two runs) the keys took themselves (--key-times), bounded by
# a multiple of what opening and quitting costs: the machine's speed
# cancels out.  (Loading got 2x faster since these bounds were set: the
# first p and the filter keystrokes have the room that leaves.)
# Before the column widths were kept between draws, 200 cursor moves and
# 100 search steps cost 2-5 times the load; the first p copied every edge
# (peak RSS +94%), the second too (+106%); 44 filter keystrokes cost 3
# times the load; a paste re-filtering per character would cost 80 times.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "ui scale: no Python 3 to write the dump"; exit 0; }
[ -x /usr/bin/time ] || { skip "ui scale: /usr/bin/time missing"; exit 0; }
cd "$TESTTMP" || exit 1
export TERM=xterm-256color COLUMNS=160 LINES=50
"$py" "$SRCDIR/bench/gen_synth.py" --shape wide 200000 big.prof >/dev/null ||
	{ fail "ui scale: dump made"; exit 0; }

# cpu_ms KEYS_FILE DUMP [RUNS]: the least CPU ms of RUNS (2) runs of the
# script; its peak RSS (KiB) in the file rss
cpu_ms() {
	local best="" i ms
	for i in $(seq "${3:-2}"); do
		/usr/bin/time -f '%U %S %M' -o cpu "$PROFTOP" --script "$1" "$2" >out 2>&1 ||
			{ echo -1; return; }
		ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' cpu)
		awk '{ print $3 }' cpu >rss
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	echo "$best"
}
# keys_cpu_ms KEYS_FILE DUMP: the least, over two runs, of the CPU ms the
# script's keys took themselves (--key-times' third column, all but q): the
# whole process's CPU less the load's swung by +-100 ms on a busy machine,
# more than some of these keys cost.  Its peak RSS (KiB) in the file rss.
keys_cpu_ms() {
	local best="" i ms
	for i in 1 2; do
		/usr/bin/time -f '%M' -o rss "$PROFTOP" --script "$1" --key-times times.txt "$2" >out 2>&1 ||
			{ echo -1; return; }
		ms=$(awk '$1 != "quit" { us += $3 } END { printf "%d", us / 1000 }' times.txt)
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	echo "$best"
}
# within NAME KEYS_FILE FACTOR: the script's keys cost at most FACTOR times
# the load
within() {
	local ms
	ms=$(keys_cpu_ms "$2" big.prof)
	check "ui scale: $1: ${ms} ms of CPU in its keys, at most x$3 the load (${load} ms)" \
		awk -v l="$load" -v f="$3" -v ms="$ms" 'BEGIN { exit !(ms >= 0 && ms <= l * f) }'
}

echo q >quit.keys
load=$(cpu_ms quit.keys big.prof)
load_rss=$(cat rss)
check "ui scale: the dump opens (${load} ms)" test "$load" -gt 0

# 200 moves and 100 search steps: each redraws a screen whose column widths
# come from every function.  Widths computed per draw cost 2-5 times the
# load; kept, 0.3-0.6 times it here (0.55 on a CI machine busy with other
# work, so the bound is 1: it still fails on widths computed per draw)
{
	for i in $(seq 200); do echo '<Down>'; done
	printf '%s\n' / function_1 '<Enter>'
	for i in $(seq 100); do echo n; done
	echo q
} >moves.keys
within "200 cursor moves and 100 search steps" moves.keys 1

# The first F (flame view) and the first Enter (detail view) build the
# callees index of the 2M edges, on both bench shapes: the key's own CPU
# time (--key-times), the least of three runs, at most a share of the
# load's (the least of three too: a busy machine slows both alike).
# It cost 35-45% of the load (the flame model 5%), its passes over the
# edges slowed by 4 KiB pages; it costs 4-10%.
"$py" "$SRCDIR/bench/gen_synth.py" --shape local 200000 local.prof >/dev/null ||
	fail "ui scale: local dump made"
printf '%s\n' F ':save-display flame.txt' q q >flame.keys
printf '%s\n' '<Enter>' ':save-display detail.txt' q q >enter.keys
first_max=0.35   # 0.07-0.22 seen on a busy machine; f057eab took 0.7 of today's load
sanitized && first_max=0.8
# key_cpu_ms KEYS_FILE DUMP ACTION: the least CPU ms of ACTION's first key in
# three runs
key_cpu_ms() {
	local best="" i us
	for i in 1 2 3; do
		"$PROFTOP" --script "$1" --key-times times.txt "$2" >/dev/null 2>&1 || { echo -1; return; }
		us=$(awk -v a="$3" '$1 == a { print $3; exit }' times.txt)
		[ -n "$us" ] || { echo -1; return; }
		if [ -z "$best" ] || [ "$us" -lt "$best" ]; then best=$us; fi
	done
	echo $((best / 1000))
}
# The first sort by a string key, typed, after other keys, or from the sort
# menu (s, then stdname, the 11th entry): the distinct files and names are
# sorted once and the functions by their ranks.  Building the 200k
# standard names first (20 MB) cost 28-44% of the load, a sort by name
# 17-20%; they cost 7-26% and 5-9%.  CI, other suites running beside it,
# once measured 42% (the least of three runs): the bound is 0.5, which
# still fails on a sort that builds the names and more.  A new machine,
# whose fresh pages the system zeroes slowly (two thirds of the whole run
# in perf), measured 14-15% for a sort by name: its bound is 0.25.
sort_max=0.5 name_max=0.25
sanitized && sort_max=0.6 name_max=0.3
printf '%s\n' ':sort stdname' ':save-display sorted.txt' q >stdname.keys
printf '%s\n' ':sort name' q >name.keys
printf '%s\n' '<Enter>' '<Esc>' ':sort stdname' q >later.keys
{
	printf '%s\n' s '<Home>'
	for i in $(seq 10); do echo '<Down>'; done
	printf '%s\n' '<Enter>' ':save-display menu.txt' q
} >menu.keys
# The same sort again, after another (the sort keys cycling through the
# columns pass it twice): every function's standard name key, and its
# file's and name's ranks, are kept; the repeat is radix passes only.  It
# cost as much as the first (0.85-1.0 of it); it costs 0.1-0.3 (about what
# a sort by time costs).
printf '%s\n' ':sort stdname' ':sort time' ':sort stdname' ':sort nfl' ':sort time' ':sort nfl' q \
	>again.keys
again_max=0.5
sanitized && again_max=0.8   # the redraw, not the sort, is most of a repeat there: 0.4-0.6 seen
# repeat_sort DUMP SHAPE: the least CPU us, in three runs, of the first and
# the second :sort stdname, then of the first and second :sort nfl
repeat_sort() {
	local best=() i j us
	for i in 1 2 3; do
		"$PROFTOP" --script again.keys --key-times times.txt "$1" >/dev/null 2>&1 || break
		for j in 1 3 4 6; do
			us=$(awk -v j="$j" '$1 == ":sort" && ++k == j { print $3 }' times.txt)
			[ -n "$us" ] || break 2
			if [ -z "${best[j]}" ] || [ "$us" -lt "${best[j]}" ]; then best[j]=$us; fi
		done
	done
	check "ui scale: $2: :sort stdname again: ${best[3]:-?} us of CPU, at most x$again_max the first (${best[1]:-?} us)" \
		awk -v a="${best[3]}" -v f="${best[1]}" -v m="$again_max" 'BEGIN { exit !(a != "" && f > 0 && a <= f * m) }'
	check "ui scale: $2: :sort nfl again: ${best[6]:-?} us of CPU, at most x$again_max the first (${best[4]:-?} us)" \
		awk -v a="${best[6]}" -v f="${best[4]}" -v m="$again_max" 'BEGIN { exit !(a != "" && f > 0 && a <= f * m) }'
}
# first_sorts DUMP SHAPE LOAD_MS
first_sorts() {
	local keys action max ms
	for keys in stdname name later menu; do
		action=$([ "$keys" = menu ] && echo enter || echo :sort)
		max=$([ "$keys" = name ] && echo "$name_max" || echo "$sort_max")
		ms=$(key_cpu_ms "$keys.keys" "$1" "$action")
		check "ui scale: $2: the first sort ($keys.keys): $ms ms of CPU, at most x$max the load ($3 ms)" \
			awk -v ms="$ms" -v l="$3" -v f="$max" 'BEGIN { exit !(ms >= 0 && l > 0 && ms <= l * f) }'
	done
	check "ui scale: $2: :sort stdname sorted by standard name" grep -q 'sort: standard name' sorted.txt
	check "ui scale: $2: the sort menu sorted by standard name" grep -q 'sort: standard name' menu.txt
	repeat_sort "$1" "$2"
}
for shape in wide local; do
	dump=$([ "$shape" = wide ] && echo big.prof || echo local.prof)
	[ -s "$dump" ] || continue
	dload=$(cpu_ms quit.keys "$dump" 3)
	for keys in flame enter; do
		what=$([ "$keys" = flame ] && echo "F (flame view)" || echo "Enter (detail view)")
		ms=$(key_cpu_ms "$keys.keys" "$dump" "$keys")
		check "ui scale: $shape: the first $what: $ms ms of CPU, at most x$first_max the load ($dload ms)" \
			awk -v ms="$ms" -v l="$dload" -v f="$first_max" 'BEGIN { exit !(ms >= 0 && l > 0 && ms <= l * f) }'
	done
	check "ui scale: $shape: the flame view drawn" grep -q 'estimated | pstats' flame.txt
	check "ui scale: $shape: the detail view has the callees" grep -q '^Called ([1-9]' detail.txt
	first_sorts "$dump" "$shape" "$dload"
done
# Path modes, on both bench shapes: each p's own CPU time (--key-times),
# the least of three runs, at most a share of the load's: p (unique tails),
# p p (short paths), p p p (full again), and the same after a sort by name.
# Each mode was a renamed copy of the profile (a new key per function in
# the names, the stats copied, then sorted again): the first p cost 0.6-1.0
# times the load, the second 0.4-0.7; after a sort by name 1.2-1.6 and
# 0.5-0.75.  They show the full profile's functions with each file's tail
# or base name (the names' forms cut, not made again): 0.03-0.2 and
# 0.2-0.45; after a sort by name 0.15-0.3 and 0.25-0.45.  Short paths
# grouped every function by its base name through a table (0.19-0.3); now
# each file once, and only the functions of a base name that several files
# share (0.05-0.17), the rows sorted again only if some merged.
first_path_max=0.35 path_max=0.7 first_name_max=0.6 name_max=1.0 short_max=0.22
sanitized && first_path_max=0.7 path_max=1.4 first_name_max=1.2 name_max=2 short_max=0.44
printf '%s\n' p p p q >ppp.keys
printf '%s\n' ':sort stdname' p p p q >sort-ppp.keys
# path_cpu_ms KEYS_FILE DUMP: per p key in order, the least CPU ms of three
# runs, one line each
path_cpu_ms() {
	local i
	for i in 1 2 3; do
		"$PROFTOP" --script "$1" --key-times times.txt "$2" >/dev/null 2>&1 || return
		awk '$1 == "path" { print $3 }' times.txt >"run$i"
	done
	paste run1 run2 run3 | awk '{ m = $1; if ($2 < m) m = $2; if ($3 < m) m = $3; print int(m / 1000) }'
}
for shape in wide local; do
	dump=$([ "$shape" = wide ] && echo big.prof || echo local.prof)
	[ -s "$dump" ] || continue
	dload=$(cpu_ms quit.keys "$dump" 3)
	for keys in ppp sort-ppp; do
		if [ "$keys" = ppp ]; then
			what="p, p p, p p p" first=$first_path_max max=$path_max short=$short_max
		else
			what="p, p p, p p p after :sort stdname" first=$first_name_max max=$name_max short=$name_max
		fi
		ms=$(path_cpu_ms "$keys.keys" "$dump" | tr '\n' ' ')
		check "ui scale: $shape: $what: ${ms}ms of CPU each, the first at most x$first the load ($dload ms), the second x$short, the third x$max" \
			awk -v ms="$ms" -v l="$dload" -v f1="$first" -v f2="$short" -v f="$max" \
			'BEGIN { n = split(ms, a, " "); if (n != 3 || l <= 0 || a[1] > l * f1 || a[2] > l * f2 || a[3] > l * f) exit 1 }'
	done
done

# Memory: p and p p cost at most 25% more than the load (peak RSS), on
# both shapes.  The copies cost +29-32% and +45-49%: unique tails cost
# +0-2% now, short paths their stats (+14%, with the map, the base names
# and the tables that group the functions).
# (not under ASan: its quarantine keeps freed blocks resident, and how
# much the load leaves there moves the ratio)
printf '%s\n' p ':save-display unique.txt' q >path.keys
printf '%s\n' p p ':save-display short.txt' q >short.keys
for shape in wide local; do
	dump=$([ "$shape" = wide ] && echo big.prof || echo local.prof)
	[ -s "$dump" ] || continue
	cpu_ms quit.keys "$dump" >/dev/null
	qrss=$(cat rss)
	for keys in path short; do
		what=$([ "$keys" = path ] && echo p || echo "p p")
		cpu_ms "$keys.keys" "$dump" >/dev/null
		if sanitized; then
			skip "ui scale: $shape: $what's memory under a sanitizer"
		else
			check "ui scale: $shape: $what costs at most 25% more memory ($qrss -> $(cat rss) KiB)" \
				test "$(cat rss)" -le $((qrss * 125 / 100))
		fi
	done
done
check "ui scale: p shows unique tails" grep -q '^ .* module_[0-9]*\.py:[0-9]*(' unique.txt
check "ui scale: p p shows short paths" grep -q 'paths: short' short.txt
rm -f local.prof

printf '%s\n' p '<Enter>' ':save-display unique-detail.txt' q q >path-enter.keys
"$PROFTOP" --script path-enter.keys big.prof >/dev/null 2>&1
check "ui scale: the detail view after p has the callees" grep -q '^Called ([1-9]' unique-detail.txt
printf '%s\n' p p '<Down>' '<Enter>' ':save-display short-detail.txt' q q >short-enter.keys
"$PROFTOP" --script short-enter.keys big.prof >/dev/null 2>&1
check "ui scale: the detail view after p p has the callers" grep -q '^Called by ([1-9]' short-detail.txt

# A filter typed key by key, then erased: each key runs the regex over
# every name and reads nothing else per function (summing the visible
# functions' time fetched each one's stats at random: four times the regex)
{
	echo f
	for i in 1 2; do
		echo function_19
		for j in $(seq 11); do echo '<Backspace>'; done
	done
	printf '%s\n' '<Enter>' q
} >typed.keys
typed_factor=4
sanitized && typed_factor=8
within "44 filter keystrokes" typed.keys "$typed_factor"

# A 2,000-character paste into the filter prompt: one re-filter at its end
paste=$("$py" -c 'print(("function_1" * 200)[:2000])')
printf 'f\n<Paste>%s\n<Enter>\n:save-display pasted.txt\nq\n' "$paste" >paste.keys
within "a 2,000-character paste into f" paste.keys 1
check "ui scale: the pasted filter is in force" grep -q 'filter: function_1function_1' pasted.txt

# The same filter as typing it key by key (on a small dump: typed, each key
# filters the 200k functions again)
"$py" "$SRCDIR/tests/ui/mkdump.py" table small.prof
touch -d '2026-01-02 03:04:05' small.prof
printf 'f\n<Paste>%s\n<Enter>\n:save-display small-pasted.txt\nq\n' "$paste" >p.keys
printf 'f\n%s\n<Enter>\n:save-display small-typed.txt\nq\n' "$paste" >t.keys
"$PROFTOP" --script p.keys small.prof >/dev/null 2>&1
"$PROFTOP" --script t.keys small.prof >/dev/null 2>&1
check "ui scale: a paste leaves the filter typing leaves" \
	cmp -s small-pasted.txt small-typed.txt
