#!/usr/bin/env bash
# Compressed dumps and archives of dumps, made here with the real tools:
# gzip, bzip2, xz, zstd, lz4; tar (plain and compressed) and zip.  Each must
# print what the plain dump prints (the header's file line aside), members
# open as ARCHIVE:MEMBER, a whole archive stands for its dumps in archive
# order, and damaged archives and bombs fail with the member and offset.
. "$(dirname "$0")/../lib.sh"

py3=$(newest_python3)
if [ -z "$py3" ]; then
	skip "archives: no Python 3 to make dumps"
	exit 0
fi
cd "$TESTTMP" || exit 1
"$py3" "$SRCDIR/tests/data/gen_dumps.py" dumps >/dev/null 2>&1 || { fail "gen_dumps.py failed"; exit 0; }
mkdir -p runs
cp dumps/cprofile-v4.prof runs/a.prof
cp dumps/cprofile-b.prof runs/b.prof
cp dumps/profile-v4.prof runs/p.prof
echo "not a dump" >runs/README.txt

# body FILE...: the report after the header's file lines.
body() {
	"$PROFTOP" --print "$@" | sed '1,/^$/d'
}
body runs/a.prof >a.body

# same_as_a TAG FILE [NAME]: prints as runs/a.prof does, the header naming
# NAME (default FILE).
same_as_a() {
	local tag=$1 file=$2 name=${3:-$2}
	if ! "$PROFTOP" --print "$file" >out.txt 2>err.txt; then
		fail "$tag: exit status $?"
		sed 's/^/    /' err.txt | head -3
		return
	fi
	sed '1,/^$/d' out.txt >out.body
	same_text "$tag" a.body out.body
	check "$tag: the header names it" grep -q "    $name\$" out.txt
}

# fails TAG STATUS PATTERN ARGS...: exit STATUS and stderr matching PATTERN.
fails() {
	local tag=$1 status=$2 pattern=$3
	shift 3
	"$PROFTOP" --print "$@" >/dev/null 2>err.txt
	local rc=$?
	if [ $rc -eq "$status" ] && grep -Eq -- "$pattern" err.txt; then
		pass "$tag"
	else
		fail "$tag (exit $rc)"
		sed 's/^/    /' err.txt | head -3
	fi
}

# ---- single compressed dumps, detected by content ----
for tool in gzip bzip2 xz zstd lz4; do
	if ! command -v $tool >/dev/null; then
		skip "$tool: not installed"
		continue
	fi
	$tool -c runs/a.prof >a.prof.$tool 2>/dev/null
	same_as_a "$tool" a.prof.$tool
done
cp a.prof.gzip misnamed.prof
same_as_a "gzip named .prof" misnamed.prof
cp runs/a.prof plain.gz
same_as_a "plain dump named .gz" plain.gz

# ---- archives ----
# members FILE: member paths in archive order.
members() {
	case "$1" in
	*.zip) unzip -Z1 "$1" ;;
	*) tar tf "$1" ;;
	esac
}
made=()
tar cf runs.tar runs && made+=(runs.tar)
tar czf runs.tar.gz runs && made+=(runs.tar.gz)
tar cjf runs.tar.bz2 runs && made+=(runs.tar.bz2)
tar cJf runs.tar.xz runs && made+=(runs.tar.xz)
if command -v zstd >/dev/null; then
	tar cf - runs | zstd -q >runs.tar.zst && made+=(runs.tar.zst)
fi
if command -v zip >/dev/null; then
	zip -qr runs.zip runs && made+=(runs.zip)
else
	skip "zip: not installed"
fi
for ar in "${made[@]}"; do
	same_as_a "$ar member" "$ar:runs/a.prof"
	# The whole archive: its dumps in archive order, as if named one by one.
	files=()
	while read -r m; do
		case "$m" in *.prof) files+=("$m") ;; esac
	done < <(members "$ar")
	body "${files[@]}" >want.body
	body "$ar" >got.body
	same_text "$ar: all dumps merged in archive order" want.body got.body
	"$PROFTOP" --print "$ar" | sed '/^$/q' | grep -c "    $ar:runs/.*\.prof\$" >n.txt
	check "$ar: one header line per dump" test "$(cat n.txt)" -eq 3
	# --list: one line per member; the dumps with pstats' call count.
	"$PROFTOP" --list "$ar" >list.txt
	calls=$("$PROFTOP" --print runs/a.prof | awk '/function calls/ { print $1; exit }')
	check "$ar: --list counts the calls" \
		grep -Eq "^ +[0-9]+ +$calls +[0-9.]+ $ar:runs/a.prof\$" list.txt
	check "$ar: --list shows other members" grep -q "runs/README.txt  (not a pstats dump)" list.txt
done
# --list on a compressed or plain dump: one line, the file itself.
"$PROFTOP" --list a.prof.gzip runs/a.prof >list.txt
check "--list: a compressed dump is one line" grep -Eq "^ +[0-9]+ +$calls +[0-9.]+ a.prof.gzip\$" list.txt
check "--list: a plain dump is one line" grep -Eq "^ +[0-9]+ +$calls +[0-9.]+ runs/a.prof\$" list.txt
"$PROFTOP" --list nodump.tar.missing >/dev/null 2>&1
check "--list: a missing file is an input error" test $? -eq 2
# Archives mix with plain files, in pstats' merge order.
body runs/a.prof runs/p.prof runs/b.prof dumps/cprofile-v3.prof >want.body 2>/dev/null
tar cf ab.tar runs/a.prof runs/p.prof
tar cf b3.tar runs/b.prof
body ab.tar b3.tar dumps/cprofile-v3.prof >got.body 2>/dev/null
same_text "archives and files merge like the files named in order" want.body got.body
# tar -C dir . stores "./a.prof": either spelling opens it.
tar cf dot.tar -C runs .
same_as_a "member without its ./" dot.tar:a.prof dot.tar:./a.prof

# ---- errors: the member and the offset ----
fails "missing member" 2 "runs.tar: no member 'runs/nope.prof' in this archive" runs.tar:runs/nope.prof
fails "member of a plain file" 2 "not an archive: it has no member 'x'" runs/a.prof:x
fails "a non-dump member is read as a dump" 2 "runs.tar:runs/README.txt: offset 0: not a pstats dump" runs.tar:runs/README.txt
# Empty members (.keep files) are not dumps, nor is a hard link to a member
# already read (tar stores it without data).
: >runs/.keep
ln runs/a.prof runs/hardlink.prof
tar cf withempty.tar runs/a.prof runs/.keep runs/hardlink.prof
rm runs/.keep runs/hardlink.prof
body runs/a.prof >want.body
body withempty.tar >got.body 2>&1
same_text "empty members and hard links are skipped" want.body got.body
tar cf nodump.tar runs/README.txt
fails "archive without dumps" 2 "no pstats dump among the 1 members" nodump.tar
size=$(stat -c %s a.prof.gzip)
head -c $((size / 2)) a.prof.gzip >trunc.prof.gz
# (A small stream fails while libarchive looks ahead: no offset known then.)
fails "truncated gzip" 2 "^proftop: trunc.prof.gz: (offset [0-9]+: )?truncated gzip input" trunc.prof.gz
# A member big enough (incompressible) that the cut falls in its data,
# past what libarchive reads ahead when it opens the archive.
{ printf '{'; head -c 300000 /dev/urandom; } >noise.prof
tar czf cut.tar.gz runs/a.prof noise.prof
size=$(stat -c %s cut.tar.gz)
head -c $((size * 2 / 3)) cut.tar.gz >trunc.tar.gz
fails "truncated tar.gz names the member and offset" 2 \
	"^proftop: trunc.tar.gz:noise.prof: offset [0-9]+: truncated gzip input \\(compressed input offset [0-9]+\\)" trunc.tar.gz
# The second member's header: after the first header and its data.
first=$(tar tvf runs.tar | awk 'NR == 1 { print $3 }')
hdr=$((512 + (first + 511) / 512 * 512))
cp runs.tar badhdr.tar
printf 'XXXXXXXX' | dd of=badhdr.tar bs=1 seek=$((hdr + 148)) conv=notrunc status=none
m1=$(tar tf runs.tar | head -1)
fails "corrupted tar header names the member before it" 2 \
	"^proftop: badhdr.tar: offset [0-9]+: damaged archive after member '$m1'" badhdr.tar
if [ -e runs.zip ]; then
	# Garbage in the first member's compressed data.
	cp runs.zip badzip.zip
	printf 'garbagegarbagegarbage' | dd of=badzip.zip bs=1 seek=200 conv=notrunc status=none
	fails "corrupted zip data names the member" 2 "^proftop: badzip.zip(:runs/[a-zA-Z.]+)?: offset [0-9]+: " badzip.zip
fi

# ---- bombs: stopped at the limit, with bounded memory ----
# 100 MB that starts like a dump, in about 100 KB of gzip: past the
# 64 MiB floor and far past 256 times the input.
{ printf '{'; head -c 100000000 /dev/zero; } | gzip >bomb.prof.gz
start=$(date +%s%N)
fails "gzip bomb" 2 "^proftop: bomb.prof.gz: offset [0-9]+: decompresses to more than [0-9]+ bytes" bomb.prof.gz
echo "    gzip bomb refused in $((($(date +%s%N) - start) / 1000000)) ms"
# A tar member whose header declares it too big is refused before reading.
{ printf '{'; head -c 100000000 /dev/zero; } >big.prof
if command -v zstd >/dev/null; then
	tar cf - big.prof | zstd -q >bomb.tar.gz    # named .gz: content decides
else
	tar czf bomb.tar.gz big.prof
fi
rm -f big.prof
start=$(date +%s%N)
fails "tar bomb" 2 "^proftop: bomb.tar.gz:big.prof: offset [0-9]+: decompresses to more than" bomb.tar.gz
echo "    tar bomb refused in $((($(date +%s%N) - start) / 1000000)) ms"
# Members within the limit one by one, past it together.
mkdir -p many
# (a real dump then padding: marshal stops at the dict's end)
for i in 1 2 3; do { cat runs/a.prof; head -c 30000000 /dev/zero; } >many/m$i.prof; done
tar czf many.tar.gz many
rm -rf many
fails "members past the limit together" 2 \
	"^proftop: many.tar.gz:many/m3.prof: offset [0-9]+: with the members before it, the archive decompresses to more than" many.tar.gz
# Skipping a member costs its decompression: a huge non-dump counts too.
{ head -c 100000000 /dev/zero; } >huge.log
tar czf withlog.tar.gz runs/a.prof huge.log
rm -f huge.log
fails "a huge non-dump member is a bomb too" 2 "^proftop: withlog.tar.gz:huge.log: offset [0-9]+: " withlog.tar.gz
if command -v zstd >/dev/null; then
	{ printf '{'; head -c 100000000 /dev/zero; } | zstd -q >bomb.prof.zst
	fails "zstd bomb" 2 "decompresses to more than" bomb.prof.zst
fi
# A real dump is far from the limit: the ratio cap leaves room.
check "a real dump compresses far below the ratio cap" \
	test $(($(stat -c %s runs/a.prof) / $(stat -c %s a.prof.gzip))) -lt 64

# ---- detection by content: a dump is not taken for an archive ----
# "ustar" at byte 257 inside a function name, and a zip end record after
# the dict: only a tar header whose checksum holds makes a tar.
"$py3" - <<'PY'
import marshal
name = "f" * 600
d = {("m.py", i, name): (1, 1, 0.25, 0.25, {}) for i in range(3)}
b = bytearray(marshal.dumps(d))
at = b.index(name.encode())
b[257:262] = b"ustar"
assert at < 257 and at + 600 > 262
open("ustar.prof", "wb").write(bytes(b) + b"PK\x05\x06" + bytes(18))
PY
"$PROFTOP" --print ustar.prof >ustar.txt 2>&1
check "a dump with 'ustar' at byte 257 and a zip end record is read as a dump" \
	grep -q "3 function calls in 0.750 seconds" ustar.txt
# A real tar whose first member's name starts with '{' stays a tar.
mkdir -p braces && cp runs/a.prof 'braces/{a}.prof'
(cd braces && tar cf ../braces.tar '{a}.prof')
same_as_a "a tar whose first member starts with '{' is a tar" braces.tar 'braces.tar:{a}.prof'

# A compressed input whose checksum does not match is an error naming it,
# whatever was read before the end.  libarchive never checks gzip's CRC and
# stops reading a compressed tar at its end-of-archive blocks; so one byte
# flipped in turn at 24 offsets across a compressed tar of three dumps
# (and of a single compressed dump): wherever the compressor's own test
# fails (gzip -t, xz -t...), --list and --print of a member must fail too.
# The counts: corrupt inputs tried, and how many proftop still accepted.
flip() {   # flip FILE OFFSET OUT: OUT is FILE with the byte at OFFSET xor 0x40
	cp "$1" "$3"
	local b
	b=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 64)))" | dd of="$3" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
mkdir -p crc/src
cp runs/a.prof runs/b.prof runs/p.prof crc/src/
for z in gzip xz bzip2 zstd; do
	command -v $z >/dev/null || { skip "corrupt $z: $z not installed"; continue; }
	(cd crc && tar cf - src | $z -c >t.$z && $z -c <src/a.prof >a.$z) 2>/dev/null
	for f in crc/t.$z crc/a.$z; do
		size=$(stat -c %s "$f") tried=0 accepted=0
		for ((off = 10; off < size; off += size / 24 + 1)); do
			flip "$f" $off crc/bad
			$z -t <crc/bad >/dev/null 2>&1 && continue
			tried=$((tried + 1))
			if [ "$f" = crc/t.$z ]; then
				"$PROFTOP" --list crc/bad >/dev/null 2>&1 && accepted=$((accepted + 1)) && continue
				"$PROFTOP" --print crc/bad:src/b.prof >/dev/null 2>&1 && accepted=$((accepted + 1))
			else
				"$PROFTOP" --print crc/bad >/dev/null 2>&1 && accepted=$((accepted + 1))
			fi
		done
		echo "    corrupt ${f#crc/}: $tried inputs $z -t refuses, $accepted accepted"
		check "corrupt ${f#crc/}: none of $tried corrupt inputs accepted" test $tried -gt 0 -a $accepted -eq 0
	done
done
# The gzip CRC alone wrong (the data intact): the message names the file.
if command -v gzip >/dev/null; then
	size=$(stat -c %s crc/t.gzip)
	flip crc/t.gzip $((size - 8)) crc/crc.tgz
	"$PROFTOP" --print crc/crc.tgz:src/a.prof >/dev/null 2>err.txt
	check "gzip CRC wrong: exit 2" test $? -eq 2
	check "gzip CRC wrong: the message names the file" grep -q '^proftop: crc/crc.tgz: .*incorrect data check' err.txt
	"$PROFTOP" --list crc/crc.tgz >/dev/null 2>err.txt
	check "gzip CRC wrong: --list fails too" grep -q 'incorrect data check' err.txt
fi
# ---- many small members (issue 15) ----
# 5,000 copies of a small dump: each member's profile is held until the
# merge, so its arrays must be as small as its dump (they were sized for a
# thousand functions each: 300 MB here).  The bound is ten times the 5 MB
# that the members' own data and the program take.
"$py3" - <<'PY'
import io, tarfile
data = open("runs/a.prof", "rb").read()
with tarfile.open("many.tar.gz", "w:gz") as t:
    for i in range(5000):
        ti = tarfile.TarInfo("m/%d.prof" % i)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
PY
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o many.kb "$PROFTOP" --print many.tar.gz >many.txt 2>&1
	# ASan's redzones and quarantine multiply the heap (as hostile's limits say)
	many_limit=51200
	{ ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; } && many_limit=$((many_limit * 6))
	check "5,000 small members merge in bounded memory ($(tail -1 many.kb) KB, limit $many_limit)" \
		test "$(tail -1 many.kb)" -lt "$many_limit"
	check "5,000 small members: every call counted" \
		grep -q "^ *$(( $("$PROFTOP" --print runs/a.prof | sed -n 's/^ *\([0-9]*\) function calls.*/\1/p') * 5000 )) function calls" many.txt
else
	skip "many small members: no GNU time"
fi

# ---- members merged as they stream (issue 15) ----
# Small dumps of a few functions each, drawn from a shared pool: the output
# is pstats' own, adding the members in the same order.
"$py3" "$SRCDIR/bench/gen_members.py" 300 pool.tar.gz
"$py3" - <<'PY'
import io, pstats, sys, tarfile
with tarfile.open("pool.tar.gz") as t:
    names = [m.name for m in t.getmembers() if m.isfile()]
    t.extractall("pool", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
paths = ["pool/" + n for n in names]
for how, sort in (("print_stats", "cumulative"), ("print_callers", "time")):
    out = io.StringIO()
    s = pstats.Stats(*paths, stream=out).sort_stats(sort)
    getattr(s, how)()
    open("pool.%s" % how, "w").write(out.getvalue().split("\n\n", 1)[1])
PY
"$PROFTOP" --print --sort cumulative pool.tar.gz | sed '1,/^$/d' >pool.got
same_text "300 members: what pstats prints adding them in order" pool.print_stats pool.got
"$PROFTOP" --print --callers --sort time pool.tar.gz | sed '1,/^$/d' >pool.got
same_text "300 members: pstats' callers" pool.print_callers pool.got
# 20,000 of them: time and memory follow the data (30 MB of dumps), not the
# count (a profile per member took 2.8 s and 460 MB).
if [ -x /usr/bin/time ]; then
	"$py3" "$SRCDIR/bench/gen_members.py" 20000 members.tar.gz
	# (under ASan, its quarantine of freed blocks, 256 MB by default, would
	# be measured instead of proftop: kept small)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16 \
		/usr/bin/time -f '%U %S %M' -o members.res "$PROFTOP" --print members.tar.gz >members.txt 2>&1
	read -r user sys kb <members.res
	ms=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
	ms_limit=2000 kb_limit=102400
	{ ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; } &&
		ms_limit=$((ms_limit * 5)) kb_limit=$((kb_limit * 6))
	check "20,000 members merge in under $ms_limit ms of CPU ($ms ms)" test "$ms" -lt "$ms_limit"
	check "20,000 members merge in under $kb_limit KB ($kb KB)" test "$kb" -lt "$kb_limit"
	check "20,000 members: one header line each" \
		test "$(grep -c '    members.tar.gz:m/[0-9]*\.prof$' members.txt)" -eq 20000
else
	skip "20,000 members: no GNU time"
fi

# ---- an error names a long member whole ----
"$py3" - <<'PY'
import io, tarfile
name = "/".join(["d" * 150] * 4) + "/x.prof"
with tarfile.open("longname.tar", "w", format=tarfile.PAX_FORMAT) as t:
    ti = tarfile.TarInfo(name)
    ti.size = 10
    t.addfile(ti, io.BytesIO(b"{truncated"))
open("longname.txt", "w").write("longname.tar:" + name)
PY
long=$(cat longname.txt)
"$PROFTOP" --print "$long" >/dev/null 2>err.txt
check "a ${#long}-byte ARCHIVE:MEMBER name is reported whole" \
	grep -qF "proftop: $long: offset " err.txt
"$PROFTOP" --list longname.tar >list.txt 2>&1
check "--list: a long member's decoding error names it whole" grep -qF "($long: offset " list.txt
