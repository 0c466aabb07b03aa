#!/usr/bin/env bash
# Golden screens of issue 10 in the UI: path modes, hidden functions, shares,
# the diff view and its edge deltas, driven headless by key scripts.
#
# Each tests/compare/cases/NAME.keys is a --script run in a directory holding
# t.prof (tests/ui/mkdump.py table), old.prof and new.prof (tests/diff/
# make_pair.py); "# args: ..." gives the arguments, "# size: COLSxLINES" the
# size (default 80x24).  Every screen saved with :save-display X must equal
# tests/compare/golden/NAME/X; other files the script writes (dot exports)
# are compared too.  UPDATE=1 rewrites the golden files (review the diff).
. "$SRCDIR/tests/lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "compare ui: no Python 3 to write the dumps"
	exit 0
fi
export TZ=UTC LC_ALL=C.UTF-8
data=$TESTTMP/data
mkdir -p "$data"
"$py" "$SRCDIR/tests/ui/mkdump.py" table "$data/t.prof"
"$py" "$SRCDIR/tests/diff/make_pair.py" "$data/old.prof" "$data/new.prof"

header() {   # header FILE KEY DEFAULT
	local v
	v=$(sed -n "s/^# $2: //p" "$1" | head -1)
	echo "${v:-$3}"
}

for keys in "$SRCDIR"/tests/compare/cases/*.keys; do
	name=$(basename "$keys" .keys)
	dir=$TESTTMP/$name
	golden=$SRCDIR/tests/compare/golden/$name
	mkdir -p "$dir"
	cp "$data"/*.prof "$dir"/
	# pstats' header shows the file's mtime: pin it
	touch -d '2026-01-02 03:04:05' "$dir"/*.prof
	size=$(header "$keys" size 80x24)
	read -r -a args <<<"$(header "$keys" args t.prof)"
	if ! (cd "$dir" && TERM=xterm-256color COLUMNS=${size%x*} LINES=${size#*x} \
		"$PROFTOP" --script "$keys" "${args[@]}" >"$dir/stdout" 2>"$dir/stderr"); then
		fail "compare ui $name: proftop failed"
		sed 's/^/    /' "$dir/stderr" | head -20
		continue
	fi
	rm -f "$dir"/*.prof "$dir/stdout" "$dir/stderr"
	if [ -n "${UPDATE:-}" ]; then
		rm -rf "$golden"
		mkdir -p "$golden"
		cp "$dir"/* "$golden"/
	fi
	for want in "$golden"/*; do
		[ -e "$want" ] || { fail "compare ui $name: no golden screens"; break; }
		same_text "compare ui $name $(basename "$want")" "$want" "$dir/$(basename "$want")"
	done
	for got in "$dir"/*; do
		[ -e "$golden/$(basename "$got")" ] || fail "compare ui $name: $(basename "$got") has no golden file"
	done
done
