# shellcheck shell=sh
# bench_install: how fast ferryd installs and removes VRF routes, label routes and
# VRF routes with MPLS encapsulation, beside ip -batch (run by bench/netlink-install,
# which prints the figures; it judges nothing here but that every route arrived and left).
# kvm-timeout: 1200
# kvm-memory: 1024
#
# Namespace n: eth0 (a veth) 192.0.2.1/24; Tunnel0, a GRE tunnel to 192.0.2.2 numbered
# 10.255.0.1/30. All in one boot:
#   1. static routes and label routes: ferryd with VRF cust1 holding Tunnel0 and
#      BENCH_ROUTES static routes `ip route vrf cust1 P/24 10.255.0.2`, redistributed into
#      BGP under `mpls label mode all-vrfs protocol bgp-vpnv4 per-prefix` (no BGP peer:
#      the export runs without one), so each gets a label of its own that pops and
#      forwards to 10.255.0.2: BENCH_ROUTES AF_MPLS routes. Timed from its start until it
#      logs that it started (the static routes are in: its sync returns when the kernel
#      acknowledged them; from its log, the load alone and the sync alone) and until the
#      labels are in too; SIGTERM until it exited with all removed.
#   2. ip -batch: the same static routes and label routes through an equal VRF and GRE
#      device made by hand, added by batch files of 10,000 and deleted so.
#   3. VRF routes with MPLS encapsulation: ferryd with Tunnel0 in the global table and
#      VRFs cust1 and cust2 importing route targets 65000:1 and 65000:2; bench/src/bgp_feed
#      in namespace f (eBGP over a second veth) sends BENCH_ROUTES labeled VPNv4 routes in
#      two groups of those route targets (11.x.y.0/24, the same prefixes in each group),
#      next hop 10.255.0.2: BENCH_ROUTES kernel routes `encap mpls L via 10.255.0.2 dev
#      Tunnel0` in the two VRF tables. Timed from the feeder's start until they are in;
#      SIGTERM until ferryd exited with all removed.
#   4. ip -batch: the same encapsulated routes in the same two tables, added and deleted as
#      ferryd does it, a nexthop object per route (`nexthop add id L encap mpls L via ...`,
#      `route add P table T nhid L`; src/dataplane/kernel/kn_nexthop.h says why); then, for
#      the record, the plain form (`route add P table T encap mpls L via ...`) at PLAIN_ROUTES
#      routes and twice that, whose cost per route grows with the routes already there.
# Waiting for what ferryd does after it said it started reads its CPU time (no ip process
# competing with it for the VM's CPU); the kernel's tables are counted after, untimed.
# Figures go to the console as "BENCH NAME VALUE" lines.

BENCH_ROUTES=100000
BENCH_LOG=/tmp/ferryd-bench.log
BENCH_SOCK=/run/ferry-bench.sock
BENCH_FEED_AS=65000

bench_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# since_t0 NAME: the milliseconds from /tmp/bench.t0 to now, into /tmp/bench.NAME.
since_t0() {
	echo $(($(bench_ms) - $(cat /tmp/bench.t0))) >"/tmp/bench.$1"
}

# The prefix of route I (0-based): 20.0.0.0/24 upwards.
bench_prefixes() {
	awk -v n=$BENCH_ROUTES -v fmt="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			printf fmt, 20 + int(i / 65536), int(i / 256) % 256, i % 256
	}'
}

# The feeder's routes as ip route commands (bench/src/bgp_feed's layout): its first group
# (the larger half, route target 1, table T1) then its second (table T2); route K of a group
# 11.(K/256).(K%256).0/24 with label 16 + its index in the feed. FMT gets the prefix's
# two variable bytes, the table and the label.
feed_routes() {
	awk -v n=$BENCH_ROUTES -v fmt="$1" -v t1="$(cat /tmp/bench.table1)" -v t2="$(cat /tmp/bench.table2)" 'BEGIN {
		half = n - int(n / 2)
		for (i = 0; i < n; i++) {
			k = i < half ? i : i - half
			printf fmt, int(k / 256) % 256, k % 256, i < half ? t1 : t2, 16 + i
		}
	}'
}

cfg_head() {
	cat <<-'CFG'
		hostname bench
		interface Ethernet0/0
		 ip address 192.0.2.1 255.255.255.0
		!
	CFG
}

# Phase 1: the static routes, each given a BGP label of its own.
cfg_static() {
	cfg_head
	cat <<-'CFG'
		mpls label mode all-vrfs protocol bgp-vpnv4 per-prefix
		vrf definition cust1
		 rd 1:1
		 route-target export 1:1
		 address-family ipv4
		 exit-address-family
		!
		interface Tunnel0
		 vrf forwarding cust1
		 ip address 10.255.0.1 255.255.255.252
		 tunnel source Ethernet0/0
		 tunnel destination 192.0.2.2
		!
		router bgp 65001
		 bgp router-id 192.0.2.1
		 address-family ipv4 vrf cust1
		  redistribute static
		 exit-address-family
		!
	CFG
	bench_prefixes 'ip route vrf cust1 %d.%d.%d.0 255.255.255.0 10.255.0.2\n'
}

# Phase 3: two VRFs importing the feeder's route targets over a global Tunnel0.
cfg_encap() {
	cfg_head
	for g in 1 2; do
		printf 'vrf definition cust%d\n rd 65001:%d\n route-target import %d:%d\n' $g $g $BENCH_FEED_AS $g
		printf ' address-family ipv4\n exit-address-family\n!\n'
	done
	cat <<-CFG
		interface Ethernet0/1
		 ip address 198.51.100.1 255.255.255.252
		!
		interface Tunnel0
		 ip address 10.255.0.1 255.255.255.252
		 mpls bgp forwarding
		 tunnel source Ethernet0/0
		 tunnel destination 192.0.2.2
		!
		router bgp 65001
		 bgp router-id 198.51.100.1
		 no bgp default ipv4-unicast
		 neighbor 198.51.100.2 remote-as $BENCH_FEED_AS
		 neighbor 198.51.100.2 transport connection-mode passive
		 address-family vpnv4
		  neighbor 198.51.100.2 activate
		 exit-address-family
		!
	CFG
}

# The last static route's address, and the feeder's last route in each VRF.
LAST=$(awk -v n=$BENCH_ROUTES 'BEGIN { i = n - 1; printf "%d.%d.%d.1", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }')
feed_last() {
	awk -v n=$BENCH_ROUTES -v g="$1" 'BEGIN { k = (g == 1 ? n - int(n / 2) : int(n / 2)) - 1
		printf "11.%d.%d.1\n", int(k / 256) % 256, k % 256 }'
}

# routes_in TABLE PROTO: how many IPv4 routes of that protocol the table holds.
routes_in() {
	$IP -n n -4 route show table "$1" proto "$2" | wc -l
}

# encap_in TABLE PROTO: how many of them carry an MPLS encapsulation.
encap_in() {
	$IP -n n -4 route show table "$1" proto "$2" | grep -c 'encap mpls'
}

labels_in() {
	$IP -n n -f mpls route show | wc -l
}

# all_routes TABLE PROTO VRF: the table holds every static route (a cheap look-up of the last first).
all_routes() {
	$IP -n n route get "$LAST" vrf "$3" 2>/dev/null | grep -q 'via 10.255.0.2' &&
		[ "$(routes_in "$1" "$2")" -eq $BENCH_ROUTES ]
}

# all_encap PROTO: the two VRF tables hold every feeder route, encapsulated.
all_encap() {
	for g in 1 2; do
		$IP -n n route get "$(feed_last $g)" vrf fy-v-cust$g 2>/dev/null | grep -q 'encap mpls' || return 1
	done
	[ $(($(encap_in "$(vrf_table cust1)" "$1") + $(encap_in "$(vrf_table cust2)" "$1"))) -eq $BENCH_ROUTES ]
}

# log_span_ms FROM TO: milliseconds between ferryd's first log line with tag FROM and its
# first with tag TO (its log's clock).
log_span_ms() {
	awk -v from="$1" -v to="$2" 'function ms(t, p) { split(t, p, ":"); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 }
		index($0, from) && !a { a = ms($3) }
		index($0, to) && !b { b = ms($3) }
		END { if (a && b) printf "%d\n", b - a }' $BENCH_LOG
}

# vrf_table NAME: the kernel table of ferryd's VRF NAME.
vrf_table() {
	$IP -n n -d link show "fy-v-$1" 2>/dev/null | sed -n 's/.*vrf table \([0-9]*\).*/\1/p'
}

ferry_started() {
	grep -q '%SYS-5-RESTART:' $BENCH_LOG
}

# ferry_start CONFIG MAPS...: ferryd in namespace n on CONFIG; /tmp/bench.pid its PID.
# Not through a subshell: $! must be ferryd itself (ip netns exec execs it).
ferry_start() {
	cfg=$1
	shift
	$IP netns exec n ferryd -d -f "$cfg" -S $BENCH_SOCK "$@" --dataplane kernel </dev/null >$BENCH_LOG 2>&1 &
	echo $! >/tmp/bench.pid
}

cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# ferry_busy_until PID END: waits until the process used no CPU for a second; prints the
# uptime (ms) when it last did; fails if it is still busy at uptime END (ms). The kernel
# inserts what a netlink message asks for in the sender's system call, so ferryd's CPU
# time covers the kernel's work on its routes.
ferry_busy_until() {
	last=$(cpu_ticks "$1")
	busy=$(bench_ms)
	while :; do
		sleep 0.2
		now=$(bench_ms)
		[ "$now" -lt "$2" ] || return 1
		ticks=$(cpu_ticks "$1") || return 1
		if [ "$ticks" != "$last" ]; then
			last=$ticks
			busy=$now
		elif [ $((now - busy)) -ge 1000 ]; then
			echo "$busy"
			return 0
		fi
	done
}

# ferry_settled NAME LIMIT_S COMPLETE...: waits (at most LIMIT_S seconds) until ferryd went
# quiet with COMPLETE true; /tmp/bench.NAME: ms from /tmp/bench.t0 to its last work,
# /tmp/bench.NAME_cpu: its CPU time since it started, in ms (USER_HZ is 100 on x86).
ferry_settled() {
	name=$1
	end=$(($(bench_ms) + $2 * 1000))
	shift 2
	while [ "$(bench_ms)" -lt $end ]; do
		busy=$(ferry_busy_until "$(cat /tmp/bench.pid)" $end) || return 1
		if "$@"; then
			echo $((busy - $(cat /tmp/bench.t0))) >"/tmp/bench.$name"
			echo $(($(cpu_ticks "$(cat /tmp/bench.pid)") * 10)) >"/tmp/bench.${name}_cpu"
			return 0
		fi
	done
	return 1
}

# ferry_stop NAME: SIGTERM; /tmp/bench.NAME the ms until it exited, /tmp/bench.rc its exit
# status. At the top level, not in a check: only ferryd's parent can wait for it.
ferry_stop() {
	pid=$(cat /tmp/bench.pid)
	bench_ms >/tmp/bench.t0
	kill -TERM "$pid"
	(sleep 120 && kill -KILL "$pid") 2>/dev/null &
	watchdog=$!
	wait "$pid"
	echo $? >/tmp/bench.rc
	since_t0 "$1"
	kill $watchdog 2>/dev/null
}

ferry_exited_0() {
	[ "$(cat /tmp/bench.rc)" -eq 0 ]
}

# Phase 1 ------------------------------------------------------------------------

all_labels() {
	[ "$(labels_in)" -eq $BENCH_ROUTES ]
}

# The clock stops when ferryd says it started: it logs that after its sync, which returns
# when the kernel acknowledged every route. Then the BGP export binds the labels and
# the LFIB follows: the clock for the labels stops when ferryd went quiet with all in.
static_installed() {
	kt_until 300 ferry_started || { cat $BENCH_LOG; return 1; }
	since_t0 ferry_install
	ferry_settled ferry_labels 600 all_labels || { echo "$(labels_in) labels"; tail -n 20 $BENCH_LOG; return 1; }
	vrf_table cust1 >/tmp/bench.table
	all_routes "$(cat /tmp/bench.table)" 241 fy-v-cust1 || { echo "$(routes_in "$(cat /tmp/bench.table)" 241) routes"; return 1; }
	$IP -n n -f mpls route show | head -n 1
	log_span_ms %SYS-5-CONFIG_I: %SYS-5-RESTART: >/tmp/bench.ferry_sync
	log_span_ms %DATAPLANE-5-BACKEND: %SYS-5-CONFIG_I: >/tmp/bench.ferry_load
}

static_removed() {
	ferry_exited_0
	[ "$(routes_in "$(cat /tmp/bench.table)" 241)" -eq 0 ]
	[ "$(labels_in)" -eq 0 ]
	! $IP -n n link show fy-v-cust1 2>/dev/null
}

# Phase 2 ------------------------------------------------------------------------

# batch_files WHAT: its input as batch files /tmp/bench.WHAT.NN of BATCH_LINES lines: ip -batch
# takes about 4 KiB a command it ran (iproute2 6.1), and 100,000 at once exhaust the VM's memory.
BATCH_LINES=10000
batch_files() {
	awk -v what="$1" -v lines=$BATCH_LINES '{
		f = sprintf("/tmp/bench.%s.%03d", what, int((NR - 1) / lines))
		if (f != last) { if (last) close(last); last = f }
		print > f
	}'
}

# The same layout by hand, for ip -batch, and its batch files: static routes, and labels
# 16 upwards popping toward the same next hop.
static_layout() {
	table=$(cat /tmp/bench.table)
	$IP -n n addr add 192.0.2.1/24 dev eth0
	$IP -n n link add vrfp type vrf table "$table"
	$IP -n n link set vrfp up
	$IP -n n link add grep0 type gre local 192.0.2.1 remote 192.0.2.2 ttl 255
	$IP -n n link set grep0 master vrfp
	$IP -n n addr add 10.255.0.1/30 dev grep0
	$IP -n n link set grep0 up
	$IP netns exec n sh -c 'echo 1048575 >/proc/sys/net/mpls/platform_labels'
	bench_prefixes "route add %d.%d.%d.0/24 via 10.255.0.2 table $table\n" | batch_files add
	bench_prefixes "route del %d.%d.%d.0/24 via 10.255.0.2 table $table\n" | batch_files del
	awk -v n=$BENCH_ROUTES 'BEGIN { for (i = 0; i < n; i++) printf "route add %d via inet 10.255.0.2 dev grep0\n", 16 + i }' |
		batch_files ladd
	awk -v n=$BENCH_ROUTES 'BEGIN { for (i = 0; i < n; i++) printf "route del %d\n", 16 + i }' | batch_files ldel
}

# ip_batch WHAT FAMILY COUNT_FN COUNT: runs the batch files of WHAT with ip -f FAMILY, times
# them (/tmp/bench.ipbatch_WHAT), checks that COUNT_FN then says COUNT.
ip_batch() {
	t0=$(bench_ms)
	for f in /tmp/bench."$1".*; do
		$IP -n n -f "$2" -batch "$f"
	done
	echo $(($(bench_ms) - t0)) >"/tmp/bench.ipbatch_$1"
	rm -f /tmp/bench."$1".*
	[ "$($3)" -eq "$4" ]
}

static_peer_routes() {
	routes_in "$(cat /tmp/bench.table)" boot
}

static_layout_gone() {
	$IP -n n link del grep0
	$IP -n n link del vrfp
	$IP -n n addr del 192.0.2.1/24 dev eth0
}

# Phase 3 ------------------------------------------------------------------------

# The feeder's namespace f, 198.51.100.2/30, over a veth to n's eth2.
feed_link() {
	$IP netns add f
	$IP -n n link add eth2 type veth peer name eth0 netns f
	$IP -n n link set eth2 up
	$IP -n f link set eth0 up
	$IP -n f link set lo up
	$IP -n f addr add 198.51.100.2/30 dev eth0
}

encap_up() {
	kt_until 60 ferry_started || { cat $BENCH_LOG; return 1; }
	vrf_table cust1 >/tmp/bench.table1
	vrf_table cust2 >/tmp/bench.table2
	[ -s /tmp/bench.table1 ] && [ -s /tmp/bench.table2 ]
}

encap_installed() {
	if ! ferry_settled ferry_encap 600 all_encap_ferry; then
		echo "$(encap_in "$(cat /tmp/bench.table1)" 241) + $(encap_in "$(cat /tmp/bench.table2)" 241) routes"
		$IP -n n route show table "$(cat /tmp/bench.table1)" | head -n 3
		cat /tmp/bench.feed
		grep -v '^ ' $BENCH_LOG | tail -n 20
		return 1
	fi
	$IP -n n route show table "$(cat /tmp/bench.table1)" | head -n 1
}

encap_removed() {
	ferry_exited_0
	for t in "$(cat /tmp/bench.table1)" "$(cat /tmp/bench.table2)"; do
		[ "$(routes_in "$t" 241)" -eq 0 ]
	done
	! $IP -n n nexthop show | grep -q 'proto 241' # the routes' nexthop objects went too
	! $IP -n n link show fy-v-cust1 2>/dev/null
}

all_encap_ferry() {
	all_encap 241
}

# Phase 4 ------------------------------------------------------------------------

encap_layout() {
	$IP -n n addr replace 192.0.2.1/24 dev eth0 # a ferryd that failed may have left its own
	for g in 1 2; do
		$IP -n n link add vrfp$g type vrf table "$(cat /tmp/bench.table$g)"
		$IP -n n link set vrfp$g up
	done
	$IP -n n link add grep0 type gre local 192.0.2.1 remote 192.0.2.2 ttl 255
	$IP -n n addr add 10.255.0.1/30 dev grep0
	$IP -n n link set grep0 up
	# as ferryd installs them: a nexthop object per route (kernel 6.1 walks one hash chain of every
	# route through the device otherwise: src/dataplane/kernel/kn_nexthop.h), then the route naming it
	feed_routes '%d %d %d %d\n' | awk '{ printf "nexthop add id %d encap mpls %d via 10.255.0.2 dev grep0\n", $4, $4
		printf "route add 11.%d.%d.0/24 table %d nhid %d\n", $1, $2, $3, $4 }' | batch_files eadd
	feed_routes '%d %d %d %d\n' | awk '{ printf "route del 11.%d.%d.0/24 table %d\nnexthop del id %d\n", $1, $2, $3, $4 }' |
		batch_files edel
}

# The plain form, `route add P table T encap mpls L via GW dev GRE`, at PLAIN_ROUTES routes and twice
# that: the kernel's cost per route grows with the routes already there.
PLAIN_ROUTES=3000
plain_encap() {
	table=$(cat /tmp/bench.table1)
	for size in 1 2; do
		n=$((PLAIN_ROUTES * size))
		awk -v n="$n" -v t="$table" 'BEGIN { for (i = 0; i < n; i++)
			printf "route add 11.%d.%d.0/24 table %d encap mpls %d via 10.255.0.2 dev grep0\n", int(i / 256) % 256, i % 256, t, 16 + i }' >/tmp/bench.plain
		t0=$(bench_ms)
		$IP -n n -batch /tmp/bench.plain
		echo $(($(bench_ms) - t0)) >/tmp/bench.ipbatch_plain${size}x
		[ "$(encap_in "$table" boot)" -eq "$n" ]
		$IP -n n route flush table "$table" proto boot
	done
	rm -f /tmp/bench.plain
}

encap_peer_routes() {
	echo $(($(encap_in "$(cat /tmp/bench.table1)" boot) + $(encap_in "$(cat /tmp/bench.table2)" boot)))
}

# ---------------------------------------------------------------------------------

# bench_figures: the figures measured so far, each printed once (a later phase that
# fails or hangs leaves those of the earlier ones on the console).
bench_figures() {
	for f in ferry_install ferry_load ferry_sync ferry_labels ferry_remove ipbatch_add ipbatch_ladd ipbatch_ldel \
		ipbatch_del ferry_encap ferry_encap_remove ipbatch_eadd ipbatch_edel ipbatch_plain1x ipbatch_plain2x \
		ferry_labels_cpu ferry_encap_cpu; do
		[ -f /tmp/bench.$f ] && echo "BENCH ${f}_ms $(cat /tmp/bench.$f)" && rm /tmp/bench.$f
	done
}


$IP netns add n
$IP -n n link add eth0 type veth peer name eth1
$IP -n n link set eth0 up
$IP -n n link set eth1 up
echo "BENCH routes $BENCH_ROUTES"
echo "BENCH plain_routes $PLAIN_ROUTES"
echo "BENCH kernel $(uname -r)"
cfg_static >/tmp/bench-static.cfg
cfg_encap >/tmp/bench-encap.cfg

bench_ms >/tmp/bench.t0
ferry_start /tmp/bench-static.cfg -m Ethernet0/0=eth0
kt_check "ferryd installs $BENCH_ROUTES VRF routes over Tunnel0 and a per-prefix label for each" static_installed
ferry_stop ferry_remove
kt_check "SIGTERM: ferryd exits 0 and removes the routes and labels" static_removed

kt_check "the same VRF table and GRE device by hand" static_layout
kt_check "ip -batch adds $BENCH_ROUTES routes" ip_batch add inet static_peer_routes $BENCH_ROUTES
kt_check "ip -batch adds $BENCH_ROUTES label routes" ip_batch ladd mpls labels_in $BENCH_ROUTES
kt_check "ip -batch deletes the label routes" ip_batch ldel mpls labels_in 0
kt_check "ip -batch deletes the routes" ip_batch del inet static_peer_routes 0
kt_check "the hand-made layout goes" static_layout_gone
bench_figures

kt_check "a veth to the feeder's namespace" feed_link
ferry_start /tmp/bench-encap.cfg -m Ethernet0/0=eth0 -m Ethernet0/1=eth2
kt_check "ferryd with two VRFs importing the feed's route targets" encap_up
# The feeder runs until it is killed; the clock starts with it (its session setup included).
bench_ms >/tmp/bench.t0
$IP netns exec f bgp_feed 198.51.100.1 $BENCH_FEED_AS 198.51.100.2 10.255.0.2 $BENCH_ROUTES 2 >/tmp/bench.feed 2>&1 &
feeder=$!
kt_check "ferryd installs $BENCH_ROUTES BGP VRF routes with MPLS encapsulation" encap_installed
ferry_stop ferry_encap_remove
kill $feeder 2>/dev/null
wait $feeder
kt_check "SIGTERM: ferryd exits 0 and removes them and their nexthop objects" encap_removed

kt_check "the same VRF tables and a global GRE device by hand" encap_layout
kt_check "ip -batch adds $BENCH_ROUTES routes with MPLS encapsulation" ip_batch eadd inet encap_peer_routes $BENCH_ROUTES
kt_check "ip -batch deletes them" ip_batch edel inet encap_peer_routes 0
kt_check "ip -batch adds $PLAIN_ROUTES and $((PLAIN_ROUTES * 2)) routes with encap mpls and no nexthop object" plain_encap

bench_figures
$IP netns del f
$IP netns del n
