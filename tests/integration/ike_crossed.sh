#!/usr/bin/env bash
# Both ends initiating at once between two ferryd (userspace dataplane, PSK,
# two namespaces joined by a veth): each router's Tunnel0 starts an IKE SA to
# the other, so each holds two IKE SAs whose CHILD_SAs protect one (src, dst,
# GRE) pair. Then a's own IKE SA goes (a's Tunnel0 is switched to an IPsec
# profile whose key b refuses, so the reconciler deletes it and no new one
# comes up): the policies pass to the survivor, b's IKE SA, and the pings
# that follow cross Tunnel0 in ESP, counted on both routers, not in the clear.
# Last b's Tunnel0 is switched likewise, so no IKE SA is left while the
# tunnel and its connected route stay up: a ping over it must be dropped at
# a (counted as no-sa) and no GRE may cross the underlay in clear (tshark).
set -euo pipefail
. "$(dirname "$0")/lib.bash"
it_init ike_crossed "$@"
[[ -c /dev/net/tun ]] || { echo "# ike_crossed: skipped (no /dev/net/tun)"; exit 0; }

A_ADDR=10.98.0.1
B_ADDR=10.98.0.2
PSK=lab-secret-13

it_router_pair $A_ADDR $B_ADDR
it_psk_tunnel_conf $A_ADDR $B_ADDR 1 $PSK >"$IT_TMP/a.conf"
it_psk_tunnel_conf $B_ADDR $A_ADDR 2 $PSK >"$IT_TMP/b.conf"
it_daemon "$NS_B" b "$IT_TMP/b.conf" --dataplane userspace
SOCK_B=$SOCK
it_daemon "$NS_A" a "$IT_TMP/a.conf" --dataplane userspace
SOCK_A=$SOCK

ready_count() { fy 'show crypto ikev2 sa' | grep -c ' READY' || true; }
ready_is() { [[ $(ready_count) == "$1" ]]; }
SOCK=$SOCK_A
check "a holds two IKE SAs with b (both initiated)" until_ok 20 ready_is 2
SOCK=$SOCK_B
check "b holds two IKE SAs with a" until_ok 10 ready_is 2
check "a pings b over Tunnel0" ip netns exec "$NS_A" "${PING[@]}" -c 2 -W 2 172.16.0.2

# refuse PEER KEY: this router's Tunnel0 moves to a profile authenticating with KEY, which PEER refuses.
refuse() {
	fy 'configure terminal' 'crypto ikev2 keyring KR2' ' peer P' "  address $1" "  pre-shared-key $2" \
		'crypto ikev2 profile PROF2' " match identity remote address $1 255.255.255.255" \
		' authentication remote pre-share' ' authentication local pre-share' ' keyring local KR2' \
		'crypto ipsec profile IPP2' ' set ikev2-profile PROF2' 'interface Tunnel0' \
		' tunnel protection ipsec profile IPP2' 'end' >/dev/null
}
# refused BY PEER KEY LEFT ...: BY's Tunnel0 refused (see refuse), then each "NAME SOCK WHAT" holds
# LEFT IKE SAs within 10 s.
refused() {
	local sock=$1 peer=$2 key=$3 left=$4 name wsock what
	SOCK=$sock refuse "$peer" "$key"
	shift 4
	for name; do
		read -r name wsock what <<<"$name"
		SOCK=$wsock check "$name $what" until_ok 10 ready_is "$left"
	done
}
refused "$SOCK_A" $B_ADDR not-b-s-key 1 "a $SOCK_A deleted its own IKE SA, b's is left" \
	"b $SOCK_B is left with its own IKE SA"
check "a's policies passed to the survivor" grep -q 'its policies now lead to' "$IT_TMP/a.log"

a0=$(it_esp_count "$SOCK_A") b0=$(it_esp_count "$SOCK_B")
check "a still pings b over Tunnel0" ip netns exec "$NS_A" "${PING[@]}" -c 3 -W 2 172.16.0.2
check "a's pings went in ESP: 3 encaps and 3 decaps" equals "$(it_esp_delta "$a0" "$(it_esp_count "$SOCK_A")")" "3 3"
check "b's answers went in ESP: 3 encaps and 3 decaps" equals "$(it_esp_delta "$b0" "$(it_esp_count "$SOCK_B")")" "3 3"

command -v tshark >/dev/null || { echo "# ike_crossed: no tshark, the no-SA checks are skipped"; it_finish; }
refused "$SOCK_B" $A_ADDR not-a-s-key 0 "b $SOCK_B deleted its IKE SA too" "a $SOCK_A holds no IKE SA"
SOCK=$SOCK_A
no_sa_drops() { fy 'show platform dataplane | json' | jq -r '.drops["no-sa"] // 0'; }
drops0=$(no_sa_drops)
ip netns exec "$NS_B" tshark -q -i eth0 -w "$IT_TMP/underlay.pcap" -a duration:6 -f 'ip proto 47' \
	>"$IT_TMP/tshark.log" 2>&1 &
TSHARK=$!
stop_tshark() { kill "$TSHARK" 2>/dev/null || true; }
it_on_cleanup stop_tshark
sleep 1.5
check "a's ping over the tunnel without SA fails" not ip netns exec "$NS_A" "${PING[@]}" -c 3 -W 1 172.16.0.2
wait "$TSHARK" || true
check "tshark captured on b's underlay" test -s "$IT_TMP/underlay.pcap"
check "no GRE crossed the underlay in clear" equals "$(tshark -r "$IT_TMP/underlay.pcap" 2>/dev/null | wc -l)" 0
check "a counted the pings as no-sa drops" test "$(($(no_sa_drops) - drops0))" -ge 3
it_finish
