#!/bin/sh
# The Debian package (issue 28): `make deb` builds qwlint_<version>_<arch>.deb; its control fields (the version
# --version prints, Depends from dpkg-shlibdeps) and files (binary, man pages, completion, rule pages, copyright,
# changelog); unpacked into a scratch root (dpkg -x: the machine's own packages are not touched, so the other
# tests run on an unchanged system), the installed binary lints the demo home as the README shows, with no key
# in its output; apt-get resolves its Depends (--simulate: nothing is installed); and lintian reports no error.
# Usage: deb_tests.sh SRCDIR BUILDDIR (the package is built in BUILDDIR).
. "$(dirname "$0")/lib.sh"
top=$1
out=$2
for t in cpack dpkg-deb dpkg-shlibdeps lintian; do
	command -v "$t" >/dev/null 2>&1 || { bad "$t is not installed (make test-deps: dpkg-dev, lintian)"; finish deb; }
done
. "$top/tests/secrets.sh"

make -C "$top" deb DEB_BUILD="$out" JOBS=2 >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; bad "make deb"; finish deb; }
ver=$(sed -n 's/^project(qwlint VERSION \([0-9.]*\) .*/\1/p' "$top/CMakeLists.txt")
deb=$out/qwlint_${ver}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || { ls "$out"; bad "make deb did not write $deb"; finish deb; }
echo "ok   make deb: $(basename "$deb")"

# control fields
[ "$(dpkg-deb -f "$deb" Package)" = qwlint ] && [ "$(dpkg-deb -f "$deb" Version)" = "$ver" ] ||
	bad "Package/Version: $(dpkg-deb -f "$deb" Package Version)"
dep=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libfyaml0 libyaml-0-2 libcjson1; do
	echo "$dep" | grep -q "\\b$lib\\b" || bad "Depends lacks $lib: $dep"
done
echo "$dep" | grep -q curl && bad "Depends names libcurl, which --probe opens only when asked: $dep"
echo "$dep" | grep -q libpq && bad "Depends names libpq, which --dify-db opens only when asked: $dep"
# files
dpkg-deb -c "$deb" | awk '{print $NF}' >"$tmp/files"
for f in ./usr/bin/qwlint ./usr/share/man/man1/qwlint.1.gz ./usr/share/man/man7/qwlint-rules.7.gz \
	./usr/share/bash-completion/completions/qwlint ./usr/share/doc/qwlint/rules.md \
	./usr/share/doc/qwlint/copyright ./usr/share/doc/qwlint/changelog.gz ./usr/share/doc/qwlint/CHANGELOG.md; do
	grep -qx "$f" "$tmp/files" || bad "the package lacks $f"
done
[ $fail = 0 ] && echo "ok   control fields (Depends: $dep) and files"

# unpacked into a scratch root: the installed binary, its version, the demo, its man page
root=$tmp/root
dpkg -x "$deb" "$root"
q=$root/usr/bin/qwlint
[ "$("$q" --version)" = "qwlint $ver" ] || bad "the installed --version: $("$q" --version 2>&1)"
cp -a "$top/examples/hermes-401" "$tmp/demo"
chmod 600 "$tmp/demo/.env"
(cd "$tmp" && "$q" --color never demo) >"$tmp/demo.out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q '^error\[QW301\]: provider auto sends this Alibaba Coding Plan' "$tmp/demo.out" &&
	grep -q '^ --> demo/.env:2:19$' "$tmp/demo.out" || bad "the installed binary on the demo: exit $rc, $(cat "$tmp/demo.out")"
(cd "$tmp" && "$q" --color never --resolve demo) >>"$tmp/demo.out" 2>&1
"$q" --explain QW301 | grep -q '^Fix (' || bad "the installed --explain QW301"
# the rule pages where SARIF's helpUri points in the package
(cd "$tmp" && "$q" -f sarif demo) | grep -q '"helpUri":	"file:///usr/share/doc/qwlint/rules.md#QW301"' ||
	bad "SARIF's helpUri is not the package's rules.md"
zcat "$root/usr/share/man/man1/qwlint.1.gz" | head -1 | grep -q "\"qwlint $ver\"" || bad "the installed man page's version"
key_tokens "$top/examples/hermes-401" | sort -u >"$tmp/keys"
key_slices "$top/rules/keys.yaml" "$tmp/keys" >"$tmp/slices"
[ -s "$tmp/slices" ] && ! grep -F -f "$tmp/slices" "$tmp/demo.out" >/dev/null || bad "a key in the installed binary's output"
[ $fail = 0 ] && echo "ok   the unpacked binary lints the demo (exit 1, QW301, masked), --explain, man page, helpUri"

# apt resolves the package's Depends on this machine (simulated: nothing is installed or removed)
if command -v apt-get >/dev/null 2>&1; then
	apt-get install --simulate -q "$deb" >"$tmp/apt.log" 2>&1 && grep -q '^Inst qwlint ' "$tmp/apt.log" &&
		echo "ok   apt-get install --simulate resolves its Depends" || bad "apt-get --simulate: $(tail -5 "$tmp/apt.log")"
fi

# lintian: no error (warnings and infos are shown)
lintian "$deb" >"$tmp/lintian.log" 2>&1
grep -v 'running with root privileges' "$tmp/lintian.log" | sed 's/^/    lintian: /'
if grep -q '^E: ' "$tmp/lintian.log"; then bad "lintian reports errors"; else echo "ok   lintian: no error"; fi
finish deb
