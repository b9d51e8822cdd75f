#!/bin/sh
# The GitHub Action (action.yml) run here the way a runner runs a composite action: action.yml is parsed (python3
# with PyYAML, Debian's python3-yaml), each step's `run:` is executed by `bash --noprofile --norc -eo pipefail`
# with the Actions environment (GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH,
# RUNNER_TEMP, INPUT_* as the runner sets them) and its `env:` with ${{ inputs.* }} replaced by the inputs, on
# temporary git repositories. The install and build steps are not run (qwlint is already built: it is put on
# PATH), but they are checked: valid bash, the packages the Makefile's DEPS names, cmake on the action's own tree.
# Checked: the annotations in the log, the exit status for fail-on, the outputs, the job summary, the SARIF file
# (JSON, SARIF 2.1.0, one result per finding), inputs that are data and not shell, and no key in anything written.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$2
command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null ||
	skip "python3 with PyYAML (Debian python3-yaml) is needed"
need git
. "$top/tests/secrets.sh"
mkdir -p "$tmp/bin"
ln -s "$qwlint" "$tmp/bin/qwlint"

# The runner: python3 reads action.yml and runs the steps named (all of `runs.steps` by id), writing each step's
# exit status to $tmp/rc.<id>; the install and build steps are only syntax-checked.
cat >"$tmp/runner.py" <<'EOF'
import os, re, subprocess, sys, yaml

action_path, workspace, run_ids = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
with open(os.path.join(action_path, "action.yml")) as f:
    action = yaml.safe_load(f)
inputs = action["inputs"]
assert action["runs"]["using"] == "composite", action["runs"]
env = dict(os.environ)
given = {}
for name, spec in inputs.items():
    # the runner's names: INPUT_ + the name upper-cased, spaces as underscores (a hyphen stays)
    key = "INPUT_" + name.upper().replace(" ", "_")
    given[name] = os.environ.get("TEST_INPUT_" + name.upper().replace("-", "_"), spec.get("default", ""))
    env[key] = given[name]
env["GITHUB_ACTION_PATH"] = action_path

def expand(text):
    def sub(m):
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return given[expr[len("inputs."):]]
        raise SystemExit("unexpected expression ${{ %s }}" % expr)
    return re.sub(r"\$\{\{(.*?)\}\}", sub, text)

rc_all = 0
for step in action["runs"]["steps"]:
    sid = step["id"]
    assert step.get("shell") == "bash", step
    script = step["run"]
    # inputs only through env: a ${{ }} in run: would paste an input into the shell text
    assert "${{" not in script, "step %s: ${{ }} inside run:" % sid
    path = os.path.join(os.environ["RUNNER_TEMP"], "step-%s.sh" % sid)
    with open(path, "w") as f:
        f.write(script)
    if sid not in run_ids:
        subprocess.run(["bash", "-n", path], check=True)
        continue
    step_env = dict(env)
    for k, v in (step.get("env") or {}).items():
        step_env[k] = expand(str(v))
    rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", path], env=step_env,
                        cwd=workspace).returncode
    with open(os.path.join(os.environ["RUNNER_TEMP"], "rc." + sid), "w") as f:
        f.write("%d\n" % rc)
EOF

# The install and build steps: the Makefile's DEPS are what the action installs, and cmake builds the action's tree.
python3 - "$top" <<'EOF' || bad "action.yml's shape or its install/build steps"
import re, sys, yaml
top = sys.argv[1]
a = yaml.safe_load(open(top + "/action.yml"))
assert set(a["inputs"]) == {"paths", "format", "fail-on", "region", "sarif-file"}, a["inputs"]
assert a["inputs"]["format"]["default"] == "github"
assert set(a["outputs"]) == {"exit-code", "findings", "sarif-file"}, a["outputs"]
steps = {s["id"]: s for s in a["runs"]["steps"]}
assert list(steps) == ["install-deps", "build", "lint"], list(steps)
deps = re.search(r"^DEPS *= *(.*)$", open(top + "/Makefile").read(), re.M).group(1).split()
inst = steps["install-deps"]["run"]
words = re.findall(r"[a-z0-9][a-z0-9.+-]+", inst.split("install", 1)[1])
assert set(deps) <= set(words), (deps, words)
assert "apt-get update" in inst
b = steps["build"]["run"]
assert '-S "$GITHUB_ACTION_PATH"' in b and "cmake --install" in b and "qwlint --version" in b, b
EOF

# run_action NAME WORKSPACE: run the lint step; results in $tmp/NAME.{log,summary,output,rc}
run_action() {
	rt=$tmp/$1.runner
	rm -rf "$rt" && mkdir -p "$rt"
	: >"$tmp/$1.summary"
	: >"$tmp/$1.output"
	PATH="$tmp/bin:$PATH" GITHUB_ACTIONS=true GITHUB_WORKSPACE="$2" RUNNER_TEMP="$rt" \
		GITHUB_OUTPUT="$tmp/$1.output" GITHUB_STEP_SUMMARY="$tmp/$1.summary" \
		python3 "$tmp/runner.py" "$top" "$2" lint >"$tmp/$1.log" 2>&1 || bad "$1: the runner failed: $(cat "$tmp/$1.log")"
	cat "$rt/rc.lint" 2>/dev/null | tr -d '\n' >"$tmp/$1.rc"
}
out_of() { sed -n "s/^$2=//p" "$tmp/$1.output"; }

# A repository with the misrouted key (one error) and a clean home beside it.
repo=$tmp/repo
mkdir -p "$repo"
git -C "$repo" init -q
cp -a "$top/examples/hermes-401" "$repo/hermes"
rm -f "$repo/hermes/.qwlint.yaml"
printf 'ignore: [QW702, QW703]\n' >"$repo/.qwlint.yaml"
chmod 600 "$repo/hermes/.env"
mkdir -p "$repo/clean"
printf 'model:\n  provider: alibaba-coding-plan\n' >"$repo/clean/config.yaml"
printf 'region: intl\n' >"$repo/clean/.qwlint.yaml"

run_action default "$repo"
[ "$(cat "$tmp/default.rc")" = 1 ] || bad "default inputs: the step's exit status is $(cat "$tmp/default.rc"), not 1"
grep -q '^::error file=hermes/.env,line=2,col=19,.*title=qwlint (QW301)::' "$tmp/default.log" ||
	bad "default inputs: no QW301 annotation in the log: $(head -5 "$tmp/default.log")"
[ "$(out_of default exit-code)" = 1 ] && [ "$(out_of default findings)" = 1 ] &&
	[ "$(out_of default sarif-file)" = qwlint.sarif ] || bad "default inputs: outputs $(cat "$tmp/default.output")"
python3 - "$repo/qwlint.sarif" <<'EOF' || bad "default inputs: the SARIF file"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "sarif-2.1.0" in d["$schema"], d.get("version")
rs = d["runs"][0]["results"]
assert [r["ruleId"] for r in rs] == ["QW301"], rs
loc = rs[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "hermes/.env" and loc["region"]["startLine"] == 2, loc
EOF
grep -q '^## qwlint$' "$tmp/default.summary" && grep -q '^1 errors, 0 warnings, 0 infos' "$tmp/default.summary" &&
	grep -q '^    hermes/.env:2:19: error: .*\[QW301\]$' "$tmp/default.summary" &&
	grep -q '^qwlint exit status: 1\.' "$tmp/default.summary" || bad "default inputs: the summary: $(cat "$tmp/default.summary")"
[ "$(cat "$tmp/default.rc")" = 1 ] && [ $fail = 0 ] && echo "ok   default inputs: annotation, exit 1, outputs, SARIF, summary"

# paths (two, one clean), region, a clean run, no SARIF file
cp "$repo/qwlint.sarif" "$tmp/default-sarif.log" 2>/dev/null; rm -f "$repo/qwlint.sarif"
TEST_INPUT_PATHS="clean
  ./clean" TEST_INPUT_REGION=intl TEST_INPUT_SARIF_FILE="" run_action clean "$repo"
[ "$(cat "$tmp/clean.rc")" = 0 ] && [ "$(out_of clean findings)" = 0 ] && [ ! -e "$repo/qwlint.sarif" ] &&
	[ -z "$(out_of clean sarif-file)" ] && grep -q '^No findings in `clean ./clean`\.$' "$tmp/clean.summary" &&
	echo "ok   paths, region, no sarif-file: a clean run" ||
	bad "clean run: rc $(cat "$tmp/clean.rc"), $(cat "$tmp/clean.output" "$tmp/clean.summary" "$tmp/clean.log")"

# fail-on: a warning alone passes by default, fails with fail-on warning; format concise in the log
mkdir -p "$repo/warn"
printf 'model:\n  provider: alibaba-coding-plan\n' >"$repo/warn/config.yaml"
TEST_INPUT_PATHS=warn run_action warn0 "$repo"
TEST_INPUT_PATHS=warn TEST_INPUT_FAIL_ON=warning TEST_INPUT_FORMAT=concise run_action warn1 "$repo"
w=$(out_of warn0 findings)
[ "$w" -ge 1 ] 2>/dev/null && [ "$(cat "$tmp/warn0.rc")" = 0 ] && [ "$(cat "$tmp/warn1.rc")" = 1 ] &&
	grep -q '^warn/config.yaml:[0-9]*:[0-9]*: warning: ' "$tmp/warn1.log" &&
	grep -q 'fails on warning or worse' "$tmp/warn1.summary" && echo "ok   fail-on and format" ||
	bad "fail-on: $w findings, rc $(cat "$tmp/warn0.rc") / $(cat "$tmp/warn1.rc"): $(cat "$tmp/warn1.log")"

# inputs are data: a region that is shell, a path with shell in it
TEST_INPUT_REGION='$(touch pwned)' TEST_INPUT_PATHS='clean;touch${IFS}pwned2 `touch pwned3`' run_action hostile "$repo"
[ "$(cat "$tmp/hostile.rc")" = 2 ] && ! ls "$repo" "$tmp" | grep -q pwned && echo "ok   inputs are data, not shell" ||
	bad "hostile inputs: rc $(cat "$tmp/hostile.rc"), $(ls "$repo")"

# no key in anything the action wrote
key_tokens "$top/examples/hermes-401" | sort -u >"$tmp/keys"
key_slices "$top/rules/keys.yaml" "$tmp/keys" >"$tmp/slices"
[ -s "$tmp/slices" ] || bad "no key slices to look for"
cat "$tmp"/*.log "$tmp"/*.summary "$tmp"/*.output "$tmp"/*.runner/* >"$tmp/all" 2>/dev/null
if grep -F -f "$tmp/slices" "$tmp/all" >"$tmp/leak"; then bad "a key in the action's output: $(head -3 "$tmp/leak")"
else echo "ok   no key in the log, summary, outputs or runner files"; fi
finish action
