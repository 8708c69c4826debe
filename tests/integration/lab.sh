#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# tools/lab builds the seed topology with its own prefix (ftst-), every router
# answers with its configuration and its links up; with the lab CA's
# certificates the spokes' IKEv2 SAs with the hub come up READY, mode config
# gives each spoke's Tunnel0 a 10.1.1.x of the hub's pool, the hub has a
# Virtual-Access per spoke and an implicit-null label for each spoke's
# overlay /32, BGP comes up over the overlay and a CE pings across it, and
# tools/lab shows it (up and status); `down` leaves nothing.
# usage: tests/integration/lab.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
it_init lab "$@"

export FERRY_LAB_PREFIX=ftst- FERRY_LAB_RUN=$IT_TMP/lab FERRY_BUILD_DIR=$BUILD
LAB=$IT_TOP/tools/lab
ours() { ip netns list | awk '{print $1}' | grep '^ftst-'; }
# Whatever happens, the lab goes down (its daemons, namespaces and run dir).
lab_down() { [[ -z $(ours) && ! -d $FERRY_LAB_RUN ]] || "$LAB" down >/dev/null; }
it_on_cleanup lab_down
if [[ -n $(ours) ]]; then
	echo "# removing ftst- namespaces left by an earlier run"
	"$LAB" down >/dev/null 2>&1 || true
fi

"$LAB" >"$IT_TMP/lab-up.out" 2>&1
rc=$?
check "tools/lab up exits 0" equals "$rc" 0
((rc == 0)) || { tail -n 40 "$IT_TMP/lab-up.out"; it_finish; }

# router hostname interfaces-the-lab-links-up
routers=(
	"r1 R1-HUB Ethernet0/0 Ethernet0/1 Ethernet0/2 Ethernet0/3"
	"r3 R3-Spoke1 Ethernet0/0 Ethernet0/1 Ethernet0/1.10 Ethernet0/1.20"
	"r4 R4-Spoke Ethernet0/0 Ethernet0/1"
)
for row in "${routers[@]}"; do
	read -r r host ifs <<<"$row"
	SOCK=$FERRY_LAB_RUN/$r.sock
	check "$r answers show running-config with hostname $host" has_line "$(fy 'show running-config' 2>&1)" "hostname $host"
	brief=$(fy 'show ip interface brief' 2>&1)
	for i in $ifs; do
		check "$r: $i up/up in show ip interface brief" matches "$brief" "^${i//./\\.} +.* up +up *$"
	done
done

# The lab put the configs' addresses on the devices: the "Internet" reaches
# the routers, and a customer host its router (a refused TCP connection is an answer).
reaches() { [[ $(ip netns exec "ftst-$1" timeout 3 bash -c "echo >/dev/tcp/$2/9" 2>&1) == *refused* ]]; }
for pair in "isp 172.16.0.1" "isp 172.16.1.103" "isp 172.16.1.104" "ce-hub-c1 192.168.110.1" \
	"ce-hub-c2 192.168.111.1" "ce-r3-c1 192.168.113.1" "ce-r3-c2 192.168.123.1"; do
	check "ftst-${pair% *} reaches ${pair#* }" reaches "${pair% *}" "${pair#* }"
done

# FlexVPN between the seed configs (tools/lab waited for the spokes' SAs).
SOCK=$FERRY_LAB_RUN/r1.sock
ike=$(fy 'show crypto ikev2 sa' 2>&1)
for spoke in 172.16.1.103 172.16.1.104; do
	check "hub: IKEv2 SA with $spoke READY" matches "$ike" "^[0-9]+ +172\.16\.0\.1/500 +${spoke//./\\.}/500 .* READY"
done
check "tools/lab showed the hub's READY SAs" matches "$(<"$IT_TMP/lab-up.out")" \
	'^[0-9]+ +172\.16\.0\.1/500 +172\.16\.1\.10[34]/500 .* READY'
check "tools/lab says which dataplane runs" matches "$(<"$IT_TMP/lab-up.out")" '^   dataplane: +userspace '
brief=$(fy 'show ip interface brief' 2>&1)
for va in Virtual-Access1 Virtual-Access2; do
	check "hub: $va cloned from Virtual-Template1 (unnumbered Loopback0)" matches "$brief" "^$va +10\.0\.0\.1 "
	check "hub: $va up/up (the dataplane carries it)" matches "$brief" "^$va +.* up +up *\$"
done
lfib=$(fy 'show mpls forwarding-table' 2>&1)
check "hub: an implicit-null label for each spoke's overlay /32, out its Virtual-Access" equals \
	"$(grep -cE '^[0-9]+ +Pop Label +10\.1\.1\.[0-9]+/32 +[0-9]+ +Vi[12] ' <<<"$lfib")" 2
check "hub: both spokes' certificates verified" equals \
	"$(grep -c "certificate and signature .* verified" "$FERRY_LAB_RUN/r1.log")" 2
for r in r3 r4; do
	SOCK=$FERRY_LAB_RUN/$r.sock
	check "$r: IKEv2 SA with the hub READY" matches "$(fy 'show crypto ikev2 sa' 2>&1)" \
		'^[0-9]+ +172\.16\.1\.10[34]/500 +172\.16\.0\.1/500 .* READY'
	check "$r: Tunnel0 got 10.1.1.x from the hub's pool (mode config)" matches \
		"$(fy 'show ip interface brief' 2>&1)" '^Tunnel0 +10\.1\.1\.[0-9]+ '
	check "$r: Tunnel0 up/up (the dataplane carries it)" matches \
		"$(fy 'show ip interface brief' 2>&1)" '^Tunnel0 +.* up +up *$'
	check "$r: the hub's certificate verified" equals \
		"$(grep -c "certificate and signature .* verified" "$FERRY_LAB_RUN/$r.log")" 1
done

check "tools/lab shows each spoke's BGP session over Tunnel0 established" equals \
	"$(grep -cE '^   BGP r[34] -> hub: established over Tunnel0$' "$IT_TMP/lab-up.out")" 2
check "tools/lab shows a CE ping across the overlay answered" matches "$(<"$IT_TMP/lab-up.out")" \
	'^   CE ping: +ce-r3-c1 -> ce-hub-c1 .*: ok$'
check "tools/lab shows all four CE flows answered (cust1, cust2; hub and spoke to spoke)" equals \
	"$(grep -cE '^   CE ping: .*: ok$' "$IT_TMP/lab-up.out")" 4
check "tools/lab shows cust1 cannot reach cust2" matches "$(<"$IT_TMP/lab-up.out")" \
	'^   CE isolation: +ce-r3-c1 -> ce-hub-c2 .*no reply, as it should$'
check "tools/lab's traceroute shows R3, the hub and R4, each once" matches "$(<"$IT_TMP/lab-up.out")" \
	'^   traceroute: .*: 192\.168\.113\.1 -> 192\.168\.11[01]\.1 -> 192\.168\.114\.1$'

out=$("$LAB" 2>&1)
check "tools/lab again: exit 0" equals "$?" 0
check "tools/lab again: says the lab is already up" matches "$out" 'already up'
out=$("$LAB" status 2>&1)
check "tools/lab status: exit 0" equals "$?" 0
check "tools/lab status: BGP established on both spokes" equals \
	"$(grep -cE '^   BGP r[34] -> hub: established' <<<"$out")" 2
check "tools/lab status: the CE ping answered" matches "$out" '^   CE ping: .*: ok$'

pids=$(cat "$FERRY_LAB_RUN"/*.pid)
check "tools/lab down: exit 0 (no sanitizer reports)" "$LAB" down
check "no ftst- namespaces left" equals "$(ours)" ""
check "run dir removed" not test -e "$FERRY_LAB_RUN"
gone() { local p; for p in $pids; do ! kill -0 "$p" 2>/dev/null || return 1; done; }
check "the lab's ferryd processes are gone" gone

it_finish
