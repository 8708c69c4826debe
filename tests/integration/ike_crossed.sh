#!/usr/bin/env bash
# Both ends initiating at once between two ferryd (userspace dataplane, PSK,
# two namespaces joined by a veth): each router's Tunnel0 starts an IKE SA to
# the other, so each holds two IKE SAs whose CHILD_SAs protect one (src, dst,
# GRE) pair. Then a's own IKE SA goes (a's Tunnel0 is switched to an IPsec
# profile whose key b refuses, so the reconciler deletes it and no new one
# comes up): the policies pass to the survivor, b's IKE SA, and the pings
# that follow cross Tunnel0 in ESP, counted on both routers, not in the clear.
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
two_ready() { [[ $(ready_count) == 2 ]]; }
SOCK=$SOCK_A
check "a holds two IKE SAs with b (both initiated)" until_ok 20 two_ready
SOCK=$SOCK_B
check "b holds two IKE SAs with a" until_ok 10 two_ready
check "a pings b over Tunnel0" ip netns exec "$NS_A" "${PING[@]}" -c 2 -W 2 172.16.0.2

SOCK=$SOCK_A
fy 'configure terminal' 'crypto ikev2 keyring KR2' ' peer P' "  address $B_ADDR" '  pre-shared-key not-b-s-key' \
	'crypto ikev2 profile PROF2' " match identity remote address $B_ADDR 255.255.255.255" \
	' authentication remote pre-share' ' authentication local pre-share' ' keyring local KR2' \
	'crypto ipsec profile IPP2' ' set ikev2-profile PROF2' 'interface Tunnel0' ' tunnel protection ipsec profile IPP2' \
	'end' >/dev/null
one_ready() { [[ $(ready_count) == 1 ]]; }
check "a deleted its own IKE SA, b's is left" until_ok 10 one_ready
SOCK=$SOCK_B
check "b is left with its own IKE SA" until_ok 10 one_ready
check "a's policies passed to the survivor" grep -q 'its policies now lead to' "$IT_TMP/a.log"

a0=$(it_esp_count "$SOCK_A") b0=$(it_esp_count "$SOCK_B")
check "a still pings b over Tunnel0" ip netns exec "$NS_A" "${PING[@]}" -c 3 -W 2 172.16.0.2
check "a's pings went in ESP: 3 encaps and 3 decaps" equals "$(it_esp_delta "$a0" "$(it_esp_count "$SOCK_A")")" "3 3"
check "b's answers went in ESP: 3 encaps and 3 decaps" equals "$(it_esp_delta "$b0" "$(it_esp_count "$SOCK_B")")" "3 3"
it_finish
