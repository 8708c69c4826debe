# shellcheck shell=bash
# Sourced by tests/integration/*.sh: build lookup, namespaces, daemons, checks.
# A test calls it_init NAME "$@" first and it_finish last; everything it makes
# through these helpers is removed by the EXIT trap, whatever happens.

IT_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/lib.sh
. "$IT_TOP/tools/lib.sh"
IT_FAILS=0
IT_CHECKS=0
IT_PIDS=()
IT_NETNS=()
IT_ON_CLEANUP=()
IT_TIMEOUT=${IT_TIMEOUT:-10}

# it_init NAME [BUILD_DIR]: binaries from BUILD_DIR (default build/test, else the
# source tree when it is built in place), one scratch dir, the cleanup trap.
it_init() {
	IT_NAME=$1
	local build=${2:-}
	if [[ -z $build ]]; then
		build=$IT_TOP/build/test
		[[ -x $build/ferryd ]] || build=$IT_TOP
	fi
	BUILD=$(cd "$build" && pwd)
	FERRYD=$BUILD/ferryd
	FERRY=$BUILD/ferry
	[[ -x $FERRYD && -x $FERRY ]] || { echo "$IT_NAME: no ferryd/ferry in $BUILD (build first)" >&2; exit 1; }
	[[ $EUID -eq 0 ]] || { echo "$IT_NAME: needs root (network namespaces)" >&2; exit 1; }
	IT_TMP=$(mktemp -d "/tmp/ferry-it-$IT_NAME.XXXXXX")
	IT_PREFIX="fit-$IT_NAME-$$-"
	trap it_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	echo "# $IT_NAME: binaries from $BUILD, scratch $IT_TMP"
}

# Stops our daemons (by PID), deletes our namespaces, reports sanitizer findings.
it_cleanup() {
	local rc=$? pid ns c
	for c in "${IT_ON_CLEANUP[@]}"; do $c || rc=1; done
	for pid in "${IT_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || continue
		ferry_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
	done
	for ns in "${IT_NETNS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	[[ -z ${IT_TMUX:-} ]] || tmux -L "$IT_TMUX" kill-server 2>/dev/null || true
	if ! ferry_sanitizer_reports "$IT_TMP"/*.log "$IT_TMP"/*.log.* >"$IT_TMP/sanitizer.txt"; then
		echo "not ok - sanitizer reports (daemon logs, log_path files)"
		sed 's/^/#   /' "$IT_TMP/sanitizer.txt"
		rc=1
	fi
	rm -rf "$IT_TMP"
	exit "$rc"
}

# it_on_cleanup COMMAND: run COMMAND (a function name) first when the test exits.
it_on_cleanup() { IT_ON_CLEANUP+=("$1"); }

it_finish() {
	echo "# $IT_NAME: $((IT_CHECKS - IT_FAILS))/$IT_CHECKS checks passed"
	((IT_FAILS == 0)) || exit 1
	exit 0
}

# it_abort DESCRIPTION: a failure that leaves nothing else to test.
it_abort() {
	IT_CHECKS=$((IT_CHECKS + 1))
	IT_FAILS=$((IT_FAILS + 1))
	echo "not ok - $1 (the remaining checks cannot run)"
	it_finish
}

# check DESCRIPTION COMMAND...: one assertion; the command's output is shown
# only when it fails.
check() {
	local desc=$1 out rc=0
	shift
	IT_CHECKS=$((IT_CHECKS + 1))
	out=$("$@" 2>&1) || rc=$?
	if ((rc == 0)); then
		echo "ok - $desc"
	else
		IT_FAILS=$((IT_FAILS + 1))
		echo "not ok - $desc"
		[[ -z $out ]] || printf '%s\n' "$out" | head -n 40 | sed 's/^/#   /'
	fi
}

# Helpers for check: they print what they saw when they fail.
not() { ! "$@"; }
equals() { [[ $1 == "$2" ]] || { printf 'got:  %s\nwant: %s\n' "$1" "$2"; return 1; }; }
has_line() { grep -qxF -- "$2" <<<"$1" || { printf 'no line "%s" in:\n%s\n' "$2" "$1"; return 1; }; }
matches() { grep -qE -- "$2" <<<"$1" || { printf 'no match for /%s/ in:\n%s\n' "$2" "$1"; return 1; }; }

# until_ok SECONDS COMMAND...: polls COMMAND every 0.1 s.
until_ok() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

# it_netns NAME: a namespace of this test, in NS.
it_netns() {
	NS=$IT_PREFIX$1
	ip netns add "$NS"
	IT_NETNS+=("$NS")
	ip -n "$NS" link set lo up
}

# it_daemon NS NAME CONFIG [FERRYD_ARGS...]: ferryd -d in NS with socket
# $IT_TMP/NAME.sock and log $IT_TMP/NAME.log; sets PID and SOCK, waits until it answers.
it_daemon() {
	local ns=$1 name=$2 cfg=$3 rc=0
	shift 3
	SOCK=$IT_TMP/$name.sock
	FERRY_WAIT=$IT_TIMEOUT ferry_daemon "$BUILD" "$ns" "$cfg" "$SOCK" "$IT_TMP/$name.log" "$@" || rc=$?
	PID=$FERRY_PID
	IT_PIDS+=("$PID")
	return "$rc"
}

# fy COMMAND...: the shell on the current daemon, each argument one -c.
fy() {
	local args=() c
	for c; do args+=(-c "$c"); done
	"$FERRY" -S "$SOCK" "${args[@]}"
}

# The daemon is alive and answers show version.
answers() { kill -0 "$PID" && fy 'show version' | grep -q '^Ferry Software'; }

# it_stop PID: SIGTERM; returns the daemon's exit status.
it_stop() {
	local rc=0 i
	kill -TERM "$1"
	ferry_gone "$1" "$IT_TIMEOUT" || kill -KILL "$1"
	wait "$1" || rc=$?
	for i in "${!IT_PIDS[@]}"; do [[ ${IT_PIDS[i]} != "$1" ]] || unset 'IT_PIDS[i]'; done
	return "$rc"
}

# it_router_pair A_ADDR B_ADDR: namespaces a and b (NS_A, NS_B) joined by a veth, eth0 on
# each, up, holding A_ADDR/24 and B_ADDR/24; PING: ping, or busybox's where there is none.
it_router_pair() {
	PING=(ping)
	command -v ping >/dev/null || PING=(busybox ping)
	it_netns a; NS_A=$NS
	it_netns b; NS_B=$NS
	ip link add eth0 netns "$NS_A" type veth peer name eth0 netns "$NS_B"
	ip -n "$NS_A" addr add "$1/24" dev eth0
	ip -n "$NS_B" addr add "$2/24" dev eth0
	for ns in "$NS_A" "$NS_B"; do ip -n "$ns" link set eth0 up; done
}

# it_psk_tunnel_conf SELF PEER N PSK [PROFILE_LINES] [IPSEC_LINES]: router rN protecting
# Tunnel0 (172.16.0.N/24) to PEER with pre-shared key PSK; extra lines (each with its
# leading space) for the IKEv2 profile PROF and the IPsec profile IPP.
it_psk_tunnel_conf() {
	cat <<CONF
hostname r$3
crypto ikev2 keyring KR
 peer P
  address $2
  pre-shared-key $4
crypto ikev2 profile PROF
 match identity remote address $2 255.255.255.255
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
${5:+$5
}crypto ipsec profile IPP
 set ikev2-profile PROF
${6:+$6
}interface Tunnel0
 ip address 172.16.0.$3 255.255.255.0
 tunnel source $1
 tunnel destination $2
 tunnel protection ipsec profile IPP
CONF
}

# it_esp_count SOCK: "ENCAPS DECAPS" of the daemon at SOCK, summed over every flow (both
# ends may initiate: one SA pair each).
it_esp_count() {
	SOCK=$1 fy 'show crypto ipsec sa | json' |
		jq -r '"\([.flows[].pkts_encaps] | add // 0) \([.flows[].pkts_decaps] | add // 0)"'
}

# it_esp_delta BEFORE AFTER: "ENCAPS DECAPS" counted in between.
it_esp_delta() {
	local e0 d0 e1 d1
	read -r e0 d0 <<<"$1"
	read -r e1 d1 <<<"$2"
	echo "$((e1 - e0)) $((d1 - d0))"
}
