#!/bin/sh
# The corpus test (issue 23): every file of testdata/corpus/realworld/ (byte-exact copies of files committed to
# public repositories; testdata/corpus/realworld/README.md says what a correct linter says about each, and
# testdata/corpus/SOURCES.md where each comes from) is linted as it lives upstream. Each <repository>__<owner>
# folder becomes the root of its own git work tree with every file committed, and is linted
#   1. as a directory walk from the work tree's root (`qwlint .`);
#   2. as pre-commit names it: the files the hook's `files:` pattern (read from .pre-commit-hooks.yaml) takes,
#      passed by path from the root, with the hook's own arguments;
#   3. with the qwlint-fix hook's arguments (--fix): no file may change (a repair of an upstream template or
#      working setup would be one a user cannot trust).
# The findings of 1 and 2 must equal testdata/corpus/realworld.expected, line for line: any other error or
# warning fails the test. Skipped (exit 77) without git.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
src=$(cd "$2" && pwd)
need git
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com \
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
# the hook's pattern and arguments, as pre-commit would use them
pattern=$(sed -n 's/^  files: //p' "$src/.pre-commit-hooks.yaml" | head -n 1)
[ -n "$pattern" ] || { bad "no files: pattern in .pre-commit-hooks.yaml"; finish corpus; }
out=$tmp/out
: >"$out"
for dir in "$src"/testdata/corpus/realworld/*/; do
	name=$(basename "$dir")
	work=$tmp/$name
	cp -a "$dir" "$work" && chmod -R u+w "$work"
	(cd "$work" && git init -q && git add -A && git commit -qm upstream) || { bad "$name: git"; finish corpus; }
	echo "== $name: qwlint ." >>"$out"
	(cd "$work" && "$qwlint" --format concise --color never .) >>"$out" 2>&1
	echo "== $name: pre-commit" >>"$out"
	(cd "$work" && git ls-files -z | tr '\0' '\n' | grep -E "$pattern" | tr '\n' '\0' |
		xargs -0 -r "$qwlint" --format concise --color never --skip-unknown) >>"$out" 2>&1
	(cd "$work" && git ls-files -z | tr '\0' '\n' | grep -E "$pattern" | tr '\n' '\0' |
		xargs -0 -r "$qwlint" --color never --skip-unknown --fix --exit-non-zero-on-fix) >"$tmp/fix" 2>&1
	changed=$(cd "$work" && git status --porcelain)
	if [ -n "$changed" ]; then
		bad "$name: --fix changed upstream files:"
		echo "$changed"
		cat "$tmp/fix"
	fi
done
if ! diff -u "$src/testdata/corpus/realworld.expected" "$out"; then
	bad "the corpus findings differ from testdata/corpus/realworld.expected (- expected, + actual)"
fi
finish corpus "$(grep -c ': \(error\|warning\|info\): ' "$out") findings, all expected"
