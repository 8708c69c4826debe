# shellcheck shell=sh
# backend: the kernel dataplane backend itself (no daemon yet: dp_scenario drives it; see
# tests/kernel/dp_scenario.c for the network each side gets and its TEST-ONLY SA keys).
#
# Namespaces a and b, joined by a veth (eth0). Proves: a ping from VRF cust1 in a reaches
# cust1 in b through label -> GRE -> ESP (transport and tunnel mode), with the SA and MPLS
# counters read back through the backend moving; cust2 has the same address in a and stays
# apart; deleting the label route breaks the path; removing the backend's state (open after
# a crash, close) leaves nothing of it and keeps what it does not own. fy-tu0 is protected:
# with IKE's SAs and policies gone no GRE crosses in clear either way, and with them back
# traffic flows again, encrypted. Two protected tunnels with the same ends share one BLOCK pair,
# which stays while either does; a link the kernel refuses leaves none; a protected mGRE
# tunnel blocks GRE from its source to any address; the sweep removes all of them.
DPS=/usr/bin/dp_scenario
# ferryd's route protocol (src/dataplane/kernel/kn_mark.h)
PROTO=241

# operator NS: state the backend must never touch: a dummy with an address, a route in
# the table cust1 will use, an MPLS route, an SA and a policy of another reqid.
operator() {
	$IP netns exec "$1" sysctl -qw net.mpls.platform_labels=1000
	$IP -n "$1" link add keep0 type dummy
	$IP -n "$1" addr add 10.99.0.1/24 dev keep0
	$IP -n "$1" link set keep0 up
	$IP -n "$1" route add 10.98.0.0/24 dev keep0 table 10
	$IP -n "$1" -f mpls route add 300 dev keep0
	$IP -n "$1" xfrm state add src 10.99.0.1 dst 10.99.0.2 proto esp spi 0x300 reqid 5 mode transport \
		aead 'rfc4106(gcm(aes))' 0x0102030405060708090a0b0c0d0e0f1011121314 128
	$IP -n "$1" xfrm policy add src 10.99.0.1/32 dst 10.99.0.2/32 dir out tmpl proto esp reqid 5 mode transport
}

operator_kept() {
	$IP -n "$1" addr show dev keep0 | grep -q 'inet 10.99.0.1/24'
	$IP -n "$1" route show table 10 | grep -q '^10.98.0.0/24 dev keep0'
	$IP -n "$1" -f mpls route show | grep -q '^300 dev keep0'
	$IP -n "$1" xfrm state list | grep -q 'reqid 5 '
	$IP -n "$1" xfrm policy list | grep -q 'reqid 5 '
}

topology() {
	$IP netns add a
	$IP netns add b
	$IP -n a link add eth0 type veth peer name eth0 netns b
	for ns in a b; do
		$IP -n $ns link set lo up
		operator $ns
	done
}

# marked NS: the backend's marks are on what it installed.
marked() {
	$IP -n "$1" -d link show fy-tu0 | grep -q 'alias ferry:Tunnel0'
	$IP -n "$1" -d link show fy-v-cust1 | grep -q 'alias ferry:cust1'
	$IP -n "$1" route show table 10 proto $PROTO | grep -q '^203.0.113.0/24 .*encap mpls  *100'
	$IP -n "$1" -f mpls route show | grep -q "^100 dev fy-v-cust1 proto $PROTO"
	# reqid 1 is installed as 0xf0000001
	$IP -n "$1" xfrm state list | grep -q 'reqid 4026531841 '
}

# lacks PATTERN COMMAND...: COMMAND works and no line of its output matches PATTERN (grep -E).
lacks() {
	lacks_pattern=$1
	shift
	"$@" >/tmp/lacks.out
	if grep -E "$lacks_pattern" /tmp/lacks.out; then
		return 1
	fi
}

# reqids 0xf0000000-0xf0ffffff, as ip prints them: 4026531840-4043309055
OUR_REQID='reqid 40(2[6-9]|3[0-9]|4[0-3])[0-9]{6} '

# nothing_left NS: none of the backend's state, all of the operator's.
nothing_left() {
	lacks 'alias ferry:|: fy-' $IP -n "$1" -d link show
	lacks "$OUR_REQID" $IP -n "$1" xfrm state list
	lacks "$OUR_REQID" $IP -n "$1" xfrm policy list
	lacks "$BLOCK" $IP -n "$1" xfrm policy list
	lacks "^(100|200) |proto $PROTO" $IP -n "$1" -f mpls route show
	lacks . $IP -n "$1" route show table all proto $PROTO
	lacks 'inet 192.0.2.' $IP -n "$1" addr show dev eth0
	operator_kept "$1"
}

# ping_vrf VRF ADDRESS COUNT: from that VRF in a; fails when no reply comes.
ping_vrf() {
	kt_in a ping -c "$3" -i 0.2 -W 2 -I "fy-v-$1" "$2"
}

# counter NS KIND KEY FIELD: one of the counters the backend reads (dp_scenario check).
counter() {
	kt_in "$1" $DPS check "$2" "$3" | awk -v f="$4" '{ for (i = 1; i < NF; i += 2) if ($i == f) print $(i + 1) }'
}

# counter_at_least NS KIND KEY FIELD MIN
counter_at_least() {
	n=$(counter "$1" "$2" "$3" "$4")
	echo "$2 $3 $4 in $1: ${n:-none}"
	[ "${n:-0}" -ge "$5" ]
}

# refused: the kernel refuses the second of three routes; the apply says which, with the kernel's reason.
refused() {
	if kt_in a $DPS refused 2>/tmp/refused.err; then
		return 1
	fi
	cat /tmp/refused.err
	grep -q 'operation 1 refused: .*gateway' /tmp/refused.err
}

# The BLOCK policies of protected tunnels (src/dataplane/kernel/kn_xfrm_block.h), as ip prints them.
BLOCK='action block priority 241000'

# block_policies NS LOCAL REMOTE: fy-tu0's two BLOCK policies (out and in, marked), beside IKE's.
block_policies() {
	$IP -n "$1" xfrm policy list >/tmp/pol.out
	cat /tmp/pol.out
	grep -A2 "^src $2/32 dst $3/32 proto gre" /tmp/pol.out | grep -q "dir out $BLOCK"
	grep -A2 "^src $3/32 dst $2/32 proto gre" /tmp/pol.out | grep -q "dir in $BLOCK"
	grep -A2 "^src $2/32 dst $3/32 proto gre" /tmp/pol.out | grep -q "dir out priority 0"
	[ "$(grep -c 'mark 0/0x80000000' /tmp/pol.out)" -eq 2 ]
}

# ike_both up|down: IKE's SAs and policies alone, added or deleted in a and b.
ike_both() {
	kt_in a $DPS ike "$1" side-a
	kt_in b $DPS ike "$1" side-b
}

# in_receives NS: IPv4 packets that reached NS (/proc/net/snmp Ip: InReceives; ARP is not counted).
in_receives() {
	kt_in "$1" cat /proc/net/snmp | awk '/^Ip:/ && ++n == 2 { print $4 }'
}

# xfrm_stat NS FIELD: a counter of /proc/net/xfrm_stat (Debian's kernels keep them).
xfrm_stat() {
	kt_in "$1" cat /proc/net/xfrm_stat | awk -v f="$2" '$1 == f { print $2 }'
}

# no_clear_gre: a's pings into fy-tu0 without an SA fail, nothing reaches b, a's BLOCK policy took them.
no_clear_gre() {
	rx=$(in_receives b)
	blocked=$(xfrm_stat a XfrmOutPolBlock)
	kt_fails ping_vrf cust1 203.0.113.2 3
	echo "IPv4 packets into b: $rx -> $(in_receives b); a's XfrmOutPolBlock: $blocked -> $(xfrm_stat a XfrmOutPolBlock)"
	$IP -n a -s xfrm policy list dir out
	[ "$(in_receives b)" -eq "$rx" ]
	[ "$(xfrm_stat a XfrmOutPolBlock)" -ge $((blocked + 3)) ]
}

# gre_in_dropped: b's pings reach a as clear GRE, and a's BLOCK in policy drops them (no reply).
gre_in_dropped() {
	rx=$(in_receives a)
	blocked=$(xfrm_stat a XfrmInPolBlock)
	if kt_in b ping -c 3 -i 0.2 -W 2 -I fy-v-cust1 203.0.113.1; then
		return 1
	fi
	echo "IPv4 packets into a: $rx -> $(in_receives a); a's XfrmInPolBlock: $blocked -> $(xfrm_stat a XfrmInPolBlock)"
	[ "$(in_receives a)" -ge $((rx + 3)) ] || return 1
	[ "$(xfrm_stat a XfrmInPolBlock)" -ge $((blocked + 3)) ]
}

# clear_gre_in: b lets its GRE to a out in clear (an allow policy of its own that beats its BLOCK one).
clear_gre_in() {
	$IP -n b xfrm policy add src 192.0.2.2/32 dst 192.0.2.1/32 proto gre dir out priority 10
	rc=0
	gre_in_dropped || rc=1
	$IP -n b xfrm policy delete src 192.0.2.2/32 dst 192.0.2.1/32 proto gre dir out
	return $rc
}

# block_pair NS OUT_SRC OUT_DST: a BLOCK pair for GRE, out OUT_SRC -> OUT_DST and in back (prefixes as ip prints them).
block_pair() {
	$IP -n "$1" xfrm policy list >/tmp/pol.out
	grep -A2 "^src $2 dst $3 proto gre" /tmp/pol.out | grep -q "dir out $BLOCK" &&
		grep -A2 "^src $3 dst $2 proto gre" /tmp/pol.out | grep -q "dir in $BLOCK" && return 0
	cat /tmp/pol.out
	return 1
}

# shared_ends: in one run of a's backend fy-tu8 and fy-tu9 (same ends, other keys) come, fy-tu9
# goes, and a GRE add to .78 is refused; fy-tu8's pair stays and drops its pings, .78 gets none.
shared_ends() {
	kt_in a $DPS block side-a shared || return 1
	lacks 'fy-tu9' $IP -n a link show || return 1
	block_pair a 192.0.2.1/32 192.0.2.77/32 || return 1
	lacks '192.0.2.78' $IP -n a xfrm policy list || return 1
	blocked=$(xfrm_stat a XfrmOutPolBlock)
	kt_fails kt_in a ping -c 3 -i 0.2 -W 1 -I fy-tu8 198.51.100.10 || return 1
	echo "a's XfrmOutPolBlock: $blocked -> $(xfrm_stat a XfrmOutPolBlock)"
	[ "$(xfrm_stat a XfrmOutPolBlock)" -ge $((blocked + 3)) ]
}

# mgre_block: a protected mGRE tunnel (no destination) blocks GRE from its source to any address and back.
mgre_block() {
	kt_in a $DPS block side-a mgre && block_pair a 192.0.2.1/32 0.0.0.0/0
}

install_both() {
	kt_in a $DPS side-a "$1"
	kt_in b $DPS side-b "$1"
}

cleanup_both() {
	kt_in a $DPS cleanup
	kt_in b $DPS cleanup
}

# install_alg ALG: both sides again in tunnel mode with SAs of ALG (each open sweeps the last run's state).
install_alg() {
	kt_in a $DPS side-a tunnel "$1"
	kt_in b $DPS side-b tunnel "$1"
}

# xfrm_has PATTERN: a line of a's SAs matches PATTERN (grep -E).
xfrm_has() {
	$IP -n a xfrm state list >/tmp/xfrm.out
	grep -qE "$1" /tmp/xfrm.out || { cat /tmp/xfrm.out; return 1; }
}

every_other_alg() {
	for alg in aes-gcm-192 aes-cbc-128/sha256 aes-cbc-192/sha256 aes-cbc-128/sha384 aes-cbc-192/sha384 \
		aes-cbc-256/sha384 aes-cbc-128/sha512 aes-cbc-192/sha512; do
		echo "$alg"
		kt_in a $DPS side-a tunnel "$alg" || return 1
	done
}

kt_check "dp_scenario is in the image (tools/kvm/mkinitramfs packs tests/kernel/programs.list)" test -x $DPS
# without it every check below would fail for the same reason
if [ -x $DPS ]; then
	kt_check "the kernel backend probes usable" $DPS probe
	kt_check "two namespaces, veth, the operator's own state" topology
	kt_check "side a and side b installed through the backend (transport mode)" install_both transport
	kt_check "ferry marks: ifalias, route protocol $PROTO, reqid range" marked a
	kt_check "underlay ping a -> b" kt_in a ping -c 1 -W 2 192.0.2.2
	kt_check "a refused route: which operation, and the kernel's reason" refused
	kt_check "ping cust1 a -> cust1 b through label, GRE, ESP" ping_vrf cust1 203.0.113.2 3
	kt_check "ping cust2 a -> cust2 b (same source address as cust1)" ping_vrf cust2 203.0.113.3 3
	kt_check "cust2 does not reach cust1's address in b" kt_fails ping_vrf cust2 203.0.113.2 2
	kt_check "cust1 does not reach cust2's address in b" kt_fails ping_vrf cust1 203.0.113.3 2
	kt_check "ESP SA a -> b counted the pings" counter_at_least a sa 0x1102 packets_out 6
	kt_check "ESP SA b -> a counted the replies" counter_at_least a sa 0x1201 packets_in 6
	kt_check "MPLS: fy-tu0 in b received labeled packets" counter_at_least b mpls fy-tu0 packets_in 6
	kt_check "MPLS: fy-tu0 in b sent labeled packets" counter_at_least b mpls fy-tu0 packets_out 6
	kt_check "link counters of fy-tu0 in a" counter_at_least a link fy-tu0 packets_out 6
	kt_check "fy-tu0's BLOCK policies in a beside IKE's (out and in, mark 0/0x80000000, priority 241000)" \
		block_policies a 192.0.2.1 192.0.2.2
	kt_check "IKE's SAs and policies deleted in a and b (fy-tu0 and the routes into it stay)" ike_both down
	kt_check "without SAs, ping cust1 a -> b fails and no clear GRE reaches b" no_clear_gre
	kt_check "clear GRE into a (b lets it out) is dropped by a's BLOCK in policy" clear_gre_in
	kt_check "IKE's SAs and policies back in a and b" ike_both up
	kt_check "ping cust1 a -> cust1 b again" ping_vrf cust1 203.0.113.2 3
	kt_check "ESP SA a -> b counted it: encrypted" counter_at_least a sa 0x1102 packets_out 3
	kt_check "label 100 deleted in b through the backend" kt_in b $DPS del-label 100
	kt_check "ping cust1 a -> b fails without the label route" kt_fails ping_vrf cust1 203.0.113.2 2
	kt_check "ping cust2 a -> b still works" ping_vrf cust2 203.0.113.3 1
	kt_check "two protected tunnels with the same ends: deleting one keeps the other's BLOCK pair" shared_ends
	# after shared_ends: this pair (192.0.2.1 to any) would block fy-tu8's GRE too
	kt_check "protected mGRE fy-tu7 in a: BLOCK 192.0.2.1 -> any out and back in" mgre_block
	# b's installing process is gone, as after a crash: opening the backend removes its state
	kt_check "cleanup in b (open after a crash, then close)" kt_in b $DPS cleanup
	kt_check "nothing of the backend left in b; the operator's state kept" nothing_left b
	# a: open (removes the leftovers), install again, close: what close removes
	kt_check "a installs and closes the backend in one run" kt_in a $DPS closes side-a transport
	kt_check "nothing of the backend left in a; the operator's state kept" nothing_left a

	kt_check "side a and side b installed again, tunnel mode" install_both tunnel
	kt_check "ping cust1 a -> cust1 b, ESP in tunnel mode" ping_vrf cust1 203.0.113.2 3
	kt_check "ESP SA a -> b counted the pings (tunnel mode)" counter_at_least a sa 0x1102@192.0.2.2 packets_out 3

	# ESP algorithms beyond AES-GCM-128 (src/dataplane/kernel/kn_xfrm_sa.c): traffic over AES-GCM-256
	# and over AES-CBC-256 with HMAC-SHA-512-256, then an SA of every other algorithm accepted.
	kt_check "AES-GCM-256 SAs installed in a and b" install_alg aes-gcm-256
	kt_check "the kernel holds rfc4106(gcm(aes)), 288-bit key with salt, 128-bit ICV" \
		xfrm_has 'aead rfc4106\(gcm\(aes\)\) 0x[0-9a-f]{72} 128'
	kt_check "ping cust1 a -> cust1 b over AES-GCM-256" ping_vrf cust1 203.0.113.2 3
	kt_check "AES-CBC-256 and HMAC-SHA-512 SAs installed in a and b" install_alg aes-cbc-256/sha512
	kt_check "the kernel holds cbc(aes) with a 256-bit key" xfrm_has 'enc cbc\(aes\) 0x[0-9a-f]{64}$'
	kt_check "the kernel holds hmac(sha512), 512-bit key, truncated to 256 bits" \
		xfrm_has 'auth-trunc hmac\(sha512\) 0x[0-9a-f]{128} 256'
	kt_check "ping cust1 a -> cust1 b over AES-CBC-256 and HMAC-SHA-512" ping_vrf cust1 203.0.113.2 3
	kt_check "ESP SA a -> b counted the pings (AES-CBC-256, HMAC-SHA-512)" \
		counter_at_least a sa 0x1102@192.0.2.2 packets_out 3
	kt_check "the kernel takes an SA of each other algorithm" every_other_alg
	kt_check "cleanup in a and b" cleanup_both
	kt_check "nothing of the backend left in a" nothing_left a
	kt_check "nothing of the backend left in b" nothing_left b
fi
