# bench/bgp.bash: what bench/bgp-ingest and bench/bgp-propagate share (sourced, not run):
# a process's figures from /proc and FRR bgpd without zebra in a network namespace.

BGP_FRR_BGPD=/usr/lib/frr/bgpd

bgp_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# bgp_cpu_ms PID: the user and system CPU time of all the process's threads.
bgp_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }
bgp_now_ns() { date +%s%N; }

# bgp_ferry_vrfs N: ferryd's VRFs V1..VN, Vg (rd 65001:g) importing the feeder's route target 65000:g.
bgp_ferry_vrfs() {
	local g
	for ((g = 1; g <= $1; g++)); do
		printf 'vrf definition V%d\n rd 65001:%d\n route-target import 65000:%d\n' "$g" "$g" "$g"
		printf ' !\n address-family ipv4\n exit-address-family\n!\n'
	done
}

# bgp_vty NS DIR ARGS...: vtysh on the bgpd whose vty socket is in DIR.
bgp_vty() { ip netns exec "$1" vtysh --vty_socket "$2" -d bgpd "${@:3}"; }

# bgp_frr_start NS DIR: bgpd (-Z -S: no zebra, no kernel routes) in NS with DIR/bgpd.conf, its vty
# socket and pid file in DIR, /run its own (a tmpfs in a mount namespace); sets FRR_PID (also added to
# the caller's PIDS, the processes it stops on exit) and returns once it answers.
bgp_frr_start() {
	local ns=$1 dir=$2 end=$((SECONDS + 60))
	chmod -R a+rwX "$dir"
	ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs none /run && mkdir -p /run/frr && chown frr:frr /run/frr;
		exec $BGP_FRR_BGPD -Z -S -f $dir/bgpd.conf --vty_socket $dir -i $dir/bgpd.pid" >"$dir/out" 2>&1 &
	FRR_PID=$!
	PIDS+=("$FRR_PID")
	until bgp_vty "$ns" "$dir" -c 'show version' >/dev/null 2>&1; do
		if ! kill -0 "$FRR_PID" 2>/dev/null || ((SECONDS >= end)); then
			tail "$dir/out" >&2
			echo "FRR bgpd in $ns did not start (log $dir/out)" >&2
			return 1
		fi
		sleep 0.1
	done
}
