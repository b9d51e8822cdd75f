#!/bin/sh
# secret_audit.sh QWLINT SRCDIR [SHARD NSHARDS]: no key ever reaches qwlint's output, over every fixture case that
# holds one (with SHARD and NSHARDS, only the cases whose index modulo NSHARDS is SHARD: ctest runs the audit as
# shards in parallel, which keeps each under its time limit in the sanitizer builds).
#
# The secrets of a case are the key-shaped tokens of its files (the prefixes of rules/keys.yaml's families) and
# every value of a secret-named variable or field (…KEY…, …TOKEN…, …SECRET…, api_key, access_token, …) that looks
# random (16+ characters with a digit). For each such case, everything qwlint can print is collected: every
# output format, --resolve, --diff, --fix and the lint after it (stdout and stderr), each file through
# --stdin-filename, --explain of each rule the case reports, the listing of the backups, and the --write-baseline
# file. No 8-character slice of a secret may appear, except one lying wholly inside a family's public prefix (as in
# run_case.sh). Also:
# backups are 0600 in 0700 directories, and a key passed as a bad option value is not echoed.
# Prints: cases and secrets audited, runs, bytes of output checked, leaks (must be 0).
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
src=$2
shard=${3:-0}
nshards=${4:-1}
. "$(dirname "$0")/secrets.sh"
cases=0
nsecrets=0
runs=0
bytes=0
leaks=0

# secrets_of DIR: one secret per line
secrets_of() {
	key_tokens "$1"
	# secret-named variables and fields: NAME=value, name: value, "name": "value"
	find "$1" -type f -exec grep -hoiE \
		'[A-Za-z0-9_]*(key|token|secret|password)[A-Za-z0-9_]*"?[[:space:]]*[=:][[:space:]]*"?[^"[:space:],}#]{16,}' {} + 2>/dev/null |
		sed -E 's/^[^=:]*[=:][[:space:]]*"?//' | grep -E '[0-9]' | grep -vE '^\$\{|^sha256:|^https?:|^/'
}

index=0
for case_dir in "$src"/testdata/cases/*/; do
	name=$(basename "$case_dir")
	index=$((index + 1))
	[ $((index % nshards)) = "$shard" ] || continue
	[ -d "$case_dir/input" ] || continue
	secrets_of "$case_dir/input" | sort -u >"$tmp/secrets"
	[ -s "$tmp/secrets" ] || continue
	cases=$((cases + 1))
	nsecrets=$((nsecrets + $(wc -l <"$tmp/secrets")))
	rm -rf "$tmp/in" "$tmp/all"
	cp -a "$case_dir/input" "$tmp/in"
	find "$tmp/in" -type f -exec chmod 0600 {} +
	args=""
	[ -f "$case_dir/args" ] && args=$(cat "$case_dir/args")
	: >"$tmp/all"
	# (run_case.sh checks every format on the key-shaped tokens; these runs add the secret-named values)
	for mode in "--format human --color always" "--format json" "--format sarif" "--format gitlab" \
		"--format rdjson --unsafe-fixes" "--format junit" "--format markdown" "--resolve --color always" \
		"--diff --unsafe-fixes"; do
		# shellcheck disable=SC2086
		(cd "$tmp/in" && "$qwlint" $mode $args . >>"$tmp/all" 2>&1)
		runs=$((runs + 1))
	done
	# the reports -o writes, read back from their files (the same renderers, through qw_write_report)
	(cd "$tmp/in" && "$qwlint" -q -o "gitlab:$tmp/r.gitlab" -o "rdjson:$tmp/r.rdjson" -o "junit:$tmp/r.xml" \
		-o "markdown:$tmp/r.md" -o "sarif:$tmp/r.sarif" $args . >>"$tmp/all" 2>&1)
	cat "$tmp/r.gitlab" "$tmp/r.rdjson" "$tmp/r.xml" "$tmp/r.md" "$tmp/r.sarif" >>"$tmp/all" 2>/dev/null
	rm -f "$tmp"/r.*
	runs=$((runs + 1))
	# each file as standard input
	(cd "$tmp/in" && find . -type f) | while read -r f; do
		(cd "$tmp/in" && "$qwlint" --format human --color never --stdin-filename "$f" - <"$f" >>"$tmp/all" 2>&1)
	done
	runs=$((runs + $(find "$tmp/in" -type f | wc -l)))
	# --explain of each rule reported
	for id in $(grep -oE 'QW[0-9]{3}' "$tmp/all" | sort -u); do
		"$qwlint" --explain "$id" >>"$tmp/all" 2>&1
		runs=$((runs + 1))
	done
	# --fix, the lint after it, and the backups
	cp -a "$tmp/in" "$tmp/fx"
	(cd "$tmp/fx" && "$qwlint" --fix --unsafe-fixes --color never . >>"$tmp/all" 2>&1)
	(cd "$tmp/fx" && "$qwlint" --color never . >>"$tmp/all" 2>&1)
	runs=$((runs + 2))
	find "$tmp/fx" -path '*/.qwlint-backup/*' -exec ls -la {} + >>"$tmp/all" 2>&1
	loose=$(find "$tmp/fx" -path '*/.qwlint-backup*' \( \( -type f ! -perm 0600 \) -o \( -type d ! -perm 0700 \) \))
	[ -z "$loose" ] || bad "$name: backups not 0600 in 0700 directories: $loose"
	rm -rf "$tmp/fx"
	# the baseline file, and what --baseline says about it
	rm -f "$tmp/baseline.json"
	(cd "$tmp/in" && "$qwlint" --write-baseline "$tmp/baseline.json" $args . >>"$tmp/all" 2>&1 &&
		"$qwlint" --baseline "$tmp/baseline.json" $args . >>"$tmp/all" 2>&1)
	[ -f "$tmp/baseline.json" ] && cat "$tmp/baseline.json" >>"$tmp/all"
	runs=$((runs + 2))
	# a key typed as the value of any option that takes one, or as a path (reliability #22). What an option
	# echoes depends on the key's shape, not on the case: every sixth case of a shard is enough to try them
	# with many shapes, and keeps the audit's time (16 more runs a case) within CI's under the sanitizers.
	if [ $(((index / nshards) % 6)) = 0 ]; then
		k=$(head -1 "$tmp/secrets")
		for opt in --region --format --fail-on --color --explain --config --cacert --rules-dir --lock-wait --jobs \
			--max-file-size --probe-timeout --probe-resolve --print-doc --baseline; do
			"$qwlint" $opt "$k" "$tmp/in" >>"$tmp/all" 2>&1
			runs=$((runs + 1))
		done
		(cd "$tmp/in" && "$qwlint" "$k" "$k/.env" >>"$tmp/all" 2>&1)
		(cd "$tmp/in" && "$qwlint" --stdin-filename "$k/.env" - </dev/null >>"$tmp/all" 2>&1)
		runs=$((runs + 2))
	fi
	bytes=$((bytes + $(wc -c <"$tmp/all")))
	key_slices "$src/rules/keys.yaml" "$tmp/secrets" >"$tmp/slices"
	if grep -F -f "$tmp/slices" "$tmp/all" >"$tmp/leaks"; then
		bad "$name: a key appears in the output:"
		sed 's/^/    /' "$tmp/leaks" | head -5
		leaks=$((leaks + $(wc -l <"$tmp/leaks")))
	fi
done
suite="secret audit"
[ "$nshards" = 1 ] || suite="secret audit (shard $shard of $nshards)"
finish "$suite" "$nsecrets secrets in $cases cases, $runs runs of qwlint, $bytes bytes of output checked, $leaks leaked"
