#!/usr/bin/env bash
# Shell completion: the bash function driven as bash drives it (COMP_WORDS
# split at ':' and '=' as COMP_WORDBREAKS splits them, COMP_CWORD, then
# COMPREPLY read back) for options, --sort keys, --colormap maps, files and
# ARCHIVE:MEMBER; both scripts' option lists against `proftop --help`, so
# that neither drifts from the OPTIONS table.
. "$(dirname "$0")/../lib.sh"
bash_file=$SRCDIR/completion/proftop
zsh_file=$SRCDIR/completion/_proftop
cd "$TESTTMP" || exit 1
. "$SRCDIR/tests/docs/tables.sh"

# shellcheck disable=SC1090
. "$bash_file"
check "completion: the bash file registers _proftop for proftop" \
	test "$(complete -p proftop 2>/dev/null)" = "complete -F _proftop proftop"
COMP_WORDBREAKS=${COMP_WORDBREAKS:-$' \t\n"'"'"'><=;|&(:'}
# comp WORD...: completes the last word, as bash would split the line.
comp() {
	COMP_WORDS=("$PROFTOP" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_proftop
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | LC_ALL=C sort
}
lines() { printf '%s\n' "$@" | LC_ALL=C sort; }

# Every option of --help, and no other; "=" after those taking a value.
help_options | tr '\t' '\037' | while IFS=$'\037' read -r name arg short _; do
	echo "--$name${arg:+=}"
	[ -n "$short" ] && echo "-$short"
done | LC_ALL=C sort > help.opts
comp - > bash.opts
same_text "completion: bash offers every option of --help" help.opts bash.opts
same_text "completion: an option by its prefix" <(lines --sort=) <(comp --so)
same_text "completion: one with a value and one without" <(lines --render= --reverse) <(comp --re)

# --sort: the keys --help names (pstats', the table's, live mode's).
help_options | awk -F'\t' '$1 == "sort" { print $4 }' |
	sed -E 's/.*keys: //; s/\(unique prefixes too\);//; s/the table also by//; s/and, live,//' |
	tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort > help.keys
check "completion: --help names sort keys" grep -qx cumulative help.keys
comp --sort "" > sort.keys
same_text "completion: --sort KEY offers every sort key of --help" help.keys sort.keys
same_text "completion: --sort=KEY (split at '=')" <(lines cumulative) <(comp --sort = cu)
same_text "completion: --sort KEY,KEY completes the last key" <(lines time,calls time,calls/s) <(comp --sort time,cal)

# --colormap: the maps --help names.
help_options | awk -F'\t' '$1 == "colormap" { print $4 }' | sed -E 's/.*colour map //; s/ \(.*//; s/,|\bor\b/ /g' |
	tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort > help.maps
check "completion: --help names colour maps" grep -qx pink help.maps
same_text "completion: --colormap offers every map of --help" help.maps <(comp --colormap "")
same_text "completion: --path's modes" <(lines unique) <(comp --path u)

# Files: dumps, directories; ARCHIVE:MEMBER from proftop --list.
mkdir -p dumps/sub
cp "$SRCDIR/data/sample.prof" dumps/app.prof
cp "$SRCDIR/data/sample.prof" dumps/api.prof
cp "$SRCDIR/data/sample.prof" dumps/sub/deep.prof
(cd dumps && tar czf ../runs.tgz app.prof api.prof sub)
cd dumps || exit 1
same_text "completion: a dump file" <(lines api.prof app.prof) <(comp a)
same_text "completion: a directory" <(lines sub) <(comp s)
same_text "completion: --since FILE" <(lines app.prof) <(comp --since app)
same_text "completion: --endpoints takes directories only" <(lines sub) <(comp --endpoints "")
cd .. || exit 1
same_text "completion: an archive's members after ARCHIVE: (split at ':')" \
	<(lines api.prof app.prof sub/deep.prof) <(comp runs.tgz : "")
same_text "completion: a member by its prefix" <(lines sub/deep.prof) <(comp runs.tgz : s)
same_text "completion: --diff ARCHIVE:MEMBER" <(lines app.prof) <(comp --diff runs.tgz : app)
same_text "completion: --diff=ARCHIVE:MEMBER" <(lines api.prof) <(comp --diff = runs.tgz : api)
# with ':' not a word break, bash replaces the whole word
same_text "completion: ARCHIVE:MEMBER whole when ':' does not split" \
	<(lines runs.tgz:app.prof) <(COMP_WORDBREAKS=$' \t\n' comp runs.tgz:app)

# zsh: the same options, and a file zsh reads.
grep -oE "^ +'(\([^)]*\)')?(\{[^}]*\}|[*]?--?[a-zA-Z-]+=?\+?)" "$zsh_file" |
	sed -E "s/^ +'(\([^)]*\)')?//; s/^\*//; s/[{}]//g; s/,/\n/g" | sed -E 's/\+$//' |
	LC_ALL=C sort -u > zsh.opts
same_text "completion: zsh offers every option of --help" help.opts zsh.opts
if command -v zsh > /dev/null; then
	check "completion: zsh reads _proftop" zsh -n "$zsh_file"
	check "completion: compinit finds _proftop in fpath" \
		zsh -f -c "fpath=('$SRCDIR/completion' \$fpath); autoload -Uz compinit; compinit -u -d '$TESTTMP/zcd'; [[ \${_comps[proftop]} == _proftop ]]"
else
	skip "completion: no zsh to read _proftop"
fi
