#!/bin/sh
# Command-line behaviour that fixture cases cannot express: several paths, unreadable paths, exit codes,
# options, JSON validity (checked by cJSON), the default home.
set -u
qwlint=$1
json_check=$2
top=$3
seed="$top/testdata/cases/seed-auto-coding-plan-key/input"
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { # name, condition result (0 = ok)
	if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi
}

# A missing path: message on stderr, exit 2, and the other path is still linted.
"$qwlint" --format concise "$tmp/nope" "$seed" >"$tmp/out" 2>"$tmp/err"
check "missing path exits 2" $([ $? = 2 ] && echo 0 || echo 1)
check "missing path named on stderr" $(grep -q "qwlint: $tmp/nope: No such file or directory" "$tmp/err"; echo $?)
check "other path still linted" $(grep -q 'QW301' "$tmp/out"; echo $?)

# An unreadable file inside a home (skipped when running as root: root reads everything).
if [ "$(id -u)" != 0 ]; then
	mkdir -p "$tmp/home" && cp "$seed/.env" "$seed/config.yaml" "$tmp/home/" && chmod 000 "$tmp/home/.env"
	"$qwlint" "$tmp/home" >/dev/null 2>"$tmp/err"
	check "unreadable .env exits 2" $([ $? = 2 ] && echo 0 || echo 1)
	check "unreadable .env message" $(grep -q 'cannot open' "$tmp/err"; echo $?)
fi

# A clean home exits 0; --fail-on warning turns a warning into exit 1.
mkdir -p "$tmp/clean" && printf 'model:\n  provider: alibaba-coding-plan\n' >"$tmp/clean/config.yaml"
"$qwlint" --region intl "$tmp/clean" >/dev/null 2>&1
check "clean home exits 0" $([ $? = 0 ] && echo 0 || echo 1)
"$qwlint" "$tmp/clean" >/dev/null 2>&1
check "a warning alone exits 0" $([ $? = 0 ] && echo 0 || echo 1)
"$qwlint" --fail-on warning "$tmp/clean" >/dev/null 2>&1
check "--fail-on warning exits 1" $([ $? = 1 ] && echo 0 || echo 1)

# JSON is valid and complete (independent parser).
"$qwlint" --format json "$seed" | "$json_check" >"$tmp/j"
check "json valid" $?
check "json has the finding" $(grep -q 'json ok 1' "$tmp/j"; echo $?)
"$qwlint" --format json "$tmp/clean" | "$json_check" >/dev/null
check "json valid with no finding" $?

# The default target is $HERMES_HOME.
HERMES_HOME="$seed" "$qwlint" --format concise >"$tmp/out" 2>&1
check "HERMES_HOME is the default" $(grep -q 'QW301' "$tmp/out"; echo $?)

# Usage errors exit 2.
"$qwlint" --format xml "$seed" >/dev/null 2>&1
check "bad --format exits 2" $([ $? = 2 ] && echo 0 || echo 1)
"$qwlint" --region mars "$seed" >/dev/null 2>&1
check "bad --region exits 2" $([ $? = 2 ] && echo 0 || echo 1)

# --rules-dir reads the data files from disk; a broken one is a clear error.
"$qwlint" --rules-dir "$top/rules" --format concise "$seed" | grep -q QW301
check "--rules-dir works" $?
mkdir -p "$tmp/rules" && cp "$top"/rules/*.yaml "$tmp/rules/" && printf 'hosts: [\n' >"$tmp/rules/endpoints.yaml"
"$qwlint" --rules-dir "$tmp/rules" "$seed" >/dev/null 2>"$tmp/err"
check "broken rules file exits 2" $([ $? = 2 ] && echo 0 || echo 1)
check "broken rules file named with position" $(grep -qE 'endpoints.yaml:[0-9]+:[0-9]+' "$tmp/err"; echo $?)

# --max-file-size refuses a larger file with a message, and exits 2.
"$qwlint" --max-file-size 10 "$seed" >/dev/null 2>"$tmp/err"
check "--max-file-size refuses" $([ $? = 2 ] && grep -q 'max-file-size' "$tmp/err" && echo 0 || echo 1)

# Binary garbage and an empty auth.json do not crash.
mkdir -p "$tmp/junk" && head -c 4096 /dev/urandom >"$tmp/junk/config.yaml" && : >"$tmp/junk/auth.json" &&
	head -c 2048 /dev/urandom >"$tmp/junk/.env"
"$qwlint" --format concise "$tmp/junk" >"$tmp/out" 2>&1
rc=$?
check "garbage does not crash" $([ $rc -le 2 ] && echo 0 || echo 1)
check "empty auth.json is QW002" $(grep -q 'auth.json:1:1: error: .*QW002' "$tmp/out"; echo $?)

echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
