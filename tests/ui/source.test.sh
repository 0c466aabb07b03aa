#!/usr/bin/env bash
# v and o: the selected function's source and the editor.  Golden screens
# of the source view through the headless harness (tests/ui/source/cases,
# run by golden_cases: UPDATE=1 rewrites tests/ui/source/golden), then the
# editor with a stub that records its arguments.
. "$(dirname "$0")/../lib.sh"
here=$SRCDIR/tests/ui/source
py=$(newest_python3)
[ -n "$py" ] || { skip "source: no Python 3 to write the dump"; exit 0; }
export TZ=UTC LC_ALL=C.UTF-8
data=$TESTTMP/data
mkdir -p "$data"
# the dump in data/, the files it names in $TESTTMP/src: the cases run in
# $TESTTMP/golden-NAME and map /srv/app to ../src
"$py" "$here/mksource.py" "$TESTTMP"
mv "$TESTTMP/s.prof" "$data/"
golden_cases "source" "$here/cases" "$here/golden" "$data"
