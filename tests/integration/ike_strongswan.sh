#!/usr/bin/env bash
# IKEv2 with pre-shared keys against strongSwan 5.9 charon (kernel-libipsec),
# in two namespaces joined by a veth: ferryd initiates from a protected
# Tunnel0 and reaches READY, charon shows the IKE SA ESTABLISHED and the
# CHILD_SA INSTALLED; then charon initiates to ferryd as responder. tshark
# must find nothing malformed or suspicious in the capture of both.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
it_init ike_strongswan "$@"

CHARON=/usr/lib/ipsec/charon
if [[ ! -x $CHARON ]] || ! command -v swanctl >/dev/null || ! command -v tshark >/dev/null; then
	echo "# ike_strongswan: skipped (charon, swanctl or tshark not installed; tools/lib.sh FERRY_PKGS lists them)"
	exit 0
fi

SS_ADDR=10.99.0.1
FY_ADDR=10.99.0.2
PSK=lab-secret-5

it_netns ss
NS_SS=$NS
it_netns fy
NS_FY=$NS
ip link add "${IT_PREFIX:0:6}a" netns "$NS_SS" type veth peer name "${IT_PREFIX:0:6}b" netns "$NS_FY"
VETH_SS=${IT_PREFIX:0:6}a
VETH_FY=${IT_PREFIX:0:6}b
ip -n "$NS_SS" addr add $SS_ADDR/24 dev "$VETH_SS"
ip -n "$NS_FY" addr add $FY_ADDR/24 dev "$VETH_FY"
ip -n "$NS_SS" link set "$VETH_SS" up
ip -n "$NS_FY" link set "$VETH_FY" up

# charon: its own /run (it writes /run/charon.pid and the vici socket there).
cat >"$IT_TMP/strongswan.conf" <<CONF
charon {
	load = random nonce openssl kdf socket-default kernel-libipsec kernel-netlink vici
	install_routes = no
	plugins {
		socket-default { fwmark = 0x42 }
		kernel-netlink { fwmark = !0x42 }
		kernel-libipsec { allow_peer_ts = yes }
	}
	filelog {
		ss {
			path = $IT_TMP/charon.log
			default = 1
			ike = 2
		}
	}
}
CONF
cat >"$IT_TMP/swanctl.conf" <<CONF
connections {
	ferry {
		version = 2
		local_addrs = $SS_ADDR
		remote_addrs = $FY_ADDR
		proposals = aes256-sha256-ecp256,aes256-sha256-modp2048
		local { auth = psk
			id = $SS_ADDR }
		remote { auth = psk
			id = $FY_ADDR }
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
secrets {
	ike-ferry {
		id-1 = $SS_ADDR
		id-2 = $FY_ADDR
		secret = "$PSK"
	}
}
CONF

# On failure, what both daemons logged.
show_logs() {
	((IT_FAILS == 0)) && return 0
	local f
	for f in "$IT_TMP"/init.log "$IT_TMP"/resp.log "$IT_TMP"/charon.log; do
		[[ -f $f ]] && { echo "# --- $f"; grep -v "plugin '" "$f" | tail -n 40 | sed 's/^/#   /'; }
	done
	return 0
}
it_on_cleanup show_logs

# tshark on the veth for the whole test.
ip netns exec "$NS_FY" tshark -q -i "$VETH_FY" -w "$IT_TMP/ike.pcapng" >"$IT_TMP/tshark.log" 2>&1 &
IT_PIDS+=($!)
TSHARK_PID=$!
until_ok 15 grep -q 'Capture started' "$IT_TMP/tshark.log" || it_abort "tshark did not start capturing"

ip netns exec "$NS_SS" unshare -m sh -c "mount -t tmpfs tmpfs /run && STRONGSWAN_CONF=$IT_TMP/strongswan.conf exec $CHARON" \
	>"$IT_TMP/charon.out" 2>&1 &
CHARON_PID=$!
IT_PIDS+=("$CHARON_PID")
# swanctl in charon's namespaces (its /run holds the vici socket).
ss() { nsenter -t "$(pgrep -P "$CHARON_PID" -x charon || echo "$CHARON_PID")" -m -n swanctl "$@" 2>/dev/null; }
until_ok 10 ss --stats || it_abort "charon did not start ($(tail -n 5 "$IT_TMP/charon.out"))"
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
ss_up() {
	local sas
	sas=$(ss --list-sas)
	grep -q 'ESTABLISHED' <<<"$sas" && grep -q 'INSTALLED' <<<"$sas" || { printf '%s\n' "$sas"; return 1; }
}

# 1. ferryd initiates.
ferry_conf initiator >"$IT_TMP/init.conf"
it_daemon "$NS_FY" init "$IT_TMP/init.conf" --dataplane none
check "ferryd as initiator reaches READY" until_ok 10 sa_ready
check "charon: IKE SA ESTABLISHED, CHILD_SA INSTALLED" ss_up
check "show crypto ikev2 sa | json names the peer" matches "$(fy 'show crypto ikev2 sa | json')" "\"remote\": *\"$SS_ADDR/"
fy 'clear crypto ikev2 sa' >/dev/null
check "clear crypto ikev2 sa: a new SA comes up" until_ok 10 sa_ready 2
check "clear crypto ikev2 sa: charon deleted the old SA (one left)" until_ok 5 one_ss_sa
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

# 3. The capture: nothing malformed, no expert warnings.
sleep 0.5
kill -TERM "$TSHARK_PID" && wait "$TSHARK_PID" || true
ferry_sent() { tshark -r "$IT_TMP/ike.pcapng" -Y "isakmp && ip.src == $FY_ADDR && !icmp" 2>/dev/null; }
check "the capture holds ferryd's IKE_SA_INIT request (as initiator)" matches "$(ferry_sent)" "IKE_SA_INIT MID=00 Initiator Request"
check "the capture holds ferryd's IKE_AUTH response (as responder)" matches "$(ferry_sent)" "IKE_AUTH MID=01 Responder Response"
check "tshark: no malformed packets or warnings" equals \
	"$(tshark -r "$IT_TMP/ike.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)" ""
it_finish
