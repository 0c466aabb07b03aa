#!/usr/bin/env bash
# :write FILE (W) in the table: the shown functions as a pstats dump that
# Python's pstats loads, or a callgrind file by name; atomic, no symlinks.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "ui write: no Python 3"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 LINES=24 COLUMNS=100 TERM=xterm
cp "$SRCDIR/data/sample.prof" in.prof
cat > keys <<'K'
:filter json
:write filtered.prof
:save-display after.txt
:write calls.callgrind
W
<Enter>
K
"$PROFTOP" --script keys in.prof > out 2>&1
check "ui write: the script runs" test $? -eq 0
check "ui write: the message says what was written" grep -q 'wrote [0-9]* functions to filtered.prof (pstats)' after.txt
"$PROFTOP" --print --filter json in.prof | "$py" -c '
import re, sys
print("\n".join(sorted(l.split(None, 5)[5].rstrip() for l in sys.stdin if re.match(r" +[0-9/]+ +[0-9.]+ ", l))))' > want
"$py" -c '
import pstats, sys
s = pstats.Stats(sys.argv[1])
print("\n".join(sorted(pstats.func_std_string(f) for f in s.stats)))' filtered.prof > got 2>&1
same_text "ui write: pstats loads the file, with exactly the shown functions" want got
check "ui write: a callgrind file by its name" grep -q '^events:' calls.callgrind
check "ui write: W proposes a name, Enter writes it" test -s proftop-profile.prof
ln -s precious.txt link.prof
echo precious > precious.txt
printf ':write link.prof\n:save-display refused.txt\n' > keys2
"$PROFTOP" --script keys2 in.prof > out 2>&1
check "ui write: a symlink is refused" grep -q 'symlink' refused.txt
check "ui write: its target is untouched" grep -qx precious precious.txt

# In a path mode, the dump written names the files as they are shown, and
# short paths' merged functions once: pstats reads back what --print
# --path shows (each function's name and figures).  Unique and short
# paths show the full profile's functions with their files cut now: the
# keys must be made for the writing.
rows() {   # --print's rows, then a written dump's, as "calls tottime cumtime name"
	"$py" -c '
import re, sys
print("\n".join(sorted(" ".join(l.split(None, 5)[i] for i in (0, 1, 3, 5)).rstrip()
	for l in sys.stdin if re.match(r" +[0-9/]+ +[0-9.]+ ", l))))'
}
for mode in unique short; do
	keys=$([ "$mode" = unique ] && echo p || printf 'p\np')
	printf '%s\n:write %s.prof\nq\n' "$keys" "$mode" >keys3
	"$PROFTOP" --script keys3 in.prof >out 2>&1
	"$PROFTOP" --print --path "$mode" in.prof | rows >want
	"$PROFTOP" --print "$mode.prof" | rows >got
	same_text "ui write: $mode paths: the written dump holds the functions as shown" want got
done
