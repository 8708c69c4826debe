#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# The seed's MPLS over FlexVPN BGP: ferryd as R1-HUB and as the two spokes
# (R3-Spoke1, R4-Spoke), each in its namespace, with the seed's router bgp,
# VRF, loopback and static sections. The overlay the IKEv2 tunnels would give
# is test-only addressing instead: the spokes sit on one bridge with the
# hub, at the addresses the hub's pool would hand out (10.1.1.3, 10.1.1.4),
# and reach the hub's Loopback0 by a static route. The hub accepts them from
# its listen range, and the tables come out as the seed's sample output shows
# (label numbers aside): the hub's show ip bgp vpnv4 all, its detailed entry
# for 192.168.113.1 with labels in/out, and a spoke's show ip bgp vpnv4 all label.
# tshark decodes the hub's BGP packets (labeled VPNv4 re-advertised) cleanly.
# usage: tests/integration/bgp_seed.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
# shellcheck source=tests/integration/bgp_pcap.bash
. "$(dirname "$0")/bgp_pcap.bash"
it_init bgp_seed "$@"

it_netns hub
NS_HUB=$NS
ip -n "$NS_HUB" link add br0 type bridge
ip -n "$NS_HUB" addr add 10.1.1.1/24 dev br0
ip -n "$NS_HUB" addr add 10.0.0.1/32 dev lo
ip -n "$NS_HUB" link set br0 up
for dev in e02 e03; do # the hub's VRF LAN ports: a veth each, its peer end left alone
	ip -n "$NS_HUB" link add "$dev" type veth peer name "${dev}p"
	ip -n "$NS_HUB" link set "$dev" up
	ip -n "$NS_HUB" link set "${dev}p" up
done
# spoke_ns NAME ADDR: a spoke's namespace, its eth0 on the hub's bridge, its route to the hub's Loopback0.
spoke_ns() {
	it_netns "$1"
	ip link add "${IT_PREFIX:0:6}$1" netns "$NS_HUB" type veth peer name eth0 netns "$NS"
	ip -n "$NS_HUB" link set "${IT_PREFIX:0:6}$1" master br0 up
	ip -n "$NS" addr add "$2/24" dev eth0
	ip -n "$NS" link set eth0 up
	ip -n "$NS" route add 10.0.0.1/32 via 10.1.1.1
}
spoke_ns s1 10.1.1.3
NS_S1=$NS
spoke_ns s2 10.1.1.4
NS_S2=$NS

cat >"$IT_TMP/hub.cfg" <<'EOF'
hostname R1-HUB
!
ip vrf cust1
 rd 1:1
 route-target export 1:1
 route-target import 1:1
!
ip vrf cust2
 rd 2:2
 route-target export 2:2
 route-target import 2:2
!
interface Loopback0
 description VT source interface
 ip address 10.0.0.1 255.255.255.255
!
interface Ethernet0/2
 ip vrf forwarding cust1
 ip address 192.168.110.1 255.255.255.0
 no shutdown
!
interface Ethernet0/3
 ip vrf forwarding cust2
 ip address 192.168.111.1 255.255.255.0
 no shutdown
!
interface Ethernet1/0
 description test only: the spokes' overlay, in place of the Virtual-Access interfaces
 ip address 10.1.1.1 255.255.255.0
 no shutdown
!
router bgp 10
 bgp log-neighbor-changes
 bgp listen range 0.0.0.0/0 peer-group mpls
 bgp listen limit 5000
 neighbor mpls peer-group
 neighbor mpls remote-as 100
 neighbor mpls transport connection-mode passive
 neighbor mpls update-source Loopback0
 !
 address-family ipv4
  redistribute static route-map global
  neighbor mpls activate
  neighbor mpls next-hop-self
 exit-address-family
 !
 address-family vpnv4
  neighbor mpls activate
  neighbor mpls send-community both
 exit-address-family
 !
 address-family ipv4 vrf cust1
  redistribute connected
  redistribute static route-map cust1
  default-information originate
 exit-address-family
 !
 address-family ipv4 vrf cust2
  redistribute connected
  redistribute static route-map cust2
  default-information originate
 exit-address-family
!
ip route 0.0.0.0 0.0.0.0 172.16.0.2 name route_to_internet
ip route vrf cust1 0.0.0.0 0.0.0.0 Null0 tag 666 name default_originate
ip route vrf cust2 0.0.0.0 0.0.0.0 Null0 tag 667 name default_originate
!
route-map cust1 permit 10
 match tag 666
!
route-map cust2 permit 10
 match tag 667
!
end
EOF

# spoke_cfg HOSTNAME ADDR CUST1_NET CUST2_NET: the seed's spoke sections; the VRF
# interfaces are loopbacks (R4-Spoke's are; R3-Spoke1's subinterfaces become them).
spoke_cfg() {
	cat <<EOF
hostname $1
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
interface Loopback100
 vrf forwarding cust1
 ip address $3 255.255.255.0
!
interface Loopback101
 vrf forwarding cust2
 ip address $4 255.255.255.0
!
interface Ethernet0/0
 description test only: the overlay address IKEv2 would assign to Tunnel0
 ip address $2 255.255.255.0
 no shutdown
!
router bgp 100
 bgp log-neighbor-changes
 neighbor 10.0.0.1 remote-as 10
 neighbor 10.0.0.1 ebgp-multihop 255
 neighbor 10.0.0.1 update-source Tunnel0
 !
 address-family ipv4
  neighbor 10.0.0.1 activate
 exit-address-family
 !
 address-family vpnv4
  neighbor 10.0.0.1 activate
  neighbor 10.0.0.1 send-community both
 exit-address-family
 !
 address-family ipv4 vrf cust1
  redistribute connected
 exit-address-family
 !
 address-family ipv4 vrf cust2
  redistribute connected
 exit-address-family
!
ip route 10.0.0.1 255.255.255.255 10.1.1.1 name test_only_overlay
!
end
EOF
}
spoke_cfg R3-Spoke1 10.1.1.3 192.168.113.1 192.168.123.1 >"$IT_TMP/s1.cfg"
spoke_cfg R4-Spoke 10.1.1.4 192.168.114.1 192.168.124.1 >"$IT_TMP/s2.cfg"

bgp_pcap_start "$NS_HUB" br0
it_daemon "$NS_HUB" hub "$IT_TMP/hub.cfg" -m Ethernet0/2=e02 -m Ethernet0/3=e03 -m Ethernet1/0=br0 \
	--dataplane none || it_abort "the hub's ferryd starts and answers"
HUB_SOCK=$SOCK
it_daemon "$NS_S1" s1 "$IT_TMP/s1.cfg" -m Ethernet0/0=eth0 --dataplane none || it_abort "spoke 1's ferryd starts"
S1_SOCK=$SOCK
it_daemon "$NS_S2" s2 "$IT_TMP/s2.cfg" -m Ethernet0/0=eth0 --dataplane none || it_abort "spoke 2's ferryd starts"
S2_SOCK=$SOCK
on() { SOCK=$1; shift; fy "$@"; }

# The table without its header, spaces squeezed: what the seed's sample shows, line for line.
table() { on "$1" "$2" | sed -n '/^Route Distinguisher/,$p' | sed -E 's/^ +//; s/ +/ /g; s/ $//'; }
hub_table_want='Route Distinguisher: 1:1 (default for vrf cust1)
*> 0.0.0.0 0.0.0.0 0 32768 ?
*> 192.168.110.0 0.0.0.0 0 32768 ?
*> 192.168.113.0 10.1.1.3 0 0 100 ?
*> 192.168.114.0 10.1.1.4 0 0 100 ?
Route Distinguisher: 2:2 (default for vrf cust2)
*> 0.0.0.0 0.0.0.0 0 32768 ?
*> 192.168.111.0 0.0.0.0 0 32768 ?
*> 192.168.123.0 10.1.1.3 0 0 100 ?
*> 192.168.124.0 10.1.1.4 0 0 100 ?'
hub_complete() { [[ $(table "$HUB_SOCK" 'show ip bgp vpnv4 all') == "$hub_table_want" ]]; }
check "both spokes up on the hub (dynamic neighbors)" until_ok 30 eval \
	"[[ \$(on $HUB_SOCK 'show ip bgp vpnv4 all summary' | grep -cE '^\\*10\\.1\\.1\\.[34] .* [0-9]+\$') == 2 ]]"
until_ok 20 hub_complete
check "hub: show ip bgp vpnv4 all is the seed's table" equals "$(table "$HUB_SOCK" 'show ip bgp vpnv4 all')" \
	"$hub_table_want"
hub_out=$(on "$HUB_SOCK" 'show ip bgp vpnv4 all')
check "hub: the IOS header" has_line "$hub_out" 'BGP table version is '"$(sed -n 's/^BGP table version is \([0-9]*\).*/\1/p' <<<"$hub_out")"', local router ID is 10.0.0.1'
check "hub: the column header" has_line "$hub_out" '     Network          Next Hop            Metric LocPrf Weight Path'

detail=$(on "$HUB_SOCK" 'show ip bgp vpnv4 all 192.168.113.1')
check "hub detail: the spoke's route, in table cust1" matches "$detail" \
	'^BGP routing table entry for 1:1:192\.168\.113\.0/24, version [0-9]+$'
check "hub detail: one path, the best" has_line "$detail" 'Paths: (1 available, best #1, table cust1)'
check "hub detail: from the dynamic neighbor" matches "$detail" '^    10\.1\.1\.3 from \*10\.1\.1\.3 \([0-9.]+\)$'
check "hub detail: external, best" has_line "$detail" '      Origin incomplete, metric 0, localpref 100, valid, external, best'
check "hub detail: RT:1:1" has_line "$detail" '      Extended Community: RT:1:1'
check "hub detail: a local label in, the spoke's label out (re-advertised with the hub as next hop)" matches \
	"$detail" '^      mpls labels in/out [0-9]+/[0-9]+$'
check "hub detail: the default route of cust2 covers it too" has_line "$detail" \
	'BGP routing table entry for 2:2:0.0.0.0/0, version '"$(sed -n 's#^BGP routing table entry for 2:2:0.0.0.0/0, version ##p' <<<"$detail")"
check "hub detail: sourced locally" has_line "$detail" \
	'      Origin incomplete, metric 0, localpref 100, weight 32768, valid, sourced, best'
check "hub detail: from 0.0.0.0 (the router ID)" has_line "$detail" '    0.0.0.0 from 0.0.0.0 (10.0.0.1)'
check "hub detail: the aggregate label of cust2" matches "$detail" '^      mpls labels in/out [0-9]+/aggregate\(cust2\)$'

in_out=$(sed -n 's#^      mpls labels in/out \([0-9]*\)/\([0-9]*\)$#\1 \2#p' <<<"$detail")
s1_label=$(on "$S1_SOCK" 'show ip bgp vpnv4 all label' | awk '$1 == "192.168.113.0" { split($3, l, "/"); print l[1] }')
check "hub's out label is spoke 1's label for its route" equals "${in_out#* }" "$s1_label"
check "hub: the in label swaps to it in the LFIB" matches "$(on "$HUB_SOCK" 'show mpls forwarding-table')" \
	"^${in_out% *} +${in_out#* } "

labels() { table "$1" 'show ip bgp vpnv4 all label' | sed -E 's#^([^ ]+ [^ ]+ )[0-9]+/#\1N/#; s#/[0-9]+$#/N#'; }
s2_labels_want='Route Distinguisher: 1:1 (cust1)
0.0.0.0 10.0.0.1 nolabel/N
192.168.110.0 10.0.0.1 nolabel/N
192.168.114.0 0.0.0.0 N/nolabel(cust1)
Route Distinguisher: 2:2 (cust2)
0.0.0.0 10.0.0.1 nolabel/N
192.168.111.0 10.0.0.1 nolabel/N
192.168.124.0 0.0.0.0 N/nolabel(cust2)'
check "spoke 2: show ip bgp vpnv4 all label is the seed's (spoke 1's routes loop through AS 100: refused)" \
	equals "$(labels "$S2_SOCK")" "$s2_labels_want"
check "spoke 2: show ip bgp vpnv4 all labels is the same command" equals \
	"$(on "$S2_SOCK" 'show ip bgp vpnv4 all labels')" "$(on "$S2_SOCK" 'show ip bgp vpnv4 all label')"
# show ip cef vrf, as the seed's samples: the spoke recurses via the hub with the hub's label; the hub's
# entry for spoke 1's prefix has its local label and recurses via spoke 1 with spoke 1's label.
hub_110=$(on "$S2_SOCK" 'show ip bgp vpnv4 all label' | awk '$1 == "192.168.110.0" { split($3, l, "/"); print l[2] }')
check "spoke 2: show ip cef vrf cust1 192.168.110.1 recurses via the hub with its label" matches \
	"$(on "$S2_SOCK" 'show ip cef vrf cust1 192.168.110.1 detail')" \
	"recursive via 10\.0\.0\.1\[IPv4:Default\] label ${hub_110}\b"
hub_cef=$(on "$HUB_SOCK" 'show ip cef vrf cust1 192.168.113.1 detail')
check "hub: show ip cef vrf cust1 192.168.113.1 has the local label" has_line "$hub_cef" \
	"   local label info: other/${in_out% *}"
check "hub: ... and recurses via spoke 1 with spoke 1's label" matches "$hub_cef" \
	"recursive via 10\.1\.1\.3\[IPv4:Default\] label ${s1_label}\b"
check "spoke 2: the hub's routes are in VRF cust1" matches "$(on "$S2_SOCK" 'show ip route vrf cust1')" \
	'^B\*? +0\.0\.0\.0/0 \[20/0\] via 10\.0\.0\.1'
check "spoke 2: no global route from the hub (route-map global does not exist: permits nothing)" not matches \
	"$(on "$S2_SOCK" 'show ip route')" '^B'
check "spoke 2: show ip bgp vpnv4 vrf cust2 has only RD 2:2" equals \
	"$(table "$S2_SOCK" 'show ip bgp vpnv4 vrf cust2' | grep -c '^Route Distinguisher')" 1
json=$(on "$HUB_SOCK" 'show ip bgp vpnv4 all | json')
check "hub: | json holds both RDs and eight routes" equals \
	"$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["route_distinguishers"]), sum(len(g["routes"]) for g in d["route_distinguishers"]))' <<<"$json")" "2 8"
check "hub: | xml" matches "$(on "$HUB_SOCK" 'show ip bgp vpnv4 all labels | xml')" '<bgp-vpnv4-labels>'

# A spoke's route goes: the hub withdraws it and releases the label it had bound for it.
on "$S1_SOCK" 'configure terminal' 'interface Loopback100' 'shutdown' 'end' >/dev/null
gone() { ! on "$HUB_SOCK" 'show ip bgp vpnv4 all' | grep -q '192\.168\.113\.0'; }
check "spoke 1's route withdrawn: gone from the hub" until_ok 15 gone
check "the hub's label for it is released" not matches "$(on "$HUB_SOCK" 'show mpls forwarding-table')" \
	"^${in_out% *} "

bgp_pcap_check 10.0.0.1 "the hub"
it_finish
