#!/usr/bin/env bash
# FlexVPN mode config and Virtual-Access, with pre-shared keys, in two
# namespaces joined by a veth:
#  1. a strongSwan client (charon, kernel-libipsec, vips = 0.0.0.0) gets an
#     address from ferryd's ip local pool; ferryd clones a Virtual-Access for
#     it and counts the address in use, and both go when the client leaves;
#  2. a ferryd spoke with "ip address negotiated" gets an address from
#     charon's pool;
#  3. two ferryd with the seed's hub and spoke tunnel sections: the spoke
#     holds a 10.1.1.x address, the hub a Virtual-Access, the overlay /32 an
#     implicit-null label.
# tshark must find nothing malformed or suspicious in what ferryd sent.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/charon.bash"
it_init ike_modecfg "$@"

charon_skip ike_modecfg

A_ADDR=10.98.0.1 # charon, then the ferryd spoke
B_ADDR=10.98.0.2 # the ferryd hub, then the ferryd spoke of charon
PSK=lab-secret-mc

charon_link $A_ADDR $B_ADDR
charon_conf
# charon's connections to ferryd: a client asking for an address, a server handing one out.
{
	echo "connections {"
	charon_conn client $A_ADDR $B_ADDR $B_ADDR "" "vips = 0.0.0.0"
	charon_conn server $A_ADDR $B_ADDR R4.cisco.com "" "pools = p"
	cat <<CONF
}
pools {
	p { addrs = 10.5.5.8/29 }
}
secrets {
	ike-ferry {
		id-1 = $A_ADDR
		id-2 = $B_ADDR
		id-3 = R4.cisco.com
		secret = "$PSK"
	}
}
CONF
} >"$IT_TMP/swanctl.conf"

charon_show_logs

capture_start

# The hub's configuration (the seed's R1-HUB crypto and Virtual-Template sections, pre-shared keys).
hub_conf() { # PEER-MATCH
	cat <<CONF
hostname R1-HUB
aaa new-model
aaa authorization network default local
crypto ikev2 authorization policy default
 pool mypool
 banner ^C Welcome ^C
 def-domain cisco.com
 route set interface
crypto ikev2 keyring KR
 peer SPOKES
  address $A_ADDR
  pre-shared-key $PSK
crypto ikev2 profile default
 match identity remote $1
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
 aaa authorization group psk list default default
 virtual-template 1
crypto ipsec profile default
 set ikev2-profile default
interface Loopback0
 description VT source interface
 ip address 10.0.0.1 255.255.255.255
interface Virtual-Template1 type tunnel
 ip unnumbered Loopback0
 ip nhrp network-id 1
 ip nhrp redirect
 mpls bgp forwarding
 tunnel protection ipsec profile default
ip local pool mypool 10.1.1.1 10.1.1.254
CONF
}

# A spoke of HUB (the seed's R4-Spoke Tunnel0 section).
spoke_conf() { # MY-ADDRESS HUB-ADDRESS
	cat <<CONF
hostname R4-Spoke
crypto ikev2 authorization policy default
 route set interface
crypto ikev2 keyring KR
 peer HUB
  address $2
  pre-shared-key $PSK
crypto ikev2 profile default
 match identity remote address $2 255.255.255.255
 identity local fqdn R4.cisco.com
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
crypto ipsec profile default
 set ikev2-profile default
interface Tunnel0
 ip address negotiated
 mpls bgp forwarding
 tunnel source $1
 tunnel destination $2
 tunnel protection ipsec profile default
CONF
}

# 1. charon asks ferryd (the hub) for an address.
hub_conf "address $A_ADDR 255.255.255.255" >"$IT_TMP/hub1.conf"
it_daemon "$NS_FY" hub1 "$IT_TMP/hub1.conf" --dataplane none

charon_start
check "swanctl loads the connections" ss --load-all --file "$IT_TMP/swanctl.conf"

pool_line() { fy 'show ip local pool' | grep -E "^ mypool +10\.1\.1\.1 +10\.1\.1\.254 +$1 +$2\$"; }
has_vaccess() { fy 'show ip interface brief' | grep -qE '^Virtual-Access1 +10\.0\.0\.1 '; }
check "charon as client: swanctl --initiate succeeds" ss --initiate --child gre --ike client --timeout 10
check "charon holds the address from ferryd's pool" matches "$(ss --list-sas --ike client)" '\[10\.1\.1\.1\]'
check "charon got the address, def-domain, banner and route in the CFG_REPLY" until_ok 5 \
	grep -q 'IKE_AUTH response 1 \[ IDr AUTH CPRP(ADDR DOMAIN U_BANNER SUBNET) SA TSi TSr \]' "$IT_TMP/charon.log"
check "show ip local pool: one address in use" until_ok 5 pool_line 253 1
check "show ip local pool | json: the pool" matches "$(fy 'show ip local pool | json' | jq -r '.. | strings')" '^mypool$'
check "show ip local pool | xml: well-formed, the pool" matches "$(fy 'show ip local pool | xml' | xmllint --xpath 'string(/*)' -)" mypool
check "a Virtual-Access interface (unnumbered to Loopback0) while charon is up" until_ok 5 has_vaccess
VA_CONF=$(fy 'show running-config interface Virtual-Access1')
check "Virtual-Access1 has the template's lines" matches "$VA_CONF" 'ip unnumbered Loopback0'
check "Virtual-Access1 has the template's nhrp, mpls and protection" matches \
	"$(grep -c -e 'ip nhrp network-id 1' -e 'ip nhrp redirect' -e 'mpls bgp forwarding' \
		-e 'tunnel protection ipsec profile default' <<<"$VA_CONF")" '^4$'
check "Virtual-Access1's tunnel destination is the peer" matches "$VA_CONF" "tunnel destination $A_ADDR"
check "the clone took every line of the template (nothing logged)" not grep -q 'VTEMPLATE' "$IT_TMP/hub1.log"
VA_DERIVED=$(fy 'show derived-config interface Virtual-Access1')
check "show derived-config: IOS header, the clone's interface line" matches \
	"$(head -6 <<<"$VA_DERIVED" | tr '\n' '|')" '^Building configuration\.\.\.\|\|Derived configuration : [0-9]+ bytes\|!\|interface Virtual-Access1\|'
check "show derived-config: the template's lines with the peer as tunnel destination" matches \
	"$(grep -c -e '^ ip unnumbered Loopback0$' -e '^ tunnel protection ipsec profile default$' \
		-e "^ tunnel destination $A_ADDR\$" <<<"$VA_DERIVED")" '^3$'
check "show derived-config | json: the interface" matches \
	"$(fy 'show derived-config interface Virtual-Access1 | json')" '"interface": *"Virtual-Access1"'
ss --terminate --ike client --timeout 10 >/dev/null || true
check "client gone: the address is free again" until_ok 5 pool_line 254 0
check "client gone: the Virtual-Access went too" until_ok 5 not has_vaccess
check "the same client gets the same address again" ss --initiate --child gre --ike client --timeout 10
check "charon holds 10.1.1.1 again" matches "$(ss --list-sas --ike client)" '\[10\.1\.1\.1\]'
ss --terminate --ike client --timeout 10 >/dev/null || true
it_stop "$PID" || true

# 2. ferryd (ip address negotiated) asks charon for an address.
spoke_conf $B_ADDR $A_ADDR >"$IT_TMP/spoke1.conf"
it_daemon "$NS_FY" spoke1 "$IT_TMP/spoke1.conf" --dataplane none
sa_ready() { fy 'show crypto ikev2 sa' | grep -qE "^[0-9]+ +$1/[0-9]+ +$2/[0-9]+ +none/none +READY"; }
check "ferryd spoke reaches READY with charon" until_ok 10 sa_ready $B_ADDR $A_ADDR
check "ferryd's Tunnel0 took the address charon's pool handed out" until_ok 5 \
	grep -q 'Tunnel0: address 10\.5\.5\.9 negotiated' "$IT_TMP/spoke1.log"
check "charon lists the address it handed out" matches "$(ss --list-pools --leases)" '10\.5\.5\.9 +online'
it_stop "$PID" || true
kill -TERM "$(charon_pid)" 2>/dev/null && wait "$CHARON_PID" 2>/dev/null || true # its IKE port is the spoke's next

# 3. Two ferryd: the seed's hub and spoke (charon's side is now the spoke).
hub_conf "fqdn domain cisco.com" >"$IT_TMP/hub2.conf"
it_daemon "$NS_FY" hub2 "$IT_TMP/hub2.conf" --dataplane none
HUB_SOCK=$SOCK
HUB_PID=$PID
spoke_conf $A_ADDR $B_ADDR >"$IT_TMP/spoke2.conf"
it_daemon "$NS_SS" spoke2 "$IT_TMP/spoke2.conf" --dataplane none
SPOKE_PID=$PID
check "the spoke reaches READY with the hub" until_ok 10 sa_ready $A_ADDR $B_ADDR
check "the spoke holds a 10.1.1.x address" until_ok 5 grep -qE 'Tunnel0: address 10\.1\.1\.[0-9]+ negotiated, domain cisco.com' \
	"$IT_TMP/spoke2.log"
check "show ip interface brief: Tunnel0 holds the negotiated address" matches \
	"$(fy 'show ip interface brief')" 'Tunnel0 +10\.1\.1\.[0-9]+ +YES '
check "the spoke logs the hub's banner" grep -q 'Tunnel0:  Welcome ' "$IT_TMP/spoke2.log"
check "the spoke routes the hub's Loopback0 (route set interface) out of Tunnel0" matches \
	"$(fy 'show ip route 10.0.0.1')" 'Tunnel0'
SOCK=$HUB_SOCK
check "the hub: READY" until_ok 5 sa_ready $B_ADDR $A_ADDR
check "the hub: a Virtual-Access interface" until_ok 5 has_vaccess
check "the hub: Virtual-Access stays out of show running-config" not grep -q 'Virtual-Access' \
	<<<"$(fy 'show running-config')"
check "the hub: the spoke's overlay /32 out of Virtual-Access1" matches "$(fy 'show ip route 10.1.1.1')" \
	'Virtual-Access1'
check "the hub: an implicit-null (Pop) label for the spoke's /32" matches "$(fy 'show mpls forwarding-table')" \
	'Pop Label +10\.1\.1\.1/32'
kill -HUP "$HUB_PID"
check "the hub reloaded its configuration" until_ok 5 grep -q 'Reloaded from' "$IT_TMP/hub2.log"
check "after the reload the hub still has the spoke's Virtual-Access" until_ok 5 has_vaccess
it_stop "$HUB_PID" || true
it_stop "$SPOKE_PID" || true

capture_stop
ferry_ike() { tshark -r "$IT_TMP/ike.pcapng" -Y "isakmp && !icmp" 2>/dev/null; }
check "the capture holds ferryd's IKE_AUTH" matches "$(ferry_ike)" "IKE_AUTH MID=01 Responder Response"
check "tshark: no malformed packets or warnings" equals \
	"$(tshark -r "$IT_TMP/ike.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)" ""
it_finish
