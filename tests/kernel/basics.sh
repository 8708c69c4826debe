# shellcheck shell=sh
# basics: the rig works and the kernel does what the kernel backend relies on,
# shown with plain ip commands; then ferryd runs on this kernel.
#
# Namespaces a and b, joined by a veth (eth0), each with the same layout:
#   vrf1 (table 10) { dum1 203.0.113.N/32 }   gre1 198.51.100.N/30   eth0 192.0.2.N/24
# Label 100 pops into vrf1; vrf1's route to the far dum1 pushes label 100 over
# gre1; xfrm protects GRE between the eth0 addresses with ESP (AES-GCM).
# So a ping from vrf1 in a to vrf1 in b goes label -> GRE -> ESP and back.

# modules: the network modules are loaded (or built in).
module_loaded() {
	grep -q "^$1 " /proc/modules || grep -q "/$1.ko\$" "/lib/modules/$(uname -r)/modules.builtin"
}
while read -r m; do
	kt_check "module $m" module_loaded "$m"
done </lib/modules/net.list

# both STEP [ARG...]: STEP a 1 2 ARG..., then STEP b 2 1 ARG...
# (STEP NS N PEER [ARG...] configures one side).
both() {
	step=$1
	shift
	"$step" a 1 2 "$@"
	"$step" b 2 1 "$@"
}

veth_pair() {
	$IP netns add a
	$IP netns add b
	$IP -n a link add eth0 type veth peer name eth0 netns b
}

underlay() {
	$IP -n "$1" link set lo up
	$IP -n "$1" addr add "192.0.2.$2/24" dev eth0
	$IP -n "$1" link set eth0 up
}

vrf() {
	$IP -n "$1" link add vrf1 type vrf table 10
	$IP -n "$1" link set vrf1 up
	$IP -n "$1" link add dum1 type dummy
	$IP -n "$1" link set dum1 master vrf1
	$IP -n "$1" addr add "203.0.113.$2/32" dev dum1
	$IP -n "$1" link set dum1 up
	$IP -n "$1" -d link show vrf1 | grep -q 'vrf table 10'
	$IP -n "$1" link show dum1 | grep -q 'master vrf1'
}

gre() {
	$IP -n "$1" link add gre1 type gre local "192.0.2.$2" remote "192.0.2.$3" ttl 64
	$IP -n "$1" addr add "198.51.100.$2/30" dev gre1
	$IP -n "$1" link set gre1 up
}

mpls_sysctls() {
	$IP netns exec "$1" sysctl -qw net.mpls.platform_labels=1000
	$IP netns exec "$1" sysctl -qw net.mpls.conf.gre1.input=1
}

# Label 100 pops into vrf1; vrf1 reaches the peer's dum1 with label 100 over GRE.
labels() {
	$IP -n "$1" -f mpls route add 100 dev vrf1
	$IP -n "$1" route add "203.0.113.$3/32" table 10 encap mpls 100 \
		via "198.51.100.$3" dev gre1 src "203.0.113.$2"
}

# esp NS N PEER MODE: replaces the namespace's xfrm state with one SA each way
# (SPI 0x1102 from 1 to 2, 0x1201 back) and policies requiring ESP for GRE.
KEY_12=0x0102030405060708090a0b0c0d0e0f1011121314
KEY_21=0x2122232425262728292a2b2c2d2e2f3031323334
esp() {
	$IP -n "$1" xfrm policy flush
	$IP -n "$1" xfrm state flush
	$IP -n "$1" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1102 reqid 1 \
		mode "$4" aead 'rfc4106(gcm(aes))' $KEY_12 128
	$IP -n "$1" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1201 reqid 1 \
		mode "$4" aead 'rfc4106(gcm(aes))' $KEY_21 128
	$IP -n "$1" xfrm policy add src "192.0.2.$2/32" dst "192.0.2.$3/32" proto gre dir out \
		tmpl src "192.0.2.$2" dst "192.0.2.$3" proto esp reqid 1 mode "$4"
	$IP -n "$1" xfrm policy add src "192.0.2.$3/32" dst "192.0.2.$2/32" proto gre dir in \
		tmpl src "192.0.2.$3" dst "192.0.2.$2" proto esp reqid 1 mode "$4"
}

# sa_packets NS SPI: the packet count of that SA (ip -s xfrm state: "N(bytes), M(packets)").
sa_packets() {
	$IP -n "$1" -s xfrm state list spi "$2" |
		sed -n 's/.*(bytes), *\([0-9]*\)(packets).*/\1/p' | head -n 1
}

# sa_moved NS SPI MIN: that SA carried at least MIN packets.
sa_moved() {
	n=$(sa_packets "$1" "$2")
	echo "SA $2 in $1: ${n:-none} packets"
	[ "${n:-0}" -ge "$3" ]
}

# ping_vrf COUNT: from vrf1 in a to dum1 in b's vrf1; fails when no reply comes.
ping_vrf() {
	kt_in a ping -c "$1" -i 0.2 -W 2 -I vrf1 203.0.113.2
}

# mpls_rx NS FIELD: a receive counter of gre1's MPLS statistics (packets, noroute).
mpls_rx() {
	$IP -n "$1" stats show dev gre1 group afstats subgroup mpls | awk -v f="$2" '
		$1 == "RX:" { for (i = 2; i <= NF; i++) col[$i] = i - 1; getline; print $col[f]; exit }'
}

# mpls_rx_above NS FIELD MIN: that counter is above MIN.
mpls_rx_above() {
	n=$(mpls_rx "$1" "$2")
	echo "gre1 MPLS RX $2 in $1: ${n:-none}"
	[ "${n:--1}" -gt "$3" ]
}

kt_check "veth eth0 joins namespaces a and b" veth_pair
kt_check "underlay 192.0.2.0/24 on eth0" both underlay
kt_check "underlay ping a -> b" kt_in a ping -c 1 -W 2 192.0.2.2
kt_check "VRF vrf1 (table 10) with dummy dum1 enslaved" both vrf
kt_check "GRE gre1 between the underlay addresses" both gre
kt_check "sysctl net.mpls.platform_labels=1000, net.mpls.conf.gre1.input=1" both mpls_sysctls
kt_check "label 100 pops into vrf1; vrf1 pushes 100 over gre1" both labels
for mode in transport tunnel; do
	kt_check "ESP rfc4106(gcm(aes)) SAs and GRE policies, $mode mode" both esp $mode
	kt_check "ping vrf1 a -> vrf1 b through label, GRE, ESP ($mode)" ping_vrf 3
	kt_check "ESP SA a -> b counted the pings ($mode)" sa_moved a 0x1102 3
	kt_check "ESP SA b -> a counted the replies ($mode)" sa_moved a 0x1201 3
done
kt_check "MPLS: gre1 in b received the labelled pings" mpls_rx_above b packets 5
noroute=$(mpls_rx b noroute)
kt_check "label route 100 deleted in b" "$IP" -n b -f mpls route del 100
kt_check "ping vrf1 a -> vrf1 b fails without the label route" kt_fails ping_vrf 2
kt_check "MPLS: b counted the unrouted label" mpls_rx_above b noroute "${noroute:-0}"
kt_check "label route 100 back in b" "$IP" -n b -f mpls route add 100 dev vrf1
kt_check "ping vrf1 a -> vrf1 b works again" ping_vrf 1

# ferryd on this kernel: the seeds load, the daemon answers in a namespace, SIGTERM ends it.
for cfg in /etc/ferry/*.cfg; do
	kt_check "ferryd --check -f ${cfg##*/}" ferryd --check -f "$cfg"
done

ferry_version() {
	ferry -S /run/ferry-d.sock -c 'show version'
}

ferryd_answers() {
	kt_until 30 ferry_version || { cat /tmp/ferryd-d.log; return 1; }
}

# ferryd_exited STATUS: ferryd's exit status after SIGTERM was 0.
ferryd_exited() {
	cat /tmp/ferryd-d.log
	[ "$1" -eq 0 ]
}

$IP netns add d
# Not through a function: $! must be ferryd itself (ip netns exec execs it).
$IP netns exec d ferryd -d -f /etc/ferry/R1-HUB.cfg -S /run/ferry-d.sock </dev/null >/tmp/ferryd-d.log 2>&1 &
ferryd=$!
kt_check "ferryd -d in a namespace answers 'show version'" ferryd_answers
kill -TERM $ferryd
# A ferryd that ignores SIGTERM is killed after 10 s (and fails the check).
(sleep 10 && kill -KILL $ferryd) 2>/dev/null &
watchdog=$!
wait $ferryd
kt_check "ferryd exits 0 on SIGTERM" ferryd_exited $?
kill $watchdog 2>/dev/null
