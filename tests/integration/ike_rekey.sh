#!/usr/bin/env bash
# IKEv2 rekeying, liveness and clearing against strongSwan 5.9 charon
# (kernel-libipsec, PSK) in two namespaces joined by a veth. First ferryd
# answers: charon initiates and rekeys the CHILD_SA and the IKE SA
# (swanctl --rekey) that it started. Then ferryd initiates from a
# protected Tunnel0 with 120-second lifetimes and DPD, charon rekeys the
# CHILD_SA and the IKE SA again; ferryd then
# rekeys both itself at its soft lifetimes; each time ferryd's show
# commands and charon's list agree on the new SPIs. clear crypto session
# sends DELETE (charon logs it) and the tunnel comes up again. charon is
# killed and ferryd declares it dead within interval*(retries+1) plus
# slack. CHILD_SA rekeys run with PFS (group 19) both ways. tshark
# decodes everything ferryd sent, nothing malformed.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
it_init ike_rekey "$@"

. "$(dirname "$0")/charon.bash"
charon_skip ike_rekey

SS_ADDR=10.98.0.1
FY_ADDR=10.98.0.2
PSK=lab-secret-7
DPD_INTERVAL=10
DPD_RETRY=2

charon_link $SS_ADDR $FY_ADDR

charon_conf
# PFS with group 19 both ways (charon proposes it first; ferryd's IPsec profile sets it);
# charon checks liveness every 5 s of silence, which ferryd answers.
charon_psk_conn $SS_ADDR $FY_ADDR $PSK aes128gcm16-ecp256,aes128gcm16 "dpd_delay = 5s"

charon_show_logs 60

capture_start
charon_start
check "swanctl loads the connection" ss --load-all --file "$IT_TMP/swanctl.conf"

cat >"$IT_TMP/fy.conf" <<CONF
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
 lifetime 120
 dpd $DPD_INTERVAL $DPD_RETRY periodic
crypto ipsec profile IPP
 set ikev2-profile PROF
 set security-association lifetime seconds 120
 set pfs group19
interface Tunnel0
 ip address 172.16.0.2 255.255.255.0
 tunnel source $FY_ADDR
 tunnel destination $SS_ADDR
 tunnel protection ipsec profile IPP
CONF

# What ferryd shows: the current outbound and inbound ESP SPIs, its IKE SPIs (local remote).
fy_out_spi() { fy 'show crypto ipsec sa' | sed -n 's/^ *current outbound spi: 0x\([0-9A-F]*\)(.*/\1/p' | tr 'A-F' 'a-f'; }
fy_in_spi() { fy 'show crypto ipsec sa' | awk '/inbound esp sas:/ {getline; print $2; exit}' | sed 's/^0x\([0-9A-F]*\)(.*/\1/' | tr 'A-F' 'a-f'; }
fy_ike_spis() { fy 'show crypto ikev2 sa detailed' | sed -n 's/^ *Local spi: \([0-9A-F]*\) *Remote spi: \([0-9A-F]*\)$/\1 \2/p' | head -n 1 | tr 'A-F' 'a-f'; }
# What charon lists: its CHILD_SA's SPIs "in out" and its IKE SA's "spi_i spi_r" (ESTABLISHED only).
ss_child_spis() { ss --list-sas | sed -n 's/.*in  *\([0-9a-f]\{8\}\)[^,]*,.*/\1/p;s/.*out  *\([0-9a-f]\{8\}\).*/\1/p' | paste -sd' '; }
ss_ike_spis() { ss --list-sas | sed -n 's/.*ESTABLISHED, IKEv2, \([0-9a-f]*\)_i\*\{0,1\} \([0-9a-f]*\)_r\*\{0,1\}.*/\1 \2/p' | head -n 1; }
# ferryd and charon agree: ferryd's inbound SPI is charon's outbound one and the reverse.
child_agrees() { equals "$(ss_child_spis)" "$(fy_out_spi) $(fy_in_spi)"; }
# ferryd initiated the first IKE SA, but a rekey by charon makes charon the initiator: match either order.
ike_agrees() {
	local f s
	f=$(fy_ike_spis) s=$(ss_ike_spis)
	[[ -n $f && ( $s == "$f" || $s == "$(awk '{print $2, $1}' <<<"$f")" ) ]] || { echo "ferryd: $f charon: $s"; return 1; }
}
sa_ready() { fy 'show crypto ikev2 sa' | grep -qE "^[0-9]+ +$FY_ADDR/[0-9]+ +$SS_ADDR/[0-9]+ +none/none +READY"; }
stat() { fy 'show crypto ikev2 stats | json' | sed -n "s/.*\"$1\": *\([0-9]*\).*/\1/p"; }
changed() { [[ $("$1") != "$2" && -n $("$1") ]]; }
at_least() { (($("$1" "$2") >= $3)); }

# charon_rekeys [ROLE]: charon rekeys the CHILD_SA, then the IKE SA; ferryd follows (ROLE prefixes the checks).
charon_rekeys() {
	local role=${1:-} old
	old=$(fy_out_spi)
	check "${role}swanctl --rekey --child" ss --rekey --child gre
	check "${role}CHILD_SA rekeyed by charon: ferryd shows a new outbound SPI" until_ok 10 changed fy_out_spi "$old"
	check "${role}CHILD_SA rekeyed by charon: SPIs agree (old one deleted)" until_ok 10 child_agrees
	check "${role}CHILD_SA rekeyed by charon with PFS: ferryd shows group 19" matches "$(fy 'show crypto ipsec sa')" "PFS \(Y/N\): Y, DH group: group19"
	old=$(fy_ike_spis)
	check "${role}swanctl --rekey --ike" ss --rekey --ike ferry
	check "${role}IKE SA rekeyed by charon: ferryd shows new IKE SPIs" until_ok 10 changed fy_ike_spis "$old"
	check "${role}IKE SA rekeyed by charon: SPIs agree" until_ok 10 ike_agrees
	check "${role}one IKE SA left on ferryd after charon's rekey" until_ok 10 equals "$(fy 'show crypto ikev2 sa' | grep -c READY)" 1
	check "${role}the CHILD_SA moved to the new IKE SA" child_agrees
}

# 0. ferryd as responder: charon, the original initiator, rekeys the CHILD_SA and the IKE SA.
sed '/^interface Tunnel0/,$d' "$IT_TMP/fy.conf" >"$IT_TMP/resp.conf"
it_daemon "$NS_FY" resp "$IT_TMP/resp.conf" --dataplane none
check "responder: charon initiates to ferryd" ss --initiate --child gre --timeout 10
check "responder: ferryd reaches READY" until_ok 10 sa_ready
check "responder: ferryd and charon agree on the SPIs" until_ok 5 child_agrees
check "responder: ferryd did not initiate the IKE SA" matches "$(fy 'show crypto ikev2 sa detailed')" "Initiator of SA : No"
charon_rekeys "responder: "
check "responder: charon's rekeys were answered by ferryd" \
	matches "$(grep -cE "parsed CREATE_CHILD_SA response [0-9]+ \[ .*SA No KE" "$IT_TMP/charon.log")" '^[2-9]'
it_stop "$PID" || true
ss --terminate --ike ferry --force >/dev/null 2>&1 || true

it_daemon "$NS_FY" fy "$IT_TMP/fy.conf" --dataplane none
fy 'debug crypto ikev2' >/dev/null
check "ferryd reaches READY" until_ok 10 sa_ready
check "ferryd and charon agree on the CHILD_SA's SPIs" until_ok 5 child_agrees
check "ferryd and charon agree on the IKE SA's SPIs" until_ok 5 ike_agrees

# 1. charon rekeys the CHILD_SA, then the IKE SA.
charon_rekeys

# 2. ferryd rekeys both at its soft lifetimes (85-90 % of 120 s after they were made).
old_child=$(fy_out_spi) old_ike=$(fy_ike_spis)
check "ferryd rekeys the CHILD_SA itself" until_ok 125 at_least stat rekeys_child 2
check "ferryd rekeys the IKE SA itself" until_ok 20 at_least stat rekeys_ike 2
check "after ferryd's rekeys: new CHILD_SA SPIs agree" until_ok 10 child_agrees
check "after ferryd's rekeys: new IKE SPIs agree" until_ok 10 ike_agrees
check "the CHILD_SA SPIs changed" changed fy_out_spi "$old_child"
check "the IKE SPIs changed" changed fy_ike_spis "$old_ike"
check "ferryd's CHILD_SA rekey with PFS: charon lists ECP_256" matches "$(ss --list-sas)" "ESP:AES_GCM_16-128/ECP_256"
check "charon parsed ferryd's CHILD_SA rekey request" grep -qE "parsed CREATE_CHILD_SA request [0-9]+ \[ N\(REKEY_SA\)" "$IT_TMP/charon.log"
check "charon parsed ferryd's IKE SA rekey request" grep -qE "parsed CREATE_CHILD_SA request [0-9]+ \[ SA No KE \]" "$IT_TMP/charon.log"
check "show crypto session: UP-ACTIVE" matches "$(fy 'show crypto session detail')" "Session status: UP-ACTIVE"
# structured CMD WANT: "| json" is a JSON object and "| xml" well-formed XML, each holding WANT.
structured() {
	local j x
	j=$(fy "$1 | json") x=$(fy "$1 | xml")
	jq -e 'type == "object"' <<<"$j" >/dev/null && xmllint --noout - <<<"$x" && matches "$j" "$2" && matches "$x" "$2"
}
for c in 'show crypto ikev2 sa' 'show crypto ikev2 sa detailed' 'show crypto ipsec sa' "show crypto ipsec sa peer $SS_ADDR" \
	'show crypto session' 'show crypto session detail'; do
	check "$c: | json and | xml name the peer" structured "$c" "${SS_ADDR//./\\.}"
done
check "show crypto ikev2 stats: | json and | xml count the rekeys" structured 'show crypto ikev2 stats' 'rekeys_child'
check "show crypto ipsec sa peer X | json" matches "$(fy "show crypto ipsec sa peer $SS_ADDR | json")" "\"remote\": *\"$SS_ADDR\""
check "debug crypto ikev2 logged CREATE_CHILD_SA" grep -q "IKEv2 CREATE_CHILD_SA Exchange" "$IT_TMP/fy.log"
check "no debug crypto ikev2 turns it off" matches "$(fy 'no debug crypto ikev2')" "debugging is off"

# 3. clear crypto session: DELETE to charon, then the tunnel comes up again.
old_ike=$(fy_ike_spis)
fy "clear crypto session remote $SS_ADDR" >/dev/null
check "clear crypto session: charon received DELETE" until_ok 10 grep -q "received DELETE for IKE_SA ferry" "$IT_TMP/charon.log"
check "clear crypto session: a new session comes up" until_ok 15 changed fy_ike_spis "$old_ike"
check "clear crypto session: SPIs agree again" until_ok 10 ike_agrees

# 4. DPD: charon is killed; ferryd declares it dead.
kill -KILL "$(charon_pid)" "$CHARON_PID" 2>/dev/null || true
start=$SECONDS
limit=$((DPD_INTERVAL * (DPD_RETRY + 1) + 8))
check "DPD: ferryd declares charon dead within ${limit}s" until_ok "$limit" grep -q "DPD: the peer does not answer" "$IT_TMP/fy.log"
echo "# DPD: dead after $((SECONDS - start)) s"
check "charon's liveness checks were answered" grep -q "parsed INFORMATIONAL response [0-9]* \[ \]" "$IT_TMP/charon.log"
check "show crypto ikev2 stats counts the DPD failure" at_least stat dpd_failures 1
tries=$(stat out_requests)
check "after DPD the tunnel starts a new IKE SA" until_ok 15 at_least stat out_requests $((tries + 1))

# 5. The capture: every IKE packet ferryd sent decodes cleanly.
capture_stop
ferry_sent() { tshark -r "$IT_TMP/ike.pcapng" -Y "isakmp && ip.src == $FY_ADDR && !icmp" 2>/dev/null; }
check "the capture holds ferryd's CREATE_CHILD_SA request" matches "$(ferry_sent)" "CREATE_CHILD_SA MID=[0-9]+ (Initiator|Responder) Request"
check "the capture holds ferryd's CREATE_CHILD_SA response" matches "$(ferry_sent)" "CREATE_CHILD_SA MID=[0-9]+ (Initiator|Responder) Response"
check "tshark: no malformed packets or warnings" equals \
	"$(tshark -r "$IT_TMP/ike.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)" ""
it_finish
