#!/usr/bin/env bash
# The documentation against the tables it describes: the man page's OPTIONS
# list the options of `proftop --help` (the OPTIONS table), its KEYS the
# actions and default keys of the ACTIONS table, its CONFIGURATION the
# options of the CONFIG_OPTIONS table (both read back through
# `--no-config --dump-config`); the UI's help screen lists every action.
#
# The man page format this reads (doc/proftop.1):
#   .SH OPTIONS        one ".TP" per option; the tag line after it names the
#                      option: .BR \-h ", " \-\-help   or   .BI \-\-sort " KEY"
#   .SH KEYS           one ".TP" per action; the tag line lists its default
#                      keys separated by ", " and ends with the action's name
#                      in parentheses: .BR "j, Down, C\-n" " (move\-down)";
#                      an action with no key: .B (limit)
#   .SH CONFIGURATION  one ".TP" per option; the tag line starts with its
#                      dotted name: .B dot.node\-thres   or   .BI sort: " KEY"
. "$(dirname "$0")/../lib.sh"
man=${PROFTOP_MAN:-$SRCDIR/doc/proftop.1}   # PROFTOP_MAN: check another page
cd "$TESTTMP" || exit 1
export HOME=$TESTTMP XDG_CONFIG_HOME=
unset PROFTOP_CONFIG

. "$SRCDIR/tests/docs/tables.sh"
help_options | cut -f1 | LC_ALL=C sort > help.options
check "docs: --help lists options" test -s help.options

"$PROFTOP" --no-config --dump-config > defaults.yaml
# Keys compared as sets: "j, Down" is "Down, j".
norm_keys() {
	while IFS=$'\t' read -r action keys; do
		printf '%s\t%s\n' "$action" "$(sed 's/, /\n/g' <<<"$keys" | sed '/^$/d' | LC_ALL=C sort | paste -sd, | sed 's/,/, /g')"
	done | LC_ALL=C sort
}
table_keys defaults.yaml | cut -f1,2 | norm_keys > table.keys
check "docs: the key table has actions" test "$(wc -l < table.keys)" -gt 10
table_config defaults.yaml | cut -f1 | LC_ALL=C sort > table.config
check "docs: the config table has options" grep -qx 'dot.node-thres' table.config

if [ ! -s "$man" ]; then
	skip "docs: man page: doc/proftop.1 is empty or missing"
else
	# Roff to text: escapes and font changes out, macro names and quotes off.
	deroff() {
		sed -E 's/\\f[BIRP]//g; s/\\f\[[A-Z]*\]//g; s/\\-/-/g; s/\\\(aq/'"'"'/g; s/\\\(dq/"/g;
			s/\\\(ti/~/g; s/\\\(ha/^/g; s/\\\(rs/\\/g; s/\\&//g; s/\\e/\\/g; s/\\ / /g' |
		sed -E 's/^\.(B|I|R|BR|RB|BI|IB|IR|RI|SM|SB) +//' |
		sed -E 's/" *"//g; s/"//g'
	}
	# section NAME: that section's .TP tag lines, as text.
	section() {
		awk -v want="$1" '
			/^\.SH/ { name = $0; sub(/^\.SH +/, "", name); gsub(/"/, "", name); on = (name == want); next }
			on && tag { print; tag = 0; next }
			on && /^\.TP/ { tag = 1 }' "$man" | deroff
	}

	section OPTIONS > man.tags
	grep -oE -- '--[[:alnum:]-]+' man.tags | sed 's/^--//' | LC_ALL=C sort -u > man.options
	check "docs: the man page has an OPTIONS section with .TP entries" test -s man.options
	same_text "docs: man page OPTIONS list the options of --help" help.options man.options
	# and name each option's argument ("-w, --watch" read as a flag)
	noarg=0
	while IFS=$'\037' read -r name arg _; do
		[ -n "$arg" ] || continue
		grep -E -- "--$name( |$)" man.tags | tr -s ' ' | grep -qF -- "--$name $arg" ||
			{ echo "    man page OPTIONS: --$name without $arg"; noarg=1; }
	done < <(help_options | tr '\t' '\037')
	check "docs: man page OPTIONS name each option's argument" test "$noarg" -eq 0

	section KEYS > man.keytags
	: > man.keys
	while IFS= read -r tag; do
		[[ "$tag" =~ ^(.*)\(([a-z-]+)\)\ *$ ]] || { echo "    KEYS tag without (action): $tag"; continue; }
		keys=$(sed -E 's/ +$//; s/^ +//' <<<"${BASH_REMATCH[1]}")
		printf '%s\t%s\n' "${BASH_REMATCH[2]}" "$keys" >> man.keys
	done < man.keytags
	norm_keys < man.keys > man.keys.norm
	mv man.keys.norm man.keys
	check "docs: the man page has a KEYS section with .TP entries" test -s man.keys
	same_text "docs: man page KEYS list every action with its default keys" table.keys man.keys

	section CONFIGURATION | sed -E 's/^([a-z][a-z0-9.-]*).*/\1/; s/:$//' | LC_ALL=C sort -u > man.config
	check "docs: the man page has a CONFIGURATION section with .TP entries" test -s man.config
	same_text "docs: man page CONFIGURATION lists every config option" table.config man.config

	for word in PROFTOP_CONFIG XDG_CONFIG_HOME config.yaml proftop.yaml --dump-config; do
		check "docs: the man page mentions $word" grep -qF -- "$(sed 's/-/\\-/g' <<<"$word")" "$man"
	done
fi

# The help screen, through the headless harness, names every action.
if "$PROFTOP" --help | grep -q -- '--script'; then
	printf '?\n:save-display help.txt\n' > help.keys
	LINES=200 COLUMNS=200 TERM=xterm "$PROFTOP" --no-config --script help.keys \
		"$SRCDIR/data/sample.prof" > script.out 2>&1
	if [ -s help.txt ]; then
		missing=0
		while IFS=$'\t' read -r action _; do
			grep -qw -- "$action" help.txt || { echo "    not on the help screen: $action"; missing=1; }
		done < table.keys
		check "docs: the help screen names every action" test "$missing" -eq 0
		# Each action's whole help, as the key table reads it (a wrapped
		# comment read as its last line only went into the man page cut).
		cut=0
		while IFS=$'\037' read -r action _ help; do
			line=$(grep -E -- "(^| ):$action( |$)" help.txt | head -1)
			rest=${line#*:"$action"}
			[ "$rest" != "$line" ] && [[ "$rest" == *"$help" ]] &&
				[[ "${rest%"$help"}" =~ ^\ *([^ ]+\ +)?$ ]] ||
				{ echo "    help of $action read as: $help"; cut=1; }
		done < <(table_keys defaults.yaml | tr '\t' '\037')
		check "docs: the key table reads each action's whole help" test "$cut" -eq 0
	else
		fail "docs: the help screen could be saved"
		sed 's/^/    /' script.out | head -5
	fi
else
	skip "docs: help screen: proftop has no --script"
fi

# Every suite is registered with make (TESTS or SLOW_TESTS in Makefile.am):
# one that is not would silently never run.
missing=
for suite in "$SRCDIR"/tests/*/*.test.sh; do
	rel=tests/${suite#"$SRCDIR"/tests/}
	grep -qE "^[[:space:]]*$rel( \\\\)?\$" "$SRCDIR/Makefile.am" || missing+=" $rel"
done
check "docs: every suite is in Makefile.am's TESTS or SLOW_TESTS${missing:+ (missing:$missing)}" test -z "$missing"
