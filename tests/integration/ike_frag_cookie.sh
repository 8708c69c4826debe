#!/usr/bin/env bash
# IKEv2 fragmentation (RFC 7383), cookies (RFC 7296 2.6) and the algorithm
# matrix against strongSwan 5.9 charon (kernel-libipsec):
#  1. certificates (tools/lab-pki) make IKE_AUTH large; charon with
#     fragmentation = force and fragment_size 576, ferryd with "crypto ikev2
#     fragmentation": both roles reach READY, each side sent and reassembled
#     SKF fragments (charon's log, the capture);
#  2. ferryd with "crypto ikev2 cookie-challenge 0" answers charon's
#     IKE_SA_INIT with a COOKIE, charon retries with it and succeeds;
#     with "cookie-challenge 1" the first request passes, and once a
#     half-open SA exists (a replayed IKE_SA_INIT) charon is challenged;
#  3. charon with cookie_threshold = 1 and a half-open SA challenges ferryd,
#     which retries with the COOKIE first and succeeds;
#  4. a proposal matrix (every DH group 14/15/16/19/20/21, PRF and integrity
#     SHA-256/384/512, AES-CBC 128/192/256 and AES-GCM 128/256 for IKE;
#     AES-CBC and AES-GCM for ESP) reaches ESTABLISHED with charon, ferryd
#     responding and initiating;
#  5. tshark finds nothing malformed or suspicious in what ferryd sent.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/charon.bash"
it_init ike_frag_cookie "$@"

charon_skip ike_frag_cookie
command -v openssl >/dev/null && command -v xxd >/dev/null ||
	{ echo "# ike_frag_cookie: skipped (no openssl or xxd)"; exit 0; }

SS_ADDR=10.97.0.1
FY_ADDR=10.97.0.2
PSK=lab-secret-7
PKI=$IT_TMP/pki

"$IT_TOP/tools/lab-pki" "$PKI" >/dev/null
"$IT_TOP/tools/lab-pki" "$PKI" issue SS "CN=ss.lab,OU=FLEX,O=Lab" DNS:ss.lab >/dev/null
charon_link $SS_ADDR $FY_ADDR

show_logs() {
	((IT_FAILS == 0)) && return 0
	local f
	for f in "$IT_TMP"/*.log; do
		[[ -f $f && $f != */tshark.log ]] || continue
		echo "# --- $f"
		grep -v "plugin '" "$f" | tail -n 40 | sed 's/^/#   /'
	done
	return 0
}
it_on_cleanup show_logs

# strongswan.conf: charon.bash's with the certificate plugins, small fragments and cookie_threshold $1 (0: off).
ss_settings() {
	charon_conf pem pkcs1 pkcs8 x509 pubkey constraints
	sed -i -e "s/^\tinstall_routes = no\$/&\n\tfragment_size = 576\n\tcookie_threshold = $1/" \
		-e "s/^\t\t\tike = 2\$/&\n\t\t\tnet = 2/" "$IT_TMP/strongswan.conf"
}

# charon's swanctl directory: connection "ferry" with certificates (cert) or PSK (psk), IKE proposal $2,
# ESP proposal $3, fragmentation $4.
SWD=$IT_TMP/swanctl
ss_conf() {
	local auth=$1 ike=${2:-aes256-sha256-ecp256} esp=${3:-aes128gcm16,aes256-sha256} frag=${4:-yes} creds
	rm -rf "$SWD" && mkdir -p "$SWD/x509" "$SWD/x509ca" "$SWD/private"
	if [[ $auth == cert ]]; then
		cp "$PKI/SS/CA/cert.pem" "$SWD/x509/ss.pem"
		cp "$PKI/SS/CA/key.pem" "$SWD/private/ss.pem"
		cp "$PKI/ca/ca.pem" "$SWD/x509ca/lab.pem"
		creds="local { auth = pubkey
			certs = ss.pem }
		remote { auth = pubkey
			cacerts = lab.pem }"
	else
		creds="local { auth = psk
			id = $SS_ADDR }
		remote { auth = psk
			id = $FY_ADDR }"
	fi
	cat >"$SWD/swanctl.conf" <<CONF
connections {
	ferry {
		version = 2
		local_addrs = $SS_ADDR
		remote_addrs = $FY_ADDR
		proposals = $ike
		fragmentation = $frag
		send_certreq = yes
		$creds
		children {
			gre {
				local_ts = $SS_ADDR/32[gre]
				remote_ts = $FY_ADDR/32[gre]
				esp_proposals = $esp
				start_action = none
			}
		}
	}
}
secrets {
	ike-ferry {
		id-1 = $SS_ADDR
		id-2 = $FY_ADDR
		secret = "$PSK"
	}
}
CONF
}
ss_load() {
	ss_conf "$@"
	ss --terminate --ike ferry --force >/dev/null 2>&1 || true
	ss --load-all --clear --file "$SWD/swanctl.conf" >/dev/null
}
ss_down() { ss --terminate --ike ferry --force >/dev/null 2>&1 || true; }
ss_up() {
	local sas
	sas=$(ss --list-sas)
	grep -q 'ESTABLISHED' <<<"$sas" && grep -q 'INSTALLED' <<<"$sas" || { printf '%s\n' "$sas"; return 1; }
}
sa_ready() { fy 'show crypto ikev2 sa' | grep -qE "^[0-9]+ +$FY_ADDR/[0-9]+ +$SS_ADDR/[0-9]+ +.* READY"; }
in_log() { until_ok 5 grep -qF -- "$2" "$IT_TMP/$1"; }

# ferryd: the seed R3-Spoke1's crypto section (certificates), or PSK; GLOBAL lines first; a Tunnel0 to initiate.
ferry_conf() {
	local auth=$1 role=$2 global=${3:-}
	printf '%s\n' "$global"
	if [[ $auth == cert ]]; then
		sed -n '/^crypto pki trustpoint/,/^interface Tunnel0/p' "$IT_TOP/etc/R3-Spoke1.cfg" | sed '$d'
	else
		cat <<CONF
crypto ikev2 keyring KR
 peer SS
  address $SS_ADDR
  pre-shared-key $PSK
crypto ikev2 profile default
 match identity remote address $SS_ADDR 255.255.255.255
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
crypto ipsec profile default
 set ikev2-profile default
CONF
	fi
	[[ $role == initiator ]] || return 0
	cat <<CONF
interface Tunnel0
 ip address 172.16.0.2 255.255.255.0
 tunnel source $FY_ADDR
 tunnel destination $SS_ADDR
 tunnel protection ipsec profile default
CONF
}

# fy_run NAME AUTH ROLE [GLOBAL]: a ferryd of that configuration (the previous one stopped).
FY_PID=
fy_run() {
	[[ -z $FY_PID ]] || it_stop "$FY_PID" || true
	ferry_conf "$2" "$3" "${4:-}" >"$IT_TMP/$1.conf"
	it_daemon "$NS_FY" "$1" "$IT_TMP/$1.conf" --dataplane none -P "$PKI/R3-Spoke1"
	FY_PID=$PID
}

capture_start
ss_settings 0
charon_start

# 1. Fragmentation with certificates, charon forcing it.
FRAG="crypto ikev2 fragmentation mtu 576"
check "swanctl loads the certificate connection (fragmentation = force)" ss_load cert "" "" force
: >"$IT_TMP/charon.log"
fy_run fraginit cert initiator "$FRAG"
check "fragments, ferryd initiating: READY" until_ok 15 sa_ready
check "fragments, ferryd initiating: charon ESTABLISHED and INSTALLED" ss_up
check "charon saw ferryd announce fragmentation" in_log charon.log "N(FRAG_SUP)"
check "charon reassembled ferryd's fragmented IKE_AUTH request" in_log charon.log "reassembled fragmented IKE message"
check "charon sent its IKE_AUTH response in fragments" in_log charon.log "splitting IKE message"
check "the configuration shows the fragmentation line (mtu 576: the default)" \
	matches "$(fy 'show running-config')" "^crypto ikev2 fragmentation$"
ss_down
: >"$IT_TMP/charon.log"
fy_run fragresp cert responder "$FRAG"
check "fragments, charon initiating to ferryd" ss --initiate --child gre --timeout 15
check "fragments, ferryd responding: READY" until_ok 10 sa_ready
check "charon reassembled ferryd's fragmented IKE_AUTH response" in_log charon.log "reassembled fragmented IKE message"
ss_down

# The last IKE_SA_INIT request SRC sent (from the capture, flushed by dumpcap per packet) into file $2.
last_init_request() {
	tshark -r "$IT_TMP/ike.pcapng" -Y "ip.src == $1 && isakmp.exchangetype == 34 && isakmp.flag_r == 0" \
		-T fields -e udp.payload 2>/dev/null | tail -n 1 | xxd -r -p >"$2"
	[[ -s $2 ]]
}
# replay NS FILE DST: the datagram again to DST:500, from another port (a half-open SA at DST).
replay() { ip netns exec "$1" bash -c "cat '$2' >/dev/udp/$3/500"; }

# 2. ferryd challenges charon: always with threshold 0; with 1 only once an SA is half-open.
check "swanctl loads the PSK connection" ss_load psk
: >"$IT_TMP/charon.log"
fy_run cookie0 psk responder "crypto ikev2 cookie-challenge 0"
check "cookie-challenge 0: charon initiates" ss --initiate --child gre --timeout 15
check "cookie-challenge 0: ferryd READY" until_ok 10 sa_ready
check "cookie-challenge 0: ferryd answered with a COOKIE only" in_log charon.log "parsed IKE_SA_INIT response 0 [ N(COOKIE) ]"
check "cookie-challenge 0: charon sent the COOKIE first" in_log charon.log "generating IKE_SA_INIT request 0 [ N(COOKIE) SA KE No"
check "cookie-challenge 0: show crypto ikev2 stats counts the challenge and the accepted retry" matches \
	"$(fy 'show crypto ikev2 stats')" 'Challenged Requests: 2$'
check "cookie-challenge 0: one rejected for lack of a cookie" matches \
	"$(fy 'show crypto ikev2 stats')" 'accepted: +1 +rejected: +0 +rejected no cookie: 1$'
check "cookie-challenge 0: the configuration shows the line" matches "$(fy 'show running-config')" "^crypto ikev2 cookie-challenge 0$"
ss_down
: >"$IT_TMP/charon.log"
fy_run cookie1 psk responder "crypto ikev2 cookie-challenge 1"
check "cookie-challenge 1: charon initiates" ss --initiate --child gre --timeout 15
check "cookie-challenge 1, no half-open SA: no COOKIE" not grep -q "N(COOKIE)" "$IT_TMP/charon.log"
ss_down
check "charon's IKE_SA_INIT request taken from the capture" last_init_request $SS_ADDR "$IT_TMP/ss_init.bin"
replay "$NS_SS" "$IT_TMP/ss_init.bin" $FY_ADDR
sleep 0.5 # ferryd answers the replay (nobody listens) and keeps the SA half-open
: >"$IT_TMP/charon.log"
check "cookie-challenge 1, one half-open SA: charon initiates" ss --initiate --child gre --timeout 15
check "cookie-challenge 1, one half-open SA: ferryd answered with a COOKIE" \
	in_log charon.log "parsed IKE_SA_INIT response 0 [ N(COOKIE) ]"
check "cookie-challenge 1: ferryd READY after the retry" until_ok 10 sa_ready
ss_down
it_stop "$FY_PID" || true
FY_PID=

# 3. charon challenges ferryd: cookie_threshold 1 and a half-open SA (ferryd's IKE_SA_INIT replayed).
check "ferryd's IKE_SA_INIT request taken from the capture" last_init_request $FY_ADDR "$IT_TMP/fy_init.bin"
kill -TERM "$(charon_pid)" 2>/dev/null && wait "$CHARON_PID" 2>/dev/null || true
ss_settings 1
charon_start
check "swanctl loads the PSK connection (cookie_threshold 1)" ss_load psk
replay "$NS_FY" "$IT_TMP/fy_init.bin" $SS_ADDR
check "charon holds the replayed half-open SA" until_ok 5 grep -q "IKE_SA_INIT request 0" "$IT_TMP/charon.log"
: >"$IT_TMP/charon.log"
fy_run cookieinit psk initiator
check "charon challenges ferryd: ferryd READY" until_ok 15 sa_ready
check "charon challenges ferryd: charon ESTABLISHED" ss_up
check "charon sent a COOKIE" in_log charon.log "sending COOKIE notify"
check "ferryd retried with the COOKIE first" in_log charon.log "parsed IKE_SA_INIT request 0 [ N(COOKIE) SA KE No"
ss_down
it_stop "$FY_PID" || true
FY_PID=
kill -TERM "$(charon_pid)" 2>/dev/null && wait "$CHARON_PID" 2>/dev/null || true
ss_settings 0
charon_start

# 4. The algorithms: charon's IKE proposal, ESP proposal (ferryd's ESP offers AES-GCM-128 and AES-CBC with
# HMAC-SHA-256, ikev2_child.c), ferryd's proposal lines, what charon lists.
MATRIX=(
	"aes128-sha256-modp2048|aes128-sha256|aes-cbc-128|sha256|sha256|14|AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"
	"aes256-sha384-modp3072|aes256-sha256|aes-cbc-256|sha384|sha384|15|AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_3072"
	"aes192-sha512-modp4096|aes128-sha256|aes-cbc-192|sha512|sha512|16|AES_CBC-192/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/MODP_4096"
	"aes128gcm16-prfsha256-ecp256|aes128gcm16|aes-gcm-128||sha256|19|AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_256"
	"aes256gcm16-prfsha384-ecp384|aes128gcm16|aes-gcm-256||sha384|20|AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384"
	"aes256gcm16-prfsha512-ecp521|aes128gcm16|aes-gcm-256||sha512|21|AES_GCM_16-256/PRF_HMAC_SHA2_512/ECP_521"
)
# ferry_proposal ENCR INTEG PRF GROUP: the proposal and a policy using it.
ferry_proposal() {
	printf 'crypto ikev2 proposal P\n encryption %s\n' "$1"
	[[ -z $2 ]] || printf ' integrity %s\n' "$2"
	printf ' prf %s\n group %s\ncrypto ikev2 policy POL\n proposal P\n' "$3" "$4"
}
ss_algs() { ss --list-sas | grep -qF -- "$1" || { ss --list-sas; return 1; }; }
ALL=$(ferry_proposal "aes-cbc-128 aes-cbc-192 aes-cbc-256 aes-gcm-128 aes-gcm-256" "sha256 sha384 sha512" \
	"sha256 sha384 sha512" "19 20 21 14 15 16")
fy_run matrixresp psk responder "$ALL"
for m in "${MATRIX[@]}"; do
	IFS='|' read -r ike esp encr integ prf group want <<<"$m"
	check "$ike/$esp: swanctl loads it" ss_load psk "$ike" "$esp"
	check "$ike/$esp: charon initiates to ferryd" ss --initiate --child gre --timeout 20
	check "$ike/$esp: ferryd READY as responder" until_ok 10 sa_ready
	check "$ike/$esp: charon lists $want" ss_algs "$want"
	ss_down
done
for m in "${MATRIX[@]}"; do
	IFS='|' read -r ike esp encr integ prf group want <<<"$m"
	check "$ike/$esp: swanctl loads it" ss_load psk "$ike" "$esp"
	fy_run "init$group" psk initiator "$(ferry_proposal "$encr" "$integ" "$prf" "$group")"
	check "$ike: ferryd initiates and reaches READY" until_ok 20 sa_ready
	check "$ike: charon lists $want" ss_algs "$want"
	ss_down
done
it_stop "$FY_PID" || true
FY_PID=

# 5. The capture: fragments both ways, and nothing malformed from ferryd.
capture_stop
skf_from() { tshark -r "$IT_TMP/ike.pcapng" -Y "ip.src == $1 && isakmp.nextpayload == 53" 2>/dev/null | wc -l; }
check "the capture holds SKF fragments from ferryd" test "$(skf_from $FY_ADDR)" -gt 1
check "the capture holds SKF fragments from charon" test "$(skf_from $SS_ADDR)" -gt 1
check "tshark: no malformed packets or warnings in what ferryd sent" equals \
	"$(tshark -r "$IT_TMP/ike.pcapng" -Y "ip.src == $FY_ADDR && (_ws.malformed || _ws.expert.severity >= warning)" 2>/dev/null)" ""
it_finish
