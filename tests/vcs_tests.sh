#!/bin/sh
# QW702 plaintext-secret-in-repo and QW703 dotenv-not-ignored, in real git work trees made here: each case's
# expected --format concise output is written out below from the rule's definition (a key-holding file that git
# tracks; an untracked key-holding .env that no ignore source covers), and --fix's .gitignore line is checked
# with git itself (`git check-ignore`). Skipped (exit 77) without git.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
need git
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com \
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
# made-up keys of the real shapes
K1=sk-proj-Q7vT2mX9pL4kR8wN3bY6cF1hJ5dS0gA7zE
K2=sk-sp-8f3a9c2e7b1d4f6a0c5e9b3d7f1a2c4e
K3=sk-ant-api03-Zr4Kq9Lm2Xv7Bn5Tc1Wd8Hy6Gf3Js0Pa
# repo NAME: a fresh work tree; the current directory becomes it
repo() {
	rm -rf "$tmp/$1" && mkdir -p "$tmp/$1" && cd "$tmp/$1" && git init -q || exit 1
}
# expect NAME EXIT [qwlint args...] <<EOF expected lines: run qwlint (concise), compare output and status
expect() {
	name=$1
	want_rc=$2
	shift 2
	cat >"$tmp/want"
	"$qwlint" --format concise --color never "$@" >"$tmp/out" 2>&1
	rc=$?
	if ! diff -u "$tmp/want" "$tmp/out" >"$tmp/diff" || [ "$rc" != "$want_rc" ]; then
		bad "$name (exit $rc, want $want_rc):"
		cat "$tmp/diff"
	else
		check "$name" 0
	fi
	# no output may hold 8 characters of a key, in any case
	for k in $K1 $K2 $K3; do
		for fmt in human json sarif github; do
			"$qwlint" --format "$fmt" --color never "$@" 2>&1 | grep -q -F -e "$(echo "$k" | cut -c9-16)" &&
				bad "$name: --format $fmt shows a key"
		done
	done
}

# --- QW703: an untracked .env with a key, not ignored
repo untracked
printf 'OPENAI_API_KEY=%s\n' "$K1" >.env && chmod 600 .env
expect "untracked .env with a key" 0 . <<EOF
.env:1:1: warning: .env holds keys (OPENAI_API_KEY, …) and no ignore rule covers it: \`git add .\` would commit them [QW703]
EOF
(umask 022 && "$qwlint" --fix . >"$tmp/out" 2>&1)
check "--fix creates .gitignore" "$(grep -q '^Created .gitignore$' "$tmp/out"; echo $?)"
check "the .gitignore is readable by every user of the checkout (0644 under umask 022)" \
	"$([ "$(stat -c %a .gitignore)" = 644 ]; echo $?)"
check "the .gitignore holds exactly /.env" "$(printf '/.env\n' | cmp -s - .gitignore; echo $?)"
check "git now ignores .env" "$(git check-ignore -q .env; echo $?)"
expect "after --fix: silent, and the .env is still linted" 0 . </dev/null
check "--fix left the .env alone" "$(printf 'OPENAI_API_KEY=%s\n' "$K1" | cmp -s - .env; echo $?)"

# the line goes to the .gitignore beside the .env, after a last line without a line break, in its CRLF style
repo append
mkdir app && printf 'DASHSCOPE_API_KEY=%s\n' "$K2" >app/.env && printf 'node_modules/\r\ndist' >app/.gitignore
expect "an app/.env" 0 . <<EOF
app/.env:1:1: warning: .env holds keys (DASHSCOPE_API_KEY, …) and no ignore rule covers it: \`git add .\` would commit them [QW703]
EOF
"$qwlint" --fix . >"$tmp/out" 2>&1
check "--fix appends to app/.gitignore" "$(grep -q '^Fixed app/.gitignore$' "$tmp/out"; echo $?)"
check "after the last line, CRLF kept" "$(printf 'node_modules/\r\ndist\r\n/.env\r\n' | cmp -s - app/.gitignore; echo $?)"
check "git ignores app/.env" "$(git check-ignore -q app/.env; echo $?)"
# a name with pattern characters is escaped, so the line ignores that file and nothing else
printf 'OPENAI_API_KEY=%s\n' "$K1" >'app/[x].env'
"$qwlint" --fix 'app/[x].env' >/dev/null 2>&1
check "a [ in the name is escaped" "$(tail -n 1 app/.gitignore | cmp -s - /dev/stdin <<EOF
/\\[x\\].env
EOF
echo $?)"
check "git ignores app/[x].env" "$(git check-ignore -q 'app/[x].env'; echo $?)"
check "and not app/x.env" "$(git check-ignore -q app/x.env && echo 1 || echo 0)"

# near misses: ignored by a parent .gitignore pattern, by .git/info/exclude; a .env without keys; placeholders
repo ignored
mkdir -p a/b && printf 'OPENAI_API_KEY=%s\n' "$K1" >a/b/.env && printf '**/.env\n' >.gitignore
printf 'OPENAI_API_KEY=%s\n' "$K1" >prod.env && printf 'prod.env\n' >.git/info/exclude
printf 'PORT=3000\nDEBUG=true\nSESSION_TIMEOUT=3600\n' >.env
printf 'OPENAI_API_KEY=\nGEMINI_API_KEY=${GEMINI_KEY}\n' >local.env
expect "ignored, excluded, keyless or placeholder .env files" 0 . </dev/null

# --- QW702: a key in a tracked file
repo staged
printf '# keys\nOPENAI_API_KEY=%s\nexport ANTHROPIC_API_KEY="%s"\n' "$K1" "$K3" >.env && git add .env
expect "staged .env" 1 .env <<EOF
.env:2:16: error: OPENAI_API_KEY holds a key (sk-proj…A7zE) and .env is staged for commit in git [QW702]
.env:3:26: error: ANTHROPIC_API_KEY holds a key (sk-ant-…s0Pa) and .env is staged for commit in git [QW702]
EOF
git commit -qm keys
expect "committed .env, linted as part of the tree" 1 . <<EOF
.env:2:16: error: OPENAI_API_KEY holds a key (sk-proj…A7zE) and .env is committed to git [QW702]
.env:3:26: error: ANTHROPIC_API_KEY holds a key (sk-ant-…s0Pa) and .env is committed to git [QW702]
EOF
"$qwlint" --explain QW702 >/dev/null
# untracked again (git rm --cached, the deletion staged) and ignored: silent; HEAD still has the key, and the
# commit that deletes the file leaves it in the history, which only revoking the key mends
git rm -q --cached .env && printf '.env\n' >.gitignore
expect "untracked and ignored" 0 . </dev/null

# a Hermes home kept in a dotfiles repository: a literal key in config.yaml and in auth.json
repo dotfiles
mkdir .hermes && chmod 700 .hermes
printf 'model:\n  default: gpt-5\n  provider: custom\n  base_url: https://api.openai.com/v1\n  api_key: %s\n' "$K1" \
	>.hermes/config.yaml
printf '{\n  "version": 1,\n  "credential_pool": {\n    "anthropic": [\n      {"id": "a1", "label": "work", "auth_type": "api_key", "access_token": "%s"}\n    ]\n  }\n}\n' \
	"$K3" >.hermes/auth.json
chmod 600 .hermes/config.yaml .hermes/auth.json
git add .hermes && git commit -qm dotfiles
expect "a committed Hermes home" 1 .hermes <<EOF
.hermes/auth.json:5:77: error: access_token holds a key (sk-ant-…s0Pa) and auth.json is committed to git [QW702]
.hermes/config.yaml:5:12: error: api_key holds a key (sk-proj…A7zE) and config.yaml is committed to git [QW702]
EOF
# the same home with the key as a reference, and auth.json untracked: silent
printf 'model:\n  default: gpt-5\n  provider: custom\n  base_url: https://api.openai.com/v1\n  api_key: ${OPENAI_API_KEY}\n' \
	>.hermes/config.yaml
printf 'OPENAI_API_KEY=%s\n' "$K1" >.hermes/.env && chmod 600 .hermes/.env
git rm -q --cached .hermes/auth.json && printf 'auth.json\n.env\n' >.hermes/.gitignore && git add -A && git commit -qm refs
expect "a committed home with references only" 0 .hermes </dev/null

# templates: placeholders committed on purpose are silent (no QW105/QW502 either); a real key in one is not
repo template
printf 'OPENAI_API_KEY=your_api_key_here\nDASHSCOPE_API_KEY=sk-xxxx\nANTHROPIC_API_KEY=\n' >.env.example
git add .env.example && git commit -qm template
expect "a committed template of placeholders" 0 .env.example </dev/null
printf 'OPENAI_API_KEY=your_api_key_here\nDASHSCOPE_API_KEY=%s\n' "$K2" >.env.example && git add .env.example
expect "a real key staged in a template" 1 .env.example <<EOF
.env.example:2:19: error: DASHSCOPE_API_KEY holds a key (sk-sp-…2c4e) and .env.example is staged for commit in git [QW702]
EOF

# a template's development defaults (issue 23 item 10): a password or signing secret meant to be replaced is a
# weak default, public by design, not "committed keys: revoke them"; an API key beside them still is a leak
here=$(pwd)
repo template-defaults
printf 'MONGODB_PASSWORD=mirofish2024DevPassword\nJWT_SECRET=change-me-in-production-2024\nSESSION_SECRET=Xk29fjs8Qw0pLm3nZr7t\nLLM_API_KEY=your_api_key_here\n' >.env.example
git add .env.example && git commit -qm template
expect "a committed template's development defaults" 0 .env.example </dev/null
printf 'OPENAI_KEY_BACKUP=%s\n' "$K1" >>.env.example && git add .env.example && git commit -qm key
expect "an API key (by its family) in the same template" 1 .env.example <<EOF
.env.example:5:19: error: OPENAI_KEY_BACKUP holds a key (sk-proj…A7zE) and .env.example is committed to git [QW702]
EOF
cd "$here" || exit 1

# the template's key, unstaged: only on disk
printf 'ANTHROPIC_API_KEY=%s\n' "$K3" >>.env.example
expect "a real key only on disk in a tracked file" 1 .env.example <<EOF
.env.example:2:19: error: DASHSCOPE_API_KEY holds a key (sk-sp-…2c4e) and .env.example is staged for commit in git [QW702]
.env.example:3:19: error: ANTHROPIC_API_KEY holds a key (sk-ant-…s0Pa) and .env.example is tracked by git (the change is not staged yet) [QW702]
EOF

# an agent's project settings, meant to be committed (a project's .claude/settings.json, opencode.json): a literal
# key in them is in the repository like any other; the same settings with the key kept out are silent
here=$(pwd)
repo agents
mkdir .claude
printf '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic",\n    "ANTHROPIC_AUTH_TOKEN": "%s"\n  }\n}\n' "$K2" >.claude/settings.json
printf '{\n  "provider": {\n    "bailian": {\n      "npm": "@ai-sdk/openai-compatible",\n      "options": {"baseURL": "https://coding.dashscope.aliyuncs.com/v1", "apiKey": "%s"}\n    }\n  }\n}\n' "$K2" >opencode.json
mkdir .qwen
printf '{\n  "modelProviders": {"openai": [{"baseUrl": "https://coding.dashscope.aliyuncs.com/v1", "envKey": "BAILIAN_CODING_PLAN_API_KEY"}]},\n  "env": {"BAILIAN_CODING_PLAN_API_KEY": "%s"}\n}\n' "$K2" >.qwen/settings.json
git add -A && git commit -qm agents
expect "keys committed in Claude Code's, Qwen Code's and OpenCode's project settings" 1 . <<EOF
.claude/settings.json:4:29: error: ANTHROPIC_AUTH_TOKEN holds a key (sk-sp-…2c4e) and settings.json is committed to git [QW702]
.qwen/settings.json:3:42: error: BAILIAN_CODING_PLAN_API_KEY holds a key (sk-sp-…2c4e) and settings.json is committed to git [QW702]
opencode.json:5:84: error: apiKey holds a key (sk-sp-…2c4e) and opencode.json is committed to git [QW702]
EOF
printf '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic"\n  }\n}\n' >.claude/settings.json
printf '{\n  "provider": {\n    "bailian": {\n      "npm": "@ai-sdk/openai-compatible",\n      "options": {"baseURL": "https://coding.dashscope.aliyuncs.com/v1", "apiKey": "{env:BAILIAN_CODING_PLAN_API_KEY}"}\n    }\n  }\n}\n' >opencode.json
printf '{\n  "modelProviders": {"openai": [{"baseUrl": "https://coding.dashscope.aliyuncs.com/v1", "envKey": "BAILIAN_CODING_PLAN_API_KEY"}]}\n}\n' >.qwen/settings.json
printf 'BAILIAN_CODING_PLAN_API_KEY=%s\n' "$K2" >.qwen/.env && printf '.env\n' >.qwen/.gitignore
git add -A && git commit -qm refs
expect "the same settings without the keys" 0 . </dev/null
cd "$here" || exit 1

# outside a work tree: silent. (Every fixture case runs there.)
mkdir -p "$tmp/plain/app" && cd "$tmp/plain" && printf 'OPENAI_API_KEY=%s\n' "$K1" >app/.env
expect "not in a work tree" 0 . </dev/null

# git cannot read the work tree: a note, the rules silent, the other checks go on
repo broken
mkdir app && printf 'OPENAI_API_KEY=%s\n' "$K1" >app/.env && rm -rf .git && echo 'gitdir: /nonexistent' >.git
"$qwlint" --format concise . >"$tmp/out" 2>&1
check "a broken .git gives a note and exit 0" "$([ $? = 0 ] && [ "$(wc -l <"$tmp/out")" = 1 ] &&
	grep -q "^qwlint: $tmp/broken: git: fatal: .*; QW702 and QW703 not checked there\$" "$tmp/out"; echo $?)"
# ... and --resolve and --fix, which keep the whole run, print the note too (they once dropped it)
"$qwlint" --resolve . >/dev/null 2>"$tmp/err"
check "a broken .git gives the note under --resolve" "$(grep -q 'QW702 and QW703 not checked there' "$tmp/err"; echo $?)"
"$qwlint" --diff . >/dev/null 2>"$tmp/err"
check "a broken .git gives the note under --diff" "$(grep -q 'QW702 and QW703 not checked there' "$tmp/err"; echo $?)"

# a suppression comment works on QW702 like on any rule
repo suppressed
printf 'OPENAI_API_KEY=%s # qwlint: disable=QW702\n' "$K1" >.env && git add .env
expect "a suppressed QW702" 0 .env </dev/null

# Many tracked files: git cat-file --batch answers as it reads, so its output pipe fills while qwlint is still
# writing the list of files; a blocking write there hung --fix forever (the list and the answers each > 64 KB).
repo many
i=0
while [ $i -lt 400 ]; do
	d=homes/a-rather-long-directory-name-for-home-number-$i/.hermes
	mkdir -p "$d"
	printf 'model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-4\n# %0200d\n' 0 >"$d/config.yaml"
	printf 'OPENROUTER_BASE_URL=https://openrouter.ai/api/v1\n# %0300d\n' 0 >"$d/.env"
	i=$((i + 1))
done
git add -A && git commit -qm homes
timeout 120 "$qwlint" --fix --diff . >"$tmp/out" 2>&1
check "--fix --diff on 800 tracked files ends" $?
timeout 120 "$qwlint" -j 1 . >"$tmp/out" 2>&1
check "a lint of 800 tracked files ends" $?

finish vcs
