#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# seed_userspace: the seed's three routers end to end on this host, with
# --dataplane userspace (the host version of tests/kernel/seed.sh, which needs
# a kernel with GRE, ESP, MPLS and VRF). tools/lab builds the topology of
# LAB.md with this test's own prefix: r1 (R1-HUB), r3 (R3-Spoke1), r4
# (R4-Spoke), the CE namespaces, each ferryd with the seed's own etc/*.cfg,
# `-m` maps and the lab CA's certificates (tools/lab-pki).
#
# Proves: IKEv2 SAs READY hub <-> each spoke; ferryd's own global traffic
# crosses the tunnels (each global tunnel has a TUN holding its address and
# routes: a spoke's kernel pings the hub's Loopback0 over Tunnel0) so BGP comes
# up over the overlay; the hub's `show ip bgp vpnv4 all` has both spokes'
# routes in cust1 and cust2; ce-r3-c1 pings ce-hub-c1 and R4's cust1 loopback
# (spoke to spoke through the hub), likewise in cust2; cust2 never reaches
# cust1 nor the reverse; no router logged a refused operation; after SIGTERM
# each ferryd is gone and leaves no fy- device, route or rule of its protocol.
# usage: tests/integration/seed_userspace.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
it_init seed_userspace "$@"

P=fsu$$-
export FERRY_LAB_PREFIX=$P FERRY_LAB_RUN=$IT_TMP/lab FERRY_BUILD_DIR=$BUILD FERRY_LAB_DATAPLANE=userspace
LAB=$IT_TOP/tools/lab
PROTO=241 # ferryd's routes and rules (src/dataplane/kernel/kn_mark.h)
ours() { ip netns list | awk -v p="$P" 'index($1, p) == 1 {print $1}'; }
lab_down() { [[ -z $(ours) && ! -d $FERRY_LAB_RUN ]] || "$LAB" down >/dev/null; }
it_on_cleanup lab_down
PING=(ping)
command -v ping >/dev/null || PING=(busybox ping)

on() {
	local r=$1
	shift
	SOCK=$FERRY_LAB_RUN/$r.sock fy "$@"
}
in_ns() {
	local ns=$1
	shift
	ip netns exec "$P$ns" "$@"
}

"$LAB" >"$IT_TMP/lab-up.out" 2>&1
rc=$?
check "tools/lab up (--dataplane userspace) exits 0" equals "$rc" 0
((rc == 0)) || { tail -n 40 "$IT_TMP/lab-up.out"; it_abort "the lab is not up"; }

ike_ready() { [[ $(on r1 'show crypto ikev2 sa' | grep -cE '^[0-9]+ +172\.16\.0\.1/500 +172\.16\.1\.10[34]/500 .* READY') == 2 ]]; }
check "hub: IKEv2 SAs with both spokes READY" until_ok 30 ike_ready
for r in r3 r4; do
	check "$r: IKEv2 SA with the hub READY" matches "$(on $r 'show crypto ikev2 sa' 2>&1)" \
		'^[0-9]+ +172\.16\.1\.10[34]/500 +172\.16\.0\.1/500 .* READY'
done

# The kernel sees each global tunnel: a TUN with the tunnel's address and the routes through it.
check "r3: fy-tu0 holds Tunnel0's negotiated 10.1.1.x" matches "$(ip -n "${P}r3" -4 addr show dev fy-tu0 2>&1)" \
	'inet 10\.1\.1\.[0-9]+/32'
check "r3: the hub's Loopback0 is routed into fy-tu0" matches "$(ip -n "${P}r3" route get 10.0.0.1 2>&1)" 'dev fy-tu0'
check "hub: each spoke's overlay /32 is routed into its Virtual-Access TUN" equals \
	"$(ip -n "${P}r1" route show proto $PROTO | grep -cE '^10\.1\.1\.[0-9]+ dev fy-va[12] ')" 2
check "r3's kernel pings the hub's Loopback0 over Tunnel0" in_ns r3 "${PING[@]}" -c 3 -W 2 10.0.0.1

# BGP over the overlay: the spokes' sessions to 10.0.0.1 established (a prefix count, not a state).
bgp_up() { on "$1" 'show ip bgp vpnv4 all summary' | grep -qE '^10\.0\.0\.1 .* [0-9]+$'; }
hub_bgp_up() { [[ $(on r1 'show ip bgp vpnv4 all summary' | grep -cE '^\*?10\.1\.1\.[0-9]+ .* [0-9]+$') == 2 ]]; }
for r in r3 r4; do check "$r: BGP with the hub established over Tunnel0" until_ok 90 bgp_up $r; done
check "hub: BGP with both spokes established" until_ok 30 hub_bgp_up

# vpnv4 ROUTER RD: the networks of one route distinguisher in show ip bgp vpnv4 all.
vpnv4() {
	on "$1" 'show ip bgp vpnv4 all' | awk -v rd="$2" '/^Route Distinguisher:/ {on = $3 == rd; next}
		on && /^ *\*/ {sub(/^ *\*>? */, ""); print $1, $2}'
}
hub_has() { vpnv4 r1 "$1" | grep -qE "^${2//./\\.} 10\.1\.1\.[0-9]+$"; }
for net in "1:1 192.168.113.0" "1:1 192.168.114.0" "2:2 192.168.123.0" "2:2 192.168.124.0"; do
	check "hub: show ip bgp vpnv4 all has RD ${net% *} ${net#* } from a spoke" until_ok 30 hub_has "${net% *}" "${net#* }"
done

# Spoke to spoke goes by the hub's default route in each VRF, which each spoke learns from it.
vrf_default() { on "$1" "show ip bgp vpnv4 vrf $2" | grep -qE '^ *\*>? *0\.0\.0\.0 +10\.0\.0\.1 '; }
for r in r3 r4; do
	for vrf in cust1 cust2; do
		check "$r: the hub's default route learned in $vrf" until_ok 60 vrf_default $r $vrf
	done
done

pings() { in_ns "$1" "${PING[@]}" -c 3 -W 2 "$2"; }
no_reply() { ! in_ns "$1" "${PING[@]}" -c 3 -i 0.3 -W 1 "$2"; }
check "cust1: ce-r3-c1 pings ce-hub-c1 (R3 -> hub)" pings ce-r3-c1 192.168.110.10
check "cust1: ce-r3-c1 pings R4's cust1 loopback (R3 -> hub -> R4)" pings ce-r3-c1 192.168.114.1
check "cust2: ce-r3-c2 pings ce-hub-c2 (R3 -> hub)" pings ce-r3-c2 192.168.111.10
check "cust2: ce-r3-c2 pings R4's cust2 loopback (R3 -> hub -> R4)" pings ce-r3-c2 192.168.124.1
check "cust2 does not reach cust1's ce-hub-c1" no_reply ce-r3-c2 192.168.110.10
check "cust2 does not reach R4's cust1 loopback" no_reply ce-r3-c2 192.168.114.1
check "cust1 does not reach ce-hub-c2" no_reply ce-r3-c1 192.168.111.10
check "no router logged an operation the dataplane refused" not grep -H 'DATAPLANE-3-' "$FERRY_LAB_RUN"/r[134].log
lan_inputs() { on r3 'show platform dataplane | json' | jq -r '.lan_inputs[] | "\(.interface) \(.vrf) \(.input)"' | sort; }
check "r3: show platform dataplane: its VRF LANs read by packet rings" \
	equals "$(lan_inputs)" "$(printf 'Ethernet0/1.10 cust1 packet rings\nEthernet0/1.20 cust2 packet rings')"

# SIGTERM: each ferryd goes and leaves nothing of its own in its namespace.
stopped() {
	local f pid
	for f in "$FERRY_LAB_RUN"/r[134].pid; do
		pid=$(<"$f")
		kill -TERM "$pid" && ferry_gone "$pid" 10 || return 1
	done
}
nothing_left() {
	local ns=$P$1 left
	left=$(ip -n "$ns" -o link show | grep -E ': fy-'
		ip -n "$ns" route show table all proto "$PROTO"
		ip -n "$ns" rule show | grep -w "proto $PROTO")
	[[ -z $left ]] || { printf 'left in %s:\n%s\n' "$ns" "$left"; return 1; }
}
check "SIGTERM: every ferryd exits within 10 s" stopped
for r in r1 r3 r4; do check "$r: no fy- device, route or rule of protocol $PROTO left" nothing_left $r; done

it_finish
