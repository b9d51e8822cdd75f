#!/bin/sh
# Command-line behaviour that fixture cases cannot express: several paths, unreadable paths, exit codes,
# options, JSON validity (checked by cJSON), the default home.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
json_check=$2
top=$3

# the seed home with the modes Hermes gives its files (a checkout has the umask's 0644)
cp -a "$top/testdata/cases/seed-auto-coding-plan-key/input" "$tmp/seed"
chmod 600 "$tmp/seed/.env" "$tmp/seed/config.yaml"
seed="$tmp/seed"

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

# A key riding in a base URL (user:password@ or ?key=) is never printed, in any format.
mkdir -p "$tmp/urlkey" && printf 'model:\n  provider: alibaba\n' >"$tmp/urlkey/config.yaml" &&
	printf 'DASHSCOPE_API_KEY=sk-sp-00112233445566778899aabbccddeeff\nDASHSCOPE_BASE_URL=https://me:Zq7xPw3kLm9vRt2b@dashscope.aliyuncs.com/compatible-mode/v1?token=Hx4kPq8sWm2nVb6c\n' \
		>"$tmp/urlkey/.env"
for mode in "--format human" "--format concise" "--format json" "--resolve" "--diff --unsafe-fixes"; do
	# shellcheck disable=SC2086
	"$qwlint" $mode "$tmp/urlkey" 2>&1
done >"$tmp/out"
check "URL credentials not printed" $(grep -qE 'Zq7xPw3k|Hx4kPq8s' "$tmp/out" && echo 1 || echo 0)
check "URL case was linted" $(grep -q 'QW101' "$tmp/out"; echo $?)

# --fix: without --unsafe-fixes the seed's region guess is not written.
cp -a "$seed" "$tmp/f0"
before=$(cat "$tmp/f0/config.yaml")
"$qwlint" --fix "$tmp/f0" >/dev/null 2>&1
check "unsafe repair needs --unsafe-fixes" $([ "$(cat "$tmp/f0/config.yaml")" = "$before" ] && echo 0 || echo 1)
# --diff writes nothing and exits 1.
"$qwlint" --diff --unsafe-fixes "$tmp/f0" >"$tmp/out" 2>&1
check "--diff exits 1" $([ $? = 1 ] && echo 0 || echo 1)
check "--diff writes nothing" $([ "$(cat "$tmp/f0/config.yaml")" = "$before" ] && echo 0 || echo 1)
check "--diff shows the repair" $(grep -q '^+  provider: custom' "$tmp/out"; echo $?)
# The mode is kept.
cp -a "$seed" "$tmp/f1" && chmod 640 "$tmp/f1/config.yaml"
"$qwlint" --fix --unsafe-fixes "$tmp/f1" >/dev/null 2>&1
check "mode kept" $([ "$(stat -c %a "$tmp/f1/config.yaml")" = 640 ] && echo 0 || echo 1)
check "repair written" $(grep -q 'provider: custom' "$tmp/f1/config.yaml"; echo $?)
# A read-only file is left alone, with a message and a non-zero exit.
cp -a "$seed" "$tmp/f2" && chmod 444 "$tmp/f2/config.yaml"
"$qwlint" --fix --unsafe-fixes "$tmp/f2" >/dev/null 2>"$tmp/err"
rc=$?
check "read-only: non-zero exit" $([ $rc != 0 ] && echo 0 || echo 1)
check "read-only: message" $(grep -q 'read-only' "$tmp/err"; echo $?)
check "read-only: unchanged" $([ "$(cat "$tmp/f2/config.yaml")" = "$before" ] && echo 0 || echo 1)
# A hard-linked file is refused; the other link still has the old bytes.
cp -a "$seed" "$tmp/f3" && ln "$tmp/f3/config.yaml" "$tmp/f3-other-link"
"$qwlint" --fix --unsafe-fixes "$tmp/f3" >/dev/null 2>"$tmp/err"
check "hard link: refused" $(grep -q 'hard links' "$tmp/err"; echo $?)
check "hard link: unchanged" $([ "$(cat "$tmp/f3-other-link")" = "$before" ] && echo 0 || echo 1)
# A symbolic link named on the command line is written through and stays a link. (Named as its home, a link out of
# the home is not followed: tests/discover_tests.sh.)
mkdir -p "$tmp/f4" "$tmp/real" && cp "$seed/config.yaml" "$tmp/real/config.yaml" && cp "$seed/.env" "$tmp/f4/" &&
	ln -s "$tmp/real/config.yaml" "$tmp/f4/config.yaml"
"$qwlint" --fix --unsafe-fixes "$tmp/f4/config.yaml" >/dev/null 2>&1
check "symlink stays a link" $([ -L "$tmp/f4/config.yaml" ] && echo 0 || echo 1)
check "symlink target repaired" $(grep -q 'provider: custom' "$tmp/real/config.yaml"; echo $?)
check "no temp files left" $(ls -a "$tmp/f1" "$tmp/f2" "$tmp/real" | grep -q qwlint- && echo 1 || echo 0)

# Simulated disk faults: tests/fault_tests.sh.

# --format github: one annotation per finding, with the position and the rule in the title.
"$qwlint" --format github "$seed" >"$tmp/out" 2>&1
check "github exits 1" $([ $? = 1 ] && echo 0 || echo 1)
check "github annotation" $(grep -q "^::error file=$seed/.env,line=2,col=19,endLine=2,endColumn=57,title=qwlint (QW301)::provider auto" "$tmp/out"; echo $?)

# QW701: a key file readable by others is made 0600, its contents untouched.
cp -a "$seed" "$tmp/perm" && chmod 644 "$tmp/perm/.env"
"$qwlint" --format concise "$tmp/perm" >"$tmp/out" 2>&1
check "QW701 reported" $(grep -q 'QW701' "$tmp/out"; echo $?)
"$qwlint" --fix "$tmp/perm" >/dev/null 2>&1
check "QW701 chmod 600" $([ "$(stat -c %a "$tmp/perm/.env")" = 600 ] && echo 0 || echo 1)
check "QW701 contents kept" $(cmp -s "$seed/.env" "$tmp/perm/.env"; echo $?)

# --fix --format json: stdout stays one JSON document (progress lines go to stderr).
cp -a "$seed" "$tmp/fj"
"$qwlint" --fix --unsafe-fixes --format json "$tmp/fj" 2>/dev/null | "$json_check" >/dev/null
check "--fix --format json is valid JSON" $?

# Backups: a repair that removes a token-holding pool entry copies auth.json first; --no-backup skips it.
for b in yes no; do
	mkdir -p "$tmp/bk-$b"
	printf 'model:\n  provider: custom\n  base_url: https://coding.dashscope.aliyuncs.com/v1\n  api_key: ${DASHSCOPE_API_KEY}\n' \
		>"$tmp/bk-$b/config.yaml"
	printf 'DASHSCOPE_API_KEY=sk-sp-5a1b2c3d4e5f60718293a4b5c6d7e8f9\n' >"$tmp/bk-$b/.env"
	printf '{\n  "version": 1,\n  "credential_pool": {\n    "alibaba": [\n      {\n        "id": "x1",\n        "source": "manual",\n        "access_token": "sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0",\n        "last_status": "dead",\n        "last_error_code": 401\n      }\n    ]\n  }\n}' \
		>"$tmp/bk-$b/auth.json"
	chmod 600 "$tmp/bk-$b/"*  "$tmp/bk-$b/.env"
	cp "$tmp/bk-$b/auth.json" "$tmp/bk-$b.orig"
	if [ $b = yes ]; then "$qwlint" --fix "$tmp/bk-$b" >"$tmp/out" 2>&1; else "$qwlint" --fix --no-backup "$tmp/bk-$b" >"$tmp/out" 2>&1; fi
	check "backup $b: entry removed" $(grep -q access_token "$tmp/bk-$b/auth.json" && echo 1 || echo 0)
	n=$(find "$tmp/bk-$b/.qwlint-backup" -name auth.json 2>/dev/null | wc -l)
	if [ $b = yes ]; then
		check "backup written" $([ "$n" = 1 ] && echo 0 || echo 1)
		bf=$(find "$tmp/bk-$b/.qwlint-backup" -name auth.json)
		check "backup is the original" $(cmp -s "$bf" "$tmp/bk-$b.orig"; echo $?)
		check "backup mode 0600" $([ "$(stat -c %a "$bf")" = 600 ] && echo 0 || echo 1)
		check "backup named in output" $(grep -q 'Backed up' "$tmp/out"; echo $?)
		check "backup key not printed" $(grep -q '9f8e7d6c' "$tmp/out" && echo 1 || echo 0)
	else
		check "--no-backup writes none" $([ "$n" = 0 ] && echo 0 || echo 1)
	fi
done

# Standard input: `-` with --stdin-filename lints the text as that file, with the file's home read for context.
"$qwlint" --format concise --stdin-filename "$seed/.env" - <"$seed/.env" >"$tmp/out" 2>&1
check "stdin: exit 1 on the seed's error" $([ $? = 1 ] && echo 0 || echo 1)
check "stdin: finding named with --stdin-filename" $(grep -q "^$seed/.env:.*\[QW301\]" "$tmp/out"; echo $?)
printf 'DASHSCOPE_API_KEY=sk-0123456789abcdef0123456789abcdef\n' |
	"$qwlint" --format concise --stdin-filename "$seed/.env" - >"$tmp/out" 2>&1
check "stdin: its text, not the file's, is linted" $(grep -q QW301 "$tmp/out" && echo 1 || echo 0)
printf 'A=1\n' | "$qwlint" - >/dev/null 2>"$tmp/err"
check "stdin: - without --stdin-filename exits 2" $([ $? = 2 ] && grep -q 'stdin-filename' "$tmp/err" && echo 0 || echo 1)
# Standard input longer than --max-file-size: refused like a file, exit 2, the limit named.
"$qwlint" --max-file-size 10 --stdin-filename "$seed/.env" - <"$seed/.env" >/dev/null 2>"$tmp/err"
check "stdin over --max-file-size exits 2" $([ $? = 2 ] &&
	grep -q 'standard input: larger than the --max-file-size limit (10 bytes)' "$tmp/err" && echo 0 || echo 1)
printf 'A=1\n' | "$qwlint" --fix --stdin-filename "$tmp/x.env" - >/dev/null 2>&1
check "stdin: --fix refused" $([ $? = 2 ] && [ ! -e "$tmp/x.env" ] && echo 0 || echo 1)

# --quiet: the findings, not the totals line.
"$qwlint" --quiet --color never "$seed" >"$tmp/out" 2>&1
check "--quiet keeps findings" $(grep -q 'QW301' "$tmp/out"; echo $?)
check "--quiet drops the totals" $(grep -q 'errors\?, .* in .* file' "$tmp/out" && echo 1 || echo 0)

# Colour: never on a pipe by default; FORCE_COLOR colours a pipe; NO_COLOR wins over it; --color wins over both.
esc=$(printf '\033')
"$qwlint" "$seed" 2>&1 | grep -q "$esc"
check "no colour on a pipe" $([ $? = 1 ] && echo 0 || echo 1)
FORCE_COLOR=1 "$qwlint" "$seed" 2>&1 | grep -q "$esc"
check "FORCE_COLOR colours a pipe" $?
NO_COLOR=1 FORCE_COLOR=1 "$qwlint" "$seed" 2>&1 | grep -q "$esc"
check "NO_COLOR beats FORCE_COLOR" $([ $? = 1 ] && echo 0 || echo 1)
NO_COLOR=1 "$qwlint" --color always "$seed" 2>&1 | grep -q "$esc"
check "--color always beats NO_COLOR" $?

# --config: a missing file is a usage error.
"$qwlint" --config "$tmp/none.yaml" "$seed" >/dev/null 2>"$tmp/err"
check "--config missing file exits 2" $([ $? = 2 ] && grep -q 'cannot read' "$tmp/err" && echo 0 || echo 1)

# -j: the same output, byte for byte, whatever the number of workers - every fixture input under one tree (homes,
# Dify deployments, lone files, a settings file with a problem, a dangling link read as an error), every format.
mkdir -p "$tmp/many"
for c in "$top"/testdata/cases/*/input; do
	n=$(basename "$(dirname "$c")")
	cp -R "$c" "$tmp/many/$n"
done
printf 'ignore: [QW999]\n' >"$tmp/many/.qwlint.yaml"
mkdir -p "$tmp/many/zz-broken" && cp "$seed/config.yaml" "$tmp/many/zz-broken/" &&
	ln -s "$tmp/gone" "$tmp/many/zz-broken/auth.json"
for fmt in human concise json sarif github; do
	"$qwlint" -j 1 --format $fmt "$tmp/many" >"$tmp/j1" 2>"$tmp/j1.err"
	rc1=$?
	for j in 2 7; do
		"$qwlint" --jobs $j --format $fmt "$tmp/many" >"$tmp/jn" 2>"$tmp/jn.err"
		rcn=$?
		check "-j $j prints what -j 1 does ($fmt)" $(cmp -s "$tmp/j1" "$tmp/jn" && cmp -s "$tmp/j1.err" "$tmp/jn.err" &&
			[ $rc1 = $rcn ] && echo 0 || echo 1)
	done
done
# Many threads, many times: no run hangs or differs. (Each thread frees the results it built once they are printed;
# a worker that let go of the lock to free could miss the end of the run and wait forever, about one run in 80
# at -j 16 before the fix.)
"$qwlint" -j 1 --format concise "$tmp/many" >"$tmp/j1" 2>"$tmp/j1.err"
bad_runs=0
for run in $(seq 1 40); do
	timeout 10 "$qwlint" -j 16 --format concise "$tmp/many" >"$tmp/jn" 2>"$tmp/jn.err"
	rcn=$?
	{ [ $rcn = 124 ] || ! cmp -s "$tmp/j1" "$tmp/jn" || ! cmp -s "$tmp/j1.err" "$tmp/jn.err"; } &&
		bad_runs=$((bad_runs + 1))
done
check "-j 16, 40 runs: none hangs or differs ($bad_runs did)" $([ $bad_runs = 0 ] && echo 0 || echo 1)
check "-j test tree has findings of many files" $([ "$(cut -d: -f1 "$tmp/j1" | sort -u | wc -l)" -ge 50 ] && echo 0 || echo 1)
check "-j test tree has the read error" $(grep -q 'zz-broken/auth.json' "$tmp/j1.err"; echo $?)
check "-j: settings problems come last" $(tail -1 "$tmp/j1" | grep -q 'QW902'; echo $?)
"$qwlint" --format json "$tmp/many" >"$tmp/j" 2>/dev/null
"$json_check" <"$tmp/j" >/dev/null 2>&1
check "json valid, streamed in batches" $?
for bad in 0 -1 x 257 ''; do
	"$qwlint" -j "$bad" "$seed" >/dev/null 2>"$tmp/err"
	check "-j '$bad' is a usage error" $([ $? = 2 ] && grep -q -- '--jobs: expected' "$tmp/err" && echo 0 || echo 1)
done

# --resolve prints a custom_providers entry's own api_mode (issue 23), not "api_mode ?".
mkdir -p "$tmp/cp" && printf 'model:\n  provider: custom:bailian\ncustom_providers:\n  - name: bailian\n    base_url: https://coding.dashscope.aliyuncs.com/apps/anthropic\n    api_mode: anthropic_messages\n    api_key: ${DASHSCOPE_API_KEY}\n' >"$tmp/cp/config.yaml"
printf 'DASHSCOPE_API_KEY=sk-sp-4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b\n' >"$tmp/cp/.env"
"$qwlint" --resolve --color never "$tmp/cp" >"$tmp/out" 2>&1
check "--resolve: custom_providers api_mode printed" $(grep -q '=> custom:bailian .*, api_mode anthropic_messages' "$tmp/out" && ! grep -q 'api_mode ?' "$tmp/out" && echo 0 || echo 1)
# A home linted from inside it ("qwlint ." in ~/.hermes) is a home by its real name (issue 23, kind by content).
mkdir -p "$tmp/in/.hermes" && cp "$seed/.env" "$tmp/in/.hermes/" && chmod 600 "$tmp/in/.hermes/.env"
(cd "$tmp/in/.hermes" && "$qwlint" --format concise .) >"$tmp/out" 2>&1
check "'qwlint .' inside .hermes is a home" $(grep -q 'QW301' "$tmp/out"; echo $?)
# Messages and --explain pages cite the upstream source, never the project's knowledge notes (issue 23).
"$qwlint" --list-rules | cut -d' ' -f1 | while read -r id; do "$qwlint" --explain "$id"; done >"$tmp/explain" 2>&1
check "--explain cites no hermes.md" $(! grep -q 'hermes\.md' "$tmp/explain" && echo 0 || echo 1)

# A suppression on a line the finding's trace cites (`provider: auto`, which causes the QW301 reported at the key
# in .env) drops it, also when pre-commit passes the files one by one, and is neither unused (QW901) nor deleted.
mkdir -p "$tmp/sup/.hermes" && printf 'model:\n  provider: auto  # qwlint: disable=QW301\n' >"$tmp/sup/.hermes/config.yaml"
cp "$seed/.env" "$tmp/sup/.hermes/.env" && chmod 600 "$tmp/sup/.hermes/.env" "$tmp/sup/.hermes/config.yaml"
for target in .hermes .hermes/.env .hermes/config.yaml; do
	(cd "$tmp/sup" && "$qwlint" --skip-unknown --format concise "$target") >"$tmp/out" 2>&1
	check "trace-cited suppression, $target: silent, exit 0" $([ $? = 0 ] && [ ! -s "$tmp/out" ] && echo 0 || echo 1)
done
(cd "$tmp/sup" && "$qwlint" --fix .hermes/config.yaml) >/dev/null 2>&1
check "trace-cited suppression is not deleted by --fix" $(grep -q 'disable=QW301' "$tmp/sup/.hermes/config.yaml"; echo $?)

# --list-files: every file discovery would lint, with its kind and home; excluded files read for context say so;
# nothing is linted (exit 0 although the seed has an error).
mkdir -p "$tmp/lf/app" "$tmp/lf/dsl" && cp -a "$seed" "$tmp/lf/home"
printf 'OPENAI_API_KEY=placeholder\n' >"$tmp/lf/app/.env.example"
cp "$top/testdata/cases/dify-qw607-number-version/input/int.yml" "$tmp/lf/dsl/"
printf '{"version": 1, "providers": {}}\n' >"$tmp/lf/home/auth.json"
printf 'exclude: ["home/auth.json"]\n' >"$tmp/lf/.qwlint.yaml"
(cd "$tmp/lf" && "$qwlint" --list-files .) >"$tmp/out" 2>"$tmp/err"
check "--list-files exits 0 and lints nothing" $([ $? = 0 ] && ! grep -q QW "$tmp/out" && echo 0 || echo 1)
check "--list-files: the home's config.yaml" $(grep -qE '^hermes-config +home/config.yaml  \(Hermes home \./home\)$' "$tmp/out"; echo $?)
check "--list-files: the home's .env" $(grep -qE '^hermes-env +home/.env  \(Hermes home' "$tmp/out"; echo $?)
check "--list-files: an excluded file is context" $(grep -qE '^hermes-auth-json +home/auth.json .*excluded by .qwlint.yaml' "$tmp/out"; echo $?)
check "--list-files: a template" $(grep -qE '^app-env +app/.env.example  \(lone file in \./app; a template\)$' "$tmp/out"; echo $?)
check "--list-files: a Dify DSL" $(grep -qE '^dify-dsl +dsl/int.yml ' "$tmp/out"; echo $?)
check "--list-files: nothing else" $([ "$(wc -l <"$tmp/out")" = 5 ] && echo 0 || echo 1)
"$qwlint" --list-files "$tmp/nope" >/dev/null 2>&1
check "--list-files: a missing path exits 2" $([ $? = 2 ] && echo 0 || echo 1)

# --show-settings: the governing file and the settings in effect, with the command line's options over them.
printf 'ignore: [QW701]\nseverity: {QW307: error}\nregion: cn\nfail-on: warning\nexclude: ["home/auth.json"]\n' >"$tmp/lf/.qwlint.yaml"
(cd "$tmp/lf" && "$qwlint" --show-settings home/auth.json) >"$tmp/out" 2>&1
check "--show-settings exits 0" $?
check "--show-settings: the file" $(grep -qx 'settings file: .qwlint.yaml (the nearest .qwlint.yaml upward)' "$tmp/out"; echo $?)
check "--show-settings: ignore" $(grep -qx 'ignore: QW701' "$tmp/out"; echo $?)
check "--show-settings: severity" $(grep -qx 'severity: QW307 error' "$tmp/out"; echo $?)
check "--show-settings: region and where" $(grep -qx 'region: cn (.qwlint.yaml:3)' "$tmp/out"; echo $?)
check "--show-settings: fail-on" $(grep -qx 'fail-on: warning' "$tmp/out"; echo $?)
check "--show-settings: excluded" $(grep -qx '  this file is excluded: read for context only' "$tmp/out"; echo $?)
nrules=$("$qwlint" --list-rules | wc -l)
check "--show-settings: rules run" $(grep -qx "rules: $((nrules - 1)) of $nrules run" "$tmp/out" && grep -qx '  not run: QW701' "$tmp/out" && echo 0 || echo 1)
(cd "$tmp/lf" && "$qwlint" --show-settings home --region intl --fail-on info) >"$tmp/out" 2>&1
check "--show-settings: --region wins" $(grep -qx "region: intl (--region, over the settings file's)" "$tmp/out"; echo $?)
check "--show-settings: --fail-on wins" $(grep -qx 'fail-on: info (--fail-on)' "$tmp/out"; echo $?)
"$qwlint" --show-settings "$seed" >"$tmp/out" 2>&1
check "--show-settings: no file, the defaults" $(grep -q '^settings file: none' "$tmp/out" && grep -qx "rules: $nrules of $nrules run" "$tmp/out" && echo 0 || echo 1)
(cd "$tmp/lf" && "$qwlint" --config "$tmp/lf/.qwlint.yaml" --show-settings "$seed") >"$tmp/out" 2>&1
check "--show-settings: --config" $(grep -q '^settings file: .*(--config)$' "$tmp/out"; echo $?)
"$qwlint" --show-settings "$tmp/nope" >/dev/null 2>"$tmp/err"
check "--show-settings: a missing path exits 2" $([ $? = 2 ] && grep -q 'show-settings' "$tmp/err" && echo 0 || echo 1)

# Short options: every one --help shows works as its long form (issue 28), and -q is --quiet.
for s in $("$qwlint" --help | grep -oE '^  -[a-zA-Z], --[a-z-]+' | sed 's/^  //; s/, /=/'); do
	short=${s%%=*}
	case $short in -h | -V) "$qwlint" "$short" >/dev/null; check "$short works" $? ;; esac
done
"$qwlint" -q --format human "$seed" >"$tmp/q" 2>&1
check "-q keeps findings, drops the totals" $(grep -q QW301 "$tmp/q" && ! grep -q ' in .* file' "$tmp/q" && echo 0 || echo 1)
"$qwlint" -f concise -j 1 -r "$seed" >/dev/null 2>&1
check "-f -j -r are accepted" $([ $? = 1 ] && echo 0 || echo 1)

# --exit-zero: findings exit 0, a usage error still 2, --exit-non-zero-on-fix still 1.
"$qwlint" --exit-zero "$seed" >/dev/null 2>&1
check "--exit-zero: findings exit 0" $?
"$qwlint" -e --resolve "$seed" >/dev/null 2>&1
check "-e --resolve exits 0" $?
"$qwlint" -e --diff --unsafe-fixes "$seed" >/dev/null 2>&1
check "-e --diff exits 0" $?
"$qwlint" -e --region xx "$seed" >/dev/null 2>&1
check "-e: a usage error still exits 2" $([ $? = 2 ] && echo 0 || echo 1)
"$qwlint" -e "$tmp/nope" >/dev/null 2>&1
check "-e: a missing path still exits 2" $([ $? = 2 ] && echo 0 || echo 1)
cp -a "$seed" "$tmp/ez"
"$qwlint" -e --fix --unsafe-fixes --exit-non-zero-on-fix "$tmp/ez" >/dev/null 2>&1
check "-e does not undo --exit-non-zero-on-fix" $([ $? = 1 ] && echo 0 || echo 1)

# --statistics: ruff's shape (count TAB code TAB [marker ]name), JSON with --format json.
"$qwlint" --statistics --unsafe-fixes "$seed" >"$tmp/st" 2>&1
check "--statistics line" $(grep -qP '^1\tQW301\t\[\*\] auto-provider-misroutes-key$' "$tmp/st"; echo $?)
check "--statistics replaces the findings" $(grep -q 'error\[' "$tmp/st" && echo 1 || echo 0)
"$qwlint" --statistics "$seed" >"$tmp/st" 2>&1
check "--statistics: no marker when nothing is fixable" $(grep -qP '^1\tQW301\tauto-provider-misroutes-key$' "$tmp/st"; echo $?)
"$qwlint" --statistics --format json "$seed" >"$tmp/st" 2>&1
check "--statistics --format json" $(grep -q '"code":"QW301","name":"auto-provider-misroutes-key","count":1,"fixable":false' "$tmp/st" &&
	python3 -c 'import json,sys; a=json.load(sys.stdin); assert isinstance(a, list) and len(a) == 1' <"$tmp/st" && echo 0 || echo 1)
cp -a "$top/testdata/cases/app-anthropic-oauth-token-var-nearmiss/input" "$tmp/stat-clean"
"$qwlint" --statistics "$tmp/stat-clean" >"$tmp/st" 2>&1
check "--statistics: nothing on a clean home" $([ ! -s "$tmp/st" ] && echo 0 || echo 1)

# --output-file: FMT:FILE keeps standard output's format; FILE alone takes --format's and replaces standard output.
mkdir "$tmp/o"
(cd "$tmp/o" && umask 022 && "$qwlint" -o sarif:r.sarif -o json:r.json --output-file gitlab:gl.json "$seed" >out 2>err)
check "-o: exit status of the findings" $([ $? = 1 ] && echo 0 || echo 1)
check "-o: human on standard output" $(grep -q 'error\[QW301\]' "$tmp/o/out"; echo $?)
check "-o: each file in its format" $(grep -q '"version":.*"2.1.0"' "$tmp/o/r.sarif" && grep -q '"findings"' "$tmp/o/r.json" &&
	grep -q '"check_name":"QW301"' "$tmp/o/gl.json" && "$json_check" <"$tmp/o/r.json" >/dev/null && echo 0 || echo 1)
check "-o: files are 0644 under umask 022" $([ "$(stat -c %a "$tmp/o/r.sarif")" = 644 ] && echo 0 || echo 1)
(cd "$tmp/o" && umask 077 && "$qwlint" -o concise:u.txt "$seed" >/dev/null 2>&1)
check "-o: 0644 less the umask (077: 0600)" $([ "$(stat -c %a "$tmp/o/u.txt")" = 600 ] && echo 0 || echo 1)
(cd "$tmp/o" && "$qwlint" --format concise -o plain.txt "$seed" >out2 2>&1)
check "-o FILE: --format's format, nothing on standard output" $([ ! -s "$tmp/o/out2" ] &&
	grep -q ': error: .*\[QW301\]$' "$tmp/o/plain.txt" && echo 0 || echo 1)
echo old >"$tmp/o/plain.txt"
(cd "$tmp/o" && "$qwlint" --format concise -o plain.txt "$seed" >/dev/null 2>&1)
check "-o: an existing report is replaced" $(grep -q 'QW301' "$tmp/o/plain.txt" && ! grep -q old "$tmp/o/plain.txt" && echo 0 || echo 1)
echo precious >"$tmp/o/target"
ln -s target "$tmp/o/link.json"
(cd "$tmp/o" && "$qwlint" -o gitlab:link.json "$seed" >/dev/null 2>"$tmp/o/err")
check "-o: a symbolic link is refused (exit 2)" $([ $? = 2 ] && grep -q 'symbolic link' "$tmp/o/err" && echo 0 || echo 1)
check "-o: nothing written through the link" $([ "$(cat "$tmp/o/target")" = precious ] && [ -L "$tmp/o/link.json" ] && echo 0 || echo 1)
(cd "$tmp/o" && "$qwlint" -o ./sarif:odd "$seed" >/dev/null 2>&1)
check "-o ./sarif:odd is a file of that name" $([ -f "$tmp/o/sarif:odd" ] && echo 0 || echo 1)
"$qwlint" -o '' "$seed" >/dev/null 2>&1
check "-o '' is a usage error" $([ $? = 2 ] && echo 0 || echo 1)
"$qwlint" -o sarif: "$seed" >/dev/null 2>&1
check "-o sarif: (no file) is a usage error" $([ $? = 2 ] && echo 0 || echo 1)
"$qwlint" -o sarif:x --resolve "$seed" >/dev/null 2>&1
check "-o with --resolve is a usage error" $([ $? = 2 ] && echo 0 || echo 1)
"$qwlint" -o "sarif:$tmp/no/such/dir/r.sarif" "$seed" >/dev/null 2>"$tmp/err"
check "-o into a missing directory: exit 2, named" $([ $? = 2 ] && grep -q -- '--output-file' "$tmp/err" && echo 0 || echo 1)
check "-o: no temp file left" $(ls -a "$tmp/o" | grep -q qwlint-tmp && echo 1 || echo 0)

# gitlab: the fingerprint names the finding, not its line number: a line added above keeps it (GitLab would
# otherwise report the finding as fixed and a new one), while location.lines.begin moves.
cp -a "$seed" "$tmp/fp"
"$qwlint" --format gitlab "$tmp/fp" >"$tmp/fp1" 2>/dev/null
{ echo '# a comment added above'; cat "$seed/.env"; } >"$tmp/fp/.env"
"$qwlint" --format gitlab "$tmp/fp" >"$tmp/fp2" 2>/dev/null
fp1=$(grep -o '"fingerprint":"[0-9a-f]*"' "$tmp/fp1")
fp2=$(grep -o '"fingerprint":"[0-9a-f]*"' "$tmp/fp2")
check "gitlab: fingerprint kept when lines move" $([ -n "$fp1" ] && [ "$fp1" = "$fp2" ] && echo 0 || echo 1)
check "gitlab: the line moved" $(grep -q '"begin":2' "$tmp/fp1" && grep -q '"begin":3' "$tmp/fp2" && echo 0 || echo 1)

# --diff masks a comment's key-shaped word after a key's name, never its prose, and no URL's host and port (issue 23:
# "# api_key: ….env" and "http://api:… (4 chars)").
mkdir -p "$tmp/dm" && printf 'OPENAI_API_KEY=sk-sp-0123456789abcdef0123456789abcdef\n# api_key: see the .env of the api service\n# old api_key: 3f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c\nDIFY_API_URL=http://api:5001\nOPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nOPENAI_API_KEY=sk-sp-0123456789abcdef0123456789abcdef\n' >"$tmp/dm/.env"
chmod 600 "$tmp/dm/.env"
"$qwlint" --diff --unsafe-fixes "$tmp/dm" >"$tmp/out" 2>&1
check "--diff: a comment's prose shown" $(grep -qx ' # api_key: see the .env of the api service' "$tmp/out"; echo $?)
check "--diff: a URL's host and port shown" $(grep -qx ' DIFY_API_URL=http://api:5001' "$tmp/out"; echo $?)
check "--diff: a key-shaped word in a comment masked" $(! grep -q '3f9a0b1c' "$tmp/out" && grep -q '^ # old api_key: …' "$tmp/out" && echo 0 || echo 1)

finish cli
