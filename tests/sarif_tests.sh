#!/bin/sh
# SARIF output, checked by two real validators from the npm registry, on every fixture case (run with the case's
# args and modes, as run_case.sh does) and on every rule's firing example (testdata/examples/<ID>/before/):
#   - ajv (JSON Schema 2020-12) with the SARIF 2.1.0 schema that Microsoft's SARIF SDK ships, plus the checks of
#     tests/sarif_check.js (ruleIndex, helpUri, the number of results the case expects);
#   - the SDK's own `sarif-multitool validate` (the schema and SARIF's rules): no error, no warning.
# The validators are installed once, at pinned versions, into $QW_NPM_CACHE (default ~/.cache/qwlint-tests).
# Exit 77 (skipped) only when npm is not installed; a failed install is a failure.
#   sh tests/sarif_tests.sh QWLINT SRCDIR [PART]
# PART: examples (the rule examples: every kind of repair as a SARIF fix; make test), cases (every fixture case;
# make test-full) or both (the default).
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$(cd "$2" && pwd)
cache=${QW_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qwlint-tests}/sarif-validators
part=${3:-both}
case $part in
examples | cases | both) ;;
*) echo "sarif_tests.sh: PART is examples, cases or both, not $part"; exit 2 ;;
esac
need npm
if [ ! -f "$cache/ok" ]; then
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool@5.7.0 ajv@8.20.0 ajv-formats@2.1.1 >"$cache/install.log" 2>&1 || {
		bad "npm install of the validators failed:"; tail -5 "$cache/install.log"; finish sarif; }
	touch "$cache/ok"
fi
mt_dir=$cache/node_modules/@microsoft/sarif-multitool-linux
schema=$mt_dir/sarif-2.1.0.json
chmod u+x "$mt_dir/Sarif.Multitool"
mkdir "$tmp/logs"
n=0
for case_dir in "$top"/testdata/cases/*/; do
	[ "$part" != examples ] || break
	name=$(basename "$case_dir")
	rm -rf "$tmp/in"
	cp -a "$case_dir/input" "$tmp/in"
	find "$tmp/in" -type f -exec chmod 0600 {} +
	if [ -f "$case_dir/modes" ]; then
		while read -r mode path; do
			[ -n "$mode" ] && chmod "$mode" "$tmp/in/$path"
		done <"$case_dir/modes"
	fi
	args=""
	[ -f "$case_dir/args" ] && args=$(cat "$case_dir/args")
	# shellcheck disable=SC2086
	(cd "$tmp/in" && "$qwlint" --format sarif $args .) >"$tmp/logs/$name.sarif" 2>/dev/null
	if [ -f "$case_dir/expected" ]; then wc -l <"$case_dir/expected"; else echo 0; fi >"$tmp/logs/$name.count"
	n=$((n + 1))
done
# every rule's firing example too (one result each), so that each kind of repair is checked as a SARIF fix
. "$top/tests/example_copy.sh"
for ex in "$top"/testdata/examples/*/; do
	[ "$part" != cases ] || break
	name=example-$(basename "$ex")
	copy "$ex" before "$tmp/in"
	args=""
	[ -f "$ex/args" ] && args=$(cat "$ex/args")
	# shellcheck disable=SC2086 # args holds words
	(cd "$tmp/in" && "$qwlint" --format sarif --unsafe-fixes $args .) >"$tmp/logs/$name.sarif" 2>/dev/null
	echo 1 >"$tmp/logs/$name.count"
	n=$((n + 1))
done
NODE_PATH=$cache/node_modules node "$top/tests/sarif_check.js" "$schema" "$tmp"/logs/*.sarif || bad "tests/sarif_check.js (the lines above)"
# The multitool is a .NET program: without libicu it needs the invariant globalization mode.
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$mt_dir/Sarif.Multitool" validate "$tmp/logs/*.sarif" \
	-o "$tmp/validation.sarif" >"$tmp/mt.out" 2>&1 || { bad "the multitool did not run:"; cat "$tmp/mt.out"; }
if grep -E ': (error|warning) ' "$tmp/mt.out"; then
	bad "sarif-multitool validate reports the lines above"
fi
grep -q "$n files scanned" "$tmp/mt.out" || { bad "the multitool did not scan $n files:"; cat "$tmp/mt.out"; }
finish "sarif ($part)" "$n runs, schema-valid (ajv) and clean (sarif-multitool validate)"
