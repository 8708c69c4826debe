#!/usr/bin/env bash
# tshark decodes what the userspace dataplane codecs write: us_pcapgen builds
# Ethernet frames (ESP with AES-GCM-128/256 and AES-CBC-128/256 + HMAC-SHA-256-128,
# transport and tunnel mode, raw and in UDP 4500, over GRE, MPLS, IPv4 and ICMP;
# a NAT keepalive; plain GRE with three labels and an ICMP error) into a
# capture (pcap_tshark.h), and tshark, given the SA keys, must decrypt every ESP frame,
# verify every ICV and checksum, dissect the inner layers we expect and flag
# nothing as malformed or worth a warning. Skipped (77) without tshark.
set -euo pipefail

GEN=${US_PCAPGEN:-./tests/unit/us_pcapgen}
if ! command -v tshark >/dev/null; then
	echo "SKIP: tshark is not installed (apt-get install tshark)"
	exit 77
fi
[[ -x $GEN ]] || { echo "FAIL: $GEN not built (make check builds it)"; exit 1; }

TMP=$(mktemp -d /tmp/ferry-us-tshark.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

"$GEN" capture "$TMP"
ARGS=(-r "$TMP/us.pcap" -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE
	-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE)
while IFS= read -r sa; do ARGS+=(-o "uat:esp_sa:$sa"); done <"$TMP/esp_sa"

# shark ARGS...: tshark's standard output; its complaints (beyond running as root) fail the test.
shark() {
	tshark "${ARGS[@]}" "$@" 2>"$TMP/err"
	if grep -v 'Running as user' "$TMP/err"; then
		echo "FAIL: tshark complained" >&2
		return 1
	fi
}

echo "== the capture as tshark reads it"
shark
FAIL=0

flagged=$(shark -Y '_ws.malformed || _ws.expert.severity >= warning')
if [[ -n $flagged ]]; then
	echo "FAIL: tshark flags frames as malformed or with warnings:"
	echo "$flagged"
	FAIL=1
fi

# Per frame: SPI, ICV verified, next header, GRE protocol, key and checksum
# status (1 = correct), labels, ICMP types and codes (inner quote after outer),
# next-hop MTU.
FIELDS=(frame.number esp.spi esp.icv_good esp.protocol gre.proto gre.key gre.checksum.status mpls.label
	icmp.type icmp.code icmp.mtu)
want=$(printf '%s\n' \
	$'1\t0x00001001\t1\t0x2f\t0x8847\t0x00000064\t\t1234\t8\t0\t' \
	$'2\t0x00001002\t1\t0x04\t0x8847\t0x00000064\t\t1234\t8\t0\t' \
	$'3\t0x00001003\t1\t0x2f\t0x8847\t0x00000007\t1\t17,1234\t8\t0\t' \
	$'4\t0x00001004\t1\t0x04\t0x0800\t\t\t\t11,8\t0,0\t' \
	$'5\t\t\t\t\t\t\t\t\t\t' \
	$'6\t\t\t\t0x8847\t\t\t16,17,1048575\t3,8\t4,0\t1400')
got=$(shark -T fields "${FIELDS[@]/#/-e}")
if [[ $got != "$want" ]]; then
	echo "FAIL: decoded fields differ (${FIELDS[*]}):"
	diff <(echo "$want") <(echo "$got") || true
	FAIL=1
fi

shark -V >"$TMP/verbose"
for layer in 'Generic Routing Encapsulation (MPLS label switched packet)' \
	'Generic Routing Encapsulation (IP)' \
	'MultiProtocol Label Switching Header, Label: 1234, Exp: 0, S: 1, TTL: 64' \
	'MultiProtocol Label Switching Header, Label: 1048575, Exp: 0, S: 1, TTL: 64' \
	'Internet Control Message Protocol' 'Type: 11 (Time-to-live exceeded)' \
	'Code: 4 (Fragmentation needed)' 'NAT-keepalive' 'Next header: IPIP (0x04)'; do
	if ! grep -qF "$layer" "$TMP/verbose"; then
		echo "FAIL: tshark -V shows no '$layer'"
		FAIL=1
	fi
done
echo "== $(grep -c '^Frame ' "$TMP/verbose") frames; fields:"
echo "$got"
exit "$FAIL"
