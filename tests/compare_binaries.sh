#!/bin/sh
# compare_binaries.sh OLD NEW [--quick] [-j N] [--only REGEX] [--keep]: the "no behaviour change" check (issue 26; make compare).
#
# Runs two qwlint binaries on every input we have and reports each run where they differ in exit status, standard
# output or standard error, byte for byte after one normalisation: the temporary directories the runs happen in
# (each binary gets its own copy of every input, and its own empty HOME), the --fix backup stamp
# (YYYYMMDDTHHMMSS-PID) and the name of a temp file are replaced by placeholders, so two runs in different places
# compare equal. Run it from a qwlint checkout root (its testdata/ and bench/ are the inputs).
#
# Inputs: every testdata/cases/*/ (its input/ with the case's modes and its args, as tests/run_case.sh runs it),
# testdata/examples/*/before and after (tests/example_copy.sh), every entry of ../shared/corpus/*/ (directories
# and files; CMP_CORPUS overrides the place), and a seeded slice of the benchmark corpus (bench/gencorpus.c,
# CMP_BENCH_HOMES homes, default 200, seed 20261123; without its 52 MB YAML and 100 000-entry pool).
# Modes on each input: every --format (from the binaries' --help), human coloured too, --statistics, --list-files,
# --resolve (text and json), --diff (safe and unsafe), and --fix (safe, unsafe, and the case's fix_args) on a fresh
# copy for each binary, comparing the file trees afterwards too (paths, types, modes, contents by hash; .git's
# contents are left out). The read-only modes must leave the input tree as it was (the tree is compared after
# them). Without an input: --help, --version, --list-rules, --explain for every rule id and a few usage errors.
# --quick leaves out the benchmark slice and every --fix run.
#
# A difference is printed as the input, the mode, and the first 20 lines of a unified diff of what differs (tree
# differences as hashes, never file contents: inputs hold keys). Ends with "N runs compared, D differ" and the
# run time; exit status 0 iff D is 0 (2: a usage or set-up error). --keep keeps the work directory; --only REGEX
# runs only the inputs whose id (case/NAME, example/ID/before, corpus/DIR/ENTRY, bench/..., cli) REGEX matches.
# Environment of every run: HOME an empty directory, LC_ALL=C, TZ=UTC, NO_COLOR=1, no HERMES_HOME, FORCE_COLOR or
# PRE_COMMIT; nothing else is passed but PATH.
set -u

# ---------------------------------------------------------------------------------------------------------------
# The worker (one input, every mode, both binaries): compare_binaries.sh --job LINE, with CMP_* in the environment.

# norm FILE DIR: FILE with the run's temporary paths, backup stamps and temp names replaced by placeholders
norm() {
	sed -e "s|$2/old|<WORK>|g" -e "s|$2/new|<WORK>|g" -e "s|$CMP_TMP/home/old|<HOME>|g" \
		-e "s|$CMP_TMP/home/new|<HOME>|g" -e "s|$CMP_TMP|<TMP>|g" \
		-e 's/[0-9]\{8\}T[0-9]\{6\}-[0-9][0-9]*/<STAMP>/g' -e 's/\.qwlint-tmp-[A-Za-z0-9]\{6\}/.qwlint-tmp-<X>/g' "$1"
}

# manifest DIR: every path under DIR with its type, mode and (symlinks) target, then each file's hash; the
# contents of .git/ are left out (git may rewrite its index when asked what is tracked)
manifest() {
	(cd "$1" && {
		find . -name .git -prune -printf '%y %m %p\n' -o -printf '%y %m %p %l\n' | LC_ALL=C sort
		find . -name .git -prune -o -type f -exec sha256sum {} + | LC_ALL=C sort -k 2
	}) | sed -e 's/[0-9]\{8\}T[0-9]\{6\}-[0-9][0-9]*/<STAMP>/g' -e 's/\.qwlint-tmp-[A-Za-z0-9]\{6\}/.qwlint-tmp-<X>/g'
}

# report WHAT FILE_OLD FILE_NEW: the first 20 lines of their unified diff, indented
report() {
	diff -u --label "old $1" --label "new $1" "$2" "$3" | head -n 20 | sed 's/^/    /'
}

# run SIDE MODE...: run that side's binary with MODE, the input's args and its target, in $J/SIDE
run() {
	side=$1
	shift
	if [ "$side" = old ]; then bin=$CMP_OLD; else bin=$CMP_NEW; fi
	# shellcheck disable=SC2086
	(cd "$J/$side" && HOME=$CMP_TMP/home/$side exec "$bin" "$@" $target) >"$J/$side.out" 2>"$J/$side.err"
	echo $? >"$J/$side.rc"
}

# same PART: whether both sides' PART (out, err, rc, tree) are equal, after normalisation
same() {
	cmp -s "$J/old.$1" "$J/new.$1" && return 0
	norm "$J/old.$1" "$J" >"$J/old.$1.n"
	norm "$J/new.$1" "$J" >"$J/new.$1.n"
	cmp -s "$J/old.$1.n" "$J/new.$1.n"
}

# compare LABEL: count one run; when the sides differ, write what differs to the report
compare() {
	runs=$((runs + 1))
	bad=""
	for part in rc out err ${tree_too:+tree}; do
		same "$part" || bad="$bad $part"
	done
	[ -z "$bad" ] && return 0
	{
		echo "DIFF $id: $1 (differs:$bad; exit $(cat "$J/old.rc") vs $(cat "$J/new.rc"))"
		for part in $bad; do
			case $part in
			rc) ;;
			out) report stdout "$J/old.out.n" "$J/new.out.n" ;;
			err) report stderr "$J/old.err.n" "$J/new.err.n" ;;
			tree) report "file tree (type mode path; sha256 path)" "$J/old.tree.n" "$J/new.tree.n" ;;
			esac
		done
	} >>"$res.diff"
}

# fresh: both sides' work directories as new copies of the staged input
fresh() {
	rm -rf "$J/old" "$J/new"
	cp -a "$J/src" "$J/old" && cp -a "$J/src" "$J/new"
}

# lint MODE...: one read-only run on both sides, compared
lint() {
	run old "$@" $args
	run new "$@" $args
	compare "$*${args:+ $args}"
}

# fix MODE...: one --fix run on fresh copies, compared with the trees after it
fix() {
	fresh
	run old "$@"
	run new "$@"
	manifest "$J/old" >"$J/old.tree"
	manifest "$J/new" >"$J/new.tree"
	tree_too=1 compare "$*"
	tree_too=""
}

# stage KIND SRC: the input in $J/src, with $args, $fix_args and $target set
stage() {
	args="" fix_args="" target="."
	case $1 in
	case)
		cp -a "$2/input" "$J/src"
		find "$J/src" -type f -exec chmod 0600 {} +
		if [ -f "$2/modes" ]; then
			while read -r mode path; do
				[ -n "$mode" ] && chmod "$mode" "$J/src/$path"
			done <"$2/modes"
		fi
		[ -f "$2/args" ] && args=$(cat "$2/args")
		[ -f "$2/fix_args" ] && fix_args=$(cat "$2/fix_args")
		;;
	example-*)
		fail=0
		# shellcheck disable=SC1091
		. "$CMP_TOP/tests/example_copy.sh"
		copy "$2" "${1#example-}" "$J/src"
		[ "$fail" = 0 ] || return 1
		;;
	dir)
		cp -a "$2" "$J/src" && chmod -R u+w "$J/src"
		;;
	file)
		mkdir "$J/src" && cp -a "$2" "$J/src/" && chmod -R u+w "$J/src"
		target=$(basename "$2")
		;;
	bench)
		cp -a "$2" "$J/src"
		target="homes dify single"
		;;
	esac
	return 0
}

job() {
	line=$(sed -n "$1p" "$CMP_TMP/inputs")
	id=$(echo "$line" | cut -f 1)
	kind=$(echo "$line" | cut -f 2)
	src=$(echo "$line" | cut -f 3-)
	J=$CMP_TMP/w/$1
	res=$CMP_TMP/res/$1
	runs=0
	tree_too=""
	umask 022
	mkdir -p "$J"
	: >"$res.diff"
	if [ "$kind" = cli ]; then
		cli
	elif ! stage "$kind" "$src"; then
		echo "SETUP $id: cannot stage $src" >>"$res.diff"
	else
		fresh
		for f in $CMP_FORMATS; do
			lint --format "$f" --color never
		done
		lint --format human --color always
		lint --statistics --unsafe-fixes
		lint --list-files
		lint --resolve --color never
		lint --resolve --format json
		lint --diff
		lint --diff --unsafe-fixes
		# the read-only modes wrote nothing (or the same on both sides)
		manifest "$J/src" >"$J/src.tree"
		for side in old new; do
			manifest "$J/$side" >"$J/$side.tree"
			if ! cmp -s "$J/src.tree" "$J/$side.tree"; then
				echo "DIFF $id: the read-only modes changed the $side copy of the input" >>"$res.diff"
				report "tree" "$J/src.tree" "$J/$side.tree" >>"$res.diff"
			fi
		done
		runs=$((runs + 1))
		if [ -z "$CMP_QUICK" ]; then
			fix --color never --fix $args
			fix --color never --fix --unsafe-fixes $args
			# shellcheck disable=SC2086
			[ -n "$fix_args" ] && fix --color never $fix_args
		fi
	fi
	echo "$runs" >"$res.n"
	rm -rf "$J"
}

# cli: the runs without an input, in an empty directory
cli() {
	mkdir -p "$J/old" "$J/new"
	target=""
	args=""
	for m in --help --version --list-rules "--format nope ." --no-such-option "--explain QW999" \
		"--explain" "--color never"; do
		# shellcheck disable=SC2086
		lint $m
	done
	{
		HOME=$CMP_TMP/home/old "$CMP_OLD" --list-rules
		HOME=$CMP_TMP/home/new "$CMP_NEW" --list-rules
	} 2>/dev/null | cut -d ' ' -f 1-2 | LC_ALL=C sort -u >"$J/rules"
	while read -r rid rname; do
		lint --explain "$rid"
		[ -n "$rname" ] && lint --explain "$rname"
	done <"$J/rules"
}

if [ "${1:-}" = --job ]; then
	job "$2"
	exit 0
fi

# ---------------------------------------------------------------------------------------------------------------
# The driver.
usage() {
	echo "usage: compare_binaries.sh OLD_BINARY NEW_BINARY [--quick] [-j N] [--only REGEX] [--keep]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
abspath() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
old=$(abspath "$1") new=$(abspath "$2")
shift 2
quick="" jobs=2 keep="" only=""
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--keep) keep=1 ;;
	-j) [ $# -ge 2 ] || usage; jobs=$2; shift ;;
	--only) [ $# -ge 2 ] || usage; only=$2; shift ;;
	*) usage ;;
	esac
	shift
done
for b in "$old" "$new"; do
	[ -x "$b" ] && [ -f "$b" ] || { echo "compare_binaries.sh: $b is not an executable file" >&2; exit 2; }
done
self=$(abspath "$0")
if [ -d testdata/cases ]; then top=$(pwd); else top=$(cd "$(dirname "$0")/.." && pwd); fi
[ -d "$top/testdata/cases" ] || { echo "compare_binaries.sh: run it from a qwlint checkout root" >&2; exit 2; }
corpus=${CMP_CORPUS:-$top/../shared/corpus}
bench_homes=${CMP_BENCH_HOMES:-200}
start=$(date +%s)
tmp=$(mktemp -d)
# shellcheck disable=SC2064
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/home/old" "$tmp/home/new" "$tmp/w" "$tmp/res"

# the formats: the union of what each binary's --help lists
formats=$(for b in "$old" "$new"; do
	HOME=$tmp/home/old "$b" --help 2>&1 | sed -n 's/.*--format FMT *output format: \([a-z, ]*\).*/\1/p' | tr -d ,
done | tr ' ' '\n' | grep . | LC_ALL=C sort -u | tr '\n' ' ')
[ -n "$formats" ] || { echo "compare_binaries.sh: no formats in --help" >&2; exit 2; }

# the inputs, one a line: ID TAB KIND TAB SOURCE
tab=$(printf '\t')
{
	echo "cli${tab}cli${tab}-"
	if [ -z "$quick" ]; then
		cc -O2 -o "$tmp/gencorpus" "$top/bench/gencorpus.c" &&
			"$tmp/gencorpus" "$tmp/bench" "$bench_homes" 20261123 >/dev/null &&
			rm -rf "$tmp/bench/big" ||
			{ echo "compare_binaries.sh: cannot make the benchmark slice" >&2; exit 2; }
		echo "bench/$bench_homes-homes${tab}bench${tab}$tmp/bench"
	fi
	for d in "$top"/testdata/cases/*/; do
		[ -d "$d/input" ] && echo "case/$(basename "$d")${tab}case${tab}${d%/}"
	done
	for d in "$top"/testdata/examples/*/; do
		for part in before after; do
			[ -d "$d/$part" ] && echo "example/$(basename "$d")/$part${tab}example-$part${tab}${d%/}"
		done
	done
	if [ -d "$corpus" ]; then
		for e in "$corpus"/*/*; do
			[ -e "$e" ] || continue
			rel=${e#"$corpus"/}
			if [ -d "$e" ]; then k=dir; else k=file; fi
			echo "corpus/$rel${tab}$k${tab}$e"
		done
	else
		echo "compare_binaries.sh: no corpus at $corpus; leaving it out" >&2
	fi
} >"$tmp/inputs.all" || exit 2
if [ -n "$only" ]; then
	grep -E -e "^($only)" "$tmp/inputs.all" >"$tmp/inputs"
else
	cp "$tmp/inputs.all" "$tmp/inputs"
fi
ninputs=$(wc -l <"$tmp/inputs")
echo "compare_binaries.sh: $old vs $new: $ninputs inputs, formats: $formats${quick:+ (--quick)}, -j $jobs"

export CMP_OLD="$old" CMP_NEW="$new" CMP_TMP="$tmp" CMP_TOP="$top" CMP_QUICK="$quick" CMP_FORMATS="$formats"
# a clean environment for every run: only PATH and these
seq 1 "$ninputs" | env -i PATH="$PATH" LC_ALL=C TZ=UTC NO_COLOR=1 TMPDIR="$tmp" CMP_OLD="$old" CMP_NEW="$new" \
	CMP_TMP="$tmp" CMP_TOP="$top" CMP_QUICK="$quick" CMP_FORMATS="$formats" \
	xargs -P "$jobs" -n 1 sh "$self" --job

runs=$(cat "$tmp"/res/*.n 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
differ=$(cat "$tmp"/res/*.diff 2>/dev/null | grep -c '^\(DIFF\|SETUP\) ')
done_inputs=$(find "$tmp/res" -name '*.n' | wc -l)
for n in $(seq 1 "$ninputs"); do
	[ -s "$tmp/res/$n.diff" ] && cat "$tmp/res/$n.diff"
done
[ "$done_inputs" = "$ninputs" ] || { echo "compare_binaries.sh: only $done_inputs of $ninputs inputs finished" >&2; differ=$((differ + 1)); }
end=$(date +%s)
echo "$runs runs compared, $differ differ ($ninputs inputs, $((end - start)) s)"
[ -n "$keep" ] && echo "work directory kept: $tmp"
[ "$differ" = 0 ]
