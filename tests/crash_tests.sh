#!/bin/sh
# crash_tests.sh QWLINT SRCDIR FAULT_SHIM: crash consistency of --fix.
#
# For multi-file repairs (contents, a backup before data is deleted, a chmod), qwlint is killed with SIGKILL at
# every step of its write path in turn (tests/fault_shim.c: QWLINT_KILL_AT=N; a write is cut in the middle), and
# then at random moments. After each kill:
#   - every file is byte-identical to its old or its new text (never partial), and its mode is the old or the new;
#   - every backup that exists is a complete copy of the old file; a temp file left behind is mode 0600 (or, just
#     before its rename, the mode of the file it replaces);
#   - the next `qwlint --fix` removes the temp files the killed run left, says so, and ends with the new texts.
# Prints the figures: kill points tried, random kills, and temp files left and cleaned.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
src=$2
shim=$3
kills=0
leftovers=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"

# prepare NAME DIR: the scenario's files in DIR. Scenarios are fixture inputs plus a mode that QW701 repairs.
prepare() {
	rm -rf "$2"
	case $1 in
	pool) # QW401 drops a stale auth.json pool entry (backup first) and QW701 makes .env 0600
		cp -a "$src/testdata/cases/qw401-manual-entry-overrides-env-base-url/input" "$2"
		find "$2" -type f -exec chmod 0600 {} +
		chmod 0644 "$2/.env" ;;
	move) # QW306 moves DASHSCOPE_BASE_URL from config.yaml into .env: two files rewritten
		cp -a "$src/testdata/cases/fix-qw306-move-into-env/input" "$2"
		find "$2" -type f -exec chmod 0600 {} +
		chmod 0640 "$2/config.yaml" ;;
	esac
}

# snapshot DIR OUT: "mode sha path" for every file but auth.lock (Hermes's lock file, created on purpose) and
# backups (checked apart)
snapshot() {
	(cd "$1" && find . -type f ! -name auth.lock ! -path './.qwlint-backup/*' ! -name '.*.qwlint-*' | sort |
		while read -r f; do echo "$(stat -c %a "$f") $(sha256sum <"$f" | cut -c1-16) $f"; done) >"$2"
}

# consistent NAME DIR: every file of DIR as in old or new, backups complete
consistent() {
	ok=0
	snapshot "$2" "$tmp/now"
	while read -r mode sum f; do
		if ! grep -qxF "$mode $sum $f" "$tmp/old" && ! grep -qxF "$mode $sum $f" "$tmp/new"; then
			# contents of one, mode of the other: a kill between the rename and the chmod
			oc=$(grep " $f\$" "$tmp/old" | cut -d' ' -f2)
			nc=$(grep " $f\$" "$tmp/new" | cut -d' ' -f2)
			om=$(grep " $f\$" "$tmp/old" | cut -d' ' -f1)
			nm=$(grep " $f\$" "$tmp/new" | cut -d' ' -f1)
			if { [ "$sum" != "$oc" ] && [ "$sum" != "$nc" ]; } || { [ "$mode" != "$om" ] && [ "$mode" != "$nm" ]; }; then
				echo "  $1: $f is neither its old nor its new text ($mode $sum)"
				ok=1
			fi
		fi
	done <"$tmp/now"
	for b in "$2"/.qwlint-backup/*/*; do
		[ -f "$b" ] || continue
		case $(basename "$b") in .*.qwlint-*) continue ;; esac
		cmp -s "$b" "$tmp/orig/$(basename "$b")" || { echo "  $1: backup $b is not the old file"; ok=1; }
	done
	return $ok
}

temps() { find "$1" -name '.*.qwlint-*' | wc -l; }

# temp_modes DIR: every temp file is created 0600 and takes the mode of the file it replaces just before the
# rename, so it never shows its contents to more users than that file does
temp_modes() {
	find "$1" -name '.*.qwlint-*' | while read -r t; do
		target=$(basename "$t" | sed 's/^\.//; s/\.qwlint-tmp-......$//')
		m=$(stat -c %a "$t")
		om=$(stat -c %a "$tmp/orig/$target" 2>/dev/null)
		[ "$m" = 600 ] || [ "$m" = "$om" ] || { echo "  $t has mode $m"; exit 1; }
	done
}

for scenario in pool move; do
	prepare $scenario "$tmp/orig"
	snapshot "$tmp/orig" "$tmp/old"
	prepare $scenario "$tmp/full"
	LD_PRELOAD="$shim" QWLINT_STEPS_FILE="$tmp/steps" "$qwlint" --fix --unsafe-fixes "$tmp/full" >/dev/null 2>&1
	snapshot "$tmp/full" "$tmp/new"
	steps=$(cat "$tmp/steps")
	check "$scenario: the repair changes files" $(cmp -s "$tmp/old" "$tmp/new" && echo 1 || echo 0)
	check "$scenario: the write path has steps" $([ "$steps" -gt 3 ] && echo 0 || echo 1)
	n=1
	while [ $n -le "$steps" ]; do
		prepare $scenario "$tmp/k"
		LD_PRELOAD="$shim" QWLINT_KILL_AT=$n "$qwlint" --fix --unsafe-fixes "$tmp/k" >/dev/null 2>&1
		rc=$?
		kills=$((kills + 1))
		check "$scenario: killed at step $n" $([ $rc = 137 ] && echo 0 || echo 1)
		check "$scenario: step $n: every file old or new" $(consistent "$scenario step $n" "$tmp/k"; echo $?)
		left=$(temps "$tmp/k")
		leftovers=$((leftovers + left))
		check "$scenario: step $n: temp files are 0600 or the mode of the file they replace" $(temp_modes "$tmp/k"; echo $?)
		"$qwlint" --fix --unsafe-fixes "$tmp/k" >"$tmp/out" 2>&1
		if [ "$left" -gt 0 ]; then
			check "$scenario: step $n: the next run says it removed the temp file" \
				$(grep -q 'left by an interrupted qwlint --fix' "$tmp/out"; echo $?)
		fi
		check "$scenario: step $n: no temp file after the next run" $([ "$(temps "$tmp/k")" = 0 ] && echo 0 || echo 1)
		snapshot "$tmp/k" "$tmp/after"
		check "$scenario: step $n: the next run completes the repair" $(cmp -s "$tmp/after" "$tmp/new"; echo $?)
		n=$((n + 1))
	done
	# kills at random moments, of a run without the shim
	i=0
	while [ $i -lt 15 ]; do
		prepare $scenario "$tmp/r"
		"$qwlint" --fix --unsafe-fixes "$tmp/r" >/dev/null 2>&1 &
		pid=$!
		sleep "0.00$(awk -v s="$i$$" 'BEGIN { srand(s); printf "%d", rand() * 9 }')"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		kills=$((kills + 1))
		check "$scenario: random kill $i: every file old or new" $(consistent "$scenario random $i" "$tmp/r"; echo $?)
		"$qwlint" --fix --unsafe-fixes "$tmp/r" >/dev/null 2>&1
		snapshot "$tmp/r" "$tmp/after"
		check "$scenario: random kill $i: the next run completes the repair" $(cmp -s "$tmp/after" "$tmp/new"; echo $?)
		check "$scenario: random kill $i: no temp file" $([ "$(temps "$tmp/r")" = 0 ] && echo 0 || echo 1)
		i=$((i + 1))
	done
done
finish "crash consistency" "$kills kills ($((kills - 30)) at write-path steps, 30 at random moments), $leftovers temp files\
 left and cleaned by the next run"
