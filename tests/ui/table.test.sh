#!/usr/bin/env bash
# Golden screens of the interactive table, driven headless by key scripts.
#
# Each tests/ui/cases/NAME.keys is a --script; its header comments choose the
# arguments ("# args: ..."), the size ("# size: COLSxLINES", default 80x24)
# and TERM ("# term: ...", default xterm-256color).  Every screen it saves
# with :save-display X must equal tests/ui/golden/NAME/X.
# UPDATE=1 rewrites the golden files (review the diff before committing).
. "$SRCDIR/tests/lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "ui golden screens: no Python 3 to write the dumps"
	exit 0
fi
export TZ=UTC LC_ALL=C.UTF-8
data=$TESTTMP/data
mkdir -p "$data"
"$py" "$SRCDIR/tests/ui/mkdump.py" table "$data/t.prof"
"$py" "$SRCDIR/tests/ui/mkdump.py" hostile "$data/h.prof"
# pstats' header shows the file's mtime: pin it
touch -d '2026-01-02 03:04:05' "$data/t.prof" "$data/h.prof"

header() {   # header FILE KEY DEFAULT
	local v
	v=$(sed -n "s/^# $2: //p" "$1" | head -1)
	echo "${v:-$3}"
}

for keys in "$SRCDIR"/tests/ui/cases/*.keys; do
	name=$(basename "$keys" .keys)
	dir=$TESTTMP/$name
	golden=$SRCDIR/tests/ui/golden/$name
	mkdir -p "$dir"
	cp "$data"/*.prof "$dir"/
	touch -d '2026-01-02 03:04:05' "$dir"/*.prof
	size=$(header "$keys" size 80x24)
	read -r -a args <<<"$(header "$keys" args t.prof)"
	if ! (cd "$dir" && TERM=$(header "$keys" term xterm-256color) COLUMNS=${size%x*} LINES=${size#*x} \
		"$PROFTOP" --script "$keys" "${args[@]}" >"$dir/stdout" 2>"$dir/stderr"); then
		fail "ui $name: proftop failed"
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
		[ -e "$want" ] || { fail "ui $name: no golden screens"; break; }
		same_text "ui $name $(basename "$want")" "$want" "$dir/$(basename "$want")"
	done
	for got in "$dir"/*; do
		[ -e "$golden/$(basename "$got")" ] || fail "ui $name: $(basename "$got") has no golden screen"
	done
done
