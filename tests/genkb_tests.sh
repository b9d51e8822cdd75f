#!/bin/sh
# genkb_tests.sh GENKB: tools/genkb.c refuses what its static trees cannot hold (a tag, an alias, a second
# document, a root that is not a mapping, bad YAML) with the file and position, and then writes no output; a
# good file gives a C source that names it.
set -u
genkb=$1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
refuse() { # name text expected-message
	printf '%b' "$2" >"$t/$1.yaml"
	if "$genkb" "$t/out.c" "$t/$1.yaml" 2>"$t/err"; then
		echo "FAIL $1: accepted"; fail=1
	elif ! grep -q "$3" "$t/err"; then
		echo "FAIL $1: message: $(cat "$t/err")"; fail=1
	elif [ -e "$t/out.c" ] || [ -e "$t/out.c.tmp" ]; then
		echo "FAIL $1: an output file was left"; fail=1
	fi
}
refuse alias 'a: &x {b: 1}\nc: *x\n' 'alias.yaml:1:1: this collection holds an alias'
refuse tag 'a: !!str 1\n' 'tag.yaml:1:10: a YAML tag'
refuse twodocs 'a: 1\n---\nb: 2\n' 'twodocs.yaml:2:1: a second YAML document'
refuse notmap '- 1\n' 'notmap.yaml: not a mapping'
refuse syntax 'a: [1\n' 'syntax.yaml:2:1:'
printf 'a: "q?\\"\\t\\\\"\nb: [x, {}]\n' >"$t/good.yaml"
if ! "$genkb" "$t/out.c" "$t/good.yaml" || ! grep -q '{"good.yaml", &N\[0\]}' "$t/out.c" ||
	! grep -q '"q\\?\\"\\011\\\\"' "$t/out.c"; then
	echo "FAIL good: no table entry or a wrong literal"; fail=1
fi
[ $fail = 0 ] && echo "genkb: all passed"
exit $fail
