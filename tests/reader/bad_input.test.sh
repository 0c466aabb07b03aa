#!/usr/bin/env bash
# Bad input to the reader: each case must exit with status 2 and print
# exactly one line on stderr, "proftop: FILE: offset N: message" (or
# "proftop: FILE: message" where no offset applies), with the expected offset.
#
# The hand-made dumps below are built from this valid one (offsets in
# decimal), a dict with one function and no callers:
#   0  {                    dict
#   1  ) 03                 small tuple of 3: the key
#   3  z 01 'a'             file name
#   6  i 05000000           line 5
#   11 z 01 'f'             function name
#   14 ) 05                 small tuple of 5: the stats
#   16 i 01000000           cc
#   21 i 01000000           nc
#   26 g <8 bytes>          tt
#   35 g <8 bytes>          ct
#   44 { 0                  no callers
#   46 0                    end of the dict
. "$(dirname "$0")/../lib.sh"

t=$TESTTMP
KEY='\x29\x03\xda\x01a\xe9\x05\x00\x00\x00\xda\x01f'
CC='\xe9\x01\x00\x00\x00'
F1='\xe7\x00\x00\x00\x00\x00\x00\xf0\x3f'   # 1.0 as binary float
STATS="\\x29\\x05$CC$CC$F1$F1"
VALID="{$KEY$STATS{00"

# mk NAME BYTES: writes a file from printf escapes, returns its path in $f.
mk() {
	f=$t/$1
	printf "$2" >"$f"
}

# expect_error NAME FILE OFFSET TEXT: exit status 2 and one stderr line,
# "proftop: FILE: offset OFFSET: ..." (OFFSET - for none) containing TEXT.
expect_error() {
	local name=$1 file=$2 offset=$3 text=$4 rc lines line want
	shift 4
	timeout 20 "$PROFTOP" --print "$@" "$file" >"$t/out" 2>"$t/err"
	rc=$?
	lines=$(wc -l <"$t/err")
	line=$(head -n 1 "$t/err")
	if [ "$offset" = - ]; then want="proftop: $file: "; else want="proftop: $file: offset $offset: "; fi
	if [ $rc -ne 2 ]; then
		fail "$name: exit status $rc, expected 2"
	elif [ "$lines" -ne 1 ]; then
		fail "$name: $lines lines on stderr, expected 1"
	elif [ "${line#"$want"}" = "$line" ]; then
		fail "$name: stderr does not start with '$want'"
	elif [ "$offset" = - ] && [[ "${line#"$want"}" == "offset "* ]]; then
		fail "$name: an offset where none applies"
	elif [[ "$line" != *"$text"* ]]; then
		fail "$name: stderr lacks '$text'"
	elif [ -s "$t/out" ]; then
		fail "$name: something was printed on stdout"
	else
		pass "$name"
		return
	fi
	sed 's/^/    stderr: /' "$t/err" | head -5
}

# The reference dump itself must load, or every case below proves nothing.
mk valid.prof "$VALID"
if "$PROFTOP" --print "$f" >"$t/out" 2>"$t/err" && grep -q ' 1 function calls in 1.000 seconds' "$t/out"; then
	pass "hand-made reference dump loads"
else
	fail "hand-made reference dump loads"
	sed 's/^/    /' "$t/err" "$t/out" | head -10
fi

# Files that are not dumps at all.
mk empty.prof ''
expect_error "empty file" "$f" 0 "empty"
expect_error "a directory" "$t" - "directory"
expect_error "a missing file" "$t/no-such-file.prof" - "No such file"
expect_error "/dev/null" /dev/null - "not a regular file"
expect_error "/dev/zero fails fast" /dev/zero - "not a regular file"
mk unreadable.prof "$VALID"
chmod 000 "$f"
if [ "$(id -u)" -eq 0 ]; then
	skip "an unreadable file: root reads it anyway"
else
	expect_error "an unreadable file" "$f" - "Permission denied"
fi
mkfifo "$t/fifo"
expect_error "a fifo does not block" "$t/fifo" - "not a regular file"
mk text.prof 'hello world, this is not a profile\n'
expect_error "a text file" "$f" 0 "not a pstats dump"
mk list.prof '[\x02\x00\x00\x00\xe9\x01\x00\x00\x00N'
expect_error "marshal of a list" "$f" 0 "not a pstats dump"
mk int.prof 'i\x2a\x00\x00\x00'
expect_error "marshal of an int" "$f" 0 "not a pstats dump"
mk none.prof 'N'
expect_error "marshal of None" "$f" 0 "not a pstats dump"
mk good.prof "$VALID"
expect_error "second file bad, named" "$t/empty.prof" 0 "empty" "$t/good.prof"

# Truncated in the middle of an object: the offset is where it starts.
mk trunc-dict.prof "{"
expect_error "truncated after the dict code" "$f" 1 "truncated"
mk trunc-str.prof '{\x29\x03s\x0a\x00\x00\x00abc'
expect_error "truncated string" "$f" 3 "truncated"
mk trunc-short-str.prof '{\x29\x03z\x05ab'
expect_error "truncated short string" "$f" 3 "truncated"
mk trunc-int.prof '{\x29\x03\xda\x01a\xe9\x05\x00'
expect_error "truncated int" "$f" 6 "truncated"
mk trunc-float.prof "{$KEY\\x29\\x05$CC$CC\\xe7\\x00\\x00\\x00"
expect_error "truncated binary float" "$f" 26 "truncated"
mk trunc-text-float.prof "{$KEY\\x29\\x05$CC${CC}f\\x050.1"
expect_error "truncated text float" "$f" 26 "truncated"
mk trunc-long.prof "{$KEY\\x29\\x05${CC}l\\x02\\x00\\x00\\x00\\x01\\x00"
expect_error "truncated long" "$f" 21 "digits"
mk trunc-long-size.prof "{$KEY\\x29\\x05${CC}l\\x02\\x00"
expect_error "truncated long size" "$f" 21 "truncated"
mk trunc-end.prof "{$KEY$STATS{0"
expect_error "dict never ended" "$f" 46 "truncated"
mk trunc-callers.prof "{$KEY$STATS{$KEY"
expect_error "callers dict cut after a key" "$f" 58 "truncated"

# Bad references.
mk bad-ref.prof '{\x29\x03r\x05\x00\x00\x00'
expect_error "bad reference index" "$f" 3 "bad reference"
mk bad-ref-huge.prof '{\x29\x03r\xff\xff\xff\xff'
expect_error "reference index 2^32-1" "$f" 3 "bad reference"
mk unfinished-ref.prof '{\xa9\x03r\x00\x00\x00\x00'
expect_error "reference to an unfinished object" "$f" 3 "unfinished"
mk unfinished-dict.prof '\xfb\x29\x03r\x00\x00\x00\x00'
expect_error "reference to the unfinished stats dict" "$f" 3 "unfinished"
mk bad-py2-ref.prof '{\x29\x03R\x00\x00\x00\x00'
expect_error "bad Python 2 string reference" "$f" 3 "string reference"

# Wrong types and shapes.
mk int-key.prof '{i\x01\x00\x00\x00'
expect_error "an int as a key" "$f" 1 "expected a (file, line, function) tuple"
mk str-count.prof "{$KEY\\x29\\x05z\\x01x"
expect_error "a string where a count is expected" "$f" 16 "expected a primitive call count"
mk none-time.prof "{$KEY\\x29\\x05${CC}${CC}N"
expect_error "None where a time is expected" "$f" 26 "expected a time"
mk int-name.prof '{\x29\x03\xda\x01a\xe9\x05\x00\x00\x00i\x01\x00\x00\x00'
expect_error "an int as a function name" "$f" 11 "expected a function name"
mk str-line.prof '{\x29\x03\xda\x01a\xda\x01f'
expect_error "a string as a line number" "$f" 6 "expected a line number"
mk code-obj.prof '{\x29\x03c\x00\x00\x00\x00'
expect_error "an unsupported object (code)" "$f" 3 "unsupported object"
mk key2.prof '{\x29\x02\xda\x01a\xe9\x05\x00\x00\x00'
expect_error "a key tuple of 2 items" "$f" 1 "2 items, expected 3"
mk stats4.prof "{$KEY\\x29\\x04$CC$CC$F1$F1"
expect_error "a stats tuple of 4 items" "$f" 14 "4 items, expected 5"
mk callers-list.prof "{$KEY\\x29\\x05$CC$CC$F1$F1\\x29\\x00"
expect_error "callers not a dict" "$f" 44 "expected a dict of callers"
mk callstat3.prof "{$KEY$STATS{$KEY\\x29\\x03$CC$CC$F1"
expect_error "caller stats of 3 items" "$f" 58 "3 items, expected 4"
mk callstat-str.prof "{$KEY$STATS{${KEY}z\\x01x"
expect_error "caller stats as a string" "$f" 58 "caller stats"
mk bad-digit.prof "{$KEY\\x29\\x05l\\x01\\x00\\x00\\x00\\xff\\xff"
expect_error "a long with a bad digit" "$f" 16 "bad long digit"
mk long-65.prof "{$KEY\\x29\\x05l\\x05\\x00\\x00\\x00\\xff\\x7f\\xff\\x7f\\xff\\x7f\\xff\\x7f\\x10\\x00"
expect_error "a long over 64 bits" "$f" 16 "too large"
mk bad-text-float.prof "{$KEY\\x29\\x05$CC${CC}f\\x03abc"
expect_error "a text float that is not a number" "$f" 26 "bad float"
mk neg-size.prof '{\x29\x03s\xff\xff\xff\xff'
expect_error "a negative string size" "$f" 3 "negative size"

# Absurd lengths: refused before any allocation of that size.
mk huge-str.prof '{\x29\x03s\xff\xff\xff\x7fabc'
expect_error "string length 2^31-1" "$f" 3 "truncated"
mk huge-tuple.prof '{(\xff\xff\xff\x7f'
expect_error "tuple count 2^31-1" "$f" 1 "exceeds"
mk huge-list.prof "{$KEY[\\xff\\xff\\xff\\x7f"
expect_error "list count 2^31-1" "$f" 14 "exceeds"
mk huge-long.prof "{$KEY\\x29\\x05l\\xff\\xff\\xff\\x7f\\x01\\x00"
expect_error "long of 2^31-1 digits" "$f" 16 "exceeds"

# Deep nesting: the reader follows the pstats schema, so no recursion.
printf '{' >"$t/deep.prof"
head -c 300000 /dev/zero | tr '\0' '(' | sed 's/(/(\x01\x00\x00\x00/g' >>"$t/deep.prof"
expect_error "deeply nested tuples as a key" "$t/deep.prof" 1 "1 items, expected 3"
{
	printf "{$KEY\\x29\\x05$CC$CC$F1$F1"
	head -c 300000 /dev/zero | tr '\0' '[' | sed 's/\[/[\x01\x00\x00\x00/g'
} >"$t/deep2.prof"
expect_error "deeply nested lists as callers" "$t/deep2.prof" 44 "expected a dict of callers"
{
	printf "{$KEY$STATS{"
	head -c 100000 /dev/zero | tr '\0' 'x' | sed 's/x/\x29\x01/g'
} >"$t/deep3.prof"
expect_error "deeply nested small tuples as a caller" "$t/deep3.prof" 45 "1 items, expected 3"
