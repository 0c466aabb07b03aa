#!/usr/bin/env bash
# Regenerates data/sample.prof: runs app.py under cProfile on 127.0.0.1 and
# loads it with ApacheBench (1000 requests, 4 at a time, over five URLs), then
# stops it so that it dumps the accumulated profile.
#   data/sampleapp/make-sample.sh [OUT]     (default: data/sample.prof)
# Needs Debian's python3, python3-werkzeug and apache2-utils (ab).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../sample.prof}
py=${PYTHON:-/usr/bin/python3}
command -v ab >/dev/null || { echo "make-sample.sh: ab not found (apt-get install apache2-utils)" >&2; exit 1; }
"$py" -c 'import werkzeug' || { echo "make-sample.sh: werkzeug missing (apt-get install python3-werkzeug)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkfifo "$tmp/ready"
"$py" "$here/app.py" 0 "$tmp/sample.prof" >"$tmp/ready" &
pid=$!
read -r word port <"$tmp/ready"
[ "$word" = ready ] || { echo "make-sample.sh: the app did not start" >&2; exit 1; }
base=http://127.0.0.1:$port
for url in / "/api/items?limit=40&category=books" /item/42 "/search?q=red+steel" /report; do
	ab -q -n 200 -c 4 "$base$url" >"$tmp/ab.log" || { cat "$tmp/ab.log" >&2; exit 1; }
	grep -q '^Failed requests: *0$' "$tmp/ab.log" || { cat "$tmp/ab.log" >&2; exit 1; }
done
kill -TERM "$pid"
wait "$pid" || true
[ -s "$tmp/sample.prof" ] || { echo "make-sample.sh: no dump written" >&2; exit 1; }
mv "$tmp/sample.prof" "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
