#!/usr/bin/env bash
# On-demand DPD (dpd 10 2 on-demand) between two ferryd with the userspace
# dataplane (its per-SA ESP counters), PSK, in two namespaces joined by a
# veth: a protected Tunnel0 each, a reaches READY with b. While the SA is
# quiet neither side probes (show crypto ikev2 stats: 0 DPD requests after
# an interval), and a probes nobody while b's answers keep coming in
# (pings over the tunnel). Then b is killed while a keeps sending: a sends
# a liveness check and declares b dead.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
it_init ike_dpd_demand "$@"
[[ -c /dev/net/tun ]] || { echo "# ike_dpd_demand: skipped (no /dev/net/tun)"; exit 0; }

A_ADDR=10.96.0.1
B_ADDR=10.96.0.2
PSK=lab-secret-9
DPD_INTERVAL=10 # IOS accepts 10 to 3600
DPD_RETRY=2

it_router_pair $A_ADDR $B_ADDR

# conf SELF PEER OVERLAY: a router protecting Tunnel0 (OVERLAY/24) to PEER with on-demand DPD.
conf() { it_psk_tunnel_conf "$1" "$2" "$3" "$PSK" " dpd $DPD_INTERVAL $DPD_RETRY on-demand"; }
conf $A_ADDR $B_ADDR 1 >"$IT_TMP/a.conf"
conf $B_ADDR $A_ADDR 2 >"$IT_TMP/b.conf"

it_daemon "$NS_B" b "$IT_TMP/b.conf" --dataplane userspace
PID_B=$PID SOCK_B=$SOCK
it_daemon "$NS_A" a "$IT_TMP/a.conf" --dataplane userspace
PID_A=$PID SOCK_A=$SOCK

on() { SOCK=$1; }
ready() { fy 'show crypto ikev2 sa' | grep -q ' READY'; }
dpd_sent() { fy 'show crypto ikev2 stats' | sed -n 's/^DPD requests sent: *\([0-9]*\).*/\1/p'; }

on "$SOCK_A"
check "a reaches READY with b" until_ok 20 ready
on "$SOCK_B"
check "b reaches READY with a" until_ok 10 ready

# 1. Quiet: an interval without traffic (periodic DPD would have probed by then), no probe from either side.
sleep $((DPD_INTERVAL + 2))
on "$SOCK_A"
check "quiet SA: a sent no DPD" equals "$(dpd_sent)" 0
on "$SOCK_B"
check "quiet SA: b sent no DPD" equals "$(dpd_sent)" 0

# 2. Traffic both ways (b answers the pings): still no probe.
check "a pings b over Tunnel0" ip netns exec "$NS_A" "${PING[@]}" -c 3 -W 2 172.16.0.2
ip netns exec "$NS_A" "${PING[@]}" -q -i 0.5 -c $((2 * DPD_INTERVAL + 2)) 172.16.0.2 >/dev/null 2>&1 || true
on "$SOCK_B"
check "traffic both ways: b sent no DPD" equals "$(dpd_sent)" 0
on "$SOCK_A"
check "traffic both ways: a sent no DPD" equals "$(dpd_sent)" 0

# 3. b dies while a sends: a probes and finds it dead.
kill -KILL "$PID_B"
ip netns exec "$NS_A" "${PING[@]}" -q -i 0.5 -w 60 172.16.0.2 >/dev/null 2>&1 &
PING_PID=$!
stop_ping() { kill "$PING_PID" 2>/dev/null || true; }
it_on_cleanup stop_ping
limit=$((2 * DPD_INTERVAL + 6 * DPD_RETRY + 8))
check "dead peer with traffic: a declares b dead within ${limit}s" \
	until_ok "$limit" grep -q "DPD: the peer does not answer" "$IT_TMP/a.log"
check "dead peer: a sent DPD" test "$(dpd_sent)" -ge 1
stop_ping
it_stop "$PID_A" || true
it_finish
