#!/bin/sh
# The CI formats (gitlab, rdjson, junit, markdown), on every fixture case (with the case's args and modes, as
# run_case.sh runs it) and every rule's firing example, all four written by one run through -o FMT:FILE:
#   - gitlab against a JSON Schema of GitLab's documented Code Quality fields, rdjson against reviewdog's own
#     DiagnosticResult schema, markdown parsed by markdown-it (tests/formats_check.js, with the checks the schemas
#     cannot make); the validators from the npm registry, at pinned versions, installed once into $QW_NPM_CACHE;
#   - junit with xmllint --schema against the JUnit XSD of Jenkins's xunit plugin, and its <failure> count;
#   - rdjson's suggestions, applied as reviewdog applies them (tests/rdjson_apply.py), equal --fix's result.
# Schemas and their sources: tests/schemas/README.md. Exit 77 (skipped) only when npm or xmllint is missing.
#   sh tests/formats_tests.sh QWLINT SRCDIR [PART]
# PART: examples (the rule examples, with the rdjson suggestions; make test), cases (every fixture case; make
# test-full) or both (the default).
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$(cd "$2" && pwd)
cache=${QW_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qwlint-tests}/format-validators
part=${3:-both}
case $part in
examples | cases | both) ;;
*) echo "formats_tests.sh: PART is examples, cases or both, not $part"; exit 2 ;;
esac
need npm
need xmllint libxml2-utils
if [ ! -f "$cache/ok" ]; then
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
		ajv@8.20.0 ajv-draft-04@1.0.0 markdown-it@14.1.0 >"$cache/install.log" 2>&1 || {
		bad "npm install of the validators failed:"; tail -5 "$cache/install.log"; finish formats; }
	touch "$cache/ok"
fi
mkdir "$tmp/logs"
n=0
nsugg=0
# run NAME ARGS...: in $tmp/in, the four reports of one run into logs/NAME.*
run() {
	name=$1
	shift
	# shellcheck disable=SC2068
	(cd "$tmp/in" && "$qwlint" --format concise -o "gitlab:$tmp/logs/$name.gitlab" -o "rdjson:$tmp/logs/$name.rdjson" \
		-o "junit:$tmp/logs/$name.xml" -o "markdown:$tmp/logs/$name.md" $@ .) >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -gt 1 ] && [ ! -f "$tmp/logs/$name.gitlab" ]; then
		bad "$name: qwlint exited $rc and wrote no report:"; cat "$tmp/err"
	fi
	n=$((n + 1))
}
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
	run "$name" $args
	if [ -f "$case_dir/expected" ]; then wc -l <"$case_dir/expected"; else echo 0; fi >"$tmp/logs/$name.count"
done
. "$top/tests/example_copy.sh"
for ex in "$top"/testdata/examples/*/; do
	[ "$part" != cases ] || break
	name=example-$(basename "$ex")
	copy "$ex" before "$tmp/in"
	args=""
	[ -f "$ex/args" ] && args=$(cat "$ex/args")
	# shellcheck disable=SC2086 # args holds words
	run "$name" --unsafe-fixes $args
	echo 1 >"$tmp/logs/$name.count"
	# rdjson's suggestions, applied as reviewdog applies them, give the file --fix writes (safe repairs only)
	if grep -q '"suggestions"' "$tmp/logs/$name.rdjson"; then
		(cd "$tmp/in" && "$qwlint" -o "rdjson:$tmp/safe.rdjson" . >/dev/null 2>&1)
		rm -rf "$tmp/fixed"
		cp -a "$tmp/in" "$tmp/fixed"
		(cd "$tmp/fixed" && "$qwlint" --fix --no-backup . >/dev/null 2>&1)
		python3 "$top/tests/rdjson_apply.py" "$tmp/safe.rdjson" "$tmp/in" "$tmp/fixed" >"$tmp/apply.out" ||
			{ cat "$tmp/apply.out"; bad "$name: rdjson's suggestions applied differ from --fix"; }
		nsugg=$((nsugg + 1))
	fi
done
[ "$part" = cases ] || [ "$nsugg" -ge 5 ] || bad "only $nsugg rule examples have rdjson suggestions"
NODE_PATH=$cache/node_modules node "$top/tests/formats_check.js" "$top/tests/schemas" \
	"$tmp"/logs/*.gitlab "$tmp"/logs/*.rdjson "$tmp"/logs/*.md || bad "tests/formats_check.js (the lines above)"
# JUnit: the schema, then one <failure> per finding the case expects
if ! xmllint --noout --schema "$top/tests/schemas/junit-10.xsd" "$tmp"/logs/*.xml 2>"$tmp/xml.err" >/dev/null; then
	grep -v ' validates$' "$tmp/xml.err" | head -20
	bad "xmllint --schema junit-10.xsd"
fi
nx=$(grep -c ' validates$' "$tmp/xml.err")
[ "$nx" = $n ] || bad "$nx of $n JUnit reports validate"
for x in "$tmp"/logs/*.xml; do
	got=$(grep -c '<failure ' "$x")
	want=$(cat "${x%.xml}.count")
	[ "$got" = "$want" ] || bad "$(basename "$x"): $got failures, the case expects $want"
done
figures="$n runs, four reports each: gitlab and rdjson schema-valid, junit valid (xmllint), markdown parsed"
[ "$part" = cases ] || figures="$figures; $nsugg examples' rdjson suggestions equal --fix"
finish "formats ($part)" "$figures"
