#!/bin/sh
# Run one fixture case: testdata/cases/NAME/{input/, expected[, args, exit, secrets, modes, fixed/, fix_args,
# fix_exit, backup]}.
#   input/    the tree qwlint is run on (from inside a copy of input/, on ".", so paths in output are relative);
#             the copy's files are mode 0600, as Hermes creates them, unless `modes` says otherwise
#   modes     lines "MODE PATH" applied to the copy (git keeps no permission bits but the execute bit)
#   expected  the exact --format concise output, worked out by hand from the facts
#   args      extra command-line arguments (one line; optional)
#   exit      the expected exit status (optional; default 1 if expected has an error line, else 0)
#   secrets   extra secret strings, one per line, that must never be printed (optional; key-shaped values in
#             input/ are found automatically)
#   fixed/    the files after `qwlint $(cat fix_args) .` (default --fix), byte for byte
#   fix_exit  that run's exit status (optional; default 0 or 1: a refused repair, 3, fails the case)
#   backup    files --fix must have copied, unchanged, into .qwlint-backup/<timestamp>/ beside them
#   after     the --format concise findings on the files after --fix (default: none, so the repaired home
#             resolves to an endpoint that accepts its key)
#   resolution what Hermes's own resolver answered for the case's home (tests/oracle_resolution.py writes it from
#             ../shared/hermes-oracle; checked in, so the test needs no oracle): the main model's request in
#             `qwlint --resolve --format json` must agree field by field (tests/resolution_check.py)
# Then every output format (human, concise, json, github, sarif, gitlab, rdjson, junit, markdown, --statistics,
# --resolve, --diff) and the --write-baseline file are checked for leaks: no
# 8-character slice of any secret may appear.
#   sh tests/run_case.sh QWLINT CASE_DIR [PART]
# PART: checks (the findings, exit status, resolution and --fix, and no key in what those runs printed: ctest's
# case/NAME, make test), leaks (every output format and the baseline file: ctest's leaks/NAME, make test-full), or
# both (the default).
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
case_dir=$2
part=${3:-both}
case $part in
checks | leaks | both) ;;
*) echo "run_case.sh: PART is checks, leaks or both, not $part"; exit 2 ;;
esac
. "$(dirname "$0")/secrets.sh"
name=$(basename "$case_dir")
[ -d "$case_dir/input" ] || { bad "$name: no input/ directory"; finish "$name"; }
args=""
[ -f "$case_dir/args" ] && args=$(cat "$case_dir/args")
# prepare DIR: the modes the case asks for
prepare() {
	find "$1" -type f -exec chmod 0600 {} +
	if [ -f "$case_dir/modes" ]; then
		while read -r mode path; do
			[ -n "$mode" ] && chmod "$mode" "$1/$path"
		done <"$case_dir/modes"
	fi
}
# expect FILE ACTUAL WHAT: ACTUAL must equal the case's FILE (a missing FILE means no output at all)
expect() {
	want="$case_dir/$1"
	[ -f "$want" ] || want=/dev/null
	if ! diff -u "$want" "$2" >"$tmp/diff"; then
		bad "$name: $3 differ from $1 (- expected, + actual)"
		cat "$tmp/diff"
	fi
}
cp -a "$case_dir/input" "$tmp/in"
prepare "$tmp/in"
input="$tmp/in"
: >"$tmp/all"

# The checks part: the findings and the exit status, the resolution, --fix.
if [ "$part" != leaks ]; then
	# shellcheck disable=SC2086
	(cd "$input" && "$qwlint" --format concise --color never $args .) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err" >>"$tmp/all"
	if [ -f "$case_dir/exit" ]; then
		want_rc=$(cat "$case_dir/exit")
	elif grep -q ': error: ' "$case_dir/expected" 2>/dev/null; then
		want_rc=1
	else
		want_rc=0
	fi
	expect expected "$tmp/out" "the findings"
	if [ "$rc" != "$want_rc" ]; then
		bad "$name: exit status $rc, expected $want_rc"
		cat "$tmp/err"
	fi

	# resolution: qwlint's main request against Hermes's own answer for the home (the Hermes version the oracle ran)
	if [ -f "$case_dir/resolution" ]; then
		hv=""
		"$qwlint" --help 2>&1 | grep -q -- '--hermes-version' && hv="--hermes-version 0.18.2"
		# shellcheck disable=SC2086
		(cd "$input" && "$qwlint" --resolve --format json --color never $hv .) >"$tmp/resolve.json" 2>"$tmp/resolve.err"
		if ! python3 "$(dirname "$0")/resolution_check.py" "$case_dir/resolution" "$tmp/resolve.json" >"$tmp/resdiff"; then
			bad "$name: qwlint's resolution differs from Hermes's (resolution)"
			cat "$tmp/resdiff" "$tmp/resolve.err"
		fi
		cat "$tmp/resolve.json" >>"$tmp/all"
	fi

	# --fix: fixed/ holds the expected files after `qwlint $(cat fix_args)`, byte for byte; a second run changes nothing.
	if [ -d "$case_dir/fixed" ]; then
		fix_args="--fix"
		[ -f "$case_dir/fix_args" ] && fix_args=$(cat "$case_dir/fix_args")
		cp -a "$input" "$tmp/work"
		# shellcheck disable=SC2086
		(cd "$tmp/work" && "$qwlint" --color never $fix_args .) >"$tmp/fix1" 2>&1
		rc=$?
		# 0 or 1 (findings remain); 2 or 3 (an I/O error, a repair refused) only where fix_exit says so
		want_rc=$(cat "$case_dir/fix_exit" 2>/dev/null || echo "0 or 1")
		if { [ -f "$case_dir/fix_exit" ] && [ "$rc" != "$want_rc" ]; } || { [ ! -f "$case_dir/fix_exit" ] && [ "$rc" -gt 1 ]; }; then
			bad "$name: --fix exited $rc, want $want_rc"
			cat "$tmp/fix1"
		fi
		if ! diff -r -x .qwlint-backup "$case_dir/fixed" "$tmp/work" >"$tmp/fixdiff" 2>&1; then
			bad "$name: files after --fix differ from fixed/"
			cat "$tmp/fixdiff" "$tmp/fix1"
		fi
		if [ -f "$case_dir/backup" ]; then
			while read -r f; do
				[ -n "$f" ] || continue
				d=$(dirname "$f")
				b=$(find "$tmp/work/$d/.qwlint-backup" -mindepth 2 -maxdepth 2 -name "$(basename "$f")" 2>/dev/null | head -1)
				if [ -z "$b" ] || ! cmp -s "$b" "$input/$f"; then
					bad "$name: no unchanged backup of $f in $d/.qwlint-backup/<timestamp>/"
				elif [ "$(stat -c %a "$b")" != 600 ]; then
					bad "$name: the backup of $f is not mode 0600"
				fi
			done <"$case_dir/backup"
		elif [ -n "$(find "$tmp/work" -name .qwlint-backup)" ]; then
			bad "$name: --fix wrote a backup the case does not expect"
		fi
		(cd "$tmp/work" && "$qwlint" --format concise --color never .) >"$tmp/after" 2>&1
		expect after "$tmp/after" "the findings after --fix"
		cp -a "$tmp/work" "$tmp/work2"
		# shellcheck disable=SC2086
		(cd "$tmp/work2" && "$qwlint" --color never $fix_args .) >"$tmp/fix2" 2>&1
		if grep -q '^Fixed [^0-9]' "$tmp/fix2" || ! diff -r "$tmp/work" "$tmp/work2" >/dev/null; then
			bad "$name: a second --fix changed something (not idempotent)"
			cat "$tmp/fix2"
		fi
		cat "$tmp/fix1" "$tmp/fix2" "$tmp/after" >>"$tmp/all"
	fi
fi

# The leaks part: every output format, and the baseline file (--write-baseline) with what --baseline says of it.
if [ "$part" != checks ]; then
	for mode in "--format human --color always" "--format human --color never" "--format concise" \
		"--format json" "--format github" "--format sarif" "--format gitlab" "--format rdjson" "--format junit" \
		"--format markdown" "--statistics --unsafe-fixes" "--resolve --color never" "--diff --unsafe-fixes"; do
		# shellcheck disable=SC2086
		(cd "$input" && "$qwlint" $mode $args . 2>&1) >>"$tmp/all"
	done
	# shellcheck disable=SC2086
	(cd "$input" && "$qwlint" --write-baseline "$tmp/baseline.json" $args . 2>&1 &&
		"$qwlint" --baseline "$tmp/baseline.json" $args . 2>&1) >>"$tmp/all"
	[ -f "$tmp/baseline.json" ] && cat "$tmp/baseline.json" >>"$tmp/all"
fi

# Leak check over everything the runs above printed.
{
	[ -f "$case_dir/secrets" ] && cat "$case_dir/secrets"
	key_tokens "$input"
} | sort -u >"$tmp/secrets"
key_slices "$case_dir/../../../rules/keys.yaml" "$tmp/secrets" >"$tmp/slices"
if [ -s "$tmp/slices" ] && grep -F -f "$tmp/slices" "$tmp/all" >"$tmp/leaks"; then
	bad "$name: a key appears in the output:"
	sed 's/^/    /' "$tmp/leaks" | head -5
fi
finish "$name"
