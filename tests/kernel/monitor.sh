# shellcheck shell=sh
# monitor: ferryd's rtnetlink monitor puts back what is changed behind its back.
#
# Namespace m holds a veth pair eth0/eth1; ferryd runs there with the kernel
# dataplane, Ethernet0/0 mapped to eth0 (-m), a VRF cust1 and Loopback1 in it
# with 10.9.9.1/32, a VRF static route through fy-lo1 and a global one through
# eth0. Then: fy-lo1 deleted, its address flushed, eth0 set down, eth0 deleted
# and created again; each time ferryd logs it IOS-style, once, and the state
# comes back, with the routes the kernel dropped with the device (the FIB
# forgets them and installs them again). SIGTERM leaves no ferryd device,
# route or l3mdev rule (the kernel's for the VRF included); a second run in
# the namespace, where the kernel adds no l3mdev rule again, brings its own
# and leaves nothing either.

MON_LOG=/tmp/ferryd-m.log
MON_SOCK=/run/ferry-m.sock
ADDR_LINE="address 10.9.9.1/32 removed from Loopback1 (fy-lo1) outside ferryd, restoring"

cat >/tmp/monitor.cfg <<'CFG'
hostname mon
vrf definition cust1
 rd 1:1
 address-family ipv4
 exit-address-family
!
interface Loopback1
 vrf forwarding cust1
 ip address 10.9.9.1 255.255.255.255
!
interface Ethernet0/0
 ip address 192.0.2.1 255.255.255.0
 no shutdown
!
ip route vrf cust1 10.50.0.0 255.255.0.0 Loopback1
ip route 10.60.0.0 255.255.0.0 192.0.2.2
CFG

# lo1_complete: fy-lo1 exists, is up, is enslaved to fy-v-cust1 and has 10.9.9.1/32.
lo1_complete() {
	kt_in m "$IP" -o link show dev fy-lo1 | grep -q 'master fy-v-cust1' &&
		kt_in m "$IP" -o link show dev fy-lo1 | grep -q '[<,]UP[,>]' &&
		kt_in m "$IP" -o addr show dev fy-lo1 | grep -q 'inet 10.9.9.1/32'
}

# vrf_route: the static route of cust1 is in the VRF's table.
vrf_route() {
	kt_in m "$IP" route show vrf fy-v-cust1 | grep -q '^10.50.0.0/16 dev fy-lo1'
}

# eth0_up: eth0 is up with 192.0.2.1/24 and the global static route through it.
eth0_up() {
	kt_in m "$IP" -o link show dev eth0 | grep -q '[<,]UP[,>]' &&
		kt_in m "$IP" -o addr show dev eth0 | grep -q 'inet 192.0.2.1/24' &&
		kt_in m "$IP" route show | grep -q '^10.60.0.0/16 via 192.0.2.2 dev eth0'
}

ferryd_ready() {
	if ! { kt_until 30 lo1_complete && kt_until 10 vrf_route && kt_until 10 eth0_up; }; then
		cat $MON_LOG
		return 1
	fi
}

# logged TEXT: ferryd's log has a line containing TEXT.
logged() {
	kt_until 5 grep -qF "$1" $MON_LOG || {
		cat $MON_LOG
		return 1
	}
}

# logged_count N TEXT: exactly N such lines, a second later (re-applying did not feed itself).
logged_count() {
	sleep 1
	n=$(grep -cF "$2" $MON_LOG || true) # grep -c fails when it counts 0
	echo "$n lines with: $2"
	cat $MON_LOG
	[ "$n" -eq "$1" ]
}

lo1_deleted_comes_back() {
	kt_in m "$IP" link del fy-lo1
	kt_until 5 lo1_complete
	kt_until 5 vrf_route
}

# ip addr flush deletes again while it still finds addresses: it may race ferryd a few rounds.
lo1_flushed_comes_back() {
	kt_in m "$IP" addr flush dev fy-lo1
	kt_until 5 lo1_complete
}

# Counted from here: one deletion, one restore.
lo1_addr_deleted_comes_back() {
	grep -cF "$ADDR_LINE" $MON_LOG >/tmp/monitor.before || true
	kt_in m "$IP" addr del 10.9.9.1/32 dev fy-lo1
	kt_until 5 lo1_complete
	logged_count $(($(cat /tmp/monitor.before) + 1)) "$ADDR_LINE"
}

eth0_down_comes_back() {
	kt_in m "$IP" link set eth0 down
	kt_until 5 eth0_up
}

ETH0_DOWN="%LINK-3-UPDOWN: Interface Ethernet0/0, changed state to down"

# more_than N TEXT: ferryd's log has more than N lines containing TEXT.
more_than() {
	[ "$(grep -cF "$2" $MON_LOG || true)" -gt "$1" ]
}

# The -m device deleted (with its veth peer), seen by ferryd, and created again: ferryd takes it back.
eth0_recreated_comes_back() {
	before=$(grep -cF "$ETH0_DOWN" $MON_LOG || true)
	kt_in m "$IP" link del eth0
	kt_until 5 more_than "$before" "$ETH0_DOWN"
	$IP -n m link add eth0 type veth peer name eth1
	$IP -n m link set eth1 up
	kt_until 5 eth0_up || {
		cat $MON_LOG
		return 1
	}
}

# nothing_left STATUS: ferryd exited 0 and left no fy- device, route of its protocol (241),
# address or l3mdev rule (its own, nor the one the kernel added for its VRF).
nothing_left() {
	cat $MON_LOG
	[ "$1" -eq 0 ]
	! kt_in m "$IP" -d link show | grep -q 'fy-'
	[ -z "$(kt_in m "$IP" route show table all proto 241)" ]
	! kt_in m "$IP" -o addr show dev eth0 | grep -q 192.0.2.1
	! kt_in m "$IP" rule show | grep -q l3mdev
	! kt_in m "$IP" -6 rule show | grep -q l3mdev
}

# vrf_lookup: a lookup in cust1 finds its route (the l3mdev rule sends it to the VRF's table).
vrf_lookup() {
	kt_in m "$IP" rule show | grep -q l3mdev
	kt_in m "$IP" route get 10.50.1.1 vrf fy-v-cust1 | grep -q 'dev fy-lo1'
}

start_ferryd() {
	# not through kt_in: $! must be ferryd itself (ip netns exec execs it)
	$IP netns exec m ferryd -d -f /tmp/monitor.cfg -S $MON_SOCK -m Ethernet0/0=eth0 --dataplane kernel \
		</dev/null >$MON_LOG 2>&1 &
	ferryd=$!
}

# stop_ferryd: SIGTERM; its exit status. One that ignores SIGTERM is killed after 10 s.
stop_ferryd() {
	kill -TERM $ferryd
	(sleep 10 && kill -KILL $ferryd) 2>/dev/null &
	watchdog=$!
	wait $ferryd
	status=$?
	kill $watchdog 2>/dev/null
	return $status
}

$IP netns add m
$IP -n m link add eth0 type veth peer name eth1
$IP -n m link set eth1 up
start_ferryd
kt_check "ferryd installs fy-v-cust1, fy-lo1 10.9.9.1/32, eth0 192.0.2.1/24, the VRF route" ferryd_ready
kt_check "a lookup in the VRF finds its route" vrf_lookup
kt_check "ip link del fy-lo1: back with its VRF and address" lo1_deleted_comes_back
kt_check "logged %LINK-3-UPDOWN ... Loopback1, changed state to down" \
	logged "%LINK-3-UPDOWN: Interface Loopback1, changed state to down"
kt_check "logged %LINEPROTO-5-UPDOWN ... Loopback1, changed state to down" \
	logged "%LINEPROTO-5-UPDOWN: Line protocol on Interface Loopback1, changed state to down"
kt_check "logged %LINK-3-UPDOWN ... Loopback1, changed state to up" \
	logged "%LINK-3-UPDOWN: Interface Loopback1, changed state to up"
kt_check "the deletion was handled once (no re-apply loop)" \
	logged_count 1 "%LINK-3-UPDOWN: Interface Loopback1, changed state to down"
kt_check "the deletion's address notification was left to the device's" logged_count 0 "$ADDR_LINE"
kt_check "ip addr flush dev fy-lo1: the address comes back" lo1_flushed_comes_back
kt_check "logged the address restored" logged "$ADDR_LINE"
kt_check "ip addr del 10.9.9.1/32: back, handled once" lo1_addr_deleted_comes_back
kt_check "ip link set eth0 down: Ethernet0/0 back up" eth0_down_comes_back
kt_check "logged %LINK-3-UPDOWN ... Ethernet0/0, changed state to down" \
	logged "%LINK-3-UPDOWN: Interface Ethernet0/0, changed state to down"
kt_check "the link down was handled once" \
	logged_count 1 "%LINK-3-UPDOWN: Interface Ethernet0/0, changed state to down"
kt_check "ip link del eth0, then created again: Ethernet0/0 back with its address and route" \
	eth0_recreated_comes_back
kt_check "logged %LINK-3-UPDOWN ... Ethernet0/0, changed state to up (after the link down, after the return)" \
	logged_count 2 "%LINK-3-UPDOWN: Interface Ethernet0/0, changed state to up"
stop_ferryd
kt_check "SIGTERM: exit 0, no fy- device, proto 241 route, eth0 address or l3mdev rule left" nothing_left $?
# The kernel adds its l3mdev rule for the first VRF of a namespace only: a second run has its own.
start_ferryd
kt_check "second run in the same namespace: the VRF route installed" ferryd_ready
kt_check "second run: a lookup in the VRF finds its route" vrf_lookup
stop_ferryd
kt_check "second run, SIGTERM: nothing left" nothing_left $?
$IP netns del m
