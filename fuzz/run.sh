#!/bin/sh
# run.sh BUILD SECONDS [WORK]: run every fuzz target of BUILD (configured with -DQW_FUZZ=ON) for SECONDS each,
# seeded from testdata/ and examples/ (seeds.sh) plus the corpus kept in WORK from earlier runs (default
# /tmp/qwlint-fuzz). Prints one line of figures per target and a total; exits 1 when a target found a crash, a hang
# (over 10 s on one input), a leak or a broken invariant, whose input is then in WORK/artifacts/ - copy it into
# fuzz/regressions/<target>/ once it is fixed. With FUZZ_SEED set, libFuzzer's random choices start from that seed,
# so a run (CI's smoke run) explores the same inputs each time, up to how far it gets in SECONDS: it then fails only
# on a problem the change brought, and what it finds can be found again.
set -u
build=$1
seconds=$2
work=${3:-/tmp/qwlint-fuzz}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work/seeds"
sh "$here/seeds.sh" "$here/.." "$work/seeds"
mkdir -p "$work/artifacts"
# libfyaml 0.7 leaks a buffer on some syntax errors (it checks repairs, fix_verify.c); a leak of ours is still reported.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$here/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1"
fail=0
total_runs=0
printf '%-9s %12s %8s %8s %8s %8s\n' target executions exec/s edges corpus found
targets="yaml json json5 toml dotenv pipeline"
for t in $targets; do
	mkdir -p "$work/corpus/$t"
	before=$(ls "$work/artifacts" | grep -c "^$t-" || true)
	"$build/fuzz_$t" ${FUZZ_SEED:+-seed=$FUZZ_SEED} -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" \
		"$work/corpus/$t" "$work/seeds/$t" >"$work/$t.log" 2>&1
	rc=$?
	after=$(ls "$work/artifacts" | grep -c "^$t-" || true)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t.log")
	edges=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -1 | cut -d' ' -f2)
	corpus=$(ls "$work/corpus/$t" | wc -l)
	found=$((after - before))
	printf '%-9s %12s %8s %8s %8s %8s\n' "$t" "${runs:-?}" "${speed:-?}" "${edges:-?}" "$corpus" "$found"
	total_runs=$((total_runs + ${runs:-0}))
	if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
		fail=1
		echo "fuzz_$t: exit $rc; see $work/$t.log and $work/artifacts/" >&2
		grep -E 'ERROR|invariant|SUMMARY' "$work/$t.log" | head -5 >&2
	fi
done
echo "fuzzing: $total_runs executions in $(echo $targets | wc -w) targets, $seconds s each; $( [ $fail = 0 ] && echo 'nothing found' || echo 'FOUND PROBLEMS')"
exit $fail
