#!/bin/sh
# reliability.sh BUILD [FUZZ_BUILD SECONDS]: the reliability figures in one run (make reliability): hostile
# inputs, injected disk faults, kills during --fix, auth.lock contention, the write path (links, temp names,
# owners, a concurrent writer), directory searches (links out of the tree, depth, a path named twice), output
# escaping, the secret audit, the attack suites (homes with keys in every placement, the command-line fuzzer;
# ATTACK_HOMES and CLI_RUNS set their size), and, with a fuzz build, SECONDS of each fuzz target. Each part is
# also a test of the suite; this prints their summary lines together and exits 1 if any part failed.
set -u
build=$1
fuzz_build=${2:-}
seconds=${3:-30}
here=$(cd "$(dirname "$0")" && pwd)
src=$here/..
q=$build/qwlint
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail=0
run() { # NAME COMMAND...: run, keep the summary line
	name=$1
	shift
	if "$@" >"$out" 2>&1; then :; else fail=1; echo "$name FAILED:"; grep FAIL "$out" | head -5; fi
	tail -1 "$out"
}
echo "qwlint reliability figures ($(uname -srm), $(nproc) cores)"
run hostile sh "$here/hostile_tests.sh" "$q" "$src"
run faults sh "$here/fault_tests.sh" "$q" "$src" "$build/libfault_shim.so"
run crash sh "$here/crash_tests.sh" "$q" "$src" "$build/libfault_shim.so"
run lock sh "$here/lock_tests.sh" "$q" "$src" "$build/hold_lock"
run write sh "$here/write_tests.sh" "$q" "$src" "$build/libfault_shim.so"
run discover sh "$here/discover_tests.sh" "$q"
run escape sh "$here/escape_tests.sh" "$q" "$src" "$build/json_check"
run secrets sh "$here/secret_audit.sh" "$q" "$src"
run attack-homes python3 "$here/attack_homes.py" "$q" "${ATTACK_HOMES:-1500}" 1
run cli-fuzz python3 "$here/cli_fuzz.py" "$q" "$src" "${CLI_RUNS:-2000}" 1
echo "fixture cases: $(ls -d "$src"/testdata/cases/*/ | wc -l), each checked in every output format for leaks"
if [ -n "$fuzz_build" ]; then
	sh "$src/fuzz/run.sh" "$fuzz_build" "$seconds" || fail=1
fi
[ $fail = 0 ] && echo "reliability: all parts passed" || echo "reliability: FAILED"
exit $fail
