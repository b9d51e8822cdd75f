#!/bin/sh
# run.sh [BUILD [HOMES]]: the performance benchmark (make bench; README's performance section).
#
# Builds qwlint, bench/gencorpus and bench/parsefloor in BUILD (default build), writes the seeded corpus of
# HOMES Hermes homes (default 10 000, plus Dify files, a 52 MB config.yaml and a 100 000-entry auth.json) under
# $BENCH_DIR (default /tmp/qwlint-bench; kept between runs), then measures in one run, side by side: qwlint and the
# parse floor on the corpus, on one home, on the big files; yamllint and qwlint on the same YAML files; --fix --diff
# on the corpus; peak memory. Times are hyperfine's means; memory is /usr/bin/time's peak RSS. Each target of
# issue 8 is printed with its measured ratio and whether it is met.
#
# Before timing, it checks that qwlint's answer on the corpus is right: exactly one error per home the generator
# seeded with a mistake, and none elsewhere; a fast wrong answer is worth nothing.
set -eu
build=${1:-build}
homes=${2:-10000}
dir=${BENCH_DIR:-/tmp/qwlint-bench}
here=$(cd "$(dirname "$0")/.." && pwd)
for tool in hyperfine yamllint /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make bench-deps)" >&2; exit 2; }
done
cmake -S "$here" -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)" --target qwlint gencorpus parsefloor >/dev/null
qw=$(cd "$build" && pwd)/qwlint
floor=$(cd "$build" && pwd)/parsefloor
corpus=$dir/corpus-$homes
if [ ! -f "$corpus/.done" ]; then
	rm -rf "$corpus"
	"$build/gencorpus" "$corpus" "$homes" >"$dir.gen.txt"
	cp "$dir.gen.txt" "$corpus/.done"
fi
mistakes=$(sed -n 's/.* homes (\([0-9]*\) with a known mistake).*/\1/p' "$corpus/.done")
cd "$corpus"
out=$dir/results
mkdir -p "$out"

# --- the answer first
"$qw" --quiet --format concise homes dify >"$out/findings" || true
errors=$(grep -c ': error: ' "$out/findings" || true)
others=$(grep -vc ': error: ' "$out/findings" || true)
echo "corpus: $(cat .done | sed 's/^gencorpus: //')"
echo "check: qwlint reports $errors errors and $others other findings on homes/ and dify/; the generator seeded $mistakes mistakes"
if [ "$errors" != "$mistakes" ] || [ "$others" != 0 ]; then
	echo "bench: qwlint's answer on the corpus is wrong; not timing it" >&2
	exit 1
fi

# --- the machine
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
echo "machine: $(nproc) cores ($cpu), $mem, $os; $("$qw" --version), yamllint $(yamllint --version | cut -d' ' -f2), hyperfine $(hyperfine --version | cut -d' ' -f2)"

# mean NAME COMMAND...: hyperfine's mean time in seconds (non-zero exits allowed: findings exit 1)
mean() {
	name=$1
	runs=$2
	shift 2
	hyperfine --style none --ignore-failure --warmup "$([ "$runs" -gt 1 ] && echo 1 || echo 0)" --runs "$runs" \
		--export-csv "$out/$name.csv" "$*" >/dev/null 2>&1
	sed -n 2p "$out/$name.csv" | cut -d, -f2 | awk '{printf "%.3f", $1}'
}
# mean_fast NAME RUNS COMMAND...: mean() for a command of a few milliseconds: run directly, not through a shell
# whose start-up hyperfine would have to subtract (that correction wandered by a third at 20 runs)
mean_fast() {
	name=$1
	runs=$2
	shift 2
	hyperfine -N --style none --ignore-failure --warmup 5 --runs "$runs" --export-csv "$out/$name.csv" "$*" \
		>/dev/null 2>&1
	sed -n 2p "$out/$name.csv" | cut -d, -f2 | awk '{printf "%.4f", $1}'
}
# rss COMMAND...: peak resident set in MB
rss() {
	/usr/bin/time -f '%M' -o "$out/rss" sh -c "$* >/dev/null 2>&1" || true
	tail -1 "$out/rss" | awk '{printf "%.0f", $1 / 1024}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {ok = op == "<=" ? v <= t : v >= t; print ok ? "met" : "NOT met"}'; }
row() { printf '%-44s %10s %10s  %s\n' "$@"; }

find homes dify \( -name '*.yaml' -o -name '*.yml' \) | sort >"$out/yaml-files"
nyaml=$(wc -l <"$out/yaml-files")

row "" "time (s)" "peak MB" ""
t_floor=$(mean floor 3 "$floor" homes dify)
row "parse floor, corpus" "$t_floor" "$(rss "$floor" homes dify)" ""
t_qw=$(mean qwlint 3 "$qw" --quiet --format concise homes dify)
r=$(ratio "$t_qw" "$t_floor")
row "qwlint, corpus (-j $(nproc), the default)" "$t_qw" "$(rss "$qw" --quiet --format concise homes dify)" "$r x the floor (target <= 1.5: $(verdict "$r" "<=" 1.5))"
t_j1=$(mean qwlint-j1 3 "$qw" -j 1 --quiet --format concise homes dify)
row "qwlint -j 1, corpus" "$t_j1" "$(rss "$qw" -j 1 --quiet --format concise homes dify)" "$(ratio "$t_j1" "$t_floor") x the floor"
if [ "$(nproc)" -ge 2 ]; then
	t_j2=$(mean qwlint-j2 3 "$qw" -j 2 --quiet --format concise homes dify)
	r=$(ratio "$t_j1" "$t_j2")
	row "qwlint -j 2, corpus" "$t_j2" "" "-j 2 is $r x as fast as -j 1 (target >= 1.7: $(verdict "$r" ">=" 1.7))"
fi
t_diff=$(mean diff 3 "$qw" --fix --diff homes dify)
row "qwlint --fix --diff, corpus" "$t_diff" "$(rss "$qw" --fix --diff homes dify)" "$(ratio "$t_diff" "$t_floor") x the floor"

t_yl=$(mean yamllint 1 xargs -a "$out/yaml-files" yamllint -f parsable)
row "yamllint, the $nyaml YAML files" "$t_yl" "$(rss xargs -a "$out/yaml-files" yamllint -f parsable)" ""
t_qy=$(mean qwlint-yaml 3 xargs -a "$out/yaml-files" "$qw" --quiet --format concise)
r=$(ratio "$t_yl" "$t_qy")
row "qwlint, the same YAML files" "$t_qy" "$(rss xargs -a "$out/yaml-files" "$qw" --quiet --format concise)" "yamllint takes $r x as long (target >= 50: $(verdict "$r" ">=" 50))"

t_f1=$(mean_fast floor1 200 "$floor" single)
row "parse floor, one home" "$t_f1" "$(rss "$floor" single)" ""
t_q1=$(mean_fast qwlint1 200 "$qw" --quiet single)
r=$(ratio "$t_q1" "$t_f1")
row "qwlint, one home (the pre-commit case)" "$t_q1" "$(rss "$qw" --quiet single)" "$r x the floor (target <= 2: $(verdict "$r" "<=" 2))"

size_mb=$(du -m big/yaml/config.yaml | cut -f1)
t_fb=$(mean floorbig 3 "$floor" big/yaml)
row "parse floor, ${size_mb} MB config.yaml" "$t_fb" "$(rss "$floor" big/yaml)" ""
t_qb=$(mean qwlintbig 3 "$qw" --quiet --max-file-size 0 big/yaml)
m_qb=$(rss "$qw" --quiet --max-file-size 0 big/yaml)
r=$(ratio "$m_qb" "$size_mb")
row "qwlint, ${size_mb} MB config.yaml" "$t_qb" "$m_qb" "$(ratio "$t_qb" "$t_fb") x the floor; peak $r x the file (target <= 3: $(verdict "$r" "<=" 3))"
t_fp=$(mean floorpool 3 "$floor" big/pool)
row "parse floor, 100 000-entry auth.json" "$t_fp" "$(rss "$floor" big/pool)" ""
t_qp=$(mean qwlintpool 3 "$qw" --quiet --max-file-size 0 big/pool)
row "qwlint, 100 000-entry auth.json" "$t_qp" "$(rss "$qw" --quiet --max-file-size 0 big/pool)" "$(ratio "$t_qp" "$t_fp") x the floor"

m100=$(rss "$qw" --quiet homes/h000[0-9][0-9])
mall=$(rss "$qw" --quiet homes)
row "peak memory, 100 homes / all $homes" "" "$m100 / $mall" "target: all <= 100 homes + 10 MB: $(verdict "$mall" "<=" $((m100 + 10)))"
