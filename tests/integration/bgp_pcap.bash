# shellcheck shell=bash
# Sourced by the BGP integration tests after lib.bash: a capture of the BGP
# packets on one interface of a test namespace, and the check that tshark
# decodes those a speaker sent without a malformed or warning flag.
# Without tshark both do nothing.

# bgp_pcap_start NS DEV: captures TCP port 179 on DEV in NS into $BGP_PCAP.
bgp_pcap_start() {
	BGP_PCAP=$IT_TMP/bgp.pcap
	command -v tshark >/dev/null || return 0
	ip netns exec "$1" tshark -q -i "$2" -f 'tcp port 179' -w "$BGP_PCAP" >"$IT_TMP/tshark.out" 2>&1 &
	IT_PIDS+=("$!")
	until_ok 10 test -s "$BGP_PCAP" || it_abort "tshark captures on $2 ($(tail -n 3 "$IT_TMP/tshark.out"))"
}

# bgp_pcap_check SRC WHAT: tshark sees UPDATEs from SRC and flags none of its BGP packets.
bgp_pcap_check() {
	[[ -s ${BGP_PCAP:-} ]] || return 0
	sleep 1 # the last packets reach the file
	check "tshark sees $2's BGP UPDATEs" matches "$(tshark -r "$BGP_PCAP" -Y "ip.src == $1 && bgp" 2>&1)" 'UPDATE'
	check "tshark: $2's BGP packets decode with no malformed or warning flag" equals "$(tshark -r "$BGP_PCAP" \
		-Y "ip.src == $1 && bgp && (_ws.malformed || _ws.expert.severity >= warning)" 2>/dev/null)" ""
}
