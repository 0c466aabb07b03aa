#!/usr/bin/env bash
# The configuration in the interactive table, through the headless harness
# (--script, :save-display): a rebound key runs its action and the old key
# no longer does; sort, reverse and path from the file show the same screen
# as the command-line options, which override them; a broken file starts
# with the defaults and shows its error on the message line.
. "$(dirname "$0")/../lib.sh"
if ! "$PROFTOP" --help | grep -q -- '--script'; then
	skip "config ui: proftop has no --script"
	exit 0
fi
cd "$TESTTMP" || exit 1
export HOME=$TESTTMP XDG_CONFIG_HOME= TERM=xterm COLUMNS=100 LINES=20
unset PROFTOP_CONFIG
cp "$SRCDIR/data/sample.prof" s.prof
touch -d '2026-01-02 03:04:05 UTC' s.prof

# screen NAME KEYS [ARGS...]: the screen after KEYS, saved as NAME.txt.
screen() {
	local name=$1 keys=$2
	shift 2
	printf '%s\n:save-display %s.txt\n' "$keys" "$name" > "$name.keys"
	"$PROFTOP" --script "$name.keys" "$@" s.prof > "$name.out" 2>&1 || {
		echo "    $name: proftop failed:"
		sed 's/^/    /' "$name.out" | head -5
	}
}

printf 'bind:\n  reverse: x\n' > rebind.yaml
screen start "" --no-config
screen r-default r --no-config
screen x-rebound x --config rebind.yaml
screen r-rebound r --config rebind.yaml
check "config ui: r reverses by default" test -s r-default.txt -a -s start.txt
differ() { ! cmp -s "$1" "$2"; }
check "config ui: ... and changes the screen" differ start.txt r-default.txt
same_text "config ui: a key rebound with bind: runs its action" r-default.txt x-rebound.txt
# The last line is the message line: it may say r is unbound.
head -n 19 start.txt > start.19
head -n 19 r-rebound.txt > r-rebound.19
same_text "config ui: the action's old key no longer does" start.19 r-rebound.19

printf 'sort: time\nreverse: true\npath: short\n' > view.yaml
screen opts "" --no-config --sort time --reverse --strip
screen cfg "" --config view.yaml
same_text "config ui: sort, reverse and path from the file" opts.txt cfg.txt
screen cli "" --no-config --sort calls --reverse --strip
screen over "" --config view.yaml --sort calls
same_text "config ui: --sort overrides the file's sort" cli.txt over.txt

# The table opens sorted by cumulative time; sort: "" keeps the dump's order.
check "config ui: the default sort is cumulative time" grep -q ' 1/[0-9]*  sort: cumulative time$' start.txt
printf 'sort: ""\n' > dict.yaml
screen dict "" --config dict.yaml
check "config ui: sort: \"\" keeps the dump's order" grep -q ' 1/[0-9]*  sort: dict order$' dict.txt
screen cumulative "" --no-config --sort cumulative
same_text "config ui: ... the default is --sort cumulative" cumulative.txt start.txt
printf ':save-display watch.txt\n' > watch.keys
timeout 30 "$PROFTOP" --no-config --watch s.prof --script watch.keys > watch.out 2>&1
check "config ui: --watch opens sorted by cumulative time too" grep -qE '^ 1/[0-9]+  sort: cumulative time' watch.txt

printf '# broken\nsort: bogus\n' > broken.yaml
screen broken "" --config broken.yaml
check "config ui: a broken file does not stop the start" test -s broken.txt
check "config ui: its error is on the message line" grep -qF \
	"broken.yaml:2:7: sort: unknown sort key 'bogus'" broken.txt
head -n 18 start.txt > start.top
head -n 18 broken.txt > broken.top
same_text "config ui: ... and the table is the defaults'" start.top broken.top

# dot.render is the format E (export-render) proposes.
if "$PROFTOP" --help | grep -q -- '--dot OUT'; then
	printf 'dot:\n  render: pdf\n' > render.yaml
	screen render E --config render.yaml
	check "config ui: E proposes dot.render's format" grep -q 'export-render [^ ]*\.pdf' render.txt
fi

# The help screen shows the keys as bound.
printf 'bind:\n  quit: Q\n' > quit.yaml
LINES=80 screen help '?' --config quit.yaml
check "config ui: the help screen lists a rebound key" grep -Eq '^Q +:quit ' help.txt
