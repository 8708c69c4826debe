#!/usr/bin/env bash
# Many global tunnels through the userspace backend (a hub's Virtual-Access
# are such tunnels): ferryd --dataplane userspace in a namespace with N GRE
# tunnels (Tunnel1..N, keys 1..N, over eth0 to one far end). The first 16
# get a TUN each (fy-tu1..), the others share fy-tunnels, which holds their
# addresses and routes. Proves: every tunnel's address is in the kernel with
# no more TUNs than that; the kernel answers a ping sent from the far end
# through the last tunnel (GRE key N in, decapsulated into the shared TUN, the
# kernel's reply encapsulated with key N back), and through an own-TUN one;
# removing that tunnel from the running config takes its address and route off
# the shared TUN while the others stay; SIGTERM leaves no device, rule or route.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
it_init userspace_tunnels "$@"
[[ -c /dev/net/tun ]] || { echo "# userspace_tunnels: skipped (no /dev/net/tun)"; exit 0; }
command -v python3 >/dev/null || { echo "# userspace_tunnels: skipped (no python3 to send GRE)"; exit 0; }

N=${USERSPACE_TUNNELS:-300} # past the 64 TUN slots there were for VRFs and tunnels together
OWN=16                      # US_TUNNEL_OWN (us_attach_tunnel.c)
PROTO=241

it_netns r; NS_R=$NS
it_netns far; NS_F=$NS
ip link add eth0 netns "$NS_R" type veth peer name eth0 netns "$NS_F"
ip -n "$NS_F" addr add 192.0.2.2/24 dev eth0
for ns in "$NS_R" "$NS_F"; do ip -n "$ns" link set eth0 up; done

# Tunnel T's overlay /30: 10.A.B.0 with A = T / 64, B = 4 (T % 64).
inner() { printf '10.%d.%d.%d' $(($1 >> 6)) $((($1 & 63) << 2)) "$2"; }
{
	printf 'hostname R\n!\ninterface Ethernet0/0\n ip address 192.0.2.1 255.255.255.0\n no shutdown\n!\n'
	for ((t = 1; t <= N; t++)); do
		printf 'interface Tunnel%d\n ip address %s 255.255.255.252\n' "$t" "$(inner "$t" 1)"
		printf ' tunnel source Ethernet0/0\n tunnel destination 192.0.2.2\n tunnel key %d\n!\n' "$t"
	done
	printf 'end\n'
} >"$IT_TMP/r.cfg"

start=$SECONDS
it_daemon "$NS_R" r "$IT_TMP/r.cfg" -m Ethernet0/0=eth0 --dataplane userspace
shared_addrs() { ip -n "$NS_R" -4 -o addr show dev fy-tunnels | grep -c ' inet 10\.' || true; }
check "all $N tunnels' addresses reach the kernel" until_ok 60 test "$(shared_addrs)" -eq $((N - OWN))
echo "# userspace_tunnels: $N tunnels applied in $((SECONDS - start)) s"
tuns=$(ip -n "$NS_R" -o link show | grep -c ': fy-tu[0-9]*[:@]' || true)
check "the first $OWN tunnels have a TUN each, no more" equals "$tuns" "$OWN"
check "Tunnel1 holds its address on its own TUN" matches "$(ip -n "$NS_R" -4 addr show dev fy-tu1)" "inet $(inner 1 1)/30"
check "Tunnel$N's subnet is routed into the shared TUN" \
	matches "$(ip -n "$NS_R" route show "$(inner "$N" 0)/30")" 'dev fy-tunnels'

gre_ping() { ip netns exec "$NS_F" python3 "$IT_TOP/tests/integration/gre_echo.py" 192.0.2.2 192.0.2.1 "$1" "$(inner "$1" 2)" "$(inner "$1" 1)"; }
check "the kernel answers a ping through Tunnel$N (shared TUN, GRE key $N both ways)" gre_ping "$N"
check "...and through Tunnel1 (its own TUN)" gre_ping 1
check "...and through Tunnel$((OWN + 1)), the first on the shared TUN" gre_ping $((OWN + 1))

fy 'configure terminal' "no interface Tunnel$N" 'end' >/dev/null
gone() { ! ip -n "$NS_R" -4 -o addr show dev fy-tunnels | grep -q " inet $(inner "$N" 1)/"; }
check "Tunnel$N removed: its address leaves the shared TUN" until_ok 10 gone
check "...and its route" equals "$(ip -n "$NS_R" route show "$(inner "$N" 0)/30")" ""
check "...the others stay" equals "$(shared_addrs)" $((N - OWN - 1))
check "a ping through Tunnel$((N - 1)) still answered" gre_ping $((N - 1))

rc=0
it_stop "$PID" || rc=$?
check "ferryd stops cleanly" equals "$rc" 0
leftovers() {
	ip -n "$NS_R" rule show | grep -w $PROTO || true
	ip -n "$NS_R" route show table all proto $PROTO
	ip -n "$NS_R" -o link show | grep -o 'fy-[^:@]*' || true
}
check "nothing left: no TUN, rule or route" equals "$(leftovers)" ""
it_finish
