#!/bin/sh
# The real pre-commit against a temporary git repository, with the hooks of .pre-commit-hooks.yaml: a bad Hermes
# config fails the commit with the finding, a staged key fails it (QW702), a good one passes, and qwlint-fix repairs
# a file and fails the commit (pre-commit's convention), after which the commit goes through. Skipped (exit 77) without pre-commit or git.
# Each failed check shows the output of the commit or hook run it looked at.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$2
need pre-commit
need git
export PRE_COMMIT_HOME="$tmp/cache" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.com
mkdir -p "$tmp/bin" && ln -s "$qwlint" "$tmp/bin/qwlint"
export PATH="$tmp/bin:$PATH"

# The hook repository: this repository's .pre-commit-hooks.yaml, committed (so uncommitted work is tested too).
mkdir "$tmp/hooks" && cp "$top/.pre-commit-hooks.yaml" "$tmp/hooks/"
(cd "$tmp/hooks" && git init -q && git add . && git commit -qm hooks) || exit 1
rev=$(cd "$tmp/hooks" && git rev-parse HEAD)

mkdir "$tmp/repo" && cd "$tmp/repo" && git init -q || exit 1
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: qwlint\n      - id: qwlint-fix\n' \
	"$tmp/hooks" "$rev" >.pre-commit-config.yaml
# the keys stay out of git; the hooks read hermes/.env as the context of hermes/config.yaml
printf '.env\n' >.gitignore
git add .pre-commit-config.yaml .gitignore && git commit -qm config --no-verify
pre-commit install >/dev/null || exit 1

# A bad home: the seed (Coding Plan key in DASHSCOPE_API_KEY, provider auto).
mkdir hermes && printf 'model:\n  default: qwen3-coder-plus\n  provider: auto\n' >hermes/config.yaml
printf 'DASHSCOPE_API_KEY=sk-sp-7e3a9c1f5b2d4e6081a3c5e7f9b1d3e5\n' >hermes/.env
git add hermes && git commit -qm bad >"$tmp/out" 2>&1
check "bad config fails the commit" $([ $? != 0 ] && echo 0 || echo 1) "$tmp/out"
check "the finding is shown" $(grep -q 'QW301' "$tmp/out"; echo $?) "$tmp/out"
check "the key is not shown" $(grep -q '7e3a9c1f' "$tmp/out" && echo 1 || echo 0) "$tmp/out"

# A key staged by force fails the commit (QW702), masked; the staged file is unstaged again.
git add -f hermes/.env && git commit -qm key >"$tmp/out" 2>&1
check "a staged key fails the commit" $([ $? != 0 ] && echo 0 || echo 1) "$tmp/out"
check "QW702 names the file and masks the key" \
	$(grep -q '^error\[QW702\]: DASHSCOPE_API_KEY holds a key (sk-sp-…d3e5) and .env is staged for commit in git$' "$tmp/out" &&
		grep -q '^ --> hermes/.env:1:19$' "$tmp/out"; echo $?) "$tmp/out"
check "the key is not shown" $(grep -q '7e3a9c1f' "$tmp/out" && echo 1 || echo 0) "$tmp/out"
git rm -q --cached hermes/.env

# A good home passes.
printf 'model:\n  default: qwen3-coder-plus\n  provider: custom\n  base_url: https://coding.dashscope.aliyuncs.com/v1\n  api_key: ${DASHSCOPE_API_KEY}\n' \
	>hermes/config.yaml
git add hermes && git commit -qm good >"$tmp/out" 2>&1
check "good config commits" $? "$tmp/out"

# qwlint-fix repairs a base URL ending in /chat/completions, prints Fixed and fails; the repaired file commits.
sed 's|/v1$|/v1/chat/completions|' hermes/config.yaml >hermes/c && mv hermes/c hermes/config.yaml
git add hermes && git commit -qm fixme >"$tmp/out" 2>&1
check "a repair fails the commit" $([ $? != 0 ] && echo 0 || echo 1) "$tmp/out"
check "Fixed is printed" $(grep -q 'Fixed hermes/config.yaml' "$tmp/out"; echo $?) "$tmp/out"
check "the file is repaired" $(grep -q 'base_url: https://coding.dashscope.aliyuncs.com/v1$' hermes/config.yaml; echo $?) "$tmp/out"
git add hermes && pre-commit run --files hermes/config.yaml hermes/.env >"$tmp/out" 2>&1
check "the repaired file passes the hooks" $? "$tmp/out"

# Any other YAML passes without a word (the hooks take every YAML file, for Dify DSLs): another program's
# config.yaml, a CI workflow.
mkdir -p docs .github/workflows
printf 'site_name: docs\nnav:\n  - index.md\n' >docs/config.yaml
printf 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n' >.github/workflows/ci.yml
git add docs .github && git commit -qm other-yaml >"$tmp/out" 2>&1
check "other YAML files commit" $? "$tmp/out"
# a passing hook's output is shown only with --verbose: look at it there
pre-commit run --verbose --files docs/config.yaml .github/workflows/ci.yml >"$tmp/out" 2>&1
check "and nothing is said about them" $([ $? = 0 ] && grep -q '^- hook id: qwlint$' "$tmp/out" &&
	! grep -q 'skipped' "$tmp/out"; echo $?) "$tmp/out"

# A Dify app DSL whose version is a YAML number: the commit fails, qwlint-fix quotes it, then it commits.
printf "app:\n  mode: workflow\n  name: t\nkind: app\nversion: 0.1\nworkflow:\n  graph:\n    nodes: []\n" >app.yml
git add app.yml && git commit -qm dsl >"$tmp/out" 2>&1
check "a DSL with version: 0.1 fails the commit" $([ $? != 0 ] && echo 0 || echo 1) "$tmp/out"
check "QW607 is shown" $(grep -q 'QW607' "$tmp/out"; echo $?) "$tmp/out"
check "Fixed app.yml" $(grep -q 'Fixed app.yml' "$tmp/out"; echo $?) "$tmp/out"
check "the version is quoted" $(grep -qx "version: '0.1'" app.yml; echo $?) "$tmp/out"
git add app.yml && git commit -qm dsl >"$tmp/out" 2>&1
check "the repaired DSL commits" $? "$tmp/out"

# An agent's project settings: Claude Code's base URL ending in /v1 (QW203) and OpenCode's @ai-sdk/anthropic
# base without it (QW201) fail the commit; qwlint-fix repairs both, keeping the rest of each file; then they commit.
mkdir -p .claude
printf '{\n  // Coding Plan, Anthropic protocol\n  "provider": {"bailian": {"npm": "@ai-sdk/anthropic", "options": {"baseURL": "https://coding.dashscope.aliyuncs.com/apps/anthropic"}}},\n}\n' >opencode.json
printf '{\n  "env": {"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic/v1"}\n}\n' >.claude/settings.json
git add .claude opencode.json && git commit -qm agents >"$tmp/out" 2>&1
check "agent settings with the wrong /v1 fail the commit" $([ $? != 0 ] && echo 0 || echo 1) "$tmp/out"
check "both findings are shown" $(grep -q 'QW203' "$tmp/out" && grep -q 'QW201' "$tmp/out"; echo $?) "$tmp/out"
check "both files are repaired" \
	$(grep -q '"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic"}' .claude/settings.json &&
		grep -q '"baseURL": "https://coding.dashscope.aliyuncs.com/apps/anthropic/v1"' opencode.json &&
		grep -q '// Coding Plan, Anthropic protocol' opencode.json; echo $?) "$tmp/out"
git add .claude opencode.json && git commit -qm agents >"$tmp/out" 2>&1
check "the repaired settings commit" $? "$tmp/out"

# A dotfiles repository's OpenClaw gateway config (JSON5) without /v1 (QW201) and Qwen Code's settings with the
# operation path (QW202): the commit fails, qwlint-fix repairs both (the JSON5 comment kept), then they commit.
mkdir -p .openclaw .qwen
printf '{\n  // the gateway config\n  models: {providers: {bailian: {baseUrl: "https://coding-intl.dashscope.aliyuncs.com/", apiKey: "${BAILIAN_API_KEY}", api: "openai-completions"}}},\n}\n' >.openclaw/openclaw.json
printf '{\n  "modelProviders": {"openai": [{"id": "qwen3-coder-plus", "baseUrl": "https://coding.dashscope.aliyuncs.com/v1/chat/completions", "envKey": "BAILIAN_CODING_PLAN_API_KEY"}]}\n}\n' >.qwen/settings.json
git add .openclaw .qwen && git commit -qm gateway >"$tmp/out" 2>&1
check "OpenClaw and Qwen Code settings that cannot work fail the commit" $([ $? != 0 ] && echo 0 || echo 1) "$tmp/out"
check "both findings are shown" $(grep -q 'QW201' "$tmp/out" && grep -q 'QW202' "$tmp/out"; echo $?) "$tmp/out"
check "both files are repaired" \
	$(grep -q 'baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1", apiKey' .openclaw/openclaw.json &&
		grep -q '// the gateway config' .openclaw/openclaw.json &&
		grep -q '"baseUrl": "https://coding.dashscope.aliyuncs.com/v1", "envKey"' .qwen/settings.json; echo $?) "$tmp/out"
git add .openclaw .qwen && git commit -qm gateway >"$tmp/out" 2>&1
check "the repaired settings commit" $? "$tmp/out"

finish pre-commit
