#!/usr/bin/env bash
# Regenerates the OPTIONS, KEYS and CONFIGURATION sections of doc/proftop.1
# from the program's own tables (between the GENERATED markers).
#   PROFTOP=_build/src/proftop doc/update-man.sh      (also: make update-man)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
man=$here/proftop.1
gen=$(mktemp)
trap 'rm -f "$gen" "$man.new"' EXIT
bash "$here/../tests/docs/man-sections.sh" > "$gen"
awk -v gen="$gen" '
	/^\.\\" BEGIN GENERATED/ { print; while ((getline line < gen) > 0) print line; skip = 1; next }
	/^\.\\" END GENERATED/ { skip = 0 }
	!skip { print }
' "$man" > "$man.new"
mv "$man.new" "$man"
