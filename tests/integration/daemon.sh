#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# The process contract of ferryd and ferry -c: --check, the control socket,
# exit statuses, SIGHUP reload, write memory, SIGTERM, a second daemon.
# usage: tests/integration/daemon.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
it_init daemon "$@"

# --check: the seed configs load clean and quietly.
for cfg in "$IT_TOP"/etc/*.cfg; do
	out=$("$FERRYD" --check -f "$cfg" 2>&1)
	rc=$?
	check "--check ${cfg##*/} exits 0" equals "$rc" 0
	check "--check ${cfg##*/} prints nothing" equals "$(head -n 5 <<<"$out")" ""
done

# --check: a broken config gives FILE:LINE: for exactly the broken lines.
broken=$IT_TMP/broken.cfg
cat >"$broken" <<'EOF'
hostname BROKEN
!
interface Ethernet0/0
 description fine
 bogus-command here
!
hostnme X
hostname
!
end
EOF
out=$("$FERRYD" --check -f "$broken" 2>&1)
rc=$?
check "--check broken config exits 1" equals "$rc" 1
check "--check broken config: every line is FILE:LINE: message" \
	not grep -vE "^$broken:[0-9]+: ." <<<"$out"
check "--check broken config: lines 5, 7 and 8 reported" \
	equals "$(sed -n "s|^$broken:\([0-9]*\): .*|\1|p" <<<"$out" | sort -nu | tr '\n' ' ')" "5 7 8 "

# The daemon in a namespace, on a copy of the hub's config.
it_netns d
cfg=$IT_TMP/r1.cfg
cp "$IT_TOP/etc/R1-HUB.cfg" "$cfg"
it_daemon "$NS" r1 "$cfg" || it_abort "ferryd starts and answers"
check "control socket mode is 0600" equals "$(stat -c %a "$SOCK")" 600
check "ferry -c 'show version' exits 0" fy 'show version'
fy 'show bogus' >/dev/null 2>&1
check "ferry -c on a bad command exits 1" equals "$?" 1
fy 'show version' 'show bogus' 'show version' >/dev/null 2>&1
check "ferry with one bad -c among good ones exits 1" equals "$?" 1
check "show running-config has the hostname" has_line "$(fy 'show running-config')" "hostname R1-HUB"
check "show running-config interface (abbreviated) prints that block" \
	has_line "$(fy 'sh run int virtual-t 1')" "interface Virtual-Template1 type tunnel"
check "show running-config interface leaves other interfaces out" \
	equals "$(fy 'show running-config interface Loopback0' | grep -c '^interface')" 1

# SIGHUP applies the edited file.
sed -i 's/^hostname R1-HUB$/hostname R1-RELOADED/' "$cfg"
kill -HUP "$PID"
reloaded() { fy 'show running-config' | grep -qx 'hostname R1-RELOADED'; }
check "SIGHUP: the new hostname is running" until_ok "$IT_TIMEOUT" reloaded
check "SIGHUP: the log mentions the reload" grep -qi 'reload' "$IT_TMP/r1.log"

# write memory: atomic replacement (a new inode, no temporary left), mode 0600,
# the file is the running-config body, and loading it gives the same again.
body() { fy 'show running-config' | awk 'f; /^Current configuration/ {f = 1}' | awk '{print} /^end$/ {exit}'; }
inode=$(stat -c %i "$cfg")
check "write memory exits 0" fy 'write memory'
check "write memory replaced the file (new inode)" not equals "$(stat -c %i "$cfg")" "$inode"
check "write memory left no temporary file" equals "$(find "$IT_TMP" -name 'r1.cfg?*' | head -n 3)" ""
check "written file mode is 0600" equals "$(stat -c %a "$cfg")" 600
before=$(body)
check "written file == running-config body" equals "$(cat "$cfg")" "$before"
check "--check on the written file: clean" equals "$("$FERRYD" --check -f "$cfg" 2>&1; echo "rc=$?")" "rc=0"
cp "$cfg" "$IT_TMP/written.cfg"
reloads() { grep -ci 'reload' "$IT_TMP/r1.log"; }
n=$(reloads)
kill -HUP "$PID"
more_reloads() { (($(reloads) > n)); }
check "SIGHUP again: reloaded (log)" until_ok "$IT_TIMEOUT" more_reloads
check "reloading the written file: same running-config" equals "$(body)" "$before"
fy 'write memory' >/dev/null
check "writing again: the same bytes" cmp "$cfg" "$IT_TMP/written.cfg"

# A second daemon on the same socket refuses to start; the first keeps running.
out=$(ip netns exec "$NS" timeout 10 "$FERRYD" -d -f "$cfg" -S "$SOCK" 2>&1)
rc=$?
check "second ferryd on the same socket exits non-zero (exit $rc)" test "$rc" -ne 0 -a "$rc" -ne 124
check "second ferryd names the socket in its message" grep -qF "$SOCK" <<<"$out"
check "the first daemon still answers" answers

# SIGTERM: exit 0, socket removed.
it_stop "$PID"
check "SIGTERM: exit status 0" equals "$?" 0
check "SIGTERM: socket removed" not test -e "$SOCK"

it_finish
