#!/bin/sh
# The documentation says what the binary does:
#   - --help, the man page and the README name the same options (main.c's option table);
#   - the rule documents (man/qwlint-rules.7, man/rules.md, the rule lists of man/qwlint.1 and README.md) are
#     exactly what the rule table generates (man/gendocs.sh --check), and --explain works for every rule;
#   - mandoc -T lint reports nothing for the man pages.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$2
# option lines: "  -f, --format FMT" or "      --fix" (a short form only where main.c's table gives one)
for opt in $("$qwlint" --help | grep -oE '^  (-[a-zA-Z], |    )--[a-z-]+' | grep -oE -- '--[a-z-]+$'); do
	esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$esc" "$top/man/qwlint.1" || bad "man page lacks $opt"
	grep -q -- "$opt" "$top/README.md" || bad "README lacks $opt"
done
# every short form --help shows is in the man page beside its long form (".BR \-f ", " \-\-format") and the README
for s in $("$qwlint" --help | grep -oE '^  -[a-zA-Z],' | sed 's/^  //; s/,$//'); do
	grep -qF ".BR \\$s \", \"" "$top/man/qwlint.1" || bad "man page lacks $s"
	grep -qF "| \`$s\`, \`--" "$top/README.md" || bad "README lacks $s"
done
sh "$top/man/gendocs.sh" "$qwlint" "$top" --check || bad "man/gendocs.sh --check (the lines above)"
"$qwlint" --list-rules | while read -r id _; do
	"$qwlint" --explain "$id" | grep -q "^Fix (" || { bad "--explain $id"; exit 1; }
done
# The bash completion: every word it offers for an option's value is one --help names for that option, and it
# completes options and rule ids from the binary.
comp=$top/completions/qwlint.bash
for opt in format color fail-on region hermes-version; do
	line=$("$qwlint" --help | grep -E "^  (-[a-zA-Z], |    )--$opt ")
	vals=$(sed -n "s/^	--$opt[ |)].*words=\"\\(.*\\)\" ;;/\\1/p" "$comp")
	[ -n "$vals" ] || bad "completion offers nothing for --$opt"
	for v in $vals; do
		printf '%s' "$line" | grep -qw -- "$v" || bad "completion offers --$opt $v, --help does not"
	done
done
if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" --expl); COMP_CWORD=1; _qwlint; echo "${COMPREPLY[*]}";
		COMP_WORDS=("$2" --explain QW30); COMP_CWORD=2; _qwlint; echo "${COMPREPLY[*]}"' _ "$comp" "$qwlint")
	[ "$(echo "$got" | sed -n 1p)" = "--explain" ] || bad "completion of --expl: $got"
	echo "$got" | sed -n 2p | grep -q "QW301 .*QW309" || bad "completion of --explain QW30: $got"
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
