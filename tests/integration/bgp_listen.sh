#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# bgp listen limit: a ferryd hub with the seed's R1-HUB router bgp section
# (listen range 0.0.0.0/0 into peer-group mpls, passive) and its limit
# lowered to 2 takes two ferryd spokes from its range as dynamic neighbors
# and refuses the third with IOS's %BGP-4-MAXDYNAMICNBR; show ip bgp summary
# and show bgp summary mark the dynamic ones with * and count them. When a
# spoke goes, the refused one takes its place on its next attempt.
# usage: tests/integration/bgp_listen.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
it_init bgp_listen "$@"

it_netns hub
NS_HUB=$NS
ip -n "$NS_HUB" link add br0 type bridge
ip -n "$NS_HUB" addr add 10.1.1.1/24 dev br0
ip -n "$NS_HUB" addr add 10.0.0.1/32 dev lo
ip -n "$NS_HUB" link set br0 up

# The hub: the seed's VRFs and router bgp section, read from etc/R1-HUB.cfg, with the listen limit at 2.
seed=$IT_TOP/etc/R1-HUB.cfg
{
	printf 'hostname R1-HUB\n!\n'
	sed -n '/^ip vrf cust[12]$/,/^!$/p' "$seed"
	printf 'interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n!\n'
	printf 'interface Ethernet1/0\n ip address 10.1.1.1 255.255.255.0\n no shutdown\n!\n'
	sed -n '/^router bgp /,/^ip local pool /p' "$seed" | sed '$d; s/^bgp listen limit .*/bgp listen limit 2/'
	printf 'end\n'
} >"$IT_TMP/hub.cfg"
grep -qx 'bgp listen limit 2' "$IT_TMP/hub.cfg" || it_abort "the seed's router bgp section has a listen limit to lower"

# spoke N: a spoke at 10.1.1.N on the hub's bridge, peering with the hub's Loopback0 (sets SOCK, PID).
spoke() {
	it_netns "s$1"
	ip link add "${IT_PREFIX:0:6}s$1" netns "$NS_HUB" type veth peer name eth0 netns "$NS"
	ip -n "$NS_HUB" link set "${IT_PREFIX:0:6}s$1" master br0 up
	ip -n "$NS" addr add "10.1.1.$1/24" dev eth0
	ip -n "$NS" link set eth0 up
	ip -n "$NS" route add 10.0.0.1/32 via 10.1.1.1 # --dataplane none: the static route is not installed
	cat >"$IT_TMP/s$1.cfg" <<EOF_SPOKE
hostname Spoke$1
!
interface Ethernet0/0
 ip address 10.1.1.$1 255.255.255.0
 no shutdown
!
router bgp 100
 neighbor 10.0.0.1 remote-as 10
 neighbor 10.0.0.1 ebgp-multihop 255
 !
 address-family vpnv4
  neighbor 10.0.0.1 activate
 exit-address-family
!
ip route 10.0.0.1 255.255.255.255 10.1.1.1
!
end
EOF_SPOKE
	it_daemon "$NS" "s$1" "$IT_TMP/s$1.cfg" -m Ethernet0/0=eth0 --dataplane none
}

it_daemon "$NS_HUB" hub "$IT_TMP/hub.cfg" -m Ethernet1/0=br0 --dataplane none || it_abort "the hub's ferryd starts"
HUB_SOCK=$SOCK
on() { SOCK=$1; shift; fy "$@"; }
# Dynamic neighbors established on the hub: "*10.1.1.N ... <prefixes>" rows.
up_rows() { on "$HUB_SOCK" "$1" | grep -E '^\*10\.1\.1\.[0-9]+ .* [0-9]+$'; }
up_count() { [[ $(up_rows 'show ip bgp summary' | wc -l) == "$1" ]]; }

spoke 3 || it_abort "spoke 3's ferryd starts"
S3_PID=$PID
spoke 4 || it_abort "spoke 4's ferryd starts"
check "two spokes up on the hub as dynamic neighbors" until_ok 30 up_count 2
spoke 5 || it_abort "spoke 5's ferryd starts"
S5_SOCK=$SOCK
refused='%BGP-4-MAXDYNAMICNBR: Cannot create new neighbor \*10\.1\.1\.5 in mpls, maximum number of dynamic neighbors limit \(2\) reached'
check "the third is refused past the limit, logged as IOS does" until_ok 15 grep -qE "$refused" "$IT_TMP/hub.log"
check "still two up on the hub" up_count 2
check "the refused spoke has no session" not matches "$(on "$S5_SOCK" 'show ip bgp summary')" \
	'^10\.0\.0\.1 .* [0-9]+$'

summary=$(on "$HUB_SOCK" 'show ip bgp summary')
check "summary: spoke 3 marked dynamic" matches "$summary" '^\*10\.1\.1\.3 +4 +100 '
check "summary: spoke 4 marked dynamic" matches "$summary" '^\*10\.1\.1\.4 +4 +100 '
check "summary: the IOS footnote" has_line "$summary" '* Dynamically created based on a listen range command'
check "summary: the count of dynamic neighbors and ranges" has_line "$summary" \
	'Dynamically created neighbors: 2, Subnet ranges: 1'
check "show bgp summary lists the same dynamic neighbors" equals \
	"$(up_rows 'show bgp summary' | awk '{ print $1 }' | sort | paste -sd' ')" '*10.1.1.3 *10.1.1.4'
check "ADJCHANGE names the dynamic neighbor with its star" grep -qF \
	'%BGP-5-ADJCHANGE: neighbor *10.1.1.3 Up' "$IT_TMP/hub.log"

# Spoke 3 goes (its Cease ends the session): its place is free, spoke 5 gets it on its next connect retry.
it_stop "$S3_PID" >/dev/null
spoke5_up() { up_rows 'show ip bgp summary' | grep -q '^\*10\.1\.1\.5 '; }
check "spoke 3 gone, spoke 5 takes the freed place" until_ok 45 spoke5_up
check "two up again" up_count 2
it_finish
