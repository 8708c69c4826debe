# shellcheck shell=bash
# Shared by the integration tests that drive the dataplane through tests/kernel/dp_scenario
# (sourced after lib.bash): the two routers and the capture of the underlay between them.

# dps_program NAME: dp_scenario made anew, its path in DPS; without /dev/net/tun the test NAME is skipped.
dps_program() {
	# shellcheck disable=SC2034 # for the test that sources this
	DPS=$BUILD/tests/kernel/dp_scenario
	# made every time: not a program of make all, an old one would test an old dataplane
	make -C "$BUILD" tests/kernel/dp_scenario >/dev/null
	[[ -x /dev/net/tun || -c /dev/net/tun ]] || { echo "# $1: skipped (no /dev/net/tun)"; exit 0; }
}

# dps_routers NAME: dps_program, then two router namespaces NS_A and NS_B joined by eth0 (up).
dps_routers() {
	dps_program "$1"
	it_netns ra
	NS_A=$NS
	it_netns rb
	NS_B=$NS
	ip link add eth0 netns "$NS_A" type veth peer name eth0 netns "$NS_B"
	for ns in "$NS_A" "$NS_B"; do ip -n "$ns" link set eth0 up; done
}

# capture_start [FILTER]: router b's eth0 into $IT_TMP/underlay.pcap, all of it or what the capture filter takes.
capture_start() {
	local filter=()
	[[ -z ${1:-} ]] || filter=(-f "$1")
	ip netns exec "$NS_B" tshark -q -i eth0 "${filter[@]}" -w "$IT_TMP/underlay.pcap" \
		>/dev/null 2>"$IT_TMP/tshark-capture.log" &
	CAPTURE=$!
	IT_PIDS+=("$CAPTURE")
	until_ok 10 grep -q 'Capturing on' "$IT_TMP/tshark-capture.log"
	sleep 2 # "Capturing on" may come before the capture does
}
capture_stop() {
	sleep 1 # the last packets reach the file
	kill -INT "$CAPTURE"
	wait "$CAPTURE" || true
}

# esp_uat FROM TO: tshark's esp_sa record of dp_scenario's SA from 192.0.2.FROM to .TO (TEST-ONLY keys).
esp_uat() {
	local key=0x i
	for ((i = 0; i < 20; i++)); do key+=$(printf %02x $((0x10 * $1 + i))); done
	printf '"IPv4","192.0.2.%d","192.0.2.%d","0x%08x","AES-GCM with 16 octet ICV [RFC4106]","%s","NULL",""' \
		"$1" "$2" $((0x1000 + 0x100 * $1 + $2)) "$key"
}

# shark ARGS...: tshark on the capture with both SAs' keys: ESP decrypted and authenticated, IP checksums checked.
shark() {
	tshark -r "$IT_TMP/underlay.pcap" -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE \
		-o ip.check_checksum:TRUE -o "uat:esp_sa:$(esp_uat 1 2)" -o "uat:esp_sa:$(esp_uat 2 1)" "$@" 2>/dev/null
}
