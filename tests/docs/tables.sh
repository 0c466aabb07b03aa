# The tables the documentation must match, read from the binary (sourced by
# docs.test.sh and man-sections.sh).  $PROFTOP is the binary.

# --help's long options, one a line: "name<TAB>ARG<TAB>-x<TAB>help".
help_options() {
	"$PROFTOP" --help | sed -En 's/^ +(-([[:alnum:]]), )?--([[:alnum:]-]+)( ([^ ]+))? +(.*)$/\3\t\5\t\2\t\6/p'
}

# The ACTIONS table from a --dump-config file, in its order:
# "action<TAB>key1, key2<TAB>help" (default keys, unquoted; a help wrapped
# over several comment lines joined).
table_keys() {
	local line action list help="" in_bind=0 keys k
	while IFS= read -r line; do
		case "$line" in
		bind:) in_bind=1; continue ;;
		[a-z]*) in_bind=0 ;;
		esac
		[ "$in_bind" = 1 ] || continue
		if [[ "$line" =~ ^\ \ #\ (.*)$ ]]; then
			help+=${help:+ }${BASH_REMATCH[1]}
			continue
		fi
		[[ "$line" =~ ^\ \ ([a-z-]+):\ \[(.*)\]$ ]] || continue
		action=${BASH_REMATCH[1]} list=${BASH_REMATCH[2]} keys=""
		while [[ "$list" =~ ^(\"([^\"\\]|\\.)*\"|[^,]+)(,\ )?(.*)$ ]]; do
			k=$(sed -E 's/^"(.*)"$/\1/; s/\\"/"/g; s/\\\\/\\/g' <<<"${BASH_REMATCH[1]}")
			keys+=${keys:+, }$k
			list=${BASH_REMATCH[4]}
		done
		printf '%s\t%s\t%s\n' "$action" "$keys" "$help"
		help=""
	done < "$1"
}

# CONFIG_OPTIONS from a --dump-config file, as dotted names, in order:
# "name<TAB>default<TAB>help" (help: the comment lines above, joined).
table_config() {
	awk '
		/^ *# / { t = $0; sub(/^ *# /, "", t); help = help (help == "" ? "" : " ") t; next }
		/^[a-z][a-z-]*:/ {
			name = $1; sub(/:$/, "", name); value = $0; sub(/^[^:]*: ?/, "", value)
			section = (value == "" && name != "bind") ? name : ""
			if (section == "") print name "\t" value "\t" help
			help = ""; next
		}
		/^  [a-z][a-z0-9-]*:/ && section != "" {
			n = $1; sub(/:$/, "", n); value = $0; sub(/^[^:]*: /, "", value)
			print section "." n "\t" value "\t" help; help = ""; next
		}
		/^$/ { help = "" }' "$1"
}
