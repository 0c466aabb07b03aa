#!/usr/bin/env bash
# `python -m profile -o OUT script.py` names the run by its code object, whose
# layout changed across CPython versions; pstats shows its repr (with an
# address that changes every run), proftop the same without the address.
. "$(dirname "$0")/../lib.sh"
cat > "$TESTTMP/script.py" <<'PY'
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def main():
    for i in range(20):
        fib(8)
        sorted(range(30), key=lambda x: -x)
main()
PY
n=0
while read -r py; do
	v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
	for prof in profile cProfile; do
		d=$TESTTMP/$v-$prof.prof
		(cd "$TESTTMP" && "$py" -m "$prof" -o "$d" script.py) >/dev/null 2>&1 ||
			{ fail "script: python $v -m $prof could not make a dump"; continue; }
		for sort in cumulative stdname; do
			"$py" -c "import pstats, sys; pstats.Stats(sys.argv[1]).sort_stats(sys.argv[2]).print_stats()" "$d" "$sort" |
				sed -E 's/ at 0x[0-9a-fA-F]+,/,/' > "$TESTTMP/want"
			"$PROFTOP" --print --sort "$sort" "$d" > "$TESTTMP/got" 2>&1
			case $v in
			2.*)	# Python 2's pstats pads differently: compare the lines' words
				sed -E 's/ +$//' "$TESTTMP/want" | LC_ALL=C sort > "$TESTTMP/want2"
				sed -E 's/ +$//' "$TESTTMP/got" | LC_ALL=C sort > "$TESTTMP/got2"
				same_text "script: python $v -m $prof, --sort $sort (lines)" "$TESTTMP/want2" "$TESTTMP/got2" ;;
			*)	same_text "script: python $v -m $prof, --sort $sort" "$TESTTMP/want" "$TESTTMP/got" ;;
			esac
		done
		n=$((n + 1))
	done
done < <(pythons)
[ "$n" -gt 0 ] || skip "script: no Python found"
