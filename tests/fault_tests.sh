#!/bin/sh
# fault_tests.sh QWLINT SRCDIR FAULT_SHIM: --fix when the disk fails (tests/fault_shim.c: ENOSPC on write, EIO on
# fsync, EIO on rename, EACCES creating the temp file), for a repair of each file kind (config.yaml, .env with a
# backup-free edit, auth.json with a backup first). Each time: every file byte-identical to before, the reason
# printed, exit 3, no temp file left. Prints the number of injected faults.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
src=$2
shim=$3
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
runs=0
# scenario case: a fixture whose --fix --unsafe-fixes rewrites these files
for scenario in seed-auto-coding-plan-key fix-qw306-move-into-env qw401-manual-entry-overrides-env-base-url; do
	for fault in enospc eio rename eacces; do
		d="$tmp/$scenario-$fault"
		cp -a "$src/testdata/cases/$scenario/input" "$d"
		find "$d" -type f -exec chmod 0600 {} +
		LD_PRELOAD="$shim" QWLINT_FAULT=$fault "$qwlint" --fix --unsafe-fixes "$d" >/dev/null 2>"$tmp/err"
		rc=$?
		runs=$((runs + 1))
		check "$scenario $fault: exit 3" $([ $rc = 3 ] && echo 0 || echo 1)
		for f in $(cd "$src/testdata/cases/$scenario/input" && find . -type f); do
			check "$scenario $fault: $f intact" $(cmp -s "$src/testdata/cases/$scenario/input/$f" "$d/$f"; echo $?)
		done
		check "$scenario $fault: says why" \
			$(grep -qE "No space left|Input/output error|Permission denied" "$tmp/err"; echo $?)
		check "$scenario $fault: no temp file" $([ -z "$(find "$d" -name '.*.qwlint-*')" ] && echo 0 || echo 1)
	done
done
finish "injected faults" "$runs runs (4 faults x 3 repairs)"
