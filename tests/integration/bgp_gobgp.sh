#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# ferryd and GoBGP (gobgpd 3.10) over a veth between two namespaces, eBGP with
# VPNv4 and IPv4 unicast: VPNv4 routes GoBGP injects with an RD, a route
# target and a label land (with the label) in the VRF whose import route
# target matches and nowhere when none matches; an IPv4 unicast route lands
# in the global table; GoBGP's withdrawals remove them. The other direction
# (what ferryd advertises, seen in `gobgp global rib -a vpnv4`, and its
# withdrawal) runs once ferryd has `show ip bgp vpnv4 all`. tshark captures
# the session: nothing ferryd sends is malformed or draws a warning.
# usage: tests/integration/bgp_gobgp.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
it_init bgp_gobgp "$@"
if ! command -v gobgpd >/dev/null || ! command -v gobgp >/dev/null; then
	echo "# bgp_gobgp: skipped (gobgpd and gobgp not installed; tools/lib.sh FERRY_PKGS lists gobgpd)"
	exit 0
fi
GOBGP_API=50051
FERRY_ADDR=10.255.1.2
GOBGP_ADDR=10.255.1.1

it_netns gobgp
NS_GO=$NS
it_netns pe
NS_PE=$NS
ip link add "${IT_PREFIX:0:6}a" netns "$NS_GO" type veth peer name "${IT_PREFIX:0:6}b" netns "$NS_PE"
ip -n "$NS_GO" link set "${IT_PREFIX:0:6}a" name eth0
ip -n "$NS_PE" link set "${IT_PREFIX:0:6}b" name eth0
ip -n "$NS_GO" addr add $GOBGP_ADDR/30 dev eth0
ip -n "$NS_PE" addr add $FERRY_ADDR/30 dev eth0
ip -n "$NS_GO" link set eth0 up
ip -n "$NS_PE" link set eth0 up

# The capture runs from before the first SYN until the checks end.
CAP=$IT_TMP/session.pcapng
if command -v tshark >/dev/null; then
	ip netns exec "$NS_PE" tshark -q -i eth0 -f 'tcp port 179' -w "$CAP" >"$IT_TMP/tshark.out" 2>&1 &
	TSHARK_PID=$!
	IT_PIDS+=("$TSHARK_PID")
	until_ok 10 grep -q "Capturing on" "$IT_TMP/tshark.out" || it_abort "tshark captures on eth0"
fi

cat >"$IT_TMP/gobgpd.toml" <<EOF
[global.config]
  as = 65003
  router-id = "$GOBGP_ADDR"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$FERRY_ADDR"
    peer-as = 65001
  [neighbors.timers.config]
    connect-retry = 1
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
EOF
ip netns exec "$NS_GO" gobgpd -f "$IT_TMP/gobgpd.toml" -p --api-hosts 127.0.0.1:$GOBGP_API --pprof-disable \
	>"$IT_TMP/gobgpd.out" 2>&1 &
IT_PIDS+=("$!")
gobgp() { ip netns exec "$NS_GO" gobgp -p $GOBGP_API "$@"; }
until_ok 10 gobgp global || it_abort "gobgpd starts and answers (log: $(tail -n 5 "$IT_TMP/gobgpd.out"))"

cfg=$IT_TMP/pe.cfg
cat >"$cfg" <<EOF
hostname PE-FERRY
!
vrf definition cust1
 rd 1:1
 route-target export 1:1
 route-target import 1:1
 !
 address-family ipv4
 exit-address-family
!
vrf definition cust2
 rd 2:2
 route-target export 2:2
 route-target import 2:2
 !
 address-family ipv4
 exit-address-family
!
interface Ethernet0/0
 ip address $FERRY_ADDR 255.255.255.252
 no shutdown
!
interface Loopback1
 vrf forwarding cust1
 ip address 10.99.1.1 255.255.255.0
!
router bgp 65001
 bgp router-id $FERRY_ADDR
 bgp log-neighbor-changes
 neighbor $GOBGP_ADDR remote-as 65003
 !
 address-family ipv4
  neighbor $GOBGP_ADDR activate
 exit-address-family
 !
 address-family vpnv4
  neighbor $GOBGP_ADDR activate
  neighbor $GOBGP_ADDR send-community both
 exit-address-family
 !
 address-family ipv4 vrf cust1
  redistribute connected
 exit-address-family
!
end
EOF
it_daemon "$NS_PE" pe "$cfg" -m Ethernet0/0=eth0 --dataplane none || it_abort "ferryd starts and answers"

ferry_established() { fy 'show bgp summary' | grep -qE "^${GOBGP_ADDR//./\\.} +4 +65003 .* +[0-9]+$"; }
gobgp_established() { gobgp neighbor | grep -qE "^ *${FERRY_ADDR//./\\.} +65001 .* Establ"; }
check "session Established in ferryd (show bgp summary)" until_ok 30 ferry_established
check "session Established in GoBGP (gobgp neighbor)" until_ok 30 gobgp_established
nbr=$(fy "show ip bgp neighbors $GOBGP_ADDR")
check "show ip bgp neighbors: VPNv4 negotiated" matches "$nbr" 'Address family VPNv4 Unicast: advertised and received'
check "show ip bgp neighbors: IPv4 unicast negotiated" matches "$nbr" 'Address family IPv4 Unicast: advertised and received'
gonbr=$(gobgp neighbor $FERRY_ADDR)
check "GoBGP sees ferryd's VPNv4 capability" matches "$gonbr" 'l3vpn-ipv4-unicast:.*advertised and received'
check "GoBGP sees ferryd's 4-octet AS capability" matches "$gonbr" '4-octet-as:.*advertised and received'

# vpn_add|vpn_del PREFIX LABEL RD RT: a VPNv4 route in GoBGP's global RIB.
vpn_add() { gobgp global rib -a vpnv4 add "$1" label "$2" rd "$3" rt "$4" nexthop "$GOBGP_ADDR"; }
vpn_del() { gobgp global rib -a vpnv4 del "$1" label "$2" rd "$3" rt "$4" nexthop "$GOBGP_ADDR"; }
in_vrf() { fy "show ip route vrf $1" | grep -qE "^B +${2//./\\.} "; }
vpn_count() { fy 'show ip bgp vpnv4 all summary' | grep -E "^${GOBGP_ADDR//./\\.} +4 +65003 " | awk '{print $NF}'; }
vpn_count_is() { [[ $(vpn_count) == "$1" ]]; }

check "GoBGP injects 192.168.60.0/24 label 200 rd 1:1 rt 1:1" vpn_add 192.168.60.0/24 200 1:1 1:1
check "GoBGP injects 192.168.70.0/24 label 300 rd 2:2 rt 2:2" vpn_add 192.168.70.0/24 300 2:2 2:2
check "192.168.60.0/24 is in VRF cust1" until_ok 15 in_vrf cust1 192.168.60.0/24
check "192.168.70.0/24 is in VRF cust2" until_ok 15 in_vrf cust2 192.168.70.0/24
check "show ip route vrf cust1: eBGP via GoBGP" \
	matches "$(fy 'show ip route vrf cust1')" "^B +192\.168\.60\.0/24 \[20/0\] via ${GOBGP_ADDR//./\\.},"
check "show ip cef vrf cust1 192.168.60.0 shows label 200" \
	matches "$(fy 'show ip cef vrf cust1 192.168.60.0')" "^  nexthop ${GOBGP_ADDR//./\\.} Ethernet0/0 label 200$"
check "show ip cef vrf cust2 192.168.70.0 shows label 300" \
	matches "$(fy 'show ip cef vrf cust2 192.168.70.0')" "^  nexthop ${GOBGP_ADDR//./\\.} Ethernet0/0 label 300$"
check "VRF cust1 did not take the route target 2:2 route" not in_vrf cust1 192.168.70.0/24
check "show ip bgp vpnv4 all summary counts the two routes" until_ok 5 vpn_count_is 2

check "GoBGP withdraws 192.168.60.0/24" vpn_del 192.168.60.0/24 200 1:1 1:1
check "the withdrawal removes it from VRF cust1" until_ok 15 not in_vrf cust1 192.168.60.0/24
check "192.168.70.0/24 stays in VRF cust2" in_vrf cust2 192.168.70.0/24
check "show ip bgp vpnv4 all summary counts one route" until_ok 5 vpn_count_is 1

# A route target no VRF imports, then a marker route: once the marker is in, the first was handled.
check "GoBGP injects 192.168.80.0/24 rd 9:9 rt 9:9 (no VRF imports it)" vpn_add 192.168.80.0/24 400 9:9 9:9
check "GoBGP injects the marker 192.168.90.0/24 rd 1:1 rt 1:1" vpn_add 192.168.90.0/24 500 1:1 1:1
check "the marker is in VRF cust1" until_ok 15 in_vrf cust1 192.168.90.0/24
check "the route target 9:9 route is in neither VRF" \
	not matches "$(fy 'show ip route vrf cust1'; fy 'show ip route vrf cust2')" '192\.168\.80\.'

in_global() { fy 'show ip route' | grep -qE "^B +172\.20\.0\.0/16 "; }
check "GoBGP injects IPv4 unicast 172.20.0.0/16" gobgp global rib -a ipv4 add 172.20.0.0/16 nexthop $GOBGP_ADDR
check "172.20.0.0/16 is in the global table" until_ok 15 in_global
check "it is not in VRF cust1" not in_vrf cust1 172.20.0.0/16

check "GoBGP withdraws 172.20.0.0/16" gobgp global rib -a ipv4 del 172.20.0.0/16
check "the withdrawal removes it from the global table" until_ok 15 not in_global

# ferryd -> GoBGP: VRF cust1's connected 10.99.1.0/24 with ferryd's RD, its label and export route target.
ferry_advertised() {
	gobgp global rib -a vpnv4 |
		grep -qE "^\*> 1:1:10\.99\.1\.0/24 +\[[0-9]+\] +${FERRY_ADDR//./\\.} +65001 .*Extcomms: \[1:1\]"
}
ferry_withdrawn() {
	local rib
	rib=$(gobgp global rib -a vpnv4) && ! grep -q '10\.99\.1\.0/24' <<<"$rib"
}
ADVERTISES=
if fy 'show ip bgp vpnv4 all' >/dev/null 2>&1; then
	ADVERTISES=yes
	check "ferryd's show ip bgp vpnv4 all has VRF cust1's connected route" \
		matches "$(fy 'show ip bgp vpnv4 all')" '10\.99\.1\.0/24'
	check "GoBGP received 1:1:10.99.1.0/24 from ferryd with a label and RT 1:1" until_ok 15 ferry_advertised
	check "Loopback1 shut down in ferryd" fy 'configure terminal' 'interface Loopback1' 'shutdown' 'end'
	check "ferryd's withdrawal removes 1:1:10.99.1.0/24 from GoBGP" until_ok 15 ferry_withdrawn
else
	echo "# skipped: ferryd does not advertise yet (no show ip bgp vpnv4 all)"
fi

if [[ -n ${TSHARK_PID:-} ]]; then
	sent() { tshark -r "$CAP" -Y "ip.src == $FERRY_ADDR && $1" 2>/dev/null; }
	# dumpcap writes the file in bursts: wait until ferryd's packets are in it before stopping it
	sent_keepalive() { sent 'bgp.type == 4' | grep -q 'KEEPALIVE Message'; }
	until_ok 5 sent_keepalive
	it_stop "$TSHARK_PID" || true
	check "tshark decodes ferryd's OPEN" matches "$(sent 'bgp.type == 1')" 'OPEN Message'
	check "tshark decodes ferryd's KEEPALIVE" matches "$(sent 'bgp.type == 4')" 'KEEPALIVE Message'
	[[ -z $ADVERTISES ]] || check "tshark decodes ferryd's UPDATE" matches "$(sent 'bgp.type == 2')" 'UPDATE Message'
	check "tshark: nothing ferryd sends is malformed or draws a warning" \
		equals "$(sent '(_ws.malformed || _ws.expert.severity >= warning)')" ""
else
	echo "# skipped: tshark is not installed (no capture check)"
fi

it_finish
