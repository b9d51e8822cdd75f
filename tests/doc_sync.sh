#!/bin/sh
# --help, the man page and the README must name the same options and rules (one source: main.c's option table
# and rules.c's rule table, read back through the binary).
set -u
qwlint=$1
top=$2
fail=0
for opt in $("$qwlint" --help | grep -oE '^  --[a-z-]+' | sed 's/^  //'); do
	esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$esc" "$top/man/qwlint.1" || { echo "FAIL: man page lacks $opt"; fail=1; }
	grep -q -- "$opt" "$top/README.md" || { echo "FAIL: README lacks $opt"; fail=1; }
done
"$qwlint" --list-rules | while read -r id name _; do
	grep -q "^.B $id $name\$" "$top/man/qwlint.1" || { echo "FAIL: man page lacks $id $name"; exit 1; }
	grep -q "| $id | $name |" "$top/README.md" || { echo "FAIL: README lacks $id $name"; exit 1; }
	"$qwlint" --explain "$id" >/dev/null || { echo "FAIL: --explain $id"; exit 1; }
done || fail=1
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -T lint "$top/man/qwlint.1" 2>&1)
	[ -z "$out" ] || { echo "FAIL: mandoc -T lint:"; echo "$out"; fail=1; }
fi
[ $fail = 0 ] && echo "ok doc_sync"
exit $fail
