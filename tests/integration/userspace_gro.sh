#!/usr/bin/env bash
# The userspace dataplane turns GRO and UDP GRO forwarding on on the VRF
# LAN links it attaches (ethtool generic netlink: a CE's UDP then reaches
# the VRF's TUN as UDP GSO packets, not one read per datagram), and at exit
# puts back off only what it turned on. One router of tests/kernel/dp_scenario
# serve (its LANs ce1, ce2), three starts: both features off before, only
# GRO on before, both on before.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
# shellcheck source=tests/integration/dps.bash
. "$(dirname "$0")/dps.bash"
it_init userspace_gro "$@"

dps_program userspace_gro
command -v ethtool >/dev/null || { echo "# userspace_gro: skipped (no ethtool to read the features)"; exit 0; }

it_netns ra
ip -n "$NS" link add eth0 type veth peer name eth0-far
ip -n "$NS" link add ce1 type veth peer name ce1-far
ip -n "$NS" link add ce2 type veth peer name ce2-far
for dev in eth0 ce1 ce2; do ip -n "$NS" link set "$dev" up; done

# features: ce1's GRO and UDP GRO forwarding, as "on off".
features() {
	ip netns exec "$NS" ethtool -k ce1 |
		awk '/^generic-receive-offload:/ {g = $2} /^rx-udp-gro-forwarding:/ {u = $2} END {print g, u}'
}
# serve_once BEFORE: ce1's features set to BEFORE ("off off", ...), one start and SIGTERM; the
# features while it serves, then after.
serve_once() {
	local gro udp pid
	read -r gro udp <<<"$1"
	ip netns exec "$NS" ethtool -K ce1 gro "$gro" rx-udp-gro-forwarding "$udp"
	ip netns exec "$NS" "$DPS" serve userspace side-a transport udp >"$IT_TMP/serve.out" 2>&1 &
	pid=$!
	IT_PIDS+=("$pid")
	until_ok "$IT_TIMEOUT" grep -qx ready "$IT_TMP/serve.out" || it_abort "dp_scenario serve did not start"
	SERVING=$(features)
	it_stop "$pid" || true
	AFTER=$(features)
}

serve_once "off off"
check "both off before: on while serving" equals "$SERVING" "on on"
check "both off before: both off after" equals "$AFTER" "off off"
serve_once "on off"
check "GRO on before: both on while serving" equals "$SERVING" "on on"
check "GRO on before: GRO stays on, UDP GRO forwarding off again" equals "$AFTER" "on off"
serve_once "on on"
check "both on before: both stay on" equals "$AFTER" "on on"
it_finish
