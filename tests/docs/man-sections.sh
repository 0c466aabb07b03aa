#!/usr/bin/env bash
# Prints the OPTIONS, KEYS and CONFIGURATION sections of doc/proftop.1 from
# the tables, in the format tests/docs/docs.test.sh checks; a starting point
# for the man page (edit the wording freely, keep the tag lines).
#   PROFTOP=_build/src/proftop tests/docs/man-sections.sh > sections.roff
set -euo pipefail
PROFTOP=${PROFTOP:-proftop}
. "$(dirname "$0")/tables.sh"
esc() { sed -E 's/\\/\\e/g; s/-/\\-/g; s/^([.'"'"'])/\\\&\1/'; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$PROFTOP" --no-config --dump-config > "$tmp"

echo '.SH OPTIONS'
help_options | tr '\t' '\037' | while IFS=$'\037' read -r name arg short help; do
	echo '.TP'
	if [ -n "$short" ] && [ -n "$arg" ]; then
		printf '\\fB\\-%s\\fR, \\fB\\-\\-%s\\fR \\fI%s\\fR\n' "$short" "$(esc <<<"$name")" "$(esc <<<"$arg")"
	elif [ -n "$short" ]; then
		printf '.BR \\-%s ", " \\-\\-%s\n' "$short" "$(esc <<<"$name")"
	elif [ -n "$arg" ]; then
		printf '.BI \\-\\-%s " %s"\n' "$(esc <<<"$name")" "$(esc <<<"$arg")"
	else
		printf '.B \\-\\-%s\n' "$(esc <<<"$name")"
	fi
	esc <<<"$help"
done

echo '.SH KEYS'
table_keys "$tmp" | tr '\t' '\037' | while IFS=$'\037' read -r action keys help; do
	echo '.TP'
	if [ -n "$keys" ]; then
		printf '.BR "%s" " (%s)"\n' "$(esc <<<"$keys" | sed 's/"/\\(dq/g')" "$(esc <<<"$action")"
	else
		printf '.B (%s)\n' "$(esc <<<"$action")"
	fi
	esc <<<"$help"
done

echo '.SH CONFIGURATION'
table_config "$tmp" | tr '\t' '\037' | while IFS=$'\037' read -r name value help; do
	echo '.TP'
	if [ "$name" = bind ]; then
		printf '.B bind\n'
	else
		printf '.BR %s ": " "%s"\n' "$(esc <<<"$name")" "$(esc <<<"$value" | sed 's/"/\\(dq/g')"
	fi
	esc <<<"$help"
done
