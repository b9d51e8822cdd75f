#!/bin/sh
# The --explain examples (testdata/examples/<ID>/) are fixtures too: every rule of --list-rules has one, its
# before/ raises exactly that rule, its after/ raises nothing, and where the rule has a repair, --fix
# --unsafe-fixes turns before/ into after/ byte for byte (unless the example has a `fixed-by-hand` file: the
# repair does not cover it, and the note says so; the auth.lock --fix takes is not compared). Files are mode 0600
# unless `modes` says otherwise. An example with a `git` file is a git work tree: each of its lines is a git
# command run in every copy (before/, after/, the one --fix repairs), and the note says what that makes tracked.
# An example with a `needs-probe` file shows a rule that only --probe raises: here it is only checked to raise
# nothing without --probe (the rule is opt-in); tests/probe_tests.sh runs it against the endpoints' mock.
# An example with an `args` file is linted with those arguments too (the Dify database rules: --dify-export and
# the rows file in the example).
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$2
n=0
. "$top/tests/example_copy.sh"
"$qwlint" --list-rules >"$tmp/rules" || { bad "qwlint --list-rules"; finish examples; }
while read -r id _ _ repair _; do
	ex=$top/testdata/examples/$id
	n=$((n + 1))
	for f in before after note; do
		[ -e "$ex/$f" ] || { bad "$id: no example $f (testdata/examples/$id/$f)"; continue 2; }
	done
	args=
	[ -e "$ex/args" ] && args=$(cat "$ex/args")
	copy "$ex" before "$tmp/before"
	# shellcheck disable=SC2086 # args holds words
	(cd "$tmp/before" && "$qwlint" --format concise --color never $args .) >"$tmp/out" 2>&1
	if [ -e "$ex/needs-probe" ]; then
		if grep -q "\[$id\]\$" "$tmp/out"; then
			bad "$id: raised without --probe:"
			sed 's/^/    /' "$tmp/out"
		fi
		continue
	fi
	if [ "$(grep -c "\[$id\]\$" "$tmp/out")" != 1 ] || [ "$(wc -l <"$tmp/out")" != 1 ]; then
		bad "$id: before/ must raise $id once and nothing else; it gives:"
		sed 's/^/    /' "$tmp/out"
	fi
	copy "$ex" after "$tmp/after"
	# shellcheck disable=SC2086
	(cd "$tmp/after" && "$qwlint" --format concise --color never $args .) >"$tmp/out" 2>&1
	if [ -s "$tmp/out" ]; then
		bad "$id: after/ must be silent; it gives:"
		sed 's/^/    /' "$tmp/out"
	fi
	if [ "$repair" != none ] && [ ! -e "$ex/fixed-by-hand" ]; then
		copy "$ex" before "$tmp/fixed"
		# shellcheck disable=SC2086
		(cd "$tmp/fixed" && "$qwlint" --fix --unsafe-fixes --no-backup $args .) >/dev/null 2>&1
		if ! diff -r -x auth.lock -x .git "$tmp/after" "$tmp/fixed" >"$tmp/diff" 2>&1; then
			bad "$id: --fix --unsafe-fixes on before/ does not give after/:"
			sed 's/^/    /' "$tmp/diff" | head -20
		fi
	fi
done <"$tmp/rules"
for d in "$top"/testdata/examples/*/; do
	grep -q "^$(basename "$d") " "$tmp/rules" || bad "testdata/examples/$(basename "$d") is no rule"
done
finish examples "$n rules, each with an example that fires and a corrected one that is silent"
