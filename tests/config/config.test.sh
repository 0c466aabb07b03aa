#!/usr/bin/env bash
# The YAML configuration through the real binary: every bad file in bad/
# gives exactly the "FILE:LINE:COL: message" its first line announces
# ("# error: LINE:COL: message"); every good file in good/ loads, its dump
# holds the lines it announces ("# expect: LINE") and the dump loads back
# unchanged; data/proftop.yaml is what --dump-config prints; the search
# order (--config, $PROFTOP_CONFIG, $XDG_CONFIG_HOME, ~/.config); where an
# error stops proftop and where it only warns; dot defaults from the file.
. "$(dirname "$0")/../lib.sh"
here=$SRCDIR/tests/config
cd "$TESTTMP" || exit 1
# No user configuration leaks in.
export HOME=$TESTTMP/home XDG_CONFIG_HOME=
unset PROFTOP_CONFIG
mkdir -p "$HOME"

"$PROFTOP" --no-config --dump-config > defaults.yaml
check "config: --dump-config of the defaults" test -s defaults.yaml

# Bad files: exit status 1, and exactly the announced message.
for f in "$here"/bad/*.yaml; do
	name=$(basename "$f")
	want=$(head -n 1 "$f" | sed -n 's/^# error: //p')
	if [ -z "$want" ]; then
		fail "config: bad/$name announces its error on line 1"
		continue
	fi
	got=$(cd "$here/bad" && "$PROFTOP" --config "$name" --dump-config 2>&1 >/dev/null)
	status=$?
	if [ "$status" -eq 1 ] && [ "$got" = "proftop: $name:$want" ]; then
		pass "config: bad/$name"
	else
		fail "config: bad/$name"
		echo "    want (status 1): proftop: $name:$want"
		echo "    got (status $status): $got"
	fi
done

# Good files: announced lines in the dump, and the dump's round trip.
for f in "$here"/good/*.yaml; do
	name=$(basename "$f" .yaml)
	if ! "$PROFTOP" --config "$f" --dump-config > "$name.dump" 2> "$name.err"; then
		fail "config: good/$name.yaml loads"
		sed 's/^/    /' "$name.err"
		continue
	fi
	pass "config: good/$name.yaml loads"
	missing=0
	while IFS= read -r line; do
		grep -qxF -- "$line" "$name.dump" || { echo "    not in the dump: $line"; missing=1; }
	done < <(sed -n 's/^# expect: //p' "$f")
	check "config: good/$name.yaml gives what it expects" test "$missing" -eq 0
	"$PROFTOP" --config "$name.dump" --dump-config > "$name.again" 2>&1
	same_text "config: good/$name.yaml round trip through --dump-config" "$name.dump" "$name.again"
done
same_text "config: comments only give the defaults" defaults.yaml empty.dump

# data/proftop.yaml is the commented defaults, and loads to them.
same_text "config: data/proftop.yaml is --no-config --dump-config (regenerate: make update-defaults)" \
	defaults.yaml "$SRCDIR/data/proftop.yaml"
"$PROFTOP" --config "$SRCDIR/data/proftop.yaml" --dump-config > data.dump 2>&1
same_text "config: loading data/proftop.yaml gives the defaults" defaults.yaml data.dump

# Where the file is looked for.
printf 'sort: calls\n' > env.yaml
printf 'sort: time\n' > explicit.yaml
mkdir -p xdg/proftop "$HOME/.config/proftop"
printf 'sort: name\n' > xdg/proftop/config.yaml
printf 'sort: line\n' > "$HOME/.config/proftop/config.yaml"
sort_of() { "$@" --dump-config 2>&1 | sed -n 's/^sort: //p'; }
check "config: ~/.config/proftop/config.yaml" test "$(sort_of "$PROFTOP")" = line
check "config: \$XDG_CONFIG_HOME first" \
	test "$(XDG_CONFIG_HOME=$TESTTMP/xdg sort_of "$PROFTOP")" = name
check "config: a relative \$XDG_CONFIG_HOME is ignored" \
	test "$(XDG_CONFIG_HOME=xdg sort_of "$PROFTOP")" = line
check "config: \$PROFTOP_CONFIG before XDG" \
	test "$(PROFTOP_CONFIG=env.yaml XDG_CONFIG_HOME=$TESTTMP/xdg sort_of "$PROFTOP")" = calls
check "config: --config before \$PROFTOP_CONFIG" \
	test "$(PROFTOP_CONFIG=env.yaml sort_of "$PROFTOP" --config explicit.yaml)" = time
check "config: --no-config reads nothing" \
	test "$(PROFTOP_CONFIG=env.yaml sort_of "$PROFTOP" --no-config)" = cumulative
rm "$HOME/.config/proftop/config.yaml"
check "config: no file at the XDG path is the defaults" test "$(sort_of "$PROFTOP")" = cumulative
out=$(PROFTOP_CONFIG=missing.yaml "$PROFTOP" --dump-config 2>&1)
check "config: a missing \$PROFTOP_CONFIG file is an error" \
	test "$out" = "proftop: missing.yaml: No such file or directory"
out=$("$PROFTOP" --config missing.yaml --dump-config 2>&1)
check "config: a missing --config file is an error" \
	test "$out" = "proftop: missing.yaml: No such file or directory"

# --print ignores the configuration: its text stays pstats'.
sample=$SRCDIR/data/sample.prof
cp "$here/bad/sort.yaml" broken.yaml
"$PROFTOP" --no-config --print "$sample" > print.plain 2>&1
PROFTOP_CONFIG=env.yaml "$PROFTOP" --print "$sample" > print.env 2>&1
same_text "config: --print is the same with a config file" print.plain print.env
PROFTOP_CONFIG=broken.yaml "$PROFTOP" --print "$sample" > print.broken 2>&1
same_text "config: --print does not read a broken config file" print.plain print.broken

# --dot: the file's dot defaults, the command line over them; an error is
# a warning for the implicit file and a usage error for --config FILE.
if "$PROFTOP" --help | grep -q -- '--dot OUT'; then
	printf 'dot:\n  node-thres: 20\n  colormap: bw\n' > dot.yaml
	"$PROFTOP" --no-config --dot - --node-thres 20 --colormap bw "$sample" > dot.cli 2>&1
	"$PROFTOP" --config dot.yaml --dot - "$sample" > dot.cfg 2>&1
	same_text "config: dot.node-thres and dot.colormap apply to --dot" dot.cli dot.cfg
	"$PROFTOP" --no-config --dot - "$sample" > dot.default 2>&1
	"$PROFTOP" --config dot.yaml --dot - --node-thres 0.5 --colormap color "$sample" > dot.over 2>&1
	same_text "config: the command line overrides the file's dot options" dot.default dot.over
	check "config: the thresholds change the graph" test "$(wc -l < dot.cfg)" -lt "$(wc -l < dot.default)"
	PROFTOP_CONFIG=broken.yaml "$PROFTOP" --dot - "$sample" > dot.warn 2> dot.warn.err
	status=$?
	check "config: --dot with a broken implicit config file still runs" test "$status" -eq 0
	check "config: ... and warns with the position" grep -qxF \
		"proftop: warning: broken.yaml:2:7: sort: unknown sort key 'bogus' (try calls, cumulative, filename, line, name, nfl, pcalls, stdname, time; tpercall, cpercall; live mode: +calls, calls/s, time/s) (using the defaults)" \
		dot.warn.err
	same_text "config: ... with the defaults" dot.default dot.warn
	"$PROFTOP" --config broken.yaml --dot - "$sample" > /dev/null 2>&1
	check "config: --dot with a broken --config FILE is a usage error" test $? -eq 1
else
	skip "config: --dot: proftop has no --dot"
fi
