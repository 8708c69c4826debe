#!/usr/bin/env bash
# NHRP between the userspace dataplane and its control plane (dp_punt.h), end to end: two routers in
# namespaces run the userspace backend through tests/kernel/dp_scenario serve ... punt (GRE fy-tu0 with
# key 42 over eth0, protected by TEST-ONLY static AES-GCM SAs in UDP 4500). Each injects an NHRP message
# to the other's NBMA address through fy-tu0; the other punts it with the right link, NBMA source,
# protocol and bytes. The underlay capture holds ESP only (no GRE, no NHRP in clear), and decrypted
# with the SA keys it shows the NHRP inside GRE key 42. An inject on a link that is no tunnel is counted;
# the totals show in serve's report and in ferryd's show platform dataplane.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
# shellcheck source=tests/integration/dps.bash
. "$(dirname "$0")/dps.bash"
it_init userspace_punt "$@"

dps_routers userspace_punt
for ns in "$NS_A" "$NS_B"; do
	# the LANs dp_scenario's plan attaches (no CE behind them here)
	for lan in ce1 ce2; do
		ip -n "$ns" link add "$lan" type veth peer name "$lan-peer"
		ip -n "$ns" link set "$lan" up
	done
done

# serve SIDE: router SIDE (a or b) through the userspace backend, punting; its stdin the FIFO on fd 3 (a) or 4 (b).
serve() {
	local ns=$NS_B fd=4
	[[ $1 == b ]] || { ns=$NS_A; fd=3; }
	mkfifo "$IT_TMP/in-$1"
	: >"$IT_TMP/serve-$1.out"
	# appending: report empties the file while serve writes it
	ip netns exec "$ns" "$DPS" serve userspace "side-$1" transport udp punt <"$IT_TMP/in-$1" \
		>>"$IT_TMP/serve-$1.out" 2>"$IT_TMP/serve-$1.log" &
	IT_PIDS+=($!)
	printf -v "SERVE_$1" %s $!
	eval "exec $fd>\"\$IT_TMP/in-\$1\""
	until_ok 10 grep -qx ready "$IT_TMP/serve-$1.out"
}
serve a
serve b

clear_shark() { tshark -r "$IT_TMP/underlay.pcap" "$@" 2>/dev/null; }

# An NHRP Registration Request's fixed header (RFC 2332 5.2.0.1: AFN IPv4, protocol IPv4, hop count 255,
# version 1, type 3), then its source and destination protocol addresses; not parsed here, carried.
NHRP_A=00010800000000000000ff002000000103040004c0000201c0a80101c0a80102
NHRP_B=00010800000000000000ff002000000103040004c0000202c0a80102c0a80101

# inject SIDE LINE: LINE to router SIDE's stdin; its answer "inject RC".
inject() {
	local fd=4
	[[ $1 == b ]] || fd=3
	echo "$2" >&"$fd"
}
punted() { grep -qxF "$2" "$IT_TMP/serve-$1.out"; }

capture_start
inject a "inject fy-tu0 192.0.2.2 $NHRP_A"
check "router a takes the inject" until_ok 5 grep -qx 'inject 0' "$IT_TMP/serve-a.out"
check "router b punts it: link fy-tu0, NBMA source 192.0.2.1, NHRP, the same bytes" \
	until_ok 5 punted b "punt fy-tu0 192.0.2.1 0x2001 $NHRP_A"
inject b "inject fy-tu0 192.0.2.1 $NHRP_B"
check "router a punts b's: NBMA source 192.0.2.2" until_ok 5 punted a "punt fy-tu0 192.0.2.2 0x2001 $NHRP_B"
capture_stop
check "the underlay carried ESP in UDP 4500" matches "$(clear_shark -Y esp | wc -l)" '^[1-9]'
check "...and no GRE nor NHRP in clear" equals "$(clear_shark -Y 'gre || nhrp' | wc -l)" 0
check "decrypted, the ESP holds NHRP in GRE key 42 both ways" \
	equals "$(shark -T fields -e ip.src -e gre.key -Y 'esp && gre.proto == 0x2001 && nhrp' | sort -u | tr '\t\n' ' ')" \
	"192.0.2.1 0x0000002a 192.0.2.2 0x0000002a "

inject a "inject eth0 192.0.2.2 $NHRP_A"
# report SIDE: the counters serve prints on SIGUSR1.
report() {
	local pid=SERVE_$1 out=$IT_TMP/serve-$1.out
	: >"$out"
	kill -USR1 "${!pid}"
	until_ok 5 grep -qx end "$out"
	cat "$out"
}
# the worker counts it after serve's answer "inject 0": asked again until it has
no_link_counted() { has_line "$(report a)" "drop inject-no-link 1"; }
check "an inject on a link that is no tunnel is counted, not sent" until_ok 5 no_link_counted
check "router a counts 1 NHRP injected, 1 punted" equals "$(report a | grep '^nhrp' | tr '\n' ' ')" \
	"nhrp punted 1 nhrp injected 1 "

# ferryd shows the same counters (nothing punted without NHRP traffic).
it_netns fy
printf 'hostname r1\n' >"$IT_TMP/r1.cfg"
it_daemon "$NS" fy "$IT_TMP/r1.cfg" --dataplane userspace
check "show platform dataplane: NHRP's counters" has_line "$(fy 'show platform dataplane')" "  NHRP: 0 punted, 0 injected"
check "...and in JSON" equals "$(fy 'show platform dataplane | json' | jq -c .nhrp)" '{"punted":0,"injected":0}'
it_finish
