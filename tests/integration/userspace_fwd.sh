#!/usr/bin/env bash
# The userspace dataplane between two routers in namespaces, on a kernel
# without ip_gre, mpls_router, esp4 or vrf: each router runs the userspace
# backend through tests/kernel/dp_scenario serve (the network of that
# program: GRE fy-tu0 with key 42 over eth0, labels 100 -> cust1 and
# 200 -> cust2, TEST-ONLY static AES-GCM keys; IKE and BGP do not yet key
# and label this path end to end), plus CE LANs ce1/ce2 whose CEs have the
# SAME addresses in cust1 and cust2 (side a 10.1.0.2, side b 10.2.0.2).
# Checks: ping and TCP CE to CE per VRF, pings of the far router's VRF
# loopbacks, isolation of cust1 and cust2, a traceroute from a CE showing
# each router once (time exceeded from its VRF address facing the sender:
# the LAN's IPv4 goes to the workers by packet rings, tc keeps it from the
# kernel's stack, ferryd counts the hop) and
# ending at a router address with port unreachable, the far router's ARP
# request asking from its LAN address, the kernel's host unreachable for an
# absent CE reaching the VRF sender from its VRF address and not the global side, a LAN link
# flapped by another agent left without a local route and with its VRF route back (CE reachable again),
# ferryd's rtnetlink monitor restoring a deleted address with this backend, replayed/truncated/wrongly
# keyed/wrongly labeled packets dropped and counted while forwarding goes
# on, the underlay capture decoded by tshark with the ESP keys without a
# malformed or warning flag, leftovers (TUNs, rules, routes, tc filters) gone after
# SIGTERM, and a crash's swept by the next start. ESP in UDP 4500 and as protocol 50
# (transport mode), and in tunnel mode.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
# shellcheck source=tests/integration/dps.bash
. "$(dirname "$0")/dps.bash"
it_init userspace_fwd "$@"

# The routers: eth0 between them (addresses come from the backend).
dps_routers userspace_fwd

# ce SIDE VRF: a CE namespace on the router's ceVRF, 10.SIDE.0.2/24, default via .1.
CE=()
ce() {
	local side=$1 vrf=$2 router
	router=$([[ $side == 1 ]] && echo "$NS_A" || echo "$NS_B")
	it_netns "ce$side$vrf"
	CE[$side$vrf]=$NS
	ip link add "ce$vrf" netns "$router" type veth peer name eth0 netns "$NS"
	ip -n "$router" link set "ce$vrf" up
	ip -n "$NS" link set eth0 up
	ip -n "$NS" addr add "10.$side.0.2/24" dev eth0
	ip -n "$NS" route add default via "10.$side.0.1"
}
for side in 1 2; do for vrf in 1 2; do ce $side $vrf; done; done

# The hostile packets, sent from router a's namespace to b's UDP 4500, and the
# capture of one real packet to replay. TEST-ONLY keys as dp_scenario's add_sa
# (SPI 0x1102, from a to b: key bytes 0x10 + i).
cat >"$IT_TMP/hostile.py" <<'PY'
import socket, struct, sys

def capture(path):
    """The UDP payload of the first ESP-in-UDP packet from a on eth0."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0800))
    s.bind(("eth0", 0))
    s.settimeout(10)
    while True:
        frame = s.recv(65535)
        ip = frame[14:]
        hl = (ip[0] & 15) * 4
        if ip[9] == 17 and ip[12:16] == bytes([192, 0, 2, 1]) and struct.unpack("!H", ip[hl + 2:hl + 4])[0] == 4500:
            payload = ip[hl + 8:]
            if len(payload) > 8 and payload[:4] != b"\0\0\0\0":
                open(path, "w").write(payload.hex())
                return

def inner_ping():
    from inet4 import echo_request
    return echo_request("10.1.0.2", "10.2.0.2", 7, b"hostile!")

def forge(label, seq, key):
    """ESP (transport, AES-GCM-128) carrying GRE key 42 with one label over an ICMP echo."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    gre = struct.pack("!HHI", 0x2000, 0x8847, 42) + struct.pack("!I", label << 12 | 1 << 8 | 64)
    payload = gre + inner_ping()
    pad = (4 - (len(payload) + 2) % 4) % 4
    plain = payload + bytes(range(1, pad + 1)) + bytes([pad, 47])
    head = struct.pack("!II", 0x1102, seq)
    iv = struct.pack("!Q", seq)
    return head + iv + AESGCM(key[:16]).encrypt(key[16:20] + iv, plain, head)

def send(data):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("192.0.2.1", 4501))
    s.sendto(data, ("192.0.2.2", 4500))

cmd, path = sys.argv[1], sys.argv[2]
if cmd == "capture":
    capture(path)
    sys.exit(0)
real = bytes.fromhex(open(path).read())
seq = struct.unpack("!I", real[4:8])[0]
key = bytes(0x10 + i for i in range(20))
if cmd == "replay":
    send(real)
elif cmd == "truncated":
    send(real[:12])
elif cmd == "badkey":
    send(forge(100, seq + 1000, bytes(0x55 for _ in range(20))))
elif cmd == "badlabel":
    send(forge(999, seq + 2, key))
PY

# serve SIDE ENCAP [MODE]: router SIDE (a or b) through the userspace backend, ESP in MODE (transport);
# SERVE_a/SERVE_b its PID.
serve() {
	local ns=$NS_B
	[[ $1 == b ]] || ns=$NS_A
	# emptied here, not by the background job's redirection: until_ok could read the last run's "ready" first
	: >"$IT_TMP/serve-$1.out"
	ip netns exec "$ns" "$DPS" serve userspace "side-$1" "${3:-transport}" "$2" >>"$IT_TMP/serve-$1.out" \
		2>>"$IT_TMP/serve-$1.log" &
	IT_PIDS+=($!)
	printf -v "SERVE_$1" %s $!
	until_ok 10 grep -qx ready "$IT_TMP/serve-$1.out"
}

# report SIDE: the counters serve prints on SIGUSR1.
report() {
	local pid=SERVE_$1 out=$IT_TMP/serve-$1.out
	: >"$out"
	kill -USR1 "${!pid}"
	until_ok 5 grep -qx end "$out"
	cat "$out"
}

# counter SIDE LINE-PREFIX: the number at the end of the report line starting so.
counter() { report "$1" | awk -v p="$2" 'index($0, p) == 1 { print $NF; found = 1 } END { if (!found) print 0 }'; }

# count SIDE KIND KEY in|out: one of the counters serve reports for KIND (link, mpls, label, sa) KEY.
count() {
	report "$1" | awk -v k="$2" -v key="$3" -v dir="$4" \
		'$1 == k && $2 == key { v = (dir == "in" ? $4 : $6) } END { print v + 0 }'
}
positive() { (($1 > 0)) || { echo "got $1, want > 0"; return 1; }; }
in_ce() { local ns=${CE[$1]}; shift; ip netns exec "$ns" "$@"; }
ping_ok() { in_ce "$1" busybox ping -c 2 -W 2 "$2"; }
lan_route() { [[ -n $(ip -n "$NS_B" route show table 10 10.2.0.0/24 dev ce1) ]]; }
ping_fails() { ! in_ce "$1" busybox ping -c 2 -W 1 "$2"; }

# tcp_says CE ADDR WANT: a TCP connection to ADDR:7000 from CE reads WANT.
tcp_says() {
	local got
	got=$(in_ce "$1" busybox timeout 5 busybox nc "$2" 7000 </dev/null)
	equals "$got" "$3"
}

# listen CE TEXT: a TCP server on port 7000 in CE answering TEXT to each connection.
listen() {
	# not through in_ce: a backgrounded function is a subshell, and its PID is not the server's
	ip netns exec "${CE[$1]}" busybox nc -ll -p 7000 -e echo "$2" &
	IT_PIDS+=($!)
}

# The state a router's backend leaves behind: none.
leftovers() {
	local ns=$1
	ip -n "$ns" rule show | grep -w 241 || true
	tc -n "$ns" filter show dev ce1 ingress pref 241 2>/dev/null
	ip -n "$ns" route show table all proto 241
	ip -n "$ns" -o link show | grep -o 'fy-[^:@]*' || true
}
nothing_left() { equals "$(leftovers "$1")" ""; }

# The capture of the underlay (dps.bash), decoded by tshark with both SAs' keys.
decoded_clean() {
	local all flagged
	all=$(shark -Y 'esp && icmp')
	[[ -n $all ]] || { echo "no decrypted ICMP in the capture"; shark | head; return 1; }
	flagged=$(shark -Y '_ws.malformed || _ws.expert.severity >= warning')
	[[ -z $flagged ]] || { echo "$flagged"; return 1; }
}
labels_seen() { shark -T fields -e mpls.label -Y 'mpls' | sort -u | tr '\n' ' '; }

# ---- ESP in UDP 4500 (strongSwan's kernel-libipsec always uses it)
serve a udp
serve b udp
capture_start 'udp port 4500 or ip proto 50'
for side in 1 2; do for vrf in 1 2; do
	check "CE $side$vrf pings its router's VRF address (the same in both VRFs)" ping_ok "$side$vrf" "10.$side.0.1"
done; done
check "cust1: CE a pings CE b across MPLS/GRE/ESP" ping_ok 11 10.2.0.2
check "cust2: CE a pings CE b (same addresses as cust1)" ping_ok 12 10.2.0.2
check "cust1: CE b pings CE a" ping_ok 21 10.1.0.2
check "cust1: CE a pings router b's cust1 loopback" ping_ok 11 203.0.113.2
check "cust2: CE a pings router b's cust2 loopback" ping_ok 12 203.0.113.3
check "isolation: cust2 does not reach router b's cust1 loopback" ping_fails 12 203.0.113.2
check "isolation: cust1 does not reach router b's cust2 loopback" ping_fails 11 203.0.113.3
# 1400 bytes of ICMP: a full tunnel MTU, labels, GRE and ESP in one underlay frame.
check "cust2: a ping at the tunnel MTU crosses" in_ce 12 busybox ping -c 2 -W 2 -s 1372 10.2.0.2
capture_stop
check "tshark decrypts the underlay with the SA keys and flags nothing" decoded_clean
check "tshark sees labels 100 and 200 in GRE" equals "$(labels_seen)" "100 200 "
# Each router one hop, its time exceeded from its address in the VRF facing the sender (as IOS: router a's LAN
# address 10.1.0.1, not its first VRF address, its loopback; router b, whose link to the sender is a tunnel
# outside the VRF, from its first VRF address, the loopback), the far CE's port unreachable last: the LAN's IPv4 reaches the workers by packet rings, not by the kernel's forwarding.
# trace CE ADDR WANT: the hops as WANT, tried up to 3 times (a probe lost on a loaded machine is a hole).
trace() {
	local got
	for _ in 1 2 3; do
		got=$(in_ce "$1" python3 "$IT_TOP/tests/integration/trace_hops.py" "$2" 5 | tr '\n' ' ')
		[[ $got != "$3" ]] || return 0
	done
	equals "$got" "$3"
}
check "traceroute in cust1: router a, router b, the CE, once each" \
	trace 11 10.2.0.2 "1 10.1.0.1 11 2 203.0.113.2 11 3 10.2.0.2 3 "
check "traceroute in cust2 (same addresses): router b from its cust2 address" \
	trace 12 10.2.0.2 "1 10.1.0.1 11 2 203.0.113.3 11 3 10.2.0.2 3 "
check "traceroute back in cust1" trace 21 10.1.0.2 "1 10.2.0.1 11 2 203.0.113.1 11 3 10.1.0.2 3 "
check "traceroute to router b's cust1 loopback ends there (port unreachable)" \
	trace 11 203.0.113.2 "1 10.1.0.1 11 2 203.0.113.2 3 "
# ce1's IPv4 is read from packet rings (ETH_P_ALL sockets bound to ce1, one per worker) and dropped by tc's filter
# before the kernel's stack would route it.
rings_on() { # NS DEV: the packet sockets of protocol ETH_P_ALL bound to DEV
	local index
	index=$(ip -n "$1" -o link show dev "$2" | cut -d: -f1)
	# shellcheck disable=SC2016 # awk's fields
	ip netns exec "$1" awk -v i="$index" '$4 == "0003" && $5 == i' /proc/net/packet | wc -l
}
WORKERS=$(getconf _NPROCESSORS_ONLN)
((WORKERS <= 16)) || WORKERS=16 # one per core, at most US_WORKERS_MAX
check "router b's ce1 has a packet ring per worker" equals "$(rings_on "$NS_B" ce1)" "$WORKERS"
check "router b's ce1 IPv4 kept from the kernel's stack by tc" \
	matches "$(tc -n "$NS_B" filter show dev ce1 ingress pref 241)" 'bpf.*ferry direct-action'
# ARP: router b asks for its CE from its own LAN address, which the kernel holds as a /32 only. Asked
# again until the capture has it ("Capturing on" may come before the capture does).
arp_again() {
	ip -n "$NS_B" neigh flush dev ce1
	in_ce 11 busybox ping -c 1 -W 1 10.2.0.2 >/dev/null || true
	[[ -s $IT_TMP/arp.out ]]
}
arp_asker() {
	ip netns exec "${CE[21]}" tshark -l -i eth0 -f 'arp[6:2] = 1' -c 1 -a duration:20 -T fields \
		-e arp.src.proto_ipv4 >"$IT_TMP/arp.out" 2>"$IT_TMP/arp.log" &
	local shark=$!
	until_ok 10 grep -q 'Capturing on' "$IT_TMP/arp.log"
	until_ok 15 arp_again || true
	wait "$shark" || true
	cat "$IT_TMP/arp.out"
}
check "router b's ARP request on cust1's LAN is from 10.2.0.1" equals "$(arp_asker)" 10.2.0.1
check "router b's kernel holds 10.2.0.1 on ce1 as a /32" matches "$(ip -n "$NS_B" -4 addr show dev ce1)" 'inet 10\.2\.0\.1/32'
check "...and no route to cust1's LAN in its global table" equals "$(ip -n "$NS_B" route show 10.2.0.0/24)" ""
# ...nor delivers it locally: from the underlay (router a routing 10.2.0.1 to b's eth0) it does not answer.
from_underlay() {
	local rc=0
	ip -n "$NS_A" route add 10.2.0.1/32 via 192.0.2.2
	ip netns exec "$NS_A" busybox ping -c 1 -W 1 10.2.0.1 || rc=$?
	ip -n "$NS_A" route del 10.2.0.1/32 via 192.0.2.2
	return "$rc"
}
check "router b's cust1 LAN address does not answer from the global side" not from_underlay
# The kernel's own ICMP for a VRF (host unreachable: ARP for an absent CE fails) stays in the VRF: router b
# marks what cust1's TUN hands its kernel with cust1's table, and the error, carrying the mark
# (fwmark_reflect), is routed by the rule of that mark, not by the global default route b gets here.
unreach_from() { # CE ADDR: "SOURCE CODE" of the first ICMP unreachable CE gets pinging ADDR
	ip netns exec "${CE[$1]}" tshark -l -i eth0 -f 'icmp[0] = 3' -c 1 -a duration:20 -T fields -E occurrence=f -e ip.src \
		-e icmp.code >"$IT_TMP/unreach.out" 2>"$IT_TMP/unreach.log" &
	local shark=$!
	until_ok 10 grep -q 'Capturing on' "$IT_TMP/unreach.log"
	in_ce "$1" busybox ping -c 5 -W 1 "$2" >/dev/null || true
	wait "$shark" || true
	tr '\t' ' ' <"$IT_TMP/unreach.out"
}
leak_start() {
	ip netns exec "$NS_B" tshark -q -i eth0 -f icmp -w "$IT_TMP/leak.pcap" >/dev/null 2>"$IT_TMP/leak.log" &
	LEAK=$!
	IT_PIDS+=("$LEAK")
	until_ok 10 grep -q 'Capturing on' "$IT_TMP/leak.log"
}
ip -n "$NS_B" route add default via 192.0.2.1
leak_start
# Its source is cust1's address on router b (the TUN holds it, without a local route), not b's underlay 192.0.2.2.
check "router b's cust1 TUN holds 10.2.0.1/32" matches "$(ip -n "$NS_B" -4 addr show dev fy-v-cust1)" 'inet 10\.2\.0\.1/32'
check "cust1: a host unreachable for an absent CE on router b's LAN reaches CE a, from 10.2.0.1" \
	matches "$(unreach_from 11 10.2.0.99)" '^10\.2\.0\.1 1$'
kill -INT "$LEAK"
wait "$LEAK" || true
check "...and no ICMP leaves router b by its global default route" \
	equals "$(tshark -r "$IT_TMP/leak.pcap" 2>/dev/null | wc -l)" 0
ip -n "$NS_B" route del default via 192.0.2.1
listen 21 cust1-b
listen 22 cust2-b
head -c 2000000 /dev/urandom >"$IT_TMP/blob"
ip netns exec "${CE[21]}" busybox nc -l -p 7001 -e cat "$IT_TMP/blob" &
IT_PIDS+=($!)
until_ok 5 in_ce 21 busybox nc -z 10.2.0.2 7000 2>/dev/null || true
check "TCP: cust1's CE a reaches cust1's server" tcp_says 11 10.2.0.2 cust1-b
check "TCP: cust2's CE a reaches cust2's server at the same address" tcp_says 12 10.2.0.2 cust2-b
bulk() { in_ce 11 busybox timeout 20 busybox nc 10.2.0.2 7001 </dev/null >"$IT_TMP/blob.got"; cmp "$IT_TMP/blob" "$IT_TMP/blob.got"; }
check "TCP: 2 MB from cust1's CE b arrive intact at CE a (1500-byte segments: fragmentation needed from the VRF)" bulk
for dir in in out; do
	check "router b counts cust1's TUN ($dir)" positive "$(count b link fy-v-cust1 $dir)"
	check "router b counts Tunnel0 ($dir)" positive "$(count b link fy-tu0 $dir)"
	check "router b reads eth0's counters from the kernel ($dir)" positive "$(count b link eth0 $dir)"
done
check "router b counts labeled packets on Tunnel0" positive "$(count b mpls fy-tu0 in)"
check "router b counts label 100 (cust1)" positive "$(count b label 100 in)"
check "router b counts label 200 (cust2)" positive "$(count b label 200 in)"
check "router b counts SA 0x1102 inbound" positive "$(count b sa 1102 in)"
check "router b counts SA 0x1201 outbound" positive "$(count b sa 1201 out)"

# ---- hostile packets at router b: each dropped and counted, and forwarding goes on
hostile_checks() {
	ip netns exec "$NS_B" python3 "$IT_TMP/hostile.py" capture "$IT_TMP/real.hex" &
	HOSTILE_CAPTURE=$!
	IT_PIDS+=("$HOSTILE_CAPTURE")
	until_ok 10 bash -c "[[ -s $IT_TMP/real.hex ]] || { ip netns exec ${CE[11]} busybox ping -c 1 -W 1 10.2.0.2; false; }" || true
	wait "$HOSTILE_CAPTURE" || true
	hostile() { ip netns exec "$NS_A" env PYTHONPATH="$IT_TOP/tests/integration" python3 "$IT_TMP/hostile.py" "$1" "$IT_TMP/real.hex"; }
	check "a real ESP packet was captured to replay" test -s "$IT_TMP/real.hex"
	hostile replay
	hostile truncated
	check "replayed ESP is dropped and counted" positive "$(counter b 'drop esp-replay')"
	check "truncated ESP is dropped and counted" positive "$(($(counter b 'drop esp-truncated') + $(counter b 'drop esp-length')))"
	if python3 -c 'import cryptography' 2>/dev/null; then
		hostile badkey
		hostile badlabel
		check "ESP under the wrong key is dropped and counted" positive "$(counter b 'drop esp-icv')"
		check "a wrongly labeled packet is dropped and counted" positive "$(counter b 'drop unknown-label')"
	else
		echo "# userspace_fwd: wrong-key and wrong-label packets skipped (python3-cryptography not installed)"
	fi
}
if command -v python3 >/dev/null; then
	hostile_checks
else
	echo "# userspace_fwd: hostile packets skipped (no python3 to craft them)"
fi
check "forwarding goes on after the hostile packets" ping_ok 11 10.2.0.2
check "...in cust2 too" ping_ok 12 10.2.0.2

# A datagram behind a priority tag (802.1Q, VLAN id 0: a CE setting 802.1p priorities) is the LAN's like any
# other: forwarded once, by the workers (TTL 64 - 2 routers at CE b). tc sees it with the tag's protocol, so a
# filter of protocol IPv4 let it past the rings' drop into the kernel's stack: a second copy, a hop short.
prio_tagged() {
	local out=$IT_TMP/prio-$1.out mac
	mac=$(ip -n "$NS_A" link show ce1 | awk '/link\/ether/ {print $2}')
	ip netns exec "${CE[21]}" python3 "$IT_TOP/tests/integration/prio_tagged.py" recv 7002 3 >"$out" &
	IT_PIDS+=($!)
	sleep 0.5
	in_ce 11 python3 "$IT_TOP/tests/integration/prio_tagged.py" send eth0 "$mac" 10.1.0.2 10.2.0.2 7002
	wait "$!" 2>/dev/null || true
	until_ok 5 test -s "$out"
	cat "$out"
}
check "a priority-tagged datagram (VLAN id 0) is forwarded once, by the workers" equals "$(prio_tagged rings)" "1 62"

# Router a stopped while CE a sends 3000 datagrams of one flow: its LAN ring (1024 frames) fills, the kernel drops
# the rest and router a shows them as io-ring-full once it runs again; forwarding goes on.
# shellcheck disable=SC2154 # set by serve (printf -v)
kill -STOP "$SERVE_a"
in_ce 11 python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3000): s.sendto(b"x" * 64, ("10.2.0.2", 9))'
kill -CONT "$SERVE_a"
check "a LAN ring filled while its router was stopped counts io-ring-full" positive "$(counter a 'drop io-ring-full')"
check "...and forwarding goes on" ping_ok 11 10.2.0.2

# Another agent sets router b's ce1 down and up: the kernel adds 10.2.0.1's local route again and drops
# cust1's route to the LAN (10.2.0.0/24 dev ce1 table 10); the backend's watcher (us_lanwatch.c) deletes
# the one and puts back the other as the kernel announces the local route, without ferryd's sync.
check "cust1's table has the route to router b's LAN before the flap" lan_route
ip -n "$NS_B" link set ce1 down
check "...which the link down takes (the flap is real)" not lan_route
ip -n "$NS_B" link set ce1 up
no_local() { [[ -z $(ip -n "$NS_B" route show table local 10.2.0.1) ]]; }
check "a link flap by another agent: router b deletes 10.2.0.1's local route again" until_ok 5 no_local
check "...and puts cust1's route to its LAN back" until_ok 5 lan_route
check "...and cust1's CE a reaches CE b again within a few seconds" until_ok 8 ping_ok 11 10.2.0.2
check "...and 10.2.0.1 does not answer from the global side after it" not from_underlay

# stop SIDE: SIGTERM; serve must exit 0 (then nothing_left: no TUN, rule or route).
stop() {
	local pid=SERVE_$1 rc=0
	it_stop "${!pid}" || rc=$?
	check "router $1 stops cleanly on SIGTERM" equals "$rc" 0
}
stop a
stop b
check "router a leaves no TUN, rule or route" nothing_left "$NS_A"
check "router b leaves no TUN, rule or route" nothing_left "$NS_B"

# ---- ESP as IP protocol 50 (no NAT seen), the VRF LANs through their TUN (FERRY_DP_LAN_RINGS=off)
export FERRY_DP_LAN_RINGS=off
serve a esp
serve b esp
unset FERRY_DP_LAN_RINGS
check "protocol 50: cust1 CE to CE" ping_ok 11 10.2.0.2
check "protocol 50: cust2 CE to CE" ping_ok 12 10.2.0.2
check "protocol 50: TCP in cust2" tcp_says 12 10.2.0.2 cust2-b
check "FERRY_DP_LAN_RINGS=off: no packet rings on router b's ce1" equals "$(rings_on "$NS_B" ce1)" 0
check "...its IPv4 redirected into fy-v-cust1 by tc" \
	matches "$(tc -n "$NS_B" filter show dev ce1 ingress pref 241)" 'bpf.*ferry direct-action'
check "...each router one hop in a traceroute" trace 11 10.2.0.2 "1 10.1.0.1 11 2 203.0.113.2 11 3 10.2.0.2 3 "
check "...a priority-tagged datagram forwarded once, by the workers" equals "$(prio_tagged tun)" "1 62"
stop a
stop b
check "protocol 50: nothing left" nothing_left "$NS_A"

# ---- a crash: its rules, routes and tc redirects (into TUNs that went with it) are swept by the next start
serve a esp
# shellcheck disable=SC2154 # set by serve (printf -v)
kill -KILL "$SERVE_a"
wait "$SERVE_a" 2>/dev/null || true
check "a crash leaves router a's tc filter behind" matches "$(tc -n "$NS_A" filter show dev ce1 ingress pref 241)" ferry
printf 'hostname r1\n' >"$IT_TMP/r1.cfg"
it_daemon "$NS_A" sweeper "$IT_TMP/r1.cfg" --dataplane userspace
it_stop "$PID" || true
check "the next start sweeps them: nothing left" nothing_left "$NS_A"

# ---- ESP tunnel mode (what strongSwan's kernel-libipsec accepts), in UDP
serve a udp tunnel
serve b udp tunnel
check "tunnel mode: cust1 CE to CE" ping_ok 11 10.2.0.2
check "tunnel mode: cust2 CE to CE" ping_ok 12 10.2.0.2
check "tunnel mode: TCP in cust1" tcp_says 11 10.2.0.2 cust1-b
stop a
stop b
check "tunnel mode: nothing left" nothing_left "$NS_B"

# ---- ferryd: --dataplane userspace runs, and auto falls back to it on this kernel
for mode in userspace auto; do
	it_netns "fy-$mode"
	it_daemon "$NS" "fy-$mode" "$IT_TMP/r1.cfg" --dataplane "$mode"
	shown=$(fy 'show platform dataplane')
	check "ferryd --dataplane $mode: show platform dataplane names the userspace backend" \
		has_line "$shown" "Dataplane backend: userspace"
	check "ferryd --dataplane $mode: it shows its drop counters" matches "$shown" "Drops by reason:"
	rc=0
	it_stop "$PID" || rc=$?
	check "ferryd --dataplane $mode stops cleanly" equals "$rc" 0
	check "ferryd --dataplane $mode leaves nothing" nothing_left "$NS"
done

# ---- ferryd's rtnetlink monitor runs with the userspace backend: an address another agent removes comes back
it_netns fy-monitor
ip -n "$NS" link add eth0 type veth peer name eth0p
printf 'hostname r1\ninterface Ethernet0/0\n ip address 192.0.2.7 255.255.255.0\n no shutdown\n' >"$IT_TMP/mon.cfg"
it_daemon "$NS" fy-monitor "$IT_TMP/mon.cfg" -m Ethernet0/0=eth0 --dataplane userspace
has_addr() { ip -n "$NS" -o addr show dev eth0 | grep -q 'inet 192.0.2.7/24'; }
check "ferryd --dataplane userspace: Ethernet0/0 has its address" until_ok 10 has_addr
ip -n "$NS" addr del 192.0.2.7/24 dev eth0
check "...which comes back after another agent deletes it (the monitor, without a reload)" until_ok 5 has_addr
rc=0
it_stop "$PID" || rc=$?
check "ferryd with the monitor stops cleanly" equals "$rc" 0
it_finish
