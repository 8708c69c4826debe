# shellcheck shell=bash
# Sourced by tests/integration/*.sh: build lookup, namespaces, daemons, checks.
# A test calls it_init NAME "$@" first and it_finish last; everything it makes
# through these helpers is removed by the EXIT trap, whatever happens.

IT_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/lib.sh
. "$IT_TOP/tools/lib.sh"
IT_FAILS=0
IT_CHECKS=0
IT_PIDS=()
IT_NETNS=()
IT_ON_CLEANUP=()
IT_TIMEOUT=${IT_TIMEOUT:-10}

# it_init NAME [BUILD_DIR]: binaries from BUILD_DIR (default build/test, else the
# source tree when it is built in place), one scratch dir, the cleanup trap.
it_init() {
	IT_NAME=$1
	local build=${2:-}
	if [[ -z $build ]]; then
		build=$IT_TOP/build/test
		[[ -x $build/ferryd ]] || build=$IT_TOP
	fi
	BUILD=$(cd "$build" && pwd)
	FERRYD=$BUILD/ferryd
	FERRY=$BUILD/ferry
	[[ -x $FERRYD && -x $FERRY ]] || { echo "$IT_NAME: no ferryd/ferry in $BUILD (build first)" >&2; exit 1; }
	[[ $EUID -eq 0 ]] || { echo "$IT_NAME: needs root (network namespaces)" >&2; exit 1; }
	IT_TMP=$(mktemp -d "/tmp/ferry-it-$IT_NAME.XXXXXX")
	IT_PREFIX="fit-$IT_NAME-$$-"
	trap it_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	echo "# $IT_NAME: binaries from $BUILD, scratch $IT_TMP"
}

# Stops our daemons (by PID), deletes our namespaces, reports sanitizer findings.
it_cleanup() {
	local rc=$? pid ns c
	for c in "${IT_ON_CLEANUP[@]}"; do $c || rc=1; done
	for pid in "${IT_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || continue
		ferry_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
	done
	for ns in "${IT_NETNS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	[[ -z ${IT_TMUX:-} ]] || tmux -L "$IT_TMUX" kill-server 2>/dev/null || true
	if ! ferry_sanitizer_reports "$IT_TMP"/*.log "$IT_TMP"/*.log.* >"$IT_TMP/sanitizer.txt"; then
		echo "not ok - sanitizer reports (daemon logs, log_path files)"
		sed 's/^/#   /' "$IT_TMP/sanitizer.txt"
		rc=1
	fi
	rm -rf "$IT_TMP"
	exit "$rc"
}

# it_on_cleanup COMMAND: run COMMAND (a function name) first when the test exits.
it_on_cleanup() { IT_ON_CLEANUP+=("$1"); }

it_finish() {
	echo "# $IT_NAME: $((IT_CHECKS - IT_FAILS))/$IT_CHECKS checks passed"
	((IT_FAILS == 0)) || exit 1
	exit 0
}

# it_abort DESCRIPTION: a failure that leaves nothing else to test.
it_abort() {
	IT_CHECKS=$((IT_CHECKS + 1))
	IT_FAILS=$((IT_FAILS + 1))
	echo "not ok - $1 (the remaining checks cannot run)"
	it_finish
}

# check DESCRIPTION COMMAND...: one assertion; the command's output is shown
# only when it fails.
check() {
	local desc=$1 out rc=0
	shift
	IT_CHECKS=$((IT_CHECKS + 1))
	out=$("$@" 2>&1) || rc=$?
	if ((rc == 0)); then
		echo "ok - $desc"
	else
		IT_FAILS=$((IT_FAILS + 1))
		echo "not ok - $desc"
		[[ -z $out ]] || printf '%s\n' "$out" | head -n 40 | sed 's/^/#   /'
	fi
}

# Helpers for check: they print what they saw when they fail.
not() { ! "$@"; }
equals() { [[ $1 == "$2" ]] || { printf 'got:  %s\nwant: %s\n' "$1" "$2"; return 1; }; }
has_line() { grep -qxF -- "$2" <<<"$1" || { printf 'no line "%s" in:\n%s\n' "$2" "$1"; return 1; }; }
matches() { grep -qE -- "$2" <<<"$1" || { printf 'no match for /%s/ in:\n%s\n' "$2" "$1"; return 1; }; }

# until_ok SECONDS COMMAND...: polls COMMAND every 0.1 s.
until_ok() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

# it_netns NAME: a namespace of this test, in NS.
it_netns() {
	NS=$IT_PREFIX$1
	ip netns add "$NS"
	IT_NETNS+=("$NS")
	ip -n "$NS" link set lo up
}

# it_daemon NS NAME CONFIG [FERRYD_ARGS...]: ferryd -d in NS with socket
# $IT_TMP/NAME.sock and log $IT_TMP/NAME.log; sets PID and SOCK, waits until it answers.
it_daemon() {
	local ns=$1 name=$2 cfg=$3 rc=0
	shift 3
	SOCK=$IT_TMP/$name.sock
	FERRY_WAIT=$IT_TIMEOUT ferry_daemon "$BUILD" "$ns" "$cfg" "$SOCK" "$IT_TMP/$name.log" "$@" || rc=$?
	PID=$FERRY_PID
	IT_PIDS+=("$PID")
	return "$rc"
}

# fy COMMAND...: the shell on the current daemon, each argument one -c.
fy() {
	local args=() c
	for c; do args+=(-c "$c"); done
	"$FERRY" -S "$SOCK" "${args[@]}"
}

# The daemon is alive and answers show version.
answers() { kill -0 "$PID" && fy 'show version' | grep -q '^Ferry Software'; }

# it_stop PID: SIGTERM; returns the daemon's exit status.
it_stop() {
	local rc=0 i
	kill -TERM "$1"
	ferry_gone "$1" "$IT_TIMEOUT" || kill -KILL "$1"
	wait "$1" || rc=$?
	for i in "${!IT_PIDS[@]}"; do [[ ${IT_PIDS[i]} != "$1" ]] || unset 'IT_PIDS[i]'; done
	return "$rc"
}
