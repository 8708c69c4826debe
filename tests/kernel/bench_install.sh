# shellcheck shell=sh
# bench_install: how fast ferryd installs and removes VRF routes, beside ip -batch
# (run by bench/netlink-install, which prints the figures; it judges nothing
# here but that every route arrived and left).
#
# Namespace n: eth0 (a veth) 192.0.2.1/24; VRF cust1 with Tunnel0, a GRE tunnel
# to 192.0.2.2 numbered 10.255.0.1/30; BENCH_ROUTES static routes
# `ip route vrf cust1 P/24 10.255.0.2`, each resolving over the tunnel. (No
# label routes: the configuration has no static label command; those need BGP.)
#   ferryd: from its start until it logs that it started, after its sync has had
#     every route acknowledged by the kernel (the table is counted after, untimed;
#     from its log, the load alone and the sync alone); SIGTERM to exit
#   ip -batch: the same routes into the same table through an equal VRF and GRE
#     device made by hand, added by ten batch files of 10,000 and deleted so
# Figures go to the console as "BENCH NAME VALUE" lines.

BENCH_ROUTES=100000
BENCH_LOG=/tmp/ferryd-bench.log

bench_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# The prefix of route I (0-based): 20.0.0.0/24 upwards.
bench_prefixes() {
	awk -v n=$BENCH_ROUTES -v fmt="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			printf fmt, 20 + int(i / 65536), int(i / 256) % 256, i % 256
	}'
}

cat >/tmp/bench.cfg <<'CFG'
hostname bench
vrf definition cust1
 rd 1:1
 address-family ipv4
 exit-address-family
!
interface Ethernet0/0
 ip address 192.0.2.1 255.255.255.0
!
interface Tunnel0
 vrf forwarding cust1
 ip address 10.255.0.1 255.255.255.252
 tunnel source Ethernet0/0
 tunnel destination 192.0.2.2
!
CFG
bench_prefixes 'ip route vrf cust1 %d.%d.%d.0 255.255.255.0 10.255.0.2\n' >>/tmp/bench.cfg
LAST=$(awk -v n=$BENCH_ROUTES 'BEGIN { i = n - 1; printf "%d.%d.%d.1", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }')

# routes_in TABLE PROTO: how many IPv4 routes of that protocol the table holds.
routes_in() {
	$IP -n n -4 route show table "$1" proto "$2" | wc -l
}

# all_routes TABLE PROTO: the table holds every route (a cheap look-up of the last first).
all_routes() {
	$IP -n n route get "$LAST" vrf "$3" 2>/dev/null | grep -q 'via 10.255.0.2' &&
		[ "$(routes_in "$1" "$2")" -eq $BENCH_ROUTES ]
}

# log_span_ms FROM TO: milliseconds between ferryd's first log line with tag FROM and its
# first with tag TO (its log's clock).
log_span_ms() {
	awk -v from="$1" -v to="$2" 'function ms(t, p) { split(t, p, ":"); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 }
		index($0, from) && !a { a = ms($3) }
		index($0, to) && !b { b = ms($3) }
		END { if (a && b) printf "%d\n", b - a }' $BENCH_LOG
}

# ferry_sync_ms: from ferryd's "configured" line to its "started" line: the configuration
# sync alone, devices and all the routes, without reading the configuration.
ferry_sync_ms() {
	log_span_ms %SYS-5-CONFIG_I: %SYS-5-RESTART:
}

# ferry_load_ms: from the dataplane's line (just before the load) to "configured": reading
# and parsing the configuration alone.
ferry_load_ms() {
	log_span_ms %DATAPLANE-5-BACKEND: %SYS-5-CONFIG_I:
}

ferry_table() {
	$IP -n n -d link show fy-v-cust1 2>/dev/null | sed -n 's/.*vrf table \([0-9]*\).*/\1/p'
}

ferry_vrf_made() {
	[ -n "$(ferry_table)" ]
}

ferry_started() {
	grep -q '%SYS-5-RESTART:' $BENCH_LOG
}

# The clock stops when ferryd says it started: it logs that after its sync, which returns
# when the kernel acknowledged every route. Waiting reads its log (no ip process competing
# with it for the VM's CPU); the routes are counted after, untimed, as for ip -batch.
ferry_installed() {
	if ! kt_until 80 ferry_started; then
		cat $BENCH_LOG
		return 1
	fi
	echo $(($(bench_ms) - $(cat /tmp/bench.t0))) >/tmp/bench.ferry_install
	if ! { ferry_vrf_made && all_routes "$(ferry_table)" 241 fy-v-cust1; }; then
		echo "$(routes_in "$(ferry_table)" 241) routes"
		cat $BENCH_LOG
		return 1
	fi
	ferry_table >/tmp/bench.table
	ferry_sync_ms >/tmp/bench.ferry_sync
	ferry_load_ms >/tmp/bench.ferry_load
}

# ferry_removed STATUS: ferryd exited 0 and took every route with it.
ferry_removed() {
	echo $(($(bench_ms) - $(cat /tmp/bench.t0))) >/tmp/bench.ferry_remove
	[ "$1" -eq 0 ]
	[ "$(routes_in "$(cat /tmp/bench.table)" 241)" -eq 0 ]
	! $IP -n n link show fy-v-cust1 2>/dev/null
}

# The same layout by hand, for ip -batch, and its batch files.
peer_layout() {
	table=$(cat /tmp/bench.table)
	$IP -n n addr add 192.0.2.1/24 dev eth0
	$IP -n n link add vrfp type vrf table "$table"
	$IP -n n link set vrfp up
	$IP -n n link add grep0 type gre local 192.0.2.1 remote 192.0.2.2 ttl 255
	$IP -n n link set grep0 master vrfp
	$IP -n n addr add 10.255.0.1/30 dev grep0
	$IP -n n link set grep0 up
	bench_prefixes "route add %d.%d.%d.0/24 via 10.255.0.2 table $table\n" | batch_files add
	bench_prefixes "route del %d.%d.%d.0/24 via 10.255.0.2 table $table\n" | batch_files del
}

# batch_files WHAT: its input as batch files /tmp/bench.WHAT.NN of BATCH_LINES lines: ip -batch
# takes about 4 KiB a command it ran (iproute2 6.1), and 100,000 at once exhaust the VM's 256 MB.
BATCH_LINES=10000
batch_files() {
	awk -v what="$1" -v lines=$BATCH_LINES '{
		f = sprintf("/tmp/bench.%s.%03d", what, int((NR - 1) / lines))
		if (f != last) { if (last) close(last); last = f }
		print > f
	}'
}

# ip_batch WHAT COUNT: runs the batch files of WHAT, times them, checks the table then holds COUNT routes.
ip_batch() {
	t0=$(bench_ms)
	for f in /tmp/bench."$1".*; do
		$IP -n n -batch "$f"
	done
	echo $(($(bench_ms) - t0)) >"/tmp/bench.ipbatch_$1"
	[ "$(routes_in "$(cat /tmp/bench.table)" boot)" -eq "$2" ]
}

$IP netns add n
$IP -n n link add eth0 type veth peer name eth1
$IP -n n link set eth0 up
$IP -n n link set eth1 up
echo "BENCH routes $BENCH_ROUTES"
echo "BENCH kernel $(uname -r)"
bench_ms >/tmp/bench.t0
# Not through a function: $! must be ferryd itself (ip netns exec execs it).
$IP netns exec n ferryd -d -f /tmp/bench.cfg -S /run/ferry-bench.sock -m Ethernet0/0=eth0 --dataplane kernel \
	</dev/null >$BENCH_LOG 2>&1 &
ferryd=$!
kt_check "ferryd installs $BENCH_ROUTES VRF routes over Tunnel0" ferry_installed
bench_ms >/tmp/bench.t0
kill -TERM $ferryd
(sleep 60 && kill -KILL $ferryd) 2>/dev/null &
watchdog=$!
wait $ferryd
kt_check "SIGTERM: ferryd exits 0 and removes them all" ferry_removed $?
kill $watchdog 2>/dev/null
kt_check "the same VRF table and GRE device by hand" peer_layout
kt_check "ip -batch adds $BENCH_ROUTES routes" ip_batch add $BENCH_ROUTES
kt_check "ip -batch deletes them" ip_batch del 0
for f in ferry_install ferry_load ferry_sync ferry_remove ipbatch_add ipbatch_del; do
	[ -f /tmp/bench.$f ] && echo "BENCH ${f}_ms $(cat /tmp/bench.$f)"
done
$IP netns del n
