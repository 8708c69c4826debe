# shellcheck shell=sh
# kvm-timeout: 360
# seed: the seed's three routers, each ferryd configured only by its config
# (/etc/ferry/*.cfg, the seed's own files) with --dataplane kernel, `-m` maps
# from IOS names to the namespace's devices and its certificates from the lab
# CA (tools/lab-pki, run by tools/kvm/mkinitramfs into /etc/ferry/pki).
#
# The topology of LAB.md: r1 (R1-HUB), r3 (R3-Spoke1), r4 (R4-Spoke); isp
# routes between 172.16.0.0/30 (r1) and its bridge 172.16.1.0/24 (r3, r4).
# Behind r1: ce-hub-c1 (cust1, 192.168.110.10) and ce-hub-c2 (cust2,
# 192.168.111.10). Behind r3, on a switch (sw3) carrying VLANs 10 and 20:
# ce-r3-c1 (cust1, 192.168.113.10) and ce-r3-c2 (cust2, 192.168.123.10).
# R4's customers are its VRF loopbacks (192.168.114.1 cust1, 192.168.124.1 cust2).
#
# Proves: IKEv2 with certificates hub <-> each spoke (SAs READY), mode config
# (the spokes' Tunnel0 gets 10.1.1.x from the hub's pool), a Virtual-Access
# interface per spoke on the hub, BGP over that overlay with the spokes'
# VPNv4 routes in the hub's table and its labels in the LFIB; ce-r3-c1 reaches
# ce-hub-c1 and R4's cust1 loopback (spoke to spoke through the hub: there are
# no NHRP shortcuts yet), and likewise in cust2; R3's ESP SA to the hub and
# the MPLS stats of the hub's Virtual-Access devices count the traffic; cust2
# never reaches cust1's addresses nor the reverse; then LAB.md's overlap
# variant (R3's cust2 readdressed at run time to cust1's 192.168.113.0/24):
# each hub CE's pings of 192.168.113.10 arrive at its own VRF's CE only; the
# kernel refused nothing; after SIGTERM nothing of ferryd is left.
# When a check fails, the routers' logs and kernel state follow in the serial
# log (lines starting with "| ").
SEED_ROUTERS="r1 r3 r4"
SEED_PKI=/etc/ferry/pki
# ferryd's route protocol (src/dataplane/kernel/kn_mark.h)
SEED_PROTO=241

# seed_cfg ROUTER: the router's seed config.
seed_cfg() {
	case $1 in
	r1) echo R1-HUB ;;
	r3) echo R3-Spoke1 ;;
	r4) echo R4-Spoke ;;
	esac
}

# seed_maps ROUTER: its -m arguments (IOS name = device in its namespace).
seed_maps() {
	case $1 in
	r1) echo "-m Ethernet0/0=e00 -m Ethernet0/1=e01 -m Ethernet0/2=e02 -m Ethernet0/3=e03" ;;
	*) echo "-m Ethernet0/0=e00 -m Ethernet0/1=e01" ;;
	esac
}

seed_ns() {
	$IP netns add "$1"
	$IP -n "$1" link set lo up
}

# seed_host NS DEV ADDRESS GATEWAY: a customer host's port.
seed_host() {
	$IP -n "$1" link set "$2" up
	$IP -n "$1" addr add "$3" dev "$2"
	$IP -n "$1" route add default via "$4"
}

# seed_veth NS1 DEV1 NS2 DEV2: a veth pair, both ends up.
seed_veth() {
	$IP -n "$1" link add "$2" type veth peer name "$4" netns "$3"
	$IP -n "$1" link set "$2" up
	$IP -n "$3" link set "$4" up
}

# seed_vlan_host NS VID ADDRESS GATEWAY: a host on sw3 with a VLAN device eth0.VID.
seed_vlan_host() {
	seed_ns "$1"
	seed_veth sw3 "p$2" "$1" eth0
	$IP -n sw3 link set "p$2" master br0
	$IP -n "$1" link add link eth0 name "eth0.$2" type vlan id "$2"
	seed_host "$1" "eth0.$2" "$3" "$4"
}

seed_topology() {
	for ns in $SEED_ROUTERS isp sw3 ce-hub-c1 ce-hub-c2; do
		seed_ns "$ns"
	done
	kt_in isp sysctl -qw net.ipv4.ip_forward=1
	$IP -n isp link add br1 type bridge
	$IP -n isp link set br1 up
	$IP -n isp addr add 172.16.1.1/24 dev br1
	seed_veth r1 e00 isp r1
	$IP -n isp addr add 172.16.0.2/30 dev r1
	for r in r3 r4; do
		seed_veth $r e00 isp $r
		$IP -n isp link set $r master br1
	done
	seed_veth r1 e01 r1 x01
	seed_veth r1 e02 ce-hub-c1 eth0
	seed_host ce-hub-c1 eth0 192.168.110.10/24 192.168.110.1
	seed_veth r1 e03 ce-hub-c2 eth0
	seed_host ce-hub-c2 eth0 192.168.111.10/24 192.168.111.1
	$IP -n sw3 link add br0 type bridge
	$IP -n sw3 link set br0 up
	seed_veth r3 e01 sw3 trunk
	$IP -n sw3 link set trunk master br0
	seed_vlan_host ce-r3-c1 10 192.168.113.10/24 192.168.113.1
	seed_vlan_host ce-r3-c2 20 192.168.123.10/24 192.168.123.1
	seed_veth r4 e01 r4 x01
}

seed_start() {
	for r in $SEED_ROUTERS; do
		cfg=$(seed_cfg "$r")
		# not through kt_in: $! must be ferryd itself (ip netns exec execs it)
		# shellcheck disable=SC2046 # seed_maps: one word per argument
		$IP netns exec "$r" ferryd -d -f "/etc/ferry/$cfg.cfg" -S "/run/$r.sock" -P "$SEED_PKI/$cfg" \
			$(seed_maps "$r") --dataplane kernel </dev/null >"/tmp/$r.log" 2>&1 &
		eval "seed_pid_$r=\$!"
	done
}

# fy ROUTER COMMAND...: the router's answer to each command.
fy() {
	fy_r=$1
	shift
	for fy_c; do
		set -- "$@" -c "$fy_c"
		shift
	done
	ferry -S "/run/$fy_r.sock" "$@"
}

seed_answers() {
	for r in $SEED_ROUTERS; do
		kt_until 30 fy "$r" 'show version' >/dev/null
	done
}

# ike_ready ROUTER N: N IKE SAs READY in its show crypto ikev2 sa.
ike_ready() {
	[ "$(fy "$1" 'show crypto ikev2 sa' | grep -c ' READY')" -eq "$2" ]
}

seed_ike_up() {
	kt_until 90 ike_ready r1 2
	kt_until 10 ike_ready r3 1
	kt_until 10 ike_ready r4 1
	fy r1 'show crypto ikev2 sa' >/tmp/seed.ike
	cat /tmp/seed.ike
	grep -qE '^[0-9]+ +172\.16\.0\.1/500 +172\.16\.1\.103/500 .* READY' /tmp/seed.ike
	grep -qE '^[0-9]+ +172\.16\.0\.1/500 +172\.16\.1\.104/500 .* READY' /tmp/seed.ike
}

# certs_verified ROUTER N: its log says N times that a peer's certificate and signature were verified.
certs_verified() {
	grep "certificate and signature .* verified" "/tmp/$1.log" >/tmp/seed.auth || true
	cat /tmp/seed.auth
	[ "$(wc -l </tmp/seed.auth)" -eq "$2" ]
}

seed_certs() {
	certs_verified r1 2
	certs_verified r3 1
	certs_verified r4 1
}

# tunnel_address SPOKE: its Tunnel0 holds a 10.1.1.x from the hub's pool, in ferryd and in the kernel.
tunnel_address() {
	fy "$1" 'show ip interface brief' | grep -E '^Tunnel0 +10\.1\.1\.[0-9]+ '
	kt_in "$1" "$IP" -o addr show dev fy-tu0 | grep -E 'inet 10\.1\.1\.[0-9]+/'
}

seed_virtual_access() {
	fy r1 'show ip interface brief' >/tmp/seed.brief
	cat /tmp/seed.brief
	[ "$(grep -cE '^Virtual-Access[0-9]+ ' /tmp/seed.brief)" -eq 2 ]
	kt_in r1 "$IP" -d link show | grep 'alias ferry:Virtual-Access' >/tmp/seed.vi
	cat /tmp/seed.vi
	[ "$(wc -l </tmp/seed.vi)" -eq 2 ]
}

# bgp_up ROUTER N: N neighbors of its show ip bgp vpnv4 all summary established (a count as state).
bgp_up() {
	[ "$(fy "$1" 'show ip bgp vpnv4 all summary' | grep -cE '^\*?10\.[01]\.[0-9.]+ .* [0-9]+$')" -eq "$2" ]
}

seed_bgp_up() {
	kt_until 90 bgp_up r1 2
	kt_until 10 bgp_up r3 1
	kt_until 10 bgp_up r4 1
	fy r1 'show ip bgp vpnv4 all summary'
}

# hub_has NET...: each network is in the hub's show ip bgp vpnv4 all.
hub_has() {
	for net; do
		fy r1 'show ip bgp vpnv4 all' | grep -qE "^ *\*> *$net "
	done
}

seed_hub_table() {
	kt_until 30 hub_has 192.168.113.0 192.168.114.0 192.168.123.0 192.168.124.0
	fy r1 'show ip bgp vpnv4 all'
}

# The hub's LFIB: a Pop Label for each spoke's overlay /32 (IKEv2's implicit
# null), a swap for each spoke route it re-advertises (BGP), and those in the kernel.
seed_hub_labels() {
	fy r1 'show mpls forwarding-table' >/tmp/seed.lfib
	cat /tmp/seed.lfib
	[ "$(grep -cE '^[0-9]+ +Pop Label +10\.1\.1\.[0-9]+/32 ' /tmp/seed.lfib)" -eq 2 ]
	[ "$(grep -cE '^[0-9]+ +[0-9]+ +.*192\.168\.1[12][34]\.0/24' /tmp/seed.lfib)" -eq 4 ]
	kt_in r1 "$IP" -f mpls route show >/tmp/seed.kmpls
	cat /tmp/seed.kmpls
	awk '$2 ~ /^[0-9]+$/ { print $1 }' /tmp/seed.lfib >/tmp/seed.swaps
	[ -s /tmp/seed.swaps ]
	while read -r label; do
		grep -q "^$label .*proto $SEED_PROTO" /tmp/seed.kmpls
	done </tmp/seed.swaps
}

# ping_from NS ADDRESS: a reply comes (a few tries: the first may wait for ARP or a route).
ping_from() {
	kt_in "$1" ping -c 3 -W 2 "$2"
}

# no_reply NS ADDRESS: no reply to five pings.
no_reply() {
	if kt_in "$1" ping -c 5 -i 0.2 -W 2 "$2"; then
		return 1
	fi
}

# esp_out_packets SRC DST: packets counted by R3's kernel SA from SRC to DST.
esp_out_packets() {
	awk -v src="$1" -v dst="$2" '/^src / { cur = $2 == src && $4 == dst }
		cur && /\(packets\)/ { gsub(/[^0-9,]/, ""); split($0, n, ","); print n[2] }' /tmp/seed.xfrm
}

# R3's traffic went through ESP, and only with the hub (no spoke-to-spoke SA).
seed_esp() {
	kt_in r3 "$IP" -s xfrm state list >/tmp/seed.xfrm
	cat /tmp/seed.xfrm
	if grep '^src ' /tmp/seed.xfrm | grep -v '172\.16\.0\.1'; then
		return 1
	fi
	n=$(esp_out_packets 172.16.1.103 172.16.0.1)
	echo "ESP packets R3 -> hub: ${n:-none}"
	[ "${n:-0}" -ge 12 ]
}

# mpls_packets NS DEV RX|TX: labeled packets the device received or sent (the kernel's MPLS stats).
mpls_packets() {
	kt_in "$1" "$IP" stats show dev "$2" group afstats subgroup mpls >/tmp/seed.mstats
	cat /tmp/seed.mstats >&2
	awk -v dir="$3:" '$1 == dir { getline; print $2 }' /tmp/seed.mstats
}

# Labeled traffic crossed both of the hub's Virtual-Access devices, in and out.
seed_mpls_counted() {
	for va in fy-va1 fy-va2; do
		for dir in RX TX; do
			n=$(mpls_packets r1 $va $dir)
			echo "$va $dir: ${n:-none} labeled packets"
			[ "${n:-0}" -ge 3 ]
		done
	done
}

# kernel_took_all: no router logged an operation the kernel refused.
kernel_took_all() {
	if grep -H 'DATAPLANE-3-' /tmp/r1.log /tmp/r3.log /tmp/r4.log; then
		return 1
	fi
}

# vrf_has ROUTER VRF NET: NET is in the router's BGP table of VRF.
vrf_has() {
	fy "$1" "show ip bgp vpnv4 vrf $2" | grep -qE "^ *\*>? *$3 "
}

# The overlap variant of LAB.md: R3's cust2 subinterface takes cust1's
# 192.168.113.1/24 (one line changed at run time) and ce-r3-c2 cust1's host
# address; the hub learns 192.168.113.0/24 in both VRFs.
seed_overlap() {
	fy r3 'configure terminal' 'interface Ethernet0/1.20' 'ip address 192.168.113.1 255.255.255.0' 'end'
	kt_in ce-r3-c2 "$IP" addr flush dev eth0.20
	kt_in ce-r3-c2 "$IP" addr add 192.168.113.10/24 dev eth0.20
	kt_in ce-r3-c2 "$IP" route replace default via 192.168.113.1
	kt_until 30 vrf_has r1 cust2 192.168.113.0
	kt_until 30 kt_fails vrf_has r1 cust2 192.168.123.0
	vrf_has r1 cust1 192.168.113.0
	fy r1 'show ip bgp vpnv4 all'
}

# icmp_in_echos NS: echo requests the namespace received (its /proc/net/snmp).
icmp_in_echos() {
	# shellcheck disable=SC2016 # awk's program
	kt_in "$1" awk '/^Icmp:/ { if (!col) { for (i = 1; i <= NF; i++) if ($i == "InEchos") col = i }
		else print $col }' /proc/net/snmp
}

# answered_by FROM ADDRESS WANT OTHER: FROM's pings of ADDRESS reach WANT and never OTHER
# (both hold ADDRESS, in different VRFs).
answered_by() {
	want0=$(icmp_in_echos "$3")
	other0=$(icmp_in_echos "$4")
	ping_from "$1" "$2"
	want1=$(icmp_in_echos "$3")
	other1=$(icmp_in_echos "$4")
	echo "echo requests: $3 $want0 -> $want1, $4 $other0 -> $other1"
	[ "$want1" -ge $((want0 + 3)) ] && [ "$other1" -eq "$other0" ]
}

# seed_stop: SIGTERM to each ferryd (one ignoring it is killed after 15 s); sets
# SEED_EXITS to "ROUTER=STATUS ...". Not in a check: a subshell cannot wait for them.
seed_stop() {
	SEED_EXITS=
	for r in $SEED_ROUTERS; do
		pid=$(eval echo "\$seed_pid_$r")
		kill -TERM "$pid"
		(sleep 15 && kill -KILL "$pid") 2>/dev/null &
		watchdog=$!
		wait "$pid"
		SEED_EXITS="$SEED_EXITS $r=$?"
		kill $watchdog 2>/dev/null
	done
}

# exits_clean: each ferryd exited 0.
exits_clean() {
	echo "exit statuses:$SEED_EXITS"
	[ "$SEED_EXITS" = " r1=0 r3=0 r4=0" ]
}

# nothing_left NS: no fy- device or ferry alias, no route, MPLS route or address of
# protocol 241, no SA or policy of its reqids, no l3mdev rule; the mapped devices stay.
nothing_left() {
	kt_lacks 'alias ferry:|: fy-' "$IP" -n "$1" -d link show
	kt_lacks . "$IP" -n "$1" route show table all proto $SEED_PROTO
	kt_lacks . "$IP" -n "$1" -f mpls route show
	kt_lacks "$KT_FERRY_REQID" "$IP" -n "$1" xfrm state list
	kt_lacks "$KT_FERRY_REQID" "$IP" -n "$1" xfrm policy list
	kt_lacks l3mdev "$IP" -n "$1" rule show
	kt_lacks 'inet 1(72|92)\.' "$IP" -n "$1" addr show
	$IP -n "$1" link show dev e00
}

# seed_dump: the routers' logs and kernel state, for a failed run.
seed_dump() {
	for r in $SEED_ROUTERS; do
		echo "== $r: ferryd log"
		cat "/tmp/$r.log"
		echo "== $r: kernel"
		$IP -n "$r" -d addr show
		$IP -n "$r" route show table all
		$IP -n "$r" -f mpls route show
		$IP -n "$r" xfrm state list
		$IP -n "$r" xfrm policy list
	done 2>&1 | sed 's/^/| /'
}

kt_check "seed configs and certificates are in the image" test -f /etc/ferry/R1-HUB.cfg -a \
	-f $SEED_PKI/R1-HUB/CA/cert.pem -a -f $SEED_PKI/R3-Spoke1/CA/key.pem -a -f $SEED_PKI/R4-Spoke/CA/ca.pem
kt_check "the lab's namespaces, links, bridges and VLANs" seed_topology
seed_start
kt_check "three ferryd with the seed's configs answer" seed_answers
kt_check "IKEv2 SAs READY: hub with each spoke, each spoke with the hub" seed_ike_up
kt_check "IKEv2 authenticated by the lab CA's certificates (hub: both spokes; spokes: the hub)" seed_certs
# What an SA brings (addresses, Virtual-Access devices) reaches the kernel at the next reconciliation, which
# a burst of SAs shares (sync_request: up to a second later): wait for it.
kt_check "mode config: R3-Spoke1's Tunnel0 holds 10.1.1.x from the hub's pool" kt_until 10 tunnel_address r3
kt_check "mode config: R4-Spoke's Tunnel0 holds 10.1.1.x from the hub's pool" kt_until 10 tunnel_address r4
kt_check "the hub made a Virtual-Access interface per spoke" kt_until 10 seed_virtual_access
kt_check "BGP over the overlay: hub with both spokes, each spoke with the hub" seed_bgp_up
kt_check "hub: show ip bgp vpnv4 all has both spokes' routes in cust1 and cust2" seed_hub_table
kt_check "hub: show mpls forwarding-table has the overlay and VPN labels, and so has the kernel" \
	seed_hub_labels
kt_check "cust1: ce-r3-c1 pings ce-hub-c1 (R3 -> hub)" ping_from ce-r3-c1 192.168.110.10
kt_check "cust1: ce-r3-c1 pings R4's cust1 loopback (R3 -> hub -> R4)" ping_from ce-r3-c1 192.168.114.1
kt_check "cust2: ce-r3-c2 pings ce-hub-c2 (R3 -> hub)" ping_from ce-r3-c2 192.168.111.10
kt_check "cust2: ce-r3-c2 pings R4's cust2 loopback (R3 -> hub -> R4)" ping_from ce-r3-c2 192.168.124.1
kt_check "cust2 does not reach cust1's ce-hub-c1" no_reply ce-r3-c2 192.168.110.10
kt_check "cust2 does not reach R4's cust1 loopback" no_reply ce-r3-c2 192.168.114.1
kt_check "cust1 does not reach ce-hub-c2" no_reply ce-r3-c1 192.168.111.10
kt_check "R3's pings went out through ESP, to the hub only" seed_esp
kt_check "MPLS: labeled packets in and out of each Virtual-Access of the hub" seed_mpls_counted
kt_check "overlap: R3's cust2 readdressed to cust1's 192.168.113.0/24; the hub has it in both VRFs" seed_overlap
kt_check "overlap: ce-hub-c1 reaches 192.168.113.10 in cust1 (ce-r3-c1), never cust2's" \
	answered_by ce-hub-c1 192.168.113.10 ce-r3-c1 ce-r3-c2
kt_check "overlap: ce-hub-c2 reaches 192.168.113.10 in cust2 (ce-r3-c2), never cust1's" \
	answered_by ce-hub-c2 192.168.113.10 ce-r3-c2 ce-r3-c1
kt_check "overlap: from the same address, ce-r3-c1 reaches R4's cust1 loopback" ping_from ce-r3-c1 192.168.114.1
kt_check "overlap: from the same address, ce-r3-c2 reaches R4's cust2 loopback" ping_from ce-r3-c2 192.168.124.1
kt_check "overlap: ce-r3-c2 still does not reach R4's cust1 loopback" no_reply ce-r3-c2 192.168.114.1
kt_check "the kernel took every operation of the three ferryd" kernel_took_all
[ "$KT_PASSED" -eq "$KT_CHECKS" ] || seed_dump
seed_stop
kt_check "SIGTERM: the three ferryd exit 0" exits_clean
for r in $SEED_ROUTERS; do
	kt_check "$r: nothing of ferryd left in the kernel" nothing_left "$r"
done
