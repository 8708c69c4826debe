# shellcheck shell=bash
# Sourced by tools/test and tools/lab: packages, source tree, configure, build.
# Callers run under `set -euo pipefail`; functions return non-zero on failure.

FERRY_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages the build, the tests, the lab and the benchmarks need.
FERRY_PKGS=(build-essential autoconf automake libtool autoconf-archive pkg-config
	libmnl-dev libnftnl-dev libssl-dev libxml2-dev libjson-c-dev libcmocka-dev
	libreadline-dev clang libclang-rt-14-dev iproute2 tmux procps time
	qemu-system-x86 busybox-static tshark frr gobgpd iperf3 ethtool
	strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins openssl python3)

ferry_say() { printf '== %s\n' "$*"; }
ferry_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the missing packages; `apt-get update` runs only when something is missing.
ferry_install_deps() {
	local p missing=()

	command -v dpkg-query >/dev/null || { ferry_say "not Debian: not checking packages"; return 0; }
	for p in "${FERRY_PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed' || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	[[ $EUID -eq 0 ]] || ferry_die "missing packages (run as root to install): ${missing[*]}"
	ferry_say "installing ${missing[*]}"
	ferry_apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Refreshes the package lists (a fresh machine has none; a package that is not
# installed, or a kernel package superseded on the mirror, needs new ones).
ferry_apt_update() {
	[[ $EUID -eq 0 ]] || ferry_die "the package lists need 'apt-get update' (run as root)"
	ferry_say "apt-get update"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
}

# Sets FERRY_SRC, the source tree to build from. A tree configured in place
# (config.status at the top, as a developer's checkout may be) cannot host
# out-of-tree builds, so the checkout's files are mirrored into build/src;
# unchanged files keep their times, so make rebuilds only what changed.
ferry_srcdir() {
	[[ -z ${FERRY_SRC:-} ]] || return 0
	FERRY_SRC=$FERRY_TOP
	[[ -f $FERRY_TOP/config.status ]] || return 0
	FERRY_SRC=$FERRY_TOP/build/src
	ferry_say "source tree is configured in place: building from the mirror $FERRY_SRC"
	local list=$FERRY_SRC/.mirror-files f
	mkdir -p "$FERRY_SRC"
	git -C "$FERRY_TOP" ls-files -co --exclude-standard >"$list.all" ||
		ferry_die "cannot list the sources without git: run 'make distclean' at the top, then retry"
	# Tracked files deleted in the checkout are listed too: skip them.
	while IFS= read -r f; do
		if [[ -e $FERRY_TOP/$f ]]; then printf '%s\n' "$f"; fi
	done <"$list.all" >"$list.new"
	rm -f "$list.all"
	(cd "$FERRY_TOP" && tar -cf - -T "$list.new") | tar -xf - -C "$FERRY_SRC"
	# Files gone from the checkout leave the mirror too.
	if [[ -f $list ]]; then
		comm -23 <(sort "$list") <(sort "$list.new") | (cd "$FERRY_SRC" && xargs -r -d '\n' rm -f --)
	fi
	mv "$list.new" "$list"
}

# Regenerates the build system when configure is missing or older than its inputs.
ferry_autoreconf() {
	local src=$1 stale=

	if [[ ! -f $src/configure || ! -f $src/Makefile.in ]]; then
		stale=missing
	elif [[ -n $(find "$src" -path "$src/build*" -prune -o \
		\( -name configure.ac -o -name Makefile.am -o -name local.mk -o -name '*.m4' \) \
		\( -newer "$src/configure" -o -newer "$src/Makefile.in" \) -print -quit) ]]; then
		stale=stale
	fi
	[[ -n $stale ]] || return 0
	ferry_say "autoreconf -fi ($stale configure) in $src"
	(cd "$src" && autoreconf -fi)
}

# ferry_configure BUILD_DIR [ARGS...]: configures out of tree, again when configure
# changed or ARGS differ from the last run.
ferry_configure() {
	local build=$1 rel
	shift
	mkdir -p "$build"
	local want="$FERRY_SRC $*" stamp=$build/.ferry-configure-args
	if [[ -f $build/Makefile && -f $stamp && $(cat "$stamp") == "$want" &&
		! $FERRY_SRC/configure -nt $build/config.status ]]; then
		return 0
	fi
	rel=$(realpath --relative-to="$build" "$FERRY_SRC")
	ferry_say "configure $build: $rel/configure $want"
	if ! (cd "$build" && "$rel/configure" -q "$@"); then
		tail -n 40 "$build/config.log" >&2 || true
		return 1
	fi
	printf '%s' "$want" >"$stamp"
}

# ferry_prepare BUILD_DIR [CONFIGURE_ARGS...]: packages, sources, build system, configure.
ferry_prepare() {
	ferry_install_deps
	ferry_srcdir
	ferry_autoreconf "$FERRY_SRC"
	ferry_configure "$@"
}

# ferry_build BUILD_DIR [CONFIGURE_ARGS...]: ferry_prepare, then `make`.
ferry_build() {
	ferry_prepare "$@"
	ferry_say "make -j2 in $1"
	make -C "$1" -j2 --no-print-directory
}

# ferry_daemon [--detach] BUILD_DIR NETNS CONFIG SOCKET LOG [FERRYD_ARGS...]:
# ferryd -d inside NETNS, in the background (--detach: in a session of its
# own, for daemons that outlive the script); sets FERRY_PID and waits until
# the daemon answers `show version` (FERRY_WAIT seconds, default 30).
ferry_daemon() {
	local detach=
	[[ $1 != --detach ]] || { detach=setsid; shift; }
	local build=$1 ns=$2 cfg=$3 sock=$4 log=$5 end=$((SECONDS + ${FERRY_WAIT:-30}))
	shift 5
	$detach ip netns exec "$ns" "$build/ferryd" -d -f "$cfg" -S "$sock" "$@" </dev/null >"$log" 2>&1 &
	FERRY_PID=$!
	until "$build/ferry" -S "$sock" -c 'show version' >/dev/null 2>&1; do
		if ((SECONDS >= end)) || ! kill -0 "$FERRY_PID" 2>/dev/null; then
			tail -n 20 "$log" >&2
			echo "ferryd in $ns did not answer on $sock (log $log)" >&2
			return 1
		fi
		sleep 0.05
	done
}

# ferry_gone PID SECONDS: waits until the process has exited.
ferry_gone() {
	local end=$((SECONDS + $2))
	while kill -0 "$1" 2>/dev/null; do
		((SECONDS < end)) || return 1
		sleep 0.05
	done
}

# ferry_sanitizer_reports FILE...: prints the files holding an ASan, LSan or
# UBSan report; fails if there is one.
ferry_sanitizer_reports() {
	local f found=0
	for f; do
		if [[ -f $f ]] && grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$f"; then
			echo "== sanitizer report in $f:"
			tail -n 80 "$f"
			found=1
		fi
	done
	return "$found"
}
