# shellcheck shell=sh
# punt: NHRP through the kernel backend's packet socket (src/dataplane/kernel/kn_punt.c): dp_scenario
# serve kernel ... punt in namespaces a and b (the network of tests/kernel/dp_scenario.c); a injects an
# NHRP message out of fy-tu0 (point-to-point GRE key 42, protected by xfrm), b punts it with its link
# and bytes (a point-to-point device has no header_ops to parse the outer source: 0.0.0.0), and a's
# outbound SA counted it: ip_gre's packet socket hook and xfrm, as opennhrp and FRR nhrpd use them.
DPS=/usr/bin/dp_scenario
NHRP=00010800000000000000ff002000000103040004c0000201c0a80101c0a80102

punt_topology() {
	$IP netns add a
	$IP netns add b
	$IP -n a link add eth0 type veth peer name eth0 netns b
	for ns in a b; do
		$IP -n $ns link set lo up
		$IP -n $ns link add ce1 type dummy
		$IP -n $ns link add ce2 type dummy
	done
}

# punt_serve SIDE: dp_scenario serve with punt in SIDE, stdin the FIFO /tmp/punt-SIDE.in (kept open on fd 3/4).
punt_serve() {
	mkfifo "/tmp/punt-$1.in"
	$IP netns exec "$1" $DPS serve kernel "side-$1" transport esp punt <"/tmp/punt-$1.in" >"/tmp/punt-$1.out" 2>&1 &
	eval "PUNT_$1=$!"
	if [ "$1" = a ]; then exec 3>/tmp/punt-a.in; else exec 4>/tmp/punt-b.in; fi
	kt_until 20 grep -qx ready "/tmp/punt-$1.out" || cat "/tmp/punt-$1.out"
}

both_ready() { grep -qx ready /tmp/punt-a.out && grep -qx ready /tmp/punt-b.out; }

punted() {
	cat /tmp/punt-b.out
	grep -qx "punt fy-tu0 0.0.0.0 0x2001 $NHRP" /tmp/punt-b.out
}

# nhrp_counted SIDE WHAT: serve's SIGUSR1 report shows 1 NHRP packet WHAT (punted, injected).
nhrp_counted() {
	eval "kill -USR1 \$PUNT_$1"
	kt_until 5 grep -qx "nhrp $2 1" "/tmp/punt-$1.out"
}

sa_counted() {
	kt_in a $DPS check sa 0x1102
	kt_in a $DPS check sa 0x1102 | grep -q 'packets_out [1-9]'
}

kt_check "two namespaces, veth, the LAN devices" punt_topology
# outside kt_check: its subshell would close the FIFOs' write ends
punt_serve a
punt_serve b
kt_check "a and b serve the kernel backend with punt" both_ready
echo "inject fy-tu0 192.0.2.2 $NHRP" >&3
kt_check "a's packet socket takes an NHRP inject out of fy-tu0" kt_until 5 grep -qx 'inject 0' /tmp/punt-a.out
kt_check "b punts it: fy-tu0, the bytes" kt_until 5 punted
kt_check "a sealed it with SA 0x1102 (xfrm protects the packet socket's GRE)" sa_counted
kt_check "a counts it injected" nhrp_counted a injected
kt_check "b counts it punted" nhrp_counted b punted
# shellcheck disable=SC2154 # set by punt_serve
kill -TERM "$PUNT_a" "$PUNT_b"
