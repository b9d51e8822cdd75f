#!/bin/sh
# Regenerate the rule and option documentation from their one source each (the rules in src/rules/ with
# testdata/examples/, and the option table src/stages/options.def), read back through the binary's hidden --print-doc:
#   man/qwlint-rules.7 and man/rules.md   whole files
#   man/qwlint.1                          the lines between the GENERATED RULES markers, and between the
#                                         GENERATED OPTIONS markers (the OPTIONS section's entries)
#   README.md                             the tables between the GENERATED RULES, GENERATED REPAIRS and
#                                         GENERATED OPTIONS markers
#   completions/qwlint.bash               the case arms between the GENERATED OPTIONS markers (option values)
# Usage: gendocs.sh QWLINT TOP [--check]. With --check nothing is written: it fails, showing the difference, when
# a checked-in document is not what the source generates (the doc_sync test).
set -u
qwlint=$1
top=$2
check=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# splice FILE BEGIN END NEWBODY: FILE with the lines strictly between the BEGIN and END marker lines replaced
splice() {
	B=$2 E=$3 BODY=$4 awk '
		BEGIN { b = ENVIRON["B"]; e = ENVIRON["E"]; body = ENVIRON["BODY"] }
		index($0, b) == 1 { print; while ((getline l < body) > 0) print l; skip = 1; found++; next }
		index($0, e) == 1 { skip = 0 }
		!skip { print }
		END { if (found != 1) exit 1 }' "$1"
}
"$qwlint" --print-doc man7 >"$tmp/qwlint-rules.7" &&
	"$qwlint" --print-doc markdown >"$tmp/rules.md" &&
	"$qwlint" --print-doc man-rules >"$tmp/man-rules" &&
	"$qwlint" --print-doc readme >"$tmp/readme-rules" &&
	"$qwlint" --print-doc readme-repairs >"$tmp/readme-repairs" &&
	"$qwlint" --print-doc man-options >"$tmp/man-options" &&
	"$qwlint" --print-doc readme-options >"$tmp/readme-options" &&
	"$qwlint" --print-doc completion >"$tmp/completion" || { echo "FAIL: qwlint --print-doc"; exit 1; }
splice "$top/man/qwlint.1" '.\" BEGIN GENERATED RULES' '.\" END GENERATED RULES' "$tmp/man-rules" >"$tmp/man-1" ||
	{ echo "FAIL: man/qwlint.1 lacks the GENERATED RULES markers"; exit 1; }
splice "$tmp/man-1" '.\" BEGIN GENERATED OPTIONS' '.\" END GENERATED OPTIONS' "$tmp/man-options" >"$tmp/qwlint.1" ||
	{ echo "FAIL: man/qwlint.1 lacks the GENERATED OPTIONS markers"; exit 1; }
splice "$top/README.md" '<!-- BEGIN GENERATED RULES' '<!-- END GENERATED RULES' "$tmp/readme-rules" >"$tmp/readme-1" ||
	{ echo "FAIL: README.md lacks the GENERATED RULES markers"; exit 1; }
splice "$tmp/readme-1" '<!-- BEGIN GENERATED REPAIRS' '<!-- END GENERATED REPAIRS' "$tmp/readme-repairs" >"$tmp/readme-2" ||
	{ echo "FAIL: README.md lacks the GENERATED REPAIRS markers"; exit 1; }
splice "$tmp/readme-2" '<!-- BEGIN GENERATED OPTIONS' '<!-- END GENERATED OPTIONS' "$tmp/readme-options" >"$tmp/README.md" ||
	{ echo "FAIL: README.md lacks the GENERATED OPTIONS markers"; exit 1; }
splice "$top/completions/qwlint.bash" '# BEGIN GENERATED OPTIONS' '# END GENERATED OPTIONS' "$tmp/completion" \
	>"$tmp/qwlint.bash" || { echo "FAIL: completions/qwlint.bash lacks the GENERATED OPTIONS markers"; exit 1; }
for f in man/qwlint-rules.7 man/rules.md man/qwlint.1 README.md completions/qwlint.bash; do
	new="$tmp/$(basename "$f")"
	if [ "$check" = --check ]; then
		if ! diff -u "$top/$f" "$new" >"$tmp/diff" 2>&1; then
			echo "FAIL: $f is not what the rule and option tables generate (run make docs):"
			head -40 "$tmp/diff"
			fail=1
		fi
	elif ! cmp -s "$top/$f" "$new"; then
		cp "$new" "$top/$f" && echo "wrote $f"
	fi
done
exit $fail
