# shellcheck shell=sh
# name_clash: ferryd never takes another program's device for its own (src/dataplane/kernel/
# kn_claim.c), and a link delete the kernel refuses keeps the link's BLOCK policies (kn_apply.c).
#
# Namespace c: a veth pair eth0/eth1; ferryd runs there with the kernel dataplane, Ethernet0/0
# mapped to eth0 (-m), Loopback1 (fy-lo1) and Tunnel0 (fy-tu0: GRE to 192.0.2.2 with tunnel
# protection, hence BLOCK policies; no IKE peer answers, which changes nothing here). Tunnel0 has
# no address: its delete in 3 would be seen as an address removed outside ferryd, and the
# restore would forget the link instead of deleting it.
#   1. Another program's dummy fy-lo1 (no mark, down, 10.77.0.1/32) before ferryd starts:
#      Loopback1 is refused ("Loopback1: device fy-lo1 exists and is not ferryd's"); fy-lo1 stays
#      unmarked, down, with its address, and survives ferryd's exit sweep; the rest of the
#      interface sync goes on (Ethernet0/0 up with its address: dp_config.c applies alone).
#   2. Another program's GRE fy-tu0 (remote 192.0.2.9): Tunnel0 refused the same way; fy-tu0 keeps
#      its remote and no mark, gets no BLOCK policy and survives the exit sweep, while ferryd's own
#      Loopback1 (made before it) goes.
#   3. Tunnel0 made by ferryd, its BLOCK pair in. While ferryd is stopped (SIGSTOP) fy-tu0 is
#      deleted and lo takes its name as an alternative name, with ferryd's mark: the monitor finds
#      a device fy-tu0 present and up, and keeps the link as applied. `no interface Tunnel0` then
#      has the kernel delete "fy-tu0", which is lo: refused (lo cannot be deleted), and the BLOCK
#      pair stays. With lo's name and mark taken back, the next sync deletes the link (gone now)
#      and the pair goes; SIGTERM leaves no fy- device and no BLOCK policy.

CL_LOG=/tmp/ferryd-c.log
CL_SOCK=/run/ferry-c.sock
# The BLOCK policies of protected tunnels (src/dataplane/kernel/kn_xfrm_block.h), as ip prints them.
CL_BLOCK='action block priority 241000'

cat >/tmp/name_clash.cfg <<'CFG'
hostname clash
crypto ikev2 keyring KR
 peer P
  address 192.0.2.2
  pre-shared-key TEST-ONLY-not-a-secret
crypto ikev2 profile default
 match identity remote address 192.0.2.2 255.255.255.255
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
crypto ipsec profile default
 set ikev2-profile default
!
interface Loopback1
 ip address 10.9.9.1 255.255.255.255
!
interface Ethernet0/0
 ip address 192.0.2.1 255.255.255.0
 no shutdown
!
interface Tunnel0
 tunnel source 192.0.2.1
 tunnel destination 192.0.2.2
 tunnel protection ipsec profile default
CFG

cl_start() {
	# not through kt_in: $! must be ferryd itself (ip netns exec execs it)
	$IP netns exec c ferryd -d -f /tmp/name_clash.cfg -S $CL_SOCK -m Ethernet0/0=eth0 --dataplane kernel \
		</dev/null >$CL_LOG 2>&1 &
	cl_ferryd=$!
}

# cl_stop: SIGTERM; ferryd's exit status. One that ignores SIGTERM is killed after 10 s.
cl_stop() {
	kill -TERM $cl_ferryd
	(sleep 10 && kill -KILL $cl_ferryd) 2>/dev/null &
	cl_watchdog=$!
	wait $cl_ferryd
	cl_status=$?
	kill $cl_watchdog 2>/dev/null
	return $cl_status
}

# cl_logged TEXT: ferryd's log has a line containing TEXT within 10 s.
cl_logged() {
	kt_until 10 grep -qF "$1" $CL_LOG || {
		cat $CL_LOG
		return 1
	}
}

# cl_eth0_up: Ethernet0/0 (eth0) configured by ferryd: up, with its address.
cl_eth0_up() {
	kt_in c "$IP" -4 addr show dev eth0 | grep -q 'inet 192.0.2.1/24' &&
		kt_in c "$IP" link show dev eth0 | grep -q ',UP'
}

cl_ferry() {
	for cl_c; do
		set -- "$@" -c "$cl_c"
		shift
	done
	ferry -S $CL_SOCK "$@"
}

# cl_dev_is DEV PATTERN: `ip -d link show DEV` matches PATTERN (grep -E).
cl_dev_is() {
	kt_in c "$IP" -d link show dev "$1" >/tmp/cl_dev.out && grep -qE "$2" /tmp/cl_dev.out && return 0
	cat /tmp/cl_dev.out
	return 1
}

# cl_foreign_lo1: another program's fy-lo1 as it was made: no mark, down, no master, its address.
cl_foreign_lo1() {
	cl_dev_is fy-lo1 'fy-lo1: <BROADCAST,NOARP> ' || return 1
	kt_lacks 'alias|master' kt_in c "$IP" -d link show dev fy-lo1 || return 1
	kt_in c "$IP" -o addr show dev fy-lo1 >/tmp/cl_addr.out
	cat /tmp/cl_addr.out
	grep -q 'inet 10.77.0.1/32' /tmp/cl_addr.out && ! grep -q 10.9.9.1 /tmp/cl_addr.out
}

# cl_foreign_tu0: another program's fy-tu0 as it was made: remote 192.0.2.9, no mark, no BLOCK policy.
cl_foreign_tu0() {
	cl_dev_is fy-tu0 'gre remote 192.0.2.9 local 192.0.2.1' || return 1
	kt_lacks 'alias' kt_in c "$IP" -d link show dev fy-tu0 || return 1
	kt_lacks "$CL_BLOCK" kt_in c "$IP" xfrm policy list
}

# cl_block_pair: fy-tu0's BLOCK pair, GRE 192.0.2.1 -> 192.0.2.2 out and back in.
cl_block_pair() {
	kt_in c "$IP" xfrm policy list >/tmp/cl_pol.out
	grep -A2 '^src 192.0.2.1/32 dst 192.0.2.2/32 proto gre' /tmp/cl_pol.out | grep -q "dir out $CL_BLOCK" &&
		grep -A2 '^src 192.0.2.2/32 dst 192.0.2.1/32 proto gre' /tmp/cl_pol.out | grep -q "dir in $CL_BLOCK" &&
		return 0
	cat /tmp/cl_pol.out $CL_LOG
	return 1
}

cl_no_block() {
	kt_lacks "$CL_BLOCK" kt_in c "$IP" xfrm policy list
}

# cl_ours_up: ferryd made fy-lo1 and fy-tu0 (marked) and fy-tu0's BLOCK pair.
cl_ours_up() {
	kt_until 20 cl_dev_is fy-tu0 'alias ferry:Tunnel0' && cl_dev_is fy-lo1 'alias ferry:Loopback1' &&
		kt_until 5 cl_block_pair
}

# cl_lo_takes_tu0: with ferryd stopped, fy-tu0 goes and lo takes its name and ferryd's mark.
cl_lo_takes_tu0() {
	kill -STOP $cl_ferryd
	kt_in c "$IP" link del fy-tu0
	kt_in c "$IP" link property add dev lo altname fy-tu0
	kt_in c "$IP" link set dev lo alias ferry:Tunnel0
	kill -CONT $cl_ferryd
	cl_dev_is fy-tu0 '^1: lo: '
}

# cl_delete_refused: `no interface Tunnel0`; the kernel refuses to delete "fy-tu0" (lo).
cl_delete_refused() {
	cl_ferry 'configure terminal' 'no interface Tunnel0' 'end'
	cl_logged 'refused link-del fy-tu0 ' || return 1
	grep -F 'refused link-del fy-tu0 ' $CL_LOG | grep -qF 'Operation not supported'
	cl_dev_is fy-tu0 '^1: lo: '
}

# cl_lo_back_then_gone: lo gives the name and mark back; a sync deletes the link (gone) and its pair.
cl_lo_back_then_gone() {
	kt_in c "$IP" link set dev lo alias ''
	kt_in c "$IP" link property del dev lo altname fy-tu0
	cl_ferry 'configure terminal' 'end'
	kt_until 5 cl_no_block || {
		cat $CL_LOG
		return 1
	}
}

# cl_exited_keeping CHECK STATUS: ferryd exited 0 and CHECK holds.
cl_exited_keeping() {
	echo "ferryd exit status $2"
	[ "$2" -eq 0 ] && "$1"
}

cl_lo1_gone() {
	kt_lacks 'fy-lo1' kt_in c "$IP" link show
}

# cl_nothing_left STATUS: ferryd exited 0 and left no fy- device nor BLOCK policy; lo unmarked.
cl_nothing_left() {
	cat $CL_LOG
	[ "$1" -eq 0 ]
	kt_lacks 'fy-' kt_in c "$IP" -d link show
	cl_no_block
	kt_lacks 'alias' kt_in c "$IP" -d link show dev lo
}

$IP netns add c
$IP -n c link set lo up
$IP -n c link add eth0 type veth peer name eth1
$IP -n c link set eth1 up

# 1: another program's fy-lo1
$IP -n c link add fy-lo1 type dummy
$IP -n c addr add 10.77.0.1/32 dev fy-lo1
cl_start
kt_check "Loopback1 refused: another program's fy-lo1" \
	cl_logged "Loopback1: device fy-lo1 exists and is not ferryd's"
kt_check "fy-lo1 left as its owner made it (no mark, down, its address)" cl_foreign_lo1
kt_check "the refusal holds back nothing else: Ethernet0/0 up with 192.0.2.1/24" kt_until 10 cl_eth0_up
cl_stop
kt_check "ferryd exits 0; its exit sweep leaves fy-lo1 as it was" cl_exited_keeping cl_foreign_lo1 $?
$IP -n c link del fy-lo1

# 2: another program's GRE fy-tu0
$IP -n c link add fy-tu0 type gre local 192.0.2.1 remote 192.0.2.9
cl_start
kt_check "Tunnel0 refused: another program's GRE fy-tu0" \
	cl_logged "Tunnel0: device fy-tu0 exists and is not ferryd's"
kt_check "fy-tu0 keeps its remote, no mark, no BLOCK policy" cl_foreign_tu0
kt_check "ferryd's own Loopback1 made before it" cl_dev_is fy-lo1 'alias ferry:Loopback1'
cl_stop
kt_check "ferryd exits 0; its exit sweep removes its fy-lo1" cl_exited_keeping cl_lo1_gone $?
kt_check "another program's fy-tu0 survives the exit sweep as it was" cl_foreign_tu0
$IP -n c link del fy-tu0

# 3: a link delete the kernel refuses keeps the BLOCK pair
cl_start
kt_check "ferryd makes fy-lo1, protected fy-tu0 and its BLOCK pair" cl_ours_up
kt_check "ferryd stopped: fy-tu0 deleted, lo takes its name and mark" cl_lo_takes_tu0
kt_check "no interface Tunnel0: the kernel refuses to delete fy-tu0 (lo)" cl_delete_refused
kt_check "the refused delete keeps fy-tu0's BLOCK pair" cl_block_pair
kt_check "lo gives the name back: the next sync deletes the link and its BLOCK pair" cl_lo_back_then_gone
cl_stop
kt_check "SIGTERM: exit 0, no fy- device, no BLOCK policy" cl_nothing_left $?
$IP netns del c
