#!/bin/sh
# The documentation says what the binary does:
#   - the man page's OPTIONS entries, README's option table and the bash completion's value lists are exactly what
#     the option table (src/stages/options.def) generates, and the rule documents (man/qwlint-rules.7, man/rules.md, the
#     rule lists of man/qwlint.1 and README.md) exactly what the rule table generates (man/gendocs.sh --check);
#     tests/unit_tests.c checks that each option's texts state its values and default;
#   - --explain works for every rule, and the completion completes options and rule ids from the binary;
#   - mandoc -T lint reports nothing for the man pages.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$2
# every output format (format.c's table, as --help lists it) is described in the man page and the README, and
# the bash completion offers it
for f in $("$qwlint" --help | sed -n 's/.*--format FMT *output format: \(.*\) (default.*/\1/p' | tr -d ,); do
	grep -qE "^\.BR? $f( |\$)" "$top/man/qwlint.1" || bad "man page lacks the format $f"
	grep -qF "\`$f\`" "$top/README.md" || bad "README lacks the format $f"
	grep -qE "^	--format .*words=\"(.* )?$f( .*)?\"" "$top/completions/qwlint.bash" ||
		bad "the completion does not offer the format $f"
done
sh "$top/man/gendocs.sh" "$qwlint" "$top" --check || bad "man/gendocs.sh --check (the lines above)"
# every rule --fix can repair has a row in README's repair table (its .repair), and no other rule has one
"$qwlint" --list-rules | while read -r id _ _ fix _; do
	row=$("$qwlint" --print-doc readme-repairs | grep -c "^| $id |")
	if [ "$fix" != none ] && [ "$row" != 1 ]; then bad "$id has a repair but no row in README's repair table"; exit 1; fi
	if [ "$fix" = none ] && [ "$row" != 0 ]; then bad "$id has no repair but a row in README's repair table"; exit 1; fi
done
"$qwlint" --list-rules | while read -r id _; do
	"$qwlint" --explain "$id" | grep -q "^Fix (" || { bad "--explain $id"; exit 1; }
done
# The bash completion completes options and rule ids from the binary, and an option's values.
comp=$top/completions/qwlint.bash
if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" --expl); COMP_CWORD=1; _qwlint; echo "${COMPREPLY[*]}";
		COMP_WORDS=("$2" --explain QW30); COMP_CWORD=2; _qwlint; echo "${COMPREPLY[*]}";
		COMP_WORDS=("$2" --fail-on w); COMP_CWORD=2; _qwlint; echo "${COMPREPLY[*]}"' _ "$comp" "$qwlint")
	[ "$(echo "$got" | sed -n 1p)" = "--explain" ] || bad "completion of --expl: $got"
	echo "$got" | sed -n 2p | grep -q "QW301 .*QW309" || bad "completion of --explain QW30: $got"
	[ "$(echo "$got" | sed -n 3p)" = "warning" ] || bad "completion of --fail-on w: $got"
fi
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -T lint "$top/man/qwlint.1" "$top/man/qwlint-rules.7" 2>&1)
	[ -z "$out" ] || { bad "mandoc -T lint:"; echo "$out"; }
else
	bad "mandoc is not installed (Debian package mandoc)"
fi
# One version (CMakeLists.txt's project version, CHANGELOG.md's scheme): --version, both man pages' headers, the
# newest CHANGELOG section and the README's pre-commit rev: agree.
ver=$("$qwlint" --version | sed -n 's/^qwlint //p')
[ -n "$ver" ] || bad "qwlint --version prints no version"
for m in qwlint.1 qwlint-rules.7; do
	head -3 "$top/man/$m" | grep -q "^\.TH .* \"qwlint $ver\"" || bad "man/$m's .TH is not version $ver"
done
d1=$(sed -n 's/^\.TH [^ ]* [0-9] \([0-9-]*\) .*/\1/p' "$top/man/qwlint.1")
d7=$(sed -n 's/^\.TH [^ ]* [0-9] \([0-9-]*\) .*/\1/p' "$top/man/qwlint-rules.7")
[ -n "$d1" ] && [ "$d1" = "$d7" ] || bad "the man pages' dates differ ($d1, $d7)"
top_ver=$(grep -m1 -E '^## \[[0-9]' "$top/CHANGELOG.md" | sed 's/^## \[\([^]]*\)\].*/\1/')
[ "$top_ver" = "$ver" ] || bad "CHANGELOG.md's newest section is $top_ver, not $ver"
grep -q "^    rev: v$ver\$" "$top/README.md" || bad "README's pre-commit example does not pin rev: v$ver"
for other in $(grep -oE 'qwlint_[0-9][0-9.]*_amd64\.deb' "$top/README.md" | sort -u); do
	[ "$other" = "qwlint_${ver}_amd64.deb" ] || bad "README names $other, not version $ver"
done
finish doc_sync
