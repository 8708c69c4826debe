#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# Hostile input to ferry, ferryd and ferryd --check: binary bytes, a 10 MB
# line, truncated commands and frames, unbalanced modes. Each is reported as
# an error, nothing crashes, and the daemon still answers afterwards.
# usage: tests/integration/badinput.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
it_init badinput "$@"

it_netns b
cfg=$IT_TMP/r1.cfg
cp "$IT_TOP/etc/R1-HUB.cfg" "$cfg"
it_daemon "$NS" r1 "$cfg" || it_abort "ferryd starts and answers"

# Every byte value, 16 times over, NULs and newlines included.
binary() { perl -e 'print map { chr } 0 .. 255 for 1 .. 16'; }
ten_mb() { head -c 10485760 /dev/zero | tr '\0' "$1"; }

# rejected STATUS: the command failed as a command (1), not by a signal or a
# lost connection (2 and above).
rejected() { equals "$1" 1; }

out=$(binary | "$FERRY" -S "$SOCK" 2>&1)
check "binary bytes on ferry's stdin: rejected (exit 1)" rejected "$?"
check "binary bytes: an IOS error is printed" matches "$out" '^% '
check "daemon answers after binary input" answers

out=$({ ten_mb a; echo; } | "$FERRY" -S "$SOCK" 2>&1)
check "10 MB line on ferry's stdin: rejected (exit 1)" rejected "$?"
check "10 MB line: an error is printed" matches "$out" '^% '
check "daemon answers after the 10 MB line" answers

# One argv string is at most 128 KiB (MAX_ARG_STRLEN): the longest -c possible.
out=$(fy "show $(head -c 130000 /dev/zero | tr '\0' x) version" 2>&1)
check "130 kB -c argument: rejected (exit 1)" rejected "$?"
check "daemon answers after the 130 kB -c argument" answers

fy $'show \x01\x02\x7f\xff version' >/dev/null 2>&1
check "control bytes in a -c command: rejected (exit 1)" rejected "$?"
fy $'hostname \xff\xfe' >/dev/null 2>&1
check "invalid UTF-8 after a keyword: rejected or accepted, but no crash" test "$?" -le 1
check "daemon answers after control bytes" answers

# Truncated commands: incomplete or unknown prefixes.
for c in 'sh' 'show ip' 'show ip interface' 'configure terminal' 'co' 'c' 'show running-c x' '' ' ' '?' '|' 'show version |' 'show version | include'; do
	out=$(fy "$c" 2>&1)
	check "truncated command '$c': no crash (exit $?)" test "$?" -le 1
done
out=$(fy 'show ip' 2>&1)
check "'show ip': % Incomplete command." has_line "$out" '% Incomplete command.'
check "daemon answers after truncated commands" answers

# Unbalanced modes: leaving modes that are not entered, sub-mode commands at
# the top, a session that ends inside configuration mode.
fy 'end' 'exit-address-family' 'exit' >/dev/null 2>&1
check "end / exit-address-family in EXEC: rejected (exit 1)" rejected "$?"
fy 'configure terminal' 'exit' 'exit' 'exit' >/dev/null 2>&1
check "exit past EXEC ends the session quietly" test "$?" -le 1
fy 'configure terminal' 'interface Tunnel0' 'end' 'end' 'exit' >/dev/null 2>&1
check "end twice: no crash" test "$?" -le 1
fy 'configure terminal' 'interface Tunnel0' >/dev/null 2>&1
check "session ending inside interface mode: exit 0" equals "$?" 0
check "a new session starts in privileged EXEC" matches "$(fy 'show version' 2>&1)" '^Ferry Software'
out=$(printf 'configure terminal\ninterface Tunnel0\nexit\nexit\nexit\nexit\nshow version\n' | "$FERRY" -S "$SOCK" 2>&1)
check "piped exits past EXEC: no crash (exit $?)" test "$?" -le 1
check "daemon answers after unbalanced modes" answers

# Raw frames on the control socket (type byte, 4-byte big-endian length, payload):
# garbage, a half header, a frame cut short, a huge length, an unknown type,
# a valid frame carrying binary; each connection then closes. The daemon may
# close first: a failed write is fine, a failed connect is not.
raw() {
	perl -MIO::Socket::UNIX -e '
		$SIG{PIPE} = "IGNORE";
		my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!\n";
		print $s pack("H*", $ARGV[1]); shutdown($s, 1);
		my $buf; while (sysread($s, $buf, 65536)) {}' "$SOCK" "$1"
}
frames=(
	"$(binary | od -An -tx1 -v | tr -d ' \n')"
	"580000"
	"5800000064$(printf '41%.0s' {1..10})"
	"58ffffffff"
	"5a00000000"
	"580000000a0001020300fffe0a0d"
	"4c000000004c00000000"
)
for f in "${frames[@]}"; do
	check "raw frame ${f:0:16}...: sent" raw "$f"
	check "raw frame ${f:0:16}...: daemon alive and answering" answers
done

# --check on hostile files: binary, a 10 MB line, a file cut mid-line.
binary >"$IT_TMP/binary.cfg"
out=$("$FERRYD" --check -f "$IT_TMP/binary.cfg" 2>&1)
check "--check binary file: exit 1" equals "$?" 1
check "--check binary file: FILE:LINE: reports" matches "$out" "^$IT_TMP/binary.cfg:[0-9]+: "
{ echo 'hostname BIG'; ten_mb b; printf '\n!\nend\n'; } >"$IT_TMP/big.cfg"
out=$("$FERRYD" --check -f "$IT_TMP/big.cfg" 2>&1)
check "--check 10 MB line: exit 1" equals "$?" 1
check "--check 10 MB line: reported at line 2" matches "$(head -c 300 <<<"$out")" "^$IT_TMP/big.cfg:2: "
check "--check 10 MB line: the only problem" equals "$(grep -c "^$IT_TMP/big.cfg:" <<<"$out")" 1
printf 'hostname CUT\ninterface Ethernet0/0\n ip addr' >"$IT_TMP/cut.cfg"
out=$("$FERRYD" --check -f "$IT_TMP/cut.cfg" 2>&1)
check "--check file cut mid-command: exit 1, line 3 reported" \
	equals "$?:$(sed -n "s|^$IT_TMP/cut.cfg:\([0-9]*\): .*|\1|p" <<<"$out")" 1:3

# The daemon reloads a hostile file and keeps running.
cp "$IT_TMP/big.cfg" "$cfg"
kill -HUP "$PID"
bigname() { fy 'show running-config' | grep -qx 'hostname BIG'; }
check "SIGHUP with a 10 MB line: the rest of the file applies" until_ok "$IT_TIMEOUT" bigname
check "daemon answers after the hostile reload" answers

it_stop "$PID"
check "SIGTERM after all that: exit 0" equals "$?" 0

it_finish
