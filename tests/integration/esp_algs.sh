#!/usr/bin/env bash
# ESP transforms beyond AES-GCM-128 carrying traffic between two ferryd with
# the userspace dataplane, PSK, in two namespaces joined by a veth. For each
# of "esp-gcm 256" and "esp-aes 256 esp-sha512-hmac": a's IPsec profile names
# a transform set of it alone, so a offers only that (b answers from Ferry's
# default offer); both reach READY, show crypto ipsec sa names the transform
# on both sides and pings cross Tunnel0; tshark finds them as ESP both ways
# on the veth, with nothing malformed or suspicious; show crypto ipsec sa
# | json on each router counts exactly the 3 pings as encaps and decaps.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
it_init esp_algs "$@"
[[ -c /dev/net/tun ]] || { echo "# esp_algs: skipped (no /dev/net/tun)"; exit 0; }

A_ADDR=10.95.0.1
B_ADDR=10.95.0.2
PSK=lab-secret-11
it_router_pair $A_ADDR $B_ADDR

# conf SELF PEER N [TRANSFORMS]: router N protecting Tunnel0 (172.16.0.N/24) to PEER, with a transform set if given.
conf() {
	[[ -z ${4:-} ]] || printf 'crypto ipsec transform-set TS %s\n' "$4"
	it_psk_tunnel_conf "$1" "$2" "$3" "$PSK" "" "${4:+ set transform-set TS}"
}

ready() { fy 'show crypto ikev2 sa' | grep -q ' READY'; }
ip netns exec "$NS_A" tshark -q -i eth0 -w "$IT_TMP/esp.pcapng" -f 'esp or udp port 4500' >"$IT_TMP/tshark.log" 2>&1 &
TSHARK_PID=$!
IT_PIDS+=("$TSHARK_PID")
until_ok 15 grep -q 'Capture started' "$IT_TMP/tshark.log" || it_abort "tshark did not start capturing"

# round NAME TRANSFORMS SHOWN: one SA of that transform set, traffic over it, both daemons stopped.
round() {
	conf $A_ADDR $B_ADDR 1 "$2" >"$IT_TMP/a-$1.conf"
	conf $B_ADDR $A_ADDR 2 >"$IT_TMP/b-$1.conf"
	it_daemon "$NS_B" "b-$1" "$IT_TMP/b-$1.conf" --dataplane userspace
	local pid_b=$PID sock_b=$SOCK
	it_daemon "$NS_A" "a-$1" "$IT_TMP/a-$1.conf" --dataplane userspace
	check "$1: a reaches READY with b" until_ok 20 ready
	check "$1: a's CHILD_SA uses $3" matches "$(fy 'show crypto ipsec sa')" "transform: $3 ,"
	# Nothing else crosses Tunnel0 (no routing protocol): exactly the pings, counted on both ends.
	local a0 b0
	a0=$(it_esp_count "$SOCK") b0=$(it_esp_count "$sock_b")
	check "$1: a pings b over Tunnel0" ip netns exec "$NS_A" "${PING[@]}" -c 3 -W 2 172.16.0.2
	check "$1: a's ipsec sa counts 3 encaps and 3 decaps" equals "$(it_esp_delta "$a0" "$(it_esp_count "$SOCK")")" "3 3"
	check "$1: b's ipsec sa counts 3 encaps and 3 decaps" equals "$(it_esp_delta "$b0" "$(it_esp_count "$sock_b")")" "3 3"
	SOCK=$sock_b
	check "$1: b's CHILD_SA uses $3" matches "$(fy 'show crypto ipsec sa')" "transform: $3 ,"
	it_stop "$PID" || true
	it_stop "$pid_b" || true
}
round gcm256 "esp-gcm 256" "esp-gcm 256"
round cbc256sha512 "esp-aes 256 esp-sha512-hmac" "esp-256-aes esp-sha512-hmac"

sleep 0.5
kill -TERM "$TSHARK_PID" && wait "$TSHARK_PID" || true
esp_from() { tshark -r "$IT_TMP/esp.pcapng" -Y "esp && ip.src == $1" 2>/dev/null | wc -l; }
check "tshark: a's pings in ESP, both rounds" test "$(esp_from $A_ADDR)" -ge 6
check "tshark: b's answers in ESP, both rounds" test "$(esp_from $B_ADDR)" -ge 6
check "tshark: no malformed packets or warnings" equals \
	"$(tshark -r "$IT_TMP/esp.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)" ""
it_finish
