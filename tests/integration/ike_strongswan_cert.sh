#!/usr/bin/env bash
# IKEv2 with certificates (rsa-sig) against strongSwan 5.9 charon
# (kernel-libipsec), certificates from ./tools/lab-pki. ferryd runs the seed
# R3-Spoke1's crypto section (certificate map "subject-name co ou = flex",
# identity local fqdn) with the lab PKI:
#  1. RFC 7427 signatures (AUTH method 14, both sides announce
#     SIGNATURE_HASH_ALGORITHMS), charon signing with PKCS#1 v1.5 and then
#     with RSASSA-PSS (charon.rsa_pss): ferryd initiates, then answers charon;
#  2. classic RSA signatures (method 1: charon's signature_authentication = no):
#     both roles again;
#  3. refusals, logged with their reason and answered AUTHENTICATION_FAILED:
#     charon with a certificate outside the map, and one from another CA;
#     ferryd as initiator refuses charon's foreign certificate;
#  4. tshark finds nothing malformed or suspicious in what ferryd sent;
#  5. two ferryd with the seed's R1-HUB and R3-Spoke1 crypto sections
#     authenticate each other with the lab PKI (IKE SA READY on both);
#     SIGHUP reloads the PKI material; missing files are logged.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/charon.bash"
it_init ike_strongswan_cert "$@"

charon_skip ike_strongswan_cert
command -v openssl >/dev/null || { echo "# ike_strongswan_cert: skipped (no openssl)"; exit 0; }

SS_ADDR=10.98.0.1
FY_ADDR=10.98.0.2
PKI=$IT_TMP/pki

# The lab PKI: the seed routers, charon's certificate inside the map, one outside
# it (OU=Sales), and one from another CA.
"$IT_TOP/tools/lab-pki" "$PKI" >/dev/null
"$IT_TOP/tools/lab-pki" "$PKI" issue SS "CN=ss.lab,OU=FLEX,O=Lab" DNS:ss.lab >/dev/null
"$IT_TOP/tools/lab-pki" "$PKI" issue SSOUT "CN=out.lab,OU=Sales,O=Lab" DNS:out.lab >/dev/null
"$IT_TOP/tools/lab-pki" "$IT_TMP/pki2" issue SSFOREIGN "CN=ss.lab,OU=FLEX,O=Lab" DNS:ss.lab >/dev/null

charon_link $SS_ADDR $FY_ADDR

# strongswan.conf (charon.bash's, with the certificate plugins) with RFC 7427 signatures on (yes) or off
# (no), and charon signing with RSASSA-PSS ($2: yes) or PKCS#1 v1.5.
ss_settings() {
	charon_conf pem pkcs1 pkcs8 x509 pubkey constraints
	sed -i "s/^\tinstall_routes = no\$/&\n\tsignature_authentication = $1\n\trsa_pss = ${2:-no}/" "$IT_TMP/strongswan.conf"
	grep -q "signature_authentication = $1" "$IT_TMP/strongswan.conf"
}

# charon's swanctl directory ($SWD: swanctl.conf, x509/, x509ca/, private/; swanctl reads the
# directory of --file) with the certificate and key of lab-pki directory $1 (under $2, default $PKI).
SWD=$IT_TMP/swanctl
ss_conf() {
	local dir=${2:-$PKI}/$1/CA
	rm -rf "$SWD" && mkdir -p "$SWD/x509" "$SWD/x509ca" "$SWD/private"
	cp "$dir/cert.pem" "$SWD/x509/ss.pem"
	cp "$dir/key.pem" "$SWD/private/ss.pem"
	cp "$PKI/ca/ca.pem" "$SWD/x509ca/lab.pem"
	cat >"$SWD/swanctl.conf" <<CONF
connections {
	ferry {
		version = 2
		local_addrs = $SS_ADDR
		remote_addrs = $FY_ADDR
		proposals = aes256-sha256-ecp256,aes256-sha256-modp2048
		send_certreq = yes
		local {
			auth = pubkey
			certs = ss.pem
		}
		remote {
			auth = pubkey
			cacerts = lab.pem
		}
		children {
			gre {
				local_ts = $SS_ADDR/32[gre]
				remote_ts = $FY_ADDR/32[gre]
				esp_proposals = aes128gcm16,aes256-sha256
				start_action = none
			}
		}
	}
}
CONF
}

charon_show_logs

capture_start
ss_settings yes
charon_start
# ss_load PKI_NAME [PKI_DIR]: charon's connection and credentials, replacing the previous ones.
ss_load() {
	ss_conf "$@"
	ss --terminate --ike ferry --force >/dev/null 2>&1 || true
	ss --load-all --clear --file "$SWD/swanctl.conf" >/dev/null
}
check "swanctl loads the certificate connection" ss_load SS

# ferryd: the seed R3-Spoke1's crypto section as it is, a Tunnel0 towards charon for the initiator.
ferry_conf() {
	sed -n '/^crypto pki trustpoint/,/^interface Tunnel0/p' "$IT_TOP/etc/R3-Spoke1.cfg" | sed '$d'
	[[ $1 == initiator ]] || return 0
	cat <<CONF
interface Tunnel0
 ip address 172.16.0.2 255.255.255.0
 tunnel source $FY_ADDR
 tunnel destination $SS_ADDR
 tunnel protection ipsec profile default
CONF
}
ferry_conf initiator >"$IT_TMP/init.conf"
ferry_conf responder >"$IT_TMP/resp.conf"

sa_ready() { fy 'show crypto ikev2 sa' | grep -qE "^[0-9]+ +$FY_ADDR/[0-9]+ +$SS_ADDR/[0-9]+ +.* READY"; }
# charon verified ferryd's AUTH with this scheme ("RSA_EMSA_PKCS1_SHA2_256" for method 14, "RSA signature" for 1).
ss_verified() { until_ok 5 grep -q "authentication of 'R3-Spoke.cisco.com' with $1 successful" "$IT_TMP/charon.log"; }
# ferryd (log $1) verified charon's AUTH of method $2 and algorithm $3 ("RSA-SHA256", "RSASSA-PSS", ...).
fy_verified() { grep -q "certificate and signature (AUTH method $2, ${3:-}" "$IT_TMP/$1.log"; }

# run_both METHOD SCHEME [ALG]: ferryd initiates, then answers; charon signs by METHOD (and ALG), checks SCHEME.
run_both() {
	local method=$1 scheme=$2 alg=${3:-}
	: >"$IT_TMP/charon.log"
	it_daemon "$NS_FY" "init$method$alg" "$IT_TMP/init.conf" --dataplane none -P "$PKI/R3-Spoke1"
	check "method $method: ferryd as initiator reaches READY" until_ok 10 sa_ready
	check "method $method: charon ESTABLISHED and INSTALLED" ss_up
	check "method $method: charon verified ferryd's AUTH ($scheme)" ss_verified "$scheme"
	check "method $method: ferryd verified charon's AUTH${alg:+ ($alg)}" fy_verified "init$method$alg" "$method" "$alg"
	it_stop "$PID" || true
	ss --terminate --ike ferry --force >/dev/null 2>&1 || true
	: >"$IT_TMP/charon.log"
	it_daemon "$NS_FY" "resp$method$alg" "$IT_TMP/resp.conf" --dataplane none -P "$PKI/R3-Spoke1"
	check "method $method: charon initiates to ferryd" ss --initiate --child gre --timeout 10
	check "method $method: ferryd as responder reaches READY" until_ok 10 sa_ready
	check "method $method: charon verified ferryd's AUTH as responder ($scheme)" ss_verified "$scheme"
	check "method $method: ferryd verified charon's AUTH${alg:+ ($alg)} as responder" fy_verified "resp$method$alg" "$method" "$alg"
	it_stop "$PID" || true
	ss --terminate --ike ferry --force >/dev/null 2>&1 || true
}

# 1. RFC 7427 (method 14) with PKCS#1 v1.5, then RSASSA-PSS from charon; 2. classic RSA (method 1).
run_both 14 RSA_EMSA_PKCS1_SHA2_256 RSA-SHA256
ss_settings yes yes
ss --reload-settings >/dev/null
run_both 14 RSA_EMSA_PKCS1_SHA2_256 RSASSA-PSS
ss_settings no
ss --reload-settings >/dev/null
run_both 1 "RSA signature"
ss_settings yes
ss --reload-settings >/dev/null

# 3. Refusals. ferryd answers: charon's certificate outside the map, then from another CA.
initiate_fails() { ! ss --initiate --child gre --timeout 5; }
no_ready() { ! fy 'show crypto ikev2 sa' | grep -q READY; }
refused_by_ferry() {
	local name=$1 why=$2
	check "$name: charon's IKE_AUTH fails" initiate_fails
	check "$name: ferryd logged the reason" until_ok 5 grep -q "refused: $why" "$IT_TMP/refuse.log"
	check "$name: charon heard AUTHENTICATION_FAILED" until_ok 5 grep -q "AUTHENTICATION_FAILED" "$IT_TMP/charon.log"
	check "$name: ferryd holds no READY SA" no_ready
}
it_daemon "$NS_FY" refuse "$IT_TMP/resp.conf" --dataplane none -P "$PKI/R3-Spoke1"
: >"$IT_TMP/charon.log"
ss_load SSOUT
refused_by_ferry "outside the map" "the certificate map does not match"
: >"$IT_TMP/charon.log"
ss_load SSFOREIGN "$IT_TMP/pki2"
refused_by_ferry "another CA" "unable to get local issuer certificate"
it_stop "$PID" || true
# ferryd initiates and refuses the responder's foreign certificate.
: >"$IT_TMP/charon.log"
it_daemon "$NS_FY" refinit "$IT_TMP/init.conf" --dataplane none -P "$PKI/R3-Spoke1"
check "initiator: ferryd refuses charon's foreign certificate (logged)" \
	until_ok 10 grep -q "refused: unable to get local issuer certificate" "$IT_TMP/refinit.log"
check "initiator: no READY SA" no_ready
# §2.21.2: ferryd tells charon in an INFORMATIONAL, and charon deletes the IKE SA it had established.
check "initiator: charon hears AUTHENTICATION_FAILED in an INFORMATIONAL" \
	until_ok 10 grep -qE "parsed INFORMATIONAL request 2 \[ N\(AUTH_FAILED\) \]" "$IT_TMP/charon.log"
check "initiator: charon deletes its IKE SA" until_ok 5 grep -qE "state change: ESTABLISHED => (DELETING|DESTROYING)" "$IT_TMP/charon.log"
it_stop "$PID" || true

# No PKI material: the trustpoint's missing files and the refusal to start IKE_AUTH are logged.
it_daemon "$NS_FY" nopki "$IT_TMP/init.conf" --dataplane none -P "$IT_TMP/no-such-dir"
check "missing ca.pem is logged" until_ok 5 grep -q "trustpoint CA: $IT_TMP/no-such-dir/CA/ca.pem: No such file" "$IT_TMP/nopki.log"
check "IKE_AUTH does not start without a usable CA (logged)" \
	until_ok 10 grep -q "no trustpoint of the profile has a usable CA certificate" "$IT_TMP/nopki.log"
check "no PKI: no READY SA" no_ready
it_stop "$PID" || true

# 4. The capture.
capture_stop
ferry_sent() { tshark -r "$IT_TMP/ike.pcapng" -Y "isakmp && ip.src == $FY_ADDR && !icmp" 2>/dev/null; }
check "the capture holds ferryd's IKE_AUTH requests and responses" \
	matches "$(ferry_sent)" "IKE_AUTH MID=01 Initiator Request"
check "ferryd's IKE_SA_INIT response carries CERTREQ and SIGNATURE_HASH_ALGORITHMS" \
	matches "$(tshark -r "$IT_TMP/ike.pcapng" -Y "ip.src == $FY_ADDR && isakmp.typepayload == 38 && isakmp.notify.msgtype == 16431" 2>/dev/null)" "IKE_SA_INIT"
check "tshark: no malformed packets or warnings" equals \
	"$(tshark -r "$IT_TMP/ike.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)" ""

# 5. Two ferryd: the seed's R1-HUB (crypto, Loopback0, Virtual-Template1, pool) and R3-Spoke1 (crypto,
# Tunnel0 with ip address negotiated) as they are, but for the underlay addresses.
kill -TERM "$(charon_pid)" 2>/dev/null && wait "$CHARON_PID" 2>/dev/null || true # the hub takes its IKE port
seed() { sed -n "/^$2/,/^$3/p" "$IT_TOP/etc/$1.cfg"; }
{
	grep -E '^(hostname|aaa new-model|aaa authorization network|ip local pool)' "$IT_TOP/etc/R1-HUB.cfg"
	seed R1-HUB 'crypto pki trustpoint' 'set ikev2-profile'
	seed R1-HUB 'interface Loopback0' '!'
	seed R1-HUB 'interface Virtual-Template1' '!'
} >"$IT_TMP/hub.conf"
{
	seed R3-Spoke1 'crypto pki trustpoint' 'set ikev2-profile'
	seed R3-Spoke1 'interface Tunnel0' '!' |
		sed "s/^tunnel source .*/tunnel source $FY_ADDR/; s/^tunnel destination .*/tunnel destination $SS_ADDR/"
} >"$IT_TMP/spoke.conf"
it_daemon "$NS_SS" hub "$IT_TMP/hub.conf" --dataplane none -P "$PKI/R1-HUB"
HUB_SOCK=$SOCK
HUB_PID=$PID
it_daemon "$NS_FY" spoke "$IT_TMP/spoke.conf" --dataplane none -P "$PKI/R3-Spoke1"
check "seed spoke and hub: the spoke's IKE SA is READY" until_ok 15 sa_ready
check "seed spoke: Tunnel0 holds a 10.1.1.x address from the hub's pool" \
	until_ok 5 grep -qE 'Tunnel0: address 10\.1\.1\.[0-9]+ negotiated' "$IT_TMP/spoke.log"
hub() { "$FERRY" -S "$HUB_SOCK" -c "$1"; }
hub_ready() { hub 'show crypto ikev2 sa' | grep -qE "$SS_ADDR/[0-9]+ +$FY_ADDR/[0-9]+ +.* READY"; }
hub_vaccess() { hub 'show ip interface brief' | grep -qE '^Virtual-Access1 +10\.0\.0\.1 '; }
check "seed hub: its IKE SA is READY" until_ok 5 hub_ready
check "seed hub: a Virtual-Access interface for the spoke" until_ok 5 hub_vaccess
check "seed hub verified the spoke's certificate" fy_verified hub 14 RSA-SHA256
check "seed spoke verified the hub's certificate (identity local dn, map mymap)" fy_verified spoke 14 RSA-SHA256
spoke_detail() { fy 'show crypto ikev2 sa detailed'; }
check "seed spoke: show crypto ikev2 sa detailed names the RSA methods" \
	matches "$(spoke_detail)" "Auth sign: RSA, Auth verify: RSA"
check "seed spoke: the hub's DN identity shown as text" \
	matches "$(spoke_detail)" "Remote id: /CN=R1-HUB.cisco.com/OU=FLEX/OU=VPN/O=Cisco Systems/C=US/L=Linux"
check "seed spoke: its own FQDN identity" matches "$(spoke_detail)" "Local id: R3-Spoke.cisco.com"
loaded_twice() { equals "$(grep -c 'trustpoint CA loaded' "$IT_TMP/hub.log")" 2; }
kill -HUP "$HUB_PID"
check "SIGHUP reloads the hub's trustpoint material" until_ok 5 loaded_twice
it_finish
