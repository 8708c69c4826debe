# shellcheck shell=bash
# Sourced after lib.bash by the tests against strongSwan charon: two
# namespaces joined by a veth, charon (kernel-libipsec) in one with its own
# /run, swanctl on it, and a tshark capture of everything ferryd sends.

CHARON=/usr/lib/ipsec/charon

# charon_skip NAME: exits (a skip) when charon, swanctl or tshark is missing.
charon_skip() {
	[[ -x $CHARON ]] && command -v swanctl >/dev/null && command -v tshark >/dev/null && return 0
	echo "# $1: skipped (charon, swanctl or tshark not installed; tools/lib.sh FERRY_PKGS lists them)"
	exit 0
}

# charon_link SS_ADDR FY_ADDR: namespaces NS_SS (charon) and NS_FY (ferryd), veths VETH_SS and VETH_FY.
charon_link() {
	it_netns ss
	NS_SS=$NS
	it_netns fy
	NS_FY=$NS
	VETH_SS=${IT_PREFIX:0:6}a
	VETH_FY=${IT_PREFIX:0:6}b
	ip link add "$VETH_SS" netns "$NS_SS" type veth peer name "$VETH_FY" netns "$NS_FY"
	ip -n "$NS_SS" addr add "$1/24" dev "$VETH_SS"
	ip -n "$NS_FY" addr add "$2/24" dev "$VETH_FY"
	ip -n "$NS_SS" link set "$VETH_SS" up
	ip -n "$NS_FY" link set "$VETH_FY" up
}

# capture_start: tshark on ferryd's veth into $IT_TMP/ike.pcapng (TSHARK_PID).
capture_start() {
	ip netns exec "$NS_FY" tshark -q -i "$VETH_FY" -w "$IT_TMP/ike.pcapng" >"$IT_TMP/tshark.log" 2>&1 &
	TSHARK_PID=$!
	IT_PIDS+=("$TSHARK_PID")
	until_ok 15 grep -q 'Capture started' "$IT_TMP/tshark.log" || it_abort "tshark did not start capturing"
}

# capture_stop: ends the capture so that it can be read.
capture_stop() {
	sleep 0.5
	kill -TERM "$TSHARK_PID" && wait "$TSHARK_PID" || true
}

# charon_start: charon in NS_SS with $IT_TMP/strongswan.conf and its own /run (CHARON_PID).
charon_start() {
	ip netns exec "$NS_SS" unshare -m sh -c \
		"mount -t tmpfs tmpfs /run && STRONGSWAN_CONF=$IT_TMP/strongswan.conf exec $CHARON" \
		>"$IT_TMP/charon.out" 2>&1 &
	CHARON_PID=$!
	IT_PIDS+=("$CHARON_PID")
	until_ok 10 ss --stats || it_abort "charon did not start ($(tail -n 5 "$IT_TMP/charon.out"))"
}

# charon's own PID (a child of CHARON_PID when the namespace tools forked).
charon_pid() { pgrep -P "$CHARON_PID" -x charon || echo "$CHARON_PID"; }
# swanctl in charon's namespaces (its /run holds the vici socket).
ss() { nsenter -t "$(charon_pid)" -m -n swanctl "$@" 2>/dev/null; }

# charon_conf [PLUGIN...]: $IT_TMP/strongswan.conf for kernel-libipsec, the log in $IT_TMP/charon.log.
charon_conf() {
	cat >"$IT_TMP/strongswan.conf" <<CONF
charon {
	load = random nonce openssl kdf socket-default kernel-libipsec kernel-netlink vici $*
	install_routes = no
	plugins {
		socket-default { fwmark = 0x42 }
		kernel-netlink { fwmark = !0x42 }
		kernel-libipsec { allow_peer_ts = yes }
	}
	filelog {
		ss {
			path = $IT_TMP/charon.log
			flush_line = yes
			default = 1
			ike = 2
		}
	}
}
CONF
}

# charon_conn NAME LOCAL REMOTE REMOTE_ID [ESP_PROPOSALS [CONN_OPTION]]: one connection block of
# swanctl.conf, pre-shared keys with identity LOCAL, CHILD_SA "gre" (GRE between the addresses, started by
# nobody).
charon_conn() {
	cat <<CONF
	$1 {
		version = 2
		local_addrs = $2
		remote_addrs = $3
		proposals = aes256-sha256-ecp256,aes256-sha256-modp2048
		${6:-}
		local { auth = psk
			id = $2 }
		remote { auth = psk
			id = $4 }
		children {
			gre {
				local_ts = $2/32[gre]
				remote_ts = $3/32[gre]
				esp_proposals = ${5:-aes128gcm16,aes256-sha256}
				start_action = none
			}
		}
	}
CONF
}

# charon_psk_conn SS_ADDR FY_ADDR PSK [ESP_PROPOSALS [CONN_OPTION]]: $IT_TMP/swanctl.conf with connection
# "ferry" (charon_conn), identities the addresses.
charon_psk_conn() {
	{
		echo "connections {"
		charon_conn ferry "$1" "$2" "$2" "${4:-}" "${5:-}"
		cat <<CONF
}
secrets {
	ike-ferry {
		id-1 = $1
		id-2 = $2
		secret = "$3"
	}
}
CONF
	} >"$IT_TMP/swanctl.conf"
}

# ss_up: charon lists an ESTABLISHED IKE SA and an INSTALLED CHILD_SA (else prints what it lists).
ss_up() {
	local sas
	sas=$(ss --list-sas "$@")
	grep -q 'ESTABLISHED' <<<"$sas" && grep -q 'INSTALLED' <<<"$sas" || { printf '%s\n' "$sas"; return 1; }
}

# charon_show_logs [LINES]: registers a cleanup step that prints, when a check failed, the last LINES
# (default 40) of every log in $IT_TMP but tshark's.
charon_show_logs() {
	CHARON_LOG_LINES=${1:-40}
	it_on_cleanup charon_logs_on_failure
}
charon_logs_on_failure() {
	((IT_FAILS == 0)) && return 0
	local f
	for f in "$IT_TMP"/*.log; do
		[[ $f == */tshark.log ]] && continue
		echo "# --- $f"
		grep -v "plugin '" "$f" | tail -n "$CHARON_LOG_LINES" | sed 's/^/#   /'
	done
	return 0
}
