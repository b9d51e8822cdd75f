#!/bin/sh
# Directory searches keep to the tree they were given (reliability defects #4 #5 #24 #25): a symbolic link out of
# the directory named is neither printed nor written nor chmodded, /proc files are never read, the same home named
# twice is linted and repaired once, and a deep tree is searched (or, past QW_WALK_MAX_DEPTH, says so).
#   sh tests/discover_tests.sh QWLINT
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
has() { grep -q "$@" && echo 0 || echo 1; }
hasnt() { grep -q "$@" && echo 1 || echo 0; }
# q DIR ARGS...: qwlint in DIR, stdout in $tmp/out, stderr in $tmp/err, exit status in rc
q() {
	d=$1
	shift
	(cd "$d" && exec timeout 60 "$qwlint" --color never "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
# state FILE: its bytes and mode, to compare before and after
state() { printf '%s ' "$(stat -c %a "$1")"; od -An -c "$1" | tr -d ' \n'; }
auth='{"version": 1, "providers": {}, "credential_pool": {}}'
key=sk-sp-7e3a9c1f5b2d4e6081a3c5e7f9b1d3e5

# --- #5: a home in a repository whose .env is a link to /proc/self/environ, another's to a file outside: `qwlint .`
# prints neither (the environment holds a marker; the outside file a line of its own), notes both, exit 0.
mkdir -p "$tmp/r5/repo/h" "$tmp/r5/repo/g" "$tmp/r5/outside"
printf 'root:$6$saltsalt$SHADOWLINEMARKER:20228:0:99999:7:::\n' >"$tmp/r5/outside/shadow-like"
printf '%s\n' "$auth" >"$tmp/r5/repo/h/auth.json"
cp "$tmp/r5/repo/h/auth.json" "$tmp/r5/repo/g/auth.json"
ln -s /proc/self/environ "$tmp/r5/repo/h/.env"
ln -s "$tmp/r5/outside/shadow-like" "$tmp/r5/repo/g/.env"
for f in human concise json; do
	QW_ENV_MARKER=EnvMarker0xq9 q "$tmp/r5/repo" -f $f .
	check "#5 $f: the environment is not printed" $(cat "$tmp/out" "$tmp/err" | hasnt EnvMarker0xq9)
	check "#5 $f: the outside file is not printed" $(cat "$tmp/out" "$tmp/err" | hasnt SHADOWLINEMARKER)
	check "#5 $f: exit 0 (a note is no error)" $([ $rc = 0 ] && echo 0 || echo 1)
done
check "#5: h/.env noted once" $([ "$(grep -c '^qwlint: h/\.env: not read: a symbolic link leads out' "$tmp/err")" = 1 ] && echo 0 || echo 1)
check "#5: g/.env noted once" $([ "$(grep -c '^qwlint: g/\.env: not read: a symbolic link leads out' "$tmp/err")" = 1 ] && echo 0 || echo 1)
# the repository itself a home (named, not searched): the same
printf '%s\n' "$auth" >"$tmp/r5/repo/auth.json"
ln -s /proc/self/environ "$tmp/r5/repo/.env"
QW_ENV_MARKER=EnvMarker0xq9 q "$tmp/r5/repo" .
check "#5 named home: the environment is not printed" $(cat "$tmp/out" "$tmp/err" | hasnt EnvMarker0xq9)
check "#5 named home: .env noted" $(has '^qwlint: \.env: not read: a symbolic link leads out' "$tmp/err")
# /proc/self/environ named (through a link, or itself) is followed and refused: it is no configuration
QW_ENV_MARKER=EnvMarker0xq9 q "$tmp/r5/repo" -f concise h/.env
check "#5 /proc named: not printed" $(cat "$tmp/out" "$tmp/err" | hasnt EnvMarker0xq9)
check "#5 /proc named: refused, exit 2" $([ $rc = 2 ] && grep -q '^qwlint: h/\.env: not a regular file (a file of /proc or /sys)$' "$tmp/err" && echo 0 || echo 1)
# a .env link met by the walk itself (not in a home): noted, not read
mkdir -p "$tmp/r5b/repo/app"
ln -s "$tmp/r5/outside/shadow-like" "$tmp/r5b/repo/app/.env"
q "$tmp/r5b/repo" -f concise .
check "#5 walk: not printed" $(cat "$tmp/out" "$tmp/err" | hasnt SHADOWLINEMARKER)
check "#5 walk: noted" $(has '^qwlint: app/\.env: not read: a symbolic link out of the directory named' "$tmp/err")
# a profile directory that is a link out of its home: noted, not read
mkdir -p "$tmp/r5c/h/profiles" "$tmp/r5c/elsewhere"
printf '%s\n' "$auth" >"$tmp/r5c/h/auth.json"
printf 'X=SHADOWLINEMARKER\nX=SHADOWLINEMARKER\n' >"$tmp/r5c/elsewhere/.env"
ln -s "$tmp/r5c/elsewhere" "$tmp/r5c/h/profiles/p"
q "$tmp/r5c" -f concise h
check "#5 profile link: not printed" $(cat "$tmp/out" "$tmp/err" | hasnt SHADOWLINEMARKER)
check "#5 profile link: noted" $(has '^qwlint: h/profiles/p: not read: a symbolic link leads out' "$tmp/err")
# under pre-commit, a named link out of the work tree is not read; outside pre-commit it is (the user named it)
mkdir -p "$tmp/r5d/repo/.git"
printf 'A=1\nA=1\n' >"$tmp/r5d/outside.env"
ln -s "$tmp/r5d/outside.env" "$tmp/r5d/repo/.env"
PRE_COMMIT=1 q "$tmp/r5d/repo" -f concise --skip-unknown .env
check "#5 pre-commit: a link out of the work tree is not read" \
	$([ $rc = 0 ] && ! grep -q QW501 "$tmp/out" && grep -q '^qwlint: \.env: not read: a symbolic link out of the git work tree' "$tmp/err" && echo 0 || echo 1)
q "$tmp/r5d/repo" -f concise --skip-unknown .env
check "#5 named by a person: followed" $(has '^\.env:2:1: .*\[QW501\]$' "$tmp/out")

# --- #4: --fix in a repository whose h/.env links to a file outside (QW501 and QW701 would apply to it): the file
# keeps its bytes and mode. A config.yaml link out of a home keeps them too.
mkdir -p "$tmp/r4/repo/h" "$tmp/r4/victim"
printf 'export PATH=$HOME/bin:$PATH\nexport OPENAI_API_KEY=%s\nexport PATH=$HOME/bin:$PATH\n' "$key" >"$tmp/r4/victim/.profile"
printf 'model:\n  provider: auto\nmodel:\n  provider: auto\n' >"$tmp/r4/victim/config.yaml"
chmod 644 "$tmp/r4/victim/.profile" "$tmp/r4/victim/config.yaml"
printf '%s\n' "$auth" >"$tmp/r4/repo/h/auth.json"
chmod 600 "$tmp/r4/repo/h/auth.json"
ln -s ../../victim/.profile "$tmp/r4/repo/h/.env"
ln -s ../../victim/config.yaml "$tmp/r4/repo/h/config.yaml"
before=$(state "$tmp/r4/victim/.profile")
beforec=$(state "$tmp/r4/victim/config.yaml")
q "$tmp/r4/repo" --fix --unsafe-fixes .
check "#4: the outside .env keeps its bytes and mode" $([ "$(state "$tmp/r4/victim/.profile")" = "$before" ] && echo 0 || echo 1)
check "#4: the outside config.yaml keeps its bytes and mode" $([ "$(state "$tmp/r4/victim/config.yaml")" = "$beforec" ] && echo 0 || echo 1)
check "#4: nothing fixed" $(hasnt '^Fixed h/' "$tmp/out")
check "#4: the links stay links" $([ -L "$tmp/r4/repo/h/.env" ] && [ -L "$tmp/r4/repo/h/config.yaml" ] && echo 0 || echo 1)
check "#4: exit 0" $([ $rc = 0 ] && echo 0 || echo 1)
q "$tmp/r4/repo" --diff .
check "#4: --diff shows nothing of them" $([ $rc = 0 ] && ! grep -q 'victim\|OPENAI' "$tmp/out" && echo 0 || echo 1)
# a link to a file inside the tree is followed: repaired at its target (the link stays a link), reported once
mkdir -p "$tmp/r4b/repo/h" "$tmp/r4b/repo/shared"
printf '%s\n' "$auth" >"$tmp/r4b/repo/h/auth.json"
printf 'A=1\nA=1\n' >"$tmp/r4b/repo/shared/hermes.env"
chmod 600 "$tmp/r4b/repo/h/auth.json" "$tmp/r4b/repo/shared/hermes.env"
ln -s ../shared/hermes.env "$tmp/r4b/repo/h/.env"
q "$tmp/r4b/repo" -f concise .
check "#4 inside: linted" $(has '^h/\.env:2:1: .*\[QW501\]$' "$tmp/out")
check "#4 inside: no note" $([ ! -s "$tmp/err" ] && echo 0 || echo 1)
q "$tmp/r4b/repo" --fix .
check "#4 inside: the target repaired" $([ "$(cat "$tmp/r4b/repo/shared/hermes.env")" = "A=1" ] && echo 0 || echo 1)
check "#4 inside: the link stays a link" $([ -L "$tmp/r4b/repo/h/.env" ] && echo 0 || echo 1)

# --- #24: the same home named twice (`.` and $PWD; a link and its target; a home and one of its files): linted
# and repaired once, exit as for one.
mkdir -p "$tmp/r24"
printf 'model:\n  provider: custom\n  base_url: https://api.example.com/v1/chat/completions\n  api_key: ${OPENAI_API_KEY}\n' >"$tmp/r24/config.yaml"
printf 'OPENAI_API_KEY=sk-0123456789abcdef0123456789abcdef\nFOO=1\nFOO=1\n' >"$tmp/r24/.env"
chmod 600 "$tmp/r24/config.yaml" "$tmp/r24/.env"
cp -a "$tmp/r24" "$tmp/r24b"
q "$tmp/r24" -f concise .
once=$(cat "$tmp/out")
q "$tmp/r24" -f concise . "$tmp/r24"
check "#24 lint . \$PWD: as once" $([ "$(cat "$tmp/out")" = "$once" ] && echo 0 || echo 1)
ln -s r24 "$tmp/r24link"
q "$tmp" -f concise r24 r24link r24/.env
check "#24 lint a home, a link to it and its file: each finding once" \
	$([ "$(grep -c 'QW501' "$tmp/out")" = 1 ] && [ "$(grep -c 'QW202\|QW20[0-9]' "$tmp/out")" = 1 ] && echo 0 || echo 1)
q "$tmp/r24" --fix . "$tmp/r24"
check "#24 --fix . \$PWD: exit 0" $([ $rc = 0 ] && echo 0 || echo 1)
check "#24 --fix . \$PWD: no message" $([ ! -s "$tmp/err" ] && echo 0 || echo 1)
check "#24 --fix . \$PWD: .env repaired" $([ "$(grep -c '^FOO=1$' "$tmp/r24/.env")" = 1 ] && echo 0 || echo 1)
check "#24 --fix . \$PWD: config.yaml repaired" $(has 'base_url: https://api.example.com/v1$' "$tmp/r24/config.yaml")
check "#24 --fix . \$PWD: each file written once" $([ "$(grep -c '^Fixed' "$tmp/out")" = 3 ] && echo 0 || echo 1)
q "$tmp" --fix r24b/.env r24b
check "#24 --fix a file, then its home: exit 0" $([ $rc = 0 ] && [ ! -s "$tmp/err" ] && echo 0 || echo 1)
check "#24 --fix a file, then its home: both repaired" \
	$([ "$(grep -c '^FOO=1$' "$tmp/r24b/.env")" = 1 ] && grep -q 'base_url: https://api.example.com/v1$' "$tmp/r24b/config.yaml" && echo 0 || echo 1)

# --- #25: a .env 34 directories down is found; one 300 down is not searched, and that is said (exit 2); a tree
# 5000 deep is searched quickly and says so once.
mkdir -p "$tmp/r25/repo/$(printf 'x/%.0s' $(seq 1 34))"
printf 'OPENAI_API_KEY=%s\nOPENAI_BASE_URL=https://api.openai.com/v1\n' "$key" >"$tmp/r25/repo/$(printf 'x/%.0s' $(seq 1 34)).env"
q "$tmp/r25" -f concise repo
check "#25: depth 34 found" $([ $rc = 1 ] && grep -q '^repo/\(x/\)\{34\}\.env:2:17: error: .*\[QW104\]$' "$tmp/out" && echo 0 || echo 1)
chunk=$(printf 'y/%.0s' $(seq 1 1000))
# built bottom up: no path the shell or mkdir sees is longer than PATH_MAX
(cd "$tmp/r25" && i=5 && mkdir -p "c$i/$chunk" && while [ $i -gt 1 ]; do
	j=$((i - 1)) && mkdir -p "c$j/$chunk" && mv "c$i" "c$j/$chunk/" || exit 1
	i=$j
done) || bad "#25: the 5000-deep tree could not be built"
start=$(date +%s)
q "$tmp/r25" -f concise repo c1
secs=$(($(date +%s) - start))
check "#25: 5000 deep: finishes (rc $rc, ${secs}s)" $([ $rc = 2 ] && [ "$secs" -le 30 ] && echo 0 || echo 1)
check "#25: 5000 deep: said once" $([ "$(grep -c 'not searched: directories nest more than 256 levels' "$tmp/err")" = 1 ] && echo 0 || echo 1)
check "#25: 5000 deep: the other path still linted" $(has '\[QW104\]$' "$tmp/out")

# --- no path: every agent's own directory in the user's home (issue 27), each named in the summary; a missing one
# is passed over, unless the user named it ($HERMES_HOME)
u=$tmp/user && mkdir -p "$u/.hermes" "$u/.claude" "$tmp/elsewhere"
printf 'model:\n  provider: alibaba-coding-plan\n  base_url: https://coding.dashscope.aliyuncs.com/v1\n' >"$u/.hermes/config.yaml"
printf 'ALIBABA_CODING_PLAN_API_KEY=%s\n' "$key" >"$u/.hermes/.env" && chmod 600 "$u/.hermes/.env"
printf '{"env": {"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic/v1",\n "ANTHROPIC_AUTH_TOKEN": "%s"}}\n' "$key" >"$u/.claude/settings.json"
HOME=$u HERMES_HOME= q "$tmp/elsewhere"
check "home: both agents linted, the Claude Code /v1 found" $([ $rc = 1 ] && grep -q '^ --> .*\.claude/settings.json:1:32$' "$tmp/out" && echo 0 || echo 1)
check "home: the summary names both" $(has '^1 error, 0 warnings in 3 files of Hermes Agent, Claude Code$' "$tmp/out")
check "home: the key is not printed" $(cat "$tmp/out" "$tmp/err" | hasnt "$key")
mkdir -p "$u/.codex"
printf 'model_provider = "cp"\n[model_providers.cp]\nbase_url = "https://coding.dashscope.aliyuncs.com/v1"\nenv_key = "OPENAI_API_KEY"\nwire_api = "responses"\n' >"$u/.codex/config.toml"
HOME=$u HERMES_HOME= q "$tmp/elsewhere"
check "home: ~/.codex linted too, its wire_api found" $([ $rc = 1 ] && grep -q '^ --> .*\.codex/config.toml:5:12$' "$tmp/out" && echo 0 || echo 1)
check "home: the summary names the three" $(has '^2 errors, 0 warnings in 4 files of Hermes Agent, Claude Code, Codex CLI$' "$tmp/out")
rm -r "$u/.codex"
# ~/.openclaw: openclaw.json (JSON5) and the .env beside it; the trap "api: openai-completions at /apps/anthropic"
mkdir -p "$u/.openclaw"
printf '{\n  // JSON5\n  models: {providers: {bailian: {\n    baseUrl: "https://coding.dashscope.aliyuncs.com/apps/anthropic",\n    apiKey: "%s", api: "openai-completions",},},},\n}\n' "$key" >"$u/.openclaw/openclaw.json"
printf 'DASHSCOPE_API_KEY=%s\n' "$key" >"$u/.openclaw/.env" && chmod 600 "$u/.openclaw/.env"
HOME=$u HERMES_HOME= q "$tmp/elsewhere"
check "home: ~/.openclaw linted too, its /apps/anthropic found" $([ $rc = 1 ] && grep -q '^ --> .*\.openclaw/openclaw.json:4:14$' "$tmp/out" && grep -q '\[QW203\]' "$tmp/out" && echo 0 || echo 1)
check "home: the summary names OpenClaw" $(has '^2 errors, 0 warnings in 5 files of Hermes Agent, Claude Code, OpenClaw$' "$tmp/out")
check "home: OpenClaw's key is not printed" $(cat "$tmp/out" "$tmp/err" | hasnt "$key")
HOME=$u HERMES_HOME= q "$tmp/elsewhere" --list-files
check "home: --list-files names openclaw.json and .env" $(grep -q '^openclaw-config .*\.openclaw/openclaw.json' "$tmp/out" && grep -q '^openclaw-env .*\.openclaw/\.env' "$tmp/out" && echo 0 || echo 1)
HOME=$u HERMES_HOME= q "$tmp/elsewhere" --resolve
check "home: --resolve shows OpenClaw's request" $(grep -q '^  models.providers.bailian:$' "$tmp/out" && grep -q '"api": "openai-completions": it speaks the openai protocol and appends /chat/completions' "$tmp/out" && grep -q '=> https://coding.dashscope.aliyuncs.com/apps/anthropic, openai protocol$' "$tmp/out" && echo 0 || echo 1)
check "home: --resolve prints no key" $(cat "$tmp/out" "$tmp/err" | hasnt "$key")
# ~/.openclaw/.env named alone (pre-commit passes files): OpenClaw's, as in the walk, openclaw.json read as context;
# a .env in any other directory stays an application's
q "$u" .openclaw/.env --list-files
check "a .openclaw's .env named alone is OpenClaw's, openclaw.json context" \
	$(grep -q '^openclaw-env .*\.openclaw/\.env  (OpenClaw configuration in ' "$tmp/out" && grep -q '^openclaw-config .*openclaw.json .*read for context only)$' "$tmp/out" && echo 0 || echo 1)
q "$u/.openclaw" .env
check "a .openclaw's .env named alone: openclaw.json's finding not shown" $([ $rc = 0 ] && ! grep -q 'QW203' "$tmp/out" && echo 0 || echo 1)
mkdir -p "$tmp/notoc" && cp "$u/.openclaw/.env" "$tmp/notoc/.env"
q "$tmp/notoc" .env --list-files
check "near miss: a .env elsewhere stays an application's" $(grep -q '^app-env  *\.env  (lone file in \.)$' "$tmp/out" && echo 0 || echo 1)
rm -r "$u/.openclaw"
# Qwen Code's ~/.qwen: its .env chain is ~/.qwen/.env, then ~/.env, the first found winning (agents.md §3); a stale
# ~/.env beats the key in settings.json (QW802, at settings.json's env, naming ~/.env)
key2=sk-sp-2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c0e
mkdir -p "$u/.qwen"
printf '{"modelProviders": {"openai": [{"id": "qwen3-coder-plus", "baseUrl": "https://coding.dashscope.aliyuncs.com/v1",\n "envKey": "BAILIAN_CODING_PLAN_API_KEY"}]},\n "env": {"BAILIAN_CODING_PLAN_API_KEY": "%s"}}\n' "$key" >"$u/.qwen/settings.json"
printf 'BAILIAN_CODING_PLAN_API_KEY=%s\n' "$key2" >"$u/.env"
HOME=$u HERMES_HOME= q "$tmp/elsewhere"
check "home: ~/.qwen linted, the stale ~/.env beats settings.json's key" $(grep -q '^ --> .*\.qwen/settings.json:3:41$' "$tmp/out" && grep -q 'warning\[QW802\]: env.BAILIAN_CODING_PLAN_API_KEY in settings.json .*/\.env, the first' "$tmp/out" && echo 0 || echo 1)
check "home: the summary names Qwen Code" $(has '^1 error, 1 warning in 5 files of Hermes Agent, Claude Code, Qwen Code$' "$tmp/out")
HOME=$u HERMES_HOME= q "$tmp/elsewhere" --resolve
check "home: --resolve shows Qwen Code's request, its key from ~/.env" $(grep -q 'modelProviders.openai\[0\]:' "$tmp/out" && grep -q 'the key sent is sk-sp-…9c0e, BAILIAN_CODING_PLAN_API_KEY at .*/\.env:1:29 (the first .env found' "$tmp/out" && grep -q '=> https://coding.dashscope.aliyuncs.com/v1, openai protocol' "$tmp/out" && echo 0 || echo 1)
# ~/.qwen/.env found first: ~/.env is never loaded, its other value reported there (a file of the home's chain)
printf 'BAILIAN_CODING_PLAN_API_KEY=%s\n' "$key" >"$u/.qwen/.env"
HOME=$u HERMES_HOME= q "$tmp/elsewhere" -f concise
check "home: ~/.qwen/.env wins, ~/.env's value never read" $(grep -q '/\.env:1:29: warning: BAILIAN_CODING_PLAN_API_KEY in .*/\.env is never read: .*/\.qwen/\.env is found first' "$tmp/out" && [ "$(grep -c 'QW802' "$tmp/out")" = 1 ] && echo 0 || echo 1)
check "home: the keys are not printed" $(cat "$tmp/out" "$tmp/err" | grep -q -e "$key" -e "$key2" && echo 1 || echo 0)
rm -r "$u/.qwen" "$u/.env"
# a project's .qwen: the .env search walks up only as far as the tree named (a .env above it is not read: QW803)
mkdir -p "$tmp/wl/repo/p/.qwen"
printf '{"modelProviders": {"openai": [{"baseUrl": "https://coding.dashscope.aliyuncs.com/v1", "envKey": "BAILIAN_CODING_PLAN_API_KEY"}]}}\n' >"$tmp/wl/repo/p/.qwen/settings.json"
printf 'BAILIAN_CODING_PLAN_API_KEY=%s\n' "$key" >"$tmp/wl/.env"
q "$tmp/wl" -f concise repo
check "qwen: a .env above the tree named is not read" $([ $rc = 0 ] && grep -q '^repo/p/\.qwen/settings.json:1:.*info: envKey names BAILIAN_CODING_PLAN_API_KEY, which no file qwlint read sets' "$tmp/out" && echo 0 || echo 1)
q "$tmp/wl" -f concise .
check "qwen: within the tree, the search walks up to it" $([ $rc = 0 ] && ! grep -q 'QW803' "$tmp/out" && echo 0 || echo 1)
rm -r "$u/.hermes"
HOME=$u HERMES_HOME= q "$tmp/elsewhere"
check "home: no ~/.hermes: Claude Code alone, no message" $([ $rc = 1 ] && [ ! -s "$tmp/err" ] && grep -q 'in 1 file of Claude Code$' "$tmp/out" && echo 0 || echo 1)
HOME=$u HERMES_HOME=$tmp/nohome q "$tmp/elsewhere"
check "home: a named \$HERMES_HOME that is missing is said so" $([ $rc = 2 ] && grep -q 'nohome' "$tmp/err" && echo 0 || echo 1)
rm -r "$u/.claude"
HOME=$u HERMES_HOME= q "$tmp/elsewhere"
check "home: none at all: Hermes's home said missing, as before" $([ $rc = 2 ] && grep -q '\.hermes' "$tmp/err" && echo 0 || echo 1)
HOME=$u HERMES_HOME= q "$tmp/elsewhere" .
check "home: a path given: the summary names no tool" $(hasnt ' of ' "$tmp/out")

# --- no path, in a project: the project's own agent settings too (.claude/, opencode.json), not its other files
p=$tmp/proj && mkdir -p "$p/.claude" "$p/src" && mkdir -p "$u/.claude"
printf '{"env": {"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic"}}\n' >"$u/.claude/settings.json"
printf '{"env": {"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic/v1"}}\n' >"$p/.claude/settings.local.json"
printf '{"provider": {"bailian": {"npm": "@ai-sdk/anthropic", "options": {"baseURL": "https://coding.dashscope.aliyuncs.com/apps/anthropic"}}}}\n' >"$p/opencode.json"
printf 'OPENAI_BASE_URL=https://api.openai.com/v1/chat/completions\n' >"$p/src/.env"
HOME=$u HERMES_HOME= q "$p" -f concise
check "project: its .claude and opencode.json linted with the home's, each trap found" \
	$([ $rc = 1 ] && grep -q '^\.claude/settings.local.json:1:32: error: .*\[QW20[0-9]\]$' "$tmp/out" &&
		grep -q '^opencode.json:1:.*\[QW201\]$' "$tmp/out" && echo 0 || echo 1)
check "project: the project's other files are not linted without a path" $(hasnt 'src/.env' "$tmp/out")
HOME=$u HERMES_HOME= q "$p"
check "project: the summary names the tools" $(has 'in 3 files of Claude Code, OpenCode$' "$tmp/out")
HOME=$p HERMES_HOME= q "$p" -f concise
check "project: the home is the project: each file once" $([ "$(grep -c 'settings.local.json' "$tmp/out")" = 1 ] && echo 0 || echo 1)

# --- no path, all six agents at once (issue 27): each tool's documented Coding Plan setup (the clean fixtures of
# testdata/cases) in one home: no finding, the summary names every tool, --resolve shows a request per tool
c=$(cd "$(dirname "$0")/.." && pwd)/testdata/cases
a=$tmp/all && mkdir -p "$a/.hermes" "$a/.config/opencode" "$tmp/empty"
printf 'model:\n  provider: alibaba-coding-plan\n  base_url: https://coding.dashscope.aliyuncs.com/v1\n' >"$a/.hermes/config.yaml"
printf 'ALIBABA_CODING_PLAN_API_KEY=%s\n' "$key" >"$a/.hermes/.env" && chmod 600 "$a/.hermes/.env"
cp -R "$c/claude-coding-plan-ok/input/project/.claude" "$c/codex-coding-plan-ok/input/home/.codex" \
	"$c/openclaw-coding-plan-ok/input/home/.openclaw" "$c/qwen-coding-plan-cn-ok/input/home/.qwen" "$a/"
cp "$c/opencode-coding-plan-ok/input/project/opencode.json" "$a/.config/opencode/"
HOME=$a HERMES_HOME= q "$tmp/empty"
check "all six: no finding" $([ $rc = 0 ] && [ ! -s "$tmp/err" ] && echo 0 || echo 1)
check "all six: the summary names each" \
	$(has '^0 errors, 0 warnings in 7 files of Hermes Agent, Claude Code, Codex CLI, Qwen Code, OpenClaw, OpenCode$' "$tmp/out")
HOME=$a HERMES_HOME= q "$tmp/empty" --resolve --format json
check "all six: --resolve has a request for each tool" $(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
tools = {h["tool"] for h in d["homes"] if h["requests"]}
sys.exit(tools != {"hermes", "claude", "codex", "qwen", "openclaw", "opencode"})' "$tmp/out"; echo $?)

finish discover
