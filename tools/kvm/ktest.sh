# shellcheck shell=sh
# Check helpers for the scenarios run inside the VM (busybox sh; sourced by /init).
# Markers on the serial console, read by tools/kvm/run:
#   KTEST ok - NAME | KTEST not ok - NAME     one per check
#   KTEST done PASSED/CHECKS                  once, at the end
#   KTIME WHAT SECONDS                        timings (uptime based)
# busybox sh runs its own `ip` applet before PATH: scenarios call $IP.
IP=/sbin/ip
KT_PASSED=0
KT_CHECKS=0
KT_MARK=0

# kt_check NAME COMMAND...: one check. COMMAND runs in a subshell under
# `set -ex`; the end of its trace and output is printed only when it fails.
kt_check() {
	kt_name=$1
	shift
	KT_CHECKS=$((KT_CHECKS + 1))
	# Not in an `if` or `&&`: `set -e` would be off in the subshell.
	(
		set -ex
		"$@"
	) >/tmp/kt.out 2>&1
	kt_rc=$?
	if [ "$kt_rc" -eq 0 ]; then
		KT_PASSED=$((KT_PASSED + 1))
		echo "KTEST ok - $kt_name"
	else
		echo "KTEST not ok - $kt_name"
		tail -n 40 /tmp/kt.out | sed 's/^/#   /'
	fi
}

# kt_fails COMMAND...: succeeds when COMMAND fails.
kt_fails() {
	! "$@"
}

# kt_until SECONDS COMMAND...: retries COMMAND every 0.1 s until it succeeds.
kt_until() {
	kt_end=$(($(kt_uptime_ds) + $1 * 10))
	shift
	until "$@"; do
		[ "$(kt_uptime_ds)" -lt "$kt_end" ] || return 1
		sleep 0.1
	done
}

# kt_lacks PATTERN COMMAND...: COMMAND works and no line of its output matches
# PATTERN (grep -E); the lines that do are printed.
kt_lacks() {
	kt_pattern=$1
	shift
	"$@" >/tmp/kt_lacks.out
	if grep -E "$kt_pattern" /tmp/kt_lacks.out; then
		return 1
	fi
}

# ferryd's reqids 0xf0000000-0xf0ffffff (src/dataplane/kernel/kn_mark.h) as ip prints them:
# 4026531840-4043309055.
# shellcheck disable=SC2034 # for the scenarios
KT_FERRY_REQID='reqid 40(2[6-9]|3[0-9]|4[0-3])[0-9]{6} '

# kt_in NETNS COMMAND...: COMMAND inside the network namespace.
kt_in() {
	kt_ns=$1
	shift
	$IP netns exec "$kt_ns" "$@"
}

# Uptime in tenths of a second.
kt_uptime_ds() {
	awk '{ printf "%d\n", $1 * 10 }' /proc/uptime
}

# kt_time WHAT: KTIME line with the seconds since the previous one (since boot the first time).
kt_time() {
	kt_now=$(awk '{ print $1 }' /proc/uptime)
	echo "KTIME $1 $(awk -v a="$kt_now" -v b="$KT_MARK" 'BEGIN { printf "%.2f\n", a - b }')"
	KT_MARK=$kt_now
}

kt_done() {
	echo "KTEST done $KT_PASSED/$KT_CHECKS"
}
