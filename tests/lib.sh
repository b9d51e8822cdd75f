# lib.sh - sourced first by every shell suite of tests/ (the *_tests.sh scripts, doc_sync.sh, run_case.sh,
# secret_audit.sh): the prologue they share and the one way they count checks, so that every suite fails the same
# way, says what failed the same way, and ends with a line of the same shape.
#
#   . "$(dirname "$0")/lib.sh"         # set -u; $tmp, a fresh directory removed at exit
#   qwlint=$(abspath "$1")              # suites cd around, so the binary's path is made absolute
#   need git                            # a tool the suite cannot run without: "SKIP: ...", exit 77
#   check "what holds" $(cmd; echo $?)  # status 0 passes; anything else (or nothing) fails: "FAIL: what holds"
#   bad "what went wrong"               # a failure found some other way
#   finish NAME [FIGURES]               # "NAME: P passed, F failed[; FIGURES]"; exit 0 when nothing failed, else 1
#
# A suite that only reports failures (bad, never a passing check) ends with "ok NAME[: FIGURES]" when none failed,
# and "NAME: F failed[; FIGURES]" when some did.
# Checks are counted in a file as well as in $pass and $fail, so a check run in a subshell or a pipeline still
# counts and still fails the suite; $pass and $fail are the counts of the suite's own shell, for suites that look
# at them on the way (finish uses the file). KEEP=1 keeps $tmp and prints where it is.
#
# Ownership: lib.sh owns $tmp and the count file, and removes both at exit (after the commands given to at_exit,
# which a suite uses to stop the processes it started). A suite must not set its own EXIT trap.
set -u

pass=0
fail=0
t_counts=$(mktemp)
tmp=$(mktemp -d)
t_at_exit=
# the tree is removed even where a check took the permissions away (an unreadable file, directory or home)
t_cleanup() {
	eval "$t_at_exit"
	rm -f "$t_counts"
	if [ -n "${KEEP:-}" ]; then
		echo "kept: $tmp" >&2
	else
		rm -rf "$tmp" 2>/dev/null || { chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"; }
	fi
}
trap t_cleanup EXIT
# an interrupted suite cleans up too (the EXIT trap runs on exit, not on a signal)
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# at_exit COMMAND: run COMMAND (shell text, expanded at exit) before $tmp is removed
at_exit() {
	t_at_exit="$t_at_exit
$1"
}

# abspath PATH: PATH from the root (its directory must exist)
abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")" ;;
	esac
}

# skip REASON: the suite cannot run here; ctest counts exit 77 as skipped (SKIP_RETURN_CODE)
skip() {
	echo "SKIP: $1"
	exit 77
}

# need COMMAND [WHAT]: skip unless COMMAND is installed (WHAT says where it comes from)
need() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed${2:+ ($2)}"
}

# check NAME STATUS [FILE]: one check; STATUS 0 passes, anything else fails, and a failure shows FILE (the output
# the check looked at) below its name. Called as `check NAME $(...; echo $?)` or `check NAME $?`; an empty STATUS
# (a command substitution that printed nothing) is a failure, not an abort.
check() {
	if [ "${2-}" = 0 ]; then
		pass=$((pass + 1))
		echo pass >>"$t_counts"
	else
		fail=$((fail + 1))
		echo fail >>"$t_counts"
		printf 'FAIL: %s\n' "$1"
		[ -z "${3-}" ] || sed 's/^/    /' "$3"
	fi
}

# bad MESSAGE: a failed check the suite found itself (printed "FAIL: MESSAGE")
bad() {
	check "$1" 1
}

# finish NAME [FIGURES]: the summary line, and the suite's exit status (0 when no check failed, else 1)
finish() {
	t_pass=$(grep -cx pass "$t_counts")
	t_fail=$(grep -cx fail "$t_counts")
	if [ "$t_pass" = 0 ]; then # a suite that only reports failures (bad), or one whose every check failed
		[ "$t_fail" = 0 ] && { echo "ok $1${2:+: $2}"; exit 0; }
		echo "$1: $t_fail failed${2:+; $2}"
		exit 1
	fi
	echo "$1: $t_pass passed, $t_fail failed${2:+; $2}"
	[ "$t_fail" = 0 ] && exit 0
	exit 1
}
