#!/bin/sh
# genkb_tests.sh GENKB: tools/genkb.c refuses what its static trees cannot hold (a tag, an alias, a second
# document, a root that is not a mapping, bad YAML) with the file and position, and then writes no output; a
# good file gives a C source that names it.
. "$(dirname "$0")/lib.sh"
genkb=$1
refuse() { # name text expected-message
	printf '%b' "$2" >"$tmp/$1.yaml"
	if "$genkb" "$tmp/out.c" "$tmp/$1.yaml" 2>"$tmp/err"; then
		bad "$1: accepted"
	elif ! grep -q "$3" "$tmp/err"; then
		bad "$1: message: $(cat "$tmp/err")"
	elif [ -e "$tmp/out.c" ] || [ -e "$tmp/out.c.tmp" ]; then
		bad "$1: an output file was left"
	fi
}
refuse alias 'a: &x {b: 1}\nc: *x\n' 'alias.yaml:1:1: this collection holds an alias'
refuse tag 'a: !!str 1\n' 'tag.yaml:1:10: a YAML tag'
refuse twodocs 'a: 1\n---\nb: 2\n' 'twodocs.yaml:2:1: a second YAML document'
refuse notmap '- 1\n' 'notmap.yaml: not a mapping'
refuse syntax 'a: [1\n' 'syntax.yaml:2:1:'
printf 'a: "q?\\"\\t\\\\"\nb: [x, {}]\n' >"$tmp/good.yaml"
if ! "$genkb" "$tmp/out.c" "$tmp/good.yaml" || ! grep -q '{"good.yaml", &N\[0\]}' "$tmp/out.c" ||
	! grep -q '"q\\?\\"\\011\\\\"' "$tmp/out.c"; then
	bad "good: no table entry or a wrong literal"
fi
finish genkb
