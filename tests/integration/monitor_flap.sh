#!/usr/bin/env bash
# ferryd's rtnetlink monitor after another agent's quick `ip link set eth0 down; ip link set eth0 up`
# (one `ip -batch`: two ip processes left ferryd time to react to the down alone):
# the down flushed the static route through eth0, and its notification is read when the link is up
# again (with the up in the same read, or alone before it); the monitor judges the link by its
# current state, puts the route back and logs the link down then up. A tunnel ferryd creates from the
# CLI is no flap. The userspace backend hands
# the global route to the kernel (the kernel backend needs modules this host may lack).
set -euo pipefail
. "$(dirname "$0")/lib.bash"
it_init monitor_flap "$@"

it_netns flap
ip -n "$NS" link add eth0 type veth peer name eth0p
ip -n "$NS" link set eth0p up
printf '%s\n' 'hostname r1' 'interface Ethernet0/0' ' ip address 192.0.2.7 255.255.255.0' ' no shutdown' \
	'ip route 198.51.100.0 255.255.255.0 192.0.2.1' >"$IT_TMP/flap.cfg"
it_daemon "$NS" fy-flap "$IT_TMP/flap.cfg" -m Ethernet0/0=eth0 --dataplane userspace
has_route() { ip -n "$NS" route show 198.51.100.0/24 | grep -q 'via 192.0.2.1 dev eth0'; }
check "ferryd installs the static route through Ethernet0/0 (eth0)" until_ok 10 has_route

# a link ferryd creates announces itself down as it registers, then up: that is no flap (no re-apply,
# no false %LINK-3-UPDOWN lines)
fy 'configure terminal' 'interface Tunnel6' ' ip address 10.6.0.1 255.255.255.252' ' tunnel source 192.0.2.7' \
	' tunnel destination 192.0.2.99' 'end' >/dev/null
tunnel_up() { ip -n "$NS" link show fy-tu6 2>/dev/null | grep -q '[<,]UP[,>]'; }
check "ferryd creates Tunnel6 (fy-tu6) up" until_ok 10 tunnel_up
sleep 1 # time for the monitor to read the new device's notifications
check "...and the monitor logs no state change for it" not grep -q 'Tunnel6, changed state' "$IT_TMP/fy-flap.log"

for round in $(seq 20); do
	# one ip process: both changes are made before ferryd reads the first notification
	ip -n "$NS" -batch - <<<$'link set eth0 down\nlink set eth0 up'
	check "flap $round: the route the down took is back, without a reload" until_ok 5 has_route
done
logged_up() { grep -q 'Interface Ethernet0/0, changed state to up' "$IT_TMP/fy-flap.log"; }
check "...and the monitor logged Ethernet0/0 up" until_ok 2 logged_up
check "ferryd answers after the flaps" answers
rc=0
it_stop "$PID" || rc=$?
check "ferryd stops cleanly" equals "$rc" 0
it_finish
