#!/usr/bin/env bash
# shellcheck disable=SC2317 # checks call helper functions by name
# ferry on a terminal (tmux), typed the way a Cisco user types: prompts, ?,
# TAB, abbreviations, the error caret, modes, Ctrl-Z, the --More-- pager.
# usage: tests/integration/interactive.sh [BUILD_DIR]
set -uo pipefail
# shellcheck source=tests/integration/lib.bash
. "$(dirname "$0")/lib.bash"
it_init interactive "$@"

it_netns i
it_daemon "$NS" r1 "$IT_TOP/etc/R1-HUB.cfg" || it_abort "ferryd starts and answers"

SAN_LOG="log_path=$IT_TMP/ferry-sanitizer.log"
IT_TMUX=ferry-it-$$
tm() { tmux -L "$IT_TMUX" -f /dev/null "$@"; }
# Sanitizer reports of an instrumented ferry go to a file the cleanup scans,
# not to the screen the checks read.
tm new-session -d -s t -x 100 -y 40 \
	"env HOME=$IT_TMP INPUTRC=/dev/null TERM=screen ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}$SAN_LOG \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}$SAN_LOG $FERRY -S $SOCK; echo \$? >$IT_TMP/exit-status"
screen() { tm capture-pane -p -J -t t; }
# The last non-blank line: the prompt, the line being typed, or --More--
# (with -J, capture-pane keeps trailing spaces: "R1-HUB#show " after TAB).
last_line() { screen | sed '/^ *$/d' | tail -n 1; }
# poll PREDICATE...: until it holds, the timeout passes or the shell is gone.
poll() {
	local end=$((SECONDS + IT_TIMEOUT))
	until "$@"; do
		[[ ! -e $IT_TMP/exit-status ]] || { echo "the shell has exited"; return 1; }
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}
# see REGEX: the screen shows a line matching REGEX.
see() {
	local re=$1
	has() { screen | grep -qE -- "$re"; }
	poll has || { printf 'no line matching /%s/ on screen:\n%s\n' "$re" "$(screen)"; return 1; }
}
# at_prompt PROMPT: the last line is PROMPT followed by nothing.
at_prompt() {
	local p=$1
	is() { [[ $(last_line) == "$p" ]]; }
	poll is || { printf 'last line is not "%s":\n%s\n' "$p" "$(screen)"; return 1; }
}
keys() { tm send-keys -t t "$@"; }
# A clean screen (Ctrl-L: readline clears it and redraws the line) so that
# assertions see only what follows.
fresh() {
	keys C-l
	cleared() { (($(screen | grep -c '[^ ]') == 1)); }
	poll cleared
}

check "prompt R1-HUB>" at_prompt 'R1-HUB>'
keys enable Enter
check "enable -> R1-HUB#" at_prompt 'R1-HUB#'

fresh
keys '?'
check "? lists commands with help" see '^  configure +Enter configuration mode$'
check "? lists show" see '^  show +Show running system information$'
check "? redisplays the prompt" at_prompt 'R1-HUB#'

fresh
keys 'sh ?'
check "sh ? lists show's keywords" see '^  ip +IP information$'
check "sh ? lists running-config" see '^  running-config +Current operating configuration$'
check "sh ? keeps the line" at_prompt 'R1-HUB#sh '
keys C-u

fresh
keys 'show ip ?'
check "show ip ? lists interface" see '^  interface +IP interface status and configuration$'
keys C-u

fresh
keys sh Tab
check "sh TAB -> show " at_prompt 'R1-HUB#show '
keys version Enter
check "... and the completed line runs" see '^Ferry Software'

fresh
keys 'sh ip intx br' Enter
check "mistyped command: message" see "^% Invalid input detected at '\\^' marker\\.$"
caret_under_x() {
	local s typed caret
	s=$(screen)
	typed=$(grep -m1 -F 'R1-HUB#sh ip intx br' <<<"$s")
	caret=$(grep -m1 -E '^ *\^$' <<<"$s")
	typed=${typed%%x*}
	equals "${#caret}" "$((${#typed} + 1))"
}
check "mistyped command: the caret is under the x" caret_under_x

fresh
keys 'sh i' Enter
check "sh i -> ambiguous" see '^% Ambiguous command:  "sh i"$'

fresh
keys 'show ip' Enter
check "show ip -> incomplete" see '^% Incomplete command\.$'

keys 'conf t' Enter
check "conf t -> (config)#" at_prompt 'R1-HUB(config)#'
keys 'int tu 0' Enter
check "int tu 0 -> (config-if)#" at_prompt 'R1-HUB(config-if)#'

fresh
keys '?'
check "? in interface mode lists description" see '^  description +Interface specific description$'
check "? in interface mode lists exit" see '^  exit +'
check "? in interface mode lists ip" see '^  ip +'
check "? in interface mode: prompt again" at_prompt 'R1-HUB(config-if)#'

fresh
keys 'do show ip interface brief' Enter
check "do show ip interface brief from config mode" see '^Interface +IP-Address +OK\? Method Status +Protocol$'
check "do: the hub's Ethernet0/0 listed" see '^Ethernet0/0 +172\.16\.0\.1 '
check "do: still in interface mode" at_prompt 'R1-HUB(config-if)#'

keys C-z
check "Ctrl-Z -> R1-HUB#" at_prompt 'R1-HUB#'

keys 'terminal length 5' Enter
fresh
keys 'show running-config' Enter
check "terminal length 5: show running-config stops at --More--" at_prompt ' --More-- '
page_lines() { screen | awk '/--More--/ {print n; exit} n != "" {n++} /^R1-HUB#show running-config$/ {n = 0}'; }
check "the first page is 4 lines (terminal length - 1)" equals "$(page_lines)" 4
page_through() {
	local pages=1 i
	for ((i = 0; i < 200; i++)); do
		local before
		before=$(screen)
		keys Space
		changed() { [[ $(screen) != "$before" ]] && [[ $(last_line) == *--More--* || $(last_line) == R1-HUB# ]]; }
		poll changed || { echo "no progress after Space:"; screen; return 1; }
		[[ $(last_line) == *--More--* ]] || break
		pages=$((pages + 1))
	done
	echo "pages: $pages"
	((pages > 2)) && screen | grep -qx 'end'
}
check "space continues, page after page, to the end" page_through
check "after the last page: the prompt" at_prompt 'R1-HUB#'

keys exit Enter
check "exit ends the shell" until_ok "$IT_TIMEOUT" test -s "$IT_TMP/exit-status"
check "the shell's exit status is 0" equals "$(cat "$IT_TMP/exit-status")" 0

it_finish
