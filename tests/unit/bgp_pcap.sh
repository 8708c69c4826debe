#!/bin/sh
# Cross-checks the BGP message codec with tshark: bgp_msg_dump encodes the
# sample session (tests/unit/bgp_msg_samples.c), text2pcap turns it into a
# TCP stream 127.0.0.1:40000 <-> 127.0.0.2:179, and tshark must decode every
# message with no malformed or warning flag, seeing the fields below (the
# seed's VPNv4 route 1:1:192.168.114.0/24 label 16 via 10.1.1.4, RT 1:1).
# Run from the build directory (make check does); skipped without tshark.
set -eu

dump=${BGP_MSG_DUMP:-tests/unit/bgp_msg_dump}
for tool in tshark text2pcap; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (apt-get install tshark)"
		exit 77
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

"$dump" >"$tmp/session.txt" || fail "$dump failed"
# text2pcap writes a rule of dashes to stderr even with -q: keep it for failures only.
text2pcap -q -D -4 127.0.0.1,127.0.0.2 -T 40000,179 "$tmp/session.txt" "$tmp/session.pcapng" 2>"$tmp/text2pcap.err" ||
	fail "text2pcap failed: $(cat "$tmp/text2pcap.err")"
# tshark complains on stderr when run as root; only its findings (stdout) count.
tshark -r "$tmp/session.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' >"$tmp/flagged" 2>/dev/null ||
	fail "tshark could not read the capture"
if [ -s "$tmp/flagged" ]; then
	cat "$tmp/flagged" >&2
	fail "tshark flags the packets above"
fi

# One line per message: type, OPEN AS/identifier/capabilities/4-octet AS, RDs, label stacks,
# NLRI lengths in bits, MP reach/unreach prefixes, withdrawn and NLRI prefixes, ROUTE-REFRESH SAFI,
# NOTIFICATION code and subcode.
tshark -r "$tmp/session.pcapng" -Y bgp -T fields -E separator='|' -e bgp.type -e bgp.open.myas \
	-e bgp.open.identifier -e bgp.cap.type -e bgp.cap.4as -e bgp.rd -e bgp.label_stack -e bgp.prefix_length \
	-e bgp.mp_reach_nlri_ipv4_prefix -e bgp.mp_unreach_nlri_ipv4_prefix -e bgp.withdrawn_prefix \
	-e bgp.nlri_prefix -e bgp.route_refresh.safi -e bgp.notify.major_error -e bgp.notify.minor_error_cease \
	>"$tmp/fields" 2>/dev/null || fail "tshark -T fields failed"
cat >"$tmp/expected" <<'END'
1|100|172.16.1.103|1,2,65|100||||||||||
1|23456|10.0.0.1|1,1,2,65,70|65536||||||||||
4||||||||||||||
2|||||1:1|16 (bottom)|112|192.168.114.0||||||
2|||||10.0.0.1:5,65536:7|16,17 (bottom),18 (bottom)|136,88|192.168.113.0,0.0.0.0||||||
2|||||||8,24,12,25|||10.0.0.0|192.168.1.0,172.16.0.0,10.10.10.128|||
2|||||||8,24|192.168.1.0|10.0.0.0|||||
2|||||1:1|0 (withdrawn)|112||192.168.114.0|||||
2||||||||||||||
2||||||||||||||
5||||||||||||128||
3|||||||||||||6|2
END
diff -u "$tmp/expected" "$tmp/fields" || fail "tshark decodes other fields than expected"

# The seed's route in full, as tshark -V writes it.
tshark -r "$tmp/session.pcapng" -Y 'frame.number == 4' -V >"$tmp/verbose" 2>/dev/null || fail "tshark -V failed"
for line in 'Subsequent address family identifier (SAFI): Labeled VPN Unicast (128)' \
	'Next hop:  RD=0:0 IPv4=10.1.1.4' 'Label Stack: 16 (bottom)' 'Route Distinguisher: 1:1' \
	'MP Reach NLRI IPv4 prefix: 192.168.114.0' 'Origin: INCOMPLETE (2)' 'AS4: 100' \
	'Route Target: 1:1 [Transitive 2-Octet AS-Specific]'; do
	grep -qF "$line" "$tmp/verbose" || fail "tshark -V does not show: $line"
done
echo "PASS: tshark decodes the $(wc -l <"$tmp/fields") messages as encoded, with no malformed or warning flag"
