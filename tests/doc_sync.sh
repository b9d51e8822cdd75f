#!/bin/sh
# The documentation says what the binary does:
#   - --help, the man page and the README name the same options (main.c's option table);
#   - the rule documents (man/qwlint-rules.7, man/rules.md, the rule lists of man/qwlint.1 and README.md) are
#     exactly what the rule table generates (man/gendocs.sh --check), and --explain works for every rule;
#   - mandoc -T lint reports nothing for the man pages.
set -u
qwlint=$1
top=$2
fail=0
for opt in $("$qwlint" --help | grep -oE '^  --[a-z-]+' | sed 's/^  //'); do
	esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$esc" "$top/man/qwlint.1" || { echo "FAIL: man page lacks $opt"; fail=1; }
	grep -q -- "$opt" "$top/README.md" || { echo "FAIL: README lacks $opt"; fail=1; }
done
sh "$top/man/gendocs.sh" "$qwlint" "$top" --check || fail=1
"$qwlint" --list-rules | while read -r id _; do
	"$qwlint" --explain "$id" | grep -q "^Fix (" || { echo "FAIL: --explain $id"; exit 1; }
done || fail=1
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -T lint "$top/man/qwlint.1" "$top/man/qwlint-rules.7" 2>&1)
	[ -z "$out" ] || { echo "FAIL: mandoc -T lint:"; echo "$out"; fail=1; }
else
	echo "FAIL: mandoc is not installed (Debian package mandoc)"
	fail=1
fi
[ $fail = 0 ] && echo "ok doc_sync"
exit $fail
