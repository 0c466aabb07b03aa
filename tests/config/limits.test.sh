#!/usr/bin/env bash
# What the configuration reader accepts is bounded (issue 16, item 8): only
# a regular file (or /dev/null) is read, whichever way it is named, at most
# 1 MiB of it, with a nesting and an anchor limit that stop libyaml before
# it spends seconds; each refusal is one "FILE:LINE:COL: message", exit 1,
# fast.  (The small cases of the limits are files in bad/.)
. "$(dirname "$0")/../lib.sh"
cd "$TESTTMP" || exit 1
export HOME=$TESTTMP/home XDG_CONFIG_HOME=
unset PROFTOP_CONFIG
mkdir -p "$HOME"
slow=1
ldd "$PROFTOP" 2>/dev/null | grep -q libasan && slow=3

# refused NAME WANT MAX_MS CMD...: exit 1 within MAX_MS, stderr exactly WANT.
refused() {
	local name=$1 want=$2 max_ms=$(($3 * slow)) t0 t1 status got
	shift 3
	t0=$(date +%s%N)
	got=$(timeout -s KILL 60 "$@" 2>&1 >/dev/null)
	status=$?
	t1=$(date +%s%N)
	local ms=$(( (t1 - t0) / 1000000 ))
	if [ "$status" -eq 1 ] && [ "$got" = "$want" ] && [ "$ms" -le "$max_ms" ]; then
		pass "config limits: $name"
	else
		fail "config limits: $name"
		echo "    want (status 1, <= $max_ms ms): $want"
		echo "    got (status $status, $ms ms): $(head -c 300 <<<"$got")"
	fi
}

mkfifo fifo.yaml
notreg="not a regular file; only a regular file is read as the configuration"
refused "--config FIFO" "proftop: fifo.yaml:1:1: $notreg" 2000 \
	"$PROFTOP" --config fifo.yaml --dump-config
refused "\$PROFTOP_CONFIG FIFO" "proftop: fifo.yaml:1:1: $notreg" 2000 \
	env PROFTOP_CONFIG=fifo.yaml "$PROFTOP" --dump-config
mkdir -p "$HOME/.config/proftop"
mkfifo "$HOME/.config/proftop/config.yaml"
refused "default path a FIFO" "proftop: $HOME/.config/proftop/config.yaml:1:1: $notreg" 2000 \
	"$PROFTOP" --dump-config
rm "$HOME/.config/proftop/config.yaml"
refused "a device that never ends" "proftop: /dev/zero:1:1: $notreg" 2000 \
	"$PROFTOP" --config /dev/zero --dump-config
"$PROFTOP" --no-config --dump-config > defaults.yaml
"$PROFTOP" --config /dev/null --dump-config > null.yaml 2>&1
same_text "config limits: /dev/null reads as an empty configuration" defaults.yaml null.yaml

# Past 1 MiB: the position of the first byte too many.
python3 -c "import sys; sys.stdout.write('# ' + 'x' * (1 << 20) + '\n')" > big.yaml
refused "more than 1 MiB" "proftop: big.yaml:1:1048577: larger than 1 MiB, the most a configuration may be" 2000 \
	"$PROFTOP" --config big.yaml --dump-config
# Exactly 1 MiB of comments is read.
python3 -c "import sys; sys.stdout.write('# ' + 'x' * ((1 << 20) - 3) + '\n')" > full.yaml
"$PROFTOP" --config full.yaml --dump-config > full.dump 2>&1
same_text "config limits: a configuration of exactly 1 MiB is read" defaults.yaml full.dump

# What libyaml took 13 to 28 s over: deep nesting (flow and block), and
# 100k anchors, each under 1 MiB.
python3 -c "n = 200000; print('a: ' + '[' * n + ']' * n)" > flow.yaml
refused "400 KB of flow nesting" "proftop: flow.yaml:1:35: nested deeper than 32 levels" 1000 \
	"$PROFTOP" --config flow.yaml --dump-config
python3 -c "
for i in range(1000):
    print(' ' * i + 'k%d:' % i)" > block.yaml
refused "block nesting" "proftop: block.yaml:33:33: nested deeper than 32 levels" 1000 \
	"$PROFTOP" --config block.yaml --dump-config
python3 -c "print('columns: [' + ','.join('&%x x' % i for i in range(100000)) + ']')" > anchors.yaml
refused "100k anchors" "proftop: anchors.yaml:1:379: more than 64 anchors" 1000 \
	"$PROFTOP" --config anchors.yaml --dump-config
