# shellcheck shell=sh
# monitor: ferryd's rtnetlink monitor puts back what is changed behind its back.
#
# Namespace m holds a veth pair eth0/eth1; ferryd runs there with the kernel
# dataplane, Ethernet0/0 mapped to eth0 (-m), a VRF cust1 and Loopback1 in it
# with 10.9.9.1/32. Then: fy-lo1 deleted, its address flushed, eth0 set down;
# each time ferryd logs it IOS-style, once, and the state comes back. SIGTERM
# leaves no ferryd device or route. (The VRF's static route through fy-lo1 is
# checked after start only: the FIB does not yet re-install routes a deleted
# device took with it.)

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

eth0_up() {
	kt_in m "$IP" -o link show dev eth0 | grep -q '[<,]UP[,>]' &&
		kt_in m "$IP" -o addr show dev eth0 | grep -q 'inet 192.0.2.1/24'
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

# nothing_left STATUS: ferryd exited 0 and left no fy- device or route of its protocol (241).
nothing_left() {
	cat $MON_LOG
	[ "$1" -eq 0 ]
	! kt_in m "$IP" -d link show | grep -q 'fy-'
	[ -z "$(kt_in m "$IP" route show table all proto 241)" ]
	! kt_in m "$IP" -o addr show dev eth0 | grep -q 192.0.2.1
}

$IP netns add m
$IP -n m link add eth0 type veth peer name eth1
$IP -n m link set eth1 up
# Not through a function: $! must be ferryd itself (ip netns exec execs it).
$IP netns exec m ferryd -d -f /tmp/monitor.cfg -S $MON_SOCK -m Ethernet0/0=eth0 --dataplane kernel \
	</dev/null >$MON_LOG 2>&1 &
ferryd=$!
kt_check "ferryd installs fy-v-cust1, fy-lo1 10.9.9.1/32, eth0 192.0.2.1/24, the VRF route" ferryd_ready
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
kill -TERM $ferryd
# A ferryd that ignores SIGTERM is killed after 10 s (and fails the check).
(sleep 10 && kill -KILL $ferryd) 2>/dev/null &
watchdog=$!
wait $ferryd
kt_check "SIGTERM: exit 0, no fy- device, no proto 241 route, eth0's address gone" nothing_left $?
kill $watchdog 2>/dev/null
$IP netns del m
