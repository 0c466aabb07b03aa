#!/usr/bin/env bash
# No escape sequence from a name reaches a terminal (issue 16, item 2).
# Names in a dump, an archive member's name, an endpoint dump's file name
# and a configuration value carry an OSC 52 clipboard write, a C1 CSI
# (U+009B), a bidi override (U+202E) and a carriage return.  On a terminal
# (a real pty, through script(1)) --print, --callers, --callees, --list and
# --print --endpoints show them escaped as \xNN / \uNNNN; into a pipe
# --print is what pstats prints, byte for byte; error messages on stderr are
# escaped wherever stderr goes.  --dot labels escape U+009B and U+202E too.
. "$(dirname "$0")/../lib.sh"
command -v script >/dev/null || { skip "terminal: script(1) not installed"; exit 0; }
py=$(newest_python3)
[ -n "$py" ] || { skip "terminal: no Python 3"; exit 0; }
cd "$TESTTMP" || exit 1

osc=$'\e]52;c;cHduZWQ=\a'
# The hostile names, and the bytes that must never reach the terminal.
"$py" - <<'EOF'
import marshal, tarfile, io, os
osc = '\x1b]52;c;cHduZWQ=\x07'
bad_file = '/src/' + osc + 'evil\r.py'
bad_func = 'f\x9b31mred\u202eabc'
stats = {
    (bad_file, 1, bad_func): (1, 1, 0.5, 0.75, {('/src/ok.py', 2, 'main'): (1, 1, 0.5, 0.75)}),
    ('/src/ok.py', 2, 'main'): (1, 1, 0.25, 1.0, {}),
}
data = marshal.dumps(stats)
open('evil.prof', 'wb').write(data)
for tar, members in (('evil.tar', (('ok.prof', data), (osc + 'member.prof', data))),
                     ('broken.tar', ((osc + 'broken.prof', b'{junk'),))):
    with tarfile.open(tar, 'w') as t:
        for name, body in members:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            t.addfile(info, io.BytesIO(body))
os.mkdir('eps')
for ms, path in ((12, 'a' + osc + 'b'), (30, 'ok')):
    open('eps/GET.%s.%dms.1700000000.prof' % (path, ms), 'wb').write(data)
EOF
printf 'sort: "\\e]52;c;eA==\\a"\n' > evil.yaml

# raw FILE: 0 if FILE holds a raw ESC, a raw C1 (UTF-8 or a lone byte),
# a raw U+202E or a raw carriage return other than a pty's line endings.
raw() {
	LC_ALL=C grep -qaP '\x1b|\xc2\x9b|\x9b|\xe2\x80\xae|\r(?!$)' "$1"
}
# on_tty NAME ARGS...: proftop on a pty; what it showed is NAME.tty.
on_tty() {
	local name=$1
	shift
	# script(1) runs its command with $SHELL or /bin/sh, which may not read
	# bash's $'...' quoting of the escape bytes: the command is a bash script.
	{ printf 'exec '; printf '%q ' "$PROFTOP" "$@"; printf '2>/dev/null\n'; } > cmd.bash
	TERM=xterm-256color PROFTOP_CONFIG=/dev/null script -qec "bash ./cmd.bash" /dev/null \
		< /dev/null > "$name.tty"
}
tty_case() {   # tty_case NAME WANT ARGS...: escaped on a pty, WANT shown
	local name=$1 want=$2
	shift 2
	on_tty "$name" "$@"
	if ! raw "$name.tty" && grep -qF -- "$want" "$name.tty"; then
		pass "terminal: $name on a pty shows names escaped"
	else
		fail "terminal: $name on a pty shows names escaped"
		LC_ALL=C cat -v "$name.tty" | head -12 | sed 's/^/    /'
	fi
}
tty_case print '\x1b]52;c;cHduZWQ=\x07evil\x0d.py' --print evil.prof
tty_case print-c1-bidi 'f\x9b31mred\u202eabc' --print evil.prof
tty_case callers '\x1b]52' --print --callers evil.prof
tty_case callees '\x1b]52' --print --callees evil.prof
tty_case list '\x1b]52;c;cHduZWQ=\x07member.prof' --list evil.tar
tty_case header '\x1b]52;c;cHduZWQ=\x07member.prof' --print evil.tar
tty_case filter "<Invalid regular expression '\x1b]52;c;cHduZWQ=\x07('>" --print --filter "$osc(" evil.prof
tty_case endpoints 'GET /a\x1b]52;c;cHduZWQ=\x07b' --print --endpoints eps

# Into a pipe, --print is pstats' text byte for byte, names as they are.
printf 'print\tevil.prof\ncallers\t--callers\tevil.prof\n' > jobs
mkdir -p oracle
if "$py" "$SRCDIR/tests/data/oracle.py" jobs oracle; then
	"$PROFTOP" --print evil.prof > print.pipe
	same_text "terminal: --print into a pipe is pstats' text" oracle/print.out print.pipe
	"$PROFTOP" --print --callers evil.prof > callers.pipe
	same_text "terminal: --print --callers into a pipe is pstats' text" oracle/callers.out callers.pipe
else
	fail "terminal: oracle.py ran"
fi
check "terminal: the pipe keeps the name's bytes" grep -qF -- "$osc" print.pipe

# Error messages: escaped wherever stderr goes.
err_case() {   # err_case NAME WANT ARGS...
	local name=$1 want=$2
	shift 2
	"$PROFTOP" "$@" > /dev/null 2> "$name.err"
	if ! raw "$name.err" && grep -qF -- "$want" "$name.err"; then
		pass "terminal: $name error message is escaped"
	else
		fail "terminal: $name error message is escaped"
		LC_ALL=C cat -v "$name.err" | head -5 | sed 's/^/    /'
	fi
}
err_case config "'\x1b]52;c;eA==\x07'" --config evil.yaml --dump-config
err_case member '\x1b]52;c;cHduZWQ=\x07broken.prof' --print broken.tar

# --dot: U+009B and U+202E in labels are escaped as well.
"$PROFTOP" --dot evil.dot evil.prof 2>/dev/null
if [ -s evil.dot ] && ! raw evil.dot && grep -qF 'f\\x9b31mred\\u202eabc' evil.dot; then
	pass "terminal: --dot escapes C1 and bidi characters"
else
	fail "terminal: --dot escapes C1 and bidi characters"
	grep -a 'red' evil.dot | LC_ALL=C cat -v | head -3 | sed 's/^/    /'
fi
