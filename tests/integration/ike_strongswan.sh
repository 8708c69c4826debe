#!/usr/bin/env bash
# IKEv2 with pre-shared keys against strongSwan 5.9 charon (kernel-libipsec),
# in two namespaces joined by a veth: ferryd initiates from a protected
# Tunnel0 and reaches READY, charon shows the IKE SA ESTABLISHED and the
# CHILD_SA INSTALLED; then charon initiates to ferryd as responder. tshark
# must find nothing malformed or suspicious in the capture of both.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/charon.bash"
it_init ike_strongswan "$@"

charon_skip ike_strongswan

SS_ADDR=10.99.0.1
FY_ADDR=10.99.0.2
PSK=lab-secret-5

charon_link $SS_ADDR $FY_ADDR
charon_conf
charon_psk_conn $SS_ADDR $FY_ADDR $PSK
charon_show_logs

# tshark on the veth for the whole test.
capture_start
charon_start
check "swanctl loads the connection" ss --load-all --file "$IT_TMP/swanctl.conf"

ferry_conf() {
	cat <<CONF
hostname spoke
crypto ikev2 keyring KR
 peer SS
  address $SS_ADDR
  pre-shared-key $PSK
crypto ikev2 profile PROF
 match identity remote address $SS_ADDR 255.255.255.255
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
crypto ipsec profile IPP
 set ikev2-profile PROF
CONF
	[[ $1 == initiator ]] || return 0
	cat <<CONF
interface Tunnel0
 ip address 172.16.0.2 255.255.255.0
 tunnel source $FY_ADDR
 tunnel destination $SS_ADDR
 tunnel protection ipsec profile IPP
CONF
}

# sa_ready [TUNNEL-ID]: show crypto ikev2 sa has a READY SA with charon.
sa_ready() { fy 'show crypto ikev2 sa' | grep -qE "^${1:-[0-9]+} +$FY_ADDR/[0-9]+ +$SS_ADDR/[0-9]+ +none/none +READY"; }
# charon holds exactly one established IKE SA.
one_ss_sa() { equals "$(ss --list-sas | grep -c 'ESTABLISHED')" 1; }

# 1. ferryd initiates.
ferry_conf initiator >"$IT_TMP/init.conf"
it_daemon "$NS_FY" init "$IT_TMP/init.conf" --dataplane none
check "ferryd as initiator reaches READY" until_ok 10 sa_ready
check "charon: IKE SA ESTABLISHED, CHILD_SA INSTALLED" ss_up
check "show crypto ikev2 sa | json names the peer" matches "$(fy 'show crypto ikev2 sa | json')" "\"remote\": *\"$SS_ADDR/"
fy 'clear crypto ikev2 sa' >/dev/null
check "clear crypto ikev2 sa: a new SA comes up" until_ok 10 sa_ready 2
check "clear crypto ikev2 sa: charon deleted the old SA (one left)" until_ok 5 one_ss_sa
fy 'clear crypto ikev2 sa remote 192.0.2.99' >/dev/null
check "clear crypto ikev2 sa remote ANOTHER: the SA stays" sa_ready 2
fy "clear crypto ikev2 sa local $FY_ADDR" >/dev/null
check "clear crypto ikev2 sa local OURS: a new SA comes up" until_ok 10 sa_ready 3
check "clear crypto ikev2 sa remote: refuses a bad address" \
	matches "$(fy 'clear crypto ikev2 sa remote 1.2.3.256' 2>&1)" '^% Invalid input'
it_stop "$PID" || true
no_ss_sa() { equals "$(ss --list-sas | grep -c 'ESTABLISHED')" 0; }
check "ferryd's shutdown: charon heard DELETE (no SA left)" until_ok 5 no_ss_sa
ss --terminate --ike ferry --force >/dev/null 2>&1 || true

# 2. charon initiates, ferryd answers.
ferry_conf responder >"$IT_TMP/resp.conf"
it_daemon "$NS_FY" resp "$IT_TMP/resp.conf" --dataplane none
check "charon as initiator: swanctl --initiate succeeds" ss --initiate --child gre --timeout 10
check "ferryd as responder reaches READY" until_ok 10 sa_ready
check "charon: IKE SA ESTABLISHED, CHILD_SA INSTALLED (ferryd responder)" ss_up

# 2b. ESP transforms beyond AES-GCM-128 (src/ike/ikev2_esp_prop.c): charon proposes each alone and ferryd
# answers from its default offer; then ferryd initiates with a transform set of one, which charon takes
# although it prefers AES-GCM-128.
for m in "aes256gcm16|AES_GCM_16-256" "aes192gcm16|AES_GCM_16-192" "aes256-sha512|AES_CBC-256/HMAC_SHA2_512_256" \
	"aes128-sha384|AES_CBC-128/HMAC_SHA2_384_192" "aes192-sha256|AES_CBC-192/HMAC_SHA2_256_128"; do
	IFS='|' read -r esp want <<<"$m"
	ss --terminate --ike ferry --force >/dev/null 2>&1 || true
	charon_psk_conn $SS_ADDR $FY_ADDR $PSK "$esp"
	check "ESP $esp: swanctl loads it" ss --load-all --file "$IT_TMP/swanctl.conf"
	check "ESP $esp: ferryd answers charon" ss --initiate --child gre --timeout 10
	check "ESP $esp: charon's CHILD_SA is $want" matches "$(ss --list-sas)" "INSTALLED.*ESP:$want"
done
# 2c. As responder ferryd accepts only its IPsec profile's transform sets (IOS), not every suite it runs.
it_stop "$PID" || true
ss --terminate --ike ferry --force >/dev/null 2>&1 || true
{
	ferry_conf responder
	printf 'crypto ipsec transform-set TS esp-gcm 256\ncrypto ipsec profile IPP\n set transform-set TS\n'
} >"$IT_TMP/resp-ts.conf"
it_daemon "$NS_FY" resp-ts "$IT_TMP/resp-ts.conf" --dataplane none
charon_psk_conn $SS_ADDR $FY_ADDR $PSK aes256-sha512
check "ESP outside the set: swanctl loads aes256-sha512" ss --load-all --file "$IT_TMP/swanctl.conf"
check "ESP outside the set: ferryd refuses charon's CHILD_SA" not ss --initiate --child gre --timeout 10
check "ESP outside the set: ferryd logs NO_PROPOSAL_CHOSEN" matches "$(cat "$IT_TMP/resp-ts.log")" \
	"no acceptable proposal \(notify 14\)"
ss --terminate --ike ferry --force >/dev/null 2>&1 || true
charon_psk_conn $SS_ADDR $FY_ADDR $PSK aes256gcm16
check "ESP in the set: swanctl loads aes256gcm16" ss --load-all --file "$IT_TMP/swanctl.conf"
check "ESP in the set: ferryd answers charon" ss --initiate --child gre --timeout 10
it_stop "$PID" || true
ss --terminate --ike ferry --force >/dev/null 2>&1 || true
charon_psk_conn $SS_ADDR $FY_ADDR $PSK aes128gcm16,aes256-sha512
check "swanctl loads AES-GCM-128 and AES-CBC-256/SHA-512" ss --load-all --file "$IT_TMP/swanctl.conf"
{
	ferry_conf initiator
	printf 'crypto ipsec transform-set TS esp-aes 256 esp-sha512-hmac\ncrypto ipsec profile IPP\n set transform-set TS\n'
} >"$IT_TMP/tset.conf"
it_daemon "$NS_FY" tset "$IT_TMP/tset.conf" --dataplane none
check "transform set esp-aes 256 esp-sha512-hmac: ferryd initiates and reaches READY" until_ok 10 sa_ready
check "transform set: charon's CHILD_SA is AES-CBC-256/SHA-512" matches "$(ss --list-sas)" \
	"INSTALLED.*ESP:AES_CBC-256/HMAC_SHA2_512_256"

# 3. The capture: nothing malformed, no expert warnings.
capture_stop
ferry_sent() { tshark -r "$IT_TMP/ike.pcapng" -Y "isakmp && ip.src == $FY_ADDR && !icmp" 2>/dev/null; }
check "the capture holds ferryd's IKE_SA_INIT request (as initiator)" matches "$(ferry_sent)" "IKE_SA_INIT MID=00 Initiator Request"
check "the capture holds ferryd's IKE_AUTH response (as responder)" matches "$(ferry_sent)" "IKE_AUTH MID=01 Responder Response"
check "tshark: no malformed packets or warnings" equals \
	"$(tshark -r "$IT_TMP/ike.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)" ""
it_finish
