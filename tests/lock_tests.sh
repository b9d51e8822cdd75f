#!/bin/sh
# lock_tests.sh QWLINT SRCDIR HOLD_LOCK: --fix and Hermes's auth.lock (hermes.md §6). Another process (hold_lock,
# standing in for Hermes) holds the lock:
#   - released within --lock-wait: qwlint waits for it, then repairs auth.json;
#   - held longer (flock or fcntl kind): qwlint gives up with a message naming the lock, auth.json byte-identical,
#     exit 3;
#   - the holder rewrites auth.json while qwlint waits: qwlint does not write over it, and says so.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
src=$2
hold=$3
pids=""
at_exit 'for p in $pids; do kill $p 2>/dev/null; done'
home() { # DIR: a home whose --fix --unsafe-fixes rewrites auth.json (QW401: a stale pool entry)
	rm -rf "$1"
	cp -a "$src/testdata/cases/qw401-manual-entry-overrides-env-base-url/input" "$1"
	find "$1" -type f -exec chmod 0600 {} +
}
# start_holder DIR KIND SECONDS [FILE TEXT]: returns once the lock is held
start_holder() {
	d=$1
	shift
	rm -f "$tmp/ready"
	"$hold" "$d/auth.lock" "$@" >"$tmp/ready" &
	pids="$pids $!"
	holder=$!
	i=0
	while ! grep -q locked "$tmp/ready" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}

# 1. Released after 2 s, with --lock-wait 10: waits, then writes.
home "$tmp/a"
start_holder "$tmp/a" flock 2
t0=$(date +%s)
"$qwlint" --fix --unsafe-fixes --lock-wait 10 "$tmp/a" >"$tmp/out" 2>"$tmp/err"
rc=$?
t1=$(date +%s)
check "released lock: exit 0" $([ $rc = 0 ] && echo 0 || echo 1)
check "released lock: waited for it" $([ $((t1 - t0)) -ge 1 ] && echo 0 || echo 1)
check "released lock: auth.json repaired" $(cmp -s "$src/testdata/cases/qw401-manual-entry-overrides-env-base-url/fixed/auth.json" "$tmp/a/auth.json"; echo $?)
wait $holder

# 2. Held past --lock-wait, by either kind of lock: refused, untouched, exit 3.
for kind in flock fcntl; do
	home "$tmp/b"
	start_holder "$tmp/b" $kind 30
	"$qwlint" --fix --unsafe-fixes --lock-wait 1 "$tmp/b" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "$kind lock held: exit 3" $([ $rc = 3 ] && echo 0 || echo 1)
	check "$kind lock held: message names the lock" $(grep -q "auth.lock is held by another process" "$tmp/err"; echo $?)
	check "$kind lock held: auth.json unchanged" $(cmp -s "$src/testdata/cases/qw401-manual-entry-overrides-env-base-url/input/auth.json" "$tmp/b/auth.json"; echo $?)
	kill $holder 2>/dev/null
	wait $holder 2>/dev/null
done

# 3. The holder writes auth.json while qwlint waits: qwlint must not write over it.
home "$tmp/c"
printf '{"version": 1, "providers": {}}\n' >"$tmp/theirs"
start_holder "$tmp/c" flock 2 "$tmp/c/auth.json" "$(cat "$tmp/theirs")"
"$qwlint" --fix --unsafe-fixes --lock-wait 10 "$tmp/c" >"$tmp/out" 2>"$tmp/err"
rc=$?
wait $holder
check "concurrent writer: exit 3" $([ $rc = 3 ] && echo 0 || echo 1)
check "concurrent writer: says the file changed" $(grep -q "auth.json changed while qwlint was reading it" "$tmp/err"; echo $?)
check "concurrent writer: their text kept" $(printf '%s' "$(cat "$tmp/theirs")" | cmp -s - "$tmp/c/auth.json"; echo $?)

finish auth.lock
