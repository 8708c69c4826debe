#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# ferryd and FRR bgpd (8.4, run without zebra) over a veth between two
# namespaces: the eBGP session with VPNv4 reaches Established on both sides,
# a VPNv4 route FRR originates lands in the VRF whose import route target
# matches (with its label, in the RIB and CEF), and FRR's withdrawal removes it;
# the other way, a connected VRF route ferryd redistributes reaches FRR with
# its RD, route target and label, and goes when the interface does. ROUTE-REFRESH
# works both ways (clear ip bgp soft in|out here, clear bgp soft in on FRR),
# neighbor route-map in|out applies with a soft clear, and with
# soft-reconfiguration inbound the soft clear in runs on ferryd's copy. tshark
# decodes every BGP packet ferryd sent without a malformed or warning flag.
# usage: tests/integration/bgp_frr.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
# shellcheck source=tests/integration/bgp_pcap.bash
. "$(dirname "$0")/bgp_pcap.bash"
it_init bgp_frr "$@"
BGPD=/usr/lib/frr/bgpd
if [[ ! -x $BGPD ]] || ! command -v vtysh >/dev/null; then
	echo "# bgp_frr: skipped (FRR bgpd and vtysh not installed; tools/lib.sh FERRY_PKGS lists frr)"
	exit 0
fi

it_netns frr
NS_FRR=$NS
it_netns pe
NS_PE=$NS
ip link add "${IT_PREFIX:0:6}a" netns "$NS_FRR" type veth peer name "${IT_PREFIX:0:6}b" netns "$NS_PE"
ip -n "$NS_FRR" link set "${IT_PREFIX:0:6}a" name eth0
ip -n "$NS_PE" link set "${IT_PREFIX:0:6}b" name eth0
ip -n "$NS_FRR" addr add 10.255.0.1/30 dev eth0
ip -n "$NS_PE" addr add 10.255.0.2/30 dev eth0
ip -n "$NS_FRR" link set eth0 up
ip -n "$NS_PE" link set eth0 up

# FRR: its own state and vty directories; a private /run so it finds /run/frr writable.
FRR_DIR=$IT_TMP/frr
mkdir -p "$FRR_DIR"
cat >"$FRR_DIR/bgpd.conf" <<EOF
frr defaults traditional
hostname frr1
!
route-map RT permit 10
 set extcommunity rt 1:1
!
router bgp 65002
 bgp router-id 10.255.0.1
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor 10.255.0.2 remote-as 65001
 neighbor 10.255.0.2 timers connect 1
 address-family ipv4 vpn
  neighbor 10.255.0.2 activate
  network 192.168.50.0/24 rd 1:1 label 100 route-map RT
 exit-address-family
!
EOF
chmod -R a+rwX "$FRR_DIR"
ip netns exec "$NS_FRR" unshare -m sh -c "mount -t tmpfs none /run && mkdir -p /run/frr && chown frr:frr /run/frr 2>/dev/null;
	exec $BGPD -Z -S -f $FRR_DIR/bgpd.conf --vty_socket $FRR_DIR -i $FRR_DIR/bgpd.pid" \
	>"$IT_TMP/bgpd.out" 2>&1 &
FRR_PID=$!
IT_PIDS+=("$FRR_PID")
vty() { ip netns exec "$NS_FRR" vtysh --vty_socket "$FRR_DIR" -d bgpd "$@"; }
until_ok 10 vty -c 'show version' || it_abort "FRR bgpd starts and answers (log: $(tail -n 5 "$IT_TMP/bgpd.out"))"

cfg=$IT_TMP/pe.cfg
cat >"$cfg" <<'EOF'
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
interface Ethernet0/0
 ip address 10.255.0.2 255.255.255.252
 no shutdown
!
interface Loopback1
 vrf forwarding cust1
 ip address 192.168.60.1 255.255.255.0
!
router bgp 65001
 bgp router-id 10.255.0.2
 bgp log-neighbor-changes
 neighbor 10.255.0.1 remote-as 65002
 !
 address-family vpnv4
  neighbor 10.255.0.1 activate
  neighbor 10.255.0.1 send-community both
 exit-address-family
 !
 address-family ipv4 vrf cust1
  redistribute connected
 exit-address-family
!
end
EOF
bgp_pcap_start "$NS_PE" eth0
it_daemon "$NS_PE" pe "$cfg" -m Ethernet0/0=eth0 --dataplane none || it_abort "ferryd starts and answers"

ferry_established() { fy 'show bgp summary' | grep -qE '^10\.255\.0\.1 +4 +65002 .* +[0-9]+$'; }
frr_established() { vty -c 'show bgp summary' | grep -qE '^10\.255\.0\.2 +4 +65001 .* [0-9]+ +[0-9]+ +N/A$|^10\.255\.0\.2 .* [0-9]+ +[0-9]+$'; }
check "session Established in ferryd (show bgp summary)" until_ok 30 ferry_established
check "session Established in FRR (vtysh show bgp summary)" until_ok 30 frr_established
check "%BGP-5-ADJCHANGE Up logged" until_ok 5 grep -q '%BGP-5-ADJCHANGE: neighbor 10.255.0.1 Up' "$IT_TMP/pe.log"
check "show ip bgp vpnv4 all summary: the IOS header and the neighbor" \
	matches "$(fy 'show ip bgp vpnv4 all summary')" '^Neighbor +V +AS MsgRcvd MsgSent +TblVer +InQ OutQ Up/Down +State/PfxRcd$'
nbr=$(fy 'show ip bgp neighbors 10.255.0.1')
check "show ip bgp neighbors: external link" matches "$nbr" '^BGP neighbor is 10\.255\.0\.1,  remote AS 65002, external link$'
check "show ip bgp neighbors: Established" matches "$nbr" '^  BGP state = Established, up for '
check "show ip bgp neighbors: VPNv4 negotiated" matches "$nbr" 'Address family VPNv4 Unicast: advertised and received'
check "show bgp summary | json has the state" matches "$(fy 'show bgp summary | json')" '"state": *"Established"'

route_in_vrf() { fy 'show ip route vrf cust1' | grep -qE "^B +192\.168\.50\.0(/24)? "; }
check "FRR's VPNv4 route is in ferryd's VRF cust1" until_ok 15 route_in_vrf
check "show ip bgp vpnv4 all summary: one prefix received" \
	matches "$(fy 'show ip bgp vpnv4 all summary')" '^10\.255\.0\.1 +4 +65002 .* 1$'
check "show ip cef vrf cust1 192.168.50.0 shows label 100" \
	matches "$(fy 'show ip cef vrf cust1 192.168.50.0')" '^  nexthop 10\.255\.0\.1 Ethernet0/0 label 100$'
check "show ip route vrf cust1: eBGP, via the next hop resolved in the global table" \
	matches "$(fy 'show ip route vrf cust1')" '^B +192\.168\.50\.0/24 \[20/0\] via 10\.255\.0\.1,'

check "FRR withdraws the route" vty -c 'configure terminal' -c 'router bgp 65002' -c 'address-family ipv4 vpn' \
	-c 'no network 192.168.50.0/24 rd 1:1 label 100'
check "the withdrawal removes it from VRF cust1" until_ok 15 not route_in_vrf

# ferryd -> FRR: the connected route of VRF cust1, with RD 1:1, RT 1:1 and ferryd's aggregate label.
frr_vpn() { vty -c 'show bgp ipv4 vpn 192.168.60.0/24'; }
frr_has_route() { frr_vpn | grep -q 'routing table entry for 1:1:192\.168\.60\.0/24'; }
check "FRR learns ferryd's connected VRF route (show bgp ipv4 vpn)" until_ok 15 frr_has_route
label=$(fy 'show ip bgp vpnv4 all labels' | awk '$1 == "192.168.60.0" { split($3, l, "/"); print l[1] }')
check "ferryd shows a local label for it" matches "$label" '^[0-9]+$'
check "FRR's route: RD 1:1" matches "$(vty -c 'show bgp ipv4 vpn')" '^Route Distinguisher: 1:1$'
check "FRR's route: AS path 65001" matches "$(frr_vpn)" '^  65001$'
check "FRR's route: origin incomplete" matches "$(frr_vpn)" 'Origin incomplete, metric 0'
check "FRR's route: route target 1:1" matches "$(frr_vpn)" 'Extended Community: RT:1:1'
check "FRR's route: ferryd's label" matches "$(frr_vpn)" "Remote label: $label\$"
check "FRR's route: next hop ferryd" matches "$(frr_vpn)" '^    10\.255\.0\.2 from 10\.255\.0\.2 '
fy 'configure terminal' 'interface Loopback1' 'shutdown' 'end' >/dev/null
check "the interface shut: FRR's route is withdrawn" until_ok 15 not frr_has_route
fy 'configure terminal' 'interface Loopback1' 'no shutdown' 'end' >/dev/null
check "the interface back: FRR has the route again" until_ok 15 frr_has_route

# ROUTE-REFRESH (RFC 2918) both ways and clear ip bgp soft: the session stays up throughout.
frr_stat() {
	vty -c 'show bgp neighbors 10.255.0.2 json' |
		python3 -c "import json, sys; print(json.load(sys.stdin)['10.255.0.2']['messageStats']['$1'])"
}
grew() { (($(frr_stat "$1") > $2)); }
rr_before=$(frr_stat routeRefreshRecv)
check "clear ip bgp soft in is accepted" equals "$(fy 'clear ip bgp 10.255.0.1 soft in')" ""
check "clear ip bgp soft in: FRR receives a ROUTE-REFRESH" until_ok 10 grew routeRefreshRecv "$rr_before"
upd_before=$(frr_stat updatesRecv)
fy 'clear ip bgp 10.255.0.1 soft out' >/dev/null
check "clear ip bgp soft out: ferryd sends FRR its routes again" until_ok 10 grew updatesRecv "$upd_before"
upd_before=$(frr_stat updatesRecv)
vty -c 'clear bgp 10.255.0.2 soft in' >/dev/null
check "FRR's ROUTE-REFRESH: ferryd sends its routes again" until_ok 10 grew updatesRecv "$upd_before"
check "ferryd counts the ROUTE-REFRESH received" matches "$(fy 'show ip bgp neighbors 10.255.0.1')" \
	'^    Route Refresh: +[0-9]+ +[1-9][0-9]*$'
check "soft clears keep the session" not grep -q 'ADJCHANGE: neighbor 10.255.0.1 Down' "$IT_TMP/pe.log"
check "FRR still has ferryd's route" frr_has_route

# neighbor route-map: in sets what ferryd keeps of FRR's route, out filters what FRR gets (a missing route-map
# denies everything), each taking effect with a soft clear.
vty -c 'configure terminal' -c 'router bgp 65002' -c 'address-family ipv4 vpn' \
	-c 'network 192.168.50.0/24 rd 1:1 label 100 route-map RT' >/dev/null
check "FRR's route is back in VRF cust1" until_ok 15 route_in_vrf
fy 'configure terminal' 'route-map PREFER permit 10' 'set local-preference 200' 'router bgp 65001' \
	'address-family vpnv4' 'neighbor 10.255.0.1 route-map PREFER in' 'end' 'clear ip bgp 10.255.0.1 soft in' >/dev/null
preferred() { fy 'show ip bgp vpnv4 all 192.168.50.0' | grep -q 'localpref 200,'; }
check "route-map in: set local-preference 200 on FRR's route" until_ok 10 preferred
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'neighbor 10.255.0.1 route-map NOPE in' 'end' \
	'clear ip bgp 10.255.0.1 soft in' >/dev/null
check "route-map in that does not exist: FRR's route is dropped" until_ok 10 not route_in_vrf
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'neighbor 10.255.0.1 route-map NOPE out' 'end' \
	'clear ip bgp 10.255.0.1 soft out' >/dev/null
check "route-map out that does not exist: FRR loses ferryd's route" until_ok 10 not frr_has_route
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'no neighbor 10.255.0.1 route-map NOPE out' \
	'no neighbor 10.255.0.1 route-map NOPE in' 'end' 'clear ip bgp 10.255.0.1 soft' >/dev/null
check "route-maps removed, clear soft: FRR has ferryd's route again" until_ok 10 frr_has_route
check "route-maps removed, clear soft: FRR's route is in VRF cust1 again" until_ok 10 route_in_vrf

# soft-reconfiguration inbound: ferryd keeps FRR's routes as received (one the route-map in denies too), shows
# them, and clear ip bgp soft in runs a changed route-map on that copy instead of asking FRR (no ROUTE-REFRESH).
nbr_routes() { fy "show ip bgp vpnv4 all neighbors 10.255.0.1 $1"; }
check "received-routes without soft-reconfiguration: IOS's refusal" \
	matches "$(nbr_routes received-routes)" '^% Inbound soft reconfiguration not enabled on 10\.255\.0\.1$'
check "routes: FRR's route" matches "$(nbr_routes routes)" '^ \*> +192\.168\.50\.0 +10\.255\.0\.1 .* 65002 i$'
check "routes: the count" matches "$(nbr_routes routes)" '^Total number of prefixes 1 $'
check "advertised-routes: ferryd's connected VRF route" \
	matches "$(nbr_routes advertised-routes)" '^ \*> +192\.168\.60\.0 +0\.0\.0\.0 '
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'neighbor 10.255.0.1 soft-reconfiguration inbound' \
	'end' 'clear ip bgp 10.255.0.1' >/dev/null
check "soft-reconfiguration inbound: the session comes back" until_ok 30 ferry_established
kept() { nbr_routes received-routes | grep -qE '^ \* +192\.168\.50\.0 +10\.255\.0\.1 '; }
check "received-routes: FRR's route as received" until_ok 15 kept
rr_before=$(frr_stat routeRefreshRecv)
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'neighbor 10.255.0.1 route-map NOPE in' 'end' \
	'clear ip bgp 10.255.0.1 soft in' >/dev/null
check "soft in from the copy: the route-map in drops FRR's route" until_ok 10 not route_in_vrf
check "soft in from the copy: received-routes still has it" kept
check "soft in from the copy: routes has none" matches "$(nbr_routes routes)" 'Total number of prefixes 0 $'
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'no neighbor 10.255.0.1 route-map NOPE in' 'end' \
	'clear ip bgp 10.255.0.1 soft in' >/dev/null
check "route-map removed, soft in from the copy: FRR's route is back" until_ok 10 route_in_vrf
check "soft in from the copy: FRR was sent no ROUTE-REFRESH" equals "$(frr_stat routeRefreshRecv)" "$rr_before"
# The policy unchanged, soft in changes nothing: the route keeps its table version (no churn to other peers).
route_version() { fy 'show ip bgp vpnv4 all 192.168.50.0' | sed -n 's/^BGP routing table entry for .*, version \([0-9]*\)$/\1/p'; }
version_before=$(route_version)
fy 'clear ip bgp 10.255.0.1 soft in' >/dev/null
sleep 1
check "soft in, the route-map as before: the route keeps its version" equals "$(route_version)" "$version_before"

# Turned off, the copy goes with the next UPDATE (it would miss the rest); turned on again mid-session, the
# copy is not whole: soft in asks FRR (a ROUTE-REFRESH) and starts it over, and a route FRR withdrew while
# nothing was kept does not come back.
frr_vpn_net() { # "" or "no ": FRR announces or withdraws its route
	local how=(-c 'network 192.168.50.0/24 rd 1:1 label 100 route-map RT')
	[[ -z $1 ]] || how=(-c 'no network 192.168.50.0/24 rd 1:1 label 100')
	vty -c 'configure terminal' -c 'router bgp 65002' -c 'address-family ipv4 vpn' "${how[@]}" >/dev/null
}
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'no neighbor 10.255.0.1 soft-reconfiguration inbound' \
	'end' >/dev/null
frr_vpn_net "no "
check "soft-reconfiguration off: FRR's withdrawal is taken" until_ok 15 not route_in_vrf
fy 'configure terminal' 'router bgp 65001' 'address-family vpnv4' 'neighbor 10.255.0.1 soft-reconfiguration inbound' \
	'end' 'clear ip bgp 10.255.0.1 soft in' >/dev/null
check "on again mid-session: soft in asks FRR (ROUTE-REFRESH)" until_ok 10 grew routeRefreshRecv "$rr_before"
sleep 1 # the table's run after a replay is a few ms away: give a stale copy's route time to show
check "on again mid-session: the withdrawn route does not come back" not route_in_vrf
frr_vpn_net ""
check "FRR announces it again: in the copy" until_ok 15 kept
check "FRR announces it again: in VRF cust1" until_ok 15 route_in_vrf

fy 'clear ip bgp 10.255.0.1' >/dev/null
check "clear ip bgp: Down logged with the reason" until_ok 5 grep -q '%BGP-5-ADJCHANGE: neighbor 10.255.0.1 Down User reset' "$IT_TMP/pe.log"
check "clear ip bgp: the session comes back" until_ok 30 ferry_established
check "clear ip bgp * is accepted" equals "$(fy 'clear ip bgp *')" ""
check "clear ip bgp *: the session comes back" until_ok 30 ferry_established

# match ip address prefix-list in a route-map in: the prefix list decides for FRR's 192.168.50.0/24 (soft in
# runs it on the soft-reconfiguration copy).
check "FRR's route is in VRF cust1" until_ok 15 route_in_vrf
fy 'configure terminal' 'ip prefix-list FRR50 seq 5 deny 192.168.50.0/24' 'ip prefix-list FRR50 permit 0.0.0.0/0 le 32' \
	'route-map FILTER permit 10' 'match ip address prefix-list FRR50' 'router bgp 65001' 'address-family vpnv4' \
	'neighbor 10.255.0.1 route-map FILTER in' 'end' 'clear ip bgp 10.255.0.1 soft in' >/dev/null
check "prefix-list denies 192.168.50.0/24: FRR's route is dropped" until_ok 10 not route_in_vrf
fy 'configure terminal' 'ip prefix-list FRR50 seq 5 permit 192.168.50.0/24' 'end' \
	'clear ip bgp 10.255.0.1 soft in' >/dev/null
check "prefix-list permits it: FRR's route is back" until_ok 10 route_in_vrf
check "show ip prefix-list detail: the entry's hits" matches "$(fy 'show ip prefix-list detail FRR50')" \
	'^   seq 5 permit 192\.168\.50\.0/24 \(hit count: [1-9][0-9]*\)$'

it_stop "$PID" || true
frr_heard_cease() { vty -c 'show bgp neighbors 10.255.0.2' | grep -q 'Administrative Shutdown'; }
check "ferryd's shutdown: FRR heard a Cease (Administrative Shutdown)" until_ok 10 frr_heard_cease

bgp_pcap_check 10.255.0.2 ferryd

it_finish
