# shellcheck shell=sh
# userspace: the userspace backend (src/dataplane/userspace) on Debian 12's kernel (Linux 6.1), which
# lacks two things of 6.2 it asks for: TUN_F_USO4/6, refused (EINVAL: the TUNs go without, us_tun.c),
# and PACKET_FANOUT_FLAG_IGNORE_OUTGOING, taken and ignored (6.1 checks no fanout flag: the LAN rings'
# classic BPF filter drops the outgoing frames, us_lan_ring.c). Two routers ra and rb run dp_scenario
# serve userspace (ESP in UDP 4500, the network of tests/kernel/dp_scenario.c, as
# tests/integration/userspace_fwd.sh on the host), each with CE LANs ce1 (cust1) and ce2 (cust2)
# whose CEs have the same addresses (side a 10.1.0.2, side b 10.2.0.2). Checks: CE-to-CE ping and
# TCP per VRF, cust2 kept from cust1, each echo arriving once, ce1 read by packet rings (ETH_P_ALL
# sockets bound to it) and its IPv4 kept from the kernel's stack by tc's `bpf ... ferry
# direct-action` filter, no warning logged (GRO on the LANs by ethtool netlink), then SIGTERM: exit 0
# and no TUN, rule, route or tc filter left.
DPS=/usr/bin/dp_scenario
TC=/sbin/tc # busybox's tc applet would run first, and it cannot show a bpf filter

# us_ce ROUTER SIDE VRF: namespace ceSIDEVRF on ROUTER's ceVRF, 10.SIDE.0.2/24, default via .1.
us_ce() {
	"$IP" netns add "ce$2$3"
	"$IP" -n "$1" link add "ce$3" type veth peer name eth0 netns "ce$2$3"
	"$IP" -n "$1" link set "ce$3" up
	"$IP" -n "ce$2$3" link set lo up
	"$IP" -n "ce$2$3" link set eth0 up
	"$IP" -n "ce$2$3" addr add "10.$2.0.2/24" dev eth0
	"$IP" -n "ce$2$3" route add default via "10.$2.0.1"
}

us_topology() {
	"$IP" netns add ra
	"$IP" netns add rb
	"$IP" -n ra link add eth0 type veth peer name eth0 netns rb
	for ns in ra rb; do
		"$IP" -n "$ns" link set lo up
		"$IP" -n "$ns" link set eth0 up
	done
	for vrf in 1 2; do
		us_ce ra 1 $vrf
		us_ce rb 2 $vrf
	done
}

# us_serve SIDE: router rSIDE through the userspace backend, in the background ($! its PID).
us_serve() {
	"$IP" netns exec "r$1" $DPS serve userspace "side-$1" transport udp >"/tmp/us-$1.out" 2>"/tmp/us-$1.log" &
}

us_ready() {
	cat /tmp/us-a.log /tmp/us-b.log
	grep -qx ready /tmp/us-a.out && grep -qx ready /tmp/us-b.out
}

# us_ping CE ADDR: CE pings ADDR (retried: the first packets wait for ARP under TCG).
us_ping() {
	kt_until 20 kt_in "$1" ping -c 1 -W 2 "$2"
}

# us_echoes CE: the echo requests CE's kernel has taken (InEchos of /proc/net/snmp, per namespace).
us_echoes() {
	# shellcheck disable=SC2016 # awk's fields
	kt_in "$1" awk '$1 == "Icmp:" { if (!col) { for (i = 2; i <= NF; i++) if ($i == "InEchos") col = i } else print $col }' \
		/proc/net/snmp
}

# us_once FROM TO ADDR: 3 pings from CE FROM reach CE TO (at ADDR) at most once each (6.1 hands the
# rings ce1's outgoing frames too: one forwarded again would arrive again).
us_once() {
	before=$(us_echoes "$2")
	kt_in "$1" ping -c 3 -W 2 "$3" || true
	got=$(($(us_echoes "$2") - before))
	echo "$got echo requests arrived"
	[ "$got" -ge 1 ] && [ "$got" -le 3 ]
}

# us_listen CE TEXT: a TCP server on port 7000 in CE answering TEXT to each connection.
us_listen() {
	kt_in "$1" nc -ll -p 7000 -e echo "$2" &
}

# us_says CE ADDR WANT: a TCP connection from CE to ADDR:7000 reads WANT.
us_says() {
	test "$(kt_in "$1" timeout 10 nc -w 5 "$2" 7000 </dev/null)" = "$3"
}

# us_rings ROUTER DEV: packet sockets of protocol ETH_P_ALL (0003) bound to DEV, one per worker.
us_rings() {
	index=$("$IP" -n "$1" -o link show dev "$2" | cut -d: -f1)
	kt_in "$1" cat /proc/net/packet
	# shellcheck disable=SC2016 # awk's fields
	test "$(kt_in "$1" awk -v i="$index" '$4 == "0003" && $5 == i' /proc/net/packet | wc -l)" -gt 0
}

us_tc_bpf() {
	kt_in "$1" "$TC" filter show dev ce1 ingress pref 241 | grep -q 'bpf.*ferry direct-action'
}

# us_stop PID: SIGTERM, and dp_scenario's exit status in US_RC (KILL after 20 s: 137); in the
# shell that started it, as only it can wait for it.
us_stop() {
	us_pid=$1
	kill -TERM "$us_pid"
	us_end=$(($(kt_uptime_ds) + 200))
	while kill -0 "$us_pid" 2>/dev/null && [ "$(kt_uptime_ds)" -lt "$us_end" ]; do
		sleep 0.1
	done
	kill -KILL "$us_pid" 2>/dev/null || true
	US_RC=0
	wait "$us_pid" || US_RC=$?
}

# us_nothing_left ROUTER: no rule, tc filter, route or device of the backend's.
us_nothing_left() {
	kt_lacks '(^|[^0-9])241([^0-9]|$)' "$IP" -n "$1" rule show
	kt_lacks '' kt_in "$1" "$TC" filter show dev ce1 ingress pref 241
	kt_lacks '' "$IP" -n "$1" route show table all proto 241
	kt_lacks 'fy-' "$IP" -n "$1" -o link show
}

echo "# userspace backend on $(uname -r)"
kt_check "two routers, their CE namespaces, veths" us_topology
# outside kt_check: its subshell would keep the PIDs to itself
us_serve a
US_a=$!
us_serve b
US_b=$!
kt_check "ra and rb serve the userspace backend" kt_until 30 us_ready
kt_check "cust1: CE a pings CE b across MPLS/GRE/ESP" us_ping ce11 10.2.0.2
kt_check "cust2: CE a pings CE b (same addresses as cust1)" us_ping ce12 10.2.0.2
kt_check "cust1: CE b pings CE a" us_ping ce21 10.1.0.2
kt_check "cust1: each of CE a's pings reaches CE b once" us_once ce11 ce21 10.2.0.2
kt_check "cust1: CE a pings rb's cust1 loopback" us_ping ce11 203.0.113.2
kt_check "isolation: cust2 does not reach rb's cust1 loopback" kt_fails kt_in ce12 ping -c 2 -W 1 203.0.113.2
us_listen ce21 cust1-b
us_listen ce22 cust2-b
kt_check "TCP: cust1's CE a reaches cust1's server" kt_until 20 us_says ce11 10.2.0.2 cust1-b
kt_check "TCP: cust2's CE a reaches cust2's server at the same address" kt_until 20 us_says ce12 10.2.0.2 cust2-b
kt_check "rb's ce1 is read by packet rings" us_rings rb ce1
kt_check "ra's ce1 is read by packet rings" us_rings ra ce1
kt_check "rb's ce1 IPv4 kept from the kernel's stack by tc's bpf filter" us_tc_bpf rb
us_stop "$US_a"
kt_check "ra exits 0 on SIGTERM" test "$US_RC" -eq 0
us_stop "$US_b"
kt_check "rb exits 0 on SIGTERM" test "$US_RC" -eq 0
# severities 0 to 4 (log_msg): no TUN, ring or tc failure, and GRO on each LAN link (ethtool netlink) taken
kt_check "ra logged no error or warning" kt_lacks '%[A-Z_]+-[0-4]-' cat /tmp/us-a.log
kt_check "rb logged no error or warning" kt_lacks '%[A-Z_]+-[0-4]-' cat /tmp/us-b.log
sed 's/^/# ra: /' /tmp/us-a.log
sed 's/^/# rb: /' /tmp/us-b.log
kt_check "ra leaves no TUN, rule, route or tc filter" us_nothing_left ra
kt_check "rb leaves no TUN, rule, route or tc filter" us_nothing_left rb
