#!/bin/sh
# Dify behaviour that fixture cases cannot express: QW601's repair writes random values (so no fixed/ tree can
# hold them), one file of a deployment named alone, --skip-unknown, and how a tree search counts files.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
# the public defaults of Dify's docker/.env.example (not secrets: printed in Dify's repository)
SK=sk-9f73s3ljTXVcMT3Blb3ljTqtsKiGHXVcMT3BlbkFJLK7U
DK=lYkiYYT6owG+71oLerGzA7GXCgOT++6ovaezWAjpCjf+Sjc3ZtU+qUEi
IK=QaHbTe77CtuXmsfyhR7+vRjI/+XbV1AaFy691iy+kGDv2Jvy0/eAh8Y1
# value VAR FILE: the value of the last VAR= line
value() { sed -n "s/^$1=//p" "$2" | tail -n 1; }

# --- QW601's repair: new random values, the same one on both sides of a pair, never printed
mkdir -p "$tmp/d/envs/core-services"
printf '# local overrides\nSECRET_KEY=%s\nPLUGIN_DAEMON_KEY=%s\nPLUGIN_DIFY_INNER_API_KEY=%s\nCONSOLE_API_URL=\n' \
	"$SK" "$DK" "$IK" >"$tmp/d/.env"
printf 'MODE=api\nINNER_API_KEY_FOR_PLUGIN=%s\n' "$IK" >"$tmp/d/envs/core-services/api.env"
printf 'SERVER_KEY=%s\n' "$DK" >"$tmp/d/envs/core-services/plugin-daemon.env"
cp -a "$tmp/d" "$tmp/d0"
"$qwlint" --format concise "$tmp/d" >"$tmp/out" 2>&1
check "four defaults found" $([ "$(grep -c 'QW601' "$tmp/out")" = 4 ]; echo $?)
"$qwlint" --fix "$tmp/d" >"$tmp/out" 2>&1
check "safe --fix leaves the defaults (the repair is unsafe)" $(diff -r "$tmp/d0" "$tmp/d" >/dev/null; echo $?)
"$qwlint" --fix --unsafe-fixes "$tmp/d" >"$tmp/out" 2>&1
env="$tmp/d/.env" api="$tmp/d/envs/core-services/api.env" daemon="$tmp/d/envs/core-services/plugin-daemon.env"
s=$(value SECRET_KEY "$env") d=$(value PLUGIN_DAEMON_KEY "$env") i=$(value PLUGIN_DIFY_INNER_API_KEY "$env")
check "SECRET_KEY is 56 characters of base64" $(echo "$s" | grep -Eqx '[A-Za-z0-9+/]{56}'; echo $?)
check "PLUGIN_DAEMON_KEY changed, and so did SERVER_KEY, to the same value" \
	$([ "$d" != "$DK" ] && [ "$d" = "$(value SERVER_KEY "$daemon")" ]; echo $?)
check "PLUGIN_DIFY_INNER_API_KEY and INNER_API_KEY_FOR_PLUGIN changed together" \
	$([ "$i" != "$IK" ] && [ "$i" = "$(value INNER_API_KEY_FOR_PLUGIN "$api")" ]; echo $?)
check "three different new values" $([ "$s" != "$d" ] && [ "$d" != "$i" ] && [ "$s" != "$i" ]; echo $?)
check "the rest of the files is as it was" \
	$(grep -q '^# local overrides$' "$env" && grep -qx 'CONSOLE_API_URL=' "$env" && grep -qx 'MODE=api' "$api"; echo $?)
leak=0
for v in "$s" "$d" "$i"; do
	grep -q -F -e "$(echo "$v" | cut -c1-8)" -e "$(echo "$v" | cut -c20-27)" "$tmp/out" && leak=1
done
check "--fix prints none of the new values" $leak
"$qwlint" --format concise "$tmp/d" >"$tmp/out" 2>&1
check "after the repair: no finding" $([ ! -s "$tmp/out" ]; echo $?)
cp -a "$tmp/d0" "$tmp/d2" && "$qwlint" --fix --unsafe-fixes "$tmp/d2" >/dev/null 2>&1
check "a second install gets other values" $([ "$(value SECRET_KEY "$tmp/d2/.env")" != "$s" ]; echo $?)
"$qwlint" --diff --unsafe-fixes "$tmp/d0" >"$tmp/out" 2>&1
check "--diff masks old and new values" $(grep -q -F -e "$(echo "$IK" | cut -c1-8)" -e "$(echo "$DK" | cut -c1-8)" "$tmp/out" && echo 1 || echo 0)

# --- a template raises QW601 but is never rewritten
mkdir "$tmp/t" && printf 'SECRET_KEY=%s\nPLUGIN_DAEMON_KEY=%s\n' "$SK" "$DK" >"$tmp/t/.env.example"
cp "$tmp/t/.env.example" "$tmp/t.orig"
"$qwlint" --format concise "$tmp/t" >"$tmp/out" 2>&1
check "the shipped template raises QW601 twice" $([ "$(grep -c 'QW601' "$tmp/out")" = 2 ]; echo $?)
"$qwlint" --fix --unsafe-fixes "$tmp/t" >/dev/null 2>&1
check "and --fix leaves it as it is" $(cmp -s "$tmp/t.orig" "$tmp/t/.env.example"; echo $?)

# --- docker/.env named alone (pre-commit): only it is reported, envs/ read for context
cp -a "$tmp/d0" "$tmp/one"
(cd "$tmp/one" && "$qwlint" --format concise .env) >"$tmp/out" 2>&1
check "only .env's findings" $([ "$(grep -c 'QW601' "$tmp/out")" = 3 ] && ! grep -q 'envs/' "$tmp/out"; echo $?)
printf 'PLUGIN_DAEMON_KEY=Zq8wR2mX7pL4kN9vB3cT6yH1jF5dS0gAxE2uQ7iO4rW9tY3\n' >>"$tmp/one/.env"
(cd "$tmp/one" && "$qwlint" --format concise .env) >"$tmp/out" 2>&1
check "a pair broken by .env is shown at .env, naming the context file" \
	$(grep -q '^\.env:6:19: error: PLUGIN_DAEMON_KEY (\.env:6) and SERVER_KEY (envs/core-services/plugin-daemon\.env:1) differ' "$tmp/out"; echo $?)

# --- --skip-unknown, and what a search counts
mkdir -p "$tmp/repo/apps" "$tmp/repo/ci"
printf 'app:\n  mode: workflow\n  name: t\nkind: app\nversion: 0.1.5\nworkflow:\n  graph: {nodes: []}\n' >"$tmp/repo/apps/a.yml"
printf 'on: push\n' >"$tmp/repo/ci/ci.yml"
printf 'site_name: x\n' >"$tmp/repo/config.yaml"
"$qwlint" "$tmp/repo" >"$tmp/out" 2>&1
check "a search lints the DSL and counts nothing else" $(grep -q '0 errors, 0 warnings in 1 file$' "$tmp/out"; echo $?)
"$qwlint" "$tmp/repo/ci/ci.yml" >"$tmp/out" 2>&1
check "a named unknown YAML gets a note" $(grep -q 'skipped' "$tmp/out"; echo $?)
"$qwlint" --skip-unknown "$tmp/repo/ci/ci.yml" "$tmp/repo/config.yaml" "$tmp/repo/apps/a.yml" >"$tmp/out" 2>&1
check "--skip-unknown: no note, another program's config.yaml passed over" \
	$(! grep -q 'skipped' "$tmp/out" && grep -q 'in 1 file$' "$tmp/out"; echo $?)

# --- a deployment in a git work tree: its own .env with a real secret and no ignore rule (QW703)
if command -v git >/dev/null 2>&1; then
	mkdir -p "$tmp/g/docker" && git -C "$tmp/g" init -q
	printf 'SECRET_KEY=Zq8wR2mX7pL4kN9vB3cT6yH1jF5dS0gAxE2uQ7iO4rW9tY3\nCONSOLE_API_URL=\n' >"$tmp/g/docker/.env"
	(cd "$tmp/g" && "$qwlint" --format concise docker) >"$tmp/out" 2>&1
	check "QW703 on docker/.env" \
		$(grep -qx 'docker/.env:1:1: warning: .env holds keys (SECRET_KEY, …) and no ignore rule covers it: `git add .` would commit them \[QW703\]' "$tmp/out"; echo $?)
	(cd "$tmp/g" && "$qwlint" --fix docker) >/dev/null 2>&1
	check "--fix: docker/.gitignore ignores it" $(git -C "$tmp/g" check-ignore -q docker/.env; echo $?)
	printf 'SECRET_KEY=%s\nCONSOLE_API_URL=\n' "$SK" >"$tmp/g/docker/.env" && rm "$tmp/g/docker/.gitignore"
	(cd "$tmp/g" && "$qwlint" --format concise docker) >"$tmp/out" 2>&1
	check "a .env of public defaults only: QW601, not QW703" $(grep -q QW601 "$tmp/out" && ! grep -q QW703 "$tmp/out"; echo $?)
fi

finish dify
