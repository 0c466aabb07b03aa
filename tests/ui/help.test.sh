#!/usr/bin/env bash
# The help screen comes from the action table: every action's :command and
# default keys, and every column, are on it.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "ui help: no Python 3 to write the dump"
	exit 0
fi
cd "$TESTTMP"
"$py" "$SRCDIR/tests/ui/mkdump.py" table t.prof
printf '?\n:save-display help.txt\n' >help.keys
# tall enough for the whole help on one screen
TERM=xterm-256color COLUMNS=200 LINES=300 "$PROFTOP" --script help.keys t.prof
cp help.txt help.wide
# A(ID, "name", "keys" or NULL, ...) lines of the ACTIONS table
sed -n 's/^[[:space:]]*A([A-Z_]*, "\([^"]*\)", \(NULL\|"[^"]*"\),.*/\1 \2/p' \
	"$SRCDIR/include/proftop/keys.h" >actions
check "help: the action table was read" test "$(wc -l <actions)" -gt 10
missing=
set -f   # keys such as * are words, not globs
while read -r name keys; do
	line=$(grep -E "(^| ):$name( |$)" help.txt | head -1)
	if [ -z "$line" ]; then
		missing+=" :$name"
		continue
	fi
	keys=${keys//\"/}
	[ "$keys" = NULL ] && continue
	for k in $keys; do
		case " $line " in *" $k "*) ;; *) missing+=" $k(for $name)" ;; esac
	done
done <actions
set +f
check "help: every action with its keys${missing:+ (missing:$missing)}" test -z "$missing"
for col in ncalls tottime percall cumtime %tot %cum 'filename:lineno(function)'; do
	check "help: column $col" grep -qF -- "$col " help.txt
done

# At 80 columns the key and command columns are as wide as their entries,
# and a description too long for the line wraps under its own column: the
# wrapped lines joined again give the text the wide screen shows whole.
wide() { sed -E 's/^(:|[^:]*) +:/:/; s/^:([^ ]+( [^ ]+)?) +/\1\t/' "$1"; }
TERM=xterm-256color COLUMNS=80 LINES=300 "$PROFTOP" --script help.keys t.prof
mv help.txt narrow.txt
# (a line of no key starts at the command column; a wrapped one further right)
awk 'substr($0, 1, 20) == sprintf("%20s", "") { sub(/^ +/, ""); line = line " " $0; next }
	{ if (NR > 1) print line; line = $0 } END { print line }' narrow.txt > joined.txt
grep ' :' help.wide | wide /dev/stdin > want.txt
grep ' :' joined.txt | wide /dev/stdin > got.txt
same_text "help at 80 columns: every description whole, wrapped under its column" want.txt got.txt
check "help at 80 columns: no line wider than the screen" \
	awk 'length($0) > 80 { bad = 1 } END { exit bad }' narrow.txt
check "help at 80 columns: a long key list keeps a space before its command" \
	grep -Eq '^Backspace Esc h +:back ' narrow.txt
